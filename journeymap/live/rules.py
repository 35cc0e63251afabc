"""The words, limits and checks of a live workshop: what a participant may send, and why it is refused.

Every input a phone sends passes :func:`rating_problem`, :func:`note_problem`, :func:`name_problem` or
:func:`why_problem` before anything is stored; a refusal is a :class:`LiveRefused` whose sentence the
phone shows as it is. No Streamlit, no database here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from journeymap.errors import JourneyMapError
from journeymap.model.text import text_problem
from journeymap.vocabulary import DISAGREEMENT_MIN_RATINGS, DISAGREEMENT_SPREAD  # where the room disagrees

__all__ = [
    "ACTIVITIES",
    "ACTIVITY_LABELS",
    "DISAGREEMENT_MIN_RATINGS",
    "JOIN_QUERY_KEY",
    "PARTICIPANT_QUERY_KEY",
    "DISAGREEMENT_SPREAD",
    "MAX_DOTS",
    "MAX_PARTICIPANTS",
    "NAME_LIMIT",
    "NOTE_KINDS",
    "NOTE_LIMIT",
    "RATE_LIMIT",
    "RATE_WINDOW",
    "RATING_FIELDS",
    "RATING_LABELS",
    "STATES",
    "WHY_LIMIT",
    "Activity",
    "LiveRefused",
    "State",
    "name_problem",
    "note_problem",
    "rating_problem",
    "why_problem",
]

#: The address of the phone page: ``?join=CODE``, and once joined ``&p=TOKEN`` (the participant's own).
JOIN_QUERY_KEY = "join"
PARTICIPANT_QUERY_KEY = "p"

#: A session is open (input taken), paused (input kept, none taken) or closed (its join link no longer works).
STATES = ("open", "paused", "closed")
State = Literal["open", "paused", "closed"]

#: What the room is asked to do; the facilitator may pick one (with an optional timer) or leave all open.
ACTIVITIES = ("rate", "note", "dots", "advice")
Activity = Literal["rate", "note", "dots", "advice"]
ACTIVITY_LABELS = {"rate": "Rate the steps", "note": "Sticky notes", "dots": "Dot vote", "advice": "The advice"}

#: The fields a participant rates, with their ranges: the same as the journey file's.
RATING_FIELDS: dict[str, tuple[float, float]] = {"emotion": (-5.0, 5.0), "friction": (0.0, 10.0),
                                                 "staff_emotion": (-5.0, 5.0)}
RATING_LABELS = {"emotion": "How the customer feels", "friction": "Friction",
                 "staff_emotion": "How staff feel doing it"}

#: The sticky notes a participant may leave: the journey file's three lists, in its words.
NOTE_KINDS = {"pain_points": "Pain point", "opportunities": "Opportunity", "quotes": "Customer quote"}


NAME_LIMIT = 40
NOTE_LIMIT = 500
WHY_LIMIT = 200
#: Dots the facilitator may hand each participant, at most.
MAX_DOTS = 20
#: People one session takes: a room of twenty, or a call of a hundred, with room to spare.
MAX_PARTICIPANTS = 300
#: Inputs one participant may send in :data:`RATE_WINDOW`: far more than a person taps, far fewer than a script.
RATE_LIMIT = 30
RATE_WINDOW = timedelta(seconds=10)


class LiveRefused(JourneyMapError):
    """An input, a join or a control the session does not take, with the sentence that says why."""


def rating_problem(field: str, value: float) -> str | None:
    """Why ``value`` cannot be a rating of ``field`` (None: it can).

    Examples
    --------
    >>> rating_problem("emotion", -5), rating_problem("friction", 11)
    (None, 'Friction must be between 0 and 10.')
    >>> rating_problem("price", 1)
    'There is no rating called “price”.'
    """
    if field not in RATING_FIELDS:
        return f"There is no rating called “{field}”."
    low, high = RATING_FIELDS[field]
    if not isinstance(value, int | float) or isinstance(value, bool) or value != value or not low <= value <= high:
        return f"{RATING_LABELS[field]} must be between {low:g} and {high:g}."
    return None


def _text_problem(what: str, text: str, limit: int) -> str | None:
    if len(text) > limit:
        return f"{what} is longer than {limit} characters."
    problem = text_problem(text)
    return f"{what} {problem}." if problem else None


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a participant's display name ("" is anonymous, and fine).

    Examples
    --------
    >>> name_problem("Ana"), name_problem("x" * 41)
    (None, 'Your name is longer than 40 characters.')
    """
    return _text_problem("Your name", name, NAME_LIMIT)


def note_problem(kind: str, text: str) -> str | None:
    """Why a sticky note cannot be left.

    Examples
    --------
    >>> note_problem("pain_points", "Nobody answers the phone"), note_problem("quotes", "  ")
    (None, 'Write something on the note first.')
    >>> note_problem("jokes", "hi")
    'There is no kind of note called “jokes”.'
    """
    if kind not in NOTE_KINDS:
        return f"There is no kind of note called “{kind}”."
    if not text.strip():
        return "Write something on the note first."
    return _text_problem("The note", text, NOTE_LIMIT)


def why_problem(text: str) -> str | None:
    """Why a reason given with a vote on the advice cannot be kept.

    Examples
    --------
    >>> why_problem("They need to hear a voice") is None
    True
    """
    return _text_problem("Your reason", text, WHY_LIMIT)
