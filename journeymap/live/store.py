"""Where live workshops are kept: :class:`LiveStore`, on the team's database (every app server sees the
same sessions) or, for a journey map kept in a workspace folder, on a SQLite file in that folder.

Every input is one short write transaction that first checks the session (open, the activity asked
for, its timer), the participant's rate limit and the input itself; a refusal is a
:class:`~journeymap.live.rules.LiveRefused` and stores nothing. Sending again replaces: one rating
per participant, step and field; one vote and one number of dots per participant and step. The
participant's token (in their phone's address, so a refresh keeps their place) is stored only as
its SHA-256 digest. docs/workshop.md tells more.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from journeymap.live.rules import (
    ACTIVITIES,
    ACTIVITY_LABELS,
    MAX_DOTS,
    MAX_PARTICIPANTS,
    RATE_LIMIT,
    RATE_WINDOW,
    STATES,
    LiveRefused,
    name_problem,
    note_problem,
    rating_problem,
    why_problem,
)
from journeymap.live.room import Dot, Note, Rating, Vote
from journeymap.live.schema import live_dots, live_notes, live_participants, live_ratings, live_sessions, live_votes
from journeymap.store.backend import JourneyNotFound, JourneyStore
from journeymap.store.folder import FolderStore
from journeymap.store.sql import SqlStore

__all__ = ["CODE_ALPHABET", "CODE_SIZE", "LIVE_FILE", "LiveSession", "LiveStore", "Participant", "Records", "open_live"]

#: Join codes: letters and digits that cannot be misread for one another (no 0/o, 1/l/i), 10 of them:
#: 31¹⁰ ≈ 8 × 10¹⁴ codes, so guessing one while a session is open is hopeless.
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_SIZE = 10
#: The file beside a workspace folder's journeys that keeps its live workshops.
LIVE_FILE = ".journeymap-live.sqlite"

ENDED_TEXT = "This workshop has ended. Thank you for taking part."
PAUSED_TEXT = "The facilitator has paused the workshop. What you sent is kept; try again when it goes on."
TIME_UP_TEXT = "Time is up for this activity. What you sent is kept."
TOO_FAST_TEXT = "That was faster than anyone taps: wait a few seconds and send it again."
UNKNOWN_CODE_TEXT = "No workshop has that code. Check the link, or ask the facilitator for it again."


@dataclass(frozen=True)
class LiveSession:
    """One live workshop on one journey, as stored."""

    id: int
    code: str
    journey: str
    stored_state: str
    dots: int
    anonymous: bool
    activity: str | None
    timer_ends_at: datetime | None
    started_at: datetime
    started_by: str
    closed_at: datetime | None

    def state(self, now: datetime | None = None) -> str:
        """``open``, ``paused`` or ``closed``; an open session whose timer has run out counts as paused."""
        if self.stored_state == "open" and self.timer_ends_at is not None and (now or _now()) >= self.timer_ends_at:
            return "paused"
        return self.stored_state

    def seconds_left(self, now: datetime | None = None) -> int | None:
        """Whole seconds left on the timer (0 once it has run out); None without a timer."""
        if self.timer_ends_at is None:
            return None
        return max(0, int((self.timer_ends_at - (now or _now())).total_seconds()))


@dataclass(frozen=True)
class Participant:
    """A person who joined a session, and the session."""

    id: int
    name: str  # "" when anonymous
    session: LiveSession


@dataclass
class Records:
    """Everything said in a session: the input of every participant, for the room's view and the export."""

    participants: dict[int, str] = field(default_factory=dict)  # id → name ("" when anonymous)
    ratings: list[Rating] = field(default_factory=list)
    dots: list[Dot] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes: they were written in UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _session(row: Any) -> LiveSession:
    return LiveSession(row.id, row.code, row.journey, row.state, row.dots, row.anonymous, row.activity,
                       _utc(row.timer_ends_at), _utc(row.started_at), row.started_by, _utc(row.closed_at))  # type: ignore[arg-type]


