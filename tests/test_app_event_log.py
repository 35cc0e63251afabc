"""The app's "From an event log": upload a log in the sidebar, see its first rows and the guessed column of
each role, choose goals, a mapping and how much to keep, see the map it makes, save it as a new journey.

The café's figures are those of tests/mining_logs.py, worked out there by hand.
"""

from __future__ import annotations

from html import unescape
from pathlib import Path
from typing import Any

from journeymap.formats.json_file import load
from tests.mining_logs import CAFE_ROWS, CLINIC, SHOP, SHOP_MAPPING, csv_text
from tests.test_app import html, saved, table_with, toasts

CAFE = csv_text(CAFE_ROWS).encode()


def uploaded(start_app: Any, content: bytes, name: str = "cafe.csv", journey: str | None = "tiny") -> Any:
    app = start_app(journey=journey)
    app.file_uploader(key="event_log_upload_0").set_value((name, content, "text/csv"))
    app.run()
    assert not app.exception, app.exception
    return app


def roles(app: Any) -> dict[str, Any]:
    return {box.key.removeprefix("event_log_role_"): box.value for box in app.selectbox
            if box.key and box.key.startswith("event_log_role_")}


def shown(app: Any) -> str:
    """The app's messages as the browser shows them (their HTML escapes read)."""
    return unescape(html(app))


def texts(app: Any) -> list[str]:
    return [text.value for text in app.text]


def test_an_uploaded_log_shows_its_rows_the_guessed_columns_and_the_map(tiny_file: Path, workspace: Path,
                                                                       start_app: Any) -> None:
    app = uploaded(start_app, CAFE)
    rows = table_with(app, "Timestamp")
    assert list(rows.columns) == ["Case ID", "Activity", "Timestamp", "Resource"]
    assert rows.iloc[0].tolist() == ["c4", "Order", "2024-03-17 12:00:00", "Kim"]  # the file's first row
    assert roles(app) == {"case": "Case ID", "activity": "Activity", "timestamp": "Timestamp", "lifecycle": None,
                          "resource": "Resource"}
    assert ("4 steps, 4 connections from 11 events in 4 cases; the map covers 100% of the cases and 100% of the "
            "events") in texts(app)
    steps = table_with(app, "Retries")
    assert steps[["Step", "Visits", "Starts here", "Ends here", "Retries", "Median wait"]].to_dict("records") == [
        {"Step": "Browse", "Visits": 3, "Starts here": 3, "Ends here": 0, "Retries": 0, "Median wait": ""},
        {"Step": "Order", "Visits": 5, "Starts here": 1, "Ends here": 1, "Retries": 1, "Median wait": "20 min"},
        {"Step": "Pay", "Visits": 3, "Starts here": 0, "Ends here": 3, "Retries": 0, "Median wait": "5 min"},
    ]
    assert len(app.get("vega_lite_chart")) == 1  # the map, as it would be saved
    assert "No goal was given" in html(app)
    assert app.text_input(key="event_log_title").value == "Journey mined from cafe.csv"  # the upload's name
    assert not (workspace / "cafe.json").exists()  # nothing is saved before Save


def test_saving_makes_a_new_journey_with_the_goals_and_title(tiny_file: Path, workspace: Path,
                                                             start_app: Any) -> None:
    app = uploaded(start_app, CAFE)
    app.multiselect(key="event_log_goals").set_value(["Pay"]).run()
    app.text_input(key="event_log_title").input("Our café, measured").run()
    assert "No goal was given" not in html(app)
    app.button(key="event_log_save").click().run()
    assert not app.exception, app.exception
    data = saved(workspace, "cafe")
    assert data["title"] == "Our café, measured"
    assert [(t["id"], t.get("goal", False)) for t in data["touchpoints"]] == [
        ("browse", False), ("order", False), ("order-again", False), ("pay", True)]
    assert {(c["from"], c["to"]): c["share"] for c in data["connections"]} == {
        ("browse", "order"): 1, ("order", "pay"): 0.6, ("order", "order-again"): 0.2, ("order-again", "order"): 1}
    assert "Mined from the event log cafe.csv (11 events, 4 cases" in data["description"]
    assert load(workspace / "cafe.json").customers_per_week == 2
    assert "Saved the journey mined from cafe.csv as “cafe”." in toasts(app)
    assert not [box for box in app.selectbox if box.key and box.key.startswith("event_log_role_")]  # page closed
    assert tiny_file.exists()


