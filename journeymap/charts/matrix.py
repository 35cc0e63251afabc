"""The automation matrix: automation fit (x) against empathy risk (y) for every step.

The threshold lines split the plane into four quadrants named after the advice they give; each step
is a dot coloured by its advice, named where its name has room.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt

from journeymap.charts.style import FONT, INK, MUTED, QUADRANT_NAMES, finite_number, label_lines, overlaps
from journeymap.vocabulary import RECOMMENDATION_COLOURS, RECOMMENDATIONS

__all__ = ["MATRIX_MARGIN", "automation_matrix_chart"]

#: Room around the automation matrix's 0…100 square, in score points.
MATRIX_MARGIN = 4
_LOW, _HIGH = -MATRIX_MARGIN, 100 + MATRIX_MARGIN  # the axes' domain, margin included


def automation_matrix_chart(
    analysis: Mapping[str, Any], fit_threshold: float = 60, risk_threshold: float = 50, *, width: float = 560, height: float = 460
) -> alt.LayerChart:
    """Automation fit (x) against empathy risk (y) for every step, in four named quadrants.

    The threshold lines split the plane into the four recommendations: *automate* (fit high, risk
    low), *assist* (both high), *keep human* (risk high, fit low), *not a priority* (both low).

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Shop", "stages": [{"id": "s", "name": "Pay"}],
    ...   "touchpoints": [{"id": "receipt", "name": "Sends the receipt", "stage": "s", "lane": "support",
    ...     "automation": {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1,
    ...                    "data_sensitivity": 1}}]}''')
    >>> spec = automation_matrix_chart(analyze(journey)).to_dict()
    >>> names = {item["name"]: item for item in spec["layer"]}
    >>> [row["text"] for row in names["quadrant_names_left"]["data"]["values"]]
    ['Keep human', 'Assist (person in the loop)', 'Not a priority', 'Automate']
    >>> [(row["label"], row["fit"], row["risk"], row["recommendation"]) for row in names["steps"]["data"]["values"]]
    [('Sends the receipt', 75.0, 0.0, 'automate')]
    """
    points = _matrix_points(analysis)
    # the colours set here: the app's Streamlit theme would draw axes and legends grey, 3.7:1 on white
    axis_style = {"titleFontSize": 15, "labelFontSize": 13, "values": [0, 20, 40, 60, 80, 100], "labelColor": INK, "titleColor": INK}
    fit_axis = alt.Axis(title="Automation fit →", **axis_style)
    risk_axis = alt.Axis(title="Empathy risk →", **axis_style)
    # a margin around 0…100, so a step at zero risk or full fit is a whole dot, not half one on the edge
    percent_scale = alt.Scale(domain=[_LOW, _HIGH], nice=False)
    x_enc = alt.X("fit:Q", scale=percent_scale, axis=fit_axis)
    y_enc = alt.Y("risk:Q", scale=percent_scale, axis=risk_axis)
    colour_scale = alt.Scale(domain=list(RECOMMENDATIONS), range=[RECOMMENDATION_COLOURS[r] for r in RECOMMENDATIONS])
    quadrants = _quadrants(fit_threshold, risk_threshold)
    backgrounds = alt.Chart(alt.Data(values=quadrants), name="quadrants").mark_rect(opacity=0.08).encode(
        x=alt.X("x:Q", scale=percent_scale, axis=fit_axis),
        x2="x2:Q",
        y=alt.Y("y:Q", scale=percent_scale, axis=risk_axis),
        y2="y2:Q",
        color=alt.Color("recommendation:N", scale=colour_scale, legend=None),
    )
    thresholds = alt.Chart(
        alt.Data(values=[{"fit": fit_threshold, "what": "fit threshold"}]), name="fit_threshold"
    ).mark_rule(strokeDash=[6, 4], color=MUTED, strokeWidth=2).encode(x=x_enc)
    risk_rule = alt.Chart(
        alt.Data(values=[{"risk": risk_threshold, "what": "risk threshold"}]), name="risk_threshold"
    ).mark_rule(strokeDash=[6, 4], color=MUTED, strokeWidth=2).encode(y=y_enc)
    left_labels, right_labels = _quadrant_name_layers(quadrants, x_enc, y_enc, colour_scale)
    dots, point_labels = _step_layers(points, x_enc, y_enc, colour_scale, width, height)
    # the dots carry the legend; the quadrants and their names share its colours but not a legend of their own
    return alt.layer(backgrounds, thresholds, risk_rule, left_labels, right_labels, dots, point_labels).resolve_legend(color="independent").properties(
        width=width,
        height=height,
        # stretched to the page's width, but its height stays the plot's: the labels were placed for it
        # (Streamlit's default "fit" squeezed the plot under the title and axis and names overlapped)
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
        title=alt.TitleParams(text="Where automation fits", subtitle=f"thresholds: fit {fit_threshold:g}, empathy risk {risk_threshold:g}", anchor="start", fontSize=20, subtitleFontSize=14, color=INK, subtitleColor=MUTED),
    )


def _matrix_points(analysis: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One dot per step of the analysis that has both scores."""
    points = []
    for row in analysis["touchpoints"]:
        automation = row["automation"]
        fit, risk = finite_number(automation["fit"]), finite_number(automation["empathy_risk"])
        if fit is None or risk is None:
            continue
        name = row["name"] or row["id"]
        points.append(
            {
                "id": row["id"],
                "name": name,
                "label": label_lines(str(name), width=28, max_lines=1)[0],
                "lane": row["lane"],
                "fit": fit,
                "risk": risk,
                "recommendation": automation["recommendation"] or "",
                "reasons": " ".join(automation["reasons"]),
                "warnings": " ".join(automation["warnings"]) or "none",
            }
        )
    return points


def _quadrants(fit_threshold: float, risk_threshold: float) -> list[dict[str, Any]]:
    """The four quadrants' rectangles, in score points, named by their advice."""
    low, high = _LOW, _HIGH
    return [
        {"x": low, "x2": fit_threshold, "y": risk_threshold, "y2": high, "recommendation": "keep-human"},
        {"x": fit_threshold, "x2": high, "y": risk_threshold, "y2": high, "recommendation": "assist"},
        {"x": low, "x2": fit_threshold, "y": low, "y2": risk_threshold, "recommendation": "not-a-priority"},
        {"x": fit_threshold, "x2": high, "y": low, "y2": risk_threshold, "recommendation": "automate"},
    ]


def _quadrant_name_layers(quadrants: list[dict[str, Any]], x_enc: alt.X, y_enc: alt.Y, colour_scale: alt.Scale) -> tuple[alt.Chart, alt.Chart]:
    """The quadrants' names in their outer corners, the left ones and the right ones."""
    low, high = _LOW, _HIGH
    quadrant_labels = [
        {"fit": low + 1.5 if q["x"] == low else high - 1.5, "risk": high - 2 if q["y2"] == high else low + 2, "text": QUADRANT_NAMES[q["recommendation"]], "align": "left" if q["x"] == low else "right", "recommendation": q["recommendation"]}
        for q in quadrants
    ]
    # Vega-Lite cannot take a text's alignment from data, so each side gets its own layer.
    labels = alt.Chart(alt.Data(values=quadrant_labels)).encode(
        x=x_enc, y=y_enc, text="text:N", color=alt.Color("recommendation:N", scale=colour_scale, legend=None)
    )
    left_labels = labels.transform_filter("datum.align == 'left'").mark_text(
        align="left", fontSize=15, fontWeight="bold", baseline="middle", font=FONT
    ).properties(name="quadrant_names_left")
    right_labels = labels.transform_filter("datum.align == 'right'").mark_text(
        align="right", fontSize=15, fontWeight="bold", baseline="middle", font=FONT
    ).properties(name="quadrant_names_right")
    return left_labels, right_labels


def _step_layers(points: list[dict[str, Any]], x_enc: alt.X, y_enc: alt.Y, colour_scale: alt.Scale, width: float, height: float) -> tuple[alt.Chart, alt.Chart]:
    """The steps' dots, with the advice legend and tooltips, and the names that have room."""
    dots = alt.Chart(alt.Data(values=points), name="steps").mark_circle(size=160, opacity=0.95, stroke="white", strokeWidth=1.5).encode(
        x=x_enc,
        y=y_enc,
        color=alt.Color("recommendation:N", scale=colour_scale, legend=alt.Legend(title="Advice", labelExpr="replace(datum.label, /-/g, ' ')", labelFontSize=13, titleFontSize=14, symbolSize=140,
                                                                labelColor=INK, titleColor=INK)),
        tooltip=[
            alt.Tooltip("name:N", title="Step"),
            alt.Tooltip("fit:Q", title="Fit", format=".0f"),
            alt.Tooltip("risk:Q", title="Empathy risk", format=".0f"),
            alt.Tooltip("recommendation:N", title="Advice"),
            alt.Tooltip("reasons:N", title="Why"),
            alt.Tooltip("warnings:N", title="Watch out"),
        ],
    )
    point_labels = alt.Chart(alt.Data(values=_labels_with_room(points, width, height)), name="step_labels").mark_text(align="left", dx=9, dy=-8, fontSize=12, color=INK, font=FONT).encode(
        x=x_enc, y=y_enc, text="label:N"
    )
    return dots, point_labels


def _labels_with_room(points: list[dict[str, Any]], width: float, height: float) -> list[dict[str, Any]]:
    """The points whose name fits beside them without covering another name or point.

    Crowded points keep their tooltip; writing every name would make a smudge of all of them.
    """
    span = _HIGH - _LOW

    def at(point: dict[str, Any]) -> tuple[float, float]:
        return (point["fit"] - _LOW) / span * width, (1 - (point["risk"] - _LOW) / span) * height

    def box(point: dict[str, Any]) -> tuple[float, float, float, float]:
        x, y = at(point)
        return (x + 8, y - 17, x + 10 + 7 * len(point["label"]), y - 2)

    dots = [(x - 6, y - 6, x + 6, y + 6) for x, y in map(at, points)]
    # the quadrants' names in the four corners (15 px bold, about 9 px a letter)
    names = QUADRANT_NAMES
    corners = [(0, 0, 9 * len(names["keep-human"]) + 12, 22), (width - 9 * len(names["assist"]) - 12, 0, width, 22),
               (0, height - 22, 9 * len(names["not-a-priority"]) + 12, height),
               (width - 9 * len(names["automate"]) - 12, height - 22, width, height)]
    kept: list[dict[str, Any]] = []
    taken: list[tuple[float, float, float, float]] = list(corners)
    # Riskiest first: the steps a workshop argues about are the ones to name.
    for point in sorted(points, key=lambda p: (-p["risk"], -p["fit"])):
        candidate = box(point)
        if candidate[2] > width + 120 or any(overlaps(candidate, other) for other in taken + dots):
            continue
        kept.append(point)
        taken.append(candidate)
    return kept
