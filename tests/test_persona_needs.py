"""The persona's needs (``persona.needs``): the field, the format version it takes, every reader and writer.

The file format's rule: a file is written with the lowest ``schema_version`` that holds what it contains,
so a journey whose persona lists needs is written as version 2 and every other as version 1 (existing
files do not change); readers accept every version up to their own. See docs/formats.md.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.errors import JourneyFileError
from journeymap.formats import json_file
from journeymap.formats.json_file import dumps, loads
from journeymap.formats.mermaid import journey_to_mermaid
from journeymap.formats.spreadsheet import (
    csv_to_journey,
    journey_to_csv,
    journey_to_xlsx,
    journey_to_zip,
    spreadsheet_template,
    xlsx_to_journey,
    zip_to_journey,
)
from journeymap.model import SCHEMA_VERSION
from journeymap.model.validation import journey_from_data, journey_to_data, json_schema
from journeymap.reports import html_report, markdown_report
from journeymap.store.edits import describe_problem, update_journey_details
from journeymap.vocabulary import PERSONA_NEEDS

from .conftest import TINY_JOURNEY

MARTA_NEEDS = ["hard of hearing", "no smartphone", "Visits on Tuesdays: market day"]


def with_persona(persona: dict[str, Any] | None, **extra: Any) -> dict[str, Any]:
    """TINY_JOURNEY with this persona (None: none) and top-level fields."""
    data = {key: value for key, value in TINY_JOURNEY.items() if key != "persona"}
    if persona is not None:
        data["persona"] = persona
    return {**extra, **data}


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        loads(json.dumps(data))
    return [str(problem) for problem in caught.value.problems]


# ---- the vocabulary


def test_the_known_needs_are_these_words_in_this_order() -> None:
    assert PERSONA_NEEDS == ("no smartphone", "no internet", "hard of hearing", "low vision", "reads with difficulty",
                             "speaks another language", "memory difficulties", "limited mobility", "lives alone",
                             "anxious with technology")


# ---- the model


def test_a_file_without_needs_reads_and_writes_exactly_as_before() -> None:
    text = json.dumps(TINY_JOURNEY)
    journey = loads(text)
    assert journey.persona is not None and journey.persona.needs == []
    written = dumps(journey)
    assert written.startswith('{\n  "schema_version": 1,')
    assert "needs" not in written
    assert json.loads(written)["persona"] == {"name": "Ana"}


def test_needs_are_kept_in_their_order_and_spelling() -> None:
    journey = loads(json.dumps(with_persona({"name": "Marta", "needs": MARTA_NEEDS})))
    assert journey.persona is not None and journey.persona.needs == MARTA_NEEDS
    assert json.loads(dumps(journey))["persona"] == {"name": "Marta", "needs": MARTA_NEEDS}


def test_each_need_is_1_to_120_characters_of_text() -> None:
    assert problems(with_persona({"name": "Marta", "needs": ["", "x" * 121, "ok", "bell\x07"]})) == [
        "persona.needs[0]: must not be empty",
        "persona.needs[1]: is too long: at most 120 characters",
        "persona.needs[3]: contains the control character U+0007 at position 5; remove it (text copied from another "
        "program can carry invisible characters)",
    ]
    assert loads(json.dumps(with_persona({"name": "M", "needs": ["x" * 120]}))).persona.needs == ["x" * 120]


def test_at_most_20_needs() -> None:
    twenty = [f"need {number}" for number in range(20)]
    assert len(loads(json.dumps(with_persona({"name": "M", "needs": twenty}))).persona.needs) == 20
    assert problems(with_persona({"name": "M", "needs": [*twenty, "one more"]})) == [
        "persona.needs: has 21 items; journeymap allows at most 20"]


def test_needs_must_be_a_list_of_text() -> None:
    assert problems(with_persona({"name": "M", "needs": "lives alone"})) == ["persona.needs: must be a list, got text"]
    assert problems(with_persona({"name": "M", "needs": [3]})) == ["persona.needs[0]: must be text, got a number"]


def test_a_need_given_twice_ignoring_case_and_surrounding_spaces_is_a_problem_at_the_second() -> None:
    # "Lives Alone " is need 3 (index 2) and repeats need 1, "lives alone"; "lives alone, mostly" is another need
    needs = ["lives alone", "lives alone, mostly", " Lives Alone ", "no internet", "NO INTERNET"]
    assert problems(with_persona({"name": "M", "needs": needs})) == [
        "persona.needs[2]: 'Lives Alone' is listed twice (first as need 1); keep one",
        "persona.needs[4]: 'NO INTERNET' is listed twice (first as need 4); keep one",
    ]


def test_a_repeated_need_is_reported_with_the_other_problems_of_the_file() -> None:
    data = with_persona({"name": "M", "needs": ["low vision", "Low vision"]})
    data["touchpoints"] = [dict(data["touchpoints"][0], emotion=7), *data["touchpoints"][1:]]
    assert problems(data) == [
        "touchpoints[0].emotion: must be between -5 and 5, got 7 (touchpoint 'ask')",
        "persona.needs[1]: 'Low vision' is listed twice (first as need 1); keep one",
    ]
    # a need with a problem of its own is left out of the comparison: its own problem is the one to fix
    assert problems(with_persona({"name": "M", "needs": ["a\x07", "a\x07"]})) == [
        "persona.needs[0]: contains the control character U+0007 at position 2; remove it (text copied from another "
        "program can carry invisible characters)",
        "persona.needs[1]: contains the control character U+0007 at position 2; remove it (text copied from another "
        "program can carry invisible characters)",
    ]


def test_the_app_names_a_repeated_need_in_the_forms_words() -> None:
    data = with_persona({"name": "M", "needs": ["low vision", "Low vision"]})
    with pytest.raises(JourneyFileError) as caught:
        journey_from_data(data)
    assert [describe_problem(problem, data) for problem in caught.value.problems] == [
        "What the persona needs: 'Low vision' is listed twice (first as need 1); keep one"]


# ---- the format version


def test_the_format_is_at_version_4() -> None:
    assert SCHEMA_VERSION == 4  # 3 added the room's ratings, 4 the survey (tests/test_survey_format.py)


@pytest.mark.parametrize("declared", [None, 1, 2, 3])
@pytest.mark.parametrize("needs", [None, [], ["lives alone"]])
def test_read_write_read_gives_an_equal_journey_at_the_lowest_version_that_holds_it(declared: int | None,
                                                                                   needs: list[str] | None) -> None:
    persona: dict[str, Any] = {"name": "Ana"} if needs is None else {"name": "Ana", "needs": needs}
    data = with_persona(persona) if declared is None else with_persona(persona, schema_version=declared)
    journey = loads(json.dumps(data))
    # only a need takes version 2 (no ratings here, so never 3); a version-1 file that already lists needs is read
    # (and then is version 2)
    expected = 2 if needs else 1
    assert journey.schema_version == expected
    text = dumps(journey)
    assert json.loads(text)["schema_version"] == expected
    assert loads(text) == journey
    assert dumps(loads(text)) == text


def test_a_file_of_version_5_is_refused_as_newer() -> None:
    assert problems(with_persona({"name": "Ana"}, schema_version=5)) == [
        "schema_version: version 5 was written by a newer journeymap; this one reads up to version 4. "
        "Update journeymap to open it."]


def test_removing_the_needs_writes_version_1_again() -> None:
    journey = loads(json.dumps(with_persona({"name": "Ana", "needs": ["lives alone"]})))
    data = journey_to_data(journey)
    assert data["schema_version"] == 2
    data["persona"]["needs"] = []
    again = journey_from_data(data)
    assert again.schema_version == 1 and json.loads(dumps(again))["persona"] == {"name": "Ana"}


def test_a_journey_changed_in_python_is_written_at_the_version_its_content_needs() -> None:
    # model_copy does not validate: the writer still works the version out from what the journey holds
    journey = loads(json.dumps(TINY_JOURNEY))
    assert journey.persona is not None
    changed = journey.model_copy(update={"persona": journey.persona.model_copy(update={"needs": ["low vision"]})})
    assert json.loads(dumps(changed))["schema_version"] == 2


needs_lists = st.lists(st.sampled_from(PERSONA_NEEDS) | st.text(min_size=1, max_size=120).filter(
    lambda text: not any(0xD800 <= ord(c) <= 0xDFFF or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text)),
    max_size=20, unique_by=lambda need: need.strip().casefold())


@given(needs_lists, st.sampled_from([None, 1, 2]))
def test_generated_needs_read_back_equal_from_json(needs: list[str], declared: int | None) -> None:
    extra = {} if declared is None else {"schema_version": declared}
    try:
        journey = loads(json.dumps(with_persona({"name": "Ana", "needs": needs}, **extra)))
    except JourneyFileError as error:  # a noncharacter drawn by st.text: the text policy's refusal
        assert all("noncharacter" in problem.message for problem in error.problems)
        return
    text = dumps(journey)
    assert json.loads(text)["schema_version"] == (2 if needs else 1)
    assert loads(text) == journey and dumps(loads(text)) == text


# ---- the journey file's two reading paths


def test_a_file_with_needs_takes_the_quick_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # a need with a colon in it: the colons of the text are then more than the keys, and the second count decides
    text = json.dumps(with_persona({"name": "Marta", "needs": MARTA_NEEDS}, schema_version=2), indent=2)
    careful = journey_from_data(json.loads(text))
    monkeypatch.setattr(json_file, "_careful_journey", lambda *args: pytest.fail("a valid file took the careful path"))
    assert loads(text) == careful


def test_needs_given_twice_in_the_persona_are_refused_not_silently_the_last() -> None:
    text = ('{"title": "T", "persona": {"name": "M", "needs": ["low vision"], "needs": ["no internet"]}, '
            '"stages": [{"id": "s", "name": "S"}]}')
    with pytest.raises(JourneyFileError) as caught:
        loads(text)
    assert [str(problem) for problem in caught.value.problems] == [
        "persona.needs: is given more than once in the same object; keep one"]


# ---- the JSON Schema


def test_the_schema_documents_the_field_and_names_the_known_needs() -> None:
    schema = json_schema()
    needs = schema["$defs"]["Persona"]["properties"]["needs"]
    assert needs["type"] == "array" and needs["maxItems"] == 20
    assert needs["items"]["type"] == "string"
    assert (needs["items"]["minLength"], needs["items"]["maxLength"]) == (1, 120)
    assert all(f'"{need}"' in needs["description"] for need in PERSONA_NEEDS)
    assert "version 2" in needs["description"]
    assert schema["properties"]["schema_version"]["maximum"] == 4
    assert "needs" not in schema["$defs"]["Persona"].get("required", [])


# ---- spreadsheets


MARTA = with_persona({"name": "Marta", "description": "84, lives on her own", "goals": ["See her doctor"],
                      "needs": MARTA_NEEDS})


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_journey_table_has_a_needs_row_after_the_goals() -> None:
    rows = csv_rows(journey_to_csv(loads(json.dumps(MARTA)))["journey.csv"])
    # the Journey table: Field/Value, then title, description (empty), persona name, description, goals, needs
    assert rows[3:7] == [["Persona name", "Marta"], ["Persona description", "84, lives on her own"],
                         ["Persona goals (one per line)", "See her doctor"],
                         ["Persona needs (one per line)", "hard of hearing\nno smartphone\nVisits on Tuesdays: market day"]]


@pytest.mark.parametrize("write, read", [(journey_to_xlsx, xlsx_to_journey), (journey_to_zip, zip_to_journey),
                                         (journey_to_csv, csv_to_journey)], ids=["xlsx", "zip", "csv"])
def test_json_to_a_spreadsheet_and_back_keeps_the_needs(write: Any, read: Any) -> None:
    journey = loads(json.dumps(MARTA))
    back = read(write(journey))
    assert back == journey
    assert back.persona is not None and back.persona.needs == MARTA_NEEDS
    assert json.loads(dumps(back))["schema_version"] == 2


def test_needs_typed_in_a_spreadsheet_are_read_one_per_line() -> None:
    files = {"touchpoints.csv": b"ID,Name,Stage\na,A,s\n",
             "journey.csv": b'Field,Value\nPersona,Marta\nNeeds,"lives alone\n\n  low vision  "\n'}
    persona = csv_to_journey(files).persona
    # blank lines left out; each line kept as typed, as a goal's is, so that a spreadsheet round trip is exact
    assert persona is not None and persona.needs == ["lives alone", "  low vision  "]


def test_a_repeated_need_in_a_spreadsheet_is_told_by_row() -> None:
    files = {"touchpoints.csv": b"ID,Name,Stage\na,A,s\n",
             "journey.csv": b'Field,Value\nPersona name,Marta\nPersona needs,"low vision\nLow Vision"\n'}
    with pytest.raises(JourneyFileError) as caught:
        csv_to_journey(files)
    # the needs row is row 3 (the heading is row 1)
    assert caught.value.lines() == [
        "journey.csv row 3, column \"Value\": 'Low Vision' is listed twice (first as need 1); keep one"]


def test_needs_without_a_persona_name_ask_for_one() -> None:
    files = {"touchpoints.csv": b"ID,Name,Stage\na,A,s\n", "journey.csv": b"Field,Value\nPersona needs,lives alone\n"}
    with pytest.raises(JourneyFileError) as caught:
        csv_to_journey(files)
    assert caught.value.lines() == ['journey.csv row 2: the persona needs a name too: add a "Persona name" row']


def test_the_template_shows_the_needs_row_filled_in() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(spreadsheet_template()))
    values = {row[0]: row[1] for row in workbook["Journey"].iter_rows(values_only=True)}
    assert values["Persona needs (one per line)"] == "hard of hearing\nNo time to call during work hours"
    persona = xlsx_to_journey(spreadsheet_template()).persona
    assert persona is not None and persona.needs == ["hard of hearing", "No time to call during work hours"]


# ---- Mermaid


def test_mermaid_leaves_the_needs_out_as_it_leaves_the_description_and_goals_out() -> None:
    bare = with_persona({"name": "Marta"})
    assert journey_to_mermaid(loads(json.dumps(MARTA))) == journey_to_mermaid(loads(json.dumps(bare)))


# ---- the workshop report


NASTY_NEED = "<b>deaf</b> & *blind*"


def test_the_report_lists_the_needs_under_the_persona_escaped() -> None:
    journey = loads(json.dumps(with_persona({"name": "Marta", "goals": ["See her doctor"],
                                             "needs": ["lives alone", NASTY_NEED]})))
    page = html_report(journey, images=False)
    assert "<b>deaf" not in page
    assert ("<p><strong>Needs</strong></p>\n<ul>\n<li>lives alone</li>\n<li>&lt;b&gt;deaf&lt;/b&gt; &amp; *blind*</li>\n"
            "</ul>") in page
    assert page.index("See her doctor") < page.index("lives alone") < page.index("Key figures")
    lines = markdown_report(journey).splitlines()
    start = lines.index("**Needs**")
    assert lines[start + 1:start + 4] == ["", "- lives alone", "- &lt;b&gt;deaf&lt;/b&gt; &amp; \\*blind\\*"]


def test_the_report_of_a_persona_without_needs_has_no_needs_heading() -> None:
    journey = loads(json.dumps(TINY_JOURNEY))
    assert "Needs" not in html_report(journey, images=False)
    assert "**Needs**" not in markdown_report(journey)


# ---- the app's edits (store/edits): only what changed is written


def test_setting_needs_in_the_details_writes_them() -> None:
    data = json.loads(json.dumps(TINY_JOURNEY))
    opened_with = journey_to_data(journey_from_data(data))
    typed = {"title": "Tiny café", "persona": {"name": "Ana", "description": "", "goals": [],
                                               "needs": ["lives alone", "Visits on Tuesdays"]}}
    saved = update_journey_details(data, typed, opened_with)
    assert saved["persona"] == {"name": "Ana", "needs": ["lives alone", "Visits on Tuesdays"]}
    assert journey_to_data(journey_from_data(saved))["schema_version"] == 2


def test_details_saved_without_touching_the_needs_keep_another_tabs_needs() -> None:
    data = with_persona({"name": "Ana", "needs": ["lives alone"]})
    opened_with = journey_to_data(journey_from_data(data))
    theirs = json.loads(json.dumps(data))
    theirs["persona"]["needs"] = ["lives alone", "low vision"]  # another tab added a need meanwhile
    typed = {"title": "Tiny café, mornings", "persona": {"name": "Ana", "description": "", "goals": [],
                                                         "needs": ["lives alone"]}}
    saved = update_journey_details(theirs, typed, opened_with)
    assert saved["title"] == "Tiny café, mornings"
    assert saved["persona"]["needs"] == ["lives alone", "low vision"]
