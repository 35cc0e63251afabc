"""From an event log: upload a log in the sidebar, then, in the main area, see its first rows, choose
the column of each role (guessed from their names), the goals, a mapping file and how much to keep,
see the map it makes, and save it as a new journey of the workspace.

Everything but the widgets is :mod:`journeymap.mining`: the log is previewed
(:func:`~journeymap.mining.preview`) and mined (:func:`~journeymap.mining.mine`) there, and the
upload is kept as a file while it is being mapped (:mod:`journeymap.mining.summary`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from journeymap.charts.limits import drawing_limit_message
from journeymap.errors import EventLogError
from journeymap.mining import MinedJourney, mine, parse_mapping, preview
from journeymap.mining.columns import REQUIRED_ROLES
from journeymap.mining.summary import forget_upload, journey_name, keep_upload, step_rows, summary_line
from journeymap.store import workspace
from journeymap.ui import state
from journeymap.ui.computed import preview_map_spec
from journeymap.ui.text import box, message, note
from journeymap.ui.views import fit_to_screen
from journeymap.vocabulary import LOG_ROLES

__all__ = ["active", "event_log_page", "sidebar_section"]

_SCOPE = "event_log"
_LOG = "event_log"  # the log being mapped: {"path": where it is kept, "name": its file's name}
_VERSION = "event_log_upload_version"  # part of the uploaders' keys: fresh ones for the next log
_MINED = "event_log_mined"  # (what was asked, the mined journey or the error it gave)
_PREVIEW_ROWS = 10
_SHOWN_PROBLEMS = 20
#: The label of each role's column choice.
ROLE_LABELS = {"case": "Case (customer, order, visit)", "activity": "Activity (the step)",
               "timestamp": "Time", "lifecycle": "Lifecycle (start, complete)", "resource": "Resource (who did it)"}
_NO_COLUMN = "none"
_TOP_ALL = 0


def _limit_mb() -> int:
    return max(1, -(-workspace.MAX_UPLOAD_BYTES // (1024 * 1024)))


def active() -> bool:
    """Whether a log is being mapped (the main area then shows :func:`event_log_page`)."""
    return _LOG in st.session_state


def sidebar_section() -> None:
    """The uploader of an event log, in a folded part of the sidebar."""
    with st.expander("From an event log", expanded=False, key="event_log_expander"):
        st.caption("A journey mined from what a till, booking system or ticket tool recorded: a row per event, "
                   "with its case, activity and time (CSV, Parquet or XES). You choose the columns and see the "
                   "map before it is saved.")
        key = f"event_log_upload_{st.session_state[_VERSION]}"
        # no type=: journeymap refuses other files itself, saying which it reads
        st.file_uploader(f"Event log (up to {_limit_mb()} MB)", key=key, max_upload_size=_limit_mb(),
                         on_change=_on_upload, args=(key,),
                         help="Bigger logs: journeymap mine LOG -o journey.json on the command line (docs/mining.md).")
        box(state.problems(_SCOPE), "error")


def _on_upload(key: str) -> None:
    uploaded = st.session_state.get(key)
    st.session_state[_VERSION] += 1  # a fresh uploader, so the same file can be uploaded again
    if uploaded is None:
        return
    if uploaded.size > workspace.MAX_UPLOAD_BYTES:
        state.set_problems(_SCOPE, [f"{uploaded.name}: {uploaded.size / 1024 / 1024:.1f} MB; the app reads event logs "
                                    f"up to {_limit_mb()} MB. Mine a bigger one with journeymap mine on the command "
                                    "line."])
        return
    try:
        path = keep_upload(uploaded.getvalue(), uploaded.name)
    except EventLogError as error:
        state.set_problems(_SCOPE, [f"{uploaded.name}: {problem}" for problem in error.problems])
        return
    except OSError as error:  # the temporary folder cannot be written
        state.set_problems(_SCOPE, [f"Could not keep {uploaded.name} to read it: {error.strerror or error}"])
        return
    _close()
    state.clear_problems(_SCOPE)
    st.session_state[_LOG] = {"path": str(path), "name": uploaded.name}
    for role in LOG_ROLES:  # the new log's own guesses
        st.session_state.pop(f"event_log_role_{role}", None)
    for name in ("event_log_goals", "event_log_title"):
        st.session_state.pop(name, None)


def _close() -> None:
    """Forget the log being mapped (its kept file too)."""
    log = st.session_state.pop(_LOG, None)
    st.session_state.pop(_MINED, None)
    if log is not None:
        forget_upload(log["path"])


def event_log_page() -> None:
    """The log's first rows, the choices, the map it makes, and Save / Cancel."""
    log = st.session_state[_LOG]
    st.subheader("A journey from an event log")
    st.text(f"{log['name']}: its first rows, and the column journeymap takes for each role.")
    try:
        seen = preview(log["path"], rows=_PREVIEW_ROWS)
    except EventLogError as error:
        _problems(log["name"], error)
        st.button("Cancel", key="event_log_cancel", on_click=_close)
        return
    st.dataframe(pd.DataFrame(seen.rows, columns=seen.columns), hide_index=True, width="stretch",
                 key="event_log_rows")
    roles = _role_choices(seen.columns, seen.roles.as_dict())
    missing = [role for role in REQUIRED_ROLES if roles[role] is None]
    mapping_column, share_column, top_column = st.columns([2, 1, 1])
    mapping_file = mapping_column.file_uploader(
        "Mapping file (optional): activity, touchpoint, stage, lane",
        key=f"event_log_mapping_{st.session_state[_VERSION]}", max_upload_size=_limit_mb(),
        help="A CSV file naming each activity's touchpoint (or 'ignore'), stage and lane; several activities may "
             "share a touchpoint.")
    share_column.slider("Leave off what fewer cases take than", 0, 50, 0, step=1, format="%d%%",
                        key="event_log_min_share", help="Steps and moves fewer than this share of the cases take "
                                                        "are left off the map (0: all).")
    top_column.number_input("Keep the most passed steps (0: all)", min_value=_TOP_ALL, max_value=10_000, value=_TOP_ALL,
                            step=1, key="event_log_top")
    if missing:
        message("Choose the column of the " + " and the ".join(missing) + " to see the map.", "info")
        st.button("Cancel", key="event_log_cancel", on_click=_close)
        return
    goals = st.session_state.get("event_log_goals", [])
    mined = _mined(log, roles, mapping_file, goals)
    if isinstance(mined, EventLogError):
        _problems(log["name"], mined)
        st.button("Cancel", key="event_log_cancel", on_click=_close)
        return
    options = list(dict.fromkeys([*(step.name for step in mined.steps), *goals]))  # not the "(again)" steps
    st.multiselect("Goals: where a journey has succeeded (cases ending elsewhere drop off)", options,
                   key="event_log_goals")
    st.text_input("Title", value=mined.journey.title, max_chars=200, key="event_log_title")
    st.text(summary_line(mined))
    for warning in mined.warnings:
        message(warning, "warning")
    _map(mined)
    st.dataframe(pd.DataFrame(step_rows(mined)), hide_index=True, width="stretch", key="event_log_steps")
    box(state.problems("event_log_save"), "error")
    save, cancel = st.columns(2)
    save.button("Save as a new journey", type="primary", key="event_log_save", on_click=_save, args=(mined,),
                width="stretch", help="Saved in the workspace and opened, as any journey: its history starts here.")
    cancel.button("Cancel", key="event_log_cancel", on_click=_close, width="stretch")


