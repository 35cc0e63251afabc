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
    JOURNEY_INDEX,
    JOURNEY_KEY_HEADINGS,
    KNOWN_HEADINGS,
    TOUCHPOINT_ONLY,
    normalise_heading,
)
from journeymap.model import MAX_CONNECTIONS

__all__ = ["MAX_COLUMNS", "MAX_SCANNED_ROWS", "Table", "assign", "classify", "column_name", "kind_from_name",
           "read_table"]

# Rows looked at per table, blank ones included, before giving up: bounds the work a sheet full of
# empty formatted rows can cause.
MAX_SCANNED_ROWS = 200_000
# Columns read from a sheet: the widest table has 23; a stray cell far to the right is not read.
MAX_COLUMNS = 100
# Rows above the headings that are passed over looking for them (a title, a subtitle, a date …).
_MAX_TITLE_ROWS = 5


@dataclass
class Table:
    """One table as read: its headings and its data rows, with what reading found out about it."""

    label: str  # "touchpoints.csv" or "sheet Touchpoints"
    headings: list[str]  # as the file writes them
    heading_row: int
    rows: list[tuple[int, list[Any]]]  # data rows (row number as shown, cells); blank rows left out
    kind: str | None = None
    too_many: bool = False
    too_long: bool = False  # rows beyond MAX_SCANNED_ROWS, blank ones included, were not read
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


def read_table(label: str, rows: Iterable[Sequence[Any]]) -> Table | None:
    """The heading row and the data rows; None if all blank.

    The heading row is the first row that is not blank, unless that row names no known column and
    a later one among the first few does: rows above the headings (a title typed over the table,
    often merged across it) are skipped, as a person reading the sheet would.

    Examples
    --------
    >>> table = read_table("steps.csv", [["Corner Café"], [], ["Name", "Stage"], ["Orders", "Order"]])
    >>> table.title_above, table.headings, table.heading_row, table.rows
    ('Corner Café', ['Name', 'Stage'], 3, [(4, ['Orders', 'Order'])])
    """
    numbered = enumerate(rows, start=1)
    table, more = _find_headings(label, numbered)
    if table is not None and more:
        _read_data_rows(table, numbered)
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
    return Table(label, _headings(first), first_number, rest)


def _read_data_rows(table: Table, numbered: Iterator[tuple[int, Sequence[Any]]]) -> None:
    """The rows under the headings, blank ones left out, up to the limits (which are then marked)."""
    for number, row in numbered:
        if number > MAX_SCANNED_ROWS:
            table.too_long = True
            return
        if all(blank(cell) for cell in row):
            continue
        if len(table.rows) >= MAX_CONNECTIONS:  # the largest limit; each table's own is checked later
            table.too_many = True
            return
        table.rows.append((number, list(row)))


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
