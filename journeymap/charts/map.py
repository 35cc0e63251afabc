"""The annotated journey map, drawn as a service blueprint: its Vega-Lite spec and Altair chart.

Every position is computed in Python (:func:`journeymap.charts.layout.journey_map_layout`), so the
layers need no Vega-Lite transforms: Vega draws what it is given. The layers are written as plain
JSON (see :mod:`journeymap.charts.wrap` for why) and layers that draw the same rows (a rectangle and
its text, a mark and its name) share one named dataset.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt

from journeymap.charts.emotion_lane import CUSTOMER_SERIES, SIGNS, STAFF_SERIES
from journeymap.charts.layout import MapLayout, SizeBy, check_size_by, journey_map_layout
from journeymap.charts.map_data import map_datasets
from journeymap.charts.style import (
    CUSTOMER_LINE,
    EMOTION_DOMAIN,
    EMOTION_RANGE,
    FINISH,
    FONT,
    INK,
    LEAVE,
    MUTED,
    NAME_LINE_H,
    NO_EMOTION,
    SCALE_LINE,
    SIZE_RANGE,
    STAFF_LINE,
    ZERO_LINE,
    finite_number,
    label_lines,
    percent_or_unknown,
    signed_or_unrecorded,
)
from journeymap.charts.wrap import as_layer_chart, layer_chart_json
from journeymap.model import Journey
from journeymap.vocabulary import RECOMMENDATION_COLOURS, RECOMMENDATIONS

__all__ = ["journey_map_chart", "journey_map_json", "map_spec", "map_title"]

_TOOLTIP_FIELDS = [
    ("name", "Step"),
    ("stage_name", "Stage"),
    ("lane", "Lane"),
    ("tip_channel", "Channel"),
    ("tip_emotion", "Customer emotion"),
    ("tip_staff_emotion", "Staff emotion"),
    ("tip_friction", "Friction"),
    ("tip_reach", "Reach"),
    ("tip_volume", "Customers a week"),
    ("tip_drop_off", "Leave here"),
    ("tip_pain", "Pain"),
    ("tip_advice", "Automation"),
    ("tip_reasons", "Why"),
    ("tip_warnings", "Watch out"),
    ("tip_firmness", "How firm"),
]
#: The channels whose scales (and legends) each layer keeps to itself.
_INDEPENDENT = ("fill", "stroke", "strokeDash", "shape", "size")


def journey_map_chart(
    journey: Journey,
    analysis: Mapping[str, Any] | None = None,
    *,
    size_by: SizeBy = "friction",
    selectable: bool = False,
    title: bool = True,
) -> alt.LayerChart:
    """The annotated journey map, drawn as a service blueprint.

    Stages are columns, the four lanes rows, with the line of interaction, the line of visibility
    and the line of internal interaction between them. Each touchpoint's mark is coloured by
    emotion (the customer's in the customer and frontstage lanes, drawn as a circle; the staff's in
    the backstage and support lanes, drawn as a square), sized by friction or weekly volume, outlined
    with its rank when it is a pain point, and topped with its automation advice. Flow connections
    carry their share when the file gives one; support connections are dashed; steps where customers
    leave say how many.

    Parameters
    ----------
    journey
        The journey to draw.
    analysis
        ``analyze(journey)``; without it the map shows the journey without figures, badges or pain.
    size_by
        ``"friction"`` (0–10) or ``"volume"`` (customers a week; the share of customers reaching the
        step when the journey has no ``customers_per_week``). The legend says which.
    selectable
        Add a click selection named ``"touchpoint"`` on the touchpoint ``id`` (for the app).
    title
        Put the journey's title and persona above the map.

    Notes
    -----
    The map is drawn in pixels, sized to the journey: in Streamlit show it with
    ``st.altair_chart(chart, width="content")`` (it scrolls sideways when wider than the page);
    ``width="stretch"`` squeezes a wide map until its names overlap.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for a latte", "stage": "s", "emotion": 2}]}''')
    >>> spec = journey_map_chart(journey).to_dict()
    >>> [layer["name"] for layer in spec["layer"]][:4]
    ['emotion_lane', 'lanes', 'stage_separators', 'blueprint_lines']
    """
    return as_layer_chart(*_map_parts(journey, analysis, size_by, title), selectable=selectable)


def journey_map_json(
    journey: Journey,
    analysis: Mapping[str, Any] | None = None,
    *,
    size_by: SizeBy = "friction",
    selectable: bool = False,
    title: bool = True,
) -> dict[str, Any]:
    """The map of :func:`journey_map_chart` as its Vega-Lite JSON, made without Altair (faster).

    The same as ``journey_map_chart(...).to_dict()``, for those who show the spec as it is (the app,
    after every edit).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks for a latte", "stage": "s", "emotion": 2}]}''')
    >>> journey_map_json(journey) == journey_map_chart(journey).to_dict()
    True
    """
    return layer_chart_json(*_map_parts(journey, analysis, size_by, title), selectable=selectable)


def _map_parts(journey: Journey, analysis: Mapping[str, Any] | None, size_by: SizeBy,
               title: bool) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The map's layered spec and its named datasets, as plain JSON."""
    check_size_by(size_by)
    spec, datasets = map_spec(journey_map_layout(journey, analysis, size_by=size_by), tooltips=True)
    if title:
        spec["title"] = map_title(journey, analysis)
    # "pad": the legends and title add to the map's size instead of squeezing it (Streamlit asks for "fit").
    spec["autosize"] = {"type": "pad"}
    return spec, datasets


