"""Edits a workshop makes to a journey, as plain functions over its JSON data; no Streamlit here.

Each edit takes the journey's data (``journey_to_data``), changes a copy and returns it; the app then
validates the result with :func:`journeymap.model.validation.journey_from_data`, which refuses a broken edit with
every problem and its location. Edits name things by id, never by row number, so that an edit made
in one browser tab can be replayed on top of what another tab saved meanwhile.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.model import ID_PATTERN
from journeymap.store.workspace import slug, unique_name

__all__ = [
    "Data",
    "Edit",
    "TableDelta",
    "add_connection",
    "add_touchpoint",
    "apply_table_delta",
    "clean_value",
    "delete_connection",
    "delete_touchpoint",
    "describe_problem",
    "field_message",
    "move_item",
    "new_journey_data",
    "touchpoint_id_for",
    "update_journey_details",
    "update_touchpoint",
]

Data = dict[str, Any]
Edit = Callable[[Data], Data]
#: What ``st.data_editor`` keeps in session state: ``edited_rows``, ``added_rows``, ``deleted_rows``.
TableDelta = Mapping[str, Any]

# Fields that may be left out of a file; an emptied cell or field removes them.
_OPTIONAL = {"description", "channel", "emotion", "staff_emotion", "feeling", "staff_minutes", "entry_share",
             "notes", "share", "label", "automation", "persona", "customers_per_week"}
_LISTS = ("pain_points", "opportunities", "quotes")
_REQUIRED_TEXT = {"id", "name", "title", "stage", "from", "to"}


def clean_value(value: Any) -> Any:
    """A table or widget value as plain JSON data: NumPy scalars to Python, NaN and blank text to None.

    Examples
    --------
    >>> import numpy as np
    >>> clean_value(np.float64(2.5)), clean_value(float("nan")), clean_value("  "), clean_value(np.bool_(True))
    (2.5, None, None, True)
    """
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()  # NumPy and pandas scalars; the model's strict types want Python ones
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    return value


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
    touchpoint = _cleaned(fields)
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


def update_touchpoint(data: Data, touchpoint_id: str, fields: Mapping[str, Any]) -> Data:
    """Set fields of one touchpoint (None or an empty list removes an optional field).

    A new ``id`` is carried over to its connections.

    Examples
    --------
    >>> data = {"touchpoints": [{"id": "x", "name": "X", "emotion": 2}], "connections": [{"from": "x", "to": "y"}]}
    >>> data = update_touchpoint(data, "x", {"id": "w", "emotion": None, "quotes": ["Finally!"]})
    >>> data["touchpoints"], data["connections"]
    ([{'id': 'w', 'name': 'X', 'quotes': ['Finally!']}], [{'from': 'w', 'to': 'y'}])
    """
    data = copy.deepcopy(data)
    touchpoint = _find(data["touchpoints"], touchpoint_id)
    _refuse_taken_id(data["touchpoints"], touchpoint, fields, "Touchpoint")
    _assign(touchpoint, fields)
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


def add_connection(data: Data, source: str, target: str, kind: str = "flow", share: float | None = None,
                   label: str | None = None) -> Data:
    """Add a connection between two touchpoints (validation refuses a duplicate or a self-loop)."""
    data = copy.deepcopy(data)
    data["connections"].append(_cleaned({"from": source, "to": target, "kind": kind, "share": share, "label": label}))
    return data


#: The lanes a customer walks through: connected in order by :func:`connect_in_order`.
WALKED_LANES = ("customer", "frontstage")


def steps_in_order(data: Data) -> list[str]:
    """Ids of the customer and frontstage steps in map order: stage by stage, then as listed.

    Examples
    --------
    >>> data = {"stages": [{"id": "a"}, {"id": "b"}], "touchpoints": [
    ...     {"id": "pay", "stage": "b"}, {"id": "cook", "stage": "a", "lane": "backstage"},
    ...     {"id": "order", "stage": "a"}, {"id": "greet", "stage": "a", "lane": "frontstage"}]}
    >>> steps_in_order(data)
    ['order', 'greet', 'pay']
    """
    stage_rank = {stage.get("id"): index for index, stage in enumerate(data.get("stages", []))}
    walked = [(stage_rank.get(tp.get("stage"), len(stage_rank)), index, tp["id"])
              for index, tp in enumerate(data.get("touchpoints", []))
              if tp.get("lane", "customer") in WALKED_LANES and "id" in tp]
    return [touchpoint_id for _, _, touchpoint_id in sorted(walked)]


def connect_in_order(data: Data) -> Data:
    """Connect the customer and frontstage steps one after another (a flow each), in map order, and
    each unconnected backstage or support step to the step it serves (a support connection).

    A starting point for a journey listed without connections (a spreadsheet, a new map): the
    team then adds the branches, retries and drop-offs. Pairs already connected are left alone. The
    step a backstage or support step serves is taken to be the customer or frontstage step listed
    last before it in its stage (else the first in its stage, else the last of an earlier stage).

    Examples
    --------
    >>> data = {"stages": [{"id": "s"}], "connections": [], "touchpoints": [
    ...     {"id": "order", "stage": "s"}, {"id": "ticket", "stage": "s", "lane": "support"},
    ...     {"id": "eat", "stage": "s"}, {"id": "pay", "stage": "s"}]}
    >>> [(c["from"], c["to"], c["kind"]) for c in connect_in_order(data)["connections"]]
    [('order', 'eat', 'flow'), ('eat', 'pay', 'flow'), ('order', 'ticket', 'support')]
    """
    data = copy.deepcopy(data)
    connections = data.setdefault("connections", [])
    linked = {(c.get("from"), c.get("to")) for c in connections}
    order = steps_in_order(data)
    for source, target in zip(order, order[1:]):
        if (source, target) not in linked and (target, source) not in linked:
            connections.append({"from": source, "to": target, "kind": "flow"})
    if not order:
        return data
    stage_rank = {stage.get("id"): index for index, stage in enumerate(data.get("stages", []))}
    placed = [(stage_rank.get(tp.get("stage"), len(stage_rank)), index, tp.get("id"))
              for index, tp in enumerate(data.get("touchpoints", []))]
    walked = [place for place in placed if place[2] in set(order)]
    touched = {end for pair in linked for end in pair}
    for rank, index, touchpoint_id in placed:
        if touchpoint_id in order or touchpoint_id in touched:
            continue
        same_stage = [place for place in walked if place[0] == rank]
        before = [place for place in same_stage if place[1] < index] or same_stage[:1] or \
            [place for place in walked if place[0] < rank] or walked[:1]
        connections.append({"from": before[-1][2], "to": touchpoint_id, "kind": "support"})
    return data


def delete_connection(data: Data, source: str, target: str) -> Data:
    """Remove the connection from ``source`` to ``target``.

    Examples
    --------
    >>> delete_connection({"connections": [{"from": "x", "to": "y"}, {"from": "y", "to": "z"}]}, "x", "y")
    {'connections': [{'from': 'y', 'to': 'z'}]}
    """
    data = copy.deepcopy(data)
    data["connections"] = [c for c in data["connections"] if (c.get("from"), c.get("to")) != (source, target)]
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


def update_journey_details(data: Data, fields: Mapping[str, Any]) -> Data:
    """Set the journey's own fields (title, description, customers_per_week, persona).

    An empty persona name removes the persona.

    Examples
    --------
    >>> update_journey_details({"title": "A"}, {"title": "B", "persona": {"name": " ", "goals": []}})
    {'title': 'B'}
    """
    data = copy.deepcopy(data)
    fields = dict(fields)
    persona = fields.pop("persona", None)
    _assign(data, fields)
    if persona is not None:
        persona = _cleaned(persona)
        if persona.get("name"):
            data["persona"] = persona
        else:
            data.pop("persona", None)
    return data


def apply_table_delta(data: Data, collection: str, keys: Sequence[str], delta: TableDelta) -> Data:
    """Apply what a team did in a table (``st.data_editor``) to ``stages``, ``touchpoints`` or ``connections``.

    ``keys`` names the row the table showed at each position (ids; ``"from→to"`` for connections).
    Renamed stage or touchpoint ids are carried over to what refers to them; deleting a touchpoint
    deletes its connections; added rows get an id made from their name and the first stage.

    Examples
    --------
    >>> data = {"stages": [{"id": "s"}], "touchpoints": [{"id": "x", "name": "X", "stage": "s"}],
    ...         "connections": []}
    >>> delta = {"edited_rows": {0: {"emotion": -2}}, "added_rows": [{"name": "Pays"}], "deleted_rows": []}
    >>> apply_table_delta(data, "touchpoints", ["x"], delta)["touchpoints"]
    [{'id': 'x', 'name': 'X', 'stage': 's', 'emotion': -2}, {'name': 'Pays', 'id': 'pays', 'stage': 's'}]
    """
    data = copy.deepcopy(data)
    edited = {int(row): changes for row, changes in (delta.get("edited_rows") or {}).items()}
    deleted = {keys[int(row)] for row in delta.get("deleted_rows") or [] if int(row) < len(keys)}
    for row, changes in sorted(edited.items()):
        if row >= len(keys) or keys[row] in deleted:
            continue
        changes = {column: clean_value(value) for column, value in changes.items()}
        if collection == "touchpoints":
            data = update_touchpoint(data, keys[row], changes)
        elif collection == "stages":
            data = _update_stage(data, keys[row], changes)
        else:
            source, target = keys[row].split("→", 1)
            connection = next(c for c in data["connections"] if (c.get("from"), c.get("to")) == (source, target))
            _assign(connection, changes)
    for key in deleted:
        if collection == "touchpoints":
            data = delete_touchpoint(data, key)
        elif collection == "stages":
            _refuse_deleting_a_used_stage(data, key)
            data["stages"] = [stage for stage in data["stages"] if stage.get("id") != key]
        else:
            data = delete_connection(data, *key.split("→", 1))
    for row in delta.get("added_rows") or []:
        item = _cleaned({column: clean_value(value) for column, value in row.items()})
        if not item:
            continue  # an empty row a user added and left blank
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
    return data


def describe_problem(problem: Problem, data: Data) -> str:
    """A problem in words for people, not files: touchpoints, stages and connections by their names.

    ``touchpoints[3]`` becomes the touchpoint's name, and so do touchpoint ids quoted in the message
    (except where the id itself is the subject, as in "duplicate touchpoint id 'pay'").

    Examples
    --------
    >>> data = {"touchpoints": [{"id": "pay", "name": "Pays at the till"}, {"id": "tip", "name": "Tips"}]}
    >>> describe_problem(Problem("touchpoints[0].emotion", "must be between -5 and 5, got 7 (touchpoint 'pay')"), data)
    "Touchpoint 'Pays at the till', emotion: must be between -5 and 5, got 7"
    >>> describe_problem(Problem("touchpoint 'pay'", "the shares of its outgoing flow connections add up to 1.2"), data)
    "Touchpoint 'Pays at the till': the shares of its outgoing flow connections add up to 1.2"
    >>> describe_problem(Problem("connections[0]", "connection from 'tip' to itself"), {**data, "connections": [
    ...     {"from": "tip", "to": "tip"}]})
    "Connection 'Tips' → 'Tips': connection from 'Tips' to itself"
    """
    names = _touchpoint_names(data)
    location, text = problem.location, _with_names(problem.message, names)
    owner = re.fullmatch(r"touchpoint '(.*)'", location)
    if owner:
        return f"Touchpoint '{names.get(owner.group(1), owner.group(1))}': {field_message(text)}"
    if location == "connections":
        return _capitalised(text)
    for collection, word in (("touchpoints", "Touchpoint"), ("stages", "Stage"), ("connections", "Connection")):
        prefix = f"{collection}["
        if not location.startswith(prefix) or "]" not in location:
            continue
        index_text, _, rest = location[len(prefix):].partition("]")
        items = data.get(collection) or []
        if not index_text.isdigit() or int(index_text) >= len(items) or not isinstance(items[int(index_text)], dict):
            break
        item = items[int(index_text)]
        if collection == "connections":
            subject = "Connection " + " → ".join(
                f"'{names.get(item[end], item[end])}'" if item.get(end) else "(no step chosen)" for end in ("from", "to"))
        elif "name" not in item:  # a row added without a name: its made-up id would only confuse
            subject = f"The new {word.lower()} row"
        else:  # an emptied name: the id still says which
            subject = f"{word} '{item.get('name') or item.get('id')}'"
        field = rest.lstrip(".").replace("_", " ")
        return subject + (f", {field}" if field else "") + f": {field_message(text)}"
    for field, words in _JOURNEY_FIELDS.items():
        if location == field or location.startswith(field + "."):
            return f"{words}: {text}"
    return str(Problem(location, text))


#: The journey's own fields as the "Journey details and persona" form calls them.
_JOURNEY_FIELDS = {"title": "Title", "description": "What this journey is about",
                   "customers_per_week": "Customers starting the journey per week", "persona.name": "Persona",
                   "persona.goals": "Persona's goals", "persona.description": "About the persona"}


def _touchpoint_names(data: Data) -> dict[str, str]:
    names: dict[str, str] = {}
    for touchpoint in data.get("touchpoints") or []:
        if isinstance(touchpoint, dict) and isinstance(touchpoint.get("id"), str):
            name = touchpoint.get("name")
            names.setdefault(touchpoint["id"], name if isinstance(name, str) and name.strip() else touchpoint["id"])
    return names


def _with_names(message: str, names: Mapping[str, str]) -> str:
    """Quoted touchpoint ids replaced by names, unless the id is the subject ("id 'x'") or a stage's."""
    def named(match: re.Match[str]) -> str:
        return f"'{names.get(match.group(1), match.group(1))}'"

    return re.sub(r"(?<!id )(?<!stage )'([A-Za-z0-9][A-Za-z0-9_.-]{0,63})'", named, message)


