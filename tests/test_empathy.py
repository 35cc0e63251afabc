"""Pain, moments of truth, most probable paths and peak–end, with figures computed by hand."""

from __future__ import annotations


import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeymap.analysis.empathy import (
    MAX_VISITS_PER_STEP,
    PAIN_POINT_THRESHOLD,
    moments_of_truth,
    most_probable_paths,
    pain,
    pain_ranks,
    pain_reason,
    pain_score,
    peak_end,
    remembered_experience,
    staff_pain,
)
from journeymap.model import Touchpoint

from .journeys import make


frictions = st.floats(min_value=0, max_value=10)
emotions = st.one_of(st.none(), st.floats(min_value=-5, max_value=5))
reaches = st.floats(min_value=0, max_value=1)


# --- pain ----------------------------------------------------------------------------------------


def test_pain_formula_by_hand() -> None:
    # intensity = 1 − (1 − friction/10)(1 − max(0, −emotion)/5); weight = ½ + ½·reach
    assert pain_score(0, 0, 1) == 0.0
    assert pain_score(0, 3, 1) == 0.0
    assert pain_score(10, 2, 1) == 1.0
    assert pain_score(0, -5, 1) == 1.0
    assert pain_score(2, -1, 1) == pytest.approx(1 - 0.8 * 0.8)  # 0.36
    assert pain_score(2, -1, 0.5) == pytest.approx(0.36 * 0.75)
    assert pain_score(4, None, 1) == pytest.approx(0.4)  # unknown emotion counts as neutral


@given(frictions, emotions, reaches)
def test_frictionless_step_with_emotion_not_negative_has_no_pain(friction: float, emotion: float | None, r: float) -> None:
    if emotion is None or emotion >= 0:
        assert pain_score(0, emotion, r) == 0
    assert 0 <= pain_score(friction, emotion, r) <= 1


@given(frictions, frictions, emotions, reaches)
def test_raising_friction_never_lowers_pain(f1: float, f2: float, emotion: float | None, r: float) -> None:
    low, high = sorted((f1, f2))
    assert pain_score(high, emotion, r) >= pain_score(low, emotion, r)


@given(frictions, st.floats(-5, 5), st.floats(-5, 5), reaches)
def test_lowering_emotion_never_lowers_pain(friction: float, e1: float, e2: float, r: float) -> None:
    low, high = sorted((e1, e2))
    assert pain_score(friction, low, r) >= pain_score(friction, high, r)


@given(frictions, emotions, reaches, reaches)
def test_more_reach_never_lowers_pain(friction: float, emotion: float | None, r1: float, r2: float) -> None:
    low, high = sorted((r1, r2))
    assert pain_score(friction, emotion, high) >= pain_score(friction, emotion, low)


@given(st.integers(0, 10), st.integers(0, 10), st.integers(-5, 5), st.integers(-5, 5))
def test_raising_friction_or_lowering_emotion_in_a_journey_never_lowers_its_pain(
    f1: int, f2: int, e1: int, e2: int
) -> None:
    def step_pain(friction: int, emotion: int) -> float:
        journey = make(
            [{"id": "a"}, {"id": "b", "friction": friction, "emotion": emotion}],
            [{"from": "a", "to": "b", "share": 0.7}],
        )
        return pain(journey)["b"]

    assert step_pain(max(f1, f2), min(e1, e2)) >= step_pain(min(f1, f2), max(e1, e2))


def test_pain_uses_reach_and_staff_pain_uses_staff_emotion() -> None:
    journey = make(
        [{"id": "a", "emotion": -5}, {"id": "b", "friction": 10, "staff_emotion": 0}, {"id": "c", "friction": 5}],
        [{"from": "a", "to": "b", "share": 0.5}],
        customers_per_week=10,
    )
    # reach: a 1, b 0.5; c is outside the flow (reach 0, half weight)
    assert pain(journey) == {"a": 1.0, "b": pytest.approx(0.75), "c": pytest.approx(0.25)}
    assert staff_pain(journey) == {"a": None, "b": pytest.approx(0.75), "c": None}


def test_pain_ranks_worst_first_ties_share_a_rank_and_zero_has_none() -> None:
    assert pain_ranks([0.0, 0.5, 0.9, 0.5, 0.1]) == [None, 2, 1, 2, 4]
    assert pain_ranks([]) == []


def test_pain_reason_says_what_hurts_and_whether_it_is_a_pain_point() -> None:
    step = Touchpoint(id="q", name="Queue", stage="s", friction=6, emotion=-2, feeling="impatient")
    reason = pain_reason(step, pain_score(6, -2, 0.5), 0.5)  # (1 − 0.4 × 0.6) × 0.75 = 0.57
    assert reason.startswith("Pain 0.57, a pain point: customers feel -2 (impatient) and meet friction 6 of 10")
    assert "50% of customers reach this step" in reason
    mild = Touchpoint(id="m", name="Mild", stage="s", friction=1, emotion=2)
    assert "below the pain-point line" in pain_reason(mild, pain_score(1, 2, 1), 1)
    assert pain_score(1, 2, 1) < PAIN_POINT_THRESHOLD
    unknown = Touchpoint(id="u", name="Unknown", stage="s", friction=5)
    assert "not recorded" in pain_reason(unknown, pain_score(5, None, 1), 1)


# --- moments of truth --------------------------------------------------------------------------


