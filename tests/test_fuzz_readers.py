"""Fuzzing every reader: any bytes, or a valid file damaged, give a Journey or a JourneyFileError.

Nothing else may come out of a reader (no other exception, no hang), and a journey that comes out
holds only text a journey may hold (journeymap/model/text.py), whichever reader made it. Each case is
a few kilobytes at most, so the readers' own limits bound its work; an alarm turns a hang into a
failure. Every journey that validates can be written in each format and read back.

Inputs that once failed, and crafted nasty ones, are kept in tests/fuzz_corpus/ and replayed through
every reader (see README there). The whole file runs in well under 40 s on a loaded 2-core machine.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import zipfile
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.json_file import dumps, loads
from journeymap.formats.mermaid import DEFAULT_TITLE, EXPORTED_LANES, journey_to_mermaid, mermaid_to_journey
from journeymap.formats.registry import READ_FORMATS, journey_from_bytes
from journeymap.formats.spreadsheet import (
    csv_to_journey,
    journey_to_csv,
    journey_to_xlsx,
    journey_to_zip,
    xlsx_to_journey,
    zip_to_journey,
)
from journeymap.model import ID_PATTERN, Journey
from journeymap.model.text import forbidden_character
from journeymap.model.validation import journey_from_data, journey_to_data

from .conftest import TINY_JOURNEY

CORPUS = Path(__file__).parent / "fuzz_corpus"
#: Seconds one case may take: the inputs are a few kilobytes, which every reader reads in milliseconds
#: (a workbook in about 50); far beyond that on the slowest machine is a hang, not slowness.
TIME_LIMIT = 20

# ---------------------------------------------------------------------------------------------
# The readers and what they may give


#: A valid journey with every text field used, so that damage can land in any of them.
RICH = journey_from_data({
    **TINY_JOURNEY, "description": "Morning rush", "persona": {"name": "Ana", "description": "Regular",
                                                               "goals": ["Coffee", "Quick"]},
    "stages": [{"id": "order", "name": "Order", "description": "At the bar"}, {"id": "pay", "name": "Pay"}],
    "touchpoints": [{**TINY_JOURNEY["touchpoints"][0], "channel": "bar", "feeling": "keen", "notes": "Busy",
                     "description": "Asks", "pain_points": ["Queue"], "opportunities": ["App"], "quotes": ["Hi"]},
                    *TINY_JOURNEY["touchpoints"][1:]],
    "connections": [{"from": "ask", "to": "wait", "label": "then", "share": 0.9}, {"from": "wait", "to": "pay"}],
})
VALID: dict[str, bytes] = {
    "json": dumps(RICH).encode("utf-8"),
    "mmd": journey_to_mermaid(RICH).encode("utf-8"),
    "csv": journey_to_csv(RICH)["touchpoints.csv"],
    "zip": journey_to_zip(RICH),
    "xlsx": journey_to_xlsx(RICH),
}
CSV_FILES = journey_to_csv(RICH)

#: Each reader as a function of one file's bytes.
READERS: dict[str, Callable[[bytes], Journey]] = {
    "json": partial(loads, source="fuzz.json"),
    "mmd": partial(mermaid_to_journey, source="fuzz.mmd"),
    "csv": lambda data: csv_to_journey({"touchpoints.csv": data}, "fuzz.csv"),
    "zip": partial(zip_to_journey, source="fuzz.zip"),
    "xlsx": partial(xlsx_to_journey, source="fuzz.xlsx"),
}
REGISTRY: dict[str, Callable[[bytes], Journey]] = {
    f"registry .{kind}": partial(journey_from_bytes, file_name=f"fuzz.{kind}") for kind in READ_FORMATS
}


class TookTooLong(BaseException):
    """A case ran past :data:`TIME_LIMIT` (a BaseException: no reader's ``except Exception`` hides it)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`TookTooLong` in the block after ``seconds`` (where the system has alarms)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise TookTooLong(f"a case took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def texts_of(value: Any) -> Iterator[str]:
    """Every text in journey data, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from texts_of(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)


def journey_or_file_error(read: Callable[[bytes], Journey], data: bytes, seconds: int = TIME_LIMIT) -> Journey | None:
    """What ``read`` makes of ``data``: a journey of allowed text, or None after a JourneyFileError."""
    try:
        with time_limit(seconds):
            journey = read(data)
    except JourneyFileError as error:
        assert error.problems and all(isinstance(problem, Problem) and problem.message for problem in error.problems)
        assert str(error)
        return None
    assert isinstance(journey, Journey)
    refused = [text for text in texts_of(journey_to_data(journey)) if forbidden_character(text)]
    assert not refused, refused
    return journey


# ---------------------------------------------------------------------------------------------
# Damaged files

#: Bytes that have broken, or could break, a reader: controls (raw, as UTF-8, as entity codes and
#: JSON escapes), BOMs, line separators, deep nesting, huge numbers, NaN, a repeated key, magic numbers.
NASTY = [
    b"\x00", b"\x01", b"\x1b", b"\x7f", b"\xc2\x85", b"\xc2\x9b", b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"\xed\xa0\x80",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xe2\x80\xa8", b"\xe2\x80\xa9", b"\xf4\x8f\xbf\xbf", b"\xff", b"\r", b"\r\n", b"\n",
    b"\t", b"#1;", b"#65534;", b"#27;", b"#x41;", b"#quot;", b"#9999999999;", b"<br>", b"%%", b"%%{init}%%", b"---\n",
    b"```mermaid\n", b"journey\n", b"section ", b"title ", b"accDescr {", b"}", b": 9: ", b": 3: ",
    b"\\u0000", b"\\u001b", b"\\ud800", b"\\udfff\\ud800", b"\\ufffe", b"\\u2028", b"NaN", b"-Infinity", b"1e999",
    b"9" * 400, b"[" * 60, b'{"a":' * 60, b'"title": "x", "title": "y", ', b'"emotion": 1e400, ', b"=1+1", b"'=x",
    b",", b";", b'"', b"'", b":", b"_x0001_", b"&#1;", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
]


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    """The bytes with a few bytes changed, nasty bits put in, pieces cut out or repeated, maybe cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["byte", "nasty", "cut", "repeat"]))
        if action == "byte" and data:
            data[min(at, len(data) - 1)] = draw(st.integers(0, 255))
        elif action == "nasty":
            data[at:at] = draw(st.sampled_from(NASTY))
        elif action == "cut":
            del data[at:at + draw(st.integers(1, 40))]
        else:
            data[at:at] = data[at:at + draw(st.integers(1, 40))] * draw(st.integers(1, 3))
    if draw(st.integers(0, 4)) == 0:
        del data[draw(st.integers(0, len(data))):]
    return bytes(data)


