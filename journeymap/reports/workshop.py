"""The workshop report: what the team takes home, as one self-contained HTML file or as Markdown.

Both hold the same content in the same order: the journey's title, description and persona; the key
figures; the annotated map and the emotion curve; the pain points with their reasons; where
customers drop off; the moments of truth; the automation advice with its reasons and warnings;
then every touchpoint, stage by stage, with its figures and every sticky note; and the analysis
notes. The content is built once as a small list of blocks (:func:`_document`) and written out by
:func:`html_report` and :func:`markdown_report`, so the two never drift apart.

User text is never markup: the HTML escapes it and the Markdown backslash-escapes what a wiki would
read as formatting. The HTML has no script at all; its images are SVG inside ``<img>`` tags as data
URIs, which a browser never lets run scripts, and it needs nothing from the network.
"""

from __future__ import annotations

import base64
import html
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from journeymap.analysis.automation import ASSIST_AUTOMATABLE_SHARE
from journeymap.charts import emotion_curve_rows, full_report_spec
from journeymap.charts.images import chart_image
from journeymap.model import Journey, Touchpoint
from journeymap.vocabulary import (
    DEFAULT_FIT_THRESHOLD,
    DEFAULT_RISK_THRESHOLD,
    RECOMMENDATION_COLOURS,
    RECOMMENDATION_HEADINGS,
    RECOMMENDATION_LABELS,
    percent_text,
    signed_text,
)
from journeymap.reports.text import advice_priority, memory_word

__all__ = ["html_report", "markdown_report"]

#: The advice groups in the order the report lists them, with their headings.
ADVICE_HEADINGS = RECOMMENDATION_HEADINGS
#: The short names on the badges, as on the map.
ADVICE_BADGES = RECOMMENDATION_LABELS
#: File field names the analysis notes use, in the words of the room.
_FIELD_WORDS = {
    "customers_per_week": "the number of customers a week",
    "entry_share": "entry share",
    "staff_minutes": "staff minutes",
}
# Control characters other than tab and line breaks have no place in a document (and are not allowed in HTML).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

Style = Literal["plain", "strong", "em", "badge", "warning"]


# ---------------------------------------------------------------------------------------------
# The document: plain text in blocks, written out as HTML or Markdown
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A run of text in one style; ``badge`` spans carry the recommendation they stand for."""

    text: str
    style: Style = "plain"
    recommendation: str = ""


Inline = tuple[_Span, ...]


@dataclass(frozen=True)
class _Heading:
    level: int
    text: str


@dataclass(frozen=True)
class _Paragraph:
    spans: Inline


@dataclass(frozen=True)
class _Table:
    headings: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: frozenset[int] = frozenset()  # columns aligned right


@dataclass(frozen=True)
class _Item:
    spans: Inline
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class _List:
    items: tuple[_Item, ...]


@dataclass(frozen=True)
class _Quote:
    text: str


@dataclass(frozen=True)
class _Figure:
    which: Literal["map", "curve"]


@dataclass(frozen=True)
class _Section:
    """Starts a section; ``new_page`` sections start on a new page when printed."""

    name: str
    new_page: bool = False


Block = _Heading | _Paragraph | _Table | _List | _Quote | _Figure | _Section


def _inline(*parts: str | _Span) -> Inline:
    return tuple(part if isinstance(part, _Span) else _Span(part) for part in parts if (part.text if isinstance(part, _Span) else part))


@dataclass
class _Facts:
    """What the document's sections read: the journey, its analysis rows by id, names, stage names."""

    journey: Journey
    analysis: Mapping[str, Any]
    rows: dict[str, Mapping[str, Any]] = field(init=False)
    names: dict[str, str] = field(init=False)
    stage_names: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.rows = {row["id"]: row for row in self.analysis.get("touchpoints") or []}
        self.names = {tp.id: tp.name for tp in self.journey.touchpoints}
        self.stage_names = {stage.id: stage.name for stage in self.journey.stages}

    def name(self, touchpoint_id: str) -> str:
        return self.names.get(touchpoint_id, touchpoint_id)

    def stage_of(self, row: Mapping[str, Any]) -> str:
        return self.stage_names.get(str(row.get("stage")), str(row.get("stage", "")))


