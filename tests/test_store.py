"""Every store of journeys, the same suite on each backend: SQLite, PostgreSQL and the folder (tests/stores.py).

Saving, history, restoring and removing; updates applied to the newest revision, by threads and by
processes at once; a database that cannot be reached; the schema made by the migrations; copying
one store into another (``journeymap store copy``).
"""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from journeymap.cli import main
from journeymap.errors import JourneyFileError, JourneyMapError, Problem
from journeymap.formats.json_file import dumps
from journeymap.model import Journey
from journeymap.store.backend import JourneyNotFound, JourneyStore, Revision, StoreUnavailable
from journeymap.store.migrations import head_revision
from journeymap.store.opening import copy_store, open_store
from journeymap.store.sql import SqlStore
from tests.stores import (  # noqa: F401 - fixtures
    BASE,
    Backend,
    add_touchpoints,
    backend,
    postgres_database,
    store,
    touchpoint_ids,
    with_touchpoint,
)


def _refuse(journey: Journey) -> Journey:
    raise JourneyFileError([Problem("", "cannot take this change")], "diner")


# saving and reading


def test_a_saved_journey_loads_as_it_was_with_its_text(store: JourneyStore) -> None:
    journey = with_touchpoint(BASE, "ask")
    saved = store.save("diner", journey, author="Ana")
    loaded = store.load("diner")
    # the canonical JSON text of the journey is what is kept, and the journey read back is equal to it
    assert loaded.journey == journey
    assert loaded.text == saved.text == dumps(journey)
    assert (loaded.name, loaded.revision.number, loaded.revision.author) == ("diner", 1, "Ana")


def test_names_are_sorted_and_an_empty_store_has_none(store: JourneyStore) -> None:
    assert store.names() == []
    for name in ("zebra", "apple", "mango"):
        store.save(name, BASE)
    assert store.names() == ["apple", "mango", "zebra"]


def test_each_save_is_the_next_revision_and_history_is_newest_first(store: JourneyStore) -> None:
    # stores may keep times to the second: the window starts at the whole second before
    started = datetime.now(UTC).replace(microsecond=0)
    numbers = [store.save("diner", BASE, author=author, summary=f"save by {author}").revision.number
               for author in ("Ana", "Bo", "")]
    finished = datetime.now(UTC)
    assert numbers == [1, 2, 3]
    history = store.history("diner")
    assert [(r.number, r.author, r.summary) for r in history] == [
        (3, "", "save by "), (2, "Bo", "save by Bo"), (1, "Ana", "save by Ana")]
    for revision in history:
        assert revision.saved_at.utcoffset() == timedelta(0)  # aware, in UTC
        assert started <= revision.saved_at <= finished
    assert history[0].saved_at >= history[1].saved_at >= history[2].saved_at


def test_a_summary_is_worked_out_when_none_is_given(store: JourneyStore) -> None:
    store.save("diner", BASE)
    store.update("diner", lambda journey: with_touchpoint(journey, "ask"))
    assert all(isinstance(r.summary, str) and r.summary for r in store.history("diner"))


def test_each_revision_loads_as_it_was_saved(store: JourneyStore) -> None:
    first, second = with_touchpoint(BASE, "one"), with_touchpoint(with_touchpoint(BASE, "one"), "two")
    store.save("diner", first)
    store.save("diner", second)
    assert touchpoint_ids(store.load_revision("diner", 1).journey) == ["one"]
    assert touchpoint_ids(store.load_revision("diner", 2).journey) == ["one", "two"]
    assert store.load_revision("diner", 1).revision.number == 1


def test_restoring_saves_the_old_revision_again_and_keeps_every_revision(store: JourneyStore) -> None:
    first = with_touchpoint(BASE, "one")
    store.save("diner", first)
    store.save("diner", with_touchpoint(first, "two"))
    store.save("diner", with_touchpoint(first, "three"))
    restored = store.restore("diner", 1, author="Cy")
    # a fourth revision, equal to the first; the three before are all still there
    assert restored.revision.number == 4 and restored.revision.author == "Cy"
    assert store.load("diner").journey == first
    assert store.load("diner").text == store.load_revision("diner", 1).text
    assert [r.number for r in store.history("diner")] == [4, 3, 2, 1]
    assert touchpoint_ids(store.load_revision("diner", 3).journey) == ["one", "three"]


