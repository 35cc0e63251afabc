"""What the editors share: widget keys, labels of the model's choices, and saving a table's change."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from journeymap.model.validation import journey_to_data
from journeymap.store import edits
from journeymap.ui import state

__all__ = ["EVIDENCE_LABELS", "LANE_HELP", "LANE_LABELS", "NO_CONNECTION", "TRAIT_LABELS", "UNKNOWN", "keep_typed",
           "lines", "save_table_change", "widget_key"]

LANE_LABELS = {
    "customer": "Customer",
    "frontstage": "Frontstage (in view)",
    "backstage": "Backstage (out of view)",
    "support": "Support (systems)",
}
LANE_HELP = ("Customer: what the customer does. Frontstage: what staff do in view. "
             "Backstage: what staff do out of view. Support: systems and processes.")
EVIDENCE_LABELS = {"assumed": "Assumed", "observed": "Observed", "measured": "Measured"}
#: Each automation trait's label and what its scale means.
TRAIT_LABELS = {
    "rule_based": ("Rule based", "1 needs judgement … 5 follows fixed rules"),
    "digital_input": ("Digital input", "1 paper or talk … 5 structured digital data"),
    "variability": ("Variability", "1 always the same … 5 every case differs"),
    "empathy_need": ("Empathy need", "1 transactional … 5 emotionally charged, needs a person"),
    "data_sensitivity": ("Data sensitivity", "1 none … 5 health, money, identity"),
}
#: The trait sliders' first stop: the trait left out of the file.
UNKNOWN = "not scored"
#: The "Connect from" choice of no step.
NO_CONNECTION = ""


def widget_key(name: str, *parts: str) -> str:
    """A widget's key: its name and parts, then the editor version, so that after a saved (or refused)
    change every editor starts fresh from the saved journey."""
    return "_".join([name, *parts, str(state.editor_version())])


def keep_typed(prefix: Sequence[str], widgets: Sequence[str], version: int) -> None:
    """Put back into a form drawn afresh (a new editor version) what was typed in its ``widgets`` when it
    was drawn at ``version`` (keys ``widget_key(*prefix, widget)``): after a save refused because another
    tab changed a field meanwhile, the form shows the newest version except where this person typed."""
    for widget in widgets:
        typed = "_".join([*prefix, widget, str(version)])
        if typed in st.session_state:
            st.session_state[widget_key(*prefix, widget)] = st.session_state[typed]


def save_table_change(collection: str, table_key: str, keys: Sequence[str]) -> None:
    """Save what was done in the table of ``collection`` (its ``st.data_editor`` callback): only the cells
    changed, each compared with what the table showed (the journey on screen until the screen is drawn
    again), so that a cell another tab changed meanwhile is refused rather than overwritten."""
    delta = dict(st.session_state.get(table_key) or {})
    opened = state.current()
    shown = None if opened is None else journey_to_data(opened.journey)
    outcome = state.apply_edit(lambda data: edits.apply_table_delta(data, collection, keys, delta, shown),
                               f"{collection}_table")
    if outcome is state.Outcome.REFUSED:
        st.session_state["editor_version"] += 1  # show the saved journey again, next to the message
    # not written (a full disk): the table keeps what was typed; its next change sends it all again


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a text area, stripped (one sticky note or goal each)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
