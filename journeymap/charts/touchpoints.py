"""What the journey map shows of each touchpoint: one plain row per step for Vega-Lite.

A row holds the step's place (from :mod:`journeymap.charts.layout`), its mark (colour, shape, size),
its annotations (badge, pain rank, exit) and the texts of its tooltip. The figures come from the
analysis's row of the step; a step that a cached analysis does not know yet (see
:class:`StepFigures`) is drawn without them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from journeymap.charts.contrast import BLACK
from journeymap.charts.style import (
    BADGE_TEXTS,
    BAND_EVEN,
    BAND_ODD,
    CHAR_W,
    NAME_DY,
    NAME_LINE_H,
    emotion_sign,
    finite_number,
    label_lines,
    text_width,
    percent_or_unknown,
    signed_or_unrecorded,
)
from journeymap.model import LANES, Touchpoint

__all__ = ["StepFigures", "node_row"]

#: The lanes where a mark shows the staff's emotion (as a square) rather than the customer's.
STAFF_LANES = ("backstage", "support")


@dataclass(frozen=True)
class StepFigures:
    """The figures of one step that the map shows, read from its row of ``analyze(journey)``.

    :meth:`of` reads every key directly, so that a renamed key of the analysis fails loudly; a step
    with no row (a cached analysis lagging behind the journey) gets :meth:`of`'s empty figures.
    """

    reach: float | None = None
    weekly_volume: float | None = None
    drop_off: float | None = None
    exit: float | None = None
    pain: float | None = None
    staff_pain: float | None = None
    is_pain_point: bool = False
    pain_rank: int | None = None  # only for a pain point
    recommendation: str | None = None
    fit: float | None = None
    empathy_risk: float | None = None
    reasons: list[str] | None = None  # None: no advice known
    warnings: list[str] = field(default_factory=list)
    firmness: str = ""  # the advice's firmness sentence ("Borderline: …" or "Firm: …")

    @classmethod
    def of(cls, row: Mapping[str, Any] | None) -> StepFigures:
        """The figures of an analysis row; without one, none."""
        if row is None:
            return cls()
        automation = row["automation"]
        is_pain_point = bool(row["is_pain_point"])
        return cls(
            reach=finite_number(row["reach"]),
            weekly_volume=finite_number(row["weekly_volume"]),
            drop_off=finite_number(row["drop_off"]),
            exit=finite_number(row["exit"]),
            pain=finite_number(row["pain"]),
            staff_pain=finite_number(row["staff_pain"]),
            is_pain_point=is_pain_point,
            pain_rank=row["pain_rank"] if is_pain_point else None,
            recommendation=automation["recommendation"],
            fit=finite_number(automation["fit"]),
            empathy_risk=finite_number(automation["empathy_risk"]),
            reasons=list(automation["reasons"]),
            warnings=list(automation["warnings"]),
            firmness=automation["firmness"]["text"],
        )


def node_row(
    touchpoint: Touchpoint, figures: StepFigures, *, stage_name: str, column: int, slot: int, x: float, y: float,
    size_value: float, area: float, file_index: int,
) -> dict[str, Any]:
    """The map's row of one touchpoint whose mark is centred at (x, y) with the given area in px²."""
    staff_side = touchpoint.lane in STAFF_LANES
    lines = label_lines(touchpoint.name)
    exit_text = _exit_text(figures)
    colour_value = touchpoint.staff_emotion if staff_side else touchpoint.emotion
    lane_row = LANES.index(touchpoint.lane)
    # half the drawn mark's extent (what lines and labels keep clear of): Vega-Lite's size is
    # the mark's area, a circle's or a square's
    radius = math.sqrt(area / math.pi) if not staff_side else math.sqrt(area) / 2
    return {
        "id": touchpoint.id,
        "name": touchpoint.name,
        "label": "\n".join(lines),
        "label_lines": lines,
        "label_half_width": 4 + CHAR_W * max(text_width(line) for line in lines) / 2,
        "label_bottom": y + NAME_DY + NAME_LINE_H * len(lines) + (NAME_LINE_H + 4 if exit_text else 2),
        "exit_y": y + NAME_DY + NAME_LINE_H * len(lines) + 3,
        "band": BAND_EVEN if lane_row % 2 == 0 else BAND_ODD,
        "file_index": file_index,
        "stage": touchpoint.stage,
        "stage_name": stage_name,
        "stage_column": column,
        "lane": touchpoint.lane,
        "lane_row": lane_row,
        "slot": slot,
        "x": x,
        "y": y,
        "radius": radius,
        "emotion_of": "staff" if staff_side else "customer",
        "emotion_shape": "Staff's emotion" if staff_side else "Customer's emotion",
        # 0 rather than null: Vega-Lite drops marks whose encoded value is null
        "colour_value": 0.0 if colour_value is None else float(colour_value),
        "has_emotion": colour_value is not None,
        **_sign(colour_value, radius),
        "size_value": size_value,
        **_annotations(figures),
        "exit_text": exit_text,
        **_tooltip_texts(touchpoint, figures),
    }


