"""How long each format of `journeymap convert` takes to write and to read, against the journey file (JSON).

Issue 6 names no target; the yardstick is the journey file's own (10,000 touchpoints load in under
0.5 s) and a workshop's patience (a second or two for an upload). Reports are written only (they draw
the map), so they are timed at 100 touchpoints. Run: `.venv/bin/python benchmarks/bench_formats.py`
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_load import best_of, generated_journey  # noqa: E402

from journeymap.convert import export_files  # noqa: E402
from journeymap.formats import journey_from_bytes  # noqa: E402
from journeymap.model.validation import journey_from_data  # noqa: E402

READABLE = ("json", "mmd", "zip", "xlsx")


def main() -> None:
    print(f"{'touchpoints':>11} {'format':>6} {'MB':>6} {'write s':>8} {'read s':>8} {'write/json':>10} {'read/json':>9}")
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
            print(f"{size:>11,} {extension:>6} {len(data) / 1e6:>6.2f} {writing:>8.3f} {reading:>8.3f} "
                  f"{writing / baseline[0]:>10.1f} {reading / baseline[1]:>9.1f}")
    journey = journey_from_data(generated_journey(100))
    export_files(journey, "warm-up.html")  # vl-convert starts its engine once per process
    for extension in ("html", "md"):
        writing = best_of(3, lambda: export_files(journey, f"report.{extension}"))
        print(f"{100:>11,} {extension:>6} {'':>6} {writing:>8.3f} {'-':>8}  (report with its map drawn)")


if __name__ == "__main__":
    main()
