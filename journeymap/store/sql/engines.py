"""Opening a database: the engine for a URL, SQLite's settings, and plain words for what fails.

SQLite gets WAL mode (readers never wait for a writer), a busy timeout (a writer waits up to
:data:`BUSY_TIMEOUT_S` for another one instead of failing) and ``BEGIN IMMEDIATE`` for writes: the
write lock is taken when the transaction starts, so two read-change-write transactions never
interleave. PostgreSQL locks the journey's row instead (:mod:`journeymap.store.sql.backend`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, NoSuchModuleError, OperationalError

from journeymap.store.backend import StoreUnavailable

__all__ = ["BUSY_TIMEOUT_S", "WRITE", "hidden_url", "make_engine", "parse_url", "plain_reason", "reaching"]

BUSY_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 10
#: The execution option that marks a transaction as a write (``BEGIN IMMEDIATE`` on SQLite).
WRITE = "journeymap_write"


def parse_url(url: str) -> URL:
    """The URL parsed; :class:`StoreUnavailable` if it is not one (without repeating it: it may hold a password).

    Examples
    --------
    >>> parse_url("sqlite:///team.db").drivername
    'sqlite'
    >>> parse_url("postgresql://jm:secret@db:5432")
    Traceback (most recent call last):
    ...
    journeymap.store.backend.StoreUnavailable: 'postgresql://jm:***@db:5432' names no database: add it after the host, e.g. postgresql://jm:***@db:5432/journeys
    """
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise StoreUnavailable("That is not a database URL journeymap can read: write it like "
                               "sqlite:///journeys.db or postgresql+psycopg://user:password@host/database") from None
    if not parsed.database:
        shown = hidden_url(parsed)
        raise StoreUnavailable(f"'{shown}' names no database: add it after the host, e.g. {shown}/journeys")
    return parsed


def hidden_url(url: URL) -> str:
    """The URL as text with its password as ``***``.

    Examples
    --------
    >>> hidden_url(make_url("postgresql+psycopg://jm:secret@db/jm"))
    'postgresql+psycopg://jm:***@db/jm'
    """
    return url.render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    """The engine (and its pool of connections) for the database at ``url``."""
    options: dict[str, Any] = {"pool_pre_ping": True}  # a connection the server dropped is replaced, not used
    if url.get_backend_name() == "sqlite":
        options["connect_args"] = {"timeout": BUSY_TIMEOUT_S}
    elif url.get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_S}
    try:
        engine = create_engine(url, **options)
    except (ArgumentError, NoSuchModuleError, ImportError):
        raise StoreUnavailable(f"journeymap cannot open databases like {hidden_url(url)}: it keeps journeys in "
                               "SQLite (sqlite:///FILE) or PostgreSQL (postgresql+psycopg://…; "
                               "pip install 'journeymap[postgresql]')") from None
    if url.get_backend_name() == "sqlite":
        _set_up_sqlite(engine)
    return engine


def _set_up_sqlite(engine: Engine) -> None:
    """WAL, the busy timeout, foreign keys, and transactions begun by SQLAlchemy rather than the driver."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # the driver's own BEGIN is deferred and comes too late to take the write lock: begin below instead
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if connection.get_execution_options().get(WRITE) else "BEGIN")


@contextmanager
def reaching(url: URL) -> Iterator[None]:
    """Turn the driver's failures to connect or to write into :class:`StoreUnavailable`, in plain words."""
    try:
        yield
    except (OperationalError, DBAPIError) as error:
        if not _unreachable(error):
            raise
        raise StoreUnavailable(_sentence(url, error)) from None


def _unreachable(error: DBAPIError) -> bool:
    """Whether the error is about reaching or writing the database (not a constraint the caller handles)."""
    return isinstance(error, (OperationalError, InterfaceError)) or error.connection_invalidated


def _sentence(url: URL, error: DBAPIError) -> str:
    reason = plain_reason(str(error.orig) if error.orig is not None else str(error))
    if url.password:  # a driver could quote its connection string: never let the password through
        reason = reason.replace(str(url.password), "***")
    shown = hidden_url(url)
    if url.get_backend_name() == "sqlite":
        return f"The database {shown} cannot be used: {reason}."
    return f"The database at {shown} cannot be reached: {reason}. Check that it is running."


_REASONS = (
    (r"connection refused", "connection refused"),
    (r"password authentication failed|no password supplied", "the user name or password was not accepted"),
    (r'database "[^"]*" does not exist', "there is no such database on the server"),
    (r"could not translate host name|name or service not known|nodename nor servname",
     "the host name is not known"),
    (r"timeout expired|timed out", "it did not answer in time"),
    (r"database is locked", f"another program kept it locked for more than {BUSY_TIMEOUT_S:g} s"),
    (r"unable to open database file", "the file cannot be opened; check that its folder exists and can be written"),
    (r"readonly database|read-only", "it can only be read, not written"),
    (r"disk is full|database or disk is full|no space left", "the disk is full"),
    (r"not a database|file is encrypted", "the file is not an SQLite database"),
    (r"server closed the connection|terminating connection|connection is closed|consuming input failed",
     "the server closed the connection"),
)


def plain_reason(message: str) -> str:
    """What went wrong, in a few plain words, from a driver's message.

    Examples
    --------
    >>> plain_reason('connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused')
    'connection refused'
    >>> plain_reason("something odd\\nDETAIL: more")
    'something odd'
    """
    for pattern, words in _REASONS:
        if re.search(pattern, message, re.IGNORECASE):
            return words
    first_line = message.strip().splitlines()[0] if message.strip() else "no reason given"
    return first_line.rstrip(".")
