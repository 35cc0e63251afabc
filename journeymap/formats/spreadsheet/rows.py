"""Reading a table's rows: headings matched to columns, each row's cells parsed, problems collected.

:class:`Reader` holds what reading has found so far: the problems (each by table, row and column
heading), where each item came from (:class:`~journeymap.formats.spreadsheet.origins.Origins`) and
whether a problem makes the rest pointless.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from journeymap.errors import Problem
from journeymap.formats.spreadsheet.cells import PARSERS, BadCell, blank
from journeymap.formats.spreadsheet.columns import (
    COLUMN_BY_KEY,
    COLUMNS,
    HEADING_INDEX,
    LIMIT_WORDS,
    NEXT_STEP_HEADINGS,
    ROW_LIMITS,
    normalise_heading,
)
from journeymap.formats.spreadsheet.origins import Origins
from journeymap.formats.spreadsheet.tables import (
    JOURNEY_CELLS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_SCANNED_ROWS,
    Table,
    column_name,
)

__all__ = ["Reader", "too_many_cells"]

_NEXT_STEP_MESSAGE = ('a step\'s next step is not a column of the touchpoints table: list each move as a row of a '
                      'Connections sheet (or connections.csv) with a "From" and a "To" column, by step name or ID')


@dataclass
class Reader:
    """Turns the tables into journey data, collecting every problem with its row and column."""

    source: str | None
    problems: list[Problem] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)  # locations already reported
    origins: Origins = field(default_factory=Origins)
    # a missing column or too many rows: what follows from it would only be noise
    fatal: bool = False

    def report(self, location: str, message: str, fatal: bool = False) -> None:
        """Note a problem at ``location``; ``fatal`` when reading on would only add noise."""
        self.problems.append(Problem(location, message))
        self.reported.add(location)
        self.fatal = self.fatal or fatal

    def match_headings(self, table: Table, kind: str) -> None:
        """Find each heading's column (into ``table.columns``); report unknown, repeated and missing ones."""
        width = min(max((len(cells) for _, cells in table.rows), default=0), MAX_COLUMNS)
        # a column beyond the last heading would otherwise be dropped without a word
        for position, heading in enumerate(table.headings + [""] * (width - len(table.headings))):
            if heading:
                self._match_heading(table, kind, position, heading)
            elif any(position < len(cells) and not blank(cells[position]) for _, cells in table.rows):
                self.report(table.where(table.heading_row),
                            f"column {column_name(table, position)} holds data but has no heading")

    def _match_heading(self, table: Table, kind: str, position: int, heading: str) -> None:
        column = HEADING_INDEX[kind].get(normalise_heading(heading))
        where = table.where(table.heading_row, heading)
        if column is None and normalise_heading(heading) in NEXT_STEP_HEADINGS and kind == "touchpoints":
            self.report(where, _NEXT_STEP_MESSAGE)
        elif column is None:
            self.report(where, f"unknown column{_unknown_column_hint(heading, kind)}")
        elif column.key in table.columns:
            self.report(where, f'is the same column as "{table.headings_by_key[column.key]}"; keep one')
        else:
            table.columns[column.key] = position
            table.headings_by_key[column.key] = heading

    def check_size(self, table: Table, kind: str) -> bool:
        """Whether the table is within what is read; if not, that is reported (fatal)."""
        limit = ROW_LIMITS[kind]
        if table.too_many or len(table.rows) > limit:
            # a table cut short (by rows or by the upload's cells) goes on: its count is not known
            count = "more than" if table.too_many or table.too_big else f"{len(table.rows):,}; that is more than"
            self.report(table.label, f"has {count} {limit:,} {LIMIT_WORDS[kind]}, the most journeymap reads",
                        fatal=True)
            return False
        if table.too_big:
            self.report(table.label, too_many_cells(table), fatal=True)
            return False
        if table.too_long:  # few steps, but blank (often formatted) rows run on past what is read
            self.report(table.label, f"goes on past row {MAX_SCANNED_ROWS:,}, the most journeymap reads, blank rows "
                                     "included: delete the empty rows below the table", fatal=True)
            return False
        return True

    def cells(self, table: Table, kind: str, row: int, cells: list[Any]) -> dict[str, Any]:
        """The parsed cells of one row by column key; bad cells are reported and left out."""
        values: dict[str, Any] = {}
        for key, position in table.columns.items():  # left to right, as the problems are read
            column = COLUMN_BY_KEY[kind][key]
            if position >= len(cells):
                continue
            try:
                value = PARSERS[column.kind](cells[position], column)
            except BadCell as error:
                self.report(table.where(row, table.headings_by_key[column.key]), str(error))
                continue
            if value is not None:
                values[column.key] = value
        return values


def too_many_cells(table: Table) -> str:
    """The message for a table cut short because the upload's cells ran out (MAX_CELLS)."""
    together = " together with the tables read before it" if table.cells_before else ""
    return (f"holds more than {MAX_CELLS:,} cells{together}, the most journeymap reads in one journey (one within "
            f"the limits fills at most {JOURNEY_CELLS:,}): delete the rows and columns that are not part of the "
            "journey")


def _unknown_column_hint(heading: str, kind: str) -> str:
    """``; did you mean "Friction (0 to 10)"?`` for a near heading, else the list of the table's columns."""
    index = HEADING_INDEX[kind]
    known = [column.heading for column in COLUMNS[kind]]
    close = difflib.get_close_matches(heading, known, n=1, cutoff=0.5) or difflib.get_close_matches(
        normalise_heading(heading), list(index), n=1)
    suggestion = close[0] if close and close[0] in known else (index[close[0]].heading if close else "")
    return f'; did you mean "{suggestion}"?' if suggestion else f"; the columns are: {', '.join(known)}"
