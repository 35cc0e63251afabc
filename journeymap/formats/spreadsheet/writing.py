"""Writing a journey as spreadsheets: four tables, as CSV files, one zip of them, or an Excel workbook.

Writing neutralises spreadsheet formulas (see :func:`~journeymap.formats.spreadsheet.cells.neutralise`);
numbers stay numbers (an emotion of -2 is written as the number -2, which no spreadsheet runs as a
formula).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from typing import Any

from journeymap.formats.spreadsheet.cells import neutralise, ratings_text, tidy
from journeymap.formats.spreadsheet.columns import (
    COLUMNS,
    CONNECTION_COLUMNS,
    JOURNEY_FIELDS,
    JOURNEY_HEADINGS,
    SHEET_ORDER,
    SHEET_TITLES,
    STAGE_COLUMNS,
    TABLE_FILES,
    TOUCHPOINT_COLUMNS,
    Column,
)
from journeymap.model import TRAITS, Journey, survey_text

__all__ = ["journey_to_csv", "journey_to_xlsx", "journey_to_zip"]

_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")
_XLSX_CELL_LIMIT = 32_767  # characters in one Excel cell
# The Journey sheet's two columns (its fields are rows).
_FIELD_VALUE_COLUMNS = (Column("", "Field", "text", width=30), Column("", "Value", "text", width=80))


# --------------------------------------------------------------------------------------------------
# The tables


def _tables(journey: Journey) -> dict[str, list[list[Any]]]:
    """The four tables, heading row first; cells are text (str), numbers or None."""
    return {"journey": _journey_rows(journey), "stages": _stage_rows(journey),
            "touchpoints": _touchpoint_rows(journey), "connections": _connection_rows(journey)}


def _notes_cell(notes: Sequence[str]) -> str | None:
    return "\n".join(notes) if notes else None


def _journey_rows(journey: Journey) -> list[list[Any]]:
    persona = journey.persona
    values = {
        "title": journey.title,
        "description": journey.description,
        "persona_name": persona.name if persona else None,
        "persona_description": persona.description if persona else None,
        "persona_goals": _notes_cell(persona.goals) if persona else None,
        "persona_needs": _notes_cell(persona.needs) if persona else None,
        "customers_per_week": journey.customers_per_week,
    }
    return [list(JOURNEY_HEADINGS), *([column.heading, values[column.key]] for column in JOURNEY_FIELDS)]


def _stage_rows(journey: Journey) -> list[list[Any]]:
    rows: list[list[Any]] = [[column.heading for column in STAGE_COLUMNS]]
    return rows + [[stage.id, stage.name, stage.description] for stage in journey.stages]


def _touchpoint_columns(journey: Journey) -> tuple[Column, ...]:
    """The columns of the journey's touchpoints table: the Ratings column only when a step has ratings,
    the Survey column only when a step has a survey, so that a journey without them is written as
    before (as its file keeps its format version)."""
    left_out = {key for key in ("ratings", "survey") if all(getattr(tp, key) is None for tp in journey.touchpoints)}
    return tuple(column for column in TOUCHPOINT_COLUMNS if column.key not in left_out)


def _touchpoint_rows(journey: Journey) -> list[list[Any]]:
    columns = _touchpoint_columns(journey)
    keys = {column.key for column in columns}
    rows: list[list[Any]] = [[column.heading for column in columns]]
    for tp in journey.touchpoints:
        traits = tp.automation
        ratings = [ratings_text(tp.ratings) if tp.ratings is not None else None] if "ratings" in keys else []
        survey = [survey_text(tp.survey) if tp.survey is not None else None] if "survey" in keys else []
        rows.append(
            [tp.id, tp.name, tp.stage, tp.lane, tp.channel, tp.emotion, tp.staff_emotion, tp.feeling, tp.friction,
             tp.evidence, *ratings, *survey, tp.staff_minutes, "yes" if tp.goal else None, tp.entry_share,
             *((getattr(traits, trait) if traits else None) for trait in TRAITS),
             _notes_cell(tp.pain_points), _notes_cell(tp.opportunities), _notes_cell(tp.quotes),
             tp.description, tp.notes]
        )
    return rows


def _connection_rows(journey: Journey) -> list[list[Any]]:
    rows: list[list[Any]] = [[column.heading for column in CONNECTION_COLUMNS]]
    return rows + [[c.from_, c.to, c.kind, c.share, c.label] for c in journey.connections]


# --------------------------------------------------------------------------------------------------
# CSV files and a zip of them


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # a NUL (possible in JSON text) would make the file read as binary, not CSV: leave it out
        return neutralise(value.replace("\x00", ""))
    value = tidy(value)
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
    >>> from journeymap.formats.spreadsheet import zip_to_journey
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}]}')
    >>> zip_to_journey(journey_to_zip(journey)) == journey
    True
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in journey_to_csv(journey).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------------------
# An Excel workbook


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
    >>> from journeymap.formats.spreadsheet import xlsx_to_journey
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks", "stage": "order", "emotion": -2}]}''')
    >>> xlsx_to_journey(journey_to_xlsx(journey)) == journey
    True
    """
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    tables = _tables(journey)
    for kind in SHEET_ORDER:
        sheet = workbook.create_sheet(SHEET_TITLES[kind])
        columns = _touchpoint_columns(journey) if kind == "touchpoints" else COLUMNS.get(kind, _FIELD_VALUE_COLUMNS)
        _lay_out_columns(sheet, columns)
        sheet.freeze_panes = "A2"
        rows = tables[kind]
        sheet.append(_heading_cells(sheet, rows[0]))
        for row in rows[1:]:
            sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _lay_out_columns(sheet: Any, columns: Sequence[Column]) -> None:
    """Each column's width, and a drop-down list of the allowed values where there are a few."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for number, column in enumerate(columns, start=1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = max(column.width, len(column.heading) * 0.9 + 2)
        choices = column.choices or (("yes", "no") if column.kind == "yesno" else ())
        if choices:
            validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}1048576")
            sheet.data_validations.append(validation)


def _heading_cells(sheet: Any, headings: list[Any]) -> list[Any]:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    cells = []
    for heading in headings:
        cell = WriteOnlyCell(sheet, value=heading)
        cell.font = bold
        cells.append(cell)
    return cells


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        return tidy(value)
    # XML turns a carriage return into a line break on reading: make it one now, so that a
    # neutralised "\r…" does not come back as "'\n…"
    text = _ILLEGAL_XML.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    text = neutralise(text)[:_XLSX_CELL_LIMIT]
    if text.startswith("#"):
        # openpyxl would store "#N/A" and its kind as an error cell, not as text
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    return text
