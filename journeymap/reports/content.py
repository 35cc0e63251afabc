"""The workshop report's content, built once from a journey and its analysis as neutral blocks.

In this order: the journey's title, description and persona; the key figures; the annotated map and
the emotion curve; the pain points with their reasons; where customers drop off; the moments of
truth; the automation advice with its reasons and warnings; then every touchpoint, stage by stage,
with its figures and every sticky note (those two in :mod:`~journeymap.reports.steps`); and the
analysis notes. :mod:`~journeymap.reports.html` and :mod:`~journeymap.reports.markdown` write the
same blocks out, so the two reports never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeymap.analysis.automation import ASSIST_AUTOMATABLE_SHARE
from journeymap.charts import emotion_curve_rows
from journeymap.model import Journey
from journeymap.reports.document import Block, Figure, Heading, Item, ItemList, Paragraph, Section, Span, Table, inline
from journeymap.reports.facts import Facts, note_about
from journeymap.reports.steps import advice_section, touchpoints_section
from journeymap.reports.text import memory_word
from journeymap.vocabulary import DISAGREEMENT_MIN_RATINGS, DISAGREEMENT_SPREAD, percent_text, signed_text

__all__ = ["report_document"]

_NOT_KNOWN = "not known"
_NO_CUSTOMERS = "The number of customers a week is not given."
#: The emotion curve's peak–end markers in words.
_MARKER_WORDS = {"peak": "the peak", "end": "the end", "peak & end": "the peak and the end"}


def report_document(journey: Journey, analysis: Mapping[str, Any]) -> list[Block]:
    """The whole report as blocks, in reading order.

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Tea", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for tea", "stage": "s", "emotion": 1}]}''')
    >>> [block.name for block in report_document(journey, analyze(journey)) if isinstance(block, Section)]
    ['title', 'figures', 'map', 'curve', 'pain', 'drop-offs', 'moments', 'advice', 'touchpoints', 'notes']
    """
    facts = Facts(journey, analysis)
    blocks: list[Block] = [Section("title"), Heading(1, journey.title)]
    if journey.description:
        blocks.append(Paragraph(inline(journey.description)))
    blocks += _persona(journey)
    blocks += _key_figures(facts)
    blocks += [Section("map"), Heading(2, "The journey map"), Figure("map")]
    blocks += _emotion_curve(facts)
    blocks += _pain_points(facts)
    blocks += _drop_offs(facts)
    blocks += _moments(facts)
    blocks += _room(facts)
    blocks += advice_section(facts)
    blocks += touchpoints_section(facts)
    blocks += _notes(facts)
    return blocks


def _persona(journey: Journey) -> list[Block]:
    persona = journey.persona
    if persona is None:
        return []
    blocks: list[Block] = [Section("persona"), Heading(2, "Who we mapped"), Paragraph(inline(Span(persona.name, "strong")))]
    if persona.description:
        blocks.append(Paragraph(inline(persona.description)))
    for heading, items in (("Goals", persona.goals), ("Needs", persona.needs)):
        if items:
            blocks += [Paragraph(inline(Span(heading, "strong"))), ItemList(tuple(Item(inline(item)) for item in items))]
    return blocks


# --- key figures: one row (figure, value, what it means) per figure --------------------------

_FigureRow = tuple[str, str, str]


def _key_figures(facts: Facts) -> list[Block]:
    notes = facts.notes()
    rows = [_customers_row(facts), _completion_row(facts, notes), _remembered_row(facts, notes), *_staff_hours_rows(facts)]
    table = Table(("Figure", "Value", "What it means"), tuple((inline(a), inline(b), inline(c)) for a, b, c in rows), frozenset({1}))
    return [Section("figures"), Heading(2, "Key figures"), table]


def _customers_row(facts: Facts) -> _FigureRow:
    customers = facts.journey.customers_per_week
    if customers is None:
        return ("Customers a week", _NOT_KNOWN, _NO_CUSTOMERS)
    return ("Customers a week", f"{customers:,.0f}", "Customers who start this journey each week.")


def _completion_row(facts: Facts, notes: list[str]) -> _FigureRow:
    completion = facts.summary.get("completion")
    if completion is None:
        why = note_about(notes, "completion") or "The flow connections do not say where customers finish."
        return ("Customers who finish", _NOT_KNOWN, why)
    return ("Customers who finish", percent_text(completion), "Share of customers who reach a goal step.")


def _remembered_row(facts: Facts, notes: list[str]) -> _FigureRow:
    remembered = facts.summary.get("remembered_experience")
    if remembered is None:
        why = note_about(notes, "remembered experience") or "No customer emotion is recorded on the paths customers take."
        return ("Remembered experience", _NOT_KNOWN, why)
    return (
        "Remembered experience",
        f"{signed_text(remembered)} ({memory_word(remembered)})",
        "Peak–end rule, from −5 to +5: the mean of the most intense and the last emotion on each path, "
        "weighted by how many customers take it.",
    )


def _staff_hours_rows(facts: Facts) -> list[_FigureRow]:
    hours = facts.summary.get("staff_hours_per_week")
    automatable = facts.summary.get("automatable_staff_hours_per_week")
    timed = any(tp.staff_minutes is not None for tp in facts.journey.touchpoints)
    if hours is None or not timed:
        why = _NO_CUSTOMERS if facts.journey.customers_per_week is None else "No step records its staff minutes."
        return [("Staff hours a week", _NOT_KNOWN, why), ("Hours automation could give back", _NOT_KNOWN, why)]
    return [
        ("Staff hours a week", f"{hours:,.1f}", "Customers passing each step × the staff minutes it takes."),
        (
            "Hours automation could give back",
            f"{automatable or 0.0:,.1f}",
            f"Staff hours a week at steps advised to automate, and {percent_text(ASSIST_AUTOMATABLE_SHARE)} of those "
            "at steps advised to assist: time to spend with customers.",
        ),
    ]


# --- the emotion curve, pain, drop-offs, moments of truth, notes ------------------------------


def _emotion_curve(facts: Facts) -> list[Block]:
    points, caption = emotion_curve_rows(facts.journey, facts.analysis)
    blocks: list[Block] = [Section("curve"), Heading(2, "The emotion curve"), Paragraph(inline(caption + "."))]
    if not facts.journey.touchpoints:
        return blocks[:2] + [Paragraph(inline("The journey has no touchpoints yet."))]
    blocks.append(Figure("curve"))
    by_position = _curve_by_position(points)
    if not by_position:
        blocks.append(Paragraph(inline("No emotion is recorded along it yet.")))
        return blocks
    rows = tuple(
        (inline(str(position + 1)), inline(entry["name"]), inline(entry["Customer"]), inline(entry["Staff"]),
         inline(_MARKER_WORDS.get(entry["marker"], entry["marker"])))
        for position, entry in sorted(by_position.items())
    )
    blocks.append(Table(("#", "Step", "Customer feels", "Staff feel", "Remembered"), rows, frozenset({0})))
    return blocks


def _curve_by_position(points: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    """The curve's points gathered per step: its name, what customer and staff feel, its marker."""
    by_position: dict[int, dict[str, Any]] = {}
    for point in points:
        entry = by_position.setdefault(point["position"], {"name": point["name"], "Customer": "", "Staff": "", "marker": ""})
        text = signed_text(point["emotion"])
        if point["series"] == "Customer" and point["feeling"]:
            text += f" ({point['feeling']})"
        entry[point["series"]] = text
        if point["marker"]:
            entry["marker"] = point["marker"]
    return by_position


def _pain_points(facts: Facts) -> list[Block]:
    blocks: list[Block] = [Section("pain", new_page=True), Heading(2, "Pain points")]
    rows = [row for row in facts.rows.values() if row.get("pain_rank") is not None]
    rows.sort(key=lambda row: row["pain_rank"])
    flagged = [row for row in rows if row.get("is_pain_point")]
    if flagged:
        blocks.append(
            Table(
                ("Rank", "Step", "Stage", "Pain", "Why"),
                tuple(
                    (inline(f"#{row['pain_rank']}"), inline(facts.name(row["id"])), inline(facts.stage_of(row)),
                     inline(f"{row['pain']:.2f}"), inline(row.get("pain_reason") or ""))
                    for row in flagged
                ),
                frozenset({0, 3}),
            )
        )
    elif rows:
        top = rows[0]
        blocks.append(
            Paragraph(inline(f"No step is above the pain-point line. The most painful is {facts.name(top['id'])} (pain {top['pain']:.2f}): "
                             f"{top.get('pain_reason') or ''}"))
        )
    else:
        blocks.append(Paragraph(inline("None: no step has friction or a negative emotion.")))
    return blocks


def _drop_offs(facts: Facts) -> list[Block]:
    blocks: list[Block] = [Section("drop-offs"), Heading(2, "Where customers give up")]
    drops = sorted((row for row in facts.rows.values() if (row.get("drop_off") or 0) > 0), key=lambda row: -row["drop_off"])
    if facts.summary.get("completion") is None:
        blocks.append(Paragraph(inline("Not known: the flow connections do not say where customers finish.")))
    elif not drops:
        blocks.append(Paragraph(inline("Nobody gives up along the way.")))
    else:
        customers = facts.journey.customers_per_week
        headings = ("Step", "Stage", "Customers who leave here") + (("A week",) if customers is not None else ())
        rows = tuple(
            (inline(facts.name(row["id"])), inline(facts.stage_of(row)), inline(percent_text(row["drop_off"])))
            + ((inline(f"{row['drop_off'] * customers:,.0f}"),) if customers is not None else ())
            for row in drops
        )
        blocks.append(Table(headings, rows, frozenset({2, 3})))
    return blocks


def _moments(facts: Facts) -> list[Block]:
    blocks: list[Block] = [Section("moments"), Heading(2, "Moments of truth"),
                           Paragraph(inline("Where the customer's emotion changes most from one step to the next, largest drop first."))]
    moments = facts.analysis.get("moments_of_truth") or []
    if not moments:
        blocks.append(Paragraph(inline("None: the emotion never changes by 2 or more from one step to the next.")))
        return blocks
    rows = tuple(
        (inline(facts.name(moment["from"])), inline(facts.name(moment["to"])), inline(signed_text(moment["emotion_change"])))
        for moment in moments
    )
    blocks.append(Table(("From", "To", "Change in emotion"), rows, frozenset({2})))
    return blocks


_RATED = (("emotion", "How the customer feels"), ("friction", "Friction"), ("staff_emotion", "How staff feel"))


def _room(facts: Facts) -> list[Block]:
    """The room's ratings (a live workshop brought into the map) beside the map's figures; none: no section."""
    rows = []
    for touchpoint in facts.journey.touchpoints:
        for field, label in _RATED:
            rated = getattr(touchpoint.ratings, field, None) if touchpoint.ratings is not None else None
            if rated is None:
                continue
            on_map = getattr(touchpoint, field)
            shown = "—" if on_map is None else (f"{on_map:g}" if field == "friction" else signed_text(on_map))
            room = f"{rated.median:g}" if field == "friction" else signed_text(rated.median)
            discuss = rated.count >= DISAGREEMENT_MIN_RATINGS and rated.spread >= DISAGREEMENT_SPREAD
            rows.append((inline(touchpoint.name), inline(label), inline(shown), inline(room), inline(f"{rated.count}"),
                         inline(f"{rated.spread:g}"), inline("discuss" if discuss else "")))
    if not rows:
        return []
    caption = (f"What the room rated in the workshop: the median of its ratings, how many rated and the spread (the "
               f"width of the middle half of the ratings). “Discuss” marks a spread of {DISAGREEMENT_SPREAD:g} or "
               f"more among {DISAGREEMENT_MIN_RATINGS} or more ratings: the room saw the step differently.")
    table = Table(("Step", "Figure", "On the map", "The room", "Ratings", "Spread", "The room disagrees"),
                  tuple(rows), frozenset({2, 3, 4, 5}))
    return [Section("room"), Heading(2, "What the room said"), Paragraph(inline(caption)), table]


def _notes(facts: Facts) -> list[Block]:
    notes = facts.notes()
    if not notes:
        return []
    return [Section("notes"), Heading(2, "Notes on the figures"), ItemList(tuple(Item(inline(note)) for note in notes))]
