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
from journeymap.charts.map_rows import GUTTER_W, ROW_GAP, Rows, plan_rows
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
from journeymap.model import LANES, Connection, Journey, Touchpoint, effective_shares

__all__ = ["MapLayout", "Rows", "SizeBy", "check_size_by", "journey_map_layout"]

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
    #: how many rows of the map the stages fill (see ``rows``), and the markers of connections between them
    rows: int = 1
    continuations: list[dict[str, Any]] = field(default_factory=list)
    #: the emotion lane under the blueprint (see :mod:`journeymap.charts.emotion_lane`)
    emotion: EmotionLane = field(default_factory=EmotionLane)


@dataclass
class _Grid:
    """A row of the map's columns and lanes: each stage's slots and left edge, each lane's rows and top edge."""

    stage_index: dict[str, int]
    cells: Cells
    stage_slots: dict[int, int]
    stage_left: dict[int, float]
    lane_rows: dict[str, int]
    lane_top: dict[str, float]
    width: float
    height: float
    blueprint_bottom: float  # where the four lanes end and the emotion lane starts
    top: float  # of this row of the map
    columns: tuple[int, ...]  # its stages
    per_row: int
    columns_left: float  # where its first stage starts (after the lane titles and the room for incoming markers)
    columns_right: float  # where its last stage ends

    def lane_bottom(self, lane: str) -> float:
        return self.lane_top[lane] + (self.lane_rows[lane] * ROW_H if self.lane_rows[lane] else EMPTY_LANE_H)


def check_size_by(size_by: str) -> None:
    """Refuse a ``size_by`` other than "friction" or "volume", saying which there are."""
    if size_by not in ("friction", "volume"):
        raise ValueError(f"size_by must be 'friction' or 'volume', not {size_by!r}")


