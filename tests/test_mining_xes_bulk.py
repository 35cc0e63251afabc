"""XES read in bulk by DuckDB (journeymap.mining.xes_bulk) gives what the per-tag pass and expat give.

Every file is read three ways: with the bulk reader (plain runs of traces in DuckDB, the rest by the
per-tag pass, as :func:`journeymap.mining.logs.open_log` reads), by the per-tag pass alone, and by
expat alone; the events, their order and their values must be the same, and the bulk reader must
have taken the plain runs (and only those).
"""

from __future__ import annotations

import gc
import gzip
from pathlib import Path

import pytest

from journeymap.errors import EventLogError
from journeymap.mining import logs, xes, xes_bulk
from journeymap.mining.logs import connect, disconnect, open_log, xes_columns

KEYS = ["case:concept:name", "concept:name", "time:timestamp", "org:resource"]
HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <string key="concept:name" value="the log's own name"/>
"""


def event(name: str, time: str, resource: str | None = None, extra: str = "") -> str:
    who = f'\n      <string key="org:resource" value="{resource}"/>' if resource else ""
    return (f'    <event>\n      <string key="concept:name" value="{name}"/>{who}\n'
            f'      <date key="time:timestamp" value="{time}"/>{extra}\n    </event>\n')


def trace(case: str, *events: str, extra: str = "") -> str:
    return f'  <trace>\n    <string key="concept:name" value="{case}"/>{extra}\n' + "".join(events) + "  </trace>\n"


def write(folder: Path, name: str, *traces: str, header: str = HEADER) -> Path:
    path = folder / name
    text = header + "".join(traces) + "</log>\n"
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    return path


def rows_of(batches) -> list[tuple[str | None, ...]]:
    rows = []
    for batch in batches:
        rows.extend(zip(*(batch.columns.get(key, [None] * len(batch)) for key in KEYS)))
    return rows


def read_three_ways(path: Path) -> tuple[list, list, list, list[int | None]]:
    """The rows as the bulk reader gives them, as the per-tag pass does, as expat does; and what
    the bulk reader said of each run it was offered (events taken, or None)."""
    connection = connect()
    try:
        connection.execute("CREATE TABLE raw (" + ", ".join(f'"{key}" VARCHAR' for key in KEYS) + ")")
        reader = xes_bulk.bulk_reader(connection, "raw", KEYS)
        offered: list[int | None] = []

        def bulk(body: bytes) -> int | None:
            offered.append(reader(body))
            return offered[-1]

        def take(batch: xes.XesBatch) -> None:
            for row in rows_of([batch]):
                connection.execute("INSERT INTO raw VALUES (?, ?, ?, ?)", list(row))

        xes.read_xes(path, set(KEYS), take, reset=lambda: connection.execute("DELETE FROM raw"), bulk=bulk)
        bulk_rows = connection.execute("SELECT * FROM raw ORDER BY rowid").fetchall()
    finally:
        disconnect(connection)
    quick = rows_of(xes.xes_batches(path, set(KEYS)))
    careful = rows_of(xes._careful_batches(path, set(KEYS), 1000))
    return bulk_rows, quick, careful, offered


PLAIN = [
    trace("c1", event("Order", "2024-03-01T10:00:00+01:00", "Ann"), event("Pay", "2024-03-01T10:05:00+01:00")),
    # a trace with no events gives no rows; a tab, CRLF line ends and space before /> are plain
    trace("c2"),
    trace("c3", event("Pay &amp; go &lt;fast&gt;", "2024-03-02T09:00:00Z", "O&apos;Brien &quot;Bo&quot;")
          .replace("\n", "\r\n").replace("      <", "\t<").replace('"/>', '" />')),
    # a key given twice in an element: the last one, as in the per-tag pass and expat
    trace("c4", event("First", "2024-03-03T08:00:00Z", extra='\n      <string key="concept:name" value="Second"/>'),
          extra='\n    <int key="concept:name" value="c4 again"/>'),
    # other attribute types, and keys that are not read
    trace("c5", event("Ship", "2024-03-04T08:00:00Z", extra='\n      <int key="items" value="3"/>'
                      '\n      <boolean key="gift" value="true"/><float key="cost" value="4.5"/>'
                      '\n      <id key="identity:id" value="a1b2"/>')),
]


def test_a_plain_log_is_read_in_bulk_with_the_same_events(tmp_path: Path) -> None:
    bulk, quick, careful, offered = read_three_ways(write(tmp_path, "plain.xes", *PLAIN))
    assert bulk == quick == careful
    assert offered == [5]  # every event, in one run
    assert bulk[2] == ("c3", "Pay & go <fast>", "2024-03-02T09:00:00Z", "O'Brien \"Bo\"")
    assert bulk[3][:2] == ("c4 again", "Second")
    assert [row[0] for row in bulk] == ["c1", "c1", "c3", "c4 again", "c5"]
    assert bulk[1][3] is None  # Pay has no resource


NOT_PLAIN = {
    "a comment": trace("x", event("A", "2024-01-01T00:00:00Z"), extra="\n    <!-- <event> -->"),
    "a nested attribute": trace("x", event("A", "2024-01-01T00:00:00Z", extra=(
        '\n      <string key="note" value="n">\n        <string key="concept:name" value="nested"/>\n'
        '      </string>'))),
    "a list": trace("x", event("A", "2024-01-01T00:00:00Z", extra=(
        '\n      <list key="items"><string key="concept:name" value="in a list"/></list>'))),
    "single quotes": trace("x", event("A", "2024-01-01T00:00:00Z").replace('value="A"', "value='A'")),
    "a character reference": trace("x", event("Caf&#233;", "2024-01-01T00:00:00Z")),
    "a line break in a value": trace("x", event("two\nlines", "2024-01-01T00:00:00Z")),
    "a trace attribute after its events": trace("x", event("A", "2024-01-01T00:00:00Z")).replace(
        "  </trace>", '    <string key="late" value="1"/>\n  </trace>'),
    "value before key": trace("x", event("A", "2024-01-01T00:00:00Z")).replace(
        '<string key="concept:name" value="A"/>', '<string value="A" key="concept:name"/>'),
}


@pytest.mark.parametrize("what", NOT_PLAIN)
def test_a_run_that_is_not_plain_is_left_to_the_per_tag_pass(tmp_path: Path, what: str) -> None:
    path = write(tmp_path, "log.xes", PLAIN[0], NOT_PLAIN[what], PLAIN[4])
    bulk, quick, careful, offered = read_three_ways(path)
    assert bulk == quick == careful
    assert len(bulk) == 4
    assert offered in ([None], [])  # refused, or never offered (the pass went to expat at once)


def test_plain_and_other_runs_mix_in_file_order_across_blocks_and_pieces(tmp_path: Path, monkeypatch) -> None:
    # small blocks and pieces: runs are cut everywhere, a run that is not plain in the middle
    monkeypatch.setattr(xes, "_BLOCK_BYTES", 700)
    monkeypatch.setattr(xes_bulk, "PIECE_BYTES", 300)
    traces = [trace(f"c{number}", *(event(f"Step {step}", f"2024-03-01T10:{step:02d}:00Z", f"R{step}")
                                     for step in range(number % 4)))
              for number in range(40)]
    traces[17] = NOT_PLAIN["a nested attribute"].replace(">x<", ">c17<")
    bulk, quick, careful, offered = read_three_ways(write(tmp_path, "many.xes.gz", *traces))
    assert bulk == quick == careful
    assert len(bulk) == sum(number % 4 for number in range(40) if number != 17) + 1
    assert None in offered and sum(n for n in offered if n) >= len(bulk) - 10


def test_bytes_that_are_not_utf8_are_refused_and_reported_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.xes", *PLAIN)
    path.write_bytes(path.read_bytes().replace(b"Ship", b"Sh\xe9p"))
    with pytest.raises(EventLogError) as raised:
        open_log(path)
    assert "line" in str(raised.value)


def test_a_log_read_in_bulk_is_the_log_read_by_the_per_tag_pass(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, "plain.xes", *PLAIN)
    with open_log(path) as log:
        in_bulk = log.connection.execute("SELECT * FROM ev ORDER BY rowid").fetchall()
        columns = log.columns
    monkeypatch.setattr(xes_bulk, "bulk_reader", lambda *args: None)
    monkeypatch.setattr(logs, "first_keys", lambda *args: None)
    with open_log(path) as log:
        assert log.connection.execute("SELECT * FROM ev ORDER BY rowid").fetchall() == in_bulk
        assert set(log.columns) == set(columns)
    assert len(in_bulk) == 5 and in_bulk[0][:2] == ("c1", "Order")


def test_the_columns_of_real_logs_are_found_in_their_bytes_as_the_per_tag_pass_finds_them() -> None:
    folder = Path(__file__).parent / "data" / "eventlogs"
    for name in ("running-example.xes", "reviewing.xes.gz"):
        first = xes.first_keys(folder / name, 2000)
        batch = next(xes.xes_batches(folder / name, None, batch_events=2000))
        assert first is not None and set(first) == set(batch.columns), name
    assert first[:4] == ["org:resource", "time:timestamp", "concept:name", "lifecycle:transition"]


@pytest.mark.parametrize("what", NOT_PLAIN)
def test_columns_of_a_log_that_is_not_plain_are_left_to_the_per_tag_pass(tmp_path: Path, what: str) -> None:
    path = write(tmp_path, "log.xes", PLAIN[0], NOT_PLAIN[what])
    first = xes.first_keys(path, 2000)
    assert first is None or what in ("a character reference", "a line break in a value")  # the names are plain
    assert set(xes_columns(path)) == set(next(xes.xes_batches(path, None)).columns)


def test_each_log_has_its_own_tables_in_the_shared_database(tmp_path: Path) -> None:
    first = open_log(write(tmp_path, "a.xes", PLAIN[0]))
    second = open_log(write(tmp_path, "b.xes", PLAIN[4]))
    try:
        assert first.connection.execute("SELECT c FROM ev").fetchall() == [("c1",), ("c1",)]
        assert second.connection.execute("SELECT c FROM ev").fetchall() == [("c5",)]
        schema = first.connection.execute("SELECT current_schema()").fetchone()[0]
        first.close()
        assert second.connection.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?", [schema]).fetchone()[0] == 0
        assert second.connection.execute("SELECT count(*) FROM ev").fetchone()[0] == 1
    finally:
        second.close()


def test_a_log_dropped_without_closing_it_leaves_nothing_in_the_database(tmp_path: Path) -> None:
    log = open_log(write(tmp_path, "a.xes", PLAIN[0]))
    schema = log.connection.execute("SELECT current_schema()").fetchone()[0]
    del log
    gc.collect()
    connection = connect()
    try:
        assert connection.execute("SELECT count(*) FROM information_schema.schemata WHERE schema_name = ?",
                                  [schema]).fetchone()[0] == 0
    finally:
        disconnect(connection)
