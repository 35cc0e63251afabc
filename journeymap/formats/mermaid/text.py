"""Mermaid text both ways: entity codes (``#58;``), line breaks (``<br>``) and comments (``%%``, ``#``).

Reading decodes what Mermaid would show; writing encodes each character that would break Mermaid's
grammar as an entity code, which Mermaid shows as the character itself.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata

__all__ = ["ENTITY", "block_text", "break_comments", "cut_comment", "decode", "encode", "encode_characters",
           "written_as", "yaml_scalar"]

# Mermaid's entity codes: #35; is '#', #quot; is '"' (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Reading


def cut_comment(text: str) -> str:
    """Text before a comment: ``%%`` anywhere, or a ``#`` that does not open an entity code.

    Examples
    --------
    >>> cut_comment("Ask#58; latte # sugar?"), cut_comment("Pay %% later")
    ('Ask#58; latte ', 'Pay ')
    """
    cut = text.find("%%")
    if cut >= 0:
        text = text[:cut]
    for match in re.finditer(r"#([A-Za-z0-9_]+;)?", text):
        if match.group(1) is None:
            return text[: match.start()]
    return text


def decode(text: str, *, breaks: bool = True) -> str:
    """Mermaid text as shown: ``<br>`` a line break (when ``breaks``), entity codes their character.

    Examples
    --------
    >>> decode("Ask#58; a #quot;latte#quot;<br>please")
    'Ask: a "latte"\\nplease'
    """
    if breaks:
        text = _BREAK.sub("\n", text)
    return ENTITY.sub(_entity_character, text)


def _entity_character(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.isdigit():
        value = int(code) if len(code) <= 7 else -1
        if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
            return chr(value)
        return match.group(0)
    return html.entities.html5.get(code + ";", match.group(0))


def written_as(raw: str, character: str) -> str | None:
    """The entity code in ``raw`` that decodes to ``character``; None when it is written as itself.

    Examples
    --------
    >>> written_as("Pay#1; now", "\x01"), written_as("Pay now", "\x01")
    ('#1;', None)
    """
    return next((match.group(0) for match in ENTITY.finditer(raw) if _entity_character(match) == character), None)


def block_text(parts: list[str]) -> str | None:
    """The text of an ``accDescr { … }`` block from its lines; None when there is none."""
    # As Mermaid does: the indentation of each line goes, and so do blank lines.
    text = re.sub(r"\n\s+", "\n", "\n".join(parts)).strip()
    return decode(text, breaks=False).strip() or None


def yaml_scalar(text: str) -> str:
    """A one-line YAML value: quotes removed, or a trailing ``# comment`` cut."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        inner = text[1:-1]
        return inner.replace("''", "'") if text[0] == "'" else inner.replace('\\"', '"').replace("\\\\", "\\")
    return re.split(r"\s#", text, maxsplit=1)[0].strip()


# ---------------------------------------------------------------------------------------------
# Writing


def encode(text: str, extra: str) -> str:
    """Text safe inside a title, section, task name or actor: line breaks as ``<br>``, entities.

    Examples
    --------
    >>> encode("Ask: a latte;\\n100%% sure", ":")
    'Ask#58; a latte#59;<br>100%#37; sure'
    """
    # Entity codes first, so that the '#' of the codes added after them is not encoded again.
    return break_comments(encode_characters(text, "#;<>" + extra)).replace("\n", "<br>")


def break_comments(text: str) -> str:
    """Text without ``%%``, which starts a Mermaid comment: the second '%' as an entity code."""
    while "%%" in text:
        text = text.replace("%%", "%#37;")
    return text


def encode_characters(text: str, characters: str, *, entity_hash_only: bool = False) -> str:
    """Each of ``characters``, and each control character (but '\\n' unless listed), as ``#58;``.

    With ``entity_hash_only``, a '#' is encoded only where it would read as the start of an entity
    code (plain text in an accDescr keeps its '#').
    """
    out = []
    for index, character in enumerate(text):
        if character == "#" and entity_hash_only:
            encoded = bool(ENTITY.match(text, index))
        else:
            encoded = character in characters or (character != "\n" and _breaks_lines(character))
        out.append(f"#{ord(character)};" if encoded else character)
    return "".join(out)


def _breaks_lines(character: str) -> bool:
    """Control characters and Unicode line separators, which have no place on one line."""
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")
