"""Mermaid user-journey import and export: every grammar case, every error, round trips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.errors import JourneyFileError
from journeymap.formats.json_file import load
from journeymap.model.validation import journey_from_data
from journeymap.formats.mermaid import (
    MAX_MERMAID_BYTES,
    emotion_to_score,
    journey_to_mermaid,
    mermaid_to_journey,
    score_to_emotion,
)
from journeymap.model import MAX_TOUCHPOINTS, Journey
from tests.journeys import make

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_journeys").glob("*.json"))

# The example of Mermaid's own documentation (docs/syntax/userJourney.md).
WORKING_DAY = """journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""


def steps(journey: Journey) -> list[tuple[str, str, str, float | None, str | None]]:
    """(id, name, stage, emotion, notes) of each touchpoint, in order."""
    return [(tp.id, tp.name, tp.stage, tp.emotion, tp.notes) for tp in journey.touchpoints]


def chain(journey: Journey) -> list[tuple[str, str, str]]:
    return [(c.from_, c.to, c.kind) for c in journey.connections]


def problems(text: str | bytes, source: str | None = None) -> list[tuple[str, str]]:
    with pytest.raises(JourneyFileError) as caught:
        mermaid_to_journey(text, source)
    assert caught.value.source == source
    return [(problem.location, problem.message) for problem in caught.value.problems]


def only_problem(text: str | bytes) -> tuple[str, str]:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


# --- Reading: the grammar ------------------------------------------------------------------------


def test_mermaid_documentation_example() -> None:
    journey = mermaid_to_journey(WORKING_DAY)
    assert journey.title == "My working day"
    assert journey.description is None
    assert [(s.id, s.name) for s in journey.stages] == [("go-to-work", "Go to work"), ("go-home", "Go home")]
    assert steps(journey) == [
        ("make-tea", "Make tea", "go-to-work", 5.0, "Actors: Me"),
        ("go-upstairs", "Go upstairs", "go-to-work", 0.0, "Actors: Me"),
        ("do-work", "Do work", "go-to-work", -5.0, "Actors: Me, Cat"),
        ("go-downstairs", "Go downstairs", "go-home", 5.0, "Actors: Me"),
        ("sit-down", "Sit down", "go-home", 5.0, "Actors: Me"),
    ]
    assert {tp.lane for tp in journey.touchpoints} == {"customer"}
    # one chain across sections: do-work (Go to work) leads on to go-downstairs (Go home)
    assert chain(journey) == [
        ("make-tea", "go-upstairs", "flow"),
        ("go-upstairs", "do-work", "flow"),
        ("do-work", "go-downstairs", "flow"),
        ("go-downstairs", "sit-down", "flow"),
    ]


@pytest.mark.parametrize(("score", "emotion"), [("1", -5.0), ("2", -2.5), ("3", 0.0), ("4", 2.5), ("5", 5.0), ("4.5", 3.75)])
def test_score_becomes_emotion(score: str, emotion: float) -> None:
    journey = mermaid_to_journey(f"journey\nsection S\nStep: {score}: Me")
    assert journey.touchpoints[0].emotion == emotion
    assert score_to_emotion(float(score)) == emotion


def test_task_without_actors_has_no_notes() -> None:
    journey = mermaid_to_journey("journey\nsection Documentation\nC task: 5")
    assert steps(journey) == [("c-task", "C task", "documentation", 5.0, None)]


def test_trailing_colon_means_no_actors() -> None:
    journey = mermaid_to_journey("journey\nsection S\nE task: 5:\nP task: 2 :   ")
    assert steps(journey) == [("e-task", "E task", "s", 5.0, None), ("p-task", "P task", "s", -2.5, None)]


def test_extra_spaces_and_tabs_are_ignored() -> None:
    text = "  journey  \n\n\t title   Spaced out  \n   section    Go   \n  Make tea  :   4   :  Me ,  Cat  ,  \nB task: 3:Bob,Charlie\n"
    journey = mermaid_to_journey(text)
    assert journey.title == "Spaced out"
    assert [s.name for s in journey.stages] == ["Go"]
    assert steps(journey) == [
        ("make-tea", "Make tea", "go", 2.5, "Actors: Me, Cat"),
        ("b-task", "B task", "go", 0.0, "Actors: Bob, Charlie"),
    ]


