"""The workshop report's neutral document model: plain text in blocks, before it is HTML or Markdown.

:mod:`~journeymap.reports.content` builds one list of these blocks from a journey and its analysis;
:mod:`~journeymap.reports.html` and :mod:`~journeymap.reports.markdown` write that same list out,
so the two reports never drift apart. Every piece of text in a block is plain text, never markup:
each writer escapes it for its own format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "Block",
    "Figure",
    "Heading",
    "Inline",
    "Item",
    "ItemList",
    "Paragraph",
    "Quote",
    "Section",
    "Span",
    "Style",
    "Table",
    "clean_text",
    "inline",
]

#: How a run of text is shown: ``badge`` is an automation advice's coloured label, ``warning`` a
#: "watch out" in red (bold in Markdown).
Style = Literal["plain", "strong", "em", "badge", "warning"]

# Control characters other than tab and line breaks have no place in a document (and are not allowed in HTML).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Span:
    """A run of text in one style; ``badge`` spans carry the recommendation they stand for."""

    text: str
    style: Style = "plain"
    recommendation: str = ""


#: A line of text: spans one after the other.
Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    """A heading, ``level`` 1 (the title) to 4 (a touchpoint)."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of styled text."""

    spans: Inline


@dataclass(frozen=True)
class Table:
    """A table with a heading row; the ``numeric`` columns are aligned right."""

    headings: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    numeric: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Item:
    """A bullet, with its sub-bullets (``children``) one level down."""

    spans: Inline
    children: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class ItemList:
    """A bulleted list."""

    items: tuple[Item, ...]


@dataclass(frozen=True)
class Quote:
    """A customer's words, shown in quotation marks."""

    text: str


@dataclass(frozen=True)
class Figure:
    """Where the map or the emotion curve goes; each writer decides how (or whether) to show it."""

    which: Literal["map", "curve"]


@dataclass(frozen=True)
class Section:
    """Starts a section; ``new_page`` sections start on a new page when printed."""

    name: str
    new_page: bool = False


#: One block of the document, in reading order.
Block = Heading | Paragraph | Table | ItemList | Quote | Figure | Section


def inline(*parts: str | Span) -> Inline:
    """A line of text from plain strings and spans; empty parts are left out.

    Examples
    --------
    >>> inline("Pain: ", Span("high", "strong"), "")
    (Span(text='Pain: ', style='plain', recommendation=''), Span(text='high', style='strong', recommendation=''))
    """
    spans = (part if isinstance(part, Span) else Span(part) for part in parts)
    return tuple(span for span in spans if span.text)


def clean_text(text: str) -> str:
    r"""User text with line breaks as ``\n`` and without control characters (HTML forbids them).

    Examples
    --------
    >>> clean_text("one\r\ntwo\rthree\x07")
    'one\ntwo\nthree'
    """
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
