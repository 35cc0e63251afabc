"""The journeys in a database (SQLite or PostgreSQL), every save a revision: :class:`SqlStore`.

Each write is one short transaction that reads the newest revision, works out the next one and
inserts it. Two writers never both write revision N: on PostgreSQL the journey's row is locked
(``SELECT … FOR UPDATE``) for the transaction, on SQLite the transaction takes the database's write
lock as it begins (``BEGIN IMMEDIATE``, :mod:`journeymap.store.sql.engines`), and on both the
unique (journey, number) pair refuses a duplicate; the one case left, two writers creating the
same new journey at once, is retried. docs/store.md tells more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from journeymap.errors import JourneyFileError
from journeymap.formats.json_file import dumps, loads
from journeymap.model import Journey
from journeymap.store.backend import JourneyNotFound, Revision, StoredJourney, StoreUnavailable
from journeymap.store.changes import change_summary, restored_summary
from journeymap.store.migrations import upgrade
from journeymap.store.sql.engines import WRITE, hidden_url, make_engine, parse_url, reaching
from journeymap.store.sql.schema import journeys, revisions
from journeymap.store.workspace import journey_path

__all__ = ["SqlStore"]

#: Tries of a write that met another writer creating the same journey (each waits for the other).
_ATTEMPTS = 5
#: PostgreSQL advisory lock held while migrating, so two app servers starting at once migrate once.
_MIGRATION_LOCK = 0x6A6D6170  # "jmap"


class _Newest(NamedTuple):
    """The journey's row as a write transaction found it (locked), and its newest revision."""

    journey_id: int | None
    removed: bool
    number: int
    stored: StoredJourney | None  # None: no journey to build on (new, removed, or unreadable)


#: What a write makes of the newest revision: the journey, its text and its summary.
_Build = Callable[[StoredJourney | None], tuple[Journey, str, str]]


