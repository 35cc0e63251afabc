"""Mining event logs: journeymap's DuckDB engine against pm4py, and mining at 10^5 to 10^7 events.

In one run, on synthetic logs of a web shop's customers (15 activities: search and product views
in loops, payments failing and tried again, support contacts and returns handled by staff with a
start and a complete event; about 8.7 events a case, waits from a minute to days), written once to
a temporary folder as CSV (in time order, as a system exports it), Parquet and XES (case by case):

(a) directly-follows counts and mean times of 10^6 events: journeymap's ``discover_dfg`` against
    pm4py's ``discover_dfg`` + ``discover_performance_dfg`` (mean), from the CSV file (pandas'
    reader and ``pm4py.format_dataframe`` for pm4py) and from the table already read; the two
    must give the same figures;
(b) reading XES: journeymap's ``open_log`` (the log into DuckDB, every row checked) against
    ``pm4py.read_xes`` (into a DataFrame), on the real reviewing.xes and a synthetic XES of 10^6
    events;
(c) mining a log into a journey (``mine``) at 10^5, 10^6 and 10^7 events, CSV and Parquet, with the
    seconds per million events (flat when the growth is linear) and the peak memory (RSS).

Each figure is measured in a fresh Python process (so that peak memory is the task's own), after a
warm-up on a small log; a task is repeated and the best wall-clock and CPU seconds are kept (the
machine may be shared). CPU seconds count every thread: DuckDB runs on all cores, pm4py on one.

pm4py is AGPL and only benchmarked (the ``bench`` extra); when it is not installed only
journeymap's figures are printed.

Run: .venv/bin/python benchmarks/bench_mining.py [--repeats N] [--largest 1e7] [--parts abc]
(``--parts c`` measures (c) alone, ``--largest 1e6`` leaves out the 10^7 events.)
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = Path(tempfile.gettempdir()) / "journeymap-bench-mining"
REVIEWING_GZ = ROOT / "tests" / "data" / "eventlogs" / "reviewing.xes.gz"
DFG_EVENTS = 1_000_000
XES_EVENTS = 1_000_000
MINE_SIZES = (100_000, 1_000_000, 10_000_000)
_VERSION = 1  # of the synthetic logs: a new version writes them again

ACTIVITIES = ("Visit site", "Search", "View product", "Add to basket", "Checkout", "Pay", "Payment failed",
              "Confirm order", "Ship", "Deliver", "Contact support", "Return request", "Refund", "Review", "Cancel")
# where each activity goes next (END: the case ends), with its share
NEXT = {
    "Visit site": {"Search": .55, "View product": .35, "Contact support": .05, "END": .05},
    "Search": {"Search": .2, "View product": .75, "END": .05},
    "View product": {"View product": .25, "Search": .25, "Add to basket": .42, "END": .08},
    "Add to basket": {"View product": .25, "Checkout": .7, "END": .05},
    "Checkout": {"Pay": .85, "Cancel": .05, "END": .1},
    "Pay": {"Confirm order": .85, "Payment failed": .15},
    "Payment failed": {"Pay": .7, "Contact support": .1, "Cancel": .1, "END": .1},
    "Confirm order": {"Ship": .95, "Cancel": .05},
    "Ship": {"Deliver": .97, "Contact support": .03},
    "Deliver": {"Review": .3, "Return request": .08, "Contact support": .05, "END": .57},
    "Contact support": {"Contact support": .25, "Return request": .15, "Cancel": .1, "END": .5},
    "Return request": {"Refund": .8, "Contact support": .2},
    "Refund": {"Review": .2, "END": .8},
    "Review": {"END": 1.0},
    "Cancel": {"END": 1.0},
}
# the mean wait before each activity, in minutes (exponentially spread)
WAIT_MINUTES = {"Visit site": 0, "Search": 1, "View product": 1.5, "Add to basket": 2, "Checkout": 4, "Pay": 2,
                "Payment failed": 1, "Confirm order": 5, "Ship": 24 * 60, "Deliver": 2 * 24 * 60,
                "Contact support": 3 * 60, "Return request": 24 * 60, "Refund": 3 * 24 * 60,
                "Review": 5 * 24 * 60, "Cancel": 10}
STAFF_MINUTES = {"Contact support": 20, "Return request": 20}  # a start event, then the complete one
RESOURCES = 40
EVENTS_PER_CASE = 8.75  # what the chain above gives, start events counted
CASE, ACTIVITY, TIME, LIFECYCLE, RESOURCE = ("case:concept:name", "concept:name", "time:timestamp",
                                             "lifecycle:transition", "org:resource")


# --- the synthetic logs ----------------------------------------------------------------------------

def synthetic_events(events: int, seed: int = 1) -> Any:
    """A DataFrame of about ``events`` events (whole cases, no more than ``events``): integer columns
    ``c`` (case), ``a`` (activity), ``t`` (microseconds since 1970), ``lc`` (1 complete, 0 start), ``r``."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    n = len(ACTIVITIES)
    chain = np.zeros((n, n + 1))
    for source, targets in NEXT.items():
        for target, share in targets.items():
            chain[ACTIVITIES.index(source), n if target == "END" else ACTIVITIES.index(target)] = share
    cumulative = chain.cumsum(axis=1)
    cumulative[:, -1] = 1.0
    wait = np.array([WAIT_MINUTES[name] * 60e6 for name in ACTIVITIES])
    staff = np.array([STAFF_MINUTES.get(name, 0) * 60e6 for name in ACTIVITIES])
    cases = int(events / EVENTS_PER_CASE * 1.02) + 10
    alive = np.arange(cases)
    state = np.zeros(cases, np.int64)
    clock = np.int64(1_704_067_200_000_000) + (rng.random(cases) * 365 * 86_400e6).astype(np.int64)  # 2024
    began = np.full(cases, -1, np.int64)
    parts: list[tuple[Any, Any, Any, Any]] = []
    while alive.size:
        parts.append((alive, state, clock, began))
        after = np.minimum((rng.random(alive.size)[:, None] >= cumulative[state]).sum(axis=1), n)
        going = after < n
        alive, state = alive[going], after[going]
        start = clock[going] + (rng.exponential(1.0, state.size) * wait[state]).astype(np.int64) + 1000
        work = staff[state] > 0
        clock = start + np.where(work, (rng.exponential(1.0, state.size) * staff[state]).astype(np.int64) + 1000, 0)
        began = np.where(work, start, -1)
    case, activity, at, started = (np.concatenate(column) for column in zip(*parts))
    has_start = started >= 0
    frame = pd.DataFrame({
        "c": np.concatenate([case, case[has_start]]), "a": np.concatenate([activity, activity[has_start]]),
        "t": np.concatenate([at, started[has_start]]),
        "lc": np.concatenate([np.ones(case.size, np.int8), np.zeros(int(has_start.sum()), np.int8)])})
    frame = frame.sort_values(["c", "t", "lc"], kind="stable", ignore_index=True)
    last_case = frame["c"].iloc[min(events, len(frame)) - 1]
    if len(frame) > events:  # whole cases only
        last_case -= 1
    frame = frame[frame["c"] <= last_case].reset_index(drop=True)
    frame["r"] = rng.integers(1, RESOURCES + 1, len(frame))
    return frame


