"""Journey data as the edits handle it, and the few rules of writing a value into it."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["Data", "Edit", "LISTS", "OPTIONAL", "assign", "clean_value", "cleaned", "find"]

Data = dict[str, Any]


Edit = Callable[[Data], Data]


# Fields that may be left out of a file; an emptied cell or field removes them.
OPTIONAL = {"description", "channel", "emotion", "staff_emotion", "feeling", "staff_minutes", "entry_share",
             "notes", "share", "label", "automation", "persona", "customers_per_week"}


LISTS = ("pain_points", "opportunities", "quotes")


REQUIRED_TEXT = {"id", "name", "title", "stage", "from", "to"}


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


def find(items: list[Data], key: str) -> Data:
    for item in items:
        if item.get("id") == key:
            return item
    raise KeyError(key)


def assign(item: Data, fields: Mapping[str, Any]) -> None:
    """Set fields; None, blank text and empty lists remove optional ones so the file stays tidy."""
    for field, value in fields.items():
        value = clean_value(value) if not isinstance(value, (list, dict)) else value
        if isinstance(value, dict):
            value = cleaned(value) or None
        if value is None or (isinstance(value, list) and not value and field in LISTS):
            if field in OPTIONAL or field in LISTS:
                item.pop(field, None)
            else:  # a required field emptied: validation names it ("must not be empty" for text)
                item[field] = "" if field in REQUIRED_TEXT else None
        else:
            item[field] = value


def cleaned(fields: Mapping[str, Any]) -> Data:
    item: Data = {}
    assign(item, fields)
    return {key: value for key, value in item.items() if value is not None}
