"""The room's ratings (``touchpoints[].ratings``): the field, the format version it takes, every reader and writer.

A live workshop brings the room's view into the map: the step's emotion, friction or staff emotion becomes the
room's median, and ``ratings`` keeps how many rated and how far they disagreed. A file is written with the lowest
``schema_version`` that holds it: 3 when a step has ratings, else 2 when the persona lists needs, else 1
(docs/formats.md, "Format versions" and "The room's ratings (format version 3)").
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
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
from journeymap.model.journey import lowest_version
from journeymap.model.validation import journey_from_data, journey_to_data, json_schema
from journeymap.reports import html_report, markdown_report
from journeymap.store.edits import update_touchpoint

from .conftest import TINY_JOURNEY

# The spec's example: seven people rated the customer's emotion and the friction, three the staff's emotion.
ROOM = {"emotion": {"count": 7, "median": -2, "spread": 3},
        "friction": {"count": 7, "median": 6.5, "spread": 2},
        "staff_emotion": {"count": 3, "median": 1, "spread": 0.5}}


def with_ratings(ratings: Any, index: int = 1, **persona: Any) -> dict[str, Any]:
    """TINY_JOURNEY with these ratings on touchpoint ``index`` ("wait", emotion -3, friction 6)."""
    data = json.loads(json.dumps(TINY_JOURNEY))
    data["touchpoints"][index]["ratings"] = ratings
    if persona:
        data["persona"] = {"name": "Ana", **persona}
    return data


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        loads(json.dumps(data))
    return [str(problem) for problem in caught.value.problems]


def rated(field: str, **summary: Any) -> dict[str, Any]:
    """Ratings of one field: the spec's summary of it with these parts changed."""
    return {field: {**ROOM[field], **summary}}


# ---- the model: what a valid ratings object holds


def test_the_specs_example_reads_as_given() -> None:
    ratings = loads(json.dumps(with_ratings(ROOM))).touchpoints[1].ratings
    assert ratings is not None and ratings.rated() == ["emotion", "friction", "staff_emotion"]
    assert (ratings.emotion.count, ratings.emotion.median, ratings.emotion.spread) == (7, -2, 3)
    assert (ratings.friction.count, ratings.friction.median, ratings.friction.spread) == (7, 6.5, 2)
    assert (ratings.staff_emotion.count, ratings.staff_emotion.median, ratings.staff_emotion.spread) == (3, 1, 0.5)


def test_each_field_is_optional_and_so_is_the_whole() -> None:
    assert loads(json.dumps(TINY_JOURNEY)).touchpoints[1].ratings is None
    only_friction = loads(json.dumps(with_ratings(rated("friction")))).touchpoints[1].ratings
    assert only_friction is not None and only_friction.rated() == ["friction"] and only_friction.emotion is None


def test_an_empty_ratings_object_is_refused_by_name() -> None:
    # touchpoint 1 is "wait"; {"emotion": null} names nothing either (it would be written as {})
    expected = ["touchpoints[1].ratings: must name at least one of emotion, friction, staff_emotion "
                "(touchpoint 'wait')"]
    assert problems(with_ratings({})) == expected
    assert problems(with_ratings({"emotion": None, "friction": None})) == expected


def test_the_bounds_of_count() -> None:
    # 1 and 100,000 are allowed; 0 and 100,001 are not; a count is a whole number
    for count in (1, 100_000):
        ratings = loads(json.dumps(with_ratings(rated("emotion", count=count)))).touchpoints[1].ratings
        assert ratings is not None and ratings.emotion is not None and ratings.emotion.count == count
    assert problems(with_ratings(rated("emotion", count=0))) == [
        "touchpoints[1].ratings.emotion.count: must be between 1 and 100000, got 0 (touchpoint 'wait')"]
    assert problems(with_ratings(rated("friction", count=100_001))) == [
        "touchpoints[1].ratings.friction.count: must be between 1 and 100000, got 100001 (touchpoint 'wait')"]
    assert problems(with_ratings(rated("emotion", count=2.5))) == [
        "touchpoints[1].ratings.emotion.count: must be a whole number, got 2.5 (touchpoint 'wait')"]


