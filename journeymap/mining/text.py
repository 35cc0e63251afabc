"""How the mined figures read in a journey's notes: durations and shares."""

from __future__ import annotations

import math

from journeymap.vocabulary import percent_text

__all__ = ["coverage_text", "duration_text", "percent"]

percent = percent_text


def duration_text(seconds: float | None) -> str:
    """A duration in the unit that reads best: seconds, minutes, hours or days.

    Examples
    --------
    >>> [duration_text(s) for s in (0, 42.4, 150, 5400, 86400 * 2.25, None)]
    ['0 s', '42 s', '2.5 min', '1.5 h', '2.2 days', 'unknown']
    """
    if seconds is None:
        return "unknown"
    for unit, size, limit in (("s", 1, 90), ("min", 60, 90 * 60), ("h", 3600, 36 * 3600)):
        if seconds < limit:
            return f"{_number(seconds / size)} {unit}"
    days = seconds / 86400
    return f"{_number(days)} day{'s' if _number(days) != '1' else ''}"


def _number(value: float) -> str:
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}".rstrip("0").rstrip(".")


def coverage_text(share: float) -> str:
    """A share of the log as a percentage with one decimal, rounded down: 100% only when it is all.

    Examples
    --------
    >>> coverage_text(1.0), coverage_text(0.99996), coverage_text(0.5), coverage_text(0.0)
    ('100%', '99.9%', '50%', '0%')
    """
    tenths = math.floor(share * 1000 + 1e-9)
    if tenths == 1000 and share < 1:
        tenths = 999
    return f"{tenths / 10:.1f}".rstrip("0").rstrip(".") + "%"
