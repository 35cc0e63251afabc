"""journeymap: map customer journeys with empathy and decide, step by step, what to automate."""

from journeymap.analysis import analyze
from journeymap.automation import advise, automation_fit, empathy_risk, recommend
from journeymap.charts import automation_matrix_chart, emotion_curve_chart, full_report_chart, journey_map_chart
from journeymap.empathy import (
    moments_of_truth,
    most_probable_paths,
    pain,
    pain_ranks,
    pain_reason,
    pain_score,
    peak_end,
    remembered_experience,
    staff_pain,
)
from journeymap.errors import JourneyFileError, JourneyMapError, Problem
from journeymap.export import render_image
from journeymap.flow import (
    completion,
    drop_offs,
    entry_shares,
    exits,
    expected_visits,
    flow_figures,
    goal_steps,
    reach,
    staff_hours_per_week,
    support_steps,
    weekly_volume,
)
from journeymap.formats import UnknownFormatError, export_files, journey_from_bytes, read_journey, write_journey
from journeymap.graph import from_graph, to_graph
from journeymap.io import MAX_FILE_BYTES, dumps, journey_from_data, journey_to_data, json_schema, load, loads, save
from journeymap.model import (
    MAX_CONNECTIONS,
    MAX_STAGES,
    MAX_TOUCHPOINTS,
    SCHEMA_VERSION,
    AutomationTraits,
    Connection,
    Journey,
    Persona,
    Stage,
    Touchpoint,
)
from journeymap.mermaid import journey_to_mermaid, mermaid_to_journey
from journeymap.report import format_report
from journeymap.spreadsheet import (
    csv_to_journey,
    journey_to_csv,
    journey_to_xlsx,
    journey_to_zip,
    spreadsheet_template,
    xlsx_to_journey,
    zip_to_journey,
)
from journeymap.workshop_report import html_report, markdown_report

__version__ = "0.1.0"

__all__ = [
    "AutomationTraits",
    "Connection",
    "Journey",
    "JourneyFileError",
    "JourneyMapError",
    "MAX_CONNECTIONS",
    "MAX_FILE_BYTES",
    "MAX_STAGES",
    "MAX_TOUCHPOINTS",
    "Persona",
    "Problem",
    "SCHEMA_VERSION",
    "Stage",
    "Touchpoint",
    "UnknownFormatError",
    "advise",
    "analyze",
    "automation_fit",
    "automation_matrix_chart",
    "completion",
    "csv_to_journey",
    "drop_offs",
    "dumps",
    "emotion_curve_chart",
    "empathy_risk",
    "entry_shares",
    "exits",
    "expected_visits",
    "export_files",
    "flow_figures",
    "format_report",
    "from_graph",
    "full_report_chart",
    "goal_steps",
    "html_report",
    "journey_from_bytes",
    "journey_from_data",
    "journey_map_chart",
    "journey_to_csv",
    "journey_to_data",
    "journey_to_mermaid",
    "journey_to_xlsx",
    "journey_to_zip",
    "json_schema",
    "load",
    "loads",
    "markdown_report",
    "mermaid_to_journey",
    "moments_of_truth",
    "most_probable_paths",
    "pain",
    "pain_ranks",
    "pain_reason",
    "pain_score",
    "peak_end",
    "reach",
    "read_journey",
    "recommend",
    "remembered_experience",
    "render_image",
    "save",
    "spreadsheet_template",
    "staff_hours_per_week",
    "staff_pain",
    "support_steps",
    "to_graph",
    "weekly_volume",
    "write_journey",
    "xlsx_to_journey",
    "zip_to_journey",
]