@pytest.mark.parametrize("field, low, high", [("emotion", -5, 5), ("staff_emotion", -5, 5), ("friction", 0, 10)])
def test_a_median_lies_in_its_fields_own_range(field: str, low: int, high: int) -> None:
    for median in (low, high):
        summary = getattr(loads(json.dumps(with_ratings(rated(field, median=median)))).touchpoints[1].ratings, field)
        assert summary.median == median
    for median in (low - 0.5, high + 0.5):
        assert problems(with_ratings(rated(field, median=median))) == [
            f"touchpoints[1].ratings.{field}.median: must be between {low} and {high}, got {median} "
            "(touchpoint 'wait')"]


def test_the_bounds_of_spread() -> None:
    # the interquartile range: 0 (all alike) to 10, the width of both ranges, for friction as for the emotions
    for spread in (0, 10):
        ratings = loads(json.dumps(with_ratings(rated("friction", spread=spread)))).touchpoints[1].ratings
        assert ratings is not None and ratings.friction is not None and ratings.friction.spread == spread
    assert problems(with_ratings(rated("emotion", spread=-0.5))) == [
        "touchpoints[1].ratings.emotion.spread: must be between 0 and 10, got -0.5 (touchpoint 'wait')"]
    assert problems(with_ratings(rated("staff_emotion", spread=10.5))) == [
        "touchpoints[1].ratings.staff_emotion.spread: must be between 0 and 10, got 10.5 (touchpoint 'wait')"]


def test_numbers_are_finite() -> None:
    # json.dumps writes NaN and Infinity, which Python's json reads back
    assert problems(with_ratings(rated("emotion", median=float("nan"), spread=float("inf")))) == [
        "touchpoints[1].ratings.emotion.median: must be a finite number (touchpoint 'wait')",
        "touchpoints[1].ratings.emotion.spread: must be a finite number (touchpoint 'wait')",
    ]


def test_every_part_of_a_summary_is_required_and_no_other_key_is_allowed() -> None:
    assert problems(with_ratings({"emotion": {"count": 7}})) == [
        "touchpoints[1].ratings.emotion.median: is required (touchpoint 'wait')",
        "touchpoints[1].ratings.emotion.spread: is required (touchpoint 'wait')",
    ]
    assert problems(with_ratings({"emotion": {**ROOM["emotion"], "mean": -1.5}})) == [
        "touchpoints[1].ratings.emotion.mean: unknown field 'mean'; did you mean 'median'? (touchpoint 'wait')"]
    assert problems(with_ratings({**ROOM, "mood": {"count": 1, "median": 0, "spread": 0}})) == [
        "touchpoints[1].ratings.mood: unknown field 'mood'; known fields: emotion, friction, staff_emotion "
        "(touchpoint 'wait')"]


def test_ratings_of_the_wrong_type() -> None:
    assert problems(with_ratings([7, -2, 3])) == [
        "touchpoints[1].ratings: must be an object, got a list (touchpoint 'wait')"]
    assert problems(with_ratings({"emotion": {"count": "7", "median": -2, "spread": 3}})) == [
        "touchpoints[1].ratings.emotion.count: must be a whole number, got text (touchpoint 'wait')"]


# ---- the format version


def test_the_format_is_at_version_4() -> None:
    assert SCHEMA_VERSION == 4  # version 4 added the survey (tests/test_survey_format.py)


@pytest.mark.parametrize("needs, ratings, expected", [
    (None, None, 1),                 # neither: version 1, as every existing file
    (["lives alone"], None, 2),      # needs only: version 2
    (None, ROOM, 3),                 # ratings only: version 3 (3 holds needs and ratings alike)
    (["lives alone"], ROOM, 3),      # both: the higher
])
@pytest.mark.parametrize("declared", [None, 1, 2, 3])
def test_the_version_is_the_lowest_that_holds_the_journey(needs: list[str] | None, ratings: dict[str, Any] | None,
                                                          expected: int, declared: int | None) -> None:
    data = json.loads(json.dumps(TINY_JOURNEY))
    if needs:
        data["persona"]["needs"] = needs
    if ratings:
        data["touchpoints"][2]["ratings"] = ratings
    if declared is not None:
        data["schema_version"] = declared
    journey = loads(json.dumps(data))
    # whatever the file said: a version-1 file with ratings is read (and then is version 3), a 3 without is not 3
    assert journey.schema_version == expected == lowest_version(journey)
    text = dumps(journey)
    assert json.loads(text)["schema_version"] == expected
    assert loads(text) == journey and dumps(loads(text)) == text


