"""The spreadsheet template: an Excel workbook to prepare a journey in, with a short example filled in."""

from __future__ import annotations

from typing import Any

from journeymap.formats.spreadsheet.writing import journey_to_xlsx
from journeymap.model.validation import journey_from_data

__all__ = ["spreadsheet_template"]

#: The example journey of :func:`spreadsheet_template`: every table and most columns in use, short.
_TEMPLATE: dict[str, Any] = {
    "title": "Booking a haircut (an example: replace it with your journey)",
    "description": "One row a step on the Touchpoints sheet; how customers move on the Connections sheet.",
    "persona": {"name": "Sam, a busy parent", "goals": ["Book in a minute", "Look good for the weekend"],
                "needs": ["hard of hearing", "No time to call during work hours"]},
    "customers_per_week": 80,
    "stages": [{"id": "discover", "name": "Discover"}, {"id": "book", "name": "Book"},
               {"id": "visit", "name": "Visit"}, {"id": "pay", "name": "Pay"}],
    "touchpoints": [
        {"id": "find", "name": "Finds the salon online", "stage": "discover", "channel": "web", "emotion": 1,
         "friction": 2, "feeling": "curious"},
        {"id": "call", "name": "Calls to book", "stage": "book", "channel": "phone", "emotion": -2, "friction": 6,
         "feeling": "impatient", "pain_points": ["The line is busy at lunchtime"], "quotes": ["I tried three times!"],
         "automation": {"rule_based": 4, "digital_input": 2, "variability": 2, "empathy_need": 2,
                        "data_sensitivity": 2}},
        {"id": "take_booking", "name": "Receptionist writes the booking in the diary", "stage": "book",
         "lane": "frontstage", "staff_emotion": -1, "staff_minutes": 4, "opportunities": ["Online booking"]},
        {"id": "reminder", "name": "Reminder text the day before", "stage": "book", "lane": "support",
         "automation": {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1,
                        "data_sensitivity": 2}},
        {"id": "haircut", "name": "Gets the haircut and a chat", "stage": "visit", "channel": "in person",
         "emotion": 4, "staff_emotion": 3, "staff_minutes": 40, "evidence": "observed"},
        {"id": "pay", "name": "Pays at the desk", "stage": "pay", "emotion": 1, "friction": 1, "goal": True},
    ],
    "connections": [
        {"from": "find", "to": "call", "share": 0.8},
        {"from": "call", "to": "take_booking", "share": 0.9, "label": "gets through"},
        {"from": "take_booking", "to": "haircut"},
        {"from": "take_booking", "to": "reminder", "kind": "support"},
        {"from": "haircut", "to": "pay"},
    ],
}


def spreadsheet_template() -> bytes:
    """An Excel workbook to prepare a journey in: every sheet and heading, with a short example filled in.

    Examples
    --------
    >>> from journeymap.formats.spreadsheet import xlsx_to_journey
    >>> journey = xlsx_to_journey(spreadsheet_template())
    >>> [stage.name for stage in journey.stages], len(journey.touchpoints), len(journey.connections)
    (['Discover', 'Book', 'Visit', 'Pay'], 6, 5)
    """
    return journey_to_xlsx(journey_from_data(_TEMPLATE))
