"""The workshop report's sections step by step: the automation advice, and every touchpoint with its
figures and sticky notes, stage by stage.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from journeymap.model import EmotionRatings, FrictionRatings, Touchpoint, survey_text
from journeymap.reports.document import Block, Heading, Inline, Item, ItemList, Paragraph, Quote, Section, Span, inline
from journeymap.reports.facts import Facts, lane_words
from journeymap.reports.text import advice_priority
from journeymap.vocabulary import RECOMMENDATION_HEADINGS, RECOMMENDATION_LABELS, percent_text, signed_text

__all__ = ["advice_section", "touchpoints_section"]


# --- the automation advice ---------------------------------------------------------------------


def advice_section(facts: Facts) -> list[Block]:
    """The automation advice: one list per recommendation, most pressing step first.

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Tea", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for tea", "stage": "s",
    ...                    "automation": {"empathy_need": 5}}]}''')
    >>> [block.text for block in advice_section(Facts(journey, analyze(journey))) if isinstance(block, Heading)]
    ['Automation advice', 'Keep human (invest staff time here): 1']
    """
    blocks: list[Block] = [Section("advice", new_page=True), Heading(2, "Automation advice")]
    thresholds = facts.summary.get("thresholds") or {}
    if "fit" in thresholds and "risk" in thresholds:
        blocks.append(
            Paragraph(inline(f"Each step has an automation fit and an empathy risk from 0 to 100; {thresholds['fit']:g} or more counts "
                             f"as a high fit and {thresholds['risk']:g} or more as a high risk."))
        )
    groups = _advice_groups(facts)
    if not any(groups.values()):
        blocks.append(Paragraph(inline("No advice yet: the journey has no touchpoints.")))
    for key, heading in RECOMMENDATION_HEADINGS.items():
        rows = sorted(groups[key], key=lambda row: -advice_priority(dict(row), key))
        if rows:
            blocks.append(Heading(3, f"{heading}: {len(rows)}"))
            blocks.append(ItemList(tuple(_advice_item(facts, row, key) for row in rows)))
    return blocks


def _advice_groups(facts: Facts) -> dict[str, list[Mapping[str, Any]]]:
    """The analysis rows by recommendation, in file order."""
    groups: dict[str, list[Mapping[str, Any]]] = {key: [] for key in RECOMMENDATION_HEADINGS}
    for row in facts.rows.values():
        advice = row.get("automation") or {}
        if advice.get("recommendation") in groups:
            groups[advice["recommendation"]].append(row)
    return groups


def _advice_item(facts: Facts, row: Mapping[str, Any], key: str) -> Item:
    """One step's advice: badge, name, stage, lane and scores; its further reasons and warnings below."""
    advice = row["automation"]
    line = [Span(RECOMMENDATION_LABELS[key], "badge", key), Span(" "), Span(facts.name(row["id"]), "strong"),
            Span(f" (stage {facts.stage_of(row)}; {lane_words(row.get('lane'))}): fit {advice['fit']:.0f}, "
                 f"empathy risk {advice['empathy_risk']:.0f}")]
    if row.get("staff_hours_per_week"):
        line.append(Span(f", {row['staff_hours_per_week']:,.1f} staff hours a week"))
    # the first reason is the recommendation itself, already said by the badge
    children = [inline(reason) for reason in advice.get("reasons", [])[1:]]
    children += [inline(Span("Watch out: ", "warning"), warning) for warning in advice.get("warnings", [])]
    firmness = advice.get("firmness")
    if firmness and firmness["borderline"]:  # the steps a workshop should talk through
        children.append(inline(firmness["text"]))
    return Item(inline(*line), tuple(children))


# --- every touchpoint and sticky note -----------------------------------------------------------


def touchpoints_section(facts: Facts) -> list[Block]:
    """Every touchpoint, stage by stage, with its figures and every sticky note.

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Tea", "stages": [{"id": "s", "name": "Order"}, {"id": "p", "name": "Pay"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for tea", "stage": "s", "quotes": ["Earl Grey?"]}]}''')
    >>> blocks = touchpoints_section(Facts(journey, analyze(journey)))
    >>> [block.text for block in blocks if isinstance(block, (Heading, Quote))]
    ['Every touchpoint and sticky note', 'Stage: Order', 'Asks for tea', 'Earl Grey?', 'Stage: Pay']
    """
    blocks: list[Block] = [Section("touchpoints", new_page=True), Heading(2, "Every touchpoint and sticky note")]
    if not facts.journey.touchpoints:
        return blocks + [Paragraph(inline("The journey has no touchpoints yet."))]
    for stage in facts.journey.stages:
        touchpoints = [tp for tp in facts.journey.touchpoints if tp.stage == stage.id]
        blocks.append(Heading(3, f"Stage: {stage.name}"))
        if stage.description:
            blocks.append(Paragraph(inline(Span(stage.description, "em"))))
        if not touchpoints:
            blocks.append(Paragraph(inline("No touchpoints in this stage.")))
        for touchpoint in touchpoints:
            blocks += _touchpoint(facts, touchpoint)
    return blocks


def _touchpoint(facts: Facts, touchpoint: Touchpoint) -> list[Block]:
    row = facts.rows.get(touchpoint.id) or {}
    blocks: list[Block] = [Heading(4, touchpoint.name), Paragraph(_about(touchpoint, row))]
    if touchpoint.description:
        blocks.append(Paragraph(inline(touchpoint.description)))
    items = [Item(inline(Span(f"{label}: ", "strong"), value)) for label, value in _figures(touchpoint, row)]
    advice = row.get("automation") or {}
    if advice.get("recommendation") in RECOMMENDATION_LABELS:
        key = advice["recommendation"]
        items.append(Item(inline(Span("Advice: ", "strong"), Span(RECOMMENDATION_LABELS[key], "badge", key),
                                 f" (fit {advice['fit']:.0f}, empathy risk {advice['empathy_risk']:.0f})")))
    blocks.append(ItemList(tuple(items)))
    return blocks + _sticky_notes(touchpoint)


def _about(touchpoint: Touchpoint, row: Mapping[str, Any]) -> Inline:
    """Lane, channel, evidence and whether customers start or succeed here, in one sentence."""
    about = [lane_words(touchpoint.lane).capitalize()]
    if touchpoint.channel:
        about.append(f"channel: {touchpoint.channel}")
    about.append(f"evidence: {touchpoint.evidence}")
    if row.get("is_entry"):
        about.append("customers start here")
    if row.get("is_goal"):
        about.append("a goal: reaching it means the journey succeeded")
    return inline("; ".join(about) + ".")


def _figures(touchpoint: Touchpoint, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The step's figures as (label, value), leaving out those the analysis does not know."""
    feels = "not recorded" if touchpoint.emotion is None else signed_text(touchpoint.emotion)
    if touchpoint.feeling:
        feels += f" ({touchpoint.feeling})"
    staff = "not recorded" if touchpoint.staff_emotion is None else signed_text(touchpoint.staff_emotion)
    ratings = touchpoint.ratings
    figures = [
        ("Customer feels", feels + _rated(ratings and ratings.emotion, touchpoint.emotion, signed_text)),
        ("Staff feel", staff + _rated(ratings and ratings.staff_emotion, touchpoint.staff_emotion, signed_text)),
        ("Friction", f"{touchpoint.friction:g} of 10" + _rated(ratings and ratings.friction, touchpoint.friction,
                                                               "{:g}".format)),
    ]
    if touchpoint.survey is not None:  # what customers answered, beside the figures it set (docs/calibrate.md)
        figures.append(("Survey answers", survey_text(touchpoint.survey)))
    if row.get("reach") is not None:
        figures.append(("Customers who reach it", percent_text(row["reach"])))
    if row.get("drop_off"):
        figures.append(("Customers who leave here", percent_text(row["drop_off"])))
    if row.get("weekly_volume") is not None:
        figures.append(("Passes a week", f"{row['weekly_volume']:,.0f}"))
    if touchpoint.staff_minutes is not None:
        figures.append(("Staff minutes each time", f"{touchpoint.staff_minutes:g}"))
    if row.get("staff_hours_per_week") is not None:
        figures.append(("Staff hours a week", f"{row['staff_hours_per_week']:,.1f}"))
    if row.get("pain") is not None:
        pain = f"{row['pain']:.2f}"
        if row.get("is_pain_point"):
            pain += f", pain point #{row['pain_rank']}"
        figures.append(("Pain", pain))
    if row.get("staff_pain") is not None:
        figures.append(("Staff pain", f"{row['staff_pain']:.2f}"))
    return figures


