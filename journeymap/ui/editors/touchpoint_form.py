"""One touchpoint in full: choose it, edit every field in a form, move or delete it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import streamlit as st

from journeymap.model import EVIDENCE_LEVELS, LANES, TRAITS, Touchpoint
from journeymap.model.validation import journey_to_data
from journeymap.store import edits
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.editors.common import (
    EVIDENCE_LABELS,
    LANE_HELP,
    LANE_LABELS,
    TRAIT_LABELS,
    UNKNOWN,
    keep_typed,
    lines,
    widget_key,
)
from journeymap.ui.editors.connections import touchpoint_connections
from journeymap.ui.text import box, message

__all__ = ["touchpoint_editor", "touchpoint_picker"]


def touchpoint_picker(opened: StoredJourney) -> str | None:
    """Choose the touchpoint to edit in the form (clicking it on the map does the same)."""
    journey = opened.journey
    if not journey.touchpoints:
        return None
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    options = ["", *names]
    selected = state.selected_touchpoint() or ""
    picker_key = widget_key("picker", selected or "none")
    st.selectbox("Touchpoint to edit", options, index=options.index(selected), key=picker_key,
                 format_func=lambda tp_id: names.get(tp_id, "— choose a touchpoint, or click one on the map —"),
                 on_change=_on_pick, args=(picker_key,))
    return state.selected_touchpoint()


def _on_pick(picker_key: str) -> None:
    state.select_touchpoint(st.session_state.get(picker_key) or None)


def touchpoint_editor(opened: StoredJourney, touchpoint_id: str, on_close: Callable[[], None] | None = None) -> None:
    """The whole of one touchpoint: sliders, choices, automation traits and sticky notes.

    A refused save keeps every value as typed and shows each message under its field.
    """
    journey = opened.journey
    touchpoint = journey.touchpoint(touchpoint_id)
    key = partial(widget_key, "tp", touchpoint_id)
    problems = _FieldProblems(st.session_state["field_problems"])
    with st.form(key("form"), border=True):
        _what_and_where(touchpoint, {stage.id: stage.name for stage in journey.stages}, key, problems)
        _how_it_feels(touchpoint, key, problems)
        _automation_traits(touchpoint, key, problems)
        _sticky_notes(touchpoint, key, problems)
        st.form_submit_button("Save touchpoint", type="primary", on_click=_save_touchpoint,
                              args=(touchpoint_id,), key=key("save"))
    box(state.problems("touchpoint_form"), "error")
    _touchpoint_actions(touchpoint, on_close)
    touchpoint_connections(journey, touchpoint)


class _FieldProblems:
    """The messages of a refused save by field, each shown once: under its field, or at the end."""

    def __init__(self, by_field: dict[str, str]) -> None:
        self.by_field = by_field
        self.shown: set[str] = set()

    def under(self, field: str) -> None:
        """The message about ``field``, if any, right under it."""
        self.shown.add(field)
        if field in self.by_field:
            text = self.by_field[field]
            message(text[:1].upper() + text[1:], "error")

    def of_lists(self, fields: tuple[str, ...]) -> None:
        """The messages about the items of list fields (``quotes[2]``), named by their list."""
        for field in fields:
            for found, text in self.by_field.items():
                if found.startswith(field):
                    self.shown.add(found)
                    message(f"{field.replace('_', ' ')}: {text}", "error")

    def the_rest(self) -> None:
        """Any other field's message (a text too long …), so that no refusal goes unexplained."""
        box([f"{found.replace('_', ' ')}: {text}" for found, text in self.by_field.items() if found not in self.shown],
            "error")


def _what_and_where(touchpoint: Touchpoint, stage_names: dict[str, str], key: Callable[..., str],
                    problems: _FieldProblems) -> None:
    """Name, stage, lane and where the figures come from."""
    st.text_input("Name", touchpoint.name, max_chars=120, key=key("name"))
    problems.under("name")
    first, second, third = st.columns(3)
    with first:
        st.selectbox("Stage", list(stage_names), index=list(stage_names).index(touchpoint.stage),
                     format_func=stage_names.__getitem__, key=key("stage"))
        problems.under("stage")
    with second:
        st.selectbox("Lane", list(LANES), index=LANES.index(touchpoint.lane), format_func=LANE_LABELS.__getitem__,
                     key=key("lane"), help=LANE_HELP)
    with third:
        st.selectbox("Evidence", list(EVIDENCE_LEVELS), index=EVIDENCE_LEVELS.index(touchpoint.evidence),
                     format_func=EVIDENCE_LABELS.__getitem__, key=key("evidence"),
                     help="Where the emotion and friction come from.")