def open_live(journeys: JourneyStore) -> LiveStore:
    """The live workshops beside ``journeys``: in the same database, or in :data:`LIVE_FILE` in the folder."""
    if isinstance(journeys, SqlStore):
        return LiveStore(journeys, journeys)
    if isinstance(journeys, FolderStore):
        return LiveStore(journeys, SqlStore(f"sqlite:///{journeys.folder / LIVE_FILE}"))
    raise TypeError(f"no place for live workshops beside {type(journeys).__name__}")


class LiveStore:
    """Live workshops on the journeys of ``journeys``, kept in ``database``.

    Examples
    --------
    >>> import tempfile
    >>> from journeymap import loads
    >>> from journeymap.store.folder import FolderStore
    >>> journeys = FolderStore(Path(tempfile.mkdtemp()))
    >>> _ = journeys.save("diner", loads('{"title": "Diner", "stages": [{"id": "s", "name": "S"}],'
    ...                                  '"touchpoints": [{"id": "order", "name": "Orders", "stage": "s"}]}'))
    >>> live = open_live(journeys)
    >>> session = live.start("diner", dots=3)
    >>> token, ana = live.join(session.code, "Ana")
    >>> live.rate(token, "order", "emotion", -2)
    >>> live.records(session.id).ratings
    [Rating(participant=1, step='order', field='emotion', value=-2.0)]
    >>> live.close()
    """

    def __init__(self, journeys: JourneyStore, database: SqlStore) -> None:
        self.journeys = journeys
        self._database = database
        self._steps: dict[tuple[str, int | None], frozenset[str]] = {}  # a cache of saved, unchanging revisions

    def close(self) -> None:
        """Close the database's connections (the journeys' store too when it is the same database)."""
        self._database.close()

    # the facilitator

    def start(self, journey: str, *, dots: int = 3, anonymous: bool = False, started_by: str = "") -> LiveSession:
        """Start a session on ``journey``, closing any other session still open on it."""
        if not 1 <= dots <= MAX_DOTS:
            raise LiveRefused(f"Give each person between 1 and {MAX_DOTS} dots.")
        now = _now()
        with self._database.writing() as connection:
            connection.execute(update(live_sessions).where(live_sessions.c.journey == journey,
                                                           live_sessions.c.state != "closed")
                               .values(state="closed", closed_at=now))
            code = self._new_code(connection)
            connection.execute(insert(live_sessions).values(
                code=code, journey=journey, state="open", dots=dots, anonymous=anonymous, activity=None,
                timer_ends_at=None, started_at=now, started_by=started_by[:200], closed_at=None))
            row = connection.execute(select(live_sessions).where(live_sessions.c.code == code)).one()
        return _session(row)

    @staticmethod
    def _new_code(connection: Connection) -> str:
        while True:  # a repeat is about as likely as guessing one: try another
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_SIZE))
            if connection.scalar(select(live_sessions.c.id).where(live_sessions.c.code == code)) is None:
                return code

    def current(self, journey: str) -> LiveSession | None:
        """The session open or paused on ``journey``, if any."""
        with self._database.reading() as connection:
            row = connection.execute(select(live_sessions).where(live_sessions.c.journey == journey,
                                                                 live_sessions.c.state != "closed")
                                     .order_by(live_sessions.c.id.desc()).limit(1)).first()
        return None if row is None else _session(row)

    def session(self, session_id: int) -> LiveSession | None:
        with self._database.reading() as connection:
            row = connection.execute(select(live_sessions).where(live_sessions.c.id == session_id)).first()
        return None if row is None else _session(row)

    def sessions(self, journey: str) -> list[LiveSession]:
        """Every session there has been on ``journey``, newest first."""
        with self._database.reading() as connection:
            rows = connection.execute(select(live_sessions).where(live_sessions.c.journey == journey)
                                      .order_by(live_sessions.c.id.desc())).all()
        return [_session(row) for row in rows]

    def set_state(self, session_id: int, state: str) -> LiveSession:
        """Open, pause or close a session; a closed one stays closed (its join link no longer works)."""
        if state not in STATES:
            raise LiveRefused(f"A workshop is {', '.join(STATES[:-1])} or {STATES[-1]}, not “{state}”.")
        return self._control(session_id, lambda session: {
            "state": state, "closed_at": _now() if state == "closed" else None,
            # opening again after the timer ran out: the timer is done with
            **({"timer_ends_at": None} if state == "open" and session.state() == "paused" else {})})

    def set_activity(self, session_id: int, activity: str | None, minutes: float | None = None) -> LiveSession:
        """Ask the room for one activity (None: every one), with a timer of ``minutes`` (None: no timer)."""
        if activity is not None and activity not in ACTIVITIES:
            raise LiveRefused(f"There is no activity called “{activity}”.")
        if minutes is not None and not 0 < minutes <= 180:
            raise LiveRefused("A timer runs between a few seconds and 180 minutes.")
        ends = None if minutes is None else _now() + timedelta(minutes=minutes)
        return self._control(session_id, lambda session: {"activity": activity, "timer_ends_at": ends,
                                                          "state": "open"})

    def set_dots(self, session_id: int, dots: int) -> LiveSession:
        """How many dots each participant may spend (dots already spent stay; more can be spent only
        within the new number)."""
        if not 1 <= dots <= MAX_DOTS:
            raise LiveRefused(f"Give each person between 1 and {MAX_DOTS} dots.")
        return self._control(session_id, lambda session: {"dots": dots})

    def _control(self, session_id: int, values: Callable[[LiveSession], dict[str, Any]]) -> LiveSession:
        with self._database.writing() as connection:
            row = connection.execute(select(live_sessions).where(live_sessions.c.id == session_id)).first()
            if row is None:
                raise LiveRefused("That workshop is not there any more.")
            session = _session(row)
            if session.stored_state == "closed":
                raise LiveRefused("That workshop has ended; start a new one.")
            connection.execute(update(live_sessions).where(live_sessions.c.id == session_id).values(**values(session)))
            return _session(connection.execute(select(live_sessions).where(live_sessions.c.id == session_id)).one())

    # joining

    def join(self, code: str, name: str = "") -> tuple[str, Participant]:
        """Join the session with ``code`` as ``name`` ("" or any name in an anonymous session: anonymous).

        Returns the participant's token (secret: it lets its holder send input as this participant) and
        the participant.
        """
        name = name.strip()
        problem = name_problem(name)
        if problem:
            raise LiveRefused(problem)
        token, now = secrets.token_urlsafe(24), _now()
        with self._database.writing() as connection:
            session = self._open_session(connection, code)
            if session.anonymous:
                name = ""
            joined = connection.scalar(select(func.count()).select_from(live_participants)
                                       .where(live_participants.c.session_id == session.id))
            if joined >= MAX_PARTICIPANTS:
                raise LiveRefused(f"This workshop is full ({MAX_PARTICIPANTS} people); ask the facilitator.")
            result = connection.execute(insert(live_participants).values(
                session_id=session.id, token_digest=_digest(token), name=name, joined_at=now,
                window_start=now, window_count=0))
            (participant_id,) = result.inserted_primary_key or (None,)
        return token, Participant(int(participant_id), name, session)

    def _open_session(self, connection: Connection, code: str) -> LiveSession:
        row = connection.execute(select(live_sessions).where(live_sessions.c.code == code.strip().lower())).first() \
            if len(code) <= 64 else None
        if row is None:
            raise LiveRefused(UNKNOWN_CODE_TEXT)
        session = _session(row)
        if session.stored_state == "closed":
            raise LiveRefused(ENDED_TEXT)
        return session

    def joinable(self, code: str) -> LiveSession:
        """The session ``code`` joins, for the join page to name its journey (:class:`LiveRefused` with
        the sentence to show when no session has that code or it has ended)."""
        with self._database.reading() as connection:
            return self._open_session(connection, code)

    def participant(self, token: str) -> Participant | None:
        """The participant holding ``token`` and their session (None for a token no one holds)."""
        with self._database.reading() as connection:
            row = connection.execute(select(live_participants).where(
                live_participants.c.token_digest == _digest(token))).first()
            if row is None:
                return None
            session = connection.execute(select(live_sessions).where(live_sessions.c.id == row.session_id)).one()
        return Participant(row.id, row.name, _session(session))

    # a participant's input

    def rate(self, token: str, step: str, field_name: str, value: float | None) -> None:
        """Rate ``field_name`` of ``step`` (replacing this participant's rating); None takes it back."""
        if value is not None:
            problem = rating_problem(field_name, value)
            if problem:
                raise LiveRefused(problem)
        elif rating_problem(field_name, 0):
            raise LiveRefused(str(rating_problem(field_name, 0)))
        with self._input(token, step, "rate") as (connection, participant, now):
            mine = (live_ratings.c.participant_id == participant.id, live_ratings.c.step == step,
                    live_ratings.c.field == field_name)
            connection.execute(delete(live_ratings).where(*mine))
            if value is not None:
                connection.execute(insert(live_ratings).values(
                    session_id=participant.session.id, participant_id=participant.id, step=step,
                    field=field_name, value=float(value), updated_at=now))

    def add_note(self, token: str, step: str, kind: str, text: str) -> int:
        """Leave a sticky note on ``step``; returns its number."""
        text = text.strip()
        problem = note_problem(kind, text)
        if problem:
            raise LiveRefused(problem)
        with self._input(token, step, "note") as (connection, participant, now):
            result = connection.execute(insert(live_notes).values(
                session_id=participant.session.id, participant_id=participant.id, step=step, kind=kind, text=text,
                created_at=now))
            (number,) = result.inserted_primary_key or (0,)
        return int(number)

    def remove_note(self, token: str, number: int) -> None:
        """Take back one of this participant's own notes (another's note cannot be removed)."""
        participant = self._known(token)
        with self._database.reading() as connection:
            step = connection.scalar(select(live_notes.c.step).where(live_notes.c.id == number,
                                                                     live_notes.c.participant_id == participant.id))
        if step is None:
            raise LiveRefused("That note is not yours, or it was already taken back.")
        with self._input(token, step, "note") as (connection, participant, _now_):
            connection.execute(delete(live_notes).where(live_notes.c.id == number,
                                                        live_notes.c.participant_id == participant.id))

    def place_dots(self, token: str, step: str, count: int) -> None:
        """Put ``count`` of this participant's dots on ``step`` (0 takes them off), within their number."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise LiveRefused("Dots are counted in whole numbers, 0 or more.")
        with self._input(token, step, "dots") as (connection, participant, _now_):
            mine = live_dots.c.participant_id == participant.id
            elsewhere = connection.scalar(select(func.coalesce(func.sum(live_dots.c.count), 0))
                                          .where(mine, live_dots.c.step != step))
            if elsewhere + count > participant.session.dots:
                left = max(0, participant.session.dots - elsewhere)
                raise LiveRefused(f"You have {participant.session.dots} dots in all and {left} left for this step: "
                                  "take some off another step first.")
            connection.execute(delete(live_dots).where(mine, live_dots.c.step == step))
            if count:
                connection.execute(insert(live_dots).values(session_id=participant.session.id,
                                                            participant_id=participant.id, step=step, count=count))

    def vote(self, token: str, step: str, agree: bool | None, why: str = "") -> None:
        """Agree (True) or disagree (False) with ``step``'s automation advice, with an optional reason;
        None takes the vote back."""
        why = why.strip()
        problem = why_problem(why)
        if problem:
            raise LiveRefused(problem)
        with self._input(token, step, "advice") as (connection, participant, now):
            mine = (live_votes.c.participant_id == participant.id, live_votes.c.step == step)
            connection.execute(delete(live_votes).where(*mine))
            if agree is not None:
                connection.execute(insert(live_votes).values(
                    session_id=participant.session.id, participant_id=participant.id, step=step, agree=bool(agree),
                    why=why, updated_at=now))

    def _known(self, token: str) -> Participant:
        participant = self.participant(token) if isinstance(token, str) and len(token) <= 100 else None
        if participant is None:
            raise LiveRefused("This phone is not in the workshop: open the join link again.")
        return participant

    @contextmanager
    def _input(self, token: str, step: str, activity: str) -> Iterator[tuple[Connection, Participant, datetime]]:
        """The write transaction of one input about ``step``: the session open for ``activity``, the
        participant within their rate limit; yields (connection, participant, now)."""
        participant = self._known(token)
        if step not in self.steps(participant.session.journey):
            raise LiveRefused("That step is not on the map any more; the list of steps has been brought up to date.")
        with self._database.writing() as connection:
            yield (connection, *_admit(connection, token, activity))

    def steps(self, journey: str) -> frozenset[str]:
        """The ids of the steps of the newest revision of ``journey`` (none if it was removed)."""
        number = self.journeys.newest_number(journey)
        key = (journey, number)
        if key not in self._steps:
            try:
                found = frozenset(touchpoint.id for touchpoint in self.journeys.load(journey).journey.touchpoints)
            except JourneyNotFound:
                found = frozenset()
            if len(self._steps) > 64:
                self._steps.clear()
            self._steps[key] = found
        return self._steps[key]

    # reading back

    def mine(self, token: str) -> Records:
        """This participant's own input (the phone shows it back), nobody else's."""
        participant = self._known(token)
        return self._records(participant.session.id, participant.id)

    def records(self, session_id: int) -> Records:
        """Everyone's input in the session (the facilitator's view and the export)."""
        return self._records(session_id, None)

    def _records(self, session_id: int, participant_id: int | None) -> Records:
        def where(table: Any) -> list[Any]:
            found = [table.c.session_id == session_id]
            if participant_id is not None:
                found.append(table.c.participant_id == participant_id)
            return found

        found = Records()
        with self._database.reading() as connection:
            people_of = [live_participants.c.session_id == session_id]
            if participant_id is not None:
                people_of.append(live_participants.c.id == participant_id)
            people = connection.execute(select(live_participants.c.id, live_participants.c.name).where(*people_of))
            found.participants = {row.id: row.name for row in people}
            names = found.participants
            found.ratings = [Rating(row.participant_id, row.step, row.field, row.value) for row in connection.execute(
                select(live_ratings).where(*where(live_ratings)).order_by(live_ratings.c.id))]
            found.dots = [Dot(row.participant_id, row.step, row.count) for row in connection.execute(
                select(live_dots).where(*where(live_dots)).order_by(live_dots.c.id))]
            found.votes = [Vote(row.participant_id, names.get(row.participant_id, ""), row.step, row.agree, row.why)
                           for row in connection.execute(select(live_votes).where(*where(live_votes))
                                                         .order_by(live_votes.c.id))]
            found.notes = [Note(row.id, row.participant_id, names.get(row.participant_id, ""), row.step, row.kind,
                                row.text, _utc(row.created_at))  # type: ignore[arg-type]
                           for row in connection.execute(select(live_notes).where(*where(live_notes))
                                                         .order_by(live_notes.c.id))]
        return found


def _admit(connection: Connection, token: str, activity: str) -> tuple[Participant, datetime]:
    """Check, with the participant's row locked, that the session takes ``activity`` now and that the
    participant is within their rate limit; count this input."""
    now = _now()
    row = connection.execute(select(live_participants).where(
        live_participants.c.token_digest == _digest(token)).with_for_update()).first()
    if row is None:
        raise LiveRefused("This phone is not in the workshop: open the join link again.")
    session = _session(connection.execute(select(live_sessions).where(live_sessions.c.id == row.session_id)).one())
    _check_open(session, activity, now)
    start, count = _utc(row.window_start), row.window_count
    if start is None or now - start >= RATE_WINDOW:
        start, count = now, 0
    if count >= RATE_LIMIT:
        raise LiveRefused(TOO_FAST_TEXT)
    connection.execute(update(live_participants).where(live_participants.c.id == row.id)
                       .values(window_start=start, window_count=count + 1))
    return Participant(row.id, row.name, session), now


def _check_open(session: LiveSession, activity: str, now: datetime) -> None:
    state = session.state(now)
    if state == "closed":
        raise LiveRefused(ENDED_TEXT)
    if state == "paused":
        raise LiveRefused(TIME_UP_TEXT if session.stored_state == "open" else PAUSED_TEXT)
    if session.activity is not None and session.activity != activity:
        raise LiveRefused(f"The room has moved on to “{ACTIVITY_LABELS[session.activity]}”.")

