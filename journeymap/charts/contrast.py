"""Colour arithmetic for readable charts: WCAG contrast, colours laid over each other, colours between two.

The charts pick the colour of a text drawn on a fill they know (a sign in an emotion's mark) with
:func:`readable_on`; the tests measure every text of every chart with :func:`contrast_ratio`. Colours
are CSS hex strings (``"#1f2933"``, ``"#fff"``) or ``"white"`` and ``"black"``.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["BLACK", "WHITE", "contrast_ratio", "hex_colour", "mix", "readable_on", "relative_luminance", "rgb"]

BLACK, WHITE = "#000000", "#ffffff"
_NAMED = {"white": WHITE, "black": BLACK}


def rgb(colour: str) -> tuple[int, int, int]:
    """A colour's red, green and blue, 0…255.

    Examples
    --------
    >>> rgb("#1f2933"), rgb("#fff"), rgb("white")
    ((31, 41, 51), (255, 255, 255), (255, 255, 255))
    """
    text = _NAMED.get(colour.lower(), colour).lstrip("#")
    if len(text) == 3:
        text = "".join(char * 2 for char in text)
    if len(text) != 6:
        raise ValueError(f"not a colour of the form #rrggbb or #rgb: {colour!r}")
    red, green, blue = (int(text[index:index + 2], 16) for index in (0, 2, 4))
    return red, green, blue


def hex_colour(red: float, green: float, blue: float) -> str:
    """``#rrggbb`` of three channels 0…255, rounded as a browser rounds them (halves up).

    Examples
    --------
    >>> hex_colour(31, 41, 51.5)
    '#1f2934'
    """
    return "#" + "".join(f"{min(255, max(0, int(channel + 0.5))):02x}" for channel in (red, green, blue))


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance, 0 (black) … 1 (white): the linear light of sRGB, weighted for the eye.

    Examples
    --------
    >>> relative_luminance("#000"), relative_luminance("#fff"), round(relative_luminance("#808080"), 4)
    (0.0, 1.0, 0.2159)
    """
    linear = []
    for channel in rgb(colour):
        value = channel / 255
        linear.append(value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2's contrast ratio of two colours, 1 … 21; text needs 4.5 (level AA), large text 3.

    Examples
    --------
    >>> contrast_ratio("#000", "#fff"), round(contrast_ratio("#777", "#fff"), 2), contrast_ratio("#fff", "#fff")
    (21.0, 4.48, 1.0)
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(first: str, second: str, share: float) -> str:
    """The colour ``share`` of the way from ``first`` to ``second``, straight across sRGB.

    What Vega draws between two colours of a scale interpolated "rgb", and what a colour laid over
    another with an opacity gives: ``mix(under, over, opacity)``.

    Examples
    --------
    >>> mix("#000000", "#ffffff", 0.5), mix("#1f2933", "#f4f6f9", 0.0), mix("#ffffff", "#1f5fa8", 0.08)
    ('#808080', '#1f2933', '#edf2f8')
    """
    return hex_colour(*(a + (b - a) * share for a, b in zip(rgb(first), rgb(second))))


def readable_on(fill: str, inks: Sequence[str] = (BLACK, WHITE)) -> str:
    """The ink of ``inks`` that contrasts most with ``fill``.

    Black or white reads at 4.58:1 or more on any fill: the two are equal where the fill's relative
    luminance is √(1.05 × 0.05) − 0.05 ≈ 0.179, and each contrasts more on its own side of it.

    Examples
    --------
    >>> readable_on("#b35806"), readable_on("#f3f1ea"), readable_on("#2166ac")
    ('#ffffff', '#000000', '#ffffff')
    """
    return max(inks, key=lambda ink: contrast_ratio(ink, fill))
