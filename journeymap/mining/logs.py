"""An event log on disk as a table in DuckDB: CSV (any delimiter), Parquet or XES, one row per event.

DuckDB reads CSV and Parquet itself, in parallel and out of core: only the role columns are kept,
and what does not fit in memory spills to a temporary folder. XES is read by
:mod:`journeymap.mining.xes`, its plain runs of traces by DuckDB too (:mod:`journeymap.mining.xes_bulk`).
Each log has a schema of its own in the process's one DuckDB database (:func:`connect`), and becomes
the same table there, ``ev``, in file order:

============  =========================================================================
``c``         the case id (text)
``a``         the activity (text, surrounding spaces removed)
``t``         the time, microseconds since 1970-01-01 UTC (a time without an offset is taken as UTC)
``lc``        the lifecycle transition, lower case (``start``, ``complete`` …), or NULL
``r``         the resource, or NULL
``bad``       the time as written, only where it could not be read
============  =========================================================================

``rowid`` is the event's place in the file, which breaks ties between events of one case at the
same time, as process-mining tools do.
"""

from __future__ import annotations

import atexit
import itertools
import os
import re
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeymap.errors import EventLogError, Problem
from journeymap.mining.columns import ColumnRoles, resolve_roles
from journeymap.mining.xes import XesBatch, first_keys, is_xes, read_xes, xes_batches, xes_line_of_event

if TYPE_CHECKING:
    import duckdb

__all__ = ["LOG_FORMATS", "TIME_FORMATS", "EventLog", "check_file", "connect", "disconnect", "log_format", "open_log",
           "table_columns"]

#: What journeymap reads, by the end of the file's name.
LOG_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".csv.gz": "csv", ".tsv.gz": "csv",
               ".parquet": "parquet", ".pq": "parquet", ".xes": "xes", ".xes.gz": "xes"}
#: Times that are not ISO 8601 (``2024-03-01 14:30:00``, ``2024-03-01T14:30:00+01:00``, which are
#: always read) are tried in these forms, day before month first; the first form that reads every
#: time in the first rows is used for the whole column.
TIME_FORMATS = (
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S.%f", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%m/%d/%Y",
    "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d",
    "%Y%m%d%H%M%S", "%d %b %Y %H:%M:%S", "%d %b %Y %H:%M", "%d %B %Y %H:%M",
)
_TIME_EXAMPLE = "2024-03-01 14:30:00 or 2024-03-01T14:30:00+01:00"
#: Problems listed one by one before the rest are counted.
MAX_LISTED = 10
_SAMPLE_ROWS = 5000


def log_format(path: str | os.PathLike[str]) -> str:
    """``csv``, ``parquet`` or ``xes``, from the file's name; any other name is an :class:`EventLogError`.

    Examples
    --------
    >>> log_format("till.CSV"), log_format("log.xes.gz"), log_format("events.parquet")
    ('csv', 'xes', 'parquet')
    """
    name = Path(path).name.lower()
    for ending in sorted(LOG_FORMATS, key=len, reverse=True):
        if name.endswith(ending):
            return LOG_FORMATS[ending]
    raise EventLogError([Problem("", "is not an event log journeymap reads: give a .csv (or .tsv, .txt), "
                                     ".parquet, .xes or .xes.gz file")], str(path))


def connect() -> duckdb.DuckDBPyConnection:
    """A connection of its own for one log, times in UTC: a schema of its own in the process's
    DuckDB (in memory, spilling to a temporary folder beyond :data:`MEMORY_LIMIT`), so that opening
    a log costs a millisecond, not the tens of a new database. :func:`disconnect` drops the schema,
    as does the garbage collector for a connection dropped without it."""
    connection = _cursor()
    schema = f"log_{next(_SCHEMA_NUMBERS)}"
    connection.execute(f"CREATE SCHEMA {schema}; SET schema = '{schema}'; SET TimeZone = 'UTC'; "
                       "SET enable_progress_bar = false")
    drop = weakref.finalize(connection, _drop_schema, schema)
    drop.atexit = False  # the database goes with the process
    _SCHEMAS[id(connection)] = drop
    return connection


