"""Edits from a form or a table: only what the person changed, never over another tab's change.

A form (or table) shows one version of the journey. On saving, every field is compared with the value
it was opened with: only the fields that differ are written, on top of the newest saved version, so two
tabs editing different fields of one step both keep their change. A field changed here that another tab
changed meanwhile (to something else) is refused with :class:`EditConflict`, saying what the other tab
set; nothing is written then. Nested fields (``automation.rule_based``, ``persona.name``) count one by one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.store.edits.values import Data, clean_value

__all__ = ["FIELD_WORDS", "EditConflict", "changed_fields", "comparable", "only_changes", "value_at"]

#: Fields as the forms call them, where the file's name would not do.
FIELD_WORDS = {
    "emotion": "customer emotion",
    "goal": "goal step",
    "entry_share": "share of customers who start here",
    "customers_per_week": "number of customers per week",
    "persona.name": "persona",
    "persona.goals": "persona's goals",
    "persona.needs": "persona's needs",
    "persona.description": "description of the persona",
    "from": "step it comes from",
    "to": "step it goes to",
}


class EditConflict(JourneyFileError):
    """A field changed in this tab that another tab changed meanwhile; ``fields`` names them."""

    def __init__(self, changes: list[tuple[str, str]]) -> None:
        self.fields = [field for field, _ in changes]
        said = " and ".join(words for _, words in changes)
        super().__init__([Problem("", f"Another tab {said} while you were editing; your change was not saved. "
                                      "Check it and save again.")])


def comparable(value: Any) -> Any:
    """A value as compared between versions: blank, empty and unset alike, 2 and 2.0 alike, text stripped.

    Examples
    --------
    >>> comparable("  ") is comparable([]) is comparable(None) is comparable(False) is None
    True
    >>> comparable(2) == comparable(2.0), comparable([" a ", "b"]), comparable({"x": None, "y": 1})
    (True, ('a', 'b'), (('y', 1),))
    """
    if isinstance(value, Mapping):
        items = tuple(sorted((key, comparable(item)) for key, item in value.items() if comparable(item) is not None))
        return items or None
    if isinstance(value, (list, tuple)):
        return tuple(comparable(item) for item in value) or None
    value = clean_value(value)
    if value is False:
        return None  # an unticked box is a field left out of the file
    return value.strip() if isinstance(value, str) else value


def value_at(item: Mapping[str, Any] | None, field: str) -> Any:
    """The value of a field (``persona.name``: a field of a field) in JSON data, or None.

    Examples
    --------
    >>> value_at({"persona": {"name": "Ana"}}, "persona.name"), value_at({}, "persona.name")
    ('Ana', None)
    """
    for part in field.split("."):
        if not isinstance(item, Mapping):
            return None
        item = item.get(part)
    return item


def _flat(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Fields with nested fields spelled out: ``{"automation": {"rule_based": 4}}`` → ``automation.rule_based``."""
    flat: dict[str, Any] = {}
    for field, value in values.items():
        if isinstance(value, Mapping):
            flat.update(_flat(value, f"{prefix}{field}."))
        else:
            flat[f"{prefix}{field}"] = value
    return flat


def changed_fields(opened_with: Mapping[str, Any] | None, typed: Mapping[str, Any]) -> dict[str, Any]:
    """The fields (nested ones spelled out) whose typed value differs from what the form was opened with.

    Examples
    --------
    >>> changed_fields({"name": "Pay", "emotion": 2, "automation": {"rule_based": 4}},
    ...                {"name": "Pay", "emotion": 2.0, "feeling": "", "automation": {"rule_based": 5}})
    {'automation.rule_based': 5}
    """
    return {field: value for field, value in _flat(typed).items()
            if comparable(value) != comparable(value_at(opened_with, field))}


def only_changes(current: Mapping[str, Any], opened_with: Mapping[str, Any] | None, typed: Mapping[str, Any],
                 shown: Mapping[str, Mapping[Any, str]] | None = None) -> Data:
    """The fields to write into ``current`` (the newest saved item): those the person changed, nested
    ones merged into what is saved. Raises :class:`EditConflict` for a changed field that another tab
    changed meanwhile to something else. ``shown`` gives the screen's words for values (stage names).

    Examples
    --------
    >>> opened = {"name": "Pay", "feeling": "calm"}
    >>> only_changes({"name": "Pay by card", "feeling": "calm"}, opened, {"name": "Pay", "feeling": "rushed"})
    {'feeling': 'rushed'}
    >>> only_changes({"name": "Pay by card"}, opened, {"name": "Pay at the till", "feeling": "calm"})
    Traceback (most recent call last):
    ...
    journeymap.store.edits.forms.EditConflict: Another tab changed the name to 'Pay by card' while you were \
editing; your change was not saved. Check it and save again.
    """
    changes = changed_fields(opened_with, typed)
    conflicts = []
    for field, value in changes.items():
        theirs = value_at(current, field)
        if comparable(theirs) not in (comparable(value_at(opened_with, field)), comparable(value)):
            conflicts.append((field, _what_they_did(field, theirs, shown or {})))
    if conflicts:
        raise EditConflict(conflicts)
    fields: Data = {}
    for field, value in changes.items():
        parent, dot, child = field.partition(".")
        if dot:
            saved = value_at(current, parent)
            fields.setdefault(parent, dict(saved) if isinstance(saved, Mapping) else {})[child] = value
        else:
            fields[field] = value
    return fields


def _what_they_did(field: str, value: Any, shown: Mapping[str, Mapping[Any, str]]) -> str:
    """``changed the name to 'Pay'``, ``emptied the channel``: what another tab did to a field."""
    words = FIELD_WORDS.get(field) or field.rpartition(".")[2].replace("_", " ")
    if comparable(value) is None and not isinstance(value, bool):
        return f"emptied the {words}"
    if isinstance(value, bool):
        return f"{'ticked' if value else 'unticked'} {words}"
    if isinstance(value, (list, tuple)):
        text = "; ".join(str(item) for item in value)
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = str(shown.get(field, {}).get(value, value))
    return f"changed the {words} to '{text}'" if isinstance(value, (str, list, tuple)) else \
        f"changed the {words} to {text}"
