"""How long the workshop app takes to redraw, on 40- and 100-touchpoint journeys.

Each figure is the median CPU time of one AppTest run of the whole script (Streamlit's rerun: every click reruns it) on the
Map tab — the heaviest: figures, map, emotion curve — or the Build tab (forms and three tables):
- "after an edit": on Build, a touchpoint saved through the form (validated, saved); on Map, a change
  another tab saved to the file (noticed and reloaded); either way the analysis and charts are
  recomputed for the new version (cache miss);
- "unchanged": a rerun with nothing changed, e.g. a click elsewhere (everything from the cache);
- "bare page": a tiny Streamlit script that only shows the same map spec with ``st.vega_lite_chart``
  (loaded through ``st.cache_data``, as any app would): what a rerun costs Streamlit itself.
Targets: under 300 ms after an edit on 100 touchpoints; a rerun after an edit within 1.5× an unchanged
one; an unchanged rerun of the Map tab within 2× the bare page. It prints the ratios; it never fails.
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
REPEATS = 7
SIZES = (40, 100)
PAGES = ("Map", "Build")
#: The bare page: a chart spec from a file, cached like any Streamlit app would, shown as the app shows its map.
BARE_SCRIPT = '''
import json, os
import streamlit as st

@st.cache_data
def spec(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)

st.vega_lite_chart(spec(os.environ["BENCH_SPEC"]), width="content", on_select="rerun", key="journey_map")
'''


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


def _timed(app: Any) -> float:
    # CPU seconds of the process (the script runs in AppTest's thread): on a machine shared with other
    # work, wall-clock time mostly measures the neighbours
    start = time.process_time()
    app.run()
    elapsed = time.process_time() - start
    assert not app.exception, app.exception
    return elapsed


def measure(size: int, page: str) -> tuple[float, float]:
    """Median seconds of a rerun after a saved edit, and of a rerun with nothing changed."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as folder:
        os.environ["JOURNEYMAP_WORKSPACE"] = folder
        file = Path(folder) / "bench.json"
        file.write_text(json.dumps(workshop_journey(size)), encoding="utf-8")
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
                data = json.loads(file.read_text(encoding="utf-8"))
                data["touchpoints"][1]["friction"] = float(repeat % 10)
                file.write_text(json.dumps(data), encoding="utf-8")
            edits.append(_timed(app))
            unchanged.append(_timed(app))
        return statistics.median(edits), statistics.median(unchanged)


def measure_bare(size: int) -> float:
    """Median seconds of a rerun of a page that only shows the journey's map spec."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from journeymap.analysis import analyze
    from journeymap.charts import journey_map_chart
    from journeymap.model.validation import journey_from_data

    journey = journey_from_data(workshop_journey(size))
    spec = journey_map_chart(journey, analyze(journey), size_by="friction", selectable=True,
                             title=False).to_dict(validate=False)
    with tempfile.TemporaryDirectory() as folder:
        spec_file = Path(folder) / "spec.json"
        spec_file.write_text(json.dumps(spec), encoding="utf-8")
        os.environ["BENCH_SPEC"] = str(spec_file)
        st.cache_data.clear()
        app = AppTest.from_string(BARE_SCRIPT, default_timeout=120)
        app.run()
        assert not app.exception, app.exception
        return statistics.median(_timed(app) for _ in range(2 * REPEATS))


def main() -> int:
    from streamlit.logger import set_log_level

    set_log_level("error")  # bare-mode warnings on every run would bury the figures
    print(f"{'touchpoints':>11}  {'tab':<6} {'after an edit':>14} {'unchanged':>10} {'edit/unchanged':>15}"
          f" {'bare page':>10} {'unchanged/bare':>15}")
    results: dict[tuple[int, str], float] = {}
    for size in SIZES:
        bare = measure_bare(size)
        for page in PAGES:
            edit, unchanged = measure(size, page)
            results[size, page] = edit
            print(f"{size:>11}  {page:<6} {edit * 1000:>11.0f} ms {unchanged * 1000:>7.0f} ms {edit / unchanged:>14.2f}×"
                  f" {bare * 1000:>7.0f} ms {unchanged / bare:>14.2f}×")
    print("targets: after an edit < 300 ms at 100 touchpoints; edit/unchanged ≤ 1.5×; unchanged/bare ≤ 2× (Map)")
    for page in PAGES:
        print(f"100 / 40 touchpoints after an edit, {page}: {results[100, page] / results[40, page]:.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
