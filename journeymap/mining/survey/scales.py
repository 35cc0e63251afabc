"""Survey scales, and how a score on one becomes a feeling (and, for effort, friction).

The mapping is one straight line for every scale, documented in docs/calibrate.md:

- **emotion** (−5 … +5): the scale's lowest score is −5, its highest +5, its middle 0:
  ``emotion = −5 + 10 · (score − lowest) / (highest − lowest)``. CSAT 1, 2, 3, 4, 5 give −5, −2.5,
  0, +2.5, +5; NPS 0 … 10 gives −5 … +5 (a mean of 7 gives +2); CES 1 ("very hard") … 7 ("very
  easy") gives −5 … +5; a stated range the same between its ends.
- **friction** (0 … 10), for CES only, the effort the other way round: ``friction = 10 · (highest −
  score) / (highest − lowest)``; CES 7 gives 0, 4 gives 5, 1 gives 10.

A line keeps the mean: the emotion of the mean score is the mean of the answers' emotions, and the
ends of the mean's interval map to the ends of the emotion's.

Examples
--------
>>> csat = parse_scale("CSAT")
>>> [emotion_of(csat, score) for score in (1, 2, 3, 4, 5)]
[-5.0, -2.5, 0.0, 2.5, 5.0]
>>> ces = parse_scale("ces")
>>> round(emotion_of(ces, 6), 3), round(friction_of(ces, 6), 3)
(3.333, 1.667)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journeymap.model.survey import MAX_SCALE_POINT
from journeymap.vocabulary import SURVEY_SCALES

__all__ = ["Scale", "ScaleError", "emotion_of", "friction_of", "nps_of", "parse_scale", "scale_in_heading"]

_NUMBER = r"[+\-\u2212]?\d+(?:[.,]\d+)?"
_RANGE = re.compile(rf"(?P<lowest>{_NUMBER})\s*(?:to|–|—|-|\.\.|…)\s*(?P<highest>{_NUMBER})", re.IGNORECASE)
_NAMED = re.compile(r"\b(?P<name>csat|ces|nps)\b", re.IGNORECASE)
_WHAT = {"CSAT": "satisfaction", "CES": "customer effort (1 very hard … 7 very easy)",
         "NPS": "likelihood to recommend"}
_EXAMPLES = "CSAT, CES, NPS or a range such as 1-10"


class ScaleError(ValueError):
    """Text that names no scale journeymap reads; the message says what would."""


@dataclass(frozen=True)
class Scale:
    """A survey scale: CSAT, CES, NPS (each with its own ends) or a stated range, higher always better."""

    kind: str  # "CSAT" | "CES" | "NPS" | "range"
    lowest: float
    highest: float

    @property
    def whole(self) -> bool:
        """Whether answers are whole numbers (the named scales), not any number in between (a range)."""
        return self.kind != "range"

    def label(self) -> str:
        """The scale in a message: ``CSAT's 1–5``, ``the range 0–100``.

        Examples
        --------
        >>> parse_scale("nps").label(), parse_scale("0 to 100").label()
        ("NPS's 0–10", 'the range 0–100')
        """
        ends = f"{_shown(self.lowest)}–{_shown(self.highest)}"
        return f"the range {ends}" if self.kind == "range" else f"{self.kind}'s {ends}"

    def describe(self) -> str:
        """What the scale measures, for a summary: ``CSAT (satisfaction, 1 to 5)``."""
        ends = f"{_shown(self.lowest)} to {_shown(self.highest)}"
        return f"a range of {ends}" if self.kind == "range" else f"{self.kind} ({_WHAT[self.kind]}, {ends})"


def parse_scale(text: str) -> Scale:
    """The scale a cell or an option names: ``CSAT``, ``CES``, ``NPS`` (any case, with or without their
    ends, ``CSAT 1-5``) or a range ``LOW-HIGH`` (``1-10``, ``0 to 100``, ``-3..3``, a decimal comma).

    Examples
    --------
    >>> parse_scale("CSAT (1–5)"), parse_scale("1 to 10")
    (Scale(kind='CSAT', lowest=1, highest=5), Scale(kind='range', lowest=1.0, highest=10.0))
    >>> parse_scale("CSAT 1-10")
    Traceback (most recent call last):
    ...
    journeymap.mining.survey.scales.ScaleError: CSAT runs from 1 to 5, not 1 to 10; for a scale of 1 to 10 give the range alone ("1-10")
    >>> parse_scale("10-1")
    Traceback (most recent call last):
    ...
    journeymap.mining.survey.scales.ScaleError: a range goes from its worst score to its best, lowest first ("1-10"), got "10-1"
    """
    cleaned = " ".join(str(text).split())
    named = _NAMED.search(cleaned)
    found = _RANGE.search(cleaned)
    if named is not None:
        kind = named["name"].upper()
        lowest, highest = SURVEY_SCALES[kind]
        if found is not None and (_number(found["lowest"]), _number(found["highest"])) != (lowest, highest):
            given = f"{found['lowest']} to {found['highest']}"
            raise ScaleError(f"{kind} runs from {lowest} to {highest}, not {given}; for a scale of {given} give "
                             f'the range alone ("{found["lowest"]}-{found["highest"]}")')
        return Scale(kind, lowest, highest)
    if found is None or cleaned.casefold().removeprefix("range").strip(" :") != found.group().casefold():
        raise ScaleError(f'"{cleaned[:40]}" is not a scale journeymap reads: give {_EXAMPLES}')
    lowest, highest = _number(found["lowest"]), _number(found["highest"])
    if lowest >= highest:
        raise ScaleError('a range goes from its worst score to its best, lowest first '
                         f'("{_shown(min(lowest, highest))}-'
                         f'{_shown(max(lowest, highest))}"), got "{found.group()}"')
    if max(abs(lowest), abs(highest)) > MAX_SCALE_POINT:
        raise ScaleError(f"a range's ends lie within ±{MAX_SCALE_POINT:,}, got {found.group()}")
    return Scale("range", lowest, highest)


def scale_in_heading(heading: str) -> Scale | None:
    """The scale a score column's heading names, if it names one: ``NPS``, ``CSAT score``, ``Rating (1-10)``.

    Examples
    --------
    >>> scale_in_heading("CSAT score"), scale_in_heading("Rating (0-10)"), scale_in_heading("Score")
    (Scale(kind='CSAT', lowest=1, highest=5), Scale(kind='range', lowest=0.0, highest=10.0), None)
    """
    named = _NAMED.search(heading)
    if named is not None:
        kind = named["name"].upper()
        return Scale(kind, *SURVEY_SCALES[kind])
    found = _RANGE.search(heading)
    if found is not None:
        try:
            return parse_scale(found.group())
        except ScaleError:
            return None
    return None


def emotion_of(scale: Scale, score: float) -> float:
    """The customer's emotion (−5 … +5) a score stands for: a straight line from the lowest to the highest.

    Examples
    --------
    >>> nps = parse_scale("NPS")
    >>> emotion_of(nps, 0), emotion_of(nps, 7), emotion_of(nps, 10)
    (-5.0, 2.0, 5.0)
    """
    return -5.0 + 10.0 * (score - scale.lowest) / (scale.highest - scale.lowest)


def friction_of(scale: Scale, score: float) -> float | None:
    """The friction (0 … 10) an effort score stands for, or None for a scale that does not measure effort.

    Examples
    --------
    >>> ces = parse_scale("CES")
    >>> friction_of(ces, 7), friction_of(ces, 4), friction_of(ces, 1), friction_of(parse_scale("CSAT"), 1)
    (0.0, 5.0, 10.0, None)
    """
    if scale.kind != "CES":
        return None
    return 10.0 * (scale.highest - score) / (scale.highest - scale.lowest)


def nps_of(scores: list[float]) -> float:
    """The Net Promoter Score of NPS answers: the percentage of promoters (9, 10) minus that of detractors (0 … 6).

    Shown beside the mean for those who know the NPS; the emotion comes from the mean (docs/calibrate.md says why).

    Examples
    --------
    >>> nps_of([10, 9, 8, 7, 6, 0])  # 2 promoters, 2 detractors of 6
    0.0
    >>> nps_of([10, 10, 9, 3])
    50.0
    """
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    return 100.0 * (promoters - detractors) / len(scores)


def _number(text: str) -> float:
    return float(text.replace("\u2212", "-").replace(",", "."))


def _shown(value: float) -> str:
    return f"{value:g}"