#: DuckDB's share of memory (a laptop's); beyond it, it spills to disk.
MEMORY_LIMIT = "4GB"
_DATABASES: dict[int, Any] = {}  # the process's DuckDB, by process id (a forked process makes its own)
_SCHEMAS: dict[int, weakref.finalize] = {}
_SCHEMA_NUMBERS = itertools.count(1)
_LOCK = threading.RLock()  # a garbage collection may drop a schema while the lock is held


def _cursor() -> Any:
    """A new connection to the process's DuckDB, made on the first call."""
    import duckdb  # imported here: the command line starts without it

    with _LOCK:
        database = _DATABASES.get(os.getpid())
        if database is None:
            folder = tempfile.mkdtemp(prefix="journeymap-mining-")
            atexit.register(shutil.rmtree, folder, True)
            database = duckdb.connect(":memory:", config={"temp_directory": folder, "preserve_insertion_order": True,
                                                          "memory_limit": MEMORY_LIMIT})
            _DATABASES.clear()
            _DATABASES[os.getpid()] = database
        return database.cursor()


def _drop_schema(schema: str) -> None:
    with _cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def disconnect(connection: Any) -> None:
    """Close a connection of :func:`connect`, dropping its schema and everything in it."""
    drop = _SCHEMAS.pop(id(connection), None)
    connection.close()
    if drop is not None:
        drop()


@dataclass
class EventLog:
    """An event log read into DuckDB (table ``ev``); :meth:`close` frees it."""

    path: Path
    format: str
    columns: list[str]
    roles: ColumnRoles
    connection: Any
    events: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def source(self) -> str:
        return str(self.path)

    def close(self) -> None:
        disconnect(self.connection)

    def __enter__(self) -> EventLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def where(self, rowid: int) -> str:
        """How a message names the event in row ``rowid`` of ``ev``: its row, or for XES its line."""
        if self.format == "csv":
            return f"row {rowid + 2}"  # the header is row 1, as a spreadsheet shows it
        if self.format == "parquet":
            return f"row {rowid + 1}"
        line = xes_line_of_event(self.path, rowid)
        return f"event {rowid + 1}" + (f" (line {line})" if line else "")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _duckdb_problem(error: Exception) -> Problem:
    """A DuckDB error about a file, in plain words with its line when it says one."""
    message = str(error).strip()
    line = re.search(r"[Ll]ine:?\s*(\d+)", message)
    first = message.splitlines()[0] if message else type(error).__name__
    first = re.sub(r"^[A-Za-z ]*Error:\s*", "", first)
    if "unicode" in message.lower() or "utf-8" in message.lower() or "utf8" in message.lower():
        return Problem(f"line {line.group(1)}" if line else "",
                       "is not UTF-8 text; in a spreadsheet, save it as \"CSV UTF-8\"")
    if "parquet" in message.lower() and ("magic" in message.lower() or "not a" in message.lower()):
        return Problem("", "is not a Parquet file, though its name says so")
    detail = first if len(first) < 300 else first[:297] + "…"
    return Problem(f"line {line.group(1)}" if line else "", f"cannot be read as a table: {detail}")


def _source_sql(path: Path, kind: str) -> str:
    if kind == "csv":
        # every cell as text: times, ids and names are read by journeymap, not guessed by type
        return f"read_csv({_text(str(path))}, all_varchar = true, header = true, auto_detect = true)"
    return f"read_parquet({_text(str(path))})"


def table_columns(connection: Any, path: Path, kind: str) -> list[str]:
    """The column names of a CSV or Parquet log."""
    try:
        rows = connection.execute(f"DESCRIBE SELECT * FROM {_source_sql(path, kind)}").fetchall()
    except Exception as error:  # duckdb.Error, imported lazily
        raise EventLogError([_duckdb_problem(error)], str(path)) from None
    return [row[0] for row in rows]


def xes_columns(path: Path, events: int = 2000) -> list[str]:
    """The attribute names of the first events of an XES log (trace attributes as ``case:KEY``)."""
    names = first_keys(path, events)
    if names is not None:
        return names
    for batch in xes_batches(path, None, batch_events=events):
        return list(batch.columns)
    return []


