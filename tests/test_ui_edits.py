"""The app's edits (journeymap.store.edits) and workspace (journeymap.store.workspace), without Streamlit.

The tables of the Build tab (``st.data_editor``) cannot be driven by AppTest; what they hand over
(``edited_rows``, ``added_rows``, ``deleted_rows``) is applied by :func:`apply_table_delta`, tested here.
"""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path

import numpy as np
import pytest

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.json_file import load, save
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.store import edits, workspace
from tests.conftest import TINY_JOURNEY


@pytest.fixture
def data() -> dict:
    return journey_to_data(journey_from_data(copy.deepcopy(TINY_JOURNEY)))


def ids(data: dict) -> list[str]:
    return [touchpoint["id"] for touchpoint in data["touchpoints"]]


def test_editing_cells_of_the_touchpoint_table(data: dict) -> None:
    delta = {"edited_rows": {"1": {"emotion": np.float64(-1.5), "friction": None, "channel": "counter"}},
             "added_rows": [], "deleted_rows": []}
    changed = edits.apply_table_delta(data, "touchpoints", ids(data), delta)
    wait = changed["touchpoints"][1]
    assert (wait["emotion"], wait["channel"]) == (-1.5, "counter")
    assert type(wait["emotion"]) is float  # NumPy's float64 would fail the model's strict types
    # friction is required with a default: an emptied cell is refused by validation, not guessed
    assert changed["touchpoints"][1]["friction"] is None
    with pytest.raises(JourneyFileError) as refused:
        journey_from_data(changed)
    assert [problem.location for problem in refused.value.problems] == ["touchpoints[1].friction"]


def test_an_emptied_optional_cell_removes_the_field(data: dict) -> None:
    delta = {"edited_rows": {0: {"emotion": float("nan")}}}
    changed = edits.apply_table_delta(data, "touchpoints", ids(data), delta)
    assert "emotion" not in changed["touchpoints"][0]
    assert journey_from_data(changed).touchpoint("ask").emotion is None


def test_added_rows_get_an_id_and_the_first_stage(data: dict) -> None:
    delta = {"added_rows": [{"name": "Asks for a latte"}, {}], "deleted_rows": []}
    changed = edits.apply_table_delta(data, "touchpoints", ids(data), delta)
    assert changed["touchpoints"][3] == {"name": "Asks for a latte", "id": "asks_for_a_latte", "stage": "order"}
    assert len(changed["touchpoints"]) == 4  # the blank row is ignored
    journey_from_data(changed)


def test_deleting_a_row_deletes_the_touchpoint_and_its_connections(data: dict) -> None:
    changed = edits.apply_table_delta(data, "touchpoints", ids(data), {"deleted_rows": [1]})
    assert ids(changed) == ["ask", "pay"]
    assert changed["connections"] == []


def test_renaming_an_id_in_the_table_follows_its_connections(data: dict) -> None:
    changed = edits.apply_table_delta(data, "touchpoints", ids(data), {"edited_rows": {0: {"id": "order_drink"}}})
    assert changed["connections"][0] == {"from": "order_drink", "to": "wait", "kind": "flow"}
    journey_from_data(changed)


def test_renaming_a_stage_id_moves_its_touchpoints(data: dict) -> None:
    keys = [stage["id"] for stage in data["stages"]]
    changed = edits.apply_table_delta(data, "stages", keys, {"edited_rows": {1: {"id": "checkout"}}})
    assert [touchpoint["stage"] for touchpoint in changed["touchpoints"]] == ["order", "order", "checkout"]
    journey_from_data(changed)


def test_deleting_a_stage_that_still_has_touchpoints_is_refused(data: dict) -> None:
    keys = [stage["id"] for stage in data["stages"]]
    with pytest.raises(JourneyFileError) as refused:
        edits.apply_table_delta(data, "stages", keys, {"deleted_rows": [1]})
    assert str(refused.value) == ("Stage 'Pay' still has 1 touchpoint ('Pays by card'): "
                                  "move them to another stage or delete them first")
    # once its touchpoint moved away, the stage can go
    moved = edits.update_touchpoint(data, "pay", {"stage": "order"})
    assert [stage["id"] for stage in edits.apply_table_delta(moved, "stages", keys, {"deleted_rows": [1]})["stages"]] \
        == ["order"]


