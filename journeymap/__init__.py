"""journeymap: map customer journeys with empathy and decide, step by step, what to automate."""

from journeymap.analysis import analyze
from journeymap.charts import automation_matrix_chart, emotion_curve_chart, full_report_chart, journey_map_chart
from journeymap.errors import JourneyFileError, JourneyMapError, Problem
from journeymap.export import render_image
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
    "analyze",
    "automation_matrix_chart",
    "dumps",
    "emotion_curve_chart",
    "from_graph",
    "full_report_chart",
    "journey_from_data",
    "journey_map_chart",
    "journey_to_data",
    "json_schema",
    "load",
    "loads",
    "render_image",
    "save",
    "to_graph",
]
