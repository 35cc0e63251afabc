"""`journeymap mine LOG -o journey.json`: through `main([...])`, as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap import load
from journeymap.cli import main
from journeymap.formats import read_journey
from journeymap.mining import ROLES

from .mining_logs import CAFE_ROWS, CLINIC, SHOP, SHOP_MAPPING, csv_text, rare_rows, write

DATA = Path(__file__).parent / "data" / "eventlogs"


@pytest.fixture
def cafe(tmp_path: Path) -> Path:
    return write(tmp_path / "cafe.csv", csv_text(CAFE_ROWS, ";"))


def test_mine_writes_a_journey_that_validates(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "journey.json"
    assert main(["mine", str(cafe), "-o", str(out), "--goal", "Pay", "--title", "The café, measured"]) == 0
    captured = capsys.readouterr()
    # Browse, Order, Order (again), Pay; Browse→Order, Order→Pay, Order→again, again→Order
    assert captured.out == (f"wrote {out}\n4 steps, 4 connections from 11 events in 4 cases; the map covers 100% of "
                            "the cases and 100% of the events\n")
    assert captured.err == ""  # a goal was given, every case has two steps or more
    journey = load(out)
    assert journey.title == "The café, measured" and journey.touchpoint("pay").goal
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: valid (4 touchpoints, 4 connections)\n"


def test_mine_the_running_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "compensation.json"
    assert main(["mine", str(DATA / "running-example.xes"), "-o", str(out), "--goal", "pay compensation"]) == 0
    assert "8 steps, 16 connections from 42 events in 6 cases" in capsys.readouterr().out
    assert main(["validate", str(out)]) == 0


def test_mine_json_prints_the_figures(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "journey.json"
    assert main(["mine", str(cafe), "-o", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["written"] == [str(out)]
    assert data["format"] == "csv" and data["columns"]["case"] == "Case ID"
    assert data["coverage"]["cases"] == 4 and data["coverage"]["customers_per_week"] == 2
    order = next(step for step in data["steps"] if step["id"] == "order")
    assert (order["visits"], order["repeats"], order["wait_median_seconds"]) == (5, 1, 1200)
    assert any("No goal was given" in warning for warning in data["warnings"])


def test_warnings_go_to_stderr(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(cafe), "-o", str(tmp_path / "j.json")]) == 0
    err = capsys.readouterr().err
    assert err.startswith("journeymap: warning: No goal was given: the analysis counts the steps with no way on")


def test_columns_mapping_goals_and_lifecycle_by_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = write(tmp_path / "clinic.tsv", CLINIC.replace(",", "\t").replace("staff", "who did it"))
    out = tmp_path / "clinic.json"
    assert main(["mine", str(log), "-o", str(out), "--case", "CASE", "--activity", "activity", "--timestamp", "time",
                 "--lifecycle", "lifecycle", "--resource", "who did it", "--goal", "Fix"]) == 0
    journey = load(out)
    assert [(t.id, t.staff_minutes, t.goal) for t in journey.touchpoints] == [("check", 10, False), ("fix", 25, True)]
    assert "Done by 1 resource." in journey.touchpoint("fix").notes  # Bob, from the column named by --resource

    shop, mapping = write(tmp_path / "shop.csv", SHOP), write(tmp_path / "map.csv", SHOP_MAPPING)
    out = tmp_path / "shop.json"
    assert main(["mine", str(shop), "-o", str(out), "--mapping", str(mapping), "--goal", "Pay",
                 "--goal", "Visit the shop"]) == 0
    journey = load(out)
    assert [t.name for t in journey.touchpoints if t.goal] == ["Pay", "Visit the shop"]


@pytest.mark.parametrize(("options", "steps"), [(["--min-share", "20%"], ["a", "b", "c"]),
                                                (["--min-share", "0.2"], ["a", "b", "c"]),
                                                (["--top", "3"], ["a", "b", "c"]),
                                                ([], ["a", "b", "x", "c"])])
def test_min_share_and_top(tmp_path: Path, options: list[str], steps: list[str],
                           capsys: pytest.CaptureFixture[str]) -> None:
    log = write(tmp_path / "rare.csv", csv_text(rare_rows()))
    out = tmp_path / "rare.json"
    assert main(["mine", str(log), "-o", str(out), *options]) == 0
    assert [t.id for t in load(out).touchpoints] == steps
    if options:  # r10 goes through X: 9 of 10 cases, 29 of 30 events on the map
        assert "the map covers 90% of the cases and 96.6% of the events" in capsys.readouterr().out


def test_other_journey_formats_are_written_too(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cafe.xlsx"
    assert main(["mine", str(cafe), "-o", str(out), "--goal", "Pay"]) == 0
    assert main(["validate", str(out)]) == 0
    assert [t.name for t in read_journey(out).touchpoints] == ["Browse", "Order", "Order (again)", "Pay"]


@pytest.mark.parametrize(("arguments", "message"), [
    (["--min-share", "1.5"], "1.5 is outside 0-1"),
    (["--min-share", "lots"], "'lots' is not a share"),
    (["--top", "0"], "0 steps: give 1 or more"),
    (["--top", "five"], "'five' is not a number of steps"),
])
def test_usage_errors(cafe: Path, tmp_path: Path, arguments: list[str], message: str,
                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(cafe), "-o", str(tmp_path / "j.json"), *arguments]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "j.json").exists()


def test_an_output_that_is_no_journey_file(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(cafe), "-o", str(tmp_path / "report.html")]) == 2
    assert "journeymap convert JOURNEY.json" in capsys.readouterr().err
    assert main(["mine", str(cafe), "-o", str(tmp_path / "journey.docx")]) == 2
    assert "journeymap writes .json" in capsys.readouterr().err


def test_the_output_is_required(cafe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(cafe)]) == 2
    assert "-o/--output" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "expected"), [
    ("case,activity,timestamp\n1,A,2024-03-01 10:00\n1,B,not a time\n",
     ["{log}: row 3: time 'not a time' (column 'timestamp') is not a date and time journeymap reads; write it like "
      "2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00"]),
    ("", ["{log}: is empty: an event log has a header row (case, activity, time …) and a row for each event under it"]),
    ("id,what\n1,A\n", ["{log}: no activity column: no column has a name journeymap knows for it (concept:name, "
                        "activity, activity name, …); columns found: 'id', 'what'; name it with --activity",
                        "{log}: no timestamp column: no column has a name journeymap knows for it (time:timestamp, "
                        "timestamp, complete timestamp, …); columns found: 'id', 'what'; name it with --timestamp",
                        "{log}: no case column: no column has a name journeymap knows for it (case:concept:name, "
                        "case id, case, …); columns found: 'id', 'what'; name it with --case"]),
])
def test_a_bad_log_is_exit_1_with_its_problems_and_no_file(tmp_path: Path, text: str, expected: list[str],
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    log = write(tmp_path / "log.csv", text)
    out = tmp_path / "j.json"
    assert main(["mine", str(log), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert sorted(captured.err.splitlines()) == sorted(line.format(log=log) for line in expected)
    assert "Traceback" not in captured.err and captured.out == ""
    assert not out.exists()


def test_a_bad_mapping_file_is_exit_1(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mapping = write(tmp_path / "map.csv", "activity,lane\nPay,kitchen\n")
    assert main(["mine", str(cafe), "-o", str(tmp_path / "j.json"), "--mapping", str(mapping)]) == 1
    assert capsys.readouterr().err == (f"{mapping}: row 2: lane 'kitchen' is not one of customer, frontstage, "
                                       "backstage, support\n")


def test_an_unknown_goal_is_exit_1(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(cafe), "-o", str(tmp_path / "j.json"), "--goal", "Tip"]) == 1
    assert "--goal 'Tip': is no activity or step of the log" in capsys.readouterr().err


def test_an_output_folder_that_does_not_exist(cafe: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mine", str(cafe), "-o", str(tmp_path / "no" / "such" / "j.json")]) == 1
    assert capsys.readouterr().err.startswith("journeymap: cannot write")


def test_one_option_per_role() -> None:
    from journeymap.cli import _parser

    mine = _parser()._subparsers._group_actions[0].choices["mine"]  # type: ignore[union-attr]
    options = {option for action in mine._actions for option in action.option_strings}
    assert {f"--{role}" for role in ROLES} <= options