def test_comments_and_directives_are_skipped() -> None:
    text = """%%{init: {"theme": "forest"}}%%
%% a comment before the keyword
journey
  %% a comment line
    title Coffee %% the title ends before this
    section Order   # Mermaid's other comment
      Ask for a latte: 4: Me %% an inline comment
      %%Pay: 1: Me
      % Mermaid skips a statement starting with one '%' too: 1: Me
      %{ is no comment: 3
      Pay: 2: Me # paid by card
"""
    journey = mermaid_to_journey(text)
    assert journey.title == "Coffee"
    assert [s.name for s in journey.stages] == ["Order"]
    assert steps(journey) == [
        ("ask-for-a-latte", "Ask for a latte", "order", 2.5, "Actors: Me"),
        ("is-no-comment", "%{ is no comment", "order", 0.0, None),
        ("pay", "Pay", "order", -2.5, "Actors: Me"),
    ]


def test_keywords_in_any_letter_case() -> None:
    journey = mermaid_to_journey("JOURNEY\nTitle Shouting\nSECTION Loud\nStep: 3\nAccDescr: quiet")
    assert (journey.title, [s.name for s in journey.stages], journey.description) == ("Shouting", ["Loud"], "quiet")


def test_keyword_and_statement_on_one_line() -> None:
    journey = mermaid_to_journey("journey title Short\nsection S\nStep: 3")
    assert journey.title == "Short"


def test_words_that_only_start_like_keywords_are_task_names() -> None:
    journey = mermaid_to_journey("journey\nsection S\nTitles: 4\nSectioning: 2\ntitle: 1\nJourney home: 5")
    assert [tp.name for tp in journey.touchpoints] == ["Titles", "Sectioning", "title", "Journey home"]
    assert journey.title == "Mermaid journey"


def test_acc_title_and_one_line_acc_descr() -> None:
    text = "journey\naccTitle: Screen reader title\naccDescr: A user journey for # family shopping\ntitle Shopping\nsection S\nBuy: 4"
    journey = mermaid_to_journey(text)
    assert journey.title == "Shopping"
    # the accessible title differs from the title, so it starts the description; '#' is text here
    assert journey.description == "Screen reader title\nA user journey for # family shopping"


def test_acc_title_is_the_title_when_there_is_none() -> None:
    journey = mermaid_to_journey("journey\naccTitle:  The title \nsection S\nStep: 3")
    assert (journey.title, journey.description) == ("The title", None)


def test_acc_descr_block_as_in_mermaids_own_test() -> None:
    # Mermaid's parser test: the block's lines lose their indentation, and a statement may follow
    # the closing brace on the same line.
    text = (
        "journey\n"
        "accDescr {\n        A user journey for\n        family shopping\n      }"
        "title Adding journey diagram functionality to mermaid\n"
        "accTitle: Adding journey diagram functionality to mermaid\n"
        "section Order from website\n"
    )
    journey = mermaid_to_journey(text)
    assert journey.title == "Adding journey diagram functionality to mermaid"
    assert journey.description == "A user journey for\nfamily shopping"
    assert [s.name for s in journey.stages] == ["Order from website"]
    assert journey.touchpoints == []


def test_acc_descr_block_on_one_line_and_with_comment_lines() -> None:
    journey = mermaid_to_journey("journey\naccDescr { all on one line } section S\nStep: 3")
    assert (journey.description, [s.name for s in journey.stages]) == ("all on one line", ["S"])
    journey = mermaid_to_journey("journey\naccDescr {\n  first\n  %% not part of it\n\n  second }\nsection S")
    assert journey.description == "first\nsecond"


def test_front_matter_title() -> None:
    text = '---\ntitle: "Front: matter"\nconfig:\n  title: not this one\n---\njourney\nsection S\nStep: 3\n'
    assert mermaid_to_journey(text).title == "Front: matter"
    # a title statement in the diagram wins, as in Mermaid
    assert mermaid_to_journey(text.replace("section S", "title Inside\nsection S")).title == "Inside"


def test_title_from_the_file_name_or_the_default() -> None:
    text = "journey\nsection S\nStep: 3"
    assert mermaid_to_journey(text, "diagrams/working_day.mmd").title == "working day"
    assert mermaid_to_journey(text).title == "Mermaid journey"


