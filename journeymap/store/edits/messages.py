"""A refused edit's problems in the words of the screen: touchpoints and stages by their names."""

from __future__ import annotations

import re
from collections.abc import Mapping

from journeymap.errors import Problem
from journeymap.store.edits.values import Data

__all__ = ["describe_problem", "field_message"]

#: The journey's own fields as the "Journey details and persona" form calls them.
_JOURNEY_FIELDS = {"title": "Title", "description": "What this journey is about",
                   "customers_per_week": "Customers starting the journey per week", "persona.name": "Persona",
                   "persona.goals": "Persona's goals", "persona.needs": "What the persona needs",
                   "persona.description": "About the persona"}


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
    in_a_list = _item_problem(location, text, data, names)
    if in_a_list is not None:
        return in_a_list
    for field, words in _JOURNEY_FIELDS.items():
        if location == field or location.startswith((field + ".", field + "[")):  # persona.needs[1] too
            return f"{words}: {text}"
    return str(Problem(location, text))


def _item_problem(location: str, text: str, data: Data, names: Mapping[str, str]) -> str | None:
    """A problem at ``touchpoints[i]``, ``stages[i]`` or ``connections[i]``, the item named as the screen
    shows it; None if the location is not such an item (or the index is not one of the data's)."""
    for collection, word in (("touchpoints", "Touchpoint"), ("stages", "Stage"), ("connections", "Connection")):
        prefix = f"{collection}["
        if not location.startswith(prefix) or "]" not in location:
            continue
        index_text, _, rest = location[len(prefix):].partition("]")
        items = data.get(collection) or []
        if not index_text.isdigit() or int(index_text) >= len(items) or not isinstance(items[int(index_text)], dict):
            return None
        field = rest.lstrip(".").replace("_", " ")
        subject = _subject(collection, word, items[int(index_text)], names)
        return subject + (f", {field}" if field else "") + f": {field_message(text)}"
    return None


def _subject(collection: str, word: str, item: Data, names: Mapping[str, str]) -> str:
    if collection == "connections":
        return "Connection " + " → ".join(
            f"'{names.get(item[end], item[end])}'" if item.get(end) else "(no step chosen)" for end in ("from", "to"))
    if "name" not in item:  # a row added without a name: its made-up id would only confuse
        return f"The new {word.lower()} row"
    return f"{word} '{item.get('name') or item.get('id')}'"  # an emptied name: the id still says which


def field_message(message: str) -> str:
    """The message without its "(touchpoint 'x')" ending, for a form or a line that names the touchpoint.

    Examples
    --------
    >>> field_message("must not be empty (touchpoint 'pay')")
    'must not be empty'
    """
    return re.sub(r" \(touchpoint '[^']*'\)$", "", message)


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


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
