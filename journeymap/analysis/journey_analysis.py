"""The whole analysis of a journey in one call: :func:`analyze`, the object ``journeymap analyze --json`` prints.

It strings together the flow figures (:mod:`journeymap.analysis.flow`), the empathy figures
(:mod:`journeymap.analysis.empathy`) and the automation advice (:mod:`journeymap.analysis.automation`) and returns
plain JSON-able data: dicts, lists, strings, floats, booleans and ``None`` where a figure is unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx

from journeymap._collector import collector_paused

from journeymap.analysis.advice_context import journey_context, step_contexts
from journeymap.analysis.automation import ASSIST_AUTOMATABLE_SHARE, advise
from journeymap.analysis.empathy import (
    PAIN_POINT_THRESHOLD,
    moments_of_truth,
    most_probable_paths,
    pain_ranks,
    pain_reason,
    pain_score,
    peak_end,
)
from journeymap.analysis.flow import flow_figures
from journeymap.analysis.memory import expected_peak_end
from journeymap.model import Journey, Touchpoint
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD, percent_text

__all__ = ["analyze"]


def analyze(
    journey: Journey | nx.DiGraph,
    *,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
    max_paths: int = 10,
) -> dict[str, Any]:
    """Analyse a journey: flow, pain, moments of truth, paths, peak–end and automation advice.

    Parameters
    ----------
    journey
        A :class:`~journeymap.model.Journey`, or a graph shaped like :func:`~journeymap.model.graph.to_graph`'s.
    fit_threshold, risk_threshold
        Scores (0…100) from which automation fit and empathy risk count as high.
    max_paths
        How many of the most probable paths to list.

    Returns
    -------
    dict
        ``{"journey": {...}, "touchpoints": [...], "moments_of_truth": [...], "paths": [...]}``,
        touchpoints in file order; every key is listed in docs/analysis.md ("The ``analyze --json``
        object"). Besides the figures, the journey part holds ``customers_per_week``, ``thresholds``
        and ``paths_cover``; each touchpoint its ``emotion``, ``staff_emotion``, ``friction``,
        ``is_entry``, ``is_goal``, ``is_support`` and ``pain_reason``; each advice its ``fit_parts``,
        ``risk_parts`` and ``missing_traits``.

    Raises
    ------
    ValueError
        If a threshold is outside 0…100 or ``max_paths`` is negative.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Reminder", "customers_per_week": 100,
    ...   "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [
    ...     {"id": "sms", "name": "Sends reminder SMS", "stage": "s", "lane": "backstage",
    ...      "staff_minutes": 3, "staff_emotion": -2,
    ...      "automation": {"rule_based": 5, "digital_input": 5, "variability": 1,
    ...                     "empathy_need": 1, "data_sensitivity": 2}},
    ...     {"id": "visit", "name": "Comes in", "stage": "s", "emotion": 2, "goal": true,
    ...      "automation": {"empathy_need": 4}}],
    ...   "connections": [{"from": "sms", "to": "visit", "share": 0.9}]}''')
    >>> result = analyze(journey)
    >>> result["journey"]["completion"], result["journey"]["staff_hours_per_week"]
    (0.9, 5.0)
    >>> [(t["id"], t["automation"]["recommendation"]) for t in result["touchpoints"]]
    [('sms', 'automate'), ('visit', 'keep-human')]
    >>> result["journey"]["automatable_staff_hours_per_week"]
    5.0
    """
    _check_options(fit_threshold, risk_threshold, max_paths)
    if isinstance(journey, nx.DiGraph):
        from journeymap.model.graph import from_graph

        journey = from_graph(journey)

    with collector_paused():  # the analysis builds a tree of fresh rows: nothing for the collector to free
        figures = flow_figures(journey)
        notes: list[str] = list(figures["notes"])
        steps = _step_figures(journey, figures)
        moments = moments_of_truth(journey)
        paths, memory = _paths_and_memory(journey, figures, max_paths, notes)
        advice = _advice(journey, figures, steps, fit_threshold, risk_threshold)
        rows = [_touchpoint_row(tp, i, figures, steps, advice[i]) for i, tp in enumerate(journey.touchpoints)]
        summary = _journey_summary(journey, figures, steps, advice, paths, memory, notes)
        summary["thresholds"] = {"fit": float(fit_threshold), "risk": float(risk_threshold), "pain_point": PAIN_POINT_THRESHOLD}
        summary["paths_cover"] = float(sum(path["probability"] for path in paths)) if paths else None
        result = {"journey": summary, "touchpoints": rows, "moments_of_truth": moments, "paths": paths}
        return _finite(result)


def _check_options(fit_threshold: float, risk_threshold: float, max_paths: int) -> None:
    """Refuse thresholds outside 0…100 (or not finite) and a negative ``max_paths``."""
    for name, value in (("fit_threshold", fit_threshold), ("risk_threshold", risk_threshold)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= 100):
            raise ValueError(f"{name} must be a number from 0 to 100, not {value!r}")
    if max_paths < 0:
        raise ValueError(f"max_paths must be 0 or more, not {max_paths!r}")


@dataclass(frozen=True)
class _StepFigures:
    """Per-touchpoint figures beyond the flow, aligned with the touchpoints (``None`` where unknown)."""

    volumes: list[float | None]
    staff_hours: list[float | None]
    pains: list[float]
    staff_pains: list[float | None]
    ranks: list[int | None]


def _step_figures(journey: Journey, figures: dict[str, Any]) -> _StepFigures:
    """Weekly volume, staff hours, customer and staff pain, and pain rank of every step."""
    touchpoints = journey.touchpoints
    customers = journey.customers_per_week
    volumes = [None if customers is None or v is None else v * customers for v in figures["expected_visits"]]
    staff_hours = [
        None if volume is None or tp.staff_minutes is None else volume * tp.staff_minutes / 60
        for tp, volume in zip(touchpoints, volumes)
    ]
    pains = [pain_score(tp.friction, tp.emotion, r) for tp, r in zip(touchpoints, figures["reach"])]
    staff_pains = [
        None if tp.staff_emotion is None else pain_score(tp.friction, tp.staff_emotion, r)
        for tp, r in zip(touchpoints, figures["reach"])
    ]
    return _StepFigures(volumes, staff_hours, pains, staff_pains, pain_ranks(pains))


def _paths_and_memory(
    journey: Journey, figures: dict[str, Any], max_paths: int, notes: list[str]
) -> tuple[list[dict[str, Any]], float | None]:
    """The most probable paths, each with its remembered experience, and the journey's over every path.

    The journey's remembered experience is exact over all paths (retries included), not the mean
    of the paths listed; the notes say when the list leaves customers out, or why it is unknown.
    """
    paths = most_probable_paths(journey, max_paths=max_paths, figures=figures, notes=notes)
    emotion_of = {tp.id: tp.emotion for tp in journey.touchpoints}
    for path in paths:
        path["remembered_experience"] = peak_end([emotion_of[i] for i in path["steps"]])
    memory = expected_peak_end(journey, figures)
    covered = sum(path["probability"] for path in paths)
    if paths and covered < 1 - 1e-9:
        notes.append(
            f"The {len(paths)} most probable paths listed cover {percent_text(covered)} of customers; "
            "the remembered experience counts every path."
        )
    if not figures["entries"]:
        notes.append("Without flow connections there are no paths, so the remembered experience is unknown.")
    elif memory is None:
        notes.append("No customer's path has a recorded emotion, so the remembered experience is unknown.")
    return paths, memory


def _advice(
    journey: Journey,
    figures: dict[str, Any],
    steps: _StepFigures,
    fit_threshold: float,
    risk_threshold: float,
) -> list[dict[str, Any]]:
    """The automation advice of every step, in file order; each reads only facts that do not hang on file order."""
    contexts = step_contexts(journey, figures, steps.volumes, steps.staff_hours, steps.staff_pains)
    whole = journey_context(journey)
    return [
        advise(tp, context=context, journey_context=whole, fit_threshold=fit_threshold, risk_threshold=risk_threshold)
        for tp, context in zip(journey.touchpoints, contexts)
    ]


def _touchpoint_row(
    tp: Touchpoint, i: int, figures: dict[str, Any], steps: _StepFigures, advice: dict[str, Any]
) -> dict[str, Any]:
    """The analysis of touchpoint number ``i``: its flow, volume, pain and advice."""
    return {
        "id": tp.id,
        "name": tp.name,
        "stage": tp.stage,
        "lane": tp.lane,
        "expected_visits": figures["expected_visits"][i],
        "reach": figures["reach"][i],
        "exit": figures["exit"][i],
        "drop_off": figures["drop_off"][i],
        "weekly_volume": steps.volumes[i],
        "staff_hours_per_week": steps.staff_hours[i],
        "pain": steps.pains[i],
        "staff_pain": steps.staff_pains[i],
        "pain_rank": steps.ranks[i],
        "is_pain_point": steps.pains[i] >= PAIN_POINT_THRESHOLD,
        "pain_reason": pain_reason(tp, steps.pains[i], figures["reach"][i]),
        "emotion": tp.emotion,
        "staff_emotion": tp.staff_emotion,
        "friction": float(tp.friction),
        "is_entry": figures["is_entry"][i],
        "is_goal": figures["is_goal"][i],
        "is_support": figures["is_support"][i],
        "automation": advice,
    }


def _journey_summary(
    journey: Journey,
    figures: dict[str, Any],
    steps: _StepFigures,
    advice: list[dict[str, Any]],
    paths: list[dict[str, Any]],
    memory: float | None,
    notes: list[str],
) -> dict[str, Any]:
    """The journey's figures: completion, memory, staff hours and what automation could give back."""
    unscored = sum(bool(one["missing_traits"]) for one in advice)
    if unscored:
        notes.append(
            f"{unscored} of {len(journey.touchpoints)} steps miss some automation traits; their advice treats them as unknown."
        )
    customers = journey.customers_per_week
    if customers is None:
        notes.append("customers_per_week is not given, so weekly volumes and staff hours are unknown.")
        staff_hours = automatable = None
    else:
        staff_hours = float(sum(h for h in steps.staff_hours if h is not None))
        automatable = _automatable_hours(steps.staff_hours, advice)
    return {
        "title": journey.title,
        "completion": figures["completion"],
        "remembered_experience": memory,
        "staff_hours_per_week": staff_hours,
        "automatable_staff_hours_per_week": automatable,
        "notes": notes,
        "customers_per_week": None if customers is None else float(customers),
    }


def _automatable_hours(staff_hours: list[float | None], advice: list[dict[str, Any]]) -> float:
    """Staff hours a week at steps advised to automate, plus a share of those advised to assist."""
    automatable = 0.0
    for hours, one in zip(staff_hours, advice):
        if hours is not None:
            if one["recommendation"] == "automate":
                automatable += hours
            elif one["recommendation"] == "assist":
                automatable += ASSIST_AUTOMATABLE_SHARE * hours
    return automatable


# Parts of the result built clean already (rounded scores, text, ids): skipped for speed.
_CLEAN_KEYS = frozenset({"fit_parts", "risk_parts", "reasons", "warnings", "missing_traits", "steps", "notes", "firmness",
                         "pain_reason", "name", "id", "stage", "lane", "title"})


def _finite(value: Any) -> Any:
    """The same data with floats cleaned for JSON: no NaN or infinity (``None``), no ``-0.0``, tiny noise rounded."""
    kind = type(value)
    if kind is float:
        if not math.isfinite(value):
            return None
        cleaned = round(value, 12)
        return 0.0 if cleaned == 0 else cleaned
    if kind is dict:
        return {key: item if key in _CLEAN_KEYS else _finite(item) for key, item in value.items()}
    if kind is list:
        return [_finite(item) for item in value]
    return value
