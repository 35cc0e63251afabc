"""What one browser tab remembers (``st.session_state``): every key and its default, in one place.

Nothing lives at module level: each browser session has its own state, set to its defaults once by
:func:`init_state`. The open journey is kept with its revision (a hash of its file text, made once
when it is read or saved) so that what is computed from it is looked up by that short key.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import streamlit as st

from journeymap.errors import JourneyFileError
from journeymap.store import failures, workspace
from journeymap.store.backend import StoredJourney, StoreUnavailable
from journeymap.ui.state.store import in_database, store
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD

__all__ = [
    "DEFAULTS",
    "QUERY_KEY",
    "clear_problems",
    "close",
    "current",
    "editor_version",
    "folder",
    "forget_undo",
    "init_state",
    "messages",
    "notify",
    "pop_notices",
    "problems",
    "put",
    "revision",
    "revision_of",
    "set_problems",
    "show",
    "thresholds",
    "workspace_problem",
]

#: The query parameter naming the open journey, so that a refresh or a bookmark reopens it.
QUERY_KEY = "journey"

DEFAULTS: dict[str, Any] = {
    "opened": None,  # StoredJourney on screen: the newest revision this tab read or saved
    "revision": None,  # revision_of(its text): the key of everything computed from it
    "undo_stack": [],  # journey texts before each of this tab's edits, newest last
    "redo_stack": [],
    "problems": {},  # where on screen → list of readable messages of the last refused edit there
    "field_problems": {},  # field of the touchpoint form → message
    "editor_version": 0,  # part of every editor's key: a new number gives fresh editors after a change
    "selected_touchpoint": None,
    "map_dialog": False,  # the selected touchpoint was clicked on the map: edit it in a dialog there
    "notices": [],  # short messages shown once (a toast)
    "fit_threshold": DEFAULT_FIT_THRESHOLD,
    "risk_threshold": DEFAULT_RISK_THRESHOLD,
    "size_by": "friction",  # what the size of a touchpoint on the map shows
    "fit_map": False,  # scale the map down to the screen's width (else full size, scrolling sideways)
    "upload_version": 0,  # part of the uploader's key: a fresh uploader after each upload
    "refresh_app": False,  # set by a change; a dialog (a fragment) then reruns the whole app
    "map_version": 0,  # part of the map's key: a new number clears its click selection
    "stage_to_move_id": None,  # the stage last chosen under "Move a stage" (Build)
    "image": None,  # (revision, format, bytes) of the last image made for download
    "report": None,  # (revision, format, {file name: bytes}) of the last workshop report made
    "started": False,  # a journey was opened at the session's start: later, an empty screen stays empty
    "workspace_problem": None,  # why nothing can be saved in the workspace (read-only, full), found at the start
    "workshop_projector": False,  # the Workshop tab in its projector layout: the join code and the room, large
    "present_room": {},  # what the wall screen last showed of the room's input, by step: redrawn when it changes
    "event_log_upload_version": 0,  # part of the event-log uploaders' keys: fresh ones for the next log
    "survey_upload_version": 0,  # part of the survey uploader's key: a fresh one once a survey is applied
}


def init_state() -> None:
    """Give every session key its default, once per browser session; at a session's start, also delete
    what saves killed halfway left in the workspace and find out whether it can be written at all."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value.copy() if isinstance(value, (list, dict)) else value
    if "workspace" not in st.session_state:
        target = workspace.workspace_folder()
        st.session_state["workspace"] = str(target)
        st.session_state["workspace_problem"] = _check_database() if in_database() else _check_workspace(target)


def _check_database() -> str | None:
    """Whether the database the app was started with opens (it was checked at the start, but it may
    have gone away since): its plain sentence if not."""
    try:
        store()
    except StoreUnavailable as error:
        return f"Changes cannot be saved: {error}"
    return None


def _check_workspace(target: Path) -> str | None:
    """Clean up after saves killed halfway; say why nothing can be saved in ``target``, if nothing can."""
    try:
        workspace.clean_interrupted_saves(target)
    except JourneyFileError as error:  # a link where the workspace's lock file belongs
        return "Changes cannot be saved in this workspace. " + " ".join(error.lines())
    except OSError:
        pass  # a read-only folder or a full disk: the check below says which
    error = failures.write_problem(target)
    if error is None:
        return None
    what, advice = failures.reason(error)
    return (f"Changes cannot be saved: {what} ({target}). The journeys in it can still be viewed; "
            f"to edit them, {advice}.")


def workspace_problem() -> str | None:
    """Why nothing can be saved in the workspace, as found at the session's start (None: it can)."""
    return st.session_state["workspace_problem"]


def folder() -> Path:
    return Path(st.session_state["workspace"])


def current() -> StoredJourney | None:
    """The journey on screen, or None before one is opened."""
    return st.session_state["opened"]


def revision() -> str | None:
    """The revision of the journey on screen (see :func:`revision_of`), or None."""
    return st.session_state["revision"]


def revision_of(text: str) -> str:
    """A short key that changes whenever the journey's file text does (its BLAKE2 hash).

    Examples
    --------
    >>> revision_of('{"title": "A"}') == revision_of('{"title": "A"}'), revision_of("a") == revision_of("b")
    (True, False)
    """
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def put(opened: StoredJourney | None) -> None:
    """Keep ``opened`` as the journey on screen, with its revision; the one place both are set."""
    st.session_state["opened"] = opened
    st.session_state["revision"] = None if opened is None else revision_of(opened.text)


def editor_version() -> int:
    return int(st.session_state["editor_version"])


def thresholds() -> tuple[float, float]:
    """The fit and empathy-risk thresholds of the automation advice, as set in the sidebar."""
    return float(st.session_state["fit_threshold"]), float(st.session_state["risk_threshold"])


def notify(message: str) -> None:
    st.session_state["notices"].append(message)


def pop_notices() -> list[str]:
    notices = list(st.session_state["notices"])
    st.session_state["notices"].clear()
    return notices


def problems(scope: str) -> list[str]:
    """Messages of the last refused edit made in ``scope`` (a table, a form …)."""
    return list(st.session_state["problems"].get(scope, []))


def set_problems(scope: str, messages: list[str]) -> None:
    st.session_state["problems"][scope] = messages


def clear_problems(scope: str | None = None) -> None:
    if scope is None:
        st.session_state["problems"].clear()
        st.session_state["field_problems"].clear()
    else:
        st.session_state["problems"].pop(scope, None)


def forget_undo() -> None:
    """Start undo and redo afresh (another journey, or another tab's version of this one)."""
    st.session_state["undo_stack"] = []
    st.session_state["redo_stack"] = []


def show(opened: StoredJourney, *, fresh: bool) -> None:
    """Put a journey on screen; ``fresh`` when it is another journey (forget this one's undo)."""
    put(opened)
    st.session_state["editor_version"] += 1
    st.session_state["refresh_app"] = True
    st.query_params[QUERY_KEY] = opened.name
    if fresh:
        forget_undo()
        st.session_state["selected_touchpoint"] = None
        clear_problems()


def messages(error: Exception) -> list[str]:
    """The readable lines of an error from reading a journey."""
    if isinstance(error, JourneyFileError):
        return error.lines()
    return [str(error)]


def close() -> None:
    """Take the journey off the screen (and out of the address); its undo goes with it."""
    put(None)
    st.query_params.pop(QUERY_KEY, None)
    forget_undo()
