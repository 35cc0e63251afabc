"""Edits a workshop makes to a journey, as plain functions over its JSON data; no Streamlit here.

Each edit takes the journey's data (``journey_to_data``), changes a copy and returns it; the app then
validates the result with :func:`journeymap.model.validation.journey_from_data`, which refuses a broken edit with
every problem and its location. Edits name things by id, never by row number, so that an edit made
in one browser tab can be replayed on top of what another tab saved meanwhile.

Edits from a form or a table write only what the person changed, and refuse a field another tab
changed meanwhile (:mod:`~journeymap.store.edits.forms`).

The parts: :mod:`~journeymap.store.edits.touchpoints` (the journey's fields, one touchpoint),
:mod:`~journeymap.store.edits.connections`, :mod:`~journeymap.store.edits.tables` (what a table of the
Build tab hands over) and :mod:`~journeymap.store.edits.messages` (a refused edit's problems in the
screen's words), over :mod:`~journeymap.store.edits.values`.
"""

from journeymap.store.edits.connections import (
    WALKED_LANES,
    add_connection,
    connect_in_order,
    delete_connection,
    steps_in_order,
)
from journeymap.store.edits.forms import EditConflict, changed_fields, only_changes
from journeymap.store.edits.messages import describe_problem, field_message
from journeymap.store.edits.tables import TableDelta, apply_table_delta
from journeymap.store.edits.touchpoints import (
    add_touchpoint,
    delete_touchpoint,
    move_item,
    new_journey_data,
    touchpoint_id_for,
    update_journey_details,
    update_touchpoint,
)
from journeymap.store.edits.values import Data, Edit, clean_value

__all__ = [
    "WALKED_LANES",
    "Data",
    "Edit",
    "EditConflict",
    "TableDelta",
    "add_connection",
    "add_touchpoint",
    "apply_table_delta",
    "changed_fields",
    "clean_value",
    "connect_in_order",
    "delete_connection",
    "delete_touchpoint",
    "describe_problem",
    "field_message",
    "move_item",
    "new_journey_data",
    "only_changes",
    "steps_in_order",
    "touchpoint_id_for",
    "update_journey_details",
    "update_touchpoint",
]