def _document(journey: Journey, analysis: Mapping[str, Any]) -> list[Block]:
    facts = _Facts(journey, analysis)
    blocks: list[Block] = [_Section("title"), _Heading(1, journey.title)]
    if journey.description:
        blocks.append(_Paragraph(_inline(journey.description)))
    blocks += _persona(journey)
    blocks += _key_figures(facts)
    blocks += [_Section("map"), _Heading(2, "The journey map"), _Figure("map")]
    blocks += _emotion_curve(facts)
    blocks += _pain_points(facts)
    blocks += _drop_offs(facts)
    blocks += _moments(facts)
    blocks += _advice(facts)
    blocks += _touchpoints(facts)
    notes = [_in_plain_words(note) for note in (analysis.get("journey") or {}).get("notes") or []]
    if notes:
        blocks += [_Section("notes"), _Heading(2, "Notes on the figures"), _List(tuple(_Item(_inline(note)) for note in notes))]
    return blocks


def _persona(journey: Journey) -> list[Block]:
    persona = journey.persona
    if persona is None:
        return []
    blocks: list[Block] = [_Section("persona"), _Heading(2, "Who we mapped"), _Paragraph(_inline(_Span(persona.name, "strong")))]
    if persona.description:
        blocks.append(_Paragraph(_inline(persona.description)))
    if persona.goals:
        blocks += [_Paragraph(_inline(_Span("Goals", "strong"))), _List(tuple(_Item(_inline(goal)) for goal in persona.goals))]
    return blocks


def _key_figures(facts: _Facts) -> list[Block]:
    summary = facts.analysis.get("journey") or {}
    notes = [_in_plain_words(note) for note in summary.get("notes") or []]
    customers = facts.journey.customers_per_week
    not_known = "not known"
    rows: list[tuple[str, str, str]] = []

    if customers is None:
        rows.append(("Customers a week", not_known, "The number of customers a week is not given."))
    else:
        rows.append(("Customers a week", f"{customers:,.0f}", "Customers who start this journey each week."))

    completion = summary.get("completion")
    if completion is None:
        why = _note_about(notes, "completion") or "The flow connections do not say where customers finish."
        rows.append(("Customers who finish", not_known, why))
    else:
        rows.append(("Customers who finish", percent_text(completion), "Share of customers who reach a goal step."))

    remembered = summary.get("remembered_experience")
    if remembered is None:
        why = _note_about(notes, "remembered experience") or "No customer emotion is recorded on the paths customers take."
        rows.append(("Remembered experience", not_known, why))
    else:
        rows.append(
            (
                "Remembered experience",
                f"{signed_text(remembered)} ({memory_word(remembered)})",
                "Peak–end rule, from −5 to +5: the mean of the most intense and the last emotion on each path, "
                "weighted by how many customers take it.",
            )
        )

    hours = summary.get("staff_hours_per_week")
    automatable = summary.get("automatable_staff_hours_per_week")
    timed = any(tp.staff_minutes is not None for tp in facts.journey.touchpoints)
    if hours is None or not timed:
        why = "The number of customers a week is not given." if customers is None else "No step records its staff minutes."
        rows.append(("Staff hours a week", not_known, why))
        rows.append(("Hours automation could give back", not_known, why))
    else:
        rows.append(("Staff hours a week", f"{hours:,.1f}", "Customers passing each step × the staff minutes it takes."))
        rows.append(
            (
                "Hours automation could give back",
                f"{automatable or 0.0:,.1f}",
                f"Staff hours a week at steps advised to automate, and {percent_text(ASSIST_AUTOMATABLE_SHARE)} of those "
                "at steps advised to assist: time to spend with customers.",
            )
        )
    table = _Table(("Figure", "Value", "What it means"), tuple((_inline(a), _inline(b), _inline(c)) for a, b, c in rows), frozenset({1}))
    return [_Section("figures"), _Heading(2, "Key figures"), table]


def _note_about(notes: Sequence[str], topic: str) -> str | None:
    return next((note for note in notes if topic in note.lower()), None)


def _in_plain_words(note: str) -> str:
    """An analysis note with file field names put in words (the room never sees the file)."""
    for name, words in _FIELD_WORDS.items():
        note = note.replace(name, words)
    return note[:1].upper() + note[1:]


