"""The History tab: every saved version of the open journey, one of them drawn read-only, and restoring it.

Every save is a revision of the store (number, when, who, what changed). Choosing one draws its map
as it was, without clicks that edit; "Restore this version" saves it again as the newest revision, so
nothing is ever lost (the version it replaces stays in the history too).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from journeymap.charts.limits import drawing_limit_message
from journeymap.errors import JourneyFileError
from journeymap.store.backend import JourneyNotFound, Revision, StoredJourney, StoreUnavailable
from journeymap.ui import state
from journeymap.ui.computed import Figures
from journeymap.ui.text import box, message

__all__ = ["history_page", "when"]


def when(moment: datetime) -> str:
    """A revision's time as people read it, in UTC (the server cannot know the reader's time zone).

    Examples
    --------
    >>> from datetime import UTC
    >>> when(datetime(2026, 12, 2, 14, 5, 31, tzinfo=UTC))
    '2 Dec 2026, 14:05 UTC'
    """
    return f"{moment.day} {moment:%b %Y, %H:%M} UTC"


def history_page(opened: StoredJourney) -> None:
    """The revisions newest first, the one chosen drawn as it was, and a button restoring it."""
    st.subheader("Every saved version")
    try:
        revisions = state.store().history(opened.name)
    except (JourneyNotFound, StoreUnavailable) as error:
        message(str(error), "error")
        return
    box(state.problems("history"), "error")
    st.caption("Each change is saved as a new version. Restoring an old one saves it again as the newest: "
               "nothing is lost.")
    st.dataframe(pd.DataFrame([_row(revision) for revision in revisions]), hide_index=True, width="stretch",
                 key=f"history_table_{opened.name}")
    by_number = {revision.number: revision for revision in revisions}
    number = st.selectbox("Look at version", list(by_number), key=f"history_choice_{opened.name}",
                          format_func=lambda n: _label(by_number[n]))
    if number is not None:
        _revision_view(opened, by_number[number], newest=revisions[0].number)


def _row(revision: Revision) -> dict[str, object]:
    return {"Version": revision.number, "Saved": when(revision.saved_at), "By": revision.author or "—",
            "What changed": revision.summary}


def _label(revision: Revision) -> str:
    return f"{revision.number} · {when(revision.saved_at)}" + (f" · {revision.author}" if revision.author else "")


def _revision_view(opened: StoredJourney, revision: Revision, *, newest: int) -> None:
    """One revision's map, read-only, and the button that restores it (not offered for the newest)."""
    try:
        stored = state.store().load_revision(opened.name, revision.number)
    except (JourneyFileError, JourneyNotFound, StoreUnavailable) as error:
        message(" ".join(error.lines()) if isinstance(error, JourneyFileError) else str(error), "error")
        return
    if revision.number == newest:
        st.caption(f"Version {revision.number} is the one on screen in the other tabs.")
    else:
        st.button("Restore this version", key="restore_revision", type="primary", icon=":material/history:",
                  on_click=state.restore_revision, args=(opened.name, revision.number),
                  help="Saves this version again as the newest one; the versions after it stay in the history.")
    _read_only_map(stored)


def _read_only_map(stored: StoredJourney) -> None:
    """The map of a revision, drawn as the Map tab draws it but answering no clicks."""
    too_big = drawing_limit_message(stored.journey)
    if too_big is not None:
        message(too_big, "info")
        return
    # keyed by the hash of the revision's text, as the open journey's figures are: the same version
    # drawn on the Map tab or here is computed once
    figures = Figures(stored, state.revision_of(stored.text), *state.thresholds())
    try:
        spec = figures.map_spec(st.session_state["size_by"])
    except Exception:  # noqa: BLE001 - a drawing that fails must not take the history with it
        message("This version's map cannot be drawn; its table of steps is on the Build tab once restored.", "info")
        return
    st.vega_lite_chart(spec, width="content", key=f"history_map_{stored.name}_{stored.revision.number}")
