"""The rules of a journey that span several fields, as plain functions over an outline of it.

An :class:`Outline` holds just what the rules read: the ids of the stages and touchpoints, the stage
of each touchpoint, the ends, kind and share of each connection, and the persona's needs. It is made from a validated
:class:`~journeymap.model.journey.Journey` (the model validator) or from raw data whose fields did not
all validate (:func:`outline_of_data`), so that one pass over a file reports its field problems and
its rule problems together, and the rules are written once.

What the rules read of raw data, and what they leave until its field problems are fixed:

* A value with a field problem of its own (missing, of the wrong type, out of range such as a share
  of 1.5, or a malformed id such as ``"has space"``) is left out: its field problem is the one
  reported, and no rule problem is added at the same place.
* While some stage's id has a problem, touchpoints' stages are not checked against the stage ids;
  while some touchpoint's id has a problem, connections' ends are not checked against the
  touchpoint ids: the broken id may be the one they mean, and every connection to it reported as
  pointing nowhere would bury the one real slip.
* Shares add up over a step's readable shares only; more than 1 even so is a real problem, and a
  bad share never adds to one.
* Loops are checked only when every touchpoint id and every connection's ends, kind and share could
  be read.
* A need of the persona listed twice is found among the needs that can be read, whatever else is wrong.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import eq
from typing import Any

from journeymap.errors import Problem
from journeymap.model.loops import strongly_connected_components

__all__ = ["SHARE_TOLERANCE", "Outline", "filled_shares", "outline_of_data", "rule_problems"]

#: Outgoing flow shares of one step may exceed 1 by this much (rounding in hand-written files).
SHARE_TOLERANCE = 1e-6
_KINDS = ("flow", "support")


@dataclass
class Outline:
    """What the cross-field rules read of a journey; ``None`` marks a value that cannot be read.

    ``shares`` holds ``None`` both for a share left out (filled in later) and for one that cannot be
    read; ``complete`` says that every id, end, kind and share could be read.
    """

    stage_ids: list[str | None]
    touchpoint_ids: list[str | None]
    touchpoint_stages: list[str | None]
    sources: list[str | None]
    targets: list[str | None]
    kinds: list[str | None]
    shares: list[float | None]
    complete: bool = True
    needs: list[str | None] = field(default_factory=list)


def rule_problems(outline: Outline) -> list[Problem]:
    """Every broken rule that spans several fields, each as its own problem, in file order.

    Shares are checked only when every reference resolves, and loops only when the shares are
    sound as well: a loop through a step that does not exist would be a confusing second report.
    The persona's needs come first, as the persona comes before the stages in a file.
    """
    return _repeated_need_problems(outline.needs) + _step_problems(outline)


def _step_problems(outline: Outline) -> list[Problem]:
    """The rules of the stages, touchpoints and connections."""
    problems = _id_and_reference_problems(outline)
    if problems:
        return problems
    known, open_ends = _flow_totals(outline)
    problems = _share_problems(known)
    if problems or not outline.complete or not _some_step_may_trap(outline, known, open_ends):
        return problems
    return _trapping_loop_problems(outline)


def filled_shares(sources: Sequence[str], targets: Sequence[str], kinds: Sequence[str],
                  shares: Sequence[float | None]) -> dict[str, dict[str, float]]:
    """The share along each flow connection, a step's missing shares splitting what is left of 1."""
    given: dict[str, dict[str, float | None]] = defaultdict(dict)
    for source, target, kind, share in zip(sources, targets, kinds, shares):
        if kind == "flow":
            given[source][target] = share
    filled: dict[str, dict[str, float]] = {}
    for source, out in given.items():
        known = sum(share for share in out.values() if share is not None)
        unknown = sum(share is None for share in out.values())
        fill = max(0.0, 1.0 - known) / unknown if unknown else 0.0
        filled[source] = {target: (fill if share is None else share) for target, share in out.items()}
    return filled


# --- the outline of raw data -------------------------------------------------------------------


def outline_of_data(data: dict[str, Any], bad: Iterable[tuple[Any, ...]] = ()) -> Outline:
    """The outline of journey data that may not validate; ``bad`` holds the locations (pydantic
    ``loc`` tuples) of its field problems, whose kinds and shares the rules then leave out."""
    bad_locations = set(bad)
    stages = _items(data.get("stages"))
    touchpoints = _items(data.get("touchpoints", []))
    connections = _items(data.get("connections", []))
    links = connections or []

    def texts(field: str, items: list[dict[str, Any]], key: str) -> list[str | None]:
        return [_text(item, (field, index, key) in bad_locations, key) for index, item in enumerate(items)]

    outline = Outline(
        # [None]: a list that cannot be read at all hides its ids, so no reference to them is judged
        stage_ids=[None] if stages is None else texts("stages", stages, "id"),
        touchpoint_ids=[None] if touchpoints is None else texts("touchpoints", touchpoints, "id"),
        touchpoint_stages=texts("touchpoints", touchpoints or [], "stage"),
        sources=texts("connections", links, "from"),
        targets=texts("connections", links, "to"),
        kinds=[_kind(item, ("connections", index, "kind") in bad_locations) for index, item in enumerate(links)],
        shares=[_share(item, ("connections", index, "share") in bad_locations) for index, item in enumerate(links)],
    )
    outline.needs = _needs_of_data(data, bad_locations)
    outline.complete = (
        connections is not None
        and None not in outline.touchpoint_ids
        and None not in outline.sources and None not in outline.targets and None not in outline.kinds
        and all(item.get("share") is None or share is not None for item, share in zip(links, outline.shares))
    )
    return outline


