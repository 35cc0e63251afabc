"""The workshop app when things go wrong: two tabs editing one step, a full disk or read-only workspace,
user text that looks like Markdown, odd upload names, saves killed halfway and links in the workspace."""

from __future__ import annotations

import errno
import html as html_module
import json
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from journeymap.store import failures
from journeymap.store import folder as folder_module
from journeymap.store import workspace as workspace_module
from journeymap.ui.text import markdown_text
from tests.conftest import TINY_JOURNEY
from tests.test_app import html, saved, select, toasts, widget


def shown(app: Any) -> str:
    """The text of the app's own boxes as read on screen (their HTML unescaped)."""
    return html_module.unescape(html(app))

FULL = OSError(errno.ENOSPC, "No space left on device")
READ_ONLY = OSError(errno.EROFS, "Read-only file system")


def fail_saves(monkeypatch: pytest.MonkeyPatch, error: OSError) -> None:
    """Every write of the workspace fails as the disk would: saves, copies, moves and the lock."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise error

    @contextmanager
    def no_lock(folder: Path) -> Iterator[None]:
        raise error
        yield  # pragma: no cover - never reached

    monkeypatch.setattr(workspace_module, "save", refuse)
    monkeypatch.setattr(workspace_module, "_locked", no_lock)
    # the app saves through the folder store, which takes the same lock and writes the same way
    monkeypatch.setattr(folder_module, "save", refuse)
    monkeypatch.setattr(folder_module, "_locked", no_lock)


@pytest.fixture
def read_only(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The workspace folder made read-only (chmod 0o555). Root writes through that, as the tests here
    run: then every write of the workspace fails with EROFS instead, as on a read-only mount. Yields
    which of the two it is."""
    workspace.mkdir(parents=True, exist_ok=True)
    os.chmod(workspace, 0o555)
    try:
        probe = workspace / "probe"
        try:
            probe.write_text("x", encoding="utf-8")
        except OSError:
            yield "chmod"
            return
        probe.unlink()  # root: chmod does not stop writes
        fail_saves(monkeypatch, READ_ONLY)
        monkeypatch.setattr(failures, "write_problem", lambda folder: READ_ONLY)
        yield "monkeypatched"
    finally:
        os.chmod(workspace, 0o755)


# --- two tabs editing one step ------------------------------------------------------------------


