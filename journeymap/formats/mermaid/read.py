"""Reading a Mermaid user-journey diagram (``.mmd``, or copied with its Markdown fence) as a journey."""

from __future__ import annotations

import re

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.formats.mermaid.build import journey_data
from journeymap.formats.mermaid.parse import Parser
from journeymap.model import Journey
from journeymap.model.validation import journey_from_data

__all__ = ["MAX_MERMAID_BYTES", "mermaid_to_journey"]

#: Largest Mermaid text read, the same 20 MB as a journey file.
MAX_MERMAID_BYTES = MAX_FILE_BYTES
# A Markdown code fence around the diagram, as copied from a README: ```mermaid or ~~~mermaid
_FENCE = re.compile(r"(`{3,}|~{3,})\s*mermaid\s*", re.IGNORECASE)


def mermaid_to_journey(text: str | bytes, source: str | None = None) -> Journey:
    """Read a Mermaid user-journey diagram as a journey.

    Sections become stages, tasks become customer touchpoints connected one after another, the
    score 1…5 becomes the emotion (score − 3) × 2.5, and the actors go into each touchpoint's
    notes as a line ``Actors: …`` (see :mod:`journeymap.formats.mermaid` for every rule).

    Parameters
    ----------
    text
        The diagram, as text or as UTF-8 bytes.
    source
        The file name, used in messages and, when the diagram has no title, as the title.

    Raises
    ------
    JourneyFileError
        For anything that is not a user journey, each problem with its line (``line 7``) and the
        line's text.

    Examples
    --------
    >>> journey = mermaid_to_journey('''journey
    ...     title My working day
    ...     section Go to work
    ...       Make tea: 5: Me
    ...       Do work: 1: Me, Cat''')
    >>> [(tp.id, tp.stage, tp.emotion, tp.notes) for tp in journey.touchpoints]
    [('make-tea', 'go-to-work', 5.0, 'Actors: Me'), ('do-work', 'go-to-work', -5.0, 'Actors: Me, Cat')]
    >>> [(c.from_, c.to) for c in journey.connections]
    [('make-tea', 'do-work')]
    >>> mermaid_to_journey("journey\\n  Make tea: five: Me")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: line 2: the score 'five' in 'Make tea: five: Me' is not a number; \
a Mermaid score is a number from 1 (worst) to 5 (best)
    """
    text = _text_of(text, source)
    lines = _without_fence(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    parser = Parser()
    parser.fenced_later = any(_FENCE.fullmatch(line.strip()) for line in lines)  # a whole Markdown file
    parser.read(lines)
    if parser.problems:
        raise JourneyFileError(parser.all_problems(), source)
    return journey_from_data(journey_data(parser, source), source)


def _without_fence(lines: list[str]) -> list[str]:
    """The lines of a diagram copied with its Markdown fence (```` ```mermaid ```` … ```` ``` ````), fence blanked.

    Lines stay where they were, so that problems keep their line numbers; what follows the closing
    fence is not part of the diagram and is blanked too.
    """
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    opening = _FENCE.fullmatch(lines[first].strip()) if first is not None else None
    if opening is None:
        return lines
    fence = opening.group(1)
    lines = list(lines)
    lines[first] = ""
    for index in range(first + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(fence[0] * 3) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            lines[index:] = [""] * (len(lines) - index)
            break
    return lines


def _text_of(text: str | bytes, source: str | None) -> str:
    """The diagram as text, refusing what is too large, not UTF-8, or binary."""
    limit_mb = MAX_MERMAID_BYTES // 1024 // 1024
    if isinstance(text, (bytes, bytearray)):
        text = _decoded(text, source)
    elif len(text) > MAX_MERMAID_BYTES:  # characters: a quick bound before encoding anything
        raise JourneyFileError([Problem("", f"is larger than {limit_mb} MB; journeymap reads Mermaid diagrams up to {limit_mb} MB")], source)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise JourneyFileError(
            [Problem(f"line {line}", "holds binary data (a NUL character), not the text of a Mermaid diagram")], source
        )
    if not text.strip():
        raise JourneyFileError([Problem("", "is empty; a Mermaid user journey starts with the keyword 'journey'")], source)
    return text


def _decoded(data: bytes | bytearray, source: str | None) -> str:
    """UTF-8 bytes as text; a byte that cannot be read is reported by its line and place in it."""
    if len(data) > MAX_MERMAID_BYTES:
        limit_mb = MAX_MERMAID_BYTES // 1024 // 1024
        raise JourneyFileError([Problem("", f"is {len(data) / 1024 / 1024:.1f} MB; journeymap reads Mermaid diagrams up to {limit_mb} MB")], source)
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise JourneyFileError(
            [Problem(f"line {line}", f"is not UTF-8 text: byte {byte} of the line cannot be read; save the diagram as UTF-8")],
            source,
        ) from None