def map_title(journey: Journey, analysis: Mapping[str, Any] | None) -> dict[str, Any]:
    """The map's title: the journey's, with its persona and headline figures as the subtitle."""
    subtitle = []
    if journey.persona is not None:
        persona = f"Persona: {journey.persona.name}"
        if journey.persona.description:
            persona += " — " + journey.persona.description
        subtitle.extend(label_lines(persona, width=130, max_lines=2))
    facts = []
    if journey.customers_per_week is not None:
        facts.append(f"{journey.customers_per_week:,.0f} customers a week")
    if analysis:
        summary = analysis["journey"]
        completion = finite_number(summary["completion"])
        if completion is not None:
            facts.append(f"{percent_or_unknown(completion)} complete the journey")
        remembered = finite_number(summary["remembered_experience"])
        if remembered is not None:
            facts.append(f"remembered experience {signed_or_unrecorded(remembered)} (peak–end, −5…+5)")
    if facts:
        subtitle.append(" · ".join(facts))
    title: dict[str, Any] = {"text": journey.title, "anchor": "start", "fontSize": 28}
    if subtitle:
        title["subtitle"] = subtitle
    title.update(subtitleFontSize=17, color=INK, subtitleColor=MUTED, offset=14, font=FONT, subtitleFont=FONT)
    return title


def map_spec(layout: MapLayout, *, tooltips: bool) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """The map as a layered Vega-Lite spec (plain JSON, layers back to front) and the datasets it draws.

    ``tooltips=False`` leaves out the tooltips and the text they show: an image has no pointer to
    hover with.
    """
    enc = _Encoder(layout, tooltips)
    lane_band, *lane = _emotion_lane_layers(enc)
    layers = [lane_band, *_background_layers(enc), *_connection_layers(enc), *_touchpoint_layers(enc, layout), *lane]
    if layout.continuations:  # a map wrapped into rows: where a connection goes on in another row
        layers += _continuation_layers(enc)
    resolve = {"scale": {channel: "independent" for channel in _INDEPENDENT}}
    spec = {"layer": layers, "width": layout.width, "height": layout.height, "view": {"stroke": None}, "resolve": resolve}
    return spec, map_datasets(layout, tooltips)


class _Encoder:
    """Encodings on the map's pixel scales. Every layer sets its axes the same way, none at all:
    mixing kept and hidden axes across layers breaks vl-convert."""

    def __init__(self, layout: MapLayout, tooltips: bool) -> None:
        self.x_scale = {"domain": [0, layout.width], "nice": False, "zero": False}
        self.y_scale = {"domain": [0, layout.height], "nice": False, "zero": False, "reverse": True}
        self.tooltips = tooltips

    def xy(self, x_field: str, y_field: str, **more: Any) -> dict[str, Any]:
        return {
            "x": {"field": x_field, "type": "quantitative", "scale": self.x_scale, "axis": None},
            "y": {"field": y_field, "type": "quantitative", "scale": self.y_scale, "axis": None},
            **more,
        }

    def box(self, **more: Any) -> dict[str, Any]:
        """A rectangle from precomputed corners."""
        return self.xy("left", "top", x2={"field": "right"}, y2={"field": "bottom"}, **more)

    def tip(self, *fields: tuple[str, str]) -> dict[str, Any]:
        """A tooltip of these (field, title) pairs, when the map has tooltips."""
        return {"tooltip": [{"field": name, "type": "nominal", "title": title} for name, title in fields]} if self.tooltips else {}