def _how_it_feels(touchpoint: Touchpoint, key: Callable[..., str], problems: _FieldProblems) -> None:
    """Emotions, friction, feeling, channel, staff time, goal, entry share and description."""
    first, second, third = st.columns(3)
    with first:
        st.slider("Customer emotion (−5 … +5)", -5.0, 5.0, float(touchpoint.emotion or 0.0), 0.5, format="%+.1f",
                  key=key("emotion"))
        st.checkbox("Not known yet", touchpoint.emotion is None, key=key("emotion_unknown"))
        problems.under("emotion")
    with second:
        st.slider("Staff emotion (−5 … +5)", -5.0, 5.0, float(touchpoint.staff_emotion or 0.0), 0.5,
                  format="%+.1f", key=key("staff_emotion"))
        st.checkbox("Not known yet", touchpoint.staff_emotion is None, key=key("staff_emotion_unknown"))
        problems.under("staff_emotion")
    with third:
        st.slider("Friction (0 … 10)", 0.0, 10.0, float(touchpoint.friction), 0.5, format="%.1f", key=key("friction"))
        problems.under("friction")
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
        problems.under("staff_minutes")
    first.checkbox("Goal step", touchpoint.goal, key=key("goal"),
                   help="Reaching this step means the journey succeeded.")
    second.number_input("Share of customers who start here (0 … 1)",
                        value=touchpoint.entry_share, step=0.05, key=key("entry_share"), placeholder="not an entry")
    problems.under("entry_share")
    st.text_area("Description", touchpoint.description or "", key=key("description"), height=68)


def _automation_traits(touchpoint: Touchpoint, key: Callable[..., str], problems: _FieldProblems) -> None:
    """The five traits the automation advice reads, each 1 … 5 or not scored."""
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
            problems.under(f"automation.{trait}")


def _sticky_notes(touchpoint: Touchpoint, key: Callable[..., str], problems: _FieldProblems) -> None:
    """Pain points, opportunities and quotes (one per line), the remaining messages, and the notes."""
    st.caption("Sticky notes, one per line")
    first, second, third = st.columns(3)
    first.text_area("Pain points", "\n".join(touchpoint.pain_points), key=key("pain_points"), height=110)
    second.text_area("Opportunities", "\n".join(touchpoint.opportunities), key=key("opportunities"), height=110)
    third.text_area("Quotes (the customer's own words)", "\n".join(touchpoint.quotes), key=key("quotes"), height=110)
    problems.of_lists(("pain_points", "opportunities", "quotes"))
    problems.the_rest()
    st.text_area("Notes", touchpoint.notes or "", key=key("notes"), height=68)


def _save_touchpoint(touchpoint_id: str) -> None:
    """Save the fields changed in the form; refused if another tab changed one of them meanwhile."""
    fields = _typed(touchpoint_id)
    opened = state.current()
    shown = [tp for tp in journey_to_data(opened.journey)["touchpoints"] if tp["id"] == touchpoint_id] if opened else []
    opened_with = shown[0] if shown else None  # the touchpoint as the form showed it: the journey on screen
    version = state.editor_version()
    outcome = state.apply_edit(lambda data: edits.update_touchpoint(data, touchpoint_id, fields, opened_with),
                               "touchpoint_form", field_scope=True)
    if outcome:
        state.notify("Touchpoint saved.")
    elif outcome is state.Outcome.CONFLICT:
        keep_typed(("tp", touchpoint_id), _widgets_of(edits.changed_fields(opened_with, fields)), version)


def _widgets_of(fields: dict[str, Any]) -> list[str]:
    """The form's widgets that hold these fields (``automation.rule_based``, ``emotion`` …)."""
    widgets: list[str] = []
    for field in fields:
        if field == "stage" and not _stage_exists(fields[field]):
            continue  # deleted in another tab: the newest version's stage shows instead
        widget = field.partition(".")[2] if field.startswith("automation.") else field
        widgets += [widget, f"{widget}_unknown"] if widget in ("emotion", "staff_emotion") else [widget]
    return widgets


def _stage_exists(stage_id: Any) -> bool:
    opened = state.current()
    return opened is not None and any(stage.id == stage_id for stage in opened.journey.stages)


def _typed(touchpoint_id: str) -> dict[str, Any]:
    """The touchpoint's fields as the form holds them now, in the file's terms."""
    key = partial(widget_key, "tp", touchpoint_id)
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
        "pain_points": lines(values[key("pain_points")]),
        "opportunities": lines(values[key("opportunities")]),
        "quotes": lines(values[key("quotes")]),
        "notes": values[key("notes")],
    }
    return fields


def _touchpoint_actions(touchpoint: Touchpoint, on_close: Callable[[], None] | None) -> None:
    """Move or delete the touchpoint being edited, or close it."""
    key = partial(widget_key, "tp_action", touchpoint.id)
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
