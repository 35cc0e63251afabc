"""The look every chart of a journey shares: colours, the font, the map's pixel geometry, its wording,
and small helpers that format figures for labels and tooltips.

Kept in one place so that the map, the emotion curve, the automation matrix and the report drawn from
them agree; the recommendations' own names and colours live in :mod:`journeymap.vocabulary`.
"""

from __future__ import annotations

import math
import textwrap
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from journeymap.charts.contrast import mix, readable_on
from journeymap.vocabulary import RECOMMENDATION_LABELS, percent_text

__all__ = [
    "BADGE_TEXTS",
    "EMOTION_LANE_TITLE",
    "LANE_TITLES",
    "LINES_BELOW",
    "QUADRANT_NAMES",
    "emotion_colour",
    "emotion_sign",
    "emotion_text",
    "finite_number",
    "label_lines",
    "overlaps",
    "percent_or_unknown",
    "signed_or_unrecorded",
    "text_width",
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
#: The emotion lane's title, under the four lanes of the blueprint; the second when staff emotions are drawn too.
EMOTION_LANE_TITLE = "Customer\nemotion"
EMOTION_LANE_TITLE_WITH_STAFF = "Customer\nemotion\n(and staff)"
#: What the emotion lane says when no step has an emotion yet.
NO_EMOTION_YET = "No emotion recorded yet: rate a step from −5 to +5 and the customer's curve appears here."
#: The advice badge above each step: the recommendation's short name in capitals.
BADGE_TEXTS = {key: label.upper() for key, label in RECOMMENDATION_LABELS.items()}
#: The quadrants of the automation matrix, named after the advice they give.
QUADRANT_NAMES = {**RECOMMENDATION_LABELS, "assist": f"{RECOMMENDATION_LABELS['assist']} (person in the loop)"}

# --- colours and font ----------------------------------------------------------------------------

#: The emotion scale, −5 … +5: ColorBrewer's PuOr orange, a warm off-white, RdBu's blue. Orange and
#: blue stay apart for the eye that cannot tell red from green (deuteranopia, protanopia) and for the one
#: that cannot tell blue from yellow (tritanopia); the figures are in docs/app.md, "Colours every eye can
#: read", and tests/test_colours.py measures them. The off-white is warmer than the lanes' bands, and
#: every mark has an outline.
EMOTION_DOMAIN = [-5, 0, 5]
EMOTION_RANGE = ["#b35806", "#f3f1ea", "#2166ac"]
NO_EMOTION = "#cfcfcf"
#: An emotion's sign, drawn in its mark: the colour is not the only thing that tells good from bad.
EMOTION_SIGNS = {1: "+", -1: "−"}
INK = "#1f2933"  # text: 14.8:1 on white
MUTED = "#52606d"  # quieter text: 6.5:1 on white, 6.0:1 on BAND_EVEN
LEAVE = "#a61b1b"
FINISH = "#1b6b2a"
#: The emotion curve's two series, on the map's emotion lane and in the separate curve alike.
CUSTOMER_LINE = "#1f3b73"
STAFF_LINE = "#8f5600"  # 5.5:1 on the lanes: its values are written in it
#: The emotion lane's scale lines: 0 stronger than ±5.
ZERO_LINE = "#7b8794"
SCALE_LINE = "#d3d9e1"
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
#: The emotion lane under the blueprint: +5 is EMOTION_PAD below its top, −5 EMOTION_PAD above its bottom
#: (room for the value labels above and below the points); EMOTION_UNIT pixels per point of emotion.
EMOTION_LANE_H = 240
EMOTION_PAD = 40
EMOTION_UNIT = (EMOTION_LANE_H - 2 * EMOTION_PAD) / 10


# --- helpers -------------------------------------------------------------------------------------


def label_lines(text: str, width: int = NAME_WIDTH, max_lines: int = NAME_LINES) -> list[str]:
    """A name wrapped into at most ``max_lines`` lines of ``width`` columns, shortened with "…".

    Labels are cut here, never by the renderer: Vega shortens a text too wide for its room by
    UTF-16 units and can split an emoji in two, which made whole images fail. A character is cut
    only with what belongs to it (accents, emoji joined by ZWJ, variation selectors, skin tones,
    flags), and a wide one (an emoji, a CJK character) counts as two columns.

    Examples
    --------
    >>> label_lines("Waits for the table")
    ['Waits for the table']
    >>> label_lines("Waits at the counter while the order is prepared in the kitchen", max_lines=2)
    ['Waits at the counter', 'while the order is…']
    >>> label_lines("😀" * 14, width=17)
    ['😀😀😀😀😀😀😀😀', '😀😀😀😀😀😀']
    >>> label_lines("👩‍👩‍👧 été ❤️", width=4, max_lines=1)
    ['👩‍👩‍👧…']
    """
    text = " ".join(text.split())
    if _one_column_each(text) or (len(_clusters(text)) == len(text) and text_width(text) == len(text)):
        # plain text: the wrapping it always had
        lines = textwrap.wrap(text, width=width, break_long_words=True) or [""]
    else:
        lines = _wrap_clusters(text, width) or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    kept[-1] = (last if text_width(last) < width else _cut(last, width - 1).rstrip()) + "…"
    return kept


def text_width(text: str) -> int:
    """How many columns a text takes: two for each wide character (emoji, CJK), none for what joins one.

    Examples
    --------
    >>> text_width("Pay"), text_width("😀!"), text_width("é"), text_width("❤️")
    (3, 3, 1, 2)
    """
    if _one_column_each(text):
        return len(text)
    return sum(_cluster_width(cluster) for cluster in _clusters(text))


def _one_column_each(text: str) -> bool:
    """Whether every character of the text is one column on its own: all of them before U+0300.

    Below the combining marks (U+0300 on) no character joins another or is wide, so Latin text with
    its accents is measured by its length, at once: the map measures every name on every redraw.
    """
    return not text or max(text) < "\u0300"


_ZWJ = "\u200d"


def _joins_previous(char: str) -> bool:
    """Whether a character belongs to the one before it (a mark, a selector, a skin tone, a tag)."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Mn", "Me", "Mc")
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0020 <= code <= 0xE007F
    )


def _is_flag_half(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _clusters(text: str) -> list[str]:
    """The text cut into what a reader sees as single characters (a simple rule, not all of UAX 29)."""
    clusters: list[str] = []
    for char in text:
        if clusters and (
            _joins_previous(char)
            or clusters[-1].endswith(_ZWJ)
            or (_is_flag_half(char) and len(clusters[-1]) == 1 and _is_flag_half(clusters[-1]))
        ):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _cluster_width(cluster: str) -> int:
    if "\ufe0f" in cluster or _is_flag_half(cluster[0]) or any(unicodedata.east_asian_width(char) in ("W", "F") for char in cluster):
        return 2
    return 0 if all(_joins_previous(char) for char in cluster) else 1


def _cut(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` columns, cut between whole characters."""
    kept, used = [], 0
    for cluster in _clusters(text):
        used += _cluster_width(cluster)
        if used > width:
            break
        kept.append(cluster)
    return "".join(kept)


def _wrap_clusters(text: str, width: int) -> list[str]:
    """Words filled into lines of ``width`` columns; a word too long for a line is cut between characters."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if text_width(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word) > width:
            piece = _cut(word, width) or _clusters(word)[0]  # a character wider than a line still goes
            lines.append(piece)
            word = word[len(piece):]
        line = word
    if line:
        lines.append(line)
    return lines


def emotion_colour(value: float) -> str:
    """The fill of an emotion's mark, as Vega draws it: straight across sRGB between the scale's colours.

    Examples
    --------
    >>> emotion_colour(-5), emotion_colour(0), emotion_colour(2.5), emotion_colour(9)
    ('#b35806', '#f3f1ea', '#8aaccb', '#2166ac')
    """
    value = min(max(value, EMOTION_DOMAIN[0]), EMOTION_DOMAIN[-1])
    for (low, high), (start, end) in zip(zip(EMOTION_DOMAIN, EMOTION_DOMAIN[1:]), zip(EMOTION_RANGE, EMOTION_RANGE[1:])):
        if value <= high:
            return mix(start, end, (value - low) / (high - low))
    raise AssertionError("unreachable: the value was clipped to the domain")


def emotion_sign(value: float | None) -> tuple[str, str]:
    """The sign drawn in an emotion's mark ("+", "−", or none for 0 or no emotion) and its colour:
    black or white, whichever reads better on the mark's fill (4.5:1 or more, see
    :func:`~journeymap.charts.contrast.readable_on`).

    Examples
    --------
    >>> emotion_sign(-5), emotion_sign(-4), emotion_sign(0.5), emotion_sign(0), emotion_sign(None)
    (('−', '#ffffff'), ('−', '#000000'), ('+', '#000000'), ('', ''), ('', ''))
    """
    if value is None or value == 0:
        return "", ""
    return EMOTION_SIGNS[1 if value > 0 else -1], readable_on(emotion_colour(value))


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


def emotion_text(value: float) -> str:
    """An emotion as a label on a chart: signed, one decimal at most, a true minus sign.

    Examples
    --------
    >>> [emotion_text(v) for v in (4.0, -1.5, 0.0, -0.04, 2.25, -2.25)]
    ['+4', '−1.5', '0', '0', '+2.3', '−2.3']
    """
    # Halves round away from zero, as the browser's number formatting does.
    text = f"{Decimal(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}".rstrip("0").rstrip(".")
    if text in ("0", "-0"):
        return "0"
    return text.replace("-", "−") if value < 0 else "+" + text


def overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether two boxes (left, top, right, bottom) overlap by more than an edge."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