def test_columns_journeymap_cannot_guess_are_chosen(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    log = b"who,what,when\n1,Ask,2024-01-01 10:00\n1,Pay,2024-01-01 10:05\n2,Ask,2024-01-02 10:00\n"
    app = uploaded(start_app, log, "own.csv")
    assert roles(app) == {"case": None, "activity": None, "timestamp": "when", "lifecycle": None, "resource": None}
    assert "Choose the column of the case and the activity to see the map." in html(app)
    app.selectbox(key="event_log_role_case").set_value("who").run()
    app.selectbox(key="event_log_role_activity").set_value("what").run()
    assert not app.exception, app.exception
    assert table_with(app, "Retries")["Step"].tolist() == ["Ask", "Pay"]


def test_an_optional_column_can_be_set_to_none(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = uploaded(start_app, CLINIC.encode(), "clinic.csv")
    assert roles(app)["lifecycle"] == "lifecycle"
    assert table_with(app, "Staff minutes")["Staff minutes"].tolist() == [10, 25]  # (12 + 8) / 2, (30 + 20) / 2
    app.selectbox(key="event_log_role_lifecycle").select_index(0).run()  # "none"
    assert not app.exception, app.exception
    steps = table_with(app, "Staff minutes")
    # every event a visit now: k1 Check Check Fix Fix, k2 Check Check Fix Fix Fix: retries, no staff time
    assert steps["Retries"].tolist() == [2, 3] and steps["Staff minutes"].isna().all()


def test_a_mapping_file_and_leaving_off_rare_steps(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = uploaded(start_app, SHOP.encode(), "shop.csv")
    assert len(table_with(app, "Retries")) == 7  # every activity its own step (Call retried: its companion too)
    app.file_uploader(key="event_log_mapping_1").set_value(("map.csv", SHOP_MAPPING.encode(), "text/csv")).run()
    assert not app.exception, app.exception
    assert table_with(app, "Retries")["Step"].tolist() == ["Contact us", "Pay", "Visit the shop"]
    assert "The mapping names 1 activity the log does not have: 'Refund'." in shown(app)
    # Pay and Visit the shop: 2 cases of 3 each, so at 50% they stay; the top 1 is Contact us (3 of 3)
    app.slider(key="event_log_min_share").set_value(50).run()
    assert table_with(app, "Retries")["Step"].tolist() == ["Contact us", "Pay", "Visit the shop"]
    app.number_input(key="event_log_top").set_value(1).run()
    assert table_with(app, "Retries")["Step"].tolist() == ["Contact us"]
    assert any("the map covers 0% of the cases" in text for text in texts(app))


def test_a_bad_log_is_told_by_row_with_the_uploads_name(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = uploaded(start_app, b"case,activity,timestamp\n1,A,2024-03-01 10:00\n1,B,yesterday\n", "till.csv")
    assert ("Could not mine till.csv:\n• row 3: time 'yesterday' (column 'timestamp') is not a date and time "
            "journeymap reads; write it like 2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00") in shown(app)
    app.button(key="event_log_cancel").click().run()
    assert not app.exception, app.exception
    assert "Could not mine" not in html(app)
    assert app.tabs  # the open journey's tabs are back


def test_a_file_that_is_no_log_is_refused_in_the_sidebar(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = uploaded(start_app, b"{}", "journey.json")
    assert ("journey.json: is not an event log journeymap reads: give a .csv (or .tsv, .txt), .parquet, .xes or "
            ".xes.gz file") in shown(app)
    assert app.tabs and not roles(app)  # the map stays on screen


def test_cancel_forgets_the_log_and_its_kept_file(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = uploaded(start_app, CAFE)
    kept = Path(app.session_state["event_log"]["path"])
    assert kept.read_bytes() == CAFE
    app.button(key="event_log_cancel").click().run()
    assert not kept.exists() and "event_log" not in app.session_state
    assert sorted(path.name for path in workspace.glob("*.json")) == ["tiny.json"]


def test_a_log_can_be_mined_in_an_empty_workspace(workspace: Path, start_app: Any) -> None:
    app = start_app()  # the first start opens a copy of the diner; remove nothing, just mine beside it
    app.file_uploader(key="event_log_upload_0").set_value(("cafe.csv", CAFE, "text/csv")).run()
    app.button(key="event_log_save").click().run()
    assert not app.exception, app.exception
    assert (workspace / "cafe.json").exists()