def _sign(value: float | None, radius: float) -> dict[str, Any]:
    """The emotion's sign in its mark: the glyph, its ink, a size the smallest mark still holds.

    Centred on the mark's centre: drawn, "+" and "−" sit within half a pixel of it.

    Examples
    --------
    >>> _sign(-3, 9.1)
    {'sign': '−', 'sign_colour': '#000000', 'sign_size': 14}
    >>> _sign(5, 27)["sign_size"], _sign(None, 9)["sign"]
    (30, '')
    """
    glyph, ink = emotion_sign(value)
    return {"sign": glyph, "sign_colour": ink or BLACK, "sign_size": round(min(30, max(14, 1.15 * radius)))}


def _exit_text(figures: StepFigures) -> str:
    """"↘ 14% leave here" where customers leave, "✓ 81% finish here" at a goal step, else nothing."""
    if figures.drop_off is not None and figures.drop_off >= 0.005:
        return f"↘ {percent_or_unknown(figures.drop_off)} leave here"
    if figures.exit is not None and figures.exit >= 0.005:  # a goal step: its exit is completion
        return f"✓ {percent_or_unknown(figures.exit)} finish here"
    return ""


def _annotations(figures: StepFigures) -> dict[str, Any]:
    """The pain point's outline and rank, and the advice badge."""
    rank, recommendation = figures.pain_rank, figures.recommendation
    badge = BADGE_TEXTS.get(recommendation, "") if recommendation else ""
    return {
        "pain_point": "Pain point (#rank)" if figures.is_pain_point else "Other step",
        "is_pain_point": figures.is_pain_point,
        "pain_rank": rank,
        "rank_label": f"#{rank}" if rank is not None else "",
        "recommendation": recommendation,
        "badge": badge,
        "badge_half_width": 4 + 4.4 * len(badge) if recommendation else 0,
    }


def _tooltip_texts(touchpoint: Touchpoint, figures: StepFigures) -> dict[str, str]:
    """The tooltip's fields: full text and figures, as plain strings."""
    feeling = f" ({touchpoint.feeling})" if touchpoint.feeling else ""
    return {
        "tip_channel": touchpoint.channel or "—",
        "tip_emotion": signed_or_unrecorded(touchpoint.emotion) + feeling,
        "tip_staff_emotion": signed_or_unrecorded(touchpoint.staff_emotion),
        "tip_friction": f"{touchpoint.friction:g} / 10",
        "tip_reach": percent_or_unknown(figures.reach),
        "tip_volume": "unknown (no customers per week)" if figures.weekly_volume is None else f"{figures.weekly_volume:,.0f}",
        "tip_drop_off": percent_or_unknown(figures.drop_off) if figures.drop_off is not None else "—",
        "tip_pain": _pain_text(figures),
        "tip_advice": _advice_text(figures),
        "tip_reasons": " ".join(figures.reasons) if figures.reasons is not None else "",
        "tip_warnings": " ".join(figures.warnings) if figures.warnings else "none",
        "tip_firmness": figures.firmness or "—",
    }


def _pain_text(figures: StepFigures) -> str:
    parts = []
    if figures.pain is not None:
        parts.append(f"customer {figures.pain:.2f}")
    if figures.staff_pain is not None:
        parts.append(f"staff {figures.staff_pain:.2f}")
    text = ", ".join(parts) or "—"
    return f"{text} (pain point #{figures.pain_rank})" if figures.pain_rank is not None else text


def _advice_text(figures: StepFigures) -> str:
    if not figures.recommendation:
        return "—"
    fit, risk = figures.fit, figures.empathy_risk
    numbers = f" (fit {fit:.0f}, empathy risk {risk:.0f})" if fit is not None and risk is not None else ""
    return figures.recommendation.replace("-", " ") + numbers
