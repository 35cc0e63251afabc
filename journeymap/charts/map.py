"""Altair charts of a journey: the annotated map (a service blueprint), the emotion curve, the
automation matrix, and the full report that images are made of.

Every chart takes the journey and its analysis (the plain dict of ``analyze(journey)``, the same
object ``journeymap analyze --json`` prints), so that a caller who already has the analysis (the app
caches it) does not pay for it twice. The map's geometry is computed here in Python, in pixels
(:func:`journey_map_layout`): Vega-Lite only draws it, which keeps the map free of overlaps and the
layout testable without a browser. Each chart is written as plain Vega-Lite JSON and wrapped in
Altair objects once; images are drawn from that JSON directly (:func:`full_report_spec`).

A cached analysis may lag behind the journey while someone edits it: touchpoints that the analysis
does not know are still drawn, only without their figures.
"""

from __future__ import annotations

import copy
import math
import textwrap
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import altair as alt

from journeymap.model import LANES, Journey, effective_shares
from journeymap.vocabulary import RECOMMENDATION_COLOURS, RECOMMENDATION_LABELS, RECOMMENDATIONS, percent_text

__all__ = [
    "LANE_TITLES",
    "BADGE_TEXTS",
    "MapLayout",
    "automation_matrix_chart",
    "emotion_curve_chart",
    "full_report_chart",
    "full_report_spec",
    "journey_map_chart",
    "journey_map_layout",
    "label_lines",
]

SizeBy = Literal["friction", "volume"]

LANE_TITLES = {
    "customer": "Customer\nactions",
    "frontstage": "Frontstage\nstaff in view",
    "backstage": "Backstage\nout of view",
    "support": "Support\nsystems",
}
#: The lines of a service blueprint, drawn under the lane they close. A solid line has no dash
#: pattern at all: the renderer of images cuts a line dashed [1, 0] into one-pixel pieces.
_LINES_BELOW = {
    "customer": ("line of interaction", []),
    "frontstage": ("line of visibility", [10, 5]),
    "backstage": ("line of internal interaction", [3, 4]),
}
#: The advice badge above each step: the recommendation's short name in capitals.
BADGE_TEXTS = {key: label.upper() for key, label in RECOMMENDATION_LABELS.items()}
#: The quadrants of the automation matrix, named after the advice they give.
QUADRANT_NAMES = {**RECOMMENDATION_LABELS, "assist": f"{RECOMMENDATION_LABELS['assist']} (person in the loop)"}
_EMOTION_DOMAIN = [-5, 0, 5]
_EMOTION_RANGE = ["#c62828", "#f3f1ea", "#2e7d32"]
_NO_EMOTION = "#cfcfcf"
_INK = "#1f2933"
_MUTED = "#52606d"
_LEAVE = "#a61b1b"
_FINISH = "#1b6b2a"

# Geometry of the map, in pixels. Generous on purpose: the map is projected on a wall.
_LEFT = 178  # lane titles
_TOP = 64  # stage names
_SLOT_W = 210  # one touchpoint's column
_ROW_H = 208  # one touchpoint's row: badge, mark, three lines of name, one of exit
_EMPTY_LANE_H = 64
_PER_ROW = 4  # touchpoints side by side in one cell before they wrap to a new row
_RIGHT = 24
_BADGE_DY = -54  # badge centre above the mark's centre
_NAME_DY = 36  # top of the name below the mark's centre
_NAME_LINE_H = 18
_MARK_DY = 78  # mark centre below the row's top
_SIZE_RANGE = [260, 2300]  # mark area in px² (radius about 9 to 27 px)
_NAME_WIDTH = 22  # characters per line of a touchpoint's name
_NAME_LINES = 3
_CHAR_W = 8.6  # average width of a character of the names' font, for the boxes behind them
_FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"


