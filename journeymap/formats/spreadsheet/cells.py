"""One spreadsheet cell: formulas neutralised on writing, and each kind of cell read back.

The room's ratings of a step (``touchpoints[].ratings``) are one cell, a line per rated field, as
:func:`ratings_text` writes it: ``emotion: 7 ratings, median -2, spread 3``; its survey
(``touchpoints[].survey``) one line, as :func:`~journeymap.model.survey.survey_text` writes it:
``CSAT 1 to 5: 12 answers, mean 4.25, 95% interval 3.6 to 4.9``.

Writing puts a ``'`` before text a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return); reading takes it off again. Reading a cell is forgiving
where a person would expect it: numbers take a decimal comma (``2,5``) or, for shares, a percentage;
yes/no takes ``yes``, ``true``, ``1``, ``x`` and the like; a choice ignores letter case. A cell that
cannot be read raises :class:`BadCell` with the message for the user.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Callable
from typing import Any

from journeymap.formats.spreadsheet.columns import Column
from journeymap.model import RATED_FIELDS, SURVEY_SCALE_KINDS, Ratings

__all__ = ["BadCell", "PARSERS", "blank", "cell_text", "neutralise", "ratings_text", "tidy"]

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS_OR_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
_YES = {"yes", "y", "true", "1", "x", "✓", "✔", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", ""}
# One line of a ratings cell; a number as Python writes it, or with a decimal comma or a minus sign U+2212.
_RATING_NUMBER = r"[+\-\u2212]?\d+(?:[.,]\d+)?(?:[eE][+\-]?\d+)?"
_RATING_LINE = re.compile(rf"(?P<field>[^:]+):\s*(?P<count>\d+)\s*ratings?\s*[,;]"
                          rf"\s*median\s*(?P<median>{_RATING_NUMBER})\s*[,;]\s*spread\s*(?P<spread>{_RATING_NUMBER})",
                          re.IGNORECASE)
# The words of a rated field in a ratings cell (as written first), and the other words understood.
_RATED_WORDS = {"emotion": "emotion", "friction": "friction", "staff_emotion": "staff emotion"}
_RATED_BY_WORD = {**{word: field for field, word in _RATED_WORDS.items()}, "customer emotion": "emotion"}
_RATING_EXAMPLE = '"emotion: 7 ratings, median -2, spread 3"'
# A survey cell: the scale and its ends, the answers, the mean and (from two answers) its 95% interval.
_SURVEY_LINE = re.compile(
    rf"(?P<scale>[A-Za-z]+)\s+(?P<lowest>{_RATING_NUMBER})\s*(?:to|–)\s*(?P<highest>{_RATING_NUMBER})\s*:"
    rf"\s*(?P<answers>\d+)\s*answers?\s*[,;]\s*mean\s*(?P<mean>{_RATING_NUMBER})"
    rf"(?:\s*[,;]\s*95\s*%\s*interval\s*(?P<low>{_RATING_NUMBER})\s*(?:to|–)\s*(?P<high>{_RATING_NUMBER}))?",
    re.IGNORECASE)
_SURVEY_EXAMPLE = '"CSAT 1 to 5: 12 answers, mean 4.25, 95% interval 3.6 to 4.9"'


class BadCell(Exception):
    """A cell that cannot be read as its column asks; the message says what it must be."""


def neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (and to text that looks neutralised).

    Examples
    --------
    >>> neutralise("=1+1"), neutralise("'=1+1"), neutralise("Pays")
    ("'=1+1", "''=1+1", 'Pays')
    """
    return "'" + text if _FORMULA_START.match(text) else text


def _unneutralise(text: str) -> str:
    return text[1:] if _NEUTRALISED.match(text) else text


