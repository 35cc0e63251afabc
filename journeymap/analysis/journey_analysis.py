"""The whole analysis of a journey in one call: :func:`analyze`, the object ``journeymap analyze --json`` prints.

It strings together the flow figures (:mod:`journeymap.analysis.flow`), the empathy figures
(:mod:`journeymap.analysis.empathy`) and the automation advice (:mod:`journeymap.analysis.automation`) and returns
plain JSON-able data: dicts, lists, strings, floats, booleans and ``None`` where a figure is unknown.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from journeymap.analysis.automation import ASSIST_AUTOMATABLE_SHARE, advise
from journeymap.analysis.empathy import (
    PAIN_POINT_THRESHOLD,
    moments_of_truth,
    most_probable_paths,
    pain_ranks,
    pain_reason,
    pain_score,
    peak_end,
    remembered_experience,
)
from journeymap.analysis.flow import flow_figures
from journeymap.model import Journey
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD

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
        ``{"journey": {...}, "touchpoints": [...], "moments_of_truth": [...], "paths": [...]}`` as
        described in DESIGN §5, touchpoints in file order, with these extra keys: journey
        ``customers_per_week``, ``thresholds``, ``paths_cover``; per touchpoint ``emotion``,
        ``staff_emotion``, ``friction``, ``is_entry``, ``is_goal``, ``is_support``, ``pain_reason``;
        per automation ``fit_parts``, ``risk_parts``, ``missing_traits``.

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
    for name, value in (("fit_threshold", fit_threshold), ("risk_threshold", risk_threshold)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and 0 <= value <= 100):
            raise ValueError(f"{name} must be a number from 0 to 100, not {value!r}")
    if max_paths < 0:
        raise ValueError(f"max_paths must be 0 or more, not {max_paths!r}")
    if isinstance(journey, nx.DiGraph):
        from journeymap.model.graph import from_graph

        journey = from_graph(journey)

    figures = flow_figures(journey)
    notes: list[str] = list(figures["notes"])
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
    ranks = pain_ranks(pains)

    moments = moments_of_truth(journey)
    moment_change: dict[str, float] = {}
    for moment in moments:  # the step the emotion lands on is the moment; keep its largest change
        previous = moment_change.get(moment["to"])
        if previous is None or abs(moment["emotion_change"]) > abs(previous):
            moment_change[moment["to"]] = moment["emotion_change"]

    paths = most_probable_paths(journey, max_paths=max_paths, figures=figures, notes=notes)
    emotion_of = {tp.id: tp.emotion for tp in touchpoints}
    for path in paths:
        path["remembered_experience"] = peak_end([emotion_of[i] for i in path["steps"]])
    journey_memory = remembered_experience(journey, paths, notes=notes)
    if not paths and figures["entries"]:
        notes.append("No path from an entry to an exit was found, so the remembered experience is unknown.")
    elif not paths:
        notes.append("Without flow connections there are no paths, so the remembered experience is unknown.")
    ends = {path["steps"][-1] for path in paths}
    ends.update(i for i, goal in zip(figures["ids"], figures["is_goal"]) if goal)

    rows = []
    automatable = 0.0
    unscored = 0
    for i, tp in enumerate(touchpoints):
        advice = advise(
            tp,
            weekly_volume=volumes[i],
            expected_visits=figures["expected_visits"][i],
            staff_hours_per_week=staff_hours[i],
            staff_pain=staff_pains[i],
            moment_of_truth_change=moment_change.get(tp.id),
            is_journey_end=tp.id in ends,
            fit_threshold=fit_threshold,
            risk_threshold=risk_threshold,
        )
        unscored += bool(advice["missing_traits"])
        if staff_hours[i] is not None:
            if advice["recommendation"] == "automate":
                automatable += staff_hours[i]
            elif advice["recommendation"] == "assist":
                automatable += ASSIST_AUTOMATABLE_SHARE * staff_hours[i]
        rows.append(
            {
                "id": tp.id,
                "name": tp.name,
                "stage": tp.stage,
                "lane": tp.lane,
                "expected_visits": figures["expected_visits"][i],
                "reach": figures["reach"][i],
                "exit": figures["exit"][i],
                "drop_off": figures["drop_off"][i],
                "weekly_volume": volumes[i],
                "staff_hours_per_week": staff_hours[i],
                "pain": pains[i],
                "staff_pain": staff_pains[i],
                "pain_rank": ranks[i],
                "is_pain_point": pains[i] >= PAIN_POINT_THRESHOLD,
                "pain_reason": pain_reason(tp, pains[i], figures["reach"][i]),
                "emotion": tp.emotion,
                "staff_emotion": tp.staff_emotion,
                "friction": float(tp.friction),
                "is_entry": figures["is_entry"][i],
                "is_goal": figures["is_goal"][i],
                "is_support": figures["is_support"][i],
                "automation": advice,
            }
        )
    if unscored:
        notes.append(
            f"{unscored} of {len(touchpoints)} steps miss some automation traits; their advice treats them as unknown."
        )
    if customers is None:
        notes.append("customers_per_week is not given, so weekly volumes and staff hours are unknown.")
        journey_staff_hours = None
        automatable_hours = None
    else:
        journey_staff_hours = float(sum(h for h in staff_hours if h is not None))
        automatable_hours = automatable

    result = {
        "journey": {
            "title": journey.title,
            "completion": figures["completion"],
            "remembered_experience": journey_memory,
            "staff_hours_per_week": journey_staff_hours,
            "automatable_staff_hours_per_week": automatable_hours,
            "notes": notes,
            "customers_per_week": None if customers is None else float(customers),
            "thresholds": {"fit": float(fit_threshold), "risk": float(risk_threshold), "pain_point": PAIN_POINT_THRESHOLD},
            "paths_cover": float(sum(path["probability"] for path in paths)) if paths else None,
        },
        "touchpoints": rows,
        "moments_of_truth": moments,
        "paths": paths,
    }
    return _finite(result)


# Parts of the result built clean already (rounded scores, text, ids): skipped for speed.
_CLEAN_KEYS = frozenset({"fit_parts", "risk_parts", "reasons", "warnings", "missing_traits", "steps", "notes",
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
