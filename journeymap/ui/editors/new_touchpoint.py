"""The quick form that adds a touchpoint, offering to connect it from the step before."""

from __future__ import annotations

from functools import partial

import streamlit as st

from journeymap.model import LANES, Journey
from journeymap.model.validation import journey_to_data
from journeymap.store import edits
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.editors.common import LANE_HELP, LANE_LABELS, NO_CONNECTION, widget_key
from journeymap.ui.text import box, message

__all__ = ["add_touchpoint_form", "step_before"]


def step_before(journey: Journey, selected: str | None) -> str:
    """The step a new touchpoint is offered to follow: the one open for editing, if it is part of the
    customers' flow; with none open, the last step while the journey has no flow yet (building from
    nothing), else no connection. Never a guess outside the flow: a flow from a backstage note or a system
    linked by support would make it a second start of the journey and halve every figure.

    Examples
    --------
    >>> from journeymap.model.validation import journey_from_data
    >>> journey = journey_from_data({"title": "t", "stages": [{"id": "s", "name": "S"}], "touchpoints": [
    ...     {"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"},
    ...     {"id": "pos", "name": "Till", "stage": "s", "lane": "support"}],
    ...     "connections": [{"from": "a", "to": "b"}, {"from": "b", "to": "pos", "kind": "support"}]})
    >>> step_before(journey, "a"), step_before(journey, "pos"), step_before(journey, None)
    ('a', '', '')
    """
    in_flow = {end for c in journey.connections if c.kind == "flow" for end in (c.from_, c.to)}
    ids = [touchpoint.id for touchpoint in journey.touchpoints]
    if selected in ids and (selected in in_flow or not in_flow):
        return selected
    return ids[-1] if ids and not in_flow else NO_CONNECTION


def add_touchpoint_form(opened: StoredJourney) -> None:
    """A quick form for a new touchpoint, offering to connect it from the one before."""
    journey = opened.journey
    stage_names = {stage.id: stage.name for stage in journey.stages}
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    previous = step_before(journey, state.selected_touchpoint())
    key = partial(widget_key, "new_tp")
    # the defaults follow the touchpoint open for editing: keyed by it, so choosing another one updates them
    stage_key, from_key = key("stage", previous or "none"), key("from", previous or "none")
    with st.form(key("form"), border=True):
        st.text_input("Name of the new touchpoint", key=key("name"), max_chars=120,
                      placeholder="What happens, in the customer's words")
        first, second = st.columns(2)
        default_stage = journey.touchpoint(previous).stage if previous in names else next(iter(stage_names))
        first.selectbox("Stage", list(stage_names), index=list(stage_names).index(default_stage),
                        format_func=stage_names.__getitem__, key=stage_key)
        second.selectbox("Lane", list(LANES), format_func=LANE_LABELS.__getitem__, key=key("lane"), help=LANE_HELP)
        first.slider("Customer emotion", -5.0, 5.0, 0.0, 0.5, format="%+.1f", key=key("emotion"))
        second.slider("Friction", 0.0, 10.0, 0.0, 0.5, format="%.1f", key=key("friction"))
        # an unrated step is not a neutral one: 0 would pull the emotion curve and the remembered
        # experience (its "end") towards neutral. Moving the slider counts as rating it.
        st.checkbox("Customer emotion not known yet", True, key=key("emotion_unknown"),
                       help="Leave ticked until the team agrees how the customer feels here; moving the slider "
                            "away from 0 sets the emotion, and unticking keeps a neutral 0.")
        options = [NO_CONNECTION, *names]
        st.selectbox("Connect from (customers come from this step)", options, index=options.index(previous),
                     help="The step before, in the customers' flow. A step in the Support lane is linked as "
                          "support instead (the step relies on it; customers do not move there).",
                     format_func=lambda tp_id: names.get(tp_id, "— no connection —"), key=from_key)
        st.form_submit_button("Add touchpoint", type="primary", on_click=_add_touchpoint, args=(stage_key, from_key),
                              key=key("add"))
    if previous in names and journey.touchpoint(previous).goal:
        message(f"“{names[previous]}” is a goal step: customers who go on from it to a new step no longer count "
                "as finishing there. Tick “Goal step” on the new one if the journey now ends there.", "info")
    box(state.problems("new_touchpoint"), "error")


def _add_touchpoint(stage_key: str, from_key: str) -> None:
    key = partial(widget_key, "new_tp")
    values = st.session_state
    name = (values[key("name")] or "").strip()
    if not name:
        state.set_problems("new_touchpoint", ["Give the new touchpoint a name."])
        return
    opened = state.current()
    if opened is None:
        return
    new_id = edits.touchpoint_id_for(journey_to_data(opened.journey), name)
    emotion = values[key("emotion")]
    if values[key("emotion_unknown")] and emotion == 0:
        emotion = None
    fields = {"id": new_id, "name": name, "stage": values[stage_key], "lane": values[key("lane")],
              "emotion": emotion, "friction": values[key("friction")]}
    connect_from = values[from_key] or None
    kind = "support" if fields["lane"] == "support" else "flow"  # systems do not move customers
    if state.apply_edit(lambda data: edits.add_touchpoint(data, fields, connect_from, kind), "new_touchpoint"):
        state.select_touchpoint(new_id)
        state.notify("Touchpoint added; fill in the rest on the right.")
