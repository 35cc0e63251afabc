"""The journey map's geometry, computed in Python in pixels: Vega-Lite only draws it.

That keeps the map free of overlaps and the layout testable without a browser. Stages are columns,
the four lanes of a service blueprint rows; each touchpoint gets a slot of its own in its cell. What
each touchpoint's row shows comes from :mod:`journeymap.charts.touchpoints`, the connections' lines
from :mod:`journeymap.charts.routing`.

A cached analysis may lag behind the journey while someone edits it: touchpoints that the analysis
does not know are still drawn, only without their figures.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from journeymap.charts.curve import emotion_curve_rows
from journeymap.charts.emotion_lane import EmotionLane, emotion_lane, emotion_lane_height, path_marks
from journeymap.charts.routing import route_connections
from journeymap.charts.style import (
    BAND_EVEN,
    BAND_ODD,
    EMPTY_LANE_H,
    LANE_TITLES,
    LEFT,
    LINES_BELOW,
    MARK_DY,
    PER_ROW,
    RIGHT,
    ROW_H,
    SIZE_RANGE,
    SLOT_W,
    TOP,
    label_lines,
)
from journeymap.charts.touchpoints import StepFigures, node_row
from journeymap.model import LANES, Journey, Touchpoint

__all__ = ["MapLayout", "SizeBy", "check_size_by", "journey_map_layout"]

SizeBy = Literal["friction", "volume"]
Cells = Mapping[tuple[int, str], list[str]]  # (stage column, lane) -> touchpoint ids in file order


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
    #: the emotion lane under the blueprint (see :mod:`journeymap.charts.emotion_lane`)
    emotion: EmotionLane = field(default_factory=EmotionLane)


@dataclass
class _Grid:
    """The map's columns and rows: each stage's slots and left edge, each lane's rows and top edge."""

    stage_index: dict[str, int]
    cells: Cells
    stage_slots: list[int]
    stage_left: list[float]
    lane_rows: dict[str, int]
    lane_top: dict[str, float]
    width: float
    height: float
    blueprint_bottom: float  # where the four lanes end and the emotion lane starts

    def lane_bottom(self, lane: str) -> float:
        return self.lane_top[lane] + (self.lane_rows[lane] * ROW_H if self.lane_rows[lane] else EMPTY_LANE_H)


def check_size_by(size_by: str) -> None:
    """Refuse a ``size_by`` other than "friction" or "volume", saying which there are."""
    if size_by not in ("friction", "volume"):
        raise ValueError(f"size_by must be 'friction' or 'volume', not {size_by!r}")


def journey_map_layout(
    journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction"
) -> MapLayout:
    """Compute the journey map's geometry: stage columns, lane rows, and a free slot per touchpoint.

    Stages are columns in their file order; lanes are the four rows of a service blueprint, and
    under them the emotion lane (:mod:`journeymap.charts.emotion_lane`). The
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
    figures = _step_figures(journey, analysis)
    grid = _grid(journey)
    layout = MapLayout(width=grid.width, height=grid.height)
    layout.stages = _stage_rows(journey, grid)
    layout.lanes, layout.lines = _lane_rows(grid)
    values, layout.size_title, size_domain = _size_values(journey, figures, size_by)
    positions = _cell_positions(journey, grid)
    for file_index, touchpoint in enumerate(journey.touchpoints):
        column = grid.stage_index[touchpoint.stage]
        x, y, slot = _node_position(touchpoint, column, grid, positions)
        size_value = values.get(touchpoint.id, 0.0)
        layout.nodes.append(
            node_row(
                touchpoint, figures[touchpoint.id], stage_name=journey.stages[column].name, column=column, slot=slot,
                x=x, y=y, size_value=size_value, area=_area(size_value, size_domain), file_index=file_index,
            )
        )
    # the lines keep to the blueprint: the emotion lane below it is the curve's
    routes = route_connections(journey, layout.nodes, grid.blueprint_bottom + 8)
    layout.edge_points, layout.arrows, layout.share_labels = routes.edge_points, routes.arrows, routes.share_labels
    path, markers = path_marks(emotion_curve_rows(journey, analysis)[0])
    layout.emotion = emotion_lane(journey, layout.nodes, path, markers, top=grid.blueprint_bottom, x_right=grid.width)
    return layout


def _step_figures(journey: Journey, analysis: Mapping[str, Any] | None) -> dict[str, StepFigures]:
    """Each touchpoint's figures; none without an analysis, or for a step the analysis does not know."""
    rows = {row["id"]: row for row in analysis["touchpoints"]} if analysis else {}
    return {tp.id: StepFigures.of(rows.get(tp.id)) for tp in journey.touchpoints}