def test_renaming_an_id_to_one_already_taken_is_one_clear_refusal(data: dict) -> None:
    with pytest.raises(JourneyFileError) as refused:
        edits.apply_table_delta(data, "touchpoints", ids(data), {"edited_rows": {0: {"id": "pay"}}})
    assert refused.value.problems == [
        Problem("", "Touchpoint 'Asks for a latte', id: 'pay' is already the id of 'Pays by card'; choose another id")]
    keys = [stage["id"] for stage in data["stages"]]
    with pytest.raises(JourneyFileError, match="Stage 'Pay', id: 'order' is already the id of 'Order'"):
        edits.apply_table_delta(data, "stages", keys, {"edited_rows": {1: {"id": "order"}}})


def test_editing_and_adding_connections_in_the_table(data: dict) -> None:
    keys = ["ask→wait", "wait→pay"]
    delta = {"edited_rows": {0: {"share": 0.8, "label": "most"}},
             "added_rows": [{"from": "ask", "to": "pay", "kind": "flow", "share": 0.2}], "deleted_rows": [1]}
    changed = edits.apply_table_delta(data, "connections", keys, delta)
    assert changed["connections"] == [
        {"from": "ask", "to": "wait", "kind": "flow", "share": 0.8, "label": "most"},
        {"from": "ask", "to": "pay", "kind": "flow", "share": 0.2},
    ]
    journey_from_data(changed)


def test_shares_above_one_are_refused_with_the_step(data: dict) -> None:
    changed = edits.add_connection(data, "ask", "pay", share=0.7)
    changed = edits.apply_table_delta(changed, "connections", ["ask→wait", "wait→pay", "ask→pay"],
                                      {"edited_rows": {0: {"share": 0.5}}})
    with pytest.raises(JourneyFileError) as refused:
        journey_from_data(changed)
    assert refused.value.problems == [
        Problem("touchpoint 'ask'", "the shares of its outgoing flow connections add up to 1.2, more than 1")]


def test_adding_a_touchpoint_puts_it_at_the_end_of_its_stage(data: dict) -> None:
    changed = edits.add_touchpoint(data, {"id": "greet", "name": "Greeted", "stage": "order", "emotion": 1.0},
                                   connect_from="wait")
    assert ids(changed) == ["ask", "wait", "greet", "pay"]
    assert changed["connections"][-1] == {"from": "wait", "to": "greet", "kind": "flow"}
    journey_from_data(changed)


def test_updating_a_touchpoint_from_the_form(data: dict) -> None:
    fields = {"name": "Waits at the bar", "emotion": None, "staff_minutes": 2.5, "pain_points": ["No seats"],
              "quotes": [], "automation": {"rule_based": 4, "digital_input": None}, "feeling": "  "}
    changed = edits.update_touchpoint(data, "wait", fields)
    wait = changed["touchpoints"][1]
    assert "emotion" not in wait and "feeling" not in wait and "quotes" not in wait
    assert wait["automation"] == {"rule_based": 4}
    assert wait["pain_points"] == ["No seats"]
    assert wait["staff_minutes"] == 2.5


def test_an_emptied_name_is_reported_as_empty(data: dict) -> None:
    changed = edits.update_touchpoint(data, "wait", {"name": ""})
    with pytest.raises(JourneyFileError) as refused:
        journey_from_data(changed)
    assert refused.value.problems == [Problem("touchpoints[1].name", "must not be empty (touchpoint 'wait')")]


def test_edits_never_change_their_input(data: dict) -> None:
    before = copy.deepcopy(data)
    edits.update_touchpoint(data, "wait", {"emotion": 4})
    edits.delete_touchpoint(data, "ask")
    edits.move_item(data, "touchpoints", "pay", -2)
    edits.apply_table_delta(data, "touchpoints", ids(data), {"deleted_rows": [0]})
    assert data == before


def test_problems_name_the_touchpoint_not_its_row(data: dict) -> None:
    problem = Problem("touchpoints[2].automation.rule_based", "must be between 1 and 5, got 9")
    assert edits.describe_problem(problem, data) == \
        "Touchpoint 'Pays by card', automation.rule based: must be between 1 and 5, got 9"
    assert edits.describe_problem(Problem("connections[1]", "a duplicate"), data) == \
        "Connection 'Waits at the bar' → 'Pays by card': a duplicate"
    assert edits.describe_problem(Problem("title", "must not be empty"), data) == "Title: must not be empty"
    assert edits.describe_problem(Problem("customers_per_week", "must be at least 0, got -5"), data) == \
        "Customers starting the journey per week: must be at least 0, got -5"


