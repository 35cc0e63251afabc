"""The files a spreadsheet arrives in: CSV text decoded to rows, zip archives and workbooks unpacked.

Everything is checked before it is unpacked or read in full, so that no upload can hold the app
for long: a file is at most :data:`~journeymap.formats.files.MAX_FILE_BYTES`, an archive unpacks to
at most :data:`MAX_UNPACKED_BYTES`, holds at most a few thousand files and no member packed
suspiciously tightly (a zip bomb), and only the rows and columns a table is read to are kept.
What cannot be read at all raises :class:`Refused` with the problem saying why.
"""

from __future__ import annotations

import csv
import io
import itertools
import lzma
import re
import warnings
import zipfile
import zlib
from pathlib import PurePosixPath

from journeymap.errors import Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.formats.spreadsheet.columns import SHEET_TITLES, TABLE_FILES, TABLE_WORDS, normalise_heading
from journeymap.formats.spreadsheet.tables import (
    MAX_COLUMNS,
    MAX_SCANNED_ROWS,
    Table,
    classify,
    kind_from_name,
    read_table,
)

__all__ = ["MAX_CSV_FILES", "MAX_UNPACKED_BYTES", "Refused", "decode_csv", "open_zip", "workbook_tables",
           "zip_csv_files"]

#: Largest total size of the files inside a zip or xlsx once unpacked (40 MB): a guard against zip
#: bombs, checked before anything is unpacked. A 10,000-touchpoint workbook unpacks to about 15 MB,
#: and a journey within the 20 MB file limit to well under 40; openpyxl reads about 1 MB a second
#: of sheet XML, so a cap far above that would let one upload hold the app for minutes.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
# CSV files read as one journey: it has four tables, so more can only be an error; reading each one
# costs time (a zip of 100 small files of blank lines took 12 s), so many are refused unread.
MAX_CSV_FILES = 2 * len(TABLE_FILES)
# A member unpacking to more than this many times its packed size is a zip bomb, not a spreadsheet
# (repetitive sheet XML packs about 20 to 50 times; deflate cannot go beyond about 1000).
_MAX_COMPRESSION_RATIO = 400
_MAX_ZIP_MEMBERS = 10_000
# What zipfile and its decompressors raise for an archive damaged past its directory.
_DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError,
                zlib.error, lzma.LZMAError)


class Refused(Exception):
    """The input cannot be read at all; carries the problem saying why."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = list(problems)
        super().__init__(problems)


def too_large_message(size: int) -> str:
    """The message for a file beyond the size journeymap reads."""
    return f"is {size / 1024 / 1024:.1f} MB; journeymap reads files up to {MAX_FILE_BYTES // 1024 // 1024} MB"


# --------------------------------------------------------------------------------------------------
# CSV files


def decode_csv(data: bytes, label: str) -> list[list[str]]:
    """The rows of a CSV file: UTF-8 with or without BOM; comma, semicolon or tab separated."""
    if len(data) > MAX_FILE_BYTES:
        raise Refused(Problem(label, too_large_message(len(data))))
    text = _csv_text(data, label)
    delimiter = _delimiter(text)
    try:
        # only the rows and columns read_table looks at (as for a sheet): a file of 20 MB of line
        # breaks or commas would otherwise become millions of Python lists or strings
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [row[:MAX_COLUMNS] for row in itertools.islice(reader, MAX_SCANNED_ROWS + 1)]
    except csv.Error as error:
        raise Refused(Problem(label, f"is not a CSV file that can be read: {error}")) from None


def _csv_text(data: bytes, label: str) -> str:
    """The text of a CSV file: UTF-8, else the Windows code page Excel writes; never binary."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Excel's plain "CSV (comma delimited)" on Windows writes the Western code page, not UTF-8:
        # read it as that when it is plainly text (no control characters), so "Café" stays "Café"
        windows = _windows_text(data)
        if windows is None:
            raise Refused(
                Problem(label, f"is not UTF-8 text (byte {error.start} cannot be read); in Excel, save it as "
                               "\"CSV UTF-8 (comma delimited)\"")
            ) from None
        text = windows
    if "\x00" in text:
        raise Refused(Problem(label, "is not a CSV file (it holds binary data)"))
    return text


