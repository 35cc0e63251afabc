"""The workspace folder: links are not followed, and a save killed halfway leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from journeymap.errors import JourneyFileError
from journeymap.formats.json_file import loads
from journeymap.store import workspace

TEXT = '{"title": "Diner", "stages": [{"id": "s", "name": "Order"}]}'
OUTSIDE_TEXT = '{"title": "Someone else\'s file", "stages": [{"id": "s", "name": "Theirs"}]}'


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    inside, outside = tmp_path / "journeys", tmp_path / "elsewhere"
    inside.mkdir()
    outside.mkdir()
    return inside, outside


def test_a_journey_linked_from_elsewhere_is_neither_listed_read_nor_written(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    target = outside / "secret.json"
    target.write_text(OUTSIDE_TEXT, encoding="utf-8")
    (inside / "linked.json").symlink_to(target)
    assert workspace.saved_names(inside) == []
    with pytest.raises(JourneyFileError, match="is a link to somewhere outside the workspace"):
        workspace.read_journey(inside, "linked")
    with pytest.raises(JourneyFileError, match="link"):
        workspace.write_journey(inside, "linked", loads(TEXT))
    with pytest.raises(JourneyFileError, match="link"):
        workspace.update_journey(inside, "linked", lambda journey: journey, loads(TEXT))
    assert target.read_text(encoding="utf-8") == OUTSIDE_TEXT
    assert sorted(path.name for path in outside.iterdir()) == ["secret.json"]


def test_a_linked_backup_is_not_overwritten(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    workspace.write_journey(inside, "diner", loads(TEXT))
    target = outside / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    (inside / "diner.json.bak").symlink_to(target)
    with pytest.raises(JourneyFileError, match="link"):
        workspace.write_journey(inside, "diner", loads(TEXT))
    assert target.read_text(encoding="utf-8") == "keep me"


def test_a_linked_lock_file_creates_nothing_outside(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    (inside / workspace.LOCK_FILE).symlink_to(outside / "planted.lock")
    with pytest.raises(JourneyFileError, match="link"):
        workspace.write_journey(inside, "diner", loads(TEXT))
    assert list(outside.iterdir()) == []
    assert not (inside / "diner.json").exists()


def test_a_linked_removed_folder_moves_nothing_outside(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    workspace.write_journey(inside, "diner", loads(TEXT))
    (inside / workspace.REMOVED_FOLDER).symlink_to(outside, target_is_directory=True)
    with pytest.raises(JourneyFileError, match="link"):
        workspace.remove_journey(inside, "diner")
    assert workspace.saved_names(inside) == ["diner"]
    assert list(outside.iterdir()) == []


def test_a_save_killed_halfway_leaves_a_temporary_file_that_the_next_start_deletes(tmp_path: Path) -> None:
    journey_file = tmp_path / "diner.json"
    journey_file.write_text(TEXT, encoding="utf-8")
    # The process dies between writing the temporary file and renaming it, as under kill -9:
    # no clean-up code runs.
    script = textwrap.dedent(f"""
        import os
        from journeymap.formats.json_file import loads, save
        os.replace = lambda *args: os._exit(9)
        save(loads({TEXT!r}), {str(journey_file)!r})
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 9
    leftovers = sorted(path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp"))
    assert len(leftovers) == 1 and leftovers[0].startswith(".diner.json.bak.")  # died writing the backup
    fresh = tmp_path / ".other.json.abc123.tmp"
    fresh.write_text("{", encoding="utf-8")  # a save happening right now: too young to be a leftover
    old = os.path.getmtime(fresh) - 3600
    for name in leftovers:
        os.utime(tmp_path / name, (old, old))
    assert workspace.clean_interrupted_saves(tmp_path) == leftovers
    assert fresh.exists()
    assert journey_file.read_text(encoding="utf-8") == TEXT  # the journey itself is whole


def test_cleaning_does_not_follow_a_linked_temporary_file(folders: tuple[Path, Path]) -> None:
    inside, outside = folders
    target = outside / "precious.tmp"
    target.write_text("mine", encoding="utf-8")
    (inside / ".trap.json.x.tmp").symlink_to(target)
    assert workspace.clean_interrupted_saves(inside, older_than_s=0) == []
    assert target.read_text(encoding="utf-8") == "mine"
