"""The emotion lane: the customer's emotion curve (and the staff's) drawn as a lane of the map, under the
four lanes of the blueprint, each point exactly under its step's mark.

What the lane shows, decided here once:

- every step with a customer's emotion is a point at its mark's x; the steps of the most probable
  path (the separate curve's steps, :func:`journeymap.charts.curve.emotion_curve_rows`) are joined
  by the customer's line, in x order, so that the line reads left to right as the map does; a step
  off that path is a lighter point, not joined;
- every step with a staff's emotion is a point of the staff's line, in a colour and a dash of its
  own, joining all of them in x order (staff serve every path, not one);
- the sign is carried twice: the shape (a triangle up above 0, down below it, a diamond at 0) and
  a signed label ("+4", "−3", with a true minus sign); the customer's peak and end (the peak–end
  rule, as the curve finds them) are ringed and named ("peak +4");
- a label that would cover another label or a point is moved to the point's other side, then beside
  it, and left out (its tooltip still says it) when there is no room;
- a journey with no emotion at all keeps a thin lane that says so, so that the map does not jump
  when the room rates its first step.

y of an emotion ``e`` in a lane whose top is ``top``: ``top + EMOTION_PAD + (5 - e) * EMOTION_UNIT``
(see :func:`emotion_y`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.charts.style import (
    BAND_EVEN,
    EMOTION_LANE_H,
    EMOTION_LANE_TITLE,
    EMOTION_LANE_TITLE_WITH_STAFF,
    EMOTION_PAD,
    EMOTION_UNIT,
    EMPTY_LANE_H,
    LEFT,
    NO_EMOTION_YET,
    emotion_text,
    overlaps,
    signed_or_unrecorded,
)
from journeymap.model import Journey

__all__ = ["CUSTOMER_SERIES", "STAFF_SERIES", "SIGNS", "EmotionLane", "emotion_lane", "emotion_lane_height", "emotion_y"]

#: The lane's two series, as its legend names them.
CUSTOMER_SERIES = "Customer (most probable path)"
STAFF_SERIES = "Staff"
#: The sign of an emotion, as the points' shapes show it (shape legend order).
SIGNS = ("above 0", "0", "below 0")
_POINT_HALF = 9.0  # half a point's box, for the labels to keep off
_RING_HALF = 15.0
_LABEL_H = 18.0


@dataclass
class EmotionLane:
    """The rows of the emotion lane's layers (of one row of the map, or all of them)."""

    lanes: list[dict[str, Any]] = field(default_factory=list)  # band, title, empty or not
    messages: list[dict[str, Any]] = field(default_factory=list)  # "no emotion yet"
    scale: list[dict[str, Any]] = field(default_factory=list)  # +5, 0, −5 lines and labels
    points: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)  # the joined points, in drawing order
    rings: list[dict[str, Any]] = field(default_factory=list)  # peak and end
    labels: list[dict[str, Any]] = field(default_factory=list)

    def extend(self, other: EmotionLane) -> None:
        for name in ("lanes", "messages", "scale", "points", "lines", "rings", "labels"):
            getattr(self, name).extend(getattr(other, name))


def emotion_y(emotion: float, top: float) -> float:
    """The y of an emotion in a lane whose top is at ``top``: +5 near the top, −5 near the bottom.

    Examples
    --------
    >>> emotion_y(5, 0), emotion_y(0, 0), emotion_y(-5, 0), emotion_y(2.5, 100)
    (40.0, 120.0, 200.0, 180.0)
    """
    return top + EMOTION_PAD + (5 - emotion) * EMOTION_UNIT


def has_emotions(journey: Journey) -> bool:
    """Whether any step has an emotion, the customer's or the staff's."""
    return any(tp.emotion is not None or tp.staff_emotion is not None for tp in journey.touchpoints)


