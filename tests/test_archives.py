"""Archives and workbooks that are damaged, locked, odd or huge: each a clear message, in bounded memory.

Every file here is built in the test, most byte by byte (:func:`raw_zip`), since the standard library
writes neither encrypted archives nor broken ones.
"""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

from journeymap.errors import JourneyFileError
from journeymap.formats.registry import journey_from_bytes
from journeymap.formats.spreadsheet import (
    csv_to_journey,
    journey_to_xlsx,
    journey_to_zip,
    xlsx_to_journey,
    zip_to_journey,
)
from journeymap.formats.spreadsheet.columns import TOUCHPOINT_COLUMNS
from journeymap.formats.spreadsheet.csv_text import MAX_ROW_CHARS
from journeymap.formats.spreadsheet.tables import JOURNEY_CELLS, MAX_CELLS
from journeymap.model import Journey
from tests.journeys import make

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "is protected by a password; save it without a password and open that"
TOUCHPOINTS = b"Name,Stage\nOrders,Order\nPays,Pay\n"
VALID_XLSX = journey_to_xlsx(make([{"id": "a"}, {"id": "b"}], [{"from": "a", "to": "b"}]))


def problems_of(call: Any, *args: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        call(*args, **kwargs)
    return [str(problem) for problem in caught.value.problems]


# --------------------------------------------------------------------------------------------------
# Building archives byte by byte


def raw_zip(*members: dict[str, Any]) -> bytes:
    """A zip archive written field by field; each member: name (bytes), payload (bytes as stored) and
    optionally flags, method, crc, size (unpacked), central_size and extra (central directory only)."""
    body, central = bytearray(), bytearray()
    for member in members:
        name, payload = member["name"], member["payload"]
        flags, method = member.get("flags", 0), member.get("method", 0)
        crc, size = member.get("crc", zlib.crc32(payload)), member.get("size", len(payload))
        offset = len(body)
        body += struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", 20, 0, flags, method, 0, 0x21, crc, len(payload), size,
                            len(name), 0) + name + payload
        extra = member.get("extra", b"")
        central_size = member.get("central_size", size)
        compressed = 0xFFFFFFFF if central_size == 0xFFFFFFFF else len(payload)
        central += struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", 20, 0, 20, 0, flags, method, 0, 0x21, crc, compressed,
                               central_size, len(name), len(extra), 0, 0, 0, 0, offset) + name + extra
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(body), 0)
    return bytes(body + central + end)


def zipcrypto(plain: bytes, password: bytes, crc: int) -> bytes:
    """``plain`` encrypted with the traditional PKWARE cipher (ZipCrypto), its 12-byte header first."""
    keys = [0x12345678, 0x23456789, 0x34567890]

    def crc_byte(value: int, byte: int) -> int:  # PKWARE's crc32(key, byte): zlib's without the inversions
        return ~zlib.crc32(bytes([byte]), ~value & 0xFFFFFFFF) & 0xFFFFFFFF

    def update(byte: int) -> None:
        keys[0] = crc_byte(keys[0], byte)
        keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        keys[2] = crc_byte(keys[2], keys[1] >> 24)

    for byte in password:
        update(byte)
    out = bytearray()
    for byte in bytes(random.Random(1).randbytes(11)) + bytes([crc >> 24]) + plain:
        temp = (keys[2] | 2) & 0xFFFF
        out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
        update(byte)
    return bytes(out)


