"""How long drawing a journey takes: generated journeys of 40 and 100 touchpoints rendered to PNG.

Prints seconds per step (analysis, chart spec, vl-convert) against the targets: a 40-touchpoint
journey under 1 s, a 100-touchpoint one under 2 s. vl-convert starts a JavaScript engine on its
first call; that warm-up is timed and reported on its own.

Run: .venv/bin/python benchmarks/bench_render.py
"""

from __future__ import annotations

import random
import statistics
import time

import vl_convert

from journeymap import analyze, journey_from_data
from journeymap.charts import full_report_spec
from journeymap.charts.images import chart_image
from journeymap.model import Journey

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


def main() -> None:
    print(f"vl-convert {vl_convert.__version__ if hasattr(vl_convert, '__version__') else ''}".strip())
    warm_journey = generated_journey(10)
    _, warm_up = timed(chart_image, full_report_spec(warm_journey, analyze(warm_journey)), "png", scale=2)
    print(f"first vl-convert call (engine warm-up, 10-touchpoint map): {warm_up:.2f} s")
    print()
    print(f"{'touchpoints':>11} {'analysis':>9} {'chart spec':>10} {'png (s=2)':>10} {'total':>7} {'target':>7} {'ratio':>6} {'pixels':>12}")
    for count, target in TARGETS.items():
        journey = generated_journey(count)
        analysis_s, spec_s, png_s, totals = [], [], [], []
        size = (0, 0)
        for _ in range(REPEATS):
            analysis, a = timed(analyze, journey)
            spec, c = timed(full_report_spec, journey, analysis)  # as render_image does
            png, p = timed(chart_image, spec, "png", scale=2)
            analysis_s.append(a)
            spec_s.append(c)
            png_s.append(p)
            totals.append(a + c + p)
            size = (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big"))
        total = statistics.median(totals)
        print(
            f"{count:>11} {statistics.median(analysis_s):>8.3f}s {statistics.median(spec_s):>9.3f}s "
            f"{statistics.median(png_s):>9.3f}s {total:>6.2f}s {target:>6.1f}s {total / target:>6.2f} "
            f"{size[0]:>6}x{size[1]:<6}"
        )
    print()
    print("median of", REPEATS, "runs; ratio = total / target (below 1 meets the target)")


if __name__ == "__main__":
    main()