def _needs_of_data(data: dict[str, Any], bad: set[tuple[Any, ...]]) -> list[str | None]:
    """The persona's needs that can be read (``None`` for one with a problem of its own)."""
    persona = data.get("persona")
    needs = persona.get("needs") if isinstance(persona, dict) else None
    if not isinstance(needs, list) or ("persona", "needs") in bad:
        return []
    return [need if isinstance(need, str) and ("persona", "needs", index) not in bad else None
            for index, need in enumerate(needs)]


def _items(value: Any) -> list[dict[str, Any]] | None:
    """The items of a list field, each an object (``{}`` for one that is not); ``None`` for no list."""
    if not isinstance(value, list):
        return None
    return [item if isinstance(item, dict) else {} for item in value]


def _text(item: dict[str, Any], bad: bool, key: str) -> str | None:
    value = item.get(key)
    return value if not bad and isinstance(value, str) else None


def _kind(item: dict[str, Any], bad: bool) -> str | None:
    value = item.get("kind", "flow")
    return value if not bad and value in _KINDS else None


def _share(item: dict[str, Any], bad: bool) -> float | None:
    value = item.get("share")
    if bad or isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) and 0 <= value <= 1 else None


# --- the rules ---------------------------------------------------------------------------------


def _repeated_need_problems(needs: Sequence[str | None]) -> list[Problem]:
    """A need listed again, ignoring case and surrounding spaces, at each later place it is listed.

    Examples
    --------
    >>> [str(problem) for problem in _repeated_need_problems(["lives alone", None, " Lives Alone", "low vision"])]
    ["persona.needs[2]: 'Lives Alone' is listed twice (first as need 1); keep one"]
    """
    first: dict[str, int] = {}
    problems = []
    for index, need in enumerate(needs):
        if need is None:
            continue
        key = need.strip().casefold()
        if key in first:
            problems.append(Problem(f"persona.needs[{index}]",
                                    f"'{need.strip()}' is listed twice (first as need {first[key] + 1}); keep one"))
        else:
            first[key] = index
    return problems


def _id_and_reference_problems(outline: Outline) -> list[Problem]:
    """Duplicate ids, references that do not resolve, self-connections, repeated connections."""
    stage_set = set(outline.stage_ids)
    touchpoint_set = set(outline.touchpoint_ids)
    pairs = list(zip(outline.sources, outline.targets))
    # The checks below run in C; the loops that word each problem run only when one fails.
    if (
        len(stage_set) == len(outline.stage_ids) and None not in stage_set
        and len(touchpoint_set) == len(outline.touchpoint_ids) and None not in touchpoint_set
        and stage_set.issuperset(outline.touchpoint_stages)
        and touchpoint_set.issuperset(outline.sources) and touchpoint_set.issuperset(outline.targets)
        and not any(map(eq, outline.sources, outline.targets))
        and len(set(pairs)) == len(pairs)
    ):
        return []
    problems = _duplicate_problems("stages", "stage", outline.stage_ids)
    problems += _touchpoint_problems(outline)
    problems += _connection_problems(outline)
    return problems


def _duplicate_problems(field: str, what: str, ids: Sequence[str | None]) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, identifier in enumerate(ids):
        if identifier is None:
            continue
        if identifier in seen:
            problems.append(Problem(f"{field}[{index}].id", f"duplicate {what} id '{identifier}'"))
        seen.add(identifier)
    return problems


def _touchpoint_problems(outline: Outline) -> list[Problem]:
    """Per touchpoint, in file order: its id given before, its stage not one of the stages."""
    stages_known = None not in outline.stage_ids
    stage_set = set(outline.stage_ids)
    seen: set[str] = set()
    problems = []
    for index, (identifier, stage) in enumerate(zip(outline.touchpoint_ids, outline.touchpoint_stages)):
        if identifier is not None:
            if identifier in seen:
                problems.append(Problem(f"touchpoints[{index}].id", f"duplicate touchpoint id '{identifier}'"))
            seen.add(identifier)
        if stages_known and stage is not None and stage not in stage_set:
            who = f"touchpoint '{identifier}'" if identifier is not None else "this touchpoint"
            problems.append(
                Problem(f"touchpoints[{index}].stage", f"{who} is in stage '{stage}', which is not one of the stages")
            )
    return problems


