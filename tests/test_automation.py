"""Automation advice, one step at a time: hand-computed scores, the rules, monotonicity, reasons, firmness."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.analysis.advice_context import StepContext
from journeymap.analysis.automation import FIT_WEIGHTS, RISK_WEIGHTS, advise, automation_fit, empathy_risk, recommend
from journeymap.analysis.feelings import FEELING_LEXICON, feeling_state
from journeymap.model import LANES, TRAITS, Touchpoint

trait_values = st.one_of(st.none(), st.integers(1, 5))
lanes = st.sampled_from(LANES)
emotions = st.one_of(st.none(), st.integers(-5, 5))
thresholds = st.floats(0, 100)
feelings = st.one_of(st.none(), st.sampled_from(sorted(FEELING_LEXICON)), st.just("fine"))
channels = st.one_of(st.none(), st.sampled_from(["web", "SMS", "phone", "in person", "e-mail", "app"]))


def step(traits: dict[str, int | None] | None = None, **fields: Any) -> Touchpoint:
    automation = None if traits is None else {k: v for k, v in traits.items() if v is not None}
    return Touchpoint(id=fields.pop("id", "x"), name="X", stage="s", automation=automation, **fields)


def routine_backstage() -> Touchpoint:
    return step(
        {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1},
        lane="backstage", staff_minutes=10, staff_emotion=-3, friction=2,
    )


ROUTINE = {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1, "data_sensitivity": 1}
BUSY = {"weekly_volume": 500, "staff_hours_per_week": 10}


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
    # empathy 0.5·40, distress 2/5·20, data 0.25·10, frontstage 15, moment of truth 8
    assert risk_parts == {"empathy_need": 20.0, "customer_emotion": 8.0, "data_sensitivity": 2.5,
                          "customer_facing": 15.0, "moment_of_truth": 8.0, "journey_end": 0.0}
    assert risk == 53.5


def test_a_positive_emotion_adds_no_risk_and_a_feeling_word_can_add_some() -> None:
    # +4 is no distress; "furious" is an intense anger word, counted like −4: 0.8 · 20 = 16
    assert empathy_risk(step(lane="backstage", emotion=4))[1]["customer_emotion"] == 0
    assert empathy_risk(step(lane="frontstage", emotion=-2, feeling="furious"))[1]["customer_emotion"] == 16
    assert empathy_risk(step(lane="customer", emotion=-5, feeling="annoyed"))[1]["customer_emotion"] == 20
    # out of the customer's sight the word is most often the staff's: it adds nothing
    assert empathy_risk(step(lane="backstage", emotion=-2, feeling="furious"))[1]["customer_emotion"] == 8


def test_routine_backstage_chore_with_frustrated_staff_is_automate() -> None:
    advice = advise(routine_backstage(), weekly_volume=150, staff_hours_per_week=25, staff_pain=0.58)
    assert advice["recommendation"] == "automate" and advice["assist_for"] is None
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


# --- the rules -----------------------------------------------------------------------------


@given(rule=trait_values, digital=trait_values, variability=trait_values, sensitivity=trait_values, lane=lanes,
       emotion=emotions, fit_threshold=thresholds, risk_threshold=thresholds, volume=st.one_of(st.none(), st.floats(0, 10_000)))
def test_feeling_work_at_the_top_of_the_scale_stays_human_in_every_lane(
    rule, digital, variability, sensitivity, lane, emotion, fit_threshold, risk_threshold, volume
) -> None:
    touchpoint = step({"rule_based": rule, "digital_input": digital, "variability": variability, "empathy_need": 5,
                       "data_sensitivity": sensitivity}, lane=lane, emotion=emotion, staff_minutes=30)
    advice = advise(touchpoint, weekly_volume=volume, staff_hours_per_week=None if volume is None else volume / 2,
                    fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    assert advice["recommendation"] == "keep-human"


@given(rule=trait_values, digital=trait_values, variability=trait_values, sensitivity=trait_values, lane=lanes,
       emotion=emotions, fit_threshold=thresholds, risk_threshold=thresholds)
def test_empathy_need_4_is_never_automate_nor_left_as_not_a_priority(
    rule, digital, variability, sensitivity, lane, emotion, fit_threshold, risk_threshold
) -> None:
    touchpoint = step({"rule_based": rule, "digital_input": digital, "variability": variability, "empathy_need": 4,
                       "data_sensitivity": sensitivity}, lane=lane, emotion=emotion, staff_minutes=30)
    advice = advise(touchpoint, **BUSY, fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    assert advice["recommendation"] in ("assist", "keep-human")


def test_the_condolence_card_and_the_salon_colour_stay_human() -> None:
    # the reviewer's two cases: both were "not a priority" (backstage risk 35; the colour at 49)
    card = step({"rule_based": 2, "digital_input": 1, "variability": 4, "empathy_need": 5, "data_sensitivity": 2},
                lane="backstage", staff_minutes=10, staff_emotion=1)
    assert advise(card)["recommendation"] == "keep-human"
    assert any("stays with a person in every lane, out of sight (backstage lane) too" in r for r in advise(card)["reasons"])
    colour = step({"rule_based": 2, "digital_input": 1, "variability": 4, "empathy_need": 4, "data_sensitivity": 1},
                  lane="frontstage", emotion=2)
    advice = advise(colour)
    assert advice["recommendation"] == "keep-human"
    assert not any("nor a moment that needs special care" in r for r in advice["reasons"])


def test_recommend_quadrants_rules_and_thresholds_as_arguments() -> None:
    assert recommend(80, 20) == "automate" and recommend(80, 70) == "assist"
    assert recommend(30, 70) == "keep-human" and recommend(30, 20) == "not-a-priority"
    assert recommend(80, 20, hard_limit=True) == "assist"
    assert recommend(80, 20, empathy_need=4) == "assist" and recommend(30, 20, empathy_need=4) == "keep-human"
    assert recommend(99, 0, empathy_need=5) == "keep-human"
    assert recommend(30, 20, judgement_aid=True) == "assist" and recommend(30, 70, judgement_aid=True) == "keep-human"
    assert recommend(50, 40, fit_threshold=50, risk_threshold=40) == "assist"
    assert recommend(49.9, 39.9, fit_threshold=50, risk_threshold=40) == "not-a-priority"


@pytest.mark.parametrize("feeling", ["angry", "Furious about the bill", "grieving", "terrified", "ashamed"])
def test_a_strong_feeling_word_keeps_a_person_in_the_loop(feeling: str) -> None:
    # routine and busy, the customer taking part: automate on the scores; the word says a person stays
    calm = advise(step(ROUTINE, lane="customer", emotion=-1), **BUSY)
    assert calm["recommendation"] == "automate"
    upset = advise(step(ROUTINE, lane="customer", emotion=-1, feeling=feeling), **BUSY)
    assert upset["recommendation"] == "assist" and upset["assist_for"] == "empathy"
    word = feeling_state(feeling).word
    assert any(f"customers say they feel '{word}'" in r for r in upset["reasons"])
    assert any(f"Customers say they feel '{word}' here" in w for w in upset["warnings"])


def test_judgement_work_a_tool_could_prepare_is_assist_for_judgement() -> None:
    # a vet reviewing lab results: judgement (rule-based 2), varied cases (4), digital data (5), 15 staff hours
    review = step({"rule_based": 2, "digital_input": 5, "variability": 4, "empathy_need": 2, "data_sensitivity": 4},
                  lane="backstage", staff_minutes=15, staff_emotion=0)
    advice = advise(review, weekly_volume=60, staff_hours_per_week=15)
    # fit: 6.25 + 20 + 3.75 = 30, routine 1/3 × (volume 0.775 · 15 + staff time 15) ≈ 8.9: about 39, low;
    # risk: 10 (empathy) + 7.5 (data) = 17.5, low
    assert advice["fit"] < 60 and advice["empathy_risk"] == 17.5
    assert advice["recommendation"] == "assist" and advice["assist_for"] == "judgement"
    assert advice["reasons"][0].startswith("Assist, for judgement: a tool can prepare the work")
    paper = step({"rule_based": 2, "digital_input": 2, "variability": 4, "empathy_need": 2}, lane="backstage", staff_minutes=15)
    assert advise(paper, weekly_volume=60, staff_hours_per_week=15)["recommendation"] == "not-a-priority"


def test_assist_says_whether_the_map_has_a_way_to_a_person() -> None:
    kiosk = step({**ROUTINE, "empathy_need": 3, "data_sensitivity": 4}, lane="customer", emotion=-2, channel="kiosk")
    with_person = advise(kiosk, context=StepContext(weekly_volume=500, staff_hours_per_week=10, person_reachable=True))
    alone = advise(kiosk, context=StepContext(weekly_volume=500, staff_hours_per_week=10, person_reachable=False))
    assert with_person["recommendation"] == alone["recommendation"] == "assist"
    assert with_person["person_reachable"] is True and alone["person_reachable"] is False
    assert "The map has a way from here to a person, for the hand-off." in with_person["reasons"]
    assert any(r.startswith("Add a hand-off to a person") for r in alone["reasons"])
    assert any(w.startswith("No way to a person") for w in alone["warnings"])
    assert not any(w.startswith("No way to a person") for w in with_person["warnings"])


# --- monotone by construction ------------------------------------------------------------------


@st.composite
def touchpoints(draw: st.DrawFn) -> Touchpoint:
    traits = {name: draw(trait_values) for name in TRAITS}
    return step(traits, lane=draw(lanes), emotion=draw(emotions), feeling=draw(feelings), channel=draw(channels),
                staff_minutes=draw(st.one_of(st.none(), st.floats(0, 60))), friction=draw(st.integers(0, 10)))


@st.composite
def contexts(draw: st.DrawFn) -> StepContext:
    return StepContext(weekly_volume=draw(st.one_of(st.none(), st.floats(0, 1000))),
                       emotions_before=tuple(draw(st.lists(st.integers(-5, 5), max_size=3))),
                       end_share=draw(st.one_of(st.none(), st.floats(0, 1))), is_goal=draw(st.booleans()),
                       person_reachable=draw(st.booleans()), passes=draw(st.floats(1, 3)))


def _risk(touchpoint: Touchpoint, context: StepContext, **changes: Any) -> float:
    traits = {**(touchpoint.automation.model_dump() if touchpoint.automation else {}), **changes.pop("traits", {})}
    changed = touchpoint.model_copy(update={"automation": touchpoint.automation.model_copy(update=traits)
                                            if touchpoint.automation else None, **changes})
    return advise(changed, context=context)["empathy_risk"]


@given(touchpoints(), contexts(), st.integers(-5, 5), st.integers(-5, 5))
def test_a_more_negative_emotion_never_lowers_the_risk(touchpoint: Touchpoint, context: StepContext, a: int, b: int) -> None:
    worse, better = sorted((a, b))
    assert _risk(touchpoint, context, emotion=float(worse)) >= _risk(touchpoint, context, emotion=float(better))


@given(touchpoints(), contexts(), st.integers(0, 10), st.integers(0, 10))
def test_more_friction_never_lowers_the_risk(touchpoint: Touchpoint, context: StepContext, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert _risk(touchpoint, context, friction=float(high)) >= _risk(touchpoint, context, friction=float(low))


@given(touchpoints(), contexts(), st.sampled_from(["empathy_need", "data_sensitivity"]), st.integers(1, 5), st.integers(1, 5))
def test_more_empathy_need_or_data_sensitivity_never_lowers_the_risk(touchpoint: Touchpoint, context: StepContext,
                                                                   trait: str, a: int, b: int) -> None:
    if touchpoint.automation is None:  # traits to move: an empty set, every one unknown
        touchpoint = step({}, lane=touchpoint.lane, emotion=touchpoint.emotion, feeling=touchpoint.feeling,
                          channel=touchpoint.channel)
    low, high = sorted((a, b))
    assert _risk(touchpoint, context, traits={trait: high}) >= _risk(touchpoint, context, traits={trait: low})


@given(touchpoints(), contexts(), feelings, feelings)
def test_a_stronger_feeling_word_never_lowers_the_risk(touchpoint: Touchpoint, context: StepContext, a: str | None,
                                                      b: str | None) -> None:
    def level(word: str | None) -> float:
        state = feeling_state(word)
        return 0.0 if state is None else state.level

    weaker, stronger = sorted((a, b), key=level)
    assert _risk(touchpoint, context, feeling=stronger) >= _risk(touchpoint, context, feeling=weaker)


@given(touchpoints(), st.sampled_from(["rule_based", "digital_input"]), st.integers(1, 5), st.integers(1, 5),
       st.one_of(st.none(), st.floats(0, 10_000)), st.one_of(st.none(), st.floats(0, 1)))
def test_more_routine_work_never_lowers_the_fit(touchpoint: Touchpoint, trait: str, a: int, b: int, volume, staff_pain) -> None:
    low, high = sorted((a, b))
    fits = []
    for value in (low, high):
        traits = {**(touchpoint.automation.model_dump() if touchpoint.automation else {}), trait: value}
        changed = touchpoint.model_copy(update={"automation": type(touchpoint.automation or step({}).automation)(**traits)})
        fits.append(automation_fit(changed, weekly_volume=volume, staff_pain=staff_pain)[0])
    assert fits[1] >= fits[0]
    # and the same for less variability
    varied = [automation_fit(step({"variability": v, "rule_based": 3}), weekly_volume=volume)[0] for v in (high, low)]
    assert varied[1] >= varied[0]


@given(touchpoints(), contexts(), thresholds, thresholds)
def test_scores_stay_in_0_to_100_and_the_recommendation_follows_the_rules(touchpoint: Touchpoint, context: StepContext,
                                                                        ft: float, rt: float) -> None:
    advice = advise(touchpoint, context=context, fit_threshold=ft, risk_threshold=rt)
    assert 0 <= advice["fit"] <= 100 and 0 <= advice["empathy_risk"] <= 100
    empathy = touchpoint.automation.empathy_need if touchpoint.automation else None
    fit_high = advice["fit"] >= ft
    risk_high = advice["empathy_risk"] >= rt or empathy == 4
    state = feeling_state(touchpoint.feeling)
    limit = (touchpoint.emotion is not None and touchpoint.emotion <= -3) or (state is not None and state.level >= 0.6)
    if empathy == 5:
        expected = {"keep-human"}
    elif fit_high:
        expected = {"assist"} if risk_high or limit else {"automate"}
    elif risk_high:
        expected = {"keep-human"}
    else:
        expected = {"not-a-priority", "assist"}  # assist only for judgement work
    assert advice["recommendation"] in expected
    assert (advice["assist_for"] is not None) == (advice["recommendation"] == "assist")
    if advice["recommendation"] not in ("automate", "assist"):
        assert advice["warnings"] == []  # the traps are what a machine could do: none when a person stays


# --- reasons ------------------------------------------------------------------------------


def test_missing_traits_are_scored_as_unknown_and_named_with_their_points() -> None:
    advice = advise(step({"rule_based": 5}, lane="backstage"))
    assert advice["missing_traits"] == ["digital_input", "variability", "empathy_need", "data_sensitivity"]
    assert advice["fit_parts"]["digital_input"] == 0  # no credit for the unknown
    assert advice["risk_parts"]["empathy_need"] == 20  # half of 40
    assert ("Not scored yet: digital input (+0 fit), variability (+0 fit), empathy need (+20 risk, counted as half), "
            "data sensitivity (+5 risk, counted as half).") in " ".join(advice["reasons"])
    assert advise(step(None))["missing_traits"] == list(TRAITS)


@given(touchpoints(), contexts())
def test_every_part_of_5_points_or_more_is_named_with_its_points(touchpoint: Touchpoint, context: StepContext) -> None:
    advice = advise(touchpoint, context=context)
    text = " ".join(advice["reasons"])
    for kind, parts in (("fit", advice["fit_parts"]), ("risk", advice["risk_parts"])):
        for name, points in parts.items():
            if points >= 5:
                assert f"+{points:.0f} {kind}" in text, (name, points, advice["reasons"])


def test_reasons_lead_with_the_recommendation_then_what_decided_it() -> None:
    human = advise(step({"rule_based": 1, "digital_input": 1, "variability": 5, "empathy_need": 5, "data_sensitivity": 5},
                        lane="frontstage", emotion=-4, feeling="scared"))
    assert human["reasons"][0].startswith("Keep it human")
    assert human["reasons"][1].startswith("Feeling work (empathy need 5 of 5) stays with a person in every lane")
    assert human["reasons"][2] == "Customers need a person here (empathy need 5 of 5): +40 risk."
    assert "Customers feel -4 (scared) here: +16 risk." in human["reasons"]
    middle = advise(step({"rule_based": 3, "digital_input": 3, "variability": 3, "empathy_need": 3, "data_sensitivity": 3}))
    # traits at the middle value are named too: 12.5, 10, 7.5 fit; 20, 5 risk
    for sentence in ("(rule-based 3 of 5): +12 fit", "(digital input 3 of 5): +10 fit", "(variability 3 of 5): +8 fit",
                     "(empathy need 3 of 5): +20 risk", "(data sensitivity 3 of 5): +5 risk"):
        assert sentence in " ".join(middle["reasons"])


# --- firmness -------------------------------------------------------------------------------


def test_a_step_one_trait_away_from_other_advice_is_borderline_and_says_which() -> None:
    # fit 70 (automate); with empathy need 4 it counts as high risk: assist
    booking = step({"rule_based": 5, "digital_input": 5, "variability": 2, "empathy_need": 3, "data_sensitivity": 1},
                   lane="backstage")
    advice = advise(booking, weekly_volume=500, staff_hours_per_week=10)
    firmness = advice["firmness"]
    assert advice["recommendation"] == "automate" and firmness["borderline"]
    assert {"input": "empathy_need", "value": 4, "recommendation": "assist",
            "text": "with empathy need 4 it would be assist"} in firmness["changes"]
    assert firmness["text"].startswith("Borderline: ") and "with empathy need 4 it would be assist" in firmness["text"]
    assert all(change["recommendation"] != "automate" for change in firmness["changes"])


def test_a_step_far_from_every_threshold_is_firm() -> None:
    advice = advise(routine_backstage(), weekly_volume=150, staff_hours_per_week=25, staff_pain=0.58)
    assert advice["firmness"] == {
        "borderline": False, "changes": [],
        "text": "Firm: no one-step change of a trait, the emotion or the friction changes this advice."}


def test_the_emotion_and_the_friction_are_moved_too() -> None:
    at_minus_1 = step({"rule_based": 1, "digital_input": 1, "variability": 5, "empathy_need": 3, "data_sensitivity": 1},
                      lane="customer", emotion=-1)
    context = StepContext(emotions_before=(2.0,))
    # customers arrive from +2. At −1: 20 (empathy 3) + 4 (distress 1/5 · 20) + 15 (customer lane) + 8 (a drop
    # of 3: a moment of truth) = 47, not a priority; at −2: 20 + 8 + 15 + 8 = 51, keep human
    advice = advise(at_minus_1, context=context)
    assert advice["empathy_risk"] == 47 and advice["recommendation"] == "not-a-priority"
    assert {"input": "emotion", "value": -2.0, "recommendation": "keep-human",
            "text": "with the customer feeling -2 it would be keep human"} in advice["firmness"]["changes"]
    # friction moves the staff pain, which weighs in the fit: a routine chore on the edge of 60
    chore = step({"rule_based": 5, "digital_input": 5, "variability": 3, "empathy_need": 1, "data_sensitivity": 1},
                 lane="backstage", staff_emotion=-2, friction=5)
    moved = advise(chore, context=StepContext(staff_pain=0.7, reach=1.0))
    # fit: 25 + 20 + 7.5 + routine 0.833 × (volume 1 · 15 + staff pain 0.7 · 10) = 52.5 + 18.33 = 70.8
    assert moved["fit"] == pytest.approx(70.8, abs=0.05)
    assert all(change["input"] != "friction" for change in moved["firmness"]["changes"])  # ±1 friction: 67–74, still automate