def test_a_file_of_version_5_is_refused_as_newer() -> None:
    data = with_ratings(ROOM)
    data["schema_version"] = 5
    assert problems(data) == ["schema_version: version 5 was written by a newer journeymap; this one reads up to "
                              "version 4. Update journeymap to open it."]


def test_removing_the_last_ratings_writes_the_older_version_again() -> None:
    data = journey_to_data(loads(json.dumps(with_ratings(ROOM, needs=["low vision"]))))
    assert data["schema_version"] == 3
    del data["touchpoints"][1]["ratings"]
    assert journey_to_data(journey_from_data(data))["schema_version"] == 2  # the needs are still there


def test_a_journey_given_ratings_in_python_is_written_at_version_3() -> None:
    # model_copy does not validate: the writer works the version out from what the journey holds
    journey = loads(json.dumps(TINY_JOURNEY))
    rated_journey = loads(json.dumps(with_ratings(ROOM)))
    changed = journey.model_copy(update={"touchpoints": rated_journey.touchpoints})
    assert changed.schema_version == 1 and json.loads(dumps(changed))["schema_version"] == 3


# ---- the journey file


def test_a_file_with_ratings_round_trips_keeping_every_number() -> None:
    journey = loads(json.dumps(with_ratings(ROOM)))
    text = dumps(journey)
    # written in file order after evidence, whole numbers without ".0", the others as given
    assert json.loads(text)["touchpoints"][1] == {"id": "wait", "name": "Waits at the bar", "stage": "order",
                                                  "lane": "customer", "emotion": -3, "friction": 6,
                                                  "evidence": "assumed", "ratings": ROOM}
    assert list(json.loads(text)["touchpoints"][1]["ratings"]["friction"]) == ["count", "median", "spread"]
    assert loads(text) == journey and dumps(loads(text)) == text


def test_a_file_without_ratings_is_written_exactly_as_before() -> None:
    text = dumps(loads(json.dumps(TINY_JOURNEY)))
    assert text.startswith('{\n  "schema_version": 1,') and "ratings" not in text


def test_a_file_with_ratings_takes_the_quick_path_on_the_first_count(monkeypatch: pytest.MonkeyPatch) -> None:
    # no colon inside a string: the text's colons are its keys, and the models' fields set must count them all
    # (the ratings object and each summary are models of their own)
    text = json.dumps(with_ratings(ROOM, index=0) | {"schema_version": 3}, indent=2)
    journey = loads(text)
    assert json_file._fields_set(journey) == text.count(":")
    careful = journey_from_data(json.loads(text))
    monkeypatch.setattr(json_file, "_careful_journey", lambda *args: pytest.fail("a valid file took the careful path"))
    assert loads(text) == careful


def test_a_key_given_twice_in_the_ratings_is_refused_not_silently_the_last() -> None:
    text = json.dumps(with_ratings({"emotion": ROOM["emotion"]})).replace(
        '"count": 7,', '"count": 7, "count": 70,', 1)
    with pytest.raises(JourneyFileError) as caught:
        loads(text)
    assert [str(problem) for problem in caught.value.problems] == [
        "touchpoints[1].ratings.emotion.count: is given more than once in the same object; keep one"]


# ---- the JSON Schema


