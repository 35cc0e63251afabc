"""Stores when things go wrong, on real parts: a writer killed with ``kill -9`` in the middle of a burst of
saves, a PostgreSQL server stopped and started again under a running store and under the app, and a
SQLite database that is full or may only be read.

The folder's own faults (a save killed between its files, a read-only folder, a full disk) are in
tests/test_store_folder.py and tests/test_app_safety.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from journeymap.model.validation import journey_from_data
from journeymap.store.backend import StoreUnavailable
from journeymap.store.opening import open_store
from journeymap.store.sql import SqlStore
from tests.conftest import APP_FILE, ROOT, TINY_JOURNEY
from tests.stores import BASE, Backend, backend, postgres_server_url, touchpoint_ids  # noqa: F401 - fixture
from tests.test_app import html, select, widget

POSTGRES_SCRIPT = ROOT / ".ci" / "postgres.sh"


# --- kill -9 during a burst of saves -----------------------------------------------------------


def _acknowledged_until_killed(location: str, wanted: int) -> list[tuple[int, str]]:
    """Run :func:`tests.stores.save_until_killed` in a process of its own, kill it with SIGKILL once it
    has acknowledged ``wanted`` saves, and return every (revision, touchpoint) it acknowledged."""
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tests.stores import save_until_killed; save_until_killed(sys.argv[1])",
         location], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    acknowledged: list[tuple[int, str]] = []
    enough = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            number, touchpoint_id = line.split()
            acknowledged.append((int(number), touchpoint_id))
            if len(acknowledged) >= wanted:
                enough.set()
        enough.set()  # the process ended by itself: the assertions below say how

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    enough.wait(timeout=120)
    os.kill(process.pid, signal.SIGKILL)  # in the middle of the next save, whatever it is doing
    process.wait(timeout=30)
    reader.join(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the saving process ended before it was killed"
    return acknowledged


def test_kill_9_in_a_burst_of_saves_loses_no_acknowledged_save_and_leaves_the_store_readable(backend: Backend) -> None:
    backend.open().save("diner", BASE)  # revision 1
    acknowledged = _acknowledged_until_killed(backend.location, wanted=20)
    assert len(acknowledged) >= 20
    store = backend.open()
    newest = store.load("diner")
    numbers = [revision.number for revision in store.history("diner")]
    # no gap and nothing twice: revisions newest … 1, where newest is the last acknowledged, or one more
    # when the kill came after the save was written but before it was acknowledged
    assert numbers == list(range(numbers[0], 0, -1))
    last_number = acknowledged[-1][0]
    assert numbers[0] in (last_number, last_number + 1)
    # the updates were acknowledged as revisions 2, 3, … in order, and each revision holds its step
    assert [number for number, _ in acknowledged] == list(range(2, 2 + len(acknowledged)))
    for number, touchpoint_id in acknowledged:
        assert touchpoint_ids(store.load_revision("diner", number).journey)[-1] == touchpoint_id
    # the newest revision holds every acknowledged step, in order, and the store takes the next save
    ids = touchpoint_ids(newest.journey)
    assert ids[:len(acknowledged)] == [touchpoint_id for _, touchpoint_id in acknowledged]
    assert store.save("diner", BASE).revision.number == numbers[0] + 1


# --- a PostgreSQL server that stops and starts again -------------------------------------------


class Server:
    """A PostgreSQL server of this module's own (the shared one serves tests running in parallel)."""

    def __init__(self, folder: Path) -> None:
        self.environment = {**os.environ, "JOURNEYMAP_TEST_POSTGRES_DIR": str(folder)}

    def run(self, command: str) -> str:
        done = subprocess.run(["bash", str(POSTGRES_SCRIPT), command], env=self.environment, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def stop(self) -> None:
        self.run("pause")

    def start(self) -> None:
        self.run("resume")


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[Server, str]]:
    """Its own throwaway server and the URL of an empty database on it."""
    postgres_server_url()  # skips (fails in CI) without PostgreSQL, saying how to get one
    folder = Path(f"/tmp/journeymap-postgres-faults-{uuid.uuid4().hex[:8]}")  # the postgres user must reach it
    own = Server(folder)
    url = make_url(own.run("start"))
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql('CREATE DATABASE "journeys"')
    admin.dispose()
    try:
        yield own, url.set(database="journeys").render_as_string(hide_password=False)
    finally:
        own.run("stop")


@pytest.fixture
def paused_safely(server: tuple[Server, str]) -> Iterator[tuple[Server, str]]:
    """The server, started again after the test whatever happened, for the next test."""
    yield server
    server[0].run("resume") if _is_down(server[1]) else None