def _grid(journey: Journey) -> _Grid:
    """Each cell's touchpoints, and the columns and rows sized to the fullest cells."""
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    for touchpoint in journey.touchpoints:
        cells[(stage_index[touchpoint.stage], touchpoint.lane)].append(touchpoint.id)
    columns = range(len(journey.stages))
    stage_slots = [max([1] + [min(len(cells.get((index, lane), [])), PER_ROW) for lane in LANES]) for index in columns]
    lane_rows = {lane: max([0] + [math.ceil(len(cells.get((index, lane), [])) / PER_ROW) for index in columns]) for lane in LANES}
    stage_left: list[float] = []
    x = float(LEFT)
    for slots in stage_slots:
        stage_left.append(x)
        x += slots * SLOT_W
    lane_top: dict[str, float] = {}
    y = float(TOP)
    for lane in LANES:
        lane_top[lane] = y
        y += lane_rows[lane] * ROW_H if lane_rows[lane] else EMPTY_LANE_H
    height = y + emotion_lane_height(journey) + 8
    return _Grid(stage_index, cells, stage_slots, stage_left, lane_rows, lane_top, width=x + RIGHT, height=height, blueprint_bottom=y)


def _stage_rows(journey: Journey, grid: _Grid) -> list[dict[str, Any]]:
    """One row per stage column: its name (wrapped to the column's width) and edges."""
    rows = []
    for index, stage in enumerate(journey.stages):
        slots = grid.stage_slots[index]
        left, right = grid.stage_left[index], grid.stage_left[index] + slots * SLOT_W
        rows.append(
            {
                "id": stage.id,
                "name": stage.name,
                "label": "\n".join(label_lines(stage.name, width=max(12, slots * 17), max_lines=2)),
                "column": index,
                "x": (left + right) / 2,
                "x_left": left,
                "x_right": right,
                "y": TOP / 2,
                "y_top": 0.0,
                "y_bottom": grid.height,
            }
        )
    return rows


def _lane_rows(grid: _Grid) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One row per lane (its band across the map), and the blueprint lines under the lanes they close."""
    lanes, lines = [], []
    for row, lane in enumerate(LANES):
        bottom = grid.lane_bottom(lane)
        lanes.append(
            {
                "lane": lane,
                "label": LANE_TITLES[lane],
                "row": row,
                "empty": grid.lane_rows[lane] == 0,
                "x_left": 0.0,
                "x_right": grid.width,
                "y_top": grid.lane_top[lane],
                "y_bottom": bottom,
                "y": (grid.lane_top[lane] + bottom) / 2,
                "band": BAND_EVEN if row % 2 == 0 else BAND_ODD,
            }
        )
        if lane in LINES_BELOW:
            name, dash = LINES_BELOW[lane]
            lines.append({"name": name, "label": name, "y": bottom, "dash": list(dash), "x_left": 0.0, "x_right": grid.width, "label_x": 8.0})
    return lanes, lines


def _size_values(journey: Journey, figures: Mapping[str, StepFigures], size_by: SizeBy) -> tuple[dict[str, float], str, list[float]]:
    """The value each mark's area encodes, the legend title, and the scale's domain."""
    if size_by == "friction":
        return {tp.id: float(tp.friction) for tp in journey.touchpoints}, "Size: friction (0–10)", [0, 10]
    volumes = {tp.id: figures[tp.id].weekly_volume for tp in journey.touchpoints}
    if any(volume is not None for volume in volumes.values()):
        top = max((v for v in volumes.values() if v is not None), default=0.0) or 1.0
        return {k: v or 0.0 for k, v in volumes.items()}, "Size: customers a week", [0, top]
    # Without customers_per_week there is no weekly volume; the share of customers reaching a step
    # is the same picture in relative terms, and the legend says so.
    reach = {tp.id: 100 * (figures[tp.id].reach or 0.0) for tp in journey.touchpoints}
    return reach, "Size: % of customers reaching it", [0, 100]


def _area(value: float, domain: Sequence[float]) -> float:
    """A mark's area in px² for its size value: the domain mapped linearly onto the size range."""
    low, high = domain
    fraction = 0.0 if high <= low else min(1.0, max(0.0, (value - low) / (high - low)))
    return SIZE_RANGE[0] + fraction * (SIZE_RANGE[1] - SIZE_RANGE[0])


