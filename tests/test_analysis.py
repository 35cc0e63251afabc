"""``analyze``: the §5 shape, journey-level figures by hand, and the advice on every sample journey."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from journeymap import analyze, load, to_graph
from journeymap.errors import JourneyFileError
from journeymap.model import LANES, TRAITS, Journey
from journeymap.reports.text import format_report

from .journeys import make

SAMPLES = Path(__file__).resolve().parent.parent / "sample_journeys"

JOURNEY_KEYS = {"title", "completion", "remembered_experience", "staff_hours_per_week",
                "automatable_staff_hours_per_week", "notes"}
TOUCHPOINT_KEYS = {"id", "name", "stage", "lane", "expected_visits", "reach", "exit", "drop_off", "weekly_volume",
                   "staff_hours_per_week", "pain", "staff_pain", "pain_rank", "is_pain_point", "automation"}
AUTOMATION_KEYS = {"fit", "empathy_risk", "recommendation", "reasons", "warnings"}


ROUTINE = {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1, "data_sensitivity": 1}


@pytest.fixture
def small() -> Journey:
    """Booking with a reminder (automatable), a worried visit (human) and a routine check-out (assist)."""
    return make(
        [
            {"id": "book", "emotion": 1, "entry_share": 1},
            {"id": "remind", "lane": "backstage", "staff_minutes": 6, "automation": ROUTINE},
            {"id": "visit", "lane": "frontstage", "emotion": -4, "friction": 3, "staff_minutes": 30,
             "automation": {"rule_based": 1, "digital_input": 1, "variability": 5, "empathy_need": 5, "data_sensitivity": 5}},
            {"id": "pay", "lane": "frontstage", "emotion": 2, "staff_minutes": 12, "goal": True,
             "automation": {**ROUTINE, "empathy_need": 3, "data_sensitivity": 5}},
        ],
        [
            {"from": "book", "to": "remind"},
            {"from": "remind", "to": "visit", "share": 0.9},
            {"from": "visit", "to": "pay"},
        ],
        customers_per_week=100,
    )


def test_shape_is_the_section_5_object(small: Journey) -> None:
    result = analyze(small)
    assert set(result) >= {"journey", "touchpoints", "moments_of_truth", "paths"}
    assert set(result["journey"]) >= JOURNEY_KEYS
    assert [tp["id"] for tp in result["touchpoints"]] == ["book", "remind", "visit", "pay"]
    for row in result["touchpoints"]:
        assert set(row) >= TOUCHPOINT_KEYS
        assert set(row["automation"]) >= AUTOMATION_KEYS
        assert isinstance(row["pain_reason"], str) and row["pain_reason"]
    for moment in result["moments_of_truth"]:
        assert set(moment) == {"from", "to", "emotion_change"}
    for path in result["paths"]:
        assert set(path) == {"steps", "probability", "remembered_experience"}
    json.dumps(result, allow_nan=False)  # plain JSON, no NaN


def test_journey_figures_by_hand(small: Journey) -> None:
    result = analyze(small)
    journey = result["journey"]
    rows = {row["id"]: row for row in result["touchpoints"]}
    assert journey["completion"] == pytest.approx(0.9)
    # staff hours: remind 100 × 6/60 = 10, visit 90 × 30/60 = 45, pay 90 × 12/60 = 18
    assert [rows[i]["staff_hours_per_week"] for i in ("remind", "visit", "pay")] == pytest.approx([10, 45, 18])
    assert journey["staff_hours_per_week"] == pytest.approx(73)
    assert rows["remind"]["automation"]["recommendation"] == "automate"
    assert rows["visit"]["automation"]["recommendation"] == "keep-human"
    assert rows["pay"]["automation"]["recommendation"] == "assist"
    # automatable: all of the automated reminder, half of the assisted check-out
    assert journey["automatable_staff_hours_per_week"] == pytest.approx(10 + 0.5 * 18)
    # one path, book → remind → visit → pay (0.9): peak −4, end +2 → −1; 10% leave after the reminder
    assert result["paths"][0] == {"steps": ["book", "remind", "visit", "pay"], "probability": pytest.approx(0.9),
                                  "remembered_experience": pytest.approx(-1.0)}
    assert result["paths"][1]["steps"] == ["book", "remind"]
    assert result["paths"][1]["remembered_experience"] == pytest.approx(1.0)
    assert journey["remembered_experience"] == pytest.approx(0.9 * -1 + 0.1 * 1)
    # the visit: friction 3, feels −4 → 1 − 0.7 × 0.2 = 0.86, reached by 90% → × 0.95
    assert rows["visit"]["pain"] == pytest.approx(0.86 * 0.95)
    assert rows["visit"]["pain_rank"] == 1 and rows["visit"]["is_pain_point"]
    assert rows["remind"]["pain_rank"] is None and not rows["remind"]["is_pain_point"]
    assert result["moments_of_truth"] == [{"from": "visit", "to": "pay", "emotion_change": 6.0}]


def test_pay_is_a_journey_end_and_a_high_point_and_says_so(small: Journey) -> None:
    pay = analyze(small)["touchpoints"][3]["automation"]
    # customers arrive from the visit at −4 and feel +2 here: a lift of 6, a high point, not a drop
    assert pay["risk_parts"]["journey_end"] == 7 and pay["risk_parts"]["moment_of_truth"] == 0
    assert any("remember the end" in w for w in pay["warnings"])
    assert any("It is a high point (the customer's emotion lifts by 6 on the way in)" in w for w in pay["warnings"])


def test_thresholds_change_the_advice_and_are_checked(small: Journey) -> None:
    strict = analyze(small, fit_threshold=100)
    assert all(row["automation"]["recommendation"] != "automate" for row in strict["touchpoints"])
    assert strict["journey"]["thresholds"]["fit"] == 100
    for bad in (-1, 100.5, math.nan):
        with pytest.raises(ValueError):
            analyze(small, fit_threshold=bad)
        with pytest.raises(ValueError):
            analyze(small, risk_threshold=bad)


def test_max_paths_limits_the_paths(small: Journey) -> None:
    assert len(analyze(small, max_paths=1)["paths"]) == 1
    assert analyze(small, max_paths=0)["paths"] == []


def test_a_graph_gives_the_same_analysis(small: Journey) -> None:
    assert analyze(to_graph(small)) == analyze(small)


def test_unknowns_are_null_and_said() -> None:
    journey = make([{"id": "a", "staff_minutes": 5}, {"id": "b"}], [])
    result = analyze(journey)
    assert result["journey"]["completion"] is None
    assert result["journey"]["staff_hours_per_week"] is None
    assert result["journey"]["automatable_staff_hours_per_week"] is None
    assert result["journey"]["remembered_experience"] is None
    assert result["touchpoints"][0]["exit"] is None and result["touchpoints"][0]["weekly_volume"] is None
    notes = " ".join(result["journey"]["notes"])
    assert "no flow connections" in notes and "customers_per_week is not given" in notes
    json.dumps(result, allow_nan=False)


# --- the sample journeys, read as a service designer would --------------------------------------

EXPECTATIONS: dict[str, dict[str, set[str]]] = {
    # file: {recommendation: step ids that must get it}; "not automate" lists steps a machine must not take
    "diner.json": {
        "automate": {"stock_count", "cash_up", "order_system", "payments"},
        "keep-human": {"greeted", "refill_chat", "leaves_happy", "card_declined", "server_checks_in"},
        "not automate": {"orders_usual", "cook_line", "regulars_book", "waitress_takes_order"},
    },
    "dental_clinic.json": {
        "automate": {"reminder_sms", "claim_submission", "insurance_check", "booking_system"},
        "keep-human": {"bad_news", "treatment", "hygienist_intro", "gentle_call", "waiting_room"},
        "not automate": {"health_forms", "checkout", "payment_plan"},
    },
    "bike_repair.json": {
        "automate": {"ready_sms", "pos_invoice", "service_reminder", "repair_ticket", "order_parts"},
        "keep-human": {"walkthrough", "still_clicking", "quote_call"},
        "not automate": {"diagnosis", "repair_work", "intake_chat"},
    },
    "insurance_claim.json": {
        "automate": {"fnol_submission", "secure_upload", "status_updates", "policy_lookup"},
        "keep-human": {"listens_first", "partial_or_denied", "calls_broker", "checkin_call"},
        "not automate": {"appeal", "emergency_steps", "claim_approved"},
    },
    "online_bakery.json": {
        "automate": {"ingredient_order", "allergen_label", "review_email", "payment_processor"},
        "keep-human": {"cake_damaged", "sorry_call", "allergy_chat"},
        "not automate": {"decorates_cake", "hana_reviews", "date_full"},
    },
    "yoga_membership.json": {
        "automate": {"class_reminder", "waitlist_promotion", "trial_confirmation"},
        "keep-human": {"welcome_desk", "cancel_chat", "teacher_checkin", "first_class"},
        "not automate": {"waitlisted", "mat_cleaning", "teacher_prep"},
    },
}


def sample_result(name: str) -> dict[str, Any]:
    path = SAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not in sample_journeys/")
    return analyze(load(path))


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_sample_advice_makes_sense(name: str) -> None:
    result = sample_result(name)
    advice = {row["id"]: row["automation"]["recommendation"] for row in result["touchpoints"]}
    for recommendation, ids in EXPECTATIONS[name].items():
        for touchpoint_id in ids:
            assert touchpoint_id in advice, f"{touchpoint_id} is no longer in {name}"
            if recommendation == "not automate":
                assert advice[touchpoint_id] != "automate", (name, touchpoint_id)
            else:
                assert advice[touchpoint_id] == recommendation, (name, touchpoint_id, advice[touchpoint_id])


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_sample_figures_hold_together(name: str) -> None:
    result = sample_result(name)
    journey = result["journey"]
    rows = result["touchpoints"]
    assert sum(row["exit"] for row in rows if row["exit"] is not None) == pytest.approx(1.0)
    assert 0 < journey["completion"] <= 1
    assert -5 <= journey["remembered_experience"] <= 5
    assert 0 <= journey["automatable_staff_hours_per_week"] <= journey["staff_hours_per_week"]
    assert any(row["is_pain_point"] for row in rows)
    assert result["moments_of_truth"] and result["paths"]
    assert result["moments_of_truth"][0]["emotion_change"] < 0  # the largest drop comes first
    for row in rows:
        assert 0 <= row["pain"] <= 1 and 0 <= row["reach"] <= 1
    json.dumps(result, allow_nan=False)


# --- any valid journey ------------------------------------------------------------------------------

@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    n = draw(st.integers(1, 8))
    maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731
    touchpoints = [
        {
            "id": f"t{i}",
            "lane": draw(st.sampled_from(LANES)),
            "emotion": draw(maybe(st.integers(-5, 5))),
            "staff_emotion": draw(maybe(st.integers(-5, 5))),
            "friction": draw(st.integers(0, 10)),
            "staff_minutes": draw(maybe(st.integers(0, 60))),
            "goal": draw(st.booleans()),
            "automation": {name: draw(st.integers(1, 5)) for name in TRAITS if draw(st.booleans())},
        }
        for i in range(n)
    ]
    for tp in touchpoints:
        for key in [key for key, value in tp.items() if value is None]:
            del tp[key]
    connections = []
    for i in range(n):
        for j in draw(st.lists(st.integers(0, n - 1).filter(lambda j, i=i: j != i), max_size=2, unique=True)):
            kind = draw(st.sampled_from(["flow", "flow", "support"]))
            connection = {"from": f"t{i}", "to": f"t{j}", "kind": kind}
            if kind == "flow" and draw(st.booleans()):
                connection["share"] = draw(st.sampled_from([0.0, 0.2, 0.45]))
            connections.append(connection)
    try:
        return make(touchpoints, connections, customers_per_week=draw(maybe(st.integers(0, 1000))))
    except JourneyFileError:
        assume(False)  # e.g. a loop nobody can leave
        raise


@settings(max_examples=150, suppress_health_check=[HealthCheck.filter_too_much])
@given(journeys(), st.floats(0, 100), st.floats(0, 100))
def test_any_valid_journey_analyses_to_plain_json(journey: Journey, fit_threshold: float, risk_threshold: float) -> None:
    result = analyze(journey, fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    exits = [row["exit"] for row in result["touchpoints"] if row["exit"] is not None]
    if exits:
        assert sum(exits) == pytest.approx(1.0)
    for row in result["touchpoints"]:
        assert 0 <= row["pain"] <= 1
        assert row["automation"]["recommendation"] in {"automate", "assist", "keep-human", "not-a-priority"}
        assert row["automation"]["reasons"]
    hours, automatable = result["journey"]["staff_hours_per_week"], result["journey"]["automatable_staff_hours_per_week"]
    if hours is not None:
        assert 0 <= automatable <= hours + 1e-9
    report = format_report(result)  # the workshop report copes with every such journey too
    assert report.startswith("Test\n") and "Automation advice" in report
