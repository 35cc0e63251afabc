"""Empathy figures: pain per step, moments of truth, the most probable paths, peak–end.

Pain
    ``intensity = 1 − (1 − friction/10) × (1 − negativity)`` with ``negativity = max(0, −emotion)/5``:
    it is 0 only when there is no friction and the emotion is 0 or better, 1 at friction 10 or
    emotion −5, and rises with each of the two (like "either one hurts"). The score weighs that by
    how many customers meet the step: ``pain = intensity × (½ + ½ × reach)``, so a step every
    customer passes counts fully and one almost nobody passes counts half (the few who pass it still
    feel it). Staff pain is the same formula with ``staff_emotion``; it is ``None`` when the staff's
    emotion is not recorded. A step with no recorded customer emotion counts as neutral (0).
    A step is a **pain point** when its pain is at least :data:`PAIN_POINT_THRESHOLD`.

Moments of truth
    Flow connections (that customers take) between two steps with a recorded emotion, where the
    emotion changes by at least :data:`MOMENT_OF_TRUTH_MIN_CHANGE`; drops first (largest first),
    then rises (largest first), equal changes by the ids of their steps.

Paths
    The most probable routes from an entry to an exit, found best-first (A* on probabilities,
    guided by the best chance of finishing from each step) so that a large journey is never listed
    whole; a step may appear at most :data:`MAX_VISITS_PER_STEP` times on one path.

Remembered experience
    Peak–end rule (Kahneman et al. 1993): ``(peak + end) / 2``, the peak being the emotion of largest
    magnitude on the path (ties: the negative one), the end the last recorded emotion; for the
    journey, its mean over every path (:mod:`~journeymap.analysis.memory`).

docs/analysis.md ("Pain" and "Moments of truth, paths and the remembered experience") explains
them in plain words.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any

from journeymap.analysis.flow import flow_figures
from journeymap.analysis.memory import expected_peak_end
from journeymap.model.loops import strongly_connected_components
from journeymap.model import Journey, Touchpoint, effective_shares
from journeymap.vocabulary import percent_text

__all__ = [
    "MAX_VISITS_PER_STEP",
    "MOMENT_OF_TRUTH_MIN_CHANGE",
    "PAIN_POINT_THRESHOLD",
    "moments_of_truth",
    "most_probable_paths",
    "pain",
    "pain_ranks",
    "pain_reason",
    "pain_score",
    "peak_end",
    "remembered_experience",
    "staff_pain",
]

#: Pain at or above which a step is flagged as a pain point: e.g. friction 4 of 10, or emotion −2,
#: met by every customer.
PAIN_POINT_THRESHOLD = 0.4
#: Smallest change of emotion (on the −5…+5 scale) along a connection that makes a moment of truth.
MOMENT_OF_TRUTH_MIN_CHANGE = 2.0
#: How many moments of truth are listed (the largest).
MAX_MOMENTS_OF_TRUTH = 10
#: A step appears at most this many times on one path (the first visit and two retries).
MAX_VISITS_PER_STEP = 3
#: Partial paths the path search may expand before it stops with what it has found.
MAX_PATH_EXPANSIONS = 200_000


def pain_score(friction: float, emotion: float | None, reach: float | None) -> float:
    """Pain in 0…1 from friction (0…10), emotion (−5…+5, ``None`` = neutral) and reach (0…1).

    Examples
    --------
    >>> pain_score(0, 2, 1.0)
    0.0
    >>> pain_score(5, -2, 1.0)  # 1 − 0.5 × 0.6
    0.7
    >>> pain_score(5, -2, 0.0)  # half weight when (almost) nobody passes it
    0.35
    """
    negativity = max(0.0, -(emotion or 0.0)) / 5
    intensity = 1 - (1 - min(max(friction, 0.0), 10.0) / 10) * (1 - min(negativity, 1.0))
    weight = 0.5 + 0.5 * min(max(reach if reach is not None else 1.0, 0.0), 1.0)
    return round(intensity * weight, 12)


def pain(journey: Journey, figures: dict[str, Any] | None = None) -> dict[str, float]:
    """Customer pain per step (0…1), from friction, ``emotion`` and reach.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s", "emotion": -5},
    ...                   {"id": "b", "name": "B", "stage": "s", "friction": 4, "emotion": 1}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.5}]}''')
    >>> pain(journey)
    {'a': 1.0, 'b': 0.3}
    """
    figures = figures or flow_figures(journey)
    return {
        tp.id: pain_score(tp.friction, tp.emotion, r) for tp, r in zip(journey.touchpoints, figures["reach"])
    }


def staff_pain(journey: Journey, figures: dict[str, Any] | None = None) -> dict[str, float | None]:
    """Staff pain per step (0…1), from friction, ``staff_emotion`` and reach; ``None`` if not recorded.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s", "staff_emotion": -3, "friction": 2},
    ...                   {"id": "b", "name": "B", "stage": "s"}]}''')
    >>> staff_pain(journey)
    {'a': 0.68, 'b': None}
    """
    figures = figures or flow_figures(journey)
    return {
        tp.id: None if tp.staff_emotion is None else pain_score(tp.friction, tp.staff_emotion, r)
        for tp, r in zip(journey.touchpoints, figures["reach"])
    }


def pain_ranks(pains: Sequence[float]) -> list[int | None]:
    """Rank of each pain, 1 = worst, among those above 0 (``None`` for 0); equal pains share a rank.

    Examples
    --------
    >>> pain_ranks([0.2, 0.0, 0.7, 0.2, 0.1])
    [2, None, 1, 2, 4]
    """
    ordered = sorted((p for p in pains if p > 0), reverse=True)
    first_rank: dict[float, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_rank.setdefault(value, position)
    return [first_rank[p] if p > 0 else None for p in pains]


def pain_reason(touchpoint: Touchpoint, pain_value: float, reach_value: float | None) -> str:
    """A plain sentence saying why a step scores the pain it does.

    Examples
    --------
    >>> from journeymap import Touchpoint
    >>> step = Touchpoint(id="wait", name="Waits for a table", stage="s", friction=6, emotion=-3,
    ...                   feeling="annoyed")
    >>> pain_reason(step, pain_score(6, -3, 0.8), 0.8)
    'Pain 0.76, a pain point: customers feel -3 (annoyed) and meet friction 6 of 10; 80% of customers reach this step.'
    >>> pain_reason(Touchpoint(id="hi", name="Greeted", stage="s", emotion=3), 0.0, 1.0)
    'No pain: no friction and customers feel +3 here.'
    """
    if touchpoint.emotion is None:
        feel = "customers' emotion here is not recorded"
    else:
        word = f" ({touchpoint.feeling})" if touchpoint.feeling else ""
        feel = f"customers feel {_signed(touchpoint.emotion)}{word}"
    if pain_value <= 0:
        return f"No pain: no friction and {feel} here."
    friction = f"friction {_number(touchpoint.friction)} of 10"
    if touchpoint.emotion is not None and touchpoint.emotion < 0:
        what = f"{feel} and meet {friction}" if touchpoint.friction > 0 else feel
    elif touchpoint.emotion is None:
        what = f"customers meet {friction} ({feel}, counted as neutral)"
    else:
        what = f"customers meet {friction}, though they feel {_signed(touchpoint.emotion)}"
    flagged = "a pain point" if pain_value >= PAIN_POINT_THRESHOLD else "below the pain-point line"
    reach_text = "" if reach_value is None else f"; {percent_text(reach_value)} of customers reach this step"
    return f"Pain {pain_value:.2f}, {flagged}: {what}{reach_text}."


def moments_of_truth(journey: Journey, limit: int = MAX_MOMENTS_OF_TRUTH) -> list[dict[str, Any]]:
    """Flow connections along which the customer's emotion changes most (drops first, largest first).

    Only connections that carry customers (share above 0) between two steps with a recorded emotion,
    changing by at least :data:`MOMENT_OF_TRUTH_MIN_CHANGE`; at most ``limit`` of them. Equal
    changes are ordered by the ids of the steps they leave and reach.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s", "emotion": 2},
    ...                   {"id": "b", "name": "B", "stage": "s", "emotion": -3},
    ...                   {"id": "c", "name": "C", "stage": "s", "emotion": 4}],
    ...   "connections": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}''')
    >>> moments_of_truth(journey)
    [{'from': 'a', 'to': 'b', 'emotion_change': -5.0}, {'from': 'b', 'to': 'c', 'emotion_change': 7.0}]
    """
    emotion = {tp.id: tp.emotion for tp in journey.touchpoints}
    moments = []
    for source, target in _taken_connections(journey):
        if emotion[source] is None or emotion[target] is None:
            continue
        change = float(emotion[target] - emotion[source])
        if abs(change) >= MOMENT_OF_TRUTH_MIN_CHANGE:
            moments.append({"from": source, "to": target, "emotion_change": change})
    # equal changes in the order of their ids, so the list never depends on the order of the file
    moments.sort(key=lambda m: (m["emotion_change"] > 0, -abs(m["emotion_change"]), m["from"], m["to"]))
    return moments[:limit]


def most_probable_paths(
    journey: Journey,
    max_paths: int = 10,
    figures: dict[str, Any] | None = None,
    notes: list[str] | None = None,
) -> list[dict[str, Any]]:
    """The ``max_paths`` most probable routes from an entry to an exit, most probable first.

    Each is ``{"steps": [ids], "probability"}``: the entry share times the share of each connection
    taken times the share of customers ending at the last step. A step appears at most
    :data:`MAX_VISITS_PER_STEP` times on a path. The search is best-first: partial paths are expanded
    in order of the best probability they can still reach, so the first complete paths found are the
    most probable, and a large journey is never listed whole. ``notes``, if given, receives a
    sentence when the search had to stop early.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "in", "name": "In", "stage": "s"}, {"id": "web", "name": "Web", "stage": "s"},
    ...                   {"id": "shop", "name": "Shop", "stage": "s"}, {"id": "paid", "name": "Paid", "stage": "s"}],
    ...   "connections": [{"from": "in", "to": "web", "share": 0.7}, {"from": "in", "to": "shop", "share": 0.3},
    ...                   {"from": "web", "to": "paid", "share": 0.9}, {"from": "shop", "to": "paid"}]}''')
    >>> [(p["steps"], round(p["probability"], 4)) for p in most_probable_paths(journey)]
    [(['in', 'web', 'paid'], 0.63), (['in', 'shop', 'paid'], 0.3), (['in', 'web'], 0.07)]
    """
    figures = figures or flow_figures(journey)
    if not figures["entries"] or max_paths <= 0:
        return []
    ids = figures["ids"]
    index = {touchpoint_id: i for i, touchpoint_id in enumerate(ids)}
    successors, predecessors, leave = _path_graph(figures.get("shares") or effective_shares(journey), index)
    finish = _best_finish(leave, predecessors)
    component_of, in_loop = _loop_membership(successors)

    # heap items: (-best reachable probability, -depth, tie counter, node, probability, chain, done)
    # chain is a linked list (node, parent chain) so extending a path never copies it.
    heap: list[tuple[float, int, int, int, float, Any, bool]] = []
    counter = 0
    for touchpoint_id, share in figures["entries"].items():
        i = index[touchpoint_id]
        if share * finish[i] > 0:
            heap.append((-share * finish[i], -1, counter, i, share, (i, None), False))
            counter += 1
    heapq.heapify(heap)
    paths: list[dict[str, Any]] = []
    expansions = 0
    while heap and len(paths) < max_paths:
        _, depth, _, node, probability, chain, done = heapq.heappop(heap)
        if done:
            paths.append({"steps": _chain_ids(chain, ids), "probability": probability})
            continue
        expansions += 1
        if expansions > MAX_PATH_EXPANSIONS:
            if notes is not None:
                notes.append(
                    f"The path search stopped after {MAX_PATH_EXPANSIONS:,} steps with {len(paths)} path(s) found."
                )
            break
        if leave[node] > 0:
            ended = probability * leave[node]
            heapq.heappush(heap, (-ended, depth, counter, node, ended, chain, True))
            counter += 1
        for j, share in successors[node]:
            if in_loop[j] and _visits_in_chain(chain, j, component_of) >= MAX_VISITS_PER_STEP:
                continue
            extended = probability * share
            bound = extended * finish[j]
            if bound > 0:
                heapq.heappush(heap, (-bound, depth - 1, counter, j, extended, (j, chain), False))
                counter += 1
    return paths


def peak_end(emotions: Sequence[float | None]) -> float | None:
    """Remembered experience of a sequence of emotions: (peak + end) / 2 (``None`` if none recorded).

    The peak is the emotion of largest magnitude (ties: the negative one), the end the last recorded.

    Examples
    --------
    >>> peak_end([1, -4, 2, None])
    -1.0
    >>> peak_end([3, -3, 1])
    -1.0
    >>> peak_end([None, None]) is None
    True
    """
    recorded = [float(e) for e in emotions if e is not None]
    if not recorded:
        return None
    peak = min(recorded, key=lambda e: (-abs(e), e))
    return (peak + recorded[-1]) / 2


def remembered_experience(
    journey: Journey, paths: list[dict[str, Any]] | None = None, notes: list[str] | None = None
) -> float | None:
    """The journey's remembered experience: the mean peak–end over the paths customers take.

    Without ``paths``: exact over every path, retries included
    (:func:`~journeymap.analysis.memory.expected_peak_end`). With ``paths`` (as from
    :func:`most_probable_paths`): the probability-weighted mean over those paths only, their
    weights scaled to add up to 1; ``notes``, if given, then receives a sentence saying how much
    of the journey they cover. Paths with no recorded emotion are left out either way.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s", "emotion": -2},
    ...                   {"id": "b", "name": "B", "stage": "s", "emotion": 4}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.75}]}''')
    >>> remembered_experience(journey)  # 0.25 × (−2) + 0.75 × (4 + 4) / 2
    2.5
    """
    if paths is None:
        return expected_peak_end(journey)
    emotion = {tp.id: tp.emotion for tp in journey.touchpoints}
    weighted = weight = covered = 0.0
    for path in paths:
        covered += path["probability"]
        value = path.get("remembered_experience", peak_end([emotion[i] for i in path["steps"]]))
        if value is not None:
            weighted += path["probability"] * value
            weight += path["probability"]
    if notes is not None and paths and covered < 1 - 1e-9:
        notes.append(
            f"The {len(paths)} paths given cover {percent_text(covered)} of customers; this remembered "
            "experience is their weighted mean, taking the rest to remember the journey alike."
        )
    return weighted / weight if weight > 0 else None


# --- internals -------------------------------------------------------------------------------


def _path_graph(
    shares: dict[str, dict[str, float]], index: dict[str, int]
) -> tuple[list[list[tuple[int, float]]], list[list[tuple[int, float]]], list[float]]:
    """Per step: where customers go on (with shares above 0), where they come from, and who ends there."""
    successors: list[list[tuple[int, float]]] = [[] for _ in index]
    predecessors: list[list[tuple[int, float]]] = [[] for _ in index]
    for source, targets in shares.items():
        for target, share in targets.items():
            if share > 0:
                successors[index[source]].append((index[target], share))
                predecessors[index[target]].append((index[source], share))
    leave = [max(0.0, 1.0 - sum(share for _, share in step)) for step in successors]
    return successors, predecessors, [0.0 if value < 1e-12 else value for value in leave]


def _taken_connections(journey: Journey) -> list[tuple[str, str]]:
    """The flow connections that carry customers (share above 0, missing shares filled as
    :func:`~journeymap.model.effective_shares` fills them), without building every share."""
    given: dict[str, float] = {}
    missing: dict[str, int] = {}
    flow = [c for c in journey.connections if c.kind == "flow"]
    for c in flow:
        if c.share is None:
            missing[c.from_] = missing.get(c.from_, 0) + 1
        else:
            given[c.from_] = given.get(c.from_, 0.0) + c.share
    # a missing share is above 0 exactly when the given ones leave something of 1
    return [(c.from_, c.to) for c in flow if (c.share > 0 if c.share is not None else given.get(c.from_, 0.0) < 1.0)]


def _loop_membership(successors: list[list[tuple[int, float]]]) -> tuple[list[int], list[bool]]:
    """Each step's loop (strongly connected component) number, and whether that loop has more than one step."""
    component_of = [0] * len(successors)
    in_loop = [False] * len(successors)
    for number, component in enumerate(strongly_connected_components([[j for j, _ in step] for step in successors])):
        for i in component:
            component_of[i] = number
            in_loop[i] = len(component) > 1
    return component_of, in_loop


def _best_finish(leave: list[float], predecessors: list[list[tuple[int, float]]]) -> list[float]:
    """Per step, the largest probability of any route from it to an exit (Dijkstra on products ≤ 1)."""
    best = list(leave)
    heap = [(-value, i) for i, value in enumerate(best) if value > 0]
    heapq.heapify(heap)
    settled = [False] * len(best)
    while heap:
        negative, i = heapq.heappop(heap)
        if settled[i] or -negative < best[i]:
            continue
        settled[i] = True
        for p, share in predecessors[i]:
            candidate = share * best[i]
            if candidate > best[p]:
                best[p] = candidate
                heapq.heappush(heap, (-candidate, p))
    return best


def _visits_in_chain(chain: Any, node: int, component_of: list[int]) -> int:
    """Times ``node`` already appears on the path; only the stretch inside its loop can hold it."""
    component = component_of[node]
    count = 0
    while chain is not None and component_of[chain[0]] == component:
        if chain[0] == node:
            count += 1
        chain = chain[1]
    return count


def _chain_ids(chain: Any, ids: list[str]) -> list[str]:
    steps = []
    while chain is not None:
        steps.append(ids[chain[0]])
        chain = chain[1]
    steps.reverse()
    return steps


def _signed(value: float) -> str:
    return f"+{_number(value)}" if value > 0 else _number(value)


def _number(value: float) -> str:
    return f"{value:g}"
