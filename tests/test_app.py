"""The workshop app under AppTest: every tab and every main action, checked against the saved file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from journeymap.formats.json_file import load
from journeymap.model.validation import journey_from_data
from journeymap.store import folder as folder_module
from journeymap.store import workspace as workspace_module
from tests.conftest import TINY_JOURNEY


def widget(app: Any, kind: str, prefix: str) -> Any:
    """The one widget of this kind whose key starts with ``prefix`` (keys carry an editor version)."""
    found = [item for item in getattr(app, kind) if item.key and item.key.startswith(prefix)]
    assert len(found) == 1, f"{len(found)} {kind} widgets with a key starting {prefix!r}: {[w.key for w in found]}"
    return found[0]


def html(app: Any) -> str:
    return "\n".join(element.proto.body for element in app.get("html"))


def toasts(app: Any) -> list[str]:
    """The toasts' text as the browser shows it: their Markdown is escaped (every punctuation mark)."""
    return [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", toast.value).replace("\u2060", "") for toast in app.toast]


def saved(folder: Path, name: str = "tiny") -> dict[str, Any]:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))


def table_with(app: Any, column: str) -> Any:
    """The value of the one table (st.dataframe) that has this column."""
    found = [table.value for table in app.dataframe if column in table.value.columns]
    assert len(found) == 1, f"{len(found)} tables with a column {column!r}"
    return found[0]


def touchpoint_ids(data: dict[str, Any]) -> list[str]:
    return [touchpoint["id"] for touchpoint in data["touchpoints"]]


def links(data: dict[str, Any]) -> set[tuple[str, str]]:
    return {(connection["from"], connection["to"]) for connection in data["connections"]}


def select(app: Any, touchpoint_id: str) -> Any:
    """Choose the touchpoint to edit on the Build tab."""
    widget(app, "selectbox", "picker_").set_value(touchpoint_id)
    return app.run()


# --- opening ----------------------------------------------------------------------------------


def test_first_start_opens_a_copy_of_the_diner(workspace: Path, start_app: Any) -> None:
    app = start_app()
    copy = workspace / "diner.json"
    assert copy.exists()
    diner = load(workspace_module.SAMPLES_FOLDER / "diner.json")
    assert load(copy) == diner
    assert app.query_params["journey"] == "diner"
    assert "Blue Spoon Diner" in html(app)
    assert [metric.label for metric in app.metric] == [
        "Customers who finish", "Remembered experience", "Staff hours per week",
        "Hours automation frees"]
    assert any("-journey_map_" in chart.proto.id for chart in app.get("vega_lite_chart"))