def test_the_schema_documents_the_ratings() -> None:
    schema = json_schema()
    assert schema["properties"]["schema_version"]["maximum"] == 4
    assert "3 when a touchpoint has the room's ratings" in schema["properties"]["schema_version"]["description"]
    field = schema["$defs"]["Touchpoint"]["properties"]["ratings"]
    assert "version 3" in field["description"] and "median" in field["description"]
    assert "ratings" not in schema["$defs"]["Touchpoint"].get("required", [])
    ratings = schema["$defs"]["Ratings"]
    assert ratings["minProperties"] == 1 and ratings["additionalProperties"] is False
    assert list(ratings["properties"]) == ["emotion", "friction", "staff_emotion"]
    emotion, friction = schema["$defs"]["EmotionRatings"], schema["$defs"]["FrictionRatings"]
    assert emotion["required"] == ["count", "median", "spread"] and emotion["additionalProperties"] is False
    assert (emotion["properties"]["count"]["minimum"], emotion["properties"]["count"]["maximum"]) == (1, 100_000)
    assert emotion["properties"]["count"]["type"] == "integer"
    assert (emotion["properties"]["median"]["minimum"], emotion["properties"]["median"]["maximum"]) == (-5, 5)
    assert (friction["properties"]["median"]["minimum"], friction["properties"]["median"]["maximum"]) == (0, 10)
    assert (friction["properties"]["spread"]["minimum"], friction["properties"]["spread"]["maximum"]) == (0, 10)
    assert "interquartile range" in friction["properties"]["spread"]["description"]


# ---- spreadsheets


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def touchpoints_csv(text: str) -> dict[str, bytes]:
    return {"touchpoints.csv": text.encode()}


@pytest.mark.parametrize("write, read", [(journey_to_xlsx, xlsx_to_journey), (journey_to_zip, zip_to_journey),
                                         (journey_to_csv, csv_to_journey)], ids=["xlsx", "zip", "csv"])
def test_json_to_a_spreadsheet_and_back_keeps_the_ratings(write: Any, read: Any) -> None:
    # 0.1 + 0.2 and 1e-07: numbers a text cell must write in full to read back equal
    data = with_ratings(ROOM)
    data["touchpoints"][0]["ratings"] = {"friction": {"count": 1, "median": 0.1 + 0.2, "spread": 1e-07}}
    journey = loads(json.dumps(data))
    back = read(write(journey))
    assert back == journey
    assert journey_to_data(back)["touchpoints"][1]["ratings"] == ROOM
    assert json.loads(dumps(back))["schema_version"] == 3


def test_the_ratings_column_holds_a_line_per_rated_field_after_evidence() -> None:
    rows = csv_rows(journey_to_csv(loads(json.dumps(with_ratings(ROOM))))["touchpoints.csv"])
    column = rows[0].index("Ratings (one field per line)")
    assert rows[0][column - 1] == "Evidence"
    assert rows[1][column] == ""  # "ask" has none
    assert rows[2][column] == ("emotion: 7 ratings, median -2, spread 3\nfriction: 7 ratings, median 6.5, spread 2\n"
                               "staff emotion: 3 ratings, median 1, spread 0.5")


def test_a_journey_without_ratings_gives_the_same_spreadsheet_as_before() -> None:
    # no Ratings column: the 23 columns and the cells of every row as they were
    rows = csv_rows(journey_to_csv(loads(json.dumps(TINY_JOURNEY)))["touchpoints.csv"])
    assert "Ratings (one field per line)" not in rows[0] and len(rows[0]) == 23
    assert rows[1][:11] == ["ask", "Asks for a latte", "order", "customer", "", "2", "", "", "0", "assumed", ""]
    workbook = openpyxl.load_workbook(io.BytesIO(journey_to_xlsx(loads(json.dumps(TINY_JOURNEY)))))
    assert [cell.value for cell in workbook["Touchpoints"][1]][9:11] == ["Evidence", "Staff minutes"]


def test_ratings_typed_in_a_spreadsheet_are_read_forgivingly() -> None:
    # any case, ";" between the parts, a decimal comma, a minus sign, blank lines, the column's other names
    files = touchpoints_csv('ID,Name,Stage,Rating\n'
                            'a,A,s,"Customer emotion: 12 ratings; median \u22122,5; spread 1,5\n\n'
                            'staff_emotion: 1 rating, median 0, spread 0"\n')
    ratings = csv_to_journey(files).touchpoints[0].ratings
    assert ratings is not None and ratings.rated() == ["emotion", "staff_emotion"]
    assert (ratings.emotion.count, ratings.emotion.median, ratings.emotion.spread) == (12, -2.5, 1.5)
    assert (ratings.staff_emotion.count, ratings.staff_emotion.median, ratings.staff_emotion.spread) == (1, 0, 0)


