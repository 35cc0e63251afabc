"""How long the `journeymap` command takes to answer, against a Python that does nothing.

Each command runs as its own process (what a user waits for in a terminal), best of N runs:
`journeymap --version` (target 0.3 s) and `journeymap validate sample_journeys/diner.json` (target 1 s),
beside `python -c pass` measured in the same run. The CPU time (user + system) is printed too: on a
machine busy with other work the wall time grows, the CPU time hardly. A missed target is printed
as MISSED; like every benchmark, this one never fails on time.
Run: `.venv/bin/python benchmarks/bench_cli.py [N]`
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = [sys.executable, "-m", "journeymap"]
#: (label, command line, target seconds or None)
CASES = (
    ("python -c pass", [sys.executable, "-c", "pass"], None),
    ("journeymap --version", [*COMMAND, "--version"], 0.3),
    ("journeymap validate diner.json", [*COMMAND, "validate", "sample_journeys/diner.json"], 1.0),
)


def best_of(repeats: int, command: list[str]) -> tuple[float, float]:
    """The shortest wall time and the shortest CPU time of ``repeats`` runs of ``command``."""
    walls, cpus = [], []
    for _ in range(repeats):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def main(repeats: int = 7) -> int:
    baseline = None
    missed = 0
    print(f"{'command':<32} {'wall s':>7} {'× python':>9} {'cpu s':>7}  target   (best of {repeats})")
    for label, command, target in CASES:
        seconds, cpu = best_of(repeats, command)
        baseline = baseline or seconds
        verdict = "" if target is None else f"{target:g} s {'ok' if seconds <= target else 'MISSED'}"
        missed += target is not None and seconds > target
        print(f"{label:<32} {seconds:7.3f} {seconds / baseline:9.1f} {cpu:7.3f}  {verdict}")
    if missed:
        print(f"{missed} target(s) missed on wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 7))
