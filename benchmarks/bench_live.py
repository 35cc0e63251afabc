"""A live workshop under load: 30 and 100 simulated participants sending input for 60 s.

Each simulated participant joins and then, at a person's pace (one input every 0.5–2.5 s, at
random), rates steps, places and moves dots, votes on the advice and leaves notes, through
:class:`~journeymap.live.store.LiveStore`, the code path the phone page calls. Half the
participants go through one store object and half through another, as two app servers would. A
facilitator's poll reads the whole room back (``records``, then ``room_view``), as the Workshop tab
does every 2 s. The run prints, per backend (SQLite beside a workspace folder, and PostgreSQL when
``JOURNEYMAP_TEST_POSTGRES_URL`` names a server):

- the inputs acknowledged and refused, and the lost or doubled ones: after the run the store must
  hold exactly the last acknowledged rating, dots and vote of every participant on every step,
  and every acknowledged note once;
- the latency of one input (median and 95th percentile), against a bare ``INSERT`` of one row in
  the same database (the baseline: no checks, no rate limit, no transaction logic);
- the time from an input's acknowledgement to its first showing in a facilitator's poll: with the
  Workshop tab's 2 s refresh, and with a 0.1 s poll (what the store itself adds);
- the time one facilitator poll takes with everyone's input.

Bounded and on loopback only. ``--seconds`` shortens the run, ``--participants`` picks the sizes.
The real-browser part (phones in Chromium, the app server's memory per participant) is
``benchmarks/bench_live_browsers.py``.

Run: ``.venv/bin/python benchmarks/bench_live.py [--seconds 60] [--participants 30 100]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from journeymap.live.room import room_view  # noqa: E402
from journeymap.live.rules import LiveRefused  # noqa: E402
from journeymap.live.store import LiveStore, open_live  # noqa: E402
from journeymap.formats.json_file import load  # noqa: E402
from journeymap.store.opening import open_store  # noqa: E402

FIELDS = ("emotion", "friction")


@dataclass
class Expected:
    """What the store must hold once the run is over, and when each input was acknowledged."""

    ratings: dict[tuple[int, str, str], float] = field(default_factory=dict)
    dots: dict[tuple[int, str], int] = field(default_factory=dict)
    votes: dict[tuple[int, str], bool] = field(default_factory=dict)
    notes: set[str] = field(default_factory=set)
    acknowledged: dict[tuple, float] = field(default_factory=dict)  # input → when it was acknowledged
    latencies: list[float] = field(default_factory=list)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _participant(live: LiveStore, code: str, number: int, steps: list[str], until: float, budget: int,
                 expected: Expected, seed: int) -> None:
    chooser = random.Random(seed)
    token, joined = live.join(code, f"P{number}")
    me, sequence = joined.id, 0
    while time.monotonic() < until:
        time.sleep(chooser.uniform(0.5, 2.5))
        step, kind = chooser.choice(steps), chooser.random()
        sequence += 1
        started = time.perf_counter()
        try:
            if kind < 0.6:
                name = chooser.choice(FIELDS)
                value = float(chooser.randint(-5, 5) if name == "emotion" else chooser.randint(0, 10))
                live.rate(token, step, name, value)
                key: tuple = ("rating", me, step, name, value)
                with expected.lock:
                    expected.ratings[me, step, name] = value
            elif kind < 0.75:
                with expected.lock:
                    spent = sum(count for (who, where), count in expected.dots.items() if who == me and where != step)
                count = chooser.randint(0, max(0, budget - spent))
                live.place_dots(token, step, count)
                key = ("dots", me, step, count)
                with expected.lock:
                    expected.dots[me, step] = count
            elif kind < 0.9:
                agree = chooser.random() < 0.5
                live.vote(token, step, agree)
                key = ("vote", me, step, agree)
                with expected.lock:
                    expected.votes[me, step] = agree
            else:
                note = f"P{number} note {sequence}"
                live.add_note(token, step, "pain_points", note)
                key = ("note", note)
                with expected.lock:
                    expected.notes.add(note)
        except LiveRefused:
            with expected.lock:
                expected.refused += 1
            continue
        finished = time.perf_counter()
        with expected.lock:
            expected.latencies.append(finished - started)
            expected.acknowledged[key] = finished


def _seen_keys(live: LiveStore, session_id: int, steps: list[str]) -> tuple[set[tuple], float]:
    """What one facilitator's poll sees, as input keys, and how long the poll took."""
    started = time.perf_counter()
    records = live.records(session_id)
    room_view(steps, records.ratings, records.dots, records.votes, records.notes)
    took = time.perf_counter() - started
    seen: set[tuple] = {("rating", r.participant, r.step, r.field, r.value) for r in records.ratings}
    seen |= {("dots", d.participant, d.step, d.count) for d in records.dots}
    seen |= {("vote", v.participant, v.step, v.agree) for v in records.votes}
    seen |= {("note", n.text) for n in records.notes}
    return seen, took


def _facilitator(live: LiveStore, session_id: int, steps: list[str], until: float, every: float,
                 expected: Expected, delays: list[float], polls: list[float]) -> None:
    first_seen: dict[tuple, float] = {}
    while time.monotonic() < until + 3:
        seen, took = _seen_keys(live, session_id, steps)
        now = time.perf_counter()
        polls.append(took)
        with expected.lock:
            acknowledged = dict(expected.acknowledged)
        for key, when in acknowledged.items():
            if key in seen and key not in first_seen:
                first_seen[key] = now
                delays.append(max(0.0, now - when))
        time.sleep(every)


