"""Excel workbooks read safely: each part checked before openpyxl reads the sheets into tables.

A workbook is a zip archive (opened with the guards of :mod:`~journeymap.formats.spreadsheet.archives`)
of XML parts. Before openpyxl reads any of them, each XML part is parsed once with expat, streaming
and keeping nothing:

- a part that is not well-formed XML is named in the message, rather than openpyxl's error;
- a part with a document type declaration (``<!DOCTYPE``, where XML entities are declared) is
  refused: Excel never writes one, and entities are the way to XML external entity (XXE) reads and
  to entity-expansion bombs. openpyxl parses with the standard library's ElementTree, which does
  not fetch external entities either ("undefined entity") and whose expat caps entity expansion,
  so this is a second lock, and the reason defusedxml is not needed;
- the shared strings (the workbook's texts) are counted: openpyxl keeps each as a Python object
  (about 150 bytes), so more than :data:`MAX_SHARED_STRINGS` are refused before it reads them.

A password-protected workbook is no zip at all: Excel encrypts the whole package into an OLE
container, the format of an old ``.xls``; :func:`ole_problem` tells the two apart.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import PurePosixPath
from xml.parsers import expat

from journeymap.errors import Problem
from journeymap.formats.spreadsheet.archives import DAMAGED_ZIP, damaged_message, open_zip, shown_name
from journeymap.formats.spreadsheet.columns import SHEET_TITLES, normalise_heading
from journeymap.formats.spreadsheet.refused import Refused
from journeymap.formats.spreadsheet.tables import MAX_COLUMNS, CellBudget, Table, classify, kind_from_name, read_table

__all__ = ["MAX_SHARED_STRINGS", "check_workbook", "is_protected_workbook", "ole_problem", "sheet_rows",
           "unreadable_workbook", "workbook_tables"]

#: The most shared strings (distinct texts) a workbook may hold: a journey within the limits has
#: fewer than 500,000 cells, so fewer distinct texts; 500,000 take openpyxl about 75 MB.
MAX_SHARED_STRINGS = 500_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# the stream an encrypted Office file keeps its package in, as its OLE directory names it
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK_BYTES = 256 * 1024
_AGAIN = "save it again from Excel"


def is_protected_workbook(data: bytes) -> bool:
    """Whether ``data`` is an Office file encrypted with a password (an OLE container holding the package)."""
    return data[:8] == _OLE_MAGIC and _ENCRYPTED_PACKAGE in data


def ole_problem(data: bytes) -> Problem | None:
    """The problem of an OLE file given as a workbook: protected by a password, or an old .xls; else None."""
    if data[:8] != _OLE_MAGIC:
        return None
    if is_protected_workbook(data):
        return Problem("", "is protected by a password; save it without a password and open that")
    return Problem("", "is an old Excel file (.xls); open it in Excel and save it as .xlsx")


def workbook_tables(data: bytes) -> list[tuple[Table, str | None]]:
    """The tables of an Excel workbook's sheets, each with the kind its sheet name says (if any).

    A sheet that is neither named like a table nor headed like one is left out (a sheet of notes).
    Raises :class:`Refused` for anything that is not a workbook that can be read.
    """
    check_workbook(data)
    try:
        return _read_sheets(data)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise Refused(unreadable_workbook(error)) from None


def check_workbook(data: bytes) -> None:
    """Open the workbook's zip with its guards and check each XML part (see above), reading no sheet;
    raises :class:`Refused` for anything openpyxl should not be given."""
    with open_zip(data, "an Excel workbook (.xlsx)") as archive:
        if "[Content_Types].xml" not in archive.namelist():  # the part every Office file starts from
            raise Refused(Problem("", "is not an Excel workbook (.xlsx): it is a zip archive without a workbook in it"))
        try:
            for member in archive.infolist():
                if PurePosixPath(member.filename).suffix.casefold() in _XML_SUFFIXES:
                    _check_xml_part(archive, member)
        except DAMAGED_ZIP as error:
            raise Refused(Problem("", damaged_message(error))) from None


def unreadable_workbook(error: Exception) -> Problem:
    """The problem of a checked workbook that openpyxl still cannot read, from openpyxl's error."""
    return Problem("", _unreadable_message(error))