def journey_map_layout(
    journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction", rows: Rows = 1,
    per_row: int = PER_ROW,
) -> MapLayout:
    """Compute the journey map's geometry: stage columns, lane rows, and a free slot per touchpoint.

    Stages are columns in their file order; lanes are the four rows of a service blueprint, and
    under them the emotion lane (:mod:`journeymap.charts.emotion_lane`). The
    touchpoints of one cell (a stage in a lane) sit side by side in file order, wrapping to a new row
    after ``per_row`` (four), so that no two share a position. A column is as wide as its fullest cell; a lane as
    tall as its fullest cell; a lane with no touchpoint stays as a thin, named row.

    ``rows`` wraps a long journey: its stages, in order, fill that many rows of the map (``"auto"``:
    as many as bring the image nearest A3's proportions), each a full blueprint with its lane titles,
    stage names and emotion lane, one under the other (see :mod:`journeymap.charts.map_rows`). A
    connection between two rows is drawn as two continuation markers: a short arrow into the room at
    the right of its source's row, named "→ target (row n)", and one out of the room at the left of
    its target's row, named "source (row m) →".

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
    >>> [(s["name"], s["map_row"]) for s in journey_map_layout(journey, rows=2).stages]
    [('Order', 0), ('Pay', 1)]
    """
    if isinstance(per_row, bool) or not isinstance(per_row, int) or per_row < 1:
        raise ValueError(f"per_row must be a whole number from 1, not {per_row!r}")
    figures = _step_figures(journey, analysis)
    plan = plan_rows(journey, rows, per_row=per_row)
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    row_of_stage = {column: row for row, columns in enumerate(plan.stages) for column in columns}
    row_of = {tp.id: row_of_stage[stage_index[tp.stage]] for tp in journey.touchpoints}
    inside, across = _split_connections(journey, row_of)
    layout = MapLayout(width=0.0, height=0.0, rows=len(plan.stages))
    values, layout.size_title, size_domain = _size_values(journey, figures, size_by)
    path, markers = path_marks(emotion_curve_rows(journey, analysis)[0])
    touchpoints_in: dict[int, list[tuple[int, Touchpoint]]] = defaultdict(list)
    for file_index, touchpoint in enumerate(journey.touchpoints):
        touchpoints_in[row_of[touchpoint.id]].append((file_index, touchpoint))
    nodes: dict[str, dict[str, Any]] = {}
    grids: list[_Grid] = []
    top = 0.0
    for row, columns in enumerate(plan.stages):
        grid = _grid(journey, stage_index, columns, [tp for _, tp in touchpoints_in[row]], per_row=per_row, top=top,
                     gutter_in=any(row_of[c.to] == row for _, c in across), gutter_out=any(row_of[c.from_] == row for _, c in across))
        grids.append(grid)
        layout.stages += _stage_rows(journey, grid, row)
        lanes, lines = _lane_rows(grid, row)
        layout.lanes += lanes
        layout.lines += lines
        positions = _cell_positions(journey, grid)
        for file_index, touchpoint in touchpoints_in[row]:
            column = stage_index[touchpoint.stage]
            x, y, slot = _node_position(touchpoint, column, grid, positions)
            size_value = values.get(touchpoint.id, 0.0)
            nodes[touchpoint.id] = node_row(
                touchpoint, figures[touchpoint.id], stage_name=journey.stages[column].name, column=column, slot=slot,
                x=x, y=y, size_value=size_value, area=_area(size_value, size_domain), file_index=file_index,
            )
            nodes[touchpoint.id]["map_row"] = row
        top = grid.height + ROW_GAP
    ports = _continuations(journey, layout, nodes, grids, across, row_of)
    for row, grid in enumerate(grids):
        row_nodes = [nodes[tp.id] for _, tp in touchpoints_in[row]]
        # the lines keep to the blueprint: the emotion lane below it is the curve's
        routes = route_connections(journey, row_nodes, grid.blueprint_bottom + 8, top=grid.top,
                                   numbered=inside[row] + ports.stubs[row], ports=ports.ends)
        ports.rename(routes)
        layout.edge_points += routes.edge_points
        layout.arrows += routes.arrows
        layout.share_labels += routes.share_labels
        layout.emotion.extend(emotion_lane(journey, row_nodes, path, markers, top=grid.blueprint_bottom, x_right=grid.width, map_row=row))
    layout.nodes = sorted(nodes.values(), key=lambda node: node["file_index"])
    layout.width = max(grid.width for grid in grids)
    layout.height = grids[-1].height
    return layout


Numbered = list[tuple[int, Connection]]


def _split_connections(journey: Journey, row_of: Mapping[str, int]) -> tuple[dict[int, Numbered], Numbered]:
    """The connections within each row of the map, and those from one row to another (numbered in file order)."""
    inside: dict[int, Numbered] = defaultdict(list)
    across: Numbered = []
    for number, connection in enumerate(journey.connections):
        if connection.from_ not in row_of or connection.to not in row_of:
            continue
        if row_of[connection.from_] == row_of[connection.to]:
            inside[row_of[connection.from_]].append((number, connection))
        else:
            across.append((number, connection))
    return inside, across


@dataclass
class _Ports:
    """The continuation markers' line ends (by id, for the routing) and their short lines, by row of the map."""

    ends: dict[str, dict[str, Any]] = field(default_factory=dict)
    stubs: dict[int, Numbered] = field(default_factory=lambda: defaultdict(list))
    real: dict[int, tuple[str, float | None]] = field(default_factory=dict)  # a stub's number: its connection's id, share

    def rename(self, routes: Any) -> None:
        """Give a stub's rows the id (and effective share) of the connection it stands for."""
        for rows in (routes.edge_points, routes.arrows, routes.share_labels):
            for row in rows:
                if row["edge_index"] in self.real:
                    row["edge"] = self.real[row["edge_index"]][0]
        for label in routes.share_labels:
            if label["edge_index"] in self.real:
                label["effective_share"] = self.real[label["edge_index"]][1]


_PORT_MARK = "\u2192port:"


