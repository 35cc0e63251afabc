"""The emotion curve: the customer's emotion (and staff's) step by step along the most probable path.

The customer's peak and end, what they will remember of the journey (the peak–end rule), are
ringed and named. The app shows it under the map; images draw it below the map as well
(:mod:`journeymap.charts.report`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt

from journeymap.charts.style import (CUSTOMER_LINE, EMOTION_SIGNS, FONT, INK, MUTED, STAFF_LINE, emotion_text,
                                     finite_number, label_lines, percent_or_unknown)
from journeymap.charts.wrap import as_layer_chart, layer_chart_json
from journeymap.model import Journey

__all__ = ["curve_spec", "emotion_curve_chart", "emotion_curve_json", "emotion_curve_rows"]

_SERIES_COLOURS = {"Customer": CUSTOMER_LINE, "Staff": STAFF_LINE}
#: Each point's shape says its emotion's sign, as the sign in a mark of the map does.
_SIGN_SHAPES = {f"{EMOTION_SIGNS[1]} above 0": "triangle-up", "0": "circle", f"{EMOTION_SIGNS[-1]} below 0": "triangle-down"}


def emotion_curve_rows(journey: Journey, analysis: Mapping[str, Any] | None) -> tuple[list[dict[str, Any]], str]:
    """The points of the emotion curve along the most probable path, and a caption saying which path.

    One row per step and series (``"Customer"``, ``"Staff"``), steps with no recorded emotion left
    out; ``marker`` is ``"peak"`` and/or ``"end"`` on the customer's peak (largest magnitude, ties:
    the negative one) and last recorded emotion. Without paths (no flow connections) the curve
    follows the customer lane in file order.
    """
    steps, caption = _curve_path(journey, analysis)
    rows = _curve_points(journey, steps)
    _mark_peak_and_end(rows)
    return rows, caption


def _curve_path(journey: Journey, analysis: Mapping[str, Any] | None) -> tuple[list[str], str]:
    """The steps the curve follows, and the caption that says which they are."""
    paths = analysis["paths"] if analysis else []
    known = {tp.id for tp in journey.touchpoints}
    if paths and paths[0]["steps"]:
        # a cached analysis may name steps deleted since: they are skipped
        steps = [step for step in paths[0]["steps"] if step in known]
        probability = finite_number(paths[0]["probability"])
        caption = "Along the most probable path" + (f" ({percent_or_unknown(probability)} of customers)" if probability is not None else "")
        return steps, caption
    steps = [tp.id for tp in journey.touchpoints if tp.lane == "customer"]
    return steps, "Along the customer lane, in file order (no flow connections to follow)"


def _curve_points(journey: Journey, steps: list[str]) -> list[dict[str, Any]]:
    """One row per step and recorded emotion (the customer's, then the staff's), none marked yet."""
    known = {tp.id: tp for tp in journey.touchpoints}
    rows: list[dict[str, Any]] = []
    for position, step in enumerate(steps):
        touchpoint = known[step]
        label = "\n".join(label_lines(f"{position + 1}. {touchpoint.name}", width=17, max_lines=3))
        for series, value in (("Customer", touchpoint.emotion), ("Staff", touchpoint.staff_emotion)):
            if value is None:
                continue
            rows.append(
                {
                    "position": position,
                    "step": label,
                    "id": step,
                    "name": touchpoint.name,
                    "series": series,
                    "emotion": float(value),
                    "sign": _sign_name(value),
                    "feeling": touchpoint.feeling or "",
                    "marker": "",
                }
            )
    return rows


def _sign_name(value: float) -> str:
    """The name of an emotion's sign, as the curve's legend shows it.

    Examples
    --------
    >>> _sign_name(2), _sign_name(0), _sign_name(-0.5)
    ('+ above 0', '0', '− below 0')
    """
    names = list(_SIGN_SHAPES)
    return names[0] if value > 0 else names[2] if value < 0 else names[1]


def _mark_peak_and_end(rows: list[dict[str, Any]]) -> None:
    """Mark the customer's peak (largest magnitude, ties: the negative one) and end, in place."""
    customer_points = [index for index, row in enumerate(rows) if row["series"] == "Customer"]
    if not customer_points:
        return
    peak = max(customer_points, key=lambda i: (abs(rows[i]["emotion"]), -rows[i]["emotion"]))
    end = customer_points[-1]
    for index, word in ((peak, "peak"), (end, "end")):
        rows[index]["marker"] = word if not rows[index]["marker"] else rows[index]["marker"] + " & " + word


