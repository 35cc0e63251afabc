"""How long drawing a journey takes.

1. Generated journeys of 40 and 100 touchpoints rendered to PNG at scale 2: seconds per step
   (analysis, chart spec, vl-convert in its worker process) against the targets, a 40-touchpoint
   journey under 1 s, a 100-touchpoint one under 2 s; and the same drawing in this process, to show
   what the worker costs. The worker's start (a fresh Python and vl-convert's JavaScript engine) is
   timed on its own.
2. The chart spec of large journeys (1,000 / 2,000 / 4,000 / 10,000 touchpoints: a chain, a chain with
   branches and retries, one big loop), with the growth per doubling of the size. Journeys above the
   drawing limit are not drawn (see journeymap/charts/limits.py); their spec is timed all the same.

Run: .venv/bin/python benchmarks/bench_render.py [--large-only | --small-only]
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import vl_convert  # noqa: E402

from journeymap import analyze, journey_from_data  # noqa: E402
from journeymap.charts import full_report_spec  # noqa: E402
from journeymap.charts.images import _VL_VERSION, chart_image  # noqa: E402
from journeymap.charts.renderer import stop_renderer  # noqa: E402
from journeymap.model import Journey  # noqa: E402

TARGETS = {40: 1.0, 100: 2.0}
REPEATS = 5
LANES = ["customer", "customer", "frontstage", "customer", "backstage", "customer", "support"]


def generated_journey(count: int, seed: int = 7) -> Journey:
    """A workshop-like journey: a main chain with branches and retries, staff steps alongside."""
    rng = random.Random(seed)
    stages = max(4, count // 6)
    touchpoints = []
    for i in range(count):
        lane = LANES[i % len(LANES)]
        touchpoints.append({
            "id": f"t{i}",
            "name": f"Step {i}: {rng.choice(['waits for', 'asks about', 'fills in', 'checks', 'pays for'])} "
                    f"{rng.choice(['the booking', 'a form', 'the order', 'the bill', 'a reminder'])}",
            "stage": f"s{i * stages // count}",
            "lane": lane,
            "emotion": rng.randint(-5, 5),
            "staff_emotion": rng.randint(-3, 3) if lane != "customer" else None,
            "friction": rng.randint(0, 10),
            "staff_minutes": rng.choice([None, 2, 5, 15]),
            "automation": {"rule_based": rng.randint(1, 5), "digital_input": rng.randint(1, 5),
                           "variability": rng.randint(1, 5), "empathy_need": rng.randint(1, 5),
                           "data_sensitivity": rng.randint(1, 5)},
        })
    customer_side = [t["id"] for t in touchpoints if t["lane"] in ("customer", "frontstage")]
    connections = []
    for a, b in zip(customer_side, customer_side[1:]):
        connections.append({"from": a, "to": b, "share": 0.9})
    for i in range(0, len(customer_side) - 3, 5):  # a skip ahead now and then
        connections.append({"from": customer_side[i], "to": customer_side[i + 2], "share": 0.05})
    for t in touchpoints:
        if t["lane"] in ("backstage", "support"):
            index = int(t["id"][1:])
            source = max((c for c in customer_side if int(c[1:]) < index), key=lambda c: int(c[1:]), default=None)
            if source is not None:
                connections.append({"from": source, "to": t["id"], "kind": "support"})
    return journey_from_data({
        "title": f"Generated journey, {count} touchpoints",
        "persona": {"name": "Sam", "description": "A customer in a hurry"},
        "customers_per_week": 500,
        "stages": [{"id": f"s{k}", "name": f"Stage {k}"} for k in range(stages)],
        "touchpoints": touchpoints,
        "connections": connections,
    })


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


LARGE_SIZES = (1_000, 2_000, 4_000, 10_000)
#: A shape whose spec took longer than this is not timed at the next size.
LARGE_CUTOFF_S = 120.0
SHAPES = ("chain", "branching", "loop")


def large_journey(shape: str, count: int) -> Journey:
    """``count`` touchpoints over up to 200 stages (20 a stage, at most 50), lanes in turn.

    "chain": each step leads to the next; "branching": also a skip ahead every ten steps and a
    retry two steps back; "loop": the chain, with the last step leading back to the first.
    """
    stages = min(200, max(4, count // 20))
    lanes = ("customer", "frontstage", "backstage", "support")
    touchpoints = [
        {"id": f"t{i}", "name": f"Step number {i}", "stage": f"s{i * stages // count}", "lane": lanes[i % 4],
         "emotion": (i % 11) - 5, "friction": i % 10}
        for i in range(count)
    ]
    connections = [{"from": f"t{i}", "to": f"t{i + 1}", "share": 0.9} for i in range(count - 1)]
    if shape == "branching":
        connections += [{"from": f"t{i}", "to": f"t{i + 3}", "share": 0.05} for i in range(5, count - 3, 10)]
        connections += [{"from": f"t{i}", "to": f"t{i - 2}", "share": 0.05} for i in range(8, count, 10)]
    if shape == "loop":
        connections.append({"from": f"t{count - 1}", "to": "t0", "share": 0.5})
    return journey_from_data({"title": f"{shape} of {count}", "stages": [{"id": f"s{k}", "name": f"Stage {k}"} for k in range(stages)],
                              "touchpoints": touchpoints, "connections": connections})


def large_specs() -> None:
    """The chart spec's build time of large journeys, and its growth per doubling of the size."""
    print(f"{'shape':>10} {'touchpoints':>11} {'connections':>11} {'chart spec':>10} {'per doubling':>12}")
    for shape in SHAPES:
        previous: tuple[int, float] | None = None
        for count in LARGE_SIZES:
            journey = large_journey(shape, count)
            analysis = analyze(journey)
            _, seconds = timed(full_report_spec, journey, analysis)
            growth = ""
            if previous is not None:
                # the factor per doubling: (t2 / t1) ** (1 / log2(n2 / n1)); 2 is linear, 4 quadratic
                growth = f"x{(seconds / previous[1]) ** (1 / math.log2(count / previous[0])):.1f}"
            print(f"{shape:>10} {count:>11,} {len(journey.connections):>11,} {seconds:>9.2f}s {growth:>12}", flush=True)
            previous = (count, seconds)
            if seconds > LARGE_CUTOFF_S:
                break