def test_a_refresh_reopens_the_journey_named_in_the_address(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny")
    assert "Tiny café" in html(app)
    assert "Ana" in html(app)
    figures = {metric.label: metric.value for metric in app.metric}
    # every customer walks ask → wait → pay, and pay is the goal
    assert figures["Customers who finish"] == "100%"
    # one path; peak = -3 (largest magnitude), end = +1: (-3 + 1) / 2 = -1
    assert figures["Remembered experience"] == "-1.0"


def test_a_missing_weekly_count_says_where_to_set_it(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    data = saved(workspace)
    del data["customers_per_week"]
    tiny_file.write_text(json.dumps(data), encoding="utf-8")
    app = start_app(journey="tiny")
    assert "customers_per_week" not in html(app)  # no file field names on screen
    assert "The number of customers per week (Build → Journey details and persona) is not given" in html(app)


def test_a_journey_name_that_leaves_the_workspace_is_refused(workspace: Path, start_app: Any) -> None:
    app = start_app(journey="../../etc/passwd")
    assert "is not a journey name" in html(app)
    assert (workspace / "diner.json").exists()  # fell back to the sample


def test_a_bookmark_from_another_workspace_opens_quietly(workspace: Path, tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="diner")  # not in this workspace yet: the diner sample opens under that name
    assert "Blue Spoon Diner" in html(app)
    assert "Could not open" not in html(app) and "no such file" not in html(app)
    assert not [toast for toast in app.toast]
    app = start_app(journey="gone")
    assert "Could not open" not in html(app)
    assert toasts(app) == [
        "There is no journey “gone” in this workspace; showing “diner” instead."]


def test_the_file_given_at_start_is_opened(workspace: Path, tiny_file: Path, start_app: Any,
                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    outside = tmp_path / "mine.json"
    outside.write_text(json.dumps({**TINY_JOURNEY, "title": "From the command line"}), encoding="utf-8")
    monkeypatch.setenv("JOURNEYMAP_OPEN", str(outside))
    app = start_app()
    assert "From the command line" in html(app)
    assert saved(workspace, "mine")["title"] == "From the command line"


def test_a_spreadsheet_given_at_start_is_opened_with_its_tables(workspace: Path, start_app: Any,
                                                              monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from journeymap.convert import write_journey
    from journeymap.model.validation import journey_from_data

    sheet = tmp_path / "cafe.csv"  # `journeymap app cafe.csv`, with cafe.connections.csv … beside it
    write_journey(journey_from_data({**TINY_JOURNEY, "title": "From a spreadsheet"}), sheet)
    monkeypatch.setenv("JOURNEYMAP_OPEN", str(sheet))
    app = start_app()
    assert "From a spreadsheet" in html(app)
    assert links(saved(workspace, "cafe")) == links(TINY_JOURNEY)


def test_opening_the_sample_again_reuses_an_unchanged_copy_and_keeps_an_edited_one(
        workspace: Path, start_app: Any) -> None:
    app = start_app()
    widget(app, "selectbox", "sample_choice").set_value("diner")
    app.button(key="open_sample").click().run()
    assert sorted(path.name for path in workspace.glob("*.json")) == ["diner.json"]

    data = saved(workspace, "diner")
    data["title"] = "Our diner, edited"
    (workspace / "diner.json").write_text(json.dumps(data), encoding="utf-8")
    widget(app, "selectbox", "sample_choice").set_value("diner")
    app.button(key="open_sample").click().run()
    assert saved(workspace, "diner")["title"] == "Our diner, edited"  # the team's work is kept
    assert saved(workspace, "diner-2")["title"].startswith("Blue Spoon Diner")
    assert app.query_params["journey"] == "diner-2"


def test_the_sample_list_shows_the_one_on_screen(workspace: Path, start_app: Any) -> None:
    app = start_app()  # the diner
    assert widget(app, "selectbox", "sample_choice").value == "diner"
    widget(app, "selectbox", "sample_choice").set_value("dental_clinic")
    app.run()
    app.button(key="open_sample").click().run()
    assert app.query_params["journey"] == "dental_clinic"
    assert widget(app, "selectbox", "sample_choice").value == "dental_clinic"


def test_opening_another_saved_journey(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app()
    assert "Blue Spoon Diner" in html(app)
    widget(app, "selectbox", "saved_choice_").set_value("tiny")
    app.button(key="open_saved").click().run()
    assert "Tiny café" in html(app)
    assert app.query_params["journey"] == "tiny"


def test_uploading_a_valid_file_opens_it_as_a_new_journey(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny")
    upload = json.dumps({**TINY_JOURNEY, "title": "Uploaded bakery"}).encode()
    app.file_uploader[0].set_value(("bakery.json", upload, "application/json"))
    app.run()
    assert not app.exception
    assert "Uploaded bakery" in html(app)
    assert saved(workspace, "bakery")["title"] == "Uploaded bakery"


def test_an_edited_download_uploaded_again_is_told_apart_from_the_original(tiny_file: Path, workspace: Path,
                                                                          start_app: Any) -> None:
    # the Share tab's download, edited in Excel and uploaded under its own name: it opens beside the
    # original as "tiny-2", and the owner is told the original is still there, unchanged
    app = start_app(journey="tiny")
    edited = json.dumps({**TINY_JOURNEY, "description": "after the workshop"}).encode()
    app.file_uploader[0].set_value(("tiny.json", edited, "application/json"))
    app.run()
    assert not app.exception
    assert saved(workspace, "tiny-2")["description"] == "after the workshop"
    assert "description" not in saved(workspace, "tiny")
    assert "Opened the upload as “tiny-2”: a journey called “tiny” is already in the workspace and stays as it " \
           "was." in toasts(app)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"this is not json", "is not valid JSON"),
        (json.dumps({**TINY_JOURNEY, "touchpoints": [{**TINY_JOURNEY["touchpoints"][0], "emotion": 9}]}).encode(),
         "touchpoints[0].emotion: must be between -5 and 5"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
    ],
)
def test_a_bad_upload_shows_why_and_keeps_the_map(tiny_file: Path, workspace: Path, start_app: Any,
                                                  content: bytes, expected: str) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = start_app(journey="tiny")
    app.file_uploader[0].set_value(("broken.json", content, "application/json"))
    app.run()
    assert not app.exception
    assert expected in html(app)
    assert "the map on screen is unchanged" in html(app)
    assert "Tiny café" in html(app)
    assert sorted(path.name for path in workspace.glob("*.json")) == ["tiny.json"]
    assert tiny_file.read_text(encoding="utf-8") == before


def test_a_too_large_upload_is_refused_with_the_limit(tiny_file: Path, workspace: Path, start_app: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace_module, "MAX_UPLOAD_BYTES", 1000)
    app = start_app(journey="tiny")
    app.file_uploader[0].set_value(("huge.json", b" " * 5000, "application/json"))
    app.run()
    assert "the app opens journey files up to" in html(app)
    assert "Tiny café" in html(app)


def test_a_new_blank_journey(workspace: Path, start_app: Any) -> None:
    app = start_app()
    app.text_input(key="new_title").input("Booking a haircut")
    app.text_input(key="new_persona").input("Sam")
    app.text_area(key="new_stages").input("Find\nBook\nVisit")
    app.button(key="create_journey").click().run()
    data = saved(workspace, "booking_a_haircut")
    assert data["title"] == "Booking a haircut"
    assert data["persona"] == {"name": "Sam"}
    assert [stage["id"] for stage in data["stages"]] == ["find", "book", "visit"]
    assert data["touchpoints"] == []
    assert "Booking a haircut" in html(app)
    # the form is empty again, so a second press cannot make a copy of the same journey
    assert app.text_input(key="new_title").value == ""
    app.button(key="create_journey").click().run()
    assert sorted(path.name for path in workspace.glob("*.json")) == ["booking_a_haircut.json", "diner.json"]
    assert "title: must not be empty" in html(app)
    first_heading = {"Build": "Add a touchpoint", "Pain & moments": "Pain points, worst first",
                     "Automation": "Where automation helps, and where a person must stay",
                     "Share": "The journey file"}
    for page, heading in first_heading.items():  # every tab copes with a journey without steps
        app.session_state["page"] = page
        app.run()
        assert not app.exception, page
        assert heading in [subheader.value for subheader in app.subheader], page
    assert not app.get("vega_lite_chart")  # no empty automation matrix
    app.session_state["page"] = "Map"
    app.run()
    assert "no touchpoints yet" in html(app).lower()
    assert not app.metric  # no row of four "unknown" figures and notes about nothing


def test_a_new_journey_without_title_is_refused(workspace: Path, start_app: Any) -> None:
    app = start_app()
    app.text_area(key="new_stages").input("Find")
    app.button(key="create_journey").click().run()
    assert "title: must not be empty" in html(app)
    assert sorted(path.name for path in workspace.glob("*.json")) == ["diner.json"]


# --- building ---------------------------------------------------------------------------------


def test_adding_a_touchpoint_connects_it_from_the_one_before(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "pay")  # the one before: open for editing
    assert widget(app, "selectbox", "new_tp_from").value == "pay"
    widget(app, "text_input", "new_tp_name").input("Leaves a tip")
    widget(app, "selectbox", "new_tp_stage").set_value("pay")
    widget(app, "slider", "new_tp_emotion").set_value(2.5)
    widget(app, "button", "new_tp_add").click()
    app.run()
    data = saved(workspace)
    assert touchpoint_ids(data) == ["ask", "wait", "pay", "leaves_a_tip"]
    assert data["touchpoints"][3] == {"id": "leaves_a_tip", "name": "Leaves a tip", "stage": "pay",
                                      "lane": "customer", "emotion": 2.5, "friction": 0, "evidence": "assumed"}
    assert ("pay", "leaves_a_tip") in links(data)
    # the new touchpoint is opened for editing
    assert widget(app, "text_input", "tp_leaves_a_tip_name").value == "Leaves a tip"


def test_a_new_step_is_not_connected_from_a_step_outside_the_flow(workspace: Path, start_app: Any) -> None:
    start_app()
    app = start_app(journey="diner", page="Build")
    # the diner's last touchpoint is backstage cashing-up, outside the customers' flow: a flow from it
    # would make it a second start of the journey (customers who finish fell from 93% to 46%)
    assert saved(workspace, "diner")["touchpoints"][-1]["id"] == "cash_up"
    assert widget(app, "selectbox", "new_tp_from").value == ""  # nothing open: no guess
    app = select(app, "cash_up")
    assert widget(app, "selectbox", "new_tp_from").value == ""  # open, but outside the flow
    app = select(app, "leaves_happy")
    assert widget(app, "selectbox", "new_tp_from").value == "leaves_happy"  # open and in the flow: the one before
    assert "is a goal step" in html(app)  # going on from it changes what counts as finishing
    widget(app, "text_input", "new_tp_name").input("Posts a photo of the pie")
    widget(app, "button", "new_tp_add").click()
    app.run()
    assert {"from": "leaves_happy", "to": "posts_a_photo_of_the_pie", "kind": "flow"} in saved(workspace, "diner")[
        "connections"]


def test_a_support_step_is_linked_as_support(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "pay")
    widget(app, "text_input", "new_tp_name").input("Card terminal")
    widget(app, "selectbox", "new_tp_lane").set_value("support")
    widget(app, "button", "new_tp_add").click()
    app.run()
    assert {"from": "pay", "to": "card_terminal", "kind": "support"} in saved(workspace)["connections"]
    # the terminal, now open, is outside the customers' flow: the next step is not offered to follow it
    assert widget(app, "selectbox", "new_tp_from").value == ""


def test_a_touchpoint_added_without_rating_its_emotion_has_none(tiny_file: Path, workspace: Path,
                                                                 start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    widget(app, "text_input", "new_tp_name").input("Leaves a tip")
    widget(app, "button", "new_tp_add").click()
    app.run()
    added = {touchpoint["id"]: touchpoint for touchpoint in saved(workspace)["touchpoints"]}
    assert "emotion" not in added["leaves_a_tip"]  # unknown, not a neutral 0
    widget(app, "text_input", "new_tp_name").input("Says goodbye")
    widget(app, "checkbox", "new_tp_emotion_unknown").uncheck()
    widget(app, "button", "new_tp_add").click()
    app.run()
    added = {touchpoint["id"]: touchpoint for touchpoint in saved(workspace)["touchpoints"]}
    assert added["says_goodbye"]["emotion"] == 0  # neutral, on purpose


def test_a_touchpoint_without_a_name_is_not_added(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    widget(app, "button", "new_tp_add").click()
    app.run()
    assert "Give the new touchpoint a name." in html(app)
    assert touchpoint_ids(saved(workspace)) == ["ask", "wait", "pay"]


def test_editing_a_touchpoint_in_the_form(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "wait")
    widget(app, "slider", "tp_wait_friction").set_value(2.0)
    widget(app, "slider", "tp_wait_staff_emotion").set_value(-1.5)
    widget(app, "checkbox", "tp_wait_staff_emotion_unknown").uncheck()
    widget(app, "select_slider", "tp_wait_rule_based").set_value(4)
    widget(app, "text_area", "tp_wait_quotes").input("Is it ready yet?\n\nI'm late")
    widget(app, "selectbox", "tp_wait_lane").set_value("frontstage")
    widget(app, "button", "tp_wait_save").click()
    app.run()
    wait = saved(workspace)["touchpoints"][1]
    assert wait["friction"] == 2
    assert wait["staff_emotion"] == -1.5
    assert wait["lane"] == "frontstage"
    assert wait["automation"] == {"rule_based": 4}
    assert wait["quotes"] == ["Is it ready yet?", "I'm late"]
    assert wait["emotion"] == -3  # untouched fields stay


def test_an_invalid_edit_is_refused_next_to_its_field_and_keeps_what_was_typed(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = start_app(journey="tiny", page="Build")
    app = select(app, "wait")
    widget(app, "text_input", "tp_wait_name").input("")
    widget(app, "slider", "tp_wait_friction").set_value(9.0)
    widget(app, "text_area", "tp_wait_pain_points").input("No seats")
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert tiny_file.read_text(encoding="utf-8") == before
    assert "Must not be empty" in html(app)
    # the message sits right under the name field, inside the form
    form = next(block for block in app.get("form") if block.proto.form.form_id.startswith("tp_wait_form"))
    bodies = [child.proto.body for child in form.children.values() if getattr(child, "type", "") == "html"]
    assert any("Must not be empty" in body for body in bodies)
    # said once, in words: not repeated under the form, no empty name quoted, no id
    assert html(app).count("ust not be empty") == 1
    assert "Touchpoint &#x27;&#x27;" not in html(app) and "(touchpoint" not in html(app)
    assert widget(app, "slider", "tp_wait_friction").value == 9.0
    assert widget(app, "text_area", "tp_wait_pain_points").value == "No seats"


def test_deleting_a_touchpoint_deletes_its_connections(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "wait")
    widget(app, "button", "tp_action_wait_delete").click()
    app.run()
    data = saved(workspace)
    assert touchpoint_ids(data) == ["ask", "pay"]
    assert data["connections"] == []


def test_moving_a_touchpoint(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "wait")
    widget(app, "button", "tp_action_wait_up").click()
    app.run()
    assert touchpoint_ids(saved(workspace)) == ["wait", "ask", "pay"]


def test_a_stage_moved_stays_chosen_so_it_can_move_again(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    data = saved(workspace)
    data["stages"].append({"id": "leave", "name": "Leave"})
    tiny_file.write_text(json.dumps(data), encoding="utf-8")
    app = start_app(journey="tiny", page="Build")
    widget(app, "selectbox", "stage_to_move_").set_value("leave")
    app.run()  # choosing reruns the page in the browser, too
    widget(app, "button", "stage_up_").click()
    app.run()
    assert [stage["id"] for stage in saved(workspace)["stages"]] == ["order", "leave", "pay"]
    assert widget(app, "selectbox", "stage_to_move_").value == "leave"
    widget(app, "button", "stage_up_").click()
    app.run()
    assert [stage["id"] for stage in saved(workspace)["stages"]] == ["leave", "order", "pay"]


def test_the_build_tables_and_the_map_say_how_to_use_them(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    captions = " ".join(caption.value for caption in app.caption)
    assert "Add a row in the empty line at the bottom" in captions
    assert "ticking the boxes at their left and pressing Delete" in captions
    assert "leave it empty to split what is left evenly" in captions  # what a connection's share means
    assert "deleted once no touchpoint is in it" in captions
    app = start_app(journey="tiny")
    assert "scrolls sideways" in " ".join(caption.value for caption in app.caption)


def test_adding_and_removing_a_connection(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "ask")
    widget(app, "selectbox", "tp_links_ask_target").set_value("pay")
    widget(app, "number_input", "tp_links_ask_share").set_value(0.25)
    widget(app, "button", "tp_links_ask_add").click()
    app.run()
    data = saved(workspace)
    assert {"from": "ask", "to": "pay", "kind": "flow", "share": 0.25} in data["connections"]

    widget(app, "button", "tp_links_ask_remove_ask_wait").click()
    app.run()
    assert links(saved(workspace)) == {("ask", "pay"), ("wait", "pay")}


def test_an_out_of_range_number_is_refused_with_a_message_not_dropped(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = start_app(journey="tiny", page="Build")
    app = select(app, "ask")
    widget(app, "selectbox", "tp_links_ask_target").set_value("pay")
    widget(app, "number_input", "tp_links_ask_share").set_value(1.5)
    widget(app, "button", "tp_links_ask_add").click()
    app.run()
    assert tiny_file.read_text(encoding="utf-8") == before  # not added with "the rest" instead
    assert "share: must be between 0 and 1, got 1.5" in html(app)
    widget(app, "number_input", "tp_ask_staff_minutes").set_value(-3.0)
    widget(app, "button", "tp_ask_save").click()
    app.run()
    assert tiny_file.read_text(encoding="utf-8") == before
    # under its own field, inside the form
    form = next(block for block in app.get("form") if block.proto.form.form_id.startswith("tp_ask_form"))
    assert any("Must be at least 0, got -3" in element.proto.body for element in form.get("html"))


def test_connect_to_offers_a_step_not_connected_yet(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "ask")  # ask already leads to wait: pay is offered, so one click adds a new connection
    assert widget(app, "selectbox", "tp_links_ask_target").value == "pay"
    widget(app, "button", "tp_links_ask_add").click()
    app.run()
    assert links(saved(workspace)) == {("ask", "wait"), ("wait", "pay"), ("ask", "pay")}


def test_a_duplicate_connection_is_refused_with_its_message(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = start_app(journey="tiny", page="Build")
    app = select(app, "ask")
    widget(app, "selectbox", "tp_links_ask_target").set_value("wait")
    widget(app, "button", "tp_links_ask_add").click()
    app.run()
    assert ("Connection &#x27;Asks for a latte&#x27; → &#x27;Waits at the bar&#x27;: a duplicate from "
            "&#x27;Asks for a latte&#x27; to &#x27;Waits at the bar&#x27;") in html(app)
    assert tiny_file.read_text(encoding="utf-8") == before


def test_editing_the_journey_details(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    widget(app, "text_input", "details_title").input("Tiny café, mornings")
    widget(app, "text_input", "details_persona_").input("")
    widget(app, "number_input", "details_customers").set_value(250.0)
    widget(app, "button", "details_save").click()
    app.run()
    data = saved(workspace)
    assert data["title"] == "Tiny café, mornings"
    assert "persona" not in data
    assert data["customers_per_week"] == 250


def test_the_persona_needs_are_chosen_or_typed_and_saved(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    from journeymap.vocabulary import PERSONA_NEEDS

    app = start_app(journey="tiny", page="Build")
    needs = widget(app, "multiselect", "details_needs")
    assert needs.options == list(PERSONA_NEEDS) and needs.value == []  # Ana lists none yet: the known needs, in order
    assert "automation advice warns where a step does not suit these needs" in needs.help
    needs.set_value(["hard of hearing", "Visits on Tuesdays"])  # one known need, one typed
    widget(app, "button", "details_save").click()
    app.run()
    data = saved(workspace)
    assert data["persona"] == {"name": "Ana", "needs": ["hard of hearing", "Visits on Tuesdays"]}
    assert data["schema_version"] == 2  # the lowest version that holds needs
    needs = widget(app, "multiselect", "details_needs")  # drawn again from the saved journey
    assert needs.value == ["hard of hearing", "Visits on Tuesdays"]
    assert needs.options == [*PERSONA_NEEDS, "Visits on Tuesdays"]
    needs.set_value([])
    widget(app, "button", "details_save").click()
    app.run()
    assert saved(workspace)["persona"] == {"name": "Ana"} and saved(workspace)["schema_version"] == 1


def test_details_saved_without_touching_the_needs_keep_what_another_tab_set(tiny_file: Path, workspace: Path,
                                                                           start_app: Any) -> None:
    first = start_app(journey="tiny", page="Build")
    second = start_app(journey="tiny", page="Build")
    widget(second, "multiselect", "details_needs").set_value(["lives alone"])
    widget(second, "button", "details_save").click()
    second.run()
    # the first tab, drawn before that save, renames the journey and leaves the needs as it showed them (none)
    widget(first, "text_input", "details_title").input("Tiny café, mornings")
    widget(first, "button", "details_save").click()
    first.run()
    data = saved(workspace)
    assert data["title"] == "Tiny café, mornings"
    assert data["persona"] == {"name": "Ana", "needs": ["lives alone"]}


def test_a_negative_weekly_count_is_refused_in_the_forms_words(tiny_file: Path, workspace: Path,
                                                               start_app: Any) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = start_app(journey="tiny", page="Build")
    widget(app, "number_input", "details_customers").set_value(-5.0)
    widget(app, "button", "details_save").click()
    app.run()
    assert tiny_file.read_text(encoding="utf-8") == before
    assert "Customers starting the journey per week: must be at least 0, got -5" in html(app)


def test_undo_and_redo(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    before = saved(workspace)
    app = start_app(journey="tiny", page="Build")
    app = select(app, "wait")
    widget(app, "button", "tp_action_wait_delete").click()
    app.run()
    assert touchpoint_ids(saved(workspace)) == ["ask", "pay"]
    app.button(key="undo").click().run()
    assert load(workspace / "tiny.json") == journey_from_data(before)
    app.button(key="redo").click().run()
    assert touchpoint_ids(saved(workspace)) == ["ask", "pay"]


def test_undo_never_throws_away_what_another_tab_saved(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    first = start_app(journey="tiny", page="Build")
    first = select(first, "wait")
    widget(first, "button", "tp_action_wait_delete").click()
    first.run()
    second = start_app(journey="tiny", page="Build")  # another tab, then adds a step
    widget(second, "text_input", "new_tp_name").input("Leaves a tip")
    widget(second, "button", "new_tp_add").click()
    second.run()
    assert touchpoint_ids(saved(workspace)) == ["ask", "pay", "leaves_a_tip"]
    first.button(key="undo").click().run()  # the first tab's undo would restore wait, without the tip
    assert touchpoint_ids(saved(workspace)) == ["ask", "pay", "leaves_a_tip"]
    assert "Another tab changed this journey meanwhile" in html(first)
    assert first.button(key="undo").disabled  # the stale steps are gone
    assert "Leaves a tip" in widget(first, "selectbox", "picker_").options


def test_a_change_saved_by_another_tab_is_shown_and_kept(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    first = start_app(journey="tiny", page="Build")
    second = start_app(journey="tiny", page="Build")
    # the first tab adds a touchpoint ...
    widget(first, "text_input", "new_tp_name").input("Leaves a tip")
    widget(first, "button", "new_tp_add").click()
    first.run()
    # ... the second, which has not seen it, edits another one: both changes are kept
    second = select(second, "ask")
    widget(second, "slider", "tp_ask_friction").set_value(3.0)
    widget(second, "button", "tp_ask_save").click()
    second.run()
    data = saved(workspace)
    assert touchpoint_ids(data) == ["ask", "wait", "leaves_a_tip", "pay"]  # nothing open: the first stage
    assert data["touchpoints"][0]["friction"] == 3
    assert widget(second, "text_input", "new_tp_name").value == ""
    assert "Leaves a tip" in [option for option in widget(second, "selectbox", "picker_").options]


# --- seeing -----------------------------------------------------------------------------------


def test_a_touchpoint_clicked_on_the_map_opens_for_editing(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny")
    # what a click on "wait" leaves in the session (state.open_from_map; the e2e tests click for real)
    app.session_state["selected_touchpoint"] = "wait"
    app.session_state["map_dialog"] = True
    app.run()
    assert widget(app, "text_input", "tp_wait_name").value == "Waits at the bar"
    assert len(app.get("vega_lite_chart")) == 1  # the map, its emotion lane inside it


def test_a_touchpoint_added_on_build_does_not_cover_the_map(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    widget(app, "text_input", "new_tp_name").input("Leaves a tip")
    widget(app, "button", "new_tp_add").click()
    app.run()
    assert widget(app, "text_input", "tp_leaves_a_tip_name").value == "Leaves a tip"  # open on Build
    app.query_params["page"] = "Map"
    app.session_state["page"] = "Map"
    app.run()
    assert not [item for item in app.text_input if item.key and item.key.startswith("tp_leaves_a_tip_name")]
    assert any("-journey_map_" in chart.proto.id for chart in app.get("vega_lite_chart"))


def test_pain_points_and_moments_of_truth(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Pain & moments")
    pain = table_with(app, "why")
    assert list(pain["id"]) == ["wait"]  # the only step with friction or a negative emotion
    shown = json.loads(next(table.proto.columns for table in app.dataframe if "why" in table.value.columns))
    assert shown["id"]["hidden"] is True  # ids mean nothing to a workshop
    assert "#1 Waits at the bar" in html(app)  # a card with the reason in full, to read aloud
    moments = table_with(app, "emotion change")
    # ask (+2) → wait (−3) is the largest drop
    assert moments.iloc[0].to_dict()["from"] == "Asks for a latte"
    assert moments.iloc[0].to_dict()["emotion change"] == -5


def test_the_thresholds_change_the_advice(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Automation")
    app.slider(key="fit_threshold").set_value(0.0)
    app.slider(key="risk_threshold").set_value(100.0)
    app.run()
    advice = table_with(app, "advice")
    # everything fits and nothing is risky enough, except that a step where the customer feels
    # -3 or worse is never automated outright: a person stays in the loop
    assert list(advice["advice"]) == ["Automate", "Assist", "Automate"]
    app.slider(key="fit_threshold").set_value(100.0)
    app.slider(key="risk_threshold").set_value(0.0)
    app.run()
    advice = table_with(app, "advice")
    assert set(advice["advice"]) == {"Keep human"}
    assert len(app.get("vega_lite_chart")) == 1  # the matrix


def test_downloads(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Share")
    buttons = {button.proto.id.rsplit("-", 1)[-1]: button.proto for button in app.get("download_button")}
    assert buttons["download_json"].url.endswith(".json")
    assert "download_image" not in buttons  # images are made only when asked
    app.button(key="make_image").click().run()
    buttons = {button.proto.id.rsplit("-", 1)[-1]: button.proto for button in app.get("download_button")}
    assert buttons["download_image"].url.endswith(".png")
    app.button_group(key="image_format").set_value("pdf").run()
    buttons = {button.proto.id.rsplit("-", 1)[-1]: button.proto for button in app.get("download_button")}
    assert "download_image" not in buttons  # the PNG is not offered as a PDF
    app.button(key="make_image").click().run()
    buttons = {button.proto.id.rsplit("-", 1)[-1]: button.proto for button in app.get("download_button")}
    assert buttons["download_image"].url.endswith(".pdf")


def download_names(app: Any) -> dict[str, str]:
    """Download buttons by key → the file name of what they give."""
    return {button.proto.id.rsplit("-", 1)[-1]: button.proto.url.rsplit("/", 1)[-1]
            for button in app.get("download_button")}


def test_spreadsheet_and_mermaid_downloads_are_ready_at_once(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Share")
    names = download_names(app)
    assert names["download_xlsx"].endswith(".xlsx")
    assert names["download_zip"].endswith(".zip")
    assert "download_mmd" in names  # a .txt address: Streamlit names served files by MIME type, text/plain


def test_the_workshop_report_is_made_on_request(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Share")
    assert not any(key.startswith("download_report") for key in download_names(app))
    app.button(key="make_report").click().run()
    assert not app.exception
    names = download_names(app)
    assert names["download_report_0"].endswith(".html")
    app.button_group(key="report_format").set_value("md").run()
    assert not any(key.startswith("download_report") for key in download_names(app))  # not the HTML as .md
    app.button(key="make_report").click().run()
    names = download_names(app)
    assert names["download_report_0"].endswith(".md") and names["download_report_1"].endswith(".png")


def test_uploading_an_excel_workbook_or_csv_tables(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    from journeymap.convert import export_files
    from journeymap.model.validation import journey_from_data

    journey = journey_from_data({**TINY_JOURNEY, "title": "Bakery from Excel"})
    (workbook,) = export_files(journey, "bakery.xlsx").values()
    app = start_app(journey="tiny")
    app.file_uploader[0].set_value(("bakery.xlsx", workbook, "application/octet-stream"))
    app.run()
    assert not app.exception
    assert "Bakery from Excel" in html(app)
    assert touchpoint_ids(saved(workspace, "bakery")) == touchpoint_ids(TINY_JOURNEY)

    tables = export_files(journey_from_data({**TINY_JOURNEY, "title": "Bakery from CSV"}), "shop.csv")
    app.file_uploader[0].set_value([(name, data, "text/csv") for name, data in tables.items()])
    app.run()
    assert not app.exception
    assert "Bakery from CSV" in html(app)
    assert links(saved(workspace, "shop")) == links(TINY_JOURNEY)


def test_a_bad_mermaid_upload_names_its_line(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny")
    mermaid = b"journey\n  title Haircut\n  section Book\n    Call the salon: lots: Me\n"
    app.file_uploader[0].set_value(("haircut.mmd", mermaid, "text/plain"))
    app.run()
    assert not app.exception
    assert "line 4" in html(app) and "the map on screen is unchanged" in html(app)
    assert sorted(path.name for path in workspace.glob("*.json")) == ["tiny.json"]


def test_each_problem_of_a_bad_upload_starts_its_own_bullet(tiny_file: Path, workspace: Path,
                                                            start_app: Any) -> None:
    # the sidebar is narrow: each message wraps over three or four lines, and without a mark at its
    # start the owner cannot tell where one problem ends and the next begins
    app = start_app(journey="tiny")
    mermaid = b"journey\n  title Haircut\n  section Book\n    Call the salon: lots: Me\n    Wait: 9: Me\n"
    app.file_uploader[0].set_value(("haircut.mmd", mermaid, "text/plain"))
    app.run()
    assert not app.exception
    shown = html(app)
    assert "the map on screen is unchanged.\n• line 4: the score " in shown
    assert "\n• line 5: the score 9" in shown


def test_user_text_is_never_rendered_as_markup(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    data = saved(workspace)
    data["title"] = "**bold** title"
    data["touchpoints"][0]["name"] = "<img src=x onerror=alert(1)>"
    data["touchpoints"][1]["name"] = "**bold** :red[wait]"
    (workspace / "tiny.json").write_text(json.dumps(data), encoding="utf-8")
    for page in ("Map", "Build", "Pain & moments", "Automation", "Share"):
        app = start_app(journey="tiny", page=page)
        shown = html(app)
        assert "<img" not in shown
        markdown = [element.value for element in app.markdown] + [element.value for element in app.caption]
        assert not any("bold" in text or "onerror" in text for text in markdown), page
    app = start_app(journey="tiny")
    assert "**bold** title" in html(app)


def test_an_empty_workspace_without_samples_shows_how_to_start(workspace: Path, start_app: Any,
                                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(workspace_module, "SAMPLES_FOLDER", tmp_path / "no_samples")
    app = start_app()
    assert "No journey is open yet" in html(app)
    assert not app.tabs


def test_a_failing_analysis_shows_a_message_not_a_traceback(tiny_file: Path, start_app: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.ui import computed

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(computed, "analyze", broken)  # the analysis the app's cached analysis_for calls
    for page in ("Map", "Pain & moments", "Automation"):
        app = start_app(journey="tiny", page=page)
        assert "The analysis could not be computed for this journey (ZeroDivisionError" in html(app), page


def test_the_analysis_and_map_are_computed_once_per_version_of_the_journey(tiny_file: Path, start_app: Any,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.ui import computed

    calls: list[str] = []
    for name in ("analyze", "journey_map_json"):
        real = getattr(computed, name)
        monkeypatch.setattr(computed, name, lambda *a, _real=real, _name=name, **k: calls.append(_name) or _real(*a, **k))
    app = start_app(journey="tiny", page="Map")
    # the figures and the map both read the analysis: made once
    assert sorted(calls) == ["analyze", "journey_map_json"]
    app.run()  # a rerun with nothing changed (a click elsewhere): everything from the cache
    assert len(calls) == 2
    changed = {**TINY_JOURNEY, "title": "Tiny café, renamed"}
    tiny_file.write_text(json.dumps(changed), encoding="utf-8")  # another tab saves a change
    app.run()
    assert not app.exception
    assert sorted(calls[2:]) == ["analyze", "journey_map_json"]


def test_the_map_reaches_the_browser_as_streamlit_would_send_its_spec(tiny_file: Path, start_app: Any) -> None:
    """The map's datasets are cached as Arrow bytes; the chart sent must hold what the Altair chart holds,
    and what the app adds for screen readers."""
    import pyarrow as pa
    from streamlit.testing.v1 import AppTest

    from journeymap.analysis import analyze
    from journeymap.charts import journey_map_chart
    from journeymap.charts.describe import map_description

    def plain_page(spec):  # type: ignore[no-untyped-def]  # runs as a script of its own
        import streamlit as st

        st.vega_lite_chart(spec, width="content", on_select="rerun", key="journey_map_0")

    def rows(arrow_bytes: bytes) -> list[dict[str, Any]]:
        # Streamlit's own converter goes through pandas and adds its index; the app's does not
        table = pa.ipc.open_stream(arrow_bytes).read_all()
        return table.drop_columns([name for name in table.column_names if name.startswith("__index")]).to_pylist()

    app = start_app(journey="tiny", page="Map")
    [sent] = [chart.proto for chart in app.get("vega_lite_chart") if "-journey_map_" in chart.proto.id]
    journey = load(tiny_file)
    chart = journey_map_chart(journey, analyze(journey), size_by="friction", selectable=True, title=False)
    plain = AppTest.from_function(plain_page, args=(chart.to_dict(validate=False),))
    plain.run()
    assert not plain.exception, plain.exception
    [expected] = [chart.proto for chart in plain.get("vega_lite_chart")]
    assert len(sent.datasets) == len(expected.datasets) > 0
    assert [d.name for d in sent.datasets] == [d.name for d in expected.datasets]
    for made, wanted in zip(sent.datasets, expected.datasets):
        assert rows(made.data.data) == rows(wanted.data.data), made.name
    assert len(rows(next(d for d in sent.datasets if d.name == "touchpoints").data.data)) == len(journey.touchpoints) > 0
    spec = json.loads(sent.spec)
    # the map's text alternative, and its marks hidden from screen readers (Vega would read out each
    # one's coordinates); axes and legends in the charts' ink, not the theme's grey
    assert spec.pop("description") == map_description(journey, analyze(journey))
    config = spec["config"]
    assert (config.pop("aria"), config.pop("mark")) == (False, {"aria": False})
    assert spec == json.loads(expected.spec)  # the same JSON, its keys in another order


def test_rows_arrow_cannot_type_still_reach_the_browser() -> None:
    import pyarrow as pa

    from journeymap.ui.computed import _arrow_bytes

    assert pa.ipc.open_stream(_arrow_bytes([{"a": 1, "b": "x"}, {"a": None, "c": 2.5}])).read_all().to_pylist() == [
        {"a": 1, "b": "x", "c": None}, {"a": None, "b": None, "c": 2.5}]
    # a column of numbers and text: Streamlit's converter takes over and sends it as text
    mixed = pa.ipc.open_stream(_arrow_bytes([{"a": 1}, {"a": "x"}])).read_all()
    assert mixed.column("a").to_pylist() == ["1", "x"]


def test_a_workspace_that_cannot_be_created_is_explained(tmp_path: Path, start_app: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(blocker / "journeys"))
    app = start_app()
    assert "cannot use its workspace folder" in html(app)


def test_a_save_that_fails_changes_nothing_and_says_why(tiny_file: Path, workspace: Path, start_app: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    app = start_app(journey="tiny", page="Build")
    app = select(app, "wait")

    def disk_full(journey: Any, path: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(folder_module, "save", disk_full)  # the app saves through the folder store
    widget(app, "slider", "tp_wait_friction").set_value(1.0)
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert "Could not save: the disk is full. Nothing typed is lost: free some space and try again." in html(app)
    assert saved(workspace)["touchpoints"][1]["friction"] == 6
    assert widget(app, "slider", "tp_wait_friction").value == 1.0  # what was typed is still there


def test_an_invalid_start_file_is_explained_and_the_sample_opens(workspace: Path, start_app: Any, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"title": "x", "stages": []}', encoding="utf-8")
    monkeypatch.setenv("JOURNEYMAP_OPEN", str(broken))
    app = start_app()
    assert "stages: needs at least 1 item" in html(app)
    assert "Blue Spoon Diner" in html(app)
    assert not (workspace / "broken.json").exists()


# --- removing a journey from the workspace ----------------------------------------------------


def test_removing_a_journey_moves_it_aside_and_opens_the_next(tiny_file: Path, workspace: Path,
                                                               start_app: Any) -> None:
    (workspace / "other.json").write_text(json.dumps({**TINY_JOURNEY, "title": "Other café"}), encoding="utf-8")
    app = start_app(journey="tiny")
    app.button(key="remove_journey").click().run()
    assert not app.exception
    assert not tiny_file.exists()
    (moved,) = (workspace / "removed").glob("tiny-*.json")
    assert json.loads(moved.read_text(encoding="utf-8"))["title"] == TINY_JOURNEY["title"]  # nothing lost
    assert "Other café" in html(app)  # the next saved journey is on screen
    assert any(f"kept as journeys/removed/{moved.name}" in toast for toast in toasts(app))
    assert app.query_params["journey"] == "other"


def test_after_removing_a_journey_the_next_one_is_named_and_its_remove_button_is_folded_away(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    # two journeys of one title (an upload and its edited copy): the screen looks unchanged after a
    # removal, so the toast names what is on screen now, and "Remove it" is not left open, one
    # click from removing that one too
    (workspace / "tiny-2.json").write_text(json.dumps(TINY_JOURNEY), encoding="utf-8")
    app = start_app(journey="tiny-2")
    (before,) = [item for item in app.expander if item.key and item.key.startswith("remove_expander")]
    app.button(key="remove_journey").click().run()
    assert not app.exception
    assert "Now showing “tiny” (Tiny café)." in toasts(app)
    (after,) = [item for item in app.expander if item.key and item.key.startswith("remove_expander")]
    assert after.key != before.key  # a new expander, folded: the frontend forgets it was opened
    assert not after.proto.expanded


def test_removing_the_last_journey_leaves_the_empty_screen(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny")
    app.button(key="remove_journey").click().run()
    assert not app.exception
    assert "No journey is open yet" in html(app)
    assert [path.name for path in workspace.glob("*.json")] == []


def test_a_journey_removed_in_another_tab_is_not_written_back(tiny_file: Path, workspace: Path,
                                                              start_app: Any) -> None:
    watching = start_app(journey="tiny")
    other = start_app(journey="tiny")
    other.button(key="remove_journey").click().run()
    watching.run()  # its next check of the file
    assert not watching.exception
    assert not tiny_file.exists()  # it did not save what it showed back into the workspace
    assert any("was removed from the workspace in another tab" in toast for toast in toasts(watching))
    assert "No journey is open yet" in html(watching)


def test_the_connections_table_shows_kind_and_share_on_a_1280_pixel_projector(tiny_file: Path,
                                                                              start_app: Any) -> None:
    # the main column is about 820 px wide at 1280: two 400 px ("large") step columns pushed kind,
    # share and label out of sight, so a support link read as a flow
    app = start_app(journey="tiny", page="Build")
    shown = json.loads(next(table.proto.columns for table in app.dataframe if "kind" in table.value.columns))
    pixels = {"small": 75, "medium": 200, "large": 400}
    assert pixels[shown["from"]["width"]] + pixels[shown["to"]["width"]] <= 400
    assert not any(shown[column].get("hidden") for column in ("kind", "share", "label"))


def test_connecting_the_steps_in_order_says_what_it_did(workspace: Path, start_app: Any) -> None:
    # the button sits under the table: its only feedback was the info box going away
    workspace.mkdir(parents=True, exist_ok=True)
    listed = {**TINY_JOURNEY, "connections": [], "touchpoints": [
        *TINY_JOURNEY["touchpoints"], {"id": "ticket", "name": "Ticket printed", "stage": "order", "lane": "support"}]}
    (workspace / "listed.json").write_text(json.dumps(listed), encoding="utf-8")
    app = start_app(journey="listed", page="Build")
    widget(app, "button", "connect_in_order").click()
    app.run()
    assert not app.exception
    # ask → wait → pay: 2 arrows; the ticket is linked to "wait", the customer step before it in its stage
    assert ("Connected the steps in order: 2 arrows customers follow and 1 support link to the step it serves. "
            "See them on the Map; Undo takes them back.") in toasts(app)


def test_a_tab_whose_journey_was_removed_elsewhere_points_to_the_saved_ones(tiny_file: Path, workspace: Path,
                                                                            start_app: Any) -> None:
    # the projector's tab: its toast goes after a few seconds, and "No journey is open yet" then read as
    # if the workshop's work were gone, with the other journeys one click away in the sidebar
    (workspace / "other.json").write_text(json.dumps({**TINY_JOURNEY, "title": "Other café"}), encoding="utf-8")
    watching = start_app(journey="tiny")
    other = start_app(journey="tiny")
    other.button(key="remove_journey").click().run()
    watching.run()
    assert not watching.exception
    shown = html(watching)
    assert "No journey is open yet" not in shown
    assert "No journey is open. Choose one under “Saved in the workspace” in the sidebar and press Open" in shown


def test_a_journey_without_flow_can_be_connected_in_order_in_one_click(workspace: Path, start_app: Any) -> None:
    workspace.mkdir(parents=True, exist_ok=True)
    listed = {**TINY_JOURNEY, "connections": []}  # as typed into a spreadsheet: steps, no arrows
    (workspace / "listed.json").write_text(json.dumps(listed), encoding="utf-8")
    app = start_app(journey="listed", page="Build")
    assert "No flow yet" in html(app)
    widget(app, "button", "connect_in_order").click()
    app.run()
    assert not app.exception
    assert [(c["from"], c["to"]) for c in saved(workspace, "listed")["connections"]] == [("ask", "wait"), ("wait", "pay")]
    assert "No flow yet" not in html(app)
    app.button(key="undo").click().run()  # one click, one undo
    assert saved(workspace, "listed")["connections"] == []


def test_an_edit_in_a_tab_that_missed_the_removal_does_not_bring_the_journey_back(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    builder = start_app(journey="tiny", page="Build")  # someone typing on Build: it re-reads at the next click
    other = start_app(journey="tiny")
    other.button(key="remove_journey").click().run()
    widget(builder, "text_input", "new_tp_name").input("Leaves a tip")
    widget(builder, "button", "new_tp_add").click()
    builder.run()
    assert not builder.exception
    assert not tiny_file.exists()  # not written back
    assert any("so this change was not saved" in toast for toast in toasts(builder))


def test_the_touchpoints_table_starts_with_the_name_and_keeps_the_id_last(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    columns = list(table_with(app, "staff_minutes").columns)
    # what the room reads first; the id, a key made from the name, last (first, it pushed friction off a projector)
    assert columns[0] == "name" and columns[-1] == "id"


def test_a_spreadsheet_template_is_offered_beside_the_uploader(workspace: Path, start_app: Any) -> None:
    from journeymap.formats.spreadsheet import spreadsheet_template, xlsx_to_journey

    app = start_app()
    assert download_names(app)["download_template"].endswith(".xlsx")
    template = xlsx_to_journey(spreadsheet_template())  # what the owner fills in reads back as a journey
    assert "replace it with your journey" in template.title
    assert {tp.lane for tp in template.touchpoints} == {"customer", "frontstage", "support"}


def test_the_advice_table_says_which_steps_are_borderline_and_why(tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Automation")
    app.slider(key="risk_threshold").set_value(57.0)
    app.run()
    advice = table_with(app, "advice").set_index("touchpoint")
    # "Waits at the bar" (no traits scored): empathy and data unknown 20 + 5, −3 is 12, customer lane 15,
    # the drop from +2 is 5 (a moment of truth) 8: 60, keep human; at −2 the distress is 8: 56 < 57
    assert advice.loc["Waits at the bar", "advice"] == "Keep human"
    assert advice.loc["Waits at the bar", "firm?"] == "borderline"
    assert advice.loc["Waits at the bar", "what would change it"] == "with the customer feeling -2 it would be not a priority"
    assert advice.loc["Asks for a latte", "firm?"] == "firm" and advice.loc["Asks for a latte", "what would change it"] == ""