def zipped(files: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def rezipped(data: bytes, replace: dict[str, bytes | str | None]) -> bytes:
    """The archive ``data`` with some members replaced (None: left out)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files: dict[str, bytes | str] = {name: archive.read(name) for name in archive.namelist()}
    for name, content in replace.items():
        if content is None:
            files.pop(name, None)
        else:
            files[name] = content
    return zipped(files)


# --------------------------------------------------------------------------------------------------
# Protected by a password


def test_a_zipcrypto_encrypted_zip_says_it_is_protected_by_a_password() -> None:
    crc = zlib.crc32(TOUCHPOINTS)
    data = raw_zip({"name": b"touchpoints.csv", "payload": zipcrypto(TOUCHPOINTS, b"secret", crc), "flags": 0x1,
                    "crc": crc, "size": len(TOUCHPOINTS)})
    # the bytes are real ZipCrypto: the standard library opens them with the password
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("touchpoints.csv", pwd=b"secret") == TOUCHPOINTS
    assert problems_of(zip_to_journey, data) == [PASSWORD]
    assert problems_of(journey_from_bytes, data, "map.zip") == [PASSWORD]
    # the flag alone decides (AES-encrypted members carry it too), whatever the method
    flagged = raw_zip({"name": b"touchpoints.csv", "payload": b"x" * 40, "flags": 0x1, "method": 99})
    assert problems_of(zip_to_journey, flagged) == [PASSWORD]


def test_a_workbook_with_an_encrypted_member_says_so() -> None:
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as archive:
        members = [{"name": info.filename.encode(), "payload": archive.read(info), "flags": 0x1 if index == 0 else 0}
                   for index, info in enumerate(archive.infolist())]
    assert problems_of(xlsx_to_journey, raw_zip(*members)) == [PASSWORD]


def ole_file(*streams: str) -> bytes:
    """The start of an OLE (compound file) container: its header, and a directory naming the streams."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") + bytes(64) for name in ("Root Entry", *streams))
    return header + directory.ljust(1024, b"\0")


def test_a_password_protected_workbook_is_told_from_an_old_xls(capsys: pytest.CaptureFixture[str],
                                                               tmp_path: Path) -> None:
    protected = ole_file("EncryptionInfo", "EncryptedPackage")
    assert problems_of(xlsx_to_journey, protected) == [PASSWORD]
    assert problems_of(journey_from_bytes, protected, "map.xlsx") == [PASSWORD]
    # saved under another extension, it is told what it is first
    assert problems_of(journey_from_bytes, protected, "map.zip") == [
        "has the extension .zip but holds an Excel workbook: rename it to map.xlsx and open that"]
    assert problems_of(xlsx_to_journey, ole_file("Workbook")) == [
        "is an old Excel file (.xls); open it in Excel and save it as .xlsx"]
    # the command line and the app's uploader say the same, without a traceback
    from journeymap.cli import main
    from journeymap.store.workspace import read_upload

    path = tmp_path / "locked.xlsx"
    path.write_bytes(protected)
    assert main(["validate", str(path)]) == 1
    output = capsys.readouterr()
    assert f"{path}: {PASSWORD}" in output.out + output.err and "Traceback" not in output.out + output.err
    assert problems_of(read_upload, protected, "locked.xlsx") == [PASSWORD]


# --------------------------------------------------------------------------------------------------
# Damaged archives


