"""Logs and mapping files that cannot be mined: each is an EventLogError (a JourneyMapError) whose
every line says what is wrong and where (its row, line or column), never a traceback."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from journeymap.errors import EventLogError, JourneyMapError
from journeymap.mining import mine, parse_mapping, preview, read_mapping

from .mining_logs import CAFE_ROWS, csv_text, write

JUNK = bytes(range(256)) * 8 + b"\x00\xff" * 500


def _lines(error: pytest.ExceptionInfo[EventLogError]) -> list[str]:
    assert isinstance(error.value, JourneyMapError)
    return error.value.lines()


def test_a_missing_column_lists_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "Case ID,What,When\n1,A,2024-01-01 10:00\n")
    with pytest.raises(EventLogError) as error:
        mine(path)
    # 'When' is a known name of the time; nothing is known for the activity
    assert _lines(error) == [f"{path}: no activity column: no column has a name journeymap knows for it "
                             "(concept:name, activity, activity name, …); columns found: 'Case ID', 'What', 'When'; "
                             "name it with --activity"]


def test_a_named_column_that_is_not_there(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", csv_text(CAFE_ROWS))
    with pytest.raises(EventLogError) as error:
        mine(path, columns={"resource": "Barista"})
    assert _lines(error) == [f"{path}: --resource 'Barista': no such column; columns found: 'Case ID', 'Activity', "
                             "'Timestamp', 'Resource'"]


def test_one_column_for_two_roles(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", csv_text(CAFE_ROWS))
    with pytest.raises(EventLogError) as error:
        mine(path, columns={"case": "Activity", "activity": "Activity"})
    assert _lines(error) == [f"{path}: column 'Activity': is given two roles (case and activity); each role needs "
                             "a column of its own"]


def test_an_unreadable_time_is_named_by_its_row(tmp_path: Path) -> None:
    # the header is row 1, as a spreadsheet numbers it
    path = write(tmp_path / "log.csv", "case,activity,timestamp\n1,A,2024-03-01 10:00\n1,B,yesterday\n2,A,\n"
                                       "2,,2024-03-01 11:00\n,C,2024-03-01 12:00\n")
    with pytest.raises(EventLogError) as error:
        mine(path)
    assert _lines(error) == [
        f"{path}: row 3: time 'yesterday' (column 'timestamp') is not a date and time journeymap reads; write it "
        "like 2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00",
        f"{path}: row 4: has no time (column 'timestamp' is empty)",
        f"{path}: row 5: has no activity (column 'activity' is empty)",
        f"{path}: row 6: has no case id (column 'case' is empty)",
    ]


def test_many_bad_rows_the_first_ten_listed_the_rest_counted(tmp_path: Path) -> None:
    rows = "".join(f"{n},A,soon\n" for n in range(25))
    path = write(tmp_path / "log.csv", "case,activity,timestamp\n1,A,2024-03-01 10:00\n" + rows)
    with pytest.raises(EventLogError) as error:
        mine(path)
    lines = _lines(error)
    assert len(lines) == 11 and lines[0].startswith(f"{path}: row 3: time 'soon'")
    assert lines[9].startswith(f"{path}: row 12: ")
    assert lines[10] == f"{path}: and 15 more events with a problem like these"


def test_an_unreadable_time_in_xes_is_named_by_its_event_and_line(tmp_path: Path) -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<log>
  <trace>
    <string key="concept:name" value="1"/>
    <event>
      <string key="concept:name" value="A"/>
      <date key="time:timestamp" value="2024-03-01T10:00:00+01:00"/>
    </event>
    <event>
      <string key="concept:name" value="B"/>
      <date key="time:timestamp" value="31 Febtember"/>
    </event>
  </trace>
</log>
"""
    path = write(tmp_path / "log.xes", text)
    with pytest.raises(EventLogError) as error:
        mine(path)
    assert _lines(error) == [f"{path}: event 2 (line 9): time '31 Febtember' (column 'time:timestamp') is not a date "
                             "and time journeymap reads; write it like 2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00"]