def check_file(path: Path) -> str:
    """The log's format (:func:`log_format`), once the file is known to exist and hold something."""
    kind = log_format(path)
    if not path.exists():
        raise EventLogError([Problem("", "no such file")], str(path))
    if path.is_dir():
        raise EventLogError([Problem("", "is a folder, not an event log")], str(path))
    if _is_empty(path):
        raise EventLogError([Problem("", "is empty: " + _WHAT_A_LOG_HOLDS[kind])], str(path))
    return kind


def open_log(path: str | os.PathLike[str], columns: ColumnRoles | dict[str, str | None] | None = None, *,
             guess: bool = True) -> EventLog:
    """Read an event log into DuckDB, checking every row: a problem is an :class:`EventLogError`
    naming the rows (at most :data:`MAX_LISTED` listed, the rest counted). The roles not in
    ``columns`` are guessed from the columns' names, unless ``guess`` is false."""
    path = Path(path)
    kind = check_file(path)
    connection = connect()
    log: EventLog | None = None
    try:
        names = xes_columns(path) if kind == "xes" else table_columns(connection, path, kind)
        if not names:  # an XES log without a single event
            raise EventLogError([Problem("", "has no events: " + _WHAT_A_LOG_HOLDS[kind])], str(path))
        roles = resolve_roles(names, columns, str(path), guess=guess)
        log = EventLog(path, kind, names, roles, connection)
        _load(log)
        _check(log)
        return log
    except BaseException:
        if log is not None:
            log.close()
        else:
            disconnect(connection)
        raise


#: What an event log holds, said when a file holds none of it.
_WHAT_A_LOG_HOLDS = {
    "csv": "an event log has a header row (case, activity, time …) and a row for each event under it",
    "parquet": "an event log has a row for each event, with its case, activity and time",
    "xes": "an XES event log is a <log> of <trace> elements (the cases), each with its <event> elements",
}


def _is_empty(path: Path) -> bool:
    """Whether the file holds nothing but white space (read from its first bytes only)."""
    with path.open("rb") as stream:
        head = stream.read(4096)
    return not head.strip(b" \t\r\n\xef\xbb\xbf") and len(head) < 4096


def _select(roles: ColumnRoles, time_expression: str, source: str) -> str:
    """The events of ``source`` as the columns of ``ev``, the time read once per row."""
    lifecycle = f"lower(trim(CAST({_quoted(roles.lifecycle)} AS VARCHAR)))" if roles.lifecycle else "NULL"
    resource = f"nullif(trim(CAST({_quoted(roles.resource)} AS VARCHAR)), '')" if roles.resource else "NULL"
    return (f"SELECT c, a, epoch_us(tt) AS t, lc, r, CASE WHEN tt IS NULL THEN written END AS bad FROM ("
            f"SELECT nullif(trim(CAST({_quoted(roles.case)} AS VARCHAR)), '') AS c, "  # type: ignore[arg-type]
            f"nullif(trim(CAST({_quoted(roles.activity)} AS VARCHAR)), '') AS a, "  # type: ignore[arg-type]
            f"{time_expression} AS tt, CAST({_quoted(roles.timestamp)} AS VARCHAR) AS written, "  # type: ignore[arg-type]
            f"nullif({lifecycle}, '') AS lc, {resource} AS r FROM {source})")


_CREATE = "CREATE TABLE ev (c VARCHAR, a VARCHAR, t BIGINT, lc VARCHAR, r VARCHAR, bad VARCHAR)"


def _load(log: EventLog) -> None:
    connection, roles = log.connection, log.roles
    connection.execute(_CREATE)
    if log.format == "xes":
        # the batches go into a table of text columns first, then through the same reading as CSV
        keys = list(dict.fromkeys(name for name in roles.as_dict().values() if name is not None))
        connection.execute("CREATE TABLE xes_raw (" + ", ".join(f"{_quoted(key)} VARCHAR" for key in keys) + ")")

        def take(batch: XesBatch) -> None:
            empty = [None] * len(batch)
            connection.execute("INSERT INTO xes_raw SELECT " + ", ".join(f"unnest(${n + 1})" for n in range(len(keys))),
                               [batch.columns.get(key, empty) for key in keys])

        from journeymap.mining.xes_bulk import bulk_reader

        read_xes(log.path, set(keys), take, reset=lambda: connection.execute("DELETE FROM xes_raw"),
                 bulk=bulk_reader(connection, "xes_raw", keys))
        connection.execute(f"INSERT INTO ev {_select(roles, _time_expression(log, 'xes_raw'), 'xes_raw')}")
        connection.execute("DROP TABLE xes_raw")
    else:
        source = _source_sql(log.path, log.format)
        try:
            connection.execute(f"INSERT INTO ev {_select(roles, _time_expression(log, source), source)}")
        except EventLogError:
            raise
        except Exception as error:
            raise EventLogError([_duckdb_problem(error)], log.source) from None
    log.events = connection.execute("SELECT count(*) FROM ev").fetchone()[0]