def emotion_lane_height(journey: Journey) -> float:
    """The lane's height: a full −5…+5 lane when any step has an emotion, a thin one otherwise."""
    return float(EMOTION_LANE_H) if has_emotions(journey) else float(EMPTY_LANE_H)


def path_marks(curve_rows: Sequence[Mapping[str, Any]]) -> tuple[dict[str, int], dict[str, str]]:
    """The customer's points of the curve: each step's place on the path, and the peak/end markers."""
    order = {row["id"]: row["position"] for row in curve_rows if row["series"] == "Customer"}
    markers = {row["id"]: row["marker"] for row in curve_rows if row["series"] == "Customer" and row["marker"]}
    return order, markers


def emotion_lane(
    journey: Journey,
    nodes: Sequence[Mapping[str, Any]],
    path: Mapping[str, int],
    markers: Mapping[str, str],
    *,
    top: float,
    x_right: float,
    map_row: int = 0,
) -> EmotionLane:
    """The emotion lane of one row of the map: its top at ``top``, spanning 0…``x_right``.

    ``nodes`` are the map's rows of the touchpoints drawn in this row of the map (their ``x``);
    ``path`` gives each step of the most probable path its place on it; ``markers`` the customer's
    peak and end (both from :func:`path_marks`).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}], "touchpoints": [
    ...   {"id": "ask", "name": "Asks", "stage": "s", "emotion": -2},
    ...   {"id": "sip", "name": "Sips", "stage": "s", "emotion": 3, "staff_emotion": 1}]}''')
    >>> nodes = [{"id": "ask", "x": 283.0, "stage_name": "Order"}, {"id": "sip", "x": 493.0, "stage_name": "Order"}]
    >>> lane = emotion_lane(journey, nodes, {"ask": 0, "sip": 1}, {"sip": "peak & end"}, top=0, x_right=622)
    >>> [(p["id"], p["series"], p["x"], p["y"], p["sign"]) for p in lane.points]
    [('ask', 'Customer (most probable path)', 283.0, 152.0, 'below 0'), ('sip', 'Customer (most probable path)', 493.0, 72.0, 'above 0'), ('sip', 'Staff', 493.0, 104.0, 'above 0')]
    >>> [(label["id"], label["text"]) for label in lane.labels]
    [('sip', 'peak & end +3'), ('ask', '−2'), ('sip', '+1')]
    """
    lane = EmotionLane()
    staff_drawn = any(tp.staff_emotion is not None for tp in journey.touchpoints)
    full = has_emotions(journey)
    bottom = top + (EMOTION_LANE_H if full else EMPTY_LANE_H)
    lane.lanes.append({
        "map_row": map_row, "x_left": 0.0, "x_right": x_right, "y_top": top, "y_bottom": bottom, "y": (top + bottom) / 2,
        "label": EMOTION_LANE_TITLE_WITH_STAFF if staff_drawn else EMOTION_LANE_TITLE, "empty": not full, "band": BAND_EVEN,
    })
    if not full:
        lane.messages.append({"map_row": map_row, "x": LEFT + 14.0, "y": (top + bottom) / 2, "text": NO_EMOTION_YET})
        return lane
    for value, strong in ((5, False), (0, True), (-5, False)):
        lane.scale.append({"map_row": map_row, "x_left": float(LEFT), "x_right": x_right, "label_x": LEFT - 12.0,
                           "y": emotion_y(value, top), "label": emotion_text(value), "strong": strong})
    touchpoints = {tp.id: tp for tp in journey.touchpoints}
    for node in nodes:
        touchpoint = touchpoints[node["id"]]
        for series, value in ((CUSTOMER_SERIES, touchpoint.emotion), (STAFF_SERIES, touchpoint.staff_emotion)):
            if value is None:
                continue
            customer = series == CUSTOMER_SERIES
            on_path = customer and touchpoint.id in path
            lane.points.append({
                "id": touchpoint.id,
                "name": touchpoint.name,
                "map_row": map_row,
                "series": series,
                "x": float(node["x"]),
                "y": emotion_y(value, top),
                "emotion": float(value),
                "sign": SIGNS[0] if value > 0 else SIGNS[2] if value < 0 else SIGNS[1],
                "joined": on_path or not customer,  # on its series' line
                "marker": markers.get(touchpoint.id, "") if customer else "",
                "tip_stage": node["stage_name"],
                "tip_whose": "the customer's" if customer else "the staff's",
                "tip_emotion": signed_or_unrecorded(value) + (f" ({touchpoint.feeling})" if customer and touchpoint.feeling else ""),
                "tip_path": ("on the most probable path" if on_path else "not on the most probable path") if customer else "—",
                "tip_marker": markers.get(touchpoint.id, "—") if customer else "—",
            })
    lane.lines = _lines(lane.points, path, map_row)
    lane.rings = [{**point, "ring_y": point["y"]} for point in lane.points if point["marker"]]
    lane.labels = _labels(lane.points, top, bottom, x_right)
    return lane


