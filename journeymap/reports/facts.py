"""What the workshop report's sections read: the journey, its analysis by step, and words for the room.

The sections (:mod:`~journeymap.reports.content` and :mod:`~journeymap.reports.steps`) never look
up a name or an analysis row themselves; :class:`Facts` does it once. The room never sees the
journey file, so its field names and lane ids are put in plain words here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.model import Journey

__all__ = ["Facts", "analysis_or_computed", "in_plain_words", "lane_words", "note_about"]

#: File field names the analysis notes use, in the words of the room.
_FIELD_WORDS = {
    "customers_per_week": "the number of customers a week",
    "entry_share": "entry share",
    "staff_minutes": "staff minutes",
}

#: The service-blueprint lanes in the room's words.
_LANE_WORDS = {
    "customer": "customer action",
    "frontstage": "frontstage, in view",
    "backstage": "backstage, out of view",
    "support": "support system",
}


@dataclass
class Facts:
    """What the document's sections read: the journey, its analysis rows by id, names, stage names.

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Tea", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for tea", "stage": "s"}]}''')
    >>> facts = Facts(journey, analyze(journey))
    >>> facts.name("ask"), facts.name("gone"), facts.stage_of(facts.rows["ask"])
    ('Asks for tea', 'gone', 'Order')
    """

    journey: Journey
    analysis: Mapping[str, Any]
    rows: dict[str, Mapping[str, Any]] = field(init=False)
    names: dict[str, str] = field(init=False)
    stage_names: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.rows = {row["id"]: row for row in self.analysis.get("touchpoints") or []}
        self.names = {tp.id: tp.name for tp in self.journey.touchpoints}
        self.stage_names = {stage.id: stage.name for stage in self.journey.stages}

    @property
    def summary(self) -> Mapping[str, Any]:
        """The analysis of the journey as a whole (its ``"journey"`` part)."""
        return self.analysis.get("journey") or {}

    def name(self, touchpoint_id: str) -> str:
        """The touchpoint's name (its id if the journey has no such touchpoint)."""
        return self.names.get(touchpoint_id, touchpoint_id)

    def stage_of(self, row: Mapping[str, Any]) -> str:
        """The name of the stage an analysis row belongs to."""
        return self.stage_names.get(str(row.get("stage")), str(row.get("stage", "")))

    def notes(self) -> list[str]:
        """The analysis notes, in plain words."""
        return [in_plain_words(note) for note in self.summary.get("notes") or []]


def analysis_or_computed(journey: Journey, analysis: Mapping[str, Any] | None, fit_threshold: float,
                         risk_threshold: float) -> Mapping[str, Any]:
    """``analysis`` if the caller has it, else the journey analysed with the thresholds."""
    if analysis is not None:
        return analysis
    from journeymap.analysis import analyze  # only needed when the caller has none

    return analyze(journey, fit_threshold=fit_threshold, risk_threshold=risk_threshold)


def in_plain_words(note: str) -> str:
    """An analysis note with file field names put in words (the room never sees the file).

    Examples
    --------
    >>> in_plain_words("customers_per_week is not given.")
    'The number of customers a week is not given.'
    """
    for name, words in _FIELD_WORDS.items():
        note = note.replace(name, words)
    return note[:1].upper() + note[1:]


def note_about(notes: Sequence[str], topic: str) -> str | None:
    """The first note that mentions ``topic`` (in lower case), if any.

    Examples
    --------
    >>> note_about(["No step is a goal, so Completion is unknown."], "completion")
    'No step is a goal, so Completion is unknown.'
    """
    return next((note for note in notes if topic in note.lower()), None)


def lane_words(lane: Any) -> str:
    """A service-blueprint lane in the room's words (unknown lanes as they are).

    Examples
    --------
    >>> lane_words("backstage"), lane_words("kitchen")
    ('backstage, out of view', 'kitchen')
    """
    return _LANE_WORDS.get(str(lane), str(lane))
