"""Small journeys for tests, built from only what each test cares about."""

from __future__ import annotations

from typing import Any

from journeymap.model.validation import journey_from_data
from journeymap.model import Journey


def make(touchpoints: list[dict[str, Any]], connections: list[dict[str, Any]], **extra: Any) -> Journey:
    """A one-stage journey; touchpoints need only an id (name and stage are filled in)."""
    for tp in touchpoints:
        tp.setdefault("name", tp["id"].title())
        tp.setdefault("stage", "s")
    return journey_from_data(
        {"title": "Test", "stages": [{"id": "s", "name": "S"}], "touchpoints": touchpoints,
         "connections": connections, **extra}
    )