def _continuations(journey: Journey, layout: MapLayout, nodes: Mapping[str, dict[str, Any]], grids: Sequence[_Grid],
                   across: Numbered, row_of: Mapping[str, int]) -> _Ports:
    """The markers of the connections between rows of the map: a short line from the source into the
    room at the right of its row, named "→ target (row n)", and one from the room at the left of the
    target's row into it, named "source (row m) →"; one marker per source and per target, naming the
    first step it leads to (or comes from) and how many more.
    """
    ports = _Ports()
    shares = effective_shares(journey)
    number = len(journey.connections)
    outgoing: dict[str, list[Connection]] = defaultdict(list)
    incoming: dict[str, list[Connection]] = defaultdict(list)
    for _, connection in across:
        outgoing[connection.from_].append(connection)
        incoming[connection.to].append(connection)
    for side, groups in (("out", outgoing), ("in", incoming)):
        taken: dict[int, list[float]] = defaultdict(list)  # each row's marker heights, to stack them
        for step, connections in sorted(groups.items(), key=lambda item: (nodes[item[0]]["y"], nodes[item[0]]["x"])):
            node = nodes[step]
            row = node["map_row"]
            grid = grids[row]
            other = connections[0].to if side == "out" else connections[0].from_
            y = node["y"]
            while any(abs(y - used) < _MARKER_H for used in taken[row]):
                y += _MARKER_H
            taken[row].append(y)
            more = f" (and {len(connections) - 1} more)" if len(connections) > 1 else ""
            name = label_lines(nodes[other]["name"], width=_MARKER_CHARS, max_lines=2)
            where = row_of[other] + 1
            if side == "out":
                x = grid.columns_right + 6
                text = [f"→ row {where}{more}", *name]
                label_x = grid.columns_right + 14
            else:
                x = grid.columns_left - 6
                text = [f"row {where}{more} →", *name]
                label_x = grid.columns_left - 14
            port = f"{_PORT_MARK}{side}:{step}"
            ports.ends[port] = {"id": port, "x": x, "y": y, "radius": 0.0}
            for connection in connections:
                edge = f"{connection.from_}→{connection.to}"
                stub = connection.model_copy(update={"to": port} if side == "out" else {"from_": port})
                if side == "in":  # the share is labelled once, on the line leaving its source
                    stub = stub.model_copy(update={"share": None})
                ports.stubs[row].append((number, stub))
                ports.real[number] = (edge, shares.get(connection.from_, {}).get(connection.to))
                number += 1
            layout.continuations.append({
                "id": step, "side": side, "map_row": row, "x": label_x, "y": y,
                "label": "\n".join(text), "lines": len(text),
                "tip_steps": ", ".join(nodes[c.to if side == "out" else c.from_]["name"] for c in connections),
                "tip_rows": ", ".join(str(row_of[c.to if side == "out" else c.from_] + 1) for c in connections),
            })
    return ports


#: A continuation marker's three lines of text (the row, and the step's name in two), and its width
#: in characters (the gutter's room).
_MARKER_H = 58.0
_MARKER_CHARS = 21


def _step_figures(journey: Journey, analysis: Mapping[str, Any] | None) -> dict[str, StepFigures]:
    """Each touchpoint's figures; none without an analysis, or for a step the analysis does not know."""
    rows = {row["id"]: row for row in analysis["touchpoints"]} if analysis else {}
    return {tp.id: StepFigures.of(rows.get(tp.id)) for tp in journey.touchpoints}