def in_process_png(spec: dict, scale: float) -> bytes:
    """The same PNG drawn in this process, as images were drawn before the worker."""
    return bytes(vl_convert.vegalite_to_png(spec, vl_version=_VL_VERSION, scale=scale))


def main() -> None:
    if "--small-only" not in sys.argv:
        large_specs()
        print()
    if "--large-only" in sys.argv:
        return
    print(f"vl-convert {vl_convert.__version__ if hasattr(vl_convert, '__version__') else ''}".strip())
    warm_journey = generated_journey(10)
    warm_spec = full_report_spec(warm_journey, analyze(warm_journey))
    stop_renderer()
    _, warm_up = timed(chart_image, warm_spec, "png", scale=2)
    _, in_process_warm_up = timed(in_process_png, warm_spec, 2)
    print(f"first image (worker start and engine warm-up, 10-touchpoint map): {warm_up:.2f} s; "
          f"in this process, the engine's warm-up alone: {in_process_warm_up:.2f} s")
    print()
    print(f"{'touchpoints':>11} {'analysis':>9} {'chart spec':>10} {'png (s=2)':>10} {'total':>7} {'target':>7} {'ratio':>6} {'pixels':>12} {'in-process png':>14}")
    for count, target in TARGETS.items():
        journey = generated_journey(count)
        analysis_s, spec_s, png_s, totals, local_s = [], [], [], [], []
        size = (0, 0)
        for _ in range(REPEATS):
            analysis, a = timed(analyze, journey)
            spec, c = timed(full_report_spec, journey, analysis)  # as render_image does
            png, p = timed(chart_image, spec, "png", scale=2)
            _, local = timed(in_process_png, spec, 2)
            local_s.append(local)
            analysis_s.append(a)
            spec_s.append(c)
            png_s.append(p)
            totals.append(a + c + p)
            size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
        total = statistics.median(totals)
        print(
            f"{count:>11} {statistics.median(analysis_s):>8.3f}s {statistics.median(spec_s):>9.3f}s "
            f"{statistics.median(png_s):>9.3f}s {total:>6.2f}s {target:>6.1f}s {total / target:>6.2f} "
            f"{size[0]:>6}x{size[1]:<6} {statistics.median(local_s):>13.3f}s"
        )
    print()
    print("median of", REPEATS, "runs; ratio = total / target (below 1 meets the target)")


if __name__ == "__main__":
    main()