def _is_down(url: str) -> bool:
    try:
        create_engine(url).connect().close()
    except Exception:  # noqa: BLE001 - any failure to connect means down
        return True
    return False


def test_a_store_says_plainly_while_postgresql_is_stopped_and_works_again_once_it_is_back(
        paused_safely: tuple[Server, str]) -> None:
    own, url = paused_safely
    store = SqlStore(url)
    try:
        store.save("diner", BASE)
        own.stop()
        password = make_url(url).password
        for attempt in (lambda: store.save("diner", BASE), lambda: store.load("diner"),
                        lambda: store.newest_number("diner"), lambda: store.history("diner")):
            with pytest.raises(StoreUnavailable) as raised:
                attempt()
            sentence = str(raised.value)
            assert sentence.startswith(f"The database at {store.describe()} cannot be reached: ")
            assert sentence.endswith(". Check that it is running.") and str(password) not in sentence
        own.start()
        # the same store (its pool's dead connections replaced) saves again: revision 2, nothing lost
        assert store.save("diner", BASE, summary="again").revision.number == 2
        assert [(r.number, r.summary) for r in store.history("diner")][0] == (2, "again")
    finally:
        store.close()


def test_the_app_keeps_what_was_typed_while_postgresql_is_stopped_and_saves_it_once_it_is_back(
        paused_safely: tuple[Server, str], workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own, url = paused_safely
    name = f"tiny_{uuid.uuid4().hex[:6]}"  # the database outlives the test: a name of its own
    kept = open_store(url)
    kept.save(name, journey_from_data(TINY_JOURNEY))
    monkeypatch.setenv("JOURNEYMAP_DATABASE_URL", url)
    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.query_params["journey"] = name
    app.query_params["page"] = "Build"
    app.run()
    assert not app.exception, app.exception
    app = select(app, "wait")
    own.stop()
    widget(app, "slider", "tp_wait_friction").set_value(2.0)  # "Waits at the bar": friction 6 → 2
    widget(app, "button", "tp_wait_save").click()
    app.run()
    assert not app.exception, app.exception
    shown = html(app)
    assert "Could not save. The database at " in shown and "cannot be reached" in shown
    assert "Nothing typed is lost" in shown and str(make_url(url).password) not in shown
    assert "nothing can be saved until the store is back" in shown  # above the map, while it lasts
    assert widget(app, "slider", "tp_wait_friction").value == 2.0  # what was typed is still on screen

    own.start()
    widget(app, "button", "tp_wait_save").click()  # the same save, pressed again
    app.run()
    assert not app.exception, app.exception
    assert "cannot be reached" not in html(app)
    assert kept.load(name).journey.touchpoints[1].friction == 2  # saved as revision 2
    assert kept.newest_number(name) == 2
    getattr(kept, "close")()


# --- a SQLite database that is full, or may only be read ---------------------------------------


def _limit_pages(store: SqlStore, pages: int) -> None:
    """Make every new connection of ``store`` see a database that cannot grow past ``pages`` pages, as
    on a full disk: SQLite then answers SQLITE_FULL ("database or disk is full")."""
    engine = store._engine  # noqa: SLF001 - the test reaches the store's own engine on purpose

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    engine.dispose()  # connections already open take the limit too


def test_a_full_sqlite_database_says_so_and_keeps_every_revision(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    store = SqlStore(url)
    store.save("diner", BASE)
    pages = store._engine.connect().exec_driver_sql("PRAGMA page_count").scalar()  # noqa: SLF001
    _limit_pages(store, pages)
    big = journey_from_data({**TINY_JOURNEY, "description": "x" * 200_000})  # needs ~50 more pages
    with pytest.raises(StoreUnavailable) as raised:
        store.save("diner", big)
    assert str(raised.value) == f"The database {url} cannot be used: the disk is full."
    store.close()
    again = SqlStore(url)
    assert [r.number for r in again.history("diner")] == [1] and again.load("diner").journey == BASE
    again.close()


def test_a_sqlite_database_opened_read_only_says_so(tmp_path: Path) -> None:
    SqlStore(f"sqlite:///{tmp_path / 'team.db'}").save("diner", BASE)
    url = f"sqlite:///file:{tmp_path / 'team.db'}?mode=ro&uri=true"
    store = SqlStore(url)
    assert store.load("diner").journey == BASE  # it can be read
    with pytest.raises(StoreUnavailable) as raised:
        store.save("diner", BASE)
    assert str(raised.value).endswith("cannot be used: it can only be read, not written.")
    store.close()
