"""The mapping file: which touchpoint each activity of the log is, in which stage and lane, or that
it is left out.

A CSV file (comma, semicolon or tab; UTF-8 or Excel's Windows code page) with a header row::

    activity,touchpoint,stage,lane
    Confirmation of receipt,Gets a receipt,Apply,customer
    T02 Check confirmation of receipt,Checks the application,Check,backstage
    T03 Adjust confirmation of receipt,Checks the application,Check,backstage
    Send reminder,ignore,,

- ``activity`` (required): the activity as the log names it (matched ignoring case and surrounding
  spaces); each activity once;
- ``touchpoint``: the step's name on the map; several activities may name the same step, and one
  after another in a case they are one visit of it. Empty: the activity's own name. ``ignore``
  (any case): the activity's events are left out, as if they were not in the log;
- ``stage``: the stage of the step; the stages come in the order the file first names them. A step
  in no stage goes in the stage of the step before it;
- ``lane``: ``customer`` (the default), ``frontstage``, ``backstage`` or ``support``.

Other columns are ignored. Activities the file does not name keep their own name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.errors import EventLogError, JourneyFileError, Problem
from journeymap.formats.files import read_file_bytes
from journeymap.formats.spreadsheet.csv_text import csv_rows
from journeymap.formats.spreadsheet.refused import Refused
from journeymap.model import LANES

__all__ = ["IGNORE", "ActivityMapping", "read_mapping", "parse_mapping"]

#: What the touchpoint column says of an activity to leave out.
IGNORE = "ignore"
_HEADINGS = {
    "activity": ("activity", "activities", "log activity", "event", "concept:name"),
    "touchpoint": ("touchpoint", "touchpoint name", "step", "name", "maps to", "map to"),
    "stage": ("stage", "stage name", "phase"),
    "lane": ("lane", "swimlane", "row"),
}


@dataclass
class ActivityMapping:
    """What the mapping file says: ``names`` maps an activity (lower case) to its step's name, or to
    None to leave it out; ``stages`` and ``lanes`` are by step name; ``stage_order`` as first named."""

    names: dict[str, str | None] = field(default_factory=dict)
    stages: dict[str, str] = field(default_factory=dict)
    lanes: dict[str, str] = field(default_factory=dict)
    stage_order: list[str] = field(default_factory=list)
    activities: dict[str, str] = field(default_factory=dict)  # lower case → as the file writes it

    def step_of(self, activity: str) -> str | None:
        """The step an activity of the log is (its own name if not mapped); None if it is ignored."""
        key = activity.strip().casefold()
        return self.names[key] if key in self.names else activity

    def for_log(self, activities: list[str]) -> dict[str, str | None]:
        """The activities of a log (as the log writes them) that the mapping names, each with its
        step's name, or None for one left out.

        Examples
        --------
        >>> mapping = parse_mapping(b"activity,touchpoint\\nSTRASSE,Street\\nSpam,ignore\\n")
        >>> mapping.for_log(["Straße", "spam ", "Other"])
        {'Straße': 'Street', 'spam ': None}
        """
        return {activity: self.names[activity.strip().casefold()] for activity in activities
                if activity.strip().casefold() in self.names}


def read_mapping(path: str | os.PathLike[str]) -> ActivityMapping:
    """Read a mapping file; every problem, with its row, is an :class:`EventLogError`."""
    path = Path(path)
    try:
        data = read_file_bytes(path)
    except JourneyFileError as error:
        raise EventLogError(error.problems, str(path)) from None
    return parse_mapping(data, str(path))


def parse_mapping(data: bytes, source: str = "mapping") -> ActivityMapping:
    """A mapping from the bytes of its CSV file.

    Examples
    --------
    >>> mapping = parse_mapping(b"activity;touchpoint;stage;lane\\nPay online;Pays;Pay;\\nSpam;IGNORE;;\\n")
    >>> mapping.step_of("pay online"), mapping.step_of("Spam"), mapping.step_of("Other"), mapping.stages
    ('Pays', None, 'Other', {'Pays': 'Pay'})
    """
    try:
        rows = list(csv_rows(data, ""))
    except Refused as refused:
        raise EventLogError(refused.problems, source) from None
    numbered = [(number, row) for number, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
    if not numbered:
        raise EventLogError([Problem("", "is empty; a mapping file has a header row (activity, touchpoint, stage, "
                                         "lane) and a row for each activity")], source)
    header_row, header_cells = numbered[0]
    header = [cell.strip().casefold() for cell in header_cells]
    where: dict[str, int] = {}
    for key, names in _HEADINGS.items():
        for name in names:
            if name in header:
                where[key] = header.index(name)
                break
    if "activity" not in where:
        found = ", ".join(repr(cell) for cell in header_cells) or "none"
        refusal = f"has no 'activity' column; columns found: {found}; a mapping file's header is activity, touchpoint, "
        raise EventLogError([Problem(f"row {header_row}", refusal + "stage, lane")], source)
    mapping = ActivityMapping()
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for number, row in numbered[1:]:
        def cell(key: str) -> str:
            index = where.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        activity, touchpoint, stage, lane = cell("activity"), cell("touchpoint"), cell("stage"), cell("lane").casefold()
        location = f"row {number}"
        if not activity:
            problems.append(Problem(location, "has no activity; name the activity as the log does"))
            continue
        key = activity.casefold()
        if key in first_row:
            problems.append(Problem(location, f"maps activity {activity!r} again (row {first_row[key]} maps it "
                                              "already); keep one row"))
            continue
        first_row[key] = number
        mapping.activities[key] = activity
        if touchpoint.casefold() == IGNORE:
            mapping.names[key] = None
            continue
        name = (touchpoint or activity)[:120]
        mapping.names[key] = name
        if lane:
            if lane not in LANES:
                problems.append(Problem(location, f"lane {lane!r} is not one of {', '.join(LANES)}"))
            elif mapping.lanes.setdefault(name, lane) != lane:
                problems.append(Problem(location, f"puts {name!r} in lane {lane!r}, another row in "
                                                  f"{mapping.lanes[name]!r}; a touchpoint has one lane"))
        if stage:
            stage = stage[:120]
            if stage not in mapping.stage_order:
                mapping.stage_order.append(stage)
            if mapping.stages.setdefault(name, stage) != stage:
                problems.append(Problem(location, f"puts {name!r} in stage {stage!r}, another row in "
                                                  f"{mapping.stages[name]!r}; a touchpoint is in one stage"))
    if problems:
        raise EventLogError(problems, source)
    return mapping
