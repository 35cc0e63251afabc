"""The mining itself, as SQL over the events table of :mod:`journeymap.mining.logs`.

Two questions are asked of a log:

- :func:`directly_follows`: how often each activity is directly followed by another in a case, and
  the mean time between the two: process mining's directly-follows graph, over every event as it
  is (the figures pm4py's ``discover_dfg`` and ``discover_performance_dfg`` give);
- :func:`visit_facts`: the same for the steps of a journey, where an activity's start and complete
  events are one visit, activities mapped to one touchpoint in a row are one visit, and each visit
  has its waiting time (from the end of the step before to its own start) and its staff time (from
  its start to its completion).

Both are window functions over the events of each case in time order (``LAG``/``LEAD ... OVER
(PARTITION BY case ORDER BY time)``), then grouped: what comes back to Python is one row per
activity and per pair of activities, whatever the number of events.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from journeymap.mining.logs import EventLog

__all__ = ["DirectlyFollows", "StepRow", "MoveRow", "VisitFacts", "directly_follows", "visit_facts"]

_MICROSECONDS = 1_000_000


@dataclass
class DirectlyFollows:
    """The directly-follows graph of a log: ``counts[(a, b)]`` times b came right after a in a case,
    with ``mean_seconds[(a, b)]`` between them; ``starts``/``ends``: cases starting/ending with each."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    mean_seconds: dict[tuple[str, str], float] = field(default_factory=dict)
    starts: dict[str, int] = field(default_factory=dict)
    ends: dict[str, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data: ``{"edges": [[a, b, count, mean_seconds], ...], "starts": {...}, "ends": {...}}``."""
        return {"edges": [[a, b, count, self.mean_seconds[(a, b)]] for (a, b), count in sorted(self.counts.items())],
                "starts": dict(sorted(self.starts.items())), "ends": dict(sorted(self.ends.items()))}


def directly_follows(log: EventLog) -> DirectlyFollows:
    """The directly-follows counts and mean times of every event of the log, in time order within
    each case (ties in file order)."""
    rows = log.connection.execute("""
        WITH x AS (
            SELECT a, lead(a) OVER w AS b, lead(t) OVER w - t AS d, lag(a) OVER w IS NULL AS first
            FROM ev WINDOW w AS (PARTITION BY c ORDER BY t, rowid))
        SELECT a, b, count(*) FILTER (WHERE b IS NOT NULL), avg(d), count(*) FILTER (WHERE b IS NULL),
               count(*) FILTER (WHERE first), GROUPING(b)
        FROM x GROUP BY GROUPING SETS ((a, b), (a))""").fetchall()
    graph = DirectlyFollows()
    for a, b, count, mean, ends, starts, grouped in rows:
        if grouped:  # the (a) set: how many cases start and end with a
            if starts:
                graph.starts[a] = starts
            if ends:
                graph.ends[a] = ends
        elif b is not None:
            graph.counts[(a, b)] = count
            graph.mean_seconds[(a, b)] = mean / _MICROSECONDS
    return graph


@dataclass(frozen=True)
class StepRow:
    """What the log says of one step (a touchpoint: an activity, or the activities mapped to it)."""

    name: str
    visits: int
    cases: int
    events: int  # events of the log on this step, every lifecycle transition counted
    entries: int
    ends: int
    repeats: int  # visits followed at once by another visit of the same step
    first_position: float  # the mean place of a case's first visit of the step (1 = first)
    wait_median: float | None  # seconds, before a visit coming from another step
    wait_p90: float | None
    waits: int
    repeat_wait_median: float | None  # seconds between a visit and the repeat right after it
    repeat_wait_p90: float | None
    staff_seconds_mean: float | None  # per visit, from start to completion, where both are known
    staff_visits: int
    resources: int


@dataclass(frozen=True)
class MoveRow:
    """Customers moving from one step to another (never the same step: that is a repeat)."""

    source: str
    target: str
    moves: int
    cases: int
    wait_mean: float  # seconds


@dataclass
class VisitFacts:
    """Everything the journey is built from: steps, moves, and the cases' own figures."""

    steps: dict[str, StepRow]
    moves: list[MoveRow]
    cases: int
    events: int  # events of the log on its steps, every lifecycle transition counted
    visits: int
    single_step_cases: int
    single_step_example: str | None
    first_start: float | None  # seconds since 1970, UTC: the first case's start
    last_start: float | None
    start_days: int  # calendar days (UTC) from the first case's start to the last one's, both counted
    lifecycle_used: bool


def _instances_sql(log: EventLog, kept: Collection[str] | None, use_lifecycle: bool) -> str:
    """The events as instances of activities: with a lifecycle, each complete event with the start
    it is paired with (the k-th start of an activity in a case with its k-th completion).

    The mapping is joined to the log's few activities, not to every event, and not at all when it
    is empty; only the activities that have start events are paired (a window sort fewer over
    the rest)."""
    mapped = kept is not None or log.connection.execute("SELECT count(*) FROM mapping").fetchall()[0][0] > 0
    if mapped:
        kept_filter = "AND coalesce(m.name, a) IN (SELECT name FROM kept)" if kept is not None else ""
        events = f"""
        steps AS (SELECT a, coalesce(m.name, a) AS tp FROM (SELECT DISTINCT a FROM ev)
                  LEFT JOIN mapping AS m ON m.activity = a WHERE m.ignore IS NOT TRUE {kept_filter}),
        e AS (SELECT ev.rowid AS i, c, a, tp, t, lc, r FROM ev JOIN steps USING (a))"""
    else:
        events = """
        e AS (SELECT rowid AS i, c, a, a AS tp, t, lc, r FROM ev)"""
    if not use_lifecycle:
        return events + ", inst AS (SELECT i, c, a, tp, t, r, CAST(NULL AS BIGINT) AS st FROM e)"
    return events + """,
        started AS (SELECT DISTINCT a FROM e WHERE lc = 'start'),
        starts AS (SELECT c, a, t, row_number() OVER (PARTITION BY c, a ORDER BY t, i) AS k FROM e WHERE lc = 'start'),
        done AS (SELECT *, row_number() OVER (PARTITION BY c, a ORDER BY t, i) AS k
                 FROM e WHERE (lc IS NULL OR lc = 'complete') AND a IN (SELECT a FROM started)),
        inst AS (SELECT done.i, done.c, done.a, done.tp, done.t, done.r,
                        CASE WHEN starts.t <= done.t THEN starts.t END AS st
                 FROM done LEFT JOIN starts ON starts.c = done.c AND starts.a = done.a AND starts.k = done.k
                 UNION ALL
                 SELECT i, c, a, tp, t, r, CAST(NULL AS BIGINT) AS st
                 FROM e WHERE (lc IS NULL OR lc = 'complete') AND a NOT IN (SELECT a FROM started))"""


def _visits_sql(log: EventLog, kept: Collection[str] | None, use_lifecycle: bool, merge: bool) -> str:
    """One row per visit of a step, with the step before and after it in the case."""
    instances = _instances_sql(log, kept, use_lifecycle)
    if not merge:  # a visit is an instance: one window sort gives its number and its neighbours
        return f"""CREATE OR REPLACE TABLE vis AS WITH {instances}
        SELECT c, row_number() OVER w AS vn, tp, coalesce(st, t) AS s, t, t - st AS staff,
               CAST(st IS NOT NULL AS INTEGER) AS started, 1 AS n,
               lag(tp) OVER w AS prev, lag(t) OVER w AS prev_t, lead(tp) OVER w AS nxt
        FROM inst WINDOW w AS (PARTITION BY c ORDER BY t, i)"""
    # activities mapped to one step in a row are one visit; the same activity again is a repeat
    return f"""CREATE OR REPLACE TABLE vis AS WITH {instances},
        o AS (SELECT *, lag(tp) OVER w AS ptp, lag(a) OVER w AS pa FROM inst WINDOW w AS (PARTITION BY c ORDER BY t, i)),
        g AS (SELECT *, sum(CASE WHEN ptp IS NULL OR ptp <> tp OR pa = a THEN 1 ELSE 0 END)
                        OVER (PARTITION BY c ORDER BY t, i ROWS UNBOUNDED PRECEDING) AS vn FROM o),
        v AS (SELECT c, vn, any_value(tp) AS tp, min(coalesce(st, t)) AS s, max(t) AS t,
                     sum(t - st) AS staff, count(st) AS started, count(*) AS n FROM g GROUP BY c, vn)
        SELECT c, vn, tp, s, t, staff, started, n,
               lag(tp) OVER w AS prev, lag(t) OVER w AS prev_t, lead(tp) OVER w AS nxt
        FROM v WINDOW w AS (PARTITION BY c ORDER BY vn)"""


def set_mapping(log: EventLog, names: Mapping[str, str | None]) -> None:
    """The activity mapping as a table: an activity, exactly as the log writes it → its step's
    name, or None to leave it out (which activity a mapping file's row means is Python's to say:
    :meth:`~journeymap.mining.mapping.ActivityMapping.for_log`)."""
    connection = log.connection
    connection.execute("CREATE OR REPLACE TABLE mapping (activity VARCHAR PRIMARY KEY, name VARCHAR, ignore BOOLEAN)")
    if names:
        rows = list(names.items())
        connection.executemany("INSERT INTO mapping VALUES (?, ?, ?)",
                               [(activity, name, name is None) for activity, name in rows])


def lifecycle_counts(log: EventLog) -> tuple[int, int, int]:
    """How many events are start, complete, and something else (schedule, suspend …)."""
    if log.roles.lifecycle is None:
        return 0, 0, 0
    row = log.connection.execute("SELECT count(*) FILTER (WHERE lc = 'start'), count(*) FILTER (WHERE lc = 'complete'),"
                                 " count(*) FILTER (WHERE lc IS NOT NULL AND lc NOT IN ('start', 'complete')) FROM ev"
                                 ).fetchone()
    return int(row[0]), int(row[1]), int(row[2])


def visit_facts(log: EventLog, kept: Collection[str] | None = None, *, use_lifecycle: bool, merge: bool) -> VisitFacts:
    """The steps, moves and case figures of the log (only the steps ``kept``, when given: the
    others' events are left out as if they were not in the log)."""
    connection = log.connection
    if kept is not None:
        connection.execute("CREATE OR REPLACE TABLE kept (name VARCHAR)")
        connection.executemany("INSERT INTO kept VALUES (?)", [(name,) for name in kept])
    connection.execute(_visits_sql(log, kept, use_lifecycle, merge))
    # the cases of each step and where they first visit it: from the distinct (step, case) pairs,
    # joined to the steps' figures once they are a row per step
    step_rows = connection.execute("""
        WITH pairs AS (SELECT tp, min(vn) AS first_vn FROM vis GROUP BY tp, c),
        per_step AS (SELECT tp, count(*) AS cases, avg(first_vn) AS position FROM pairs GROUP BY tp),
        figures AS (
            SELECT tp, count(*) AS visits, sum(n) AS events, count(*) FILTER (WHERE prev IS NULL) AS entries,
                   count(*) FILTER (WHERE nxt IS NULL) AS ends, count(*) FILTER (WHERE nxt = tp) AS repeats,
                   quantile_cont(greatest(s - prev_t, 0), [0.5, 0.9]) FILTER (WHERE prev <> tp) AS wait,
                   count(*) FILTER (WHERE prev <> tp) AS waits,
                   quantile_cont(greatest(s - prev_t, 0), [0.5, 0.9]) FILTER (WHERE prev = tp) AS repeat_wait,
                   avg(staff) FILTER (WHERE started > 0) AS staff, count(*) FILTER (WHERE started > 0) AS staff_visits
            FROM vis GROUP BY tp)
        SELECT tp, visits, cases, events, entries, ends, repeats, position, wait, waits, repeat_wait, staff,
               staff_visits
        FROM figures JOIN per_step USING (tp)""").fetchall()
    raw = _raw_counts(log, kept)
    steps: dict[str, StepRow] = {}
    for (name, visits, cases, events, entries, ends, repeats, position, wait, waits, repeat_wait,
         staff, staff_visits) in step_rows:
        steps[name] = StepRow(
            name=name, visits=visits, cases=cases, events=raw.get(name, (0, 0))[0], entries=entries, ends=ends, repeats=repeats,
            first_position=float(position), wait_median=_seconds(wait, 0), wait_p90=_seconds(wait, 1), waits=waits,
            repeat_wait_median=_seconds(repeat_wait, 0), repeat_wait_p90=_seconds(repeat_wait, 1),
            staff_seconds_mean=None if staff is None else float(staff) / _MICROSECONDS, staff_visits=staff_visits,
            resources=raw.get(name, (0, 0))[1])
    moves = [MoveRow(source, target, moves, cases, float(mean) / _MICROSECONDS) for source, target, moves, cases, mean
             in connection.execute("""
                SELECT prev, tp, count(*), count(DISTINCT c), avg(greatest(s - prev_t, 0)) FROM vis
                WHERE prev IS NOT NULL AND prev <> tp GROUP BY prev, tp ORDER BY prev, tp""").fetchall()]
    cases, visits, instances, first, last, days, single, example = connection.execute("""
        SELECT count(*), sum(visits), sum(events), min(start), max(start),
               date_diff('day', CAST(make_timestamp(min(start)) AS DATE), CAST(make_timestamp(max(start)) AS DATE)) + 1,
               count(*) FILTER (WHERE visits = 1), min(c) FILTER (WHERE visits = 1)
        FROM (SELECT c, min(s) AS start, count(*) AS visits, sum(n) AS events FROM vis GROUP BY c)""").fetchall()[0]
    return VisitFacts(steps=steps, moves=moves, cases=int(cases or 0), events=sum(row.events for row in steps.values()), visits=int(visits or 0),
                      single_step_cases=int(single), single_step_example=example,
                      first_start=None if first is None else first / _MICROSECONDS,
                      last_start=None if last is None else last / _MICROSECONDS, start_days=int(days or 0),
                      lifecycle_used=use_lifecycle)


def _seconds(quantiles: list[float] | None, index: int) -> float | None:
    return None if quantiles is None else float(quantiles[index]) / _MICROSECONDS


def _raw_counts(log: EventLog, kept: Collection[str] | None) -> dict[str, tuple[int, int]]:
    """For each step, how many events of the log it holds (every lifecycle transition) and how many
    different resources (people, systems) did them."""
    kept_filter = "AND coalesce(m.name, a) IN (SELECT name FROM kept)" if kept is not None else ""
    resource = "r" if log.roles.resource is not None else "NULL"
    # the events grouped by activity and resource first: the mapping then meets a few rows, not every event
    return {name: (int(events), int(people)) for name, events, people in log.connection.execute(f"""
        SELECT coalesce(m.name, a), sum(n), count(DISTINCT r)
        FROM (SELECT a, {resource} AS r, count(*) AS n FROM ev GROUP BY ALL) LEFT JOIN mapping AS m ON m.activity = a
        WHERE m.ignore IS NOT TRUE {kept_filter} GROUP BY ALL""").fetchall()}


def note_cases_passing(log: EventLog, dropped_steps: Collection[str]) -> None:
    """Remember the cases that pass a step about to be left off the map (from ``vis`` as it is)."""
    connection = log.connection
    connection.execute("CREATE OR REPLACE TABLE dropped_steps (name VARCHAR)")
    if dropped_steps:
        connection.executemany("INSERT INTO dropped_steps VALUES (?)", [(name,) for name in dropped_steps])
    connection.execute("CREATE OR REPLACE TABLE affected AS "
                       "SELECT DISTINCT c FROM vis WHERE tp IN (SELECT name FROM dropped_steps)")


def affected_cases(log: EventLog, dropped_moves: Collection[tuple[str, str]]) -> int:
    """How many cases :func:`note_cases_passing` noted, or take a move left off the map (in ``vis``)."""
    connection = log.connection
    connection.execute("CREATE OR REPLACE TABLE dropped_moves (source VARCHAR, target VARCHAR)")
    if dropped_moves:
        connection.executemany("INSERT INTO dropped_moves VALUES (?, ?)", list(dropped_moves))
    return int(connection.execute("""
        SELECT count(*) FROM (SELECT c FROM affected UNION
                              SELECT c FROM vis JOIN dropped_moves ON prev = source AND tp = target)""").fetchone()[0])
