"""How long the analysis takes on generated journeys of 100, 1,000 and 10,000 touchpoints.

Run: ``.venv/bin/python benchmarks/bench_analysis.py [--sizes 100 1000 10000] [--repeat 3]``

The journeys are long chains of steps with branches that rejoin (web or phone), retry loops (a
third of the customers on hold try again), drop-offs, support steps and full automation traits, so
every part of the analysis has work to do. Prints the best of ``--repeat`` runs for the whole
:func:`~journeymap.analysis.analyze` and for each part, the growth ratio from one size to the
next (10× more steps: a ratio near 10 is linear), and the targets (100 steps < 50 ms, 1,000 < 0.5 s,
10,000 < 5 s).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from typing import Any

from journeymap.analysis import analyze
from journeymap.analysis.automation import advise
from journeymap.analysis.empathy import moments_of_truth, most_probable_paths, pain_score
from journeymap.analysis.flow import flow_figures
from journeymap.analysis.memory import expected_peak_end
from journeymap.model.validation import journey_from_data
from journeymap.model import Journey

TARGETS_SECONDS = {100: 0.05, 1000: 0.5, 10000: 5.0}
LANES = ("customer", "frontstage", "backstage", "support")


def generated_journey(size: int, seed: int = 1) -> Journey:
    """A journey of ``size`` touchpoints: a chain with rejoining branches, retry loops and support steps."""
    rng = random.Random(seed)
    stages = [{"id": f"st{i}", "name": f"Stage {i}"} for i in range(min(20, max(1, size // 10)))]
    touchpoints: list[dict[str, Any]] = []
    connections: list[dict[str, Any]] = []

    def step(lane: str = "customer") -> str:
        number = len(touchpoints)
        touchpoints.append(
            {
                "id": f"t{number}",
                "name": f"Step {number}",
                "stage": stages[min(len(stages) - 1, number * len(stages) // size)]["id"],
                "lane": lane,
                "emotion": rng.choice([None, -4, -2, -1, 0, 1, 2, 3, 4]),
                "staff_emotion": rng.choice([None, -2, 0, 2]),
                "friction": rng.choice([0, 0, 1, 3, 5, 8]),
                "staff_minutes": rng.choice([None, 1, 5, 15]),
                "automation": {trait: rng.randint(1, 5) for trait in
                               ("rule_based", "digital_input", "variability", "empathy_need", "data_sensitivity")},
            }
        )
        return f"t{number}"

    current = step()
    touchpoints[0]["entry_share"] = 1.0
    while len(touchpoints) < size - 4:
        kind = rng.random()
        if kind < 0.3:  # a branch that rejoins: most go online, some phone
            web, phone, join = step(), step("frontstage"), step()
            connections += [
                {"from": current, "to": web, "share": 0.6},
                {"from": current, "to": phone, "share": 0.35},  # 5% drop off here
                {"from": web, "to": join, "share": 0.97},
                {"from": phone, "to": join},
            ]
            current = join
        elif kind < 0.5:  # a retry loop: a third of those on hold call again
            call, hold = step(), step()
            connections += [
                {"from": current, "to": call, "share": 0.98},
                {"from": call, "to": hold},
                {"from": hold, "to": call, "share": 0.3},
            ]
            after = step()
            connections.append({"from": hold, "to": after, "share": 0.65})
            current = after
        else:  # a plain step, sometimes with a backstage or support step alongside
            following = step(rng.choice(LANES[:3]))
            connections.append({"from": current, "to": following, "share": 0.995})
            if rng.random() < 0.3:
                helper = step("support")
                connections.append({"from": following, "to": helper, "kind": "support"})
            current = following
    touchpoints[-1 if touchpoints[-1]["lane"] != "support" else -2]["goal"] = True
    while len(touchpoints) < size:  # pad with unconnected backstage chores
        step("backstage")
    return journey_from_data(
        {"title": f"Generated {size}", "customers_per_week": 500, "stages": stages,
         "touchpoints": touchpoints, "connections": connections}
    )


def best_time(function: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def parts(journey: Journey) -> dict[str, Callable[[], Any]]:
    figures = flow_figures(journey)
    result = analyze(journey)

    def advice_all() -> None:
        for tp, row in zip(journey.touchpoints, result["touchpoints"]):
            advise(tp, weekly_volume=row["weekly_volume"], expected_visits=row["expected_visits"],
                   staff_hours_per_week=row["staff_hours_per_week"], staff_pain=row["staff_pain"])

    return {
        "analyze (whole)": lambda: analyze(journey),
        "flow figures": lambda: flow_figures(journey),
        "pain": lambda: [pain_score(tp.friction, tp.emotion, r) for tp, r in zip(journey.touchpoints, figures["reach"])],
        "moments of truth": lambda: moments_of_truth(journey),
        "10 most probable paths": lambda: most_probable_paths(journey, 10, figures=figures),
        "remembered experience": lambda: expected_peak_end(journey, figures),
        "automation advice": advice_all,
        "json.dumps of the result": lambda: json.dumps(result),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    timings: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        journey = generated_journey(size)
        loops = sum(1 for c in journey.connections if c.share == 0.3)
        print(f"{size:>6} touchpoints, {len(journey.connections)} connections, {loops} retry loops")
        timings[size] = {name: best_time(run, args.repeat) for name, run in parts(journey).items()}

    names = list(next(iter(timings.values())))
    header = f"{'part':<28}" + "".join(f"{size:>12,}" for size in args.sizes)
    print()
    print(header + "   growth ratios")
    for name in names:
        row = f"{name:<28}" + "".join(f"{timings[size][name] * 1000:>10.1f}ms" for size in args.sizes)
        ratios = [
            timings[b][name] / timings[a][name] if timings[a][name] > 0 else float("nan")
            for a, b in zip(args.sizes, args.sizes[1:])
        ]
        print(row + "   " + "  ".join(f"×{ratio:.1f}" for ratio in ratios))
    print()
    for size in args.sizes:
        target = TARGETS_SECONDS.get(size)
        if target is not None:
            took = timings[size]["analyze (whole)"]
            verdict = "within" if took < target else "OVER"
            print(f"{size:>6} touchpoints: analyze {took:.3f} s, target {target} s: {verdict} target")


if __name__ == "__main__":
    main()
