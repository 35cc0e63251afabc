"""The journey's own fields and its persona, in one form under Build."""

from __future__ import annotations

from functools import partial

import streamlit as st

from journeymap.model import MAX_NEEDS
from journeymap.model.validation import journey_to_data
from journeymap.store import edits
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.editors.common import keep_typed, lines, widget_key
from journeymap.ui.text import box
from journeymap.vocabulary import PERSONA_NEEDS

__all__ = ["journey_details_form", "need_options"]

#: The form's widget of each field (nested fields spelled out, as :func:`edits.changed_fields` names them).
WIDGETS = {"title": "title", "description": "description", "customers_per_week": "customers", "persona.name": "persona",
           "persona.description": "persona_description", "persona.goals": "goals", "persona.needs": "needs"}
NEEDS_HELP = ("Pick from the list or type your own and press Enter. The automation advice warns where a step "
              "does not suit these needs (a phone menu for someone hard of hearing, an app for someone without "
              "a smartphone).")


def journey_details_form(opened: StoredJourney) -> None:
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
        needs = persona.needs if persona else []
        st.multiselect("What the persona needs", need_options(needs), default=needs, key=key("needs"),
                       accept_new_options=True, max_selections=MAX_NEEDS, help=NEEDS_HELP,
                       placeholder="Choose or type a need")
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
                    "goals": lines(values[key("goals")]), "needs": _typed_needs(values[key("needs")])},
    }
    opened = state.current()
    opened_with = None if opened is None else journey_to_data(opened.journey)  # the journey the form showed
    version = state.editor_version()
    outcome = state.apply_edit(lambda data: edits.update_journey_details(data, fields, opened_with), "details")
    if outcome is state.Outcome.CONFLICT:
        keep_typed(("details",), [WIDGETS[field] for field in edits.changed_fields(opened_with, fields)], version)


def need_options(needs: list[str]) -> list[str]:
    """The choices the needs field offers: the known needs, then the persona's own, each once.

    A known need the persona lists in other letters ("Lives alone") is offered as the persona has it, in
    the known need's place, so that the list never shows one need twice.

    Examples
    --------
    >>> need_options(["Lives alone", "Visits on Tuesdays"])[7:]
    ['limited mobility', 'Lives alone', 'anxious with technology', 'Visits on Tuesdays']
    """
    spelled = {need.strip().casefold(): need for need in needs}
    known = [spelled.pop(need, need) for need in PERSONA_NEEDS]
    return known + [need for need in needs if need.strip().casefold() in spelled]


def _typed_needs(chosen: list[str] | None) -> list[str]:
    """The needs chosen, stripped, blank ones left out (a need typed as spaces is no need)."""
    return [need.strip() for need in chosen or [] if need.strip()]
