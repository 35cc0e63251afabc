"""Images of large journeys: one row of the map (as before) against the wrapped map images now draw.

For generated journeys of 40, 100 and 400 touchpoints (benchmarks/bench_render.py's workshop-like
journeys), in the same run: the PNG's width × height in pixels at scale 2 (the default of
``journeymap render``) and the seconds to make its spec and draw it, for the map in one row with four
steps side by side in a cell (``rows=1, per_row=4``, what images drew before) and for the images'
default now (wrapped into rows nearest an A3 page's shape above 4,000 px, two steps side by side;
:func:`journeymap.charts.map_rows.image_rows`), with the ratios new / old; and the CPU seconds of the same drawing in this process (the
machine may be shared: CPU time varies less than the clock). Then the CPU seconds per
touchpoint of the new images, which should not grow with the size (linear), and the smallest name
text on an A3 landscape page (400 mm of printed width) for each.

Run: .venv/bin/python benchmarks/bench_large_maps.py [--repeats N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import generated_journey  # noqa: E402

from journeymap import analyze  # noqa: E402
from journeymap.charts import full_report_spec  # noqa: E402
import vl_convert  # noqa: E402

from journeymap.charts.images import _VL_VERSION, chart_image  # noqa: E402
from journeymap.charts.map_rows import NAME_PX, image_rows  # noqa: E402

SIZES = (40, 100, 400)
SCALE = 2.0
A3_PRINTED_MM = 400.0  # 420 mm less margins
PT_PER_MM = 72 / 25.4


def png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def drawn(journey, analysis, repeats: int, **options) -> tuple[tuple[int, int], float, float]:
    """The PNG's size, the median seconds of spec and drawing (in the renderer's worker, as images
    are made), and the median CPU seconds of the same drawn in this process: the machine is shared,
    and CPU time varies far less than the time on the clock."""
    seconds, cpu = [], []
    size = (0, 0)
    for _ in range(repeats):
        start = time.perf_counter()
        png = chart_image(full_report_spec(journey, analysis, **options), "png", scale=SCALE)
        seconds.append(time.perf_counter() - start)
        size = png_size(png)
        start = time.process_time()
        vl_convert.vegalite_to_png(full_report_spec(journey, analysis, **options), vl_version=_VL_VERSION, scale=SCALE)
        cpu.append(time.process_time() - start)
    return size, statistics.median(seconds), statistics.median(cpu)


def main() -> None:
    repeats = int(sys.argv[sys.argv.index("--repeats") + 1]) if "--repeats" in sys.argv else 3
    warm = generated_journey(10)
    chart_image(full_report_spec(warm, analyze(warm)), "png", scale=SCALE)  # the worker's start, not timed
    print(f"PNG at scale {SCALE:g}, median of {repeats} runs (1 for the one-row map of 400 steps)")
    print(f"{'steps':>5} | {'one row (before)':>31} | {'images now':>37} | {'ratio new/old':>27} | {'names on A3':>11}")
    print(f"{'':>5} | {'pixels':>15} {'s':>7} {'cpu s':>7} | {'rows':>4} {'pixels':>15} {'s':>7} {'cpu s':>7} | "
          f"{'pixels':>7} {'s':>9} {'cpu s':>9} | {'pt':>11}")
    per_step = []
    for count in SIZES:
        journey = generated_journey(count)
        analysis = analyze(journey)
        old_size, old_s, old_cpu = drawn(journey, analysis, 1 if count >= 400 else repeats, rows=1, per_row=4)
        new_size, new_s, new_cpu = drawn(journey, analysis, repeats)
        rows, per_row = image_rows(journey)
        pixel_ratio = (new_size[0] * new_size[1]) / (old_size[0] * old_size[1])
        # a 15 px name at scale 1 is NAME_PX * SCALE px of the PNG; printed 400 mm wide:
        name_pt = NAME_PX * SCALE * A3_PRINTED_MM / new_size[0] * PT_PER_MM
        per_step.append(new_cpu / count)
        print(f"{count:>5} | {old_size[0]:>7}x{old_size[1]:<7} {old_s:>6.2f}s {old_cpu:>6.2f}s | {rows:>4} {new_size[0]:>7}x{new_size[1]:<7} "
              f"{new_s:>6.2f}s {new_cpu:>6.2f}s | {pixel_ratio:>6.2f}x {new_s / old_s:>8.2f}x {new_cpu / old_cpu:>8.2f}x | "
              f"{name_pt:>9.1f}pt   (cells of {per_row})", flush=True)
    print()
    print("new images, CPU seconds per touchpoint: " + ", ".join(f"{count}: {s * 1000:.1f} ms" for count, s in zip(SIZES, per_step)))


if __name__ == "__main__":
    main()
