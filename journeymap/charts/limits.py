"""How large a journey the map is drawn for: a larger one is refused at once, with a message.

A journey file may hold far more touchpoints than a map can show (see the limits in
:mod:`journeymap.model.journey`). Drawing a map of thousands of steps takes minutes and gigabytes in
vl-convert, and a long chain of them overflows its JavaScript stack; the map would be too big to
read anyway. Above :data:`MAX_DRAWN_TOUCHPOINTS` touchpoints or :data:`MAX_DRAWN_CONNECTIONS`
connections, images and the app's map are therefore not attempted: the message says the limit and
what to do instead.
"""

from __future__ import annotations

from journeymap.errors import JourneyMapError
from journeymap.model import Journey

__all__ = ["MAX_DRAWN_CONNECTIONS", "MAX_DRAWN_TOUCHPOINTS", "DrawingLimitError", "check_drawable", "drawing_limit_message"]

#: The most touchpoints a map is drawn for (a 1,000-step map takes seconds; see benchmarks/bench_render.py).
MAX_DRAWN_TOUCHPOINTS = 1_000
#: The most connections a map is drawn for.
MAX_DRAWN_CONNECTIONS = 5_000


class DrawingLimitError(JourneyMapError, ValueError):
    """A journey too large to draw as a map; the message says the limit and what to do instead."""


def drawing_limit_message(journey: Journey) -> str | None:
    """Why the journey's map is not drawn, or ``None`` when it is within the drawing limits.

    The app shows this message in place of the map; images refuse with it.

    Examples
    --------
    >>> from journeymap import journey_from_data
    >>> small = journey_from_data({"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]})
    >>> drawing_limit_message(small) is None
    True
    >>> big = journey_from_data({"title": "Big", "stages": [{"id": "s", "name": "All"}],
    ...     "touchpoints": [{"id": f"t{i}", "name": "Step", "stage": "s"} for i in range(1001)]})
    >>> print(drawing_limit_message(big))
    This journey has 1,001 touchpoints: maps are drawn for at most 1,000 touchpoints and 5,000 connections (a larger map takes minutes and gigabytes to draw, and is too big to read). Split the journey into smaller files, for example one per stage, and draw each.
    """
    touchpoints, connections = len(journey.touchpoints), len(journey.connections)
    if touchpoints <= MAX_DRAWN_TOUCHPOINTS and connections <= MAX_DRAWN_CONNECTIONS:
        return None
    counted = f"{touchpoints:,} touchpoints" if touchpoints > MAX_DRAWN_TOUCHPOINTS else f"{connections:,} connections"
    return (
        f"This journey has {counted}: maps are drawn for at most {MAX_DRAWN_TOUCHPOINTS:,} touchpoints and "
        f"{MAX_DRAWN_CONNECTIONS:,} connections (a larger map takes minutes and gigabytes to draw, and is too "
        "big to read). Split the journey into smaller files, for example one per stage, and draw each."
    )


def check_drawable(journey: Journey) -> None:
    """Refuse a journey above the drawing limits, before any time is spent on it.

    Raises
    ------
    DrawingLimitError
        With :func:`drawing_limit_message`'s message.
    """
    message = drawing_limit_message(journey)
    if message is not None:
        raise DrawingLimitError(message)