def _role_choices(columns: list[str], guessed: dict[str, str | None]) -> dict[str, str | None]:
    """A choice of column per role, starting from the guess; the optional roles may have none."""
    chosen: dict[str, str | None] = {}
    for place, role in zip(st.columns(len(LOG_ROLES)), LOG_ROLES):
        required = role in REQUIRED_ROLES
        options: list[str | None] = list(columns) if required else [None, *columns]
        guess = guessed.get(role)
        index = options.index(guess) if guess in options else (None if required else 0)
        chosen[role] = place.selectbox(ROLE_LABELS[role], options, index=index, key=f"event_log_role_{role}",
                                       format_func=lambda column: _NO_COLUMN if column is None else column,
                                       placeholder="choose a column")
    return chosen


def _mined(log: dict[str, str], roles: dict[str, str | None], mapping_file: Any,
           goals: list[str]) -> MinedJourney | EventLogError:
    """The log mined with the choices on screen, worked out once per choice (a rerun with the same
    choices, such as a click on the map, costs nothing)."""
    min_share = int(st.session_state.get("event_log_min_share", 0)) / 100
    top = int(st.session_state.get("event_log_top", _TOP_ALL)) or None
    title = (st.session_state.get("event_log_title") or "").strip() or None
    asked = (log["path"], tuple(roles.items()), None if mapping_file is None else mapping_file.file_id,
             tuple(goals), min_share, top, title)
    memo = st.session_state.get(_MINED)
    if memo is not None and memo[0] == asked:
        return memo[1]
    try:
        mapping = None if mapping_file is None else parse_mapping(mapping_file.getvalue(), mapping_file.name)
        result: MinedJourney | EventLogError = mine(log["path"], columns=roles, mapping=mapping, goals=goals,
                                                    min_share=min_share, top=top, title=title, guess=False,
                                                    name=log["name"])
    except EventLogError as error:
        result = error
    st.session_state[_MINED] = (asked, result)
    return result


def _problems(name: str, error: EventLogError) -> None:
    """Every problem of the log (or the mapping), the path of the kept file replaced by the upload's name."""
    lines = [f"• {problem}" for problem in error.problems[:_SHOWN_PROBLEMS]]
    more = len(error.problems) - _SHOWN_PROBLEMS
    source = error.source if error.source and error.source != st.session_state[_LOG]["path"] else name
    box([f"Could not mine {source}:", *lines] + ([f"… and {more} more problems."] if more > 0 else []), "error")


def _map(mined: MinedJourney) -> None:
    """The map the log makes, as it would be saved (not clickable: nothing is saved yet)."""
    too_big = drawing_limit_message(mined.journey)
    if too_big is not None:
        message(too_big, "info")
        return
    fit, risk = state.thresholds()
    key = repr(st.session_state[_MINED][0])
    spec = preview_map_spec(key, fit, risk, st.session_state["size_by"], mined.journey)
    if st.session_state["fit_map"]:  # as the Map tab draws it (the setting in the sidebar)
        fit_to_screen("map_box")
    with st.container(key="map_box"):  # the Map tab's box (it is not drawn beside this page): scrolls sideways
        st.vega_lite_chart(spec, width="content", key="event_log_map")
    note(str(spec.get("description") or ""))


def _save(mined: MinedJourney) -> None:
    log = st.session_state.get(_LOG)
    if log is None:
        return
    name = state.open_file(mined.journey, journey_name(log["name"]), reuse=False,
                           action="save the mined journey", scope="event_log_save")
    if name is None:  # the workspace cannot be written: the message says why, the page stays
        return
    state.clear_problems("event_log_save")
    _close()
    state.notify(f"Saved the journey mined from {log['name']} as “{name}”.")