def emotion_curve_chart(journey: Journey, analysis: Mapping[str, Any] | None = None, *, width: float | None = None) -> alt.LayerChart:
    """The customer's emotion step by step along the most probable path, staff's as a second series.

    A zero line separates good from bad; the customer's peak and end, what they will remember
    (peak–end rule), are ringed and named.

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks", "stage": "s", "emotion": -2},
    ...                   {"id": "sip", "name": "Sips", "stage": "s", "emotion": 3}],
    ...   "connections": [{"from": "ask", "to": "sip"}]}''')
    >>> rows = emotion_curve_chart(journey, analyze(journey)).to_dict()["layer"][1]["data"]["values"]
    >>> [(row["id"], row["emotion"], row["marker"]) for row in rows]
    [('ask', -2.0, ''), ('sip', 3.0, 'peak & end')]
    """
    return as_layer_chart(_padded_curve_spec(journey, analysis, width))


def emotion_curve_json(journey: Journey, analysis: Mapping[str, Any] | None = None, *,
                       width: float | None = None) -> dict[str, Any]:
    """The curve of :func:`emotion_curve_chart` as its Vega-Lite JSON, made without Altair (faster).

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks", "stage": "s", "emotion": -2}]}''')
    >>> emotion_curve_json(journey, analyze(journey)) == emotion_curve_chart(journey, analyze(journey)).to_dict()
    True
    """
    return layer_chart_json(_padded_curve_spec(journey, analysis, width))


def _padded_curve_spec(journey: Journey, analysis: Mapping[str, Any] | None, width: float | None) -> dict[str, Any]:
    spec = curve_spec(journey, analysis, width=width)
    # "pad", as the map: the title, legend and step names add to the curve's size; Streamlit's "fit"
    # squeezed the -5…+5 plot to a flat 100 px under them
    spec["autosize"] = {"type": "pad"}
    return spec


def curve_spec(journey: Journey, analysis: Mapping[str, Any] | None, *, width: float | None = None,
               legend_orient: str = "top", height: float = 300) -> dict[str, Any]:
    """The emotion curve as a layered Vega-Lite spec, plain JSON with its data inline.

    The legend goes on top where the curve scrolls sideways (the app: in view before scrolling);
    an image, seen whole, keeps it at the right, which adds no height to a canvas as wide as the map.
    """
    rows, caption = emotion_curve_rows(journey, analysis)
    order = [step for _, step in sorted({(row["position"], row["step"]) for row in rows})]
    chart_width = width if width is not None else max(560, 150 * max(1, len(order)))
    x_enc, y_enc = _step_encoding(order), _emotion_encoding()
    layers = [
        {"name": "zero_line", "data": {"values": [{"emotion": 0}]}, "mark": {"type": "rule", "color": "#7b8794", "strokeWidth": 2}, "encoding": {"y": y_enc}},
        *_series_layers(rows, x_enc, y_enc, legend_orient),
        *_peak_end_layers(rows, x_enc, y_enc),
    ]
    title = {"text": "Emotion curve", "subtitle": caption, "anchor": "start", "fontSize": 22, "subtitleFontSize": 15, "color": INK,
             "subtitleColor": MUTED, "font": FONT, "subtitleFont": FONT}
    return {"layer": layers, "width": chart_width, "height": height, "title": title}


def _step_encoding(order: list[str]) -> dict[str, Any]:
    """The x axis: the steps in path order, their numbered names under the plot."""
    x_enc: dict[str, Any] = {
        "field": "step",
        "type": "nominal",
        "sort": order,
        "axis": {"title": None, "labelAngle": 0, "labelExpr": "split(datum.label, '\\n')", "labelFontSize": 13, "labelLimit": 0,
                 "labelLineHeight": 16, "labelPadding": 8, "ticks": False, "domain": False, "labelColor": INK},
    }
    if order:
        x_enc["scale"] = {"domain": order}
    return x_enc