def test_a_case_with_one_event_is_a_warning_with_its_row(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "case,activity,timestamp\n1,A,2024-03-01 10:00\n1,B,2024-03-01 11:00\n"
                                       "2,A,2024-03-02 10:00\n")
    mined = mine(path)
    assert ("1 case has only one step (such as case '2', row 4): such a case starts and ends at the same step; "
            "it counts as an entry and an end there.") in mined.warnings
    # case 2 starts and ends at A: half the cases end there
    assert {(c.from_, c.to): c.share for c in mined.journey.connections} == {("a", "b"): 0.5}


def test_every_case_with_one_event_is_the_wrong_case_column(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "event id,order,activity,timestamp\n1,o1,A,2024-03-01 10:00\n"
                                       "2,o1,B,2024-03-01 11:00\n")
    with pytest.raises(EventLogError) as error:
        mine(path, columns={"case": "event id"})
    assert _lines(error) == [f"{path}: column 'event id': gives every case a single step (such as case '1', row 2), "
                             "so no customer moves from one step to another: is it the column of the case (order, "
                             "ticket, visit) each event belongs to? Choose the right one (--case on the command line)"]


@pytest.mark.parametrize("name", ["log.csv", "log.parquet", "log.xes", "log.xes.gz"])
def test_an_empty_file(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, b"")
    with pytest.raises(EventLogError) as error:
        mine(path)
    (line,) = _lines(error)
    assert line.startswith(f"{path}: is empty: ")
    with pytest.raises(EventLogError):
        preview(path)


def test_a_header_without_events(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "Case ID,Activity,Timestamp\r\n")
    with pytest.raises(EventLogError) as error:
        mine(path)
    assert _lines(error) == [f"{path}: has no events: an event log has a header row (case, activity, time …) and "
                             "a row for each event under it"]


def test_an_xes_log_without_events(tmp_path: Path) -> None:
    path = write(tmp_path / "log.xes", '<?xml version="1.0"?>\n<log xes.version="1.0">\n</log>\n')
    with pytest.raises(EventLogError) as error:
        mine(path)
    assert _lines(error) == [f"{path}: has no events: an XES event log is a <log> of <trace> elements (the cases), "
                             "each with its <event> elements"]


@pytest.mark.parametrize(("name", "expected"), [
    ("junk.csv", 'is not UTF-8 text; in a spreadsheet, save it as "CSV UTF-8"'),
    ("junk.parquet", "is not a Parquet file, though its name says so"),
    ("junk.xes", "line 1, column 1: is not well-formed XML: not well-formed (invalid token)"),
    ("junk.xes.gz", "is not a gzip file, though its name ends in .gz"),
])
def test_binary_junk(tmp_path: Path, name: str, expected: str) -> None:
    path = write(tmp_path / name, JUNK)
    with pytest.raises(EventLogError) as error:
        mine(path)
    (line,) = _lines(error)
    assert line.endswith(expected) and line.startswith(str(path))


def test_a_truncated_xes_file_names_its_line(tmp_path: Path) -> None:
    text = '<?xml version="1.0"?>\n<log>\n<trace>\n<string key="concept:name" value="1"/>\n<event>\n'
    path = write(tmp_path / "cut.xes.gz", gzip.compress(text.encode()))
    with pytest.raises(EventLogError) as error:
        mine(path)
    (line,) = _lines(error)
    assert line.startswith(f"{path}: line 6, column 1: is not well-formed XML: no element found")


@pytest.mark.parametrize(("name", "expected"), [
    ("journey.json", "is not an event log journeymap reads: give a .csv (or .tsv, .txt), .parquet, .xes or "
                     ".xes.gz file"),
    ("missing.csv", "no such file"),
])
def test_not_a_log(tmp_path: Path, name: str, expected: str) -> None:
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text("{}")
    with pytest.raises(EventLogError) as error:
        mine(path)
    assert _lines(error) == [f"{path}: {expected}"]


