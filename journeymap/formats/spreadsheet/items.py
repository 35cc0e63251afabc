"""The four tables read into journey data: the Journey table's fields, stages, touchpoints, connections.

Each function reads one table with a :class:`~journeymap.formats.spreadsheet.rows.Reader`, which
collects the problems and where each item came from. A missing ID is made from the name; a stage
may be given by its id or its name (and, without a Stages table, the stages are the Stage column's
values in order of first appearance); a connection's ends by touchpoint id or name.
"""

from __future__ import annotations

import difflib
from typing import Any

from journeymap.formats.spreadsheet.cells import PARSERS, BadCell, cell_text
from journeymap.formats.spreadsheet.columns import JOURNEY_FIELDS, JOURNEY_INDEX, normalise_heading
from journeymap.formats.spreadsheet.lookup import Finder, unique_slug
from journeymap.formats.spreadsheet.rows import Reader
from journeymap.formats.spreadsheet.tables import Table
from journeymap.model import MAX_STAGES, TRAITS

__all__ = ["read_connections", "read_journey_fields", "read_stages", "read_touchpoints"]

# Touchpoint fields copied as they are parsed, in the order of the file format (traits go between).
_TOUCHPOINT_FIELDS = ("lane", "channel", "description", "emotion", "staff_emotion", "feeling", "friction", "evidence",
                      "ratings", "survey", "staff_minutes", "goal", "entry_share")
_TOUCHPOINT_NOTES = ("pain_points", "opportunities", "quotes", "notes")


# --------------------------------------------------------------------------------------------------
# The Journey table


def read_journey_fields(reader: Reader, table: Table | None) -> dict[str, Any]:
    """The Journey table's values by field key (``title``, ``persona_name`` …); empty without one."""
    if table is None:
        return {}
    rows = table.rows
    headings = ("Field", "Value")
    if normalise_heading(table.headings[0]) in JOURNEY_INDEX:  # no heading row: the first row is data
        rows = [(table.heading_row, table.headings), *rows]
    else:
        headings = (table.headings[0] or headings[0],
                    table.headings[1] if len(table.headings) > 1 and table.headings[1] else headings[1])
    if not reader.check_size(table, "journey"):
        return {}
    values: dict[str, Any] = {}
    for row, cells in rows:
        _read_field(reader, table, row, cells, headings, values)
    return values


def _read_field(reader: Reader, table: Table, row: int, cells: list[Any], headings: tuple[str, str],
                values: dict[str, Any]) -> None:
    """One field/value row into ``values``; an unknown, repeated or bad one is reported instead."""
    key_heading, value_heading = headings
    key_text = cell_text(cells[0]).strip() if cells else ""
    raw = cells[1] if len(cells) > 1 else None
    column = JOURNEY_INDEX.get(normalise_heading(key_text))
    if column is None:
        reader.report(table.where(row, key_heading), _unknown_field(key_text))
        return
    if column.key in values or column.key in reader.origins.journey_rows:
        reader.report(table.where(row, key_heading), f'"{key_text}" is given twice; keep one')
        return
    reader.origins.journey_rows[column.key] = (table, row, value_heading)
    try:
        value = PARSERS[column.kind](raw, column)
    except BadCell as error:
        reader.report(table.where(row, value_heading), str(error))
        return
    if value is not None:
        values[column.key] = value


def _unknown_field(key_text: str) -> str:
    if not key_text:
        return "a value needs a field name in the first column"
    known = [column.heading for column in JOURNEY_FIELDS]
    close = difflib.get_close_matches(key_text, known, n=1, cutoff=0.5)
    hint = f'; did you mean "{close[0]}"?' if close else f"; the fields are: {', '.join(known)}"
    return f'unknown field "{key_text}"{hint}'


# --------------------------------------------------------------------------------------------------
# Stages


def read_stages(reader: Reader, table: Table | None) -> list[dict[str, Any]] | None:
    """The stages of a Stages table; None without one (or with nothing usable in it)."""
    if table is None:
        return None
    if not reader.check_size(table, "stages"):  # first: beyond the limits, what else is wrong is noise
        return None
    reader.match_headings(table, "stages")
    if "id" not in table.columns and "name" not in table.columns:
        reader.report(table.where(table.heading_row), 'needs a "Name" column (and may have an "ID" column)',
                      fatal=True)
        return None
    parsed = [(row, reader.cells(table, "stages", row, cells)) for row, cells in table.rows]
    used = {values["id"] for _, values in parsed if "id" in values}
    stages = []
    origins = reader.origins.items.setdefault("stages", [])
    for row, values in parsed:
        if "id" not in values:
            values["id"] = unique_slug(values.get("name", ""), "stage", used)
        values.setdefault("name", values["id"])  # a stage given only by its id is named by it
        stages.append({key: values[key] for key in ("id", "name", "description") if key in values})
        origins.append((table, row))
    return stages or None


