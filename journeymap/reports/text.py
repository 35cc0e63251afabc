"""A short, readable report of an analysis for a workshop: what ``journeymap analyze FILE`` prints.

Plain text only: names and notes the user typed are printed as they are, with control characters
(terminal escape codes) replaced, never interpreted as markup.
"""

from __future__ import annotations

import re
from typing import Any

from journeymap.vocabulary import (
    RECOMMENDATION_HEADINGS,
    RECOMMENDATION_LABELS,
    RECOMMENDATIONS,
    percent_text,
    signed_text,
)

__all__ = ["advice_priority", "format_report", "memory_word"]

#: How many items each section lists before saying "… and N more".
TOP_DROP_OFFS = 5
TOP_PAIN_POINTS = 5
TOP_MOMENTS = 5
TOP_PATHS = 3
STEPS_PER_RECOMMENDATION = 12
REASONS_PER_STEP = 3

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
#: The advice groups the report lists step by step; the rest ("not a priority") get one line.
LISTED_RECOMMENDATIONS = ("automate", "assist", "keep-human")


def format_report(result: dict[str, Any]) -> str:
    """The analysis (as returned by :func:`~journeymap.analysis.analyze`) as a plain-text report.

    Examples
    --------
    >>> from journeymap import loads
    >>> from journeymap.analysis import analyze
    >>> journey = loads('''{"title": "Coffee", "customers_per_week": 50,
    ...   "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "queue", "name": "Queues", "stage": "s", "friction": 6, "emotion": -2},
    ...                   {"id": "drink", "name": "Drinks", "stage": "s", "emotion": 4, "goal": true}],
    ...   "connections": [{"from": "queue", "to": "drink", "share": 0.8}]}''')
    >>> text = format_report(analyze(journey))
    >>> print(text.splitlines()[0])
    Coffee
    >>> "Completion: 80% of customers reach a goal step." in text
    True
    >>> "20%  Queues (queue)" in text
    True
    """
    journey = result["journey"]
    touchpoints = result["touchpoints"]
    name_of = {tp["id"]: _clean(tp["name"]) for tp in touchpoints}
    lines: list[str] = []
    title = _clean(journey["title"])
    lines += [title, "=" * min(len(title), 78)]

    customers = journey.get("customers_per_week")
    if customers is not None:
        lines.append(f"{customers:g} customers a week start this journey.")
    if journey["completion"] is None:
        lines.append("Completion: unknown (see the notes below).")
    else:
        lines.append(f"Completion: {percent_text(journey['completion'])} of customers reach a goal step.")
    memory = journey["remembered_experience"]
    if memory is None:
        lines.append("Remembered experience: unknown (no customer emotions on the paths).")
    else:
        lines.append(
            f"Remembered experience (peak-end): {signed_text(memory)} on a scale from -5 to +5 "
            f"({memory_word(memory)})."
        )

    drops = sorted((tp for tp in touchpoints if (tp["drop_off"] or 0) > 0), key=lambda tp: -tp["drop_off"])
    lines += ["", "Biggest drop-offs"]
    if drops:
        for tp in drops[:TOP_DROP_OFFS]:
            lines.append(f"  {percent_text(tp['drop_off']):>4}  {name_of[tp['id']]} ({_clean(tp['id'])})")
        lines += _more(len(drops), TOP_DROP_OFFS)
    else:
        lines.append("  none known" if journey["completion"] is None else "  none: nobody gives up along the way")

    pains = sorted((tp for tp in touchpoints if tp["pain_rank"] is not None), key=lambda tp: tp["pain_rank"])
    flagged = [tp for tp in pains if tp["is_pain_point"]]
    lines += ["", "Top pain points"]
    if flagged:
        for tp in flagged[:TOP_PAIN_POINTS]:
            lines.append(f"  {tp['pain_rank']}. {name_of[tp['id']]} ({_clean(tp['id'])})")
            lines.append(f"     {_clean(tp.get('pain_reason') or '')}")
        lines += _more(len(flagged), TOP_PAIN_POINTS)
    elif pains:
        top = pains[0]
        lines.append(f"  none above the line; the most painful step is {name_of[top['id']]} (pain {top['pain']:.2f})")
    else:
        lines.append("  none: no step has friction or a negative emotion")

    lines += ["", "Moments of truth (where the customer's emotion changes most)"]
    if result["moments_of_truth"]:
        for moment in result["moments_of_truth"][:TOP_MOMENTS]:
            lines.append(
                f"  {signed_text(moment['emotion_change']):>3}  {name_of[moment['from']]} -> {name_of[moment['to']]}"
            )
        lines += _more(len(result["moments_of_truth"]), TOP_MOMENTS)
    else:
        lines.append("  none: the emotion never changes by 2 or more from one step to the next")

    if result["paths"]:
        lines += ["", "Most probable paths"]
        for path in result["paths"][:TOP_PATHS]:
            memory = path["remembered_experience"]
            remembered = "" if memory is None else f", remembered as {signed_text(memory)}"
            lines.append(f"  {percent_text(path['probability'])} of customers{remembered}:")
            lines.append("     " + " -> ".join(name_of[i] for i in path["steps"]))

    lines += ["", "Automation advice"]
    by_recommendation: dict[str, list[dict[str, Any]]] = {key: [] for key in RECOMMENDATIONS}
    for tp in touchpoints:
        by_recommendation[tp["automation"]["recommendation"]].append(tp)
    for key in LISTED_RECOMMENDATIONS:
        heading = RECOMMENDATION_HEADINGS[key]
        steps = sorted(by_recommendation[key], key=lambda tp: -advice_priority(tp, key))
        if not steps:
            continue
        lines.append(f"  {heading}: {len(steps)}")
        for tp in steps[:STEPS_PER_RECOMMENDATION]:
            advice = tp["automation"]
            lines.append(
                f"    - {name_of[tp['id']]} ({_clean(tp['id'])}, {tp['lane']}): "
                f"fit {advice['fit']:.0f}, empathy risk {advice['empathy_risk']:.0f}"
            )
            for reason in advice["reasons"][1 : 1 + REASONS_PER_STEP]:
                lines.append(f"        {_clean(reason)}")
            for warning in advice["warnings"]:
                lines.append(f"        WARNING: {_clean(warning)}")
            if advice["firmness"]["borderline"]:
                lines.append(f"        {_clean(advice['firmness']['text'])}")
        lines += [f"    {line.strip()}" for line in _more(len(steps), STEPS_PER_RECOMMENDATION)]
    rest = by_recommendation["not-a-priority"]
    if rest:
        names = ", ".join(name_of[tp["id"]] for tp in rest[:STEPS_PER_RECOMMENDATION])
        more = f" and {len(rest) - STEPS_PER_RECOMMENDATION} more" if len(rest) > STEPS_PER_RECOMMENDATION else ""
        lines.append(f"  {RECOMMENDATION_LABELS['not-a-priority']}: {len(rest)} ({names}{more})")

    lines += [""]
    hours, automatable = journey["staff_hours_per_week"], journey["automatable_staff_hours_per_week"]
    if hours is None:
        lines.append("Staff time: unknown (give customers_per_week and staff_minutes to see it).")
    else:
        lines.append(
            f"Staff time: about {hours:.1f} hours a week; automation as advised could give back "
            f"about {automatable:.1f} hours a week to spend with customers."
        )
    if journey["notes"]:
        lines += ["", "Notes"]
        lines += [f"  - {_clean(note)}" for note in journey["notes"]]
    return "\n".join(lines) + "\n"


