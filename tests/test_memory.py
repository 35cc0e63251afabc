"""The exact remembered experience: worked out by hand, then against enumerating the paths."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.analysis import analyze
from journeymap.analysis.empathy import moments_of_truth, peak_end
from journeymap.analysis.memory import expected_peak_end
from journeymap.model import Journey, effective_shares

from .journeys import make


# --- worked out by hand ----------------------------------------------------------------------


def test_a_branch_that_rejoins_with_a_tie_for_the_peak() -> None:
    # in(+1) → a(−3) 0.6 → end(+3); in → b(+2) 0.4 → end 0.5, half of b's customers leave at b.
    # in,a,end 0.6: peak −3 (tie with +3: the negative one), end +3 → 0
    # in,b,end 0.2: peak +3, end +3 → 3;  in,b 0.2: peak +2, end +2 → 2
    journey = make(
        [{"id": "in", "emotion": 1}, {"id": "a", "emotion": -3}, {"id": "b", "emotion": 2}, {"id": "end", "emotion": 3}],
        [{"from": "in", "to": "a", "share": 0.6}, {"from": "in", "to": "b", "share": 0.4},
         {"from": "a", "to": "end"}, {"from": "b", "to": "end", "share": 0.5}],
    )
    assert expected_peak_end(journey) == pytest.approx(0.6 * 0 + 0.2 * 3 + 0.2 * 2)


def test_a_retry_loop_whose_retry_step_is_the_strongest_the_geometric_series() -> None:
    # call(+1) → hold(−1); hold → again(−5) 0.4 → hold; hold → talk(+3) 0.5; 0.1 give up on hold.
    # With k retries (chance 0.4^k): k = 0 → talk 0.5: peak +3, end +3 → 3; give up 0.1: peak −1
    # (tie with +1), end −1 → −1. k ≥ 1 (Σ 0.4^k = 0.4/0.6 = 2/3): peak −5; talk 0.5 × 2/3 = 1/3:
    # (−5 + 3)/2 = −1; give up 0.1 × 2/3 = 1/15: (−5 − 1)/2 = −3.
    # 1.5 − 0.1 − 1/3 − 1/5 = 13/15
    journey = make(
        [{"id": "call", "emotion": 1}, {"id": "hold", "emotion": -1}, {"id": "again", "emotion": -5},
         {"id": "talk", "emotion": 3}],
        [{"from": "call", "to": "hold"}, {"from": "hold", "to": "again", "share": 0.4},
         {"from": "again", "to": "hold"}, {"from": "hold", "to": "talk", "share": 0.5}],
    )
    assert expected_peak_end(journey) == pytest.approx(13 / 15, abs=1e-12)


def test_a_path_ending_at_a_step_without_emotion_remembers_the_last_recorded() -> None:
    # a(+2) → b(none) 0.5; a → c(−4) 0.5 → b. a,b: peak 2, end 2 → 2; a,c,b: −4, −4 → −4.
    journey = make(
        [{"id": "a", "emotion": 2}, {"id": "b"}, {"id": "c", "emotion": -4}],
        [{"from": "a", "to": "b", "share": 0.5}, {"from": "a", "to": "c", "share": 0.5}, {"from": "c", "to": "b"}],
    )
    assert expected_peak_end(journey) == pytest.approx(0.5 * 2 + 0.5 * -4)


def test_paths_without_a_recorded_emotion_are_left_out() -> None:
    # x(none) → y(none) 0.5 and → z(+4) 0.5: only x,z has an emotion, so the journey's is 4.
    journey = make([{"id": "x"}, {"id": "y"}, {"id": "z", "emotion": 4}],
                   [{"from": "x", "to": "y", "share": 0.5}, {"from": "x", "to": "z", "share": 0.5}])
    assert expected_peak_end(journey) == pytest.approx(4.0)


def test_no_recorded_emotion_on_any_path_or_no_flow_is_unknown() -> None:
    # the only emotion is on a step nobody reaches (outside the flow)
    journey = make([{"id": "x"}, {"id": "y"}, {"id": "aside", "emotion": 3}], [{"from": "x", "to": "y"}])
    assert expected_peak_end(journey) is None
    assert expected_peak_end(make([{"id": "a", "emotion": 2}, {"id": "b", "emotion": 1}], [])) is None


def test_support_steps_are_not_on_the_path() -> None:
    # the support step's −5 is no customer's moment: a(+1) → b(+2) → 2 (peak 2, end 2) for everyone
    journey = make([{"id": "a", "emotion": 1}, {"id": "b", "emotion": 2}, {"id": "crm", "emotion": -5}],
                   [{"from": "a", "to": "b"}, {"from": "a", "to": "crm", "kind": "support"}])
    assert expected_peak_end(journey) == pytest.approx(2.0)


# --- against enumerating the paths -----------------------------------------------------------

halves = st.one_of(st.none(), st.integers(min_value=-10, max_value=10).map(lambda h: h / 2))


@st.composite
def journey_parts(draw: Any, back_edges: bool, most: int = 5) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Touchpoints and connections of 2–``most`` steps: forward connections (i → j > i) and, if
    ``back_edges``, a few weak ones back. Every step keeps at least a tenth of its customers
    leaving, so no loop traps anyone.
    """
    n = draw(st.integers(min_value=2, max_value=most))
    touchpoints = [{"id": f"s{i}", "emotion": draw(halves)} for i in range(n)]
    touchpoints[0]["entry_share"] = 1.0
    if n > 2 and draw(st.booleans()):
        touchpoints[1]["entry_share"] = draw(st.sampled_from([0.25, 0.5, 1.0]))
    connections = []
    for i in range(n):
        pairs = [j for j in range(n) if j > i or (back_edges and j < i)]
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2 if back_edges else 3)) if pairs else []
        room = 0.9
        for j in chosen:
            top = 0.2 if j < i else room
            share = draw(st.floats(min_value=0.05, max_value=max(0.05, top))) if room >= 0.05 else 0.0
            share = min(share, room)
            room -= share
            if share > 0:
                connections.append({"from": f"s{i}", "to": f"s{j}", "share": round(share, 3)})
    return touchpoints, connections


