"""The stages table (the map's columns, left to right) and the buttons that move a stage."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeymap.store import edits
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.editors.common import save_table_change, widget_key
from journeymap.ui.text import box

__all__ = ["stages_table"]


def stages_table(opened: StoredJourney) -> None:
    """The stages, in order: rename, add, delete; move with the buttons below."""
    journey = opened.journey
    keys = [stage.id for stage in journey.stages]
    frame = pd.DataFrame([{"id": s.id, "name": s.name, "description": s.description or ""} for s in journey.stages],
                         columns=["id", "name", "description"])
    table_key = widget_key("stages_table")
    st.data_editor(
        frame, key=table_key, num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
        column_config={
            "id": st.column_config.TextColumn("id", help="Stable key; made from the name when left empty."),
            "name": st.column_config.TextColumn("name", required=True, max_chars=120),
            "description": st.column_config.TextColumn("description", width="large"),
        },
        on_change=save_table_change, args=("stages", table_key, keys),
    )
    box(state.problems("stages_table"), "error")
    if len(keys) > 1:
        _stage_mover(opened, keys)


def _stage_mover(opened: StoredJourney, keys: list[str]) -> None:
    """Choose a stage and move it left or right; it stays chosen after each move, so it can move again at once."""
    names = {stage.id: stage.name for stage in opened.journey.stages}
    left, up, down = st.columns([3, 1, 1], vertical_alignment="bottom")
    remembered = st.session_state["stage_to_move_id"]
    chooser_key = widget_key("stage_to_move")
    chosen = left.selectbox("Move a stage", keys, index=keys.index(remembered) if remembered in keys else 0,
                            format_func=names.__getitem__, key=chooser_key, on_change=_remember_stage,
                            args=(chooser_key,))
    up.button("Move left", key=widget_key("stage_up"), on_click=_move_stage, args=(chosen, -1), width="stretch")
    down.button("Move right", key=widget_key("stage_down"), on_click=_move_stage, args=(chosen, 1), width="stretch")


def _remember_stage(chooser_key: str) -> None:
    st.session_state["stage_to_move_id"] = st.session_state.get(chooser_key)


def _move_stage(stage_id: str, offset: int) -> None:
    st.session_state["stage_to_move_id"] = stage_id
    state.apply_edit(lambda data: edits.move_item(data, "stages", stage_id, offset), "stages_table")
