"""A table of survey answers read from CSV or Excel: each row a touchpoint, a score on a scale, a comment.

The columns are found by their headings, whatever their case and punctuation (docs/calibrate.md lists
the names each answers to), or named by the caller (:class:`SurveyColumns`). The scale of a row comes,
first found first: from the caller (``scale="CSAT"``, for every row), from the row's Scale column, or
from the score column's heading (``NPS``, ``CSAT score``, ``Rating (1-10)``). Each row is checked on its
own and every problem told with its row number, as a spreadsheet numbers it (the heading row is row 1):
``row 14: Score 9 is outside CSAT's 1–5``. A row with neither a score nor a comment is skipped; a
comment without a score is kept (as a quote), a score without a comment too.

A CSV file may be UTF-8 or Excel's Windows code page, separated by commas, semicolons, tabs or bars;
a workbook is read from its first sheet with data, with the checks journey workbooks get
(:mod:`journeymap.formats.spreadsheet.workbooks`). At most :data:`MAX_SURVEY_ROWS` rows are read
from a file of at most 20 MB.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.errors import JourneyFileError, Problem, SurveyError
from journeymap.formats.files import read_file_bytes
from journeymap.formats.spreadsheet.cells import blank, cell_text
from journeymap.formats.spreadsheet.csv_text import csv_rows
from journeymap.formats.spreadsheet.refused import Refused
from journeymap.formats.spreadsheet.tables import MAX_SCANNED_ROWS
from journeymap.formats.spreadsheet.workbooks import check_workbook, ole_problem, sheet_rows, unreadable_workbook
from journeymap.mining.survey.scales import Scale, ScaleError, parse_scale, scale_in_heading
from journeymap.model.text import cleaned_text, forbidden_character

__all__ = ["COMMAND_LINE_HINTS", "MAX_PROBLEMS", "MAX_SURVEY_ROWS", "ROLES", "SurveyColumns", "SurveyRow",
           "SurveyTable", "guess_columns", "read_survey"]

#: The most rows read from one survey (the heading row and blank rows included).
MAX_SURVEY_ROWS = MAX_SCANNED_ROWS
#: Problems told one by one; beyond these, counted.
MAX_PROBLEMS = 50
#: What each column of a survey holds.
ROLES = ("touchpoint", "score", "scale", "comment")
# The headings each role answers to, normalised, best first; then words a heading may contain.
_NAMES = {
    "touchpoint": ("touchpoint", "touchpoint id", "touchpoint name", "touch point", "step", "step id", "step name",
                   "journey step", "id"),
    "score": ("score", "rating", "answer", "value", "csat", "ces", "nps", "result", "grade"),
    "scale": ("scale", "survey", "survey type", "metric", "question type", "type"),
    "comment": ("comment", "comments", "feedback", "verbatim", "text", "remark", "remarks", "why", "reason", "note",
                "notes", "free text", "open answer"),
}
_WORDS = {"touchpoint": ("touchpoint", "step"), "score": ("score", "rating", "csat", "ces", "nps"),
          "scale": ("scale",), "comment": ("comment", "comments", "feedback")}
#: How a person says which column holds what, and the scale of every row, on the command line
#: (the app passes its own words to :func:`read_survey`).
COMMAND_LINE_HINTS = {"touchpoint": "say which it is with --touchpoint-column COLUMN",
                      "score": "say which it is with --score-column COLUMN", "every row": "give it with --scale CSAT"}
_SCORE = re.compile(r"(?P<number>[+\-\u2212]?\d+(?:[.,]\d+)?)(?:\s*/\s*(?P<out_of>\d+))?"
                    r"(?:\s*[-–—:(]?\s*(?P<label>[^\d\s].*))?", re.DOTALL)
_WORKBOOK_MAGIC = b"PK\x03\x04"
# control characters no text file holds, looked for in the first 64 kB: a NUL or one of these there is a binary
# file, not a CSV of any encoding. Not tab, line feed, form feed, carriage return, nor escape (a comment pasted
# from a terminal may hold one: it is removed from the comment, with a note)
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
_SNIFFED_BYTES = 64 * 1024
_LISTED = 10  # headings named in a message


@dataclass(frozen=True)
class SurveyColumns:
    """The headings of the survey's columns, each None to let journeymap find it by its name."""

    touchpoint: str | None = None
    score: str | None = None
    scale: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class SurveyRow:
    """One answer: its row as the spreadsheet numbers it, the step as written, the score and its scale, the comment."""

    row: int
    touchpoint: str
    score: float | None
    scale: Scale | None
    comment: str | None