def test_last_title_wins() -> None:
    assert mermaid_to_journey("journey\ntitle First\ntitle Second\nsection S").title == "Second"


def test_tasks_before_any_section_go_into_a_journey_stage() -> None:
    journey = mermaid_to_journey("journey\ntitle T\nWake up: 2: Me\nsection Morning\nCoffee: 5: Me")
    assert [(s.id, s.name) for s in journey.stages] == [("journey", "Journey"), ("morning", "Morning")]
    assert [(tp.id, tp.stage) for tp in journey.touchpoints] == [("wake-up", "journey"), ("coffee", "morning")]
    assert chain(journey) == [("wake-up", "coffee", "flow")]


def test_sections_without_tasks_are_empty_stages() -> None:
    journey = mermaid_to_journey("journey\nsection Before\nsection During\nStep: 3\nsection After")
    assert [s.name for s in journey.stages] == ["Before", "During", "After"]
    assert [tp.stage for tp in journey.touchpoints] == ["during"]
    assert journey.connections == []
    assert mermaid_to_journey("journey\nsection Only").touchpoints == []


def test_ids_are_readable_unique_and_valid() -> None:
    text = "journey\nsection Café ☕\nOrder coffee: 4\nOrder coffee: 2\nOrder-coffee!: 3\n予約: 5\nÉtape: 1\nsection ☕\nStep 4: 3"
    journey = mermaid_to_journey(text)
    assert [s.id for s in journey.stages] == ["cafe", "stage-2"]
    assert [tp.id for tp in journey.touchpoints] == [
        "order-coffee", "order-coffee-2", "order-coffee-3", "step-4", "etape", "step-4-2",
    ]


def test_long_names_get_ids_within_the_limit() -> None:
    name = "A very long task name " * 5
    journey = mermaid_to_journey(f"journey\nsection S\n{name}: 3\n{name}: 3")
    ids = [tp.id for tp in journey.touchpoints]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", i) for i in ids)
    assert ids[0] == "a-very-long-task-name-a-very-long-task-name-a-ve" and ids[1] == ids[0] + "-2"


def test_entity_codes_and_line_breaks_in_names() -> None:
    text = "journey\ntitle Tea #38; cake\nsection Pay#58; card<br/>or cash\nSays #quot;hi#quot;#59; waves: 4: Ann#44; the owner, #9829;\nUnknown #nosuch; code: 3"
    journey = mermaid_to_journey(text)
    assert journey.title == "Tea & cake"
    assert journey.stages[0].name == "Pay: card\nor cash"
    assert journey.touchpoints[0].name == 'Says "hi"; waves'
    # a comma inside an actor's name stays in the notes as its entity code
    assert journey.touchpoints[0].notes == "Actors: Ann#44; the owner, ♥"
    assert journey.touchpoints[1].name == "Unknown #nosuch; code"


def test_windows_line_ends_bom_and_bytes() -> None:
    text = "\ufeffjourney\r\nsection S\r\nStep: 4: Me\r\n"
    assert steps(mermaid_to_journey(text)) == [("step", "Step", "s", 2.5, "Actors: Me")]
    assert steps(mermaid_to_journey(text.encode("utf-8"))) == [("step", "Step", "s", 2.5, "Actors: Me")]


# --- Reading: errors ----------------------------------------------------------------------------


def test_no_journey_keyword_names_the_line() -> None:
    location, message = only_problem("%% a flowchart\n\ngraph TD\n  A --> B")
    assert location == "line 3"
    assert "'journey'" in message and "'graph TD'" in message


def test_only_comments_has_no_journey_keyword() -> None:
    assert only_problem("%% nothing\n%% here\n") == (
        "", "has no 'journey' keyword; a Mermaid user journey starts with the line 'journey'"
    )


def test_empty_text() -> None:
    assert only_problem("  \n\n") == ("", "is empty; a Mermaid user journey starts with the keyword 'journey'")


def test_score_that_is_not_a_number() -> None:
    location, message = only_problem("journey\nsection S\n  Make tea: five: Me")
    assert location == "line 3"
    assert "'five'" in message and "'Make tea: five: Me'" in message and "not a number" in message