def test_a_truncated_zip_says_it_is_cut_short() -> None:
    data = journey_to_zip(make([{"id": "a"}], []))
    for cut in (len(data) // 2, len(data) - 10):
        assert problems_of(zip_to_journey, data[:cut]) == [
            "is a zip archive that is cut short (its end is missing): download or copy it again"], cut
    assert problems_of(xlsx_to_journey, VALID_XLSX[: len(VALID_XLSX) // 2]) == [
        "is an Excel workbook (.xlsx) that is cut short (its end is missing): download or copy it again"]


def test_a_member_with_a_bad_checksum_is_named() -> None:
    data = bytearray(zipped({"touchpoints.csv": TOUCHPOINTS}, compression=zipfile.ZIP_STORED))
    data[data.index(b"Orders")] ^= 0x20  # "orders": one bit of the stored data flipped
    assert problems_of(zip_to_journey, bytes(data)) == [
        "is damaged: 'touchpoints.csv' does not unpack to what was packed (its checksum does not match); download "
        "or copy it again"]


@pytest.mark.parametrize(("method", "named"), [(zipfile.ZIP_BZIP2, "bzip2"), (zipfile.ZIP_LZMA, "LZMA"),
                                                (9, "Deflate64"), (77, "an unknown method (77)")])
def test_compression_other_than_deflate_is_refused_unread(method: int, named: str) -> None:
    if method in (zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA):
        data = zipped({"touchpoints.csv": TOUCHPOINTS}, compression=method)
    else:
        data = raw_zip({"name": b"touchpoints.csv", "payload": b"\x00" * 30, "method": method})
    expected = (f"'touchpoints.csv' is packed with {named} compression; journeymap unpacks only the usual kind "
                "(deflate): make the archive again with that")
    assert problems_of(zip_to_journey, data) == [expected]
    # a file that is not read may be packed any way
    readme = raw_zip({"name": b"touchpoints.csv", "payload": TOUCHPOINTS},
                     {"name": b"readme.txt", "payload": b"\x00" * 30, "method": method})
    assert isinstance(zip_to_journey(readme), Journey)


def test_zip64_sizes_and_directories_that_do_not_add_up() -> None:
    # a member whose zip64 extra field says it unpacks to a terabyte is refused before unpacking
    huge = raw_zip({"name": b"touchpoints.csv", "payload": TOUCHPOINTS, "central_size": 0xFFFFFFFF,
                    "extra": struct.pack("<HHQQ", 1, 16, 2**40, len(TOUCHPOINTS))})
    assert problems_of(zip_to_journey, huge) == ["unpacks to 1048576 MB; journeymap unpacks up to 40 MB"]
    # a zip64 locator pointing at no zip64 end record: the directory cannot be found
    data = bytearray(raw_zip({"name": b"touchpoints.csv", "payload": TOUCHPOINTS}))
    end = data.rindex(b"PK\x05\x06")
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 3, 1)  # points at offset 3: no zip64 end record there
    broken = bytes(data[:end] + locator + data[end:])
    assert problems_of(zip_to_journey, broken) == [
        "is a zip archive whose directory is damaged: download or copy it again"]


@pytest.mark.parametrize(("name", "shown", "what"), [
    (b"touch\x00points.csv", "touch\\0points.csv", "has a NUL character in it"),
    (b"../touchpoints.csv", "../touchpoints.csv", "leads out of the archive"),
    (b"maps/../../touchpoints.csv", "maps/../../touchpoints.csv", "leads out of the archive"),
    (b"/etc/touchpoints.csv", "/etc/touchpoints.csv", "leads out of the archive"),
])
def test_member_names_no_archiver_writes_are_refused(name: bytes, shown: str, what: str) -> None:
    data = raw_zip({"name": b"touchpoints.csv", "payload": TOUCHPOINTS}, {"name": name, "payload": TOUCHPOINTS})
    assert problems_of(zip_to_journey, data) == [
        f"holds a file whose name {what} ('{shown}'); journeymap reads only archives of plain file names: make the "
        "archive again from the files"]


def test_a_zip_inside_a_zip_says_to_take_it_out() -> None:
    inner = journey_to_zip(make([{"id": "a"}], []))
    assert problems_of(zip_to_journey, zipped({"maps/inner.zip": inner})) == [
        "holds a zip archive ('maps/inner.zip') but no .csv files: take it out of this zip and open it"]
    assert problems_of(zip_to_journey, zipped({"Map.XLSX": VALID_XLSX, "notes.txt": "x"})) == [
        "holds an Excel workbook ('Map.XLSX') but no .csv files: take it out of this zip and open it"]
    assert problems_of(zip_to_journey, zipped({"notes.txt": "x"})) == [
        "holds no .csv files; it needs at least touchpoints.csv"]
    # an archive named .csv inside the zip
    assert problems_of(zip_to_journey, zipped({"touchpoints.csv": inner})) == [
        "touchpoints.csv: is a zip archive or an Excel workbook, not a CSV file"]
    # beside CSV files, an archive inside is ignored
    assert isinstance(zip_to_journey(zipped({"touchpoints.csv": TOUCHPOINTS, "old.zip": inner})), Journey)


# --------------------------------------------------------------------------------------------------
# Workbooks: missing parts, broken XML, entities


def test_a_workbook_missing_its_workbook_part() -> None:
    assert problems_of(xlsx_to_journey, rezipped(VALID_XLSX, {"xl/workbook.xml": None})) == [
        "is not an Excel workbook (.xlsx) that can be read: its part 'xl/workbook.xml' is missing; save it again "
        "from Excel"]
    assert problems_of(xlsx_to_journey, rezipped(VALID_XLSX, {"[Content_Types].xml": None})) == [
        "is not an Excel workbook (.xlsx): it is a zip archive without a workbook in it"]


def test_broken_xml_in_a_workbook_names_the_part() -> None:
    assert problems_of(xlsx_to_journey, rezipped(VALID_XLSX, {"xl/workbook.xml": "<workbook><sheets>"})) == [
        "is damaged: its part 'xl/workbook.xml' is not well-formed XML (no element found, line 1); save it again "
        "from Excel"]
    sheet = "xl/worksheets/sheet3.xml"
    assert problems_of(xlsx_to_journey, rezipped(VALID_XLSX, {sheet: "<worksheet>\n<sheetData><row></sheetData>"})) == [
        f"is damaged: its part '{sheet}' is not well-formed XML (mismatched tag, line 2); save it again from Excel"]


ENTITY_MESSAGE = ("is not an Excel workbook journeymap reads: its part '{}' declares an XML document type "
                  "(<!DOCTYPE …>), which Excel never writes and which could make the file read other files; save it "
                  "again from Excel")


def test_xml_entities_are_refused_and_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as archive:
        names = archive.namelist()
        workbook = archive.read("xl/workbook.xml").decode()
    external = workbook.replace("<workbook", f'<!DOCTYPE workbook [<!ENTITY e SYSTEM "{secret.as_uri()}">]>\n<workbook',
                                1).replace('name="Journey"', 'name="&e;"')
    assert "xl/workbook.xml" in names and "&e;" in external
    problems = problems_of(xlsx_to_journey, rezipped(VALID_XLSX, {"xl/workbook.xml": external}))
    assert problems == [ENTITY_MESSAGE.format("xl/workbook.xml")]
    # an entity-expansion bomb ("billion laughs"), declared in a part of its own
    laughs = '<!ENTITY a "ha">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                                          for i in range(8))
    bomb = f'<?xml version="1.0"?><!DOCTYPE r [{laughs}]><r>&i;</r>'
    assert problems_of(xlsx_to_journey, rezipped(VALID_XLSX, {"docProps/custom.xml": bomb})) == [
        ENTITY_MESSAGE.format("docProps/custom.xml")]
    # the second lock: openpyxl's own parser does not fetch the file either. Over ElementTree (expat) it
    # refuses the entity; with lxml installed (another package may bring it) it leaves the entity empty.
    from openpyxl.xml.functions import fromstring, tostring

    for text in (external, f'<!DOCTYPE r [<!ENTITY e SYSTEM "{secret.as_uri()}">]><r>&e;</r>'):
        try:
            parsed = tostring(fromstring(text.encode()))
        except SyntaxError as error:  # ElementTree's ParseError
            assert "entity" in str(error) and "TOP-SECRET" not in str(error)
        else:
            assert b"TOP-SECRET" not in parsed


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def shared_strings_workbook(strings: list[str], rows: list[list[int]]) -> bytes:
    """A workbook as Excel saves one: a sheet Touchpoints whose cells point into a shared-strings part."""
    sheet_rows = "".join(f'<row r="{number}">' + "".join(f'<c r="{chr(65 + column)}{number}" t="s"><v>{index}</v></c>'
                                                         for column, index in enumerate(row)) + "</row>"
                         for number, row in enumerate(rows, start=1))
    relation = f"{_RELATIONSHIPS}/"
    return zipped({
        "[Content_Types].xml": f'<Types xmlns="{_PACKAGE}/content-types">'
                               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                               f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
                               f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
                               f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
                               "</Types>",
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE}/relationships"><Relationship Id="rId1" '
                       f'Type="{relation}officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}"><sheets>'
                           '<sheet name="Touchpoints" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE}/relationships">'
                                      f'<Relationship Id="rId1" Type="{relation}worksheet" '
                                      'Target="worksheets/sheet1.xml"/>'
                                      f'<Relationship Id="rId2" Type="{relation}sharedStrings" '
                                      'Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{sheet_rows}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}">' + "".join(f"<si><t>{text}</t></si>" for text in strings)
                                + "</sst>",
    })


