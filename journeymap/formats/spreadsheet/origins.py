"""Where each item of the journey data came from, so that the model's problems are told by row and column.

The model reports ``touchpoints[3].emotion`` or ``persona.name``; a person with a spreadsheet
open wants ``touchpoints.csv row 5, column "Customer emotion (-5 to 5)"``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeymap.errors import Problem
from journeymap.formats.spreadsheet.tables import Table

__all__ = ["Origins"]

# The journey's own fields by the model's location, and the Journey table's field they come from.
_JOURNEY_KEYS = {"persona.name": "persona_name", "persona.description": "persona_description",
                 "customers_per_week": "customers_per_week", "title": "title", "description": "description"}


@dataclass
class Origins:
    """The table and row of each stage, touchpoint, connection and journey field read."""

    # by list ("stages", "touchpoints", "connections"): the table and row of each item, in order
    items: dict[str, list[tuple[Table, int]]] = field(default_factory=dict)
    # by Journey table field: its table, row and the heading of the value column
    journey_rows: dict[str, tuple[Table, int, str]] = field(default_factory=dict)
    # by touchpoint id: the row it was first given on
    touchpoint_rows: dict[str, tuple[Table, int]] = field(default_factory=dict)

    def locate(self, problem: Problem) -> Problem:
        """The problem with its location as a row and column of a table, when it is known."""
        for step in (self._in_list, self._of_touchpoint, self._of_journey_field):
            located = step(problem)
            if located is not None:
                return located
        return problem

    def _in_list(self, problem: Problem) -> Problem | None:
        """``touchpoints[3].pain_points[1]`` → the row of the fourth touchpoint, its column, "note 2"."""
        match = re.fullmatch(r"(touchpoints|connections|stages)\[(\d+)\]\.?(.*)", problem.location)
        if not (match and int(match[2]) < len(self.items.get(match[1], []))):
            return None
        table, row = self.items[match[1]][int(match[2])]
        parts = re.findall(r"[A-Za-z_]+|\[\d+\]", match[3])
        words = [part for part in parts if not part.startswith("[")]
        key = words[-1] if words else None
        heading = table.headings_by_key.get(key) if key else None
        message = problem.message
        if words[:1] in (["ratings"], ["survey"]) and table.kind == "touchpoints":
            # ratings.emotion.median: a line of the Ratings cell, named as the cell names it (survey.mean alike)
            heading = table.headings_by_key.get(words[0])
            message = f"{' '.join(words[1:]).replace('_', ' ')}: {message}" if len(words) > 1 else message
        if parts and parts[-1].startswith("[") and words:
            message = f"note {int(parts[-1][1:-1]) + 1} {message}"
        if table.kind == "touchpoints" and match[1] == "stages":
            heading = table.headings_by_key.get("stage")  # a stage made from the Stage column
        # the row says which touchpoint; an id made up from a blank name would only confuse
        message = re.sub(r" \(touchpoint '[^']*'\)$", "", message)
        return Problem(table.where(row, heading), message)

    def _of_touchpoint(self, problem: Problem) -> Problem | None:
        """``touchpoint 'pay'`` → the row the touchpoint is on."""
        match = re.fullmatch(r"touchpoint '(.*)'", problem.location)
        if not (match and match[1] in self.touchpoint_rows):
            return None
        table, row = self.touchpoint_rows[match[1]]
        return Problem(table.where(row), f"{problem.message} (touchpoint '{match[1]}')")

    def _of_journey_field(self, problem: Problem) -> Problem | None:
        """``persona.name`` → the Journey table's row and value column of that field."""
        location = problem.location
        key = _JOURNEY_KEYS.get(location)
        for listed in ("goals", "needs"):  # persona.goals[1]: a line of that one cell
            if location.startswith(f"persona.{listed}"):
                key = f"persona_{listed}"
        if location == "persona.name" and key not in self.journey_rows:
            persona_rows = [self.journey_rows[k] for k in ("persona_description", "persona_goals", "persona_needs")
                            if k in self.journey_rows]
            if persona_rows:
                table, row, _ = min(persona_rows, key=lambda found: found[1])
                return Problem(table.where(row), 'the persona needs a name too: add a "Persona name" row')
        if key and key in self.journey_rows:
            table, row, heading = self.journey_rows[key]
            return Problem(table.where(row, heading), problem.message)
        return None