@pytest.mark.parametrize("score", ["0", "6", "-1", "5.5", "1e3"])
def test_score_outside_one_to_five(score: str) -> None:
    location, message = only_problem(f"journey\nsection S\nGood: 3\nStep: {score}: Me")
    assert location == "line 4"
    assert f"the score {score} in 'Step: {score}: Me' is outside 1 to 5" in message
    assert "Mermaid draws scores from 1 (worst) to 5 (best)" in message


@pytest.mark.parametrize("line", ["Make tea", "Make tea 5", "Make tea:", "Make tea: : Me", "Make tea #5: 4"])
def test_task_without_a_score(line: str) -> None:
    location, message = only_problem(f"journey\nsection S\n{line}")
    assert location == "line 3"
    assert f"'{line}'" in message and "score" in message


def test_unknown_statement_says_what_a_task_looks_like() -> None:
    location, message = only_problem("journey\nsection S\nA --> B")
    assert location == "line 3"
    assert message == (
        "'A --> B' is not a title, a section or a task: a task needs a score after a ':', as in 'Make tea: 5: Me'"
    )


def test_task_without_a_name() -> None:
    location, message = only_problem("journey\nsection S\n: 4: Me")
    assert (location, "': 4: Me'" in message, "no name" in message) == ("line 3", True, True)


def test_text_after_a_third_colon() -> None:
    location, message = only_problem("journey\nsection S\nAsk: 4: Me: and the cat")
    assert location == "line 3"
    assert "'and the cat'" in message and "#58;" in message


def test_section_name_with_a_colon() -> None:
    location, message = only_problem("journey\nsection Order: online\nStep: 3")
    assert location == "line 2" and "'section Order: online'" in message and "':'" in message


def test_keyword_without_text() -> None:
    assert problems("journey\ntitle\nsection\nStep: 3") == [
        ("line 2", "'title' has no text after it"),
        ("line 3", "'section' has no name after it"),
    ]


def test_second_journey_keyword() -> None:
    location, message = only_problem("journey\nsection S\nStep: 3\njourney")
    assert location == "line 4" and "line 1" in message


def test_no_sections_or_tasks() -> None:
    location, message = only_problem("%% empty\njourney\n  title Nothing yet\n")
    assert location == "line 2" and "no sections and no tasks" in message


def test_unclosed_acc_descr_block() -> None:
    location, message = only_problem("journey\nsection S\nStep: 3\naccDescr {\n  never closed\n")
    assert location == "line 4" and "never closed" in message


def test_unclosed_front_matter() -> None:
    location, message = only_problem("---\ntitle: x\njourney\nsection S\n")
    assert location == "line 1" and "'---'" in message


def test_names_longer_than_a_journey_allows() -> None:
    long_name = "x" * 121
    found = problems(f"journey\ntitle {'t' * 201}\nsection {long_name}\n{long_name}: 3")
    assert [location for location, _ in found] == ["line 2", "line 3", "line 4"]
    assert "at most 200" in found[0][1] and "at most 120" in found[1][1] and "at most 120" in found[2][1]
    # exactly at the limits is fine
    journey = mermaid_to_journey(f"journey\ntitle {'t' * 200}\nsection {'x' * 120}\n{'x' * 120}: 3")
    assert len(journey.title) == 200 and len(journey.touchpoints[0].name) == 120


def test_every_problem_is_reported_with_its_line() -> None:
    text = "journey\nsection S\nA: x\nB: 9\nC\nD: 3\nsection E: F"
    assert [location for location, _ in problems(text, "day.mmd")] == ["line 3", "line 4", "line 5", "line 7"]


def test_too_many_tasks() -> None:
    text = "journey\nsection S\n" + "Step: 3\n" * (MAX_TOUCHPOINTS + 1)
    location, message = only_problem(text)
    assert location == f"line {MAX_TOUCHPOINTS + 3}"
    assert f"at most {MAX_TOUCHPOINTS} touchpoints" in message


def test_as_many_tasks_as_a_journey_allows_all_of_one_name() -> None:
    journey = mermaid_to_journey("journey\nsection S\n" + "Step: 3\n" * MAX_TOUCHPOINTS)
    ids = [tp.id for tp in journey.touchpoints]
    assert ids[:3] == ["step", "step-2", "step-3"] and ids[-1] == f"step-{MAX_TOUCHPOINTS}"
    assert len(set(ids)) == MAX_TOUCHPOINTS and len(journey.connections) == MAX_TOUCHPOINTS - 1


