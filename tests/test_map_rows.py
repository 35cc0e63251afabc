"""Large journeys wrapped into rows of the map: which stage goes in which row, the markers of a
connection from one row to another (worked out by hand), no overlaps, images within bounds, the fit
to a screen and the command line's --rows."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from journeymap import analyze, journey_from_data
from journeymap.charts import journey_map_json, journey_map_layout
from journeymap.charts.images import render_image
from journeymap.charts.map_rows import COMPACT_PER_ROW, WRAP_WIDTH, fit_map_layout, image_rows, plan_rows
from journeymap.charts.report import full_report_spec
from journeymap.charts.style import CHAR_W, NAME_DY, overlaps
from journeymap.cli import main
from journeymap.model import Journey

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_render import generated_journey  # noqa: E402


def four_stages() -> Journey:
    """Stages of 2, 1, 1 and 1 slots (two customer steps in the first), no emotion; b1 → c1 crosses."""
    return journey_from_data({
        "title": "Four", "stages": [{"id": k, "name": k.upper()} for k in "abcd"],
        "touchpoints": [{"id": "a1", "name": "A one", "stage": "a"}, {"id": "a2", "name": "A two", "stage": "a"},
                        {"id": "b1", "name": "Orders", "stage": "b"}, {"id": "c1", "name": "Pays at the till", "stage": "c"},
                        {"id": "d1", "name": "Leaves", "stage": "d"}],
        "connections": [{"from": "a1", "to": "a2"}, {"from": "a2", "to": "b1"}, {"from": "b1", "to": "c1", "share": 0.9},
                        {"from": "c1", "to": "d1"}],
    })


def test_two_rows_take_the_stages_in_order_the_widest_as_narrow_as_it_can_be() -> None:
    # slots 2, 1, 1, 1: A+B | C+D (3 and 2 slots) rather than A | B+C+D (2 and 3) or A+B+C | D (4 and 1): ties go to the first
    layout = journey_map_layout(four_stages(), rows=2)
    assert [(stage["id"], stage["map_row"]) for stage in layout.stages] == [("a", 0), ("b", 0), ("c", 1), ("d", 1)]
    assert layout.rows == 2
    # a row: stage names 64, the customer lane 208, three empty lanes and the empty emotion lane 64 each, 8 below
    first_height = 64 + 208 + 4 * 64 + 8
    second_top = first_height + 48
    stages = {stage["id"]: stage for stage in layout.stages}
    assert (stages["a"]["y_top"], stages["a"]["y_bottom"]) == (0, first_height)
    assert stages["c"]["y_top"] == second_top and layout.height == second_top + first_height
    lanes = [(lane["map_row"], lane["lane"]) for lane in layout.lanes]
    assert lanes == [(row, lane) for row in (0, 1) for lane in ("customer", "frontstage", "backstage", "support")]
    assert [row["map_row"] for row in layout.emotion.lanes] == [0, 1]


def test_a_connection_between_rows_is_two_markers_not_a_line_across_the_map() -> None:
    layout = journey_map_layout(four_stages(), analyze(four_stages()), rows=2)
    nodes = {node["id"]: node for node in layout.nodes}
    # row 1: lane titles 178, A (2 slots) and B (1 slot) of 210 px; its stages end at 808, the room for markers after
    assert (nodes["b1"]["x"], nodes["b1"]["y"]) == (178 + 420 + 105, 64 + 78)
    # row 2 starts with the room for the marker coming in (200 px) after the lane titles
    second_top = 64 + 208 + 4 * 64 + 8 + 48
    assert (nodes["c1"]["x"], nodes["c1"]["y"]) == (178 + 200 + 105, second_top + 64 + 78)
    markers = {marker["side"]: marker for marker in layout.continuations}
    assert (markers["out"]["id"], markers["out"]["x"], markers["out"]["y"]) == ("b1", 808 + 14, 142)
    assert markers["out"]["label"] == "→ row 2\nPays at the till"
    assert (markers["in"]["id"], markers["in"]["x"], markers["in"]["y"]) == ("c1", 378 - 14, second_top + 142)
    assert markers["in"]["label"] == "row 1 →\nOrders"
    # the connection's two short lines: b1 to the room at the right of row 1, the room at the left of row 2 to c1
    lines = [point for point in layout.edge_points if point["edge"] == "b1→c1"]
    assert [(point["x"], point["y"]) for point in lines] == [(703, 142), (814, 142), (372, second_top + 142), (483, second_top + 142)]
    assert len({point["edge_index"] for point in lines}) == 2  # two lines, never joined into one
    # its share is labelled once, on the line leaving b1, with the share the analysis counts
    (share,) = [label for label in layout.share_labels if label["edge"] == "b1→c1"]
    assert share["text"] == "90%" and share["effective_share"] == pytest.approx(0.9) and share["y"] == 142
    assert [arrow["edge"] for arrow in layout.arrows].count("b1→c1") == 2
    assert layout.width == 808 + 200 + 24  # row 1 with its room for markers leaving it


def _boxes(layout) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Every mark, name and continuation marker of a layout as a named box."""
    boxes = []
    for node in layout.nodes:
        r = node["radius"]
        boxes.append((f"mark {node['id']}", (node["x"] - r, node["y"] - r, node["x"] + r, node["y"] + r)))
        boxes.append((f"name {node['id']}", (node["x"] - node["label_half_width"], node["y"] + NAME_DY - 2,
                                            node["x"] + node["label_half_width"], node["label_bottom"])))
    for marker in layout.continuations:
        width = 4 + CHAR_W * max(len(line) for line in marker["label"].split("\n"))
        left = marker["x"] if marker["side"] == "out" else marker["x"] - width
        boxes.append((f"marker {marker['side']} {marker['id']}", (left, marker["y"] - 9, left + width, marker["y"] - 9 + 17 * marker["label"].count("\n") + 18)))
    return boxes


