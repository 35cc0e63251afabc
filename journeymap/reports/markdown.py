"""The workshop report as GitHub-flavoured Markdown, for a wiki.

User text is never markup: what a wiki would read as formatting (emphasis, links, code, tables,
headings, lists, bare addresses, HTML) is backslash-escaped or written as an entity, so the wiki
shows it as typed. The map's image is a link to a file beside the report.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

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
    Table,
    clean_text,
    inline,
)
from journeymap.reports.facts import analysis_or_computed
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD

__all__ = ["markdown_report"]


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
    analysis = analysis_or_computed(journey, analysis, fit_threshold, risk_threshold)
    out = [_md_block(block, image_link) for block in report_document(journey, analysis)]
    return "\n\n".join(text for text in out if text is not None) + "\n"


def _md_block(block: Block, image_link: str | None) -> str | None:
    """One block as Markdown; ``None`` for what Markdown leaves out (sections, the curve's image)."""
    if isinstance(block, Heading):
        return "#" * block.level + " " + _md_heading_end(_md_inline(inline(block.text)))
    if isinstance(block, Paragraph):
        return _md_inline(block.spans)
    if isinstance(block, Table):
        return _md_table(block)
    if isinstance(block, ItemList):
        return _md_list(block)
    if isinstance(block, Quote):
        return "> “" + _md_inline(inline(block.text), line_start=False) + "”"
    if isinstance(block, Figure) and block.which == "map":
        if image_link is None:
            return "The map's image is not included here."
        return f"![Journey map]({urllib.parse.quote(image_link, safe='/._-~')})"
    return None


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
    for index, line in enumerate(clean_text(text).split("\n")):
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
    """Styled text as Markdown; ``line_start`` if it begins a block (where ``#``, ``-`` or ``1.`` mean something)."""
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


def _md_table(table: Table) -> str:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    lines = [row([_md_inline(inline(heading), line_start=False) for heading in table.headings])]
    lines.append(row(["---:" if i in table.numeric else "---" for i in range(len(table.headings))]))
    lines += [row([_md_inline(cell, line_start=False) or " " for cell in cells]) for cells in table.rows]
    return "\n".join(lines)


def _md_list(block: ItemList) -> str:
    lines = []
    for item in block.items:
        lines.append("- " + _md_inline(item.spans))
        lines += ["  - " + _md_inline(child) for child in item.children]
    return "\n".join(lines)