def test_removing_hides_the_journey_but_keeps_its_history_and_saving_brings_it_back(store: JourneyStore) -> None:
    store.save("diner", BASE)
    store.save("diner", with_touchpoint(BASE, "ask"))
    store.save("cafe", BASE)
    store.remove("diner", author="Ana")
    assert store.names() == ["cafe"]
    with pytest.raises(JourneyNotFound):
        store.load("diner")
    assert [r.number for r in store.history("diner")] == [2, 1]
    assert touchpoint_ids(store.load_revision("diner", 2).journey) == ["ask"]
    # saved again: listed again, its numbers going on from the history it kept
    assert store.save("diner", BASE).revision.number == 3
    assert store.names() == ["cafe", "diner"]


def test_the_newest_number_follows_saves_restores_and_removal(store: JourneyStore) -> None:
    # never saved: None; two saves: 2; a restore is a new revision: 3; removed: None; saved again: 4
    assert store.newest_number("diner") is None
    store.save("diner", BASE)
    store.save("diner", with_touchpoint(BASE, "ask"))
    assert store.newest_number("diner") == 2
    store.restore("diner", 1)
    assert store.newest_number("diner") == 3
    store.remove("diner")
    assert store.newest_number("diner") is None
    assert store.save("diner", BASE).revision.number == 4 and store.newest_number("diner") == 4


# updates


def test_an_update_applies_to_the_newest_revision_another_store_saved(backend: Backend) -> None:
    first, second = backend.open(), backend.open()
    first.save("diner", BASE)
    second.update("diner", lambda journey: with_touchpoint(journey, "from_second"), author="Bo")
    # `first` never saw that edit: its own is applied on top of it, so both are kept
    before, after = first.update("diner", lambda journey: with_touchpoint(journey, "from_first"), author="Ana",
                                 fallback=BASE)
    assert before is not None and touchpoint_ids(before.journey) == ["from_second"]
    assert touchpoint_ids(after.journey) == ["from_second", "from_first"]
    assert touchpoint_ids(second.load("diner").journey) == ["from_second", "from_first"]
    assert [(r.number, r.author) for r in second.history("diner")] == [(3, "Ana"), (2, "Bo"), (1, "")]


def test_an_update_of_a_journey_not_in_the_store_builds_on_the_fallback(store: JourneyStore) -> None:
    before, after = store.update("diner", lambda journey: with_touchpoint(journey, "ask"), fallback=BASE)
    assert before is None
    assert after.revision.number == 1 and touchpoint_ids(after.journey) == ["ask"]
    with pytest.raises(JourneyNotFound):
        store.update("cafe", lambda journey: journey)
    assert store.names() == ["diner"]


def test_a_refused_change_saves_nothing(store: JourneyStore) -> None:
    store.save("diner", BASE)
    with pytest.raises(JourneyFileError):
        store.update("diner", _refuse)
    with pytest.raises(JourneyFileError):
        store.update("cafe", _refuse, fallback=BASE)
    assert [r.number for r in store.history("diner")] == [1]
    assert store.names() == ["diner"]


def test_unknown_journeys_and_revisions_are_not_found(store: JourneyStore) -> None:
    store.save("diner", BASE)
    for attempt in (lambda: store.load("cafe"), lambda: store.history("cafe"),
                    lambda: store.load_revision("cafe", 1), lambda: store.load_revision("diner", 2),
                    lambda: store.load_revision("diner", 0), lambda: store.restore("diner", 5),
                    lambda: store.remove("cafe")):
        with pytest.raises(JourneyNotFound):
            attempt()
    assert [r.number for r in store.history("diner")] == [1]


