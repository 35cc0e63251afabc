"""The charts in words: what the map, the emotion curve and the automation matrix show, as a few
sentences and as rows of a table.

A chart is a picture. A screen reader reads nothing of it, and someone at the back of the room who
cannot make out the projection gets little from it either. The app shows each chart with its
description under it (it is also the chart's accessible name) and the map with a table of what it
draws (docs/app.md, "Using the keyboard and a screen reader"). These are plain
functions of the journey and its analysis (the dict of ``analyze(journey)``); nothing here draws.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeymap.charts.curve import emotion_curve_rows
from journeymap.charts.style import LANE_TITLES, finite_number, signed_or_unrecorded
from journeymap.model import LANES, Journey
from journeymap.vocabulary import RECOMMENDATION_LABELS, RECOMMENDATIONS

__all__ = ["curve_description", "map_description", "map_table_rows", "matrix_description"]

#: The lanes' names in one line each ("Customer actions"), as the map's row titles say them.
LANE_NAMES = {lane: " ".join(title.split()) for lane, title in LANE_TITLES.items()}


def _count(number: int, word: str, plural: str | None = None) -> str:
    """``number`` and ``word``, in the plural unless the number is one.

    Examples
    --------
    >>> _count(1, "stage"), _count(0, "pain point"), _count(3, "person", "people")
    ('1 stage', '0 pain points', '3 people')
    """
    return f"{number} {word if number == 1 else plural or word + 's'}"


def _advice_counts(items: list[Mapping[str, Any]]) -> str:
    """How many steps get each recommendation, in the order legends show them; none given, ``""``.

    Examples
    --------
    >>> _advice_counts([{"automation": {"recommendation": r}} for r in ("keep-human", "automate", "keep-human")])
    'Advice: 1 automate, 2 keep human.'
    >>> _advice_counts([{"automation": {"recommendation": None}}])
    ''
    """
    given = [(item.get("automation") or {}).get("recommendation") for item in items]
    counts = [f"{given.count(advice)} {RECOMMENDATION_LABELS[advice].lower()}"
              for advice in RECOMMENDATIONS if advice in given]
    return f"Advice: {', '.join(counts)}." if counts else ""


def map_description(journey: Journey, analysis: Mapping[str, Any] | None = None) -> str:
    """What the map shows, in a few sentences: its size, its worst pain point, its advice and (given the
    analysis) what its emotion lane draws (:func:`curve_description`).

    Examples
    --------
    >>> from journeymap import analyze
    >>> from journeymap.model.validation import journey_from_data
    >>> journey = journey_from_data({"title": "Tea", "stages": [{"id": "o", "name": "Order"}], "touchpoints": [
    ...     {"id": "ask", "name": "Asks for tea", "stage": "o", "emotion": -3, "friction": 6},
    ...     {"id": "brew", "name": "Kettle boils", "stage": "o", "lane": "backstage"}],
    ...     "connections": [{"from": "ask", "to": "brew", "kind": "support"}]})
    >>> print(map_description(journey))
    2 touchpoints in 1 stage (Order) on 2 lanes (Customer actions, Backstage out of view); 1 connection.
    >>> print(map_description(journey, analyze(journey)))  # doctest: +ELLIPSIS
    2 touchpoints ... 1 connection. 1 pain point: “Asks for tea” (Order, pain 0.84). Advice: 1 keep human, 1 not a priority. Emotion lane: along ...
    """
    stages = [stage.name for stage in journey.stages]
    lanes = [LANE_NAMES[lane] for lane in LANES if any(tp.lane == lane for tp in journey.touchpoints)]
    where = f"{_count(len(stages), 'stage')} ({', '.join(stages)})"
    if not journey.touchpoints:
        return f"No touchpoints yet, in {where}."
    sentences = [f"{_count(len(journey.touchpoints), 'touchpoint')} in {where} on {_count(len(lanes), 'lane')} "
                 f"({', '.join(lanes)}); {_count(len(journey.connections), 'connection')}."]
    if analysis:
        items = list(analysis["touchpoints"])
        lane = curve_description(journey, analysis)
        sentences += [_worst_pain(journey, items), _advice_counts(items), f"Emotion lane: {lane[0].lower()}{lane[1:]}"]
    return " ".join(sentence for sentence in sentences if sentence)


def _worst_pain(journey: Journey, items: list[Mapping[str, Any]]) -> str:
    """The sentence naming the pain points' count and the worst of them."""
    flagged = sorted((item for item in items if item.get("is_pain_point")),
                     key=lambda item: item.get("pain_rank") or len(items) + 1)
    if not flagged:
        return "No pain points."
    worst = flagged[0]
    stage_names = {stage.id: stage.name for stage in journey.stages}
    pain = finite_number(worst.get("pain"))
    facts = stage_names.get(worst["stage"], worst["stage"]) + (f", pain {pain:.2f}" if pain is not None else "")
    lead = "1 pain point:" if len(flagged) == 1 else f"{len(flagged)} pain points; the worst is"
    return f"{lead} “{worst['name']}” ({facts})."