def _emotion_curve(facts: _Facts) -> list[Block]:
    points, caption = emotion_curve_rows(facts.journey, facts.analysis)
    blocks: list[Block] = [_Section("curve"), _Heading(2, "The emotion curve"), _Paragraph(_inline(caption + "."))]
    if not facts.journey.touchpoints:
        return blocks[:2] + [_Paragraph(_inline("The journey has no touchpoints yet."))]
    blocks.append(_Figure("curve"))
    by_position: dict[int, dict[str, Any]] = {}
    for point in points:
        entry = by_position.setdefault(point["position"], {"name": point["name"], "Customer": "", "Staff": "", "marker": ""})
        text = signed_text(point["emotion"])
        if point["series"] == "Customer" and point["feeling"]:
            text += f" ({point['feeling']})"
        entry[point["series"]] = text
        if point["marker"]:
            entry["marker"] = point["marker"]
    if not by_position:
        blocks.append(_Paragraph(_inline("No emotion is recorded along it yet.")))
        return blocks
    rows = tuple(
        (_inline(str(position + 1)), _inline(entry["name"]), _inline(entry["Customer"]), _inline(entry["Staff"]),
         _inline(_MARKER_WORDS.get(entry["marker"], entry["marker"])))
        for position, entry in sorted(by_position.items())
    )
    blocks.append(_Table(("#", "Step", "Customer feels", "Staff feel", "Remembered"), rows, frozenset({0})))
    return blocks


_MARKER_WORDS = {"peak": "the peak", "end": "the end", "peak & end": "the peak and the end"}


def _pain_points(facts: _Facts) -> list[Block]:
    blocks: list[Block] = [_Section("pain", new_page=True), _Heading(2, "Pain points")]
    rows = [row for row in facts.rows.values() if row.get("pain_rank") is not None]
    rows.sort(key=lambda row: row["pain_rank"])
    flagged = [row for row in rows if row.get("is_pain_point")]
    if flagged:
        blocks.append(
            _Table(
                ("Rank", "Step", "Stage", "Pain", "Why"),
                tuple(
                    (_inline(f"#{row['pain_rank']}"), _inline(facts.name(row["id"])), _inline(facts.stage_of(row)),
                     _inline(f"{row['pain']:.2f}"), _inline(row.get("pain_reason") or ""))
                    for row in flagged
                ),
                frozenset({0, 3}),
            )
        )
    elif rows:
        top = rows[0]
        blocks.append(
            _Paragraph(_inline(f"No step is above the pain-point line. The most painful is {facts.name(top['id'])} (pain {top['pain']:.2f}): "
                               f"{top.get('pain_reason') or ''}"))
        )
    else:
        blocks.append(_Paragraph(_inline("None: no step has friction or a negative emotion.")))
    return blocks


def _drop_offs(facts: _Facts) -> list[Block]:
    blocks: list[Block] = [_Section("drop-offs"), _Heading(2, "Where customers give up")]
    summary = facts.analysis.get("journey") or {}
    drops = sorted((row for row in facts.rows.values() if (row.get("drop_off") or 0) > 0), key=lambda row: -row["drop_off"])
    if summary.get("completion") is None:
        blocks.append(_Paragraph(_inline("Not known: the flow connections do not say where customers finish.")))
    elif not drops:
        blocks.append(_Paragraph(_inline("Nobody gives up along the way.")))
    else:
        customers = facts.journey.customers_per_week
        headings = ("Step", "Stage", "Customers who leave here") + (("A week",) if customers is not None else ())
        rows = tuple(
            (_inline(facts.name(row["id"])), _inline(facts.stage_of(row)), _inline(percent_text(row["drop_off"])))
            + ((_inline(f"{row['drop_off'] * customers:,.0f}"),) if customers is not None else ())
            for row in drops
        )
        blocks.append(_Table(headings, rows, frozenset({2, 3})))
    return blocks