def _rated(summary: EmotionRatings | FrictionRatings | None, value: float | None, shown: Callable[[float], str]) -> str:
    """What the room's ratings add to a figure: ``; median of 7 ratings, spread 3``, and the room's median
    itself when the figure was changed by hand since (the ratings describe the room, not the value).

    Examples
    --------
    >>> summary = EmotionRatings(count=7, median=-2, spread=3)
    >>> _rated(summary, -2, signed_text), _rated(summary, -1, signed_text), _rated(None, -1, signed_text)
    ('; median of 7 ratings, spread 3', '; the room gave -2, median of 7 ratings, spread 3', '')
    """
    if summary is None:
        return ""
    people = f"{summary.count:,} rating{'s' if summary.count != 1 else ''}"
    room = "" if value == summary.median else f" the room gave {shown(summary.median)},"
    return f";{room} median of {people}, spread {summary.spread:g}"


def _sticky_notes(touchpoint: Touchpoint) -> list[Block]:
    """The step's pain points, opportunities, quotes and notes, as the workshop wrote them."""
    blocks: list[Block] = []
    for label, notes in (("Pain points", touchpoint.pain_points), ("Opportunities", touchpoint.opportunities)):
        if notes:
            blocks += [Paragraph(inline(Span(label, "strong"))), ItemList(tuple(Item(inline(note)) for note in notes))]
    if touchpoint.quotes:
        blocks.append(Paragraph(inline(Span("In the customer's words", "strong"))))
        blocks += [Quote(quote) for quote in touchpoint.quotes]
    if touchpoint.notes:
        blocks += [Paragraph(inline(Span("Notes", "strong"))), Paragraph(inline(touchpoint.notes))]
    return blocks
