"""Which step of the journey a survey row is about: the touchpoint's id, else its name.

An id matches exactly (ids are what the file and the spreadsheets write); a name matches whatever its
case and spaces (``"pays  BY card"`` is the step "Pays by card"). A name two steps share names neither:
the row must give the id. A touchpoint that matches no step is told with the nearest ids and names.

Examples
--------
>>> from journeymap.model.validation import journey_from_data
>>> journey = journey_from_data({"title": "Café", "stages": [{"id": "s", "name": "S"}], "touchpoints": [
...     {"id": "pay", "name": "Pays by card", "stage": "s"}, {"id": "wait", "name": "Waits", "stage": "s"},
...     {"id": "wait-2", "name": "Waits", "stage": "s"}]})
>>> finder = StepFinder(journey)
>>> finder.find("pay"), finder.find("pays  BY card"), finder.find("Waits")
('pay', 'pay', None)
>>> finder.problem("Waits")
'"Waits" is the name of 2 steps (wait, wait-2): give the id of the one meant'
>>> finder.problem("Pays by cash")
'no step "Pays by cash" in the journey (did you mean "Pays by card"?): give a step\\'s id or name'
"""

from __future__ import annotations

import difflib

from journeymap.model import Journey

__all__ = ["StepFinder"]

_SHOWN_IDS = 3


class StepFinder:
    """The journey's touchpoints found by id or name, as a survey row writes them."""

    def __init__(self, journey: Journey) -> None:
        self._ids = {touchpoint.id for touchpoint in journey.touchpoints}
        self._named: dict[str, list[str]] = {}
        self._names: list[str] = []
        self._told: dict[str, str | None] = {}  # a survey names the same unknown step on many rows
        for touchpoint in journey.touchpoints:
            self._named.setdefault(_key(touchpoint.name), []).append(touchpoint.id)
            self._names.append(touchpoint.name)

    def find(self, text: str) -> str | None:
        """The id of the step ``text`` names, or None (no step, or the name of several)."""
        if text in self._ids:
            return text
        ids = self._named.get(_key(text), [])
        return ids[0] if len(ids) == 1 else None

    def problem(self, text: str) -> str | None:
        """Why ``text`` names no one step, or None when it does."""
        if self.find(text) is not None:
            return None
        if text not in self._told:
            self._told[text] = self._unknown(text)
        return self._told[text]

    def _unknown(self, text: str) -> str:
        ids = self._named.get(_key(text), [])
        if ids:
            shown = ", ".join(ids[:_SHOWN_IDS]) + (" …" if len(ids) > _SHOWN_IDS else "")
            return f'"{text}" is the name of {len(ids)} steps ({shown}): give the id of the one meant'
        near = difflib.get_close_matches(text, [*self._names, *sorted(self._ids)], n=1, cutoff=0.75)
        hint = f' (did you mean "{near[0]}"?)' if near else ""
        shown = text if len(text) <= 60 else text[:57] + "…"
        return f'no step "{shown}" in the journey{hint}: give a step\'s id or name'


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()
