"""Spreadsheets: a journey as CSV tables (separate files or one zip) and as an Excel ``.xlsx`` workbook.

A journey becomes four tables with readable headings: ``Touchpoints`` (one row a step),
``Connections`` (one row a connection), ``Stages`` and ``Journey`` (title, persona and weekly
customers as field/value rows). A team can prepare a map in a spreadsheet and import it; only the
touchpoints table is required.

Reading is forgiving where a person would expect it: headings match whatever their case, spacing or
parenthesised hint (``friction``, ``Friction (0 to 10)`` and ``FRICTION`` are one column), the file
format's field names work too (``staff_emotion``), blank rows are skipped, a missing ID is made from
the name, a stage may be given by its id or its name, a connection's ends by touchpoint id or name,
``Goal`` takes yes/no/true/false/1/0/x, numbers take a decimal comma (``2,5``). Every bad cell is
reported as its own problem by row number (the heading is row 1, as the spreadsheet shows it) and
column heading.

Writing neutralises spreadsheet formulas: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading ``'`` so that no spreadsheet runs it; reading removes that ``'``
again, so a round trip gives back the same journey. Numbers stay numbers (an emotion of -2 is
written as the number -2, which no spreadsheet runs as a formula).
"""

from __future__ import annotations

import csv
import datetime
import difflib
import io
import itertools
import lzma
import math
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.model.validation import journey_from_data
from journeymap.model import (
    CONNECTION_KINDS,
    EVIDENCE_LEVELS,
    LANES,
    MAX_CONNECTIONS,
    MAX_STAGES,
    MAX_TOUCHPOINTS,
    TRAITS,
    Journey,
)

__all__ = [
    "MAX_UNPACKED_BYTES",
    "TABLE_FILES",
    "journey_to_csv",
    "csv_to_journey",
    "journey_to_zip",
    "zip_to_journey",
    "journey_to_xlsx",
    "xlsx_to_journey",
    "spreadsheet_template",
]

#: Largest total size of the files inside a zip or xlsx once unpacked (40 MB): a guard against zip
#: bombs, checked before anything is unpacked. A 10,000-touchpoint workbook unpacks to about 15 MB,
#: and a journey within the 20 MB file limit to well under 40; openpyxl reads about 1 MB a second
#: of sheet XML, so a cap far above that would let one upload hold the app for minutes.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
#: The file names :func:`journey_to_csv` and :func:`journey_to_zip` write, by table.
TABLE_FILES = {
    "journey": "journey.csv",
    "stages": "stages.csv",
    "touchpoints": "touchpoints.csv",
    "connections": "connections.csv",
}

# A member unpacking to more than this many times its packed size is a zip bomb, not a spreadsheet
# (repetitive sheet XML packs about 20 to 50 times; deflate cannot go beyond about 1000).
_MAX_COMPRESSION_RATIO = 400
_MAX_ZIP_MEMBERS = 10_000
# CSV files read as one journey: it has four tables, so more can only be an error; reading each one
# costs time (a zip of 100 small files of blank lines took 12 s), so many are refused unread.
_MAX_CSV_FILES = 2 * len(TABLE_FILES)
_TABLE_WORDS = "touchpoints, connections, stages, journey"
# Rows looked at per table, blank ones included, before giving up: bounds the work a sheet full of
# empty formatted rows can cause.
_MAX_SCANNED_ROWS = 200_000
# Columns read from a sheet: the widest table has 23; a stray cell far to the right is not read.
_MAX_COLUMNS = 100
_MAX_PROBLEMS = 50
_XLSX_CELL_LIMIT = 32_767  # characters in one Excel cell
_SHEET_ORDER = ("journey", "stages", "touchpoints", "connections")
_SHEET_TITLES = {"journey": "Journey", "stages": "Stages", "touchpoints": "Touchpoints", "connections": "Connections"}
_ROW_LIMITS = {"touchpoints": MAX_TOUCHPOINTS, "connections": MAX_CONNECTIONS, "stages": MAX_STAGES, "journey": 100}
_LIMIT_WORDS = {"touchpoints": "touchpoints", "connections": "connections", "stages": "stages", "journey": "rows"}

_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"'+[=+\-@\t\r]")
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")
_THOUSANDS_OR_DECIMAL = re.compile(r"[+-]?[1-9]\d{0,2},\d{3}")
_YES = {"yes", "y", "true", "1", "x", "✓", "✔", "ja", "oui", "si", "sí"}
_NO = {"no", "n", "false", "0", ""}


# --------------------------------------------------------------------------------------------------
# The columns of each table


@dataclass(frozen=True)
class _Column:
    key: str  # the file-format field (trait names for automation)
    heading: str  # as written on export
    kind: str  # id | text | ref | choice | number | whole | share | yesno | notes
    low: float | None = None
    high: float | None = None
    expect: str = ""  # what a good value is, for messages
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    width: float = 14


def _number(key: str, heading: str, low: float, high: float, expect: str, width: float = 12) -> _Column:
    return _Column(key, heading, "number", low, high, expect, width=width)


