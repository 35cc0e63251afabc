"""The journey's own fields and its persona, in one form under Build."""

from __future__ import annotations

from functools import partial

import streamlit as st

from journeymap.model.validation import journey_to_data
from journeymap.store import edits
from journeymap.store.workspace import OpenedFile
from journeymap.ui import state
from journeymap.ui.editors.common import keep_typed, lines, widget_key
from journeymap.ui.text import box

__all__ = ["journey_details_form"]

#: The form's widget of each field (nested fields spelled out, as :func:`edits.changed_fields` names them).
WIDGETS = {"title": "title", "description": "description", "customers_per_week": "customers", "persona.name": "persona",
           "persona.description": "persona_description", "persona.goals": "goals"}


def journey_details_form(opened: OpenedFile) -> None:
    """Title, description, customers per week and the persona."""
    journey = opened.journey
    persona = journey.persona
    key = partial(widget_key, "details")
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
    """Save the fields changed in the form; refused if another tab changed one of them meanwhile."""
    key = partial(widget_key, "details")
    values = st.session_state
    fields = {
        "title": values[key("title")],
        "description": values[key("description")],
        "customers_per_week": values[key("customers")],
        "persona": {"name": values[key("persona")], "description": values[key("persona_description")],
                    "goals": lines(values[key("goals")])},
    }
    opened = state.current()
    opened_with = None if opened is None else journey_to_data(opened.journey)  # the journey the form showed
    version = state.editor_version()
    outcome = state.apply_edit(lambda data: edits.update_journey_details(data, fields, opened_with), "details")
    if outcome is state.Outcome.CONFLICT:
        keep_typed(("details",), [WIDGETS[field] for field in edits.changed_fields(opened_with, fields)], version)
