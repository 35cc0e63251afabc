"""Where the app keeps journeys (a store with history), and who is saving.

The store is ``$JOURNEYMAP_DATABASE_URL`` when set (``journeymap app --database URL`` sets it), else the
workspace folder (``$JOURNEYMAP_WORKSPACE``): :func:`~journeymap.store.opening.open_store` decides. It
is opened once per location and shared by every session (``st.cache_resource``): a database's engine
holds a pool of connections, which one server keeps for all its tabs. Nothing is kept at module level.

Who saves is the display name in the address (``?by=Ana``), so a refresh or a bookmark keeps it.
"""

from __future__ import annotations

import os

import streamlit as st

from journeymap.model.text import text_problem
from journeymap.store import failures, workspace
from journeymap.store.backend import JourneyStore, StoreUnavailable
from journeymap.store.folder import FolderStore
from journeymap.store.opening import DATABASE_ENV, open_store
from journeymap.ui import access

__all__ = ["AUTHOR_LIMIT", "AUTHOR_QUERY_KEY", "author", "author_problem", "in_database", "kept_where",
           "location", "saved_names", "store", "unavailable"]

#: The query parameter holding the display name saved with each revision.
AUTHOR_QUERY_KEY = "by"
#: The longest display name kept (characters).
AUTHOR_LIMIT = 60


def location() -> str:
    """The database URL the app was started with, else the workspace folder of this session."""
    url = os.environ.get(DATABASE_ENV)
    if url:
        return url
    return str(st.session_state.get("workspace") or workspace.workspace_folder())


def in_database() -> bool:
    """Whether journeys are kept in a database rather than in the workspace folder."""
    return bool(os.environ.get(DATABASE_ENV))


@st.cache_resource(show_spinner=False, max_entries=8)
def _opened(where: str) -> JourneyStore:
    """One store per location for the whole server; a database that cannot be reached is not kept,
    so the next rerun tries again."""
    return open_store(where)


def store() -> JourneyStore:
    """The store of this session's journeys (:class:`StoreUnavailable` when it cannot be opened)."""
    return _opened(location())


def saved_names() -> list[str]:
    """The journeys in the store, in a folder the most recently changed first (as the workspace always
    listed them), in a database by name; none while it cannot be reached (saving then says why)."""
    try:
        kept = store()
        names = kept.names()
        if isinstance(kept, FolderStore):
            order = {name: index for index, name in enumerate(workspace.saved_names(kept.folder))}
            names.sort(key=lambda name: order.get(name, len(order)))
        return names
    except (StoreUnavailable, OSError):
        return []


def author_problem(name: str) -> str | None:
    """Why ``name`` cannot be kept as a display name, or None.

    Examples
    --------
    >>> author_problem("Ana") is None, author_problem("x" * 61)
    (True, 'is longer than 60 characters')
    """
    if len(name) > AUTHOR_LIMIT:
        return f"is longer than {AUTHOR_LIMIT} characters"
    return text_problem(name)


def author() -> str:
    """The display name saved with each revision, when it is one the project keeps (else ""): ``?by=``,
    else the name (or email) of the visitor logged in with Streamlit's login."""
    name = str(st.query_params.get(AUTHOR_QUERY_KEY, "")).strip() or access.user_name()
    return "" if author_problem(name) else name


def unavailable(error: StoreUnavailable, action: str, kept: str = "Nothing typed is lost") -> str:
    """The sentence for a store that said no: worded for ``action`` when the disk said why, else the store's
    own sentence (a database away, full or read-only) after what could not be done, and what is kept.

    Examples
    --------
    >>> unavailable(StoreUnavailable("The database at db cannot be reached: connection refused."), "save")
    'Could not save. The database at db cannot be reached: connection refused. Nothing typed is lost.'
    """
    if error.cause is not None:
        return failures.could_not(action, error.cause, kept)
    return f"Could not {action}. {error} {kept}."


def kept_where(name: str) -> str:
    """What became of a removed journey, for people: in a folder its last file (and its history beside),
    in a database its history."""
    kept = store()
    if isinstance(kept, FolderStore):
        copies = workspace.removed_copies(kept.folder, name)
        if copies:
            return (f"it is kept as {kept.folder.name}/{workspace.REMOVED_FOLDER}/{copies[0].name} with its "
                    "history; upload it to bring it back")
    return "its history is kept; saving a journey under that name brings it back"
