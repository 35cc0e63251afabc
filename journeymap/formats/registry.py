"""Every file format journeymap reads and writes, chosen by the file's extension.

One place that knows which module reads and writes which format, for ``journeymap convert`` and
the app's open and download menus:

========  =============================  ====  =====
ext.      what                           read  write
========  =============================  ====  =====
.json     the journey file               yes   yes
.mmd      Mermaid user-journey diagram   yes   yes
.csv      spreadsheet tables as CSV      yes   yes
.zip      the CSV tables in one zip      yes   yes
.xlsx     Excel workbook, a sheet each   yes   yes
.html     the workshop report            no    yes
.md       the workshop report, Markdown  no    yes
========  =============================  ====  =====

A CSV journey is several files side by side: ``team.csv`` holds the touchpoints and
``team.connections.csv``, ``team.stages.csv`` and ``team.journey.csv`` the rest; only the
touchpoints are required to read one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from journeymap.errors import JourneyFileError, JourneyMapError, Problem
from journeymap.formats.files import MAX_FILE_BYTES, read_file_bytes, too_large
from journeymap.formats.json_file import dumps, load, loads
from journeymap.model import Journey

__all__ = [
    "READ_FORMATS",
    "WRITE_FORMATS",
    "UnknownFormatError",
    "data_files",
    "file_format",
    "journey_from_bytes",
    "journey_from_files",
    "read_journey",
]

READ_FORMATS: dict[str, str] = {
    "json": "journey file (JSON)",
    "mmd": "Mermaid user journey",
    "csv": "CSV tables",
    "zip": "CSV tables in a zip",
    "xlsx": "Excel workbook",
}
WRITE_FORMATS: dict[str, str] = {
    **READ_FORMATS,
    "html": "workshop report (HTML)",
    "md": "workshop report (Markdown)",
}
_ALIASES = {"mermaid": "mmd", "markdown": "md", "htm": "html"}
CSV_TABLES = ("connections", "stages", "journey")  # beside the touchpoints: team.connections.csv, …


class UnknownFormatError(JourneyMapError, ValueError):
    """A file name whose extension journeymap cannot read (or write)."""


def file_format(path: str | os.PathLike[str], *, writing: bool = False) -> str:
    """The format of a file from its extension: a key of READ_FORMATS (or WRITE_FORMATS).

    Examples
    --------
    >>> file_format("diner.JSON"), file_format("diner.mermaid"), file_format("out.md", writing=True)
    ('json', 'mmd', 'md')
    >>> file_format("notes.txt")
    Traceback (most recent call last):
    ...
    journeymap.formats.registry.UnknownFormatError: cannot read 'notes.txt': journeymap reads .json, .mmd, .csv, .zip, .xlsx
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    suffix = _ALIASES.get(suffix, suffix)
    known = WRITE_FORMATS if writing else READ_FORMATS
    if suffix not in known:
        verb = "write" if writing else "read"
        names = ", ".join(f".{name}" for name in known)
        raise UnknownFormatError(f"cannot {verb} '{Path(path).name}': journeymap {verb}s {names}")
    return suffix


def journey_from_bytes(data: bytes, file_name: str) -> Journey:
    """Read a journey from the bytes of one file, in the format its name says.

    A lone ``.csv`` is the touchpoints table only (no connections). Raises
    :class:`JourneyFileError` for anything that is not a journey, naming ``file_name``.

    Examples
    --------
    >>> journey = journey_from_bytes(b"journey\\n  section Order\\n    Ask for coffee: 4: Me\\n", "cafe.mmd")
    >>> [touchpoint.name for touchpoint in journey.touchpoints]
    ['Ask for coffee']
    """
    kind = file_format(file_name)
    if len(data) > MAX_FILE_BYTES:
        raise JourneyFileError([too_large(len(data))], file_name)
    try:
        return _journey_from_bytes(data, file_name, kind)
    except JourneyFileError:
        actual = _looks_like(data)
        if actual is None or actual == kind:
            raise
        # a file renamed or saved under the wrong extension: its real kind says more than its errors
        suffix = Path(file_name).suffix
        raise JourneyFileError(
            [Problem("", f"has the extension {suffix} but holds {_KIND_WORDS[actual]}: rename it to "
                         f"{Path(file_name).stem}.{actual} and open that")], file_name) from None


_KIND_WORDS = {"json": "a journey file (JSON)", "mmd": "a Mermaid diagram", "csv": "a CSV table", "zip": "a zip archive",
               "xlsx": "an Excel workbook"}


