"""What a participant's phone shows, worked out without Streamlit: the journey's steps in the order the
phone walks them, the rating scales and their words, the participant's own input on one step, the
session's banner and a step's automation advice.

The page itself (journeymap/ui/phone.py) only lays these out; docs/workshop.md, "Joining from a
phone", tells what participants see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from journeymap.live.rules import ACTIVITIES, ACTIVITY_LABELS, RATING_FIELDS
from journeymap.live.room import Note, Vote
from journeymap.live.store import ENDED_TEXT, PAUSED_TEXT, TIME_UP_TEXT, LiveSession, Records
from journeymap.model import Journey
from journeymap.vocabulary import RECOMMENDATION_LABELS

__all__ = [
    "NOT_IN_WORKSHOP_TEXT",
    "SCALE_ENDS",
    "STAFF_LANES",
    "STORE_AWAY_TEXT",
    "Banner",
    "PhoneStep",
    "StepInput",
    "activities_asked",
    "banner",
    "clock",
    "my_input",
    "phone_steps",
    "scale",
    "scale_words",
    "signed",
    "step_advice",
    "step_number",
]

#: The lanes whose steps staff do: there the phone also asks how staff feel doing it.
STAFF_LANES = frozenset({"frontstage", "backstage", "support"})
#: The words at the two ends of each rating's scale.
SCALE_ENDS = {"emotion": ("awful", "delighted"), "friction": ("effortless", "a struggle"),
              "staff_emotion": ("awful", "glad to do it")}
NOT_IN_WORKSHOP_TEXT = "This phone is not in the workshop (or no longer): join below to take part."
#: A store that cannot be reached, for a participant: its own sentence names the database or the
#: workspace folder, which is none of the room's business (the server's log keeps it).
STORE_AWAY_TEXT = ("The workshop cannot be reached just now. What you typed is still here: "
                   "try again in a moment.")
_MINUS = "\u2212"  # the minus sign: a hyphen reads as a dash on a small screen


@dataclass(frozen=True)
class PhoneStep:
    """One step of the journey as the phone shows it."""

    id: str
    name: str
    stage: str  # the stage's name
    description: str
    staff: bool  # done by staff (frontstage, backstage, support): staff's feeling is asked too


def phone_steps(journey: Journey) -> list[PhoneStep]:
    """The journey's touchpoints in the order of their stages (in the file's order within a stage).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('{"title": "T", "stages": [{"id": "a", "name": "Arrive"}, {"id": "b", "name": "Buy"}],'
    ...                 '"touchpoints": [{"id": "pay", "name": "Pays", "stage": "b", "lane": "frontstage"},'
    ...                 '{"id": "in", "name": "Walks in", "stage": "a"}]}')
    >>> [(step.id, step.stage, step.staff) for step in phone_steps(journey)]
    [('in', 'Arrive', False), ('pay', 'Buy', True)]
    """
    order = {stage.id: index for index, stage in enumerate(journey.stages)}
    names = {stage.id: stage.name for stage in journey.stages}
    ranked = sorted(enumerate(journey.touchpoints), key=lambda pair: (order.get(pair[1].stage, len(order)), pair[0]))
    return [PhoneStep(touchpoint.id, touchpoint.name, names.get(touchpoint.stage, touchpoint.stage),
                      touchpoint.description or "", touchpoint.lane in STAFF_LANES)
            for _, touchpoint in ranked]


def step_number(raw: object, count: int) -> int:
    """The step the address names (``?step=N``, 1-based), brought within 1…``count``; 1 for anything else.

    Examples
    --------
    >>> step_number("3", 12), step_number("40", 12), step_number("0", 12), step_number("x", 12), step_number(None, 0)
    (3, 12, 1, 1, 1)
    """
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return max(1, min(number, max(count, 1)))


def scale(field_name: str) -> list[int]:
    """The whole numbers a rating of ``field_name`` can take, as the phone offers them.

    Examples
    --------
    >>> scale("friction")[:3], len(scale("emotion")), scale("emotion")[0]
    ([0, 1, 2], 11, -5)
    """
    low, high = RATING_FIELDS[field_name]
    return list(range(int(low), int(high) + 1))


def signed(value: int) -> str:
    """A point of a scale with its sign: +2, −3, 0.

    Examples
    --------
    >>> signed(2), signed(-3) == "\u22123", signed(0)
    ('+2', True, '0')
    """
    return f"+{value}" if value > 0 else f"{_MINUS}{-value}" if value < 0 else "0"


def scale_words(field_name: str) -> str:
    """What the ends of a scale mean, said under its question.

    Examples
    --------
    >>> scale_words("emotion") == "\u22125 awful … +5 delighted", scale_words("friction")
    (True, '0 effortless … 10 a struggle')
    """
    points = scale(field_name)
    low_word, high_word = SCALE_ENDS[field_name]
    show = signed if points[0] < 0 else str
    return f"{show(points[0])} {low_word} … {show(points[-1])} {high_word}"


@dataclass
class StepInput:
    """What this participant has sent about one step, and their dots in all."""

    ratings: dict[str, int] = field(default_factory=dict)  # field → value on the phone's scale
    dots_here: int = 0
    dots_spent: int = 0  # on every step, this one included
    vote: Vote | None = None
    notes: list[Note] = field(default_factory=list)  # oldest first


def my_input(records: Records, step: str) -> StepInput:
    """This participant's input on ``step`` from their own records (:meth:`LiveStore.mine`).

    Examples
    --------
    >>> from journeymap.live.room import Dot, Rating
    >>> mine = Records(ratings=[Rating(1, "pay", "emotion", -2.0), Rating(1, "in", "emotion", 3.0)],
    ...                dots=[Dot(1, "pay", 2), Dot(1, "in", 1)])
    >>> found = my_input(mine, "pay")
    >>> found.ratings, found.dots_here, found.dots_spent, found.vote
    ({'emotion': -2}, 2, 3, None)
    """
    found = StepInput()
    for rating in records.ratings:
        if rating.step == step:
            found.ratings[rating.field] = int(round(rating.value))
    for dot in records.dots:
        found.dots_spent += dot.count
        if dot.step == step:
            found.dots_here += dot.count
    found.vote = next((vote for vote in records.votes if vote.step == step), None)
    found.notes = sorted((note for note in records.notes if note.step == step),
                         key=lambda note: (note.created_at, note.number))
    return found


def activities_asked(session: LiveSession) -> tuple[str, ...]:
    """The activities whose controls the phone shows: the one asked for, or all of them.

    Examples
    --------
    >>> from datetime import UTC
    >>> now = datetime(2026, 1, 1, tzinfo=UTC)
    >>> session = LiveSession(1, "c", "j", "open", 3, False, None, None, now, "", None)
    >>> activities_asked(session)
    ('rate', 'note', 'dots', 'advice')
    >>> from dataclasses import replace
    >>> activities_asked(replace(session, activity="dots"))
    ('dots',)
    """
    return ACTIVITIES if session.activity is None else (session.activity,)


def clock(seconds: int) -> str:
    """Seconds as minutes:seconds.

    Examples
    --------
    >>> clock(245), clock(5), clock(3600)
    ('4:05', '0:05', '60:00')
    """
    return f"{seconds // 60}:{seconds % 60:02d}"


@dataclass(frozen=True)
class Banner:
    """The line at the top of the phone: the session's state, or what the room is asked to do."""

    kind: str  # "info", "warning" or "success": the colour of the box
    text: str


