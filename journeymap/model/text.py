"""What text in a journey may hold: any Unicode character but the few that are not text at all.

Every text field of the journey (title, names, stages, descriptions, notes, sticky notes, labels,
the persona) refuses, wherever the journey was read from:

* C0 control characters other than tab, line feed and carriage return (U+0000–U+0008,
  U+000B, U+000C, U+000E–U+001F), DEL (U+007F) and the C1 controls (U+0080–U+009F);
* unpaired surrogates (U+D800–U+DFFF; JSON's ``"\\ud800"`` decodes to one);
* noncharacters: U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF,
  U+1FFFE, U+1FFFF, … U+10FFFF).

None of them can be typed, shown or printed; they arrive with text copied from another program or
from a damaged file, and they crash the image renderer or break an Excel workbook. Tab and line
breaks stay allowed in every field, names and titles too: the renderer draws them (a Mermaid
``<br>`` in a task name is a line break) and a spreadsheet cell can hold them.

The check runs inside pydantic-core (:data:`TEXT_PATTERN`, a regular expression in Rust, so that
loading a large journey stays fast); the words of a refusal are made here, only when text fails,
by :func:`text_problem`. See docs/formats.md, "What text may hold".
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

__all__ = ["TEXT_PATTERN", "Text", "cleaned_text", "forbidden_character", "text_problem"]

# Written with escapes that Python's re and the Rust regex crate both read. The surrogates are not
# in it: Rust text cannot hold one, and pydantic-core refuses such a string itself (string_unicode).
_NONCHARACTERS = r"\uFDD0-\uFDEF\uFFFE\uFFFF" + "".join(
    f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(1, 17)
)
_FORBIDDEN_CLASS = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F" + _NONCHARACTERS
#: What every text field must match (pydantic's ``pattern``): no forbidden character anywhere.
TEXT_PATTERN = rf"^[^{_FORBIDDEN_CLASS}]*$"
_FORBIDDEN = re.compile(rf"[{_FORBIDDEN_CLASS}\uD800-\uDFFF]")
_ADVICE = "text copied from another program can carry invisible characters"

#: A text field of the journey: any text without the characters this module refuses.
Text = Annotated[str, Field(pattern=TEXT_PATTERN)]


def forbidden_character(text: str) -> tuple[int, str, int] | None:
    """The first character text may not hold: its index, the character and how many there are.

    Examples
    --------
    >>> forbidden_character("Pays\\x1b[2J\\x1b"), forbidden_character("Tab\\tand\\nline break")
    ((4, '\\x1b', 2), None)
    """
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    return found.start(), found.group(), len(_FORBIDDEN.findall(text, found.start()))


def cleaned_text(text: str) -> str:
    """The text without the characters it may not hold, for text read from elsewhere that is kept
    anyway (a survey's comments), with a note of what went; :func:`forbidden_character` says what.

    Examples
    --------
    >>> cleaned_text("Pays\x1b by card\ufffe"), cleaned_text("Tab\tkept")
    ('Pays by card', 'Tab\tkept')
    """
    return _FORBIDDEN.sub("", text)


def text_problem(text: str) -> str | None:
    """What is wrong with the text, in the words of every reader; None when it may be kept.

    Positions count characters from 1. One message says it all, however many such characters the
    text holds.

    Examples
    --------
    >>> text_problem("Pays\\x1b by card")
    'contains the control character U+001B at position 5; remove it (text copied from another program can carry invisible characters)'
    >>> text_problem("\\ufffeA\\ufffe")
    'contains the noncharacter U+FFFE at position 1 and 1 more such character; remove them (text copied from another program can carry invisible characters)'
    >>> text_problem("Café ☕\\t<br>\\n") is None
    True
    """
    found = forbidden_character(text)
    if found is None:
        return None
    index, character, count = found
    more = f" and {count - 1} more such character{'s' if count > 2 else ''}" if count > 1 else ""
    return f"contains {_kind(character)} U+{ord(character):04X} at position {index + 1}{more}; " \
           f"remove {'them' if count > 1 else 'it'} ({_ADVICE})"


def _kind(character: str) -> str:
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        return "the unpaired surrogate"
    if code <= 0x9F:
        return "the control character"
    return "the noncharacter"
