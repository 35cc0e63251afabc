"""How long until a facilitator sees the map: `journeymap app FILE` started, then the page opened.

Prints, as the median of a few runs, the seconds from starting the server until it answers
(/_stcore/health), and from opening the page until the map is drawn (its Vega chart is on screen),
against a bare Streamlit page that draws one chart started and opened the same way.

    python benchmarks/bench_first_paint.py                # this checkout
    python benchmarks/bench_first_paint.py --repo DIR     # another checkout of journeymap, for a before/after

Needs Debian's chromium (/usr/bin/chromium) and the playwright package, like the browser tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
BARE_PAGE = """
import altair as alt
import pandas as pd
import streamlit as st
st.set_page_config(layout="wide")
st.title("A bare page")
data = pd.DataFrame({"x": list(range(25)), "y": [i % 7 for i in range(25)]})
st.altair_chart(alt.Chart(data).mark_circle(size=200).encode(x="x", y="y"), width="content")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(port: int, deadline_s: float = 120) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"no server on port {port} after {deadline_s:.0f} s")


def one_run(command: list[str], cwd: Path, environment: dict[str, str], port: int, browser: object) -> tuple[float, float]:
    started = time.perf_counter()
    server = subprocess.Popen(command, cwd=cwd, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_healthy(port)
        healthy = time.perf_counter() - started
        page = browser.new_page(viewport={"width": 1440, "height": 900})  # type: ignore[attr-defined]
        opened = time.perf_counter()
        page.goto(f"http://127.0.0.1:{port}/")
        page.locator(".vega-embed").first.wait_for(state="visible", timeout=120_000)
        painted = time.perf_counter() - opened
        page.close()
        return healthy, painted
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    repo = args.repo.resolve()
    results: dict[str, list[tuple[float, float]]] = {"journeymap": [], "bare Streamlit page": []}
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        bare = Path(scratch) / "bare.py"
        bare.write_text(BARE_PAGE, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for _ in range(args.runs):
            port = free_port()
            environment = {**os.environ, "PYTHONPATH": str(repo), "JOURNEYMAP_WORKSPACE": str(Path(scratch) / f"w{port}")}
            app = [sys.executable, "-m", "streamlit", "run", str(repo / "app.py"), "--server.port", str(port),
                   "--server.headless", "true", "--browser.gatherUsageStats", "false"]
            environment["JOURNEYMAP_OPEN"] = str(repo / "sample_journeys" / "diner.json")
            results["journeymap"].append(one_run(app, repo, environment, port, browser))
            port = free_port()
            plain = [sys.executable, "-m", "streamlit", "run", str(bare), "--server.port", str(port),
                     "--server.headless", "true", "--browser.gatherUsageStats", "false"]
            results["bare Streamlit page"].append(one_run(plain, repo, dict(os.environ), port, browser))
        browser.close()
    print(f"first paint of the diner sample's map, {args.runs} runs, median (checkout: {repo})")
    bare_paint = statistics.median(painted for _, painted in results["bare Streamlit page"])
    for name, runs in results.items():
        healthy = statistics.median(h for h, _ in runs)
        painted = statistics.median(p for _, p in runs)
        print(f"  {name:22s} server answers {healthy:5.2f} s   page to chart {painted:5.2f} s"
              f"   ({painted / bare_paint:.1f}× the bare page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
