"""A word above chosen steps of a drawn map: the live workshop's "Discuss this" where the room disagrees.

Works on the map's Vega-Lite JSON (:func:`~journeymap.charts.map.journey_map_json`): one more text
layer on the touchpoints' own positions and scales, so the word sits on its step however the map
was laid out, and the rest of the map is left as it was.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from journeymap.charts.style import FONT

__all__ = ["FLAG_COLOUR", "with_flags"]

#: Dark orange-brown: 7.7:1 on white, 7.1:1 on the lanes' grey, readable from the back of a room; the word says what it flags.
FLAG_COLOUR = "#8a3c00"


def with_flags(chart_json: dict[str, Any], flags: Mapping[str, str]) -> dict[str, Any]:
    """``chart_json`` (a drawn map) with the text ``flags[id]`` just above each of those steps.

    Examples
    --------
    >>> from journeymap import loads
    >>> from journeymap.charts import journey_map_json
    >>> journey = loads('''{"title": "Cafe", "stages": [{"id": "s", "name": "Visit"}], "touchpoints": [
    ...     {"id": "queue", "name": "Queues", "stage": "s"}, {"id": "pay", "name": "Pays", "stage": "s"}]}''')
    >>> flagged = with_flags(journey_map_json(journey), {"pay": "Discuss this"})
    >>> [(row["id"], row["flag"]) for row in flagged["datasets"]["flags"]], flagged["layer"][-1]["name"]
    ([('pay', 'Discuss this')], 'flags')
    """
    if not flags:
        return chart_json
    (steps,) = [layer for layer in chart_json["layer"] if layer.get("name") == "touchpoints"]
    rows = [{"id": row["id"], "name": row["name"], "flag": flags[row["id"]], "x": row["x"],
             "flag_y": row["y"] - row["radius"] - 6}
            for row in chart_json["datasets"]["touchpoints"] if row["id"] in flags]
    x_scale, y_scale = steps["encoding"]["x"]["scale"], steps["encoding"]["y"]["scale"]
    layer = {
        "name": "flags",
        "data": {"name": "flags"},
        "mark": {"type": "text", "font": FONT, "align": "center", "baseline": "bottom", "fontSize": 15,
                 "fontWeight": "bold", "color": FLAG_COLOUR},
        "encoding": {
            "x": {"field": "x", "type": "quantitative", "scale": copy.deepcopy(x_scale), "axis": None},
            "y": {"field": "flag_y", "type": "quantitative", "scale": copy.deepcopy(y_scale), "axis": None},
            "text": {"field": "flag", "type": "nominal"},
            "tooltip": [{"field": "name", "type": "nominal", "title": "Step"},
                        {"field": "flag", "type": "nominal", "title": "The room"}],
        },
    }
    return {**chart_json, "layer": [*chart_json["layer"], layer], "datasets": {**chart_json["datasets"], "flags": rows}}