class _StageFinder:
    """Each step's stage by id or name; without a Stages table, a new name makes a new stage."""

    def __init__(self, reader: Reader, table: Table, stages: list[dict[str, Any]] | None) -> None:
        self.reader = reader
        self.table = table
        self.derive = stages is None
        self.stages = list(stages or [])
        self.finder = Finder([(stage["id"], stage.get("name", "")) for stage in self.stages])

    def stage_of(self, row: int, values: dict[str, Any]) -> str | None:
        """The stage id of a step's row (its text as given when no stage has it); None when it has none."""
        table = self.table
        stage_text = values.get("stage")
        if stage_text is None and "stage" not in table.columns and len(self.stages) == 1:
            stage_text = self.stages[0]["id"]
        if stage_text is None:
            if "stage" in table.columns:
                self.reader.report(table.where(row, table.headings_by_key["stage"]),
                                   "is empty: give the stage id or name")
            return None
        stage_id = self.finder.find(stage_text)
        if stage_id is None and self.derive and len(self.stages) < MAX_STAGES:
            stage_id = self._new_stage(row, stage_text)
        if stage_id is None:
            heading = table.headings_by_key["stage"]
            self.reader.report(table.where(row, heading), self.finder.not_found("stage", stage_text))
            return stage_text
        return stage_id

    def _new_stage(self, row: int, stage_text: str) -> str:
        stage_id = unique_slug(stage_text, "stage", set(self.finder.ids))
        self.stages.append({"id": stage_id, "name": stage_text[:120]})
        self.finder.add(stage_id, stage_text)
        self.reader.origins.items.setdefault("stages", []).append((self.table, row))
        return stage_id


# --------------------------------------------------------------------------------------------------
# Touchpoints


def read_touchpoints(reader: Reader, table: Table,
                     stages: list[dict[str, Any]] | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The touchpoints, and the stages: those given, or else those the Stage column names."""
    if not reader.check_size(table, "touchpoints"):  # first: beyond the limits, what else is wrong is noise
        return [], stages or []
    reader.match_headings(table, "touchpoints")
    _require_touchpoint_columns(reader, table, stages)
    parsed = [(row, reader.cells(table, "touchpoints", row, cells)) for row, cells in table.rows]
    stage_finder = _StageFinder(reader, table, stages)
    used = {values["id"] for _, values in parsed if "id" in values}
    touchpoints: list[dict[str, Any]] = []
    origins = reader.origins.items.setdefault("touchpoints", [])
    for row, values in parsed:
        data: dict[str, Any] = {"id": values.get("id") or unique_slug(values.get("name", ""), "step", used)}
        if "name" in values:
            data["name"] = values["name"]
        elif "name" in table.columns:
            reader.report(table.where(row, table.headings_by_key["name"]),
                          "is empty: give the step a name (a row of totals or remarks is not a step; delete it)")
        stage = stage_finder.stage_of(row, values)
        if stage is not None:
            data["stage"] = stage
        data.update(_touchpoint_fields(values))
        touchpoints.append(data)
        origins.append((table, row))
        reader.origins.touchpoint_rows.setdefault(data["id"], (table, row))
    return touchpoints, stage_finder.stages


def _require_touchpoint_columns(reader: Reader, table: Table, stages: list[dict[str, Any]] | None) -> None:
    """A Name column, and a Stage column unless there is just one stage."""
    if "name" not in table.columns:
        reader.report(table.where(table.heading_row), 'needs a "Name" column: what happens at each step', fatal=True)
    if "stage" not in table.columns and not (stages and len(stages) == 1):
        reader.report(table.where(table.heading_row), 'needs a "Stage" column: the stage id or name of each step',
                      fatal=True)


def _touchpoint_fields(values: dict[str, Any]) -> dict[str, Any]:
    """A step's other fields in file-format form: the automation traits gathered under ``automation``."""
    data = {key: values[key] for key in _TOUCHPOINT_FIELDS if key in values}
    traits = {trait: values[trait] for trait in TRAITS if trait in values}
    if traits:
        data["automation"] = traits
    data.update((key, values[key]) for key in _TOUCHPOINT_NOTES if key in values)
    return data


# --------------------------------------------------------------------------------------------------
# Connections


def read_connections(reader: Reader, table: Table | None, touchpoints: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The connections, each end found among the touchpoints by id or name; none without a table."""
    if table is None:
        return []
    if not reader.check_size(table, "connections"):  # first: beyond the limits, what else is wrong is noise
        return []
    reader.match_headings(table, "connections")
    for key, heading in (("from", "From"), ("to", "To")):
        if key not in table.columns:
            reader.report(table.where(table.heading_row), f'needs a "{heading}" column: a touchpoint id or name',
                          fatal=True)
    finder = Finder([(tp["id"], tp.get("name", "")) for tp in touchpoints])
    connections = []
    origins = reader.origins.items.setdefault("connections", [])
    for row, cells in table.rows:
        values = reader.cells(table, "connections", row, cells)
        data = _ends(reader, table, row, values, finder)
        data.update((key, values[key]) for key in ("kind", "share", "label") if key in values)
        connections.append(data)
        origins.append((table, row))
    return connections


def _ends(reader: Reader, table: Table, row: int, values: dict[str, Any], finder: Finder) -> dict[str, Any]:
    """A connection's ``from`` and ``to`` as touchpoint ids (as given when no touchpoint has them)."""
    data: dict[str, Any] = {}
    for key in ("from", "to"):
        text = values.get(key)
        if text is None:
            if key in table.columns:
                reader.report(table.where(row, table.headings_by_key[key]), "is empty: give a touchpoint id or name")
            continue
        found = finder.find(text)
        if found is None:
            reader.report(table.where(row, table.headings_by_key[key]), finder.not_found("touchpoint", text))
        data[key] = found or text
    return data