def _moments(facts: _Facts) -> list[Block]:
    blocks: list[Block] = [_Section("moments"), _Heading(2, "Moments of truth"),
                           _Paragraph(_inline("Where the customer's emotion changes most from one step to the next, largest drop first."))]
    moments = facts.analysis.get("moments_of_truth") or []
    if not moments:
        blocks.append(_Paragraph(_inline("None: the emotion never changes by 2 or more from one step to the next.")))
        return blocks
    rows = tuple(
        (_inline(facts.name(moment["from"])), _inline(facts.name(moment["to"])), _inline(signed_text(moment["emotion_change"])))
        for moment in moments
    )
    blocks.append(_Table(("From", "To", "Change in emotion"), rows, frozenset({2})))
    return blocks


def _advice(facts: _Facts) -> list[Block]:
    thresholds = (facts.analysis.get("journey") or {}).get("thresholds") or {}
    blocks: list[Block] = [_Section("advice", new_page=True), _Heading(2, "Automation advice")]
    if "fit" in thresholds and "risk" in thresholds:
        blocks.append(
            _Paragraph(_inline(f"Each step has an automation fit and an empathy risk from 0 to 100; {thresholds['fit']:g} or more counts "
                               f"as a high fit and {thresholds['risk']:g} or more as a high risk."))
        )
    groups: dict[str, list[Mapping[str, Any]]] = {key: [] for key in ADVICE_HEADINGS}
    for row in facts.rows.values():
        advice = row.get("automation") or {}
        if advice.get("recommendation") in groups:
            groups[advice["recommendation"]].append(row)
    if not any(groups.values()):
        blocks.append(_Paragraph(_inline("No advice yet: the journey has no touchpoints.")))
    for key, heading in ADVICE_HEADINGS.items():
        rows = sorted(groups[key], key=lambda row: -advice_priority(dict(row), key))
        if not rows:
            continue
        blocks.append(_Heading(3, f"{heading}: {len(rows)}"))
        items = []
        for row in rows:
            advice = row["automation"]
            line = [_Span(ADVICE_BADGES[key], "badge", key), _Span(" "), _Span(facts.name(row["id"]), "strong"),
                    _Span(f" (stage {facts.stage_of(row)}; {_lane_words(row.get('lane'))}): fit {advice['fit']:.0f}, "
                          f"empathy risk {advice['empathy_risk']:.0f}")]
            if row.get("staff_hours_per_week"):
                line.append(_Span(f", {row['staff_hours_per_week']:,.1f} staff hours a week"))
            children = [_inline(reason) for reason in advice.get("reasons", [])[1:]]
            children += [_inline(_Span("Watch out: ", "warning"), warning) for warning in advice.get("warnings", [])]
            items.append(_Item(_inline(*line), tuple(children)))
        blocks.append(_List(tuple(items)))
    return blocks


def _lane_words(lane: Any) -> str:
    return _LANE_WORDS.get(str(lane), str(lane))


#: The service-blueprint lanes in the room's words.
_LANE_WORDS = {
    "customer": "customer action",
    "frontstage": "frontstage, in view",
    "backstage": "backstage, out of view",
    "support": "support system",
}


def _touchpoints(facts: _Facts) -> list[Block]:
    blocks: list[Block] = [_Section("touchpoints", new_page=True), _Heading(2, "Every touchpoint and sticky note")]
    if not facts.journey.touchpoints:
        return blocks + [_Paragraph(_inline("The journey has no touchpoints yet."))]
    for stage in facts.journey.stages:
        touchpoints = [tp for tp in facts.journey.touchpoints if tp.stage == stage.id]
        blocks.append(_Heading(3, f"Stage: {stage.name}"))
        if stage.description:
            blocks.append(_Paragraph(_inline(_Span(stage.description, "em"))))
        if not touchpoints:
            blocks.append(_Paragraph(_inline("No touchpoints in this stage.")))
        for touchpoint in touchpoints:
            blocks += _touchpoint(facts, touchpoint)
    return blocks