def test_a_folder_is_not_a_log(tmp_path: Path) -> None:
    folder = tmp_path / "logs.csv"
    folder.mkdir()
    with pytest.raises(EventLogError) as error:
        mine(folder)
    assert _lines(error) == [f"{folder}: is a folder, not an event log"]


def test_a_goal_the_log_does_not_have(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", csv_text(CAFE_ROWS))
    with pytest.raises(EventLogError) as error:
        mine(path, goals=["Leave a review"])
    assert _lines(error) == [f"{path}: --goal 'Leave a review': is no activity or step of the log; its steps: "
                             "'Browse', 'Order', 'Pay'"]


def test_a_mapping_that_ignores_everything(tmp_path: Path) -> None:
    path = write(tmp_path / "log.csv", "case,activity,timestamp\n1,A,2024-03-01 10:00\n1,A,2024-03-01 11:00\n")
    with pytest.raises(EventLogError) as error:
        mine(path, mapping=parse_mapping(b"activity,touchpoint\nA,ignore\n"))
    assert _lines(error) == [f"{path}: has no events left to mine: the mapping ignores every activity"]


# --- wrong mapping files -------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    (b"", ["map.csv: is empty; a mapping file has a header row (activity, touchpoint, stage, lane) and a row for "
           "each activity"]),
    (b"step,stage\nPay,Buy\n", ["map.csv: row 1: has no 'activity' column; columns found: 'step', 'stage'; a mapping "
                                "file's header is activity, touchpoint, stage, lane"]),
    (b"activity,touchpoint\nPay,Pays\npay ,Pays again\n",
     ["map.csv: row 3: maps activity 'pay' again (row 2 maps it already); keep one row"]),
    (b"activity,touchpoint,lane\nPay,Pays,kitchen\n",
     ["map.csv: row 2: lane 'kitchen' is not one of customer, frontstage, backstage, support"]),
    (b"activity,touchpoint,stage\nPay online,Pay,Buy\nPay in shop,Pay,After\n",
     ["map.csv: row 3: puts 'Pay' in stage 'After', another row in 'Buy'; a touchpoint is in one stage"]),
    (b"activity,touchpoint,lane\nPay online,Pay,customer\nPay in shop,Pay,frontstage\n",
     ["map.csv: row 3: puts 'Pay' in lane 'frontstage', another row in 'customer'; a touchpoint has one lane"]),
    (b"activity,touchpoint\n,Pays\n", ["map.csv: row 2: has no activity; name the activity as the log does"]),
])
def test_a_wrong_mapping_file(tmp_path: Path, text: bytes, expected: list[str]) -> None:
    with pytest.raises(EventLogError) as error:
        parse_mapping(text, "map.csv")
    assert _lines(error) == expected


def test_a_mapping_file_of_binary_junk(tmp_path: Path) -> None:
    path = write(tmp_path / "map.csv", JUNK)
    with pytest.raises(EventLogError) as error:
        read_mapping(path)
    assert all(line.startswith(str(path)) for line in _lines(error))


def test_a_missing_mapping_file(tmp_path: Path) -> None:
    log = write(tmp_path / "log.csv", csv_text(CAFE_ROWS))
    with pytest.raises(EventLogError) as error:
        mine(log, mapping=tmp_path / "nowhere.csv")
    (line,) = _lines(error)
    assert line.startswith(f"{tmp_path / 'nowhere.csv'}: ")


def test_a_mapping_file_from_excel_in_windows_1252(tmp_path: Path) -> None:
    path = write(tmp_path / "map.csv", "activity;touchpoint\nCafé;Coffee\n".encode("cp1252"))
    assert read_mapping(path).step_of("café") == "Coffee"
