"""pm4py's directly-follows figures for the real logs in tests/data/eventlogs/, written beside them as JSON.

tests/test_mining_pm4py.py checks that :func:`journeymap.mining.discover_dfg` gives the same counts,
mean seconds, start and end activities. pm4py is AGPL: it is never a dependency of journeymap nor
of its tests, only of this script and benchmarks/bench_mining.py (the ``bench`` extra). Run it again
only to check the figures against another pm4py version:

    python -m pip install -e '.[bench]'
    python benchmarks/pm4py_reference.py

For each log ``NAME`` it writes ``NAME.pm4py.json``:

- ``every_event``: ``pm4py.discover_dfg`` (counts, start and end activities) and
  ``pm4py.discover_performance_dfg(..., perf_aggregation_key="mean")`` (mean seconds) over every
  event as it is, start and complete events alike: what ``discover_dfg`` gives;
- ``complete_events`` (logs with a lifecycle): the same over the complete events only (pm4py's
  ``filter_event_attribute_values``), the order of the visits of a mined journey's steps.

The edges are ``[a, b, count, mean_seconds]``, sorted: what ``DirectlyFollows.as_json`` gives.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parents[1] / "tests" / "data" / "eventlogs"
LOGS = ("running-example.xes", "reviewing.xes.gz", "receipt.csv.gz")
CASE, ACTIVITY, TIME, LIFECYCLE = "case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition"


def pm4py_frame(path: Path) -> Any:
    """The log as pm4py's DataFrame: ``pm4py.read_xes``, or pandas' CSV reader and ``pm4py.format_dataframe``."""
    import pandas as pd
    import pm4py

    if ".xes" in path.name:
        return pm4py.read_xes(str(path))
    frame = pd.read_csv(path)
    return pm4py.format_dataframe(frame, case_id=CASE, activity_key=ACTIVITY, timestamp_key=TIME)


def pm4py_figures(frame: Any) -> dict[str, Any]:
    """pm4py's counts, mean seconds, start and end activities, as ``DirectlyFollows.as_json`` writes them."""
    import pm4py

    counts, starts, ends = pm4py.discover_dfg(frame, activity_key=ACTIVITY, timestamp_key=TIME, case_id_key=CASE)
    means, _, _ = pm4py.discover_performance_dfg(frame, activity_key=ACTIVITY, timestamp_key=TIME,
                                                 case_id_key=CASE, perf_aggregation_key="mean")
    return {"edges": [[a, b, int(count), float(means[(a, b)])] for (a, b), count in sorted(counts.items())],
            "starts": {name: int(n) for name, n in sorted(starts.items())},
            "ends": {name: int(n) for name, n in sorted(ends.items())}}


def reference(path: Path) -> dict[str, Any]:
    import pm4py

    frame = pm4py_frame(path)
    figures: dict[str, Any] = {
        "pm4py": pm4py.__version__, "log": path.name, "events": len(frame), "cases": int(frame[CASE].nunique()),
        "every_event": pm4py_figures(frame)}
    if LIFECYCLE in frame.columns and (frame[LIFECYCLE] == "start").any():
        complete = pm4py.filter_event_attribute_values(frame, LIFECYCLE, ["complete"], level="event")
        figures["complete_events"] = pm4py_figures(complete)
    return figures


def dumps(figures: dict[str, Any]) -> str:
    """JSON with one edge to a line, to read and to compare in a diff."""
    def plain(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for number, (key, value) in enumerate(figures.items()):
        comma = "," if number < len(figures) - 1 else ""
        if isinstance(value, dict):
            edges = ",\n".join("   " + plain(edge) for edge in value["edges"])
            lines.append(f' {plain(key)}: {{\n  "edges": [\n{edges}\n  ],\n  "starts": {plain(value["starts"])},'
                         f'\n  "ends": {plain(value["ends"])}\n }}{comma}')
        else:
            lines.append(f" {plain(key)}: {plain(value)}{comma}")
    return "\n".join(lines) + "\n}\n"


def main() -> None:
    warnings.simplefilter("ignore")  # pm4py's notes on faster optional readers
    for name in LOGS:
        figures = reference(FOLDER / name)
        target = FOLDER / (name.removesuffix(".gz") + ".pm4py.json")
        target.write_text(dumps(figures), encoding="utf-8")
        print(f"{target.relative_to(FOLDER.parents[2])}: {figures['events']:,} events, "
              f"{len(figures['every_event']['edges'])} pairs (pm4py {figures['pm4py']})")


if __name__ == "__main__":
    main()