def _lines(points: list[dict[str, Any]], path: Mapping[str, int], map_row: int) -> list[dict[str, Any]]:
    """The joined points: the customer's on the path and every staff point, each series in x order."""
    lines: list[dict[str, Any]] = []
    for series in (CUSTOMER_SERIES, STAFF_SERIES):
        joined = [p for p in points if p["series"] == series and p["joined"]]
        joined.sort(key=lambda p: (p["x"], path.get(p["id"], 0)))
        lines.extend({"id": p["id"], "series": series, "line": f"{series} {map_row}", "x": p["x"], "y": p["y"], "order": len(lines) + i}
                     for i, p in enumerate(joined))
    return lines


def _labels(points: list[dict[str, Any]], top: float, bottom: float, x_right: float) -> list[dict[str, Any]]:
    """A signed label per point where there is room, the peak and end first, then the customer's path,
    the staff's, and the points off the path; each on its sign's side, else the other, else beside it."""
    ranked = sorted(range(len(points)), key=lambda i: (not points[i]["marker"], points[i]["series"] != CUSTOMER_SERIES,
                                                        not points[i]["joined"], i))
    taken: dict[int, list[tuple[float, float, float, float]]] = defaultdict(list)  # boxes by 100-px column

    def free(box: tuple[float, float, float, float]) -> bool:
        if box[1] < top + 2 or box[3] > bottom - 2 or box[0] < LEFT or box[2] > x_right:
            return False
        return not any(overlaps(box, other) for column in range(int(box[0] // 100) - 1, int(box[2] // 100) + 2) for other in taken[column])

    def take(box: tuple[float, float, float, float]) -> None:
        for column in range(int(box[0] // 100), int(box[2] // 100) + 1):
            taken[column].append(box)

    for point in points:
        half = _RING_HALF if point["marker"] else _POINT_HALF
        take((point["x"] - half, point["y"] - half, point["x"] + half, point["y"] + half))
    labels = []
    for index in ranked:
        point = points[index]
        text = f"{point['marker']} {emotion_text(point['emotion'])}" if point["marker"] else emotion_text(point["emotion"])
        half_width = 5 + 4.4 * len(text)
        gap = (_RING_HALF if point["marker"] else _POINT_HALF) + 2 + _LABEL_H / 2
        above, below = (point["x"], point["y"] - gap), (point["x"], point["y"] + gap)
        beside = [(point["x"] + gap + half_width, point["y"]), (point["x"] - gap - half_width, point["y"])]
        for x, y in [*((above, below) if point["emotion"] >= 0 else (below, above)), *beside]:
            box = (x - half_width, y - _LABEL_H / 2, x + half_width, y + _LABEL_H / 2)
            if free(box):
                take(box)
                labels.append({"id": point["id"], "series": point["series"], "text": text, "x": x, "y": y, "strong": point["joined"],
                               "left": box[0], "top": box[1], "right": box[2], "bottom": box[3]})
                break
    return labels
