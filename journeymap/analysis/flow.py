"""Flow figures of a journey: who enters where, how often each step is passed, who leaves where.

The flow connections make an absorbing Markov chain: ``Q[i][j]`` is the share of customers at step
``i`` who move on to step ``j``; what stays of 1 after a step's outgoing shares is the share whose
journey ends there. With ``N = (I - Q)⁻¹``:

* ``expected_visits = entries · N`` — the mean number of times a customer passes each step;
* ``reach(s) = expected_visits(s) / N[s][s]`` — the chance of passing ``s`` at least once;
* ``exit(s) = expected_visits(s) × (1 − outgoing shares of s)`` — the exits add up to 1.

:mod:`~journeymap.analysis.markov` solves the chain loop by loop without building ``N`` whole.
docs/analysis.md ("Flow: who goes where") explains every figure in plain words.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from journeymap.analysis.markov import DENSE_COMPONENT_LIMIT, flow_chain, solve_visits
from journeymap.model import Journey

__all__ = [
    "DENSE_COMPONENT_LIMIT",
    "completion",
    "drop_offs",
    "entry_shares",
    "exits",
    "expected_visits",
    "flow_figures",
    "goal_steps",
    "reach",
    "staff_hours_per_week",
    "support_steps",
    "weekly_volume",
]


def flow_figures(journey: Journey) -> dict[str, Any]:
    """Every flow figure at once, per touchpoint in file order, as plain data.

    Returns
    -------
    dict
        ``ids`` (touchpoint ids, file order); per step lists aligned with ``ids``:
        ``expected_visits``, ``reach``, ``exit`` and ``drop_off`` (``None`` where unknown or not
        applicable), ``is_entry``, ``is_goal``, ``in_flow``, ``is_support``; and
        ``entries`` (id → share of customers starting there), ``shares`` (as
        :func:`~journeymap.model.effective_shares`, kept so the other figures need not work it out
        again), ``completion`` (``None`` if
        unknown) and ``notes`` (plain sentences on what was assumed or is unknown).

    Examples
    --------
    Half of the customers on hold call again, a quarter get through, a quarter give up:

    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Call", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "call", "name": "Calls", "stage": "s", "entry_share": 1},
    ...                   {"id": "hold", "name": "On hold", "stage": "s"},
    ...                   {"id": "talk", "name": "Talks to us", "stage": "s", "goal": true}],
    ...   "connections": [{"from": "call", "to": "hold"},
    ...                   {"from": "hold", "to": "call", "share": 0.5},
    ...                   {"from": "hold", "to": "talk", "share": 0.25}]}''')
    >>> figures = flow_figures(journey)
    >>> [round(v, 4) for v in figures["expected_visits"]]
    [2.0, 2.0, 0.5]
    >>> [round(r, 4) for r in figures["reach"]]
    [1.0, 1.0, 0.5]
    >>> [round(e, 4) for e in figures["exit"]], round(figures["completion"], 4)
    ([0.0, 0.5, 0.5], 0.5)
    """
    chain = flow_chain(journey)
    n = len(chain.ids)
    notes: list[str] = []
    supported_by = _support_sources(journey, chain.index)
    # a step customers start at is a step of their journey, even if it also supports others
    is_support = [
        bool(supported_by[i]) and not chain.in_flow[i] and journey.touchpoints[i].entry_share is None for i in range(n)
    ]
    is_goal = _goal_flags(journey, chain.in_flow, chain.shares)
    flags = {"is_goal": is_goal, "in_flow": chain.in_flow, "is_support": is_support}
    if not any(chain.in_flow):
        notes.append(
            "The journey has no flow connections, so every step counts as passed once by every customer; "
            "exits, drop-offs and completion are unknown."
        )
        return {"ids": chain.ids, "entries": {}, "shares": chain.shares, "expected_visits": [1.0] * n, "reach": [1.0] * n,
                "exit": [None] * n, "drop_off": [None] * n, "completion": None, "is_entry": [False] * n,
                **flags, "notes": notes}

    entries = _entries(journey, chain.in_flow, chain.has_incoming_flow, notes)
    inflow = np.zeros(n)
    for touchpoint_id, share in entries.items():
        inflow[chain.index[touchpoint_id]] = share
    visits, returns = solve_visits(chain.successors, inflow, notes)

    visits_list: list[float | None] = [max(0.0, float(v)) for v in visits]
    reach_list: list[float | None] = [min(1.0, max(0.0, float(v / d))) for v, d in zip(visits, returns)]
    exit_list, drop_list = _exits_and_drop_offs(visits, chain.out_share, is_support, is_goal)
    _fill_support_steps(supported_by, is_support, visits_list, reach_list)
    _note_isolated_steps(journey, chain.in_flow, is_support, entries, notes)
    goal_exits = [exit_list[i] for i in range(n) if is_goal[i] and exit_list[i] is not None]
    completion_value = float(sum(goal_exits)) if any(is_goal) else None
    if completion_value is None:
        notes.append("No step is a goal and every step leads on, so completion is unknown.")
    return {
        "ids": chain.ids,
        "entries": entries,
        "shares": chain.shares,
        "expected_visits": visits_list,
        "reach": reach_list,
        "exit": exit_list,
        "drop_off": drop_list,
        "completion": completion_value,
        "is_entry": [touchpoint_id in entries for touchpoint_id in chain.ids],
        **flags,
        "notes": notes,
    }


def entry_shares(journey: Journey) -> dict[str, float]:
    """Where customers start: id → share of customers, adding up to 1 (empty without flow connections).

    Steps with an ``entry_share`` if any step has one (normalised when they do not add up to 1);
    otherwise the steps taking part in the flow that no flow connection leads to, split evenly; if
    every step has one before it, the first step of the flow in file order.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "web", "name": "Web", "stage": "s", "entry_share": 0.3},
    ...                   {"id": "shop", "name": "Shop", "stage": "s", "entry_share": 0.3},
    ...                   {"id": "pay", "name": "Pay", "stage": "s"}],
    ...   "connections": [{"from": "web", "to": "pay"}, {"from": "shop", "to": "pay"}]}''')
    >>> entry_shares(journey)
    {'web': 0.5, 'shop': 0.5}
    """
    return flow_figures(journey)["entries"]


def goal_steps(journey: Journey) -> list[str]:
    """Ids of the goal steps: those marked ``goal``, else the flow steps with no outgoing flow connection.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b"}]}''')
    >>> goal_steps(journey)
    ['b']
    """
    figures = flow_figures(journey)
    return [i for i, goal in zip(figures["ids"], figures["is_goal"]) if goal]


def support_steps(journey: Journey) -> list[str]:
    """Ids of the support steps: targets of support connections that take no part in the flow.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"},
    ...                   {"id": "crm", "name": "CRM", "stage": "s", "lane": "support"}],
    ...   "connections": [{"from": "a", "to": "b"}, {"from": "a", "to": "crm", "kind": "support"}]}''')
    >>> support_steps(journey)
    ['crm']
    """
    figures = flow_figures(journey)
    return [i for i, support in zip(figures["ids"], figures["is_support"]) if support]


def expected_visits(journey: Journey) -> dict[str, float | None]:
    """Mean number of times a customer passes each step (above 1 in retry loops).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "try", "name": "Tries", "stage": "s"}, {"id": "ok", "name": "Done", "stage": "s"}],
    ...   "connections": [{"from": "try", "to": "ok", "share": 0.5}]}''')
    >>> expected_visits(journey)
    {'try': 1.0, 'ok': 0.5}
    """
    figures = flow_figures(journey)
    return dict(zip(figures["ids"], figures["expected_visits"]))


def reach(journey: Journey) -> dict[str, float | None]:
    """Chance that a customer passes each step at least once.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"},
    ...                   {"id": "c", "name": "C", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.8}, {"from": "b", "to": "c", "share": 0.5}]}''')
    >>> {k: round(v, 4) for k, v in reach(journey).items()}
    {'a': 1.0, 'b': 0.8, 'c': 0.4}
    """
    figures = flow_figures(journey)
    return dict(zip(figures["ids"], figures["reach"]))


def exits(journey: Journey) -> dict[str, float | None]:
    """Share of all customers whose journey ends at each step (adding up to 1; ``None`` if unknown).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.75}]}''')
    >>> exits(journey)
    {'a': 0.25, 'b': 0.75}
    """
    figures = flow_figures(journey)
    return dict(zip(figures["ids"], figures["exit"]))


def drop_offs(journey: Journey) -> dict[str, float | None]:
    """Share of all customers who give up at each step: its exit unless it is a goal step (then 0).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.75}]}''')
    >>> drop_offs(journey)
    {'a': 0.25, 'b': 0.0}
    """
    figures = flow_figures(journey)
    return dict(zip(figures["ids"], figures["drop_off"]))


def completion(journey: Journey) -> float | None:
    """Share of customers whose journey ends at a goal step (``None`` if unknown).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.75}]}''')
    >>> completion(journey)
    0.75
    """
    return flow_figures(journey)["completion"]


def weekly_volume(journey: Journey, visits: Sequence[float | None] | None = None) -> dict[str, float | None]:
    """How many times a week each step is passed: expected visits × ``customers_per_week``.

    ``None`` where either is unknown. Pass ``visits`` (aligned with the touchpoints) to reuse figures
    already computed.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "customers_per_week": 200, "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.75}]}''')
    >>> weekly_volume(journey)
    {'a': 200.0, 'b': 150.0}
    """
    if visits is None:
        visits = flow_figures(journey)["expected_visits"]
    customers = journey.customers_per_week
    return {
        tp.id: (None if customers is None or v is None else float(v) * customers)
        for tp, v in zip(journey.touchpoints, visits)
    }


def staff_hours_per_week(
    journey: Journey, visits: Sequence[float | None] | None = None
) -> dict[str, float | None]:
    """Staff hours each step takes per week: weekly volume × ``staff_minutes`` / 60 (``None`` if unknown).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "customers_per_week": 120, "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s", "staff_minutes": 5},
    ...                   {"id": "b", "name": "B", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.5}]}''')
    >>> staff_hours_per_week(journey)
    {'a': 10.0, 'b': None}
    """
    volume = weekly_volume(journey, visits)
    return {
        tp.id: (None if volume[tp.id] is None or tp.staff_minutes is None else volume[tp.id] * tp.staff_minutes / 60)
        for tp in journey.touchpoints
    }


# --- internals -------------------------------------------------------------------------------


def _steps(count: int) -> str:
    """"1 step takes" / "3 steps take"."""
    return "1 step takes" if count == 1 else f"{count} steps take"


def _exits_and_drop_offs(
    visits: np.ndarray, out_share: list[float], is_support: list[bool], is_goal: list[bool]
) -> tuple[list[float | None], list[float | None]]:
    """Share of customers ending at each step, and of those giving up (a goal's exit is no drop-off)."""
    exit_list: list[float | None] = []
    drop_list: list[float | None] = []
    for i, support in enumerate(is_support):
        if support:  # a support step is not a place on the customer's way: nobody leaves there
            exit_list.append(None)
            drop_list.append(None)
            continue
        leaving = max(0.0, 1.0 - out_share[i])
        exit_value = float(visits[i]) * leaving
        exit_value = 0.0 if exit_value < 1e-15 else exit_value
        exit_list.append(exit_value)
        drop_list.append(0.0 if is_goal[i] else exit_value)
    return exit_list, drop_list


def _note_isolated_steps(journey: Journey, in_flow: list[bool], is_support: list[bool],
                         entries: dict[str, float], notes: list[str]) -> None:
    """Name the steps outside the flow that nobody reaches (up to five)."""
    isolated = [tp.name for i, tp in enumerate(journey.touchpoints)
                if not in_flow[i] and not is_support[i] and tp.id not in entries]
    if isolated:
        # names, not ids: the notes are read out in the workshop
        shown = ", ".join(f"“{name}”" for name in isolated[:5]) + (" …" if len(isolated) > 5 else "")
        notes.append(f"{_steps(len(isolated))} no part in the flow and nobody reaches {'it' if len(isolated) == 1 else 'them'}: "
                     f"{shown}.")


def _entries(journey: Journey, in_flow: list[bool], has_incoming_flow: list[bool], notes: list[str]) -> dict[str, float]:
    given = {tp.id: float(tp.entry_share) for tp in journey.touchpoints if tp.entry_share is not None}
    if given:
        total = sum(given.values())
        if total > 0:
            if abs(total - 1) > 1e-6:
                notes.append(
                    f"The entry shares add up to {total:.3g}, not 1; they were scaled so that they do "
                    "(each step keeps its proportion)."
                )
            return {touchpoint_id: share / total for touchpoint_id, share in given.items() if share > 0}
        notes.append("Every entry_share is 0, so they were ignored: the journey starts at the steps nothing leads to.")
    starts = [tp.id for i, tp in enumerate(journey.touchpoints) if in_flow[i] and not has_incoming_flow[i]]
    if not starts:  # e.g. a retry loop back to the first step; in_flow has a True (checked by the caller)
        first = next(tp for i, tp in enumerate(journey.touchpoints) if in_flow[i])
        notes.append(
            f"Every step in the flow has a step leading to it, so the journey was taken to start at the first "
            f"one in the file, “{first.name}”; give the real first step an entry_share to say otherwise."
        )
        starts = [first.id]
    return {touchpoint_id: 1 / len(starts) for touchpoint_id in starts}


def _goal_flags(journey: Journey, in_flow: list[bool], shares: dict[str, dict[str, float]]) -> list[bool]:
    marked = [tp.goal for tp in journey.touchpoints]
    if any(marked):
        return marked
    return [in_flow[i] and not shares.get(tp.id) for i, tp in enumerate(journey.touchpoints)]


def _support_sources(journey: Journey, index: dict[str, int]) -> list[list[int]]:
    sources: list[list[int]] = [[] for _ in index]
    for connection in journey.connections:
        if connection.kind == "support":
            sources[index[connection.to]].append(index[connection.from_])
    return sources


def _fill_support_steps(
    supported_by: list[list[int]],
    is_support: list[bool],
    visits: list[float | None],
    reach_: list[float | None],
) -> None:
    """A support step is passed whenever a step it supports is: sum of their visits, largest reach.

    Support steps can support each other, so they are settled in dependency order; a circle of
    support steps (which nothing in the flow feeds) keeps what it has been given so far.
    """
    pending = [i for i, support in enumerate(is_support) if support]
    for i in pending:
        visits[i], reach_[i] = 0.0, 0.0
    settled = [not support for support in is_support]
    progress = True
    while pending and progress:
        progress = False
        still = []
        for i in pending:
            if all(settled[j] for j in supported_by[i] if j != i):
                visits[i] = float(sum(visits[j] or 0.0 for j in supported_by[i]))
                reach_[i] = float(max((reach_[j] or 0.0 for j in supported_by[i]), default=0.0))
                settled[i] = True
                progress = True
            else:
                still.append(i)
        pending = still
    for i in pending:  # circular support: use the settled sources only
        visits[i] = float(sum(visits[j] or 0.0 for j in supported_by[i] if settled[j]))
        reach_[i] = float(max((reach_[j] or 0.0 for j in supported_by[i] if settled[j]), default=0.0))