def small_journeys(back_edges: bool) -> st.SearchStrategy[Journey]:
    """2–5 steps (2–4 with loops, so that enumerating their paths stays quick)."""
    return journey_parts(back_edges, most=4 if back_edges else 5).map(lambda parts: make(*parts))


def enumerated(journey: Journey, max_steps: int) -> tuple[float, float, float]:
    """Σ probability × peak–end over paths with an emotion, their total probability, and the mass cut off."""
    shares = effective_shares(journey)
    emotion = {tp.id: tp.emotion for tp in journey.touchpoints}
    given_entries = {tp.id: tp.entry_share for tp in journey.touchpoints if tp.entry_share}
    total = sum(given_entries.values())
    weighted = recorded = cut = 0.0
    stack = [([i], share / total) for i, share in given_entries.items()]
    while stack:
        steps, probability = stack.pop()
        out = shares.get(steps[-1], {})
        leave = max(0.0, 1.0 - sum(out.values()))
        value = peak_end([emotion[i] for i in steps])
        if leave > 1e-12 and value is not None:
            weighted += probability * leave * value
            recorded += probability * leave
        if len(steps) >= max_steps or probability < 1e-13:  # too long, or too rare to matter
            cut += probability * (1 - leave)
            continue
        stack.extend((steps + [j], probability * share) for j, share in out.items() if share > 0)
    return weighted, recorded, cut


@settings(max_examples=150)
@given(small_journeys(back_edges=False))
def test_equals_the_mean_over_all_paths_of_an_acyclic_journey(journey: Journey) -> None:
    weighted, recorded, _ = enumerated(journey, max_steps=10)
    exact = expected_peak_end(journey)
    if not journey.connections:  # no flow: no paths, so no remembered experience
        assert exact is None
    elif recorded <= 0:
        assert exact is None
    else:
        assert exact == pytest.approx(weighted / recorded, abs=1e-9)


@settings(max_examples=60)
@given(small_journeys(back_edges=True))
def test_equals_the_mean_over_paths_up_to_30_steps_of_a_looped_journey(journey: Journey) -> None:
    weighted, recorded, cut = enumerated(journey, max_steps=30)
    exact = expected_peak_end(journey)
    if not journey.connections or recorded <= 0:
        assert exact is None
        return
    # the paths longer than 30 steps carry `cut` of the customers, each remembering at most ±5;
    # going back costs at most 0.2 a time, so `cut` is tiny and the bound holds to 1e-9
    assert exact == pytest.approx(weighted / recorded, abs=1e-9 + 10 * cut / recorded)
    assert cut < 1e-6


# --- what the file order and the way steps are cut up do not change --------------------------


@settings(max_examples=60)
@given(journey_parts(back_edges=True, most=7), st.randoms(use_true_random=False), st.data())
def test_shuffling_the_file_changes_neither_the_moments_nor_the_remembered_experience(
    parts: tuple[list[dict[str, Any]], list[dict[str, Any]]], rng: Any, data: Any
) -> None:
    touchpoints, connections = parts
    for tp in touchpoints:  # few values, so that equal changes (ties) are common
        tp["emotion"] = data.draw(st.sampled_from([None, -2, 0, 2]))
    shuffled_touchpoints = [dict(tp) for tp in touchpoints]
    shuffled_connections = [dict(c) for c in connections]
    rng.shuffle(shuffled_touchpoints)
    rng.shuffle(shuffled_connections)
    before = analyze(make(touchpoints, connections))
    after = analyze(make(shuffled_touchpoints, shuffled_connections))
    assert after["moments_of_truth"] == before["moments_of_truth"]
    journey = make(touchpoints, connections)
    assert moments_of_truth(journey, limit=2) == moments_of_truth(make(shuffled_touchpoints, shuffled_connections), limit=2)
    if before["journey"]["remembered_experience"] is None:
        assert after["journey"]["remembered_experience"] is None
    else:
        assert after["journey"]["remembered_experience"] == pytest.approx(before["journey"]["remembered_experience"], abs=1e-12)


@settings(max_examples=100)
@given(journey_parts(back_edges=True, most=6), st.data())
def test_splitting_a_step_in_two_identical_steps_keeps_the_remembered_experience(
    parts: tuple[list[dict[str, Any]], list[dict[str, Any]]], data: Any
) -> None:
    touchpoints, connections = parts
    step = data.draw(st.sampled_from(touchpoints))["id"]
    twin = {"id": f"{step}_again", "emotion": next(tp["emotion"] for tp in touchpoints if tp["id"] == step)}
    # the twin takes over the step's way on; everyone at the step goes on to the twin
    moved = [dict(c, **{"from": twin["id"]}) if c["from"] == step else dict(c) for c in connections]
    split = make([dict(tp) for tp in touchpoints] + [twin], moved + [{"from": step, "to": twin["id"], "share": 1.0}])
    if not connections:
        return  # no flow to split (the link between the twins would make one)
    whole = expected_peak_end(make(touchpoints, connections))
    if whole is None:
        assert expected_peak_end(split) is None
    else:
        assert expected_peak_end(split) == pytest.approx(whole, abs=1e-9)
