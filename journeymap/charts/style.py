"""The look every chart of a journey shares: colours, the font, the map's pixel geometry, its wording,
and small helpers that format figures for labels and tooltips.

Kept in one place so that the map, the emotion curve, the automation matrix and the report drawn from
them agree; the recommendations' own names and colours live in :mod:`journeymap.vocabulary`.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from journeymap.vocabulary import RECOMMENDATION_LABELS, percent_text

__all__ = [
    "BADGE_TEXTS",
    "LANE_TITLES",
    "LINES_BELOW",
    "QUADRANT_NAMES",
    "finite_number",
    "label_lines",
    "overlaps",
    "percent_or_unknown",
    "signed_or_unrecorded",
]

# --- wording -------------------------------------------------------------------------------------

LANE_TITLES = {
    "customer": "Customer\nactions",
    "frontstage": "Frontstage\nstaff in view",
    "backstage": "Backstage\nout of view",
    "support": "Support\nsystems",
}
#: The lines of a service blueprint, drawn under the lane they close. A solid line has no dash
#: pattern at all: the renderer of images cuts a line dashed [1, 0] into one-pixel pieces.
LINES_BELOW = {
    "customer": ("line of interaction", []),
    "frontstage": ("line of visibility", [10, 5]),
    "backstage": ("line of internal interaction", [3, 4]),
}
#: The advice badge above each step: the recommendation's short name in capitals.
BADGE_TEXTS = {key: label.upper() for key, label in RECOMMENDATION_LABELS.items()}
#: The quadrants of the automation matrix, named after the advice they give.
QUADRANT_NAMES = {**RECOMMENDATION_LABELS, "assist": f"{RECOMMENDATION_LABELS['assist']} (person in the loop)"}

# --- colours and font ----------------------------------------------------------------------------

EMOTION_DOMAIN = [-5, 0, 5]
EMOTION_RANGE = ["#c62828", "#f3f1ea", "#2e7d32"]
NO_EMOTION = "#cfcfcf"
INK = "#1f2933"
MUTED = "#52606d"
LEAVE = "#a61b1b"
FINISH = "#1b6b2a"
#: The lanes' alternating background, also behind each touchpoint's name.
BAND_EVEN, BAND_ODD = "#f4f6f9", "#ffffff"
FONT = "DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif"

# --- geometry of the map, in pixels. Generous on purpose: the map is projected on a wall. ---------

LEFT = 178  # lane titles
TOP = 64  # stage names
SLOT_W = 210  # one touchpoint's column
ROW_H = 208  # one touchpoint's row: badge, mark, three lines of name, one of exit
EMPTY_LANE_H = 64
PER_ROW = 4  # touchpoints side by side in one cell before they wrap to a new row
RIGHT = 24
BADGE_DY = -54  # badge centre above the mark's centre
NAME_DY = 36  # top of the name below the mark's centre
NAME_LINE_H = 18
MARK_DY = 78  # mark centre below the row's top
SIZE_RANGE = [260, 2300]  # mark area in px² (radius about 9 to 27 px)
NAME_WIDTH = 22  # characters per line of a touchpoint's name
NAME_LINES = 3
CHAR_W = 8.6  # average width of a character of the names' font, for the boxes behind them


# --- helpers -------------------------------------------------------------------------------------


def label_lines(text: str, width: int = NAME_WIDTH, max_lines: int = NAME_LINES) -> list[str]:
    """A name wrapped into at most ``max_lines`` lines of ``width`` characters, shortened with "…".

    Examples
    --------
    >>> label_lines("Waits for the table")
    ['Waits for the table']
    >>> label_lines("Waits at the counter while the order is prepared in the kitchen", max_lines=2)
    ['Waits at the counter', 'while the order is…']
    """
    lines = textwrap.wrap(" ".join(text.split()), width=width, break_long_words=True) or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    kept[-1] = (last if len(last) < width else last[: width - 1].rstrip()) + "…"
    return kept


def finite_number(value: Any) -> float | None:
    """``value`` as a float when it is a finite number (not a bool), else ``None``.

    Examples
    --------
    >>> finite_number(3), finite_number(None), finite_number(True), finite_number(float("nan"))
    (3.0, None, None, None)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def percent_or_unknown(value: float | None) -> str:
    """A share as a percentage, or "unknown" when there is none."""
    return "unknown" if value is None else percent_text(value)


def signed_or_unrecorded(value: float | None) -> str:
    """An emotion for a tooltip or title: signed, one decimal, a true minus sign.

    Examples
    --------
    >>> signed_or_unrecorded(1.5), signed_or_unrecorded(-2), signed_or_unrecorded(0), signed_or_unrecorded(None)
    ('+1.5', '−2.0', '0', 'not recorded')
    """
    if value is None:
        return "not recorded"
    return f"{value:+.1f}".replace("+0.0", "0").replace("-", "−")


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (left, top, right, bottom) overlap by more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