_COLUMNS_SQL = f"""
    'C' || lpad(CAST(c + 1 AS VARCHAR), 8, '0') AS "{CASE}",
    {list(ACTIVITIES)!r}[a + 1] AS "{ACTIVITY}",
    strftime(make_timestamp(t), '%Y-%m-%dT%H:%M:%S.%g') || '+00:00' AS "{TIME}",
    CASE WHEN lc = 1 THEN 'complete' ELSE 'start' END AS "{LIFECYCLE}",
    'Agent ' || lpad(CAST(r AS VARCHAR), 2, '0') AS "{RESOURCE}" """


def reviewing() -> Path:
    """The real reviewing.xes, unzipped (as distributed) in the benchmark's folder."""
    import gzip

    DATA.mkdir(exist_ok=True)
    path = DATA / "reviewing.xes"
    if not path.exists():
        path.write_bytes(gzip.decompress(REVIEWING_GZ.read_bytes()))
    return path


def synthetic_log(events: int, kind: str) -> Path:
    """The synthetic log of ``events`` events as ``csv``, ``parquet`` or ``xes``, written once."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"shop-v{_VERSION}-{events}.{kind}"
    if path.exists():
        return path
    import duckdb

    frame = synthetic_events(events)
    part = path.with_suffix(".part")
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")
    connection.register("frame", frame)
    if kind == "xes":
        _write_xes(connection, part)
    else:
        # CSV and Parquet in time order, as a system exports its events
        options = "FORMAT csv, HEADER true" if kind == "csv" else "FORMAT parquet"
        connection.execute(f"COPY (SELECT {_COLUMNS_SQL} FROM frame ORDER BY t, c, lc) TO '{part}' ({options})")
    connection.close()
    part.rename(path)
    return path


def _write_xes(connection: Any, path: Path) -> None:
    """XES as ProM and pm4py write it: a trace per case, its events in time order."""
    rows = connection.execute(f"""
        SELECT CASE WHEN c <> lag(c, 1, -1) OVER w THEN '  <trace>\n    <string key="concept:name" value="'
                                                    || "{CASE}" || '"/>\n' ELSE '' END
               || '    <event>\n      <string key="concept:name" value="' || "{ACTIVITY}" || '"/>\n'
               || '      <string key="lifecycle:transition" value="' || "{LIFECYCLE}" || '"/>\n'
               || '      <string key="org:resource" value="' || "{RESOURCE}" || '"/>\n'
               || '      <date key="time:timestamp" value="' || "{TIME}" || '"/>\n    </event>\n'
               || CASE WHEN c <> lead(c, 1, -1) OVER w THEN '  </trace>\n' ELSE '' END
        FROM (SELECT c, t, lc, {_COLUMNS_SQL} FROM frame) WINDOW w AS (ORDER BY c, t, lc) ORDER BY c, t, lc""")
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xmlns="http://www.xes-standard.org/">\n'
                  '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
                  '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n'
                  '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n')
        while chunk := rows.fetchmany(100_000):
            out.write("".join(row[0] for row in chunk))
        out.write("</log>\n")


# --- the tasks, each run in a process of its own ---------------------------------------------------

def _digest(counts: dict[tuple[str, str], int], means: dict[tuple[str, str], float]) -> dict[str, Any]:
    """What two tools must agree on: every pair's count and mean seconds (rounded to a millisecond)."""
    return {"edges": sorted([a, b, int(n), round(float(means[(a, b)]), 3)] for (a, b), n in counts.items())}


