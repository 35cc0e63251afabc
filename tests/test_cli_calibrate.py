"""`journeymap calibrate JOURNEY SURVEY [-o OUT] [--min-answers N] [--json]`: survey answers into a journey.

The figures are those of tests/test_calibrate.py, worked out there by hand: CES 2, 3, 2, 1, 2 about "wait"
give mean 2, interval 1.12 … 2.88, emotion -3.3 (interval -4.8 … -1.9) and friction 8.3.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeymap import load
from journeymap.cli import main
from journeymap.formats import read_journey

from .conftest import TINY_JOURNEY

SURVEY = ('Touchpoint,Scale,Score,Comment\n'
          'wait,CES,2,"Ages. My name is Tom, tom@example.com"\n'
          'wait,CES,3,\nwait,CES,2,\nWaits at the bar,CES,1,\nwait,CES,2,\n'
          'pay,NPS,9,Great\n')


@pytest.fixture
def journey_file(tmp_path: Path) -> Path:
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(TINY_JOURNEY), encoding="utf-8")
    return path


@pytest.fixture
def survey_file(tmp_path: Path) -> Path:
    path = tmp_path / "survey.csv"
    path.write_text(SURVEY, encoding="utf-8")
    return path


def test_calibrate_writes_the_journey_and_says_what_changed(journey_file: Path, survey_file: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.json"
    assert main(["calibrate", str(journey_file), str(survey_file), "-o", str(out)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f'{survey_file}: 6 answers and 2 comments about 2 steps (the scale from column "Scale"; at least 5 answers '
        "a step)",
        "Waits at the bar (wait): CES 1 to 7, 5 answers, mean 2, 95% interval 1.12 to 2.88",
        "  emotion -3 → -3.3 (95% interval -4.8 to -1.9), friction 6 → 8.3, evidence assumed → measured, "
        "1 quote added",
        # one NPS answer of 9: a promoter of one, +100
        "Pays by card (pay): NPS 0 to 10, 1 answer, mean 9, Net Promoter Score +100",
        "  kept: 1 answer, fewer than the 5 asked for: it keeps its emotion, 1 quote added",
        "masked in the quotes: 1 e-mail address, 1 name",
        "(--min-answers 5: a step with fewer answers keeps its values)",
        f"wrote {out}",
    ]
    journey = load(out)
    wait, pay = journey.touchpoint("wait"), journey.touchpoint("pay")
    assert (wait.emotion, wait.friction, wait.evidence, wait.survey.answers) == (-3.3, 8.3, "measured", 5)
    assert wait.quotes == ["Ages. My name is [name], [email] — survey, CES 2"]
    assert (pay.emotion, pay.evidence, pay.survey, pay.quotes) == (1, "assumed", None, ["Great — survey, NPS 9"])
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"] == 4
    assert main(["validate", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: valid (3 touchpoints, 2 connections)\n"


def test_without_output_nothing_is_written(journey_file: Path, survey_file: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(tmp_path.iterdir())
    assert main(["calibrate", str(journey_file), str(survey_file)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "nothing written: -o FILE writes the calibrated journey"
    assert sorted(tmp_path.iterdir()) == before


def test_json_output(journey_file: Path, survey_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(journey_file), str(survey_file), "--json", "--min-answers", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["journey"], data["min_answers"], data["calibrated"], data["kept"], data["written"]) == (
        str(journey_file), 1, 2, 0, [])
    wait, pay = data["steps"]
    assert (wait["mean"], wait["low"], wait["high"]) == (2, 1.12, 2.88)
    assert wait["emotion"] == {"before": -3, "after": -3.3, "low": -4.8, "high": -1.9}
    assert wait["friction"] == {"before": 6, "after": 8.3}
    assert wait["masked"] == {"emails": 1, "phones": 0, "numbers": 0, "names": 1}
    # one NPS answer of 9: emotion 9 - 5 = 4; no interval from one answer
    assert (pay["emotion"]["after"], pay["low"], pay["nps"], pay["kept"]) == (4, None, 100, None)


def test_a_journey_whose_steps_all_keep_their_values_keeps_its_version(journey_file: Path, survey_file: Path,
                                                                        tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    assert main(["calibrate", str(journey_file), str(survey_file), "-o", str(out), "--min-answers", "6"]) == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["schema_version"] == 1  # quotes only: nothing of version 2, 3 or 4
    assert written["touchpoints"][1]["emotion"] == -3 and "survey" not in written["touchpoints"][1]


def test_calibrating_in_place_keeps_the_previous_file(journey_file: Path, survey_file: Path) -> None:
    assert main(["calibrate", str(journey_file), str(survey_file), "-o", str(journey_file)]) == 0
    assert load(journey_file).touchpoint("wait").survey is not None
    assert json.loads(journey_file.with_suffix(".json.bak").read_text(encoding="utf-8")) == TINY_JOURNEY


def test_a_workbook_out_keeps_the_survey(journey_file: Path, survey_file: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.xlsx"
    assert main(["calibrate", str(journey_file), str(survey_file), "-o", str(out)]) == 0
    assert read_journey(out).touchpoint("wait").survey.model_dump() == {
        "scale": "CES", "lowest": 1, "highest": 7, "answers": 5, "mean": 2, "low": 1.12, "high": 2.88}
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0


def test_options_name_the_columns_and_the_scale(journey_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "answers.csv"
    survey.write_text("Where;Stars\n" + "pay;5\n" * 5, encoding="utf-8")
    assert main(["calibrate", str(journey_file), str(survey), "--scale", "CSAT", "--touchpoint-column", "where",
                 "--score-column", "Stars", "--json"]) == 0
    (pay,) = json.loads(capsys.readouterr().out)["steps"]
    assert (pay["id"], pay["emotion"]["after"], pay["scale"]["kind"]) == ("pay", 5, "CSAT")


def test_bad_rows_are_each_told_by_number_without_a_traceback(journey_file: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "bad.csv"
    survey.write_text("Touchpoint,Scale,Score\nwait,CSAT,9\nlatte,CSAT,4\nwait,stars,3\n", encoding="utf-8")
    assert main(["calibrate", str(journey_file), str(survey), "-o", str(tmp_path / "out.json")]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{survey}: row 2: Score 9 is outside CSAT's 1–5",
        f'{survey}: row 3: no step "latte" in the journey: give a step\'s id or name',
        f'{survey}: row 4: Scale: "stars" is not a scale journeymap reads: give CSAT, CES, NPS or a range such as '
        "1-10",
    ]
    assert captured.out == "" and not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty: a survey needs a heading row and a row per answer"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "is not a table of survey answers: it holds binary data"),
])
def test_an_empty_or_binary_survey_exits_1(journey_file: Path, tmp_path: Path, content: bytes, message: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    survey = tmp_path / "survey.csv"
    survey.write_bytes(content)
    assert main(["calibrate", str(journey_file), str(survey)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{survey}: {message}") and "Traceback" not in err


def test_a_missing_survey_and_an_unknown_scale_option_exit_1(journey_file: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(journey_file), str(tmp_path / "none.csv")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'none.csv'}: no such file\n"
    survey = tmp_path / "s.csv"
    survey.write_text("Step,Score\npay,4\n", encoding="utf-8")
    assert main(["calibrate", str(journey_file), str(survey), "--scale", "stars"]) == 1
    assert capsys.readouterr().err == (f'{survey}: the scale: "stars" is not a scale journeymap reads: give CSAT, '
                                       "CES, NPS or a range such as 1-10\n")


@pytest.mark.parametrize("argv", [["--min-answers", "0"], ["--min-answers", "many"], ["-o", "out.docx"]])
def test_usage_errors_exit_2(journey_file: Path, survey_file: Path, argv: list[str],
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["calibrate", str(journey_file), str(survey_file), *argv]) == 2
    assert capsys.readouterr().err
