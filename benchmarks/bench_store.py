"""How fast each store saves and loads a journey, alone and with 8 writers at once.

For a 40- and a 1,000-step journey, per backend (the workspace folder with its history, SQLite,
and PostgreSQL when ``JOURNEYMAP_TEST_POSTGRES_URL`` names a server, e.g. from
``bash .ci/postgres.sh start``), it prints the median wall time of:

- a save (a new revision) and a load (the newest revision, parsed and validated);
- and, with 8 threads each updating the same journey 10 times (every update applied to the newest
  revision in one transaction or under one lock), the saves per second.

The baseline, in the same run: writing the journey's JSON file alone (``json_file.save``: atomic,
with a backup) and reading it back (``json_file.load``). Figures, never a pass or fail.
Run: ``.venv/bin/python benchmarks/bench_store.py``
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_app import workshop_journey  # noqa: E402

from journeymap.formats import json_file  # noqa: E402
from journeymap.model import Journey  # noqa: E402
from journeymap.model.validation import journey_from_data  # noqa: E402
from journeymap.store.backend import JourneyStore  # noqa: E402

REPEATS = 15
WRITERS, UPDATES_EACH = 8, 10


def _median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _renamed(journey: Journey, number: int) -> Journey:
    return journey.model_copy(update={"title": f"{journey.title} #{number}"})


def _concurrent_saves_per_second(store: JourneyStore, name: str) -> float:
    """Saves per second of 8 threads updating one journey 10 times each."""
    def writer(index: int) -> None:
        for update in range(UPDATES_EACH):
            store.update(name, lambda journey, i=index, u=update: journey.model_copy(
                update={"description": f"writer {i}, update {u}"}))

    threads = [threading.Thread(target=writer, args=(index,)) for index in range(WRITERS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return WRITERS * UPDATES_EACH / (time.perf_counter() - start)


@contextmanager
def _postgres_database() -> Iterator[str | None]:
    """A fresh database on the test server for this run (dropped after); None without a server."""
    server = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
    if not server:
        yield None
        return
    from sqlalchemy import create_engine, text

    name = f"jm_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def _stores(folder: Path, postgres_url: str | None) -> list[tuple[str, Callable[[], JourneyStore]]]:
    from journeymap.store.folder import FolderStore
    from journeymap.store.sql import SqlStore

    stores: list[tuple[str, Callable[[], JourneyStore]]] = [
        ("folder", lambda: FolderStore(folder / "workspace")),
        ("SQLite", lambda: SqlStore(f"sqlite:///{folder / 'journeys.db'}")),
    ]
    if postgres_url:
        stores.append(("PostgreSQL", lambda: SqlStore(postgres_url)))
    return stores


def main() -> int:
    print(f"{'backend':<12} {'steps':>6} {'save ms':>9} {'load ms':>9} {'save / file':>12} {'load / file':>12}"
          f" {'8 writers, saves/s':>19}")
    with tempfile.TemporaryDirectory() as scratch, _postgres_database() as postgres_url:
        folder = Path(scratch)
        (folder / "workspace").mkdir()
        baselines: dict[int, tuple[float, float]] = {}
        for size in (40, 1000):
            journey = journey_from_data(workshop_journey(size))
            path = folder / f"alone{size}.json"
            counter = iter(range(10**6))
            save_ms = _median_ms(lambda: json_file.save(_renamed(journey, next(counter)), path))
            load_ms = _median_ms(lambda: json_file.load(path))
            baselines[size] = (save_ms, load_ms)
            print(f"{'JSON file':<12} {size:>6} {save_ms:>9.1f} {load_ms:>9.1f} {1:>11.1f}× {1:>11.1f}× {'—':>19}")
        for label, make in _stores(folder, postgres_url):
            store = make()
            for size in (40, 1000):
                journey = journey_from_data(workshop_journey(size))
                name = f"bench{size}"
                counter = iter(range(10**6))
                save_ms = _median_ms(lambda: store.save(name, _renamed(journey, next(counter)), author="bench"))
                load_ms = _median_ms(lambda: store.load(name))
                rate = _concurrent_saves_per_second(store, name) if size == 40 else float("nan")
                file_save, file_load = baselines[size]
                rate_text = f"{rate:>19.0f}" if rate == rate else f"{'—':>19}"
                print(f"{label:<12} {size:>6} {save_ms:>9.1f} {load_ms:>9.1f} {save_ms / file_save:>11.1f}×"
                      f" {load_ms / file_load:>11.1f}× {rate_text}")
        if not postgres_url:
            print("PostgreSQL: not measured; start a server with `bash .ci/postgres.sh start` and set "
                  "JOURNEYMAP_TEST_POSTGRES_URL to the URL it prints.")
    print(f"save/load: median of {REPEATS}; 8 writers: {WRITERS} threads × {UPDATES_EACH} updates of the 40-step journey.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