def _text(**properties: Any) -> dict[str, Any]:
    return {"type": "text", "font": FONT, **properties}


def _layer(name: str, dataset: str, mark: dict[str, Any], encoding: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "data": {"name": dataset}, "mark": mark, "encoding": encoding}


def _legend(**properties: Any) -> dict[str, Any]:
    """A legend of the map, styled here rather than by ``configure``: a configured chart could not be
    layered or concatenated by the app, and the map must read on a wall on its own too."""
    style: dict[str, Any] = {
        "orient": "bottom",
        "direction": "horizontal",
        "titleFontSize": 15,
        "labelFontSize": 14,
        "titleLimit": 420,
        "labelLimit": 320,
        "titleOrient": "top",
        "offset": 26,
        "padding": 10,
        # set here: the app's Streamlit theme would draw them grey, 3.7:1 on white
        "labelColor": INK,
        "titleColor": INK,
    }
    return {**style, **properties}


_BAND = {"field": "band", "type": "nominal", "scale": None, "legend": None}


def _background_layers(enc: _Encoder) -> list[dict[str, Any]]:
    """The lanes' bands, the stages' separators, the blueprint lines and the names of all three."""
    return [
        _layer("lanes", "lanes", {"type": "rect", "stroke": None}, enc.xy("x_left", "y_top", x2={"field": "x_right"}, y2={"field": "y_bottom"}, fill=_BAND)),
        _layer("stage_separators", "stages", {"type": "rule", "color": "#c5ccd6", "strokeWidth": 1.5}, enc.xy("x_left", "y_top", y2={"field": "y_bottom"})),
        _layer(
            "blueprint_lines",
            "blueprint_lines",
            {"type": "rule", "color": "#7b8794", "strokeWidth": 2},
            enc.xy("x_left", "y", x2={"field": "x_right"}, strokeDash={"field": "dash", "type": "nominal", "scale": None, "legend": None}),
        ),
        _layer(
            "blueprint_line_labels",
            "blueprint_lines",
            _text(align="left", baseline="top", dy=4, fontSize=13, fontStyle="italic", color=MUTED),
            enc.xy("label_x", "y", text={"field": "label", "type": "nominal"}),
        ),
        _layer(
            "lane_labels",
            "lanes",
            _text(align="left", baseline="middle", dx=10, fontSize=17, fontWeight="bold", lineBreak="\n", lineHeight=21),
            # an empty lane's name is quieter, in a colour that still reads (INK at 55% opacity was 3.4:1)
            enc.xy("x_left", "y", text={"field": "label", "type": "nominal"}, color={"condition": {"test": "datum.empty", "value": MUTED}, "value": INK}),
        ),
        _layer(
            "stage_labels",
            "stages",
            _text(align="center", baseline="middle", fontSize=20, fontWeight="bold", color=INK, lineBreak="\n", lineHeight=23),
            enc.xy("x", "y", text={"field": "label", "type": "nominal"}, **enc.tip(("name", "Stage"))),
        ),
    ]


