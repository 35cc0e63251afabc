"""One test per rule of the file format: each broken rule names its place."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from journeymap import JourneyFileError, Problem, loads
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.model.validation import journey_from_data
from journeymap.model import MAX_TOUCHPOINTS

BASE: dict[str, Any] = {
    "title": "Morning coffee",
    "stages": [{"id": "order", "name": "Order"}, {"id": "drink", "name": "Drink"}],
    "touchpoints": [
        {"id": "queue", "name": "Queues at the counter", "stage": "order", "emotion": -1, "friction": 4},
        {"id": "pay", "name": "Pays by card", "stage": "order", "lane": "frontstage"},
        {"id": "sip", "name": "First sip", "stage": "drink", "emotion": 4, "goal": True},
    ],
    "connections": [{"from": "queue", "to": "pay", "share": 0.9}, {"from": "pay", "to": "sip"}],
}


def problems_of(data: Any) -> list[Problem]:
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    with pytest.raises(JourneyFileError) as caught:
        loads(text, source="coffee.json")
    assert all(line.startswith("coffee.json: ") for line in caught.value.lines())
    return caught.value.problems


def changed(**edits: Any) -> dict[str, Any]:
    """BASE with dotted-path edits, e.g. changed(**{"touchpoints.0.emotion": 7})."""
    data = copy.deepcopy(BASE)
    for path, value in edits.items():
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        key: Any = int(last) if last.isdigit() else last
        if value is DELETE:
            del target[key]
        else:
            target[key] = value
    return data


DELETE = object()


def only_problem(data: Any) -> Problem:
    problems = problems_of(data)
    assert len(problems) == 1, problems
    return problems[0]


def test_base_journey_is_valid() -> None:
    journey = loads(json.dumps(BASE))
    assert [tp.id for tp in journey.touchpoints] == ["queue", "pay", "sip"]
    assert journey.touchpoints[1].lane == "frontstage"
    assert journey.touchpoints[0].lane == "customer"  # the default lane
    assert journey.connections[0].from_ == "queue"


def test_truncated_json_names_line_and_column() -> None:
    problem = only_problem(json.dumps(BASE)[:40])
    assert problem.location.startswith("line 1, column")
    assert "is not valid JSON" in problem.message


def test_binary_bytes_are_not_utf8() -> None:
    problem = only_problem(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    assert "not UTF-8" in problem.message


def test_empty_file() -> None:
    assert "is empty" in only_problem("").message
    assert "is empty" in only_problem("  \n").message


@pytest.mark.parametrize(("text", "what"), [("[1, 2]", "a list"), ('"hello"', "text"), ("42", "a number"), ("null", "null")])
def test_top_level_must_be_an_object(text: str, what: str) -> None:
    assert only_problem(text).message == f"must be a JSON object with a title and stages, not {what}"


def test_unknown_field_is_named_with_a_suggestion() -> None:
    problem = only_problem(changed(**{"touchpoints.0.emotoin": 3}))
    assert problem.location == "touchpoints[0].emotoin"
    assert "unknown field 'emotoin'" in problem.message and "did you mean 'emotion'?" in problem.message
    assert "(touchpoint 'queue')" in problem.message


def test_unknown_top_level_field() -> None:
    problem = only_problem(changed(colour="blue"))
    assert problem.location == "colour" and "unknown field 'colour'" in problem.message


@pytest.mark.parametrize(
    ("path", "value", "location", "expected"),
    [
        ("touchpoints.0.emotion", "3", "touchpoints[0].emotion", "must be a number, got text"),
        ("touchpoints.0.friction", True, "touchpoints[0].friction", "must be a number, got true or false"),
        ("touchpoints.2.goal", "yes", "touchpoints[2].goal", "must be true or false, got text"),
        ("title", 12, "title", "must be text, got a number"),
        ("stages", {"id": "x"}, "stages", "must be a list, got an object"),
        ("touchpoints.1.pain_points", "slow", "touchpoints[1].pain_points", "must be a list, got text"),
        ("touchpoints.0.automation", {"rule_based": 2.5}, "touchpoints[0].automation.rule_based", "must be a whole number, got 2.5"),
        ("persona", "Ana", "persona", "must be an object, got text"),
    ],
)
def test_wrong_types(path: str, value: Any, location: str, expected: str) -> None:
    problem = only_problem(changed(**{path: value}))
    assert problem.location == location
    assert problem.message.startswith(expected)


@pytest.mark.parametrize(
    ("path", "value", "location", "expected"),
    [
        ("touchpoints.0.emotion", 7, "touchpoints[0].emotion", "must be between -5 and 5, got 7"),
        ("touchpoints.0.staff_emotion", -5.5, "touchpoints[0].staff_emotion", "must be between -5 and 5, got -5.5"),
        ("touchpoints.0.friction", 11, "touchpoints[0].friction", "must be between 0 and 10, got 11"),
        ("touchpoints.0.entry_share", 1.2, "touchpoints[0].entry_share", "must be between 0 and 1, got 1.2"),
        ("connections.0.share", -0.1, "connections[0].share", "must be between 0 and 1, got -0.1"),
        ("touchpoints.0.automation", {"empathy_need": 6}, "touchpoints[0].automation.empathy_need", "must be between 1 and 5, got 6"),
        ("touchpoints.0.staff_minutes", -2, "touchpoints[0].staff_minutes", "must be at least 0, got -2"),
        ("customers_per_week", -10, "customers_per_week", "must be at least 0, got -10"),
    ],
)
def test_out_of_range_numbers(path: str, value: Any, location: str, expected: str) -> None:
    problem = only_problem(changed(**{path: value}))
    assert (problem.location, problem.message.split(" (touchpoint")[0]) == (location, expected)


def test_infinite_and_nan_numbers_are_refused() -> None:
    text = json.dumps(BASE).replace('"emotion": -1', '"emotion": NaN')
    problem = only_problem(text)
    assert problem.location == "touchpoints[0].emotion"
    assert "finite number" in problem.message


def test_missing_required_fields() -> None:
    problems = problems_of(changed(title=DELETE, **{"touchpoints.1.stage": DELETE}))
    assert {(p.location, p.message.split(" (")[0]) for p in problems} == {
        ("title", "is required"),
        ("touchpoints[1].stage", "is required"),
    }


def test_title_length() -> None:
    assert only_problem(changed(title="")).message == "must not be empty"
    assert only_problem(changed(title="x" * 201)).message == "is too long: at most 200 characters"


def test_at_least_one_stage() -> None:
    problem = only_problem(changed(stages=[], touchpoints=[], connections=[]))
    assert (problem.location, problem.message) == ("stages", "needs at least 1 item")


@pytest.mark.parametrize("bad_id", ["", "-dash-first", "has space", "x" * 65, "émotion"])
def test_malformed_ids(bad_id: str) -> None:
    problems = problems_of(changed(**{"touchpoints.1.id": bad_id}))
    assert problems[0].location == "touchpoints[1].id"
    assert "is not a valid id" in problems[0].message


def test_unknown_lane_and_evidence() -> None:
    problems = problems_of(changed(**{"touchpoints.0.lane": "kitchen", "touchpoints.1.evidence": "guessed"}))
    messages = {p.location: p.message for p in problems}
    assert messages["touchpoints[0].lane"].startswith("must be one of 'customer', 'frontstage', 'backstage' or 'support', got 'kitchen'")
    assert messages["touchpoints[1].evidence"].startswith("must be one of 'assumed', 'observed' or 'measured'")


def test_unknown_stage_reference() -> None:
    problem = only_problem(changed(**{"touchpoints.2.stage": "leave"}))
    assert problem.location == "touchpoints[2].stage"
    assert problem.message == "touchpoint 'sip' is in stage 'leave', which is not one of the stages"


def test_unknown_touchpoint_references_each_reported() -> None:
    problems = problems_of(changed(**{"connections.0.from": "ghost", "connections.1.to": "nowhere"}))
    assert [(p.location, p.message) for p in problems] == [
        ("connections[0].from", "no touchpoint has the id 'ghost'"),
        ("connections[1].to", "no touchpoint has the id 'nowhere'"),
    ]


def test_duplicate_ids() -> None:
    data = changed(**{"touchpoints.1.id": "queue", "stages.1.id": "order", "touchpoints.2.stage": "order"})
    data["connections"] = []
    messages = [(p.location, p.message) for p in problems_of(data)]
    assert ("stages[1].id", "duplicate stage id 'order'") in messages
    assert ("touchpoints[1].id", "duplicate touchpoint id 'queue'") in messages


def test_self_connection() -> None:
    data = changed()
    data["connections"].append({"from": "pay", "to": "pay"})
    problem = only_problem(data)
    assert (problem.location, problem.message) == ("connections[2]", "connection from 'pay' to itself")


def test_duplicate_connection() -> None:
    data = changed()
    data["connections"].append({"from": "queue", "to": "pay", "kind": "flow"})
    problem = only_problem(data)
    assert problem.location == "connections[2]"
    assert problem.message.startswith("a duplicate from 'queue' to 'pay'")


def test_flow_and_support_between_the_same_steps() -> None:
    data = changed()
    data["connections"].append({"from": "queue", "to": "pay", "kind": "support"})
    problem = only_problem(data)
    assert "there is already a flow one" in problem.message


def test_shares_over_one() -> None:
    data = changed()
    data["connections"].append({"from": "queue", "to": "sip", "share": 0.2})
    problem = only_problem(data)
    assert problem.location == "touchpoint 'queue'"
    assert problem.message == "the shares of its outgoing flow connections add up to 1.1, more than 1"


def test_shares_within_tolerance_are_accepted() -> None:
    data = changed(**{"connections.0.share": 0.7})
    data["connections"].append({"from": "queue", "to": "sip", "share": 0.3000000001})
    assert len(loads(json.dumps(data)).connections) == 3


def test_loop_nobody_can_leave() -> None:
    data = changed(**{"connections.1.share": 1.0})
    data["connections"].append({"from": "sip", "to": "pay"})  # sip → pay → sip, all of it
    problem = only_problem(data)
    assert problem.location == "connections"
    assert "customers who enter the loop 'pay' → 'sip' can never leave it" in problem.message


def test_loop_with_a_way_out_is_fine() -> None:
    data = changed()
    data["connections"].append({"from": "sip", "to": "pay", "share": 0.5})  # half leave at 'sip'
    journey = loads(json.dumps(data))
    assert len(journey.connections) == 3


def test_support_connections_do_not_make_loops() -> None:
    data = changed()
    data["connections"].append({"from": "sip", "to": "pay", "kind": "support"})
    data["connections"][1]["share"] = 1.0
    assert loads(json.dumps(data)).connections[2].kind == "support"


def test_schema_version_from_the_future() -> None:
    # 5 is newer than this journeymap's 4; the rest of a newer file may differ, so only the version is reported
    problem = only_problem(changed(schema_version=5, hologram=True))
    assert problem.location == "schema_version"
    assert "written by a newer journeymap" in problem.message


def test_schema_version_defaults_to_1() -> None:
    assert loads(json.dumps(changed())).schema_version == 1
    assert "schema_version" not in BASE


def test_file_over_the_size_limit() -> None:
    problem = only_problem(b" " * (MAX_FILE_BYTES + 1))
    assert f"up to {MAX_FILE_BYTES // 1024 // 1024} MB" in problem.message


def test_too_many_touchpoints() -> None:
    data = changed()
    data["touchpoints"] = [{"id": f"t{i}", "name": "x", "stage": "order"} for i in range(MAX_TOUCHPOINTS + 1)]
    data["connections"] = []
    problem = only_problem(data)
    assert problem.location == "touchpoints"
    assert problem.message == f"has {MAX_TOUCHPOINTS + 1} items; journeymap allows at most {MAX_TOUCHPOINTS}"


def test_every_problem_is_reported_at_once() -> None:
    data = changed(**{"touchpoints.0.emotion": 9, "touchpoints.1.friction": -1, "title": ""})
    assert {p.location for p in problems_of(data)} == {"title", "touchpoints[0].emotion", "touchpoints[1].friction"}


def test_journey_from_data_accepts_python_data() -> None:
    assert journey_from_data(copy.deepcopy(BASE)).title == "Morning coffee"


# --- field problems and rule problems in one pass (each problem once; see journeymap/model/rules.py) ---


def located(data: Any) -> list[tuple[str, str]]:
    return [(p.location, p.message) for p in problems_of(data)]


def test_field_problems_and_rule_problems_are_reported_together() -> None:
    data = changed(**{"touchpoints.0.emotion": 9, "touchpoints.2.stage": "leave", "connections.1.to": "nowhere"})
    assert located(data) == [
        ("touchpoints[0].emotion", "must be between -5 and 5, got 9 (touchpoint 'queue')"),
        ("touchpoints[2].stage", "touchpoint 'sip' is in stage 'leave', which is not one of the stages"),
        ("connections[1].to", "no touchpoint has the id 'nowhere'"),
    ]


def test_a_duplicate_id_is_reported_beside_a_field_problem() -> None:
    data = changed(**{"touchpoints.1.id": "queue", "touchpoints.2.emotion": 6})
    data["connections"] = []
    assert located(data) == [
        ("touchpoints[2].emotion", "must be between -5 and 5, got 6 (touchpoint 'sip')"),
        ("touchpoints[1].id", "duplicate touchpoint id 'queue'"),
    ]


def test_a_share_out_of_range_is_not_also_added_up() -> None:
    data = changed(**{"connections.0.share": 1.5})
    data["connections"].append({"from": "queue", "to": "sip", "share": 0.2})  # 1.5 + 0.2 would be 1.7
    assert located(data) == [("connections[0].share", "must be between 0 and 1, got 1.5")]


def test_the_readable_shares_of_another_step_are_still_added_up() -> None:
    data = changed(**{"connections.1.share": "most"})
    data["connections"].append({"from": "queue", "to": "sip", "share": 0.2})  # queue: 0.9 + 0.2
    assert located(data) == [
        ("connections[1].share", "must be a number, got text"),
        ("touchpoint 'queue'", "the shares of its outgoing flow connections add up to 1.1, more than 1"),
    ]


def test_a_malformed_touchpoint_id_does_not_leave_its_connections_pointing_nowhere() -> None:
    # the connections still say 'pay'; the id is the slip, and the one problem reported
    problem = only_problem(changed(**{"touchpoints.1.id": "pay now"}))
    assert problem.location == "touchpoints[1].id" and "is not a valid id" in problem.message


def test_a_missing_touchpoint_id_does_not_leave_its_connections_pointing_nowhere() -> None:
    problem = only_problem(changed(**{"touchpoints.1.id": DELETE}))
    assert (problem.location, problem.message) == ("touchpoints[1].id", "is required")


def test_a_missing_stage_id_does_not_leave_its_touchpoints_stageless() -> None:
    problem = only_problem(changed(**{"stages.0.id": DELETE}))
    assert (problem.location, problem.message) == ("stages[0].id", "is required")


def test_a_malformed_connection_end_is_reported_once() -> None:
    problem = only_problem(changed(**{"connections.0.to": "p ay"}))
    assert problem.location == "connections[0].to" and "is not a valid id" in problem.message


def test_a_trapping_loop_is_reported_beside_a_field_problem() -> None:
    data = changed(**{"connections.1.share": 1.0, "touchpoints.0.friction": 11})
    data["connections"].append({"from": "sip", "to": "pay"})
    assert [p.location for p in problems_of(data)] == ["touchpoints[0].friction", "connections"]
    assert "the loop 'pay' → 'sip' can never leave it" in problems_of(data)[1].message


def test_loops_wait_until_every_share_can_be_read() -> None:
    data = changed(**{"connections.1.share": "all"})
    data["connections"].append({"from": "sip", "to": "pay"})  # a loop only if 'all' meant 1
    assert located(data) == [("connections[1].share", "must be a number, got text")]


def test_rules_of_a_file_whose_lists_are_not_lists() -> None:
    data = changed(stages={"id": "order"}, connections="none")
    assert located(data) == [("stages", "must be a list, got an object"), ("connections", "must be a list, got text")]
