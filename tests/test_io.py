"""Reading and writing journey files: round trips, atomic saves, and nothing but JourneyFileError."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeymap import Journey, JourneyFileError, dumps, load, loads, save
from journeymap.formats import json_file
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.vocabulary import PERSONA_NEEDS

from .test_model import BASE

ROOT = Path(__file__).parents[1]
SAMPLES = sorted((ROOT / "sample_journeys").glob("*.json"))

RICH = {
    "schema_version": 1,
    "title": "Dentist visit",
    "description": "From the toothache to the follow-up",
    "persona": {"name": "Marta", "description": "Afraid of the drill", "goals": ["No pain", "Quick"]},
    "customers_per_week": 120,
    "stages": [{"id": "book", "name": "Book", "description": "Phone or web"}, {"id": "visit", "name": "Visit"}],
    "touchpoints": [
        {
            "id": "call",
            "name": "Calls the clinic",
            "stage": "book",
            "lane": "customer",
            "channel": "phone",
            "description": "Mornings are busy",
            "emotion": -2.5,
            "staff_emotion": -1,
            "feeling": "anxious",
            "friction": 6,
            "evidence": "observed",
            "staff_minutes": 4,
            "entry_share": 1,
            "automation": {"rule_based": 4, "digital_input": 2, "variability": 2, "empathy_need": 3, "data_sensitivity": 4},
            "pain_points": ["On hold"],
            "opportunities": ["Call-back"],
            "quotes": ["I hung up twice"],
            "notes": "Check the phone logs",
        },
        {"id": "chair", "name": "In the chair", "stage": "visit", "emotion": -4, "goal": True},
        {"id": "sms", "name": "Reminder SMS", "stage": "book", "lane": "support"},
    ],
    "connections": [
        {"from": "call", "to": "chair", "kind": "flow", "share": 0.8, "label": "booked"},
        {"from": "call", "to": "sms", "kind": "support"},
    ],
}


def test_dumps_writes_keys_in_format_order_with_two_space_indent() -> None:
    text = dumps(loads(json.dumps(RICH)))
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "schema_version": 1,\n  "title": "Dentist visit",')
    assert list(json.loads(text)) == [
        "schema_version", "title", "description", "persona", "customers_per_week", "stages", "touchpoints", "connections",
    ]
    assert list(json.loads(text)["touchpoints"][0]) == list(RICH["touchpoints"][0])
    assert list(json.loads(text)["connections"][0]) == ["from", "to", "kind", "share", "label"]


def test_dumps_writes_whole_numbers_without_a_decimal_point() -> None:
    text = dumps(loads(json.dumps(RICH)))
    assert '"staff_emotion": -1,' in text and '"emotion": -2.5,' in text and '"customers_per_week": 120,' in text


def test_dumps_keeps_text_readable() -> None:
    data = dict(BASE, title="Café «Olá» — 早餐")
    assert "Café «Olá» — 早餐" in dumps(loads(json.dumps(data)))


def test_round_trip_is_exact(tmp_path: Path) -> None:
    journey = loads(json.dumps(RICH))
    path = save(journey, tmp_path / "dentist.json")
    again = load(path)
    assert again == journey
    first_bytes = path.read_bytes()
    save(again, path)
    assert path.read_bytes() == first_bytes
    # nothing lost; the defaults of unset lane, friction and evidence are written out
    expected = json.loads(json.dumps(RICH))
    expected["touchpoints"][1] = {"id": "chair", "name": "In the chair", "stage": "visit", "lane": "customer",
                                  "emotion": -4, "friction": 0, "evidence": "assumed", "goal": True}
    expected["touchpoints"][2].update(friction=0, evidence="assumed")
    assert journey_to_data(again) == expected


def test_save_keeps_the_previous_version_as_bak(tmp_path: Path) -> None:
    path = tmp_path / "coffee.json"
    save(loads(json.dumps(BASE)), path)
    assert not (tmp_path / "coffee.json.bak").exists()
    changed = loads(json.dumps(dict(BASE, title="Evening coffee")))
    save(changed, path)
    assert load(tmp_path / "coffee.json.bak").title == "Morning coffee"
    assert load(path).title == "Evening coffee"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coffee.json", "coffee.json.bak"]  # no temporary left


def test_failed_save_leaves_the_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "coffee.json"
    save(loads(json.dumps(BASE)), path)
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        save(loads(json.dumps(dict(BASE, title="Lost"))), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_load_problems_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x", "stages": [{"id": "s", "name": "S"}], "touchpoints": [{"id": "a"}]}')
    with pytest.raises(JourneyFileError) as caught:
        load(path)
    assert caught.value.lines() == [
        f"{path}: touchpoints[0].name: is required (touchpoint 'a')",
        f"{path}: touchpoints[0].stage: is required (touchpoint 'a')",
    ]


def test_load_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(JourneyFileError, match="no such file"):
        load(tmp_path / "nope.json")
    with pytest.raises(JourneyFileError, match="is a folder"):
        load(tmp_path)


def test_utf8_bom_is_accepted() -> None:
    assert loads(b"\xef\xbb\xbf" + json.dumps(BASE).encode()).title == "Morning coffee"


def test_deep_nesting_is_a_file_error() -> None:
    with pytest.raises(JourneyFileError, match="nested too deeply"):
        loads("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_sample_validates_and_round_trips(path: Path, tmp_path: Path) -> None:
    journey = load(path)
    assert 12 <= len(journey.touchpoints) <= 40
    assert {tp.lane for tp in journey.touchpoints} == {"customer", "frontstage", "backstage", "support"}
    copy = save(journey, tmp_path / path.name)
    assert load(copy) == journey
    assert copy.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), "samples are stored as journeymap writes them"


def test_there_are_at_least_five_samples_with_the_diner_first() -> None:
    assert len(SAMPLES) >= 5
    assert "diner" in {p.stem for p in SAMPLES}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)
journey_like = st.fixed_dictionaries(
    {"title": json_values, "stages": json_values},
    optional={"touchpoints": st.lists(st.dictionaries(st.sampled_from(["id", "name", "stage", "emotion", "lane", "friction", "x"]), json_values), max_size=3),
              "connections": json_values, "schema_version": json_values, "persona": json_values},
)


def only_journeys_or_file_errors(payload: str | bytes) -> None:
    try:
        result = loads(payload)
    except JourneyFileError as error:
        assert error.problems and all(isinstance(line, str) for line in error.lines())
        assert len(set(error.problems)) == len(error.problems), "a problem is reported once"
    else:
        assert isinstance(result, Journey)


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_a_journey_or_a_file_error(payload: bytes) -> None:
    only_journeys_or_file_errors(payload)


@settings(max_examples=300)
@given(json_values | journey_like)
def test_arbitrary_json_gives_a_journey_or_a_file_error(value: object) -> None:
    only_journeys_or_file_errors(json.dumps(value))


# Text a journey may hold (no control characters, surrogates or noncharacters: tests/test_text_policy.py)
text = st.text(st.characters(exclude_categories=("Cc", "Cs", "Cn")), max_size=30)
touchpoint_strategy = st.fixed_dictionaries(
    {"name": text.filter(str.strip)},
    optional={
        "emotion": st.floats(-5, 5),
        "staff_emotion": st.floats(-5, 5),
        "friction": st.floats(0, 10),
        "lane": st.sampled_from(["customer", "frontstage", "backstage", "support"]),
        "staff_minutes": st.floats(0, 600),
        "goal": st.booleans(),
        "pain_points": st.lists(text, max_size=2),
        "automation": st.fixed_dictionaries({}, optional={"rule_based": st.integers(1, 5), "empathy_need": st.integers(1, 5)}),
    },
)


persona_strategy = st.none() | st.fixed_dictionaries({"name": text.filter(str.strip)}, optional={
    "goals": st.lists(text, max_size=2),
    "needs": st.lists(st.sampled_from(PERSONA_NEEDS) | text.filter(str.strip), max_size=3,
                      unique_by=lambda need: need.strip().casefold())})


@given(st.lists(touchpoint_strategy, max_size=8), st.lists(st.floats(0, 0.5), max_size=8), persona_strategy,
       st.sampled_from([None, 1, 2]))
def test_saving_then_loading_gives_an_equal_journey(touchpoints: list[dict], shares: list[float],
                                                    persona: dict | None, version: int | None) -> None:
    data = {"title": "Generated", "stages": [{"id": "s", "name": "Stage"}], "touchpoints": [], "connections": []}
    if persona is not None:
        data["persona"] = persona
    if version is not None:  # a file saying either version reads the same; it is written at the lowest that holds it
        data["schema_version"] = version
    for index, touchpoint in enumerate(touchpoints):
        data["touchpoints"].append({"id": f"t{index}", "stage": "s", **touchpoint})
    for index, share in enumerate(shares[: max(0, len(touchpoints) - 1)]):
        data["connections"].append({"from": f"t{index}", "to": f"t{index + 1}", "share": share})
    journey = loads(json.dumps(data))
    text = dumps(journey)
    assert loads(text) == journey
    assert dumps(loads(text)) == text
    assert json.loads(text)["schema_version"] == (2 if persona and persona.get("needs") else 1)


def test_saved_files_get_the_usual_permissions_not_private_temporary_ones(tmp_path: Path) -> None:
    mask = os.umask(0o022)  # the umask can only be read by setting it
    os.umask(mask)
    path = save(loads(json.dumps(RICH)), tmp_path / "j.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask  # what open() would give, not mkstemp's 0600
    os.chmod(path, 0o640)
    save(loads(json.dumps(RICH)), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # a file keeps its own mode on saving again


def test_saved_files_follow_the_umask_of_the_process(tmp_path: Path) -> None:
    target = tmp_path / "j.json"
    script = (
        "import os; os.umask(0o027)\n"  # before journeymap is imported, as a program sets it at start
        "import json, sys; from journeymap import loads, save\n"
        f"save(loads(json.dumps({RICH!r})), sys.argv[1])\n"
    )
    subprocess.run([sys.executable, "-c", script, str(target)], cwd=ROOT, check=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # 0o666 without the group's write and all of other


def test_a_field_given_twice_is_an_error_not_silently_the_last() -> None:
    text = ('{"title": "Café", "stages": [{"id": "s", "name": "S"}], "touchpoints": ['
            '{"id": "a", "name": "A", "stage": "s", "emotion": 3, "emotion": -4}], "title": "Other"}')
    with pytest.raises(JourneyFileError) as caught:
        loads(text)
    assert [str(problem) for problem in caught.value.problems] == [
        "title: is given more than once in the same object; keep one",
        "touchpoints[0].emotion: is given more than once in the same object; keep one",
    ]


# --- the quick path (pydantic parses and validates at once) against the careful one (json_file.py) ---

def repeated_key_problems(text: str) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        loads(text)
    return [str(problem) for problem in caught.value.problems]


def test_a_key_given_twice_is_found_among_colons_in_strings() -> None:
    text = ('{"title": "Opens 9:30", "stages": [{"id": "s", "name": "S: start"}], "touchpoints": ['
            '{"id": "a", "name": "A", "stage": "s", "notes": "see: b", "emotion": 3, "emotion": -4}]}')
    assert repeated_key_problems(text) == ["touchpoints[0].emotion: is given more than once in the same object; keep one"]


def test_a_key_given_twice_whose_first_value_held_colons() -> None:
    text = '{"title": "a: b", "title": "c", "stages": [{"id": "s", "name": "S"}]}'
    assert repeated_key_problems(text) == ["title: is given more than once in the same object; keep one"]


def test_a_key_given_twice_beside_an_escaped_colon() -> None:
    # "\u003a" is a colon once parsed but not in the text: the count of colons cannot vouch here
    text = '{"title": "a\\u003ab", "stages": [{"id": "s", "name": "S", "name": "T"}]}'
    assert repeated_key_problems(text) == ["stages[0].name: is given more than once in the same object; keep one"]
    assert loads(text.replace(', "name": "T"', "")).title == "a:b"


def test_a_key_given_twice_in_a_large_file_is_found() -> None:
    data = {"title": "Big", "stages": [{"id": "s", "name": "S"}],
            "touchpoints": [{"id": f"t{i}", "name": f"Step {i}: go", "stage": "s"} for i in range(2000)]}
    text = json.dumps(data)
    assert len(loads(text).touchpoints) == 2000
    twice = text.replace('"id": "t1999"', '"id": "t1999", "id": "t1999"')
    assert repeated_key_problems(twice) == ["touchpoints[1999].id: is given more than once in the same object; keep one"]


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_the_quick_path_reads_samples_as_the_careful_one_does(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = path.read_text(encoding="utf-8")
    careful = journey_from_data(json.loads(text))
    monkeypatch.setattr(json_file, "_careful_journey", lambda *args: pytest.fail("a valid file took the careful path"))
    assert loads(text) == careful


def outcome(read: Any, text: str) -> object:
    try:
        return read(text)
    except JourneyFileError as error:
        return error.problems


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(json_values | journey_like | st.lists(touchpoint_strategy, max_size=4).map(
    lambda tps: {"title": "T", "stages": [{"id": "s", "name": "S"}],
                 "touchpoints": [{"id": f"t{i}", "stage": "s", **tp} for i, tp in enumerate(tps)]})
       | persona_strategy.filter(bool).map(lambda persona: {"title": "T", "stages": [{"id": "s", "name": "S"}],
                                                            "persona": persona}))
def test_the_quick_path_and_the_careful_one_agree(value: object) -> None:
    text = json.dumps(value)
    assert outcome(loads, text) == outcome(lambda t: json_file._careful_journey(t, None), text)