def _touchpoint(facts: _Facts, touchpoint: Touchpoint) -> list[Block]:
    row = facts.rows.get(touchpoint.id) or {}
    blocks: list[Block] = [_Heading(4, touchpoint.name)]
    about = [_lane_words(touchpoint.lane).capitalize()]
    if touchpoint.channel:
        about.append(f"channel: {touchpoint.channel}")
    about.append(f"evidence: {touchpoint.evidence}")
    if row.get("is_entry"):
        about.append("customers start here")
    if row.get("is_goal"):
        about.append("a goal: reaching it means the journey succeeded")
    blocks.append(_Paragraph(_inline("; ".join(about) + ".")))
    if touchpoint.description:
        blocks.append(_Paragraph(_inline(touchpoint.description)))

    figures: list[tuple[str, str]] = []
    feels = "not recorded" if touchpoint.emotion is None else signed_text(touchpoint.emotion)
    if touchpoint.feeling:
        feels += f" ({touchpoint.feeling})"
    figures.append(("Customer feels", feels))
    figures.append(("Staff feel", "not recorded" if touchpoint.staff_emotion is None else signed_text(touchpoint.staff_emotion)))
    figures.append(("Friction", f"{touchpoint.friction:g} of 10"))
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
    items = [_Item(_inline(_Span(f"{label}: ", "strong"), value)) for label, value in figures]
    advice = row.get("automation") or {}
    if advice.get("recommendation") in ADVICE_BADGES:
        key = advice["recommendation"]
        items.append(_Item(_inline(_Span("Advice: ", "strong"), _Span(ADVICE_BADGES[key], "badge", key),
                                   f" (fit {advice['fit']:.0f}, empathy risk {advice['empathy_risk']:.0f})")))
    blocks.append(_List(tuple(items)))

    for label, notes in (("Pain points", touchpoint.pain_points), ("Opportunities", touchpoint.opportunities)):
        if notes:
            blocks += [_Paragraph(_inline(_Span(label, "strong"))), _List(tuple(_Item(_inline(note)) for note in notes))]
    if touchpoint.quotes:
        blocks.append(_Paragraph(_inline(_Span("In the customer's words", "strong"))))
        blocks += [_Quote(quote) for quote in touchpoint.quotes]
    if touchpoint.notes:
        blocks += [_Paragraph(_inline(_Span("Notes", "strong"))), _Paragraph(_inline(touchpoint.notes))]
    return blocks


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------


def html_report(
    journey: Journey,
    analysis: Mapping[str, Any] | None = None,
    *,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
    images: bool = True,
) -> str:
    """The workshop report as one self-contained HTML page, printable to PDF from a browser.

    Parameters
    ----------
    journey
        The journey to report on.
    analysis
        ``analyze(journey)`` if you already have it; computed here (with the thresholds) otherwise.
    fit_threshold, risk_threshold
        The automation advice's thresholds (0…100), used only when the analysis is computed here.
    images
        Embed the map and the emotion curve as SVG images (about a second to draw); ``False``
        leaves them out.

    Returns
    -------
    str
        A whole HTML document: no script, no external file, font or image; every piece of user
        text escaped.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Fish & <chips>", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for cod", "stage": "s", "emotion": 2}]}''')
    >>> page = html_report(journey, images=False)
    >>> "<title>Fish &amp; &lt;chips&gt; — journey report</title>" in page, "Asks for cod" in page
    (True, True)
    >>> "<script" in page
    False
    """
    analysis = _analysis(journey, analysis, fit_threshold, risk_threshold)
    pictures = _svg_images(journey, analysis) if images else {}
    body: list[str] = []
    open_section = False
    for block in _document(journey, analysis):
        if isinstance(block, _Section):
            if open_section:
                body.append("</section>")
            page = " new-page" if block.new_page else ""
            body.append(f'<section class="{block.name}{page}">')
            open_section = True
        elif isinstance(block, _Heading):
            body.append(f"<h{block.level}>{_html_text(block.text)}</h{block.level}>")
        elif isinstance(block, _Paragraph):
            body.append(f"<p>{_html_inline(block.spans)}</p>")
        elif isinstance(block, _Table):
            body.append(_html_table(block))
        elif isinstance(block, _List):
            body.append(_html_list(block))
        elif isinstance(block, _Quote):
            body.append(f"<blockquote>“{_html_text(block.text)}”</blockquote>")
        elif isinstance(block, _Figure) and block.which in pictures:
            body.append(_html_figure(block.which, pictures[block.which], journey.title))
        elif isinstance(block, _Figure) and block.which == "map":
            body.append("<p>The map's image is not included here.</p>")
    if open_section:
        body.append("</section>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_html_text(journey.title)} — journey report</title>\n"
        f"<style>\n{_css()}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + '\n<footer><p>Made with journeymap.</p></footer>\n</main>\n</body>\n</html>\n'
    )