def test_updates_from_eight_threads_at_once_all_land_as_numbered_revisions(backend: Backend) -> None:
    backend.open().save("diner", BASE)
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def edit(thread: int) -> None:
        store = backend.open()  # one store per thread, as one per app server
        try:
            start.wait(timeout=60)
            for number in range(10):
                store.update("diner", lambda journey, n=number: with_touchpoint(journey, f"t{thread}_{n}"))
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)

    threads = [threading.Thread(target=edit, args=(thread,)) for thread in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    store = backend.open()
    # the first save and 8 × 10 updates: revisions 1..81, none lost, none twice
    assert sorted(r.number for r in store.history("diner")) == list(range(1, 82))
    expected = {f"t{thread}_{n}" for thread in range(8) for n in range(10)}
    assert sorted(touchpoint_ids(store.load("diner").journey)) == sorted(expected)


def test_updates_from_two_processes_at_once_are_all_kept(backend: Backend) -> None:
    backend.open().save("diner", BASE)
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    processes = [context.Process(target=add_touchpoints, args=(backend.location, prefix, 20, barrier))
                 for prefix in ("a", "b")]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [process.exitcode for process in processes] == [0, 0]
    store = backend.open()
    # 2 × 20 edits on top of the first save: 41 revisions and every touchpoint
    assert len(store.history("diner")) == 41
    assert sorted(touchpoint_ids(store.load("diner").journey)) == sorted(
        [f"a{n}" for n in range(20)] + [f"b{n}" for n in range(20)])


# databases


def test_an_unreachable_database_is_a_plain_sentence_without_its_password() -> None:
    with pytest.raises(StoreUnavailable) as raised:
        SqlStore("postgresql+psycopg://jm:s3cret-word@127.0.0.1:1/jm")
    message = str(raised.value)
    assert message == ("The database at postgresql+psycopg://jm:***@127.0.0.1:1/jm cannot be reached: "
                       "connection refused. Check that it is running.")
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_a_sqlite_file_in_a_missing_folder_is_a_plain_sentence(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="cannot be used: the file cannot be opened; check that its folder"):
        SqlStore(f"sqlite:///{tmp_path}/missing/team.db")


def test_describe_gives_the_url_without_the_password(tmp_path: Path) -> None:
    assert SqlStore(f"sqlite:///{tmp_path}/team.db").describe() == f"sqlite:///{tmp_path}/team.db"
    with postgres_database() as url:
        store = SqlStore(url)
        try:
            password = url.split("//", 1)[1].split("@", 1)[0].split(":", 1)[1]
            assert password and password not in store.describe() and password not in repr(store)
            assert store.describe() == url.replace(f":{password}@", ":***@")
        finally:
            store.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_opening_an_empty_database_makes_the_schema_and_opening_again_changes_nothing(kind: str, tmp_path: Path) -> None:
    from contextlib import nullcontext

    place = nullcontext(f"sqlite:///{tmp_path}/team.db") if kind == "sqlite" else postgres_database()
    with place as url:
        engine = create_engine(url)
        try:
            SqlStore(url).save("diner", BASE)
            SqlStore(url).close()  # opened again: already at the newest schema
            with engine.connect() as connection:
                tables = set(inspect(connection).get_table_names())
                versions = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
            assert tables == {"alembic_version", "journeys", "revisions", "live_sessions", "live_participants",
                              "live_ratings", "live_dots", "live_votes", "live_notes"}
            assert versions == [head_revision()] == ["0002"]
            assert [r.number for r in SqlStore(url).history("diner")] == [1]
        finally:
            engine.dispose()


def test_a_database_at_the_first_schema_is_upgraded_when_opened_and_keeps_its_journeys(tmp_path: Path) -> None:
    from alembic import command

    from journeymap.store import migrations

    url = f"sqlite:///{tmp_path}/team.db"
    SqlStore(url).save("diner", BASE, author="Ana")
    engine = create_engine(url)
    with engine.begin() as connection:  # back to what journeymap's first database release made
        command.downgrade(migrations._config(connection), "0001")
    with engine.connect() as connection:
        assert "live_sessions" not in inspect(connection).get_table_names()
    store = SqlStore(url)  # opening it upgrades it: the live workshop's tables are there, the journey too
    with engine.connect() as connection:
        assert "live_sessions" in inspect(connection).get_table_names()
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0002"
    assert [(r.number, r.author) for r in store.history("diner")] == [(1, "Ana")]
    store.close()
    engine.dispose()


# copying


def _fill(store: JourneyStore) -> None:
    """Two journeys, five revisions, with authors and summaries of their own."""
    store.save("diner", BASE, author="Ana", summary="first map")
    store.update("diner", lambda journey: with_touchpoint(journey, "ask"), author="Bo")
    store.save("diner", with_touchpoint(BASE, "pay"), author="Cy", summary="started again")
    store.save("cafe", BASE, author="Ana", summary="cafe map")
    store.restore("cafe", 1, author="Bo")


def _everything(store: JourneyStore) -> dict[str, list[tuple[Revision, str]]]:
    return {name: [(revision, store.load_revision(name, revision.number).text) for revision in store.history(name)]
            for name in store.names()}


def test_copying_keeps_every_revision_with_its_time_author_and_summary(tmp_path: Path) -> None:
    source = SqlStore(f"sqlite:///{tmp_path}/source.db")
    _fill(source)
    with postgres_database() as url:
        target = SqlStore(url)
        try:
            assert copy_store(source, target) == (2, 5)
            assert _everything(target) == _everything(source)
            assert len(_everything(target)["diner"]) == 3
        finally:
            target.close()


def test_copying_refuses_a_target_with_a_journey_of_the_same_name_and_writes_nothing(tmp_path: Path) -> None:
    source, target = SqlStore(f"sqlite:///{tmp_path}/source.db"), SqlStore(f"sqlite:///{tmp_path}/target.db")
    _fill(source)
    target.save("cafe", BASE)
    target.remove("cafe")  # removed, but its history would mix with the copy's
    with pytest.raises(JourneyMapError, match="already has journeys named 'cafe'; nothing was copied"):
        copy_store(source, target)
    assert target.names() == [] and [r.number for r in target.history("cafe")] == [1]


def test_store_copy_copies_a_folder_into_sqlite_and_on_into_postgresql(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("journeymap.store.folder", reason="the folder backend is not in this build yet")
    folder = tmp_path / "journeys"
    folder.mkdir()
    _fill(open_store(str(folder), environment={}))
    with postgres_database() as url:
        assert main(["store", "copy", str(folder), f"sqlite:///{tmp_path}/team.db"]) == 0
        assert main(["store", "copy", f"sqlite:///{tmp_path}/team.db", url]) == 0
        printed = capsys.readouterr().out.splitlines()
        assert printed[0].startswith("Copied 2 journeys (5 revisions) from ")
        assert printed[1] == (f"Copied 2 journeys (5 revisions) from sqlite:///{tmp_path}/team.db to "
                              f"{SqlStore(url).describe()}")
        copied = SqlStore(url)
        try:
            assert _everything(copied) == _everything(open_store(str(folder), environment={}))
        finally:
            copied.close()


def test_store_copy_says_plainly_what_is_wrong(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = SqlStore(f"sqlite:///{tmp_path}/source.db")
    _fill(source)
    target = f"sqlite:///{tmp_path}/target.db"
    assert main(["store", "copy", f"sqlite:///{tmp_path}/source.db", target]) == 0
    assert capsys.readouterr().out == (f"Copied 2 journeys (5 revisions) from sqlite:///{tmp_path}/source.db "
                                       f"to {target}\n")
    # again: every name is taken now
    assert main(["store", "copy", f"sqlite:///{tmp_path}/source.db", target]) == 1
    assert "already has journeys named 'cafe', 'diner'; nothing was copied" in capsys.readouterr().err
    assert main(["store", "copy", str(tmp_path / "nowhere"), target]) == 1
    assert "'" + str(tmp_path / "nowhere") + "' is neither a folder of journeys nor a database URL" in (
        capsys.readouterr().err)
    assert main(["store", "copy", "postgresql+psycopg://jm:pw-77@127.0.0.1:1/jm", target]) == 1
    error = capsys.readouterr().err
    assert "cannot be reached: connection refused" in error and "pw-77" not in error and "Traceback" not in error
    assert main(["store", "copy", "only-one"]) == 2
    assert main(["store"]) == 2
