"""No file can drive the terminal it is reported on: every command prints user text escaped."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from journeymap.cli import main, terminal_text
from journeymap.model.text import text_problem

# ESC sequences (colour, clear screen, an OSC 8 hyperlink), a C1 CSI and a bidi override
ATTACKS = ["\x1b[2J\x1b[31mred", "\x1b]8;;http://evil.example\x07link\x1b]8;;\x07", "\x9b31m", "\u202eevil"]
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def journey(name: str, **extra: object) -> dict[str, object]:
    return {"title": "Café", "stages": [{"id": "s", "name": "Stage"}],
            "touchpoints": [{"id": "a", "name": name, "stage": "s", "emotion": -1, **extra}]}


@pytest.mark.parametrize("attack", ATTACKS)
def test_validate_escapes_a_bad_value_and_an_unknown_key(tmp_path: Path, attack: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.json"
    data = journey("Pays", lane=attack)
    data["touchpoints"][0][f"note{attack}"] = 1  # type: ignore[index]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert not RAW.search(err), repr(err)
    assert "touchpoints[0].lane: must be one of" in err
    assert "unknown field 'note" in err
    assert terminal_text(attack) in err  # shown, as visible escapes


@pytest.mark.parametrize("attack", [attack for attack in ATTACKS if text_problem(attack) is not None])
def test_a_name_with_control_characters_is_refused_naming_them_not_printing_them(
        tmp_path: Path, attack: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(journey(f"Pays {attack}")), encoding="utf-8")
    assert main(["analyze", str(path)]) == 1
    err = capsys.readouterr().err
    assert not RAW.search(err), repr(err)
    assert f"touchpoints[0].name: contains the control character U+{ord(attack[0]):04X} at position 6" in err


# What a journey may hold (tests/test_text_policy.py) still must not drive the terminal: a bidi override
@pytest.mark.parametrize("attack", [attack for attack in ATTACKS if text_problem(attack) is None])
def test_analyze_prints_names_escaped_and_json_that_reads_back_exactly(tmp_path: Path, attack: str,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(journey(f"Pays {attack}", friction=9)), encoding="utf-8")
    assert main(["analyze", str(path)]) == 0
    report = capsys.readouterr().out
    assert not RAW.search(report), repr(report)
    assert main(["analyze", str(path), "--json"]) == 0
    text = capsys.readouterr().out
    assert not RAW.search(text), repr(text)
    assert json.loads(text)["touchpoints"][0]["name"] == f"Pays {attack}"


def test_a_file_name_with_escapes_is_printed_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x\x1b[31m.json"
    path.write_text(json.dumps(journey("Pays")), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "x\\x1b[31m.json: valid (1 touchpoints, 0 connections)" in out
    assert "\x1b" not in out


def test_terminal_text_keeps_ordinary_text_and_line_breaks() -> None:
    assert terminal_text("Rosie says “hello” 👋\n\tnext") == "Rosie says “hello” 👋\n\tnext"
    assert terminal_text("\x00\x7f\x85") == "\\x00\\x7f\\x85"
