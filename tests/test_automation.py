"""Automation advice: hand-computed scores, clear cases, properties, reasons and warnings."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.analysis.automation import FIT_WEIGHTS, RISK_WEIGHTS, advise, automation_fit, empathy_risk, recommend
from journeymap.model import LANES, TRAITS, Touchpoint

trait_values = st.one_of(st.none(), st.integers(1, 5))
lanes = st.sampled_from(LANES)
emotions = st.one_of(st.none(), st.integers(-5, 5))
thresholds = st.floats(0, 100)


def step(traits: dict[str, int | None] | None = None, **fields: Any) -> Touchpoint:
    automation = None if traits is None else {k: v for k, v in traits.items() if v is not None}
    return Touchpoint(id=fields.pop("id", "x"), name="X", stage="s", automation=automation, **fields)


def routine_backstage() -> Touchpoint:
    return step(
        {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1},
        lane="backstage", staff_minutes=10, staff_emotion=-3, friction=2,
    )


def test_weights_add_up_to_100() -> None:
    assert sum(FIT_WEIGHTS.values()) == 100
    assert sum(RISK_WEIGHTS.values()) == 100


def test_fit_and_risk_by_hand() -> None:
    touchpoint = step(
        {"rule_based": 4, "digital_input": 2, "variability": 3, "empathy_need": 3, "data_sensitivity": 2},
        lane="frontstage", emotion=-2,
    )
    fit, parts = automation_fit(touchpoint, weekly_volume=200, staff_hours_per_week=2, staff_pain=0.4)
    # task: 0.75·25, 0.25·20, 0.5·15; routine = (0.75 + 0.25 + 0.5) / 3 = 0.5 scales the rest:
    # volume 1·0.5·15, staff time (2/4)·0.5·15, staff pain 0.4·0.5·10
    assert parts == {"rule_based": 18.75, "digital_input": 5.0, "low_variability": 7.5, "volume": 7.5,
                     "staff_time": 3.75, "staff_pain": 2.0}
    assert fit == 44.5
    risk, risk_parts = empathy_risk(touchpoint, is_moment_of_truth=True)
    # empathy 0.5·40, emotion (2 + 2)/10·20, data 0.25·10, frontstage 15, moment of truth 8
    assert risk_parts == {"empathy_need": 20.0, "customer_emotion": 8.0, "data_sensitivity": 2.5,
                          "customer_facing": 15.0, "moment_of_truth": 8.0, "journey_end": 0.0}
    assert risk == 53.5


def test_routine_backstage_chore_with_frustrated_staff_is_automate() -> None:
    advice = advise(routine_backstage(), weekly_volume=150, staff_hours_per_week=25, staff_pain=0.58)
    assert advice["recommendation"] == "automate"
    assert advice["fit"] >= 90
    assert advice["empathy_risk"] < 10
    assert advice["warnings"] == []
    assert any("fixed rules" in reason for reason in advice["reasons"])
    assert any("Staff find it a chore" in reason for reason in advice["reasons"])


def test_without_weekly_figures_staff_minutes_and_visits_stand_in() -> None:
    fit, parts = automation_fit(routine_backstage(), expected_visits=0.5)
    assert parts["volume"] == 7.5  # half of the customers pass it
    assert parts["staff_time"] == 7.5  # 10 minutes × 0.5 visits = 5 of the 10 for full marks
    assert fit == 75.0


@given(
    rule=trait_values, digital=trait_values, variability=trait_values, sensitivity=trait_values, lane=lanes,
    fit_threshold=thresholds, risk_threshold=thresholds, moment=st.booleans(), end=st.booleans(),
    volume=st.one_of(st.none(), st.floats(0, 10_000)),
)
def test_empathy_need_5_where_the_customer_feels_minus_4_is_never_automate(
    rule, digital, variability, sensitivity, lane, fit_threshold, risk_threshold, moment, end, volume
) -> None:
    touchpoint = step(
        {"rule_based": rule, "digital_input": digital, "variability": variability, "empathy_need": 5,
         "data_sensitivity": sensitivity},
        lane=lane, emotion=-4, staff_minutes=30,
    )
    advice = advise(touchpoint, weekly_volume=volume, staff_hours_per_week=None if volume is None else volume / 2,
                    moment_of_truth_change=-6 if moment else None, is_journey_end=end,
                    fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    assert advice["recommendation"] != "automate"


@st.composite
def touchpoints(draw: st.DrawFn) -> Touchpoint:
    traits = {name: draw(trait_values) for name in TRAITS}
    return step(traits, lane=draw(lanes), emotion=draw(emotions), staff_minutes=draw(st.one_of(st.none(), st.floats(0, 60))))


@given(touchpoints(), st.integers(1, 5), st.integers(1, 5), st.booleans(), st.booleans())
def test_raising_empathy_need_never_lowers_empathy_risk(touchpoint: Touchpoint, a: int, b: int, moment: bool, end: bool) -> None:
    low, high = sorted((a, b))
    risks = []
    for value in (low, high):
        traits = touchpoint.automation.model_copy(update={"empathy_need": value})
        risks.append(empathy_risk(touchpoint.model_copy(update={"automation": traits}), is_moment_of_truth=moment, is_journey_end=end)[0])
    assert risks[1] >= risks[0]


@given(touchpoints(), st.integers(1, 5), st.integers(1, 5), st.one_of(st.none(), st.floats(0, 1000)),
       st.one_of(st.none(), st.floats(0, 1)))
def test_raising_rule_based_never_lowers_fit(touchpoint: Touchpoint, a: int, b: int, volume, staff_pain) -> None:
    low, high = sorted((a, b))
    fits = []
    for value in (low, high):
        traits = touchpoint.automation.model_copy(update={"rule_based": value})
        fits.append(automation_fit(touchpoint.model_copy(update={"automation": traits}), weekly_volume=volume,
                                   staff_hours_per_week=None if volume is None else volume / 10, staff_pain=staff_pain)[0])
    assert fits[1] >= fits[0]


@given(touchpoints(), st.floats(0, 100), st.floats(0, 100))
def test_scores_stay_in_0_to_100_and_recommendation_follows_the_thresholds(touchpoint: Touchpoint, ft: float, rt: float) -> None:
    advice = advise(touchpoint, fit_threshold=ft, risk_threshold=rt)
    assert 0 <= advice["fit"] <= 100 and 0 <= advice["empathy_risk"] <= 100
    fit_high, risk_high = advice["fit"] >= ft, advice["empathy_risk"] >= rt
    expected = {(True, False): "automate", (True, True): "assist", (False, True): "keep-human",
                (False, False): "not-a-priority"}[(fit_high, risk_high)]
    hard_limit = touchpoint.automation.empathy_need in (4, 5) or (touchpoint.emotion is not None and touchpoint.emotion <= -3)
    if expected == "automate" and hard_limit:
        expected = "assist"
    assert advice["recommendation"] == expected


def test_recommend_quadrants_and_thresholds_as_arguments() -> None:
    assert recommend(60, 49.9) == "automate"
    assert recommend(60, 50) == "assist"
    assert recommend(59.9, 50) == "keep-human"
    assert recommend(59.9, 49.9) == "not-a-priority"
    assert recommend(70, 40, fit_threshold=80) == "not-a-priority"
    assert recommend(70, 40, risk_threshold=30) == "assist"


def test_missing_traits_are_scored_as_unknown_and_named() -> None:
    advice = advise(step({"rule_based": 5}, lane="backstage"))
    assert advice["missing_traits"] == ["digital_input", "variability", "empathy_need", "data_sensitivity"]
    assert advice["fit_parts"]["digital_input"] == 0  # no credit for the unknown
    assert advice["risk_parts"]["empathy_need"] == 20  # half of 40
    assert any("Not scored yet: digital input, variability, empathy need, data sensitivity" in r for r in advice["reasons"])
    nothing = advise(step(None))
    assert nothing["missing_traits"] == list(TRAITS)


def test_cold_automation_warnings() -> None:
    routine = {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1}
    sensitive = advise(step({**routine, "data_sensitivity": 5}, lane="support"), weekly_volume=500, staff_hours_per_week=10)
    assert sensitive["recommendation"] == "automate"
    assert any("sensitive data (5 of 5) with no person in the loop" in w for w in sensitive["warnings"])

    upset = advise(step({**routine, "data_sensitivity": 1}, lane="support", emotion=-3), weekly_volume=500,
                   staff_hours_per_week=10)
    assert upset["recommendation"] == "assist"  # the hard limit: a person stays
    assert any("Customers feel -3 here" in w for w in upset["warnings"])
    assert any("would score as automatable" in r for r in upset["reasons"])

    ending = advise(step({**routine, "data_sensitivity": 1}, lane="support"), weekly_volume=500,
                    staff_hours_per_week=10, is_journey_end=True, moment_of_truth_change=-4)
    assert any("customers remember the end" in w for w in ending["warnings"])
    assert any("moment of truth (emotion changes by -4" in w for w in ending["warnings"])

    human = advise(step({"rule_based": 1, "empathy_need": 5}, lane="frontstage", emotion=-4), is_journey_end=True)
    assert human["recommendation"] == "keep-human"
    assert human["warnings"] == []  # nothing to warn about when the advice is to keep it human


def test_reasons_lead_with_the_recommendation_then_what_decided_it() -> None:
    human = advise(step({"rule_based": 1, "digital_input": 1, "variability": 5, "empathy_need": 5, "data_sensitivity": 5},
                        lane="frontstage", emotion=-4, feeling="scared"))
    assert human["reasons"][0].startswith("Keep it human")
    assert human["reasons"][1] == "Customers need a person here (empathy need 5 of 5): +40 risk."
    assert "Customers feel -4 (scared) here: +16 risk." in human["reasons"]
