"""The charts' text alternatives (journeymap.charts.describe), checked on journeys small enough to say by
hand what each chart shows."""

from __future__ import annotations

import json
from typing import Any

import pytest

from journeymap import analyze
from journeymap.charts.describe import (
    curve_description,
    map_description,
    map_table_rows,
    matrix_description,
)
from journeymap.model.validation import journey_from_data
from tests.conftest import ROOT, TINY_JOURNEY

TINY = journey_from_data(TINY_JOURNEY)


def tiny_with(**changes: Any) -> Any:
    return journey_from_data({**TINY_JOURNEY, **changes})


def test_the_map_of_the_tiny_cafe_in_words() -> None:
    # three customer steps in Order and Pay, ask → wait → pay; waiting (−3, friction 6) is the one pain
    # point; with no automation traits every step scores fit 0, and only waiting is risky enough (60)
    # to keep human
    assert map_description(TINY, analyze(TINY)) == (
        "3 touchpoints in 2 stages (Order, Pay) on 1 lane (Customer actions); 2 connections. "
        "1 pain point: “Waits at the bar” (Order, pain 0.84). Advice: 1 keep human, 2 not a priority. "
        "Emotion lane: along the most probable path (100% of customers), the customer's emotion over 3 steps: "
        "from +2.0 at “Asks for a latte” to +1.0 at “Pays by card”; lowest −3.0 at “Waits at the bar”, highest "
        "+2.0 at “Asks for a latte”.")
    assert map_description(TINY) == "3 touchpoints in 2 stages (Order, Pay) on 1 lane (Customer actions); 2 connections."


def test_the_worst_pain_point_is_the_first_ranked_among_those_flagged() -> None:
    def item(tp_id: str, stage: str, pain: float, rank: int, flagged: bool) -> dict[str, Any]:
        return {"id": tp_id, "name": tp_id.title(), "stage": stage, "pain": pain, "pain_rank": rank,
                "is_pain_point": flagged, "automation": {"recommendation": None}}

    # ranks 2, 1, 3 among the flagged; a step with a higher pain that is not flagged is not named
    analysis = {"touchpoints": [item("ask", "order", 0.5, 2, True), item("wait", "pay", 0.9, 1, True),
                                item("pay", "pay", 0.45, 3, True), item("other", "order", 0.95, 4, False)],
                "paths": []}
    assert "3 pain points; the worst is “Wait” (Pay, pain 0.90). Emotion lane:" in map_description(TINY, analysis)
    calm = {"touchpoints": [item("ask", "order", 0.1, 1, False)], "paths": []}
    assert "2 connections. No pain points. Emotion lane:" in map_description(TINY, calm)


def test_the_diner_map_names_its_stages_and_lanes() -> None:
    diner = journey_from_data(json.loads((ROOT / "sample_journeys" / "diner.json").read_text(encoding="utf-8")))
    assert map_description(diner).startswith(
        "25 touchpoints in 6 stages (Arrive, Order, Wait, Eat, Pay, Leave & close up) on 4 lanes (Customer actions, "
        "Frontstage staff in view, Backstage out of view, Support systems); 37 connections.")


def test_a_map_without_touchpoints_says_so() -> None:
    assert map_description(tiny_with(touchpoints=[], connections=[])) == "No touchpoints yet, in 2 stages (Order, Pay)."


def test_the_map_as_a_table_goes_stage_by_stage_then_lane_by_lane() -> None:
    journey = tiny_with(touchpoints=[
        {"id": "card", "name": "Pays by card", "stage": "pay", "emotion": 1},
        {"id": "till", "name": "Till prints the ticket", "stage": "order", "lane": "support"},
        {"id": "ask", "name": "Asks for a latte", "stage": "order", "emotion": 2, "friction": 1},
        {"id": "greet", "name": "Barista greets her", "stage": "order", "lane": "frontstage", "staff_emotion": 3}],
        connections=[])
    rows = map_table_rows(journey)
    assert [(row["stage"], row["lane"], row["touchpoint"]) for row in rows] == [
        ("Order", "Customer actions", "Asks for a latte"),
        ("Order", "Frontstage staff in view", "Barista greets her"),
        ("Order", "Support systems", "Till prints the ticket"),
        ("Pay", "Customer actions", "Pays by card")]
    assert rows[0] == {"stage": "Order", "lane": "Customer actions", "touchpoint": "Asks for a latte",
                       "customer emotion": 2.0, "staff emotion": None, "friction": 1.0, "pain rank": None,
                       "advice": ""}  # no analysis: no pain rank nor advice
    assert rows[1]["staff emotion"] == 3.0
    ranked = map_table_rows(TINY, analyze(TINY))
    assert [(row["touchpoint"], row["pain rank"], row["advice"]) for row in ranked] == [
        ("Asks for a latte", None, "Not a priority"), ("Waits at the bar", 1, "Keep human"),
        ("Pays by card", None, "Not a priority")]


def test_the_emotion_curve_of_the_tiny_cafe_in_words() -> None:
    # every customer takes ask → wait → pay and feels +2, −3, +1 on the way
    assert curve_description(TINY, analyze(TINY)) == (
        "Along the most probable path (100% of customers), the customer's emotion over 3 steps: from +2.0 at "
        "“Asks for a latte” to +1.0 at “Pays by card”; lowest −3.0 at “Waits at the bar”, highest +2.0 at "
        "“Asks for a latte”.")


def test_a_curve_without_flow_without_emotions_or_with_the_staffs_only() -> None:
    unconnected = tiny_with(connections=[])
    assert curve_description(unconnected, analyze(unconnected)).startswith(
        "Along the customer lane, in file order (no flow connections to follow), the customer's emotion over 3 steps")
    unrated = tiny_with(touchpoints=[{**tp, "emotion": None} for tp in TINY_JOURNEY["touchpoints"]])
    assert curve_description(unrated, analyze(unrated)) == (
        "Along the most probable path (100% of customers): no emotion is recorded yet.")
    staff_only = tiny_with(touchpoints=[{**tp, "emotion": None, "staff_emotion": -2 if tp["id"] == "wait" else None}
                                        for tp in TINY_JOURNEY["touchpoints"]])
    assert curve_description(staff_only, analyze(staff_only)) == (
        "Along the most probable path (100% of customers): no customer emotion is recorded yet. "
        "Staff's, at 1 step: −2.0.")


def test_the_automation_matrix_in_words() -> None:
    # fit 0 at every step; empathy risk 40, 60 and 47: only waiting is at or above 50
    assert matrix_description(analyze(TINY), 60, 50) == (
        "3 steps placed by automation fit (across, 0 to 100) against empathy risk (up, 0 to 100); the dashed lines "
        "are the thresholds, fit 60 and empathy risk 50. Advice: 1 keep human, 2 not a priority.")
    assert "fit 62.5 and empathy risk 35." in matrix_description(analyze(TINY, fit_threshold=62.5, risk_threshold=35),
                                                                 62.5, 35)


def test_names_are_quoted_as_typed() -> None:
    # the description is plain text: the app escapes it when it shows it (journeymap.ui.text.note)
    journey = tiny_with(touchpoints=[{**TINY_JOURNEY["touchpoints"][1], "name": "<b>**Waits**</b> :red[long]"}],
                        connections=[])
    assert "“<b>**Waits**</b> :red[long]” (Order, pain 0.84)" in map_description(journey, analyze(journey))
