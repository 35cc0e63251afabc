"""Where the journey map's connection lines run: straight when clear, bowed around steps in the way.

The whole interface is :func:`route_connections`: it takes the journey and the placed touchpoints
(the rows of :attr:`journeymap.charts.layout.MapLayout.nodes`) and returns :class:`Routes`, the
sampled points of each line, its arrowhead and the label of its share. It knows nothing of lanes or
stages; it only keeps lines off marks, names and badges, and share labels off everything drawn.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.charts.style import BADGE_DY, NAME_DY, NAME_LINE_H, TOP, overlaps, percent_or_unknown
from journeymap.model import Connection, Journey, effective_shares

__all__ = ["Routes", "route_connections"]

#: Points sampled along a bowed line (and tested against obstacles).
SAMPLES = 16
#: Where along a line its share label may go, best first (midway, then nearer either end).
_LABEL_SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.5)

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # left, top, right, bottom
Obstacle = tuple[str, float, float, float]  # owner's id, centre x, centre y, clearance
#: The side of a cell of the spatial indexes, in pixels: about one touchpoint's slot, so that a
#: short line between neighbours looks at a handful of cells.
CELL = 200.0


@dataclass
class Routes:
    """The lines of a map's connections, as rows for Vega-Lite.

    ``edge_points`` holds one row per drawn point of each line (two for a straight one), in
    connection order; ``arrows`` one arrowhead per line; ``share_labels`` one label per flow
    connection whose file gives a share.
    """

    edge_points: list[dict[str, Any]] = field(default_factory=list)
    arrows: list[dict[str, Any]] = field(default_factory=list)
    share_labels: list[dict[str, Any]] = field(default_factory=list)


class _Grid:
    """A spatial index: items filed under every square cell of :data:`CELL` pixels their box touches.

    A query returns the items filed under the cells a box touches, in the order they were added
    and each once: a superset of the items whose boxes overlap it, which the caller then tests
    exactly as before. That keeps every decision of the all-pairs search, found in time that grows
    with what is near a line rather than with the whole map.
    """

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        self.items: list[Any] = []

    def add(self, item: Any, box: Box) -> None:
        number = len(self.items)
        self.items.append(item)
        for cell in _cells_of(box):
            self._cells[cell].append(number)

    def add_box(self, box: Box) -> None:
        """File a box as its own item."""
        self.add(box, box)

    def numbered_near(self, box: Box) -> Iterable[tuple[int, Any]]:
        """The items (with their numbers) filed under the cells ``box`` touches; one item may come twice."""
        for cell in _cells_of(box):
            for number in self._cells.get(cell, ()):
                yield number, self.items[number]

    def near(self, boxes: Iterable[Box]) -> list[Any]:
        """The items filed under any cell one of ``boxes`` touches, in the order they were added."""
        found: set[int] = set()
        for box in boxes:
            for cell in _cells_of(box):
                found.update(self._cells.get(cell, ()))
        return [self.items[number] for number in sorted(found)]


def _cells_of(box: Box) -> Iterable[tuple[int, int]]:
    left, top, right, bottom = (math.floor(edge / CELL) for edge in box)
    return ((column, row) for column in range(left, right + 1) for row in range(top, bottom + 1))


def route_connections(
    journey: Journey,
    nodes: Sequence[Mapping[str, Any]],
    height: float,
    *,
    top: float = 0.0,
    numbered: Iterable[tuple[int, Connection]] | None = None,
    ports: Mapping[str, Mapping[str, Any]] | None = None,
) -> Routes:
    """Lines for the connections: straight when clear, bowed around touchpoints in the way.

    A connection whose straight line would cross another touchpoint's mark or name is drawn as a
    curve, bowed just enough to clear them; two connections between the same steps in opposite
    directions bow to opposite sides, so that a retry loop shows as two lines. Connections to a
    step not in ``nodes`` are left out. ``top`` and ``height`` are where the map (or its row) starts
    and ends: a line must not leave it.

    ``numbered`` routes only these (number, connection) pairs instead of the journey's (numbered in
    file order); ``ports`` are line ends that are not steps (``id``, ``x``, ``y``, ``radius``): a
    connection may end at one, and none is in a line's way.
    """
    by_id = {node["id"]: node for node in nodes}
    if ports:
        by_id.update(ports)
    shares = effective_shares(journey)
    pairs = {(c.from_, c.to) for c in journey.connections}
    boxes = _label_boxes(nodes)
    obstacles = _obstacles(nodes)
    routes = Routes()
    for number, connection in enumerate(journey.connections) if numbered is None else numbered:
        source, target = by_id.get(connection.from_), by_id.get(connection.to)
        if source is None or target is None:
            continue
        start, end = (source["x"], source["y"]), (target["x"], target["y"])
        reverse_too = (connection.to, connection.from_) in pairs
        ends = (connection.from_, connection.to)
        bow = _best_bow(start, end, _bow_candidates(reverse_too), obstacles, ends, (top, height))
        control = _control_point(start, end, bow)
        points = [_bezier(start, control, end, i / SAMPLES) for i in range(SAMPLES + 1)]
        drawn = points if bow else [points[0], points[-1]]  # a straight line needs only its ends
        kind = connection.kind
        edge_id = f"{connection.from_}→{connection.to}"
        for order, (px, py) in enumerate(drawn):
            routes.edge_points.append({"edge": edge_id, "edge_index": number, "order": order, "x": px, "y": py, "kind": kind})
        # The arrowhead sits where the line meets the target's mark, pointing along the line.
        arrow = _arrow_at(points, target["radius"] + 4)
        if arrow is not None:
            routes.arrows.append({"edge": edge_id, "edge_index": number, "kind": kind, **arrow})
        if kind == "flow" and connection.share is not None:
            label = _share_label(connection, edge_id, (start, control, end), boxes)
            label["edge_index"] = number
            label["effective_share"] = shares.get(connection.from_, {}).get(connection.to)
            routes.share_labels.append(label)
    return routes


def _label_boxes(nodes: Sequence[Mapping[str, Any]]) -> _Grid:
    """What a share label must not cover: marks, names with their exit line, badges (each its own box)."""
    boxes = _Grid()
    for node in nodes:
        r = node["radius"] + 2
        boxes.add_box((node["x"] - r, node["y"] - r, node["x"] + r, node["y"] + r))
        boxes.add_box((node["x"] - node["label_half_width"], node["y"] + NAME_DY - 2, node["x"] + node["label_half_width"], node["label_bottom"]))
        if node["exit_text"]:
            half = 4 + 4.6 * len(node["exit_text"])
            boxes.add_box((node["x"] - half, node["exit_y"], node["x"] + half, node["exit_y"] + NAME_LINE_H))
        if node["badge"]:
            boxes.add_box((node["x"] - node["badge_half_width"], node["y"] + BADGE_DY - 11, node["x"] + node["badge_half_width"], node["y"] + BADGE_DY + 11))
    return boxes


def _obstacles(nodes: Sequence[Mapping[str, Any]]) -> _Grid:
    """What a line must go around: each mark, the middle of its name below it, and its badge.

    Each obstacle is filed under the cells its clearance square touches: a line can only come
    within the clearance of an obstacle in a cell that one of its segments' boxes touches.
    """
    obstacles = _Grid()
    for node in nodes:
        for obstacle in (
            (node["id"], node["x"], node["y"], node["radius"] + 10),
            (node["id"], node["x"], node["y"] + NAME_DY + 20, 42),
            *([(node["id"], node["x"], node["y"] + BADGE_DY, 14)] if node["badge"] else []),
        ):
            _, ox, oy, clearance = obstacle
            obstacles.add(obstacle, (ox - clearance, oy - clearance, ox + clearance, oy + clearance))
    return obstacles


def _bow_candidates(reverse_too: bool) -> list[float]:
    """The bows to try, in order of preference, in pixels off the straight line (0 is straight).

    A connection alone tries straight, then ever wider bows to either side; one of a pair in
    opposite directions starts bowed to its own side (its partner's normal points the other way)
    and only bows further that way.

    Examples
    --------
    >>> _bow_candidates(False)
    [0.0, 50.0, -50.0, 85.0, -85.0, 120.0, -120.0, 160.0, -160.0, 200.0, -200.0]
    >>> _bow_candidates(True)
    [22.0, 50.0, 85.0, 120.0, 160.0, 200.0]
    """
    bows = [0.0] if not reverse_too else []
    base = 22.0 if reverse_too else 0.0
    for step in (50, 85, 120, 160, 200):
        bows += [base + step, -(base + step)] if base == 0 else [base + step - 22]
    if base:
        bows = [base] + bows
    return bows


def _best_bow(start: Point, end: Point, bows: list[float], obstacles: _Grid, ends: tuple[str, str], span: tuple[float, float]) -> float:
    """The first bow that clears everything; failing that, the one that hits the least.

    Leaving the map (into the stage names, or off its edge) counts as worse than any crossing; ties
    go to the earlier bow.
    """
    best: tuple[int, int] | None = None
    chosen = 0.0
    top, height = span
    for rank, bow in enumerate(bows):
        control = _control_point(start, end, bow)
        points = [_bezier(start, control, end, i / SAMPLES) for i in range(SAMPLES + 1)]
        outside = sum(1 for _, py in points if not top + TOP + 6 < py < height - 4)
        # A bow only wins with a lower score than the best so far: counting beyond it is wasted.
        enough = None if best is None else best[0] - outside * 1000
        hits = 0 if enough is not None and enough <= 0 else _hits(points, obstacles, ends, enough)
        score = (outside * 1000 + hits, rank)
        if best is None or score < best:
            best, chosen = score, bow
        if score[0] == 0:
            break
    return chosen


def _hits(points: list[Point], obstacles: _Grid, ends: tuple[str, str], enough: int | None = None) -> int:
    """How many obstacles (not those of the line's own ends) the sampled line comes too close to.

    Each segment of the line is measured only against the obstacles filed in the cells its box
    touches (an obstacle within its clearance of a segment always shares one). With ``enough``
    the count stops there: the caller only needs to know that the line is no better.
    """
    hit: set[int] = set()
    for a, b in zip(points, points[1:]):
        left, top, right, bottom = min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])
        for number, (owner, ox, oy, clearance) in obstacles.numbered_near((left, top, right, bottom)):
            if number in hit or owner in ends:
                continue
            # off the segment's box by more than the clearance: too far, without measuring
            if not (left - clearance <= ox <= right + clearance and top - clearance <= oy <= bottom + clearance):
                continue
            if _distance_to_segment((ox, oy), a, b) > clearance:
                continue
            hit.add(number)
            if enough is not None and len(hit) >= enough:
                return len(hit)
    return len(hit)


def _control_point(start: Point, end: Point, bow: float) -> Point:
    """The control point of the quadratic curve bowed ``bow`` pixels off the line start–end."""
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    normal = (-dy / length, dx / length)
    return ((start[0] + end[0]) / 2 + normal[0] * bow * 2, (start[1] + end[1]) / 2 + normal[1] * bow * 2)


def _share_label(connection: Connection, edge_id: str, curve: tuple[Point, Point, Point], boxes: _Grid) -> dict[str, Any]:
    """The share's label: midway along the line if that spot is free, else the nearest free spot.

    The label's box is added to ``boxes``, so that later labels keep off it too.
    """
    start, control, end = curve
    share = connection.share
    assert share is not None  # only connections with a share are labelled
    text = percent_or_unknown(share)
    half_width = 5 + 4.3 * len(text)
    for t in _LABEL_SPOTS:
        mx, my = _bezier(start, control, end, t)
        box = (mx - half_width, my - 11, mx + half_width, my + 11)
        if not any(overlaps(box, other) for other in boxes.near([box])):
            break
    boxes.add_box((mx - half_width, my - 11, mx + half_width, my + 11))
    return {
        "edge": edge_id,
        "text": text,
        "share": share,
        "x": mx,
        "y": my,
        "half_width": half_width,
        "label": connection.label or "",
    }


def _bezier(p0: Point, control: Point, p2: Point, t: float) -> Point:
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    return (a * p0[0] + b * control[0] + c * p2[0], a * p0[1] + b * control[1] + c * p2[1])


def _distance_to_segment(point: Point, a: Point, b: Point) -> float:
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _arrow_at(points: list[Point], back_off: float) -> dict[str, float] | None:
    """The arrowhead ``back_off`` pixels before the line's end, its angle along the line there."""
    end = points[-1]
    for i in range(len(points) - 1, 0, -1):
        if math.hypot(points[i - 1][0] - end[0], points[i - 1][1] - end[1]) >= back_off:
            a, b = points[i - 1], points[i]
            # the point at distance back_off from the end, on segment a-b
            da, db = math.hypot(a[0] - end[0], a[1] - end[1]), math.hypot(b[0] - end[0], b[1] - end[1])
            t = 0.0 if da == db else (da - back_off) / (da - db)
            x, y = a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
            angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
            return {"x": x, "y": y, "angle": (angle + 90) % 360}
    return None