@dataclass(frozen=True)
class SurveyTable:
    """The answers of a survey, with the heading of each column used and what reading had to change."""

    source: str | None
    headings: tuple[str, ...]
    columns: dict[str, str]  # role → heading
    rows: tuple[SurveyRow, ...]
    notes: tuple[str, ...] = ()
    skipped: int = 0  # rows with neither a score nor a comment
    scale_from: str = ""  # where the scale came from: "the caller", "column 'Scale'", "the heading 'NPS'"

    @property
    def answers(self) -> int:
        """How many rows have a score."""
        return sum(1 for row in self.rows if row.score is not None)


#: Says what is wrong with a touchpoint as written in a row (unknown, or the name of several steps), or None.
TouchpointCheck = Callable[[str], "str | None"]


def read_survey(source: str | os.PathLike[str] | bytes, *, columns: SurveyColumns | None = None,
                scale: str | Scale | None = None, name: str | None = None, delimiter: str | None = None,
                touchpoint_problem: TouchpointCheck | None = None,
                hints: Mapping[str, str] = COMMAND_LINE_HINTS) -> SurveyTable:
    """The answers of a survey file (CSV or ``.xlsx``), or of its bytes (``name`` says what it is called).

    ``touchpoint_problem`` checks each row's touchpoint against the journey, so that an unknown step is
    told with the other problems, by row; ``hints`` say how to name a column or the scale (the command
    line's options by default).

    Raises :class:`~journeymap.errors.SurveyError` with every problem, each naming its row.

    Examples
    --------
    >>> table = read_survey(b"Step;CSAT;Comment\\nPay;4;Quick, thanks Maria\\nPay;2,0;\\n;;\\n", name="s.csv")
    >>> table.columns, [(row.row, row.touchpoint, row.score, row.scale.kind) for row in table.rows]
    ({'touchpoint': 'Step', 'score': 'CSAT', 'comment': 'Comment'}, [(2, 'Pay', 4.0, 'CSAT'), (3, 'Pay', 2.0, 'CSAT')])
    >>> read_survey(b"Step,Score\\nPay,9\\nTill,4\\n", scale="CSAT", name="s.csv",
    ...             touchpoint_problem=lambda text: None if text == "Pay" else f'no step "{text}"')
    Traceback (most recent call last):
    ...
    journeymap.errors.SurveyError: s.csv: row 2: Score 9 is outside CSAT's 1–5
    s.csv: row 3: no step "Till"
    """
    if isinstance(source, bytes):
        data, label = source, name
    else:
        label = name or str(source)
        try:
            data = read_file_bytes(source)
        except JourneyFileError as error:
            raise SurveyError(error.problems, label) from None
    chosen = scale if isinstance(scale, Scale) or scale is None else _option_scale(scale, label)
    try:
        rows = _file_rows(data, label or "", delimiter)
        return _read_rows(rows, _Reading(label, columns or SurveyColumns(), chosen, touchpoint_problem, hints))
    except Refused as refused:
        raise SurveyError([Problem("", problem.message) if problem.location == (label or "") else problem
                           for problem in refused.problems], label) from None


def guess_columns(headings: Sequence[str]) -> dict[str, str]:
    """The column each role is found in, by its heading (a role whose column is not found is left out).

    Examples
    --------
    >>> guess_columns(["Date", "Touchpoint ID", "How likely (NPS)", "Your feedback"])
    {'touchpoint': 'Touchpoint ID', 'score': 'How likely (NPS)', 'comment': 'Your feedback'}
    """
    normalised = [_normalise(heading) for heading in headings]
    found: dict[str, str] = {}
    taken: set[int] = set()
    for role in ROLES:
        position = next((normalised.index(name) for name in _NAMES[role] if name in normalised
                         and normalised.index(name) not in taken), None)
        if position is None:
            position = next((index for index, heading in enumerate(normalised) if index not in taken
                             and any(word in heading.split() for word in _WORDS[role])), None)
        if position is not None:
            found[role] = headings[position]
            taken.add(position)
    return found