def _connection_layers(enc: _Encoder) -> list[dict[str, Any]]:
    """The connections' lines (support ones dashed), their arrowheads and their share labels."""
    dash = {
        "field": "kind",
        "type": "nominal",
        "scale": {"domain": ["flow", "support"], "range": [[], [7, 5]]},  # [] is solid
        "legend": _legend(title="Connections", labelExpr="datum.label == 'flow' ? 'flow, with share' : 'support'", symbolStrokeWidth=2.5, symbolSize=500),
    }
    return [
        _layer(
            "connections",
            "connections",
            {"type": "line", "strokeWidth": 2.4, "interpolate": "linear"},
            enc.xy("x", "y", order={"field": "order", "type": "quantitative"}, color={"value": "#616e7c"}, strokeDash=dash),
        ),
        _layer(
            "arrowheads",
            "arrowheads",
            {"type": "point", "shape": "triangle-up", "filled": True, "size": 120, "color": "#616e7c", "opacity": 1},
            enc.xy("x", "y", angle={"field": "angle", "type": "quantitative", "scale": None}),
        ),
        _layer("share_label_background", "share_labels", {"type": "rect", "fill": "white", "stroke": "#9aa5b1", "cornerRadius": 4}, enc.box()),
        _layer(
            "share_labels",
            "share_labels",
            _text(fontSize=14, fontWeight="bold", color=INK, baseline="middle"),
            enc.xy("x", "y", text={"field": "text", "type": "nominal"}, **enc.tip(("edge", "Connection"), ("text", "Share"), ("label", "Label"))),
        ),
    ]


def _touchpoint_layers(enc: _Encoder, layout: MapLayout) -> list[dict[str, Any]]:
    """The advice badges, the touchpoints' marks, pain ranks, names and exits."""
    recommendation_scale = {"domain": list(RECOMMENDATIONS), "range": [RECOMMENDATION_COLOURS[r] for r in RECOMMENDATIONS]}
    badge_fill = {
        "field": "recommendation",
        "type": "nominal",
        "scale": recommendation_scale,
        "legend": _legend(title="Automation advice (badge)", labelExpr="replace(datum.label, /-/g, ' ')", symbolType="square", symbolSize=260),
    }
    advice_tip = enc.tip(("name", "Step"), ("tip_advice", "Automation"))
    return [
        _layer("badges", "badges", {"type": "rect", "cornerRadius": 5}, enc.box(fill=badge_fill, **advice_tip)),
        _layer(
            "badge_labels",
            "badges",
            _text(fontSize=12, fontWeight="bold", color="white", baseline="middle"),
            enc.xy("x", "badge_y", text={"field": "badge", "type": "nominal"}, **advice_tip),
        ),
        _layer("touchpoints", "touchpoints", {"type": "point", "filled": False, "opacity": 1, "fillOpacity": 1}, _mark_encoding(enc, layout)),
        # The emotion's sign in its mark: colour is not the only thing that tells good from bad. It
        # has the mark's tooltip, and a click on it selects the mark's step (the row's id).
        _layer(
            "emotion_signs",
            "touchpoints",
            _text(align="center", baseline="middle", fontWeight="bold"),
            enc.xy(
                "x",
                "y",
                text={"field": "sign", "type": "nominal"},
                color={"field": "sign_colour", "type": "nominal", "scale": None, "legend": None},
                size={"field": "sign_size", "type": "quantitative", "scale": None, "legend": None},
                **enc.tip(*_TOOLTIP_FIELDS),
            ),
        ),
        _layer(
            "pain_ranks",
            "pain_ranks",
            _text(align="left", baseline="bottom", fontSize=17, fontWeight="bold", color="#111111"),
            enc.xy("rank_x", "rank_y", text={"field": "rank_label", "type": "nominal"}, **enc.tip(("name", "Step"), ("tip_pain", "Pain"))),
        ),
        # A box of the lane's colour behind each name keeps it readable where connections cross it.
        # fillOpacity, not opacity: the image renderer paints each shape with an opacity on a layer of its own.
        _layer("touchpoint_name_boxes", "touchpoints", {"type": "rect", "fillOpacity": 0.88, "cornerRadius": 3}, enc.box(fill=_BAND)),
        _layer(
            "touchpoint_names",
            "touchpoints",
            _text(align="center", baseline="top", fontSize=15, color=INK, lineBreak="\n", lineHeight=NAME_LINE_H),
            enc.xy("x", "name_y", text={"field": "label", "type": "nominal"}, **enc.tip(*_TOOLTIP_FIELDS)),
        ),
        _layer(
            "exits",
            "exits",
            _text(align="center", baseline="top", fontSize=14, fontWeight="bold"),
            enc.xy(
                "x",
                "exit_y",
                text={"field": "exit_text", "type": "nominal"},
                color={"condition": {"test": "indexof(datum.exit_text, '↘') == 0", "value": LEAVE}, "value": FINISH},
                **enc.tip(("name", "Step"), ("tip_drop_off", "Leave here")),
            ),
        ),
    ]


