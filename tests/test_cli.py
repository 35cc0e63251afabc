"""`main([...])` for validate, schema, convert and usage errors (analyze and render have their own files)."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from journeymap import load
from journeymap.cli import main

from .test_io import RICH


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "dentist.json"
    path.write_text(json.dumps(RICH), encoding="utf-8")
    return path


@pytest.fixture
def bad_file(tmp_path: Path) -> Path:
    data = json.loads(json.dumps(RICH))
    data["touchpoints"][0]["emotion"] = 8
    data["connections"][0]["to"] = "ghost"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_validate_a_valid_file(good_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(good_file)]) == 0
    assert capsys.readouterr().out == f"{good_file}: valid (3 touchpoints, 2 connections)\n"


def test_validate_lists_every_problem_of_every_file(good_file: Path, bad_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert main(["validate", str(good_file), str(bad_file), str(empty)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [  # the bad emotion and the dangling 'to', in one pass
        f"{bad_file}: touchpoints[0].emotion: must be between -5 and 5, got 8 (touchpoint 'call')",
        f"{bad_file}: connections[0].to: no touchpoint has the id 'ghost'",
        f"{empty}: is empty; a journey file is a JSON object with a title and stages",
    ]
    assert "valid" in captured.out and "Traceback" not in captured.err


def test_validate_reports_reference_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(json.dumps(RICH))
    data["connections"][0]["to"] = "ghost"
    path = tmp_path / "ref.json"
    path.write_text(json.dumps(data))
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().err == f"{path}: connections[0].to: no touchpoint has the id 'ghost'\n"


def test_validate_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "photo.json"
    path.write_bytes(bytes(range(256)) * 4)
    assert main(["validate", str(path)]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_validate_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "required: FILE" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "validate" in capsys.readouterr().out


def test_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("journeymap ")


def test_schema_is_a_json_schema_of_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["required"] == ["title", "stages"]
    assert schema["additionalProperties"] is False
    touchpoint = schema["$defs"]["Touchpoint"]["properties"]
    assert set(touchpoint["lane"]["enum"]) == {"customer", "frontstage", "backstage", "support"}
    assert "from" in schema["$defs"]["Connection"]["properties"]


def test_convert_json_to_json_normalises(good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    assert main(["convert", str(good_file), str(target)]) == 0
    assert load(target) == load(good_file)
    assert target.read_text().startswith('{\n  "schema_version": 1,')


def test_convert_unknown_format_is_a_usage_error(good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(good_file), str(tmp_path / "out.docx")]) == 2
    assert "journeymap writes .json" in capsys.readouterr().err


def test_convert_invalid_input(bad_file: Path, tmp_path: Path) -> None:
    assert main(["convert", str(bad_file), str(tmp_path / "out.json")]) == 1
    assert not (tmp_path / "out.json").exists()


def test_python_dash_m_runs_the_same_command(good_file: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "journeymap", "validate", str(good_file)], capture_output=True, text=True)
    assert result.returncode == 0 and "valid" in result.stdout


README = Path(__file__).parents[1] / "README.md"
SAMPLES = Path(__file__).parents[1] / "sample_journeys"


def readme_validate_example() -> tuple[list[str], list[str]]:
    """The README's `$ journeymap validate …` example: the command's arguments and the lines shown."""
    blocks = README.read_text(encoding="utf-8").split("```")[1::2]  # the insides of the fenced blocks
    block = next(block for block in blocks if block.lstrip("\n").startswith("$ journeymap validate "))
    command, *shown = block.strip("\n").splitlines()
    return shlex.split(command[len("$ "):])[1:], shown


def test_the_readme_validate_example_is_what_validate_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    arguments, shown = readme_validate_example()
    assert arguments == ["validate", "diner.json"]
    # the diner sample with the two slips the README describes: an emotion off the scale, a typo in a 'to'
    data = json.loads((SAMPLES / "diner.json").read_text(encoding="utf-8"))
    data["touchpoints"][3]["emotion"] = 7
    data["connections"][1]["to"] = "wait_for_tabel"
    monkeypatch.chdir(tmp_path)
    Path("diner.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert main(arguments) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == shown
    assert len(shown) == 2  # both problems, the field's and the rule's, in one run
