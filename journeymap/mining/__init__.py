"""Journeys from evidence: event logs mined into journeys, and survey answers brought into them
(:mod:`journeymap.mining.survey`).

An event log (CSV, Parquet or XES: a row per event, with a case, an activity and a time) becomes a
journey whose steps, shares, loops, drop-offs, waiting times and staff times are measured
(docs/mining.md). The engine is DuckDB, imported only when a log is read.

- :func:`preview`: the columns of a log, its first rows and the role guessed for each column;
- :func:`mine`: the journey, with how much of the log it covers and each step's figures;
- :func:`discover_dfg`: the bare directly-follows counts and mean times, every event as it is.

This package sits beside :mod:`journeymap.analysis`, above the model and the file formats; it never
imports the app, the store, the charts or the reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap._lazy import lazy_exports

_EXPORTS = {
    "ColumnRoles": ".columns",
    "KNOWN_NAMES": ".columns",
    "ROLES": ".columns",
    "guess_roles": ".columns",
    "DirectlyFollows": ".engine",
    "LOG_FORMATS": ".logs",
    "ActivityMapping": ".mapping",
    "parse_mapping": ".mapping",
    "read_mapping": ".mapping",
    "Coverage": ".miner",
    "MinedJourney": ".miner",
    "StepFacts": ".miner",
    "discover_dfg": ".miner",
    "mine": ".miner",
    "LogPreview": ".preview",
    "preview": ".preview",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from journeymap.mining.columns import KNOWN_NAMES, ROLES, ColumnRoles, guess_roles
    from journeymap.mining.engine import DirectlyFollows
    from journeymap.mining.logs import LOG_FORMATS
    from journeymap.mining.mapping import ActivityMapping, parse_mapping, read_mapping
    from journeymap.mining.miner import Coverage, MinedJourney, StepFacts, discover_dfg, mine
    from journeymap.mining.preview import LogPreview, preview
