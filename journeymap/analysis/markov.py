"""The flow's absorbing Markov chain: its transitions from the journey, solved loop by loop.

``Q[i][j]`` is the share of customers at step ``i`` who move on to step ``j``; with
``N = (I - Q)⁻¹`` the expected visits are ``entries · N`` and ``N[s][s]`` is the mean number of
passes of a customer already at ``s`` (what :mod:`~journeymap.analysis.flow` divides by for reach).

``N`` is never built whole. The flow graph is condensed into its strongly connected components
(loops), which are solved one at a time in topological order: customers flowing into a component
come from the components upstream, already solved. A step outside every loop is a single
multiplication; a loop of ``k`` steps is a ``k × k`` system solved with NumPy, and ``N[s][s]`` only
depends on the loop of ``s``, so its diagonal comes from that small block's inverse. This keeps the
work close to linear in the size of the journey. A loop of more than :data:`DENSE_COMPONENT_LIMIT`
steps (never seen in a real map) is solved by iterating ``x ← b + x·Q`` instead; its ``N[s][s]`` is
then only bounded, and the notes say so. docs/analysis.md ("How it is computed, and how fast") has
the timings.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from journeymap.model import Journey, effective_shares
from journeymap.model.loops import strongly_connected_components

__all__ = ["DENSE_COMPONENT_LIMIT", "FlowChain", "flow_chain", "solve_visits"]

#: Largest loop (strongly connected component) solved exactly with a dense k × k inverse; beyond
#: it the expected visits are iterated and reach is only bounded (a 3,000-step block takes ~1 s).
DENSE_COMPONENT_LIMIT = 3000
_ITERATION_TOLERANCE = 1e-12
_MAX_ITERATIONS = 100_000


@dataclass(frozen=True)
class FlowChain:
    """The flow connections by step number: who follows whom with which share (``Q``), who takes part."""

    ids: list[str]
    index: dict[str, int]
    shares: dict[str, dict[str, float]]
    successors: list[list[tuple[int, float]]]  # shares above 0 only
    out_share: list[float]
    in_flow: list[bool]
    has_incoming_flow: list[bool]


def flow_chain(journey: Journey) -> FlowChain:
    """The journey's flow connections as the chain's transitions, by step number in file order.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"},
    ...                   {"id": "c", "name": "C", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.75}]}''')
    >>> chain = flow_chain(journey)
    >>> chain.successors, chain.out_share, chain.in_flow
    ([[(1, 0.75)], [], []], [0.75, 0, 0], [True, True, False])
    """
    ids = [tp.id for tp in journey.touchpoints]
    n = len(ids)
    index = {touchpoint_id: i for i, touchpoint_id in enumerate(ids)}
    shares = effective_shares(journey)
    successors: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    has_incoming_flow = [False] * n
    in_flow = [False] * n
    for source, targets in shares.items():
        i = index[source]
        in_flow[i] = True
        for target, share in targets.items():
            j = index[target]
            in_flow[j] = True
            has_incoming_flow[j] = True
            if share > 0:  # a share of 0 carries nobody; leaving it out keeps loops honest
                successors[i].append((j, share))
    out_share = [sum(share for _, share in successors[i]) for i in range(n)]
    return FlowChain(ids, index, shares, successors, out_share, in_flow, has_incoming_flow)


def solve_visits(
    successors: list[list[tuple[int, float]]], inflow: np.ndarray, notes: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Expected visits and ``N[s][s]`` of every step, loop by loop from upstream to downstream.

    Parameters
    ----------
    successors
        Per step, its flow connections as ``(next step, share)`` with shares above 0.
    inflow
        Share of customers starting at each step (adding up to 1).
    notes
        Receives a sentence when a loop is too large to solve exactly.

    Returns
    -------
    visits, returns
        The expected visits ``inflow · N`` and the diagonal ``N[s][s]`` (1 outside loops).

    Examples
    --------
    A call put on hold; half of those on hold call again, a quarter get through:

    >>> visits, returns = solve_visits([[(1, 1.0)], [(0, 0.5), (2, 0.25)], []], np.array([1.0, 0, 0]), [])
    >>> visits.round(4).tolist(), returns.round(4).tolist()
    ([2.0, 2.0, 0.5], [2.0, 2.0, 1.0])
    """
    n = len(successors)
    visits = np.zeros(n)
    returns = np.ones(n)  # N[s][s]: 1 outside loops
    incoming = inflow.copy()
    component_of = [-1] * n
    targets = [[j for j, _ in step] for step in successors]
    for number, component in enumerate(strongly_connected_components(targets)):
        for i in component:
            component_of[i] = number
        if len(component) == 1:
            i = component[0]
            visits[i] = incoming[i]
        else:
            _solve_loop(component, successors, incoming, visits, returns, component_of, number, notes)
        # customers leaving the component flow into components further down
        for i in component:
            v = visits[i]
            if v == 0.0:
                continue
            for j, share in successors[i]:
                if component_of[j] != number:
                    incoming[j] += v * share
    return visits, returns


def _solve_loop(
    component: list[int],
    successors: list[list[tuple[int, float]]],
    incoming: np.ndarray,
    visits: np.ndarray,
    returns: np.ndarray,
    component_of: list[int],
    number: int,
    notes: list[str],
) -> None:
    """Solve one loop of ``k`` steps: ``x (I − Q) = b`` exactly up to :data:`DENSE_COMPONENT_LIMIT`
    steps, else by iteration (and reach only bounded); ``visits`` and ``returns`` are filled in."""
    k = len(component)
    local = {i: position for position, i in enumerate(component)}
    rows, cols, weights = [], [], []
    for i in component:
        for j, share in successors[i]:
            if component_of[j] == number:
                rows.append(local[i])
                cols.append(local[j])
                weights.append(share)
    b = incoming[component]
    if k <= DENSE_COMPONENT_LIMIT:
        block = np.eye(k)
        np.subtract.at(block, (rows, cols), weights)  # I − Q restricted to the loop
        inverse = np.linalg.inv(block)
        visits[component] = b @ inverse
        returns[component] = np.diag(inverse)
        return
    # A huge loop: iterate x ← b + x·Q (the series b·(I + Q + Q² + …)) with sparse products.
    rows_a, cols_a, weights_a = np.array(rows), np.array(cols), np.array(weights)
    x = b.copy()
    for _ in range(_MAX_ITERATIONS):
        updated = b + np.bincount(cols_a, weights=x[rows_a] * weights_a, minlength=k)
        if np.max(np.abs(updated - x)) <= _ITERATION_TOLERANCE * max(1.0, float(np.max(np.abs(updated)))):
            x = updated
            break
        x = updated
    visits[component] = x
    # N[s][s] is not computed for such a loop: reach = min(1, visits) is an upper bound.
    returns[component] = np.maximum(1.0, x)
    notes.append(
        f"One loop has {k} steps (more than {DENSE_COMPONENT_LIMIT}); its expected visits were computed by "
        "iteration and its reach is only an upper bound (the smaller of 1 and the expected visits)."
    )