def banner(session: LiveSession, now: datetime | None = None) -> Banner:
    """The banner for ``session`` at ``now``: ended, paused, time up, or the activity and its time left.

    Examples
    --------
    >>> from datetime import UTC, timedelta
    >>> now = datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    >>> session = LiveSession(1, "c", "j", "open", 3, False, "rate", now + timedelta(seconds=245), now, "", None)
    >>> banner(session, now)
    Banner(kind='success', text='Now: Rate the steps · 4:05 left')
    >>> banner(session, now + timedelta(minutes=5)).text
    'Time is up for this activity. What you sent is kept.'
    """
    state = session.state(now)
    if state == "closed":
        return Banner("info", ENDED_TEXT)
    if state == "paused":
        return Banner("warning", TIME_UP_TEXT if session.stored_state == "open" else PAUSED_TEXT)
    asked = (f"Now: {ACTIVITY_LABELS[session.activity]}" if session.activity in ACTIVITY_LABELS
             else "Open: rate the steps, leave notes, place your dots and vote on the advice")
    left = session.seconds_left(now)
    return Banner("success", asked if left is None else f"{asked} · {clock(left)} left")


def step_advice(analysis: Mapping[str, Any], step: str) -> tuple[str, str] | None:
    """A step's automation advice from the journey's analysis: its label and first reason (None if none).

    Examples
    --------
    >>> step_advice({"touchpoints": [{"id": "pay", "automation": {"recommendation": "keep-human",
    ...             "reasons": ["Customers need a person here.", "More."]}}]}, "pay")
    ('Keep human', 'Customers need a person here.')
    >>> step_advice({"touchpoints": []}, "pay") is None
    True
    """
    for item in analysis.get("touchpoints") or []:
        if item.get("id") == step:
            advice = item.get("automation") or {}
            recommendation = str(advice.get("recommendation", ""))
            if not recommendation:
                return None
            reasons = advice.get("reasons") or [""]
            return RECOMMENDATION_LABELS.get(recommendation, recommendation), str(reasons[0])
    return None
