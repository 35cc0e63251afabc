"""journeymap: map customer journeys with empathy and decide, step by step, what to automate.

The public API. Names are imported lazily (PEP 562), on first use, so that the command line starts
without loading the analysis, the charts or the spreadsheet readers it does not need.

Examples
--------
>>> import journeymap
>>> journey = journeymap.loads('{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}')
>>> journey.title, journeymap.__version__ == journeymap._version.__version__
('Coffee', True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from journeymap import _version
from journeymap._lazy import lazy_exports
from journeymap._version import __version__

_EXPORTS = {
    # The journey and its file format
    "MAX_CONNECTIONS": ".model.journey",
    "MAX_STAGES": ".model.journey",
    "MAX_TOUCHPOINTS": ".model.journey",
    "SCHEMA_VERSION": ".model.journey",
    "AutomationTraits": ".model.journey",
    "Connection": ".model.journey",
    "Journey": ".model.journey",
    "Persona": ".model.journey",
    "Stage": ".model.journey",
    "Touchpoint": ".model.journey",
    "journey_from_data": ".model.validation",
    "journey_to_data": ".model.validation",
    "json_schema": ".model.validation",
    "from_graph": ".model.graph",
    "to_graph": ".model.graph",
    "JourneyFileError": ".errors",
    "JourneyMapError": ".errors",
    "Problem": ".errors",
    # Reading and writing files
    "MAX_FILE_BYTES": ".formats.files",
    "dumps": ".formats.json_file",
    "load": ".formats.json_file",
    "loads": ".formats.json_file",
    "save": ".formats.json_file",
    "UnknownFormatError": ".formats.registry",
    "journey_from_bytes": ".formats.registry",
    "read_journey": ".formats.registry",
    "journey_to_mermaid": ".formats.mermaid",
    "mermaid_to_journey": ".formats.mermaid",
    "csv_to_journey": ".formats.spreadsheet",
    "journey_to_csv": ".formats.spreadsheet",
    "journey_to_xlsx": ".formats.spreadsheet",
    "journey_to_zip": ".formats.spreadsheet",
    "spreadsheet_template": ".formats.spreadsheet",
    "xlsx_to_journey": ".formats.spreadsheet",
    "zip_to_journey": ".formats.spreadsheet",
    "export_files": ".convert",
    "write_journey": ".convert",
    # The analysis
    "analyze": ".analysis.journey_analysis",
    "completion": ".analysis.flow",
    "drop_offs": ".analysis.flow",
    "entry_shares": ".analysis.flow",
    "exits": ".analysis.flow",
    "expected_visits": ".analysis.flow",
    "flow_figures": ".analysis.flow",
    "goal_steps": ".analysis.flow",
    "reach": ".analysis.flow",
    "staff_hours_per_week": ".analysis.flow",
    "support_steps": ".analysis.flow",
    "weekly_volume": ".analysis.flow",
    "moments_of_truth": ".analysis.empathy",
    "most_probable_paths": ".analysis.empathy",
    "pain": ".analysis.empathy",
    "pain_ranks": ".analysis.empathy",
    "pain_reason": ".analysis.empathy",
    "pain_score": ".analysis.empathy",
    "peak_end": ".analysis.empathy",
    "remembered_experience": ".analysis.empathy",
    "staff_pain": ".analysis.empathy",
    "advise": ".analysis.automation",
    "automation_fit": ".analysis.automation",
    "empathy_risk": ".analysis.automation",
    "recommend": ".analysis.automation",
    # Charts, images and reports
    "automation_matrix_chart": ".charts.matrix",
    "emotion_curve_chart": ".charts.curve",
    "full_report_chart": ".charts.report",
    "journey_map_chart": ".charts.map",
    "render_image": ".charts.images",
    "format_report": ".reports.text",
    "html_report": ".reports.html",
    "markdown_report": ".reports.markdown",
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["__version__", *sorted(_EXPORTS)]

if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from journeymap.analysis.journey_analysis import analyze
    from journeymap.analysis.automation import advise, automation_fit, empathy_risk, recommend
    from journeymap.charts.curve import emotion_curve_chart
    from journeymap.charts.map import journey_map_chart
    from journeymap.charts.matrix import automation_matrix_chart
    from journeymap.charts.report import full_report_chart
    from journeymap.analysis.empathy import moments_of_truth, most_probable_paths, pain, pain_ranks, pain_reason, pain_score, peak_end, remembered_experience, staff_pain
    from journeymap.errors import JourneyFileError, JourneyMapError, Problem
    from journeymap.charts.images import render_image
    from journeymap.analysis.flow import completion, drop_offs, entry_shares, exits, expected_visits, flow_figures, goal_steps, reach, staff_hours_per_week, support_steps, weekly_volume
    from journeymap.formats.registry import UnknownFormatError, journey_from_bytes, read_journey
    from journeymap.convert import export_files, write_journey
    from journeymap.model.graph import from_graph, to_graph
    from journeymap.formats.files import MAX_FILE_BYTES
    from journeymap.formats.json_file import dumps, load, loads, save
    from journeymap.model.validation import journey_from_data, journey_to_data, json_schema
    from journeymap.model.journey import AutomationTraits, Connection, Journey, MAX_CONNECTIONS, MAX_STAGES, MAX_TOUCHPOINTS, Persona, SCHEMA_VERSION, Stage, Touchpoint
    from journeymap.formats.mermaid import journey_to_mermaid, mermaid_to_journey
    from journeymap.reports.text import format_report
    from journeymap.formats.spreadsheet import csv_to_journey, journey_to_csv, journey_to_xlsx, journey_to_zip, spreadsheet_template, xlsx_to_journey, zip_to_journey
    from journeymap.reports.html import html_report
    from journeymap.reports.markdown import markdown_report
