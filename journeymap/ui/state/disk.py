"""Following the store: what another tab saved or removed since this tab last read or saved the journey.

Another tab's save is noticed as a newer revision number (:meth:`JourneyStore.newest_number`, which
reads no journey); only then is the journey read again.
"""

from __future__ import annotations

import streamlit as st

from journeymap.errors import JourneyFileError
from journeymap.store.backend import JourneyNotFound, StoredJourney, StoreUnavailable
from journeymap.ui.state.session import clear_problems, close, current, forget_undo, messages, notify, put, set_problems, show
from journeymap.ui.state.store import kept_where, store

__all__ = ["STORE_SCOPE", "changed_on_disk", "let_go", "removed_elsewhere", "sync_with_disk"]

#: Where the sentence of a store that cannot be reached is kept while it lasts (shown above the map).
STORE_SCOPE = "store"


def changed_on_disk() -> bool:
    """Whether the open journey has a newer revision (or none) than the one this tab last read or saved."""
    opened = current()
    if opened is None:
        return False
    try:
        return store().newest_number(opened.name) != opened.revision.number
    except (JourneyFileError, StoreUnavailable):
        return True  # cannot tell: the save that follows says why, rather than undo writing over it


def removed_elsewhere(opened: StoredJourney) -> str | None:
    """What became of the open journey if it was removed (in another tab) since this tab read it; else None."""
    try:
        if store().newest_number(opened.name) is not None:
            return None
        return kept_where(opened.name)
    except (JourneyFileError, StoreUnavailable):
        return None  # it is there, unreadable, or the store is away: the save says which


def let_go(notice: str) -> None:
    """Clear the screen of a journey that is no longer in the workspace, saying why."""
    close()
    notify(notice)


def sync_with_disk() -> None:
    """Show what another tab (or a restart) saved: reload the journey if it has a newer revision."""
    opened = current()
    if opened is None:
        return
    try:
        newest = store().newest_number(opened.name)
    except JourneyFileError as error:  # a broken file, or a link where it belongs: keep the last good version
        _broken(error)
        return
    except StoreUnavailable as error:  # a database away: say so until it is back, keep the map on screen
        set_problems(STORE_SCOPE, [f"{error} The map shows the version read last; nothing can be saved until "
                                   "the store is back."])
        return
    clear_problems(STORE_SCOPE)
    if newest == opened.revision.number:
        return
    if newest is None:
        let_go(f"“{opened.name}” was removed from the workspace in another tab ({kept_where(opened.name)}).")
        return
    _reload(opened)


def _broken(error: JourneyFileError) -> None:
    set_problems("open", [f"The saved file changed on disk and is no longer a valid journey; "
                          f"showing the last good version (your next change saves it). {line}"
                          for line in messages(error)[:3]])


def _reload(opened: StoredJourney) -> None:
    """Read the newest revision; one that is no longer valid leaves the last good version on screen."""
    try:
        fresh = store().load(opened.name)
    except JourneyFileError as error:
        _broken(error)
        return
    except (JourneyNotFound, StoreUnavailable) as error:
        set_problems("open", messages(error))
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
