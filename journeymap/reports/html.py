"""The workshop report as one self-contained HTML page, printable to PDF from a browser.

User text is never markup: it is HTML-escaped. The page has no script at all; its images are SVG
inside ``<img>`` tags as data URIs, which a browser never lets run scripts, and it needs nothing
from the network (no external file, font or image).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping
from typing import Any

from journeymap.charts import IMAGE_CURVE_HEIGHT, full_report_spec
from journeymap.charts.curve import curve_spec
from journeymap.charts.images import chart_image
from journeymap.charts.limits import drawing_limit_message
from journeymap.charts.style import BAND_EVEN, EMOTION_RANGE, EMOTION_SIGNS, INK, LEAVE, MUTED
from journeymap.model import Journey
from journeymap.reports.content import report_document
from journeymap.reports.document import (
    Block,
    Figure,
    Heading,
    Inline,
    ItemList,
    Paragraph,
    Quote,
    Section,
    Table,
    clean_text,
)
from journeymap.reports.facts import analysis_or_computed
from journeymap.vocabulary import (
    DEFAULT_FIT_THRESHOLD,
    DEFAULT_RISK_THRESHOLD,
    RECOMMENDATION_COLOURS,
    RECOMMENDATION_LABELS,
)

__all__ = ["html_report"]


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
    analysis = analysis_or_computed(journey, analysis, fit_threshold, risk_threshold)
    too_big = drawing_limit_message(journey) if images else None  # a report, yes; a drawing no one could read, no
    pictures = _svg_images(journey, analysis) if images and too_big is None else {}
    body = _html_body(report_document(journey, analysis), pictures, journey.title,
                      too_big or "The map's image is not included here.")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_html_text(journey.title)} — journey report</title>\n"
        f"<style>\n{_css()}</style>\n</head>\n<body>\n<main>\n"
        + "\n".join(body)
        + '\n<footer><p>Made with journeymap.</p></footer>\n</main>\n</body>\n</html>\n'
    )


def _html_body(blocks: list[Block], pictures: Mapping[str, bytes], title: str, no_map: str) -> list[str]:
    """The blocks as HTML, one string per block; each section is closed where the next one opens."""
    body: list[str] = []
    open_section = False
    for block in blocks:
        if isinstance(block, Section):
            if open_section:
                body.append("</section>")
            page = " new-page" if block.new_page else ""
            body.append(f'<section class="{block.name}{page}">')
            open_section = True
        elif isinstance(block, Figure):
            body += _html_figure(block.which, pictures.get(block.which), title, no_map)
        else:
            body.append(_html_block(block))
    if open_section:
        body.append("</section>")
    return body


def _html_block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_html_text(block.text)}</h{block.level}>"
    if isinstance(block, Paragraph):
        return f"<p>{_html_inline(block.spans)}</p>"
    if isinstance(block, Table):
        return _html_table(block)
    if isinstance(block, ItemList):
        return _html_list(block)
    if isinstance(block, Quote):
        return f"<blockquote>“{_html_text(block.text)}”</blockquote>"
    raise TypeError(f"not a block the HTML report knows: {block!r}")


def _html_text(text: str) -> str:
    """User text escaped for HTML, quotes too (it also goes into attributes).

    Examples
    --------
    >>> print(_html_text('<b>"Tom" & Jerry</b>'))
    &lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;
    """
    return html.escape(clean_text(text), quote=True)


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


def _html_table(table: Table) -> str:
    def cell(tag: str, column: int, content: str) -> str:
        align = ' class="number"' if column in table.numeric else ""
        return f"<{tag}{align}>{content}</{tag}>"

    head = "".join(cell("th", i, _html_text(heading)) for i, heading in enumerate(table.headings))
    rows = "\n".join("<tr>" + "".join(cell("td", i, _html_inline(value)) for i, value in enumerate(row)) + "</tr>" for row in table.rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>"


def _html_list(block: ItemList) -> str:
    items = []
    for item in block.items:
        children = ""
        if item.children:
            children = "<ul>" + "".join(f"<li>{_html_inline(child)}</li>" for child in item.children) + "</ul>"
        items.append(f"<li>{_html_inline(item.spans)}{children}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


# --- the images: SVG as data URIs ----------------------------------------------------------------


def _svg_images(journey: Journey, analysis: Mapping[str, Any]) -> dict[str, bytes]:
    """The map and the emotion curve as SVG, each drawn on its own from the parts of the full report."""
    spec = full_report_spec(journey, analysis)
    (journey_map,) = spec["vconcat"]
    common = {"$schema": spec["$schema"], "config": spec["config"]}
    # the map's emotion lane shows the curve under the steps; the page's own section shows it along
    # the path, step after step, beside its table (legend at the right: the page is seen whole)
    curve = curve_spec(journey, analysis, legend_orient="right", height=IMAGE_CURVE_HEIGHT)
    return {
        "map": chart_image({**common, **journey_map, "datasets": spec["datasets"]}, "svg"),
        "curve": chart_image({**common, **curve}, "svg"),
    }


def _data_uri(svg: bytes) -> str:
    """An image's bytes as a ``data:`` address, so the page needs no file beside it.

    Examples
    --------
    >>> _data_uri(b"<svg/>")
    'data:image/svg+xml;base64,PHN2Zy8+'
    """
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _html_figure(which: str, svg: bytes | None, title: str, no_map: str) -> list[str]:
    """The map (with its key) or the curve; without its image, the map says why (``no_map``) and the
    curve is left out."""
    if svg is None:
        return [f"<p>{_html_text(no_map)}</p>"] if which == "map" else []
    if which == "curve":
        alt = f"Emotion curve of {title}"
        return [f'<figure class="curve"><div class="scroll"><img src="{_data_uri(svg)}" alt="{_html_text(alt)}">'
                "</div></figure>"]
    alt = f"Journey map of {title}"
    return [
        '<figure class="map">'
        f'<div class="scroll"><img src="{_data_uri(svg)}" alt="{_html_text(alt)}"></div>'
        f"<figcaption>{_LEGEND}</figcaption></figure>"
    ]


# --- the map's key and the page's style -------------------------------------------------------

#: The key under the map: what its columns, rows, colours, sizes, outlines, badges and arrows mean.
_LEGEND = (
    '<ul class="legend">'
    "<li><strong>Columns</strong> are the stages; <strong>rows</strong> the lanes: what the customer does, what staff do "
    "in view, what staff do out of view, the systems behind them.</li>"
    '<li><strong>Colour</strong> is emotion: <span class="scale"></span> orange −5, neutral 0, blue +5; grey, not recorded. '
    f"The mark carries the sign too: {EMOTION_SIGNS[1]} above 0, {EMOTION_SIGNS[-1]} below. "
    "Circles show the customer's emotion, squares the staff's.</li>"
    "<li><strong>Size</strong> is friction (0–10).</li>"
    "<li>A <strong>thick black outline</strong> and #rank mark a pain point (#1 hurts most).</li>"
    "<li>The <strong>badge</strong> above a step is its automation advice: "
    + " ".join(f'<span class="badge {key}">{label}</span>' for key, label in RECOMMENDATION_LABELS.items())
    + ".</li>"
    "<li><strong>Arrows</strong> carry customers on, with their share; dashed lines link a step to what supports it; "
    "“↘ 12% leave here” marks where customers give up.</li>"
    "</ul>"
)


def _css() -> str:
    """The page's style sheet: readable on screen, and on paper A4 with the map on a landscape page."""
    badges = "".join(f".badge.{key} {{ background: {colour}; }}\n" for key, colour in RECOMMENDATION_COLOURS.items())
    return (
        """:root { color-scheme: light; }
body { margin: 0; background: #fff; color: """ + INK + """;
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
thead th { background: """ + BAND_EVEN + """; }
td.number, th.number { text-align: right; white-space: nowrap; }
ul { padding-left: 1.4rem; }
li > ul { margin: 0.2rem 0 0.5rem; color: #3e4c59; }
blockquote { margin: 0.5rem 0 0.5rem 0.5rem; padding: 0.25rem 0.75rem; border-left: 4px solid #9aa5b1;
  font-style: italic; background: #f8f9fb; }
.badge { display: inline-block; color: #fff; font-size: 0.78rem; font-weight: 700; letter-spacing: 0.03em;
  text-transform: uppercase; padding: 0.05rem 0.45rem; border-radius: 0.6rem; white-space: nowrap; }
"""
        + badges
        + """.warning { color: """ + LEAVE + """; }
figure { margin: 0.5rem 0 1rem; }
figure img { display: block; height: auto; }
figure .scroll { overflow-x: auto; border: 1px solid #d9dee5; }
figure img { max-width: none; }  /* full size on screen, scrolling sideways: scaled down, labels get tiny */
figcaption { font-size: 0.9rem; color: #3e4c59; }
.legend { margin: 0.5rem 0; }
.scale { display: inline-block; width: 4rem; height: 0.8rem; vertical-align: middle; border: 1px solid #9aa5b1;
  background: linear-gradient(to right, """ + ", ".join(EMOTION_RANGE) + """); }
footer { margin-top: 3rem; font-size: 0.85rem; color: """ + MUTED + """; }
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