def _delimiter(text: str) -> str:
    """The separator the heading row uses most: European Excel writes ";" (with a decimal comma)."""
    # the first 50 lines, without splitting all of a file that may be millions of blank lines
    lines = [line for line in itertools.islice(io.StringIO(text, newline=None), 50) if line.strip()]
    # a title typed above the table may have no separator at all: the first line with one decides
    first_line = next((line for line in lines if any(d in line for d in ",;\t")), "")
    return max((",", ";", "\t"), key=lambda d: (first_line.count(d), d == ","))


def _windows_text(data: bytes) -> str | None:
    """``data`` as Windows-1252 text, or None when it does not read as text in that code page."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return None
    return None if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text) else text


# --------------------------------------------------------------------------------------------------
# Zip archives and workbooks


class open_zip:
    """A zip archive opened after checking it is one and that unpacking it is safe."""

    def __init__(self, data: bytes, what: str) -> None:
        if len(data) > MAX_FILE_BYTES:
            raise Refused(Problem("", too_large_message(len(data))))
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise Refused(Problem("", f"is not {what}"))
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
            raise Refused(Problem("", f"is not {what} (it is damaged)")) from None
        _check_members(self.archive.infolist())

    def __enter__(self) -> zipfile.ZipFile:
        return self.archive

    def __exit__(self, *exc: object) -> None:
        self.archive.close()


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive of too many files, too large unpacked, or with a member packed like a zip bomb."""
    if len(members) > _MAX_ZIP_MEMBERS:
        raise Refused(Problem("", f"holds {len(members):,} files; journeymap reads archives of up to "
                                  f"{_MAX_ZIP_MEMBERS:,}"))
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise Refused(Problem("", f"unpacks to {total / 1024 / 1024:.0f} MB; journeymap unpacks up to "
                                  f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB"))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and member.file_size > _MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise Refused(Problem("", f"'{member.filename[:80]}' unpacks to {ratio:.0f} times its packed size; that "
                                      "is a zip bomb, not a spreadsheet"))


def zip_csv_files(data: bytes) -> dict[str, bytes]:
    """The CSV files in a zip archive by name (maybe in a folder), each read up to the file limit."""
    try:
        with open_zip(data, "a zip archive") as archive:
            tables = [member for member in archive.infolist() if not member.is_dir() and _is_table(member.filename)]
            if len(tables) > MAX_CSV_FILES:
                raise Refused(too_many_csv_files(len(tables)))
            files: dict[str, bytes] = {}
            for member in tables:
                with archive.open(member) as stream:
                    files[member.filename] = stream.read(MAX_FILE_BYTES + 1)
    except _DAMAGED_ZIP as error:
        raise Refused(Problem("", f"is a damaged zip archive ({error})")) from None
    return files


def too_many_csv_files(count: int) -> Problem:
    """The problem of an archive holding more CSV files than a journey has tables."""
    return Problem("", f"holds {count:,} CSV files; a journey has at most four tables ({TABLE_WORDS}): keep only "
                       "those")


def _is_table(name: str) -> bool:
    """A CSV file in a zip, not the ``__MACOSX`` folder or a hidden file a Mac adds."""
    path = PurePosixPath(name)
    return path.suffix.casefold() == ".csv" and "__MACOSX" not in path.parts and not path.name.startswith(".")


def workbook_tables(data: bytes) -> list[tuple[Table, str | None]]:
    """The tables of an Excel workbook's sheets, each with the kind its sheet name says (if any).

    A sheet that is neither named like a table nor headed like one is left out (a sheet of notes).
    """
    from openpyxl import load_workbook

    found: list[tuple[Table, str | None]] = []
    by_name = {normalise_heading(title): kind for kind, title in SHEET_TITLES.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops (styles, extensions)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                if not hasattr(sheet, "iter_rows"):
                    continue  # a chart sheet
                sheet.reset_dimensions()  # a sheet's stated size may be wrong; read what is there
                kind = by_name.get(normalise_heading(sheet.title)) or kind_from_name(sheet.title)
                table = read_table(f"sheet {sheet.title}", sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
                if table is not None and (kind or classify(table, None)):
                    found.append((table, kind))
        finally:
            workbook.close()
    return found
