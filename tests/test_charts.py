"""The chart specifications: what each layer draws, from a small diner journey and its real analysis
(``analyze(journey)``), a few figures of which are set by hand so that the tests do not depend on the
scoring; every key the charts read comes from the real analysis."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from journeymap import analyze, journey_from_data
from journeymap.charts import (
    BADGE_TEXTS,
    automation_matrix_chart,
    emotion_curve_chart,
    emotion_curve_json,
    full_report_chart,
    full_report_spec,
    journey_map_chart,
    journey_map_json,
    journey_map_layout,
    label_lines,
)
from journeymap.model import Journey

DINER: dict[str, Any] = {
    "title": "Corner Diner: a weekday lunch",
    "persona": {"name": "Maya", "description": "Office worker with a 45-minute lunch break"},
    "customers_per_week": 400,
    "stages": [
        {"id": "arrive", "name": "Arrive"},
        {"id": "order", "name": "Order"},
        {"id": "eat", "name": "Eat"},
        {"id": "pay", "name": "Pay and leave"},
    ],
    "touchpoints": [
        {"id": "walk_in", "name": "Walks in and looks for a free table", "stage": "arrive", "emotion": 1, "friction": 3},
        {"id": "wait", "name": "Waits to be seated", "stage": "arrive", "emotion": -3, "friction": 8},
        {"id": "greet", "name": "Host greets and seats", "stage": "arrive", "lane": "frontstage", "emotion": 2, "staff_emotion": 1},
        {"id": "menu", "name": "Reads the menu", "stage": "order", "emotion": 0, "friction": 2},
        {"id": "order_food", "name": "Orders", "stage": "order", "emotion": 1, "friction": 1, "staff_emotion": 2},
        {"id": "ticket", "name": "Order ticket to the kitchen", "stage": "order", "lane": "backstage", "emotion": 3,
         "staff_emotion": -1, "friction": 4},
        {"id": "pos", "name": "Point of sale system", "stage": "order", "lane": "support", "friction": 1},
        {"id": "eat_food", "name": "Eats", "stage": "eat", "emotion": 4},
        {"id": "cook", "name": "Cooks the dish", "stage": "eat", "lane": "backstage", "staff_emotion": -2, "friction": 6},
        {"id": "pay_bill", "name": "Asks for the bill and pays", "stage": "pay", "emotion": -1, "friction": 5, "goal": True},
    ],
    "connections": [
        {"from": "walk_in", "to": "wait", "share": 0.7},
        {"from": "walk_in", "to": "menu", "share": 0.25},
        {"from": "wait", "to": "menu", "share": 0.8},
        {"from": "greet", "to": "menu", "kind": "support"},
        {"from": "menu", "to": "order_food"},
        {"from": "order_food", "to": "ticket", "kind": "support"},
        {"from": "ticket", "to": "pos", "kind": "support"},
        {"from": "order_food", "to": "eat_food"},
        {"from": "eat_food", "to": "cook", "kind": "support"},
        {"from": "eat_food", "to": "pay_bill"},
    ],
}


def with_figures(row: dict[str, Any], **figures: Any) -> dict[str, Any]:
    """``row`` of a real analysis with some figures set by hand; a key the analysis lacks is refused,
    so that renaming a key of ``analyze`` fails here instead of passing on a key no chart reads."""
    for key, value in figures.items():
        assert key in row, f"analyze() gives no {key!r} (keys: {sorted(row)})"
        row[key] = value
    return row


def analysis_with_advice(journey: Journey, advice: dict[str, tuple[float, float, str]]) -> dict[str, Any]:
    """``analyze(journey)`` with each listed step's automation scores and advice set by hand."""
    analysis = analyze(journey)
    for row in analysis["touchpoints"]:
        if row["id"] in advice:
            fit, risk, recommendation = advice[row["id"]]
            with_figures(row["automation"], fit=fit, empathy_risk=risk, recommendation=recommendation,
                         reasons=[f"Reason about {row['id']}."], warnings=[],
                         firmness={"borderline": True, "changes": [], "text": f"Borderline: about {row['id']}."})
    return analysis


def _diner_analysis() -> dict[str, Any]:
    """The real analysis of the diner, with hand-set advice, pain ranks and path share.

    The flow figures are analyze's own and follow the shares by hand: 5% leave at walk_in
    (1 − 0.7 − 0.25), 14% at wait (0.7 × 0.2), 81% reach the menu and the rest of the path; pay_bill is
    the goal, so its exit (81%) is completion; 400 customers a week make wait's volume 0.7 × 400 = 280.
    The advice and pain ranks are set here, so that these tests show every badge and do not depend on
    the scoring (tested in test_automation and test_empathy).
    """
    advice = {
        "walk_in": (20, 70, "keep-human"), "wait": (40, 60, "keep-human"), "greet": (30, 65, "keep-human"),
        "menu": (50, 30, "not-a-priority"), "order_food": (70, 55, "assist"), "ticket": (85, 10, "automate"),
        "pos": (90, 5, "automate"), "eat_food": (10, 80, "keep-human"), "cook": (30, 20, "not-a-priority"),
        "pay_bill": (75, 60, "assist"),
    }
    analysis = analysis_with_advice(journey_from_data(DINER), advice)
    ranks = {"walk_in": 6, "wait": 1, "greet": 9, "menu": 7, "order_food": 8, "ticket": 4, "pos": 10, "eat_food": 5,
             "cook": 2, "pay_bill": 3}
    for row in analysis["touchpoints"]:
        with_figures(row, pain_rank=ranks[row["id"]], is_pain_point=ranks[row["id"]] <= 3)
    # not the 56% analyze finds: the curve's caption must show the analysis's figure, not its own
    with_figures(analysis["paths"][0], probability=0.5)
    return analysis