def test_too_many_shared_strings_are_refused_before_openpyxl_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeymap.formats.spreadsheet import workbooks

    # 32 distinct texts: the headings, 30 step names and the stage
    strings = ["Name", "Stage", "Order"] + [f"Step {index}" for index in range(29)]
    data = shared_strings_workbook(strings, [[0, 1]] + [[3 + index, 2] for index in range(29)])
    monkeypatch.setattr(workbooks, "MAX_SHARED_STRINGS", 32)
    assert [tp.name for tp in xlsx_to_journey(data).touchpoints][:2] == ["Step 0", "Step 1"]
    monkeypatch.setattr(workbooks, "MAX_SHARED_STRINGS", 31)
    assert problems_of(xlsx_to_journey, data) == [
        "holds more than 31 different texts, the most journeymap reads in a workbook (a journey within the limits has "
        "far fewer): delete the sheets that are not part of the journey"]


# --------------------------------------------------------------------------------------------------
# CSV text: long rows, UTF-8 checked a megabyte at a time


def test_a_row_longer_than_a_megabyte_is_refused_with_its_number() -> None:
    data = b"Name,Stage\nA,s\n" + b"ab," * (MAX_ROW_CHARS // 3 + 1) + b"\n"
    assert problems_of(csv_to_journey, {"touchpoints.csv": data}) == [
        "touchpoints.csv: row 3 is longer than 1,048,576 characters, the most journeymap reads in one row: is this a "
        "table of a journey?"]
    # a row just within the limit is read (its cells beyond the 100th are not kept)
    within = b"Name,Stage" + b"," * (MAX_ROW_CHARS - 12) + b"\nA,s\n"
    assert [tp.name for tp in csv_to_journey({"touchpoints.csv": within}).touchpoints] == ["A"]


def test_utf8_is_checked_across_the_megabyte_chunks() -> None:
    prefix = b"Name,Stage\n" + b"A,s\n" * (1024 * 1024 // 4)
    # an "é" whose two bytes the first chunk's end cuts apart is still one character (a title row of
    # a million empty cells above the table brings it there)
    title = b"T" + b"," * (1024 * 1024 - 1 - len(b"T\nName,Stage\n")) + b"\n"
    split = title + "Name,Stage\né,s\n".encode()
    assert split.index("é".encode()) == 1024 * 1024 - 1
    journey = csv_to_journey({"touchpoints.csv": split})
    assert (journey.title, [tp.name for tp in journey.touchpoints]) == ("T", ["é"])
    # and a bad byte past the first megabyte is found where it is
    assert problems_of(csv_to_journey, {"touchpoints.csv": prefix + b"B\x81\x01,s\n"}) == [
        f'touchpoints.csv: is not UTF-8 text (byte {len(prefix) + 1} cannot be read); in Excel, save it as '
        '"CSV UTF-8 (comma delimited)"']


# --------------------------------------------------------------------------------------------------
# The cells an upload keeps


def test_the_cell_limit_is_about_twice_the_largest_journey() -> None:
    # 10,000 touchpoints x 25 columns + 50,000 connections x 5 + 200 stages x 3 + 100 journey rows x 2
    assert JOURNEY_CELLS == 250_000 + 250_000 + 600 + 200
    # about twice: the Survey column (format version 4) took the largest journey just past half the limit
    assert MAX_CELLS == 1_000_000 >= 1.99 * JOURNEY_CELLS > JOURNEY_CELLS


def test_tables_beyond_the_cell_limit_are_refused_saying_the_limit() -> None:
    # 20,000 connections of 60 cells: 1,200,000 cells, within the row limit
    row = "a,b," + ",".join(["x"] * 58) + "\n"
    connections = ("From,To\n" + row * 20_000).encode()
    problems = problems_of(csv_to_journey, {"connections.csv": connections, "touchpoints.csv": TOUCHPOINTS})
    assert ("connections.csv: holds more than 1,000,000 cells, the most journeymap reads in one journey (one within "
            "the limits fills at most 500,800): delete the rows and columns that are not part of the journey"
            ) in problems
    # the cells are the upload's, all its tables together: 10,000 touchpoints of all 25 columns
    # (250,000 cells; the ratings and the survey written with semicolons, so that no cell needs quoting) and 13,000 rows of
    # 60 cells (780,000) reach the limit too
    headings = ",".join(column.heading for column in TOUCHPOINT_COLUMNS)
    values = ("customer,web,1,1,ok,1,observed,emotion: 3 ratings; median 1; spread 0,CSAT 1 to 5: 3 answers; mean 4,"
              "1,no,0,1,1,1,1,1,pain,idea,quote,about,note")
    touchpoints = (headings + "\n" + "".join(f"t{index},Step {index},s,{values}\n" for index in range(10_000))).encode()
    assert len(TOUCHPOINT_COLUMNS) == 25 == len(touchpoints.splitlines()[1].split(b","))
    problems = problems_of(csv_to_journey, {"touchpoints.csv": touchpoints,
                                            "connections.csv": ("From,To\n" + row * 13_000).encode()})
    assert ("connections.csv: holds more than 1,000,000 cells together with the tables read before it, the most "
            "journeymap reads in one journey (one within the limits fills at most 500,800): delete the rows and "
            "columns that are not part of the journey") in problems
    assert not any(problem.startswith("touchpoints.csv") for problem in problems)  # the touchpoints are fine


def test_a_sheet_of_notes_gives_its_cells_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl import Workbook

    from journeymap.formats.spreadsheet import tables

    workbook = Workbook()
    notes = workbook.active
    notes.title = "Notes"
    for index in range(10):
        notes.append([f"remark {index}", "more", "and more"])  # 30 cells, not a table of a journey
    steps = workbook.create_sheet("Touchpoints")
    for row in (["Name", "Stage"], ["Orders", "Order"], ["Pays", "Pay"]):
        steps.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    # the notes' 9 rows under their first hold 27 cells, the steps' 2 rows 4: not both within 27
    monkeypatch.setattr(tables, "MAX_CELLS", 27)
    assert [tp.name for tp in xlsx_to_journey(buffer.getvalue()).touchpoints] == ["Orders", "Pays"]
    monkeypatch.setattr(tables, "MAX_CELLS", 3)
    assert problems_of(xlsx_to_journey, buffer.getvalue())[0].startswith("sheet Touchpoints: holds more than")


# --------------------------------------------------------------------------------------------------
# Memory: what the largest uploads take, measured in a child process

#: The bound docs/formats.md states: an upload never takes more than about this much memory beyond
#: the interpreter (peak resident memory growth while it is read).
BOUND_MB = 250

# The peak resident memory of the child itself. getrusage's ru_maxrss is not that: Linux carries the
# high-water mark of the process that forks over exec, so a child of a 400 MB pytest starts at
# 400 MB and shows no growth below it; /proc/self/status's VmHWM belongs to the new program alone.
_PEAK = """
import resource
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:  # no /proc: the maximum resident size getrusage knows
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""
_CHILD = _PEAK + """
import json, sys
from pathlib import Path
from journeymap.errors import JourneyFileError
from journeymap.formats.registry import journey_from_bytes
import journeymap.formats.spreadsheet.reading, openpyxl  # imported before measuring: not the upload's
path = Path(sys.argv[1])
data = path.read_bytes()
before = peak_mb()
try:
    journey_from_bytes(data, path.name)
    outcome, problems = "journey", []
except JourneyFileError as error:
    outcome, problems = "refused", [str(problem) for problem in error.problems]
print(json.dumps({"outcome": outcome, "problems": problems, "growth_mb": peak_mb() - before}))
"""
# The yardstick: 100 MB allocated and touched must show as 100 MB.
_CALIBRATION = _PEAK + """
before = peak_mb()
block = bytearray(100 * 1024 * 1024)
block[::4096] = b"x" * len(block[::4096])
print(peak_mb() - before)
"""

needs_proc = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="peak memory read from /proc")


def short_cells_csv(heading: str, size: int, seed: int) -> bytes:
    """``size`` bytes of rows of 33 two-letter cells, a few varied: it packs about 250 times."""
    rng = random.Random(seed)
    line = ",".join(["ab"] * 33) + "\n"
    lines = [line] * (size // len(line))
    for index in rng.sample(range(len(lines)), 3000):
        lines[index] = line.replace("ab", "cd", 1)
    return (heading + "\n" + "".join(lines)).encode()[:size]


def run_child(code: str, *args: str) -> str:
    completed = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr[-2000:]  # no crash, no traceback
    return completed.stdout


def read_in_child(path: Path) -> dict[str, Any]:
    return json.loads(run_child(_CHILD, str(path)))


@needs_proc
def test_the_largest_zip_and_csv_that_pass_the_size_checks_stay_within_the_memory_bound(tmp_path: Path) -> None:
    # two 19.9 MB tables of short cells, deflated to about 150 kB: within the file, unpacked and ratio
    # limits; reading them took 726 MB (1.1 GB reported) when every row became a list of cells
    archive = tmp_path / "short-cells.zip"
    archive.write_bytes(zipped({"touchpoints.csv": short_cells_csv("Name,Stage", 19_900_000, 1),
                                "connections.csv": short_cells_csv("From,To", 19_900_000, 2)}))
    assert archive.stat().st_size < 250_000
    plain = tmp_path / "short-cells.csv"
    plain.write_bytes(short_cells_csv("Name,Stage", 19_000_000, 3))  # 542 MB before
    results = {path.suffix: read_in_child(path) for path in (archive, plain)}
    for suffix, result in results.items():
        assert result["outcome"] == "refused"
        assert result["growth_mb"] < BOUND_MB, (suffix, result["growth_mb"])
        # the refusals state the limits
        assert any(problem.endswith("has more than 10,000 touchpoints, the most journeymap reads")
                   for problem in result["problems"]), result["problems"][-3:]
    assert ("connections.csv: holds more than 1,000,000 cells together with the tables read before it, the most "
            "journeymap reads in one journey (one within the limits fills at most 500,800): delete the rows and "
            "columns that are not part of the journey") in results[".zip"]["problems"]


@needs_proc
def test_the_child_measures_its_own_memory(tmp_path: Path) -> None:
    # 100 MB allocated in a child of this (large) pytest process show as 100 MB, not as nothing
    assert 95 <= float(run_child(_CALIBRATION)) <= 110
    # and a small valid zip grows the child's peak by almost nothing
    path = tmp_path / "small.zip"
    path.write_bytes(journey_to_zip(make([{"id": "a"}], [])))
    result = read_in_child(path)
    assert result["outcome"] == "journey" and 0 <= result["growth_mb"] < 20