def test_two_tabs_editing_different_fields_of_one_step_both_keep_their_change(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    renaming = select(start_app(journey="tiny", page="Build"), "wait")
    feeling = select(start_app(journey="tiny", page="Build"), "wait")  # opened before the rename is saved
    widget(renaming, "text_input", "tp_wait_name").input("Waits for the latte")
    widget(renaming, "button", "tp_wait_save").click()
    renaming.run()
    widget(feeling, "text_input", "tp_wait_feeling").input("bored")
    widget(feeling, "button", "tp_wait_save").click()
    feeling.run()
    assert not feeling.exception
    wait = saved(workspace)["touchpoints"][1]
    assert (wait["name"], wait["feeling"], wait["friction"]) == ("Waits for the latte", "bored", 6)
    assert "Another tab" not in html(feeling)


def test_the_other_order_keeps_both_changes_too(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    renaming = select(start_app(journey="tiny", page="Build"), "wait")
    feeling = select(start_app(journey="tiny", page="Build"), "wait")
    widget(feeling, "text_input", "tp_wait_feeling").input("bored")
    widget(feeling, "slider", "tp_wait_emotion").set_value(-4.0)
    widget(feeling, "button", "tp_wait_save").click()
    feeling.run()
    widget(renaming, "text_input", "tp_wait_name").input("Waits for the latte")
    widget(renaming, "button", "tp_wait_save").click()
    renaming.run()
    assert not renaming.exception
    wait = saved(workspace)["touchpoints"][1]
    assert (wait["name"], wait["feeling"], wait["emotion"]) == ("Waits for the latte", "bored", -4)


def test_the_same_field_changed_in_another_tab_is_refused_saying_what_it_set(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    first = select(start_app(journey="tiny", page="Build"), "wait")
    second = select(start_app(journey="tiny", page="Build"), "wait")
    widget(first, "text_input", "tp_wait_name").input("Waits for the latte")
    widget(first, "button", "tp_wait_save").click()
    first.run()
    widget(second, "text_input", "tp_wait_name").input("Queues")
    widget(second, "text_input", "tp_wait_channel").input("counter")
    widget(second, "button", "tp_wait_save").click()
    second.run()
    assert not second.exception
    assert ("Another tab changed the name to 'Waits for the latte' while you were editing; your change was not "
            "saved. Check it and save again.") in shown(second)
    wait = saved(workspace)["touchpoints"][1]
    assert (wait["name"], wait.get("channel")) == ("Waits for the latte", None)  # nothing of it was written
    # what this person typed is still in the form; the rest shows the newest version
    assert widget(second, "text_input", "tp_wait_name").value == "Queues"
    assert widget(second, "text_input", "tp_wait_channel").value == "counter"
    widget(second, "button", "tp_wait_save").click()  # checked: saving again means it
    second.run()
    wait = saved(workspace)["touchpoints"][1]
    assert (wait["name"], wait["channel"]) == ("Queues", "counter")


def test_journey_details_from_two_tabs_both_survive(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    titling = start_app(journey="tiny", page="Build")
    persona = start_app(journey="tiny", page="Build")
    widget(titling, "text_input", "details_title").input("Tiny café, Saturdays")
    widget(titling, "button", "details_save").click()
    titling.run()
    widget(persona, "text_input", "details_persona").input("Ben")
    widget(persona, "button", "details_save").click()
    persona.run()
    data = saved(workspace)
    assert (data["title"], data["persona"]["name"]) == ("Tiny café, Saturdays", "Ben")
    # the same field again: refused, and the typed title stays in the form
    widget(persona, "text_input", "details_title").input("Tiny café")  # persona's tab shows the new title now
    widget(titling, "text_input", "details_title").input("Tiny café, Sundays")
    widget(titling, "button", "details_save").click()
    titling.run()
    widget(persona, "button", "details_save").click()
    persona.run()
    assert "Another tab changed the title to 'Tiny café, Sundays' while you were editing" in shown(persona)
    assert saved(workspace)["title"] == "Tiny café, Sundays"
    assert widget(persona, "text_input", "details_title").value == "Tiny café"


# --- a full disk, a read-only workspace ---------------------------------------------------------


def test_undo_on_a_full_disk_says_so_and_keeps_the_undo_step(tiny_file: Path, workspace: Path, start_app: Any,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = select(start_app(journey="tiny", page="Build"), "wait")
    widget(app, "button", "tp_action_wait_delete").click()
    app.run()
    after_delete = tiny_file.read_text(encoding="utf-8")
    with monkeypatch.context() as patch:
        fail_saves(patch, FULL)
        app.button(key="undo").click().run()
        assert not app.exception
        assert "Could not undo: the disk is full. Nothing is lost: free some space and try again." in html(app)
        assert tiny_file.read_text(encoding="utf-8") == after_delete
        assert not app.button(key="undo").disabled
    app.button(key="undo").click().run()  # space freed: the same undo works
    assert [tp["id"] for tp in saved(workspace)["touchpoints"]] == ["ask", "wait", "pay"]


def test_opening_a_copy_of_the_sample_on_a_read_only_workspace_says_so(
        tiny_file: Path, workspace: Path, start_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = start_app(journey="tiny")
    fail_saves(monkeypatch, READ_ONLY)
    widget(app, "selectbox", "sample_choice_").set_value("diner")
    app.button(key="open_sample").click().run()
    assert not app.exception
    assert ("Could not open a copy of the sample: the workspace folder is read-only. Nothing is lost: start "
            "journeymap with --workspace pointing to a folder you can write to.") in html(app)
    assert "Tiny café" in html(app)
    assert not (workspace / "diner.json").exists()


def test_an_upload_on_a_full_disk_says_so(tiny_file: Path, workspace: Path, start_app: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    app = start_app(journey="tiny")
    fail_saves(monkeypatch, FULL)
    app.file_uploader[0].set_value(("bakery.json", json.dumps(TINY_JOURNEY).encode(), "application/json"))
    app.run()
    assert not app.exception
    assert "Could not open bakery.json: the disk is full. Nothing is lost: free some space and try again." in html(app)
    assert "Tiny café" in html(app)


def test_a_new_journey_on_a_full_disk_keeps_the_form(workspace: Path, start_app: Any,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    app = start_app()
    fail_saves(monkeypatch, FULL)
    app.text_input(key="new_title").input("Bakery")
    app.button(key="create_journey").click().run()
    assert not app.exception
    assert "Could not create the journey: the disk is full." in html(app)
    assert app.text_input(key="new_title").value == "Bakery"


def test_removing_a_journey_on_a_read_only_workspace_says_so(tiny_file: Path, workspace: Path, start_app: Any,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    app = start_app(journey="tiny")
    fail_saves(monkeypatch, READ_ONLY)
    app.button(key="remove_journey").click().run()
    assert not app.exception
    assert "Could not remove “tiny”: the workspace folder is read-only." in html(app)
    assert tiny_file.exists() and "Tiny café" in html(app)


def test_a_read_only_workspace_is_said_at_the_start_and_its_map_shown(tiny_file: Path, workspace: Path,
                                                                      start_app: Any, read_only: str) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = start_app(journey="tiny")
    assert not app.exception
    assert "Changes cannot be saved: " in html(app) and "The journeys in it can still be viewed" in html(app)
    assert "Tiny café" in html(app)  # the map is there, to look at
    assert any("-journey_map_" in chart.proto.id for chart in app.get("vega_lite_chart"))
    app = select(start_app(journey="tiny", page="Build"), "wait")
    widget(app, "slider", "tp_wait_friction").set_value(2.0)
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert not app.exception
    assert "Could not save: " in html(app) and "Nothing typed is lost" in html(app)
    assert widget(app, "slider", "tp_wait_friction").value == 2.0
    assert tiny_file.read_text(encoding="utf-8") == before


def test_an_empty_read_only_workspace_starts_with_a_message_not_a_traceback(workspace: Path, start_app: Any,
                                                                           read_only: str) -> None:
    app = start_app()
    assert not app.exception
    assert "Could not copy diner.json into the workspace: " in html(app)
    assert "Changes cannot be saved: " in html(app)
    assert not (workspace / "diner.json").exists()


def test_the_write_probe_finds_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert failures.write_problem(tmp_path) is None
    def full(descriptor: int) -> None:
        raise FULL
    monkeypatch.setattr(failures.os, "fsync", full)
    assert failures.write_problem(tmp_path) is FULL
    assert list(tmp_path.iterdir()) == []  # the probe file is gone again


# --- user text that looks like Markdown ---------------------------------------------------------

MARKUP_TITLE = "**bold** :red[red] $x^2$ [link](http://evil.example) <b>x</b> :smile:"


def test_the_toast_after_removing_a_journey_shows_the_title_as_typed(workspace: Path, start_app: Any) -> None:
    workspace.mkdir(parents=True)
    for name in ("tiny", "tiny-2"):
        (workspace / f"{name}.json").write_text(json.dumps({**TINY_JOURNEY, "title": MARKUP_TITLE}), encoding="utf-8")
    app = start_app(journey="tiny-2")
    app.button(key="remove_journey").click().run()
    assert not app.exception
    [now_showing] = [toast.value for toast in app.toast if "Now showing" in toast.value]
    assert markdown_text(MARKUP_TITLE) in now_showing
    assert re.search(r"(?<!\\)[*\[\]$<>:]", now_showing) is None  # every mark of markup escaped
    assert ":smile:" not in now_showing.replace("\\", "")  # and no emoji code, even unescaped
    assert f"Now showing “tiny” ({MARKUP_TITLE})." in toasts(app)  # and it reads as typed


# --- upload names -------------------------------------------------------------------------------


@pytest.mark.parametrize(("file_name", "opened_as"), [
    ("tea\x00m.json", "tea_m"),
    ("../../etc/passwd.json", "passwd"),
    ("C:\\Users\\ana\\bakery.json", "bakery"),
    ("\x07be\u202ell\n.json", "bell"),
    ("x" * 5000 + ".json", "x" * 40),
])
def test_an_upload_with_an_odd_name_opens_and_the_uploader_keeps_working(
        tiny_file: Path, workspace: Path, start_app: Any, file_name: str, opened_as: str) -> None:
    app = start_app(journey="tiny")
    app.file_uploader[0].set_value((file_name, json.dumps({**TINY_JOURNEY, "title": "Odd"}).encode(), "text/plain"))
    app.run()
    assert not app.exception
    assert saved(workspace, opened_as)["title"] == "Odd"
    assert app.query_params["journey"] == opened_as
    app.file_uploader[0].set_value(("next.json", json.dumps({**TINY_JOURNEY, "title": "Next"}).encode(), "text/plain"))
    app.run()  # the uploader still works
    assert not app.exception
    assert saved(workspace, "next")["title"] == "Next"


def test_an_upload_of_a_format_journeymap_does_not_read_is_refused_with_the_list(
        tiny_file: Path, start_app: Any) -> None:
    app = start_app(journey="tiny")
    app.file_uploader[0].set_value(("notes\x00.txt", b"hello", "text/plain"))
    app.run()
    assert not app.exception
    assert "Could not open notes.txt" in html(app) and "journeymap reads .json, .mmd, .csv, .zip, .xlsx" in html(app)


# --- saves killed halfway, links ----------------------------------------------------------------


def test_the_first_run_deletes_what_killed_saves_left_and_nothing_else(tiny_file: Path, workspace: Path,
                                                                      start_app: Any) -> None:
    journey_text = tiny_file.read_bytes()
    stale = workspace / ".x.json.abc.tmp"
    stale.write_text("{", encoding="utf-8")
    two_minutes_ago = time.time() - 120
    os.utime(stale, (two_minutes_ago, two_minutes_ago))
    young = workspace / ".y.json.def.tmp"  # a save of another session, right now
    young.write_text("{", encoding="utf-8")
    start_app(journey="tiny")
    assert not stale.exists()
    assert young.exists()
    assert tiny_file.read_bytes() == journey_text


def test_links_in_the_workspace_are_messages_not_tracebacks(tiny_file: Path, workspace: Path, start_app: Any,
                                                           tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.json").write_text(json.dumps({**TINY_JOURNEY, "title": "Not ours"}), encoding="utf-8")
    (workspace / "linked.json").symlink_to(elsewhere / "secret.json")
    link_message = "is a link to somewhere outside the workspace"
    # the journey named in the address is a link
    app = start_app(journey="linked")
    assert not app.exception
    assert link_message in html(app) and "Not ours" not in html(app)
    # the sample's copy would be written through a link
    (workspace / "diner.json").unlink()  # the copy opened instead just now
    (workspace / "diner.json").symlink_to(elsewhere / "planted.json")
    app = start_app(journey="tiny")
    widget(app, "selectbox", "sample_choice_").set_value("diner")
    app.button(key="open_sample").click().run()
    assert not app.exception
    assert f"Could not open a copy of the sample: diner.json: {link_message}" in html(app)
    assert not (elsewhere / "planted.json").exists()
    # removal would move the journey out through a linked removed/ folder
    (workspace / workspace_module.REMOVED_FOLDER).symlink_to(elsewhere, target_is_directory=True)
    app.button(key="remove_journey").click().run()
    assert not app.exception
    assert f"removed: {link_message}" in html(app)
    assert tiny_file.exists() and sorted(path.name for path in elsewhere.iterdir()) == ["secret.json"]


def test_an_open_journey_replaced_by_a_link_is_neither_read_nor_written(tiny_file: Path, workspace: Path,
                                                                       start_app: Any, tmp_path: Path) -> None:
    app = select(start_app(journey="tiny", page="Build"), "wait")
    outside = tmp_path / "theirs.json"
    outside.write_text(json.dumps({**TINY_JOURNEY, "title": "Not ours"}), encoding="utf-8")
    tiny_file.unlink()
    tiny_file.symlink_to(outside)
    widget(app, "slider", "tp_wait_friction").set_value(1.0)
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert not app.exception
    assert "Could not save: tiny.json: is a link to somewhere outside the workspace" in html(app)
    assert json.loads(outside.read_text(encoding="utf-8"))["title"] == "Not ours"  # untouched
    assert "Not ours" not in html(app)


def test_a_journey_too_big_to_draw_shows_why_and_its_table_not_a_map(workspace: Path, start_app: Any) -> None:
    # 1,001 steps in a chain: past the drawing limit of 1,000, so the Map tab must not start a
    # drawing that would hold the session for minutes; it says why and lists the steps instead.
    import json

    steps = [{"id": f"t{i}", "name": f"Step {i}", "stage": "s"} for i in range(1001)]
    chain = [{"from": f"t{i}", "to": f"t{i + 1}"} for i in range(1000)]
    workspace.mkdir(parents=True, exist_ok=True)
    (workspace / "big.json").write_text(json.dumps({"title": "Big", "stages": [{"id": "s", "name": "All"}],
                                                    "touchpoints": steps, "connections": chain}), encoding="utf-8")
    app = start_app(journey="big", page="Map")
    texts = "\n".join(element.proto.body for element in app.get("html"))
    assert "This journey has 1,001 touchpoints: maps are drawn for at most 1,000 touchpoints" in texts
    assert not app.get("vega_lite_chart")  # neither the map nor the emotion curve is drawn
    (table,) = app.dataframe  # the steps by lane and stage, in place of the drawing
    assert table.value.loc["Customer", "All"].splitlines()[-1] == "Step 1000"
