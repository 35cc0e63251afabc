"""How long each format of `journeymap convert` takes to write and to read, against the journey file (JSON),
and how much memory reading takes.

Issue 6 names no target; the yardstick is the journey file's own (10,000 touchpoints load in under
0.5 s) and a workshop's patience (a second or two for an upload). Reports are written only (they draw
the map), so they are timed at 100 touchpoints. "peak MB" is the growth of the peak resident memory
of a fresh process while it reads the file (after importing journeymap and openpyxl, with the file's
bytes already read): what docs/formats.md bounds. The last row is the kind of upload that took
1.1 GB: a zip of about 150 kB holding two 19.9 MB CSV tables of short cells. Run: `.venv/bin/python benchmarks/bench_formats.py`
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_load import best_of, generated_journey  # noqa: E402

from journeymap.convert import export_files  # noqa: E402
from journeymap.formats import journey_from_bytes  # noqa: E402
from journeymap.model.validation import journey_from_data  # noqa: E402

READABLE = ("json", "mmd", "zip", "xlsx")

# Reads one file in a fresh process; prints its outcome, seconds and the peak memory growth in MB.
# The peak is the child's own VmHWM: getrusage's ru_maxrss in a child starts at the high-water mark
# of the process that started it (Linux carries it over exec), which would hide everything below it.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
from journeymap.errors import JourneyFileError
from journeymap.formats.registry import journey_from_bytes
import journeymap.formats.spreadsheet.reading, openpyxl  # imported before measuring: not the file's
def peak_mb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
path = Path(sys.argv[1])
data = path.read_bytes()
before = peak_mb()
start = time.perf_counter()
try:
    journey_from_bytes(data, path.name)
    outcome = "journey"
except JourneyFileError:
    outcome = "refused"
seconds = time.perf_counter() - start
print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mb": peak_mb() - before}))
"""


def read_in_child(data: bytes, name: str) -> dict[str, object]:
    """Outcome, seconds and peak memory growth (MB) of reading ``data`` as ``name`` in a fresh process."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        completed = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True,
                                   cwd=ROOT, check=True)
    return json.loads(completed.stdout)


def short_cells_zip() -> bytes:
    """Two 19.9 MB CSV tables of 33 two-letter cells a row, a few varied: about 150 kB deflated."""
    def table(heading: str, seed: int) -> bytes:
        rng = random.Random(seed)
        line = ",".join(["ab"] * 33) + "\n"
        lines = [line] * (19_900_000 // len(line))
        for index in rng.sample(range(len(lines)), 3000):
            lines[index] = line.replace("ab", "cd", 1)
        return (heading + "\n" + "".join(lines)).encode()[:19_900_000]

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("touchpoints.csv", table("Name,Stage", 1))
        archive.writestr("connections.csv", table("From,To", 2))
    return buffer.getvalue()


def main() -> None:
    print(f"{'touchpoints':>11} {'format':>6} {'MB':>6} {'write s':>8} {'read s':>8} {'write/json':>10} "
          f"{'read/json':>9} {'peak MB':>8}")
    for size in (1_000, 10_000):
        journey = journey_from_data(generated_journey(size))
        repeats = 3 if size > 1_000 else 5
        baseline: tuple[float, float] | None = None
        for extension in READABLE:
            name = f"journey.{extension}"
            (data,) = export_files(journey, name).values()
            writing = best_of(repeats, lambda: export_files(journey, name))
            reading = best_of(repeats, lambda: journey_from_bytes(data, name))
            baseline = baseline or (writing, reading)
            peak = read_in_child(data, name)["peak_mb"]
            print(f"{size:>11,} {extension:>6} {len(data) / 1e6:>6.2f} {writing:>8.3f} {reading:>8.3f} "
                  f"{writing / baseline[0]:>10.1f} {reading / baseline[1]:>9.1f} {peak:>8.0f}")
    data = short_cells_zip()
    result = read_in_child(data, "short-cells.zip")
    print(f"{'-':>11} {'zip':>6} {len(data) / 1e6:>6.2f} {'-':>8} {result['seconds']:>8.3f} {'':>10} {'':>9} "
          f"{result['peak_mb']:>8.0f}  (two 19.9 MB CSV tables of short cells: {result['outcome']})")
    journey = journey_from_data(generated_journey(100))
    export_files(journey, "warm-up.html")  # vl-convert starts its engine once per process
    for extension in ("html", "md"):
        writing = best_of(3, lambda: export_files(journey, f"report.{extension}"))
        print(f"{100:>11,} {extension:>6} {'':>6} {writing:>8.3f} {'-':>8}  (report with its map drawn)")


if __name__ == "__main__":
    main()
