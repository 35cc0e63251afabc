"""The journey's remembered experience, exact over every path a customer can take.

A customer's path is a walk of the flow's absorbing Markov chain (docs/analysis.md, "Flow: who
goes where"): it starts at an entry, follows each flow connection with its share and ends where
what is left of 1 says so. Support steps are not on paths. A retry loop may be passed any number
of times, each with its probability, so a looped journey has infinitely many paths; they are not
listed but summed in closed form.

The remembered experience of a path is its peak–end value ``(peak + end) / 2`` (the peak: the
recorded customer emotion of largest magnitude, ties to the negative one; the end: the last
recorded emotion). The journey's is its expectation over all paths that have a recorded emotion:

``E[(peak + end) / 2 | recorded] = (E[peak · 1{recorded}] + E[end · 1{recorded}]) / (2 · P(recorded))``

* **The peak** is found on the chain whose states are (step, strongest emotion so far). The
  strongest-so-far only ever moves to a stronger value, so the states are solved level by level
  (weakest first) within each loop (strongly connected component), upstream to downstream, as
  :mod:`~journeymap.analysis.markov` solves the flow itself: a step outside loops is one
  multiplication per level it is reached at, a loop of ``k`` steps one small ``k × k`` system per
  level. The mass ending at each level is the chance that a path's peak is that emotion.
* **The end** needs the last recorded emotion only across the steps without one: each recorded
  step ``k`` is a path's last recorded step once per pass, times the chance ``h(k)`` of finishing
  from there without meeting another recorded step, so
  ``E[end · 1{recorded}] = Σ_k emotion(k) · visits(k) · h(k)``; ``h`` is one backward pass over the
  steps without an emotion.

Cost: with ``K`` distinct recorded emotion values (at most 21 for integers and halves on −5…+5)
the peak pass handles each step at most once per level it is reached at, so at most
``(K + 1) × (steps + connections)`` and, in a real map where the strongest emotion is met early,
close to ``steps + connections``; each loop of ``k`` steps adds at most ``K + 1`` dense ``k × k``
solves. The end pass is linear, plus one dense solve per loop.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from journeymap.analysis.flow import flow_figures
from journeymap.model import Journey, effective_shares
from journeymap.model.loops import strongly_connected_components

__all__ = ["expected_peak_end"]

# a share of customers ending at a step smaller than this is rounding noise of 1 − Σ shares
_NO_EXIT = 1e-12


def expected_peak_end(journey: Journey, figures: dict[str, Any] | None = None) -> float | None:
    """The mean peak–end value over every path customers take, among paths with a recorded emotion.

    ``None`` when there is no flow or no customer path has a recorded emotion. ``figures`` (as from
    :func:`~journeymap.analysis.flow.flow_figures`) is reused for the entries if given.

    Examples
    --------
    A third of those on hold try again (as often as they like), half get through:

    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "call", "name": "Calls", "stage": "s", "emotion": 1},
    ...                   {"id": "hold", "name": "On hold", "stage": "s", "emotion": -4},
    ...                   {"id": "talk", "name": "Talks", "stage": "s", "emotion": 2}],
    ...   "connections": [{"from": "call", "to": "hold"},
    ...                   {"from": "hold", "to": "call", "share": 0.5},
    ...                   {"from": "hold", "to": "talk", "share": 0.25}]}''')
    >>> expected_peak_end(journey)  # half end on hold: (−4 − 4)/2; half talk: (−4 + 2)/2
    -2.5
    """
    figures = figures or flow_figures(journey)
    if not figures["entries"]:
        return None
    model = _Chain.of(journey, figures)
    ends_at_level, visits = _peak_pass(model)
    recorded = float(sum(ends_at_level[1:]))
    if recorded <= 0:
        return None
    peak = float(np.dot(model.level_values, ends_at_level))
    end = _end_pass(model, visits)
    return float((peak + end) / (2 * recorded))


class _Chain:
    """The flow chain by step number: shares, exits, loops (upstream first) and emotion levels."""

    def __init__(self, successors: list[list[tuple[int, float]]], leave: list[float], entries: dict[int, float],
                 emotions: list[float | None]) -> None:
        self.successors, self.leave, self.entries, self.emotions = successors, leave, entries, emotions
        self.components = strongly_connected_components([[j for j, _ in step] for step in successors])
        self.component_of = [0] * len(successors)
        for number, component in enumerate(self.components):
            for i in component:
                self.component_of[i] = number
        # levels: 0 = nothing recorded yet, then the recorded values from weakest to strongest
        # (larger magnitude is stronger; at equal magnitude the negative one is)
        values = sorted({e for e in emotions if e is not None}, key=lambda e: (abs(e), e < 0))
        self.level_values = np.array([0.0, *values])
        level_of_value = {value: level for level, value in enumerate(values, start=1)}
        self.level = [0 if e is None else level_of_value[e] for e in emotions]

    @classmethod
    def of(cls, journey: Journey, figures: dict[str, Any]) -> _Chain:
        """The chain of the flow figures' shares (worked out again only if they lack them)."""
        shares = figures.get("shares") or effective_shares(journey)
        index = {touchpoint_id: i for i, touchpoint_id in enumerate(figures["ids"])}
        successors: list[list[tuple[int, float]]] = [[] for _ in index]
        for source, targets in shares.items():
            successors[index[source]] = [(index[target], share) for target, share in targets.items() if share > 0]
        leave = [max(0.0, 1.0 - sum(share for _, share in step)) for step in successors]
        leave = [0.0 if value < _NO_EXIT else value for value in leave]
        emotions = [None if tp.emotion is None else float(tp.emotion) for tp in journey.touchpoints]
        return cls(successors, leave, {index[i]: share for i, share in figures["entries"].items()}, emotions)


def _peak_pass(chain: _Chain) -> tuple[np.ndarray, np.ndarray]:
    """Per level, the chance that a path ends with that strongest emotion; and each step's expected visits.

    ``pending[i]`` holds, per level, the customers arriving at step ``i`` whose strongest emotion so
    far (step ``i``'s own included) is that level; loops are taken upstream first and, within a
    loop, levels weakest first, so all arrivals at a (loop, level) are known before it is solved.
    """
    n = len(chain.successors)
    pending: list[dict[int, float]] = [{} for _ in range(n)]
    for i, share in chain.entries.items():
        pending[i][chain.level[i]] = pending[i].get(chain.level[i], 0.0) + share
    ends_at_level = np.zeros(len(chain.level_values))
    visits = np.zeros(n)
    for number, component in enumerate(chain.components):
        if len(component) == 1:
            i = component[0]
            for level, mass in pending[i].items():
                _leave_step(chain, i, level, mass, pending, number, ends_at_level, visits)
            continue
        for level in range(len(chain.level_values)):
            members = [i for i in component if chain.level[i] <= level]
            arriving = np.array([pending[i].get(level, 0.0) for i in members])
            if not arriving.any():
                continue
            passes = _solve_block(chain, members, arriving, forward=True)
            for i, mass in zip(members, passes):
                _leave_step(chain, i, level, float(mass), pending, number, ends_at_level, visits, inside=level)
    return ends_at_level, visits


def _leave_step(chain: _Chain, i: int, level: int, mass: float, pending: list[dict[int, float]], number: int,
                ends_at_level: np.ndarray, visits: np.ndarray, inside: int | None = None) -> None:
    """Book ``mass`` passes of step ``i`` at ``level``: those ending there, and those moving on.

    Moves that stay in the same loop at the same level (``inside``) are part of the loop's own
    system and are not booked again.
    """
    if mass == 0.0:
        return
    visits[i] += mass
    ends_at_level[level] += mass * chain.leave[i]
    for j, share in chain.successors[i]:
        reached = max(level, chain.level[j])
        if inside is not None and reached == inside and chain.component_of[j] == number:
            continue
        target = pending[j]
        target[reached] = target.get(reached, 0.0) + mass * share


def _end_pass(chain: _Chain, visits: np.ndarray) -> float:
    """``E[end · 1{recorded}]``: each recorded step's emotion × its passes × the chance none follows.

    ``quiet[j]`` is, for a step without an emotion, the chance of finishing from it without
    meeting a recorded step; loops are solved downstream first.
    """
    quiet = np.zeros(len(chain.successors))
    for component in reversed(chain.components):
        members = [j for j in component if chain.emotions[j] is None]
        if not members:
            continue
        inside = set(members) if len(members) > 1 else set()
        known = np.array([
            chain.leave[j] + sum(share * quiet[k] for k, share in chain.successors[j] if k not in inside)
            for j in members
        ])
        quiet[members] = _solve_block(chain, members, known, forward=False) if inside else known
    total = 0.0
    for k, emotion in enumerate(chain.emotions):
        if emotion is not None and visits[k] > 0:
            last = chain.leave[k] + sum(share * quiet[j] for j, share in chain.successors[k])
            total += emotion * float(visits[k]) * last
    return total


def _solve_block(chain: _Chain, members: list[int], right: np.ndarray, *, forward: bool) -> np.ndarray:
    """Solve ``x (I − Q) = right`` (``forward``) or ``(I − Q) x = right`` on the steps ``members``.

    ``Q`` is the chain restricted to ``members`` (moves to other steps leave the block). A block
    without moves among its members is the identity.
    """
    local = {i: position for position, i in enumerate(members)}
    block = np.eye(len(members))
    for i in members:
        for j, share in chain.successors[i]:
            position = local.get(j)
            if position is not None:
                block[local[i], position] -= share
    return np.linalg.solve(block.T if forward else block, right)
