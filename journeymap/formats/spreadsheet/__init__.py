"""Spreadsheets: a journey as CSV tables (separate files or one zip) and as an Excel ``.xlsx`` workbook.

A journey becomes four tables with readable headings: ``Touchpoints`` (one row a step),
``Connections`` (one row a connection), ``Stages`` and ``Journey`` (title, persona with its goals
and needs, one per line, and weekly customers as field/value rows). A team can prepare a map in a spreadsheet and import it; only the
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

Reading keeps memory bounded whatever the upload (docs/formats.md states the bound): CSV is read
row by row, workbooks in openpyxl's read-only mode, and all the tables of one upload together keep
at most :data:`~journeymap.formats.spreadsheet.tables.MAX_CELLS` cells.

The modules: :mod:`~journeymap.formats.spreadsheet.columns` (the tables' columns and headings),
:mod:`~journeymap.formats.spreadsheet.cells` (one cell written and read),
:mod:`~journeymap.formats.spreadsheet.writing` (journey to CSV, zip and workbook),
:mod:`~journeymap.formats.spreadsheet.refused` (what cannot be read at all),
:mod:`~journeymap.formats.spreadsheet.csv_text` (CSV bytes decoded and streamed as rows),
:mod:`~journeymap.formats.spreadsheet.archives` (zip archives opened with their guards: size, zip
bombs, passwords, compression methods, odd names; :data:`MAX_UNPACKED_BYTES` is read there),
:mod:`~journeymap.formats.spreadsheet.workbooks` (workbooks: every XML part checked, then the sheets
read), :mod:`~journeymap.formats.spreadsheet.tables` (rows into tables, which table is which, the
cell budget), :mod:`~journeymap.formats.spreadsheet.rows` and
:mod:`~journeymap.formats.spreadsheet.items` (tables into journey data, problems by row and column),
:mod:`~journeymap.formats.spreadsheet.origins` (the model's problems told by row),
:mod:`~journeymap.formats.spreadsheet.lookup` (stages and steps found by id or name),
:mod:`~journeymap.formats.spreadsheet.reading` (the readers) and
:mod:`~journeymap.formats.spreadsheet.template` (:func:`spreadsheet_template`).
"""

from journeymap.formats.spreadsheet.archives import MAX_UNPACKED_BYTES
from journeymap.formats.spreadsheet.columns import TABLE_FILES
from journeymap.formats.spreadsheet.reading import csv_to_journey, xlsx_to_journey, zip_to_journey
from journeymap.formats.spreadsheet.template import spreadsheet_template
from journeymap.formats.spreadsheet.writing import journey_to_csv, journey_to_xlsx, journey_to_zip

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
