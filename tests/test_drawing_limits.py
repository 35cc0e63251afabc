"""Drawing at scale and safely: the routing's spatial index, the drawing limit, labels cut between
whole characters, and the renderer's worker process (a crash of vl-convert never ends the caller)."""

from __future__ import annotations

import itertools
import json
import os
import random
import time
from pathlib import Path

import pytest

from journeymap import journey_from_data
from journeymap.charts import renderer, routing
from journeymap.charts.images import chart_image, render_image
from journeymap.charts.limits import MAX_DRAWN_CONNECTIONS, MAX_DRAWN_TOUCHPOINTS, DrawingLimitError, drawing_limit_message
from journeymap.charts.style import label_lines, text_width
from journeymap.cli import main
from journeymap.convert import write_journey
from journeymap.errors import JourneyMapError

# A spec vl-convert 1.9 aborts on (a Rust panic: U+0001 is not allowed in the SVG of the text).
_POINT = {"data": {"values": [{"a": 1}]}, "mark": "point", "encoding": {"x": {"field": "a", "type": "quantitative"}}}
_CRASHING = {**_POINT, "title": "a\u0001b"}


def _journey(name: str = "Orders", *, count: int = 2, connections: int | None = None):
    touchpoints = [{"id": f"t{i}", "name": name if i == 0 else f"Step {i}", "stage": "s", "emotion": 1} for i in range(count)]
    links = [{"from": f"t{i}", "to": f"t{i + 1}", "share": 0.5} for i in range(count - 1)]
    if connections is not None:  # every pair of steps, forwards, until there are enough
        pairs = ((i, j) for i in range(count) for j in range(i + 2, count))
        links += [{"from": f"t{i}", "to": f"t{j}", "kind": "support"} for i, j in itertools.islice(pairs, connections - len(links))]
    return journey_from_data({"title": name, "stages": [{"id": "s", "name": name}], "touchpoints": touchpoints, "connections": links})


# --- routing: the grid finds exactly what checking every obstacle found ---------------------------


def _brute_force_hits(points, obstacles, ends):
    return sum(
        1
        for owner, ox, oy, clearance in obstacles
        if owner not in ends and any(routing._distance_to_segment((ox, oy), a, b) <= clearance for a, b in zip(points, points[1:]))
    )


def test_the_grid_counts_the_same_hits_as_checking_every_obstacle() -> None:
    rng = random.Random(3)
    obstacles = [(f"n{i % 40}", rng.uniform(-100, 3000), rng.uniform(-100, 2000), rng.choice([14, 30, 42])) for i in range(600)]
    grid = routing._Grid()
    for obstacle in obstacles:
        _, x, y, c = obstacle
        grid.add(obstacle, (x - c, y - c, x + c, y + c))
    checked = 0
    for _ in range(200):
        start, end = (rng.uniform(0, 2900), rng.uniform(0, 1900)), (rng.uniform(0, 2900), rng.uniform(0, 1900))
        control = routing._control_point(start, end, rng.choice([0.0, 50.0, -120.0, 200.0]))
        points = [routing._bezier(start, control, end, i / routing.SAMPLES) for i in range(routing.SAMPLES + 1)]
        expected = _brute_force_hits(points, obstacles, ("n1", "n2"))
        assert routing._hits(points, grid, ("n1", "n2")) == expected
        checked += expected > 0
        # counting may stop at `enough`, never before it
        if expected > 2:
            assert routing._hits(points, grid, ("n1", "n2"), enough=2) == 2
    assert checked > 50  # most lines do cross something: the comparison is not about empty counts


def test_share_labels_keep_off_boxes_found_through_the_grid() -> None:
    boxes = routing._Grid()
    boxes.add_box((0, 0, 10, 10))
    boxes.add_box((500, 500, 520, 520))
    assert boxes.near([(5, 5, 6, 6)]) == [(0, 0, 10, 10)]
    assert boxes.near([(300, 300, 310, 310)]) == []
    assert boxes.near([(-1000, -1000, 1000, 1000)]) == [(0, 0, 10, 10), (500, 500, 520, 520)]  # in the order added, once each


# --- the drawing limit -----------------------------------------------------------------------------


def test_a_journey_within_the_limits_is_drawn_and_one_above_is_refused_at_once(tmp_path: Path) -> None:
    assert drawing_limit_message(_journey(count=MAX_DRAWN_TOUCHPOINTS)) is None
    big = _journey(count=MAX_DRAWN_TOUCHPOINTS + 1)
    start = time.perf_counter()
    with pytest.raises(DrawingLimitError) as refused:
        render_image(big, tmp_path / "big.png")
    assert time.perf_counter() - start < 2  # refused before the layout (which takes seconds at this size)
    message = str(refused.value)
    assert "1,001 touchpoints" in message and "at most 1,000 touchpoints" in message and "Split the journey" in message
    assert not (tmp_path / "big.png").exists()


def test_too_many_connections_are_refused_too() -> None:
    message = drawing_limit_message(_journey(count=110, connections=MAX_DRAWN_CONNECTIONS + 1))
    assert message is not None and f"{MAX_DRAWN_CONNECTIONS + 1:,} connections" in message


def test_the_cli_refuses_a_journey_above_the_limit_with_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    touchpoints = [{"id": f"t{i}", "name": "Step", "stage": "s"} for i in range(MAX_DRAWN_TOUCHPOINTS + 1)]
    source = tmp_path / "big.json"
    source.write_text(json.dumps({"title": "Big", "stages": [{"id": "s", "name": "All"}], "touchpoints": touchpoints}))
    assert main(["render", str(source), "-o", str(tmp_path / "big.svg")]) == 1
    assert "maps are drawn for at most 1,000 touchpoints" in capsys.readouterr().err


