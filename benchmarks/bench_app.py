"""How long the workshop app takes to redraw after an edit, on 40- and 100-touchpoint journeys.

Each figure is one AppTest run of the whole script (Streamlit's rerun) on the Map tab — the heaviest:
figures, map, emotion curve — or the Build tab (forms and three tables):
- "after an edit": on Build, a touchpoint saved through the form (validated, saved); on Map, a change
  another tab saved to the file (noticed and reloaded); either way the analysis and charts are
  recomputed for the new text (cache miss);
- "unchanged": a rerun with nothing changed, e.g. a click elsewhere (everything from the cache).
Target (issue 5): under 300 ms after an edit on 100 touchpoints.
Run: `.venv/bin/python benchmarks/bench_app.py`
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LANES = ("customer", "frontstage", "backstage", "support")
TRAITS = ("rule_based", "digital_input", "variability", "empathy_need", "data_sensitivity")
REPEATS = 5


def workshop_journey(size: int, seed: int = 5) -> dict[str, Any]:
    """A chain of steps over six stages with a few branches, annotated like a real workshop map."""
    rng = random.Random(seed)
    stages = [{"id": f"s{i}", "name": f"Stage {i}"} for i in range(6)]
    touchpoints = [
        {"id": f"t{i}", "name": f"Step {i}: the customer does something", "stage": f"s{i * 6 // size}",
         "lane": LANES[i % 4], "emotion": round(rng.uniform(-5, 5), 1), "staff_emotion": round(rng.uniform(-5, 5), 1),
         "friction": round(rng.uniform(0, 10), 1), "staff_minutes": round(rng.uniform(0, 10), 1), "goal": i == size - 1,
         "automation": {trait: rng.randint(1, 5) for trait in TRAITS},
         "pain_points": ["slow"], "quotes": ["why so slow?"]}
        for i in range(size)
    ]
    connections = []
    for i in range(size - 1):
        connections.append({"from": f"t{i}", "to": f"t{i + 1}", "share": 0.9})
        if i % 8 == 3 and i + 3 < size:
            connections.append({"from": f"t{i}", "to": f"t{i + 3}", "share": 0.05})
    return {"title": f"Benchmark journey ({size} steps)", "customers_per_week": 500, "stages": stages,
            "touchpoints": touchpoints, "connections": connections}


def _widget(app: Any, kind: str, prefix: str) -> Any:
    return next(item for item in getattr(app, kind) if item.key and item.key.startswith(prefix))


def measure(size: int, page: str) -> tuple[float, float]:
    """Median seconds of a rerun after a saved edit, and of a rerun with nothing changed."""
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # bare-mode warnings on every run would bury the figures

    with tempfile.TemporaryDirectory() as folder:
        os.environ["JOURNEYMAP_WORKSPACE"] = folder
        (Path(folder) / "bench.json").write_text(json.dumps(workshop_journey(size)), encoding="utf-8")
        st.cache_data.clear()
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.query_params["journey"] = "bench"
        app.query_params["page"] = page
        app.run()
        app.session_state["selected_touchpoint"] = "t1" if page == "Build" else None
        app.run()
        assert not app.exception, app.exception
        edits, unchanged = [], []
        for repeat in range(REPEATS):
            if page == "Build":
                _widget(app, "slider", "tp_t1_friction").set_value(float(repeat % 10))
                _widget(app, "button", "tp_t1_save").click()
            else:  # on the Map tab the change comes from another tab, saved to the file
                data = json.loads((Path(folder) / "bench.json").read_text(encoding="utf-8"))
                data["touchpoints"][1]["friction"] = float(repeat % 10)
                (Path(folder) / "bench.json").write_text(json.dumps(data), encoding="utf-8")
            start = time.perf_counter()
            app.run()
            edits.append(time.perf_counter() - start)
            assert not app.exception, app.exception
            start = time.perf_counter()
            app.run()
            unchanged.append(time.perf_counter() - start)
        return statistics.median(edits), statistics.median(unchanged)


def main() -> int:
    print(f"{'touchpoints':>11}  {'tab':<6} {'after an edit':>14} {'unchanged':>10}  target after an edit")
    results = {}
    for size in (40, 100):
        for page in ("Map", "Build"):
            edit, unchanged = measure(size, page)
            results[size, page] = edit
            print(f"{size:>11}  {page:<6} {edit * 1000:>11.0f} ms {unchanged * 1000:>7.0f} ms  "
                  f"{'< 300 ms' if size == 100 else ''}")
    for page in ("Map", "Build"):
        print(f"100 / 40 touchpoints, {page}: {results[100, page] / results[40, page]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