DINER_ANALYSIS: dict[str, Any] = _diner_analysis()


@pytest.fixture
def diner() -> Journey:
    return journey_from_data(DINER)


def layer(spec: dict[str, Any], name: str) -> dict[str, Any]:
    matches = [item for item in spec["layer"] if item.get("name") == name]
    assert len(matches) == 1, f"no single layer named {name!r}"
    return matches[0]


def rows(spec: dict[str, Any], name: str) -> list[dict[str, Any]]:
    data = layer(spec, name)["data"]
    # the map names its datasets (kept once at the top of the spec); small charts carry values inline
    return spec["datasets"][data["name"]] if "name" in data else data["values"]


def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["id"]: item for item in items}


# --- the map's geometry ---------------------------------------------------------------------


def test_every_touchpoint_sits_in_its_stage_column_and_lane_row(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    nodes = by_id(rows(spec, "touchpoints"))
    stages = {row["id"]: row for row in rows(spec, "stage_labels")}
    lanes = {row["lane"]: row for row in rows(spec, "lanes")}
    assert set(nodes) == {tp["id"] for tp in DINER["touchpoints"]}
    expected_columns = {"arrive": 0, "order": 1, "eat": 2, "pay": 3}
    expected_rows = {"customer": 0, "frontstage": 1, "backstage": 2, "support": 3}
    for tp in DINER["touchpoints"]:
        node = nodes[tp["id"]]
        lane = tp.get("lane", "customer")
        assert node["stage_column"] == expected_columns[tp["stage"]]
        assert node["lane_row"] == expected_rows[lane]
        stage = stages[tp["stage"]]
        assert stage["x_left"] < node["x"] < stage["x_right"]
        assert lanes[lane]["y_top"] < node["y"] < lanes[lane]["y_bottom"]


def test_stages_are_columns_in_file_order_with_their_names(diner: Journey) -> None:
    stages = rows(journey_map_chart(diner, DINER_ANALYSIS).to_dict(), "stage_labels")
    assert [s["name"] for s in stages] == ["Arrive", "Order", "Eat", "Pay and leave"]
    lefts = [s["x_left"] for s in stages]
    assert lefts == sorted(lefts) and len(set(lefts)) == 4
    # "Arrive" holds two customer steps side by side, so it is twice as wide as "Eat".
    widths = [s["x_right"] - s["x_left"] for s in stages]
    assert widths[0] == pytest.approx(2 * widths[2])


def test_lanes_and_blueprint_lines_are_drawn_and_named(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    lanes = rows(spec, "lanes")
    assert [lane["lane"] for lane in lanes] == ["customer", "frontstage", "backstage", "support"]
    tops = [lane["y_top"] for lane in lanes]
    assert tops == sorted(tops)
    lines = {line["name"]: line["y"] for line in rows(spec, "blueprint_lines")}
    assert lines["line of interaction"] == lanes[0]["y_bottom"] == lanes[1]["y_top"]
    assert lines["line of visibility"] == lanes[1]["y_bottom"] == lanes[2]["y_top"]
    assert [row["label"] for row in rows(spec, "blueprint_line_labels")] == [
        "line of interaction", "line of visibility", "line of internal interaction"]
    assert "Customer" in rows(spec, "lane_labels")[0]["label"]


def test_no_two_touchpoints_share_a_position_even_in_a_crowded_cell() -> None:
    data = copy.deepcopy(DINER)
    data["touchpoints"] += [
        {"id": f"extra{i}", "name": f"Extra step {i}", "stage": "order"} for i in range(9)
    ]
    journey = journey_from_data(data)
    layout = journey_map_layout(journey)
    positions = [(node["x"], node["y"]) for node in layout.nodes]
    assert len(set(positions)) == len(positions)
    # Marks in one row of a cell are a whole slot apart, so names do not collide either.
    order_customer = sorted((n["y"], n["x"]) for n in layout.nodes if n["stage"] == "order" and n["lane"] == "customer")
    for (y1, x1), (y2, x2) in zip(order_customer, order_customer[1:]):
        assert y1 != y2 or x2 - x1 >= 200
    # Eleven steps in one cell wrap after four: three rows, and the customer lane grows to hold them.
    assert len({y for y, _ in order_customer}) == 3
    customer = layout.lanes[0]
    assert all(customer["y_top"] < y < customer["y_bottom"] for y, _ in order_customer)


def test_layout_tolerates_an_analysis_that_lags_behind_the_journey(diner: Journey) -> None:
    stale = copy.deepcopy(DINER_ANALYSIS)
    stale["touchpoints"] = stale["touchpoints"][:3] + [dict(stale["touchpoints"][3], id="deleted_step")]
    nodes = by_id(journey_map_layout(diner, stale).nodes)
    assert len(nodes) == len(DINER["touchpoints"])
    assert nodes["walk_in"]["badge"] == "KEEP HUMAN"
    assert nodes["menu"]["badge"] == "" and nodes["menu"]["rank_label"] == ""


def test_an_empty_journey_still_has_its_stages_and_lanes() -> None:
    journey = journey_from_data({"title": "Empty", "stages": [{"id": "a", "name": "A"}]})
    spec = journey_map_chart(journey).to_dict()
    assert rows(spec, "touchpoints") == []
    assert [row["name"] for row in rows(spec, "stage_labels")] == ["A"]
    assert all(lane["empty"] for lane in rows(spec, "lanes"))


_READ_KEYS = [
    *(("touchpoints", key) for key in ("id", "name", "lane", "reach", "weekly_volume", "drop_off", "exit", "pain",
                                       "staff_pain", "pain_rank", "is_pain_point", "automation")),
    *(("automation", key) for key in ("fit", "empathy_risk", "recommendation", "reasons", "warnings")),
    ("journey", "completion"), ("journey", "remembered_experience"), ("paths", "steps"), ("paths", "probability"),
]


@pytest.mark.parametrize(("part", "key"), _READ_KEYS)
def test_a_key_of_the_analysis_that_the_charts_read_is_not_defaulted(diner: Journey, part: str, key: str) -> None:
    # analyze always gives these keys: a chart reading a renamed one must fail, not draw no figure
    analysis = copy.deepcopy(DINER_ANALYSIS)
    rows = {"touchpoints": analysis["touchpoints"], "automation": [row["automation"] for row in analysis["touchpoints"]],
            "journey": [analysis["journey"]], "paths": analysis["paths"]}[part]
    for row in rows:
        del row[key]
    with pytest.raises(KeyError, match=key):
        journey_map_chart(diner, analysis)
        emotion_curve_chart(diner, analysis)
        automation_matrix_chart(analysis)


def test_the_curve_skips_steps_a_cached_analysis_names_but_the_journey_has_lost(diner: Journey) -> None:
    stale = copy.deepcopy(DINER_ANALYSIS)
    stale["paths"][0]["steps"].insert(1, "deleted_step")
    points = layer(emotion_curve_chart(diner, stale).to_dict(), "emotion_lines")["data"]["values"]
    assert [p["id"] for p in points if p["series"] == "Customer"] == ["walk_in", "wait", "menu", "order_food", "eat_food", "pay_bill"]


# --- what each touchpoint shows ------------------------------------------------------------


def test_colour_is_the_customer_emotion_in_front_and_the_staff_emotion_behind(diner: Journey) -> None:
    nodes = by_id(rows(journey_map_chart(diner, DINER_ANALYSIS).to_dict(), "touchpoints"))
    assert (nodes["wait"]["colour_value"], nodes["wait"]["emotion_of"]) == (-3, "customer")
    assert (nodes["order_food"]["colour_value"], nodes["order_food"]["emotion_of"]) == (1, "customer")
    assert (nodes["greet"]["colour_value"], nodes["greet"]["emotion_of"]) == (2, "customer")  # frontstage
    assert (nodes["ticket"]["colour_value"], nodes["ticket"]["emotion_of"]) == (-1, "staff")  # not its emotion 3
    assert nodes["pos"]["has_emotion"] is False


def test_emotion_scale_diverges_from_orange_through_neutral_to_blue_and_legend_says_whose(diner: Journey) -> None:
    nodes_layer = layer(journey_map_chart(diner, DINER_ANALYSIS).to_dict(), "touchpoints")
    fill = nodes_layer["encoding"]["fill"]
    assert fill["field"] == "colour_value" and fill["type"] == "quantitative"
    assert fill["scale"]["domain"] == [-5, 0, 5]
    orange, neutral, blue = ([int(colour[i:i + 2], 16) for i in (1, 3, 5)] for colour in fill["scale"]["range"])
    assert orange[0] > orange[1] > orange[2] and blue[2] > blue[1] > blue[0] and min(neutral) > 230
    # red against green is what a deuteranope cannot tell apart: tests/test_colours.py measures the scale
    title = " ".join(fill["legend"]["title"])
    assert "staff" in title and "customer" in title and "+ or − in the mark" in title
    assert fill["legend"]["labelExpr"] == "datum.value > 0 ? '+' + datum.label : datum.label"
    # A step with no recorded emotion is grey rather than dropped or painted neutral.
    assert fill["condition"] == {"test": "!datum.has_emotion", "value": "#cfcfcf"}
    assert nodes_layer["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]


def test_each_mark_carries_its_emotions_sign_in_ink_that_reads_on_its_fill(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    nodes = by_id(rows(spec, "touchpoints"))
    signs = {key: (row["sign"], row["sign_colour"]) for key, row in nodes.items()}
    # wait −3 (customer), menu 0, eat_food +4, cook −2 (staff, a square), pos: no emotion recorded. +4 is
    # filled #4b82b8, of relative luminance 0.21: black reads at 5.2:1, white at 4.0:1
    assert signs["wait"] == ("−", "#000000") and signs["eat_food"] == ("+", "#000000")
    assert signs["cook"][0] == "−" and signs["menu"][0] == "" and signs["pos"][0] == ""
    signs_layer = layer(spec, "emotion_signs")
    assert signs_layer["data"] == {"name": "touchpoints"} and signs_layer["mark"]["type"] == "text"
    assert signs_layer["encoding"]["text"]["field"] == "sign" and signs_layer["encoding"]["color"]["field"] == "sign_colour"
    # drawn over the marks, with their tooltip: a click on the sign selects its step (the row's id)
    names = [item["name"] for item in spec["layer"]]
    assert names.index("emotion_signs") == names.index("touchpoints") + 1
    assert signs_layer["encoding"]["tooltip"] == layer(spec, "touchpoints")["encoding"]["tooltip"]
    # the smallest mark (friction 0: 260 px², about 16 px across) holds a 14 px sign; the largest a 30 px one
    sizes = {key: row["sign_size"] for key, row in nodes.items()}
    assert sizes["eat_food"] == 14 and max(sizes.values()) <= 30


def test_an_image_keeps_the_signs_without_their_tooltips(diner: Journey) -> None:
    spec = full_report_spec(diner, DINER_ANALYSIS)
    signs = layer(spec["vconcat"][0], "emotion_signs")
    assert "tooltip" not in signs["encoding"]
    assert by_id(spec["datasets"]["touchpoints"])["wait"]["sign"] == "−"


def test_size_shows_friction_or_weekly_volume_and_the_legend_says_which(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    assert layer(spec, "touchpoints")["encoding"]["size"]["legend"]["title"] == "Size: friction (0–10)"
    assert by_id(rows(spec, "touchpoints"))["wait"]["size_value"] == 8
    spec = journey_map_chart(diner, DINER_ANALYSIS, size_by="volume").to_dict()
    assert layer(spec, "touchpoints")["encoding"]["size"]["legend"]["title"] == "Size: customers a week"
    assert by_id(rows(spec, "touchpoints"))["wait"]["size_value"] == pytest.approx(280)  # 0.7 × 400
    with pytest.raises(ValueError, match="size_by"):
        journey_map_chart(diner, DINER_ANALYSIS, size_by="pain")  # type: ignore[arg-type]


def test_volume_falls_back_to_reach_without_customers_per_week(diner: Journey) -> None:
    analysis = copy.deepcopy(DINER_ANALYSIS)
    for row in analysis["touchpoints"]:
        row["weekly_volume"] = None
    layout = journey_map_layout(diner, analysis, size_by="volume")
    assert layout.size_title == "Size: % of customers reaching it"
    assert by_id(layout.nodes)["wait"]["size_value"] == pytest.approx(70)


def test_pain_points_are_outlined_and_carry_their_rank(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    ranks = {row["id"]: row["rank_label"] for row in rows(spec, "pain_ranks")}
    assert ranks == {"wait": "#1", "cook": "#2", "pay_bill": "#3"}
    nodes = by_id(rows(spec, "touchpoints"))
    assert nodes["wait"]["is_pain_point"] and not nodes["walk_in"]["is_pain_point"]
    width = layer(spec, "touchpoints")["encoding"]["strokeWidth"]
    assert width["condition"]["test"] == "datum.is_pain_point"
    assert width["condition"]["value"] > 2 * width["value"]


def test_every_step_shows_its_automation_advice_as_a_badge(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    badges = {row["id"]: row["badge"] for row in rows(spec, "badge_labels")}
    expected = {row["id"]: BADGE_TEXTS[row["automation"]["recommendation"]] for row in DINER_ANALYSIS["touchpoints"]}
    assert badges == expected
    assert badges["ticket"] == "AUTOMATE" and badges["greet"] == "KEEP HUMAN"
    legend = layer(spec, "badges")["encoding"]["fill"]
    assert legend["scale"]["domain"] == ["automate", "assist", "keep-human", "not-a-priority"]


def test_drop_off_and_completion_are_marked_where_customers_leave(diner: Journey) -> None:
    exits = {row["id"]: row["exit_text"] for row in rows(journey_map_chart(diner, DINER_ANALYSIS).to_dict(), "exits")}
    assert exits == {"walk_in": "↘ 5% leave here", "wait": "↘ 14% leave here", "pay_bill": "✓ 81% finish here"}


def test_a_goal_step_shows_completion_whether_its_drop_off_is_null_or_zero(diner: Journey) -> None:
    analysis = copy.deepcopy(DINER_ANALYSIS)
    analysis["touchpoints"][-1]["drop_off"] = 0.0
    assert by_id(journey_map_layout(diner, analysis).nodes)["pay_bill"]["exit_text"] == "✓ 81% finish here"


def test_tooltips_hold_the_full_name_and_figures(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    tooltip_fields = [item["field"] for item in layer(spec, "touchpoints")["encoding"]["tooltip"]]
    assert {"name", "tip_emotion", "tip_friction", "tip_reach", "tip_advice", "tip_reasons"} <= set(tooltip_fields)
    walk_in = by_id(rows(spec, "touchpoints"))["walk_in"]
    assert walk_in["name"] == "Walks in and looks for a free table"
    assert walk_in["tip_reach"] == "100%" and walk_in["tip_volume"] == "400"
    assert walk_in["tip_advice"] == "keep human (fit 20, empathy risk 70)"
    assert walk_in["tip_reasons"] == "Reason about walk_in."
    assert walk_in["tip_firmness"] == "Borderline: about walk_in." and "tip_firmness" in tooltip_fields


# --- connections ---------------------------------------------------------------------------------


def test_connections_are_drawn_support_ones_dashed(diner: Journey) -> None:
    spec = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    points = rows(spec, "connections")
    kinds = {point["edge"]: point["kind"] for point in points}
    assert kinds == {f"{c['from']}→{c['to']}": c.get("kind", "flow") for c in DINER["connections"]}
    dash = layer(spec, "connections")["encoding"]["strokeDash"]
    assert dash["field"] == "kind"
    flow_dash, support_dash = dash["scale"]["range"]
    assert dash["scale"]["domain"] == ["flow", "support"]
    assert flow_dash == [] and support_dash[1] > 0  # solid, dashed
    assert len(rows(spec, "arrowheads")) == len(DINER["connections"])


def test_each_line_runs_from_its_source_to_its_target(diner: Journey) -> None:
    layout = journey_map_layout(diner, DINER_ANALYSIS)
    nodes = by_id(layout.nodes)
    for edge in ("walk_in→wait", "greet→menu"):
        points = sorted((p for p in layout.edge_points if p["edge"] == edge), key=lambda p: p["order"])
        source, target = edge.split("→")
        assert (points[0]["x"], points[0]["y"]) == (nodes[source]["x"], nodes[source]["y"])
        assert (points[-1]["x"], points[-1]["y"]) == pytest.approx((nodes[target]["x"], nodes[target]["y"]))


def test_a_line_that_would_cross_a_step_bows_around_it(diner: Journey) -> None:
    layout = journey_map_layout(diner, DINER_ANALYSIS)
    nodes = by_id(layout.nodes)
    # walk_in → menu passes over "wait", which sits between them in the same row.
    points = [p for p in layout.edge_points if p["edge"] == "walk_in→menu"]
    wait = nodes["wait"]
    closest = min(((p["x"] - wait["x"]) ** 2 + (p["y"] - wait["y"]) ** 2) ** 0.5 for p in points)
    assert closest > wait["radius"] + 10
    # walk_in → wait has nothing in the way: it stays straight (every point on the row).
    assert {p["y"] for p in layout.edge_points if p["edge"] == "walk_in→wait"} == {nodes["walk_in"]["y"]}


def test_shares_are_labelled_where_the_file_gives_them(diner: Journey) -> None:
    labels = {row["edge"]: row["text"] for row in rows(journey_map_chart(diner, DINER_ANALYSIS).to_dict(), "share_labels")}
    assert labels == {"walk_in→wait": "70%", "walk_in→menu": "25%", "wait→menu": "80%"}


def test_a_retry_loop_shows_as_two_separate_lines() -> None:
    data = {
        "title": "Retry", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "a", "name": "Fills in the form", "stage": "s"}, {"id": "b", "name": "Error", "stage": "s"}],
        "connections": [{"from": "a", "to": "b", "share": 0.5}, {"from": "b", "to": "a", "share": 0.5}],
    }
    layout = journey_map_layout(journey_from_data(data))
    middle = {p["edge"]: p["y"] for p in layout.edge_points if p["order"] == 8}
    row_y = layout.nodes[0]["y"]
    assert (middle["a→b"] - row_y) * (middle["b→a"] - row_y) < 0  # one above the row, one below


# --- the map as a whole ----------------------------------------------------------------------


def test_every_map_layer_hides_its_axes_the_same_way(diner: Journey) -> None:
    # mixing kept and hidden axes across layers breaks vl-convert
    for item in journey_map_chart(diner, DINER_ANALYSIS).to_dict()["layer"]:
        for channel in ("x", "y"):
            assert item["encoding"][channel]["axis"] is None, (item["name"], channel)


def test_title_and_persona_head_the_map(diner: Journey) -> None:
    title = journey_map_chart(diner, DINER_ANALYSIS).to_dict()["title"]
    assert title["text"] == "Corner Diner: a weekday lunch"
    assert title["subtitle"][0] == "Persona: Maya — Office worker with a 45-minute lunch break"
    assert "81% complete the journey" in title["subtitle"][1]


def test_selection_is_offered_only_when_asked(diner: Journey) -> None:
    plain = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    assert "params" not in plain and "params" not in layer(plain, "touchpoints")
    selectable = journey_map_chart(diner, DINER_ANALYSIS, selectable=True).to_dict()
    (param,) = selectable["params"]  # Altair lifts a layer's selection to the top, naming its view
    assert param["name"] == "touchpoint" and param["views"] == ["touchpoints"]
    assert param["select"]["type"] == "point" and param["select"]["fields"] == ["id"]


def test_map_is_sized_to_the_journey(diner: Journey) -> None:
    small = journey_map_chart(diner, DINER_ANALYSIS).to_dict()
    data = copy.deepcopy(DINER)
    data["stages"] += [{"id": f"more{i}", "name": f"More {i}"} for i in range(4)]
    data["touchpoints"] += [{"id": f"m{i}", "name": "More", "stage": f"more{i}"} for i in range(4)]
    larger = journey_map_chart(journey_from_data(data)).to_dict()
    assert larger["width"] == pytest.approx(small["width"] + 4 * 210)
    assert larger["height"] == small["height"]


# --- emotion curve ---------------------------------------------------------------------------


def test_emotion_curve_follows_the_most_probable_path_with_peak_and_end(diner: Journey) -> None:
    spec = emotion_curve_chart(diner, DINER_ANALYSIS).to_dict()
    points = layer(spec, "emotion_lines")["data"]["values"]
    customer = [(p["id"], p["emotion"]) for p in points if p["series"] == "Customer"]
    assert customer == [("walk_in", 1), ("wait", -3), ("menu", 0), ("order_food", 1), ("eat_food", 4), ("pay_bill", -1)]
    markers = {p["id"]: p["marker"] for p in points if p["marker"]}
    assert markers == {"eat_food": "peak", "pay_bill": "end"}
    # Staff emotion is a second series, only where recorded on the path.
    assert [(p["id"], p["emotion"]) for p in points if p["series"] == "Staff"] == [("order_food", 2)]
    zero = layer(spec, "zero_line")
    assert zero["mark"]["type"] == "rule" and zero["data"]["values"] == [{"emotion": 0}]
    assert "56%" not in spec["title"]["subtitle"] and "50%" in spec["title"]["subtitle"]


def test_each_point_of_the_curve_is_shaped_by_its_emotions_sign(diner: Journey) -> None:
    spec = emotion_curve_chart(diner, DINER_ANALYSIS).to_dict()
    points = layer(spec, "emotion_points")
    shapes = {(row["id"], row["series"]): row["sign"] for row in points["data"]["values"]}
    assert shapes[("wait", "Customer")] == "− below 0" and shapes[("menu", "Customer")] == "0"
    assert shapes[("eat_food", "Customer")] == "+ above 0" and shapes[("order_food", "Staff")] == "+ above 0"
    shape = points["encoding"]["shape"]
    assert dict(zip(shape["scale"]["domain"], shape["scale"]["range"])) == {
        "+ above 0": "triangle-up", "0": "circle", "− below 0": "triangle-down"}
    assert shape["legend"]["title"] == "Sign"
    assert points["encoding"]["color"] == layer(spec, "emotion_lines")["encoding"]["color"]  # one legend of whose


def test_the_negative_peak_wins_a_tie() -> None:
    data = {
        "title": "Tie", "stages": [{"id": "s", "name": "S"}],
        "touchpoints": [{"id": "a", "name": "A", "stage": "s", "emotion": 4}, {"id": "b", "name": "B", "stage": "s", "emotion": -4},
                        {"id": "c", "name": "C", "stage": "s", "emotion": 1}],
    }
    journey = journey_from_data(data)
    points = layer(emotion_curve_chart(journey, analyze(journey)).to_dict(), "emotion_lines")["data"]["values"]
    assert {p["id"]: p["marker"] for p in points if p["marker"]} == {"b": "peak", "c": "end"}


# --- automation matrix -----------------------------------------------------------------------


def test_automation_matrix_places_every_step_with_named_quadrants() -> None:
    spec = automation_matrix_chart(DINER_ANALYSIS, fit_threshold=65, risk_threshold=40).to_dict()
    dots = by_id(layer(spec, "steps")["data"]["values"])
    assert len(dots) == 10
    assert (dots["ticket"]["fit"], dots["ticket"]["risk"], dots["ticket"]["recommendation"]) == (85, 10, "automate")
    assert layer(spec, "steps")["encoding"]["x"]["field"] == "fit"
    assert layer(spec, "steps")["encoding"]["y"]["field"] == "risk"
    assert layer(spec, "fit_threshold")["data"]["values"][0]["fit"] == 65
    assert layer(spec, "risk_threshold")["data"]["values"][0]["risk"] == 40
    quadrants = {q["recommendation"]: q for q in layer(spec, "quadrants")["data"]["values"]}
    assert (quadrants["automate"]["x"], quadrants["automate"]["y2"]) == (65, 40)
    assert (quadrants["keep-human"]["x2"], quadrants["keep-human"]["y"]) == (65, 40)
    labels = {row["label"] for row in layer(spec, "step_labels")["data"]["values"]}
    assert "Order ticket to the kitchen" in labels


# --- full report and labels --------------------------------------------------------------------


def test_full_report_holds_the_map_with_its_emotion_lane_and_no_separate_curve(diner: Journey) -> None:
    spec = full_report_chart(diner, DINER_ANALYSIS).to_dict()
    (journey_map,) = spec["vconcat"]
    # Altair suffixes the layer names of concatenated charts ("touchpoints_0").
    names = [item.get("name", "") for item in journey_map["layer"]]
    assert any(name.startswith("touchpoints") for name in names) and any(name.startswith("emotion_lane_lines") for name in names)
    assert spec["title"]["text"] == DINER["title"]


def test_the_image_spec_draws_what_the_altair_report_draws(diner: Journey) -> None:
    plain = full_report_spec(diner, DINER_ANALYSIS, size_by="volume")
    chart = full_report_chart(diner, DINER_ANALYSIS, size_by="volume").to_dict()
    assert plain["datasets"] == chart["datasets"] and plain["title"] == chart["title"]
    for plain_part, chart_part in zip(plain["vconcat"], chart["vconcat"], strict=True):
        # Altair only renames concatenated layers ("touchpoints" → "touchpoints_0").
        for plain_layer, chart_layer in zip(plain_part["layer"], chart_part["layer"], strict=True):
            assert chart_layer.pop("name").startswith(plain_layer.pop("name"))
            assert plain_layer == chart_layer
    # An image cannot show tooltips, so the image's map carries none; the app's map does.
    assert not any("tooltip" in item["encoding"] for item in plain["vconcat"][0]["layer"])
    assert "tooltip" in layer(journey_map_chart(diner, DINER_ANALYSIS).to_dict(), "touchpoints")["encoding"]


def test_changing_a_returned_spec_leaves_later_ones_alone(diner: Journey) -> None:
    pristine = copy.deepcopy(full_report_spec(diner, DINER_ANALYSIS))
    spec = full_report_spec(diner, DINER_ANALYSIS)
    spec["config"]["padding"] = 0
    fill = layer(spec["vconcat"][0], "touchpoints")["encoding"]["fill"]
    fill["scale"]["range"][0] = "#000000"
    spec["datasets"]["blueprint_lines"][1]["dash"].append(99)
    assert full_report_spec(diner, DINER_ANALYSIS) == pristine


@pytest.mark.parametrize("selectable", [False, True])
@pytest.mark.parametrize("title", [False, True])
@pytest.mark.parametrize("size_by", ["friction", "volume"])
def test_the_map_made_without_altair_is_the_map_altair_writes(diner: Journey, selectable: bool, title: bool,
                                                               size_by: str) -> None:
    # the app shows journey_map_json; images and the library's users get the Altair chart
    chart = journey_map_chart(diner, DINER_ANALYSIS, size_by=size_by, selectable=selectable, title=title)
    made = journey_map_json(diner, DINER_ANALYSIS, size_by=size_by, selectable=selectable, title=title)
    assert made == chart.to_dict()
    assert ("params" in made) is selectable and ("title" in made) is title


def test_the_curve_made_without_altair_is_the_curve_altair_writes(diner: Journey) -> None:
    assert emotion_curve_json(diner, DINER_ANALYSIS) == emotion_curve_chart(diner, DINER_ANALYSIS).to_dict()
    assert emotion_curve_json(diner, DINER_ANALYSIS, width=500) == emotion_curve_chart(diner, DINER_ANALYSIS, width=500).to_dict()


def test_changing_a_map_made_without_altair_leaves_the_next_one_alone(diner: Journey) -> None:
    pristine = journey_map_json(diner, DINER_ANALYSIS, selectable=True)
    made = journey_map_json(diner, DINER_ANALYSIS, selectable=True)
    made["config"]["view"]["continuousWidth"] = 1
    made["params"][0]["select"]["fields"].append("name")
    assert journey_map_json(diner, DINER_ANALYSIS, selectable=True) == pristine


def test_peak_and_end_labels_give_the_signed_emotion(diner: Journey) -> None:
    labels = layer(emotion_curve_chart(diner, DINER_ANALYSIS).to_dict(), "peak_end_labels")["data"]["values"]
    assert [(row["id"], row["marker_text"], row["label_y"]) for row in labels] == [
        ("eat_food", "peak +4", pytest.approx(4.95)), ("pay_bill", "end −1", pytest.approx(-1.95))]


def test_label_lines_wrap_and_shorten() -> None:
    assert label_lines("Short") == ["Short"]
    lines = label_lines("A very long touchpoint name that goes on and on about the waiting room", width=20, max_lines=2)
    assert len(lines) == 2 and all(len(line) <= 20 for line in lines) and lines[-1].endswith("…")
    assert label_lines("x" * 50, width=20, max_lines=1) == ["x" * 19 + "…"]


def test_latin_text_with_accents_is_measured_one_column_a_character() -> None:
    # the quick measure of text below U+0300 (names are measured on every redraw); marks from
    # U+0300 on join the letter before them and take no column of their own
    assert label_lines("Réservé à l'équipe de nuit, près du comptoir", width=20, max_lines=2) == [
        "Réservé à l'équipe", "de nuit, près du…"]
    assert label_lines("Re\u0301serve\u0301 a\u0300 l'e\u0301quipe de nuit, pre\u0300s du comptoir",
                       width=20, max_lines=2) == [
        "Re\u0301serve\u0301 a\u0300 l'e\u0301quipe", "de nuit, pre\u0300s du…"]


def matrix_analysis(*steps: tuple[str, str, float, float, str]) -> dict[str, Any]:
    """The real analysis of a one-stage journey of these (id, name, fit, risk, advice) steps, its
    scores and advice set by hand."""
    journey = journey_from_data({"title": "Matrix", "stages": [{"id": "s", "name": "S"}],
                                 "touchpoints": [{"id": id_, "name": name, "stage": "s"} for id_, name, *_ in steps]})
    return analysis_with_advice(journey, {id_: (fit, risk, advice) for id_, _, fit, risk, advice in steps})


def test_automation_matrix_names_only_points_with_room_for_their_name() -> None:
    analysis = matrix_analysis(("a", "Sends the invoice", 80, 10, "automate"), ("b", "Sends the receipt", 80, 10, "automate"),
                               ("c", "Breaks bad news", 20, 90, "keep-human"))
    spec = automation_matrix_chart(analysis).to_dict()
    assert len(layer(spec, "steps")["data"]["values"]) == 3  # every point drawn, with its tooltip
    named = [row["id"] for row in layer(spec, "step_labels")["data"]["values"]]
    assert named == ["c", "a"]  # b sits on a: its name would cover a's


def test_automation_matrix_leaves_room_around_its_square() -> None:
    analysis = matrix_analysis(("a", "A", 100, 0, "automate"))
    spec = automation_matrix_chart(analysis).to_dict()
    (dots,) = [item for item in spec["layer"] if item.get("name") == "steps"]
    low, high = dots["encoding"]["y"]["scale"]["domain"]
    assert low < 0 and high > 100  # a step at zero risk or full fit is drawn whole, not cut by the frame
    quadrants = [q for item in spec["layer"] if item.get("name") == "quadrants" for q in item["data"]["values"]]
    assert min(q["x"] for q in quadrants) == low and max(q["y2"] for q in quadrants) == high  # colour to the edge


def test_automation_matrix_has_its_advice_legend() -> None:
    analysis = matrix_analysis(("a", "A", 70, 10, "automate"))
    spec = automation_matrix_chart(analysis).to_dict()
    # the quadrants share the dots' colour scale with legend=None; merged, that hid the legend altogether
    assert spec["resolve"]["legend"]["color"] == "independent"
    (dots,) = [item for item in spec["layer"] if item.get("name") == "steps"]
    assert dots["encoding"]["color"]["legend"]["title"] == "Advice"


def test_the_emotion_curve_keeps_its_height_under_its_title_and_legend() -> None:
    journey = journey_from_data({"title": "T", "stages": [{"id": "s", "name": "S"}],
                                 "touchpoints": [{"id": "a", "name": "A", "stage": "s", "emotion": -3},
                                                 {"id": "b", "name": "B", "stage": "s", "emotion": 2}],
                                 "connections": [{"from": "a", "to": "b"}]})
    spec = emotion_curve_chart(journey, analyze(journey)).to_dict()
    # Streamlit fits a chart without autosize into its height, title and legend included: the plot went flat
    assert spec["autosize"] == {"type": "pad"} and spec["height"] == 300


def test_automation_matrix_keeps_its_plot_height_and_names_crowded_steps_without_overlap() -> None:
    steps = [("a", 60), ("b", 57), ("c", 54), ("d", 25)]  # every step unscored: all at fit 0
    analysis = matrix_analysis(*((name, f"Step {name}", 0, risk, "keep-human" if risk >= 50 else "not-a-priority")
                                 for name, risk in steps))
    spec = automation_matrix_chart(analysis).to_dict()
    # the names are placed for a 460-px plot: Streamlit's default "fit" squeezed it and they overlapped
    assert spec["autosize"]["type"] == "fit-x" and spec["height"] == 460
    (labels,) = [item for item in spec["layer"] if item.get("name") == "step_labels"]
    # 3 risk points apart is 12.8 px at 460 px for 108 points of scale: b's name would cover a's
    assert [row["label"] for row in labels["data"]["values"]] == ["Step a", "Step c", "Step d"]


def test_automation_matrix_names_no_step_over_a_quadrant_name() -> None:
    # a step at full fit and no risk sits in the "Automate" corner: its name would cover the quadrant's
    analysis = matrix_analysis(("a", "Stock count", 98, 0, "automate"))
    spec = automation_matrix_chart(analysis).to_dict()
    (labels,) = [item for item in spec["layer"] if item.get("name") == "step_labels"]
    assert labels["data"]["values"] == []


def test_the_html_reports_curve_is_kept_low_with_its_legend_beside_it() -> None:
    from journeymap.charts import IMAGE_CURVE_HEIGHT
    from journeymap.charts.curve import curve_spec

    journey = journey_from_data({"title": "T", "stages": [{"id": "s", "name": "S"}],
                                 "touchpoints": [{"id": "a", "name": "A", "stage": "s", "emotion": 1},
                                                 {"id": "b", "name": "B", "stage": "s", "emotion": -1}],
                                 "connections": [{"from": "a", "to": "b"}]})
    analysis = analyze(journey)
    # the HTML report draws the curve in a section of its own; images only have the map's emotion lane
    image_curve = curve_spec(journey, analysis, legend_orient="right", height=IMAGE_CURVE_HEIGHT)
    app_curve = emotion_curve_chart(journey, analysis).to_dict()
    assert (image_curve["height"], app_curve["height"]) == (IMAGE_CURVE_HEIGHT, 300) and IMAGE_CURVE_HEIGHT < 300

    def legend_orients(spec: dict[str, Any]) -> set[str]:
        return {layer["encoding"]["color"]["legend"]["orient"] for layer in spec["layer"]
                if (layer.get("encoding", {}).get("color") or {}).get("legend")}

    assert legend_orients(image_curve) == {"right"} and legend_orients(app_curve) == {"top"}
