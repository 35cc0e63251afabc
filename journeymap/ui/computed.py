"""What the app computes from a journey, cached: the analysis, the charts and exported images.

Every function here is pure: it takes the journey's file text (a cheap, exact cache key) and the
settings, and returns plain data. ``st.cache_data`` shares results between reruns and sessions, so an
edit recomputes once and switching tabs or clicking the map costs nothing.

The library parts plug in below (PLUG-IN): :func:`journeymap.analysis.analyze`, the Altair charts of
:mod:`journeymap.charts` and :func:`journeymap.charts.images.render_image`. While one of them is missing the
app shows a plain table in its place.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

import streamlit as st

from journeymap.formats.json_file import loads
from journeymap.model import Journey

__all__ = [
    "analysis_for",
    "automation_matrix_spec",
    "emotion_curve_spec",
    "export_for",
    "spreadsheet_template",
    "image_for",
    "journey_for",
    "journey_map_spec",
    "library_part",
]


def library_part(name: str) -> ModuleType | None:
    """``journeymap.<name>`` if that part of the library is installed, else None."""
    try:
        return importlib.import_module(f"journeymap.{name}")
    except ImportError:
        return None


@st.cache_data(max_entries=64, show_spinner=False)
def journey_for(text: str) -> Journey:
    """The journey of a (valid, saved) file text."""
    return loads(text)


@st.cache_data(max_entries=64, show_spinner=False)
def analysis_for(text: str, fit_threshold: float, risk_threshold: float) -> dict[str, Any] | None:
    """The DESIGN §5 analysis object of the journey (PLUG-IN: ``journeymap.analysis.analyze``)."""
    analysis = library_part("analysis")
    if analysis is None or not hasattr(analysis, "analyze"):
        return None
    return analysis.analyze(journey_for(text), fit_threshold=fit_threshold, risk_threshold=risk_threshold)


def _chart_spec(chart: Any) -> dict[str, Any]:
    # The spec, not the Altair object, is cached: building the dict is a slow part of Altair, and
    # its schema validation (checked by the chart module's own tests) costs a third of that again.
    return chart.to_dict(validate=False)


@st.cache_data(max_entries=64, show_spinner=False)
def journey_map_spec(text: str, fit_threshold: float, risk_threshold: float, size_by: str) -> dict[str, Any] | None:
    """The annotated swimlane map, clickable (PLUG-IN: ``journeymap.charts.journey_map_chart``)."""
    charts = library_part("charts")
    result = analysis_for(text, fit_threshold, risk_threshold)
    if charts is None or result is None or not hasattr(charts, "journey_map_chart"):
        return None
    return _chart_spec(charts.journey_map_chart(journey_for(text), result, size_by=size_by, selectable=True, title=False))


@st.cache_data(max_entries=64, show_spinner=False)
def emotion_curve_spec(text: str, fit_threshold: float, risk_threshold: float) -> dict[str, Any] | None:
    """The customer's (and staff's) emotion along the journey (PLUG-IN: ``charts.emotion_curve_chart``)."""
    charts = library_part("charts")
    result = analysis_for(text, fit_threshold, risk_threshold)
    if charts is None or result is None or not hasattr(charts, "emotion_curve_chart"):
        return None
    return _chart_spec(charts.emotion_curve_chart(journey_for(text), result))


@st.cache_data(max_entries=64, show_spinner=False)
def automation_matrix_spec(text: str, fit_threshold: float, risk_threshold: float) -> dict[str, Any] | None:
    """Fit against empathy risk, the thresholds drawn in (PLUG-IN: ``charts.automation_matrix_chart``)."""
    charts = library_part("charts")
    result = analysis_for(text, fit_threshold, risk_threshold)
    if charts is None or result is None or not hasattr(charts, "automation_matrix_chart"):
        return None
    return _chart_spec(charts.automation_matrix_chart(result, fit_threshold, risk_threshold))


@st.cache_data(max_entries=16, show_spinner=False)
def image_for(text: str, fit_threshold: float, risk_threshold: float, image_format: str, size_by: str) -> bytes | None:
    """The annotated map as PNG, SVG or PDF bytes (PLUG-IN: ``journeymap.charts.images.render_image``)."""
    export = library_part("charts.images")
    result = analysis_for(text, fit_threshold, risk_threshold)
    if export is None or result is None or not hasattr(export, "render_image"):
        return None
    return export.render_image(journey_for(text), image_format, analysis=result, size_by=size_by)


@st.cache_data(max_entries=16, show_spinner=False)
def export_for(text: str, file_name: str, fit_threshold: float, risk_threshold: float) -> dict[str, bytes]:
    """The journey in the format ``file_name``'s extension says, file name → bytes (one file, or a
    report and its map image); see :func:`journeymap.convert.export_files`."""
    from journeymap.convert import export_files

    return export_files(journey_for(text), file_name, fit_threshold=fit_threshold, risk_threshold=risk_threshold,
                        analysis=analysis_for(text, fit_threshold, risk_threshold))


@st.cache_data(max_entries=1, show_spinner=False)
def spreadsheet_template() -> bytes:
    """The Excel template to prepare a journey in (the same bytes for everyone: made once)."""
    from journeymap.formats.spreadsheet import spreadsheet_template as template

    return template()
