"""Images of a journey (PNG, SVG, PDF), drawn offline by vl-convert from the full report chart.

The image holds the annotated journey map with its title, persona, emotion lane and legend; it
grows with the journey (a column per touchpoint side by side, a row per lane), so that nothing is
clipped however many touchpoints there are. A map wider than
:data:`~journeymap.charts.map_rows.WRAP_WIDTH` pixels is wrapped into rows of the map, nearest an A3
page's shape (:mod:`journeymap.charts.map_rows`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import altair as alt

from journeymap.charts.layout import SizeBy
from journeymap.charts.map_rows import Rows
from journeymap.charts.limits import check_drawable
from journeymap.charts.renderer import RenderError, convert
from journeymap.charts.report import full_report_spec
from journeymap.model import Journey

__all__ = ["IMAGE_FORMATS", "MAX_SCALE", "RenderError", "chart_image", "image_format", "render_image"]

IMAGE_FORMATS = ("png", "svg", "pdf")
#: Largest PNG scale accepted: a 40-touchpoint map at scale 4 is already about 16 000 pixels wide.
MAX_SCALE = 4.0

# The Vega-Lite version Altair writes, e.g. "6.4", so vl-convert reads the spec as it was meant.
_VL_VERSION = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def image_format(path_or_format: str | os.PathLike[str]) -> str:
    """The image format named by a file extension or a bare format name.

    Raises
    ------
    ValueError
        For anything but png, svg or pdf, saying which formats there are.

    Examples
    --------
    >>> image_format("lunch.PNG"), image_format("svg")
    ('png', 'svg')
    >>> image_format("map.jpg")
    Traceback (most recent call last):
    ...
    ValueError: cannot draw 'map.jpg': images can be .png, .svg or .pdf
    """
    text = os.fspath(path_or_format)
    if text.lower() in IMAGE_FORMATS:
        return text.lower()
    suffix = Path(text).suffix.lower().lstrip(".")
    if suffix in IMAGE_FORMATS:
        return suffix
    raise ValueError(f"cannot draw '{text}': images can be .png, .svg or .pdf")


def chart_image(chart: alt.TopLevelMixin | Mapping[str, Any], image: str, *, scale: float = 2) -> bytes:
    """Any Altair chart (or Vega-Lite spec) as PNG, SVG or PDF bytes.

    ``scale`` multiplies the PNG's pixels (2 gives sharp text on a projector); SVG and PDF are
    vector images and ignore it. The image is drawn in a worker process
    (:mod:`journeymap.charts.renderer`): whatever happens to the renderer, the caller carries on.

    Raises
    ------
    ValueError
        For an unknown format or a scale out of range.
    RenderError
        A :class:`~journeymap.errors.JourneyMapError`: the renderer refused the chart, stopped,
        or took too long; its message says which.

    Examples
    --------
    >>> chart = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x="a:Q")
    >>> chart_image(chart, "svg")[:4]
    b'<svg'
    """
    if image not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {image!r}: use one of {', '.join(IMAGE_FORMATS)}")
    _check_scale(scale)
    # The charts are checked against the schema as they are built; checking the whole spec again,
    # data included, would double the time it takes to draw a large journey.
    spec = chart.to_dict(validate=False) if hasattr(chart, "to_dict") else dict(chart)
    return convert(spec, image, scale, _VL_VERSION)


def _check_scale(scale: float) -> None:
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0 < scale <= MAX_SCALE:
        raise ValueError(f"scale must be a number above 0 and at most {MAX_SCALE:g}, not {scale!r}")


def render_image(
    journey: Journey,
    path_or_format: str | os.PathLike[str],
    *,
    scale: float = 2,
    analysis: Mapping[str, Any] | None = None,
    size_by: SizeBy = "friction",
    rows: Rows | None = None,
    per_row: int | None = None,
) -> bytes | Path:
    """Draw the journey's report (map with its emotion lane, title, legend) as an image.

    Parameters
    ----------
    journey
        The journey to draw.
    path_or_format
        ``"png"``, ``"svg"`` or ``"pdf"`` to get the image's bytes back, or a file path ending in
        one of them to write the image there (its folder must exist) and get the path back.
    scale
        Pixel multiplier of PNG images (default 2), above 0 and at most :data:`MAX_SCALE`.
    analysis
        ``analyze(journey)`` if you already have it; computed here otherwise.
    size_by
        What the marks' size shows: ``"friction"`` or ``"volume"``.
    rows, per_row
        How the map is wrapped (see :func:`~journeymap.charts.layout.journey_map_layout`); by
        default a map wider than :data:`~journeymap.charts.map_rows.WRAP_WIDTH` pixels in one row
        is wrapped into rows nearest an A3 page's shape, two steps side by side in a cell
        (:func:`~journeymap.charts.map_rows.image_rows`).

    Raises
    ------
    ValueError
        For an unknown format or extension, or a scale out of range.
    DrawingLimitError
        For a journey above the drawing limits (:mod:`journeymap.charts.limits`), before any work.
    RenderError
        When the renderer refuses the chart, stops or takes too long (both are JourneyMapErrors).

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}')
    >>> render_image(journey, "png", analysis={})[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    image = image_format(path_or_format)
    _check_scale(scale)
    check_drawable(journey)
    if analysis is None:
        from journeymap.analysis import analyze  # the analysis is only needed when not given

        analysis = analyze(journey)
    # The report's plain spec: building Altair objects only to turn them back into JSON costs time.
    data = chart_image(full_report_spec(journey, analysis, size_by=size_by, rows=rows, per_row=per_row), image, scale=scale)
    if os.fspath(path_or_format).lower() in IMAGE_FORMATS:
        return data
    path = Path(path_or_format)
    # Write beside the target, then rename: an interrupted export never leaves half an image.
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
    return path