def map_table_rows(journey: Journey, analysis: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The map as a table: one row per touchpoint, in the map's order (stage by stage, lane by lane).

    Examples
    --------
    >>> from journeymap import analyze
    >>> from journeymap.model.validation import journey_from_data
    >>> journey = journey_from_data({"title": "Tea", "stages": [{"id": "o", "name": "Order"}], "touchpoints": [
    ...     {"id": "brew", "name": "Kettle boils", "stage": "o", "lane": "backstage"},
    ...     {"id": "ask", "name": "Asks for tea", "stage": "o", "emotion": -3, "friction": 6}]})
    >>> for row in map_table_rows(journey, analyze(journey)):
    ...     print(row)  # doctest: +NORMALIZE_WHITESPACE
    {'stage': 'Order', 'lane': 'Customer actions', 'touchpoint': 'Asks for tea', 'customer emotion': -3.0,
     'staff emotion': None, 'friction': 6.0, 'pain rank': 1, 'advice': 'Keep human'}
    {'stage': 'Order', 'lane': 'Backstage out of view', 'touchpoint': 'Kettle boils', 'customer emotion': None,
     'staff emotion': None, 'friction': 0.0, 'pain rank': None, 'advice': 'Not a priority'}
    """
    by_id = {item["id"]: item for item in (analysis or {}).get("touchpoints", [])}
    stage_order = {stage.id: index for index, stage in enumerate(journey.stages)}
    ordered = sorted(enumerate(journey.touchpoints),
                     key=lambda pair: (stage_order.get(pair[1].stage, len(stage_order)), LANES.index(pair[1].lane), pair[0]))
    stage_names = {stage.id: stage.name for stage in journey.stages}
    rows = []
    for _, touchpoint in ordered:
        item = by_id.get(touchpoint.id, {})
        advice = (item.get("automation") or {}).get("recommendation")
        rows.append({
            "stage": stage_names.get(touchpoint.stage, touchpoint.stage),
            "lane": LANE_NAMES[touchpoint.lane],
            "touchpoint": touchpoint.name,
            "customer emotion": finite_number(touchpoint.emotion),
            "staff emotion": finite_number(touchpoint.staff_emotion),
            "friction": finite_number(touchpoint.friction),
            "pain rank": item.get("pain_rank") if item.get("is_pain_point") else None,
            "advice": RECOMMENDATION_LABELS.get(advice, "") if advice else "",
        })
    return rows


def curve_description(journey: Journey, analysis: Mapping[str, Any] | None = None) -> str:
    """What the emotion curve shows: which path it follows, where the customer starts and ends, their
    lowest and highest moments, and the staff's line when there is one.

    Examples
    --------
    >>> from journeymap import analyze
    >>> from journeymap.model.validation import journey_from_data
    >>> journey = journey_from_data({"title": "Tea", "stages": [{"id": "o", "name": "Order"}], "touchpoints": [
    ...     {"id": "ask", "name": "Asks", "stage": "o", "emotion": 1, "staff_emotion": 2},
    ...     {"id": "wait", "name": "Waits", "stage": "o", "emotion": -3},
    ...     {"id": "sip", "name": "Sips", "stage": "o", "emotion": 4},
    ...     {"id": "pay", "name": "Pays", "stage": "o", "emotion": 2, "staff_emotion": -1}],
    ...     "connections": [{"from": "ask", "to": "wait"}, {"from": "wait", "to": "sip"}, {"from": "sip", "to": "pay"}]})
    >>> print(curve_description(journey, analyze(journey)))  # doctest: +NORMALIZE_WHITESPACE
    Along the most probable path (100% of customers), the customer's emotion over 4 steps: from +1.0 at
    “Asks” to +2.0 at “Pays”; lowest −3.0 at “Waits”, highest +4.0 at “Sips”. Staff's, at 2 steps: from
    +2.0 to −1.0.
    """
    rows, caption = emotion_curve_rows(journey, analysis)
    customer = [row for row in rows if row["series"] == "Customer"]
    staff = [row for row in rows if row["series"] == "Staff"]
    if not customer and not staff:
        return f"{caption}: no emotion is recorded yet."
    sentences = []
    if customer:
        first, last = customer[0], customer[-1]
        if len(customer) == 1:
            sentences.append(f"{caption}, the customer's emotion at 1 step: "
                             f"{signed_or_unrecorded(first['emotion'])} at “{first['name']}”.")
        else:
            lowest = min(customer, key=lambda row: row["emotion"])
            highest = max(customer, key=lambda row: row["emotion"])
            sentences.append(
                f"{caption}, the customer's emotion over {len(customer)} steps: from "
                f"{signed_or_unrecorded(first['emotion'])} at “{first['name']}” to "
                f"{signed_or_unrecorded(last['emotion'])} at “{last['name']}”; lowest "
                f"{signed_or_unrecorded(lowest['emotion'])} at “{lowest['name']}”, highest "
                f"{signed_or_unrecorded(highest['emotion'])} at “{highest['name']}”.")
    else:
        sentences.append(f"{caption}: no customer emotion is recorded yet.")
    if staff:
        values = [signed_or_unrecorded(row["emotion"]) for row in (staff[0], staff[-1])]
        sentences.append(f"Staff's, at {_count(len(staff), 'step')}: " +
                         (f"{values[0]}." if len(staff) == 1 else f"from {values[0]} to {values[1]}."))
    return " ".join(sentences)


def matrix_description(analysis: Mapping[str, Any], fit_threshold: float, risk_threshold: float) -> str:
    """What the automation matrix shows: how many steps it places, its thresholds and its advice.

    Examples
    --------
    >>> analysis = {"touchpoints": [
    ...     {"automation": {"fit": 80.0, "empathy_risk": 10.0, "recommendation": "automate"}},
    ...     {"automation": {"fit": 20.0, "empathy_risk": 70.0, "recommendation": "keep-human"}},
    ...     {"automation": {"fit": None, "empathy_risk": None, "recommendation": None}}]}
    >>> print(matrix_description(analysis, 60, 50))  # doctest: +NORMALIZE_WHITESPACE
    2 steps placed by automation fit (across, 0 to 100) against empathy risk (up, 0 to 100); the dashed
    lines are the thresholds, fit 60 and empathy risk 50. Advice: 1 automate, 1 keep human.
    """
    placed = [item for item in analysis["touchpoints"]
              if finite_number((item.get("automation") or {}).get("fit")) is not None
              and finite_number((item.get("automation") or {}).get("empathy_risk")) is not None]
    return " ".join(part for part in (
        f"{_count(len(placed), 'step')} placed by automation fit (across, 0 to 100) against empathy risk (up, 0 to 100); "
        f"the dashed lines are the thresholds, fit {fit_threshold:g} and empathy risk {risk_threshold:g}.",
        _advice_counts(placed)) if part)
