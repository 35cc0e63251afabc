"""Build → Calibrate with survey answers: a survey's file for the open journey, what it would change
step by step, and applying it as one saved change (Undo takes it back).

Everything but the widgets is :mod:`journeymap.mining.survey`: the file is read and planned there
(:func:`~journeymap.mining.survey.calibrate.calibrate`), shown as its rows
(:func:`~journeymap.mining.survey.summary.preview_rows`) and applied to the newest saved version
through the app's usual edit (:func:`~journeymap.mining.survey.calibrate.with_calibration`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from journeymap.errors import SurveyError
from journeymap.mining.survey.calibrate import Calibration, calibrate, with_calibration
from journeymap.mining.survey.summary import masked_text, preview_rows
from journeymap.store import workspace
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.text import box, message
from journeymap.vocabulary import DEFAULT_MIN_ANSWERS

__all__ = ["APP_HINTS", "survey_section"]

_SCOPE = "survey"
_VERSION = "survey_upload_version"  # part of the uploader's key: a fresh uploader once a survey is applied
_PLANNED = "survey_planned"  # (what was asked, the calibration or the error it gave)
#: How the app says which column holds what, or the scale of every row, when the file does not.
APP_HINTS = {"touchpoint": "rename the step's column in the file",
             "score": "rename the score's column in the file",
             "every row": "give it under “Scale of every answer”"}
_SHOWN_PROBLEMS = 20


def survey_section(opened: StoredJourney) -> None:
    """The uploader, the two choices, what the survey would change, and the button that applies it."""
    st.caption("A table of survey answers, one row per answer: the step (its id or name), the score and its "
               "scale (CSAT 1–5, CES 1–7, NPS 0–10 or a range such as 1-10), and a comment if there is one. "
               "Each step's emotion (and, for effort, its friction) becomes the answers' mean on the map's scale, "
               "with how many answered and the 95% interval kept, and the evidence “measured”. Comments join the "
               "step's quotes with e-mail addresses, phone numbers and names masked; read them before the map "
               "leaves the team. It is saved as one change: Undo takes it back.")
    key = f"survey_upload_{st.session_state[_VERSION]}"
    limit_mb = max(1, -(-workspace.MAX_UPLOAD_BYTES // (1024 * 1024)))
    file_column, answers_column, scale_column = st.columns([3, 1, 1])
    file_column.file_uploader(f"Survey answers, CSV or Excel (up to {limit_mb} MB)", key=key,
                              max_upload_size=limit_mb)
    answers_column.number_input("Fewest answers a step needs", min_value=1, max_value=1_000_000,
                                value=DEFAULT_MIN_ANSWERS, step=1, key="survey_min_answers",
                                help="A step with fewer answers keeps its emotion and friction; its comments "
                                     "still join the quotes.")
    scale_column.text_input("Scale of every answer", key="survey_scale", max_chars=40, placeholder="from the file",
                            help="CSAT, CES, NPS or a range such as 1-10. Leave it empty to read each row's Scale "
                                 "column, or the scale the score column's heading names (“NPS”, "
                                 "“Rating (1-10)”).")
    box(state.problems(_SCOPE), "error")
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    if uploaded.size > workspace.MAX_UPLOAD_BYTES:
        message(f"{uploaded.name}: {uploaded.size / 1024 / 1024:.1f} MB; the app reads surveys up to {limit_mb} MB. "
                "The map is unchanged.", "error")
        return
    planned = _planned(opened, uploaded)
    if isinstance(planned, SurveyError):
        lines = [f"• {problem}" for problem in planned.problems[:_SHOWN_PROBLEMS]]
        more = len(planned.problems) - _SHOWN_PROBLEMS
        box([f"Could not read {uploaded.name}; the map is unchanged.", *lines]
            + ([f"… and {more} more problems."] if more > 0 else []), "error")
        return
    _preview(planned)


def _planned(opened: StoredJourney, uploaded: Any) -> Calibration | SurveyError:
    """What the upload does to the journey on screen, worked out once: every edit on Build reruns the
    page, and a survey of 100,000 answers takes seconds to read."""
    min_answers = int(st.session_state["survey_min_answers"])
    scale = (st.session_state["survey_scale"] or "").strip() or None
    asked = (uploaded.file_id, min_answers, scale, state.revision())
    memo = st.session_state.get(_PLANNED)
    if memo is not None and memo[0] == asked:
        return memo[1]
    try:
        planned: Calibration | SurveyError = calibrate(opened.journey, uploaded.getvalue(), name=uploaded.name,
                                                       min_answers=min_answers, scale=scale, hints=APP_HINTS)
    except SurveyError as error:
        planned = error
    st.session_state[_PLANNED] = (asked, planned)
    return planned


def _preview(calibration: Calibration) -> None:
    """What the survey would change, a row per step, and the button that applies it."""
    calibrated, kept = len(calibration.calibrated), len(calibration.kept)
    st.text(f"{calibration.answers} answers about {len(calibration.steps)} steps (the scale from "
            f"{calibration.scale_from}): {calibrated} step{'s' if calibrated != 1 else ''} calibrated, {kept} kept "
            f"as {'they are' if kept != 1 else 'it is'}.")
    st.dataframe(pd.DataFrame(preview_rows(calibration)), hide_index=True, width="stretch", key="survey_preview")
    masked = masked_text(calibration.masked())
    notes = [f"Masked in the new quotes: {masked}." if masked else "Nothing needed masking in the new quotes.",
             *calibration.notes]
    box(notes, "info")
    changes = [step for step in calibration.steps if step.changes]
    if st.button("Apply to the map", type="primary", key="survey_apply", disabled=not changes,
                 help="Saved as one change; Undo takes it back."):
        outcome = state.apply_edit(lambda data: with_calibration(data, calibration), _SCOPE)
        if outcome:
            quotes = sum(len(step.quotes) for step in changes)
            state.notify(f"Survey answers are in the map: {calibrated} step{'s' if calibrated != 1 else ''} "
                         f"calibrated, {quotes} quote{'s' if quotes != 1 else ''} added. Undo takes it back.")
            st.session_state[_VERSION] += 1  # a fresh uploader: the same survey is not applied twice by a click
        st.rerun()