def _emotion_encoding() -> dict[str, Any]:
    """The y axis: emotion from −5 to +5, with room above and below for the peak and end labels."""
    y_scale = {"domain": [-6.2, 6.2], "nice": False}
    y_axis = {"title": "Emotion (−5 … +5)", "values": [-5, -3, 0, 3, 5], "labelExpr": "datum.value > 0 ? '+' + datum.label : datum.label",
              "titleFontSize": 15, "labelFontSize": 13, "grid": True, "gridOpacity": 0.35, "labelColor": INK, "titleColor": INK}
    return {"field": "emotion", "type": "quantitative", "scale": y_scale, "axis": y_axis}


def _series_layers(rows: list[dict[str, Any]], x_enc: dict[str, Any], y_enc: dict[str, Any],
                   legend_orient: str) -> list[dict[str, Any]]:
    """A line per series, the customer's solid, the staff's dashed, with its legend; then its points,
    each shaped by its emotion's sign (a triangle up above 0, down below, a circle at 0)."""
    series = [name for name in ("Customer", "Staff") if any(row["series"] == name for row in rows)] or ["Customer"]
    direction = "horizontal" if legend_orient == "top" else "vertical"
    legend = {"title": "Whose emotion", "orient": legend_orient, "direction": direction, "labelFontSize": 14, "titleFontSize": 14,
              "symbolSize": 120, "labelColor": INK, "titleColor": INK}
    colour = {
        "field": "series",
        "type": "nominal",
        "scale": {"domain": series, "range": [_SERIES_COLOURS[name] for name in series]},
        "legend": legend,
    }
    tooltip = [
        {"field": "name", "type": "nominal", "title": "Step"},
        {"field": "series", "type": "nominal", "title": "Whose"},
        {"field": "emotion", "type": "quantitative", "title": "Emotion", "format": "+.1f"},
        {"field": "feeling", "type": "nominal", "title": "Feeling"},
    ]
    # all three signs in the legend, whichever the curve has: the same key on every curve
    shape = {
        "field": "sign",
        "type": "nominal",
        "scale": {"domain": list(_SIGN_SHAPES), "range": list(_SIGN_SHAPES.values())},
        "legend": {**legend, "title": "Sign", "symbolFillColor": INK, "symbolStrokeColor": INK},
    }
    return [
        {
            "name": "emotion_lines",
            "data": {"values": rows},
            "mark": {"type": "line", "strokeWidth": 3.5},
            "encoding": {
                "x": x_enc,
                "y": y_enc,
                "color": colour,
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "scale": {"domain": series, "range": [[] if name == "Customer" else [8, 5] for name in series]},  # [] is solid
                    "legend": None,
                },
                "tooltip": tooltip,
            },
        },
        {
            "name": "emotion_points",
            "data": {"values": rows},
            "mark": {"type": "point", "size": 150, "filled": True, "opacity": 1},
            "encoding": {"x": x_enc, "y": y_enc, "color": colour, "shape": shape, "tooltip": tooltip},
        },
    ]


def _peak_end_layers(rows: list[dict[str, Any]], x_enc: dict[str, Any], y_enc: dict[str, Any]) -> list[dict[str, Any]]:
    """Rings around the peak and end, and their labels with the signed emotion."""
    # Labels above a point at or above zero, below one under it, so they never sit on the line.
    marked = [
        {**row, "marker_text": f"{row['marker']} {emotion_text(row['emotion'])}", "label_y": row["emotion"] + (0.95 if row["emotion"] >= 0 else -0.95)}
        for row in rows
        if row["marker"]
    ]
    return [
        {
            "name": "peak_end_rings",
            "data": {"values": marked},
            "mark": {"type": "point", "size": 700, "strokeWidth": 3, "color": INK, "filled": False},
            "encoding": {"x": x_enc, "y": y_enc},
        },
        {
            "name": "peak_end_labels",
            "data": {"values": marked},
            "mark": {"type": "text", "fontSize": 15, "fontWeight": "bold", "color": INK, "baseline": "middle"},
            "encoding": {"x": x_enc, "y": {**y_enc, "field": "label_y"}, "text": {"field": "marker_text", "type": "nominal"}},
        },
    ]