def test_an_id_renamed_to_something_unusable_is_one_message(data: dict) -> None:
    with pytest.raises(JourneyFileError) as refused:
        edits.apply_table_delta(data, "touchpoints", ids(data), {"edited_rows": {0: {"id": "bad id!"}}})
    assert [str(problem) for problem in refused.value.problems] == [
        "Touchpoint 'Asks for a latte', id: 'bad id!' is not a valid id: use 1 to 64 letters, digits, '_', '.' "
        "or '-', starting with a letter or digit"]


def test_rows_added_half_filled_are_described_without_made_up_names(data: dict) -> None:
    def refusal(collection: str, keys: list[str], row: dict) -> list[str]:
        changed = edits.apply_table_delta(data, collection, keys, {"added_rows": [row]})
        with pytest.raises(JourneyFileError) as refused:
            journey_from_data(changed)
        return [edits.describe_problem(problem, changed) for problem in refused.value.problems]

    assert refusal("connections", ["ask→wait", "wait→pay"], {"from": "ask"}) == [
        "Connection 'Asks for a latte' → (no step chosen), to: is required"]
    assert refusal("touchpoints", ids(data), {"emotion": 2}) == ["The new touchpoint row, name: is required"]


def test_problems_name_touchpoints_by_name_not_by_id(data: dict) -> None:
    def refusal(changed: dict) -> list[str]:
        with pytest.raises(JourneyFileError) as refused:
            journey_from_data(changed)
        return [edits.describe_problem(problem, changed) for problem in refused.value.problems]

    assert refusal(edits.update_touchpoint(data, "wait", {"emotion": 9})) == [
        "Touchpoint 'Waits at the bar', emotion: must be between -5 and 5, got 9"]
    # an emptied name: the id still says which touchpoint
    assert refusal(edits.update_touchpoint(data, "wait", {"name": ""})) == [
        "Touchpoint 'wait', name: must not be empty"]
    over = edits.add_connection(edits.add_connection(data, "ask", "pay", share=0.7), "ask", "ask")
    assert refusal(over) == ["Connection 'Asks for a latte' → 'Asks for a latte': "
                             "connection from 'Asks for a latte' to itself"]
    over = edits.add_connection(data, "ask", "pay", share=0.7)
    over["connections"][0]["share"] = 0.5
    assert refusal(over) == [
        "Touchpoint 'Asks for a latte': the shares of its outgoing flow connections add up to 1.2, more than 1"]
    trap = edits.add_connection(data, "pay", "ask")  # ask → wait → pay → ask, every share 1: no way out
    assert refusal(trap) == [
        "Customers who enter the loop 'Asks for a latte' → 'Waits at the bar' → 'Pays by card' can never leave it; "
        "give one of its steps a way out (a connection leaving the loop, or shares that add up to less than 1)"]


# --- workspace --------------------------------------------------------------------------------


def test_an_edit_is_replayed_on_what_another_tab_saved(tmp_path: Path) -> None:
    journey = journey_from_data(TINY_JOURNEY)
    save(journey, tmp_path / "tiny.json")
    # another tab saves a change this tab has not seen
    other = journey_to_data(journey)
    other["touchpoints"][0]["friction"] = 4
    save(journey_from_data(other), tmp_path / "tiny.json")
    before, result = workspace.update_journey(
        tmp_path, "tiny", lambda current: journey_from_data(edits.update_touchpoint(journey_to_data(current), "pay",
                                                                                   {"emotion": 3})), journey)
    on_disk = load(tmp_path / "tiny.json")
    assert on_disk.touchpoint("ask").friction == 4  # the other tab's change is kept
    assert on_disk.touchpoint("pay").emotion == 3
    assert json.loads(before)["touchpoints"][0]["friction"] == 4
    assert result.modified_ns == (tmp_path / "tiny.json").stat().st_mtime_ns
    assert (tmp_path / "tiny.json.bak").exists()


def test_a_refused_change_writes_nothing(tmp_path: Path) -> None:
    journey = journey_from_data(TINY_JOURNEY)
    save(journey, tmp_path / "tiny.json")
    before = (tmp_path / "tiny.json").read_bytes()

    def refuse(current: object) -> object:
        raise JourneyFileError([Problem("title", "must not be empty")])

    with pytest.raises(JourneyFileError):
        workspace.update_journey(tmp_path, "tiny", refuse, journey)
    assert (tmp_path / "tiny.json").read_bytes() == before


def test_a_broken_file_on_disk_falls_back_to_what_the_tab_shows(tmp_path: Path) -> None:
    journey = journey_from_data(TINY_JOURNEY)
    (tmp_path / "tiny.json").write_text("{broken", encoding="utf-8")
    _, result = workspace.update_journey(tmp_path, "tiny", lambda current: current, journey)
    assert load(tmp_path / "tiny.json") == journey
    assert (tmp_path / "tiny.json.bak").read_text(encoding="utf-8") == "{broken"  # kept, not lost
    assert result.journey == journey