def test_bad_ratings_in_a_spreadsheet_are_told_by_row_and_column() -> None:
    # row 2: a line that is no rating; row 3: a field the room does not rate (on its second line); row 4: friction
    # twice; row 5: a median and a spread out of range, which the model tells, named by the line's field
    files = touchpoints_csv(
        "ID,Name,Stage,Ratings (one field per line)\n"
        "a,A,s,lots\n"
        'b,B,s,"emotion: 2 ratings, median 1, spread 0\nmood: 1 rating, median 1, spread 0"\n'
        'c,C,s,"friction: 2 ratings, median 1, spread 0\nFriction: 2 ratings, median 1, spread 0"\n'
        "d,D,s,staff emotion: 3 ratings; median 9; spread 11\n")
    with pytest.raises(JourneyFileError) as caught:
        csv_to_journey(files)
    column = 'column "Ratings (one field per line)"'
    assert caught.value.lines() == [
        f'touchpoints.csv row 2, {column}: must read like "emotion: 7 ratings, median -2, spread 3", one rated '
        'field a line, got "lots"',
        f'touchpoints.csv row 3, {column}: line 2 names "mood", not a field the room rates: use emotion, friction, '
        "staff emotion",
        f"touchpoints.csv row 4, {column}: line 2 gives the friction ratings a second time; keep one line",
        f"touchpoints.csv row 5, {column}: staff emotion median: must be between -5 and 5, got 9",
        f"touchpoints.csv row 5, {column}: staff emotion spread: must be between 0 and 10, got 11",
    ]


# ---- Mermaid


def test_mermaid_leaves_the_ratings_out_as_it_leaves_friction_out() -> None:
    bare = journey_to_mermaid(loads(json.dumps(TINY_JOURNEY)))
    assert journey_to_mermaid(loads(json.dumps(with_ratings(ROOM)))) == bare


# ---- the workshop report


def test_the_report_says_how_many_rated_and_the_spread_next_to_each_rated_figure() -> None:
    # "wait" holds emotion -3 and friction 6 by hand; the room said -2 and 6.5: both shown, the room's median named.
    # "pay" (emotion 1) was rated 1 by one person: only the count and spread, the figure being the median.
    data = with_ratings(ROOM)
    data["touchpoints"][2]["ratings"] = {"emotion": {"count": 1, "median": 1, "spread": 0}}
    lines = markdown_report(loads(json.dumps(data))).splitlines()
    start = lines.index("#### Waits at the bar")
    assert lines[start + 4:start + 7] == [
        "- **Customer feels:** -3; the room gave -2, median of 7 ratings, spread 3",
        "- **Staff feel:** not recorded; the room gave +1, median of 3 ratings, spread 0.5",
        "- **Friction:** 6 of 10; the room gave 6.5, median of 7 ratings, spread 2",
    ]
    assert "- **Customer feels:** +1; median of 1 rating, spread 0" in lines
    page = html_report(loads(json.dumps(data)), images=False)
    assert "<li><strong>Customer feels: </strong>+1; median of 1 rating, spread 0</li>" in page


def test_the_report_of_a_journey_without_ratings_does_not_mention_them() -> None:
    assert "ratings" not in markdown_report(loads(json.dumps(TINY_JOURNEY)))


# ---- the app's edits: an emotion typed by hand keeps the room's ratings


def test_an_emotion_edited_by_hand_keeps_the_ratings() -> None:
    # the rule (docs/formats.md): the ratings describe the room, not the value the map now holds
    data = with_ratings(ROOM)
    opened_with = json.loads(json.dumps(data["touchpoints"][1]))
    saved = update_touchpoint(data, "wait", {"emotion": -1, "friction": 6}, opened_with)
    assert saved["touchpoints"][1]["emotion"] == -1 and saved["touchpoints"][1]["ratings"] == ROOM
    assert journey_from_data(saved).touchpoints[1].ratings.emotion.median == -2