def _time_expression(log: EventLog, source: str) -> str:
    """The SQL that reads the timestamp column as a time: ISO 8601 always, else the first of
    :data:`TIME_FORMATS` that reads every time of the first rows; a warning when the day and the
    month could be read either way round."""
    column = f"CAST({_quoted(log.roles.timestamp)} AS VARCHAR)"  # type: ignore[arg-type]
    iso = f"try_cast({_quoted(log.roles.timestamp)} AS TIMESTAMPTZ)"  # type: ignore[arg-type]
    connection = log.connection
    try:
        sample = [row[0] for row in connection.execute(
            f"SELECT v FROM (SELECT {column} AS v, {iso} AS iso FROM (SELECT * FROM {source} LIMIT {_SAMPLE_ROWS})) "
            "WHERE iso IS NULL AND v IS NOT NULL AND trim(v) <> ''").fetchall()]
        if not sample:
            return iso
        counts = connection.execute(
            "SELECT " + ", ".join(f"count(try_strptime(trim(v), {_text(form)}))" for form in TIME_FORMATS)
            + " FROM (SELECT unnest(?) AS v)", [sample]).fetchone()
    except EventLogError:
        raise
    except Exception as error:
        raise EventLogError([_duckdb_problem(error)], log.source) from None
    best = max(range(len(TIME_FORMATS)), key=lambda index: (counts[index], -index))
    if counts[best] == 0:
        return iso  # nothing reads them: each row is reported with its time
    form = TIME_FORMATS[best]
    if counts[best] == len(sample) and "%d" in form:
        swapped = form.replace("%d", "%X").replace("%m", "%d").replace("%X", "%m")
        if swapped in TIME_FORMATS and counts[TIME_FORMATS.index(swapped)] == len(sample):
            log.warnings.append(f"Times such as {sample[0]!r} could be day/month or month/day; they were read "
                                f"day first ({form}). If the month comes first, save the times as "
                                "2024-03-01 14:30:00 (year-month-day).")
    return f"coalesce({iso}, CAST(try_strptime(trim({column}), {_text(form)}) AS TIMESTAMPTZ))"


def _check(log: EventLog) -> None:
    """Every row with no case, no activity or an unreadable time, as problems; an empty log too."""
    connection, roles = log.connection, log.roles
    if log.events == 0:
        raise EventLogError([Problem("", "has no events: " + _WHAT_A_LOG_HOLDS[log.format])], log.source)
    bad = connection.execute("SELECT count(*) FROM ev WHERE c IS NULL OR a IS NULL OR t IS NULL").fetchone()[0]
    if not bad:
        return
    problems = []
    rows = connection.execute("SELECT rowid, c, a, t, bad FROM ev WHERE c IS NULL OR a IS NULL OR t IS NULL "
                              f"ORDER BY rowid LIMIT {MAX_LISTED}").fetchall()
    for rowid, case, activity, time, written in rows:
        where = log.where(rowid)
        if case is None:
            problems.append(Problem(where, f"has no case id (column {roles.case!r} is empty)"))
        if activity is None:
            problems.append(Problem(where, f"has no activity (column {roles.activity!r} is empty)"))
        if time is None:
            if written is None or not str(written).strip():
                problems.append(Problem(where, f"has no time (column {roles.timestamp!r} is empty)"))
            else:
                problems.append(Problem(where, f"time {str(written)[:60]!r} (column {roles.timestamp!r}) is not a "
                                               f"date and time journeymap reads; write it like {_TIME_EXAMPLE}"))
    if bad > len(rows):
        problems.append(Problem("", f"and {bad - len(rows):,} more events with a problem like these"))
    raise EventLogError(problems, log.source)