def _mark_encoding(enc: _Encoder, layout: MapLayout) -> dict[str, Any]:
    """The touchpoints' marks: filled by emotion, shaped by whose, sized, outlined when a pain point."""
    fill = {
        "condition": {"test": "!datum.has_emotion", "value": NO_EMOTION},
        "field": "colour_value",
        "type": "quantitative",
        "scale": {"domain": list(EMOTION_DOMAIN), "range": list(EMOTION_RANGE), "interpolate": "rgb"},
        "legend": _legend(
            title=["Emotion, −5 … +5: + or − in the mark", "circle: customer's", "square: staff's (backstage, support)"],
            gradientLength=220,
            gradientThickness=18,
            values=[-5, -3, 0, 3, 5],
            labelExpr="datum.value > 0 ? '+' + datum.label : datum.label",
            direction="horizontal",
        ),
    }
    # The emotion legend's title explains the shapes; a legend of its own would crowd the row.
    shape = {
        "field": "emotion_shape",
        "type": "nominal",
        "scale": {"domain": ["Customer's emotion", "Staff's emotion"], "range": ["circle", "square"]},
        "legend": None,
    }
    size = {
        "field": "size_value",
        "type": "quantitative",
        "scale": {"domain": _size_domain(layout), "range": list(SIZE_RANGE), "zero": False},
        "legend": _legend(title=layout.size_title, symbolFillColor="#bbbbbb", symbolStrokeColor=INK, symbolType="circle", tickCount=3),
    }
    stroke = {
        "field": "pain_point",
        "type": "nominal",
        "scale": {"domain": ["Pain point (#rank)", "Other step"], "range": ["#111111", "#7b8794"]},
        "legend": _legend(title="Outline", symbolStrokeWidth=3.5, symbolSize=300, symbolFillColor="white"),
    }
    stroke_width = {"condition": {"test": "datum.is_pain_point", "value": 4.5}, "value": 1.3}
    return enc.xy("x", "y", fill=fill, shape=shape, size=size, stroke=stroke, strokeWidth=stroke_width, **enc.tip(*_TOOLTIP_FIELDS))


def _size_domain(layout: MapLayout) -> list[float]:
    if layout.size_title.endswith("(0–10)"):
        return [0, 10]
    if layout.size_title.endswith("reaching it"):
        return [0, 100]
    return [0, max((row["size_value"] for row in layout.nodes), default=1.0) or 1.0]