def label_lines(text: str, width: int = _NAME_WIDTH, max_lines: int = _NAME_LINES) -> list[str]:
    """A name wrapped into at most ``max_lines`` lines of ``width`` characters, shortened with "…".

    Examples
    --------
    >>> label_lines("Waits for the table")
    ['Waits for the table']
    >>> label_lines("Waits at the counter while the order is prepared in the kitchen", max_lines=2)
    ['Waits at the counter', 'while the order is…']
    """
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    kept[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return kept


@dataclass
class MapLayout:
    """Where everything of the journey map goes, in pixels from the top-left corner.

    ``nodes`` holds one row per touchpoint (file order) with its position and everything the map
    shows or tooltips; ``edges`` one row per sampled point of each connection's line; the other
    lists hold the background (stages, lanes, blueprint lines) and the annotations.
    """

    width: float
    height: float
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edge_points: list[dict[str, Any]] = field(default_factory=list)
    arrows: list[dict[str, Any]] = field(default_factory=list)
    share_labels: list[dict[str, Any]] = field(default_factory=list)
    stages: list[dict[str, Any]] = field(default_factory=list)
    lanes: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    size_title: str = ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _percent(value: float | None) -> str:
    return "unknown" if value is None else percent_text(value)


def _signed(value: float | None) -> str:
    if value is None:
        return "not recorded"
    return f"{value:+.1f}".replace("+0.0", "0").replace("-", "−")


def _analysis_rows(analysis: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    rows = (analysis or {}).get("touchpoints") or []
    return {row["id"]: row for row in rows if isinstance(row, Mapping) and "id" in row}


def _size_values(journey: Journey, by_id: Mapping[str, Mapping[str, Any]], size_by: SizeBy) -> tuple[dict[str, float], str, list[float]]:
    """The value each mark's area encodes, the legend title, and the scale's domain."""
    if size_by == "friction":
        return {tp.id: float(tp.friction) for tp in journey.touchpoints}, "Size: friction (0–10)", [0, 10]
    volumes = {tp.id: _number(by_id.get(tp.id, {}).get("weekly_volume")) for tp in journey.touchpoints}
    if any(volume is not None for volume in volumes.values()):
        top = max((v for v in volumes.values() if v is not None), default=0.0) or 1.0
        return {k: v or 0.0 for k, v in volumes.items()}, "Size: customers a week", [0, top]
    # Without customers_per_week there is no weekly volume; the share of customers reaching a step
    # is the same picture in relative terms, and the legend says so.
    reach = {tp.id: 100 * (_number(by_id.get(tp.id, {}).get("reach")) or 0.0) for tp in journey.touchpoints}
    return reach, "Size: % of customers reaching it", [0, 100]


def _area(value: float, domain: Sequence[float]) -> float:
    low, high = domain
    fraction = 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    return _SIZE_RANGE[0] + fraction * (_SIZE_RANGE[1] - _SIZE_RANGE[0])


def journey_map_layout(
    journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction"
) -> MapLayout:
    """Compute the journey map's geometry: stage columns, lane rows, and a free slot per touchpoint.

    Stages are columns in their file order; lanes are the four rows of a service blueprint. The
    touchpoints of one cell (a stage in a lane) sit side by side in file order, wrapping to a new row
    after four, so that no two share a position. A column is as wide as its fullest cell; a lane as
    tall as its fullest cell; a lane with no touchpoint stays as a thin, named row.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "order", "name": "Order"},
    ...   {"id": "pay", "name": "Pay"}], "touchpoints": [
    ...   {"id": "ask", "name": "Asks for a latte", "stage": "order"},
    ...   {"id": "choose", "name": "Picks a cake", "stage": "order"},
    ...   {"id": "card", "name": "Taps the card", "stage": "pay"}]}''')
    >>> layout = journey_map_layout(journey)
    >>> [(n["id"], n["stage_column"], n["lane_row"], n["slot"]) for n in layout.nodes]
    [('ask', 0, 0, 0), ('choose', 0, 0, 1), ('card', 1, 0, 0)]
    >>> [s["name"] for s in layout.stages]
    ['Order', 'Pay']
    """
    by_id = _analysis_rows(analysis)
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    for touchpoint in journey.touchpoints:
        cells[(stage_index[touchpoint.stage], touchpoint.lane)].append(touchpoint.id)

    stage_slots = [
        max([1] + [min(len(cells.get((index, lane), [])), _PER_ROW) for lane in LANES]) for index in range(len(journey.stages))
    ]
    lane_rows = {
        lane: max([0] + [math.ceil(len(cells.get((index, lane), [])) / _PER_ROW) for index in range(len(journey.stages))])
        for lane in LANES
    }
    stage_left: list[float] = []
    x = float(_LEFT)
    for slots in stage_slots:
        stage_left.append(x)
        x += slots * _SLOT_W
    width = x + _RIGHT
    lane_top: dict[str, float] = {}
    y = float(_TOP)
    for lane in LANES:
        lane_top[lane] = y
        y += lane_rows[lane] * _ROW_H if lane_rows[lane] else _EMPTY_LANE_H
    height = y + 8

    layout = MapLayout(width=width, height=height)
    for index, stage in enumerate(journey.stages):
        left, right = stage_left[index], stage_left[index] + stage_slots[index] * _SLOT_W
        layout.stages.append(
            {
                "id": stage.id,
                "name": stage.name,
                "label": "\n".join(label_lines(stage.name, width=max(12, stage_slots[index] * 17), max_lines=2)),
                "column": index,
                "x": (left + right) / 2,
                "x_left": left,
                "x_right": right,
                "y": _TOP / 2,
                "y_top": 0.0,
                "y_bottom": height,
            }
        )
    for row, lane in enumerate(LANES):
        bottom = lane_top[lane] + (lane_rows[lane] * _ROW_H if lane_rows[lane] else _EMPTY_LANE_H)
        layout.lanes.append(
            {
                "lane": lane,
                "label": LANE_TITLES[lane],
                "row": row,
                "empty": lane_rows[lane] == 0,
                "x_left": 0.0,
                "x_right": width,
                "y_top": lane_top[lane],
                "y_bottom": bottom,
                "y": (lane_top[lane] + bottom) / 2,
                "band": "#f4f6f9" if row % 2 == 0 else "#ffffff",
            }
        )
        if lane in _LINES_BELOW:
            name, dash = _LINES_BELOW[lane]
            layout.lines.append({"name": name, "label": name, "y": bottom, "dash": list(dash), "x_left": 0.0, "x_right": width, "label_x": 8.0})

    values, layout.size_title, size_domain = _size_values(journey, by_id, size_by)
    positions = _cell_positions(journey, cells, stage_slots)
    for file_index, touchpoint in enumerate(journey.touchpoints):
        column = stage_index[touchpoint.stage]
        members = cells[(column, touchpoint.lane)]
        slot = members.index(touchpoint.id)
        row_in_cell, col_in_row = divmod(slot, _PER_ROW)
        in_this_row = min(_PER_ROW, len(members) - row_in_cell * _PER_ROW)
        # A cell with fewer touchpoints than its column has slots is centred in the column.
        if len(members) <= _PER_ROW:
            node_x = stage_left[column] + (positions[touchpoint.id] + 0.5) * _SLOT_W
        else:  # a crowded cell fills its rows left to right, the last row centred
            offset = (stage_slots[column] - in_this_row) * _SLOT_W / 2
            node_x = stage_left[column] + offset + (col_in_row + 0.5) * _SLOT_W
        node_y = lane_top[touchpoint.lane] + row_in_cell * _ROW_H + _MARK_DY
        figures = by_id.get(touchpoint.id, {})
        automation = figures.get("automation") or {}
        recommendation = automation.get("recommendation") if isinstance(automation, Mapping) else None
        staff_side = touchpoint.lane in ("backstage", "support")
        colour_value = touchpoint.staff_emotion if staff_side else touchpoint.emotion
        pain_point = bool(figures.get("is_pain_point"))
        pain_rank = figures.get("pain_rank") if pain_point else None
        drop_off = _number(figures.get("drop_off"))
        exit_share = _number(figures.get("exit"))
        if drop_off is not None and drop_off >= 0.005:
            exit_text = f"↘ {_percent(drop_off)} leave here"
        elif exit_share is not None and exit_share >= 0.005:  # a goal step: its exit is completion
            exit_text = f"✓ {_percent(exit_share)} finish here"
        else:
            exit_text = ""
        size_value = values.get(touchpoint.id, 0.0)
        area = _area(size_value, size_domain)
        radius = math.sqrt(area / math.pi) if not staff_side else math.sqrt(area) / 2
        lines = label_lines(touchpoint.name)
        reasons = automation.get("reasons") if isinstance(automation, Mapping) else None
        warnings = automation.get("warnings") if isinstance(automation, Mapping) else None
        layout.nodes.append(
            {
                "id": touchpoint.id,
                "name": touchpoint.name,
                "label": "\n".join(lines),
                "label_lines": lines,
                "label_half_width": 4 + _CHAR_W * max(len(line) for line in lines) / 2,
                "label_bottom": node_y + _NAME_DY + _NAME_LINE_H * len(lines) + (_NAME_LINE_H + 4 if exit_text else 2),
                "exit_y": node_y + _NAME_DY + _NAME_LINE_H * len(lines) + 3,
                "band": "#f4f6f9" if LANES.index(touchpoint.lane) % 2 == 0 else "#ffffff",
                "file_index": file_index,
                "stage": touchpoint.stage,
                "stage_name": journey.stages[column].name,
                "stage_column": column,
                "lane": touchpoint.lane,
                "lane_row": LANES.index(touchpoint.lane),
                "slot": slot,
                "x": node_x,
                "y": node_y,
                "radius": radius,
                "emotion_of": "staff" if staff_side else "customer",
                "emotion_shape": "Staff's emotion" if staff_side else "Customer's emotion",
                # 0 rather than null: Vega-Lite drops marks whose encoded value is null
                "colour_value": 0.0 if colour_value is None else float(colour_value),
                "has_emotion": colour_value is not None,
                "size_value": size_value,
                "pain_point": "Pain point (#rank)" if pain_point else "Other step",
                "is_pain_point": pain_point,
                "pain_rank": pain_rank,
                "rank_label": f"#{pain_rank}" if pain_rank is not None else "",
                "recommendation": recommendation,
                "badge": BADGE_TEXTS.get(recommendation, "") if recommendation else "",
                "badge_half_width": 4 + 4.4 * len(BADGE_TEXTS.get(recommendation, "")) if recommendation else 0,
                "exit_text": exit_text,
                # Tooltip fields: full text and figures, as plain strings.
                "tip_channel": touchpoint.channel or "—",
                "tip_emotion": _signed(touchpoint.emotion) + (f" ({touchpoint.feeling})" if touchpoint.feeling else ""),
                "tip_staff_emotion": _signed(touchpoint.staff_emotion),
                "tip_friction": f"{touchpoint.friction:g} / 10",
                "tip_reach": _percent(_number(figures.get("reach"))),
                "tip_volume": _volume_text(_number(figures.get("weekly_volume"))),
                "tip_drop_off": _percent(drop_off) if drop_off is not None else "—",
                "tip_pain": _pain_text(figures, pain_rank),
                "tip_advice": _advice_text(recommendation, automation),
                "tip_reasons": " ".join(reasons) if isinstance(reasons, list) else "",
                "tip_warnings": " ".join(warnings) if isinstance(warnings, list) and warnings else "none",
            }
        )
    _route_connections(journey, layout)
    return layout


def _cell_positions(journey: Journey, cells: Mapping[tuple[int, str], list[str]], stage_slots: list[int]) -> dict[str, float]:
    """Each touchpoint's position across its stage column, in slots (0 = leftmost), for cells of one row.

    A cell with as many touchpoints as its column has slots fills them in file order. A cell with
    fewer places each touchpoint near the steps it is connected to (the mean of their positions;
    steps in earlier stages pull it left, later ones right), so that a frontstage step sits under the
    customer step it serves; the file order is kept and touchpoints stay a whole slot apart.
    """
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    stage_of = {tp.id: stage_index[tp.stage] for tp in journey.touchpoints}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for connection in journey.connections:
        if connection.from_ in stage_of and connection.to in stage_of:
            neighbours[connection.from_].append(connection.to)
            neighbours[connection.to].append(connection.from_)
    positions: dict[str, float] = {}
    for (column, _lane), members in cells.items():
        slots = stage_slots[column]
        if len(members) > _PER_ROW:
            continue
        centre = (slots - len(members)) / 2
        for index, member in enumerate(members):
            positions[member] = centre + index
    for _ in range(2):  # a second pass lets cells settle against each other's new places
        for (column, _lane), members in sorted(cells.items()):
            slots = stage_slots[column]
            if len(members) >= slots or len(members) > _PER_ROW:
                continue
            wanted = []
            for member in members:
                pulls = []
                for other in neighbours[member]:
                    if stage_of[other] == column and other in positions:
                        pulls.append(positions[other])
                    elif stage_of[other] != column:
                        pulls.append(-0.5 if stage_of[other] < column else slots - 0.5)
                wanted.append(sum(pulls) / len(pulls) if pulls else positions[member])
            previous = -1.0
            count = len(members)
            for index, (member, want) in enumerate(zip(members, wanted)):
                latest = slots - count + index  # leave room for the ones still to place
                place = min(max(round(want * 2) / 2, previous + 1, 0.0), float(latest))
                positions[member] = place
                previous = place
    return positions


def _volume_text(volume: float | None) -> str:
    return "unknown (no customers per week)" if volume is None else f"{volume:,.0f}"


def _pain_text(figures: Mapping[str, Any], rank: Any) -> str:
    pain = _number(figures.get("pain"))
    staff = _number(figures.get("staff_pain"))
    parts = []
    if pain is not None:
        parts.append(f"customer {pain:.2f}")
    if staff is not None:
        parts.append(f"staff {staff:.2f}")
    text = ", ".join(parts) or "—"
    return f"{text} (pain point #{rank})" if rank is not None else text


def _advice_text(recommendation: str | None, automation: Any) -> str:
    if not recommendation or not isinstance(automation, Mapping):
        return "—"
    fit, risk = _number(automation.get("fit")), _number(automation.get("empathy_risk"))
    figures = f" (fit {fit:.0f}, empathy risk {risk:.0f})" if fit is not None and risk is not None else ""
    return recommendation.replace("-", " ") + figures


def _bezier(p0: tuple[float, float], control: tuple[float, float], p2: tuple[float, float], t: float) -> tuple[float, float]:
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t**2
    return (a * p0[0] + b * control[0] + c * p2[0], a * p0[1] + b * control[1] + c * p2[1])


def _distance_to_segment(point: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    (px, py), (ax, ay), (bx, by) = point, a, b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


_SAMPLES = 16


def _route_connections(journey: Journey, layout: MapLayout) -> None:
    """Lines for the connections: straight when clear, bowed around touchpoints in the way.

    A connection whose straight line would cross another touchpoint's mark or name is drawn as a
    curve, bowed just enough to clear them; two connections between the same steps in opposite
    directions bow to opposite sides, so that a retry loop shows as two lines.
    """
    nodes = {node["id"]: node for node in layout.nodes}
    shares = effective_shares(journey)
    pairs = {(c.from_, c.to) for c in journey.connections}
    # What a share label must not cover: marks, names with their exit line, badges, other labels.
    boxes: list[tuple[float, float, float, float]] = []
    for node in layout.nodes:
        r = node["radius"] + 2
        boxes.append((node["x"] - r, node["y"] - r, node["x"] + r, node["y"] + r))
        boxes.append((node["x"] - node["label_half_width"], node["y"] + _NAME_DY - 2, node["x"] + node["label_half_width"], node["label_bottom"]))
        if node["exit_text"]:
            half = 4 + 4.6 * len(node["exit_text"])
            boxes.append((node["x"] - half, node["exit_y"], node["x"] + half, node["exit_y"] + _NAME_LINE_H))
        if node["badge"]:
            boxes.append((node["x"] - node["badge_half_width"], node["y"] + _BADGE_DY - 11, node["x"] + node["badge_half_width"], node["y"] + _BADGE_DY + 11))
    # What a line must go around: each mark, the middle of its name below it, and its badge.
    obstacles: list[tuple[str, float, float, float]] = []
    for node in layout.nodes:
        obstacles.append((node["id"], node["x"], node["y"], node["radius"] + 10))
        obstacles.append((node["id"], node["x"], node["y"] + _NAME_DY + 20, 42))
        if node["badge"]:
            obstacles.append((node["id"], node["x"], node["y"] + _BADGE_DY, 14))
    for number, connection in enumerate(journey.connections):
        source, target = nodes.get(connection.from_), nodes.get(connection.to)
        if source is None or target is None:
            continue
        start, end = (source["x"], source["y"]), (target["x"], target["y"])
        dx, dy = end[0] - start[0], end[1] - start[1]
        length = math.hypot(dx, dy) or 1.0
        normal = (-dy / length, dx / length)
        ends = (connection.from_, connection.to)
        bows = [0.0] if (connection.to, connection.from_) not in pairs else []
        base = 22.0 if (connection.to, connection.from_) in pairs else 0.0
        for step in (50, 85, 120, 160, 200):
            bows += [base + step, -(base + step)] if base == 0 else [base + step - 22]
        if base:
            bows = [base] + bows
        # The first bow that clears everything; failing that, the one that hits the least, where
        # leaving the map (into the stage names, or off its edge) counts as worse than any crossing.
        best: tuple[int, int] | None = None
        chosen = 0.0
        for rank, bow in enumerate(bows):
            mid = ((start[0] + end[0]) / 2 + normal[0] * bow * 2, (start[1] + end[1]) / 2 + normal[1] * bow * 2)
            points = [_bezier(start, mid, end, i / _SAMPLES) for i in range(_SAMPLES + 1)]
            outside = sum(1 for _, py in points if not _TOP + 6 < py < layout.height - 4)
            # Only obstacles near the curve's bounding box can touch it: the others are skipped
            # without measuring (most of a large map is far from any one line).
            xs, ys = [px for px, _ in points], [py for _, py in points]
            left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
            hits = sum(
                1
                for owner, ox, oy, clearance in obstacles
                if owner not in ends
                and left - clearance <= ox <= right + clearance
                and top - clearance <= oy <= bottom + clearance
                and any(_distance_to_segment((ox, oy), points[i], points[i + 1]) <= clearance for i in range(_SAMPLES))
            )
            score = (outside * 1000 + hits, rank)
            if best is None or score < best:
                best, chosen = score, bow
            if score[0] == 0:
                break
        control = ((start[0] + end[0]) / 2 + normal[0] * chosen * 2, (start[1] + end[1]) / 2 + normal[1] * chosen * 2)
        points = [_bezier(start, control, end, i / _SAMPLES) for i in range(_SAMPLES + 1)]
        drawn = points if chosen else [points[0], points[-1]]  # a straight line needs only its ends
        kind = connection.kind
        edge_id = f"{connection.from_}→{connection.to}"
        for order, (px, py) in enumerate(drawn):
            layout.edge_points.append({"edge": edge_id, "edge_index": number, "order": order, "x": px, "y": py, "kind": kind})
        # The arrowhead sits where the line meets the target's mark, pointing along the line.
        arrow = _arrow_at(points, target["radius"] + 4)
        if arrow is not None:
            layout.arrows.append({"edge": edge_id, "kind": kind, **arrow})
        if kind == "flow" and connection.share is not None:
            text = _percent(connection.share)
            half_width = 5 + 4.3 * len(text)
            # Midway if that spot is free, else the nearest free spot along the line.
            for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73, 0.5):
                mx, my = _bezier(start, control, end, t)
                box = (mx - half_width, my - 11, mx + half_width, my + 11)
                if not any(_overlaps(box, other) for other in boxes):
                    break
            boxes.append((mx - half_width, my - 11, mx + half_width, my + 11))
            layout.share_labels.append(
                {
                    "edge": edge_id,
                    "text": text,
                    "share": connection.share,
                    "x": mx,
                    "y": my,
                    "half_width": half_width,
                    "label": connection.label or "",
                    "effective_share": shares.get(connection.from_, {}).get(connection.to),
                }
            )


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _arrow_at(points: list[tuple[float, float]], back_off: float) -> dict[str, float] | None:
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


# ---------------------------------------------------------------------------------------------
# The journey map
# ---------------------------------------------------------------------------------------------
#
# The map's Vega-Lite layers are written here as plain JSON and wrapped in Altair objects once:
# each Altair builder call (encode, properties, resolve_scale, configure…) deep-copies the whole
# chart and checks its parts against the schema, which made building a 40-touchpoint report take
# a third of a second. Every position is computed in Python (the layout), so the layers need no
# Vega-Lite transforms either: Vega draws what it is given.

_TOOLTIP_FIELDS = [
    ("name", "Step"),
    ("stage_name", "Stage"),
    ("lane", "Lane"),
    ("tip_channel", "Channel"),
    ("tip_emotion", "Customer emotion"),
    ("tip_staff_emotion", "Staff emotion"),
    ("tip_friction", "Friction"),
    ("tip_reach", "Reach"),
    ("tip_volume", "Customers a week"),
    ("tip_drop_off", "Leave here"),
    ("tip_pain", "Pain"),
    ("tip_advice", "Automation"),
    ("tip_reasons", "Why"),
    ("tip_warnings", "Watch out"),
]
#: What the touchpoints' marks and names read from their rows, besides positions and tooltips.
_NODE_FIELDS = ("id", "x", "y", "colour_value", "has_emotion", "emotion_shape", "size_value", "pain_point", "is_pain_point", "label")


def journey_map_chart(
    journey: Journey,
    analysis: Mapping[str, Any] | None = None,
    *,
    size_by: SizeBy = "friction",
    selectable: bool = False,
    title: bool = True,
) -> alt.LayerChart:
    """The annotated journey map, drawn as a service blueprint.

    Stages are columns, the four lanes rows, with the line of interaction, the line of visibility
    and the line of internal interaction between them. Each touchpoint's mark is coloured by
    emotion (the customer's in the customer and frontstage lanes, drawn as a circle; the staff's in
    the backstage and support lanes, drawn as a square), sized by friction or weekly volume, outlined
    with its rank when it is a pain point, and topped with its automation advice. Flow connections
    carry their share when the file gives one; support connections are dashed; steps where customers
    leave say how many.

    Parameters
    ----------
    journey
        The journey to draw.
    analysis
        ``analyze(journey)``; without it the map shows the journey without figures, badges or pain.
    size_by
        ``"friction"`` (0–10) or ``"volume"`` (customers a week; the share of customers reaching the
        step when the journey has no ``customers_per_week``). The legend says which.
    selectable
        Add a click selection named ``"touchpoint"`` on the touchpoint ``id`` (for the app).
    title
        Put the journey's title and persona above the map.

    Notes
    -----
    The map is drawn in pixels, sized to the journey: in Streamlit show it with
    ``st.altair_chart(chart, width="content")`` (it scrolls sideways when wider than the page);
    ``width="stretch"`` squeezes a wide map until its names overlap.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for a latte", "stage": "s", "emotion": 2}]}''')
    >>> spec = journey_map_chart(journey).to_dict()
    >>> [layer["name"] for layer in spec["layer"]][:3]
    ['lanes', 'stage_separators', 'blueprint_lines']
    """
    if size_by not in ("friction", "volume"):
        raise ValueError(f"size_by must be 'friction' or 'volume', not {size_by!r}")
    spec, datasets = _map_spec(journey_map_layout(journey, analysis, size_by=size_by), tooltips=True)
    if title:
        spec["title"] = _map_title(journey, analysis)
    # "pad": the legends and title add to the map's size instead of squeezing it (Streamlit asks for "fit").
    spec["autosize"] = {"type": "pad"}
    return _as_layer_chart(spec, datasets, selectable=selectable)


class _PlainRows:
    """A chart whose ``datasets`` are plain JSON rows, put into the spec as they are.

    Altair's ``to_dict`` walks every value of every row to convert it, which for a large map took
    longer than building the chart; rows made of strings, numbers and booleans need no converting.
    With ``validate=True`` the whole spec, rows included, is still checked against the schema.
    """

    def to_dict(self, *args: Any, validate: bool = True, **kwargs: Any) -> dict[str, Any]:
        datasets = self._kwds.get("datasets", alt.Undefined)  # type: ignore[attr-defined]
        if datasets is alt.Undefined or kwargs.get("format", "vega-lite") != "vega-lite":
            return super().to_dict(*args, validate=validate, **kwargs)  # type: ignore[misc]
        bare = self.copy(deep=False)  # type: ignore[attr-defined]
        bare.datasets = alt.Undefined
        spec: dict[str, Any] = super(_PlainRows, bare).to_dict(*args, validate=False, **kwargs)  # type: ignore[misc]
        # A copy of each row, as Altair's own to_dict gives: changing the spec leaves the chart alone.
        spec["datasets"] = {**{name: [dict(row) for row in rows] for name, rows in datasets.items()}, **spec.get("datasets", {})}
        if validate:
            self.validate(spec)  # type: ignore[attr-defined]
        return spec


class _LayerChart(_PlainRows, alt.LayerChart):
    pass


class _VConcatChart(_PlainRows, alt.VConcatChart):
    pass


def _as_layer_chart(spec: dict[str, Any], datasets: dict[str, list[dict[str, Any]]] | None = None, *, selectable: bool = False) -> alt.LayerChart:
    """A layered Vega-Lite spec (plain JSON) as an Altair chart, built without Altair's copying builder methods.

    ``selectable`` adds the click selection named ``"touchpoint"`` to the layer named "touchpoints".
    """
    charts = []
    for layer in spec["layer"]:
        parts = {key: value for key, value in layer.items() if key not in ("data", "encoding")}
        # alt.Data keeps inline rows inline (a plain dict would be moved to the top-level datasets).
        chart = alt.Chart(data=alt.Data(**layer["data"]), encoding=alt.FacetedEncoding(**layer["encoding"]), **parts)
        if selectable and layer.get("name") == "touchpoints":
            # Altair lifts the selection to the top of the layered chart and names its view.
            chart = chart.add_params(alt.selection_point(name="touchpoint", fields=["id"], on="click", clear="dblclick", empty=False))
        charts.append(chart)
    top = {key: value for key, value in spec.items() if key != "layer"}
    if datasets is None:
        return alt.LayerChart(layer=charts, **top)
    chart = _LayerChart(layer=charts, **top)
    chart.datasets = datasets  # set last, in place: the rows are plain JSON and need no copy
    return chart


def _map_title(journey: Journey, analysis: Mapping[str, Any] | None) -> dict[str, Any]:
    subtitle = []
    if journey.persona is not None:
        persona = f"Persona: {journey.persona.name}"
        if journey.persona.description:
            persona += " — " + journey.persona.description
        subtitle.extend(label_lines(persona, width=130, max_lines=2))
    facts = []
    if journey.customers_per_week is not None:
        facts.append(f"{journey.customers_per_week:,.0f} customers a week")
    summary = (analysis or {}).get("journey") or {}
    completion = _number(summary.get("completion"))
    if completion is not None:
        facts.append(f"{_percent(completion)} complete the journey")
    remembered = _number(summary.get("remembered_experience"))
    if remembered is not None:
        facts.append(f"remembered experience {_signed(remembered)} (peak–end, −5…+5)")
    if facts:
        subtitle.append(" · ".join(facts))
    title: dict[str, Any] = {"text": journey.title, "anchor": "start", "fontSize": 28}
    if subtitle:
        title["subtitle"] = subtitle
    title.update(subtitleFontSize=17, subtitleColor=_MUTED, offset=14, font=_FONT, subtitleFont=_FONT)
    return title


def _map_spec(layout: MapLayout, *, tooltips: bool) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The map as a layered Vega-Lite spec (plain JSON, layers back to front) and the datasets it draws.

    Layers that draw the same rows (a rectangle and its text, a mark and its name) share one
    dataset. ``tooltips=False`` leaves out the tooltips and the text they show: an image has no
    pointer to hover with.
    """
    x_scale = {"domain": [0, layout.width], "nice": False, "zero": False}
    y_scale = {"domain": [0, layout.height], "nice": False, "zero": False, "reverse": True}

    # Every layer sets its axes the same way (see DESIGN §9): none at all.
    def xy(x_field: str, y_field: str, **more: Any) -> dict[str, Any]:
        return {
            "x": {"field": x_field, "type": "quantitative", "scale": x_scale, "axis": None},
            "y": {"field": y_field, "type": "quantitative", "scale": y_scale, "axis": None},
            **more,
        }

    def box(**more: Any) -> dict[str, Any]:  # a rectangle from precomputed corners
        return xy("left", "top", x2={"field": "right"}, y2={"field": "bottom"}, **more)

    def tip(*fields: tuple[str, str]) -> dict[str, Any]:
        return {"tooltip": [{"field": name, "type": "nominal", "title": title} for name, title in fields]} if tooltips else {}

    def text(**properties: Any) -> dict[str, Any]:
        return {"type": "text", "font": _FONT, **properties}

    def layer(name: str, dataset: str, mark: dict[str, Any], encoding: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "data": {"name": dataset}, "mark": mark, "encoding": encoding}

    nodes = layout.nodes
    # The fields tooltips read, carried only when there are tooltips.
    badge_tip, rank_tip, exit_tip = (("name", "tip_advice"), ("name", "tip_pain"), ("name", "tip_drop_off")) if tooltips else ((), (), ())
    share_rows = [
        {**row, "left": row["x"] - row["half_width"], "right": row["x"] + row["half_width"], "top": row["y"] - 11, "bottom": row["y"] + 11}
        for row in layout.share_labels
    ]
    badge_rows = [
        {
            **_pick(row, "x", "y", "badge", "recommendation", *badge_tip),
            "left": row["x"] - row["badge_half_width"],
            "right": row["x"] + row["badge_half_width"],
            "top": row["y"] + (_BADGE_DY - 11),
            "bottom": row["y"] + (_BADGE_DY + 11),
            "badge_y": row["y"] + _BADGE_DY,
        }
        for row in nodes
        if row["badge"]
    ]
    node_fields = [key for key in nodes[0] if not isinstance(nodes[0][key], list)] if nodes and tooltips else list(_NODE_FIELDS)
    node_rows = [
        {
            **{key: row[key] for key in node_fields},  # lists (the name's lines) stay in the layout
            "name_y": row["y"] + _NAME_DY,
            # the box of the lane's colour behind the name
            "left": row["x"] - row["label_half_width"],
            "right": row["x"] + row["label_half_width"],
            "top": row["y"] + (_NAME_DY - 2),
            "bottom": row["label_bottom"],
            "band": row["band"],
        }
        for row in nodes
    ]
    rank_rows = [
        {
            **_pick(row, "rank_label", *rank_tip),
            "rank_x": row["x"] + row["radius"] * 0.75 + 2,
            "rank_y": row["y"] - row["radius"] * 0.55,
        }
        for row in nodes
        if row["rank_label"]
    ]
    exit_rows = [_pick(row, "x", "exit_y", "exit_text", *exit_tip) for row in nodes if row["exit_text"]]
    datasets = {
        "lanes": layout.lanes,
        "stages": layout.stages,
        "blueprint_lines": layout.lines,
        "connections": _connection_paths(layout.edge_points),
        "arrowheads": layout.arrows,
        "share_labels": share_rows,
        "badges": badge_rows,
        "touchpoints": node_rows,
        "pain_ranks": rank_rows,
        "exits": exit_rows,
    }
    band = {"field": "band", "type": "nominal", "scale": None, "legend": None}
    recommendation_scale = {"domain": list(RECOMMENDATIONS), "range": [RECOMMENDATION_COLOURS[r] for r in RECOMMENDATIONS]}
    node_encoding = xy(
        "x",
        "y",
        fill={
            "condition": {"test": "!datum.has_emotion", "value": _NO_EMOTION},
            "field": "colour_value",
            "type": "quantitative",
            "scale": {"domain": list(_EMOTION_DOMAIN), "range": list(_EMOTION_RANGE), "interpolate": "rgb"},
            "legend": _map_legend(
                title=["Emotion, −5 … +5", "circle: customer's", "square: staff's (backstage, support)"],
                gradientLength=220,
                gradientThickness=18,
                values=[-5, -3, 0, 3, 5],
                direction="horizontal",
            ),
        },
        # The emotion legend's title explains the shapes; a legend of its own would crowd the row.
        shape={
            "field": "emotion_shape",
            "type": "nominal",
            "scale": {"domain": ["Customer's emotion", "Staff's emotion"], "range": ["circle", "square"]},
            "legend": None,
        },
        size={
            "field": "size_value",
            "type": "quantitative",
            "scale": {"domain": _size_domain(layout), "range": list(_SIZE_RANGE), "zero": False},
            "legend": _map_legend(title=layout.size_title, symbolFillColor="#bbbbbb", symbolStrokeColor=_INK, symbolType="circle", tickCount=3),
        },
        stroke={
            "field": "pain_point",
            "type": "nominal",
            "scale": {"domain": ["Pain point (#rank)", "Other step"], "range": ["#111111", "#7b8794"]},
            "legend": _map_legend(title="Outline", symbolStrokeWidth=3.5, symbolSize=300, symbolFillColor="white"),
        },
        strokeWidth={"condition": {"test": "datum.is_pain_point", "value": 4.5}, "value": 1.3},
        **tip(*_TOOLTIP_FIELDS),
    )
    layers = [
        layer("lanes", "lanes", {"type": "rect", "stroke": None}, xy("x_left", "y_top", x2={"field": "x_right"}, y2={"field": "y_bottom"}, fill=band)),
        layer("stage_separators", "stages", {"type": "rule", "color": "#c5ccd6", "strokeWidth": 1.5}, xy("x_left", "y_top", y2={"field": "y_bottom"})),
        layer(
            "blueprint_lines",
            "blueprint_lines",
            {"type": "rule", "color": "#7b8794", "strokeWidth": 2},
            xy("x_left", "y", x2={"field": "x_right"}, strokeDash={"field": "dash", "type": "nominal", "scale": None, "legend": None}),
        ),
        layer(
            "blueprint_line_labels",
            "blueprint_lines",
            text(align="left", baseline="top", dy=4, fontSize=13, fontStyle="italic", color=_MUTED),
            xy("label_x", "y", text={"field": "label", "type": "nominal"}),
        ),
        layer(
            "lane_labels",
            "lanes",
            text(align="left", baseline="middle", dx=10, fontSize=17, fontWeight="bold", color=_INK, lineBreak="\n", lineHeight=21),
            xy("x_left", "y", text={"field": "label", "type": "nominal"}, opacity={"condition": {"test": "datum.empty", "value": 0.55}, "value": 1.0}),
        ),
        layer(
            "stage_labels",
            "stages",
            text(align="center", baseline="middle", fontSize=20, fontWeight="bold", color=_INK, lineBreak="\n", lineHeight=23),
            xy("x", "y", text={"field": "label", "type": "nominal"}, **tip(("name", "Stage"))),
        ),
        layer(
            "connections",
            "connections",
            {"type": "line", "strokeWidth": 2.4, "interpolate": "linear"},
            xy(
                "x",
                "y",
                order={"field": "order", "type": "quantitative"},
                color={"value": "#616e7c"},
                strokeDash={
                    "field": "kind",
                    "type": "nominal",
                    "scale": {"domain": ["flow", "support"], "range": [[], [7, 5]]},  # [] is solid
                    "legend": _map_legend(
                        title="Connections", labelExpr="datum.label == 'flow' ? 'flow, with share' : 'support'", symbolStrokeWidth=2.5, symbolSize=500
                    ),
                },
            ),
        ),
        layer(
            "arrowheads",
            "arrowheads",
            {"type": "point", "shape": "triangle-up", "filled": True, "size": 120, "color": "#616e7c", "opacity": 1},
            xy("x", "y", angle={"field": "angle", "type": "quantitative", "scale": None}),
        ),
        layer("share_label_background", "share_labels", {"type": "rect", "fill": "white", "stroke": "#9aa5b1", "cornerRadius": 4}, box()),
        layer(
            "share_labels",
            "share_labels",
            text(fontSize=14, fontWeight="bold", color=_INK, baseline="middle"),
            xy("x", "y", text={"field": "text", "type": "nominal"}, **tip(("edge", "Connection"), ("text", "Share"), ("label", "Label"))),
        ),
        layer(
            "badges",
            "badges",
            {"type": "rect", "cornerRadius": 5},
            box(
                fill={
                    "field": "recommendation",
                    "type": "nominal",
                    "scale": recommendation_scale,
                    "legend": _map_legend(
                        title="Automation advice (badge)", labelExpr="replace(datum.label, /-/g, ' ')", symbolType="square", symbolSize=260
                    ),
                },
                **tip(("name", "Step"), ("tip_advice", "Automation")),
            ),
        ),
        layer(
            "badge_labels",
            "badges",
            text(fontSize=12, fontWeight="bold", color="white", baseline="middle"),
            xy("x", "badge_y", text={"field": "badge", "type": "nominal"}, **tip(("name", "Step"), ("tip_advice", "Automation"))),
        ),
        layer("touchpoints", "touchpoints", {"type": "point", "filled": False, "opacity": 1, "fillOpacity": 1}, node_encoding),
        layer(
            "pain_ranks",
            "pain_ranks",
            text(align="left", baseline="bottom", fontSize=17, fontWeight="bold", color="#111111"),
            xy("rank_x", "rank_y", text={"field": "rank_label", "type": "nominal"}, **tip(("name", "Step"), ("tip_pain", "Pain"))),
        ),
        # A box of the lane's colour behind each name keeps it readable where connections cross it.
        # fillOpacity, not opacity: the image renderer paints each shape with an opacity on a layer of its own.
        layer("touchpoint_name_boxes", "touchpoints", {"type": "rect", "fillOpacity": 0.88, "cornerRadius": 3}, box(fill=band)),
        layer(
            "touchpoint_names",
            "touchpoints",
            text(align="center", baseline="top", fontSize=15, color=_INK, lineBreak="\n", lineHeight=_NAME_LINE_H),
            xy("x", "name_y", text={"field": "label", "type": "nominal"}, **tip(*_TOOLTIP_FIELDS)),
        ),
        layer(
            "exits",
            "exits",
            text(align="center", baseline="top", fontSize=14, fontWeight="bold"),
            xy(
                "x",
                "exit_y",
                text={"field": "exit_text", "type": "nominal"},
                color={"condition": {"test": "indexof(datum.exit_text, '↘') == 0", "value": _LEAVE}, "value": _FINISH},
                **tip(("name", "Step"), ("tip_drop_off", "Leave here")),
            ),
        ),
    ]
    resolve = {"scale": {channel: "independent" for channel in ("fill", "stroke", "strokeDash", "shape", "size")}}
    return {"layer": layers, "width": layout.width, "height": layout.height, "view": {"stroke": None}, "resolve": resolve}, datasets


def _connection_paths(edge_points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The connections' points as one line per kind (flow, support), each connection ended by a gap.

    A line breaks where a point has no position, so that every connection of a kind is one path
    of the same picture: Vega then builds two paths, not a group per connection.

    Examples
    --------
    >>> points = [{"edge": "a→b", "edge_index": 0, "order": 0, "x": 0, "y": 0, "kind": "flow"},
    ...           {"edge": "a→b", "edge_index": 0, "order": 1, "x": 9, "y": 0, "kind": "flow"},
    ...           {"edge": "b→c", "edge_index": 1, "order": 0, "x": 9, "y": 0, "kind": "flow"},
    ...           {"edge": "b→c", "edge_index": 1, "order": 1, "x": 9, "y": 5, "kind": "flow"}]
    >>> [(row["edge"], row["order"], row["x"]) for row in _connection_paths(points)]
    [('a→b', 0, 0), ('a→b', 1, 9), ('a→b', 2, None), ('b→c', 3, 9), ('b→c', 4, 9)]
    """
    rows: list[dict[str, Any]] = []
    for kind in ("flow", "support"):
        previous = None
        for point in edge_points:
            if point["kind"] != kind:
                continue
            if previous is not None and point["edge_index"] != previous["edge_index"]:
                rows.append({**previous, "order": len(rows), "x": None, "y": None})
            rows.append({**point, "order": len(rows)})
            previous = point
    return rows


def _map_legend(**properties: Any) -> dict[str, Any]:
    """A legend of the map, styled here rather than by ``configure``: a configured chart could not be
    layered or concatenated by the app, and the map must read on a wall on its own too."""
    style: dict[str, Any] = {
        "orient": "bottom",
        "direction": "horizontal",
        "titleFontSize": 15,
        "labelFontSize": 14,
        "titleLimit": 420,
        "labelLimit": 320,
        "titleOrient": "top",
        "offset": 26,
        "padding": 10,
    }
    return {**style, **properties}


def _pick(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {"id": row["id"], **{key: row[key] for key in keys}}


def _size_domain(layout: MapLayout) -> list[float]:
    if layout.size_title.endswith("(0–10)"):
        return [0, 10]
    if layout.size_title.endswith("reaching it"):
        return [0, 100]
    return [0, max((row["size_value"] for row in layout.nodes), default=1.0) or 1.0]


# ---------------------------------------------------------------------------------------------
# The emotion curve
# ---------------------------------------------------------------------------------------------


def emotion_curve_rows(journey: Journey, analysis: Mapping[str, Any] | None) -> tuple[list[dict[str, Any]], str]:
    """The points of the emotion curve along the most probable path, and a caption saying which path.

    One row per step and series (``"Customer"``, ``"Staff"``), steps with no recorded emotion left
    out; ``marker`` is ``"peak"`` and/or ``"end"`` on the customer's peak (largest magnitude, ties:
    the negative one) and last recorded emotion. Without paths (no flow connections) the curve
    follows the customer lane in file order.
    """
    paths = (analysis or {}).get("paths") or []
    known = {tp.id: tp for tp in journey.touchpoints}
    if paths and paths[0].get("steps"):
        steps = [step for step in paths[0]["steps"] if step in known]
        probability = _number(paths[0].get("probability"))
        caption = "Along the most probable path" + (f" ({_percent(probability)} of customers)" if probability is not None else "")
    else:
        steps = [tp.id for tp in journey.touchpoints if tp.lane == "customer"]
        caption = "Along the customer lane, in file order (no flow connections to follow)"
    rows: list[dict[str, Any]] = []
    customer_points: list[int] = []
    for position, step in enumerate(steps):
        touchpoint = known[step]
        label = "\n".join(label_lines(f"{position + 1}. {touchpoint.name}", width=17, max_lines=3))
        for series, value in (("Customer", touchpoint.emotion), ("Staff", touchpoint.staff_emotion)):
            if value is None:
                continue
            rows.append(
                {
                    "position": position,
                    "step": label,
                    "id": step,
                    "name": touchpoint.name,
                    "series": series,
                    "emotion": float(value),
                    "feeling": touchpoint.feeling or "",
                    "marker": "",
                }
            )
            if series == "Customer":
                customer_points.append(len(rows) - 1)
    if customer_points:
        peak = max(customer_points, key=lambda i: (abs(rows[i]["emotion"]), -rows[i]["emotion"]))
        end = customer_points[-1]
        for index, word in ((peak, "peak"), (end, "end")):
            rows[index]["marker"] = word if not rows[index]["marker"] else rows[index]["marker"] + " & " + word
    return rows, caption


def emotion_curve_chart(journey: Journey, analysis: Mapping[str, Any] | None = None, *, width: float | None = None) -> alt.LayerChart:
    """The customer's emotion step by step along the most probable path, staff's as a second series.

    A zero line separates good from bad; the customer's peak and end, what they will remember
    (peak–end rule), are ringed and named.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks", "stage": "s", "emotion": -2},
    ...                   {"id": "sip", "name": "Sips", "stage": "s", "emotion": 3}],
    ...   "connections": [{"from": "ask", "to": "sip"}]}''')
    >>> analysis = {"paths": [{"steps": ["ask", "sip"], "probability": 1.0}]}
    >>> rows = emotion_curve_chart(journey, analysis).to_dict()["layer"][1]["data"]["values"]
    >>> [(row["id"], row["emotion"], row["marker"]) for row in rows]
    [('ask', -2.0, ''), ('sip', 3.0, 'peak & end')]
    """
    spec = _curve_spec(journey, analysis, width=width)
    # "pad", as the map: the title, legend and step names add to the curve's size; Streamlit's "fit"
    # squeezed the -5…+5 plot to a flat 100 px under them
    spec["autosize"] = {"type": "pad"}
    return _as_layer_chart(spec)


def _curve_spec(journey: Journey, analysis: Mapping[str, Any] | None, *, width: float | None = None,
                legend_orient: str = "top", height: float = 300) -> dict[str, Any]:
    """The emotion curve as a layered Vega-Lite spec, plain JSON with its data inline.

    The legend goes on top where the curve scrolls sideways (the app: in view before scrolling);
    an image, seen whole, keeps it at the right, which adds no height to a canvas as wide as the map.
    """
    rows, caption = emotion_curve_rows(journey, analysis)
    steps = sorted({(row["position"], row["step"]) for row in rows})
    order = [step for _, step in steps]
    count = max(1, len(order))
    chart_width = width if width is not None else max(560, 150 * count)
    x_enc: dict[str, Any] = {
        "field": "step",
        "type": "nominal",
        "sort": order,
        "axis": {"title": None, "labelAngle": 0, "labelExpr": "split(datum.label, '\\n')", "labelFontSize": 13, "labelLimit": 200,
                 "labelLineHeight": 16, "labelPadding": 8, "ticks": False, "domain": False},
    }
    if order:
        x_enc["scale"] = {"domain": order}
    # room above +5 and below −5 for the peak and end labels
    y_scale = {"domain": [-6.2, 6.2], "nice": False}
    y_axis = {"title": "Emotion (−5 … +5)", "values": [-5, -3, 0, 3, 5], "titleFontSize": 15, "labelFontSize": 13, "grid": True, "gridOpacity": 0.35}
    y_enc = {"field": "emotion", "type": "quantitative", "scale": y_scale, "axis": y_axis}
    series = [name for name in ("Customer", "Staff") if any(row["series"] == name for row in rows)] or ["Customer"]
    colours = {"Customer": "#1f3b73", "Staff": "#b26b00"}
    # Labels above a point at or above zero, below one under it, so they never sit on the line.
    marked = [
        {**row, "marker_text": f"{row['marker']} {_emotion_text(row['emotion'])}", "label_y": row["emotion"] + (0.95 if row["emotion"] >= 0 else -0.95)}
        for row in rows
        if row["marker"]
    ]
    layers = [
        {"name": "zero_line", "data": {"values": [{"emotion": 0}]}, "mark": {"type": "rule", "color": "#7b8794", "strokeWidth": 2}, "encoding": {"y": y_enc}},
        {
            "name": "emotion_lines",
            "data": {"values": rows},
            "mark": {"type": "line", "strokeWidth": 3.5, "point": {"size": 110, "filled": True}},
            "encoding": {
                "x": x_enc,
                "y": y_enc,
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": series, "range": [colours[name] for name in series]},
                    "legend": {"title": "Whose emotion", "orient": legend_orient, "direction": "horizontal" if legend_orient == "top" else "vertical", "labelFontSize": 14, "titleFontSize": 14, "symbolSize": 120},
                },
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": series, "range": [[] if name == "Customer" else [8, 5] for name in series]},  # [] is solid
                    "legend": None,
                },
                "tooltip": [
                    {"field": "name", "type": "nominal", "title": "Step"},
                    {"field": "series", "type": "nominal", "title": "Whose"},
                    {"field": "emotion", "type": "quantitative", "title": "Emotion", "format": "+.1f"},
                    {"field": "feeling", "type": "nominal", "title": "Feeling"},
                ],
            },
        },
        {
            "name": "peak_end_rings",
            "data": {"values": marked},
            "mark": {"type": "point", "size": 700, "strokeWidth": 3, "color": _INK, "filled": False},
            "encoding": {"x": x_enc, "y": y_enc},
        },
        {
            "name": "peak_end_labels",
            "data": {"values": marked},
            "mark": {"type": "text", "fontSize": 15, "fontWeight": "bold", "color": _INK, "baseline": "middle"},
            "encoding": {"x": x_enc, "y": {**y_enc, "field": "label_y"}, "text": {"field": "marker_text", "type": "nominal"}},
        },
    ]
    title = {"text": "Emotion curve", "subtitle": caption, "anchor": "start", "fontSize": 22, "subtitleFontSize": 15, "subtitleColor": _MUTED,
             "font": _FONT, "subtitleFont": _FONT}
    return {"layer": layers, "width": chart_width, "height": height, "title": title}


def _emotion_text(value: float) -> str:
    """An emotion as the curve labels it: signed, one decimal at most, a true minus sign.

    Examples
    --------
    >>> [_emotion_text(v) for v in (4.0, -1.5, 0.0, -0.04, 2.25, -2.25)]
    ['+4', '−1.5', '0', '0', '+2.3', '−2.3']
    """
    # Halves round away from zero, as the browser's number formatting does.
    text = f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return "0"
    return text.replace("-", "−") if value < 0 else "+" + text


# ---------------------------------------------------------------------------------------------
# The automation matrix
# ---------------------------------------------------------------------------------------------


#: The emotion curve's plot height in images (the app's is 300).
IMAGE_CURVE_HEIGHT = 240

#: Room around the automation matrix's 0…100 square, in score points.
MATRIX_MARGIN = 4


def automation_matrix_chart(
    analysis: Mapping[str, Any], fit_threshold: float = 60, risk_threshold: float = 50, *, width: float = 560, height: float = 460
) -> alt.LayerChart:
    """Automation fit (x) against empathy risk (y) for every step, in four named quadrants.

    The threshold lines split the plane into the four recommendations: *automate* (fit high, risk
    low), *assist* (both high), *keep human* (risk high, fit low), *not a priority* (both low).

    Examples
    --------
    >>> analysis = {"touchpoints": [{"id": "pay", "name": "Pays", "lane": "customer",
    ...   "automation": {"fit": 80, "empathy_risk": 20, "recommendation": "automate"}}]}
    >>> spec = automation_matrix_chart(analysis).to_dict()
    >>> names = {item["name"]: item for item in spec["layer"]}
    >>> [row["text"] for row in names["quadrant_names_left"]["data"]["values"]]
    ['Keep human', 'Assist (person in the loop)', 'Not a priority', 'Automate']
    >>> [(row["label"], row["fit"], row["risk"]) for row in names["steps"]["data"]["values"]]
    [('Pays', 80.0, 20.0)]
    """
    points = []
    for row in (analysis or {}).get("touchpoints") or []:
        automation = row.get("automation") or {}
        fit, risk = _number(automation.get("fit")), _number(automation.get("empathy_risk"))
        if fit is None or risk is None:
            continue
        recommendation = automation.get("recommendation") or ""
        points.append(
            {
                "id": row.get("id"),
                "name": row.get("name") or row.get("id"),
                "label": label_lines(str(row.get("name") or row.get("id")), width=28, max_lines=1)[0],
                "lane": row.get("lane"),
                "fit": fit,
                "risk": risk,
                "recommendation": recommendation,
                "reasons": " ".join(automation.get("reasons") or []),
                "warnings": " ".join(automation.get("warnings") or []) or "none",
            }
        )
    axis_style = {"titleFontSize": 15, "labelFontSize": 13, "values": [0, 20, 40, 60, 80, 100]}
    fit_axis = alt.Axis(title="Automation fit →", **axis_style)
    risk_axis = alt.Axis(title="Empathy risk →", **axis_style)
    # a margin around 0…100, so a step at zero risk or full fit is a whole dot, not half one on the edge
    low, high = -MATRIX_MARGIN, 100 + MATRIX_MARGIN
    percent_scale = alt.Scale(domain=[low, high], nice=False)
    x_enc = alt.X("fit:Q", scale=percent_scale, axis=fit_axis)
    y_enc = alt.Y("risk:Q", scale=percent_scale, axis=risk_axis)
    quadrants = [
        {"x": low, "x2": fit_threshold, "y": risk_threshold, "y2": high, "recommendation": "keep-human"},
        {"x": fit_threshold, "x2": high, "y": risk_threshold, "y2": high, "recommendation": "assist"},
        {"x": low, "x2": fit_threshold, "y": low, "y2": risk_threshold, "recommendation": "not-a-priority"},
        {"x": fit_threshold, "x2": high, "y": low, "y2": risk_threshold, "recommendation": "automate"},
    ]
    names = QUADRANT_NAMES
    quadrant_labels = [
        {"fit": low + 1.5 if q["x"] == low else high - 1.5, "risk": high - 2 if q["y2"] == high else low + 2, "text": names[q["recommendation"]], "align": "left" if q["x"] == low else "right", "recommendation": q["recommendation"]}
        for q in quadrants
    ]
    colour_scale = alt.Scale(domain=list(RECOMMENDATIONS), range=[RECOMMENDATION_COLOURS[r] for r in RECOMMENDATIONS])
    backgrounds = alt.Chart(alt.Data(values=quadrants), name="quadrants").mark_rect(opacity=0.08).encode(
        x=alt.X("x:Q", scale=percent_scale, axis=fit_axis),
        x2="x2:Q",
        y=alt.Y("y:Q", scale=percent_scale, axis=risk_axis),
        y2="y2:Q",
        color=alt.Color("recommendation:N", scale=colour_scale, legend=None),
    )
    thresholds = alt.Chart(
        alt.Data(values=[{"fit": fit_threshold, "what": "fit threshold"}]), name="fit_threshold"
    ).mark_rule(strokeDash=[6, 4], color=_MUTED, strokeWidth=2).encode(x=x_enc)
    risk_rule = alt.Chart(
        alt.Data(values=[{"risk": risk_threshold, "what": "risk threshold"}]), name="risk_threshold"
    ).mark_rule(strokeDash=[6, 4], color=_MUTED, strokeWidth=2).encode(y=y_enc)
    # Vega-Lite cannot take a text's alignment from data, so each side gets its own layer.
    labels = alt.Chart(alt.Data(values=quadrant_labels)).encode(
        x=x_enc, y=y_enc, text="text:N", color=alt.Color("recommendation:N", scale=colour_scale, legend=None)
    )
    left_labels = labels.transform_filter("datum.align == 'left'").mark_text(
        align="left", fontSize=15, fontWeight="bold", baseline="middle", font=_FONT
    ).properties(name="quadrant_names_left")
    right_labels = labels.transform_filter("datum.align == 'right'").mark_text(
        align="right", fontSize=15, fontWeight="bold", baseline="middle", font=_FONT
    ).properties(name="quadrant_names_right")
    dots = alt.Chart(alt.Data(values=points), name="steps").mark_circle(size=160, opacity=0.95, stroke="white", strokeWidth=1.5).encode(
        x=x_enc,
        y=y_enc,
        color=alt.Color("recommendation:N", scale=colour_scale, legend=alt.Legend(title="Advice", labelExpr="replace(datum.label, /-/g, ' ')", labelFontSize=13, titleFontSize=14, symbolSize=140)),
        tooltip=[
            alt.Tooltip("name:N", title="Step"),
            alt.Tooltip("fit:Q", title="Fit", format=".0f"),
            alt.Tooltip("risk:Q", title="Empathy risk", format=".0f"),
            alt.Tooltip("recommendation:N", title="Advice"),
            alt.Tooltip("reasons:N", title="Why"),
            alt.Tooltip("warnings:N", title="Watch out"),
        ],
    )
    point_labels = alt.Chart(alt.Data(values=_labels_with_room(points, width, height)), name="step_labels").mark_text(align="left", dx=9, dy=-8, fontSize=12, color=_INK, font=_FONT).encode(
        x=x_enc, y=y_enc, text="label:N"
    )
    # the dots carry the legend; the quadrants and their names share its colours but not a legend of their own
    return alt.layer(backgrounds, thresholds, risk_rule, left_labels, right_labels, dots, point_labels).resolve_legend(color="independent").properties(
        width=width,
        height=height,
        # stretched to the page's width, but its height stays the plot's: the labels were placed for it
        # (Streamlit's default "fit" squeezed the plot under the title and axis and names overlapped)
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=alt.TitleParams(text="Where automation fits", subtitle=f"thresholds: fit {fit_threshold:g}, empathy risk {risk_threshold:g}", anchor="start", fontSize=20, subtitleFontSize=14, subtitleColor=_MUTED),
    )


def _labels_with_room(points: list[dict[str, Any]], width: float, height: float) -> list[dict[str, Any]]:
    """The points whose name fits beside them without covering another name or point.

    Crowded points keep their tooltip; writing every name would make a smudge of all of them.
    """
    low, span = -MATRIX_MARGIN, 100 + 2 * MATRIX_MARGIN  # the axes' domain, margin included

    def at(point: dict[str, Any]) -> tuple[float, float]:
        return (point["fit"] - low) / span * width, (1 - (point["risk"] - low) / span) * height

    def box(point: dict[str, Any]) -> tuple[float, float, float, float]:
        x, y = at(point)
        return (x + 8, y - 17, x + 10 + 7 * len(point["label"]), y - 2)

    dots = [(x - 6, y - 6, x + 6, y + 6) for x, y in map(at, points)]
    # the quadrants' names in the four corners (15 px bold, about 9 px a letter)
    names = QUADRANT_NAMES
    corners = [(0, 0, 9 * len(names["keep-human"]) + 12, 22), (width - 9 * len(names["assist"]) - 12, 0, width, 22),
               (0, height - 22, 9 * len(names["not-a-priority"]) + 12, height),
               (width - 9 * len(names["automate"]) - 12, height - 22, width, height)]
    kept: list[dict[str, Any]] = []
    taken: list[tuple[float, float, float, float]] = list(corners)
    # Riskiest first: the steps a workshop argues about are the ones to name.
    for point in sorted(points, key=lambda p: (-p["risk"], -p["fit"])):
        candidate = box(point)
        if candidate[2] > width + 120 or any(_overlaps(candidate, other) for other in taken + dots):
            continue
        kept.append(point)
        taken.append(candidate)
    return kept


# ---------------------------------------------------------------------------------------------
# The full report, for images
# ---------------------------------------------------------------------------------------------


def full_report_chart(journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction") -> alt.VConcatChart:
    """The map with its title, persona and legend, then the emotion curve: what an image shows.

    The same picture as :func:`full_report_spec`, as an Altair chart.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}')
    >>> spec = full_report_chart(journey).to_dict()
    >>> len(spec["vconcat"]), spec["title"]["text"]
    (2, 'Coffee')
    """
    spec = full_report_spec(journey, analysis, size_by=size_by)
    journey_map, curve = (_as_layer_chart(part) for part in spec.pop("vconcat"))
    datasets = spec.pop("datasets")
    del spec["$schema"]
    report = _VConcatChart(vconcat=[journey_map, curve], **spec)
    report.datasets = datasets  # set last, in place: the rows are plain JSON and need no copy
    return report


def full_report_spec(journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction") -> dict[str, Any]:
    """The full report (map, title, persona, legend, emotion curve) as a Vega-Lite spec, plain JSON.

    What images are drawn from: it skips building Altair objects, which for a large journey took
    longer than writing the spec. The map carries no tooltips, which an image cannot show.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}')
    >>> spec = full_report_spec(journey)
    >>> [len(part["layer"]) > 0 for part in spec["vconcat"]], spec["title"]["text"]
    ([True, True], 'Coffee')
    """
    if size_by not in ("friction", "volume"):
        raise ValueError(f"size_by must be 'friction' or 'volume', not {size_by!r}")
    journey_map, datasets = _map_spec(journey_map_layout(journey, analysis, size_by=size_by), tooltips=False)
    channels = ("color", "fill", "strokeDash", "shape", "size", "stroke")
    return {
        "$schema": alt.SCHEMA_URL,
        # every pixel row of the curve spans the map's whole width in the image: kept low (its cost
        # in drawing time is its area; 240 px still shows −5 … +5 clearly)
        "vconcat": [journey_map, _curve_spec(journey, analysis, legend_orient="right", height=IMAGE_CURVE_HEIGHT)],
        "spacing": 46,
        "resolve": {"scale": {channel: "independent" for channel in channels}, "legend": {"color": "independent"}},
        "title": _map_title(journey, analysis),
        "config": copy.deepcopy(_REPORT_CONFIG),  # the caller may change its spec; the default stays
        "datasets": datasets,
    }


_REPORT_CONFIG: dict[str, Any] = {
    "font": _FONT,
    "background": "white",
    "padding": 24,
    "view": {"stroke": None},
    "legend": {
        "orient": "bottom",
        "direction": "horizontal",
        "titleFontSize": 15,
        "labelFontSize": 14,
        "titleLimit": 420,
        "labelLimit": 320,
        "columnPadding": 18,
        "rowPadding": 8,
        "padding": 10,
        "titleOrient": "top",
        "offset": 26,
    },
    "axis": {"labelFont": _FONT, "titleFont": _FONT},
}