@pytest.mark.parametrize("count, rows, per_row", [(100, 2, COMPACT_PER_ROW), (100, 3, 4), (150, "auto", COMPACT_PER_ROW)])
def test_a_wrapped_map_has_no_overlaps_and_its_rows_do_not_overlap_each_other(count: int, rows: int | str, per_row: int) -> None:
    journey = generated_journey(count)
    layout = journey_map_layout(journey, analyze(journey), rows=rows, per_row=per_row)
    assert layout.rows > 1
    boxes = _boxes(layout)
    for (name_a, a), (name_b, b) in itertools.combinations(boxes, 2):
        assert not overlaps(a, b), (name_a, name_b)
    spans = sorted({(stage["y_top"], stage["y_bottom"]) for stage in layout.stages})
    assert len(spans) == layout.rows and all(low[1] < high[0] for low, high in zip(spans, spans[1:]))
    # every step and every marker is inside its own row and the map
    row_span = {stage["map_row"]: (stage["y_top"], stage["y_bottom"]) for stage in layout.stages}
    for node in layout.nodes:
        top, bottom = row_span[node["map_row"]]
        assert top < node["y"] < bottom and 0 < node["x"] < layout.width
    for marker in layout.continuations:
        assert row_span[marker["map_row"]][0] < marker["y"] < row_span[marker["map_row"]][1]
    # the emotion lane's labels keep off each other in every row
    labels = [(label["left"], label["top"], label["right"], label["bottom"]) for label in layout.emotion.labels]
    assert not any(overlaps(a, b) for a, b in itertools.combinations(labels, 2))


def test_every_connection_is_drawn_once_or_as_a_pair_of_markers() -> None:
    journey = generated_journey(100)
    layout = journey_map_layout(journey, analyze(journey), rows=3)
    lines_per_edge: dict[str, set[int]] = {}
    for point in layout.edge_points:
        lines_per_edge.setdefault(point["edge"], set()).add(point["edge_index"])
    assert set(lines_per_edge) == {f"{c.from_}→{c.to}" for c in journey.connections}
    across = [edge for edge, lines in lines_per_edge.items() if len(lines) == 2]
    assert across and all(len(lines) in (1, 2) for lines in lines_per_edge.values())
    sources = {edge.split("→")[0] for edge in across}
    assert sources == {marker["id"] for marker in layout.continuations if marker["side"] == "out"}


