"""CSV files decoded to rows: UTF-8 or Excel's Windows code page, comma, semicolon or tab separated.

A file is checked as a whole first (that it is text, and in which encoding) without decoding it into
one string, which for 20 MB with a single emoji in it would take 80 MB; then it is read row by row,
so that only what a table keeps stays in memory. A row is read up to :data:`MAX_ROW_CHARS` characters
and :data:`~journeymap.formats.spreadsheet.tables.MAX_COLUMNS` columns, and a file up to
:data:`~journeymap.formats.spreadsheet.tables.MAX_SCANNED_ROWS` rows (one more, to tell that it goes
on).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
from collections.abc import Iterator

from journeymap.errors import Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.formats.spreadsheet.refused import Refused, too_large_message
from journeymap.formats.spreadsheet.tables import MAX_COLUMNS, MAX_SCANNED_ROWS

__all__ = ["MAX_ROW_CHARS", "csv_rows", "decode_csv"]

#: Longest row read, in characters (line breaks inside quoted cells included). A journey's row is a
#: few thousand at most; a row is parsed into all its cells before the first 100 are kept, so a
#: 20 MB row of two-letter cells would take 400 MB as Python strings.
MAX_ROW_CHARS = 1024 * 1024
_CHUNK_BYTES = 1024 * 1024
# the five bytes Windows-1252 leaves undefined, and control characters no text file holds
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_csv(data: bytes, label: str) -> list[list[str]]:
    """All the rows of a CSV file (as far as they are read): :func:`csv_rows` as a list."""
    return list(csv_rows(data, label))


def csv_rows(data: bytes, label: str, delimiters: str = ",;\t") -> Iterator[list[str]]:
    """The rows of a CSV file, one at a time: UTF-8 with or without BOM; comma, semicolon or tab separated
    (or by whichever of ``delimiters`` its heading row uses most; one delimiter: that one).

    What makes the whole file unreadable (too large, binary, not text) raises :class:`Refused` at once;
    a row that cannot be parsed or is too long raises it when that row is reached.

    Examples
    --------
    >>> list(csv_rows(b"Name;Stage\\nOrders;Order\\n", "steps.csv"))
    [['Name', 'Stage'], ['Orders', 'Order']]
    """
    if len(data) > MAX_FILE_BYTES:
        raise Refused(Problem(label, too_large_message(len(data))))
    encoding = _encoding(data, label)
    delimiter = delimiters if len(delimiters) == 1 else _delimiter(data, encoding, delimiters)
    return _rows(data, encoding, delimiter, label)


def _encoding(data: bytes, label: str) -> str:
    """The file's encoding: UTF-8, else the Windows code page Excel writes; never binary."""
    if data[:4] == b"PK\x03\x04":
        raise Refused(Problem(label, "is a zip archive or an Excel workbook, not a CSV file"))
    bad = _first_bad_utf8(data)
    if bad is None:
        if b"\x00" in data:
            raise Refused(Problem(label, "is not a CSV file (it holds binary data)"))
        return "utf-8-sig"
    # Excel's plain "CSV (comma delimited)" on Windows writes the Western code page, not UTF-8:
    # read it as that when it is plainly text (no control characters), so "Café" stays "Café"
    if _CP1252_UNDEFINED.search(data) or _CONTROL.search(data):
        raise Refused(Problem(label, f"is not UTF-8 text (byte {bad} cannot be read); in Excel, save it as "
                                     "\"CSV UTF-8 (comma delimited)\""))
    return "cp1252"


def _first_bad_utf8(data: bytes) -> int | None:
    """Where ``data`` stops being UTF-8 (a byte offset), or None; decoded a megabyte at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    for start in range(0, len(data), _CHUNK_BYTES):
        held = len(decoder.getstate()[0])  # the start of a character cut by the last chunk
        try:
            decoder.decode(view[start:start + _CHUNK_BYTES], final=start + _CHUNK_BYTES >= len(data))
        except UnicodeDecodeError as error:
            return start - held + error.start
    return None


def _delimiter(data: bytes, encoding: str, delimiters: str) -> str:
    """The separator the heading row uses most: European Excel writes ";" (with a decimal comma)."""
    # the first 50 lines of the file's first megabyte, without splitting all of it
    head = data[:MAX_ROW_CHARS].decode(encoding, errors="ignore")
    lines = [line for line in itertools.islice(io.StringIO(head, newline=None), 50) if line.strip()]
    # a title typed above the table may have no separator at all: the first line with one decides
    first_line = next((line for line in lines if any(d in line for d in delimiters)), "")
    return max(delimiters, key=lambda d: (first_line.count(d), d == ","))


def _rows(data: bytes, encoding: str, delimiter: str, label: str) -> Iterator[list[str]]:
    """The parsed rows, each cut to the columns read; stops one row past what a table reads."""
    lines = _Lines(io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline=""), label)
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for row in itertools.islice(reader, MAX_SCANNED_ROWS + 1):
            lines.next_row()
            yield row[:MAX_COLUMNS]
    except csv.Error as error:
        raise Refused(Problem(label, f"is not a CSV file that can be read: {error}")) from None


class _Lines:
    """The file's lines for :func:`csv.reader`, refusing a row before it grows past MAX_ROW_CHARS."""

    def __init__(self, stream: io.TextIOWrapper, label: str) -> None:
        self.stream = stream
        self.label = label
        self.row = 1  # the row being read, numbered as the table numbers it
        self.row_chars = 0  # characters handed out for that row (a quoted cell may span lines)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.stream.readline(MAX_ROW_CHARS + 1)
        if not line:
            raise StopIteration
        self.row_chars += len(line)
        if self.row_chars > MAX_ROW_CHARS:
            raise Refused(Problem(self.label, f"row {self.row:,} is longer than {MAX_ROW_CHARS:,} characters, the most "
                                              "journeymap reads in one row: is this a table of a journey?"))
        return line

    def next_row(self) -> None:
        """The reader has a whole row: count the next one from zero."""
        self.row += 1
        self.row_chars = 0
