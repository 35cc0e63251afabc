"""The tables of a spreadsheet as rows of raw cells, and telling which table is which.

A table is read as a person reading the sheet would: the heading row is the first row that is not
blank, unless a title was typed above the table; blank rows are left out. Which of the four tables
it is comes from the file or sheet name when that says so, else from the headings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from journeymap.errors import Problem
from journeymap.formats.spreadsheet.cells import blank, cell_text
from journeymap.formats.spreadsheet.columns import (
    COLUMNS,
    JOURNEY_HEADINGS,
    JOURNEY_INDEX,
    JOURNEY_KEY_HEADINGS,
    KNOWN_HEADINGS,
    ROW_LIMITS,
    TOUCHPOINT_ONLY,
    normalise_heading,
)
from journeymap.model import MAX_CONNECTIONS

__all__ = ["JOURNEY_CELLS", "MAX_CELLS", "MAX_COLUMNS", "MAX_SCANNED_ROWS", "CellBudget", "Table", "assign", "classify",
           "column_name", "kind_from_name", "read_table"]

# Rows looked at per table, blank ones included, before giving up: bounds the work a sheet full of
# empty formatted rows can cause.
MAX_SCANNED_ROWS = 200_000
# Columns read from a sheet: the widest table has 24; a stray cell far to the right is not read.
MAX_COLUMNS = 100
# Rows above the headings that are passed over looking for them (a title, a subtitle, a date …).
_MAX_TITLE_ROWS = 5
#: The most cells a journey's tables fill within the row limits, every column filled: 10,000
#: touchpoints of 25 columns, 50,000 connections of 5, 200 stages of 3 and 100 journey rows of 2
#: make 500,800.
JOURNEY_CELLS = sum(ROW_LIMITS[kind] * len(columns) for kind, columns in COLUMNS.items()) + \
    ROW_LIMITS["journey"] * len(JOURNEY_HEADINGS)
#: The most cells kept from one upload, all its tables together (counted to the last filled cell of
#: each row): about twice JOURNEY_CELLS, so that any journey within the limits is read and what is
#: wrong with it told cell by cell, while no upload holds more than a million cells (each is a
#: Python object of about 60 bytes: 1,000,000 take about 65 MB).
MAX_CELLS = 1_000_000


@dataclass
class CellBudget:
    """The cells an upload may still keep: one budget for all the tables read from it."""

    left: int = field(default_factory=lambda: MAX_CELLS)  # read when made, so that a test may lower it

    def give_back(self, table: Table) -> None:
        """A table that is not kept (a sheet of notes) frees its cells for the next."""
        self.left += table.cells


@dataclass
class Table:
    """One table as read: its headings and its data rows, with what reading found out about it."""

    label: str  # "touchpoints.csv" or "sheet Touchpoints"
    headings: list[str]  # as the file writes them
    heading_row: int
    # data rows (row number as shown, cells up to the last filled one); blank rows left out
    rows: list[tuple[int, Sequence[Any]]]
    kind: str | None = None
    too_many: bool = False
    too_long: bool = False  # rows beyond MAX_SCANNED_ROWS, blank ones included, were not read
    too_big: bool = False  # the upload's cells ran out (MAX_CELLS) before the table did
    cells: int = 0  # cells kept in rows
    cells_before: int = 0  # cells the upload's tables read before this one keep
    columns: dict[str, int] = field(default_factory=dict)  # column key → position
    headings_by_key: dict[str, str] = field(default_factory=dict)
    title_above: str | None = None  # text typed above the headings ("Corner Café – Saturday brunch")

    def where(self, row: int | None = None, heading: str | None = None) -> str:
        """A problem's location: ``touchpoints.csv row 4, column "Friction"``."""
        text = self.label
        if row is not None:
            text += f" row {row}"
        if heading is not None:
            text += f', column "{heading}"'
        return text


def read_table(label: str, rows: Iterable[Sequence[Any]], budget: CellBudget | None = None) -> Table | None:
    """The heading row and the data rows; None if all blank.

    The heading row is the first row that is not blank, unless that row names no known column and
    a later one among the first few does: rows above the headings (a title typed over the table,
    often merged across it) are skipped, as a person reading the sheet would. ``rows`` is consumed
    only as far as the table is read; a data row is kept as a tuple of its cells up to the last
    filled one, and taken from ``budget`` (the upload's cells; a fresh :data:`MAX_CELLS` if none).

    Examples
    --------
    >>> table = read_table("steps.csv", [["Corner Café"], [], ["Name", "Stage", ""], ["Orders", "Order", ""]])
    >>> table.title_above, table.headings, table.heading_row, table.rows
    ('Corner Café', ['Name', 'Stage'], 3, [(4, ('Orders', 'Order'))])
    """
    budget = budget or CellBudget()
    numbered = enumerate(rows, start=1)
    table, more = _find_headings(label, numbered)
    if table is not None:
        table.cells_before = MAX_CELLS - budget.left
        table.cells = sum(len(cells) for _, cells in table.rows)  # rows read looking for the headings
        budget.left -= table.cells
    if table is not None and more:
        _read_data_rows(table, numbered, budget)
    return table