def test_concurrent_edits_from_two_tabs_are_all_kept(tmp_path: Path) -> None:
    journey = journey_from_data({**TINY_JOURNEY, "touchpoints": TINY_JOURNEY["touchpoints"][:1], "connections": []})
    save(journey, tmp_path / "tiny.json")

    def add(number: int) -> None:
        def change(current: object) -> object:
            data = journey_to_data(current)  # type: ignore[arg-type]
            return journey_from_data(edits.add_touchpoint(data, {"id": f"t{number}", "name": "T", "stage": "pay"}))

        workspace.update_journey(tmp_path, "tiny", change, journey)

    threads = [threading.Thread(target=add, args=(number,)) for number in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(ids(journey_to_data(load(tmp_path / "tiny.json")))) == sorted(["ask"] + [f"t{n}" for n in range(12)])


def test_saved_names_ignore_backups_and_odd_files(tmp_path: Path) -> None:
    for name in ("b.json", "a.json", "a.json.bak", ".a.json.123.tmp", "notes.txt"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    assert sorted(workspace.saved_names(tmp_path)) == ["a", "b"]


def test_uploads_larger_than_the_limit_are_refused_before_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workspace, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(JourneyFileError, match="up to 0 MB"):
        workspace.read_upload(b"{" + b" " * 20 + b"}", "big.json")


def test_connect_in_order_walks_the_stages_and_links_backstage_to_the_step_it_serves() -> None:
    data = {
        "stages": [{"id": "arrive"}, {"id": "eat"}],
        "touchpoints": [
            {"id": "eat", "stage": "eat"},  # listed first, but in the second stage
            {"id": "walk_in", "stage": "arrive"},
            {"id": "cook", "stage": "eat", "lane": "backstage"},
            {"id": "greet", "stage": "arrive", "lane": "frontstage"},
            {"id": "pos", "stage": "eat", "lane": "support"},
        ],
        "connections": [{"from": "greet", "to": "walk_in", "kind": "support"}],
    }
    connected = edits.connect_in_order(data)
    # a backstage step in a stage without customer steps serves the last one of the stage before
    lonely = {"stages": [{"id": "a"}, {"id": "b"}], "connections": [], "touchpoints": [
        {"id": "one", "stage": "a"}, {"id": "two", "stage": "a"}, {"id": "prep", "stage": "b", "lane": "backstage"}]}
    assert [(c["from"], c["to"]) for c in edits.connect_in_order(lonely)["connections"]] == [
        ("one", "two"), ("two", "prep")]
    # walk_in→greet is already linked (the other way): left alone; greet→eat crosses the stages; the cook
    # and the till system are in the "eat" stage, whose one customer step is eat
    assert [(c["from"], c["to"], c["kind"]) for c in connected["connections"]] == [
        ("greet", "walk_in", "support"), ("greet", "eat", "flow"), ("eat", "cook", "support"),
        ("eat", "pos", "support")]
    assert data["connections"] == [{"from": "greet", "to": "walk_in", "kind": "support"}]  # not changed in place


# --- two tabs, one step: only what changed is written ------------------------------------------


def form_of(data: dict, touchpoint_id: str, **typed: object) -> tuple[dict, dict]:
    """What a form opened on ``data`` held at first, and the same with ``typed`` changed."""
    [touchpoint] = [tp for tp in data["touchpoints"] if tp["id"] == touchpoint_id]
    shown = {field: touchpoint.get(field) for field in ("name", "stage", "emotion", "friction", "feeling", "channel")}
    return touchpoint, {**shown, **typed}


@pytest.mark.parametrize("order", ["rename first", "feeling first"])
def test_two_forms_on_one_step_keep_both_changes_in_either_order(data: dict, order: str) -> None:
    opened_with, renamed = form_of(data, "wait", name="Waits for the latte")
    _, felt = form_of(data, "wait", feeling="bored")
    edits_in_order = [renamed, felt] if order == "rename first" else [felt, renamed]
    current = data
    for typed in edits_in_order:  # each tab's form was opened on the same version, before either save
        current = edits.update_touchpoint(current, "wait", typed, opened_with)
    wait = current["touchpoints"][1]
    assert (wait["name"], wait["feeling"], wait["emotion"], wait["friction"]) == ("Waits for the latte", "bored", -3, 6)


def test_the_same_field_changed_by_two_forms_is_refused_the_second_time(data: dict) -> None:
    opened_with, first = form_of(data, "wait", name="Waits for the latte")
    _, second = form_of(data, "wait", name="Queues", channel="counter")
    current = edits.update_touchpoint(data, "wait", first, opened_with)
    with pytest.raises(edits.EditConflict) as refused:
        edits.update_touchpoint(current, "wait", second, opened_with)
    assert str(refused.value) == ("Another tab changed the name to 'Waits for the latte' while you were editing; "
                                  "your change was not saved. Check it and save again.")
    assert refused.value.fields == ["name"]
    # the same value typed in both tabs is no conflict; a stage is named as the screen shows it
    _, same = form_of(data, "wait", name="Waits for the latte")
    assert edits.update_touchpoint(current, "wait", same, opened_with)["touchpoints"][1]["name"] == "Waits for the latte"
    moved = edits.update_touchpoint(data, "wait", {"stage": "pay"})
    with pytest.raises(edits.EditConflict, match="changed the stage to 'Pay' while"):
        edits.update_touchpoint(moved, "wait", form_of(data, "wait", stage="gone")[1], opened_with)


def test_the_journey_details_and_a_trait_count_field_by_field(data: dict) -> None:
    shown = copy.deepcopy(data)
    theirs = edits.update_journey_details(data, {"title": "Tiny café, Saturdays"})
    mine = {"title": "Tiny café", "persona": {"name": "Ben", "goals": []}}
    merged = edits.update_journey_details(theirs, mine, shown)
    assert (merged["title"], merged["persona"]) == ("Tiny café, Saturdays", {"name": "Ben"})
    with pytest.raises(edits.EditConflict, match="changed the title to 'Tiny café, Saturdays'"):
        edits.update_journey_details(theirs, {"title": "Tiny café, Sundays"}, shown)
    # automation traits: one each, the other's kept
    scored = edits.update_touchpoint(data, "pay", {"automation": {"rule_based": 5}})
    both = edits.update_touchpoint(scored, "pay", {"automation": {"rule_based": None, "empathy_need": 2}},
                                   journey_to_data(journey_from_data(data))["touchpoints"][2])
    assert both["touchpoints"][2]["automation"] == {"rule_based": 5, "empathy_need": 2}


def test_a_table_edit_writes_only_its_cells_and_refuses_a_cell_changed_meanwhile(data: dict) -> None:
    shown = copy.deepcopy(data)
    theirs = edits.update_touchpoint(data, "wait", {"name": "Waits for the latte", "friction": 8})
    emotion = {"edited_rows": {1: {"emotion": -1.0}}}
    changed = edits.apply_table_delta(theirs, "touchpoints", ids(shown), emotion, shown)
    wait = changed["touchpoints"][1]
    assert (wait["name"], wait["friction"], wait["emotion"]) == ("Waits for the latte", 8, -1)
    renamed = {"edited_rows": {1: {"name": "Queues"}}}
    with pytest.raises(edits.EditConflict, match="changed the name to 'Waits for the latte' while"):
        edits.apply_table_delta(theirs, "touchpoints", ids(shown), renamed, shown)
    stage = {"edited_rows": {0: {"name": "Ordering"}}}
    restaged = edits.apply_table_delta(data, "stages", ["order", "pay"], {"edited_rows": {0: {"name": "Orders"}}}, shown)
    with pytest.raises(edits.EditConflict, match="changed the name to 'Orders'"):
        edits.apply_table_delta(restaged, "stages", ["order", "pay"], stage, shown)
    shared = edits.apply_table_delta(data, "connections", ["ask→wait", "wait→pay"],
                                     {"edited_rows": {0: {"share": 0.5}}}, shown)
    labelled = edits.apply_table_delta(shared, "connections", ["ask→wait", "wait→pay"],
                                       {"edited_rows": {0: {"label": "most"}}}, shown)
    assert labelled["connections"][0] == {"from": "ask", "to": "wait", "kind": "flow", "share": 0.5, "label": "most"}


def test_a_connection_another_tab_added_meanwhile_is_refused_as_such(data: dict) -> None:
    shown = copy.deepcopy(data)
    theirs = edits.add_connection(data, "ask", "pay", "flow", 0.25)
    with pytest.raises(edits.EditConflict, match="Another tab added a flow connection from 'Asks for a latte' to "
                                                 "'Pays by card' \\(25% of customers\\) while you were editing"):
        edits.add_connection(theirs, "ask", "pay", "support", opened_with=shown)
