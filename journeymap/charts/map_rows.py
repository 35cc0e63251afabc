"""Which stages go in which row of the map, when a long journey is wrapped into several rows.

A map of 100 steps in one row is about 12,000 pixels wide: no screen or page shows it whole. Wrapped,
its stages (in order) fill several rows of the map, each a full blueprint of its own (lane titles,
stage names, the four lanes and the emotion lane); a connection from one row to another is drawn as
a pair of continuation markers ("→ Pays at the till (row 2)" at the right of its row, "Orders (row 1)
→" at the left of the other) instead of a long line across the map (see
:mod:`journeymap.charts.layout`). The rows are balanced so that the widest is as narrow as it can be.

Compact cells go with it: a cell (a stage in a lane) holds ``per_row`` steps side by side before
starting a new line of steps. Four (the default) keeps the map low and wide; two makes a stage with
many customer steps two columns wide instead of four, which fills the other lanes' empty room and
makes the map smaller for the same text.

:func:`plan_rows` decides the rows; :func:`fit_map_layout` lays the map out for a target width (and
height) in pixels and says at what scale it is shown then, and how large its names are at that scale.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from journeymap.charts.emotion_lane import emotion_lane_height
from journeymap.charts.style import EMPTY_LANE_H, LEFT, PER_ROW, RIGHT, ROW_H, SLOT_W, TOP
from journeymap.model import LANES, Journey

if TYPE_CHECKING:  # the layout imports this module
    from journeymap.charts.layout import MapLayout, SizeBy

__all__ = [
    "A3_ASPECT",
    "COMPACT_PER_ROW",
    "GUTTER_W",
    "NAME_PX",
    "READABLE_NAME_PX",
    "ROW_GAP",
    "WRAP_WIDTH",
    "FittedMap",
    "Rows",
    "fit_map_layout",
    "image_rows",
    "plan_rows",
]

Rows = int | Literal["auto"]

#: Width and height of an A3 page (and of any ISO 216 page): √2 : 1, landscape.
A3_ASPECT = math.sqrt(2)
#: Images of a map wider than this (in pixels, at scale 1) in one row are wrapped (rows="auto").
WRAP_WIDTH = 4000.0
#: Steps side by side in a cell of a wrapped map before they start a new line of steps.
COMPACT_PER_ROW = 2
#: The room at the right of a map row for the markers of connections leaving it, and at the left
#: of one for those coming in (only where a row has some).
GUTTER_W = 200.0
#: White space between two rows of the map.
ROW_GAP = 48.0
#: The touchpoints' names are 15 px at scale 1: the smallest names on the map (the stage names are
#: 20 px, the lane titles 17 px; badges 12 px and blueprint-line labels 13 px are not names).
NAME_PX = 15.0
#: What this project calls readable on a screen: names of at least 10 px as shown.
READABLE_NAME_PX = 10.0
#: What the title (with persona) and the legends below the map add to an image, roughly, in pixels
#: at scale 1: the legends' row is about 2,600 px wide and 190 px high.
LEGEND_W, LEGEND_H, TITLE_H = 2600.0, 190.0, 110.0
#: The most rows "auto" and the fitting try.
MAX_ROWS = 24


@dataclass(frozen=True)
class RowPlan:
    """The stages (their indices, in order) of each row of the map, and each row's size in pixels."""

    stages: tuple[tuple[int, ...], ...]
    widths: tuple[float, ...]  # without the gutters (which depend on the connections)
    heights: tuple[float, ...]

    @property
    def width(self) -> float:
        return max(self.widths)

    @property
    def height(self) -> float:
        return sum(self.heights) + ROW_GAP * (len(self.heights) - 1)