def field_message(message: str) -> str:
    """The message without its "(touchpoint 'x')" ending, for a form or a line that names the touchpoint.

    Examples
    --------
    >>> field_message("must not be empty (touchpoint 'pay')")
    'must not be empty'
    """
    return re.sub(r" \(touchpoint '[^']*'\)$", "", message)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _update_stage(data: Data, stage_id: str, changes: Mapping[str, Any]) -> Data:
    stage = _find(data["stages"], stage_id)
    _refuse_taken_id(data["stages"], stage, changes, "Stage")
    _assign(stage, changes)
    new_id = stage.get("id", stage_id)
    if new_id != stage_id:
        for touchpoint in data["touchpoints"]:
            if touchpoint.get("stage") == stage_id:
                touchpoint["stage"] = new_id
    return data


def _refuse_taken_id(items: list[Data], item: Data, fields: Mapping[str, Any], word: str) -> None:
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


def _refuse_deleting_a_used_stage(data: Data, stage_id: str) -> None:
    inside = [tp.get("name") or tp.get("id") for tp in data["touchpoints"] if tp.get("stage") == stage_id]
    if inside:
        stage = next((stage for stage in data["stages"] if stage.get("id") == stage_id), {})
        listed = ", ".join(f"'{name}'" for name in inside[:5]) + (" …" if len(inside) > 5 else "")
        count = f"{len(inside)} touchpoint" + ("s" if len(inside) > 1 else "")
        raise JourneyFileError([Problem("", f"Stage '{stage.get('name') or stage_id}' still has {count} ({listed}): "
                                            "move them to another stage or delete them first")])


def _find(items: list[Data], key: str) -> Data:
    for item in items:
        if item.get("id") == key:
            return item
    raise KeyError(key)


def _assign(item: Data, fields: Mapping[str, Any]) -> None:
    """Set fields; None, blank text and empty lists remove optional ones so the file stays tidy."""
    for field, value in fields.items():
        value = clean_value(value) if not isinstance(value, (list, dict)) else value
        if isinstance(value, dict):
            value = _cleaned(value) or None
        if value is None or (isinstance(value, list) and not value and field in _LISTS):
            if field in _OPTIONAL or field in _LISTS:
                item.pop(field, None)
            else:  # a required field emptied: validation names it ("must not be empty" for text)
                item[field] = "" if field in _REQUIRED_TEXT else None
        else:
            item[field] = value


def _cleaned(fields: Mapping[str, Any]) -> Data:
    item: Data = {}
    _assign(item, fields)
    return {key: value for key, value in item.items() if value is not None}
