"""The folder store (journeymap.store.folder): revisions and history beside each ``<name>.json``, crashes
between its writes, old workspaces, removal, locking across threads and processes, and failures in plain
words. Every expected number and sentence is worked out by hand in the comment above it."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.json_file import dumps, loads
from journeymap.model import Journey
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.store import folder as folder_module
from journeymap.store.backend import JourneyNotFound, JourneyStore, Revision, StoreUnavailable
from journeymap.store.changes import BEFORE_HISTORY
from journeymap.store.folder import FolderStore
from journeymap.store.workspace import update_journey, write_journey

ROOT = Path(__file__).resolve().parents[1]


def clinic(*steps: str, title: str = "Dental clinic") -> Journey:
    """A one-stage journey whose steps are named as given (ids: the names in lower case)."""
    return journey_from_data({"title": title, "stages": [{"id": "book", "name": "Book"}], "touchpoints": [
        {"id": name.lower().replace(" ", "_"), "name": name, "stage": "book"} for name in steps]})


def with_step(journey: Journey, step_id: str) -> Journey:
    """The journey with one more step (a change an edit makes, validated like one)."""
    data = journey_to_data(journey)
    data["touchpoints"].append({"id": step_id, "name": step_id, "stage": "book"})
    return journey_from_data(data)


def log_lines(folder: Path, name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / f"{name}.history" / "log.jsonl").read_text().splitlines()]


def test_a_saved_journey_reads_back_as_revision_1(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    assert isinstance(store, JourneyStore) and store.describe() == str(tmp_path)
    saved = store.save("clinic", clinic("Calls", "Waits"), author="Ana")
    loaded = store.load("clinic")
    assert loaded == saved and loaded.journey == clinic("Calls", "Waits")
    assert loaded.text == dumps(clinic("Calls", "Waits")) == (tmp_path / "clinic.json").read_text()
    assert (loaded.revision.number, loaded.revision.author, loaded.revision.summary) == (1, "Ana", "created with 2 steps")
    # the revision's own file holds the same text, an ordinary journey file
    assert (tmp_path / "clinic.history" / "000001.json").read_text() == loaded.text


def test_revisions_count_from_1_and_the_history_is_newest_first(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    before = datetime.now(UTC)
    store.save("clinic", clinic("Calls"), author="Ana")
    store.save("clinic", clinic("Calls", "Waits"), author="Rui")
    store.save("clinic", clinic("Calls", "Waits", title="Clinic"), summary="new title for the poster")
    history = store.history("clinic")
    # the summaries: created with one step; "Waits" added; the third was given
    assert [(r.number, r.author, r.summary) for r in history] == [
        (3, "", "new title for the poster"), (2, "Rui", "added 'Waits'"), (1, "Ana", "created with 1 step")]
    assert all(r.saved_at.utcoffset() is not None and r.saved_at.utcoffset().total_seconds() == 0 for r in history)
    assert before <= history[2].saved_at <= history[1].saved_at <= history[0].saved_at <= datetime.now(UTC)
    assert store.load_revision("clinic", 2).journey == clinic("Calls", "Waits")
    assert store.load_revision("clinic", 1).revision == history[2]


def test_restore_saves_an_old_revision_as_the_newest(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    first = store.save("clinic", clinic("Calls"))
    store.save("clinic", clinic("Calls", "Waits"))
    restored = store.restore("clinic", 1, author="Ana")
    when = first.revision.saved_at.strftime("%Y-%m-%d %H:%M")
    assert (restored.revision.number, restored.revision.author) == (3, "Ana")
    assert restored.revision.summary == f"restored revision 1 (of {when} UTC)"
    assert store.load("clinic").journey == clinic("Calls") and (tmp_path / "clinic.json").read_text() == first.text
    assert [r.number for r in store.history("clinic")] == [3, 2, 1]  # nothing lost


def test_remove_keeps_the_history_and_a_later_save_continues_the_numbers(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"))
    store.save("clinic", clinic("Calls", "Waits"))
    store.save("other", clinic("Pays"))
    store.remove("clinic", author="Ana")
    assert store.names() == ["other"]
    with pytest.raises(JourneyNotFound):
        store.load("clinic")
    moved = list((tmp_path / "removed").glob("clinic-*.json"))
    assert len(moved) == 1 and loads(moved[0].read_text()) == clinic("Calls", "Waits")
    assert [r.number for r in store.history("clinic")] == [2, 1]
    # saved again: revision 3, compared with revision 2 ("Waits" gone, "Pays" added)
    again = store.save("clinic", clinic("Calls", "Pays"))
    assert (again.revision.number, again.revision.summary) == (3, "added 'Pays'; removed 'Waits'")
    assert store.names() == ["clinic", "other"]


def test_an_update_applies_to_the_newest_revision_saved_by_another_store_object(tmp_path: Path) -> None:
    first, second = FolderStore(tmp_path), FolderStore(tmp_path)
    first.save("clinic", clinic("Calls"))
    before, after = second.update("clinic", lambda journey: with_step(journey, "waits"), author="Rui")
    assert before is not None and before.revision.number == 1
    _, newest = first.update("clinic", lambda journey: with_step(journey, "pays"), author="Ana")
    # the second update saw the first one's step: both kept, revisions 2 and 3
    assert [tp.id for tp in first.load("clinic").journey.touchpoints] == ["calls", "waits", "pays"]
    assert (after.revision.number, newest.revision.number, newest.revision.summary) == (2, 3, "added 'pays'")


def test_a_refused_change_saves_nothing(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"))
    text, log = (tmp_path / "clinic.json").read_bytes(), (tmp_path / "clinic.history" / "log.jsonl").read_bytes()

    def refuse(journey: Journey) -> Journey:
        raise JourneyFileError([Problem("name", "is taken")])

    with pytest.raises(JourneyFileError):
        store.update("clinic", refuse)
    assert (tmp_path / "clinic.json").read_bytes() == text
    assert (tmp_path / "clinic.history" / "log.jsonl").read_bytes() == log
    assert sorted(p.name for p in (tmp_path / "clinic.history").iterdir()) == ["000001.json", "log.jsonl"]


def test_what_is_not_there_is_journey_not_found(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    assert store.names() == []
    for attempt in (lambda: store.load("clinic"), lambda: store.history("clinic"),
                    lambda: store.update("clinic", lambda j: j), lambda: store.remove("clinic"),
                    lambda: store.restore("clinic", 1)):
        with pytest.raises(JourneyNotFound):
            attempt()
    store.save("clinic", clinic("Calls"))
    with pytest.raises(JourneyNotFound, match="no revision 2"):
        store.load_revision("clinic", 2)


def test_an_update_of_a_new_journey_starts_from_the_fallback(tmp_path: Path) -> None:
    before, after = FolderStore(tmp_path).update("clinic", lambda j: with_step(j, "waits"), fallback=clinic("Calls"))
    assert before is None and (after.revision.number, after.revision.summary) == (1, "created with 2 steps")


def test_a_workspace_from_before_history_reads_as_revision_1(tmp_path: Path) -> None:
    (tmp_path / "clinic.json").write_text(dumps(clinic("Calls")))
    os.utime(tmp_path / "clinic.json", ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    store = FolderStore(tmp_path)
    # 1,700,000,000 s after 1970 is 2023-11-14 22:13:20 UTC
    [revision] = store.history("clinic")
    assert revision.number == 1 and revision.saved_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert (revision.author, revision.summary) == ("", BEFORE_HISTORY) == ("", "saved before history was kept")
    assert [line["number"] for line in log_lines(tmp_path, "clinic")] == [1]  # recorded on that first read
    assert store.save("clinic", clinic("Calls", "Waits")).revision.number == 2


def test_a_save_of_the_app_without_history_is_recorded_as_a_revision(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"), author="Ana")
    update_journey(tmp_path, "clinic", lambda journey: with_step(journey, "waits"), clinic("Calls"))
    assert [(r.number, r.author, r.summary) for r in store.history("clinic")] == [
        (2, "", "added 'waits'"), (1, "Ana", "created with 1 step")]


def test_a_save_killed_between_the_file_and_the_history_is_repaired_by_the_next_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"), author="Ana")

    class Killed(BaseException):
        """Stands for kill -9: nothing after it runs, not even except-blocks for Exception."""

    def killed(*args: Any) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(FolderStore, "_record", killed)  # after <name>.json, before the revision file
        with pytest.raises(Killed):
            store.save("clinic", clinic("Calls", "Waits"), author="Rui")
    # the history lacks the newest revision: a reader records clinic.json as revision 2, author unknown
    assert len(log_lines(tmp_path, "clinic")) == 1
    loaded = FolderStore(tmp_path).load("clinic")
    assert loaded.journey == clinic("Calls", "Waits")
    assert (loaded.revision.number, loaded.revision.author, loaded.revision.summary) == (2, "", "added 'Waits'")
    assert [line["number"] for line in log_lines(tmp_path, "clinic")] == [1, 2]

    with monkeypatch.context() as patch:
        patch.setattr(folder_module, "_append_line", killed)  # after the revision file, before its log line
        with pytest.raises(Killed):
            store.save("clinic", clinic("Calls", "Waits", "Pays"), author="Rui")
    # 000003.json was written but not logged: the next save records clinic.json as 3, then saves 4
    assert (tmp_path / "clinic.history" / "000003.json").exists() and len(log_lines(tmp_path, "clinic")) == 2
    assert store.save("clinic", clinic("Calls")).revision.number == 4
    assert [(r.number, r.author, r.summary) for r in store.history("clinic")][:2] == [
        (4, "", "removed 'Pays' and 'Waits'"), (3, "", "added 'Pays'")]
    assert store.load_revision("clinic", 3).journey == clinic("Calls", "Waits", "Pays")


def test_a_log_line_cut_short_is_ignored_and_cut_off(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"))
    store.save("clinic", clinic("Calls", "Waits"))
    log = tmp_path / "clinic.history" / "log.jsonl"
    lines = log.read_bytes().splitlines(keepends=True)
    log.write_bytes(lines[0] + lines[1][:30])  # revision 2's line cut short by a killed save
    # revision 2 is missing from the log, so clinic.json is recorded again as revision 2
    assert [(r.number, r.author) for r in store.history("clinic")] == [(2, ""), (1, "")]
    assert [line["number"] for line in log_lines(tmp_path, "clinic")] == [1, 2]  # every line whole


def test_a_save_killed_at_any_moment_leaves_a_readable_store(tmp_path: Path) -> None:
    FolderStore(tmp_path).save("clinic", clinic("Calls"))
    code = ("import sys; from pathlib import Path; from tests.test_store_folder import with_step;"
            "from journeymap.store.folder import FolderStore; store = FolderStore(Path(sys.argv[1]))\n"
            "for i in range(100000): store.update('clinic', lambda j: with_step(j, f'k{i}'))")
    process = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT)
    log, deadline = tmp_path / "clinic.history" / "log.jsonl", time.monotonic() + 60
    while log.read_bytes().count(b"\n") < 15 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # waiting for a condition: at least 14 saves made
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    store = FolderStore(tmp_path)
    newest = store.load("clinic")
    numbers = [r.number for r in store.history("clinic")]
    assert numbers == list(range(len(numbers), 0, -1)) and len(numbers) >= 15
    # the newest revision is clinic.json, and every step saved is in it, in order
    assert newest.text == dumps(loads((tmp_path / "clinic.json").read_bytes())) and newest.revision.number == numbers[0]
    assert [tp.id for tp in newest.journey.touchpoints][1:] == [f"k{i}" for i in range(len(newest.journey.touchpoints) - 1)]


def test_eight_threads_updating_at_once_lose_nothing(tmp_path: Path) -> None:
    FolderStore(tmp_path).save("clinic", clinic("Calls"))
    start = threading.Barrier(8)

    def add(thread: int) -> None:
        store = FolderStore(tmp_path)
        start.wait()
        for i in range(10):
            store.update("clinic", lambda journey: with_step(journey, f"t{thread}-{i}"))

    threads = [threading.Thread(target=add, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    store = FolderStore(tmp_path)
    # revision 1 and 8 x 10 updates: revisions 81 … 1, none missing; the 80 steps and "calls" all there
    assert [r.number for r in store.history("clinic")] == list(range(81, 0, -1))
    ids = {tp.id for tp in store.load("clinic").journey.touchpoints}
    assert ids == {"calls"} | {f"t{thread}-{i}" for thread in range(8) for i in range(10)}


def test_a_folder_that_cannot_be_written_is_store_unavailable_in_plain_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"))

    def read_only(*args: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("journeymap.formats.json_file.write_atomically", read_only)
    with pytest.raises(StoreUnavailable) as raised:
        store.save("clinic", clinic("Calls", "Waits"))
    # failures.could_not's sentence for a read-only folder
    assert str(raised.value) == ("Could not save: the workspace folder is read-only. Nothing typed is lost: "
                                 "start journeymap with --workspace pointing to a folder you can write to.")
    assert store.load("clinic").journey == clinic("Calls") and len(store.history("clinic")) == 1


def test_a_file_where_the_folder_should_be_is_store_unavailable(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "journeys"
    not_a_folder.write_text("")
    store = FolderStore(not_a_folder)
    with pytest.raises(StoreUnavailable, match=r"^Could not save: .*\.$"):
        store.save("clinic", clinic("Calls"))
    with pytest.raises(StoreUnavailable, match=r"^Could not list the journeys in the workspace: Not a directory\."):
        store.names()


def test_an_old_workspace_in_a_read_only_folder_still_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "clinic.json").write_text(dumps(clinic("Calls")))

    def read_only(*args: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(folder_module, "write_atomically", read_only)
    store = FolderStore(tmp_path)
    # revision 1 as it would be recorded; nothing could be written, so there is no log yet
    assert [(r.number, r.summary) for r in store.history("clinic")] == [(1, BEFORE_HISTORY)]
    assert store.load_revision("clinic", 1).journey == clinic("Calls")
    assert not (tmp_path / "clinic.history" / "log.jsonl").exists()


def test_names_are_sorted_journeys_only_and_links_are_refused(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    for name in ("zoo", "Bakery", "clinic"):
        store.save(name, clinic("Calls"))
    store.save("clinic", clinic("Calls", "Waits"))  # a .bak beside it
    store.remove("zoo")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere.json"
    elsewhere.write_text(dumps(clinic("Calls")))
    (tmp_path / "linked.json").symlink_to(elsewhere)
    assert store.names() == ["Bakery", "clinic"]  # not zoo (removed), the link, the .bak or the history folders
    with pytest.raises(JourneyFileError, match="link"):
        store.load("linked")
    (tmp_path / "away.history").symlink_to(tmp_path / "clinic.history")
    with pytest.raises(JourneyFileError, match="link"):
        store.save("away", clinic("Calls"))
    assert not (tmp_path / "away.json").exists()


def test_imported_revisions_keep_their_time_author_and_summary(tmp_path: Path) -> None:
    store = FolderStore(tmp_path)
    when = datetime(2025, 3, 4, 14, 5, tzinfo=UTC)
    # the number given is the source's; the folder numbers on from its own history
    store._import_revision("clinic", dumps(clinic("Calls")), Revision(7, when, "Ana", "created in the database"))
    store._import_revision("clinic", dumps(clinic("Calls", "Waits")), Revision(8, when.replace(hour=15), "Rui", "added 'Waits'"))
    assert [(r.number, r.saved_at, r.author, r.summary) for r in store.history("clinic")] == [
        (2, when.replace(hour=15), "Rui", "added 'Waits'"), (1, when, "Ana", "created in the database")]
    assert store.load("clinic").journey == clinic("Calls", "Waits")


def test_workspace_functions_still_work_beside_the_store(tmp_path: Path) -> None:
    # the app's own save and FolderStore share the lock and the file; the app's write is revision 2
    store = FolderStore(tmp_path)
    store.save("clinic", clinic("Calls"))
    write_journey(tmp_path, "clinic", clinic("Calls", "Pays"))
    assert store.load("clinic").revision.number == 2 and store.load("clinic").journey == clinic("Calls", "Pays")
