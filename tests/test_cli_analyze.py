"""``journeymap analyze``: the report, ``--json``, thresholds and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap.cli import main

JOURNEY = {
    "title": "Corner Café",
    "customers_per_week": 300,
    "stages": [{"id": "visit", "name": "Visit"}],
    "touchpoints": [
        {"id": "queue", "name": "Queues at the counter", "stage": "visit", "friction": 7, "emotion": -3,
         "feeling": "impatient"},
        {"id": "order", "name": "Orders a flat white", "stage": "visit", "lane": "frontstage", "emotion": 3,
         "staff_minutes": 2, "automation": {"rule_based": 2, "digital_input": 1, "variability": 3,
                                            "empathy_need": 5, "data_sensitivity": 1}},
        {"id": "stock", "name": "Counts the milk", "stage": "visit", "lane": "backstage", "staff_minutes": 1,
         "staff_emotion": -2, "automation": {"rule_based": 5, "digital_input": 5, "variability": 1,
                                             "empathy_need": 1, "data_sensitivity": 1}},
        {"id": "drinks", "name": "Drinks it by the window", "stage": "visit", "emotion": 4, "goal": True},
    ],
    "connections": [
        {"from": "queue", "to": "order", "share": 0.85},
        {"from": "order", "to": "drinks"},
        {"from": "order", "to": "stock", "kind": "support"},
    ],
}


@pytest.fixture
def cafe(tmp_path: Path) -> Path:
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(JOURNEY), encoding="utf-8")
    return path


def test_json_output_is_the_analysis(cafe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(cafe), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["journey"]["title"] == "Corner Café"
    assert result["journey"]["completion"] == pytest.approx(0.85)
    rows = {row["id"]: row for row in result["touchpoints"]}
    assert rows["queue"]["drop_off"] == pytest.approx(0.15)
    assert rows["stock"]["automation"]["recommendation"] == "automate"
    assert rows["order"]["automation"]["recommendation"] == "keep-human"
    assert rows["stock"]["expected_visits"] == pytest.approx(0.85)  # supports the order step
    # staff hours: order 255 × 2/60 = 8.5, stock 255 × 1/60 = 4.25 (all automatable)
    assert result["journey"]["staff_hours_per_week"] == pytest.approx(12.75)
    assert result["journey"]["automatable_staff_hours_per_week"] == pytest.approx(4.25)


def test_report_for_a_workshop(cafe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(cafe)]) == 0
    report = capsys.readouterr().out
    assert report.startswith("Corner Café\n")
    assert "Completion: 85% of customers reach a goal step." in report
    assert "15%  Queues at the counter (queue)" in report  # the drop-off
    assert "1. Queues at the counter (queue)" in report  # the top pain point …
    assert "customers feel -3 (impatient) and meet friction 7 of 10" in report  # … and why
    assert "+6  Queues at the counter -> Orders a flat white" in report  # a moment of truth
    # 85% remember +4 (peak and end at the window), 15% leave in the queue at −3: 3.4 − 0.45 = 2.95
    assert "Remembered experience (peak-end): +" in report and "(a good memory)" in report
    assert "Counts the milk (stock, backstage)" in report and "Automate: 1" in report
    assert "Keep human (invest staff time here): " in report
    assert "could give back about 4.2 hours a week" in report or "could give back about 4.3 hours a week" in report


def test_thresholds_from_the_command_line(cafe: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(cafe), "--json", "--fit-threshold", "99", "--risk-threshold", "0"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["journey"]["thresholds"]["fit"] == 99
    assert all(row["automation"]["recommendation"] != "automate" for row in result["touchpoints"])


@pytest.mark.parametrize("value", ["-1", "101", "nan", "lots"])
def test_bad_threshold_is_a_usage_error(cafe: Path, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(cafe), "--fit-threshold", value]) == 2
    assert main(["analyze", str(cafe), "--risk-threshold", value]) == 2
    assert "0 to 100" in capsys.readouterr().err


def test_invalid_file_exits_1_with_one_line_per_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # two field problems only: with one touchpoint left, no connection may point at the others
    broken = dict(JOURNEY, title="", touchpoints=[dict(JOURNEY["touchpoints"][0], emotion=9)], connections=[])
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["analyze", str(path)]) == 1
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(str(path)) for line in lines)
    assert "title" in lines[0] and "touchpoints[0].emotion" in lines[1]
    assert "Traceback" not in captured.err and captured.out == ""


def test_missing_file_and_noise_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(tmp_path / "nope.json")]) == 1
    noise = tmp_path / "noise.json"
    noise.write_bytes(b"\x00\xff{not json")
    assert main(["analyze", str(noise)]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_names_with_terminal_escapes_are_refused_without_reaching_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sneaky = dict(JOURNEY, title="Café\x1b[2J cleared")
    path = tmp_path / "sneaky.json"
    path.write_text(json.dumps(sneaky), encoding="utf-8")
    assert main(["analyze", str(path)]) == 1
    captured = capsys.readouterr()
    assert "\x1b" not in captured.out + captured.err
    assert "title: contains the control character U+001B at position 5" in captured.err