def tidy(value: float) -> int | float:
    """A whole float as an int (``2.0`` → ``2``), as a person would write it; anything else as it is."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def blank(cell: Any) -> bool:
    """Whether a cell is empty or only spaces."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(raw: Any) -> str:
    """A cell as the text a person sees (a neutralised formula's ``'`` taken off)."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return _unneutralise(raw)
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float)):
        value = tidy(raw)
        return str(value) if isinstance(value, int) else repr(value)
    if isinstance(raw, datetime.datetime) and raw.time() == datetime.time():
        return raw.date().isoformat()
    if isinstance(raw, (datetime.date, datetime.time)):
        return raw.isoformat()
    return str(raw)


def _shown(raw: Any) -> str:
    text = cell_text(raw)
    text = text if len(text) <= 40 else text[:37] + "…"
    return f'"{text}"' if isinstance(raw, str) else text


def _parse_number(raw: Any, column: Column) -> float | None:
    expect = column.expect
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise BadCell(f"must be {expect}, got {_shown(raw)}")
    if isinstance(raw, (datetime.date, datetime.time, datetime.timedelta)):
        raise BadCell(f"must be {expect}, got a date or time ({cell_text(raw)}); the spreadsheet may have "
                      "turned what was typed into a date: format the column as text or number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        parsed = _number_from_text(raw, column)
        if parsed is None:
            return None
        value = parsed
    if not math.isfinite(value) or (column.low is not None and value < column.low) or (
            column.high is not None and value > column.high):
        raise BadCell(f"must be {expect}, got {_shown(raw)}")
    return value


def _number_from_text(raw: Any, column: Column) -> float | None:
    """A number typed as text: a decimal comma, a minus sign, spaces and (for a share) a ``%`` allowed."""
    text = str(raw).strip().lstrip("'").replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    percent = column.kind == "share" and text.endswith("%")
    if percent:
        text = text[:-1]
    if not _NUMBER.fullmatch(text):
        raise BadCell(f"must be {column.expect}, got {_shown(raw)}")
    if "," in text:
        # "1,500" may be a thousand and a half or one and a half: ask rather than guess
        if _THOUSANDS_OR_DECIMAL.fullmatch(text):
            raise BadCell(f'must be {column.expect}, got {_shown(raw)}: write it without the comma, or with a '
                          f'decimal point ("{text.replace(",", "")}" or "{text.replace(",", ".")}")')
        text = text.replace(",", ".")
    return float(text) / (100 if percent else 1)


def _parse_whole(raw: Any, column: Column) -> int | None:
    value = _parse_number(raw, column)
    if value is None:
        return None
    if not value.is_integer():
        raise BadCell(f"must be {column.expect}, got {_shown(raw)}")
    return int(value)


def _parse_yes_no(raw: Any, column: Column) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = cell_text(raw).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return None if not text else False
    raise BadCell(f"must be yes or no (or empty for no), got {_shown(raw)}")


def _parse_choice(raw: Any, column: Column) -> str | None:
    text = cell_text(raw).strip()
    if not text:
        return None
    if text.casefold() in column.choices:
        return text.casefold()
    close = difflib.get_close_matches(text.casefold(), column.choices, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    raise BadCell(f"must be one of {', '.join(column.choices)}, got {_shown(raw)}{hint}")


def _parse_text(raw: Any, column: Column) -> str | None:
    return cell_text(raw) or None


def _parse_stripped(raw: Any, column: Column) -> str | None:
    return cell_text(raw).strip() or None


def ratings_text(ratings: Ratings) -> str:
    """The ratings cell of a step: one line per rated field, in file order.

    Examples
    --------
    >>> print(ratings_text(Ratings.model_validate({"friction": {"count": 7, "median": 6.5, "spread": 2},
    ...                                            "staff_emotion": {"count": 1, "median": -1, "spread": 0}})))
    friction: 7 ratings, median 6.5, spread 2
    staff emotion: 1 rating, median -1, spread 0
    """
    lines = []
    for field in ratings.rated():
        summary = getattr(ratings, field)
        median, spread = (_number_text(value) for value in (summary.median, summary.spread))
        lines.append(f"{_RATED_WORDS[field]}: {summary.count} rating{'s' if summary.count != 1 else ''}, "
                     f"median {median}, spread {spread}")
    return "\n".join(lines)


def _number_text(value: float) -> str:
    value = tidy(value)
    return str(value) if isinstance(value, int) else repr(value)  # repr: the shortest text that reads back equal


def _parse_ratings(raw: Any, column: Column) -> dict[str, dict[str, int | float]] | None:
    """A ratings cell as ``touchpoints[].ratings`` data; the ranges are the model's to check.

    Examples
    --------
    >>> _parse_ratings("Emotion: 7 ratings; median −2,5; spread 3\\n\\nfriction: 1 rating, median 6, spread 0", None)
    {'emotion': {'count': 7, 'median': -2.5, 'spread': 3}, 'friction': {'count': 1, 'median': 6, 'spread': 0}}
    """
    lines = [line.strip() for line in cell_text(raw).replace("\r\n", "\n").split("\n") if line.strip()]
    ratings: dict[str, dict[str, int | float]] = {}
    for number, line in enumerate(lines, start=1):
        where = f"line {number} " if len(lines) > 1 else ""
        match = _RATING_LINE.fullmatch(line)
        if match is None:
            raise BadCell(f"{where}must read like {_RATING_EXAMPLE}, one rated field a line, got {_shown(line)}")
        word = " ".join(match["field"].replace("_", " ").split()).casefold()
        field = _RATED_BY_WORD.get(word)
        if field is None:
            raise BadCell(f"{where}names {_shown(match['field'].strip())}, not a field the room rates: use "
                          + ", ".join(_RATED_WORDS[name] for name in RATED_FIELDS))
        if field in ratings:
            raise BadCell(f"{where}gives the {_RATED_WORDS[field]} ratings a second time; keep one line")
        ratings[field] = {"count": int(match["count"]), "median": _rating_number(match["median"]),
                          "spread": _rating_number(match["spread"])}
    return ratings or None


def _rating_number(text: str) -> int | float:
    # tidy: a median out of range is told as typed ("got 9", not "got 9.0"); the model keeps it a float
    return tidy(float(text.replace("\u2212", "-").replace(",", ".")))


def _parse_survey(raw: Any, column: Column) -> dict[str, Any] | None:
    """A survey cell as ``touchpoints[].survey`` data; the ranges and the rest are the model's to check.

    Examples
    --------
    >>> _parse_survey("csat 1 to 5: 12 answers; mean 4,25; 95 % interval 3,6 to 4,9", None)
    {'scale': 'CSAT', 'lowest': 1, 'highest': 5, 'answers': 12, 'mean': 4.25, 'low': 3.6, 'high': 4.9}
    """
    text = " ".join(cell_text(raw).split())
    if not text:
        return None
    match = _SURVEY_LINE.fullmatch(text)
    if match is None:
        raise BadCell(f"must read like {_SURVEY_EXAMPLE}, got {_shown(text)}")
    scale = next((kind for kind in SURVEY_SCALE_KINDS if kind.casefold() == match["scale"].casefold()), None)
    if scale is None:
        raise BadCell(f"names the scale {_shown(match['scale'])}: use " + ", ".join(SURVEY_SCALE_KINDS))
    survey: dict[str, Any] = {"scale": scale, **{key: _rating_number(match[key]) for key in ("lowest", "highest")},
                              "answers": int(match["answers"]), "mean": _rating_number(match["mean"])}
    if match["low"] is not None:
        survey.update(low=_rating_number(match["low"]), high=_rating_number(match["high"]))
    return survey


def _parse_notes(raw: Any, column: Column) -> list[str] | None:
    lines = cell_text(raw).replace("\r\n", "\n").split("\n")
    notes = [line for line in lines if line.strip()]
    return notes or None


#: How a cell is read, by :attr:`Column.kind`; each returns None for an empty cell.
PARSERS: dict[str, Callable[[Any, Column], Any]] = {
    "id": _parse_stripped,
    "ref": _parse_stripped,
    "text": _parse_text,
    "choice": _parse_choice,
    "number": _parse_number,
    "share": _parse_number,
    "whole": _parse_whole,
    "yesno": _parse_yes_no,
    "notes": _parse_notes,
    "ratings": _parse_ratings,
    "survey": _parse_survey,
}
