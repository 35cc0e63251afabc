"""The emotion lane: the customer's (and staff's) emotion drawn under the blueprint, each point under its
step's mark, worked out by hand on small journeys."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest

from journeymap import analyze, journey_from_data, load
from journeymap.charts import journey_map_json, journey_map_layout
from journeymap.charts.emotion_lane import CUSTOMER_SERIES, STAFF_SERIES
from journeymap.charts.images import render_image
from journeymap.charts.report import full_report_spec
from journeymap.charts.style import EMPTY_LANE_H, NO_EMOTION_YET, overlaps
from journeymap.model import Journey

SAMPLES = sorted(Path(__file__).resolve().parents[1].joinpath("sample_journeys").glob("*.json"))


def three_steps(**extra: Any) -> Journey:
    """Asks (+2) → waits (−3, staff +1) → pays (0), in one stage; an optional fourth step off the path."""
    touchpoints = [
        {"id": "ask", "name": "Asks", "stage": "s", "emotion": 2},
        {"id": "wait", "name": "Waits", "stage": "s", "emotion": -3, "staff_emotion": 1},
        {"id": "pay", "name": "Pays", "stage": "s", "emotion": 0},
    ]
    connections = [{"from": "ask", "to": "wait", "share": 0.9}, {"from": "wait", "to": "pay"}]
    if extra.get("side_step"):
        touchpoints.append({"id": "leave", "name": "Leaves", "stage": "s", "emotion": 4})
        connections.append({"from": "ask", "to": "leave", "share": 0.1})
    return journey_from_data({"title": "Three", "stages": [{"id": "s", "name": "Visit"}], "touchpoints": touchpoints,
                              "connections": connections})


def test_each_point_is_under_its_steps_mark_at_the_height_of_its_emotion() -> None:
    journey = three_steps()
    layout = journey_map_layout(journey, analyze(journey))
    marks = {node["id"]: node["x"] for node in layout.nodes}
    # three customer steps in one stage: slots of 210 px from the lane titles' 178 px, centred
    assert marks == {"ask": 178 + 105, "wait": 178 + 315, "pay": 178 + 525}
    # the lane's top: stage names (64), the customer lane (one row, 208), three empty lanes (64 each)
    top = 64 + 208 + 3 * 64
    (lane,) = layout.emotion.lanes
    assert (lane["y_top"], lane["y_bottom"], lane["label"]) == (top, top + 240, "Customer\nemotion\n(and staff)")
    assert layout.height == top + 240 + 8
    # y = top + 40 + (5 − emotion) × 16: +5 at 40 px below the top, −5 at 40 px above the bottom
    points = {(p["id"], p["series"]): (p["x"], p["y"], p["sign"]) for p in layout.emotion.points}
    assert points == {
        ("ask", CUSTOMER_SERIES): (283, top + 40 + 3 * 16, "above 0"),
        ("wait", CUSTOMER_SERIES): (493, top + 40 + 8 * 16, "below 0"),
        ("pay", CUSTOMER_SERIES): (703, top + 40 + 5 * 16, "0"),
        ("wait", STAFF_SERIES): (493, top + 40 + 4 * 16, "above 0"),
    }
    assert [(row["label"], row["y"]) for row in layout.emotion.scale] == [("+5", top + 40), ("0", top + 120), ("−5", top + 200)]


def test_the_customer_line_joins_the_path_the_peak_and_end_are_named_with_signed_values() -> None:
    journey = three_steps(side_step=True)
    lane = journey_map_layout(journey, analyze(journey)).emotion
    lines = {series: [row["id"] for row in lane.lines if row["series"] == series] for series in (CUSTOMER_SERIES, STAFF_SERIES)}
    assert lines == {CUSTOMER_SERIES: ["ask", "wait", "pay"], STAFF_SERIES: ["wait"]}
    # "leaves" (+4, off the most probable path) is a lighter point, not joined, and not the peak
    off_path = [p for p in lane.points if p["id"] == "leave"]
    assert [(p["joined"], p["marker"], p["tip_path"]) for p in off_path] == [(False, "", "not on the most probable path")]
    texts = {(row["id"], row["series"]): row["text"] for row in lane.labels}
    assert texts == {("wait", CUSTOMER_SERIES): "peak −3", ("pay", CUSTOMER_SERIES): "end 0", ("ask", CUSTOMER_SERIES): "+2",
                     ("wait", STAFF_SERIES): "+1", ("leave", CUSTOMER_SERIES): "+4"}
    assert "\u2212" in texts[("wait", CUSTOMER_SERIES)]  # a true minus sign, as the rest of the map
    assert [row["id"] for row in lane.rings] == ["wait", "pay"]


def test_a_label_sits_on_its_signs_side_of_the_point() -> None:
    journey = three_steps()
    lane = journey_map_layout(journey, analyze(journey)).emotion
    points = {(p["id"], p["series"]): p for p in lane.points}
    for label in lane.labels:
        point = points[(label["id"], label["series"])]
        assert label["x"] == point["x"]
        assert (label["y"] < point["y"]) is (point["emotion"] >= 0)  # above for 0 and up, below under 0


def test_a_journey_without_emotions_keeps_a_thin_lane_that_says_so() -> None:
    journey = journey_from_data({"title": "Plain", "stages": [{"id": "s", "name": "S"}],
                                 "touchpoints": [{"id": "a", "name": "A", "stage": "s"}]})
    layout = journey_map_layout(journey)
    (lane,) = layout.emotion.lanes
    assert lane["empty"] and lane["y_bottom"] - lane["y_top"] == EMPTY_LANE_H
    assert [row["text"] for row in layout.emotion.messages] == [NO_EMOTION_YET]
    assert layout.emotion.points == layout.emotion.scale == layout.emotion.lines == []


def test_the_lane_is_part_of_the_app_map_with_tooltips_and_of_the_image_without() -> None:
    journey = three_steps()
    analysis = analyze(journey)
    app = journey_map_json(journey, analysis, selectable=True)
    names = [layer["name"] for layer in app["layer"]]
    assert names[0] == "emotion_lane" and names.index("emotion_lane") < names.index("stage_separators")  # separators over the band
    (points,) = [layer for layer in app["layer"] if layer["name"] == "emotion_lane_points"]
    assert [tip["title"] for tip in points["encoding"]["tooltip"]][:4] == ["Step", "Stage", "Whose emotion", "Emotion"]
    assert points["encoding"]["shape"]["scale"]["range"] == ["triangle-up", "diamond", "triangle-down"]
    (lines,) = [layer for layer in app["layer"] if layer["name"] == "emotion_lane_lines"]
    assert lines["encoding"]["color"]["scale"]["range"][0] != lines["encoding"]["color"]["scale"]["range"][1]
    assert lines["encoding"]["strokeDash"]["scale"]["range"] == [[], [9, 5]]  # solid and dashed
    assert lines["encoding"]["color"]["legend"]["title"][0].startswith("Emotion lane")
    image = full_report_spec(journey, analysis)
    assert all("tooltip" not in layer["encoding"] for layer in image["vconcat"][0]["layer"])
    assert "tip_emotion" not in image["datasets"]["emotion_lane_points"][0]


def test_the_image_of_a_three_step_journey_holds_the_lane() -> None:
    journey = three_steps()
    layout = journey_map_layout(journey, analyze(journey))
    png = render_image(journey, "png", scale=1)
    assert isinstance(png, bytes)
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    # the map, 24 px of padding each side, the title above and the legends below (each under 400 px)
    assert layout.width + 48 <= width <= layout.width + 48 + 1200
    assert layout.height + 48 < height < layout.height + 48 + 400


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_the_lanes_labels_cover_no_point_and_no_other_label_and_stay_in_the_lane(path: Path) -> None:
    journey = load(path)
    lane = journey_map_layout(journey, analyze(journey)).emotion
    (row,) = lane.lanes
    boxes = [(label["left"], label["top"], label["right"], label["bottom"]) for label in lane.labels]
    for a, b in itertools.combinations(boxes, 2):
        assert not overlaps(a, b), (a, b)
    for box in boxes:
        assert row["y_top"] <= box[1] and box[3] <= row["y_bottom"]
        for point in lane.points:
            assert not overlaps(box, (point["x"] - 8, point["y"] - 8, point["x"] + 8, point["y"] + 8))
    # every point on a line has its label: the lane's samples leave none out
    labelled = {(label["id"], label["series"]) for label in lane.labels}
    assert {(p["id"], p["series"]) for p in lane.points if p["joined"]} <= labelled