def test_problem_list_is_capped() -> None:
    found = problems("journey\nsection S\n" + "bad line\n" * 150)
    assert len(found) == 101
    assert found[-1] == ("", "… and 50 more problems")


def test_not_utf8_binary_and_too_large() -> None:
    assert problems(b"journey\nsection S\nCaf\xe9: 3") == [
        ("line 3", "is not UTF-8 text: byte 4 of the line cannot be read; save the diagram as UTF-8")
    ]
    location, message = only_problem("journey\nsection S\n\x00\x01\x02")
    assert location == "line 3" and "binary" in message
    too_large = b"%" * (MAX_MERMAID_BYTES + 1)
    location, message = only_problem(too_large)
    assert location == "" and "up to 20 MB" in message


# --- Writing ------------------------------------------------------------------------------------


def test_emotion_to_score_rounds_halves_away_from_neutral_and_clamps() -> None:
    assert [emotion_to_score(e) for e in (-5, -4, -3.75, -3.7, -1.25, -1.2, 0, 1.2, 1.25, 3.7, 3.75, 5)] == [
        1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5
    ]
    assert emotion_to_score(None) == 3


def workshop_journey() -> Journey:
    """Every lane; stage Kitchen holds only backstage work, stage Later nothing at all."""
    return journey_from_data({
        "title": "Test",
        "description": "Friday dinner",
        "persona": {"name": "Walt, a regular"},
        "stages": [{"id": "s", "name": "S"}, {"id": "back", "name": "Kitchen"}, {"id": "later", "name": "Later"}],
        "touchpoints": [
            {"id": "arrive", "name": "Arrives", "stage": "s", "emotion": 1.25},
            {"id": "greet", "name": "Greeted", "stage": "s", "lane": "frontstage", "emotion": 4},
            {"id": "prep", "name": "Preps the table", "stage": "back", "lane": "backstage"},
            {"id": "pos", "name": "Till system", "stage": "s", "lane": "support", "emotion": -5},
            {"id": "wait", "name": "Waits", "stage": "s", "notes": "Busy night\nActors: Ann, Bob"},
            {"id": "leave", "name": "Leaves", "stage": "s", "emotion": -1.25},
        ],
        "connections": [{"from": "arrive", "to": "greet"}, {"from": "greet", "to": "wait"}, {"from": "wait", "to": "leave"}],
    })


def test_export_text_exactly() -> None:
    assert journey_to_mermaid(workshop_journey()) == (
        "journey\n"
        "    title Test\n"
        "    accDescr: Friday dinner\n"
        "    %% 2 backstage and support steps left out: a user journey shows what the customer experiences\n"
        "    %% 1 step has no emotion recorded, written as score 3 (neutral)\n"
        "    section S\n"
        "      Arrives: 4: Walt\n"
        "      Greeted: 5: Staff\n"
        "      Waits: 3: Ann, Bob\n"
        "      Leaves: 2: Walt\n"
        "    section Later\n"
    )


def test_export_without_persona_writes_customer_steps_without_actors() -> None:
    journey = make([{"id": "a", "name": "A", "emotion": 5}, {"id": "b", "name": "B", "lane": "frontstage"}], [])
    assert journey_to_mermaid(journey).splitlines()[-2:] == ["      A: 5", "      B: 3: Staff"]


def test_exported_workshop_journey_reads_back() -> None:
    journey = mermaid_to_journey(journey_to_mermaid(workshop_journey()))
    assert journey.description == "Friday dinner"
    assert [(s.id, s.name) for s in journey.stages] == [("s", "S"), ("later", "Later")]
    assert steps(journey) == [
        ("arrives", "Arrives", "s", 2.5, "Actors: Walt"),
        ("greeted", "Greeted", "s", 5.0, "Actors: Staff"),
        ("waits", "Waits", "s", 0.0, "Actors: Ann, Bob"),
        ("leaves", "Leaves", "s", -2.5, "Actors: Walt"),
    ]
    assert chain(journey) == [("arrives", "greeted", "flow"), ("greeted", "waits", "flow"), ("waits", "leaves", "flow")]