class SqlStore:
    """Journeys kept in the database at ``url``, e.g. ``sqlite:///team.db`` or
    ``postgresql+psycopg://user:password@host/database``; the schema is brought up to date on opening.

    Examples
    --------
    >>> import tempfile
    >>> store = SqlStore(f"sqlite:///{tempfile.mkdtemp()}/team.db")
    >>> journey = loads('{"title": "Diner", "stages": [{"id": "s", "name": "S"}]}')
    >>> store.save("diner", journey, author="Ana", summary="first map").revision.number
    1
    >>> store.names(), [(r.number, r.author, r.summary) for r in store.history("diner")]
    (['diner'], [(1, 'Ana', 'first map')])
    >>> store.close()
    """

    def __init__(self, url: str) -> None:
        self._url = parse_url(url)
        self._engine = make_engine(self._url)  # one engine (and pool) per store: per URL
        self._writer = self._engine.execution_options(**{WRITE: True})
        self._migrate()

    def __repr__(self) -> str:
        return f"SqlStore({self.describe()!r})"

    def describe(self) -> str:
        return hidden_url(self._url)

    def close(self) -> None:
        """Close the store's connections (a store used again afterwards opens new ones)."""
        self._engine.dispose()

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading other tables of this database (the live workshop's), on this store's
        pool; a database that cannot be reached raises :class:`StoreUnavailable`, as the store's own reads."""
        with reaching(self._url), self._engine.connect() as connection:
            yield connection

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One short write transaction on this store's pool, as the store's own writes take (on SQLite it
        holds the write lock from its start): committed when the block ends, rolled back if it raises."""
        with reaching(self._url), self._writer.begin() as connection:
            yield connection

    def _migrate(self) -> None:
        with reaching(self._url), self._writer.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
            upgrade(connection)

    # reading

    def names(self) -> list[str]:
        with reaching(self._url), self._engine.connect() as connection:
            found = connection.scalars(select(journeys.c.name).where(journeys.c.removed.is_(False)))
            return sorted(found)  # sorted here: the same order whatever the database's collation

    def load(self, name: str) -> StoredJourney:
        with reaching(self._url), self._engine.connect() as connection:
            row = connection.execute(
                _revision_query(name).where(journeys.c.removed.is_(False))
                .order_by(revisions.c.number.desc()).limit(1)).first()
        if row is None:
            raise JourneyNotFound(f"There is no journey '{name}' in {self.describe()}.")
        return _stored(name, row)

    def newest_number(self, name: str) -> int | None:
        """The newest revision's number, None when the journey is not here (or removed); reads no text."""
        with reaching(self._url), self._engine.connect() as connection:
            number = connection.scalar(
                select(func.max(revisions.c.number)).select_from(revisions)
                .join(journeys, journeys.c.id == revisions.c.journey_id)
                .where(journeys.c.name == name, journeys.c.removed.is_(False)))
        return None if number is None else int(number)

    def history(self, name: str) -> list[Revision]:
        with reaching(self._url), self._engine.connect() as connection:
            rows = connection.execute(_revision_query(name).order_by(revisions.c.number.desc())).all()
        if not rows:
            raise JourneyNotFound(f"There is no journey '{name}' in {self.describe()}.")
        return [_revision(row) for row in rows]

    def load_revision(self, name: str, number: int) -> StoredJourney:
        with reaching(self._url), self._engine.connect() as connection:
            row = connection.execute(_revision_query(name).where(revisions.c.number == number)).first()
        if row is None:
            raise JourneyNotFound(f"Journey '{name}' has no revision {number} in {self.describe()}.")
        return _stored(name, row)

    # writing

    def save(self, name: str, journey: Journey, *, author: str = "", summary: str | None = None) -> StoredJourney:
        def build(newest: StoredJourney | None) -> tuple[Journey, str, str]:
            worded = summary if summary is not None else _summary(newest and newest.journey, journey)
            return journey, dumps(journey), worded

        return self._write(name, build, author=author)[1]

    def update(self, name: str, change: Callable[[Journey], Journey], *, author: str = "",
               fallback: Journey | None = None) -> tuple[StoredJourney | None, StoredJourney]:
        def build(newest: StoredJourney | None) -> tuple[Journey, str, str]:
            if newest is None and fallback is None:
                raise JourneyNotFound(f"There is no journey '{name}' in {self.describe()}.")
            base = newest.journey if newest is not None else fallback
            assert base is not None
            changed = change(base)  # JourneyFileError refuses: the transaction is rolled back
            return changed, dumps(changed), _summary(base, changed)

        return self._write(name, build, author=author)

    def restore(self, name: str, number: int, *, author: str = "") -> StoredJourney:
        old = self.load_revision(name, number)  # revisions never change: no need to read it in the write
        return self._write(name, lambda _newest: (old.journey, old.text, restored_summary(number, old.revision.saved_at)),
                           author=author)[1]

    def remove(self, name: str, *, author: str = "") -> None:
        with reaching(self._url), self._writer.begin() as connection:
            removed = connection.execute(
                update(journeys).where(journeys.c.name == name, journeys.c.removed.is_(False))
                .values(removed=True, removed_at=datetime.now(UTC), removed_by=author))
            if removed.rowcount == 0:
                raise JourneyNotFound(f"There is no journey '{name}' in {self.describe()}.")

    def _import_revision(self, name: str, text_: str, revision: Revision) -> StoredJourney:
        """Append a revision with the given time, author and summary (``journeymap store copy``)."""
        journey = loads(text_, name)
        return self._write(name, lambda _newest: (journey, text_, revision.summary),
                           author=revision.author, saved_at=revision.saved_at)[1]

    def _write(self, name: str, build: _Build, *, author: str,
               saved_at: datetime | None = None) -> tuple[StoredJourney | None, StoredJourney]:
        """In one write transaction: lock the journey, build the next revision from the newest, insert it."""
        journey_path(Path(), name)  # the workspace folder's rule for names, so every store can hold every journey
        for attempt in range(_ATTEMPTS):
            try:
                with reaching(self._url), self._writer.begin() as connection:
                    newest = _locked_newest(connection, name)
                    journey, saved_text, summary = build(newest.stored)
                    when = saved_at or datetime.now(UTC)
                    journey_id = _journey_row(connection, name, newest, when)
                    connection.execute(insert(revisions).values(
                        journey_id=journey_id, number=newest.number + 1, saved_at=when.astimezone(UTC),
                        author=author, summary=summary, text=saved_text))
                    return newest.stored, StoredJourney(
                        name, journey, saved_text, Revision(newest.number + 1, _utc(when), author, summary))
            except IntegrityError:  # another writer created the journey first: try again on top of it
                if attempt == _ATTEMPTS - 1:
                    raise StoreUnavailable(f"Journey '{name}' in {self.describe()} kept being changed by others "
                                           "while saving; try again.") from None
        raise AssertionError("unreachable")  # pragma: no cover


def _locked_newest(connection: Connection, name: str) -> _Newest:
    """The journey's row, locked until the transaction ends (PostgreSQL), and its newest revision."""
    row = connection.execute(
        select(journeys.c.id, journeys.c.removed).where(journeys.c.name == name).with_for_update()).first()
    if row is None:
        return _Newest(None, False, 0, None)
    newest = connection.execute(
        select(revisions.c.number, revisions.c.saved_at, revisions.c.author, revisions.c.summary, revisions.c.text)
        .where(revisions.c.journey_id == row.id).order_by(revisions.c.number.desc()).limit(1)).first()
    if newest is None:
        return _Newest(row.id, row.removed, 0, None)
    try:
        stored = None if row.removed else _stored(name, newest)
    except JourneyFileError:  # not a journey any more (written by another program): build on the fallback
        stored = None
    return _Newest(row.id, row.removed, newest.number, stored)


def _journey_row(connection: Connection, name: str, newest: _Newest, when: datetime) -> int:
    """The journey's id: its row created if new, brought back if it was removed."""
    if newest.journey_id is None:
        created = connection.execute(insert(journeys).values(name=name, created_at=when.astimezone(UTC),
                                                             removed=False, removed_by=""))
        return int(created.inserted_primary_key[0])
    if newest.removed:
        connection.execute(update(journeys).where(journeys.c.id == newest.journey_id)
                           .values(removed=False, removed_at=None, removed_by=""))
    return newest.journey_id


def _revision_query(name: str) -> Any:
    return (select(revisions.c.number, revisions.c.saved_at, revisions.c.author, revisions.c.summary, revisions.c.text)
            .join(journeys, journeys.c.id == revisions.c.journey_id).where(journeys.c.name == name))


def _revision(row: Any) -> Revision:
    return Revision(row.number, _utc(row.saved_at), row.author, row.summary)


def _stored(name: str, row: Any) -> StoredJourney:
    return StoredJourney(name, loads(row.text, name), row.text, _revision(row))


def _utc(moment: datetime) -> datetime:
    """The moment as an aware UTC time (SQLite gives back the UTC time it was given, without its zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _summary(before: Journey | None, after: Journey) -> str:
    """One line saying what changed between two versions of a journey."""
    return change_summary(before, after)
