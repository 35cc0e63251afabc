"""A step's survey answers (``touchpoints[].survey``): the field, the format version it takes, every reader and writer.

``journeymap calibrate`` turns survey answers into a step's emotion (and friction, for CES) and keeps what the answers
were: the scale, how many, the mean and its 95% interval. A file is written with the lowest ``schema_version`` that
holds it: 4 when a step has a survey (docs/formats.md, "Survey answers (format version 4)").
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from journeymap.errors import JourneyFileError
from journeymap.formats import json_file
from journeymap.formats.json_file import dumps, loads
from journeymap.formats.mermaid import journey_to_mermaid
from journeymap.formats.spreadsheet import (
    csv_to_journey,
    journey_to_csv,
    journey_to_xlsx,
    journey_to_zip,
    xlsx_to_journey,
    zip_to_journey,
)
from journeymap.model import SCHEMA_VERSION
from journeymap.model.validation import journey_from_data, journey_to_data, json_schema
from journeymap.reports import markdown_report
from journeymap.store.changes import change_summary

from .conftest import TINY_JOURNEY

CSAT = {"scale": "CSAT", "lowest": 1, "highest": 5, "answers": 12, "mean": 4.25, "low": 3.6, "high": 4.9}


def with_survey(survey: Any, index: int = 1, **more: Any) -> dict[str, Any]:
    """TINY_JOURNEY with this survey on touchpoint ``index`` ("wait", emotion -3, friction 6)."""
    data = json.loads(json.dumps(TINY_JOURNEY))
    data["touchpoints"][index]["survey"] = survey
    data["touchpoints"][index].update(more)
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        loads(json.dumps(data))
    return [str(problem) for problem in caught.value.problems]


def csat(**changes: Any) -> dict[str, Any]:
    return {key: value for key, value in {**CSAT, **changes}.items() if value is not None}


# ---- the model


def test_a_survey_reads_as_given() -> None:
    survey = loads(json.dumps(with_survey(CSAT))).touchpoints[1].survey
    assert survey is not None
    assert (survey.scale, survey.lowest, survey.highest, survey.answers, survey.mean, survey.low, survey.high) == (
        "CSAT", 1, 5, 12, 4.25, 3.6, 4.9)


@pytest.mark.parametrize("scale, lowest, highest", [("CSAT", 1, 5), ("CES", 1, 7), ("NPS", 0, 10), ("range", -3, 3)])
def test_each_scale_with_its_own_ends(scale: str, lowest: int, highest: int) -> None:
    survey = {"scale": scale, "lowest": lowest, "highest": highest, "answers": 1, "mean": highest}
    assert loads(json.dumps(with_survey(survey))).touchpoints[1].survey.highest == highest


def test_a_known_scale_keeps_its_own_ends() -> None:
    assert problems(with_survey(csat(lowest=0))) == [
        "touchpoints[1].survey: CSAT runs from 1 to 5, so lowest and highest must be 1 and 5, got 0 and 5 "
        "(touchpoint 'wait')"]
    assert problems(with_survey({"scale": "NPS", "lowest": 1, "highest": 10, "answers": 3, "mean": 7})) == [
        "touchpoints[1].survey: NPS runs from 0 to 10, so lowest and highest must be 0 and 10, got 1 and 10 "
        "(touchpoint 'wait')"]


def test_a_range_runs_upwards() -> None:
    assert problems(with_survey({"scale": "range", "lowest": 10, "highest": 1, "answers": 3, "mean": 5})) == [
        "touchpoints[1].survey: lowest must be below highest, got 10 and 1 (touchpoint 'wait')"]
    assert problems(with_survey({"scale": "range", "lowest": 2, "highest": 2, "answers": 3, "mean": 2})) == [
        "touchpoints[1].survey: lowest must be below highest, got 2 and 2 (touchpoint 'wait')"]


def test_the_mean_and_its_interval_lie_on_the_scale() -> None:
    assert problems(with_survey(csat(mean=5.5, high=None, low=None))) == [
        "touchpoints[1].survey: the mean 5.5 lies outside the scale, 1 to 5 (touchpoint 'wait')"]
    assert problems(with_survey(csat(low=4.3))) == [
        "touchpoints[1].survey: the interval must hold the mean: low 4.3, mean 4.25, high 4.9 (touchpoint 'wait')"]
    assert problems(with_survey(csat(high=5.2))) == [
        "touchpoints[1].survey: the interval 3.6 to 5.2 must lie within the scale, 1 to 5 (touchpoint 'wait')"]


def test_the_interval_is_both_ends_or_none() -> None:
    # one answer has no interval: low and high are left out together
    alone = loads(json.dumps(with_survey(csat(answers=1, mean=4, low=None, high=None)))).touchpoints[1].survey
    assert alone is not None and alone.low is None and alone.high is None
    assert problems(with_survey(csat(high=None))) == [
        "touchpoints[1].survey: give both low and high (the 95% interval) or neither (touchpoint 'wait')"]


def test_the_bounds_and_types_of_each_part() -> None:
    assert problems(with_survey(csat(answers=0))) == [
        "touchpoints[1].survey.answers: must be between 1 and 10000000, got 0 (touchpoint 'wait')"]
    assert problems(with_survey(csat(answers=2.5))) == [
        "touchpoints[1].survey.answers: must be a whole number, got 2.5 (touchpoint 'wait')"]
    assert problems(with_survey(csat(scale="csat"))) == [
        "touchpoints[1].survey.scale: must be one of 'CSAT', 'CES', 'NPS' or 'range', got 'csat' (touchpoint 'wait')"]
    assert problems(with_survey(csat(mean="4"))) == [
        "touchpoints[1].survey.mean: must be a number, got text (touchpoint 'wait')"]
    assert problems(with_survey(csat(mean=float("nan")))) == [
        "touchpoints[1].survey.mean: must be a finite number (touchpoint 'wait')"]


def test_every_part_but_the_interval_is_required_and_no_other_key_is_allowed() -> None:
    assert problems(with_survey({"scale": "CSAT", "lowest": 1, "highest": 5})) == [
        "touchpoints[1].survey.answers: is required (touchpoint 'wait')",
        "touchpoints[1].survey.mean: is required (touchpoint 'wait')"]
    assert problems(with_survey({**CSAT, "median": 4})) == [
        "touchpoints[1].survey.median: unknown field 'median'; did you mean 'mean'? (touchpoint 'wait')"]


# ---- the format version


def test_the_format_is_at_version_4() -> None:
    assert SCHEMA_VERSION == 4


@pytest.mark.parametrize("declared", [None, 1, 3, 4])
def test_a_survey_takes_version_4_and_nothing_else_does(declared: int | None) -> None:
    for data, expected in ((with_survey(CSAT), 4), (json.loads(json.dumps(TINY_JOURNEY)), 1)):
        if declared is not None:
            data["schema_version"] = declared
        journey = loads(json.dumps(data))
        assert journey.schema_version == expected
        text = dumps(journey)
        assert json.loads(text)["schema_version"] == expected
        assert loads(text) == journey and dumps(loads(text)) == text


def test_removing_the_last_survey_writes_the_older_version_again() -> None:
    data = journey_to_data(loads(json.dumps(with_survey(CSAT))))
    assert data["schema_version"] == 4
    del data["touchpoints"][1]["survey"]
    assert journey_to_data(journey_from_data(data))["schema_version"] == 1


# ---- the journey file


def test_a_file_with_a_survey_round_trips_in_file_order() -> None:
    journey = loads(json.dumps(with_survey(CSAT, evidence="measured")))
    text = dumps(journey)
    step = json.loads(text)["touchpoints"][1]
    assert list(step) == ["id", "name", "stage", "lane", "emotion", "friction", "evidence", "survey"]
    assert list(step["survey"]) == ["scale", "lowest", "highest", "answers", "mean", "low", "high"]
    assert step["survey"] == CSAT
    assert loads(text) == journey and dumps(loads(text)) == text


def test_a_file_with_a_survey_takes_the_quick_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # the survey is a model of its own: its keys must be counted with the others (formats/json_file.py)
    text = json.dumps(with_survey(CSAT, index=0) | {"schema_version": 4}, indent=2)
    journey = loads(text)
    assert json_file._fields_set(journey) == text.count(":")
    careful = journey_from_data(json.loads(text))
    monkeypatch.setattr(json_file, "_careful_journey", lambda *args: pytest.fail("a valid file took the careful path"))
    assert loads(text) == careful


def test_the_schema_documents_the_survey() -> None:
    schema = json_schema()
    assert schema["properties"]["schema_version"]["maximum"] == 4
    assert "4 when a touchpoint has survey answers" in schema["properties"]["schema_version"]["description"]
    field = schema["$defs"]["Touchpoint"]["properties"]["survey"]
    assert "version 4" in field["description"] and "95% interval" in field["description"]
    survey = schema["$defs"]["Survey"]
    assert survey["required"] == ["scale", "lowest", "highest", "answers", "mean"]
    assert survey["additionalProperties"] is False
    assert survey["properties"]["scale"]["enum"] == ["CSAT", "CES", "NPS", "range"]


# ---- spreadsheets


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("write, read", [(journey_to_xlsx, xlsx_to_journey), (journey_to_zip, zip_to_journey),
                                         (journey_to_csv, csv_to_journey)], ids=["xlsx", "zip", "csv"])
def test_json_to_a_spreadsheet_and_back_keeps_the_survey(write: Any, read: Any) -> None:
    # 0.1 + 0.2: a number a text cell must write in full to read back equal; a range below zero; one answer
    data = with_survey(CSAT)
    data["touchpoints"][0]["survey"] = {"scale": "range", "lowest": -3, "highest": 3, "answers": 2,
                                        "mean": 0.1 + 0.2, "low": -2.5, "high": 3}
    data["touchpoints"][2]["survey"] = {"scale": "NPS", "lowest": 0, "highest": 10, "answers": 1, "mean": 9}
    journey = loads(json.dumps(data))
    back = read(write(journey))
    assert back == journey
    assert journey_to_data(back)["touchpoints"][1]["survey"] == CSAT


def test_the_survey_column_comes_after_the_ratings_and_only_when_a_step_has_one() -> None:
    rows = csv_rows(journey_to_csv(loads(json.dumps(with_survey(CSAT))))["touchpoints.csv"])
    column = rows[0].index("Survey")
    assert rows[0][column - 1] == "Evidence"  # no ratings here: no Ratings column either
    assert rows[2][column] == "CSAT 1 to 5: 12 answers, mean 4.25, 95% interval 3.6 to 4.9"
    assert rows[1][column] == ""
    bare = csv_rows(journey_to_csv(loads(json.dumps(TINY_JOURNEY)))["touchpoints.csv"])
    assert "Survey" not in bare[0] and len(bare[0]) == 23


def test_a_survey_typed_in_a_spreadsheet_is_read_forgivingly_and_bad_ones_by_row_and_column() -> None:
    files = {"touchpoints.csv": (
        'ID,Name,Stage,Survey answers\n'
        'a,A,s,"nps 0 to 10: 3 answers; mean 7,5; 95 % interval 4 to 10"\n'
        "b,B,s,lots\n"
        'c,C,s,"mood 1 to 5: 3 answers, mean 3"\n'
        'd,D,s,"CSAT 1 to 5: 3 answers, mean 6"\n').encode()}
    with pytest.raises(JourneyFileError) as caught:
        csv_to_journey(files)
    column = 'column "Survey answers"'
    assert caught.value.lines() == [
        f'touchpoints.csv row 3, {column}: must read like "CSAT 1 to 5: 12 answers, mean 4.25, 95% interval 3.6 '
        'to 4.9", got "lots"',
        f'touchpoints.csv row 4, {column}: names the scale "mood": use CSAT, CES, NPS, range',
        f"touchpoints.csv row 5, {column}: the mean 6 lies outside the scale, 1 to 5",
    ]
    files["touchpoints.csv"] = files["touchpoints.csv"].split(b"b,B")[0]
    survey = csv_to_journey(files).touchpoints[0].survey
    assert survey is not None and (survey.scale, survey.mean, survey.low, survey.high) == ("NPS", 7.5, 4, 10)


# ---- elsewhere: Mermaid, the report, the history


def test_mermaid_leaves_the_survey_out_as_it_leaves_the_evidence_out() -> None:
    assert journey_to_mermaid(loads(json.dumps(with_survey(CSAT)))) == journey_to_mermaid(
        loads(json.dumps(TINY_JOURNEY)))


def test_the_report_shows_the_survey_beside_the_figures() -> None:
    lines = markdown_report(loads(json.dumps(with_survey(CSAT)))).splitlines()
    assert "- **Survey answers:** CSAT 1 to 5: 12 answers, mean 4.25, 95% interval 3.6 to 4.9" in lines
    assert "Survey answers" not in markdown_report(loads(json.dumps(TINY_JOURNEY)))


def test_the_history_names_a_change_of_the_survey() -> None:
    before = loads(json.dumps(with_survey(CSAT)))
    after = loads(json.dumps(with_survey(csat(answers=13))))
    assert change_summary(before, after) == "the survey answers of 'Waits at the bar' changed"
