"""A journey from what the log says (:class:`~journeymap.mining.engine.VisitFacts`).

Every figure is a count of the log turned into a share, so that the journey's Markov chain (docs/
analysis.md) gives back the log's own figures: a step's expected visits per customer are its visits
in the log divided by the number of cases, its drop-off the share of cases that end there.

- each step is a touchpoint, with ``evidence: "measured"``; its share of customers moving on to
  another step is the number of such moves divided by its visits; what is left is the share whose
  case ends there;
- a step repeated at once (the same activity twice in a row: a retry) cannot be drawn as a
  connection of a step to itself. It gets a companion step "NAME (again)": NAME → again with the
  share of visits that are followed by a repeat, and again → NAME with share 1. NAME's visits are
  then all the attempts, as in the log, and the companion's visits the repeats;
- entry shares are the share of cases that start at each step;
- shares are rounded to 6 decimals so that a step's shares and its end share add up to exactly 1
  (the largest remainders are rounded up), entry shares likewise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.formats.spreadsheet.lookup import unique_slug
from journeymap.mining.engine import MoveRow, StepRow, VisitFacts
from journeymap.mining.mapping import ActivityMapping
from journeymap.mining.text import duration_text, percent

__all__ = ["AGAIN_SUFFIX", "DEFAULT_STAGES", "SHARE_DECIMALS", "Step", "journey_data", "rounded_shares"]

#: What the companion step of a repeated step adds to its name.
AGAIN_SUFFIX = " (again)"
#: Shares are written with this many decimals.
SHARE_DECIMALS = 6
#: Without stages in a mapping file, the steps are split into these, in the order customers reach them.
DEFAULT_STAGES = ("Start", "Middle", "End")
_UNITS = 10 ** SHARE_DECIMALS


@dataclass
class Step:
    """A step of the mined journey: its id, what the log says of it, and where it goes on the map."""

    id: str
    row: StepRow
    stage: str
    lane: str
    goal: bool
    again_id: str | None = None


def rounded_shares(counts: Sequence[int | float], total: int | float) -> list[float]:
    """``counts / total`` rounded to :data:`SHARE_DECIMALS` decimals, the rounding spread so that
    the shares add up to what the counts add up to (the largest remainders go up).

    Examples
    --------
    >>> rounded_shares([1, 1, 1], 3)
    [0.333334, 0.333333, 0.333333]
    >>> rounded_shares([1, 2], 4), rounded_shares([], 5)
    ([0.25, 0.5], [])
    """
    if not counts:
        return []
    exact = [count * _UNITS / total for count in counts]
    units = [math.floor(value) for value in exact]
    target = round(sum(exact))
    order = sorted(range(len(exact)), key=lambda index: (-(exact[index] - units[index]), index))
    for index in order[:max(0, target - sum(units))]:
        units[index] += 1
    return [unit / _UNITS for unit in units]


def order_and_place(rows: dict[str, StepRow], mapping: ActivityMapping, goals: set[str]) -> list[Step]:
    """The steps in the order customers first reach them (mean position), each with an id, a stage
    (the mapping's, else one of :data:`DEFAULT_STAGES` by position) and a lane."""
    ordered = sorted(rows.values(), key=lambda row: (row.first_position, row.name))
    used: set[str] = set()
    steps: list[Step] = []
    stage_of_previous = mapping.stage_order[0] if mapping.stage_order else None
    for index, row in enumerate(ordered):
        if mapping.stage_order:
            stage = mapping.stages.get(row.name, stage_of_previous)
            stage_of_previous = stage
        elif len(ordered) >= len(DEFAULT_STAGES):
            stage = DEFAULT_STAGES[index * len(DEFAULT_STAGES) // len(ordered)]
        else:
            stage = "Journey"
        step_id = unique_slug(row.name, "step", used)
        used.add(step_id)
        steps.append(Step(step_id, row, stage or "Journey", mapping.lanes.get(row.name, "customer"), row.name in goals))
    for step in steps:
        if step.row.repeats:
            step.again_id = unique_slug(step.id + "-again", "again", used)
            used.add(step.again_id)
    return steps


def journey_data(steps: list[Step], moves: list[MoveRow], facts: VisitFacts, *, title: str, description: str,
                 mapping: ActivityMapping, customers_per_week: float | None) -> dict[str, object]:
    """The journey as file data (validated by the caller)."""
    stage_names = list(dict.fromkeys([*(stage for stage in mapping.stage_order if any(s.stage == stage for s in steps)),
                                      *(step.stage for step in steps)]))
    stage_ids: dict[str, str] = {}
    for name in stage_names:
        stage_ids[name] = unique_slug(name, "stage", set(stage_ids.values()))
    by_name = {step.row.name: step for step in steps}
    entries = rounded_shares([step.row.entries for step in steps], facts.cases)
    touchpoints: list[dict[str, object]] = []
    connections: list[dict[str, object]] = []
    out_moves: dict[str, list[MoveRow]] = {}
    for move in moves:
        out_moves.setdefault(move.source, []).append(move)
    for step, entry in zip(steps, entries):
        row = step.row
        touchpoint: dict[str, object] = {"id": step.id, "name": row.name[:120], "stage": stage_ids[step.stage],
                                         "lane": step.lane, "evidence": "measured"}
        if row.staff_seconds_mean is not None:
            touchpoint["staff_minutes"] = round(row.staff_seconds_mean / 60, 2)
        if step.goal:
            touchpoint["goal"] = True
        if entry:
            touchpoint["entry_share"] = entry
        touchpoint["notes"] = step_notes(row, facts.cases)
        touchpoints.append(touchpoint)
        if step.again_id:
            touchpoints.append({"id": step.again_id, "name": _again_name(row.name), "stage": stage_ids[step.stage],
                                "lane": step.lane, "evidence": "measured", "notes": again_notes(row)})
        # what leaves the step: each kept move, the repeat, the end; a left-off move's customers are
        # spread over the kept moves, so the end share stays the log's
        kept = out_moves.get(row.name, [])
        moving_on = row.visits - row.ends - row.repeats
        kept_total = sum(move.moves for move in kept)
        counts: list[float] = [move.moves * moving_on / kept_total for move in kept] if kept_total else []
        shares = rounded_shares([*counts, row.repeats, row.ends if kept_total else row.visits - row.repeats],
                                row.visits)
        for move, share in zip(kept, shares):
            if share > 0:
                label = f"{_count(move.moves, 'move')}, mean wait {duration_text(move.wait_mean)}"
                connections.append({"from": step.id, "to": by_name[move.target].id, "share": share, "label": label})
        if step.again_id:
            connections.append({"from": step.id, "to": step.again_id, "share": shares[len(kept)],
                                "label": _count(row.repeats, "repeat")})
            connections.append({"from": step.again_id, "to": step.id, "share": 1})
    data: dict[str, object] = {"title": title[:200], "description": description}
    if customers_per_week is not None:
        data["customers_per_week"] = customers_per_week
    data["stages"] = [{"id": stage_ids[name], "name": name} for name in stage_names]
    data["touchpoints"] = touchpoints
    data["connections"] = connections
    return data


def _count(number: int, word: str) -> str:
    """A count with its word, plural unless it is one.

    Examples
    --------
    >>> _count(1, "move"), _count(1234, "repeat")
    ('1 move', '1,234 repeats')
    """
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def _again_name(name: str) -> str:
    return name[:120 - len(AGAIN_SUFFIX)] + AGAIN_SUFFIX


def step_notes(row: StepRow, cases: int) -> str:
    """What the log measured of a step, in sentences for the step's notes.

    Examples
    --------
    >>> from journeymap.mining.engine import StepRow
    >>> row = StepRow("Pay", visits=12, cases=10, events=24, entries=0, ends=9, repeats=2, first_position=2,
    ...               wait_median=600, wait_p90=5400, waits=10, repeat_wait_median=30, repeat_wait_p90=90,
    ...               staff_seconds_mean=150, staff_visits=12, resources=3)
    >>> print(step_notes(row, 20))
    Measured from the event log: 12 visits in 10 of 20 cases (50%).
    Waiting before this step (10 arrivals from another step): median 10 min, 90th percentile 1.5 h.
    Staff time (start to completion, 12 visits): mean 2.5 min.
    Done by 3 different resources.
    """
    lines = [f"Measured from the event log: {row.visits:,} visit{'s' if row.visits != 1 else ''} in {row.cases:,} of "
             f"{cases:,} cases ({percent(row.cases / cases)})."]
    if row.wait_median is not None and row.waits:
        lines.append(f"Waiting before this step ({row.waits:,} arrival{'s' if row.waits != 1 else ''} from another "
                     f"step): median {duration_text(row.wait_median)}, 90th percentile {duration_text(row.wait_p90)}.")
    if row.staff_seconds_mean is not None:
        visits = f"{row.staff_visits:,} visit{'s' if row.staff_visits != 1 else ''}"
        lines.append(f"Staff time (start to completion, {visits}): mean {duration_text(row.staff_seconds_mean)}.")
    if row.resources:
        lines.append(f"Done by {row.resources:,} different resources." if row.resources != 1 else "Done by 1 resource.")
    return "\n".join(lines)


def again_notes(row: StepRow) -> str:
    """The notes of a repeated step's companion: how often, and how long between the attempts."""
    lines = [f"Measured from the event log: {row.repeats:,} time{'s' if row.repeats != 1 else ''} “{row.name}” was "
             "done again right after itself (a retry). This step stands for the retry: it leads back to "
             f"“{row.name}”, whose visits count every attempt."]
    if row.repeat_wait_median is not None:
        lines.append(f"Time between the attempts: median {duration_text(row.repeat_wait_median)}, "
                     f"90th percentile {duration_text(row.repeat_wait_p90)}.")
    return "\n".join(lines)
