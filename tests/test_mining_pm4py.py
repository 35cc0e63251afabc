"""journeymap's directly-follows figures equal pm4py's on real event logs.

pm4py (AGPL) is not a dependency of the tests: its figures were computed once by
benchmarks/pm4py_reference.py and stored beside the logs in tests/data/eventlogs/ (see the README
there for the logs' sources). Counts, start and end activities must be equal; mean seconds equal to
within floating-point rounding (pm4py averages seconds as floats, journeymap microseconds in SQL).

pm4py's ``discover_dfg`` takes every event as it is, start and complete events alike; so does
:func:`journeymap.mining.discover_dfg`. A mined journey (:func:`journeymap.mining.mine`) does not: a
step's start and complete events are one visit, so its moves are pm4py's directly-follows graph of
the complete events only, a move from a step to itself being a repeat; its waiting time runs from
the end of one visit to the start of the next, never longer than pm4py's complete-to-complete time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from journeymap.mining import discover_dfg
from journeymap.mining.engine import set_mapping, visit_facts
from journeymap.mining.logs import open_log

LOGS = Path(__file__).parent / "data" / "eventlogs"
# the log, and its events and cases as the citation in tests/data/eventlogs/README.md gives them
REAL_LOGS = {"running-example.xes": (42, 6), "reviewing.xes.gz": (3730, 100), "receipt.csv.gz": (8577, 1434)}


def reference(name: str) -> dict[str, Any]:
    return json.loads((LOGS / (name.removesuffix(".gz") + ".pm4py.json")).read_text(encoding="utf-8"))


def edges(figures: dict[str, Any]) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], float]]:
    counts = {(a, b): count for a, b, count, _ in figures["edges"]}
    means = {(a, b): mean for a, b, _, mean in figures["edges"]}
    return counts, means


@pytest.mark.parametrize("name", REAL_LOGS)
def test_the_references_are_pm4pys_figures_of_these_logs(name: str) -> None:
    figures = reference(name)
    events, cases = REAL_LOGS[name]
    assert (figures["log"], figures["events"], figures["cases"]) == (name, events, cases)
    counts, _ = edges(figures["every_event"])
    # every event but a case's last is directly followed by one; every case starts and ends once
    assert sum(counts.values()) == events - cases
    assert sum(figures["every_event"]["starts"].values()) == sum(figures["every_event"]["ends"].values()) == cases


@pytest.mark.parametrize("name", REAL_LOGS)
def test_directly_follows_counts_and_mean_times_equal_pm4pys(name: str) -> None:
    expected = reference(name)["every_event"]
    graph = discover_dfg(LOGS / name)
    counts, means = edges(expected)
    assert graph.counts == counts
    assert graph.starts == expected["starts"]
    assert graph.ends == expected["ends"]
    assert graph.mean_seconds.keys() == means.keys()
    for pair, mean in means.items():
        assert graph.mean_seconds[pair] == pytest.approx(mean, rel=1e-9, abs=1e-6), pair


def test_the_running_example_as_the_textbook_draws_it() -> None:
    # van der Aalst's six requests for compensation: each starts with its registration; three are
    # paid, three rejected; a decision is reinitiated once in case 3 and twice in case 5, followed by a
    # thorough examination (case 3), then a ticket check and a casual examination (case 5)
    graph = discover_dfg(LOGS / "running-example.xes")
    assert graph.starts == {"register request": 6}
    assert graph.ends == {"pay compensation": 3, "reject request": 3}
    assert graph.counts[("decide", "reinitiate request")] == 3
    assert {b: n for (a, b), n in graph.counts.items() if a == "reinitiate request"} == {
        "examine thoroughly": 1, "check ticket": 1, "examine casually": 1}


def test_a_journeys_moves_are_pm4pys_directly_follows_graph_of_the_complete_events() -> None:
    expected = reference("reviewing.xes.gz")["complete_events"]
    complete_counts, complete_means = edges(expected)
    with open_log(LOGS / "reviewing.xes.gz") as log:
        set_mapping(log, {})
        facts = visit_facts(log, use_lifecycle=True, merge=False)
    moves = {(move.source, move.target): move.moves for move in facts.moves}
    repeats = {(name, name): step.repeats for name, step in facts.steps.items() if step.repeats}
    assert moves | repeats == complete_counts
    assert {name: step.entries for name, step in facts.steps.items() if step.entries} == expected["starts"]
    assert {name: step.ends for name, step in facts.steps.items() if step.ends} == expected["ends"]
    # from the end of a visit to the start of the next: at most pm4py's complete-to-complete mean
    for move in facts.moves:
        assert move.wait_mean <= complete_means[(move.source, move.target)] + 1e-6, move
    assert any(move.wait_mean < complete_means[(move.source, move.target)] - 3600 for move in facts.moves)