# --- labels: cut between whole characters, wide ones counted twice ---------------------------------


@pytest.mark.parametrize(
    ("text", "width", "lines", "expected"),
    [
        ("😀" * 14, 17, 3, ["😀" * 8, "😀" * 6]),  # 16 columns a line: an emoji is two
        ("😀" * 40, 17, 2, ["😀" * 8, "😀" * 8 + "…"]),
        ("👨‍👩‍👧" * 3, 4, 1, ["👨‍👩‍👧…"]),  # a family emoji (ZWJ sequence) is never split
        ("🇫🇷🇩🇪🇮🇹", 4, 1, ["🇫🇷…"]),  # flags are pairs of regional indicators
        ("Cafe\u0301 au lait", 5, 1, ["Cafe\u0301…"]),  # the accent stays with its e
        ("❤️❤️❤️", 4, 2, ["❤️❤️", "❤️"]),  # a heart with its emoji selector is wide
    ],
)
def test_label_lines_cut_between_whole_characters(text: str, width: int, lines: int, expected: list[str]) -> None:
    assert label_lines(text, width=width, max_lines=lines) == expected


def test_plain_names_wrap_as_before_and_count_one_column_a_character() -> None:
    assert label_lines("Check-in at the front desk of the clinic", max_lines=2) == ["Check-in at the front", "desk of the clinic"]
    assert text_width("Pay the bill") == 12 and text_width("😀 ok") == 5


@pytest.mark.parametrize("image, head", [("png", b"\x89PNG"), ("svg", b"<svg")])
def test_names_of_many_emoji_are_drawn(image: str, head: bytes) -> None:
    # 14 emoji used to fail: Vega shortened the curve's step name and cut an emoji's surrogate pair.
    journey = _journey("😀" * 14 + " 👩‍👩‍👧🇫🇷", count=3)
    data = render_image(journey, image, analysis=None)
    assert isinstance(data, bytes) and data.startswith(head)
    if image == "svg":
        assert "😀" in data.decode("utf-8")


# --- the renderer's worker process -----------------------------------------------------------------


def test_a_renderer_crash_becomes_an_error_and_the_next_image_works() -> None:
    me = os.getpid()
    with pytest.raises(JourneyMapError) as stopped:
        chart_image(_CRASHING, "svg")
    assert str(stopped.value).startswith("the image could not be drawn: the renderer stopped (")
    assert "control character" in str(stopped.value)
    assert os.getpid() == me  # still this process, alive
    assert chart_image(_POINT, "svg").startswith(b"<svg")  # a fresh worker drew it


def test_a_drawing_that_takes_too_long_is_stopped_with_a_message() -> None:
    with pytest.raises(JourneyMapError, match="took longer than 0.001 seconds"):
        renderer.convert(dict(_POINT), "png", 1.0, "6.4", timeout=0.001)
    assert chart_image(_POINT, "png").startswith(b"\x89PNG")


def test_a_refused_chart_is_an_error_with_vl_converts_reason() -> None:
    with pytest.raises(JourneyMapError, match="the image could not be drawn: Vega-Lite to SVG conversion failed"):
        chart_image({**_POINT, "mark": "no-such-mark"}, "svg")


def _control_character_file(tmp_path: Path) -> Path:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"title": "Orders", "stages": [{"id": "s", "name": "Order"}],
                                "touchpoints": [{"id": "t", "name": "Asks\u0001", "stage": "s"}]}))
    return path


def test_render_of_a_name_the_renderer_cannot_draw_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Once the model refuses control characters when reading, this exits 1 for that reason instead.
    assert main(["render", str(_control_character_file(tmp_path)), "-o", str(tmp_path / "odd.png")]) == 1
    err = capsys.readouterr().err
    assert err.strip() and "Traceback" not in err
    assert not (tmp_path / "odd.png").exists()


def test_convert_to_markdown_of_such_a_name_raises_a_journeymap_error(tmp_path: Path) -> None:
    journey = journey_from_data({"title": "Orders", "stages": [{"id": "s", "name": "Order"}],
                                 "touchpoints": [{"id": "t", "name": "Asks", "stage": "s"}]})
    # the model refuses such a name when reading; a journey built past it (model_copy does not
    # validate) still reaches the renderer, which must not take the process down
    (asks,) = journey.touchpoints
    journey = journey.model_copy(update={"touchpoints": [asks.model_copy(update={"name": "Asks\u0001"})]})
    with pytest.raises(JourneyMapError, match="the image could not be drawn"):
        write_journey(journey, tmp_path / "odd.md")
    assert not (tmp_path / "odd.md").exists()


def test_an_html_report_of_a_journey_too_big_to_draw_has_every_step_and_says_why_there_is_no_map() -> None:
    from journeymap.model import journey_from_data
    from journeymap.reports import html_report

    steps = [{"id": f"t{i}", "name": f"Step {i}", "stage": "s"} for i in range(1001)]
    journey = journey_from_data({"title": "Big", "stages": [{"id": "s", "name": "All"}], "touchpoints": steps})
    page = html_report(journey)
    assert "<img" not in page  # nothing was drawn
    assert "This journey has 1,001 touchpoints: maps are drawn for at most 1,000 touchpoints" in page
    assert "Step 1000" in page
