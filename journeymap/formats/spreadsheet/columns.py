"""The four tables of a journey spreadsheet: their columns, headings, sheet names and row limits.

A heading is matched whatever its case, spacing or parenthesised hint: :func:`normalise_heading`
turns ``Friction (0 to 10)``, ``friction`` and ``FRICTION`` into one key, and each column also
answers to its file-format field name (``staff_emotion``) and a few aliases.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from journeymap.model import CONNECTION_KINDS, EVIDENCE_LEVELS, LANES, MAX_CONNECTIONS, MAX_STAGES, MAX_TOUCHPOINTS

__all__ = [
    "Column",
    "TABLE_FILES",
    "TABLE_WORDS",
    "SHEET_ORDER",
    "SHEET_TITLES",
    "ROW_LIMITS",
    "LIMIT_WORDS",
    "TOUCHPOINT_COLUMNS",
    "CONNECTION_COLUMNS",
    "STAGE_COLUMNS",
    "COLUMNS",
    "JOURNEY_FIELDS",
    "JOURNEY_HEADINGS",
    "JOURNEY_KEY_HEADINGS",
    "HEADING_INDEX",
    "COLUMN_BY_KEY",
    "JOURNEY_INDEX",
    "TOUCHPOINT_ONLY",
    "NEXT_STEP_HEADINGS",
    "KNOWN_HEADINGS",
    "normalise_heading",
]

#: The file names :func:`~journeymap.formats.spreadsheet.journey_to_csv` and
#: :func:`~journeymap.formats.spreadsheet.journey_to_zip` write, by table.
TABLE_FILES = {
    "journey": "journey.csv",
    "stages": "stages.csv",
    "touchpoints": "touchpoints.csv",
    "connections": "connections.csv",
}
#: The tables named in messages.
TABLE_WORDS = "touchpoints, connections, stages, journey"
#: The sheets of a workbook, in the order they are written, and their titles.
SHEET_ORDER = ("journey", "stages", "touchpoints", "connections")
SHEET_TITLES = {"journey": "Journey", "stages": "Stages", "touchpoints": "Touchpoints", "connections": "Connections"}
#: The most rows read per table, and what a message calls them.
ROW_LIMITS = {"touchpoints": MAX_TOUCHPOINTS, "connections": MAX_CONNECTIONS, "stages": MAX_STAGES, "journey": 100}
LIMIT_WORDS = {"touchpoints": "touchpoints", "connections": "connections", "stages": "stages", "journey": "rows"}


@dataclass(frozen=True)
class Column:
    """One column of a table (or one field of the Journey table) and how its cells are read."""

    key: str  # the file-format field (trait names for automation)
    heading: str  # as written on export
    kind: str  # id | text | ref | choice | number | whole | share | yesno | notes | ratings | survey
    low: float | None = None
    high: float | None = None
    expect: str = ""  # what a good value is, for messages
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    width: float = 14


def _number(key: str, heading: str, low: float, high: float, expect: str, width: float = 12) -> Column:
    return Column(key, heading, "number", low, high, expect, width=width)


TOUCHPOINT_COLUMNS = (
    Column("id", "ID", "id", aliases=("touchpoint id", "step id"), width=18),
    Column("name", "Name", "text", aliases=("touchpoint", "step", "touchpoint name", "step name", "action", "activity"),
           width=40),
    Column("stage", "Stage", "ref", aliases=("stage id", "stage name", "phase"), width=16),
    Column("lane", "Lane", "choice", choices=LANES, width=12),
    Column("channel", "Channel", "text", width=14),
    _number("emotion", "Customer emotion (-5 to 5)", -5, 5, "a number from -5 to 5", width=14),
    _number("staff_emotion", "Staff emotion (-5 to 5)", -5, 5, "a number from -5 to 5", width=14),
    Column("feeling", "Feeling", "text", width=14),
    _number("friction", "Friction (0 to 10)", 0, 10, "a number from 0 to 10"),
    Column("evidence", "Evidence", "choice", choices=EVIDENCE_LEVELS, width=12),
    # written only when a step has ratings (formats/spreadsheet/writing.py)
    Column("ratings", "Ratings (one field per line)", "ratings", aliases=("rating", "room's ratings"), width=36),
    # written only when a step has a survey (formats/spreadsheet/writing.py)
    Column("survey", "Survey", "survey", aliases=("survey answers",), width=36),
    _number("staff_minutes", "Staff minutes", 0, 100_000, "a number of minutes from 0 to 100000"),
    Column("goal", "Goal", "yesno", expect="yes or no", width=8),
    Column("entry_share", "Entry share (0 to 1)", "share", 0, 1, "a share from 0 to 1 (or a percentage)"),
    Column("rule_based", "Rule based (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    Column("digital_input", "Digital input (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    Column("variability", "Variability (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    Column("empathy_need", "Empathy need (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    Column("data_sensitivity", "Data sensitivity (1 to 5)", "whole", 1, 5, "a whole number from 1 to 5"),
    Column("pain_points", "Pain points (one per line)", "notes", aliases=("pain point", "pains"), width=36),
    Column("opportunities", "Opportunities (one per line)", "notes", aliases=("opportunity", "ideas"), width=36),
    Column("quotes", "Quotes (one per line)", "notes", aliases=("quote",), width=36),
    Column("description", "Description", "text", width=40),
    Column("notes", "Notes", "text", aliases=("note",), width=30),
)
CONNECTION_COLUMNS = (
    Column("from", "From", "ref", aliases=("from id", "from touchpoint", "source"), width=18),
    Column("to", "To", "ref", aliases=("to id", "to touchpoint", "target"), width=18),
    Column("kind", "Kind", "choice", choices=CONNECTION_KINDS, width=10),
    Column("share", "Share (0 to 1)", "share", 0, 1, "a share from 0 to 1 (or a percentage)"),
    Column("label", "Label", "text", width=30),
)
STAGE_COLUMNS = (
    Column("id", "ID", "id", aliases=("stage id",), width=18),
    Column("name", "Name", "text", aliases=("stage", "stage name"), width=30),
    Column("description", "Description", "text", width=60),
)
COLUMNS = {"touchpoints": TOUCHPOINT_COLUMNS, "connections": CONNECTION_COLUMNS, "stages": STAGE_COLUMNS}

# The Journey table: field/value rows.
JOURNEY_FIELDS = (
    Column("title", "Title", "text"),
    Column("description", "Description", "text"),
    Column("persona_name", "Persona name", "text", aliases=("persona",)),
    Column("persona_description", "Persona description", "text"),
    Column("persona_goals", "Persona goals (one per line)", "notes", aliases=("goals",)),
    Column("persona_needs", "Persona needs (one per line)", "notes", aliases=("needs",)),
    _number("customers_per_week", "Customers per week", 0, 1e9, "a number of customers, 0 or more"),
)
JOURNEY_HEADINGS = ("Field", "Value")
JOURNEY_KEY_HEADINGS = {"field", "key", "setting", "property"}


def normalise_heading(text: str) -> str:
    """A heading as the key it is matched by: case, spacing, ``_`` and parenthesised hints do not count.

    Examples
    --------
    >>> normalise_heading("Customer emotion (-5 to 5)"), normalise_heading("CUSTOMER  EMOTION")
    ('customer emotion', 'customer emotion')
    >>> normalise_heading("customer_emotion"), normalise_heading("Automation rule based")
    ('customer emotion', 'rule based')
    """
    text = re.sub(r"\([^)]*\)", " ", text.casefold())
    text = re.sub(r"[\s_.\-]+", " ", text).strip()
    return text.removeprefix("automation ").strip()


def _heading_index(columns: Sequence[Column]) -> dict[str, Column]:
    index: dict[str, Column] = {}
    for column in columns:
        for name in (column.heading, column.key, *column.aliases):
            index[normalise_heading(name)] = column
    return index


HEADING_INDEX = {kind: _heading_index(columns) for kind, columns in COLUMNS.items()}
COLUMN_BY_KEY = {kind: {column.key: column for column in columns} for kind, columns in COLUMNS.items()}
JOURNEY_INDEX = _heading_index(JOURNEY_FIELDS)
TOUCHPOINT_ONLY = set(HEADING_INDEX["touchpoints"]) - {"id", "name", "description"}
NEXT_STEP_HEADINGS = {"next", "next step", "next steps", "next touchpoint", "goes to", "leads to", "then",
                      "followed by", "successor", "successors", "to"}
KNOWN_HEADINGS = {heading for index in (*HEADING_INDEX.values(), JOURNEY_INDEX) for heading in index} | \
    JOURNEY_KEY_HEADINGS