def _find_headings(label: str, numbered: Iterator[tuple[int, Sequence[Any]]]) -> tuple[Table | None, bool]:
    """The table from its heading row (None if all blank), and whether rows below are still to be read."""
    skipped: list[tuple[int, list[Any]]] = []  # rows read before finding one with a known heading
    for number, row in numbered:
        if number > MAX_SCANNED_ROWS:
            break
        if all(blank(cell) for cell in row):
            continue
        headings = _headings(row)
        if any(normalise_heading(heading) in KNOWN_HEADINGS for heading in headings):
            title_above = _first_text(skipped[0][1]) if skipped else None
            return Table(label, headings, number, [], title_above=title_above), True
        skipped.append((number, list(row)))
        if len(skipped) > _MAX_TITLE_ROWS:
            # no row names a known column: the first is the heading row, as it would be without titles
            return _first_as_headings(label, skipped), True
    return (_first_as_headings(label, skipped) if skipped else None), False


def _first_as_headings(label: str, skipped: list[tuple[int, list[Any]]]) -> Table:
    (first_number, first), *rest = skipped
    return Table(label, _headings(first), first_number, [(number, _filled_part(row)) for number, row in rest])


def _read_data_rows(table: Table, numbered: Iterator[tuple[int, Sequence[Any]]], budget: CellBudget) -> None:
    """The rows under the headings, blank ones left out, up to the limits (which are then marked)."""
    for number, row in numbered:
        if number > MAX_SCANNED_ROWS:
            table.too_long = True
            return
        cells = _filled_part(row)
        if not cells:
            continue
        if len(table.rows) >= MAX_CONNECTIONS:  # the largest limit; each table's own is checked later
            table.too_many = True
            return
        if len(cells) > budget.left:  # checked before more is read, so memory stays bounded
            table.too_big = True
            return
        budget.left -= len(cells)
        table.cells += len(cells)
        table.rows.append((number, cells))


def _filled_part(row: Sequence[Any]) -> tuple[Any, ...]:
    """The row's cells up to its last non-empty one within MAX_COLUMNS (none for a blank row)."""
    end = min(len(row), MAX_COLUMNS)
    while end and (row[end - 1] is None or row[end - 1] == ""):  # a cell of spaces is kept: it is read as such
        end -= 1
    cells = tuple(row[:end])
    return cells if not all(blank(cell) for cell in cells) else ()


def _first_text(row: Sequence[Any]) -> str | None:
    """The first cell of a row with text in it, tidied to one line."""
    for cell in row:
        if not blank(cell):
            return " ".join(str(cell).split())
    return None


def _headings(row: Sequence[Any]) -> list[str]:
    headings = ["" if cell is None else cell_text(cell).strip() for cell in row]
    while headings and not headings[-1]:
        headings.pop()
    return headings


def column_name(table: Table, position: int) -> str:
    """How the user finds a column: its letter in a workbook (``F``), its number in a CSV file."""
    if table.label.startswith("sheet "):
        from openpyxl.utils import get_column_letter

        return get_column_letter(position + 1)
    return str(position + 1)


# --------------------------------------------------------------------------------------------------
# Which table is which


def classify(table: Table, by_name: str | None) -> str | None:
    """Which table this is: by its name when that says so, else by its headings.

    A table named like the journey table whose headings are plainly steps or connections (a
    single-sheet workbook called "Journey map") goes by its headings.
    """
    by_headings = _classify_by_headings(table)
    if by_name and not (by_name == "journey" and by_headings in ("touchpoints", "connections")):
        return by_name
    return by_headings


def _classify_by_headings(table: Table) -> str | None:
    normalised = {normalise_heading(heading) for heading in table.headings if heading}
    if {"from", "to"} <= normalised:
        return "connections"
    first = normalise_heading(table.headings[0]) if table.headings else ""
    if first in JOURNEY_KEY_HEADINGS or first in JOURNEY_INDEX and first not in ("description",):
        return "journey"
    if normalised & TOUCHPOINT_ONLY:
        return "touchpoints"
    if normalised and normalised <= {"id", "name", "description", "stage id", "stage name", "stage"}:
        return "stages"
    return None


def kind_from_name(name: str) -> str | None:
    """The table a file or sheet name says it is (``team_steps.csv`` → touchpoints), if just one.

    Examples
    --------
    >>> kind_from_name("team_steps.csv"), kind_from_name("Links"), kind_from_name("stage_steps.csv")
    ('touchpoints', 'connections', None)
    """
    stem = PurePosixPath(name.replace("\\", "/")).stem.casefold()
    found = [kind for kind, words in (("touchpoints", ("touchpoint", "step")), ("connections", ("connection", "link")),
                                      ("stages", ("stage",)), ("journey", ("journey",))) if any(w in stem for w in words)]
    return found[0] if len(found) == 1 else None


def assign(found: list[tuple[Table, str | None]], unread: bool = False) -> tuple[dict[str, Table], list[Problem]]:
    """Tables by kind; a table that cannot be told apart, or two of one kind, is a problem.

    ``unread``: some files could not be read at all (and were reported), so a missing touchpoints
    table may well be among them.
    """
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    for table, by_name in found:
        kind = classify(table, by_name)
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
