"""Connections: the table of them all, the one-click chain of a journey without flow, and the
connections of the touchpoint open in the form."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from journeymap.model import Journey, Touchpoint
from journeymap.model.validation import journey_to_data
from journeymap.store import edits
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.editors.common import save_table_change, widget_key
from journeymap.ui.text import box, message

__all__ = ["connections_table", "touchpoint_connections"]


def connections_table(opened: StoredJourney) -> None:
    """Every connection: who moves where (flow) or which step relies on which (support)."""
    journey = opened.journey
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    if len(names) < 2:
        message("Connections join two touchpoints; add at least two first.", "info")
        return
    if not any(c.kind == "flow" for c in journey.connections):
        _offer_to_connect_in_order(opened)
    keys = [f"{c.from_}→{c.to}" for c in journey.connections]
    frame = pd.DataFrame([{"from": c.from_, "to": c.to, "kind": c.kind, "share": c.share, "label": c.label or ""}
                          for c in journey.connections], columns=["from", "to", "kind", "share", "label"])
    frame["share"] = frame["share"].astype("float64")
    table_key = widget_key("connections_table")
    label = lambda tp_id: names.get(tp_id, tp_id)  # noqa: E731 - one-line display function
    st.data_editor(
        frame, key=table_key, num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
        # medium, not large: the table stretches them on a wide screen, and at 1280 pixels kind, share and
        # label stay in view (two large columns filled the 820-pixel column, so a support link read as a flow)
        column_config={
            "from": st.column_config.SelectboxColumn("from", options=list(names), required=True, format_func=label,
                                                     width="medium"),
            "to": st.column_config.SelectboxColumn("to", options=list(names), required=True, format_func=label,
                                                   width="medium"),
            "kind": st.column_config.SelectboxColumn("kind", options=["flow", "support"], default="flow", required=True,
                                                     help="flow: customers move on; support: a step relies on another"),
            "share": st.column_config.NumberColumn("share 0…1", step=0.05,  # no min/max: see the touchpoints table
                                                   help="Share of customers taking this way; empty splits what is left."),
            "label": st.column_config.TextColumn("label", max_chars=200),
        },
        on_change=save_table_change, args=("connections", table_key, keys),
    )
    box(state.problems("connections_table"), "error")


def _offer_to_connect_in_order(opened: StoredJourney) -> None:
    """A journey with no flow yet (typed into a spreadsheet, or new): one click chains its steps."""
    walked = edits.steps_in_order(journey_to_data(opened.journey))
    if len(walked) < 2:
        return
    message(f"No flow yet: without it the map has no arrows and completion is unknown. Connecting the "
            f"{len(walked)} customer and frontstage steps one after another, in map order, and each backstage or "
            "support step to the step before it, is a starting point; then add branches and drop-offs here. "
            "Undo takes it back.", "info")
    st.button("Connect the steps in order", key=widget_key("connect_in_order"), icon=":material/trending_flat:",
              on_click=_connect_in_order)


def _connect_in_order() -> None:
    """Chain the steps and say what was added: the button sits under the table, and the info box going
    away was its only feedback."""
    before = state.current()
    if before is None or not state.apply_edit(edits.connect_in_order, "connections_table"):
        return
    after = state.current()
    old = {(c.from_, c.to) for c in before.journey.connections}
    added = [c for c in after.journey.connections if (c.from_, c.to) not in old] if after else []
    arrows = sum(c.kind == "flow" for c in added)
    supports = len(added) - arrows
    parts = [f"{arrows} arrow{'s' if arrows != 1 else ''} customers follow"]
    if supports:
        parts.append(f"{supports} support link{'s' if supports != 1 else ''} to the step{'s' if supports != 1 else ''} "
                     f"{'they serve' if supports != 1 else 'it serves'}")
    state.notify(f"Connected the steps in order: {' and '.join(parts)}. See them on the Map; Undo takes them back.")


def touchpoint_connections(journey: Journey, touchpoint: Touchpoint) -> None:
    """The connections into and out of this touchpoint: remove one, or add one to another step."""
    key = partial(widget_key, "tp_links", touchpoint.id)
    names = {tp.id: tp.name for tp in journey.touchpoints}
    st.caption("Connections of this touchpoint")
    linked = [c for c in journey.connections if touchpoint.id in (c.from_, c.to)]
    if not linked:
        st.text("None yet.")
    for connection in linked:
        outgoing = connection.from_ == touchpoint.id
        other = names.get(connection.to if outgoing else connection.from_, "?")
        share = "" if connection.share is None else f", {connection.share:.0%}"
        text_column, button_column = st.columns([3, 1], vertical_alignment="center")
        text_column.text(f"{'to' if outgoing else 'from'} “{other}” ({connection.kind}{share})")
        button_column.button("Remove", key=key("remove", connection.from_, connection.to), width="stretch",
                             on_click=_remove_connection, args=(connection.from_, connection.to))
    others = [tp_id for tp_id in names if tp_id != touchpoint.id]
    if others:
        target, kind = st.columns([3, 1], vertical_alignment="bottom")  # two rows: one is too narrow at 1280
        share, add = st.columns([1, 1], vertical_alignment="bottom")
        target.selectbox("Connect to", others, index=others.index(_next_unconnected(journey, touchpoint, others)),
                         format_func=names.__getitem__, key=key("target"))
        kind.selectbox("Kind", ["flow", "support"], key=key("kind"),
                       help="flow: customers move on to that step. support: this step relies on that one, "
                            "alongside (customers do not move).")
        share.number_input("Share", value=None, step=0.05, key=key("share"),  # no min/max: see staff minutes
                           placeholder="the rest",
                           help="Of the customers leaving this step, how many go there (0 … 1). "
                                "Empty: an even split of what is left.")
        add.button("Add connection", key=key("add"), on_click=_add_connection, args=(touchpoint.id,), width="stretch")
    box(state.problems("touchpoint_connections"), "error")


def _next_unconnected(journey: Journey, touchpoint: Touchpoint, others: list[str]) -> str:
    """The step to offer first: the next one after this touchpoint that it does not lead to yet (offering one
    it already leads to would make the first click a refused duplicate)."""
    already = {c.to for c in journey.connections if c.from_ == touchpoint.id}
    order = [tp.id for tp in journey.touchpoints]
    here = order.index(touchpoint.id)
    for candidate in order[here + 1:] + order[:here]:
        if candidate not in already:
            return candidate
    return others[0]


def _add_connection(touchpoint_id: str) -> None:
    key = partial(widget_key, "tp_links", touchpoint_id)
    values = st.session_state
    target, kind, share = values[key("target")], values[key("kind")], values[key("share")]
    opened = state.current()
    opened_with = None if opened is None else journey_to_data(opened.journey)  # what the form showed
    state.apply_edit(lambda data: edits.add_connection(data, touchpoint_id, target, kind, share,
                                                       opened_with=opened_with), "touchpoint_connections")


def _remove_connection(source: str, target: str) -> None:
    state.apply_edit(lambda data: edits.delete_connection(data, source, target), "touchpoint_connections")