def _check(live: LiveStore, session_id: int, expected: Expected) -> tuple[int, int]:
    """Lost and doubled inputs: the store against what was acknowledged last."""
    records = live.records(session_id)
    ratings = {(r.participant, r.step, r.field): r.value for r in records.ratings}
    dots = {(d.participant, d.step): d.count for d in records.dots}
    votes = {(v.participant, v.step): v.agree for v in records.votes}
    notes = [n.text for n in records.notes]
    wanted_dots = {key: count for key, count in expected.dots.items() if count}
    lost = sum(ratings.get(k) != v for k, v in expected.ratings.items())
    lost += sum(dots.get(k) != v for k, v in wanted_dots.items()) + sum(votes.get(k) != v for k, v in expected.votes.items())
    lost += len(expected.notes - set(notes))
    doubled = (len(records.ratings) - len(ratings)) + (len(notes) - len(set(notes)))
    doubled += len(set(ratings) - set(expected.ratings)) + len(set(dots) - set(wanted_dots))
    doubled += len(set(votes) - set(expected.votes)) + len(set(notes) - expected.notes)
    return lost, doubled


def _bare_insert_ms(location: str) -> float:
    """The baseline: one bare INSERT of a row in its own transaction, in the same database."""
    store = open_store(location, environment={})
    database = getattr(open_live(store), "_database")
    with database.writing() as connection:
        connection.execute(text("CREATE TABLE IF NOT EXISTS bench_bare (value FLOAT)"))
    times = []
    for number in range(200):
        started = time.perf_counter()
        with database.writing() as connection:
            connection.execute(text("INSERT INTO bench_bare (value) VALUES (:value)"), {"value": float(number)})
        times.append(time.perf_counter() - started)
    database.close()
    return statistics.median(times) * 1000


def _run(location: str, participants: int, seconds: float) -> None:
    journeys = open_store(location, environment={})
    journey = load(Path(__file__).resolve().parents[1] / "sample_journeys" / "diner.json")
    journeys.save("diner", journey)
    steps = [touchpoint.id for touchpoint in journey.touchpoints]
    servers = [open_live(open_store(location, environment={})) for _ in range(2)]
    session = servers[0].start("diner", dots=3)
    expected = Expected()
    until = time.monotonic() + seconds
    workers = [threading.Thread(target=_participant, args=(servers[number % 2], session.code, number, steps, until,
                                                           3, expected, number)) for number in range(participants)]
    delays_app: list[float] = []
    delays_fast: list[float] = []
    polls: list[float] = []
    watchers = [threading.Thread(target=_facilitator, args=(open_live(open_store(location, environment={})), session.id,
                                                            steps, until, every, expected, delays, polls))
                for every, delays in ((2.0, delays_app), (0.1, delays_fast))]
    for thread in (*workers, *watchers):
        thread.start()
    for thread in (*workers, *watchers):
        thread.join()
    lost, doubled = _check(servers[0], session.id, expected)
    latencies = sorted(expected.latencies)
    median_ms = statistics.median(latencies) * 1000
    p95_ms = latencies[int(len(latencies) * 0.95)] * 1000
    bare_ms = _bare_insert_ms(location)
    print(f"  {participants:>3} participants, {seconds:g} s: {len(latencies)} inputs acknowledged "
          f"({len(latencies) / seconds:.0f}/s), {expected.refused} refused, {lost} lost, {doubled} doubled")
    print(f"      one input: median {median_ms:.1f} ms, p95 {p95_ms:.1f} ms; a bare INSERT {bare_ms:.2f} ms "
          f"(×{median_ms / bare_ms:.1f})")
    print(f"      acknowledged → in the facilitator's view: median {statistics.median(delays_app):.2f} s with the "
          f"tab's 2 s refresh, {statistics.median(delays_fast) * 1000:.0f} ms with a 0.1 s poll; "
          f"one poll of the whole room {statistics.median(polls) * 1000:.1f} ms")
    for server in servers:
        server.close()


@contextmanager
def _backends() -> Iterator[tuple[str, str]]:
    """(name, location) of each backend to measure: SQLite beside a folder, PostgreSQL when given."""
    folder = Path(tempfile.mkdtemp(prefix="jm-bench-live-"))
    found = [("folder + SQLite", str(folder))]
    server = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
    admin = None
    name = f"jm_bench_{uuid.uuid4().hex[:8]}"
    if server:
        from sqlalchemy import create_engine
        from sqlalchemy.engine import make_url

        admin = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        found.append(("PostgreSQL", make_url(server).set(database=name).render_as_string(hide_password=False)))
    try:
        yield found  # type: ignore[misc]
    finally:
        if admin is not None:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--participants", type=int, nargs="+", default=[30, 100])
    arguments = parser.parse_args()
    with _backends() as backends:
        for name, location in backends:
            print(f"{name} (two store objects, as two app servers):")
            for participants in arguments.participants:
                # a folder of its own per size; in a database, starting a session closes the last one
                where = location if "://" in location else str(Path(location) / f"p{participants}")
                if "://" not in where:
                    Path(where).mkdir()
                _run(where, participants, arguments.seconds)


if __name__ == "__main__":
    main()
