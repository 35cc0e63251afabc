"""The app on a store with history: who saved (``?by=``), the History tab, restoring a version, and a
store that cannot be reached — on the workspace folder and on a SQLite database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from journeymap.model.validation import journey_from_data
from journeymap.store.backend import StoreUnavailable
from journeymap.store.folder import FolderStore
from journeymap.store.opening import open_store
from journeymap.store.sql import SqlStore
from tests.conftest import APP_FILE, TINY_JOURNEY
from tests.test_app import html, select, toasts, widget


@pytest.fixture(params=["folder", "sqlite"])
def location(request: pytest.FixtureRequest, workspace: Path, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> str:
    """Where the app keeps journeys, with the tiny journey saved once (revision 1, no author)."""
    if request.param == "folder":
        where = str(workspace)
    else:
        where = f"sqlite:///{tmp_path / 'team.db'}"
        monkeypatch.setenv("JOURNEYMAP_DATABASE_URL", where)
    store = open_store(where)
    store.save("tiny", journey_from_data(TINY_JOURNEY))
    if isinstance(store, SqlStore):
        store.close()
    return where


def start(page: str, by: str | None = "Ana") -> AppTest:
    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.query_params["journey"] = "tiny"
    app.query_params["page"] = page
    if by is not None:
        app.query_params["by"] = by
    app.run()
    assert not app.exception, app.exception
    return app


def edit_friction(app: AppTest, value: float) -> None:
    app = select(app, "wait")
    widget(app, "slider", "tp_wait_friction").set_value(value)
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert not app.exception, app.exception


def history_rows(app: AppTest) -> list[dict[str, Any]]:
    (table,) = [frame for frame in app.dataframe if "What changed" in frame.value.columns]
    return table.value.to_dict("records")


def drawn_friction(app: AppTest) -> dict[str, str]:
    """The friction each step shows on the one map drawn (its tooltips), read from the chart's data."""
    (chart,) = app.get("vega_lite_chart")
    (steps,) = [data for data in chart.proto.datasets if data.name == "touchpoints"]
    rows = pa.ipc.open_stream(steps.data.data).read_all().to_pylist()
    return {row["id"]: row["tip_friction"] for row in rows}


def test_an_edit_is_a_revision_by_the_name_in_the_address_and_restoring_brings_back_the_first(location: str) -> None:
    app = start("Build")
    assert app.text_input(key="author_name").value == "Ana"  # read back from the address
    edit_friction(app, 2.0)  # "Waits at the bar": friction 6 → 2
    store = open_store(location)
    newest = store.history("tiny")[0]
    # revision 1 is the save above; the form's save is revision 2, by Ana, naming what it changed
    assert (newest.number, newest.author, newest.summary) == (2, "Ana", "friction of 'Waits at the bar' 6 → 2")

    app.query_params["page"] = "History"
    app.session_state["page"] = "History"
    app.run()
    assert not app.exception
    rows = history_rows(app)
    assert [row["Version"] for row in rows] == [2, 1]  # newest first
    assert rows[0]["By"] == "Ana" and rows[0]["What changed"] == "friction of 'Waits at the bar' 6 → 2"
    assert rows[1]["By"] == "—"  # saved without a name
    assert rows[0]["Saved"].endswith(" UTC")

    # the newest is chosen first: its map (friction 2) and no restore button (it is the newest)
    assert drawn_friction(app)["wait"] == "2 / 10"
    assert "restore_revision" not in [button.key for button in app.button]
    app.selectbox(key="history_choice_tiny").set_value(1).run()
    assert not app.exception
    # revision 1 drawn as it was (friction 6), read-only: the chart is no widget, so clicks send nothing
    assert drawn_friction(app)["wait"] == "6 / 10"
    (chart,) = app.get("vega_lite_chart")
    assert not chart.proto.id and not chart.proto.selection_mode
    app.button(key="restore_revision").click().run()
    assert not app.exception
    assert "Restored revision 1 as revision 3." in toasts(app)
    # revision 3 is revision 1 again (friction 6), and nothing was lost: 3 revisions, the newest by Ana
    assert store.load("tiny").text == store.load_revision("tiny", 1).text
    assert [(r.number, r.author) for r in store.history("tiny")][:1] == [(3, "Ana")]
    assert store.load("tiny").journey.touchpoints[1].friction == 6
    assert [row["Version"] for row in history_rows(app)] == [3, 2, 1]
    # the open journey on screen is revision 3 too: the Build tab's form shows friction 6 again
    app.query_params["page"] = "Build"
    app.session_state["page"] = "Build"
    app.run()
    assert widget(select(app, "wait"), "slider", "tp_wait_friction").value == 6
    # Undo goes back to the version before the restore (friction 2), as one more revision: 4
    app.button(key="undo").click().run()
    assert not app.exception
    assert store.newest_number("tiny") == 4 and store.load("tiny").journey.touchpoints[1].friction == 2
    if isinstance(store, SqlStore):
        store.close()


def test_without_a_name_changes_are_saved_with_none_and_a_name_typed_is_kept_in_the_address(location: str) -> None:
    app = start("Build", by=None)
    assert app.text_input(key="author_name").value == ""
    edit_friction(app, 3.0)
    store = open_store(location)
    assert store.history("tiny")[0].author == ""
    app.text_input(key="author_name").input("Bo").run()
    assert app.query_params["by"] == "Bo"  # kept in the address: a refresh keeps it
    edit_friction(app, 4.0)
    assert store.history("tiny")[0].author == "Bo"
    if isinstance(store, SqlStore):
        store.close()


def test_a_name_the_history_cannot_hold_is_refused_and_not_saved(workspace: Path, tiny_file: Path) -> None:
    app = start("Build", by=None)
    app.text_input(key="author_name").input("Ana\x1b").run()
    assert not app.exception
    assert "Your name contains the control character U+001B" in html(app)
    assert "by" not in app.query_params
    edit_friction(app, 2.0)
    assert FolderStore(workspace).history("tiny")[0].author == ""


def test_a_store_that_cannot_be_reached_says_so_and_keeps_what_was_typed(
        workspace: Path, tiny_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = start("Build")
    sentence = "The database at postgresql+psycopg://u:***@db/x cannot be reached: connection refused. Check that it is running."

    def away(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable(sentence)

    monkeypatch.setattr(FolderStore, "update", away)
    app = select(app, "wait")
    widget(app, "slider", "tp_wait_friction").set_value(2.0)
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert not app.exception
    assert sentence in html(app)  # the store's own sentence, shown as is
    assert widget(app, "slider", "tp_wait_friction").value == 2.0  # what was typed is still there
    assert FolderStore(workspace).load("tiny").journey.touchpoints[1].friction == 6


def test_a_database_that_cannot_be_reached_at_the_start_is_said_without_a_traceback_or_password(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # port 1 on this computer: nothing listens, so every connection is refused at once
    monkeypatch.setenv("JOURNEYMAP_DATABASE_URL", "postgresql+psycopg://u:secret@127.0.0.1:1/x")
    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.run()
    assert not app.exception
    shown = html(app)
    assert "The database at postgresql+psycopg://u:***@127.0.0.1:1/x cannot be reached" in shown
    assert "secret" not in shown
    assert "No journey is open yet" in shown  # the sample could not be copied in: an empty screen, no crash
