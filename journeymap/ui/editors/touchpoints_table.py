"""Every touchpoint in one table, for bulk editing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeymap.model import EVIDENCE_LEVELS, LANES
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.editors.common import save_table_change, widget_key
from journeymap.ui.text import box

__all__ = ["touchpoints_table"]


def touchpoints_table(opened: StoredJourney) -> None:
    """Every touchpoint in one table for bulk editing: names, stages, lanes, emotions, friction."""
    journey = opened.journey
    stage_names = {stage.id: stage.name for stage in journey.stages}
    keys = [touchpoint.id for touchpoint in journey.touchpoints]
    # the id last: a stable key, not what the room reads; first, it pushed friction out of view at 1280 px
    columns = ["name", "stage", "lane", "channel", "emotion", "staff_emotion", "feeling", "friction",
               "evidence", "staff_minutes", "goal", "entry_share", "id"]
    rows = [{column: getattr(touchpoint, column) for column in columns} for touchpoint in journey.touchpoints]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("emotion", "staff_emotion", "friction", "staff_minutes", "entry_share"):
        frame[column] = frame[column].astype("float64")
    frame["goal"] = frame["goal"].astype("bool")
    table_key = widget_key("touchpoints_table")
    st.data_editor(
        frame, key=table_key, num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
        column_config={
            # no validate=: the grid would only colour a bad id red; the edit is refused with a message instead
            "id": st.column_config.TextColumn("id", help="Stable key; made from the name when left empty. "
                                                        "Letters, digits, '_', '.' or '-'."),
            "name": st.column_config.TextColumn("name", required=True, max_chars=120, width="medium"),
            "stage": st.column_config.SelectboxColumn("stage", options=list(stage_names), required=True,
                                                      format_func=lambda stage_id: stage_names.get(stage_id, stage_id)),
            "lane": st.column_config.SelectboxColumn("lane", options=list(LANES), default="customer", required=True),
            # No min/max on number columns: the grid would silently clamp a typed 9 to 5; validation
            # refuses it instead, with a message under the table. The range is in the header.
            "emotion": st.column_config.NumberColumn("emotion −5…+5", step=0.5,
                                                     help="How the customer feels: −5 … +5, 0 neutral."),
            "staff_emotion": st.column_config.NumberColumn("staff emotion −5…+5", step=0.5,
                                                           help="How the staff doing it feel: −5 … +5, 0 neutral."),
            "friction": st.column_config.NumberColumn("friction 0…10", step=0.5, default=0,
                                                      help="Effort, waiting, confusion: 0 none … 10 a wall."),
            "evidence": st.column_config.SelectboxColumn("evidence", options=list(EVIDENCE_LEVELS), default="assumed"),
            "staff_minutes": st.column_config.NumberColumn("staff minutes", step=0.5,
                                                           help="Staff time each time a customer passes this step."),
            "goal": st.column_config.CheckboxColumn("goal", default=False),
            "entry_share": st.column_config.NumberColumn("entry share 0…1", step=0.05,
                                                         help="Share of customers who start here; empty: not an entry."),
        },
        on_change=save_table_change, args=("touchpoints", table_key, keys),
    )
    box(state.problems("touchpoints_table"), "error")