def advice_priority(touchpoint: dict[str, Any], recommendation: str) -> float:
    """How high a step stands in its advice group: keep-human by empathy risk, the others by staff hours, then fit.

    Examples
    --------
    >>> step = {"staff_hours_per_week": 2.0, "automation": {"fit": 70.0, "empathy_risk": 20.0}}
    >>> advice_priority(step, "automate"), advice_priority(step, "keep-human")
    (2070.0, 20.0)
    """
    advice = touchpoint["automation"]
    if recommendation == "keep-human":
        return advice["empathy_risk"]
    return (touchpoint["staff_hours_per_week"] or 0.0) * 1000 + advice["fit"]


def _more(total: int, shown: int) -> list[str]:
    return [f"  ... and {total - shown} more"] if total > shown else []


def _clean(text: str) -> str:
    """User text for a terminal: control characters (escape codes, line breaks) become spaces or '?'."""
    return _CONTROL.sub("?", text.replace("\n", " ").replace("\t", " "))


def memory_word(value: float) -> str:
    """What a remembered experience (−5…+5) means, in words.

    Examples
    --------
    >>> memory_word(3.6), memory_word(-1.0)
    ('a good memory', 'a mildly bad memory')
    """
    if value >= 2:
        return "a good memory"
    if value > 0.5:
        return "a mildly good memory"
    if value >= -0.5:
        return "a neutral memory"
    if value > -2:
        return "a mildly bad memory"
    return "a bad memory"