def _emotion_lane_layers(enc: _Encoder) -> list[dict[str, Any]]:
    """The emotion lane under the blueprint: its band and title, the −5…+5 scale, the customer's and
    the staff's lines, their points shaped by sign, the peak and end ringed, and signed labels.

    The band comes first (the stage separators run over it); the rest is drawn last, over nothing of
    the blueprint, which ends above it.
    """
    series = {"field": "series", "type": "nominal", "scale": {"domain": [CUSTOMER_SERIES, STAFF_SERIES], "range": [CUSTOMER_LINE, STAFF_LINE]}}
    dash = {"field": "series", "type": "nominal", "scale": {"domain": [CUSTOMER_SERIES, STAFF_SERIES], "range": [[], [9, 5]]}}  # [] is solid
    # one legend, of the colours, its symbols dashed as the lines (the dash's own scale is the layer's
    # alone, so Vega-Lite would give it a second legend)
    title = ["Emotion lane, −5 … +5", "▲ above 0 · ◆ 0 · ▼ below 0"]
    symbol_dash = {"expr": f"datum.value === '{STAFF_SERIES}' ? [9, 5] : [1, 0]"}  # per symbol: datum is its entry
    lines_legend = _legend(title=title, symbolType="stroke", symbolStrokeWidth=3, symbolSize=420, symbolDash=symbol_dash)
    point_tip = enc.tip(("name", "Step"), ("tip_stage", "Stage"), ("tip_whose", "Whose emotion"), ("tip_emotion", "Emotion"),
                        ("tip_path", "Path"), ("tip_marker", "Remembered"))
    return [
        _layer("emotion_lane", "emotion_lane", {"type": "rect", "stroke": None}, enc.xy("x_left", "y_top", x2={"field": "x_right"}, y2={"field": "y_bottom"}, fill=_BAND)),
        _layer(
            "emotion_lane_scale",
            "emotion_lane_scale",
            {"type": "rule"},
            enc.xy("x_left", "y", x2={"field": "x_right"}, color={"condition": {"test": "datum.strong", "value": ZERO_LINE}, "value": SCALE_LINE},
                   strokeWidth={"condition": {"test": "datum.strong", "value": 2}, "value": 1.2}),
        ),
        _layer("emotion_lane_scale_labels", "emotion_lane_scale", _text(align="right", baseline="middle", fontSize=14, fontWeight="bold", color=MUTED),
               enc.xy("label_x", "y", text={"field": "label", "type": "nominal"})),
        _layer(
            "emotion_lane_title",
            "emotion_lane",
            _text(align="left", baseline="middle", dx=10, fontSize=17, fontWeight="bold", color=INK, lineBreak="\n", lineHeight=21),
            enc.xy("x_left", "y", text={"field": "label", "type": "nominal"}, opacity={"condition": {"test": "datum.empty", "value": 0.55}, "value": 1.0}),
        ),
        _layer("emotion_lane_message", "emotion_lane_messages", _text(align="left", baseline="middle", fontSize=15, fontStyle="italic", color=MUTED),
               enc.xy("x", "y", text={"field": "text", "type": "nominal"})),
        _layer(
            "emotion_lane_lines",
            "emotion_lane_lines",
            {"type": "line", "strokeWidth": 3, "interpolate": "linear"},
            enc.xy("x", "y", order={"field": "order", "type": "quantitative"}, detail={"field": "line", "type": "nominal"},
                   color={**series, "legend": lines_legend}, strokeDash={**dash, "legend": None}),
        ),
        _layer(
            "emotion_lane_points",
            "emotion_lane_points",
            {"type": "point", "filled": True, "size": 170, "opacity": 1},
            enc.xy(
                "x", "y",
                shape={"field": "sign", "type": "nominal", "scale": {"domain": list(SIGNS), "range": ["triangle-up", "diamond", "triangle-down"]}, "legend": None},
                color={**series, "legend": None},
                # a step off the most probable path is a lighter point, not joined
                fillOpacity={"condition": {"test": "datum.joined", "value": 1}, "value": 0.4},
                stroke={"value": "white"}, strokeWidth={"value": 1},
                **point_tip,
            ),
        ),
        _layer("emotion_lane_rings", "emotion_lane_rings", {"type": "point", "filled": False, "size": 760, "strokeWidth": 2.5, "color": INK}, enc.xy("x", "y", **point_tip)),
        _layer("emotion_lane_label_boxes", "emotion_lane_labels", {"type": "rect", "fillOpacity": 0.85, "cornerRadius": 3, "fill": "white"}, enc.box()),
        _layer(
            "emotion_lane_labels",
            "emotion_lane_labels",
            _text(align="center", baseline="middle", fontSize=14, fontWeight="bold"),
            # the text at full strength even where its point is lighter: a faded value would not read (4.5:1)
            enc.xy("x", "y", text={"field": "text", "type": "nominal"}, color={**series, "legend": None}),
        ),
    ]


def _continuation_layers(enc: _Encoder) -> list[dict[str, Any]]:
    """The names of the continuation markers of a wrapped map: "→ Pays (row 2)" at the right of a row,
    "Orders (row 1) →" at the left of another (their short lines are the connections' own)."""
    tip = enc.tip(("name", "Step"), ("tip_steps", "Goes on with"), ("tip_rows", "In row"))
    text = {"field": "label", "type": "nominal"}
    style = {"baseline": "middle", "fontSize": 14, "fontWeight": "bold", "color": INK, "lineBreak": "\n", "lineHeight": 17}
    return [
        _layer("continuations_out", "continuations_out", _text(align="left", **style), enc.xy("x", "y", text=text, **tip)),
        _layer("continuations_in", "continuations_in", _text(align="right", **style), enc.xy("x", "y", text=text, **tip)),
    ]
