"""Reading a journey from spreadsheets: CSV files, a zip of them, or an Excel workbook.

The files are unpacked and decoded (:mod:`~journeymap.formats.spreadsheet.archives`), cut into
tables and told apart (:mod:`~journeymap.formats.spreadsheet.tables`), read into journey data
(:mod:`~journeymap.formats.spreadsheet.items`) and checked by the model; every problem, the model's
too, is reported by file, row number (the heading is row 1, as the spreadsheet shows it) and column
heading.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.spreadsheet.archives import MAX_CSV_FILES, zip_csv_files
from journeymap.formats.spreadsheet.columns import TABLE_WORDS
from journeymap.formats.spreadsheet.csv_text import csv_rows
from journeymap.formats.spreadsheet.items import read_connections, read_journey_fields, read_stages, read_touchpoints
from journeymap.formats.spreadsheet.refused import Refused
from journeymap.formats.spreadsheet.rows import Reader
from journeymap.formats.spreadsheet.tables import CellBudget, Table, assign, kind_from_name, read_table
from journeymap.formats.spreadsheet.workbooks import ole_problem, workbook_tables
from journeymap.model import Journey
from journeymap.model.validation import journey_from_data

__all__ = ["csv_to_journey", "xlsx_to_journey", "zip_to_journey"]

_MAX_PROBLEMS = 50


# --------------------------------------------------------------------------------------------------
# The public readers


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
    if len(files) > MAX_CSV_FILES:
        raise JourneyFileError([Problem("", f"is one of {len(files):,} CSV files given as one journey, which has at "
                                            f"most four tables ({TABLE_WORDS}): give only those")], source)
    found, problems, empty = _csv_tables(files)
    if empty and not found and not problems:
        # nothing to read at all: say so, rather than "found no touchpoints table"
        raise JourneyFileError([_without_label(Problem(name, "is empty: a journey needs at least a touchpoints table "
                                                             "with a heading row (Name, Stage, …) and a row per step"),
                                               source or "") for name in empty], source)
    tables, assign_problems = assign(found, unread=bool(problems))
    try:
        return _build(tables, source, problems + assign_problems)
    except JourneyFileError as error:
        if source not in files:
            raise
        # the source is one of the files: "team.csv: row 4, …", not "team.csv: team.csv row 4, …"
        raise JourneyFileError([_without_label(problem, source) for problem in error.problems], source) from None


def zip_to_journey(data: bytes, source: str | None = None) -> Journey:
    """A journey from a zip archive holding the CSV files of :func:`csv_to_journey` (maybe in a folder).

    Files that do not end in ``.csv`` are ignored, and so are the ``__MACOSX`` folder and hidden files
    a Mac adds. The archive is checked before anything is unpacked: at most 20 MB, unpacking to at
    most 40 MB, no member packed suspiciously tightly (a zip bomb), none of the CSV files protected
    by a password or packed other than stored or deflated.

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
        files = zip_csv_files(data)
    except Refused as refused:
        raise JourneyFileError(refused.problems, source) from None
    return csv_to_journey(files, source)


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
    problem = ole_problem(data)  # protected by a password, or an old .xls
    if problem is not None:
        raise JourneyFileError([problem], source)
    try:
        found = workbook_tables(data)
    except Refused as refused:
        raise JourneyFileError(refused.problems, source) from None
    tables, problems = assign(found)
    return _build(tables, source, problems)


def _csv_tables(files: Mapping[str, bytes]) -> tuple[list[tuple[Table, str | None]], list[Problem], list[str]]:
    """The tables of the files (with the kind each name says), the files' problems, and the empty files."""
    found: list[tuple[Table, str | None]] = []
    problems: list[Problem] = []
    empty: list[str] = []
    budget = CellBudget()  # one for all the files: their tables together
    for name, data in files.items():
        try:
            # row by row: only the cells a table keeps are ever held, up to the budget
            table = read_table(name, csv_rows(bytes(data), name), budget)
        except Refused as refused:
            problems.extend(refused.problems)
            continue
        if table is None:
            empty.append(name)  # an empty file is a table with nothing in it
            continue
        found.append((table, kind_from_name(name)))
    return found, problems, empty


def _without_label(problem: Problem, label: str) -> Problem:
    if problem.location == label:
        return Problem("", problem.message)
    if problem.location.startswith(label + " row "):
        return Problem(problem.location[len(label) + 1:], problem.message)
    return problem


# --------------------------------------------------------------------------------------------------
# From tables to a journey


def _build(tables: Mapping[str, Table], source: str | None, problems: list[Problem]) -> Journey:
    """The journey from classified tables; raises with every problem found, by row and column."""
    reader = Reader(source, problems=list(problems))
    if "touchpoints" not in tables:
        raise JourneyFileError(reader.problems, source)
    for kind, table in tables.items():
        table.kind = kind
    fields = read_journey_fields(reader, tables.get("journey"))
    stages = read_stages(reader, tables.get("stages"))
    touchpoints, stages = read_touchpoints(reader, tables["touchpoints"], stages)
    connections = read_connections(reader, tables.get("connections"), touchpoints)
    if reader.fatal:
        raise JourneyFileError(_capped(reader.problems), source)
    if not stages:
        _refuse_without_stages(reader, tables, source)
    data = _journey_header(fields, tables["touchpoints"], source)
    data["stages"] = stages
    data["touchpoints"] = touchpoints
    data["connections"] = connections
    return _checked(reader, data, source)


def _journey_header(fields: dict[str, Any], touchpoints: Table, source: str | None) -> dict[str, Any]:
    """Title, description, persona and customers per week, as file data."""
    # no Journey table: the title typed above the touchpoints says more than the file's name
    title_above = (touchpoints.title_above or "")[:200].strip()
    data: dict[str, Any] = {"title": fields.get("title") or title_above or _title_from(source)}
    if "description" in fields:
        data["description"] = fields["description"]
    persona = {key: fields[f"persona_{key}"] for key in ("name", "description", "goals", "needs") if f"persona_{key}" in fields}
    if persona:
        data["persona"] = persona
    if "customers_per_week" in fields:
        data["customers_per_week"] = fields["customers_per_week"]
    return data


def _refuse_without_stages(reader: Reader, tables: Mapping[str, Table], source: str | None) -> None:
    """Raise for a journey without stages, saying why there are none."""
    if reader.problems:  # they say why no stage was found; the model would only add "needs at least 1 item"
        raise JourneyFileError(_capped(reader.problems), source)
    if "stages" not in tables and not tables["touchpoints"].rows:
        reader.report(tables["touchpoints"].label, "has headings but no rows under them: add one row per step")
    else:
        where = tables["stages"].label if "stages" in tables else tables["touchpoints"].label
        reader.report(where, "there are no stages: give each touchpoint a Stage, or list the stages in a Stages "
                             "table")
    raise JourneyFileError(reader.problems, source)  # the model's "stages: needs at least 1 item" says no more


def _checked(reader: Reader, data: dict[str, Any], source: str | None) -> Journey:
    """The journey the model makes of ``data``, unless it or reading found problems (told by row)."""
    try:
        journey = journey_from_data(data)
    except JourneyFileError as error:
        for problem in error.problems:
            located = reader.origins.locate(problem)
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


def _title_from(source: str | None) -> str:
    stem = PurePosixPath(source.replace("\\", "/")).stem.strip() if source else ""
    return stem[:200] or "Imported journey"
