"""Putting a journey on screen: a saved one, a new file, the one a session starts with; removing it."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from journeymap.errors import JourneyFileError
from journeymap.formats import read_journey
from journeymap.model import Journey
from journeymap.store import workspace
from journeymap.store.backend import JourneyNotFound, StoreUnavailable
from journeymap.ui.state.session import (
    QUERY_KEY,
    clear_problems,
    close,
    current,
    folder,
    messages,
    notify,
    problems,
    set_problems,
    show,
)
from journeymap.ui.state.store import author, kept_where, saved_names, store, unavailable

__all__ = ["open_file", "open_first_journey", "open_journey", "remove_current"]


def open_journey(name: str) -> bool:
    """Open a journey saved in the workspace; False (and a message) if it cannot be read."""
    try:
        opened = store().load(name)
    except (JourneyFileError, JourneyNotFound, StoreUnavailable, ValueError) as error:
        set_problems("open", messages(error))
        return False
    show(opened, fresh=True)
    clear_problems("open")
    return True


def open_file(journey: Journey, base_name: str, *, reuse: bool, action: str = "save the journey in the workspace",
              scope: str = "open") -> str | None:
    """Save a journey into the workspace under a name made from ``base_name`` and open it.

    With ``reuse``, a workspace journey of that name is opened as it is (with the team's edits)
    when it differs; otherwise the journey gets a fresh name such as ``diner-2``. Returns the name,
    or None if it cannot be written (a full disk, a read-only folder, a link where the file would go):
    the message, starting "Could not ``action``", is left under ``scope`` and the screen is unchanged.
    """
    base = workspace.slug(base_name)
    taken = set(saved_names())
    if base in taken:
        try:
            existing = store().load(base)
        except (JourneyFileError, JourneyNotFound, StoreUnavailable):
            existing = None
        if existing is not None and (reuse or existing.journey == journey):
            show(existing, fresh=True)
            return base
    name = workspace.unique_name(base, lambda n: n in taken)
    try:
        written = store().save(name, journey, author=author())
    except StoreUnavailable as error:
        set_problems(scope, [unavailable(error, action, "Nothing is lost")])
        return None
    except JourneyFileError as error:
        set_problems(scope, [f"Could not {action}: {line}" for line in messages(error)])
        return None
    st.session_state["workspace_problem"] = None  # it saves again: whatever the start found is fixed
    show(written, fresh=True)
    return name


def remove_current() -> None:
    """Take the open journey out of the store's list (its history is kept) and open the next saved one."""
    opened = current()
    if opened is None:
        return
    try:
        store().remove(opened.name, author=author())
    except (JourneyFileError, JourneyNotFound) as error:
        set_problems("open", messages(error))
        return
    except StoreUnavailable as error:
        set_problems("open", [unavailable(error, f"remove “{opened.name}”", "Nothing is lost")])
        return
    close()
    clear_problems()
    kept = kept_where(opened.name)
    saved = saved_names()
    if saved:
        open_journey(saved[0])
    notify(f"Removed “{opened.name}” from the workspace. Nothing is deleted: {kept}.")


def open_first_journey() -> None:
    """On a session's first run: the journey in the address (a refresh), the file the app was started
    with, the diner sample, or else the most recently changed journey of the workspace."""
    if current() is not None or st.session_state["started"]:
        return
    st.session_state["started"] = True
    asked = st.query_params.get(QUERY_KEY)
    if asked and open_journey(asked):
        return
    # a bookmark from another workspace names a journey that is not here: no alarm, just say what opened
    missing = bool(asked) and _missing(asked)
    refused = [] if missing else [f"Could not open the journey named in the address: {line}"
                                  for line in problems("open")]
    refused += _open_start_file_or_sample()
    set_problems("open", refused)
    shown = current()
    if missing and shown is not None and shown.name != asked:
        notify(f"There is no journey “{asked}” in this workspace; showing “{shown.name}” instead.")


def _open_start_file_or_sample() -> list[str]:
    """Open the file the app was started with, else the diner sample, else the most recently changed
    journey of the workspace; returns why any of them could not be opened."""
    refused: list[str] = []
    start_file = os.environ.get(workspace.OPEN_ENV)
    candidates = [Path(start_file)] if start_file else []
    candidates += [path for path in workspace.sample_files() if path.stem == "diner"]
    for path in candidates:
        try:
            if path.resolve().parent == folder() and open_journey(path.stem):
                return refused
            # any format journeymap reads (a CSV with its tables beside it); other names as JSON
            journey = read_journey(path, unknown_as_json=True)
        except (OSError, JourneyFileError) as error:
            refused += [f"Could not open {path}: {line}" for line in messages(error)]
            continue
        if open_file(journey, path.stem, reuse=True, action=f"copy {path.name} into the workspace") is not None:
            return refused
        refused += problems("open")  # the workspace cannot be written: a journey saved in it may still open
    saved = saved_names()
    if saved:
        open_journey(saved[0])
    return refused


def _missing(name: str) -> bool:
    """Whether ``name`` is a well-formed journey name with no journey in the store."""
    try:
        return store().newest_number(name) is None
    except (ValueError, JourneyFileError, StoreUnavailable):  # not a name at all, or a link: worth an error
        return False
