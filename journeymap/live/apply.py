"""Bringing the room's view into the map: an edit of the journey's data, made through the app's usual
edit (so it is saved as a revision and can be undone).

For each step chosen, and each field the room rated: the field becomes the room's median (to one
decimal), ``ratings`` keeps how many rated, the median and the spread, and ``evidence`` becomes
``observed`` (a step already ``measured`` stays so: a measurement says more than a workshop). The
notes join the step's pain points, opportunities or quotes as "text — name" (or "— anonymous");
a note already there is not added twice, so bringing the same view in again changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from journeymap.live.room import StepView

__all__ = ["ANONYMOUS_SIGNATURE", "note_line", "with_room_view"]

Data = dict[str, Any]
ANONYMOUS_SIGNATURE = "anonymous"


def note_line(text: str, name: str) -> str:
    """A participant's note as a line of the journey's list, signed.

    Examples
    --------
    >>> note_line("The queue goes out of the door", "Ana"), note_line("Tap to pay", "")
    ('The queue goes out of the door — Ana', 'Tap to pay — anonymous')
    """
    return f"{text} — {name or ANONYMOUS_SIGNATURE}"


def with_room_view(data: Data, view: Mapping[str, StepView], steps: Collection[str] | None = None, *,
                   ratings: bool = True, notes: bool = True) -> Data:
    """``data`` (a journey's data) with the room's view of ``steps`` (None: every step) brought in.

    Examples
    --------
    >>> from journeymap.live.room import Rating, room_view
    >>> data = {"touchpoints": [{"id": "pay", "name": "Pays", "stage": "s", "emotion": 1, "evidence": "assumed"}]}
    >>> view = room_view(["pay"], [Rating(n, "pay", "emotion", v) for n, v in enumerate([-3, -2, 0])])
    >>> step = with_room_view(data, view)["touchpoints"][0]
    >>> step["emotion"], step["evidence"], step["ratings"]
    (-2.0, 'observed', {'emotion': {'count': 3, 'median': -2.0, 'spread': 1.5}})
    """
    chosen = set(view) if steps is None else set(steps) & set(view)
    touchpoints = []
    for touchpoint in data.get("touchpoints", []):
        seen = view.get(touchpoint.get("id", ""))
        if seen is not None and seen.step in chosen:
            touchpoint = _brought_in(dict(touchpoint), seen, ratings=ratings, notes=notes)
        touchpoints.append(touchpoint)
    return {**data, "touchpoints": touchpoints}


def _brought_in(touchpoint: Data, seen: StepView, *, ratings: bool, notes: bool) -> Data:
    if ratings and seen.ratings:
        kept = dict(touchpoint.get("ratings") or {})
        for field, summary in seen.ratings.items():
            touchpoint[field] = round(summary.median, 1)
            kept[field] = {"count": summary.count, "median": round(summary.median, 2),
                           "spread": round(summary.spread, 2)}
        touchpoint["ratings"] = kept
        if touchpoint.get("evidence") != "measured":
            touchpoint["evidence"] = "observed"
    if notes:
        for note in seen.notes:
            lines = list(touchpoint.get(note.kind) or [])
            line = note_line(note.text, note.name)
            if line not in lines:
                touchpoint[note.kind] = [*lines, line]
    return touchpoint