def plan_rows(journey: Journey, rows: Rows = 1, *, per_row: int = PER_ROW, aspect: float = A3_ASPECT) -> RowPlan:
    """Split the journey's stages, in order, into ``rows`` rows of the map, the widest as narrow as it can be.

    ``rows="auto"``: the number of rows whose image (with title and legends) comes nearest to
    ``aspect`` (width : height; A3 landscape by default). A stage is never split, so there are at
    most as many rows as stages.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "T", "stages": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"},
    ...   {"id": "c", "name": "C"}, {"id": "d", "name": "D"}], "touchpoints": [
    ...   {"id": "a1", "name": "A1", "stage": "a"}, {"id": "a2", "name": "A2", "stage": "a"},
    ...   {"id": "b1", "name": "B1", "stage": "b"}, {"id": "c1", "name": "C1", "stage": "c"},
    ...   {"id": "d1", "name": "D1", "stage": "d"}]}''')
    >>> plan_rows(journey, 2).stages  # slots 2 + 1 | 1 + 1: the widest row has 3 slots
    ((0, 1), (2, 3))
    >>> plan_rows(journey, 2).widths  # 178 (lane titles) + 210 a slot + 24
    (832.0, 622.0)
    """
    slots = _stage_slots(journey, per_row)
    counts = _cell_counts(journey)
    if rows == "auto":
        return min((_plan(slots, counts, r, per_row, journey) for r in range(1, min(len(slots), MAX_ROWS) + 1)),
                   key=lambda plan: (abs(math.log(_image_aspect(plan) / aspect)), len(plan.stages)))
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise ValueError(f"rows must be a whole number from 1 or 'auto', not {rows!r}")
    return _plan(slots, counts, min(rows, max(1, len(slots))), per_row, journey)


def _image_aspect(plan: RowPlan) -> float:
    return max(plan.width, LEGEND_W) / (plan.height + LEGEND_H + TITLE_H)


def _stage_slots(journey: Journey, per_row: int) -> list[int]:
    """Each stage's width in slots: its fullest cell's steps side by side, at most ``per_row``."""
    counts = _cell_counts(journey)
    return [max([1] + [min(counts[(index, lane)], per_row) for lane in LANES]) for index in range(len(journey.stages))]


def _cell_counts(journey: Journey) -> Counter[tuple[int, str]]:
    stage_index = {stage.id: index for index, stage in enumerate(journey.stages)}
    return Counter((stage_index[tp.stage], tp.lane) for tp in journey.touchpoints)


def _plan(slots: Sequence[int], counts: Mapping[tuple[int, str], int], rows: int, per_row: int, journey: Journey) -> RowPlan:
    """The split of the stages into ``rows`` consecutive rows whose widest has the fewest slots."""
    if not slots:
        return RowPlan(((),), (float(LEFT + SLOT_W + RIGHT),), (_row_height((), counts, per_row, journey),))
    low, high = max(slots), sum(slots)
    while low < high:  # the narrowest widest row that greedy filling fits into `rows` rows
        middle = (low + high) // 2
        if len(_greedy(slots, middle)) <= rows:
            high = middle
        else:
            low = middle + 1
    groups = _greedy(slots, low)
    # fewer groups than rows asked: split the widest further while it has more than one stage
    while len(groups) < rows and any(len(group) > 1 for group in groups):
        widest = max((g for g in groups if len(g) > 1), key=lambda g: sum(slots[i] for i in g))
        at = groups.index(widest)
        half = _best_cut(widest, slots)
        groups[at:at + 1] = [widest[:half], widest[half:]]
    stages = tuple(tuple(group) for group in groups)
    widths = tuple(float(LEFT + SLOT_W * sum(slots[i] for i in group) + RIGHT) for group in stages)
    heights = tuple(_row_height(group, counts, per_row, journey) for group in stages)
    return RowPlan(stages, widths, heights)


def _greedy(slots: Sequence[int], limit: int) -> list[list[int]]:
    groups: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(slots):
        if groups[-1] and used + width > limit:
            groups.append([])
            used = 0
        groups[-1].append(index)
        used += width
    return groups


def _best_cut(group: list[int], slots: Sequence[int]) -> int:
    total = sum(slots[i] for i in group)
    running, best, best_cut = 0, math.inf, 1
    for cut in range(1, len(group)):
        running += slots[group[cut - 1]]
        if abs(2 * running - total) < best:
            best, best_cut = abs(2 * running - total), cut
    return best_cut


def _row_height(group: Sequence[int], counts: Mapping[tuple[int, str], int], per_row: int, journey: Journey) -> float:
    """A row of the map's height: stage names, each lane as tall as its fullest cell, the emotion lane."""
    height = float(TOP)
    for lane in LANES:
        lines = max([0] + [math.ceil(counts.get((index, lane), 0) / per_row) for index in group])
        height += lines * ROW_H if lines else EMPTY_LANE_H
    return height + emotion_lane_height(journey) + 8


