"""The room's view of a journey, worked out from everyone's input: per step and field the number of
ratings, their median and spread, whether the room disagrees, the dots, and the votes on the advice.

Plain functions over plain records (what :class:`~journeymap.live.store.LiveStore` reads back), so
the figures can be checked by hand. The spread is the interquartile range: the width of the middle
half of the ratings, with quartiles by linear interpolation between the sorted ratings (the method
of spreadsheets' ``QUARTILE.INC``). The room disagrees on a field when that spread is at least
:data:`~journeymap.vocabulary.DISAGREEMENT_SPREAD` among at least
:data:`~journeymap.vocabulary.DISAGREEMENT_MIN_RATINGS` ratings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from journeymap.live.rules import RATING_FIELDS
from journeymap.vocabulary import DISAGREEMENT_MIN_RATINGS, DISAGREEMENT_SPREAD

__all__ = ["Dot", "Note", "Rating", "StepView", "Summary", "Vote", "quartile", "room_view", "summarize"]


@dataclass(frozen=True)
class Rating:
    """One participant's rating of one field of one step."""

    participant: int
    step: str
    field: str
    value: float


@dataclass(frozen=True)
class Dot:
    """The dots one participant put on one step."""

    participant: int
    step: str
    count: int


@dataclass(frozen=True)
class Vote:
    """One participant's view of a step's automation advice: agree (True) or not, and why ("" if unsaid)."""

    participant: int
    name: str  # "" when anonymous
    step: str
    agree: bool
    why: str = ""


@dataclass(frozen=True)
class Note:
    """A sticky note left in the session."""

    number: int
    participant: int
    name: str  # "" when anonymous
    step: str
    kind: str  # a key of rules.NOTE_KINDS
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Summary:
    """The ratings of one field of one step: how many, their median and their quartiles."""

    count: int
    median: float
    low_quartile: float
    high_quartile: float

    @property
    def spread(self) -> float:
        """The interquartile range: the width of the middle half of the ratings."""
        return self.high_quartile - self.low_quartile

    @property
    def disagreement(self) -> bool:
        """Whether the room disagrees: a spread of :data:`DISAGREEMENT_SPREAD` or more among enough ratings."""
        return self.count >= DISAGREEMENT_MIN_RATINGS and self.spread >= DISAGREEMENT_SPREAD


def quartile(ordered: Sequence[float], fraction: float) -> float:
    """The value ``fraction`` of the way through ``ordered`` (sorted), interpolating between neighbours.

    Examples
    --------
    >>> quartile([-4, -1, 0, 2], 0.25), quartile([-4, -1, 0, 2], 0.5), quartile([-4, -1, 0, 2], 0.75)
    (-1.75, -0.5, 0.5)
    """
    position = (len(ordered) - 1) * fraction
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def summarize(values: Iterable[float]) -> Summary | None:
    """The count, median and quartiles of some ratings; None for none.

    Examples
    --------
    >>> summarize([-4, 2, -1, 0])
    Summary(count=4, median=-0.5, low_quartile=-1.75, high_quartile=0.5)
    >>> summarize([3]).spread, summarize([]) is None
    (0.0, True)
    """
    ordered = sorted(float(value) for value in values)
    if not ordered:
        return None
    return Summary(len(ordered), quartile(ordered, 0.5), quartile(ordered, 0.25), quartile(ordered, 0.75))


@dataclass
class StepView:
    """What the room said about one step."""

    step: str
    ratings: dict[str, Summary] = field(default_factory=dict)  # by rating field, in RATING_FIELDS' order
    dots: int = 0
    agree: int = 0
    disagree: int = 0
    votes: list[Vote] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)  # oldest first

    @property
    def discuss(self) -> list[str]:
        """The fields the room disagrees on (see :attr:`Summary.disagreement`)."""
        return [name for name, summary in self.ratings.items() if summary.disagreement]


def room_view(steps: Sequence[str], ratings: Iterable[Rating] = (), dots: Iterable[Dot] = (),
              votes: Iterable[Vote] = (), notes: Iterable[Note] = ()) -> dict[str, StepView]:
    """The room's view of each step in ``steps`` (in that order); input about other steps (removed from
    the journey during the session) is left out.

    Examples
    --------
    >>> view = room_view(["call", "wait"], [Rating(1, "wait", "emotion", -4), Rating(2, "wait", "emotion", 1),
    ...                  Rating(3, "wait", "emotion", 2)], [Dot(1, "wait", 2), Dot(2, "gone", 1)])
    >>> view["wait"].ratings["emotion"].median, view["wait"].ratings["emotion"].spread, view["wait"].discuss
    (1.0, 3.0, ['emotion'])
    >>> view["wait"].dots, view["call"].ratings
    (2, {})
    """
    views = {step: StepView(step) for step in steps}
    by_field: dict[tuple[str, str], list[float]] = defaultdict(list)
    for rating in ratings:
        if rating.step in views:
            by_field[rating.step, rating.field].append(rating.value)
    for step, view in views.items():
        for name in RATING_FIELDS:
            summary = summarize(by_field.get((step, name), ()))
            if summary is not None:
                view.ratings[name] = summary
    for dot in dots:
        if dot.step in views:
            views[dot.step].dots += dot.count
    for vote in votes:
        if vote.step in views:
            view = views[vote.step]
            view.votes.append(vote)
            view.agree, view.disagree = view.agree + vote.agree, view.disagree + (not vote.agree)
    for note in sorted(notes, key=lambda note: (note.created_at, note.number)):
        if note.step in views:
            views[note.step].notes.append(note)
    return views
