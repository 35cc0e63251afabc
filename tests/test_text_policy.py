"""What text in a journey may hold, checked once in the model and met the same way by every reader.

The characters refused are those no one can type or see and the image renderer cannot draw (a C0
control in a title makes it abort the whole process) or an Excel workbook cannot store; see
journeymap/model/text.py and docs/formats.md, "What text may hold".
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Annotated, Any

import openpyxl
import pytest
from pydantic import Field, TypeAdapter, ValidationError

from journeymap.cli import main
from journeymap.errors import JourneyFileError
from journeymap.formats.json_file import loads
from journeymap.formats.mermaid import journey_to_mermaid, mermaid_to_journey
from journeymap.formats.spreadsheet import csv_to_journey, journey_to_xlsx, xlsx_to_journey, zip_to_journey
from journeymap.formats.spreadsheet import journey_to_zip
from journeymap.model.text import TEXT_PATTERN, forbidden_character, text_problem
from journeymap.model.validation import journey_from_data, journey_to_data, json_schema
from journeymap.store.edits import describe_problem, update_touchpoint

from .conftest import TINY_JOURNEY

ADVICE = "remove it (text copied from another program can carry invisible characters)"

# Counted by hand: C0 but tab, LF, CR (9 + 2 + 18 = 29), DEL (1), C1 (32), surrogates (2048),
# U+FDD0–U+FDEF (32) and two noncharacters at the end of each of the 17 planes (34).
FORBIDDEN_COUNT = 29 + 1 + 32 + 2048 + 32 + 34
EDGES_REFUSED = [0x00, 0x08, 0x0B, 0x0C, 0x0E, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F, 0xD800, 0xDBFF, 0xDC00, 0xDFFF,
                 0xFDD0, 0xFDEF, 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF, 0x10FFFE, 0x10FFFF]
EDGES_KEPT = [0x09, 0x0A, 0x0D, 0x20, 0x7E, 0xA0, 0xAD, 0x2028, 0x2029, 0x202E, 0xD7FF, 0xE000, 0xFDCF, 0xFDF0, 0xFEFF,
              0xFFFD, 0x10000, 0x1FFFD, 0x20000, 0x10FFFD]


def data_with(location: str, value: str) -> dict[str, Any]:
    """TINY_JOURNEY, every text field filled, with the text at ``location`` (``touchpoints[1].feeling``) set."""
    data = copy.deepcopy(TINY_JOURNEY)
    data["connections"][0]["label"] = "then"
    data["persona"].update(description="Regular", goals=["Coffee"], needs=["lives alone"])
    data["stages"][0]["description"] = "Order"
    data["touchpoints"][1].update(pain_points=["Slow"], opportunities=["Buzzer"], quotes=["Still?"])
    *path, last = _path(location)
    parent = data
    for part in path:
        parent = parent[part]
    parent[last] = value
    return data


def value_at(data: dict[str, Any], location: str) -> Any:
    for part in _path(location):
        data = data[part]
    return data


def _path(location: str) -> list[Any]:
    """``touchpoints[1].pain_points[0]`` → ``["touchpoints", 1, "pain_points", 0]``."""
    parts = location.replace("]", "").replace("[", ".").split(".")
    return [int(part) if part.isdigit() else part for part in parts]


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        journey_from_data(data)
    return [str(problem) for problem in caught.value.problems]


# ---- the characters


def test_exactly_the_forbidden_characters_are_refused() -> None:
    refused = [code for code in range(0x110000) if forbidden_character(chr(code))]
    assert len(refused) == FORBIDDEN_COUNT
    assert all(forbidden_character(chr(code)) for code in EDGES_REFUSED)
    assert not any(forbidden_character(chr(code)) for code in EDGES_KEPT)


def test_the_check_inside_pydantic_refuses_the_same_characters_as_the_words_name() -> None:
    # One validation of every code point: the Rust pattern and the Python words must agree on each.
    texts = TypeAdapter(list[Annotated[str, Field(pattern=TEXT_PATTERN)]])
    every = [chr(code) for code in range(0x110000)]
    with pytest.raises(ValidationError) as caught:
        texts.validate_python(every, strict=True)
    refused_inside = {error["loc"][0] for error in caught.value.errors()}
    assert refused_inside == {code for code in range(0x110000) if forbidden_character(chr(code))}
    kinds = {error["type"] for error in caught.value.errors()}
    assert kinds == {"string_pattern_mismatch", "string_unicode"}  # surrogates cannot reach Rust's regex


def test_the_message_names_the_character_its_position_and_one_message_covers_many() -> None:
    assert text_problem("Pays\x1b[2J") == f"contains the control character U+001B at position 5; {ADVICE}"
    assert text_problem("\x00\x00\x00") == ("contains the control character U+0000 at position 1 and 2 more such "
                                            "characters; remove them (text copied from another program can carry "
                                            "invisible characters)")
    assert text_problem("A\U0010ffff") == f"contains the noncharacter U+10FFFF at position 2; {ADVICE}"
    assert text_problem("ok\ud800") == f"contains the unpaired surrogate U+D800 at position 3; {ADVICE}"
    assert text_problem("Tabs\tand\r\nline\u2028breaks, ‮ bidi, \ufeff, 👋🏽") is None


# ---- every text field of the model


TEXT_FIELDS = [
    "title", "description", "persona.name", "persona.description", "persona.goals[0]", "persona.needs[0]",
    "stages[0].name", "stages[0].description",
    "touchpoints[1].name", "touchpoints[1].stage", "touchpoints[1].channel", "touchpoints[1].description",
    "touchpoints[1].feeling", "touchpoints[1].pain_points[0]", "touchpoints[1].opportunities[0]",
    "touchpoints[1].quotes[0]", "touchpoints[1].notes", "connections[0].label",
]


def schema_text_fields() -> set[str]:
    """Every text property of the JSON schema that is neither an id nor a choice, as model.field."""
    found = set()
    schema = json_schema()
    for model, definition in [("", schema), *((name, part) for name, part in schema["$defs"].items())]:
        for field, prop in definition.get("properties", {}).items():
            options = prop.get("anyOf", [prop])
            kinds = [option.get("items", option) for option in options]
            if any(kind.get("type") == "string" and "enum" not in kind and "pattern" not in kind for kind in kinds):
                found.add(f"{model}.{field}")
    return found


def test_the_fields_checked_here_are_every_text_field_of_the_format() -> None:
    # A new text field would show up here, and then needs a line in TEXT_FIELDS.
    model_of = {"": "", "persona": "Persona", "stages": "Stage", "touchpoints": "Touchpoint", "connections": "Connection"}
    listed = set()
    for location in TEXT_FIELDS:
        parts = location.replace("[0]", "").replace("[1]", "").split(".")
        listed.add(f"{model_of[parts[0]] if len(parts) > 1 else ''}.{parts[-1]}")
    assert listed == schema_text_fields()


@pytest.mark.parametrize("location", TEXT_FIELDS)
@pytest.mark.parametrize("character", ["\x01", "\x1b", "\x7f", "\x9b", "\ufffe", "\ud800"])
def test_every_text_field_refuses_it_once_by_its_place(location: str, character: str) -> None:
    found = problems(data_with(location, f"Ab{character}c{character}"))
    owner = " (touchpoint 'wait')" if location.startswith("touchpoints") else ""
    kind = ("unpaired surrogate" if character == "\ud800" else "noncharacter" if character == "\ufffe"
            else "control character")
    assert found == [f"{location}: contains the {kind} U+{ord(character):04X} at position 3 and 1 more such character; "
                     f"remove them (text copied from another program can carry invisible characters){owner}"]


@pytest.mark.parametrize("location", TEXT_FIELDS)
def test_every_text_field_keeps_tabs_line_breaks_and_unusual_but_real_characters(location: str) -> None:
    text = "a\tb\r\nc\u2028‮d\ufeff\u00ad👋🏽"
    if location.endswith(".stage"):  # a stage's id, so text that names one: the stage's own id
        text = "order"
    journey = journey_from_data(data_with(location, text))
    assert value_at(journey_to_data(journey), location) == text


def test_a_name_of_nul_characters_is_refused_rather_than_exported_empty() -> None:
    assert problems(data_with("touchpoints[0].name", "\x00\x00")) == [
        "touchpoints[0].name: contains the control character U+0000 at position 1 and 1 more such character; remove "
        "them (text copied from another program can carry invisible characters) (touchpoint 'ask')"]


def test_the_policy_is_listed_with_the_other_problems_of_the_file(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = data_with("touchpoints[2].name", "Pays\x1b")
    data["touchpoints"][0]["emotion"] = 7
    path = tmp_path / "cafe.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "touchpoints[0].emotion: must be between -5 and 5, got 7 (touchpoint 'ask')" in err
    assert f"touchpoints[2].name: contains the control character U+001B at position 5; {ADVICE} (touchpoint 'pay')" in err
    assert "\x1b" not in err


# ---- every reader


def test_json_escapes_of_forbidden_characters_are_refused_and_real_ones_kept() -> None:
    text = json.dumps(TINY_JOURNEY, ensure_ascii=False).replace("Tiny café", "Tiny \\u0007 caf\\u00e9")
    with pytest.raises(JourneyFileError, match=r"^title: contains the control character U\+0007 at position 6;"):
        loads(text)
    with pytest.raises(JourneyFileError, match=r"^title: contains the unpaired surrogate U\+D800 at position 1;"):
        loads(json.dumps(TINY_JOURNEY, ensure_ascii=False).replace("Tiny café", "\\ud800"))
    assert loads(json.dumps(TINY_JOURNEY, ensure_ascii=False).replace("Tiny café", "\\ud83d\\ude00 \\u2028")).title == "😀 \u2028"


def test_a_raw_control_byte_in_a_csv_is_reported_by_row_and_column() -> None:
    files = {"touchpoints.csv": b"Name,Stage,Feeling\nAsks,Order,ok\nPa\x01ys,Order,\xef\xbf\xbf\n"}
    with pytest.raises(JourneyFileError) as caught:
        csv_to_journey(files)
    assert caught.value.lines() == [
        f'touchpoints.csv row 3, column "Name": contains the control character U+0001 at position 3; {ADVICE}',
        f'touchpoints.csv row 3, column "Feeling": contains the noncharacter U+FFFF at position 1; {ADVICE}']


def test_the_journey_table_of_a_zip_is_reported_by_row_too() -> None:
    archive = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as files:
        files.writestr("touchpoints.csv", "Name,Stage\nAsks,Order\n")
        files.writestr("journey.csv", "Field,Value\nTitle,Caf\x07\nPersona name,Ana\n")
    with pytest.raises(JourneyFileError) as caught:
        zip_to_journey(archive.getvalue(), "cafe.zip")
    assert caught.value.lines() == [
        f'cafe.zip: journey.csv row 2, column "Value": contains the control character U+0007 at position 4; {ADVICE}']


def test_an_xlsx_cell_is_reported_by_sheet_row_and_column() -> None:
    # XML cannot hold C0 controls, so a workbook brings DEL, C1 controls and noncharacters
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Touchpoints"
    sheet.append(["Name", "Stage", "Feeling"])
    sheet.append(["Pa\x7fys", "Order", "\x9b31m"])
    stages = workbook.create_sheet("Stages")
    stages.append(["ID", "Name"])
    stages.append(["order", "Order\ufdd0"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(JourneyFileError) as caught:
        xlsx_to_journey(buffer.getvalue(), "cafe.xlsx")
    assert caught.value.lines() == [
        f'cafe.xlsx: sheet Stages row 2, column "Name": contains the noncharacter U+FDD0 at position 6; {ADVICE}',
        f'cafe.xlsx: sheet Touchpoints row 2, column "Name": contains the control character U+007F at position 3; {ADVICE}',
        f'cafe.xlsx: sheet Touchpoints row 2, column "Feeling": contains the control character U+009B at position 1; {ADVICE}']


def test_a_mermaid_entity_that_decodes_to_a_forbidden_character_is_refused_at_its_line() -> None:
    text = ("journey\n  title Caf#1;e\n  section Order#65534;\n    Asks: 4: Me\n    Pays #27;[2J: 2: Me#127;\n"
            "    Tips\x1b: 5\n")
    with pytest.raises(JourneyFileError) as caught:
        mermaid_to_journey(text)
    assert caught.value.lines() == [
        f"line 2: the title contains the control character U+0001 at position 4; {ADVICE}; the diagram writes it as "
        "the entity code #1;",
        f"line 3: the section name contains the noncharacter U+FFFE at position 6; {ADVICE}; the diagram writes it "
        "as the entity code #65534;",
        f"line 5: the task name contains the control character U+001B at position 6; {ADVICE}; the diagram writes it "
        "as the entity code #27;",
        f"line 5: the actor contains the control character U+007F at position 3; {ADVICE}; the diagram writes it as "
        "the entity code #127;",
        f"line 6: the task name contains the control character U+001B at position 5; {ADVICE}"]


def test_mermaid_keeps_a_tab_entity_and_a_line_break() -> None:
    journey = mermaid_to_journey("journey\n  section Pay#58; card<br>or cash\n    Tab#9;bed: 3\n")
    assert (journey.stages[0].name, journey.touchpoints[0].name) == ("Pay: card\nor cash", "Tab\tbed")
    assert mermaid_to_journey(journey_to_mermaid(journey)) == journey


def test_an_app_edit_is_refused_in_the_same_words() -> None:
    data = update_touchpoint(copy.deepcopy(TINY_JOURNEY), "wait", {"feeling": "bored\x1b"})
    with pytest.raises(JourneyFileError) as caught:
        journey_from_data(data)
    assert [describe_problem(problem, data) for problem in caught.value.problems] == [
        f"Touchpoint 'Waits at the bar', feeling: contains the control character U+001B at position 6; {ADVICE}"]


# ---- what was broken before: the export of a valid journey


def test_a_workbook_of_every_kind_of_allowed_character_opens_and_reads_back() -> None:
    odd = "a\tb\nc\u2028d\u2029‮e\ufeff\u00ad\ufffd\ufdcf\ufdf0\ue000\U0001fffd\U0010fffd👋🏽"
    data = data_with("touchpoints[1].notes", odd)
    data["touchpoints"][1]["name"] = odd
    data["title"] = odd
    journey = journey_from_data(data)
    workbook = openpyxl.load_workbook(io.BytesIO(journey_to_xlsx(journey)))  # raised on U+FFFE before
    assert workbook["Touchpoints"]["B3"].value == odd
    assert xlsx_to_journey(journey_to_xlsx(journey)) == journey
    assert zip_to_journey(journey_to_zip(journey)) == journey
