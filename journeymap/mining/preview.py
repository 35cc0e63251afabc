"""A first look at an event log, before mining it: its columns, its first rows, and the role
journeymap guesses for each column, for a person to confirm or change (the app's column choice)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.errors import EventLogError, Problem
from journeymap.mining.columns import ColumnRoles, guess_roles
from journeymap.mining.logs import _duckdb_problem, _source_sql, check_file, connect, disconnect, table_columns
from journeymap.mining.xes import xes_batches

__all__ = ["PREVIEW_ROWS", "LogPreview", "preview"]

#: Rows a preview shows unless asked for more.
PREVIEW_ROWS = 10


@dataclass
class LogPreview:
    """The columns of a log, its first ``rows`` (each cell as text, None where empty) and the
    guessed ``roles``; ``missing`` names the required roles no column was found for."""

    format: str
    columns: list[str]
    rows: list[list[str | None]]
    roles: ColumnRoles
    missing: list[str] = field(default_factory=list)


def preview(path: str | os.PathLike[str], rows: int = PREVIEW_ROWS) -> LogPreview:
    """The first rows of a log and the guessed role of its columns; reads only the start of the file.

    Raises :class:`EventLogError` for a file that is not a log journeymap reads.
    """
    path = Path(path)
    kind = check_file(path)
    if kind == "xes":
        columns, table = _xes_preview(path, rows)
    else:
        columns, table = _table_preview(path, kind, rows)
    roles = guess_roles(columns)
    return LogPreview(kind, columns, table, roles, roles.missing())


def _xes_preview(path: Path, rows: int) -> tuple[list[str], list[list[str | None]]]:
    for batch in xes_batches(path, None, batch_events=max(rows, 1)):
        columns = list(batch.columns)
        return columns, [[batch.columns[column][index] for column in columns] for index in range(min(rows, len(batch)))]
    return [], []


def _table_preview(path: Path, kind: str, rows: int) -> tuple[list[str], list[list[str | None]]]:
    connection = connect()
    try:
        columns = table_columns(connection, path, kind)
        try:
            cells = connection.execute(f"SELECT * FROM {_source_sql(path, kind)} LIMIT {int(rows)}").fetchall()
        except Exception as error:
            raise EventLogError([_duckdb_problem(error)], str(path)) from None
        return columns, [[None if cell is None else str(cell) for cell in row] for row in cells]
    finally:
        disconnect(connection)
