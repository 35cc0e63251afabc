"""What was mined, in words and as a table: the line the command line prints, the app's table of
the steps, and an uploaded log kept as a file while it is being mapped (the app's "From an event
log"). No Streamlit here: the app shows what these functions give."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from journeymap.mining.logs import LOG_FORMATS, log_format
from journeymap.mining.text import coverage_text, duration_text

if TYPE_CHECKING:
    from journeymap.mining.miner import MinedJourney

__all__ = ["forget_upload", "journey_name", "keep_upload", "step_rows", "summary_line"]

_UPLOAD_PREFIX = "journeymap-log-"


def _count(number: int, word: str) -> str:
    return f"{number:,} {word}" + ("" if number == 1 else "s")


def summary_line(mined: MinedJourney) -> str:
    """How big the map is, from how much of the log, and what it covers: one line.

    Examples
    --------
    >>> from types import SimpleNamespace as Facts
    >>> coverage = Facts(events=11, cases=4, cases_share=0.75, events_share=10 / 11)
    >>> journey = Facts(touchpoints=[1, 2, 3], connections=[1])
    >>> summary_line(Facts(journey=journey, coverage=coverage))
    '3 steps, 1 connection from 11 events in 4 cases; the map covers 75% of the cases and 90.9% of the events'
    """
    journey, coverage = mined.journey, mined.coverage
    return (f"{_count(len(journey.touchpoints), 'step')}, {_count(len(journey.connections), 'connection')} from "
            f"{_count(coverage.events, 'event')} in {_count(coverage.cases, 'case')}; the map covers "
            f"{coverage_text(coverage.cases_share)} of the cases and {coverage_text(coverage.events_share)} of the "
            "events")


def step_rows(mined: MinedJourney) -> list[dict[str, object]]:
    """A row per step of the map with what the log measured of it (durations in words)."""
    return [{"Step": step.name, "Visits": step.visits, "Cases": step.cases, "Starts here": step.entries,
             "Ends here": step.ends, "Retries": step.repeats,
             "Median wait": "" if step.wait_median_seconds is None else duration_text(step.wait_median_seconds),
             "90th percentile wait": "" if step.wait_p90_seconds is None else duration_text(step.wait_p90_seconds),
             "Staff minutes": None if step.staff_minutes is None else round(step.staff_minutes, 1),
             "Goal": step.goal}
            for step in mined.steps]


def journey_name(file_name: str) -> str:
    """The name a journey mined from a log file is saved under: the file's name without its ending.

    Examples
    --------
    >>> journey_name("permits.xes.gz"), journey_name("C:\\\\exports\\\\Till log.CSV"), journey_name(".xes")
    ('permits', 'Till log', 'event log')
    """
    name = re.split(r"[\\/]", file_name)[-1]
    lower = name.lower()
    for ending in sorted(LOG_FORMATS, key=len, reverse=True):
        if lower.endswith(ending):
            name = name[:-len(ending)]
            break
    return name.strip() or "event log"


def keep_upload(data: bytes, file_name: str) -> Path:
    """An uploaded log written to a folder of its own, named ``log`` with the ending its name says
    (any other name is an :class:`~journeymap.errors.EventLogError`); :func:`forget_upload` removes it.

    Examples
    --------
    >>> path = keep_upload(b"case,activity,timestamp\\n", "Till export.CSV")
    >>> path.name, path.read_bytes()
    ('log.csv', b'case,activity,timestamp\\n')
    >>> forget_upload(path); path.exists()
    False
    """
    log_format(file_name)  # refuses a name that is no event log, with the endings journeymap reads
    lower = file_name.lower()
    ending = next(ending for ending in sorted(LOG_FORMATS, key=len, reverse=True) if lower.endswith(ending))
    folder = Path(tempfile.mkdtemp(prefix=_UPLOAD_PREFIX))
    path = folder / f"log{ending}"
    path.write_bytes(data)
    return path


def forget_upload(path: str | Path) -> None:
    """Remove a log kept by :func:`keep_upload` (and its folder); nothing else."""
    path = Path(path)
    if path.parent.name.startswith(_UPLOAD_PREFIX):
        shutil.rmtree(path.parent, ignore_errors=True)
