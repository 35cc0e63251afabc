"""Edits of the journey's own fields and of one touchpoint: add, change, delete, move."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.model import ID_PATTERN
from journeymap.store.edits.forms import only_changes
from journeymap.store.edits.values import Data, assign, clean_value, cleaned, find
from journeymap.store.workspace import slug, unique_name

__all__ = ["add_touchpoint", "delete_touchpoint", "move_item", "new_journey_data", "refuse_taken_id",
           "touchpoint_id_for", "update_journey_details", "update_touchpoint"]


def new_journey_data(title: str, persona_name: str, stage_names: Sequence[str]) -> Data:
    """The data of a blank journey with these stages (ids made from the names).

    Examples
    --------
    >>> data = new_journey_data("Bakery", "Ana", ["Find us", "Order", "Order"])
    >>> [stage["id"] for stage in data["stages"]], data["persona"]
    (['find_us', 'order', 'order-2'], {'name': 'Ana'})
    """
    stages: list[Data] = []
    for name in stage_names:
        name = name.strip()
        if name:
            taken = {stage["id"] for stage in stages}
            stages.append({"id": unique_name(slug(name, "stage"), taken.__contains__), "name": name})
    data: Data = {"title": title.strip(), "stages": stages, "touchpoints": [], "connections": []}
    if persona_name.strip():
        data["persona"] = {"name": persona_name.strip()}
    return data


def update_journey_details(data: Data, fields: Mapping[str, Any], opened_with: Data | None = None) -> Data:
    """Set the journey's own fields (title, description, customers_per_week, persona).

    An empty persona name removes the persona. With ``opened_with`` (the journey's data as the form
    showed it), only the fields changed since are written, and one that another tab changed meanwhile
    is refused (see :func:`~journeymap.store.edits.forms.only_changes`).

    Examples
    --------
    >>> update_journey_details({"title": "A"}, {"title": "B", "persona": {"name": " ", "goals": []}})
    {'title': 'B'}
    """
    data = copy.deepcopy(data)
    fields = dict(fields if opened_with is None else only_changes(data, opened_with, fields))
    persona = fields.pop("persona", None)
    assign(data, fields)
    if persona is not None:
        persona = cleaned(persona)
        if persona.get("name"):
            data["persona"] = persona
        else:
            data.pop("persona", None)
    return data


def touchpoint_id_for(data: Data, name: str) -> str:
    """A new touchpoint id made from its name, unique in the journey.

    Examples
    --------
    >>> touchpoint_id_for({"touchpoints": [{"id": "pays"}]}, "Pays!")
    'pays-2'
    """
    taken = {touchpoint["id"] for touchpoint in data.get("touchpoints", [])}
    return unique_name(slug(name, "step"), taken.__contains__)


def add_touchpoint(data: Data, fields: Mapping[str, Any], connect_from: str | None = None, kind: str = "flow") -> Data:
    """Add a touchpoint after the last one of its stage, optionally connected (``kind``) from ``connect_from``.

    Examples
    --------
    >>> data = {"stages": [{"id": "a"}, {"id": "b"}],
    ...         "touchpoints": [{"id": "x", "stage": "a"}, {"id": "z", "stage": "b"}], "connections": []}
    >>> data = add_touchpoint(data, {"id": "y", "name": "Y", "stage": "a"}, connect_from="x")
    >>> [touchpoint["id"] for touchpoint in data["touchpoints"]], data["connections"]
    (['x', 'y', 'z'], [{'from': 'x', 'to': 'y', 'kind': 'flow'}])
    """
    data = copy.deepcopy(data)
    touchpoint = cleaned(fields)
    stage_order = [stage["id"] for stage in data["stages"]]
    rank = stage_order.index(touchpoint["stage"]) if touchpoint.get("stage") in stage_order else len(stage_order)
    position = len(data["touchpoints"])
    for index, other in enumerate(data["touchpoints"]):
        other_rank = stage_order.index(other["stage"]) if other.get("stage") in stage_order else len(stage_order)
        if other_rank > rank:
            position = index
            break
    data["touchpoints"].insert(position, touchpoint)
    if connect_from:
        data["connections"].append({"from": connect_from, "to": touchpoint["id"], "kind": kind})
    return data


def update_touchpoint(data: Data, touchpoint_id: str, fields: Mapping[str, Any],
                      opened_with: Mapping[str, Any] | None = None) -> Data:
    """Set fields of one touchpoint (None or an empty list removes an optional field).

    A new ``id`` is carried over to its connections. With ``opened_with`` (the touchpoint's data as the
    form or table showed it), only the fields changed since are written, and one that another tab
    changed meanwhile is refused (see :func:`~journeymap.store.edits.forms.only_changes`).

    Examples
    --------
    >>> data = {"touchpoints": [{"id": "x", "name": "X", "emotion": 2}], "connections": [{"from": "x", "to": "y"}]}
    >>> data = update_touchpoint(data, "x", {"id": "w", "emotion": None, "quotes": ["Finally!"]})
    >>> data["touchpoints"], data["connections"]
    ([{'id': 'w', 'name': 'X', 'quotes': ['Finally!']}], [{'from': 'w', 'to': 'y'}])
    """
    data = copy.deepcopy(data)
    touchpoint = find(data["touchpoints"], touchpoint_id)
    if opened_with is not None:
        stage_names = {stage.get("id"): stage.get("name") or stage.get("id") for stage in data.get("stages", [])}
        fields = only_changes(touchpoint, opened_with, fields, {"stage": stage_names})
    refuse_taken_id(data["touchpoints"], touchpoint, fields, "Touchpoint")
    assign(touchpoint, fields)
    new_id = touchpoint.get("id", touchpoint_id)
    if new_id != touchpoint_id:
        for connection in data["connections"]:
            for end in ("from", "to"):
                if connection.get(end) == touchpoint_id:
                    connection[end] = new_id
    return data


def delete_touchpoint(data: Data, touchpoint_id: str) -> Data:
    """Remove a touchpoint and every connection to or from it.

    Examples
    --------
    >>> data = {"touchpoints": [{"id": "x"}, {"id": "y"}], "connections": [{"from": "x", "to": "y"}]}
    >>> delete_touchpoint(data, "x")
    {'touchpoints': [{'id': 'y'}], 'connections': []}
    """
    data = copy.deepcopy(data)
    data["touchpoints"] = [touchpoint for touchpoint in data["touchpoints"] if touchpoint.get("id") != touchpoint_id]
    data["connections"] = [c for c in data["connections"] if touchpoint_id not in (c.get("from"), c.get("to"))]
    return data


def move_item(data: Data, collection: str, key: str, offset: int) -> Data:
    """Move a stage or touchpoint (by id) up (offset < 0) or down in its list.

    Examples
    --------
    >>> move_item({"stages": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}, "stages", "c", -1)["stages"]
    [{'id': 'a'}, {'id': 'c'}, {'id': 'b'}]
    """
    data = copy.deepcopy(data)
    items = data[collection]
    index = next(i for i, item in enumerate(items) if item.get("id") == key)
    target = max(0, min(len(items) - 1, index + offset))
    items.insert(target, items.pop(index))
    return data


def refuse_taken_id(items: list[Data], item: Data, fields: Mapping[str, Any], word: str) -> None:
    """One clear refusal for an id renamed to something unusable: another item's id, or not an id at all.

    Validation would also complain about every connection the rename carried over, naming the wrong
    step first, so the rename is refused here, once.
    """
    new_id = clean_value(fields.get("id"))
    if not isinstance(new_id, str) or new_id == item.get("id"):
        return
    where = f"{word} '{item.get('name') or item.get('id')}', id"
    if not re.fullmatch(ID_PATTERN.strip("^$"), new_id):
        raise JourneyFileError([Problem("", f"{where}: '{new_id}' is not a valid id: use 1 to 64 letters, digits, "
                                            "'_', '.' or '-', starting with a letter or digit")])
    for other in items:
        if other is not item and other.get("id") == new_id:
            raise JourneyFileError([Problem("", f"{where}: '{new_id}' is already the id of "
                                                f"'{other.get('name') or new_id}'; choose another id")])