@st.composite
def damaged_inside(draw: st.DrawFn, archive: bytes) -> bytes:
    """A zip (or workbook) with one member damaged, maybe one dropped or a junk one added, zipped again."""
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        members = [(info.filename, files.read(info)) for info in files.infolist()]
    index = draw(st.integers(0, len(members) - 1))
    members[index] = (members[index][0], draw(damaged(members[index][1])))
    if draw(st.integers(0, 5)) == 0:
        del members[draw(st.integers(0, len(members) - 1))]
    if draw(st.integers(0, 5)) == 0:
        members.append((draw(st.sampled_from(["extra.csv", "xl/extra.xml", "../up.csv", "a/touchpoints.csv"])),
                        draw(st.binary(max_size=200))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as files:
        for name, content in members:
            files.writestr(name, content)
    return buffer.getvalue()


def damaged_file(kind: str) -> st.SearchStrategy[bytes]:
    """Any bytes, or the valid file of this kind damaged (inside, too, for an archive)."""
    strategies = [st.binary(max_size=600), damaged(VALID[kind])]
    if kind in ("zip", "xlsx"):
        strategies.append(damaged_inside(VALID[kind]))
    if kind in ("json", "mmd", "csv"):
        strategies.append(st.lists(st.sampled_from(NASTY), max_size=30).map(b"".join))
    return st.one_of(*strategies)


# ---------------------------------------------------------------------------------------------
# Any bytes: a journey or a file error, for each reader


@settings(max_examples=150)
@given(damaged_file("json"))
def test_json_reader(data: bytes) -> None:
    journey_or_file_error(READERS["json"], data)


@settings(max_examples=150)
@given(damaged_file("mmd"))
def test_mermaid_reader(data: bytes) -> None:
    journey_or_file_error(READERS["mmd"], data)


@settings(max_examples=100)
@given(damaged_file("csv"))
def test_csv_reader(data: bytes) -> None:
    journey_or_file_error(READERS["csv"], data)
    # the same bytes as the connections table beside good touchpoints
    journey_or_file_error(lambda table: csv_to_journey({**CSV_FILES, "connections.csv": table}), data)


@settings(max_examples=80)
@given(damaged_file("zip"))
def test_zip_reader(data: bytes) -> None:
    journey_or_file_error(READERS["zip"], data)


@settings(max_examples=60)
@given(damaged_file("xlsx"))
def test_xlsx_reader(data: bytes) -> None:
    journey_or_file_error(READERS["xlsx"], data)


@settings(max_examples=80)
@given(st.sampled_from(sorted(REGISTRY)), st.sampled_from(sorted(VALID)).flatmap(damaged_file))
def test_registry_with_each_extension(reader: str, data: bytes) -> None:
    # a file of one kind under another extension is part of what comes in
    journey_or_file_error(REGISTRY[reader], data)


# ---------------------------------------------------------------------------------------------
# Any journey that validates: written in each format and read back

#: Characters that have met special handling somewhere: allowed controls, Unicode separators and
#: invisible characters, the edges of the refused ranges, and what Mermaid, CSV or Excel read specially.
ODD_TEXT = ["\t", "\n", "\r", "\r\n", " ", "\u00a0", "\u2028", "\u2029", "\u202e", "\u200b", "\ufeff", "\u00ad",
            "e\u0301", "\ufffd", "\ufdcf", "\ufdf0", "\ue000", "\U0001fffd", "\U0010fffd", "\u0378", "👋🏽", "☕",
            "#", "#58;", "#1;", ";", ":", "%", "%%", "<br>", "<", ">", "=", "+", "-", "@", "'", '"', ",", "\\",
            "{", "}", "journey", "section ", "title ", "Actors: ", "_x0001_", "&amp;", "#N/A", "1,5", "TRUE"]
text_pieces = st.characters(exclude_categories=("Cc", "Cs", "Cn")) | st.sampled_from(ODD_TEXT)
texts = st.lists(text_pieces, min_size=1, max_size=8).map("".join)
ids = st.from_regex(ID_PATTERN.replace("{0,63}", "{0,6}"), fullmatch=True)


@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    """A journey of one to three stages and up to five steps, every text field drawn from odd text."""
    stage_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    stages = [{"id": sid, "name": draw(texts), **draw(st.fixed_dictionaries({}, optional={"description": texts}))}
              for sid in stage_ids]
    touchpoint_ids = draw(st.lists(ids, max_size=5, unique=True))
    touchpoints = [{"id": tid, "name": draw(texts), "stage": draw(st.sampled_from(stage_ids)), **draw(
        st.fixed_dictionaries({}, optional={
            "lane": st.sampled_from(["customer", "frontstage", "backstage", "support"]),
            "channel": texts, "description": texts, "feeling": texts, "notes": texts,
            "emotion": st.integers(-2, 2).map(lambda score: score * 2.5),
            "pain_points": st.lists(texts, max_size=2), "opportunities": st.lists(texts, max_size=1),
            "quotes": st.lists(texts, max_size=1)}))} for tid in touchpoint_ids]
    pairs = [(a, b) for i, a in enumerate(touchpoint_ids) for b in touchpoint_ids[i + 1:]]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=4, unique=True)) if pairs else []
    connections = [{"from": a, "to": b, **draw(st.fixed_dictionaries({}, optional={"label": texts}))} for a, b in chosen]
    data: dict[str, Any] = {"title": draw(texts), "stages": stages, "touchpoints": touchpoints,
                            "connections": connections}
    data.update(draw(st.fixed_dictionaries({}, optional={
        "description": texts,
        "persona": st.fixed_dictionaries({"name": texts}, optional={
            "description": texts, "goals": st.lists(texts, max_size=2),
            # one line each: a line break would make two needs of one in a spreadsheet, and maybe a repeated one
            "needs": st.lists(texts.filter(lambda need: not set(need) & {"\n", "\r"}), max_size=2,
                              unique_by=lambda need: need.strip().casefold())})})))
    try:
        return journey_from_data(data)
    except JourneyFileError:
        assume(False)  # e.g. a name of 121 characters: not a journey, so nothing to round-trip
        raise