NASTY_NAMES = [
    "Pay: card or cash",
    "Room #3; table 4",
    "50%% off",
    "% of the bill",
    "%%{init}%% trick",
    "Line one\nline two",
    "Title page",
    "section two",
    "journey",
    "Journey home",
    "accTitle: x",
    "<b>bold</b>",
    "Tea, cake; and #35; literally",
    "予約",
    "}",
]


def note_actor(name: str) -> str:
    """An actor's name as the notes line keeps it: '#', ',' and line breaks as entity codes."""
    return name.replace("#", "#35;").replace(",", "#44;").replace("\n", "#10;")


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_names_that_would_break_mermaid_survive_a_round_trip(name: str) -> None:
    journey = make(
        [{"id": "a", "name": name, "emotion": 2.5, "notes": "Actors: " + note_actor(name)}],
        [],
        title=name,
    )
    data = journey.model_dump(by_alias=True)
    data["stages"][0]["name"] = name
    journey = Journey.model_validate(data)
    text = journey_to_mermaid(journey)
    assert_mermaid_lexes(text)
    again = mermaid_to_journey(text)
    assert again.title == name
    assert again.stages[0].name == name
    assert again.touchpoints[0].name == name
    assert again.touchpoints[0].emotion == 2.5
    assert again.touchpoints[0].notes == journey.touchpoints[0].notes


def test_multi_line_description_round_trip() -> None:
    journey = make([{"id": "a"}], [], description="First line\nsecond } line\n%% not a comment\n#35; stays")
    text = journey_to_mermaid(journey)
    assert "    accDescr {\n        First line\n        second #125; line\n" in text
    assert mermaid_to_journey(text).description == journey.description


def assert_mermaid_lexes(text: str) -> None:
    """Check each line against the token patterns of Mermaid's journey.jison, as Mermaid reads it.

    Mermaid first replaces entity codes (#58;) with placeholders, drops whole-line comments, then
    lexes: the first rule that matches wins, so a task line must not start like a keyword.
    """
    lines = re.sub(r"#\w+;", "ENTITY", text).split("\n")
    assert lines[0] == "journey"
    in_block = False
    for line in lines[1:]:
        stripped = line.strip()
        if in_block:
            assert "}" not in stripped[:-1]
            in_block = not stripped.endswith("}")
            continue
        if not stripped or re.fullmatch(r"%%(?!\{)[^\n]+", stripped):
            continue
        if stripped.startswith("accDescr {"):
            in_block = True
            continue
        if re.match(r"accDescr\s*:", stripped):
            continue
        if re.match(r"title\s", stripped):
            assert re.fullmatch(r"title\s[^#\n;]+", stripped), line
        elif re.match(r"section\s", stripped):
            assert re.fullmatch(r"section\s[^#:\n;]+", stripped), line
        else:
            # Mermaid's generated lexer reads a '%' starting a statement as a comment
            assert not re.match(r"journey|acc(Title|Descr)\s*[:{]|%|#", stripped, re.IGNORECASE), line
            assert re.fullmatch(r"[^#:\n;]+:[^#\n;:]+(:[^#\n;:]+)?", stripped), line
            assert "%%" not in stripped, line


# --- Round trips --------------------------------------------------------------------------------


def test_documentation_example_round_trip() -> None:
    first = mermaid_to_journey(WORKING_DAY)
    text = journey_to_mermaid(first)
    assert text == WORKING_DAY  # already written the way journeymap writes it
    assert mermaid_to_journey(text) == first


def test_round_trip_with_every_grammar_case() -> None:
    text = """---
title: Front
---
%% comment
journey
  accTitle: Accessible
  accDescr {
     Two
     lines
  }
  Loose task: 2:
  section Go #58; now
    Make tea  :4: Me,Cat
    Rest: 3
  section Empty
  section Home %% comment
    Sit#44; down: 1: A#44;B, C
"""
    first = mermaid_to_journey(text)
    assert first.title == "Front"
    assert first.description == "Accessible\nTwo\nlines"
    assert [s.name for s in first.stages] == ["Journey", "Go : now", "Empty", "Home"]
    assert [tp.name for tp in first.touchpoints] == ["Loose task", "Make tea", "Rest", "Sit, down"]
    assert first.touchpoints[3].notes == "Actors: A#44;B, C"
    exported = journey_to_mermaid(first)
    assert_mermaid_lexes(exported)
    assert mermaid_to_journey(exported) == first