def _looks_like(data: bytes) -> str | None:
    """The format the bytes plainly are, whatever the file's name says; None when unsure."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx" if b"xl/workbook.xml" in data or b"[Content_Types].xml" in data else "zip"
    from journeymap.formats.spreadsheet.workbooks import is_protected_workbook

    if is_protected_workbook(data):  # Excel encrypts a workbook saved with a password into an OLE file
        return "xlsx"
    try:
        text = data[:4096].decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("%%")]
    if not lines:
        return None
    if lines[0].startswith("{") and '"' in lines[0] + "".join(lines[1:2]):
        return "json"
    if lines[0].lower() == "journey":
        return "mmd"
    if len(lines) > 1 and any(lines[0].count(d) >= 1 and lines[0].count(d) == lines[1].count(d) for d in ",;\t"):
        return "csv"
    return None


def _journey_from_bytes(data: bytes, file_name: str, kind: str) -> Journey:
    if kind == "json":
        return loads(data, file_name)
    if kind == "mmd":
        from journeymap.formats.mermaid import mermaid_to_journey

        return mermaid_to_journey(data, file_name)
    if kind == "csv":
        return _csv_tables({file_name: data})
    if kind == "zip":
        from journeymap.formats.spreadsheet import zip_to_journey

        return zip_to_journey(data, file_name)
    from journeymap.formats.spreadsheet import xlsx_to_journey

    return xlsx_to_journey(data, file_name)


def journey_from_files(files: Mapping[str, bytes]) -> Journey:
    """Read a journey from several files at once: the CSV tables of one journey, or one file.

    Which CSV is which table is told by its name (``…connections.csv``) or else its headings.
    """
    if len(files) == 1:
        (name, data), = files.items()
        return journey_from_bytes(data, name)
    names = list(files)
    for name in names:
        if file_format(name) != "csv":
            raise JourneyFileError(
                [Problem("", "several files can be read together only when all are CSV tables of one journey")],
                ", ".join(names))
    total = sum(len(data) for data in files.values())
    if total > MAX_FILE_BYTES:
        raise JourneyFileError(
            [Problem("", f"are {total / 1024 / 1024:.1f} MB together; journeymap reads up to "
                         f"{MAX_FILE_BYTES // 1024 // 1024} MB")], ", ".join(names))
    return _csv_tables(files)


def _csv_tables(files: Mapping[str, bytes]) -> Journey:
    from journeymap.formats.spreadsheet import csv_to_journey

    return csv_to_journey(dict(files), _csv_source(list(files)))


def read_journey(path: str | os.PathLike[str], *, unknown_as_json: bool = False) -> Journey:
    """Read a journey file of any readable format; for ``team.csv`` also the tables beside it.

    Raises :class:`UnknownFormatError` for an extension journeymap does not read (with
    ``unknown_as_json``, such a file is read as a journey file instead) and
    :class:`JourneyFileError` for a file that cannot be read or is not a valid journey.
    """
    path = Path(path)
    try:
        kind = file_format(path)
    except UnknownFormatError:
        if not unknown_as_json:
            raise
        kind = "json"
    if kind == "json":
        return load(path)
    if kind != "csv":
        return journey_from_bytes(read_file_bytes(path), str(path))
    files = {str(path): read_file_bytes(path)}
    for sibling in _csv_siblings(path):
        if sibling.is_file():
            files[str(sibling)] = read_file_bytes(sibling)
    return journey_from_files(files)


def data_files(journey: Journey, file_name: str) -> dict[str, bytes]:
    """The files that hold ``journey`` in the data format ``file_name`` says (JSON, Mermaid, CSV,
    zip, Excel), by name: usually one; CSV gives the touchpoints under ``file_name`` and the other
    tables beside it. Reports and images are made one layer up, by :mod:`journeymap.convert`.

    Examples
    --------
    >>> from journeymap.formats.json_file import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}], '
    ...                 '"touchpoints": [{"id": "ask", "name": "Ask", "stage": "s"}]}')
    >>> sorted(data_files(journey, "cafe.csv"))
    ['cafe.connections.csv', 'cafe.csv', 'cafe.journey.csv', 'cafe.stages.csv']
    """
    kind = file_format(file_name)
    path = Path(file_name)
    if kind == "json":
        return {file_name: dumps(journey).encode("utf-8")}
    if kind == "mmd":
        from journeymap.formats.mermaid import journey_to_mermaid

        return {file_name: journey_to_mermaid(journey).encode("utf-8")}
    if kind == "csv":
        from journeymap.formats.spreadsheet import journey_to_csv

        tables = journey_to_csv(journey)
        files = {file_name: tables["touchpoints.csv"]}
        for table, sibling in zip(CSV_TABLES, _csv_siblings(path)):
            files[str(sibling)] = tables[f"{table}.csv"]
        return files
    if kind == "zip":
        from journeymap.formats.spreadsheet import journey_to_zip

        return {file_name: journey_to_zip(journey)}
    from journeymap.formats.spreadsheet import journey_to_xlsx

    return {file_name: journey_to_xlsx(journey)}


def _csv_table_path(path: Path, table: str) -> Path:
    """``team.csv`` → ``team.connections.csv``."""
    return path.with_name(f"{path.stem}.{table}.csv")


def _csv_siblings(path: Path) -> list[Path]:
    """The other tables of the CSV journey whose touchpoints are ``path``.

    ``team.csv`` → ``team.connections.csv`` …; a table named ``touchpoints.csv`` or
    ``team.touchpoints.csv`` (as in a zip) finds ``connections.csv`` or ``team.connections.csv``.
    """
    stem = path.stem
    for marker in (".touchpoints", "-touchpoints", "_touchpoints"):
        if stem.lower().endswith(marker):
            base = stem[: -len(marker)]
            return [path.with_name(f"{base}{marker[0]}{table}.csv") for table in CSV_TABLES]
    if stem.lower() == "touchpoints":
        return [path.with_name(f"{table}.csv") for table in CSV_TABLES]
    return [_csv_table_path(path, table) for table in CSV_TABLES]


def _csv_source(names: list[str]) -> str:
    """One name for a set of CSV tables in messages and as the default title: the touchpoints'."""
    for name in names:
        stem = Path(name).stem.lower()
        if not any(stem.endswith(table) for table in CSV_TABLES):
            return name
    return names[0]