@settings(max_examples=40)
@given(journeys())
def test_every_valid_journey_reads_back_from_json_and_mermaid(journey: Journey) -> None:
    assert loads(dumps(journey)) == journey
    mermaid = mermaid_to_journey(journey_to_mermaid(journey))
    # a user journey keeps the title, the customer's and frontstage steps' names and their scores
    assert mermaid.title == (journey.title.strip() or DEFAULT_TITLE)
    shown = [tp for stage in journey.stages for tp in journey.touchpoints
             if tp.stage == stage.id and tp.lane in EXPORTED_LANES]  # stage by stage
    assert [tp.name for tp in mermaid.touchpoints] == [tp.name.strip() or tp.id for tp in shown]
    assert [tp.emotion or 0 for tp in mermaid.touchpoints] == [tp.emotion or 0 for tp in shown]


def as_in_a_spreadsheet(journey: Journey, *, workbook: bool) -> Journey:
    """The journey as its spreadsheet keeps it (journeymap/formats/spreadsheet docstrings).

    Sticky notes (and the persona's goals) share one cell, a note a line, so a note with a line
    break comes back as two and a blank one not at all; a workbook stores a carriage return as a
    line break.
    """
    data = journey_to_data(journey)

    def cell(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n") if workbook else text

    def notes(items: list[str]) -> list[str]:
        # joined by line breaks into one cell and split again: a note ending in "\r" meets the
        # next one's "\n" as one Windows line break, so that "\r" is not kept
        lines = cell("\n".join(items)).replace("\r\n", "\n").split("\n")
        return [line for line in lines if line.strip()]

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {name: walk(item, name) for name, item in value.items()}
        if isinstance(value, list):
            return notes(value) if key in ("goals", "needs", "pain_points", "opportunities", "quotes") else \
                [walk(v) for v in value]
        return cell(value) if isinstance(value, str) else value

    return journey_from_data(walk(data))


#: Found by this test: a sticky note ending in a carriage return, before another note.
NOTE_ENDING_IN_CR = journey_from_data({"title": "t", "stages": [{"id": "s", "name": "S"}], "touchpoints": [
    {"id": "a", "name": "A", "stage": "s", "pain_points": ["Slow\r", "Cold"], "quotes": ["\r", "Hi\r"]}]})


@settings(max_examples=25)
@example(NOTE_ENDING_IN_CR)
@given(journeys())
def test_every_valid_journey_reads_back_from_spreadsheets(journey: Journey) -> None:
    in_csv = as_in_a_spreadsheet(journey, workbook=False)
    assert csv_to_journey(journey_to_csv(journey)) == in_csv
    assert zip_to_journey(journey_to_zip(journey)) == in_csv
    assert xlsx_to_journey(journey_to_xlsx(journey)) == as_in_a_spreadsheet(journey, workbook=True)


# ---------------------------------------------------------------------------------------------
# The corpus: inputs that once failed, and crafted nasty ones, through every reader


CORPUS_FILES = sorted(path for path in CORPUS.iterdir() if path.is_file() and path.name != "README.md")


def test_the_corpus_holds_the_crafted_cases() -> None:
    assert len(CORPUS_FILES) >= 20
    assert {path.suffix for path in CORPUS_FILES} >= {".json", ".mmd", ".csv", ".zip", ".xlsx"}


@pytest.mark.parametrize("path", CORPUS_FILES, ids=[path.name for path in CORPUS_FILES])
def test_every_corpus_file_through_every_reader(path: Path) -> None:
    data = path.read_bytes()
    for read in [*READERS.values(), *REGISTRY.values()]:
        journey_or_file_error(read, data)
    # "refused-…" files are ones their own format must refuse, "read-…" ones it must read
    own = REGISTRY[f"registry {path.suffix}"]
    if path.name.startswith("refused-"):
        assert journey_or_file_error(own, data) is None
    elif path.name.startswith("read-"):
        assert journey_or_file_error(own, data) is not None


def test_the_alarm_stops_a_case_that_hangs() -> None:
    with pytest.raises(TookTooLong):
        journey_or_file_error(lambda data: _spin(), b"", seconds=1)


def _spin() -> Journey:
    while True:
        pass


def test_a_reader_raising_something_else_fails_the_fuzz_check() -> None:
    def broken(data: bytes) -> Journey:
        raise ValueError(data)

    with pytest.raises(ValueError):
        journey_or_file_error(broken, b"x")
    with pytest.raises(AssertionError):  # and a journey holding refused text is caught too
        journey_or_file_error(lambda data: Journey.model_construct(**{**RICH.__dict__, "title": "\x1b"}), b"x")


def test_json_text_of_a_journey_is_what_the_fuzz_files_start_from() -> None:
    assert json.loads(VALID["json"])["title"] == "Tiny café"
    assert all(journey_or_file_error(READERS[kind], VALID[kind]) is not None for kind in READERS)
