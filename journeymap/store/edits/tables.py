"""What a team did in one of the Build tab's tables (``st.data_editor``), applied to the journey's data."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.store.edits.connections import delete_connection
from journeymap.store.edits.forms import only_changes
from journeymap.store.edits.touchpoints import delete_touchpoint, refuse_taken_id, touchpoint_id_for, update_touchpoint
from journeymap.store.edits.values import Data, assign, clean_value, cleaned, find
from journeymap.store.workspace import slug, unique_name

__all__ = ["TableDelta", "apply_table_delta"]

#: What ``st.data_editor`` keeps in session state: ``edited_rows``, ``added_rows``, ``deleted_rows``.
TableDelta = Mapping[str, Any]


def apply_table_delta(data: Data, collection: str, keys: Sequence[str], delta: TableDelta,
                      opened_with: Data | None = None) -> Data:
    """Apply what a team did in a table (``st.data_editor``) to ``stages``, ``touchpoints`` or ``connections``.

    ``keys`` names the row the table showed at each position (ids; ``"from→to"`` for connections).
    Only the cells edited are written, never whole rows. Renamed stage or touchpoint ids are carried
    over to what refers to them; deleting a touchpoint deletes its connections; added rows get an id
    made from their name and the first stage. With ``opened_with`` (the journey's data as the table
    showed it), a cell is written only if it differs from what the table showed, and one another tab
    changed meanwhile is refused (:class:`~journeymap.store.edits.forms.EditConflict`).

    Examples
    --------
    >>> data = {"stages": [{"id": "s"}], "touchpoints": [{"id": "x", "name": "X", "stage": "s"}],
    ...         "connections": []}
    >>> delta = {"edited_rows": {0: {"emotion": -2}}, "added_rows": [{"name": "Pays"}], "deleted_rows": []}
    >>> apply_table_delta(data, "touchpoints", ["x"], delta)["touchpoints"]
    [{'id': 'x', 'name': 'X', 'stage': 's', 'emotion': -2}, {'name': 'Pays', 'id': 'pays', 'stage': 's'}]
    """
    data = copy.deepcopy(data)
    deleted = {keys[int(row)] for row in delta.get("deleted_rows") or [] if int(row) < len(keys)}
    shown = {_key(collection, item): item for item in (opened_with or {}).get(collection, [])}
    data = _edit_rows(data, collection, keys, delta.get("edited_rows") or {}, deleted,
                      shown if opened_with is not None else None)
    for key in deleted:
        data = _delete_row(data, collection, key)
    for row in delta.get("added_rows") or []:
        item = cleaned({column: clean_value(value) for column, value in row.items()})
        if item:  # else an empty row a user added and left blank
            _add_row(data, collection, item)
    return data


def _key(collection: str, item: Data) -> str:
    """The key of a row: the item's id, or ``"from→to"`` for a connection."""
    return f"{item.get('from')}→{item.get('to')}" if collection == "connections" else str(item.get("id"))


def _edit_rows(data: Data, collection: str, keys: Sequence[str], edited_rows: Mapping[Any, Mapping[str, Any]],
               deleted: set[str], shown: Mapping[str, Data] | None) -> Data:
    """The cells changed, row by row (a row also deleted is skipped: the deletion wins); with ``shown``
    (the rows as the table showed them), only cells that differ from it, refusing another tab's change."""
    edited = {int(row): changes for row, changes in edited_rows.items()}
    for row, changes in sorted(edited.items()):
        if row >= len(keys) or keys[row] in deleted:
            continue
        changes = {column: clean_value(value) for column, value in changes.items()}
        opened_with = None if shown is None else shown.get(keys[row], {})
        if collection == "touchpoints":
            data = update_touchpoint(data, keys[row], changes, opened_with)
        elif collection == "stages":
            data = _update_stage(data, keys[row], changes, opened_with)
        else:
            source, target = keys[row].split("→", 1)
            connection = next(c for c in data["connections"] if (c.get("from"), c.get("to")) == (source, target))
            assign(connection, changes if opened_with is None else only_changes(connection, opened_with, changes))
    return data


def _delete_row(data: Data, collection: str, key: str) -> Data:
    if collection == "touchpoints":
        return delete_touchpoint(data, key)
    if collection == "stages":
        _refuse_deleting_a_used_stage(data, key)
        data["stages"] = [stage for stage in data["stages"] if stage.get("id") != key]
        return data
    return delete_connection(data, *key.split("→", 1))


def _add_row(data: Data, collection: str, item: Data) -> None:
    """Append a row added in the table; a stage or touchpoint gets an id made from its name."""
    if collection == "touchpoints":
        item.setdefault("id", touchpoint_id_for(data, str(item.get("name", "step"))))
        if data["stages"]:
            item.setdefault("stage", data["stages"][0]["id"])
        data["touchpoints"].append(item)
    elif collection == "stages":
        taken = {stage["id"] for stage in data["stages"]}
        item.setdefault("id", unique_name(slug(str(item.get("name", "stage")), "stage"), taken.__contains__))
        data["stages"].append(item)
    else:
        data["connections"].append(item)


def _update_stage(data: Data, stage_id: str, changes: Mapping[str, Any],
                  opened_with: Mapping[str, Any] | None = None) -> Data:
    stage = find(data["stages"], stage_id)
    if opened_with is not None:
        changes = only_changes(stage, opened_with, changes)
    refuse_taken_id(data["stages"], stage, changes, "Stage")
    assign(stage, changes)
    new_id = stage.get("id", stage_id)
    if new_id != stage_id:
        for touchpoint in data["touchpoints"]:
            if touchpoint.get("stage") == stage_id:
                touchpoint["stage"] = new_id
    return data


def _refuse_deleting_a_used_stage(data: Data, stage_id: str) -> None:
    inside = [tp.get("name") or tp.get("id") for tp in data["touchpoints"] if tp.get("stage") == stage_id]
    if inside:
        stage = next((stage for stage in data["stages"] if stage.get("id") == stage_id), {})
        listed = ", ".join(f"'{name}'" for name in inside[:5]) + (" …" if len(inside) > 5 else "")
        count = f"{len(inside)} touchpoint" + ("s" if len(inside) > 1 else "")
        raise JourneyFileError([Problem("", f"Stage '{stage.get('name') or stage_id}' still has {count} ({listed}): "
                                            "move them to another stage or delete them first")])