def _pm4py_frame(path: str) -> Any:
    import pandas as pd
    import pm4py

    if ".xes" in path:
        return pm4py.read_xes(path)
    return pm4py.format_dataframe(pd.read_csv(path), case_id=CASE, activity_key=ACTIVITY, timestamp_key=TIME)


def _pm4py_dfg(frame: Any) -> dict[str, Any]:
    import pm4py

    counts, _, _ = pm4py.discover_dfg(frame, activity_key=ACTIVITY, timestamp_key=TIME, case_id_key=CASE)
    means, _, _ = pm4py.discover_performance_dfg(frame, activity_key=ACTIVITY, timestamp_key=TIME,
                                                 case_id_key=CASE, perf_aggregation_key="mean")
    return _digest(counts, means)


def _task(name: str, path: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """The timed call for a task on a log, and what it needs before (not timed, done once)."""
    if name == "jm-dfg":  # from the file
        from journeymap.mining import discover_dfg

        def run() -> Any:
            graph = discover_dfg(path)
            return _digest(graph.counts, graph.mean_seconds)
        return run, lambda: None
    if name == "jm-dfg-table":  # the log already in DuckDB
        from journeymap.mining.engine import directly_follows
        from journeymap.mining.logs import open_log

        log = open_log(path)

        def run() -> Any:
            graph = directly_follows(log)
            return _digest(graph.counts, graph.mean_seconds)
        return run, lambda: None
    if name == "pm-dfg":
        return lambda: _pm4py_dfg(_pm4py_frame(path)), lambda: None
    if name == "pm-dfg-table":
        frame = _pm4py_frame(path)
        return lambda: _pm4py_dfg(frame), lambda: None
    if name == "jm-read":
        from journeymap.mining.logs import open_log

        def run() -> Any:
            with open_log(path) as log:
                return {"events": log.events}
        return run, lambda: None
    if name == "pm-read":
        import pm4py

        return lambda: {"events": len(pm4py.read_xes(path))}, lambda: None
    if name == "jm-mine":
        from journeymap.mining import mine

        def run() -> Any:
            mined = mine(path)
            return {"events": mined.coverage.events, "steps": len(mined.steps)}
        return run, lambda: None
    raise ValueError(name)


def child(name: str, path: str, repeats: int, warm: str) -> None:
    """Run one task ``repeats`` times in this process; print the best seconds and the peak memory."""
    import warnings

    warnings.simplefilter("ignore")
    if warm:
        _task(name, warm)[0]()  # imports and first calls, not timed
    run, _ = _task(name, path)
    walls, cpus = [], []
    result = None
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(json.dumps({"wall": min(walls), "cpu": min(cpus), "rss_mb": peak, "result": result}))


def measure(name: str, path: Path, repeats: int, warm: Path | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", name, str(path), str(repeats), str(warm or "")],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    if done.returncode:
        raise RuntimeError(f"{name} {path}: {done.stderr[-2000:]}")
    # pm4py prints a banner of its own on the way out: the figures are the line that starts with {"wall"
    return json.loads(next(line for line in done.stdout.splitlines() if line.startswith('{"wall"')))


def _has_pm4py() -> bool:
    import importlib.util

    return importlib.util.find_spec("pm4py") is not None


def _ratio(slow: dict[str, Any], fast: dict[str, Any], key: str) -> str:
    return f"{slow[key] / fast[key]:.1f}x"


def main() -> None:
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    largest = int(float(sys.argv[sys.argv.index("--largest") + 1])) if "--largest" in sys.argv else MINE_SIZES[-1]
    parts = sys.argv[sys.argv.index("--parts") + 1] if "--parts" in sys.argv else "abc"
    pm4py = _has_pm4py()
    if not pm4py:
        print("pm4py is not installed (python -m pip install -e '.[bench]'): journeymap's figures only\n")
    small = synthetic_log(10_000, "csv")
    print(f"Best of {repeats} runs, each task in a fresh process after a warm-up; cpu s counts every thread"
          f" ({os.cpu_count()} cores)")

    if "a" in parts:
        part_a(repeats, pm4py, small)
    if "b" in parts:
        part_b(repeats, pm4py)
    if "c" in parts:
        part_c(repeats, largest, small)
    print(f"\nThe logs stay in {DATA} for the next run; remove the folder to free the disk.")


def part_a(repeats: int, pm4py: bool, small: Path) -> None:
    print(f"\n(a) directly-follows counts and mean times, {DFG_EVENTS:,} events")
    log = synthetic_log(DFG_EVENTS, "csv")
    rows = [("from the CSV file", "jm-dfg", "pm-dfg"), ("from the table already read", "jm-dfg-table", "pm-dfg-table")]
    print(f"{'':30} | {'journeymap':>18} | {'pm4py':>18} | {'pm4py / journeymap':>18} | same figures")
    print(f"{'':30} | {'s':>8} {'cpu s':>9} | {'s':>8} {'cpu s':>9} | {'s':>8} {'cpu s':>9} |")
    for label, ours, theirs in rows:
        jm = measure(ours, log, repeats, small)
        if pm4py:
            pm = measure(theirs, log, repeats, small)
            print(f"{label:30} | {jm['wall']:8.2f} {jm['cpu']:9.2f} | {pm['wall']:8.2f} {pm['cpu']:9.2f} | "
                  f"{_ratio(pm, jm, 'wall'):>8} {_ratio(pm, jm, 'cpu'):>9} | "
                  f"{'yes' if jm['result'] == pm['result'] else 'NO'}")
        else:
            print(f"{label:30} | {jm['wall']:8.2f} {jm['cpu']:9.2f} |")


def part_b(repeats: int, pm4py: bool) -> None:
    print("\n(b) reading XES into a table")
    small_xes = synthetic_log(10_000, "xes")
    print(f"{'':36} | {'journeymap':>18} | {'pm4py.read_xes':>18} | {'pm4py / journeymap':>18}")
    print(f"{'':36} | {'s':>8} {'cpu s':>9} | {'s':>8} {'cpu s':>9} | {'s':>8} {'cpu s':>9}")
    xes = synthetic_log(XES_EVENTS, "xes")
    for label, path in (("reviewing.xes (3,730 events, 1 MB)", reviewing()),
                        (f"synthetic ({XES_EVENTS:,} events, {xes.stat().st_size / 1e6:.0f} MB)", xes)):
        jm = measure("jm-read", path, repeats, small_xes)
        if pm4py:
            pm = measure("pm-read", path, 1 if path == xes else repeats, small_xes)
            assert jm["result"] == pm["result"], (jm, pm)
            print(f"{label:36} | {jm['wall']:8.3f} {jm['cpu']:9.3f} | {pm['wall']:8.3f} {pm['cpu']:9.3f} | "
                  f"{_ratio(pm, jm, 'wall'):>8} {_ratio(pm, jm, 'cpu'):>9}")
        else:
            print(f"{label:36} | {jm['wall']:8.3f} {jm['cpu']:9.3f} |")


def part_c(repeats: int, largest: int, small: Path) -> None:
    print("\n(c) mining a log into a journey (mine)")
    print(f"{'events':>12} {'format':>8} | {'s':>7} {'cpu s':>7} | {'s per 10^6':>10} | {'peak RSS MB':>11} | "
          f"{'file MB':>7}")
    for events in (size for size in MINE_SIZES if size <= largest):
        for kind in ("csv", "parquet"):
            path = synthetic_log(events, kind)
            result = measure("jm-mine", path, min(repeats, 2) if events >= 10_000_000 else repeats, small)
            print(f"{result['result']['events']:>12,} {kind:>8} | {result['wall']:7.2f} {result['cpu']:7.2f} | "
                  f"{result['wall'] / result['result']['events'] * 1e6:10.2f} | {result['rss_mb']:11.0f} | "
                  f"{path.stat().st_size / 1e6:7.0f}")


if __name__ == "__main__":
    if "--child" in sys.argv:
        at = sys.argv.index("--child")
        child(sys.argv[at + 1], sys.argv[at + 2], int(sys.argv[at + 3]), sys.argv[at + 4])
    else:
        main()