def image_rows(journey: Journey) -> tuple[int, int]:
    """The rows and cells images draw a journey with: one row as in the app up to :data:`WRAP_WIDTH`
    pixels wide; wider, as many rows as bring it nearest A3's proportions, in the cells (four steps
    or two side by side) that make the smaller image.

    Examples
    --------
    >>> from journeymap import loads
    >>> image_rows(loads('{"title": "T", "stages": [{"id": "s", "name": "S"}]}'))
    (1, 4)
    """
    if plan_rows(journey, 1).width <= WRAP_WIDTH:
        return 1, PER_ROW
    plans = [(plan_rows(journey, "auto", per_row=per_row), per_row) for per_row in (PER_ROW, COMPACT_PER_ROW)]
    plan, per_row = min(plans, key=lambda item: (max(item[0].width, LEGEND_W) * (item[0].height + LEGEND_H), -item[1]))
    return len(plan.stages), per_row


@dataclass(frozen=True)
class FittedMap:
    """A map laid out for a target size: the layout, and at what scale it fills the target.

    ``scale`` is the factor to show the layout (and its legends) at; ``name_px`` the touchpoints'
    names at that scale, in pixels; ``readable`` whether that is at least :data:`READABLE_NAME_PX`.
    ``rows`` and ``per_row`` are what :func:`journeymap.charts.layout.journey_map_layout` was given.
    """

    layout: MapLayout
    rows: int
    per_row: int
    scale: float
    name_px: float
    readable: bool


def fit_map_layout(
    journey: Journey,
    analysis: Mapping[str, Any] | None = None,
    *,
    width: float,
    height: float | None = None,
    size_by: SizeBy = "friction",
    legends: bool = True,
) -> FittedMap:
    """The map laid out to be shown whole in ``width`` pixels (and ``height``, when given), and its scale.

    With a height (a screen: 1920 × 1080), the rows (and compact cells) that let the map be drawn
    largest within both; with only a width (a page that scrolls), the fewest rows that make its
    names readable at that width, or, when none does, the rows that make them largest. ``legends``
    counts the legends' room below the map (and their row's width) in the fit.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "T", "stages": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...   "touchpoints": [{"id": "a1", "name": "A1", "stage": "a"}, {"id": "b1", "name": "B1", "stage": "b"}]}''')
    >>> fitted = fit_map_layout(journey, width=1280, legends=False)
    >>> fitted.rows, fitted.layout.width, round(fitted.scale, 2), fitted.readable
    (1, 622.0, 2.06, True)
    """
    from journeymap.charts.layout import journey_map_layout

    best: tuple[Any, ...] | None = None
    for per_row in (PER_ROW, COMPACT_PER_ROW):
        for rows in range(1, min(len(journey.stages), MAX_ROWS) + 1 if journey.stages else 2):
            plan = plan_rows(journey, rows, per_row=per_row)
            if len(plan.stages) < rows:
                break
            shown_w = max(plan.width + 2 * GUTTER_W * (rows > 1), LEGEND_W if legends else 0.0)
            shown_h = plan.height + (LEGEND_H if legends else 0.0)
            scale = width / shown_w if height is None else min(width / shown_w, height / shown_h)
            readable = scale * NAME_PX >= READABLE_NAME_PX
            # with a height: the largest scale; with a width only: readable with the fewest rows first
            key = (-scale,) if height is not None else (not readable, rows if readable else -scale, per_row != PER_ROW)
            if best is None or key < best[0]:
                best = (key, rows, per_row, scale, readable)
    assert best is not None
    _, rows, per_row, _, _ = best
    layout = journey_map_layout(journey, analysis, size_by=size_by, rows=rows, per_row=per_row)
    shown_w = max(layout.width, LEGEND_W if legends else 0.0)
    shown_h = layout.height + (LEGEND_H if legends else 0.0)
    scale = width / shown_w if height is None else min(width / shown_w, height / shown_h)
    return FittedMap(layout, rows, per_row, scale, scale * NAME_PX, scale * NAME_PX >= READABLE_NAME_PX)
