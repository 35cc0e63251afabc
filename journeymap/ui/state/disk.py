"""Following the disk: what another tab saved or removed since this tab last read or saved the journey."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from journeymap.errors import JourneyFileError
from journeymap.store import failures, workspace
from journeymap.ui.state.session import close, current, folder, forget_undo, messages, notify, put, set_problems, show

__all__ = ["changed_on_disk", "let_go", "removed_elsewhere", "sync_with_disk"]


def changed_on_disk() -> bool:
    """Whether the open journey's file was written since this tab last read or saved it."""
    opened = current()
    if opened is None:
        return False
    return workspace.modified_ns(workspace.journey_path(folder(), opened.name)) != opened.modified_ns


def removed_elsewhere(opened: workspace.OpenedFile) -> Path | None:
    """Where the open journey went if another tab removed it from the workspace since this tab last
    read or saved it (moving keeps a file's time: this tab's last save or later); else None."""
    if workspace.journey_path(folder(), opened.name).exists():
        return None
    copies = workspace.removed_copies(folder(), opened.name)
    return copies[0] if copies and copies[0].stat().st_mtime_ns >= opened.modified_ns else None


def let_go(notice: str) -> None:
    """Clear the screen of a journey that is no longer in the workspace, saying why."""
    close()
    notify(notice)


def sync_with_disk() -> None:
    """Show what another tab (or a restart) saved: reload the journey if its file changed on disk."""
    opened = current()
    if opened is None:
        return
    stamp = workspace.modified_ns(workspace.journey_path(folder(), opened.name))
    if stamp == opened.modified_ns:
        return
    if stamp is None:
        _gone(opened)
    else:
        _reload(opened, stamp)


def _gone(opened: workspace.OpenedFile) -> None:
    """The file is no longer there: removed in another tab (let it go), or deleted behind our back."""
    removed = removed_elsewhere(opened)
    if removed is not None:
        let_go(f"“{opened.name}” was removed from the workspace in another tab "
               f"(kept as {workspace.REMOVED_FOLDER}/{removed.name}).")
        return
    # deleted behind our back: write back what is on screen, nothing is lost
    try:
        put(workspace.write_journey(folder(), opened.name, opened.journey))
    except OSError as error:
        set_problems("open", [failures.could_not(f"save “{opened.name}” again (its file was deleted)", error,
                                                 "What is on screen is kept")])
    except JourneyFileError as error:  # a link put where the file was
        set_problems("open", messages(error))


def _reload(opened: workspace.OpenedFile, stamp: int) -> None:
    """Read the file written since; a file that is no longer valid leaves the last good version on screen."""
    try:
        fresh = workspace.read_journey(folder(), opened.name)
    except JourneyFileError as error:
        set_problems("open", [f"The saved file changed on disk and is no longer a valid journey; "
                              f"showing the last good version (your next change saves it). {line}"
                              for line in messages(error)[:3]])
        put(workspace.OpenedFile(opened.name, opened.journey, opened.text, stamp))
        return
    if fresh.text != opened.text:
        # this tab's undo steps are whole earlier versions: undoing one now would throw the other tab's
        # change away, so undo starts again from here
        had_undo = bool(st.session_state["undo_stack"] or st.session_state["redo_stack"])
        forget_undo()
        notify("Updated with changes saved in another tab" + ("; undo starts again from here." if had_undo else "."))
        show(fresh, fresh=False)
    else:
        put(fresh)
