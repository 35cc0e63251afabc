"""What the app computes from the open journey, cached: the analysis, the charts, exports and images.

The cached functions are pure. Each is keyed by the journey's *revision* (a hash of its file text,
made once when the file is read or saved; see :func:`journeymap.ui.state.session.revision_of`) and the
settings; the journey and its analysis ride along unhashed (``st.cache_data`` leaves arguments whose
names start with ``_`` out of the key, and they follow from the revision and thresholds), so a lookup
costs the same for 3 steps or 300. ``st.cache_data`` shares results between reruns and sessions: an
edit recomputes once, and switching tabs or clicking the map costs nothing.

:class:`Figures` is what one rerun shows: the page makes one and hands it down, so the analysis is
looked up once per rerun whatever the number of parts that read it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
import streamlit as st
from streamlit import dataframe_util

from journeymap.analysis import analyze
from journeymap.charts import automation_matrix_chart, journey_map_json
from journeymap.charts.describe import map_description, matrix_description
from journeymap.charts.flags import with_flags
from journeymap.charts.images import render_image
from journeymap.convert import export_files
from journeymap.formats.spreadsheet import spreadsheet_template as make_spreadsheet_template
from journeymap.model import Journey
from journeymap.store.backend import StoredJourney
from journeymap.ui import state

__all__ = [
    "Figures",
    "analysis_for",
    "automation_matrix_spec",
    "export_for",
    "figures_for",
    "image_for",
    "flagged_map_spec",
    "journey_map_spec",
    "preview_map_spec",
    "spreadsheet_template",
]


@st.cache_data(max_entries=64, show_spinner=False)
def analysis_for(revision: str, fit_threshold: float, risk_threshold: float, _journey: Journey) -> dict[str, Any]:
    """The analysis of the journey at ``revision`` (see :func:`journeymap.analysis.analyze`)."""
    return analyze(_journey, fit_threshold=fit_threshold, risk_threshold=risk_threshold)


def _chart_spec(spec: dict[str, Any], description: str) -> dict[str, Any]:
    """The chart's Vega-Lite spec, ready for ``st.vega_lite_chart``, with ``description`` as its text
    alternative.

    The spec, not an Altair object, is cached, and the map and the curve are made as JSON without
    Altair at all (``journey_map_json``): Altair's objects and their schema checks (run by the chart
    modules' own tests) cost more than the drawing. Its datasets are turned into Arrow bytes here,
    once: ``st.vega_lite_chart`` would convert them again on every rerun (most of a rerun's time on
    a large map) and hands bytes on as they are.

    The description is the chart's accessible name (Vega puts it on the drawing) and the app shows it
    under the chart (:func:`journeymap.ui.views.chart_text`). Its marks are hidden from screen readers:
    Vega would describe each one by its coordinates ("x: 178; y: 272"), hundreds of them on a map, and
    an empty layer (no share labels) would be an image without a name.
    """
    spec["description"] = description
    config = spec.setdefault("config", {})
    config["aria"] = False
    config["mark"] = {**config.get("mark", {}), "aria": False}
    if "datasets" in spec:
        spec["datasets"] = {name: _arrow_bytes(rows) for name, rows in spec["datasets"].items()}
    return spec


def _arrow_bytes(rows: list[dict[str, Any]]) -> bytes:
    """Rows of plain JSON as the Arrow stream Streamlit sends to the browser.

    Built column by column with pyarrow, eight times faster than Streamlit's own converter, which
    goes through a pandas DataFrame; the converter takes over for a column pyarrow cannot type.
    """
    names = list(dict.fromkeys(name for row in rows for name in row))
    try:
        table = pa.table({name: pa.array([row.get(name) for row in rows]) for name in names})
    except (pa.ArrowException, TypeError, ValueError):
        return dataframe_util.convert_anything_to_arrow_bytes(rows)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


@st.cache_data(max_entries=64, show_spinner=False)
def journey_map_spec(revision: str, fit_threshold: float, risk_threshold: float, size_by: str, _journey: Journey,
                     _analysis: dict[str, Any]) -> dict[str, Any]:
    """The annotated swimlane map, clickable (see :func:`journeymap.charts.journey_map_chart`)."""
    return _chart_spec(journey_map_json(_journey, _analysis, size_by=size_by, selectable=True, title=False),
                       map_description(_journey, _analysis))


@st.cache_data(max_entries=8, show_spinner=False)
def preview_map_spec(key: str, fit_threshold: float, risk_threshold: float, size_by: str,
                     _journey: Journey) -> dict[str, Any]:
    """The map of a journey not saved yet (one mined from an event log: ``key`` says how), not
    clickable, with its analysis."""
    analysis = analyze(_journey, fit_threshold=fit_threshold, risk_threshold=risk_threshold)
    return _chart_spec(journey_map_json(_journey, analysis, size_by=size_by, selectable=False, title=False),
                       map_description(_journey, analysis))


@st.cache_data(max_entries=64, show_spinner=False)
def flagged_map_spec(revision: str, fit_threshold: float, risk_threshold: float, size_by: str,
                     flags: tuple[tuple[str, str], ...], _journey: Journey, _analysis: dict[str, Any]) -> dict[str, Any]:
    """The map with a word above some steps (the live workshop's "Discuss this"), not clickable."""
    chart = journey_map_json(_journey, _analysis, size_by=size_by, selectable=False, title=False)
    return _chart_spec(with_flags(chart, dict(flags)), map_description(_journey, _analysis))


@st.cache_data(max_entries=64, show_spinner=False)
def automation_matrix_spec(revision: str, fit_threshold: float, risk_threshold: float,
                           _analysis: dict[str, Any]) -> dict[str, Any]:
    """Fit against empathy risk, the thresholds drawn in."""
    return _chart_spec(automation_matrix_chart(_analysis, fit_threshold, risk_threshold).to_dict(validate=False),
                       matrix_description(_analysis, fit_threshold, risk_threshold))


@st.cache_data(max_entries=16, show_spinner=False)
def image_for(revision: str, fit_threshold: float, risk_threshold: float, image_format: str, size_by: str,
              _journey: Journey, _analysis: dict[str, Any]) -> bytes:
    """The annotated map as PNG, SVG or PDF bytes (see :func:`journeymap.charts.images.render_image`)."""
    return render_image(_journey, image_format, analysis=_analysis, size_by=size_by)


@st.cache_data(max_entries=16, show_spinner=False)
def export_for(revision: str, file_name: str, fit_threshold: float, risk_threshold: float, _journey: Journey,
               _analysis: dict[str, Any]) -> dict[str, bytes]:
    """The journey in the format ``file_name``'s extension says, file name → bytes (one file, or a
    report and its map image); see :func:`journeymap.convert.export_files`."""
    return export_files(_journey, file_name, fit_threshold=fit_threshold, risk_threshold=risk_threshold,
                        analysis=_analysis)


@st.cache_data(max_entries=1, show_spinner=False)
def spreadsheet_template() -> bytes:
    """The Excel template to prepare a journey in (the same bytes for everyone: made once)."""
    return make_spreadsheet_template()


class Figures:
    """What one rerun shows of the open journey at one revision and one set of thresholds.

    Made once per rerun (:func:`figures_for`) and handed to every part of the screen; the analysis is
    looked up once and passed on. If it fails, every part that needs it raises that same error again,
    so that each says in its place what could not be shown.
    """

    def __init__(self, opened: StoredJourney, revision: str, fit_threshold: float, risk_threshold: float) -> None:
        self.opened = opened
        self.revision = revision
        self.fit_threshold = fit_threshold
        self.risk_threshold = risk_threshold
        self._analysis: dict[str, Any] | None = None
        self._failure: Exception | None = None

    @property
    def journey(self) -> Journey:
        return self.opened.journey

    def analysis(self) -> dict[str, Any]:
        """The journey's analysis (raises what the analysis raised, each time it is asked for)."""
        if self._failure is not None:
            raise self._failure
        if self._analysis is None:
            try:
                self._analysis = analysis_for(self.revision, self.fit_threshold, self.risk_threshold, self.journey)
            except Exception as error:  # remembered: the next part that asks says so in its place
                self._failure = error
                raise
        return self._analysis

    def map_spec(self, size_by: str) -> dict[str, Any]:
        return journey_map_spec(self.revision, self.fit_threshold, self.risk_threshold, size_by, self.journey,
                                self.analysis())

    def flagged_map_spec(self, size_by: str, flags: dict[str, str]) -> dict[str, Any]:
        return flagged_map_spec(self.revision, self.fit_threshold, self.risk_threshold, size_by,
                                tuple(sorted(flags.items())), self.journey, self.analysis())

    def matrix_spec(self) -> dict[str, Any]:
        return automation_matrix_spec(self.revision, self.fit_threshold, self.risk_threshold, self.analysis())

    def image(self, image_format: str, size_by: str) -> bytes:
        return image_for(self.revision, self.fit_threshold, self.risk_threshold, image_format, size_by,
                         self.journey, self.analysis())

    def export(self, file_name: str) -> dict[str, bytes]:
        return export_for(self.revision, file_name, self.fit_threshold, self.risk_threshold, self.journey,
                          self.analysis())


def figures_for(opened: StoredJourney) -> Figures:
    """The figures of the journey on screen, with the thresholds set in the sidebar."""
    revision = state.revision() or state.revision_of(opened.text)  # always kept with it; computed if not
    return Figures(opened, revision, *state.thresholds())
