"""The one-line summary of what a save changed (journeymap.store.changes): one test per kind of change,
the order of the items, and the limits on its length. Every expectation is written by hand."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from journeymap.model import Journey
from journeymap.model.validation import journey_from_data
from journeymap.store.changes import MAX_LENGTH, NO_CHANGE, change_summary

#: A dental clinic's booking: two stages, three steps, two connections, a persona.
BASE: dict[str, Any] = {
    "title": "Dental clinic",
    "description": "Booking a check-up",
    "customers_per_week": 40,
    "persona": {"name": "Rosa", "goals": ["a quick visit"], "needs": ["no smartphone"]},
    "stages": [{"id": "book", "name": "Book"}, {"id": "visit", "name": "Visit"}],
    "touchpoints": [
        {"id": "calls", "name": "Calls to book", "stage": "book", "emotion": -2, "friction": 3},
        {"id": "waits", "name": "Waits", "stage": "visit", "emotion": -1},
        {"id": "pays", "name": "Pays", "stage": "visit", "emotion": 1, "goal": True},
    ],
    "connections": [{"from": "calls", "to": "waits"}, {"from": "waits", "to": "pays"}],
}


def journey(change: Any = None) -> Journey:
    """BASE after ``change`` (a function editing a deep copy of its data in place)."""
    data = copy.deepcopy(BASE)
    if change is not None:
        change(data)
    return journey_from_data(data)


def step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    return next(tp for tp in data["touchpoints"] if tp["id"] == step_id)


def test_a_new_journey_says_how_many_steps_it_has() -> None:
    # three steps in BASE; one step reads "1 step"; a journey of stages only has "no steps"
    assert change_summary(None, journey()) == "created with 3 steps"
    assert change_summary(None, journey(lambda d: d.update(touchpoints=d["touchpoints"][:1], connections=[]))) \
        == "created with 1 step"
    assert change_summary(None, journey(lambda d: d.update(touchpoints=[], connections=[]))) == "created with no steps"


def test_nothing_changed() -> None:
    assert change_summary(journey(), journey()) == NO_CHANGE == "no change"


def test_a_step_added_and_an_emotion_changed() -> None:
    # the brief's own example: the added step first, then the field change with signed emotions
    def edit(data: dict[str, Any]) -> None:
        data["touchpoints"].append({"id": "texts", "name": "Texts to reschedule", "stage": "book"})
        step(data, "calls")["emotion"] = -3

    assert change_summary(journey(), journey(edit)) == "added 'Texts to reschedule'; emotion of 'Calls to book' -2 → -3"


def test_a_step_removed_and_one_renamed() -> None:
    # removing "Waits" takes its two connections with it (and "Calls to book" now leads to "Pays");
    # the rename names the step by its old and new names
    def edit(data: dict[str, Any]) -> None:
        data["touchpoints"] = [tp for tp in data["touchpoints"] if tp["id"] != "waits"]
        data["connections"] = [{"from": "calls", "to": "pays"}]
        step(data, "pays")["name"] = "Pays at the till"

    assert change_summary(journey(), journey(edit)) == (
        "removed 'Waits'; renamed 'Pays' to 'Pays at the till'; connection 'Calls to book' → 'Pays at the till' added; "
        "2 connections removed")


def test_many_steps_added_are_counted() -> None:
    # four new steps is more than the three named at once: counted instead
    def edit(data: dict[str, Any]) -> None:
        data["touchpoints"] += [{"id": f"n{i}", "name": f"New {i}", "stage": "book"} for i in range(4)]

    assert change_summary(journey(), journey(edit)) == "added 4 steps"


def test_two_steps_added_are_named_in_alphabetical_order() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["touchpoints"] += [{"id": "z", "name": "Zips the bag", "stage": "book"},
                                {"id": "a", "name": "asks", "stage": "book"}]

    assert change_summary(journey(), journey(edit)) == "added 'asks' and 'Zips the bag'"


def test_the_title_and_the_other_journey_fields() -> None:
    def edit(data: dict[str, Any]) -> None:
        data.update(title="Dental clinic, Porto", description="Booking", customers_per_week=60)

    assert change_summary(journey(), journey(edit)) == "title changed; description changed; customers per week 40 → 60"


def test_the_persona_field_by_field_and_whole() -> None:
    assert change_summary(journey(), journey(lambda d: d["persona"]["needs"].append("lives alone"))) \
        == "persona's needs changed"
    assert change_summary(journey(), journey(lambda d: d["persona"].update(name="Rosa M.", goals=[]))) \
        == "persona's name changed; persona's goals changed"
    assert change_summary(journey(), journey(lambda d: d.pop("persona"))) == "persona removed"
    assert change_summary(journey(lambda d: d.pop("persona")), journey()) == "persona added"


def test_connections_added_are_counted() -> None:
    # three new connections between existing steps (none existed between these pairs)
    def edit(data: dict[str, Any]) -> None:
        data["connections"] += [{"from": "pays", "to": "calls", "kind": "support"},
                                {"from": "calls", "to": "pays", "kind": "support"},
                                {"from": "waits", "to": "calls", "kind": "support"}]

    assert change_summary(journey(), journey(edit)) == "3 connections added"


def test_a_connection_changed_is_named_by_its_ends() -> None:
    assert change_summary(journey(), journey(lambda d: d["connections"][0].update(label="calls back"))) \
        == "connection 'Calls to book' → 'Waits' changed"


def test_step_fields_in_the_apps_words() -> None:
    # each field its own item, in the order of the step's fields: lane, channel, emotion, staff emotion,
    # friction, staff minutes; at most four named, the other two counted
    def edit(data: dict[str, Any]) -> None:
        step(data, "calls").update(lane="frontstage", channel="phone", emotion=None, staff_emotion=-1.5,
                                   friction=4.5, staff_minutes=5)

    assert change_summary(journey(), journey(edit)) == (
        "lane of 'Calls to book' customer → frontstage; channel of 'Calls to book' changed; "
        "emotion of 'Calls to book' -2 → not known; staff emotion of 'Calls to book' not known → -1.5; "
        "and 2 more changes")


def test_goal_stage_and_entry_share() -> None:
    def edit(data: dict[str, Any]) -> None:
        step(data, "pays")["goal"] = False
        step(data, "waits")["stage"] = "book"
        step(data, "calls")["entry_share"] = 0.5

    # by group: field changes (by step name: Calls to book, then Pays) before moves
    assert change_summary(journey(), journey(edit)) == (
        "entry share of 'Calls to book' none → 50%; 'Pays' no longer a goal; moved 'Waits' to stage 'Book'")


def test_stages() -> None:
    def edit(data: dict[str, Any]) -> None:
        data["stages"][1]["name"] = "At the clinic"
        data["stages"].append({"id": "after", "name": "Afterwards"})

    assert change_summary(journey(), journey(edit)) == "added stage 'Afterwards'; renamed stage 'Visit' to 'At the clinic'"


def test_order_alone_is_a_change_of_order() -> None:
    def steps_swapped(data: dict[str, Any]) -> None:
        data["touchpoints"].reverse()

    def connections_swapped(data: dict[str, Any]) -> None:
        data["connections"].reverse()

    assert change_summary(journey(), journey(steps_swapped)) == "steps put in another order"
    assert change_summary(journey(), journey(connections_swapped)) == "connections put in another order"


def test_the_same_changes_read_the_same_whatever_the_order_in_the_file() -> None:
    # both versions with their steps and connections reversed: the same edit, the same words
    def edit(data: dict[str, Any]) -> None:
        data["touchpoints"].append({"id": "texts", "name": "Texts to reschedule", "stage": "book"})
        step(data, "pays")["emotion"] = 2
        step(data, "calls")["emotion"] = -3

    def reversed_too(change: Any) -> Any:
        def both(data: dict[str, Any]) -> None:
            if change is not None:
                change(data)
            data["touchpoints"].reverse()
            data["connections"].reverse()
        return both

    expected = "added 'Texts to reschedule'; emotion of 'Calls to book' -2 → -3; emotion of 'Pays' +1 → +2"
    assert change_summary(journey(), journey(edit)) == expected
    assert change_summary(journey(reversed_too(None)), journey(reversed_too(edit))) == expected


@pytest.mark.parametrize("name", ["x" * 120, "line one\nline two " + "y" * 110])
def test_long_names_keep_the_summary_short_and_on_one_line(name: str) -> None:
    def edit(data: dict[str, Any]) -> None:
        for index, tp in enumerate(data["touchpoints"]):
            tp["name"] = f"{index}{name}"[:120]
            tp["emotion"] = 4

    summary = change_summary(journey(), journey(edit))
    # three renames and three emotions: six items, so some are counted; never more than MAX_LENGTH
    assert len(summary) <= MAX_LENGTH == 200
    assert "\n" not in summary and summary.endswith("more changes")
    assert summary.startswith("renamed 'Calls to book' to '0")