def _grid(journey: Journey, stage_index: Mapping[str, int], columns: Sequence[int], touchpoints: Sequence[Touchpoint], *,
          per_row: int, top: float, gutter_in: bool, gutter_out: bool) -> _Grid:
    """One row of the map: each cell's touchpoints, and the columns and lanes sized to the fullest cells."""
    cells: dict[tuple[int, str], list[str]] = defaultdict(list)
    for touchpoint in touchpoints:
        cells[(stage_index[touchpoint.stage], touchpoint.lane)].append(touchpoint.id)
    stage_slots = {index: max([1] + [min(len(cells.get((index, lane), [])), per_row) for lane in LANES]) for index in columns}
    lane_rows = {lane: max([0] + [math.ceil(len(cells.get((index, lane), [])) / per_row) for index in columns]) for lane in LANES}
    stage_left: dict[int, float] = {}
    x = float(LEFT) + (GUTTER_W if gutter_in else 0.0)
    columns_left = x
    for index in columns:
        stage_left[index] = x
        x += stage_slots[index] * SLOT_W
    columns_right = x
    lane_top: dict[str, float] = {}
    y = top + TOP
    for lane in LANES:
        lane_top[lane] = y
        y += lane_rows[lane] * ROW_H if lane_rows[lane] else EMPTY_LANE_H
    height = y + emotion_lane_height(journey) + 8
    width = x + (GUTTER_W if gutter_out else 0.0) + RIGHT
    return _Grid(stage_index, cells, stage_slots, stage_left, lane_rows, lane_top, width=width, height=height, blueprint_bottom=y,
                 top=top, columns=tuple(columns), per_row=per_row, columns_left=columns_left, columns_right=columns_right)


def _stage_rows(journey: Journey, grid: _Grid, map_row: int) -> list[dict[str, Any]]:
    """One row per stage column: its name (wrapped to the column's width) and edges."""
    rows = []
    for index in grid.columns:
        stage = journey.stages[index]
        slots = grid.stage_slots[index]
        left, right = grid.stage_left[index], grid.stage_left[index] + slots * SLOT_W
        rows.append(
            {
                "id": stage.id,
                "name": stage.name,
                "label": "\n".join(label_lines(stage.name, width=max(12, slots * 17), max_lines=2)),
                "column": index,
                "map_row": map_row,
                "x": (left + right) / 2,
                "x_left": left,
                "x_right": right,
                "y": grid.top + TOP / 2,
                "y_top": grid.top,
                "y_bottom": grid.height,
            }
        )
    return rows


def _lane_rows(grid: _Grid, map_row: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One row per lane (its band across the map), and the blueprint lines under the lanes they close."""
    lanes, lines = [], []
    for row, lane in enumerate(LANES):
        bottom = grid.lane_bottom(lane)
        lanes.append(
            {
                "lane": lane,
                "label": LANE_TITLES[lane],
                "row": row,
                "map_row": map_row,
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
            lines.append({"name": name, "label": name, "y": bottom, "dash": list(dash), "x_left": 0.0, "x_right": grid.width, "label_x": 8.0,
                          "map_row": map_row})
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
    row_in_cell, col_in_row = divmod(slot, grid.per_row)
    in_this_row = min(grid.per_row, len(members) - row_in_cell * grid.per_row)
    # A cell with fewer touchpoints than its column has slots is centred in the column.
    if len(members) <= grid.per_row:
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
    in_row = {member for members in grid.cells.values() for member in members}
    neighbours: dict[str, list[str]] = defaultdict(list)
    for connection in journey.connections:
        # a row's steps are pulled by their neighbours in it and in other stages (the connections of
        # other rows of the map are left to them: looking at every connection per row is not linear)
        if connection.from_ in stage_of and connection.to in stage_of and (connection.from_ in in_row or connection.to in in_row):
            neighbours[connection.from_].append(connection.to)
            neighbours[connection.to].append(connection.from_)
    positions: dict[str, float] = {}
    for (column, _lane), members in grid.cells.items():
        if len(members) <= grid.per_row:  # centred to start with
            centre = (grid.stage_slots[column] - len(members)) / 2
            positions.update((member, centre + index) for index, member in enumerate(members))
    for _ in range(2):  # a second pass lets cells settle against each other's new places
        for (column, _lane), members in sorted(grid.cells.items()):
            slots = grid.stage_slots[column]
            if len(members) >= slots or len(members) > grid.per_row:
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