def _normalise(heading: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", heading.casefold()).split())


def _option_scale(text: str, label: str | None) -> Scale:
    try:
        return parse_scale(text)
    except ScaleError as error:
        raise SurveyError([Problem("the scale", str(error))], label) from None


# --------------------------------------------------------------------------------------------------
# Rows from the file


def _file_rows(data: bytes, label: str, delimiter: str | None) -> Iterator[Sequence[Any]]:
    """The file's rows, one at a time, as far as they are read: a workbook's first sheet with data, or CSV."""
    problem = ole_problem(data)
    if problem is not None:
        raise Refused(problem)
    if data[:4] == _WORKBOOK_MAGIC:
        return iter(_workbook_rows(data))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        raise Refused(Problem("", "is a JSON file (a journey?), not a table of survey answers: give a CSV file "
                                  "or an Excel workbook (.xlsx) with a row per answer"))
    if _binary(data):
        raise Refused(Problem("", "is not a table of survey answers: it holds binary data (a picture, a PDF, a "
                                  "program?); give a CSV file or an Excel workbook (.xlsx)"))
    rows = csv_rows(data, label, delimiter or ",;\t|")
    return itertools.islice(rows, MAX_SURVEY_ROWS + 1)


def _binary(data: bytes) -> bool:
    """Whether the file's first kilobytes hold a NUL or control characters no text holds (tab and line breaks do).

    Examples
    --------
    >>> _binary(b"Step,Score\\r\\nPay,4\\t\\n"), _binary(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    (False, True)
    >>> _binary(b"%PDF-1.7\\n\\x01")
    True
    """
    return _CONTROL.search(data[:_SNIFFED_BYTES]) is not None


def _workbook_rows(data: bytes) -> list[Sequence[Any]]:
    """The rows of the workbook's first sheet that is not empty."""
    check_workbook(data)
    try:
        sheets = sheet_rows(data)
        try:
            for _title, sheet in sheets:
                rows = list(itertools.islice(sheet, MAX_SURVEY_ROWS + 1))
                if any(not all(blank(cell) for cell in row) for row in rows):
                    return rows
        finally:
            sheets.close()  # the workbook too, even when the rows are found before its last sheet
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise Refused(unreadable_workbook(error)) from None
    return []


# --------------------------------------------------------------------------------------------------
# Rows into answers


@dataclass
class _Reading:
    """What reading is asked (the columns named, the scale given, the check of a touchpoint, the words
    of a hint) and what it collects: the answers, the problems and the notes."""

    label: str | None
    columns: SurveyColumns
    chosen: Scale | None
    touchpoint_problem: TouchpointCheck | None
    hints: Mapping[str, str]
    rows: list[SurveyRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: int = 0

    def problem(self, row: int | None, message: str) -> None:
        self.problems.append(Problem(f"row {row}" if row is not None else "", message))

    def raise_problems(self) -> None:
        if not self.problems:
            return
        told = self.problems[:MAX_PROBLEMS]
        if len(self.problems) > MAX_PROBLEMS:
            told.append(Problem("", f"and {len(self.problems) - MAX_PROBLEMS:,} more problems like these"))
        raise SurveyError(told, self.label)


def _read_rows(rows: Iterable[Sequence[Any]], reading: _Reading) -> SurveyTable:
    numbered = enumerate(rows, start=1)
    heading_row, headings = next(((number, [cell_text(cell).strip() for cell in cells]) for number, cells in numbered
                                  if not all(blank(cell) for cell in cells)), (0, []))
    if not headings:
        raise SurveyError([Problem("", "is empty: a survey needs a heading row and a row per answer")], reading.label)
    used = _columns(headings, reading)
    positions = {role: headings.index(heading) for role, heading in used.items()}
    from_heading = scale_in_heading(used["score"])
    chosen = reading.chosen
    if chosen is not None and "scale" in used:
        reading.notes.append(f'every score is read on {chosen.label()}, as asked; column "{used["scale"]}" is not read')
        del positions["scale"], used["scale"]
    scale_from = ("the scale given" if chosen is not None else f'column "{used["scale"]}"' if "scale" in used
                  else f'the heading "{used["score"]}"' if from_heading is not None else "")
    if not scale_from:
        raise SurveyError([Problem("", f'does not say its scale: add a Scale column (CSAT, CES, NPS or a range '
                                       f'such as 1-10), name the scale in the heading of "{used["score"]}" '
                                       f'("CSAT", "Rating (1-10)"), or {reading.hints["every row"]}')],
                          reading.label)
    for number, cells in numbered:
        if number > MAX_SURVEY_ROWS:
            reading.problem(None, f"has more than {MAX_SURVEY_ROWS:,} rows, the most journeymap reads in one survey")
            break
        if not all(blank(cell) for cell in cells):
            _read_row(reading, number, cells, used, positions, chosen or from_heading)
    if not reading.rows and not reading.problems:
        reading.problem(None, f"has no answers below its headings (row {heading_row})")
    reading.raise_problems()
    return SurveyTable(reading.label, tuple(headings), used, tuple(reading.rows), tuple(reading.notes),
                       reading.skipped, scale_from)


def _columns(headings: list[str], reading: _Reading) -> dict[str, str]:
    """The heading of each role: the one named, else the one guessed; the touchpoint and the score are needed."""
    guessed = guess_columns(headings)
    normalised = {_normalise(heading): heading for heading in reversed(headings) if heading}
    listed = _listed(headings)
    used: dict[str, str] = {}
    problems = []
    for role in ROLES:
        named = getattr(reading.columns, role)
        if named is None:
            if role in guessed and guessed[role] not in used.values():
                used[role] = guessed[role]
            continue
        heading = normalised.get(_normalise(named))
        if heading is None:
            problems.append(Problem("", f'has no column "{named}" (the {role} column asked for); its columns are: '
                                        f"{listed}"))
        else:
            used[role] = heading
    for role in ("touchpoint", "score"):
        if role not in used and getattr(reading.columns, role) is None:
            problems.append(Problem("", f'has no {role} column: head one "{_NAMES[role][0].capitalize()}", or '
                                        f"{reading.hints[role]}; its columns are: {listed}"))
    if problems:
        raise SurveyError(problems, reading.label)
    return used


def _listed(headings: Sequence[str]) -> str:
    """The headings in a message: at most ten, each cut to 30 characters.

    Examples
    --------
    >>> _listed(["Date", "", "A heading far longer than thirty characters"]), _listed([str(n) for n in range(12)])
    ('"Date", "A heading far longer than thi…"', '"0", "1", "2", "3", "4", "5", "6", "7", "8", "9" and 2 more')
    """
    named = [heading if len(heading) <= 30 else heading[:29].rstrip() + "…" for heading in headings if heading]
    more = f" and {len(named) - _LISTED} more" if len(named) > _LISTED else ""
    return ", ".join(f'"{heading}"' for heading in named[:_LISTED]) + more


def _read_row(reading: _Reading, number: int, cells: Sequence[Any], used: dict[str, str],
              positions: dict[str, int], fallback: Scale | None) -> None:
    def cell(role: str) -> Any:
        position = positions.get(role)
        return cells[position] if position is not None and position < len(cells) else None

    touchpoint = " ".join(cell_text(cell("touchpoint")).split())
    comment = _comment(reading, number, used.get("comment"), cell("comment"))
    raw = cell("score")
    if blank(raw) and comment is None:
        reading.skipped += 1
        return
    if not touchpoint:
        reading.problem(number, f'no touchpoint in "{used["touchpoint"]}": give the step\'s id or name')
        return
    wrong_step = reading.touchpoint_problem(touchpoint) if reading.touchpoint_problem is not None else None
    if wrong_step is not None:
        reading.problem(number, wrong_step)
        return
    scale = fallback
    if "scale" in used and not blank(cell("scale")):
        try:
            scale = parse_scale(cell_text(cell("scale")))
        except ScaleError as error:
            reading.problem(number, f'{used["scale"]}: {error}')
            return
    score = None
    if not blank(raw):
        if scale is None:
            reading.problem(number, f'no scale in "{used["scale"]}" for the score {cell_text(raw)[:20]}')
            return
        score = _score(reading, number, used["score"], raw, scale)
        if score is None:
            return
    reading.rows.append(SurveyRow(number, touchpoint, score, scale if score is not None else None, comment))


def _score(reading: _Reading, number: int, heading: str, raw: Any, scale: Scale) -> float | None:
    """The score of a cell, checked against the scale; None (with the problem told) if it is not one."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        reading.problem(number, f'{heading} "{cell_text(raw)[:40]}" is not a number; give a score on {scale.label()}')
        return None
    if isinstance(raw, str):
        text = cell_text(raw).strip()
        match = _SCORE.fullmatch(text)
        if match is None:
            shown = text if len(text) <= 40 else text[:37] + "…"
            reading.problem(number, f'{heading} "{shown}" is not a number; give a score on {scale.label()}')
            return None
        if match["out_of"] is not None and float(match["out_of"]) != scale.highest:
            reading.problem(number, f'{heading} "{text[:40]}" is out of {match["out_of"]}, but {scale.label()} goes '
                                    f"up to {scale.highest:g}")
            return None
        value = float(match["number"].replace("\u2212", "-").replace(",", "."))
    else:
        value = float(raw)
    if not scale.lowest <= value <= scale.highest:  # also refuses nan
        reading.problem(number, f"{heading} {value:g} is outside {scale.label()}")
        return None
    if scale.whole and not value.is_integer():
        reading.problem(number, f"{heading} {value:g} is not a whole number; {scale.kind} answers are whole numbers "
                                f"from {scale.lowest:g} to {scale.highest:g}")
        return None
    return value


def _comment(reading: _Reading, number: int, heading: str | None, raw: Any) -> str | None:
    """The comment of a cell, without the characters text may not hold (noted), or None if blank."""
    if heading is None or blank(raw):
        return None
    text = cell_text(raw).strip()
    found = forbidden_character(text)
    if found is not None:
        index, character, count = found
        more = f" and {count - 1} more such character{'s' if count > 2 else ''}" if count > 1 else ""
        reading.notes.append(f'row {number}, "{heading}": removed the invisible character U+{ord(character):04X} at '
                             f"position {index + 1}{more}")
        text = cleaned_text(text).strip()
    return text or None
