"""Zip archives opened safely: a zip of CSV tables, and the zip an Excel workbook is.

Everything is checked from the archive's directory before anything is unpacked, so that no upload
can hold the app for long or take much memory: a file is at most
:data:`~journeymap.formats.files.MAX_FILE_BYTES`, an archive unpacks to at most
:data:`MAX_UNPACKED_BYTES` and holds at most a few thousand files, none packed suspiciously tightly
(a zip bomb), none named with a NUL character or a ``..`` that leads out of the archive; the files
that are read are neither protected by a password nor packed other than stored or deflated (bzip2
and LZMA unpack a chunk at a time without a bound on what one chunk gives). What cannot be read
raises :class:`~journeymap.formats.spreadsheet.refused.Refused` with the problem saying why. CSV
text is decoded in :mod:`~journeymap.formats.spreadsheet.csv_text` (:func:`decode_csv` is
re-exported here) and workbooks are read in :mod:`~journeymap.formats.spreadsheet.workbooks`.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib
from collections.abc import Callable
from pathlib import PurePosixPath

from journeymap.errors import Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.formats.spreadsheet.columns import TABLE_FILES, TABLE_WORDS
from journeymap.formats.spreadsheet.csv_text import decode_csv
from journeymap.formats.spreadsheet.refused import Refused, too_large_message

__all__ = ["DAMAGED_ZIP", "MAX_CSV_FILES", "MAX_UNPACKED_BYTES", "Refused", "damaged_message", "decode_csv",
           "open_zip", "shown_name", "zip_csv_files"]

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
DAMAGED_ZIP = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
               ValueError, zlib.error, lzma.LZMAError)
_UNPACKED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
_METHOD_NAMES = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 95: "XZ", 97: "WavPack", 98: "PPMd"}
_PASSWORD = "is protected by a password; save it without a password and open that"
_ARCHIVES = {".zip": "a zip archive", ".xlsx": "an Excel workbook", ".xlsm": "an Excel workbook"}


class open_zip:
    """A zip archive opened after checking it is one and that unpacking it is safe.

    ``reads``: which members will be unpacked (all when None); only those must be unlocked and
    packed in a way journeymap unpacks.
    """

    def __init__(self, data: bytes, what: str, reads: Callable[[zipfile.ZipInfo], bool] | None = None) -> None:
        if len(data) > MAX_FILE_BYTES:
            raise Refused(Problem("", too_large_message(len(data))))
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise Refused(Problem("", _not_a_zip(data, what)))
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except DAMAGED_ZIP:
            raise Refused(Problem("", _damaged_directory(what))) from None
        members = self.archive.infolist()
        _check_members(members)
        _check_unpackable([member for member in members if reads is None or reads(member)])

    def __enter__(self) -> zipfile.ZipFile:
        return self.archive

    def __exit__(self, *exc: object) -> None:
        self.archive.close()


def _not_a_zip(data: bytes, what: str) -> str:
    """Why ``data`` is not a zip archive that can be opened: cut short, damaged, or no archive at all."""
    if data[:4] != b"PK\x03\x04":
        return f"is not {what}"
    # it starts as one: either the directory at its end is missing, or that directory is damaged
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_536 - 22))  # a zip comment is up to 64 kB
    if end >= 0 and len(data) - end >= 22:  # the end record is all there
        return _damaged_directory(what)
    return f"is {what} that is cut short (its end is missing): download or copy it again"


def _damaged_directory(what: str) -> str:
    return f"is {what} whose directory is damaged: download or copy it again"


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    """Refuse an archive of too many files, odd names, too large unpacked, or packed like a zip bomb."""
    if len(members) > _MAX_ZIP_MEMBERS:
        raise Refused(Problem("", f"holds {len(members):,} files; journeymap reads archives of up to "
                                  f"{_MAX_ZIP_MEMBERS:,}"))
    for member in members:
        _check_name(member.orig_filename)
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise Refused(Problem("", f"unpacks to {total / 1024 / 1024:.0f} MB; journeymap unpacks up to "
                                  f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB"))
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1024 * 1024 and member.file_size > _MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise Refused(Problem("", f"'{shown_name(member.filename)}' unpacks to {ratio:.0f} times its packed size; "
                                      "that is a zip bomb, not a spreadsheet"))


def _check_name(name: str) -> None:
    """Refuse a member name no archiver writes: a NUL in it, or a path leading out of the archive."""
    # nothing is ever unpacked to disk, but such a name is made to fool a program that does
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if "\x00" in name:
        what = "has a NUL character in it"
    elif ".." in parts or name.startswith(("/", "\\")):
        what = "leads out of the archive"
    else:
        return
    raise Refused(Problem("", f"holds a file whose name {what} ('{shown_name(name)}'); journeymap reads only "
                              "archives of plain file names: make the archive again from the files"))


def _check_unpackable(members: list[zipfile.ZipInfo]) -> None:
    """Refuse members protected by a password or packed in a way journeymap does not unpack."""
    for member in members:
        if member.flag_bits & 0x1:  # bit 0 of the general-purpose flags: encrypted (ZipCrypto or AES)
            raise Refused(Problem("", _PASSWORD))
    for member in members:
        if member.compress_type not in _UNPACKED_METHODS:
            method = _METHOD_NAMES.get(member.compress_type, f"an unknown method ({member.compress_type})")
            raise Refused(Problem("", f"'{shown_name(member.filename)}' is packed with {method} compression; "
                                      "journeymap unpacks only the usual kind (deflate): make the archive again "
                                      "with that"))


def shown_name(name: str) -> str:
    """A member name for a message: at most 80 characters, a NUL shown as ``\\0``."""
    return name.replace("\x00", "\\0")[:80]


def damaged_message(error: Exception) -> str:
    """What is wrong with an archive whose member could not be unpacked."""
    text = str(error)
    if isinstance(error, zipfile.BadZipFile) and text.startswith("Bad CRC-32 for file "):
        name = text.removeprefix("Bad CRC-32 for file ").strip("'\"")
        return (f"is damaged: '{shown_name(name)}' does not unpack to what was packed (its checksum does not match); "
                "download or copy it again")
    return f"is a damaged zip archive ({text[:200]})"


def zip_csv_files(data: bytes) -> dict[str, bytes]:
    """The CSV files in a zip archive by name (maybe in a folder), each read up to the file limit."""
    try:
        with open_zip(data, "a zip archive", reads=lambda member: _is_table(member.filename)) as archive:
            members = [member for member in archive.infolist() if not member.is_dir()]
            tables = [member for member in members if _is_table(member.filename)]
            if not tables:
                raise Refused(_no_tables(members))
            if len(tables) > MAX_CSV_FILES:
                raise Refused(too_many_csv_files(len(tables)))
            files: dict[str, bytes] = {}
            for member in tables:
                with archive.open(member) as stream:
                    files[member.filename] = stream.read(MAX_FILE_BYTES + 1)
    except DAMAGED_ZIP as error:
        raise Refused(Problem("", damaged_message(error))) from None
    return files


def _no_tables(members: list[zipfile.ZipInfo]) -> Problem:
    """The problem of an archive without CSV files: maybe it holds the archive or workbook to open."""
    for member in members:
        kind = _ARCHIVES.get(PurePosixPath(member.filename).suffix.casefold())
        if kind is not None:
            return Problem("", f"holds {kind} ('{shown_name(member.filename)}') but no .csv files: take it out of this "
                               "zip and open it")
    return Problem("", "holds no .csv files; it needs at least touchpoints.csv")


def too_many_csv_files(count: int) -> Problem:
    """The problem of an archive holding more CSV files than a journey has tables."""
    return Problem("", f"holds {count:,} CSV files; a journey has at most four tables ({TABLE_WORDS}): keep only "
                       "those")


def _is_table(name: str) -> bool:
    """A CSV file in a zip, not the ``__MACOSX`` folder or a hidden file a Mac adds."""
    path = PurePosixPath(name)
    return path.suffix.casefold() == ".csv" and "__MACOSX" not in path.parts and not path.name.startswith(".")