_TOUCHPOINT_COLUMNS = (
    _Column("id", "ID", "id", aliases=("touchpoint id", "step id"), width=18),
    _Column("name", "Name", "text", aliases=("touchpoint", "step", "touchpoint name", "step name", "action", "activity"),
            width=40),
    _Column("stage", "Stage", "ref", aliases=("stage id", "stage name", "phase"), width=16),
    _Column("lane", "Lane", "choice", choices=LANES, width=12),
    _Column("channel", "Channel", "text", width=14),
    _number("emotion", "Customer emotion (-5 to 5)", -5, 5, "a number from -5 to 5", width=14),
    _number("staff_emotion", "Staff emotion (-5 to 5)", -5, 5, "a number from -5 to 5", width=14),
    _Column("feeling", "Feeling", "text", width=14),
    _number("friction", "Friction (0 to 10)", 0, 10, "a number from 0 to 10"),
    _Column("evidence", "Evidence", "choice", choices=EVIDENCE_LEVELS, width=12),
    _number("staff_minutes", "Staff minutes", 0, 100_000, "a number of minutes from 0 to 100000"),
    _Column("goal", "Goal", "yesno", expect="yes or no", width=8),
    _Column("entry_share", "Entry share (0 to 1)", "share", 0, 1, "a share from 0 to 1 (or a percentage)"),
    _Column("rule_based", "Rule based (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    _Column("digital_input", "Digital input (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    _Column("variability", "Variability (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    _Column("empathy_need", "Empathy need (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    _Column("data_sensitivity", "Data sensitivity (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    _Column("pain_points", "Pain points (one per line)", "notes", aliases=("pain point", "pains"), width=36),
    _Column("opportunities", "Opportunities (one per line)", "notes", aliases=("opportunity", "ideas"), width=36),
    _Column("quotes", "Quotes (one per line)", "notes", aliases=("quote",), width=36),
    _Column("description", "Description", "text", width=40),
    _Column("notes", "Notes", "text", aliases=("note",), width=30),
)
_CONNECTION_COLUMNS = (
    _Column("from", "From", "ref", aliases=("from id", "from touchpoint", "source"), width=18),
    _Column("to", "To", "ref", aliases=("to id", "to touchpoint", "target"), width=18),
    _Column("kind", "Kind", "choice", choices=CONNECTION_KINDS, width=10),
    _Column("share", "Share (0 to 1)", "share", 0, 1, "a share from 0 to 1 (or a percentage)"),
    _Column("label", "Label", "text", width=30),
)
_STAGE_COLUMNS = (
    _Column("id", "ID", "id", aliases=("stage id",), width=18),
    _Column("name", "Name", "text", aliases=("stage", "stage name"), width=30),
    _Column("description", "Description", "text", width=60),
)
_COLUMNS = {"touchpoints": _TOUCHPOINT_COLUMNS, "connections": _CONNECTION_COLUMNS, "stages": _STAGE_COLUMNS}

# The Journey table: field/value rows.
_JOURNEY_FIELDS = (
    _Column("title", "Title", "text"),
    _Column("description", "Description", "text"),
    _Column("persona_name", "Persona name", "text", aliases=("persona",)),
    _Column("persona_description", "Persona description", "text"),
    _Column("persona_goals", "Persona goals (one per line)", "notes", aliases=("goals",)),
    _number("customers_per_week", "Customers per week", 0, 1e9, "a number of customers, 0 or more"),
)
_JOURNEY_HEADINGS = ("Field", "Value")
_JOURNEY_KEY_HEADINGS = {"field", "key", "setting", "property"}


def _normalise_heading(text: str) -> str:
    """``Customer emotion (-5 to 5)``, ``customer_emotion`` and ``CUSTOMER  EMOTION`` → ``customer emotion``."""
    text = re.sub(r"\([^)]*\)", " ", text.casefold())
    text = re.sub(r"[\s_.\-]+", " ", text).strip()
    return text.removeprefix("automation ").strip()


def _heading_index(columns: Sequence[_Column]) -> dict[str, _Column]:
    index: dict[str, _Column] = {}
    for column in columns:
        for name in (column.heading, column.key, *column.aliases):
            index[_normalise_heading(name)] = column
    return index


_HEADING_INDEX = {kind: _heading_index(columns) for kind, columns in _COLUMNS.items()}
_COLUMN_BY_KEY = {kind: {column.key: column for column in columns} for kind, columns in _COLUMNS.items()}
_JOURNEY_INDEX = _heading_index(_JOURNEY_FIELDS)
_TOUCHPOINT_ONLY = set(_HEADING_INDEX["touchpoints"]) - {"id", "name", "description"}
_NEXT_STEP_HEADINGS = {"next", "next step", "next steps", "next touchpoint", "goes to", "leads to", "then",
                       "followed by", "successor", "successors", "to"}
_KNOWN_HEADINGS = {heading for index in (*_HEADING_INDEX.values(), _JOURNEY_INDEX) for heading in index} | \
    _JOURNEY_KEY_HEADINGS
# Rows above the headings that are passed over looking for them (a title, a subtitle, a date …).
_MAX_TITLE_ROWS = 5


# --------------------------------------------------------------------------------------------------
# Writing


def _neutralise(text: str) -> str:
    """Prefix ``'`` to text a spreadsheet would run as a formula (and to text that looks neutralised)."""
    return "'" + text if _FORMULA_START.match(text) else text


def _unneutralise(text: str) -> str:
    return text[1:] if _NEUTRALISED.match(text) else text


def _tidy(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def _notes_cell(notes: Sequence[str]) -> str | None:
    return "\n".join(notes) if notes else None


def _tables(journey: Journey) -> dict[str, list[list[Any]]]:
    """The four tables, heading row first; cells are text (str), numbers or None."""
    persona = journey.persona
    journey_rows: list[list[Any]] = [list(_JOURNEY_HEADINGS)]
    values = {
        "title": journey.title,
        "description": journey.description,
        "persona_name": persona.name if persona else None,
        "persona_description": persona.description if persona else None,
        "persona_goals": _notes_cell(persona.goals) if persona else None,
        "customers_per_week": journey.customers_per_week,
    }
    for column in _JOURNEY_FIELDS:
        journey_rows.append([column.heading, values[column.key]])

    stage_rows: list[list[Any]] = [[column.heading for column in _STAGE_COLUMNS]]
    stage_rows += [[stage.id, stage.name, stage.description] for stage in journey.stages]

    touchpoint_rows: list[list[Any]] = [[column.heading for column in _TOUCHPOINT_COLUMNS]]
    for tp in journey.touchpoints:
        traits = tp.automation
        touchpoint_rows.append(
            [tp.id, tp.name, tp.stage, tp.lane, tp.channel, tp.emotion, tp.staff_emotion, tp.feeling, tp.friction,
             tp.evidence, tp.staff_minutes, "yes" if tp.goal else None, tp.entry_share,
             *((getattr(traits, trait) if traits else None) for trait in TRAITS),
             _notes_cell(tp.pain_points), _notes_cell(tp.opportunities), _notes_cell(tp.quotes),
             tp.description, tp.notes]
        )

    connection_rows: list[list[Any]] = [[column.heading for column in _CONNECTION_COLUMNS]]
    connection_rows += [[c.from_, c.to, c.kind, c.share, c.label] for c in journey.connections]
    return {"journey": journey_rows, "stages": stage_rows, "touchpoints": touchpoint_rows,
            "connections": connection_rows}


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # a NUL (possible in JSON text) would make the file read as binary, not CSV: leave it out
        return _neutralise(value.replace("\x00", ""))
    value = _tidy(value)
    return str(value) if isinstance(value, int) else repr(value)


def journey_to_csv(journey: Journey) -> dict[str, bytes]:
    """The journey as four CSV files: touchpoints, connections, stages and journey (title, persona).

    The files are UTF-8 with a byte order mark (so Excel shows accents right when it opens them),
    comma-separated, with Windows line ends. Sticky notes are one note per line inside their cell.
    Text that a spreadsheet would run as a formula gets a leading ``'``.

    Examples
    --------
    >>> from journeymap.formats.json_file import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "=1+1", "stage": "order", "emotion": -2}]}''')
    >>> files = journey_to_csv(journey)
    >>> sorted(files)
    ['connections.csv', 'journey.csv', 'stages.csv', 'touchpoints.csv']
    >>> files["touchpoints.csv"].decode("utf-8-sig").splitlines()[1]
    "ask,'=1+1,order,customer,,-2,,,0,assumed,,,,,,,,,,,,,"
    """
    files: dict[str, bytes] = {}
    for kind in ("touchpoints", "connections", "stages", "journey"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows([_csv_cell(value) for value in row] for row in _tables(journey)[kind])
        # "replace": a lone surrogate (possible in JSON text) cannot be UTF-8; better a "?" than no file
        files[TABLE_FILES[kind]] = ("\ufeff" + buffer.getvalue()).encode("utf-8", "replace")
    return files


def journey_to_zip(journey: Journey) -> bytes:
    """The four CSV files of :func:`journey_to_csv` in one zip archive.

    Examples
    --------
    >>> from journeymap.formats.json_file import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}]}')
    >>> zip_to_journey(journey_to_zip(journey)) == journey
    True
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in journey_to_csv(journey).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def journey_to_xlsx(journey: Journey) -> bytes:
    """The journey as an Excel workbook: sheets ``Journey``, ``Stages``, ``Touchpoints``, ``Connections``.

    Headings are bold and stay in view (the first row is frozen); Lane, Evidence, Goal and Kind offer
    their allowed values as a drop-down list. Numbers are number cells; text is text cells, never
    formulas: text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'``. A carriage return becomes a line break; other control characters than tab and line breaks
    cannot be stored in a workbook and are left out; a cell keeps at most 32,767 characters (Excel's
    limit).

    Examples
    --------
    >>> from journeymap.formats.json_file import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks", "stage": "order", "emotion": -2}]}''')
    >>> xlsx_to_journey(journey_to_xlsx(journey)) == journey
    True
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    tables = _tables(journey)
    for kind in _SHEET_ORDER:
        sheet = workbook.create_sheet(_SHEET_TITLES[kind])
        columns = _COLUMNS.get(kind, (_Column("", "Field", "text", width=30), _Column("", "Value", "text", width=80)))
        for number, column in enumerate(columns, start=1):
            letter = get_column_letter(number)
            sheet.column_dimensions[letter].width = max(column.width, len(column.heading) * 0.9 + 2)
            choices = column.choices or (("yes", "no") if column.kind == "yesno" else ())
            if choices:
                validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
                validation.add(f"{letter}2:{letter}1048576")
                sheet.data_validations.append(validation)
        sheet.freeze_panes = "A2"
        rows = tables[kind]
        heading_cells = []
        for heading in rows[0]:
            cell = WriteOnlyCell(sheet, value=heading)
            cell.font = bold
            heading_cells.append(cell)
        sheet.append(heading_cells)
        for row in rows[1:]:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        return _tidy(value)
    # XML turns a carriage return into a line break on reading: make it one now, so that a
    # neutralised "\r…" does not come back as "'\n…"
    text = _ILLEGAL_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    text = _neutralise(text)[:_XLSX_CELL_LIMIT]
    if text.startswith("#"):
        # openpyxl would store "#N/A" and its kind as an error cell, not as text
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text


# --------------------------------------------------------------------------------------------------
# Reading: the tables as rows of raw cells


@dataclass
class _Table:
    label: str  # "touchpoints.csv" or "sheet Touchpoints"
    headings: list[str]  # as the file writes them
    heading_row: int
    rows: list[tuple[int, list[Any]]]  # data rows (row number as shown, cells); blank rows left out
    kind: str | None = None
    too_many: bool = False
    too_long: bool = False  # rows beyond _MAX_SCANNED_ROWS, blank ones included, were not read
    columns: dict[str, int] = field(default_factory=dict)  # column key → position
    headings_by_key: dict[str, str] = field(default_factory=dict)
    title_above: str | None = None  # text typed above the headings ("Corner Café – Saturday brunch")

    def where(self, row: int | None = None, heading: str | None = None) -> str:
        text = self.label
        if row is not None:
            text += f" row {row}"
        if heading is not None:
            text += f', column "{heading}"'
        return text


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_table(label: str, rows: Iterable[Sequence[Any]]) -> _Table | None:
    """The heading row and the data rows; None if all blank.

    The heading row is the first row that is not blank, unless that row names no known column and
    a later one among the first few does: rows above the headings (a title typed over the table,
    often merged across it) are skipped, as a person reading the sheet would.
    """
    table: _Table | None = None
    skipped: list[tuple[int, list[Any]]] = []  # rows read before finding one with a known heading
    data_rows = 0
    for number, row in enumerate(rows, start=1):
        if number > _MAX_SCANNED_ROWS:
            if table is not None:
                table.too_long = True
            break
        if all(_blank(cell) for cell in row):
            continue
        if table is None:
            table = _Table(label, _headings(row), number, [])
            if any(_normalise_heading(heading) in _KNOWN_HEADINGS for heading in table.headings):
                table.title_above = _first_text(skipped[0][1]) if skipped else None
                continue
            skipped.append((number, list(row)))
            if len(skipped) <= _MAX_TITLE_ROWS:
                table = None
                continue
            # no row names a known column: the first is the heading row, as it would be without titles
            (first_number, first), *rest = skipped
            table = _Table(label, _headings(first), first_number, rest[:-1])
            data_rows = len(table.rows)
        data_rows += 1
        if data_rows > MAX_CONNECTIONS:  # the largest limit; each table's own is checked later
            table.too_many = True
            break
        table.rows.append((number, list(row)))
    if table is None and skipped:
        (first_number, first), *rest = skipped
        table = _Table(label, _headings(first), first_number, rest)
    return table


def _first_text(row: Sequence[Any]) -> str | None:
    """The first cell of a row with text in it, tidied to one line."""
    for cell in row:
        if not _blank(cell):
            return " ".join(str(cell).split())
    return None


def _column_name(table: _Table, position: int) -> str:
    """How the user finds a column: its letter in a workbook (``F``), its number in a CSV file."""
    if table.label.startswith("sheet "):
        from openpyxl.utils import get_column_letter

        return get_column_letter(position + 1)
    return str(position + 1)


def _headings(row: Sequence[Any]) -> list[str]:
    headings = ["" if cell is None else _cell_text(cell).strip() for cell in row]
    while headings and not headings[-1]:
        headings.pop()
    return headings


def _classify(table: _Table, by_name: str | None) -> str | None:
    """Which table this is: by its name when that says so, else by its headings.

    A table named like the journey table whose headings are plainly steps or connections (a
    single-sheet workbook called "Journey map") goes by its headings.
    """
    by_headings = _classify_by_headings(table)
    if by_name and not (by_name == "journey" and by_headings in ("touchpoints", "connections")):
        return by_name
    return by_headings


def _classify_by_headings(table: _Table) -> str | None:
    normalised = {_normalise_heading(heading) for heading in table.headings if heading}
    if {"from", "to"} <= normalised:
        return "connections"
    first = _normalise_heading(table.headings[0]) if table.headings else ""
    if first in _JOURNEY_KEY_HEADINGS or first in _JOURNEY_INDEX and first not in ("description",):
        return "journey"
    if normalised & _TOUCHPOINT_ONLY:
        return "touchpoints"
    if normalised and normalised <= {"id", "name", "description", "stage id", "stage name", "stage"}:
        return "stages"
    return None


def _kind_from_name(name: str) -> str | None:
    stem = PurePosixPath(name.replace("\\", "/")).stem.casefold()
    found = [kind for kind, words in (("touchpoints", ("touchpoint", "step")), ("connections", ("connection", "link")),
                                      ("stages", ("stage",)), ("journey", ("journey",))) if any(w in stem for w in words)]
    return found[0] if len(found) == 1 else None


def _decode_csv(data: bytes, label: str) -> list[list[str]]:
    """The rows of a CSV file: UTF-8 with or without BOM; comma, semicolon or tab separated."""
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(Problem(label, _too_large_message(len(data))))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Excel's plain "CSV (comma delimited)" on Windows writes the Western code page, not UTF-8:
        # read it as that when it is plainly text (no control characters), so "Café" stays "Café"
        text = _windows_text(data)
        if text is None:
            raise _Refused(
                Problem(label, f"is not UTF-8 text (byte {error.start} cannot be read); in Excel, save it as "
                               "\"CSV UTF-8 (comma delimited)\"")
            ) from None
    if "\x00" in text:
        raise _Refused(Problem(label, "is not a CSV file (it holds binary data)"))
    # the first 50 lines, without splitting all of a file that may be millions of blank lines
    lines = [line for line in itertools.islice(io.StringIO(text, newline=None), 50) if line.strip()]
    # a title typed above the table may have no separator at all: the first line with one decides
    first_line = next((line for line in lines if any(d in line for d in ",;\t")), "")
    # the heading row decides: European Excel writes ";" (a decimal comma is then common in numbers)
    delimiter = max((",", ";", "\t"), key=lambda d: (first_line.count(d), d == ","))
    try:
        # only the rows and columns _read_table looks at (as for a sheet): a file of 20 MB of line
        # breaks or commas would otherwise become millions of Python lists or strings
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [row[:_MAX_COLUMNS] for row in itertools.islice(reader, _MAX_SCANNED_ROWS + 1)]
    except csv.Error as error:
        raise _Refused(Problem(label, f"is not a CSV file that can be read: {error}")) from None


def _windows_text(data: bytes) -> str | None:
    """``data`` as Windows-1252 text, or None when it does not read as text in that code page."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return None
    return None if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text) else text


def _too_large_message(size: int) -> str:
    return f"is {size / 1024 / 1024:.1f} MB; journeymap reads files up to {MAX_FILE_BYTES // 1024 // 1024} MB"


class _Refused(Exception):
    """The input cannot be read at all; carries the problem saying why."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = list(problems)
        super().__init__(problems)


# --------------------------------------------------------------------------------------------------
# Reading: cells


class _BadCell(Exception):
    pass


def _cell_text(raw: Any) -> str:
    """A cell as the text a person sees (a neutralised formula's ``'`` taken off)."""
    if raw is None:
        return ""
    if isinstance(raw, str):
        return _unneutralise(raw)
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, (int, float)):
        value = _tidy(raw)
        return str(value) if isinstance(value, int) else repr(value)
    if isinstance(raw, datetime.datetime) and raw.time() == datetime.time():
        return raw.date().isoformat()
    if isinstance(raw, (datetime.date, datetime.time)):
        return raw.isoformat()
    return str(raw)


def _shown(raw: Any) -> str:
    text = _cell_text(raw)
    text = text if len(text) <= 40 else text[:37] + "…"
    return f'"{text}"' if isinstance(raw, str) else text


def _parse_number(raw: Any, column: _Column) -> float | None:
    expect = column.expect
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise _BadCell(f"must be {expect}, got {_shown(raw)}")
    if isinstance(raw, (datetime.date, datetime.time, datetime.timedelta)):
        raise _BadCell(f"must be {expect}, got a date or time ({_cell_text(raw)}); the spreadsheet may have "
                       "turned what was typed into a date: format the column as text or number")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = str(raw).strip().lstrip("'").replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        percent = column.kind == "share" and text.endswith("%")
        if percent:
            text = text[:-1]
        if not _NUMBER.fullmatch(text):
            raise _BadCell(f"must be {expect}, got {_shown(raw)}")
        if "," in text:
            if _THOUSANDS_OR_DECIMAL.fullmatch(text):
                raise _BadCell(f'must be {expect}, got {_shown(raw)}: write it without the comma, or with a '
                               f'decimal point ("{text.replace(",", "")}" or "{text.replace(",", ".")}")')
            text = text.replace(",", ".")
        value = float(text) / (100 if percent else 1)
    if not math.isfinite(value) or (column.low is not None and value < column.low) or (
            column.high is not None and value > column.high):
        raise _BadCell(f"must be {expect}, got {_shown(raw)}")
    return value


def _parse_whole(raw: Any, column: _Column) -> int | None:
    value = _parse_number(raw, column)
    if value is None:
        return None
    if not value.is_integer():
        raise _BadCell(f"must be {column.expect}, got {_shown(raw)}")
    return int(value)


def _parse_yes_no(raw: Any, column: _Column) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = _cell_text(raw).strip().casefold()
    if text in _YES:
        return True
    if text in _NO:
        return None if not text else False
    raise _BadCell(f"must be yes or no (or empty for no), got {_shown(raw)}")


def _parse_choice(raw: Any, column: _Column) -> str | None:
    text = _cell_text(raw).strip()
    if not text:
        return None
    if text.casefold() in column.choices:
        return text.casefold()
    close = difflib.get_close_matches(text.casefold(), column.choices, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else ""
    raise _BadCell(f"must be one of {', '.join(column.choices)}, got {_shown(raw)}{hint}")


def _parse_text(raw: Any, column: _Column) -> str | None:
    return _cell_text(raw) or None


def _parse_stripped(raw: Any, column: _Column) -> str | None:
    return _cell_text(raw).strip() or None


def _parse_notes(raw: Any, column: _Column) -> list[str] | None:
    lines = _cell_text(raw).replace("\r\n", "\n").split("\n")
    notes = [line for line in lines if line.strip()]
    return notes or None


_PARSERS: dict[str, Callable[[Any, _Column], Any]] = {
    "id": _parse_stripped,
    "ref": _parse_stripped,
    "text": _parse_text,
    "choice": _parse_choice,
    "number": _parse_number,
    "share": _parse_number,
    "whole": _parse_whole,
    "yesno": _parse_yes_no,
    "notes": _parse_notes,
}


# --------------------------------------------------------------------------------------------------
# Reading: from tables to journey data


@dataclass
class _Reader:
    """Turns the tables into journey data, collecting every problem with its row and column."""

    source: str | None
    problems: list[Problem] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)  # locations already reported
    origins: dict[str, list[tuple[_Table, int]]] = field(default_factory=dict)
    journey_rows: dict[str, tuple[_Table, int, str]] = field(default_factory=dict)
    touchpoint_rows: dict[str, tuple[_Table, int]] = field(default_factory=dict)
    # a missing column or too many rows: what follows from it would only be noise
    fatal: bool = False

    def report(self, location: str, message: str, fatal: bool = False) -> None:
        self.problems.append(Problem(location, message))
        self.reported.add(location)
        self.fatal = self.fatal or fatal

    def match_headings(self, table: _Table, kind: str) -> None:
        index = _HEADING_INDEX[kind]
        known = [column.heading for column in _COLUMNS[kind]]
        width = min(max((len(cells) for _, cells in table.rows), default=0), _MAX_COLUMNS)
        # a column beyond the last heading would otherwise be dropped without a word
        for position, heading in enumerate(table.headings + [""] * (width - len(table.headings))):
            if not heading:
                if any(position < len(cells) and not _blank(cells[position]) for _, cells in table.rows):
                    self.report(table.where(table.heading_row),
                                f"column {_column_name(table, position)} holds data but has no heading")
                continue
            column = index.get(_normalise_heading(heading))
            if column is None and _normalise_heading(heading) in _NEXT_STEP_HEADINGS and kind == "touchpoints":
                self.report(table.where(table.heading_row, heading),
                            'a step\'s next step is not a column of the touchpoints table: list each move as a row '
                            'of a Connections sheet (or connections.csv) with a "From" and a "To" column, by '
                            'step name or ID')
                continue
            if column is None:
                close = difflib.get_close_matches(heading, known, n=1, cutoff=0.5) or difflib.get_close_matches(
                    _normalise_heading(heading), list(index), n=1)
                suggestion = close[0] if close and close[0] in known else (index[close[0]].heading if close else "")
                hint = f'; did you mean "{suggestion}"?' if suggestion else f"; the columns are: {', '.join(known)}"
                self.report(table.where(table.heading_row, heading), f"unknown column{hint}")
            elif column.key in table.columns:
                self.report(table.where(table.heading_row, heading),
                            f'is the same column as "{table.headings_by_key[column.key]}"; keep one')
            else:
                table.columns[column.key] = position
                table.headings_by_key[column.key] = heading

    def check_size(self, table: _Table, kind: str) -> bool:
        limit = _ROW_LIMITS[kind]
        if table.too_many or len(table.rows) > limit:
            count = "more than" if table.too_many else f"{len(table.rows):,}; that is more than"
            self.report(table.label, f"has {count} {limit:,} {_LIMIT_WORDS[kind]}, the most journeymap reads",
                        fatal=True)
            return False
        if table.too_long:  # few steps, but blank (often formatted) rows run on past what is read
            self.report(table.label, f"goes on past row {_MAX_SCANNED_ROWS:,}, the most journeymap reads, blank rows "
                                     "included: delete the empty rows below the table", fatal=True)
            return False
        return True

    def cells(self, table: _Table, kind: str, row: int, cells: list[Any]) -> dict[str, Any]:
        """The parsed cells of one row by column key; bad cells are reported and left out."""
        values: dict[str, Any] = {}
        for key, position in table.columns.items():  # left to right, as the problems are read
            column = _COLUMN_BY_KEY[kind][key]
            if position >= len(cells):
                continue
            try:
                value = _PARSERS[column.kind](cells[position], column)
            except _BadCell as error:
                self.report(table.where(row, table.headings_by_key[column.key]), str(error))
                continue
            if value is not None:
                values[column.key] = value
        return values

    # ---- the tables

    def journey_fields(self, table: _Table | None) -> dict[str, Any]:
        if table is None:
            return {}
        rows = table.rows
        key_heading, value_heading = "Field", "Value"
        if _normalise_heading(table.headings[0]) in _JOURNEY_INDEX:  # no heading row: the first row is data
            rows = [(table.heading_row, table.headings), *rows]
        else:
            key_heading = table.headings[0] or key_heading
            value_heading = table.headings[1] if len(table.headings) > 1 and table.headings[1] else value_heading
        if not self.check_size(table, "journey"):
            return {}
        values: dict[str, Any] = {}
        known = [column.heading for column in _JOURNEY_FIELDS]
        for row, cells in rows:
            key_text = _cell_text(cells[0]).strip() if cells else ""
            raw = cells[1] if len(cells) > 1 else None
            column = _JOURNEY_INDEX.get(_normalise_heading(key_text))
            if column is None:
                if not key_text:
                    self.report(table.where(row, key_heading), "a value needs a field name in the first column")
                    continue
                close = difflib.get_close_matches(key_text, known, n=1, cutoff=0.5)
                hint = f'; did you mean "{close[0]}"?' if close else f"; the fields are: {', '.join(known)}"
                self.report(table.where(row, key_heading), f'unknown field "{key_text}"{hint}')
                continue
            if column.key in values or column.key in self.journey_rows:
                self.report(table.where(row, key_heading), f'"{key_text}" is given twice; keep one')
                continue
            self.journey_rows[column.key] = (table, row, value_heading)
            try:
                value = _PARSERS[column.kind](raw, column)
            except _BadCell as error:
                self.report(table.where(row, value_heading), str(error))
                continue
            if value is not None:
                values[column.key] = value
        return values

    def stages(self, table: _Table | None) -> list[dict[str, Any]] | None:
        if table is None:
            return None
        self.match_headings(table, "stages")
        if "id" not in table.columns and "name" not in table.columns:
            self.report(table.where(table.heading_row), 'needs a "Name" column (and may have an "ID" column)',
                        fatal=True)
            return None
        if not self.check_size(table, "stages"):
            return None
        parsed = [(row, self.cells(table, "stages", row, cells)) for row, cells in table.rows]
        used = {values["id"] for _, values in parsed if "id" in values}
        stages = []
        origins = self.origins.setdefault("stages", [])
        for row, values in parsed:
            if "id" not in values:
                values["id"] = _unique_slug(values.get("name", ""), "stage", used)
            values.setdefault("name", values["id"])  # a stage given only by its id is named by it
            stages.append({key: values[key] for key in ("id", "name", "description") if key in values})
            origins.append((table, row))
        return stages or None

    def touchpoints(self, table: _Table, stages: list[dict[str, Any]] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        self.match_headings(table, "touchpoints")
        if "name" not in table.columns:
            self.report(table.where(table.heading_row), 'needs a "Name" column: what happens at each step', fatal=True)
        if "stage" not in table.columns and not (stages and len(stages) == 1):
            self.report(table.where(table.heading_row), 'needs a "Stage" column: the stage id or name of each step',
                        fatal=True)
        if not self.check_size(table, "touchpoints"):
            return [], stages or []
        parsed = [(row, self.cells(table, "touchpoints", row, cells)) for row, cells in table.rows]
        derive_stages = stages is None
        stages = list(stages or [])
        find_stage = _Finder([(stage["id"], stage.get("name", "")) for stage in stages])
        used = {values["id"] for _, values in parsed if "id" in values}
        touchpoints: list[dict[str, Any]] = []
        origins = self.origins.setdefault("touchpoints", [])
        for row, values in parsed:
            data: dict[str, Any] = {"id": values.get("id") or _unique_slug(values.get("name", ""), "step", used)}
            if "name" in values:
                data["name"] = values["name"]
            elif "name" in table.columns:
                self.report(table.where(row, table.headings_by_key["name"]),
                            "is empty: give the step a name (a row of totals or remarks is not a step; delete it)")
            stage_text = values.get("stage")
            if stage_text is None and "stage" not in table.columns and len(stages) == 1:
                stage_text = stages[0]["id"]
            if stage_text is not None:
                stage_id = find_stage.find(stage_text)
                if stage_id is None and derive_stages and len(stages) < MAX_STAGES:
                    stage_id = _unique_slug(stage_text, "stage", set(find_stage.ids))
                    stages.append({"id": stage_id, "name": stage_text[:120]})
                    find_stage.add(stage_id, stage_text)
                    self.origins.setdefault("stages", []).append((table, row))
                if stage_id is None:
                    heading = table.headings_by_key["stage"]
                    self.report(table.where(row, heading), find_stage.not_found("stage", stage_text))
                    data["stage"] = stage_text
                else:
                    data["stage"] = stage_id
            elif "stage" in table.columns:
                self.report(table.where(row, table.headings_by_key["stage"]), "is empty: give the stage id or name")
            for key in ("lane", "channel", "description", "emotion", "staff_emotion", "feeling", "friction",
                        "evidence", "staff_minutes", "goal", "entry_share"):
                if key in values:
                    data[key] = values[key]
            traits = {trait: values[trait] for trait in TRAITS if trait in values}
            if traits:
                data["automation"] = traits
            for key in ("pain_points", "opportunities", "quotes", "notes"):
                if key in values:
                    data[key] = values[key]
            touchpoints.append(data)
            origins.append((table, row))
            self.touchpoint_rows.setdefault(data["id"], (table, row))
        return touchpoints, stages

    def connections(self, table: _Table | None, touchpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if table is None:
            return []
        self.match_headings(table, "connections")
        for key, heading in (("from", "From"), ("to", "To")):
            if key not in table.columns:
                self.report(table.where(table.heading_row), f'needs a "{heading}" column: a touchpoint id or name',
                            fatal=True)
        if not self.check_size(table, "connections"):
            return []
        find = _Finder([(tp["id"], tp.get("name", "")) for tp in touchpoints])
        connections = []
        origins = self.origins.setdefault("connections", [])
        for row, cells in table.rows:
            values = self.cells(table, "connections", row, cells)
            data: dict[str, Any] = {}
            for key in ("from", "to"):
                text = values.get(key)
                if text is None:
                    if key in table.columns:
                        self.report(table.where(row, table.headings_by_key[key]), "is empty: give a touchpoint id or name")
                    continue
                found = find.find(text)
                if found is None:
                    self.report(table.where(row, table.headings_by_key[key]), find.not_found("touchpoint", text))
                data[key] = found or text
            for key in ("kind", "share", "label"):
                if key in values:
                    data[key] = values[key]
            connections.append(data)
            origins.append((table, row))
        return connections

    # ---- the model's own problems, told by row and column

    def locate(self, problem: Problem) -> Problem:
        location = problem.location
        match = re.fullmatch(r"(touchpoints|connections|stages)\[(\d+)\]\.?(.*)", location)
        if match and int(match[2]) < len(self.origins.get(match[1], [])):
            table, row = self.origins[match[1]][int(match[2])]
            parts = re.findall(r"[A-Za-z_]+|\[\d+\]", match[3])
            words = [part for part in parts if not part.startswith("[")]
            key = words[-1] if words else None
            heading = table.headings_by_key.get(key) if key else None
            message = problem.message
            if parts and parts[-1].startswith("[") and words:
                message = f"note {int(parts[-1][1:-1]) + 1} {message}"
            if table.kind == "touchpoints" and match[1] == "stages":
                heading = table.headings_by_key.get("stage")  # a stage made from the Stage column
            # the row says which touchpoint; an id made up from a blank name would only confuse
            message = re.sub(r" \(touchpoint '[^']*'\)$", "", message)
            return Problem(table.where(row, heading), message)
        match = re.fullmatch(r"touchpoint '(.*)'", location)
        if match and match[1] in self.touchpoint_rows:
            table, row = self.touchpoint_rows[match[1]]
            return Problem(table.where(row), f"{problem.message} (touchpoint '{match[1]}')")
        key = {"persona.name": "persona_name", "persona.description": "persona_description",
               "customers_per_week": "customers_per_week", "title": "title", "description": "description"}.get(location)
        if location.startswith("persona.goals"):
            key = "persona_goals"
        if location == "persona.name" and key not in self.journey_rows:
            persona_rows = [self.journey_rows[k] for k in ("persona_description", "persona_goals") if k in self.journey_rows]
            if persona_rows:
                table, row, _ = min(persona_rows, key=lambda found: found[1])
                return Problem(table.where(row), 'the persona needs a name too: add a "Persona name" row')
        if key and key in self.journey_rows:
            table, row, heading = self.journey_rows[key]
            return Problem(table.where(row, heading), problem.message)
        return problem


class _Finder:
    """Finds a stage or touchpoint by id, by name, then by either ignoring case."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self.ids: set[str] = set()
        self.by_name: dict[str, list[str]] = {}
        self.by_folded: dict[str, list[str]] = {}
        for identifier, name in items:
            self.add(identifier, name)

    def add(self, identifier: str, name: str) -> None:
        self.ids.add(identifier)
        self.by_name.setdefault(name, []).append(identifier)
        for text in {identifier.casefold(), name.strip().casefold()}:
            bucket = self.by_folded.setdefault(text, [])
            if identifier not in bucket:
                bucket.append(identifier)

    def find(self, text: str) -> str | None:
        if text in self.ids:
            return text
        for candidates in (self.by_name.get(text), self.by_folded.get(text.casefold())):
            if candidates and len(set(candidates)) == 1:
                return candidates[0]
        return None

    def not_found(self, what: str, text: str) -> str:
        shown = text if len(text) <= 60 else text[:57] + "…"
        candidates = self.by_name.get(text) or self.by_folded.get(text.casefold())
        if candidates and len(candidates) > 1:
            ids = ", ".join(f'"{c}"' for c in candidates[:5])
            return f'{len(candidates)} {what}s are called "{shown}" ({ids}); give the ID instead'
        names = [name for name in self.by_name if name] + sorted(self.ids)
        close = difflib.get_close_matches(text, names, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else ""
        return f'no {what} has the ID or name "{shown}"{hint}'


def _unique_slug(text: str, fallback: str, used: set[str]) -> str:
    """An id made from a name: ``Pays by card`` → ``pays_by_card``; unique among ``used`` (which grows)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9-]+", "_", ascii_text.casefold()).strip("_-")[:48].strip("_-") or fallback
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}_{number}", number + 1
    used.add(candidate)
    return candidate


def _title_from(source: str | None) -> str:
    stem = PurePosixPath(source.replace("\\", "/")).stem.strip() if source else ""
    return stem[:200] or "Imported journey"


def _build(tables: Mapping[str, _Table], source: str | None, problems: list[Problem]) -> Journey:
    """The journey from classified tables; raises with every problem found, by row and column."""
    reader = _Reader(source, problems=list(problems))
    if "touchpoints" not in tables:
        raise JourneyFileError(reader.problems, source)
    for kind, table in tables.items():
        table.kind = kind
    fields = reader.journey_fields(tables.get("journey"))
    stages = reader.stages(tables.get("stages"))
    touchpoints, stages = reader.touchpoints(tables["touchpoints"], stages)
    connections = reader.connections(tables.get("connections"), touchpoints)
    if reader.fatal:
        raise JourneyFileError(_capped(reader.problems), source)
    # no Journey table: the title typed above the touchpoints says more than the file's name
    title_above = (tables["touchpoints"].title_above or "")[:200].strip()
    data: dict[str, Any] = {"title": fields.get("title") or title_above or _title_from(source)}
    if "description" in fields:
        data["description"] = fields["description"]
    persona = {key: fields[f"persona_{key}"] for key in ("name", "description", "goals") if f"persona_{key}" in fields}
    if persona:
        data["persona"] = persona
    if "customers_per_week" in fields:
        data["customers_per_week"] = fields["customers_per_week"]
    if not stages:
        if reader.problems:  # they say why no stage was found; the model would only add "needs at least 1 item"
            raise JourneyFileError(_capped(reader.problems), source)
        if "stages" not in tables and not tables["touchpoints"].rows:
            reader.report(tables["touchpoints"].label, "has headings but no rows under them: add one row per step")
        else:
            where = tables["stages"].label if "stages" in tables else tables["touchpoints"].label
            reader.report(where, "there are no stages: give each touchpoint a Stage, or list the stages in a Stages "
                                 "table")
        raise JourneyFileError(reader.problems, source)  # the model's "stages: needs at least 1 item" says no more
    data["stages"] = stages
    data["touchpoints"] = touchpoints
    data["connections"] = connections
    try:
        journey = journey_from_data(data)
    except JourneyFileError as error:
        for problem in error.problems:
            located = reader.locate(problem)
            if located.location not in reader.reported:
                reader.problems.append(located)
    else:
        if not reader.problems:
            return journey
    raise JourneyFileError(_capped(reader.problems), source)


def _capped(problems: list[Problem]) -> list[Problem]:
    if len(problems) <= _MAX_PROBLEMS:
        return problems
    more = len(problems) - _MAX_PROBLEMS
    return [*problems[:_MAX_PROBLEMS], Problem("", f"… and {more:,} more problems")]


def _assign(found: list[tuple[_Table, str | None]], unread: bool = False) -> tuple[dict[str, _Table], list[Problem]]:
    """Tables by kind; a table that cannot be told apart, or two of one kind, is a problem.

    ``unread``: some files could not be read at all (and were reported), so a missing touchpoints
    table may well be among them.
    """
    tables: dict[str, _Table] = {}
    problems: list[Problem] = []
    for table, by_name in found:
        kind = _classify(table, by_name)
        if kind is None:
            problems.append(Problem(table.label, "cannot tell which table this is: touchpoints need a Name and a Stage "
                                                 "column, connections a From and a To column"))
        elif kind in tables:
            problems.append(Problem(table.label, f"is a second {kind} table (the first is {tables[kind].label}); "
                                                 "give only one"))
        else:
            tables[kind] = table
    if "touchpoints" not in tables and not unread:
        labels = ", ".join(table.label for table, _ in found)
        problems.append(Problem("", f"found no touchpoints table{f' (only {labels})' if labels else ''}; a journey "
                                    "needs one with a Name and a Stage column, one row per step"))
    return tables, problems


# --------------------------------------------------------------------------------------------------
# Reading: the public readers


def csv_to_journey(files: Mapping[str, bytes], source: str | None = None) -> Journey:
    """A journey from CSV files by name: touchpoints (required), connections, stages and journey.

    Which file is which is told by its name (``*touchpoints*.csv``, ``*connections*.csv``,
    ``*stages*.csv``, ``*journey*.csv``) or, failing that, by its headings. Without a journey table
    the title is the ``source`` file's name (or "Imported journey"); without a stages table the stages
    are the distinct values of the Stage column, in order of first appearance; without a connections
    table there are no connections.

    Raises
    ------
    JourneyFileError
        For anything that is not a journey, each problem by file, row and column heading.

    Examples
    --------
    >>> journey = csv_to_journey({"steps.csv": b"Name,Stage,Customer emotion\\nOrders,Order,2\\nPays,Pay,-1\\n"},
    ...                          source="cafe.csv")
    >>> journey.title, [stage.id for stage in journey.stages], [tp.id for tp in journey.touchpoints]
    ('cafe', ['order', 'pay'], ['orders', 'pays'])
    >>> csv_to_journey({"touchpoints.csv": b"Name,Stage,Friction\\nOrders,Order,high\\n"})
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: touchpoints.csv row 2, column "Friction": must be a number from 0 to 10, got "high"
    """
    if len(files) > _MAX_CSV_FILES:
        raise JourneyFileError([Problem("", f"is one of {len(files):,} CSV files given as one journey, which has at "
                                            f"most four tables ({_TABLE_WORDS}): give only those")], source)
    found: list[tuple[_Table, str | None]] = []
    problems: list[Problem] = []
    empty: list[str] = []
    for name, data in files.items():
        try:
            table = _read_table(name, _decode_csv(bytes(data), name))
        except _Refused as refused:
            problems.extend(refused.problems)
            continue
        if table is None:
            empty.append(name)  # an empty file is a table with nothing in it
            continue
        found.append((table, _kind_from_name(name)))
    if empty and not found and not problems:
        # nothing to read at all: say so, rather than "found no touchpoints table"
        raise JourneyFileError([_without_label(Problem(name, "is empty: a journey needs at least a touchpoints table "
                                                             "with a heading row (Name, Stage, …) and a row per step"),
                                               source or "") for name in empty], source)
    tables, assign_problems = _assign(found, unread=bool(problems))
    try:
        return _build(tables, source, problems + assign_problems)
    except JourneyFileError as error:
        if source not in files:
            raise
        # the source is one of the files: "team.csv: row 4, …", not "team.csv: team.csv row 4, …"
        raise JourneyFileError([_without_label(problem, source) for problem in error.problems], source) from None


def _too_many_csv_files(count: int) -> Problem:
    return Problem("", f"holds {count:,} CSV files; a journey has at most four tables ({_TABLE_WORDS}): keep only "
                       "those")


def _without_label(problem: Problem, label: str) -> Problem:
    if problem.location == label:
        return Problem("", problem.message)
    if problem.location.startswith(label + " row "):
        return Problem(problem.location[len(label) + 1:], problem.message)
    return problem


def zip_to_journey(data: bytes, source: str | None = None) -> Journey:
    """A journey from a zip archive holding the CSV files of :func:`csv_to_journey` (maybe in a folder).

    Files that do not end in ``.csv`` are ignored, and so are the ``__MACOSX`` folder and hidden files
    a Mac adds. The archive is checked before anything is unpacked: at most 20 MB, unpacking to at
    most 40 MB, and no member packed suspiciously tightly (a zip bomb).

    Raises
    ------
    JourneyFileError
        For anything that is not such an archive or not a journey.

    Examples
    --------
    >>> zip_to_journey(b"PK not really a zip", source="map.zip")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: map.zip: is not a zip archive
    """
    try:
        with _open_zip(data, "a zip archive") as archive:
            tables = [member for member in archive.infolist() if not member.is_dir() and _is_table(member.filename)]
            if len(tables) > _MAX_CSV_FILES:
                raise _Refused(_too_many_csv_files(len(tables)))
            files: dict[str, bytes] = {}
            for member in tables:
                with archive.open(member) as stream:
                    files[member.filename] = stream.read(MAX_FILE_BYTES + 1)
    except _Refused as refused:
        raise JourneyFileError(refused.problems, source) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError,
            zlib.error, lzma.LZMAError) as error:
        raise JourneyFileError([Problem("", f"is a damaged zip archive ({error})")], source) from None
    if not files:
        raise JourneyFileError([Problem("", "holds no .csv files; it needs at least touchpoints.csv")], source)
    return csv_to_journey(files, source)


def _is_table(name: str) -> bool:
    """A CSV file in a zip, not the ``__MACOSX`` folder or a hidden file a Mac adds."""
    path = PurePosixPath(name)
    return path.suffix.casefold() == ".csv" and "__MACOSX" not in path.parts and not path.name.startswith(".")


def xlsx_to_journey(data: bytes, source: str | None = None) -> Journey:
    """A journey from an Excel workbook with sheets Touchpoints (required), Connections, Stages, Journey.

    Sheets are found by name whatever its case, or else by their headings; other sheets are ignored.
    A cell holding a formula is read as the value the spreadsheet last computed for it.

    Raises
    ------
    JourneyFileError
        For anything that is not such a workbook or not a journey.

    Examples
    --------
    >>> xlsx_to_journey(b"Name,Stage", source="map.xlsx")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: map.xlsx: is not an Excel workbook (.xlsx)
    """
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise JourneyFileError([Problem("", "is an old Excel file (.xls); open it in Excel and save it as .xlsx")],
                               source)
    try:
        with _open_zip(data, "an Excel workbook (.xlsx)"):
            pass
    except _Refused as refused:
        raise JourneyFileError(refused.problems, source) from None
    try:
        found = _xlsx_tables(data)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise JourneyFileError(
            [Problem("", f"is not an Excel workbook (.xlsx) that can be read ({type(error).__name__}: {error})"[:300])],
            source,
        ) from None
    tables, problems = _assign(found)
    return _build(tables, source, problems)


def _xlsx_tables(data: bytes) -> list[tuple[_Table, str | None]]:
    from openpyxl import load_workbook

    found: list[tuple[_Table, str | None]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops (styles, extensions)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if not hasattr(sheet, "iter_rows"):
                    continue  # a chart sheet
                sheet.reset_dimensions()  # a sheet's stated size may be wrong; read what is there
                by_name = {_normalise_heading(title): kind for kind, title in _SHEET_TITLES.items()}
                kind = by_name.get(_normalise_heading(sheet.title)) or _kind_from_name(sheet.title)
                table = _read_table(f"sheet {sheet.title}", sheet.iter_rows(max_col=_MAX_COLUMNS, values_only=True))
                if table is not None and (kind or _classify(table, None)):
                    found.append((table, kind))
        finally:
            workbook.close()
    return found


class _open_zip:
    """A zip archive opened after checking it is one and that unpacking it is safe."""

    def __init__(self, data: bytes, what: str) -> None:
        if len(data) > MAX_FILE_BYTES:
            raise _Refused(Problem("", _too_large_message(len(data))))
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _Refused(Problem("", f"is not {what}"))
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
            raise _Refused(Problem("", f"is not {what} (it is damaged)")) from None
        members = self.archive.infolist()
        if len(members) > _MAX_ZIP_MEMBERS:
            raise _Refused(Problem("", f"holds {len(members):,} files; journeymap reads archives of up to "
                                       f"{_MAX_ZIP_MEMBERS:,}"))
        total = sum(member.file_size for member in members)
        if total > MAX_UNPACKED_BYTES:
            raise _Refused(Problem("", f"unpacks to {total / 1024 / 1024:.0f} MB; journeymap unpacks up to "
                                       f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB"))
        for member in members:
            if member.file_size > 1024 * 1024 and member.file_size > _MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
                raise _Refused(Problem("", f"'{member.filename[:80]}' unpacks to {member.file_size / max(member.compress_size, 1):.0f} "
                                           "times its packed size; that is a zip bomb, not a spreadsheet"))

    def __enter__(self) -> zipfile.ZipFile:
        return self.archive

    def __exit__(self, *exc: object) -> None:
        self.archive.close()


#: The example journey of :func:`spreadsheet_template`: every table and most columns in use, short.
_TEMPLATE: dict[str, Any] = {
    "title": "Booking a haircut (an example: replace it with your journey)",
    "description": "One row a step on the Touchpoints sheet; how customers move on the Connections sheet.",
    "persona": {"name": "Sam, a busy parent", "goals": ["Book in a minute", "Look good for the weekend"]},
    "customers_per_week": 80,
    "stages": [{"id": "discover", "name": "Discover"}, {"id": "book", "name": "Book"},
               {"id": "visit", "name": "Visit"}, {"id": "pay", "name": "Pay"}],
    "touchpoints": [
        {"id": "find", "name": "Finds the salon online", "stage": "discover", "channel": "web", "emotion": 1,
         "friction": 2, "feeling": "curious"},
        {"id": "call", "name": "Calls to book", "stage": "book", "channel": "phone", "emotion": -2, "friction": 6,
         "feeling": "impatient", "pain_points": ["The line is busy at lunchtime"], "quotes": ["I tried three times!"],
         "automation": {"rule_based": 4, "digital_input": 2, "variability": 2, "empathy_need": 2,
                        "data_sensitivity": 2}},
        {"id": "take_booking", "name": "Receptionist writes the booking in the diary", "stage": "book",
         "lane": "frontstage", "staff_emotion": -1, "staff_minutes": 4, "opportunities": ["Online booking"]},
        {"id": "reminder", "name": "Reminder text the day before", "stage": "book", "lane": "support",
         "automation": {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1,
                        "data_sensitivity": 2}},
        {"id": "haircut", "name": "Gets the haircut and a chat", "stage": "visit", "channel": "in person",
         "emotion": 4, "staff_emotion": 3, "staff_minutes": 40, "evidence": "observed"},
        {"id": "pay", "name": "Pays at the desk", "stage": "pay", "emotion": 1, "friction": 1, "goal": True},
    ],
    "connections": [
        {"from": "find", "to": "call", "share": 0.8},
        {"from": "call", "to": "take_booking", "share": 0.9, "label": "gets through"},
        {"from": "take_booking", "to": "haircut"},
        {"from": "take_booking", "to": "reminder", "kind": "support"},
        {"from": "haircut", "to": "pay"},
    ],
}


def spreadsheet_template() -> bytes:
    """An Excel workbook to prepare a journey in: every sheet and heading, with a short example filled in.

    Examples
    --------
    >>> journey = xlsx_to_journey(spreadsheet_template())
    >>> [stage.name for stage in journey.stages], len(journey.touchpoints), len(journey.connections)
    (['Discover', 'Book', 'Visit', 'Pay'], 6, 5)
    """
    return journey_to_xlsx(journey_from_data(_TEMPLATE))