def sheet_rows(data: bytes) -> Iterator[tuple[str, Iterator[tuple[object, ...]]]]:
    """Each worksheet of a checked workbook (:func:`check_workbook`) as its title and its rows of cell
    values, read by openpyxl in read-only mode (row by row, as far as the caller reads); chart sheets
    are skipped. The workbook is closed when the caller stops."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops (styles, extensions)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if not hasattr(sheet, "iter_rows"):
                    continue  # a chart sheet
                sheet.reset_dimensions()  # a sheet's stated size may be wrong; read what is there
                yield sheet.title, sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        finally:
            workbook.close()


def _read_sheets(data: bytes) -> list[tuple[Table, str | None]]:
    """The sheets read by openpyxl (read-only: row by row), each only as far as its table is read."""
    found: list[tuple[Table, str | None]] = []
    by_name = {normalise_heading(title): kind for kind, title in SHEET_TITLES.items()}
    budget = CellBudget()  # one for the whole workbook: its tables together
    for title, rows in sheet_rows(data):
        kind = by_name.get(normalise_heading(title)) or kind_from_name(title)
        table = read_table(f"sheet {title}", rows, budget)
        if table is not None and (kind or classify(table, None)):
            found.append((table, kind))
        elif table is not None:
            budget.give_back(table)  # a sheet of notes is not kept
    return found


def _unreadable_message(error: Exception) -> str:
    """What to tell for a workbook openpyxl cannot read."""
    if isinstance(error, KeyError):  # "There is no item named 'xl/workbook.xml' in the archive"
        part = str(error.args[0]).removeprefix("There is no item named ").removesuffix(" in the archive")
        return f"is not an Excel workbook (.xlsx) that can be read: its part {part[:100]} is missing; {_AGAIN}"
    if isinstance(error, OSError) and "no valid workbook part" in str(error):
        return f"is not an Excel workbook (.xlsx) that can be read: it has no workbook part; {_AGAIN}"
    return f"is not an Excel workbook (.xlsx) that can be read ({type(error).__name__}: {error})"[:300]


class _DocumentType(Exception):
    """A part declares a document type (and so maybe entities)."""


class _TooManyStrings(Exception):
    """The shared strings run past MAX_SHARED_STRINGS."""


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Parse one XML part with expat, keeping nothing; refuse it if it is broken, declares a document
    type, or holds more than MAX_SHARED_STRINGS shared strings."""
    parser = expat.ParserCreate()  # without namespace processing, which would slow the parse
    parser.StartDoctypeDeclHandler = _refuse_document_type
    parser.EntityDeclHandler = _refuse_document_type  # cannot come without a DOCTYPE, but to be sure
    counter = _StringCounter(parser)
    parser.StartElementHandler = counter.root
    name = shown_name(member.filename)
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _DocumentType:
        raise Refused(Problem("", f"is not an Excel workbook journeymap reads: its part '{name}' declares an XML "
                                  "document type (<!DOCTYPE …>), which Excel never writes and which could make "
                                  f"the file read other files; {_AGAIN}")) from None
    except _TooManyStrings:
        raise Refused(Problem("", f"holds more than {MAX_SHARED_STRINGS:,} different texts, the most journeymap "
                                  "reads in a workbook (a journey within the limits has far fewer): delete the sheets "
                                  "that are not part of the journey")) from None
    except expat.ExpatError as error:
        raise Refused(Problem("", f"is damaged: its part '{name}' is not well-formed XML "
                                  f"({expat.ErrorString(error.code)}, line {error.lineno}); {_AGAIN}")) from None


def _refuse_document_type(*_: object) -> None:
    raise _DocumentType


class _StringCounter:
    """Counts the ``si`` elements of a shared-strings part; any other part is parsed without a handler."""

    def __init__(self, parser: expat.XMLParserType) -> None:
        self.parser = parser
        self.count = 0

    def root(self, name: str, attributes: object) -> None:
        # "sst", or "x:sst" with a namespace prefix
        if name.rpartition(":")[2] == "sst":
            self.parser.StartElementHandler = self.element
        else:
            self.parser.StartElementHandler = None  # a sheet's millions of cells need no Python call each

    def element(self, name: str, attributes: object) -> None:
        if name.rpartition(":")[2] == "si":
            self.count += 1
            if self.count > MAX_SHARED_STRINGS:
                raise _TooManyStrings