def _analysis(journey: Journey, analysis: Mapping[str, Any] | None, fit_threshold: float, risk_threshold: float) -> Mapping[str, Any]:
    if analysis is not None:
        return analysis
    from journeymap.analysis import analyze  # only needed when the caller has none

    return analyze(journey, fit_threshold=fit_threshold, risk_threshold=risk_threshold)


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _html_text(text: str) -> str:
    return html.escape(_clean(text), quote=True)


def _html_inline(spans: Inline) -> str:
    parts = []
    for span in spans:
        text = _html_text(span.text)
        if span.style == "strong":
            parts.append(f"<strong>{text}</strong>")
        elif span.style == "em":
            parts.append(f"<em>{text}</em>")
        elif span.style == "badge":
            parts.append(f'<span class="badge {span.recommendation}">{text}</span>')
        elif span.style == "warning":
            parts.append(f'<strong class="warning">{text}</strong>')
        else:
            parts.append(text)
    return "".join(parts)


def _html_table(table: _Table) -> str:
    def cell(tag: str, column: int, content: str) -> str:
        align = ' class="number"' if column in table.numeric else ""
        return f"<{tag}{align}>{content}</{tag}>"

    head = "".join(cell("th", i, _html_text(heading)) for i, heading in enumerate(table.headings))
    rows = "\n".join("<tr>" + "".join(cell("td", i, _html_inline(value)) for i, value in enumerate(row)) + "</tr>" for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _html_list(block: _List) -> str:
    items = []
    for item in block.items:
        children = ""
        if item.children:
            children = "<ul>" + "".join(f"<li>{_html_inline(child)}</li>" for child in item.children) + "</ul>"
        items.append(f"<li>{_html_inline(item.spans)}{children}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def _svg_images(journey: Journey, analysis: Mapping[str, Any]) -> dict[str, bytes]:
    """The map and the emotion curve as SVG, each drawn on its own from the parts of the full report."""
    spec = full_report_spec(journey, analysis)
    journey_map, curve = spec["vconcat"]
    common = {"$schema": spec["$schema"], "config": spec["config"]}
    return {
        "map": chart_image({**common, **journey_map, "datasets": spec["datasets"]}, "svg"),
        "curve": chart_image({**common, **curve}, "svg"),
    }


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _html_figure(which: str, svg: bytes, title: str) -> str:
    if which == "curve":
        alt = f"Emotion curve of {title}"
        return (f'<figure class="curve"><div class="scroll"><img src="{_data_uri(svg)}" alt="{_html_text(alt)}">'
                "</div></figure>")
    alt = f"Journey map of {title}"
    return (
        '<figure class="map">'
        f'<div class="scroll"><img src="{_data_uri(svg)}" alt="{_html_text(alt)}"></div>'
        f"<figcaption>{_LEGEND}</figcaption></figure>"
    )


_LEGEND = (
    '<ul class="legend">'
    "<li><strong>Columns</strong> are the stages; <strong>rows</strong> the lanes: what the customer does, what staff do "
    "in view, what staff do out of view, the systems behind them.</li>"
    '<li><strong>Colour</strong> is emotion: <span class="scale"></span> red −5, neutral 0, green +5; grey, not recorded. '
    "Circles show the customer's emotion, squares the staff's.</li>"
    "<li><strong>Size</strong> is friction (0–10).</li>"
    "<li>A <strong>thick black outline</strong> and #rank mark a pain point (#1 hurts most).</li>"
    "<li>The <strong>badge</strong> above a step is its automation advice: "
    + " ".join(f'<span class="badge {key}">{label}</span>' for key, label in ADVICE_BADGES.items())
    + ".</li>"
    "<li><strong>Arrows</strong> carry customers on, with their share; dashed lines link a step to what supports it; "
    "“↘ 12% leave here” marks where customers give up.</li>"
    "</ul>"
)


def _css() -> str:
    badges = "".join(f".badge.{key} {{ background: {colour}; }}\n" for key, colour in RECOMMENDATION_COLOURS.items())
    return (
        """:root { color-scheme: light; }
body { margin: 0; background: #fff; color: #1f2933;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif;
  line-height: 1.5; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 0.75rem; }
h2 { font-size: 1.45rem; margin: 2.25rem 0 0.75rem; border-bottom: 2px solid #d9dee5; padding-bottom: 0.2rem; }
h3 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
h4 { font-size: 1.05rem; margin: 1.5rem 0 0.25rem; }
p, li, td, th, blockquote, figcaption { white-space: pre-line; overflow-wrap: break-word; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.95rem; }
th, td { border: 1px solid #d9dee5; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
thead th { background: #f4f6f9; }
td.number, th.number { text-align: right; white-space: nowrap; }
ul { padding-left: 1.4rem; }
li > ul { margin: 0.2rem 0 0.5rem; color: #3e4c59; }
blockquote { margin: 0.5rem 0 0.5rem 0.5rem; padding: 0.25rem 0.75rem; border-left: 4px solid #9aa5b1;
  font-style: italic; background: #f8f9fb; }
.badge { display: inline-block; color: #fff; font-size: 0.78rem; font-weight: 700; letter-spacing: 0.03em;
  text-transform: uppercase; padding: 0.05rem 0.45rem; border-radius: 0.6rem; white-space: nowrap; }
"""
        + badges
        + """.warning { color: #a61b1b; }
figure { margin: 0.5rem 0 1rem; }
figure img { display: block; height: auto; }
figure .scroll { overflow-x: auto; border: 1px solid #d9dee5; }
figure img { max-width: none; }  /* full size on screen, scrolling sideways: scaled down, labels get tiny */
figcaption { font-size: 0.9rem; color: #3e4c59; }
.legend { margin: 0.5rem 0; }
.scale { display: inline-block; width: 4rem; height: 0.8rem; vertical-align: middle; border: 1px solid #9aa5b1;
  background: linear-gradient(to right, #c62828, #f3f1ea, #2e7d32); }
footer { margin-top: 3rem; font-size: 0.85rem; color: #52606d; }
@page { size: A4; margin: 14mm; }
@page wide { size: A4 landscape; margin: 10mm; }
@media print {
  section.map { page: wide; }
  main { max-width: none; padding: 0; }
  html { font-size: 10pt; }  /* rem-sized headings and tables shrink with the text, not only body text */
  h2 { margin-top: 1.5rem; }
  section.new-page { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, li, blockquote, figure, img { break-inside: avoid; }
  thead { display: table-header-group; }
  figure .scroll { overflow: visible; border: 0; }
  figure img { max-width: 100%; }
  /* the map and its key share one landscape page (190 mm high): a map of few stages is tall */
  figure.map img { max-height: 100mm; width: auto; }
  footer { display: none; }
}
"""
    )


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------


def markdown_report(
    journey: Journey,
    analysis: Mapping[str, Any] | None = None,
    *,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
    image_link: str | None = None,
) -> str:
    """The workshop report as GitHub-flavoured Markdown, for a wiki.

    Parameters
    ----------
    journey
        The journey to report on.
    analysis
        ``analyze(journey)`` if you already have it; computed here (with the thresholds) otherwise.
    fit_threshold, risk_threshold
        The automation advice's thresholds (0…100), used only when the analysis is computed here.
    image_link
        Where the map's image is, relative to the Markdown file (``"diner.png"``); it is shown under
        "The journey map". Without it that section says the image is not included.

    Returns
    -------
    str
        Markdown in which every piece of user text is escaped, so that a wiki shows it as typed.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Fish & chips", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for *cod*", "stage": "s", "emotion": 2}]}''')
    >>> text = markdown_report(journey, image_link="fish chips.png")
    >>> print(text.splitlines()[0])
    # Fish &amp; chips
    >>> "#### Asks for \\\\*cod\\\\*" in text, "![Journey map](fish%20chips.png)" in text
    (True, True)
    """
    analysis = _analysis(journey, analysis, fit_threshold, risk_threshold)
    out: list[str] = []
    for block in _document(journey, analysis):
        if isinstance(block, _Heading):
            out.append("#" * block.level + " " + _md_heading_end(_md_inline(_inline(block.text))))
        elif isinstance(block, _Paragraph):
            out.append(_md_inline(block.spans))
        elif isinstance(block, _Table):
            out.append(_md_table(block))
        elif isinstance(block, _List):
            out.append(_md_list(block))
        elif isinstance(block, _Quote):
            out.append("> “" + _md_inline(_inline(block.text), line_start=False) + "”")
        elif isinstance(block, _Figure) and block.which == "map":
            if image_link is None:
                out.append("The map's image is not included here.")
            else:
                out.append(f"![Journey map]({urllib.parse.quote(image_link, safe='/._-~')})")
    return "\n\n".join(out) + "\n"


# Escaped everywhere: what starts code, emphasis, links, strikethrough, table cells, or escapes.
# "@" too: GitHub turns a bare e-mail address into a mailto link
_MD_SPECIAL = {ch: "\\" + ch for ch in "\\`*_[]|~@"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
# At the start of a block: what starts a heading, a list item, a numbered list or a setext underline.
_MD_LINE_START = re.compile(r"^(#|\+|-|=|\d{1,9}(?=[.)]))")
# Bare web addresses: GitHub turns them into links.
_MD_AUTOLINK = re.compile(r"(?i)(://|www(?=\.))")


def _md_escape(text: str, *, line_start: bool) -> str:
    """User text as Markdown that shows it as typed, on one line (line breaks become ``<br>``).

    Examples
    --------
    >>> print(_md_escape("1. **bold** [link](http://x) <b> a|b", line_start=True))
    1\\. \\*\\*bold\\*\\* \\[link\\](http\\://x) &lt;b&gt; a\\|b
    >>> print(_md_escape("# heading", line_start=True), _md_escape("# heading", line_start=False))
    \\# heading # heading
    """
    lines = []
    for index, line in enumerate(_clean(text).split("\n")):
        escaped = "".join(_MD_SPECIAL.get(ch, ch) for ch in line)
        escaped = _MD_AUTOLINK.sub(lambda match: "\\:" + "//" if match.group(1) == "://" else match.group(1) + "\\", escaped)
        if index == 0 and line_start:
            escaped = escaped.lstrip(" \t")  # four leading spaces would start a code block
            escaped = _MD_LINE_START.sub(lambda match: match.group(1) + "\\" if match.group(1)[0].isdigit() else "\\" + match.group(1), escaped)
        lines.append(escaped)
    return "<br>".join(lines)


def _md_heading_end(text: str) -> str:
    r"""A heading's text with a closing run of ``#`` escaped, which Markdown would drop from the heading.

    Examples
    --------
    >>> print(_md_heading_end("Table #"), _md_heading_end("We are #1 ##"), _md_heading_end("C#"))
    Table \# We are #1 \## C#
    """
    return re.sub(r"(?<=[ \t])#+[ \t]*$", lambda match: "\\" + match.group(0), text)


def _md_inline(spans: Inline, *, line_start: bool = True) -> str:
    parts = []
    for index, span in enumerate(spans):
        at_start = line_start and index == 0 and span.style == "plain"
        text = _md_escape(span.text.strip() if span.style != "plain" else span.text, line_start=at_start)
        if span.style == "badge":  # our own fixed words, never user text
            parts.append(f"`{span.text.upper()}`")
        elif span.style in ("strong", "warning"):
            trailing = span.text[len(span.text.rstrip()):]
            parts.append(f"**{text}**{trailing}")
        elif span.style == "em":
            parts.append(f"*{text}*")
        else:
            parts.append(text)
    return "".join(parts)


def _md_table(table: _Table) -> str:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    lines = [row([_md_inline(_inline(heading), line_start=False) for heading in table.headings])]
    lines.append(row(["---:" if i in table.numeric else "---" for i in range(len(table.headings))]))
    lines += [row([_md_inline(cell, line_start=False) or " " for cell in cells]) for cells in table.rows]
    return "\n".join(lines)


def _md_list(block: _List) -> str:
    lines = []
    for item in block.items:
        lines.append("- " + _md_inline(item.spans))
        lines += ["  - " + _md_inline(child) for child in item.children]
    return "\n".join(lines)