def _connection_problems(outline: Outline) -> list[Problem]:
    """Per connection, in file order: ends no touchpoint has, itself as target, a pair given before."""
    ids_known = None not in outline.touchpoint_ids
    touchpoint_set = set(outline.touchpoint_ids)
    seen_pairs: dict[tuple[str, str], str | None] = {}
    problems = []
    for index, (source, target, kind) in enumerate(zip(outline.sources, outline.targets, outline.kinds)):
        where = f"connections[{index}]"
        for end, ref in (("from", source), ("to", target)):
            if ids_known and ref is not None and ref not in touchpoint_set:
                problems.append(Problem(f"{where}.{end}", f"no touchpoint has the id '{ref}'"))
        if source is None or target is None:
            continue
        if source == target:
            problems.append(Problem(where, f"connection from '{source}' to itself"))
        pair = (source, target)
        if pair in seen_pairs:
            earlier = seen_pairs[pair]
            what = ("a duplicate" if earlier == kind or None in (earlier, kind)
                    else f"a second connection (there is already a {earlier} one)")
            problems.append(
                Problem(where, f"{what} from '{source}' to '{target}'; two steps have at most one connection each way")
            )
        else:
            seen_pairs[pair] = kind
    return problems


def _flow_totals(outline: Outline) -> tuple[dict[str, float], dict[str, int]]:
    """Per step, the sum of the shares given on its flow connections, and how many give none."""
    known: dict[str, float] = defaultdict(float)
    open_ends: dict[str, int] = defaultdict(int)
    for source, kind, share in zip(outline.sources, outline.kinds, outline.shares):
        if kind == "flow" and source is not None:
            if share is None:
                open_ends[source] += 1
            else:
                known[source] += share
    return known, open_ends


def _share_problems(known: dict[str, float]) -> list[Problem]:
    """Steps whose outgoing flow shares add up to more than 1."""
    return [
        Problem(f"touchpoint '{source}'",
                f"the shares of its outgoing flow connections add up to {total:.6g}, more than 1")
        for source, total in known.items()
        if total > 1 + SHARE_TOLERANCE
    ]


def _trapping_loop_problems(outline: Outline) -> list[Problem]:
    """Loops of flow connections that customers, once in, can never leave."""
    shares = filled_shares(outline.sources, outline.targets, outline.kinds, outline.shares)  # type: ignore[arg-type]
    ids: list[str] = outline.touchpoint_ids  # type: ignore[assignment]
    index_of = {identifier: index for index, identifier in enumerate(ids)}
    successors = [[index_of[t] for t, s in shares.get(i, {}).items() if s > 0] for i in ids]
    problems = []
    for indices in strongly_connected_components(successors):
        if len(indices) < 2:
            continue  # self-connections are rejected earlier, so a single step is no loop
        members = {ids[index] for index in indices}
        if not any(_leaks(shares.get(step, {}), members) for step in members):
            ordered = [identifier for identifier in ids if identifier in members]
            problems.append(
                Problem(
                    "connections",
                    "customers who enter the loop " + " → ".join(f"'{i}'" for i in ordered)
                    + " can never leave it; give one of its steps a way out (a connection leaving the loop, "
                    "or shares that add up to less than 1)",
                )
            )
    return problems


def _leaks(out: dict[str, float], members: set[str]) -> bool:
    """Whether customers can leave a step other than into ``members``."""
    return 1 - sum(out.values()) > SHARE_TOLERANCE or any(t not in members and s > 0 for t, s in out.items())


def _some_step_may_trap(outline: Outline, known: dict[str, float], open_ends: dict[str, int]) -> bool:
    """Whether some step's customers may never reach a step where their journey can end.

    A quick test before the loop search, from the share totals alone: a trapping loop is made of
    "full" steps (shares adding up to 1, which a step with a share left open always does) from which
    no positive share leads out. If every full step leads to one that is not, there is none.
    """
    full = set(open_ends).union(step for step, total in known.items() if 1 - total <= SHARE_TOLERANCE)
    if not full:
        return False
    predecessors: dict[str, list[str]] = defaultdict(list)
    escaping: list[str] = []
    for source, target, kind, share in zip(outline.sources, outline.targets, outline.kinds, outline.shares):
        # an open share is filled with what is left of 1, so it is positive while the given ones add up to less
        if kind != "flow" or source not in full or not (share > 0 if share is not None else known.get(source, 0.0) < 1):
            continue
        if target in full:
            predecessors[target].append(source)  # type: ignore[index]
        else:
            escaping.append(source)  # type: ignore[arg-type]
    reached = set(escaping)
    while escaping:
        for step in predecessors.get(escaping.pop(), ()):
            if step not in reached:
                reached.add(step)
                escaping.append(step)
    return len(reached) < len(full)
