"""Which touchpoint is open for editing, and whether it was clicked on the map."""

from __future__ import annotations

import streamlit as st

from journeymap.ui.state.session import current

__all__ = ["map_dialog", "open_from_map", "select_touchpoint", "selected_touchpoint"]


def selected_touchpoint() -> str | None:
    """The touchpoint open for editing, if it is (still) one of the journey's."""
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
