"""The journey as data: the pydantic models of the file format, their validation in plain words,
what text may hold (:mod:`journeymap.model.text`), a step's survey answers
(:mod:`journeymap.model.survey`), and the journey as a graph of touchpoints (:mod:`journeymap.model.graph`).

Everything else in journeymap sits above this package; it imports nothing of journeymap but
:mod:`journeymap.errors`.
"""

from journeymap.model.journey import (
    CONNECTION_KINDS,
    EVIDENCE_LEVELS,
    ID_PATTERN,
    LANES,
    MAX_CONNECTIONS,
    MAX_NEEDS,
    MAX_RATINGS,
    MAX_STAGES,
    MAX_TOUCHPOINTS,
    SCHEMA_VERSION,
    RATED_FIELDS,
    SHARE_TOLERANCE,
    TRAITS,
    AutomationTraits,
    Connection,
    EmotionRatings,
    FrictionRatings,
    Journey,
    JourneyRulesError,
    Lane,
    Persona,
    Ratings,
    Stage,
    Touchpoint,
    effective_shares,
)
from journeymap.model.survey import MAX_SURVEY_ANSWERS, SURVEY_SCALE_KINDS, Survey, survey_text
from journeymap.model.validation import journey_from_data, journey_to_data, json_schema

__all__ = [
    "CONNECTION_KINDS",
    "EVIDENCE_LEVELS",
    "ID_PATTERN",
    "LANES",
    "MAX_CONNECTIONS",
    "MAX_NEEDS",
    "MAX_RATINGS",
    "MAX_STAGES",
    "MAX_SURVEY_ANSWERS",
    "MAX_TOUCHPOINTS",
    "SCHEMA_VERSION",
    "RATED_FIELDS",
    "SHARE_TOLERANCE",
    "SURVEY_SCALE_KINDS",
    "TRAITS",
    "AutomationTraits",
    "Connection",
    "EmotionRatings",
    "FrictionRatings",
    "Journey",
    "JourneyRulesError",
    "Lane",
    "Persona",
    "Ratings",
    "Stage",
    "Survey",
    "Touchpoint",
    "effective_shares",
    "journey_from_data",
    "journey_to_data",
    "survey_text",
    "json_schema",
]