def test_images_wrap_a_wide_map_by_default_and_keep_a_narrow_one_in_one_row() -> None:
    wide = generated_journey(100)
    assert plan_rows(wide, 1).width > WRAP_WIDTH
    rows, per_row = image_rows(wide)
    assert rows > 1 and per_row == COMPACT_PER_ROW
    spec = full_report_spec(wide, analyze(wide))
    assert max(row["map_row"] for row in spec["datasets"]["stages"]) == rows - 1
    assert spec["datasets"]["continuations_out"]
    narrow = generated_journey(12)
    assert image_rows(narrow) == (1, 4)
    assert "continuations_out" not in full_report_spec(narrow, analyze(narrow))["datasets"]
    # the app's map stays in one row unless asked
    assert {row["map_row"] for row in journey_map_json(wide, analyze(wide))["datasets"]["stages"]} == {0}


def test_the_image_of_a_wrapped_100_step_journey_is_within_bounds() -> None:
    journey = generated_journey(100)
    analysis = analyze(journey)
    rows, per_row = image_rows(journey)
    layout = journey_map_layout(journey, analysis, rows=rows, per_row=per_row)
    png = render_image(journey, "png", scale=1, analysis=analysis)
    assert isinstance(png, bytes)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    # the map sets the width: 24 px of padding each side (and a few pixels of the edges' strokes, as in one row)
    assert layout.width + 48 <= width <= layout.width + 48 + 8
    assert layout.height + 48 + 150 < height < layout.height + 48 + 400  # title and legends
    assert width < 4000 and 1.0 < width / height < 1.6  # near A3's proportions (√2), not 12,000 px wide in one row


def test_the_fit_for_a_screen_draws_the_map_as_large_as_both_sides_allow() -> None:
    journey = generated_journey(40)
    fitted = fit_map_layout(journey, analyze(journey), width=1920, height=1080)
    layout = fitted.layout
    # it fits, with its legends (190 px below, their row about 2,600 px wide) ...
    assert max(layout.width, 2600) * fitted.scale <= 1920 + 1e-6 and (layout.height + 190) * fitted.scale <= 1080 + 1e-6
    # ... and no other number of rows (or cells) fits larger
    for rows, per_row in itertools.product(range(1, 7), (4, 2)):
        other = journey_map_layout(journey, rows=rows, per_row=per_row)
        assert min(1920 / max(other.width, 2600), 1080 / (other.height + 190)) <= fitted.scale + 1e-9
    assert fitted.name_px == pytest.approx(15 * fitted.scale) and fitted.readable is (fitted.name_px >= 10)


def test_the_fit_for_a_width_takes_the_fewest_rows_that_make_names_readable() -> None:
    journey = generated_journey(40)
    fitted = fit_map_layout(journey, width=1280, legends=False)
    assert fitted.readable and fitted.name_px >= 10
    fewer = journey_map_layout(journey, rows=fitted.rows - 1, per_row=2) if fitted.rows > 1 else None
    assert fewer is None or 1280 / fewer.width * 15 < 10


def test_rows_must_be_a_whole_number_or_auto() -> None:
    with pytest.raises(ValueError, match="rows must be"):
        journey_map_layout(four_stages(), rows=0)
    with pytest.raises(ValueError, match="per_row must be"):
        journey_map_layout(four_stages(), per_row=0)
    assert journey_map_layout(four_stages(), rows=9).rows == 4  # a stage is never split


def test_render_takes_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "four.json"
    source.write_text(json.dumps(four_stages().model_dump(mode="json", by_alias=True, exclude_none=True)))
    out = tmp_path / "four.svg"
    assert main(["render", str(source), "-o", str(out), "--rows", "2"]) == 0
    assert "→ row 2" in out.read_text(encoding="utf-8")
    assert main(["render", str(source), "-o", str(out), "--rows", "0"]) == 2
    assert "give 1 or more" in capsys.readouterr().err
