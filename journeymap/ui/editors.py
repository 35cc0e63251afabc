"""Building the journey in the browser: tables for bulk editing, forms for one touchpoint.

Every change goes through :func:`journeymap.ui.state.apply_edit` in a widget callback, so it is
validated and saved before the screen is drawn again. Widget keys carry the state's editor version:
after a saved (or refused) change the editors start fresh from the saved journey, while the values of
a refused touchpoint form stay as typed so nothing the team entered is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from journeymap.model.validation import journey_to_data
from journeymap.model import EVIDENCE_LEVELS, LANES, TRAITS, Journey, Touchpoint
from journeymap.store import edits
from journeymap.ui import state
from journeymap.ui.text import box, message
from journeymap.store.workspace import OpenedFile

__all__ = [
    "LANE_LABELS",
    "TRAIT_LABELS",
    "add_touchpoint_form",
    "connections_table",
    "journey_details_form",
    "stages_table",
    "step_before",
    "touchpoint_editor",
    "touchpoint_picker",
    "touchpoints_table",
]

LANE_LABELS = {
    "customer": "Customer",
    "frontstage": "Frontstage (in view)",
    "backstage": "Backstage (out of view)",
    "support": "Support (systems)",
}
LANE_HELP = ("Customer: what the customer does. Frontstage: what staff do in view. "
             "Backstage: what staff do out of view. Support: systems and processes.")
EVIDENCE_LABELS = {"assumed": "Assumed", "observed": "Observed", "measured": "Measured"}
TRAIT_LABELS = {
    "rule_based": ("Rule based", "1 needs judgement … 5 follows fixed rules"),
    "digital_input": ("Digital input", "1 paper or talk … 5 structured digital data"),
    "variability": ("Variability", "1 always the same … 5 every case differs"),
    "empathy_need": ("Empathy need", "1 transactional … 5 emotionally charged, needs a person"),
    "data_sensitivity": ("Data sensitivity", "1 none … 5 health, money, identity"),
}
UNKNOWN = "not scored"
#: Session key: the stage last chosen under "Move a stage".
STAGE_TO_MOVE = "stage_to_move_id"
NO_CONNECTION = ""


def _key(name: str, *parts: str) -> str:
    return "_".join([name, *parts, str(state.editor_version())])


# --- journey, stages --------------------------------------------------------------------------


def journey_details_form(opened: OpenedFile) -> None:
    """Title, description, customers per week and the persona."""
    journey = opened.journey
    persona = journey.persona
    key = partial(_key, "details")
    with st.form(key("form"), border=False):
        st.text_input("Title", journey.title, max_chars=200, key=key("title"))
        st.text_area("What this journey is about", journey.description or "", key=key("description"), height=80)
        st.number_input("Customers starting the journey per week",  # no min/max: they drop a typed -5 silently
                        value=None if journey.customers_per_week is None else float(journey.customers_per_week),
                        step=10.0, key=key("customers"), placeholder="unknown")
        left, right = st.columns(2)
        left.text_input("Persona", persona.name if persona else "", max_chars=120, key=key("persona"),
                        help="Who walks through the journey; leave empty for none.")
        right.text_area("Persona's goals, one per line", "\n".join(persona.goals) if persona else "",
                        key=key("goals"), height=80)
        st.text_area("About the persona", (persona.description or "") if persona else "", key=key("persona_description"),
                     height=80)
        st.form_submit_button("Save journey details", on_click=_save_details, key=key("save"))
    box(state.problems("details"), "error")


def _save_details() -> None:
    key = partial(_key, "details")
    values = st.session_state
    fields = {
        "title": values[key("title")],
        "description": values[key("description")],
        "customers_per_week": values[key("customers")],
        "persona": {"name": values[key("persona")], "description": values[key("persona_description")],
                    "goals": _lines(values[key("goals")])},
    }
    state.apply_edit(lambda data: edits.update_journey_details(data, fields), "details")


def stages_table(opened: OpenedFile) -> None:
    """The stages, in order: rename, add, delete; move with the buttons below."""
    journey = opened.journey
    keys = [stage.id for stage in journey.stages]
    frame = pd.DataFrame([{"id": s.id, "name": s.name, "description": s.description or ""} for s in journey.stages],
                         columns=["id", "name", "description"])
    table_key = _key("stages_table")
    st.data_editor(
        frame, key=table_key, num_rows="dynamic", hide_index=True, width="stretch", placeholder="",
        column_config={
            "id": st.column_config.TextColumn("id", help="Stable key; made from the name when left empty."),
            "name": st.column_config.TextColumn("name", required=True, max_chars=120),
            "description": st.column_config.TextColumn("description", width="large"),
        },
        on_change=_on_table_change, args=("stages", table_key, keys),
    )
    box(state.problems("stages_table"), "error")
    if len(keys) > 1:
        names = {stage.id: stage.name for stage in journey.stages}
        left, up, down = st.columns([3, 1, 1], vertical_alignment="bottom")
        # the stage being moved stays chosen after each move, so it can be moved again at once
        remembered = st.session_state.get(STAGE_TO_MOVE)
        chooser_key = _key("stage_to_move")
        chosen = left.selectbox("Move a stage", keys, index=keys.index(remembered) if remembered in keys else 0,
                                format_func=names.__getitem__, key=chooser_key, on_change=_remember_stage,
                                args=(chooser_key,))
        up.button("Move left", key=_key("stage_up"), on_click=_move, args=("stages", chosen, -1), width="stretch")
        down.button("Move right", key=_key("stage_down"), on_click=_move, args=("stages", chosen, 1), width="stretch")


def _remember_stage(chooser_key: str) -> None:
    st.session_state[STAGE_TO_MOVE] = st.session_state.get(chooser_key)


def _move(collection: str, item_id: str, offset: int) -> None:
    if collection == "stages":
        st.session_state[STAGE_TO_MOVE] = item_id
    state.apply_edit(lambda data: edits.move_item(data, collection, item_id, offset), f"{collection}_table")


def _on_table_change(collection: str, table_key: str, keys: Sequence[str]) -> None:
    delta = dict(st.session_state.get(table_key) or {})
    saved = state.apply_edit(lambda data: edits.apply_table_delta(data, collection, keys, delta), f"{collection}_table")
    if not saved:
        st.session_state["editor_version"] += 1  # show the saved journey again, next to the message


# --- touchpoints ------------------------------------------------------------------------------


def touchpoints_table(opened: OpenedFile) -> None:
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
    table_key = _key("touchpoints_table")
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
        on_change=_on_table_change, args=("touchpoints", table_key, keys),
    )
    box(state.problems("touchpoints_table"), "error")


def touchpoint_picker(opened: OpenedFile) -> str | None:
    """Choose the touchpoint to edit in the form (clicking it on the map does the same)."""
    journey = opened.journey
    if not journey.touchpoints:
        return None
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    options = ["", *names]
    selected = state.selected_touchpoint() or ""
    picker_key = _key("picker", selected or "none")
    st.selectbox("Touchpoint to edit", options, index=options.index(selected), key=picker_key,
                 format_func=lambda tp_id: names.get(tp_id, "— choose a touchpoint, or click one on the map —"),
                 on_change=_on_pick, args=(picker_key,))
    return state.selected_touchpoint()


def _on_pick(picker_key: str) -> None:
    state.select_touchpoint(st.session_state.get(picker_key) or None)


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


def add_touchpoint_form(opened: OpenedFile) -> None:
    """A quick form for a new touchpoint, offering to connect it from the one before."""
    journey = opened.journey
    stage_names = {stage.id: stage.name for stage in journey.stages}
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    previous = step_before(journey, state.selected_touchpoint())
    key = partial(_key, "new_tp")
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
    key = partial(_key, "new_tp")
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


def touchpoint_editor(opened: OpenedFile, touchpoint_id: str, on_close: Callable[[], None] | None = None) -> None:
    """The whole of one touchpoint: sliders, choices, automation traits and sticky notes.

    A refused save keeps every value as typed and shows each message under its field.
    """
    journey = opened.journey
    touchpoint = journey.touchpoint(touchpoint_id)
    stage_names = {stage.id: stage.name for stage in journey.stages}
    field_problems: dict[str, str] = st.session_state["field_problems"]
    key = partial(_key, "tp", touchpoint_id)

    shown: set[str] = set()

    def problem_under(field: str) -> None:
        shown.add(field)
        if field in field_problems:
            text = field_problems[field]
            message(text[:1].upper() + text[1:], "error")

    with st.form(key("form"), border=True):
        st.text_input("Name", touchpoint.name, max_chars=120, key=key("name"))
        problem_under("name")
        first, second, third = st.columns(3)
        with first:
            st.selectbox("Stage", list(stage_names), index=list(stage_names).index(touchpoint.stage),
                         format_func=stage_names.__getitem__, key=key("stage"))
            problem_under("stage")
        with second:
            st.selectbox("Lane", list(LANES), index=LANES.index(touchpoint.lane), format_func=LANE_LABELS.__getitem__,
                         key=key("lane"), help=LANE_HELP)
        with third:
            st.selectbox("Evidence", list(EVIDENCE_LEVELS), index=EVIDENCE_LEVELS.index(touchpoint.evidence),
                         format_func=EVIDENCE_LABELS.__getitem__, key=key("evidence"),
                         help="Where the emotion and friction come from.")
        first, second, third = st.columns(3)
        with first:
            st.slider("Customer emotion (−5 … +5)", -5.0, 5.0, float(touchpoint.emotion or 0.0), 0.5, format="%+.1f",
                      key=key("emotion"))
            st.checkbox("Not known yet", touchpoint.emotion is None, key=key("emotion_unknown"))
            problem_under("emotion")
        with second:
            st.slider("Staff emotion (−5 … +5)", -5.0, 5.0, float(touchpoint.staff_emotion or 0.0), 0.5,
                      format="%+.1f", key=key("staff_emotion"))
            st.checkbox("Not known yet", touchpoint.staff_emotion is None, key=key("staff_emotion_unknown"))
            problem_under("staff_emotion")
        with third:
            st.slider("Friction (0 … 10)", 0.0, 10.0, float(touchpoint.friction), 0.5, format="%.1f", key=key("friction"))
            problem_under("friction")
        first, second, third = st.columns(3)
        first.text_input("Feeling, in a word", touchpoint.feeling or "", max_chars=120, key=key("feeling"))
        second.text_input("Channel", touchpoint.channel or "", max_chars=120, key=key("channel"),
                          placeholder="web, phone, in person …")
        # number boxes without min/max: the browser would drop an out-of-range value without a word
        # (and keep the old one); validation refuses it with a message under the field instead
        with third:
            st.number_input("Staff minutes each time",
                            value=None if touchpoint.staff_minutes is None else float(touchpoint.staff_minutes),
                            step=1.0, key=key("staff_minutes"), placeholder="none")
            problem_under("staff_minutes")
        first.checkbox("Goal step", touchpoint.goal, key=key("goal"),
                       help="Reaching this step means the journey succeeded.")
        second.number_input("Share of customers who start here (0 … 1)",
                            value=touchpoint.entry_share, step=0.05, key=key("entry_share"), placeholder="not an entry")
        problem_under("entry_share")
        st.text_area("Description", touchpoint.description or "", key=key("description"), height=68)

        st.caption("Automation traits: what the automation advice reads (1 … 5)")
        traits = touchpoint.automation
        # three and two to a row: five side by side cut their labels on a 1280-pixel projector
        columns = [*st.columns(3), *st.columns(3)[:2]]
        for column, trait in zip(columns, TRAITS, strict=True):
            label, scale = TRAIT_LABELS[trait]
            value = getattr(traits, trait) if traits else None
            with column:
                st.select_slider(label, [UNKNOWN, 1, 2, 3, 4, 5], value=UNKNOWN if value is None else value,
                                 help=scale, key=key(trait))
                problem_under(f"automation.{trait}")

        st.caption("Sticky notes, one per line")
        first, second, third = st.columns(3)
        first.text_area("Pain points", "\n".join(touchpoint.pain_points), key=key("pain_points"), height=110)
        second.text_area("Opportunities", "\n".join(touchpoint.opportunities), key=key("opportunities"), height=110)
        third.text_area("Quotes (the customer's own words)", "\n".join(touchpoint.quotes), key=key("quotes"), height=110)
        for field in ("pain_points", "opportunities", "quotes"):
            for found, text in field_problems.items():
                if found.startswith(field):
                    shown.add(found)
                    message(f"{field.replace('_', ' ')}: {text}", "error")
        # any other field's message (a text too long …), so that no refusal goes unexplained
        box([f"{found.replace('_', ' ')}: {text}" for found, text in field_problems.items() if found not in shown],
            "error")
        st.text_area("Notes", touchpoint.notes or "", key=key("notes"), height=68)
        st.form_submit_button("Save touchpoint", type="primary", on_click=_save_touchpoint,
                              args=(touchpoint_id,), key=key("save"))
    box(state.problems("touchpoint_form"), "error")
    _touchpoint_actions(journey, touchpoint, on_close)
    _touchpoint_connections(journey, touchpoint)


def _save_touchpoint(touchpoint_id: str) -> None:
    key = partial(_key, "tp", touchpoint_id)
    values = st.session_state
    traits = {trait: (None if values[key(trait)] == UNKNOWN else int(values[key(trait)])) for trait in TRAITS}
    fields: dict[str, Any] = {
        "name": values[key("name")],
        "stage": values[key("stage")],
        "lane": values[key("lane")],
        "evidence": values[key("evidence")],
        "emotion": None if values[key("emotion_unknown")] else values[key("emotion")],
        "staff_emotion": None if values[key("staff_emotion_unknown")] else values[key("staff_emotion")],
        "friction": values[key("friction")],
        "feeling": values[key("feeling")],
        "channel": values[key("channel")],
        "staff_minutes": values[key("staff_minutes")],
        "goal": bool(values[key("goal")]),
        "entry_share": values[key("entry_share")],
        "description": values[key("description")],
        "automation": traits,
        "pain_points": _lines(values[key("pain_points")]),
        "opportunities": _lines(values[key("opportunities")]),
        "quotes": _lines(values[key("quotes")]),
        "notes": values[key("notes")],
    }
    saved = state.apply_edit(lambda data: edits.update_touchpoint(data, touchpoint_id, fields), "touchpoint_form",
                             field_scope=True)
    if saved:
        state.notify("Touchpoint saved.")


def _touchpoint_actions(journey: Journey, touchpoint: Touchpoint, on_close: Callable[[], None] | None) -> None:
    """Move, connect and delete the touchpoint being edited."""
    key = partial(_key, "tp_action", touchpoint.id)
    up, down, delete, close = st.columns(4)
    up.button("Move earlier", key=key("up"), on_click=_move_touchpoint, args=(touchpoint.id, -1), width="stretch")
    down.button("Move later", key=key("down"), on_click=_move_touchpoint, args=(touchpoint.id, 1), width="stretch")
    with delete.popover("Delete", width="stretch", key=key("delete_popover"), icon=":material/delete:"):
        st.text(f"Delete “{touchpoint.name}” and its connections? Undo brings it back.")
        st.button("Yes, delete it", type="primary", key=key("delete"), on_click=_delete_touchpoint, args=(touchpoint.id,))
    if on_close is None:
        close.button("Done", key=key("close"), on_click=state.select_touchpoint, args=(None,), width="stretch")
    else:
        close.button("Done", key=key("close"), on_click=on_close, width="stretch")


def _move_touchpoint(touchpoint_id: str, offset: int) -> None:
    state.apply_edit(lambda data: edits.move_item(data, "touchpoints", touchpoint_id, offset), "touchpoint_form")


def _delete_touchpoint(touchpoint_id: str) -> None:
    if state.apply_edit(lambda data: edits.delete_touchpoint(data, touchpoint_id), "touchpoint_form"):
        state.select_touchpoint(None)
        state.notify("Touchpoint deleted. Undo in the sidebar brings it back.")


def _touchpoint_connections(journey: Journey, touchpoint: Touchpoint) -> None:
    """The connections into and out of this touchpoint: remove one, or add one to another step."""
    key = partial(_key, "tp_links", touchpoint.id)
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
    key = partial(_key, "tp_links", touchpoint_id)
    values = st.session_state
    target, kind, share = values[key("target")], values[key("kind")], values[key("share")]
    state.apply_edit(lambda data: edits.add_connection(data, touchpoint_id, target, kind, share),
                     "touchpoint_connections")


def _remove_connection(source: str, target: str) -> None:
    state.apply_edit(lambda data: edits.delete_connection(data, source, target), "touchpoint_connections")


# --- connections ------------------------------------------------------------------------------


def connections_table(opened: OpenedFile) -> None:
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
    table_key = _key("connections_table")
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
        on_change=_on_table_change, args=("connections", table_key, keys),
    )
    box(state.problems("connections_table"), "error")


def _offer_to_connect_in_order(opened: OpenedFile) -> None:
    """A journey with no flow yet (typed into a spreadsheet, or new): one click chains its steps."""
    walked = edits.steps_in_order(journey_to_data(opened.journey))
    if len(walked) < 2:
        return
    message(f"No flow yet: without it the map has no arrows and completion is unknown. Connecting the "
            f"{len(walked)} customer and frontstage steps one after another, in map order, and each backstage or "
            "support step to the step before it, is a starting point; then add branches and drop-offs here. "
            "Undo takes it back.", "info")
    st.button("Connect the steps in order", key=_key("connect_in_order"), icon=":material/trending_flat:",
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


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
