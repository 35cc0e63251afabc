"""The full report that images are made of: the map with its title, persona and legend, as one
Vega-Lite spec (:func:`full_report_spec`) or Altair chart.

The customer's emotion curve is the map's emotion lane (:mod:`journeymap.charts.emotion_lane`), each
point under its step: the separate curve that images drew below the map said the same thing
without showing which step a dip belongs to, and is no longer drawn in them. The HTML report still
shows it in its own section (:data:`IMAGE_CURVE_HEIGHT` high), beside the table of the path.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import altair as alt

from journeymap.charts.layout import SizeBy, check_size_by, journey_map_layout
from journeymap.charts.map import map_spec, map_title
from journeymap.charts.map_rows import COMPACT_PER_ROW, Rows, image_rows
from journeymap.charts.style import FONT, INK, PER_ROW
from journeymap.charts.wrap import VConcatChart, as_layer_chart
from journeymap.model import Journey

__all__ = ["IMAGE_CURVE_HEIGHT", "full_report_chart", "full_report_spec"]

#: The emotion curve's plot height in the HTML report's image of it (the app's is 300).
IMAGE_CURVE_HEIGHT = 240

_REPORT_CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": "white",
    "padding": 24,
    "view": {"stroke": None},
    "legend": {
        "orient": "bottom",
        "direction": "horizontal",
        "titleFontSize": 15,
        "labelFontSize": 14,
        "titleLimit": 420,
        "labelLimit": 320,
        "columnPadding": 18,
        "rowPadding": 8,
        "padding": 10,
        "titleOrient": "top",
        "offset": 26,
        "labelColor": INK,
        "titleColor": INK,
    },
    "axis": {"labelFont": FONT, "titleFont": FONT, "labelColor": INK, "titleColor": INK},
}
#: The channels whose scales the map and the curve keep apart.
_CHANNELS = ("color", "fill", "strokeDash", "shape", "size", "stroke")


def full_report_chart(journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction") -> alt.VConcatChart:
    """The map with its title, persona, emotion lane and legend: what an image shows.

    The same picture as :func:`full_report_spec`, as an Altair chart.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}')
    >>> spec = full_report_chart(journey).to_dict()
    >>> len(spec["vconcat"]), spec["title"]["text"]
    (1, 'Coffee')
    """
    spec = full_report_spec(journey, analysis, size_by=size_by)
    parts = [as_layer_chart(part) for part in spec.pop("vconcat")]
    datasets = spec.pop("datasets")
    del spec["$schema"]
    report = VConcatChart(vconcat=parts, **spec)
    report.datasets = datasets  # set last, in place: the rows are plain JSON and need no copy
    return report


def full_report_spec(journey: Journey, analysis: Mapping[str, Any] | None = None, *, size_by: SizeBy = "friction",
                     rows: Rows | None = None, per_row: int | None = None) -> dict[str, Any]:
    """The full report (map with its emotion lane, title, persona, legend) as a Vega-Lite spec, plain JSON.

    What images are drawn from: it skips building Altair objects, which for a large journey took
    longer than writing the spec. The map carries no tooltips, which an image cannot show.
    ``rows`` and ``per_row`` wrap it (:func:`~journeymap.charts.layout.journey_map_layout`); by
    default as :func:`~journeymap.charts.map_rows.image_rows` decides, and a map wrapped into
    several rows has two steps side by side in a cell unless ``per_row`` says otherwise.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}')
    >>> spec = full_report_spec(journey)
    >>> [len(part["layer"]) > 0 for part in spec["vconcat"]], spec["title"]["text"]
    ([True], 'Coffee')
    """
    check_size_by(size_by)
    if rows is None:  # the images' own choice: wrapped only when wide
        rows, chosen = image_rows(journey)
        per_row = chosen if per_row is None else per_row
    elif per_row is None:
        per_row = PER_ROW if rows == 1 else COMPACT_PER_ROW
    layout = journey_map_layout(journey, analysis, size_by=size_by, rows=rows, per_row=per_row)
    journey_map, datasets = map_spec(layout, tooltips=False)
    return {
        "$schema": alt.SCHEMA_URL,
        # one part: the map, its emotion lane included (a list, so that a caller can add parts below)
        "vconcat": [journey_map],
        "spacing": 46,
        "resolve": {"scale": {channel: "independent" for channel in _CHANNELS}, "legend": {"color": "independent"}},
        "title": map_title(journey, analysis),
        "config": copy.deepcopy(_REPORT_CONFIG),  # the caller may change its spec; the default stays
        "datasets": datasets,
    }
