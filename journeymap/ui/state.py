"""What one browser tab remembers (``st.session_state``), and every change to the open journey.

Nothing here lives at module level: each browser session has its own state, set to its defaults once
by :func:`init_state`. The open journey is always a file in the workspace; :func:`apply_edit` replays
an edit on the newest version on disk and saves it at once, :func:`sync_with_disk` picks up what
another tab saved, and :func:`undo` / :func:`redo` step through this tab's own edits.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import streamlit as st

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats import read_journey
from journeymap.formats.json_file import loads
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.model import Journey
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD
from journeymap.store import workspace
from journeymap.store.edits import Data, Edit, describe_problem, field_message

__all__ = [
    "UNDO_LIMIT",
    "apply_edit",
    "changed_on_disk",
    "clear_problems",
    "current",
    "editor_version",
    "folder",
    "init_state",
    "map_dialog",
    "notify",
    "open_file",
    "open_journey",
    "open_first_journey",
    "remove_current",
    "open_from_map",
    "pop_notices",
    "problems",
    "redo",
    "select_touchpoint",
    "selected_touchpoint",
    "set_problems",
    "sync_with_disk",
    "thresholds",
    "undo",
]

#: Edits a tab can undo; each keeps a copy of the journey text (tens of kB for a large map).
UNDO_LIMIT = 30
QUERY_KEY = "journey"

_DEFAULTS: dict[str, Any] = {
    "opened": None,  # workspace.OpenedFile of the journey on screen
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
    "image": None,  # (file text, format, bytes) of the last image made for download
    "started": False,  # a journey was opened at the session's start: later, an empty screen stays empty
}


def init_state() -> None:
    """Give every session key its default, once per browser session."""
    for key, value in _DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value.copy() if isinstance(value, (list, dict)) else value
    if "workspace" not in st.session_state:
        st.session_state["workspace"] = str(workspace.workspace_folder())


def folder() -> Path:
    return Path(st.session_state["workspace"])


def current() -> workspace.OpenedFile | None:
    """The journey on screen, or None before one is opened."""
    return st.session_state["opened"]


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


def selected_touchpoint() -> str | None:
    opened = current()
    chosen = st.session_state["selected_touchpoint"]
    if opened is None or chosen is None:
        return None
    return chosen if any(tp.id == chosen for tp in opened.journey.touchpoints) else None


def select_touchpoint(touchpoint_id: str | None) -> None:
    """Open a touchpoint for editing on the Build tab (None: none); the map stays uncovered."""
    st.session_state["map_dialog"] = False
    if touchpoint_id != st.session_state["selected_touchpoint"]:
        st.session_state["selected_touchpoint"] = touchpoint_id
        st.session_state["field_problems"] = {}


def open_from_map(touchpoint_id: str) -> None:
    """A touchpoint clicked on the map: select it and edit it in a dialog above the map."""
    select_touchpoint(touchpoint_id)
    st.session_state["map_dialog"] = True


def map_dialog() -> str | None:
    """The touchpoint to edit in a dialog on the map: only one clicked there, not one chosen on Build
    (a step just added there must not cover the map when the team turns to the wall)."""
    selected = selected_touchpoint()
    return selected if selected is not None and st.session_state["map_dialog"] else None


def _show(opened: workspace.OpenedFile, *, fresh: bool) -> None:
    """Put a journey on screen; ``fresh`` when it is another journey (forget this one's undo)."""
    st.session_state["opened"] = opened
    st.session_state["editor_version"] += 1
    st.session_state["refresh_app"] = True
    st.query_params[QUERY_KEY] = opened.name
    if fresh:
        st.session_state["undo_stack"] = []
        st.session_state["redo_stack"] = []
        st.session_state["selected_touchpoint"] = None
        clear_problems()


def open_journey(name: str) -> bool:
    """Open a journey saved in the workspace; False (and a message) if it cannot be read."""
    try:
        opened = workspace.read_journey(folder(), name)
    except (JourneyFileError, ValueError) as error:
        set_problems("open", _messages(error))
        return False
    _show(opened, fresh=True)
    clear_problems("open")
    return True


def open_file(journey: Journey, base_name: str, *, reuse: bool) -> str:
    """Save a journey into the workspace under a name made from ``base_name`` and open it.

    With ``reuse``, a workspace journey of that name is opened as it is (with the team's edits)
    when it differs; otherwise the journey gets a fresh name such as ``diner-2``.
    """
    base = workspace.slug(base_name)
    target = folder()
    path = workspace.journey_path(target, base)
    if path.exists():
        try:
            existing = workspace.read_journey(target, base)
        except JourneyFileError:
            existing = None
        if existing is not None and (reuse or existing.journey == journey):
            _show(existing, fresh=True)
            return base
    name = workspace.unique_name(base, lambda n: workspace.journey_path(target, n).exists())
    _show(workspace.write_journey(target, name, journey), fresh=True)
    return name


def remove_current() -> None:
    """Take the open journey out of the workspace (moved to ``removed/``) and open the next saved one."""
    opened = current()
    if opened is None:
        return
    try:
        moved = workspace.remove_journey(folder(), opened.name)
    except JourneyFileError as error:
        set_problems("open", _messages(error))
        return
    st.session_state["opened"] = None
    st.query_params.pop(QUERY_KEY, None)
    clear_problems()
    st.session_state["undo_stack"] = []
    st.session_state["redo_stack"] = []
    saved = workspace.saved_names(folder())
    if saved:
        open_journey(saved[0])
    notify(f"Removed “{opened.name}” from the workspace. Nothing is deleted: it is kept as "
           f"{folder().name}/{workspace.REMOVED_FOLDER}/{moved.name}; upload it to bring it back.")


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
    start_file = os.environ.get(workspace.OPEN_ENV)
    candidates = [Path(start_file)] if start_file else []
    candidates += [path for path in workspace.sample_files() if path.stem == "diner"]
    for path in candidates:
        try:
            if path.resolve().parent == folder() and open_journey(path.stem):
                break
            # any format journeymap reads (a CSV with its tables beside it); other names as JSON
            journey = read_journey(path, unknown_as_json=True)
        except (OSError, JourneyFileError) as error:
            refused += [f"Could not open {path}: {line}" for line in _messages(error)]
            continue
        open_file(journey, path.stem, reuse=True)
        break
    else:
        saved = workspace.saved_names(folder())
        if saved:
            open_journey(saved[0])
    set_problems("open", refused)
    shown = current()
    if missing and shown is not None and shown.name != asked:
        notify(f"There is no journey “{asked}” in this workspace; showing “{shown.name}” instead.")


def _missing(name: str) -> bool:
    """Whether ``name`` is a well-formed journey name with no file in the workspace."""
    try:
        return not workspace.journey_path(folder(), name).exists()
    except ValueError:  # not a journey name at all: that is worth an error
        return False


def changed_on_disk() -> bool:
    """Whether the open journey's file was written since this tab last read or saved it."""
    opened = current()
    if opened is None:
        return False
    return workspace.modified_ns(workspace.journey_path(folder(), opened.name)) != opened.modified_ns


def _removed_elsewhere(opened: workspace.OpenedFile) -> Path | None:
    """Where the open journey went if another tab removed it from the workspace since this tab last
    read or saved it (moving keeps a file's time: this tab's last save or later); else None."""
    if workspace.journey_path(folder(), opened.name).exists():
        return None
    copies = workspace.removed_copies(folder(), opened.name)
    return copies[0] if copies and copies[0].stat().st_mtime_ns >= opened.modified_ns else None


def _let_go(opened: workspace.OpenedFile, notice: str) -> None:
    """Clear the screen of a journey that is no longer in the workspace, saying why."""
    st.session_state["opened"] = None
    st.query_params.pop(QUERY_KEY, None)
    st.session_state["undo_stack"] = []
    st.session_state["redo_stack"] = []
    notify(notice)


def sync_with_disk() -> None:
    """Show what another tab (or a restart) saved: reload the journey if its file changed on disk."""
    opened = current()
    if opened is None:
        return
    path = workspace.journey_path(folder(), opened.name)
    stamp = workspace.modified_ns(path)
    if stamp == opened.modified_ns:
        return
    if stamp is None:
        removed = _removed_elsewhere(opened)
        if removed is not None:
            _let_go(opened, f"“{opened.name}” was removed from the workspace in another tab "
                            f"(kept as {workspace.REMOVED_FOLDER}/{removed.name}).")
            return
        # deleted behind our back: write back what is on screen, nothing is lost
        st.session_state["opened"] = workspace.write_journey(folder(), opened.name, opened.journey)
        return
    try:
        fresh = workspace.read_journey(folder(), opened.name)
    except JourneyFileError as error:
        set_problems("open", [f"The saved file changed on disk and is no longer a valid journey; "
                              f"showing the last good version (your next change saves it). {line}"
                              for line in _messages(error)[:3]])
        st.session_state["opened"] = workspace.OpenedFile(opened.name, opened.journey, opened.text, stamp)
        return
    if fresh.text != opened.text:
        # this tab's undo steps are whole earlier versions: undoing one now would throw the other tab's
        # change away, so undo starts again from here
        had_undo = bool(st.session_state["undo_stack"] or st.session_state["redo_stack"])
        st.session_state["undo_stack"] = []
        st.session_state["redo_stack"] = []
        notify("Updated with changes saved in another tab" + ("; undo starts again from here." if had_undo else "."))
        _show(fresh, fresh=False)
    else:
        st.session_state["opened"] = fresh


def apply_edit(edit: Edit, scope: str, *, field_scope: bool = False) -> bool:
    """Apply an edit to the newest saved version of the journey, validate it and save it.

    A refused edit changes nothing and leaves its messages under ``scope`` (and, with
    ``field_scope``, per touchpoint field for the form); returns whether the edit was saved.
    """
    opened = current()
    if opened is None:
        return False
    removed = _removed_elsewhere(opened)
    if removed is not None:  # saving would bring back a journey the team just removed
        _let_go(opened, f"“{opened.name}” was removed from the workspace in another tab, so this change was not "
                        f"saved. It is kept as {workspace.REMOVED_FOLDER}/{removed.name}; upload it to bring it back.")
        return False
    attempted: dict[str, Data] = {}

    def change(journey: Journey) -> Journey:
        attempted["data"] = edit(journey_to_data(journey))
        return journey_from_data(attempted["data"])

    try:
        before, saved = workspace.update_journey(folder(), opened.name, change, opened.journey)
    except JourneyFileError as error:
        data = attempted.get("data", {})
        shown_at_fields: dict[str, str] = _field_problems(error.problems) if field_scope else {}
        if field_scope:
            st.session_state["field_problems"] = shown_at_fields
        # a message shown under its field in the form is not repeated below it
        set_problems(scope, [describe_problem(problem, data) for problem in error.problems
                             if not (field_scope and _field_of(problem) in shown_at_fields)])
        return False
    except (KeyError, StopIteration, ValueError):  # it edits something another tab just deleted
        set_problems(scope, ["That changed in another tab meanwhile; the map now shows the latest version."])
        return False
    except OSError as error:  # a full disk, a folder made read-only: say so, keep the screen as it is
        set_problems(scope, [f"Could not save to {folder()}: {error.strerror or error}. Nothing was changed."])
        return False
    if before != saved.text:
        _push(st.session_state["undo_stack"], before)
        st.session_state["redo_stack"] = []
    clear_problems(scope)
    if field_scope:
        st.session_state["field_problems"] = {}
    _show(saved, fresh=False)
    return True


def undo() -> None:
    """Go back to the journey as it was before this tab's last edit."""
    _step(st.session_state["undo_stack"], st.session_state["redo_stack"], "Undone.")


def redo() -> None:
    _step(st.session_state["redo_stack"], st.session_state["undo_stack"], "Redone.")


def _step(source: list[str], target: list[str], message: str) -> None:
    opened = current()
    if opened is None or not source:
        return
    if changed_on_disk():  # another tab saved since this tab's last change: keep its work
        set_problems("undo", ["Another tab changed this journey meanwhile, so undo here would throw that change "
                              "away. The screen now shows the latest version; undo starts again from here."])
        return
    text = source.pop()
    _push(target, opened.text)
    _show(workspace.write_journey(folder(), opened.name, loads(text)), fresh=False)
    clear_problems()
    notify(message)


def _push(stack: list[str], text: str) -> None:
    stack.append(text)
    del stack[:-UNDO_LIMIT]


def _messages(error: Exception) -> list[str]:
    if isinstance(error, JourneyFileError):
        return error.lines()
    return [str(error)]


def _field_of(problem: Problem) -> str | None:
    """The touchpoint field a problem is about (``emotion``, ``automation.rule_based``), if any."""
    location = problem.location
    if location.startswith("touchpoints[") and "]." in location:
        return location.split("].", 1)[1]
    return None


def _field_problems(found: list[Problem]) -> dict[str, str]:
    """Messages by touchpoint field for the touchpoint form, shown right under the field."""
    by_field: dict[str, str] = {}
    for problem in found:
        field = _field_of(problem)
        if field is not None:
            by_field.setdefault(field, field_message(problem.message))
    return by_field