def test_every_sample_exports_and_reads_back() -> None:
    for path in SAMPLES:
        journey = load(path)
        text = journey_to_mermaid(journey)
        assert_mermaid_lexes(text)
        again = mermaid_to_journey(text)
        # tasks go section by section, in stage order
        shown = [tp for stage in journey.stages for tp in journey.touchpoints
                 if tp.stage == stage.id and tp.lane in ("customer", "frontstage")]
        assert [tp.name for tp in again.touchpoints] == [tp.name for tp in shown], path.name
        assert [tp.emotion for tp in again.touchpoints] == [score_to_emotion(emotion_to_score(tp.emotion)) for tp in shown]
        assert again.title == journey.title
        assert len(again.connections) == len(shown) - 1


def test_diner_sample_counts() -> None:
    # diner.json by hand: 11 customer and 7 frontstage steps (7 backstage/support left out), in 6
    # stages that each hold at least one of them.
    journey = load(next(path for path in SAMPLES if path.name == "diner.json"))
    text = journey_to_mermaid(journey)
    assert text.count("\n    section ") == 6
    assert "%% 7 backstage and support steps left out" in text
    assert text.count(": Staff\n") == 7
    again = mermaid_to_journey(text)
    assert (len(again.stages), len(again.touchpoints), len(again.connections)) == (6, 18, 17)


# Names from a small safe alphabet plus the characters that break Mermaid's grammar.
NAME_CHARACTERS = st.sampled_from(list("abcXYZ 09éü予") + [":", "#", ";", ",", "%", "<", ">", "{", "}", "\n", "\t"])
names = st.text(NAME_CHARACTERS, min_size=1, max_size=12).map(str.strip).filter(bool)
#: A drawn task: name, score, actors.
Task = tuple[str, int, list[str]]
tasks = st.tuples(names, st.integers(1, 5), st.lists(names, max_size=3))
sections = st.lists(st.tuples(names, st.lists(tasks, max_size=4)), min_size=1, max_size=4)


def write_mermaid(title: str | None, drawn_sections: list[tuple[str, list[Task]]], loose: list[Task], spacing: str) -> str:
    """A Mermaid journey written independently of journeymap: every unusual character as an entity code."""

    def code(text: str) -> str:
        return "".join(c if c.isalnum() or c == " " else f"#{ord(c)};" for c in text)

    def task(name: str, score: int, actors: list[str]) -> str:
        line = f"{spacing}{code(name)}{spacing}:{spacing}{score}"
        return line + (f":{spacing}" + f",{spacing}".join(code(a) for a in actors) if actors else ":" * (score % 2))

    lines = ["journey"] + ([f"  title {code(title)}"] if title else []) + [task(*t) for t in loose]
    for name, section_tasks in drawn_sections:
        lines.append(f"  section {code(name)}")
        lines.extend("    " + task(*t) for t in section_tasks)
    return "\n".join(lines)


@settings(max_examples=60)
@given(st.one_of(st.none(), names), sections, st.lists(tasks, max_size=2), st.sampled_from(["", " ", "  "]))
def test_any_mermaid_journey_reads_and_round_trips(
    title: str | None, drawn_sections: list[tuple[str, list[Task]]], loose: list[Task], spacing: str
) -> None:
    text = write_mermaid(title, drawn_sections, loose, spacing)
    first = mermaid_to_journey(text)
    expected_sections = ([("Journey", loose)] if loose else []) + drawn_sections
    assert first.title == (title or "Mermaid journey")
    assert [s.name for s in first.stages] == [name for name, _ in expected_sections]
    expected_tasks = [t for _, section_tasks in expected_sections for t in section_tasks]
    assert [(tp.name, tp.emotion) for tp in first.touchpoints] == [(n, (s - 3) * 2.5) for n, s, _ in expected_tasks]
    assert len(first.connections) == max(0, len(expected_tasks) - 1)
    exported = journey_to_mermaid(first)
    assert_mermaid_lexes(exported)
    second = mermaid_to_journey(exported)
    assert second == first
    for touchpoint, (_, _, actors) in zip(second.touchpoints, expected_tasks):
        kept = [a.strip() for a in (touchpoint.notes or "Actors: ").removeprefix("Actors: ").split(",") if a.strip()]
        assert len(kept) == len(actors)


