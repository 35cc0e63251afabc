"""Edits of the connections between touchpoints: add, delete, or chain the steps in map order."""

from __future__ import annotations

import copy

from journeymap.store.edits.forms import EditConflict
from journeymap.store.edits.values import Data, cleaned

__all__ = ["WALKED_LANES", "add_connection", "connect_in_order", "delete_connection", "steps_in_order"]

#: The lanes a customer walks through: connected in order by :func:`connect_in_order`.
WALKED_LANES = ("customer", "frontstage")


def add_connection(data: Data, source: str, target: str, kind: str = "flow", share: float | None = None,
                   label: str | None = None, opened_with: Data | None = None) -> Data:
    """Add a connection between two touchpoints (validation refuses a duplicate or a self-loop).

    With ``opened_with`` (the journey's data as the form showed it), a connection between the two that
    another tab added meanwhile is refused as such, saying what it added (:class:`EditConflict`).

    Examples
    --------
    >>> data = {"touchpoints": [{"id": "a", "name": "Asks"}, {"id": "b", "name": "Buys"}], "connections": []}
    >>> add_connection(data, "a", "b", share=0.5)["connections"]
    [{'from': 'a', 'to': 'b', 'kind': 'flow', 'share': 0.5}]
    >>> theirs = {**data, "connections": [{"from": "a", "to": "b", "kind": "support"}]}
    >>> add_connection(theirs, "a", "b", opened_with=data)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    journeymap.store.edits.forms.EditConflict: Another tab added a support connection from 'Asks' to 'Buys' while ...
    """
    if opened_with is not None:
        _refuse_one_added_meanwhile(data, opened_with, source, target)
    data = copy.deepcopy(data)
    data["connections"].append(cleaned({"from": source, "to": target, "kind": kind, "share": share, "label": label}))
    return data


def _refuse_one_added_meanwhile(data: Data, opened_with: Data, source: str, target: str) -> None:
    def between(journey: Data) -> list[Data]:
        return [c for c in journey.get("connections", []) if {c.get("from"), c.get("to")} == {source, target}]

    added = [c for c in between(data) if c not in between(opened_with)]
    if added:
        names = {tp.get("id"): tp.get("name") or tp.get("id") for tp in data.get("touchpoints", [])}
        theirs = added[0]
        share = "" if theirs.get("share") is None else f" ({theirs['share']:.0%} of customers)"
        raise EditConflict([("connection", f"added a {theirs.get('kind', 'flow')} connection from "
                                           f"'{names.get(theirs.get('from'))}' to '{names.get(theirs.get('to'))}'"
                                           f"{share}")])


def delete_connection(data: Data, source: str, target: str) -> Data:
    """Remove the connection from ``source`` to ``target``.

    Examples
    --------
    >>> delete_connection({"connections": [{"from": "x", "to": "y"}, {"from": "y", "to": "z"}]}, "x", "y")
    {'connections': [{'from': 'y', 'to': 'z'}]}
    """
    data = copy.deepcopy(data)
    data["connections"] = [c for c in data["connections"] if (c.get("from"), c.get("to")) != (source, target)]
    return data


def steps_in_order(data: Data) -> list[str]:
    """Ids of the customer and frontstage steps in map order: stage by stage, then as listed.

    Examples
    --------
    >>> data = {"stages": [{"id": "a"}, {"id": "b"}], "touchpoints": [
    ...     {"id": "pay", "stage": "b"}, {"id": "cook", "stage": "a", "lane": "backstage"},
    ...     {"id": "order", "stage": "a"}, {"id": "greet", "stage": "a", "lane": "frontstage"}]}
    >>> steps_in_order(data)
    ['order', 'greet', 'pay']
    """
    stage_rank = {stage.get("id"): index for index, stage in enumerate(data.get("stages", []))}
    walked = [(stage_rank.get(tp.get("stage"), len(stage_rank)), index, tp["id"])
              for index, tp in enumerate(data.get("touchpoints", []))
              if tp.get("lane", "customer") in WALKED_LANES and "id" in tp]
    return [touchpoint_id for _, _, touchpoint_id in sorted(walked)]


def connect_in_order(data: Data) -> Data:
    """Connect the customer and frontstage steps one after another (a flow each), in map order, and
    each unconnected backstage or support step to the step it serves (a support connection).

    A starting point for a journey listed without connections (a spreadsheet, a new map): the
    team then adds the branches, retries and drop-offs. Pairs already connected are left alone. The
    step a backstage or support step serves is taken to be the customer or frontstage step listed
    last before it in its stage (else the first in its stage, else the last of an earlier stage).

    Examples
    --------
    >>> data = {"stages": [{"id": "s"}], "connections": [], "touchpoints": [
    ...     {"id": "order", "stage": "s"}, {"id": "ticket", "stage": "s", "lane": "support"},
    ...     {"id": "eat", "stage": "s"}, {"id": "pay", "stage": "s"}]}
    >>> [(c["from"], c["to"], c["kind"]) for c in connect_in_order(data)["connections"]]
    [('order', 'eat', 'flow'), ('eat', 'pay', 'flow'), ('order', 'ticket', 'support')]
    """
    data = copy.deepcopy(data)
    connections = data.setdefault("connections", [])
    linked = {(c.get("from"), c.get("to")) for c in connections}
    order = steps_in_order(data)
    for source, target in zip(order, order[1:]):
        if (source, target) not in linked and (target, source) not in linked:
            connections.append({"from": source, "to": target, "kind": "flow"})
    if order:
        _link_to_the_steps_they_serve(data, order, {end for pair in linked for end in pair})
    return data


def _link_to_the_steps_they_serve(data: Data, order: list[str], touched: set[str]) -> None:
    """A support connection to each backstage or support step not connected yet, from the walked step
    it serves: the one listed last before it in its stage, else the first in its stage, else the last
    of an earlier stage (else the very first)."""
    stage_rank = {stage.get("id"): index for index, stage in enumerate(data.get("stages", []))}
    placed = [(stage_rank.get(tp.get("stage"), len(stage_rank)), index, tp.get("id"))
              for index, tp in enumerate(data.get("touchpoints", []))]
    walked = [place for place in placed if place[2] in set(order)]
    for rank, index, touchpoint_id in placed:
        if touchpoint_id in order or touchpoint_id in touched:
            continue
        same_stage = [place for place in walked if place[0] == rank]
        before = [place for place in same_stage if place[1] < index] or same_stage[:1] or \
            [place for place in walked if place[0] < rank] or walked[:1]
        data["connections"].append({"from": before[-1][2], "to": touchpoint_id, "kind": "support"})