def test_moments_of_truth_drops_first_then_rises_and_small_changes_left_out() -> None:
    journey = make(
        [{"id": "a", "emotion": 3}, {"id": "b", "emotion": 1}, {"id": "c", "emotion": -4},
         {"id": "d", "emotion": 4}, {"id": "e", "emotion": 5}, {"id": "f"}, {"id": "g", "emotion": -5}],
        [
            {"from": "a", "to": "b"},  # −2
            {"from": "b", "to": "c"},  # −5
            {"from": "c", "to": "d"},  # +8
            {"from": "d", "to": "e"},  # +1: too small
            {"from": "e", "to": "f"},  # f has no emotion
            {"from": "a", "to": "g", "share": 0},  # nobody takes it
        ],
    )
    assert moments_of_truth(journey) == [
        {"from": "b", "to": "c", "emotion_change": -5.0},
        {"from": "a", "to": "b", "emotion_change": -2.0},
        {"from": "c", "to": "d", "emotion_change": 8.0},
    ]
    assert moments_of_truth(journey, limit=1) == [{"from": "b", "to": "c", "emotion_change": -5.0}]


def test_support_connections_are_not_moments_of_truth() -> None:
    journey = make([{"id": "a", "emotion": 4}, {"id": "b", "emotion": -4}], [{"from": "a", "to": "b", "kind": "support"}])
    assert moments_of_truth(journey) == []


# --- paths -------------------------------------------------------------------------------------


def test_paths_of_a_retry_loop_most_probable_first_with_repeats_capped() -> None:
    journey = make(
        [{"id": "start"}, {"id": "call"}, {"id": "hold"}, {"id": "talk", "goal": True}],
        [
            {"from": "start", "to": "call", "share": 0.9},
            {"from": "call", "to": "hold"},
            {"from": "hold", "to": "call", "share": 0.5},
            {"from": "hold", "to": "talk", "share": 0.3},
        ],
    )
    paths = most_probable_paths(journey, max_paths=20)
    loop = ["call", "hold"]
    expected = [
        (["start", *loop, "talk"], 0.9 * 0.3),  # 0.27
        (["start", *loop], 0.9 * 0.2),  # 0.18: gives up on hold
        (["start", *loop, *loop, "talk"], 0.9 * 0.5 * 0.3),  # 0.135
        (["start"], 0.1),
        (["start", *loop, *loop], 0.9 * 0.5 * 0.2),  # 0.09
        (["start", *loop, *loop, *loop, "talk"], 0.9 * 0.25 * 0.3),  # 0.0675
        (["start", *loop, *loop, *loop], 0.9 * 0.25 * 0.2),  # 0.045
    ]
    assert MAX_VISITS_PER_STEP == 3  # a fourth call is never listed
    assert [p["steps"] for p in paths] == [steps for steps, _ in expected]
    assert [p["probability"] for p in paths] == pytest.approx([prob for _, prob in expected])
    assert [p["steps"] for p in most_probable_paths(journey, max_paths=2)] == [expected[0][0], expected[1][0]]


def test_paths_found_in_a_long_journey_without_listing_them_all() -> None:
    # 40 two-way branches that rejoin: 2**40 paths; the most probable takes the 0.6 side each time
    touchpoints, connections = [{"id": "j0"}], []
    for k in range(40):
        a, b, join = f"a{k}", f"b{k}", f"j{k + 1}"
        touchpoints += [{"id": a}, {"id": b}, {"id": join}]
        connections += [
            {"from": f"j{k}", "to": a, "share": 0.6},
            {"from": f"j{k}", "to": b, "share": 0.4},
            {"from": a, "to": join},
            {"from": b, "to": join},
        ]
    paths = most_probable_paths(make(touchpoints, connections), max_paths=3)
    assert paths[0]["probability"] == pytest.approx(0.6**40)
    assert all(f"a{k}" in paths[0]["steps"] for k in range(40))
    assert [p["probability"] for p in paths[1:]] == pytest.approx([0.6**39 * 0.4] * 2)


def test_no_paths_without_flow() -> None:
    assert most_probable_paths(make([{"id": "a"}], [])) == []


# --- peak–end ------------------------------------------------------------------------------------


def test_peak_end_peak_of_largest_magnitude_negative_on_ties_and_last_recorded_end() -> None:
    assert peak_end([2, 5, -1]) == pytest.approx(2.0)  # (5 + −1) / 2
    assert peak_end([4, -4, 3]) == pytest.approx(-0.5)  # tie: −4 is the peak
    assert peak_end([-2, 1, None]) == pytest.approx(-0.5)  # end = 1, the last recorded
    assert peak_end([]) is None


def test_remembered_experience_weights_paths_by_probability() -> None:
    journey = make(
        [{"id": "in", "emotion": 0}, {"id": "good", "emotion": 4}, {"id": "bad", "emotion": -2}],
        [{"from": "in", "to": "good", "share": 0.75}, {"from": "in", "to": "bad", "share": 0.25}],
    )
    # good path: peak 4, end 4 → 4; bad path: peak −2, end −2 → −2
    assert remembered_experience(journey) == pytest.approx(0.75 * 4 + 0.25 * -2)
    # over the given paths only (here the best one), the rest taken to remember it alike
    notes: list[str] = []
    only_best = most_probable_paths(journey, max_paths=1)
    assert remembered_experience(journey, only_best, notes=notes) == pytest.approx(4.0)
    assert "paths given cover 75% of customers" in notes[0]