def _node_position(touchpoint: Touchpoint, column: int, grid: _Grid, positions: Mapping[str, float]) -> tuple[float, float, int]:
    """The centre of a touchpoint's mark, and its slot (its place in its cell, in file order)."""
    members = grid.cells[(column, touchpoint.lane)]
    slot = members.index(touchpoint.id)
    row_in_cell, col_in_row = divmod(slot, PER_ROW)
    in_this_row = min(PER_ROW, len(members) - row_in_cell * PER_ROW)
    # A cell with fewer touchpoints than its column has slots is centred in the column.
    if len(members) <= PER_ROW:
        x = grid.stage_left[column] + (positions[touchpoint.id] + 0.5) * SLOT_W
    else:  # a crowded cell fills its rows left to right, the last row centred
        offset = (grid.stage_slots[column] - in_this_row) * SLOT_W / 2
        x = grid.stage_left[column] + offset + (col_in_row + 0.5) * SLOT_W
    y = grid.lane_top[touchpoint.lane] + row_in_cell * ROW_H + MARK_DY
    return x, y, slot


def _cell_positions(journey: Journey, grid: _Grid) -> dict[str, float]:
    """Each touchpoint's position across its stage column, in slots (0 = leftmost), for cells of one row.

    A cell with as many touchpoints as its column has slots fills them in file order. A cell with
    fewer places each touchpoint near the steps it is connected to (the mean of their positions;
    steps in earlier stages pull it left, later ones right), so that a frontstage step sits under the
    customer step it serves; the file order is kept and touchpoints stay a whole slot apart.
    """
    stage_of = {tp.id: grid.stage_index[tp.stage] for tp in journey.touchpoints}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for connection in journey.connections:
        if connection.from_ in stage_of and connection.to in stage_of:
            neighbours[connection.from_].append(connection.to)
            neighbours[connection.to].append(connection.from_)
    positions: dict[str, float] = {}
    for (column, _lane), members in grid.cells.items():
        if len(members) <= PER_ROW:  # centred to start with
            centre = (grid.stage_slots[column] - len(members)) / 2
            positions.update((member, centre + index) for index, member in enumerate(members))
    for _ in range(2):  # a second pass lets cells settle against each other's new places
        for (column, _lane), members in sorted(grid.cells.items()):
            slots = grid.stage_slots[column]
            if len(members) >= slots or len(members) > PER_ROW:
                continue
            wanted = [_pulled_position(member, column, slots, neighbours[member], stage_of, positions) for member in members]
            _place_in_order(members, wanted, slots, positions)
    return positions


def _pulled_position(member: str, column: int, slots: int, neighbours: list[str], stage_of: Mapping[str, int], positions: Mapping[str, float]) -> float:
    """Where a touchpoint's connections pull it: the mean of their positions, an earlier stage's at the
    column's left edge and a later one's at its right; where it is when nothing pulls."""
    pulls = []
    for other in neighbours:
        if stage_of[other] == column and other in positions:
            pulls.append(positions[other])
        elif stage_of[other] != column:
            pulls.append(-0.5 if stage_of[other] < column else slots - 0.5)
    return sum(pulls) / len(pulls) if pulls else positions[member]


def _place_in_order(members: list[str], wanted: list[float], slots: int, positions: dict[str, float]) -> None:
    """Put a cell's touchpoints as near as they can get to where they want, on half slots, in file
    order and a whole slot apart, leaving room for the ones still to place."""
    previous = -1.0
    count = len(members)
    for index, (member, want) in enumerate(zip(members, wanted)):
        latest = slots - count + index
        place = min(max(round(want * 2) / 2, previous + 1, 0.0), float(latest))
        positions[member] = place
        previous = place
