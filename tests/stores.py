"""The stores every backend test runs on: a fresh SQLite file, a fresh PostgreSQL database and a fresh
folder per test (fixture ``backend``), and the helpers the tests share (also run by child processes).

PostgreSQL comes from ``$JOURNEYMAP_TEST_POSTGRES_URL`` (a server where that role may create
databases; ``.ci/postgres.sh start`` prints one). Without it the PostgreSQL tests skip, except in CI
(``$CI`` set), where they fail: CI must test the database the team deploys on.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from journeymap.formats.json_file import loads
from journeymap.model import Journey
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.store.backend import JourneyStore
from journeymap.store.opening import open_store

POSTGRES_ENV = "JOURNEYMAP_TEST_POSTGRES_URL"
HOW_TO_START = (f'start one with `export {POSTGRES_ENV}="$(.ci/postgres.sh start)"` '
                "(stop it with `.ci/postgres.sh stop`), or point it at a server where you may create databases")

BASE = loads('{"title": "Diner", "stages": [{"id": "order", "name": "Order"}]}')


def with_touchpoint(journey: Journey, touchpoint_id: str) -> Journey:
    """The journey with one more touchpoint (in its first stage)."""
    data = journey_to_data(journey)
    data["touchpoints"].append({"id": touchpoint_id, "name": f"Step {touchpoint_id}", "stage": data["stages"][0]["id"]})
    return journey_from_data(data)


def touchpoint_ids(journey: Journey) -> list[str]:
    return [touchpoint.id for touchpoint in journey.touchpoints]


@dataclass
class Backend:
    """Where one test's journeys are; :meth:`open` opens another store on the same place."""

    kind: str
    location: str
    opened: list[Any] = field(default_factory=list)

    def open(self) -> JourneyStore:
        store = open_store(self.location, environment={})
        self.opened.append(store)
        return store

    def close_all(self) -> None:
        for store in self.opened:
            getattr(store, "close", lambda: None)()


def postgres_server_url() -> str:
    """The server the PostgreSQL tests create their databases on (skip, or fail in CI, without one)."""
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} is not set: CI must run the store tests on PostgreSQL. "
                    ".ci/run starts a server with .ci/postgres.sh; did it fail?")
    pytest.skip(f"no PostgreSQL to test on: {HOW_TO_START}")


@contextmanager
def postgres_database() -> Iterator[str]:
    """The URL of a new, empty database on the test server (``jm_test_<random>``), dropped afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    server = make_url(postgres_server_url())
    name = f"jm_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield server.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:  # FORCE: a connection a failed test left open must not keep it
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


BACKENDS = ["sqlite", "postgresql", "folder"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each backend in turn, empty: a fresh SQLite file, PostgreSQL database or folder per test."""
    kind = request.param
    if kind == "sqlite":
        place: Any = nullcontext(f"sqlite:///{tmp_path / 'journeys.db'}")
    elif kind == "postgresql":
        place = postgres_database()
    else:
        pytest.importorskip("journeymap.store.folder", reason="the folder backend is not in this build yet")
        (tmp_path / "journeys").mkdir()
        place = nullcontext(str(tmp_path / "journeys"))
    with place as location:
        found = Backend(kind, location)
        try:
            yield found
        finally:
            found.close_all()


@pytest.fixture
def store(backend: Backend) -> JourneyStore:
    """A store on :func:`backend`."""
    return backend.open()


def add_touchpoints(location: str, prefix: str, count: int, barrier: Any) -> None:
    """In a process of its own: open the store and add ``count`` touchpoints to 'diner', one update each."""
    store = open_store(location, environment={})
    barrier.wait(timeout=120)  # both processes start updating together, so their transactions overlap
    for number in range(count):
        store.update("diner", lambda journey, number=number: with_touchpoint(journey, f"{prefix}{number}"))
    getattr(store, "close", lambda: None)()


def save_until_killed(location: str) -> None:
    """In a process of its own, until it is killed: add touchpoints to 'diner' one update at a time, and
    after each update has returned print ``NUMBER ID`` (flushed): the saves acknowledged so far."""
    import sys

    store = open_store(location, environment={})
    for number in range(10**6):
        touchpoint_id = f"k{number}"
        _, saved = store.update("diner", lambda journey, tid=touchpoint_id: with_touchpoint(journey, tid))
        print(saved.revision.number, touchpoint_id, file=sys.stdout, flush=True)
