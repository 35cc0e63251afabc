"""How long `journeymap.load` (parse + validate) takes on large journeys, against bare json.loads.

Target: a 10,000-touchpoint file loads within 2x the time json.loads takes to parse the same file
(both read it from disk). Run: `.venv/bin/python benchmarks/bench_load.py`

The two are timed in turns, so that both meet the same machine, and as CPU time: on a shared
machine waiting for a core is most of the noise, and both are single-threaded. Each turn starts
from a collected heap, so that neither pays for the other's garbage. The best and the median of
several turns are printed.

A third column times pydantic's own ``Journey.model_validate_json`` on the same text: the bare
library journeymap builds on, so the ratio against it is what journeymap's own checks (ids,
references, shares, keys given twice) add.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import journeymap  # noqa: E402

LANES = ("customer", "frontstage", "backstage", "support")


def generated_journey(size: int, seed: int = 7) -> dict[str, Any]:
    """A chain of steps with branches, retry loops and support steps, richly annotated."""
    rng = random.Random(seed)
    stages = [{"id": f"s{i}", "name": f"Stage {i}"} for i in range(10)]
    touchpoints, connections = [], []
    for index in range(size):
        touchpoints.append({
            "id": f"t{index}", "name": f"Step number {index}", "stage": f"s{index * 10 // size}",
            "lane": LANES[index % 4], "channel": "web", "emotion": rng.uniform(-5, 5),
            "staff_emotion": rng.uniform(-5, 5), "feeling": "fine", "friction": rng.uniform(0, 10),
            "evidence": "observed", "staff_minutes": rng.uniform(0, 15), "goal": index == size - 1,
            "automation": {trait: rng.randint(1, 5) for trait in ("rule_based", "digital_input", "variability", "empathy_need", "data_sensitivity")},
            "pain_points": ["slow"], "opportunities": ["faster"], "quotes": ["why so slow?"],
        })
    for index in range(size - 1):
        connections.append({"from": f"t{index}", "to": f"t{index + 1}", "share": 0.9})
        if index % 10 == 5 and index + 3 < size:  # a branch that skips ahead
            connections.append({"from": f"t{index}", "to": f"t{index + 3}", "share": 0.05})
        if index % 10 == 8:  # a retry loop back a few steps
            connections.append({"from": f"t{index}", "to": f"t{index - 2}", "share": 0.05})
    return {"title": f"Generated {size}", "customers_per_week": 500, "stages": stages,
            "touchpoints": touchpoints, "connections": connections}


RATIO_TARGET = 2.0


def cpu_times(repeats: int, *actions: Callable[[], object]) -> list[list[float]]:
    """The CPU time of each action in each of ``repeats`` turns, the actions taking turns."""
    times: list[list[float]] = [[] for _ in actions]
    for _ in range(repeats):
        for index, action in enumerate(actions):
            gc.collect()
            start = time.process_time()
            action()
            times[index].append(time.process_time() - start)
    return times


def main() -> None:
    from journeymap.model.journey import Journey

    print(f"{'touchpoints':>11} {'file MB':>8} {'':>9} {'json.loads s':>13} {'pydantic s':>11} {'load s':>8}"
          f" {'/json.loads':>12} {'/pydantic':>10}  target")
    with tempfile.TemporaryDirectory() as folder:
        for size in (1_000, 10_000):
            path = Path(folder) / f"j{size}.json"
            path.write_text(json.dumps(generated_journey(size)))
            baseline, bare, loading = cpu_times(
                15,
                lambda: json.loads(path.read_bytes()),
                lambda: Journey.model_validate_json(path.read_bytes()),
                lambda: journeymap.load(path),
            )
            for label, pick in (("best", min), ("median", statistics.median)):
                ratio = pick(loading) / pick(baseline)
                verdict = ""
                if size == 10_000:
                    verdict = f"load within {RATIO_TARGET:g}x json.loads: {'met' if ratio <= RATIO_TARGET else 'MISSED'}"
                print(f"{size:>11,} {path.stat().st_size / 1e6:>8.2f} {label:>9} {pick(baseline):>13.4f}"
                      f" {pick(bare):>11.4f} {pick(loading):>8.4f} {ratio:>12.2f} {pick(loading) / pick(bare):>10.2f}"
                      f"  {verdict}")


if __name__ == "__main__":
    main()