lanes = st.sampled_from(["customer", "frontstage", "backstage", "support"])
emotions = st.one_of(st.none(), st.floats(-5, 5, allow_nan=False))


@settings(max_examples=60)
@given(st.lists(st.tuples(names, st.integers(0, 2), lanes, emotions), min_size=1, max_size=8),
       st.lists(names, min_size=3, max_size=3), names)
def test_any_journey_exports_to_mermaid_that_reads_back(
    drawn_steps: list[tuple[str, int, str, float | None]], stage_names: list[str], title: str
) -> None:
    journey = journey_from_data({
        "title": title,
        "stages": [{"id": f"s{i}", "name": name} for i, name in enumerate(stage_names)],
        "touchpoints": [
            {"id": f"t{i}", "name": name, "stage": f"s{stage}", "lane": lane, "emotion": emotion}
            for i, (name, stage, lane, emotion) in enumerate(drawn_steps)
        ],
    })
    text = journey_to_mermaid(journey)
    assert_mermaid_lexes(text)
    again = mermaid_to_journey(text)
    assert again.title == title
    shown = [tp for stage in journey.stages for tp in journey.touchpoints
             if tp.stage == stage.id and tp.lane in ("customer", "frontstage")]
    assert [(tp.name, tp.emotion) for tp in again.touchpoints] == [
        (tp.name, score_to_emotion(emotion_to_score(tp.emotion))) for tp in shown
    ]
    used = {tp.stage for tp in journey.touchpoints}
    kept = [s.name for s in journey.stages if s.id not in used or any(tp.stage == s.id for tp in shown)]
    assert [s.name for s in again.stages] == (kept or [s.name for s in journey.stages])


def test_a_journey_with_only_backstage_work_exports_its_stages_empty() -> None:
    journey = make([{"id": "a", "lane": "backstage"}, {"id": "b", "lane": "support"}], [])
    text = journey_to_mermaid(journey)
    assert text.endswith("    section S\n")
    again = mermaid_to_journey(text)
    assert ([s.name for s in again.stages], again.touchpoints) == (["S"], [])


@settings(max_examples=200)
@given(st.sampled_from(["", "journey\n", "journey\nsection S\n"]),
       st.lists(st.sampled_from(list("journeysctil ab:;#%{}<>-\n\t5,") + ["accDescr", "title ", "section ", "#58;"]))
       .map("".join))
def test_any_text_gives_a_journey_or_a_clear_error(prefix: str, body: str) -> None:
    try:
        journey = mermaid_to_journey(prefix + body)
    except JourneyFileError as error:
        assert error.problems and all(p.location == "" or re.fullmatch(r"line \d+", p.location) for p in error.problems)
    else:
        assert journey.stages


@pytest.mark.parametrize("fence", ["```mermaid", "``` mermaid", "~~~mermaid", "````Mermaid"])
def test_a_diagram_copied_with_its_markdown_fence_reads_as_without_it(fence: str) -> None:
    closing = fence.split("m")[0].split("M")[0].strip()
    text = f"{fence}\n{WORKING_DAY}{closing}\nText of the README after the block\n"
    assert mermaid_to_journey(text, "day.mmd") == mermaid_to_journey(WORKING_DAY, "day.mmd")
    # lines keep their numbers: the score on the file's line 5 is reported as line 5
    with pytest.raises(JourneyFileError) as caught:
        mermaid_to_journey(f"{fence}\njourney\n  section S\n    A: 5: Me\n    B: 9: Me\n{closing}\n")
    assert [str(problem) for problem in caught.value.problems] == [
        "line 5: the score 9 in 'B: 9: Me' is outside 1 to 5; Mermaid draws scores from 1 (worst) to 5 (best)"]


def test_a_whole_markdown_file_says_to_copy_the_block() -> None:
    with pytest.raises(JourneyFileError) as caught:
        mermaid_to_journey("Our notes\n\n```mermaid\n" + WORKING_DAY + "```\n")
    assert [str(problem) for problem in caught.value.problems] == [
        "line 1: a Mermaid user journey starts with the keyword 'journey', but the first line says 'Our notes'; "
        "from a Markdown file, copy the lines of its ```mermaid block (from 'journey' on) into a .mmd file"]
