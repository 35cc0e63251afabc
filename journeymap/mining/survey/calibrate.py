"""Survey answers into a journey: each step's emotion (and friction, for CES) from what customers answered.

For each step the survey names, with at least ``min_answers`` scores (:data:`~journeymap.vocabulary.
DEFAULT_MIN_ANSWERS` unless asked otherwise):

- ``emotion`` becomes the mean score mapped onto −5 … +5 (:func:`~journeymap.mining.survey.scales.emotion_of`),
  to one decimal; for CES also ``friction``, onto 0 … 10 (:func:`~journeymap.mining.survey.scales.friction_of`);
- ``survey`` keeps the scale, how many answered, the mean and its 95% interval on the survey's own scale
  (to two decimals, within the scale), replacing what an earlier survey left there;
- ``evidence`` becomes ``measured``.

A step with fewer scores keeps its emotion, friction, evidence and survey, and the calibration says
why (:attr:`StepChange.kept`). Whatever the count, each comment joins the step's quotes, masked
(:mod:`~journeymap.mining.survey.mask`) and signed ``— survey, CSAT 4``; a quote already there is not added
twice, so calibrating with the same file again changes nothing. At most :data:`MAX_NEW_QUOTES` quotes
join one step at a time (the first in the file; the calibration says how many were left out).

A step's survey holds one scale: a file with answers on two scales about one step is refused, by row.

Examples
--------
>>> from journeymap.model.validation import journey_from_data
>>> journey = journey_from_data({"title": "Café", "stages": [{"id": "s", "name": "S"}], "touchpoints": [
...     {"id": "pay", "name": "Pays by card", "stage": "s", "emotion": -1}]})
>>> survey = b"Step,CSAT,Comment\\npay,4,Fast\\npay,5,\\npay,3,\\npay,4,Call me on 0612 345 678\\n"
>>> calibration = calibrate(journey, survey, name="s.csv", min_answers=4)
>>> step = calibration.steps[0]
>>> step.emotion, step.survey.mean, (round(step.survey.low, 2), step.survey.high), step.quotes
((-1.0, 2.5), 4.0, (2.7, 5.0), ('Fast — survey, CSAT 4', 'Call me on [phone] — survey, CSAT 4'))
>>> calibrated(journey, calibration).touchpoints[0].evidence
'measured'
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.errors import Problem, SurveyError
from journeymap.mining.survey.interval import MeanInterval, mean_interval
from journeymap.mining.survey.mask import Masked, mask_comment
from journeymap.mining.survey.scales import Scale, emotion_of, friction_of, nps_of
from journeymap.mining.survey.steps import StepFinder
from journeymap.mining.survey.table import COMMAND_LINE_HINTS, SurveyColumns, SurveyRow, SurveyTable, read_survey
from journeymap.model import Journey, Survey
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.vocabulary import DEFAULT_MIN_ANSWERS

__all__ = ["MAX_NEW_QUOTES", "QUOTE_SIGNATURE", "Calibration", "StepChange", "calibrate", "calibrated",
           "plan_calibration", "quote_line", "with_calibration"]

#: The most quotes one calibration adds to one step: a wall of 300 comments is read by nobody.
MAX_NEW_QUOTES = 50
#: What a survey comment is signed with among the step's quotes.
QUOTE_SIGNATURE = "survey"
_MAX_QUOTE = 2000  # a quote's length in the file format (touchpoints[].quotes)
_MASK_PARTS = ("emails", "phones", "numbers", "names")
_MASKED_CHARS = 4 * _MAX_QUOTE  # of a long comment, as much is masked (then cut to the quote's length)
_TRAILING_NUMBER = re.compile(r"[\d \u00a0().\-/+]+$")

Data = dict[str, Any]


@dataclass(frozen=True)
class StepChange:
    """What the survey says about one step, and what calibrating does to it.

    ``emotion``, ``friction`` and ``evidence`` are each (before, after): equal when the step keeps
    them. ``summary`` is the answers' mean and interval (None for a step with comments only);
    ``survey`` what the step's ``survey`` becomes (None when it is kept); ``quotes`` the quotes it gains,
    of ``comments`` comments; ``masked`` how many of each thing were masked in them; ``kept`` why the
    step keeps its values, or None.
    """

    touchpoint: str
    name: str
    scale: Scale | None
    answers: int
    summary: MeanInterval | None
    survey: Survey | None
    emotion: tuple[float | None, float | None]
    friction: tuple[float, float]
    evidence: tuple[str, str]
    emotion_interval: tuple[float, float] | None
    nps: float | None
    quotes: tuple[str, ...]
    comments: int
    left_out: int  # comments beyond the MAX_NEW_QUOTES new quotes one calibration adds to a step
    masked: Mapping[str, int]
    kept: str | None

    @property
    def changes(self) -> bool:
        """Whether calibrating changes the step at all (a value, its survey, or a quote added)."""
        return self.survey is not None or bool(self.quotes)


@dataclass(frozen=True)
class Calibration:
    """What a survey does to a journey, step by step, and what reading it noted."""

    source: str | None
    min_answers: int
    steps: tuple[StepChange, ...]
    rows: int  # rows read (answers and comments)
    answers: int  # rows with a score
    skipped: int  # rows with neither
    scale_from: str
    columns: Mapping[str, str]
    notes: tuple[str, ...] = field(default=())

    @property
    def calibrated(self) -> tuple[StepChange, ...]:
        """The steps whose emotion (and friction) the survey sets."""
        return tuple(step for step in self.steps if step.survey is not None)

    @property
    def kept(self) -> tuple[StepChange, ...]:
        """The steps with answers that keep their values, each saying why."""
        return tuple(step for step in self.steps if step.kept is not None)

    def masked(self) -> dict[str, int]:
        """How many e-mail addresses, phone numbers, long numbers and names were masked, in all the quotes."""
        return {part: sum(step.masked[part] for step in self.steps) for part in _MASK_PARTS}


def calibrate(journey: Journey, source: str | os.PathLike[str] | bytes, *, min_answers: int = DEFAULT_MIN_ANSWERS,
              scale: str | Scale | None = None, columns: SurveyColumns | None = None, name: str | None = None,
              hints: Mapping[str, str] = COMMAND_LINE_HINTS) -> Calibration:
    """Read a survey file (or its bytes) against ``journey`` and plan what it changes (:func:`plan_calibration`).

    Raises :class:`~journeymap.errors.SurveyError` with every problem of the file, by row: an unknown
    step among them.
    """
    finder = StepFinder(journey)
    table = read_survey(source, columns=columns, scale=scale, name=name, touchpoint_problem=finder.problem,
                        hints=hints)
    return plan_calibration(journey, table, min_answers=min_answers, finder=finder)


def plan_calibration(journey: Journey, table: SurveyTable, *, min_answers: int = DEFAULT_MIN_ANSWERS,
                     finder: StepFinder | None = None) -> Calibration:
    """What the survey's answers do to each step of ``journey`` they are about, in the journey's order."""
    if min_answers < 1:
        raise ValueError(f"min_answers is 1 or more, got {min_answers}")
    finder = finder or StepFinder(journey)
    by_step: dict[str, list[SurveyRow]] = {}
    problems = []
    for row in table.rows:
        step = finder.find(row.touchpoint)
        if step is None:
            problems.append(Problem(f"row {row.row}", finder.problem(row.touchpoint) or "no such step"))
            continue
        by_step.setdefault(step, []).append(row)
    problems += _mixed_scales(by_step, {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints})
    if problems:
        raise SurveyError(sorted(problems, key=lambda problem: int(problem.location.split()[1])), table.source)
    keep = _journey_words(journey)
    steps = tuple(_step_change(touchpoint, by_step[touchpoint.id], min_answers, keep)
                  for touchpoint in journey.touchpoints if touchpoint.id in by_step)
    notes = list(table.notes)
    for step in steps:
        if step.left_out:
            notes.append(f'"{step.name}": {step.comments} comments; the first {MAX_NEW_QUOTES} new ones join its '
                         f"quotes, {step.left_out} more do not")
    return Calibration(table.source, min_answers, steps, len(table.rows), table.answers, table.skipped,
                       table.scale_from, dict(table.columns), tuple(notes))


def with_calibration(data: Data, calibration: Calibration) -> Data:
    """``data`` (a journey's data) with the calibration brought in; a step no longer there is left out.

    Applied to the journey's newest data, as the app's edits are: the values of a step the survey
    calibrates are set, its quotes joined (never twice).
    """
    changes = {step.touchpoint: step for step in calibration.steps if step.changes}
    touchpoints = []
    for touchpoint in data.get("touchpoints", []):
        step = changes.get(touchpoint.get("id", ""))
        if step is not None:
            touchpoint = dict(touchpoint)
            if step.survey is not None:
                touchpoint["emotion"] = step.emotion[1]
                touchpoint["friction"] = step.friction[1]
                touchpoint["evidence"] = "measured"
                touchpoint["survey"] = step.survey.model_dump(exclude_none=True)
            lines = list(touchpoint.get("quotes") or [])
            touchpoint["quotes"] = lines + [quote for quote in step.quotes if quote not in lines]
        touchpoints.append(touchpoint)
    return {**data, "touchpoints": touchpoints}


def calibrated(journey: Journey, calibration: Calibration) -> Journey:
    """The journey with the calibration brought in, validated (its ``schema_version`` 4 once a step has a survey)."""
    return journey_from_data(with_calibration(journey_to_data(journey), calibration))


def quote_line(comment: str, scale: Scale | None, score: float | None) -> str:
    """A survey comment as a line of the step's quotes: signed, with the score, cut to the length a quote may have.

    Examples
    --------
    >>> from journeymap.mining.survey.scales import parse_scale
    >>> quote_line("Too slow", parse_scale("NPS"), 3), quote_line("Ok", parse_scale("1-10"), 7.5)
    ('Too slow — survey, NPS 3', 'Ok — survey, 7.5 on 1–10')
    >>> quote_line("Nice", None, None), len(quote_line("x" * 3000, None, None))
    ('Nice — survey', 2000)
    """
    if scale is None or score is None:
        signature = f" — {QUOTE_SIGNATURE}"
    elif scale.kind == "range":
        signature = f" — {QUOTE_SIGNATURE}, {score:g} on {scale.lowest:g}–{scale.highest:g}"
    else:
        signature = f" — {QUOTE_SIGNATURE}, {scale.kind} {score:g}"
    room = _MAX_QUOTE - len(signature)
    text = comment if len(comment) <= room else comment[:room - 1].rstrip() + "…"
    return text + signature


# --------------------------------------------------------------------------------------------------


def _mixed_scales(by_step: Mapping[str, Sequence[SurveyRow]], names: Mapping[str, str]) -> list[Problem]:
    """A problem for each row that scores a step on another scale than the step's first score."""
    problems = []
    for step, rows in by_step.items():
        scored = [row for row in rows if row.scale is not None]
        for row in scored[1:]:
            first = scored[0]
            if row.scale != first.scale:
                problems.append(Problem(f"row {row.row}", f'"{names[step]}" is scored on {row.scale.label()} here '
                                        f"and on {first.scale.label()} in row {first.row}; a step's survey holds one "
                                        "scale: calibrate with one file (or one Scale) at a time"))
    return problems


def _journey_words(journey: Journey) -> list[str]:
    """The journey's own words, which are not names in a comment (``the Booking page``)."""
    words = [journey.title, *(stage.name for stage in journey.stages)]
    for touchpoint in journey.touchpoints:
        words.append(touchpoint.name)
        if touchpoint.channel:
            words.append(touchpoint.channel)
    return words


def _step_change(touchpoint: Any, rows: Sequence[SurveyRow], min_answers: int, keep: list[str]) -> StepChange:
    scored = [row for row in rows if row.score is not None]
    scale = scored[0].scale if scored else None
    scores = [row.score for row in scored if row.score is not None]
    summary = mean_interval(scores, scale.lowest, scale.highest) if scale is not None else None
    before = (touchpoint.emotion, touchpoint.friction, touchpoint.evidence)
    after = before
    survey = None
    emotion_interval = None
    kept = None
    if scale is not None and summary is not None:
        if summary.low is not None and summary.high is not None:
            emotion_interval = (round(emotion_of(scale, summary.low), 1), round(emotion_of(scale, summary.high), 1))
        if len(scores) < min_answers:
            kept = (f"{_count(len(scores), 'answer')}, fewer than the {min_answers} asked for: it keeps its "
                    + ("emotion and friction" if scale.kind == "CES" else "emotion"))
        else:
            friction = friction_of(scale, summary.mean)
            after = (round(emotion_of(scale, summary.mean), 1),
                     touchpoint.friction if friction is None else round(friction, 1), "measured")
            survey = _survey(scale, summary)
    else:
        kept = "comments only, no scores: it keeps its emotion"
    quotes, comments, left_out, masked = _quotes(rows, touchpoint.quotes, keep)
    nps = nps_of(scores) if scale is not None and scale.kind == "NPS" else None
    return StepChange(touchpoint.id, touchpoint.name, scale, len(scores), summary, survey,
                      (before[0], after[0]), (before[1], after[1]), (before[2], after[2]), emotion_interval,
                      None if nps is None else round(nps, 1), quotes, comments, left_out, masked, kept)


def _survey(scale: Scale, summary: MeanInterval) -> Survey:
    """The step's ``survey``: the figures to two decimals, kept within the scale (rounding may step out of it)."""
    def kept_in(value: float) -> float:
        return min(max(round(value, 2), scale.lowest), scale.highest)

    low = None if summary.low is None else kept_in(summary.low)
    high = None if summary.high is None else kept_in(summary.high)
    return Survey(scale=scale.kind, lowest=scale.lowest, highest=scale.highest, answers=summary.count,
                  mean=kept_in(summary.mean), low=low, high=high)


def _quotes(rows: Sequence[SurveyRow], already: Sequence[str],
            keep: list[str]) -> tuple[tuple[str, ...], int, int, dict[str, int]]:
    """The step's new quotes (masked, signed, none twice, at most MAX_NEW_QUOTES), how many rows had a
    comment, how many of those were left out for the limit, and how many things were masked in the quotes."""
    lines: list[str] = []
    seen = set(already)
    masked = dict.fromkeys(_MASK_PARTS, 0)
    comments = left_out = 0
    for row in rows:
        if row.comment is None:
            continue
        comments += 1
        if len(lines) >= MAX_NEW_QUOTES:
            left_out += 1
            continue
        hidden: Masked = mask_comment(_head(row.comment), keep)
        line = quote_line(hidden.text, row.scale, row.score)
        if line in seen:
            continue
        seen.add(line)
        lines.append(line)
        for part in _MASK_PARTS:
            masked[part] += getattr(hidden, part)
    return tuple(lines), comments, left_out, masked


def _head(comment: str) -> str:
    """As much of a comment as a quote can hold, and more, for masking: a comment of a million characters
    would take seconds to mask, for a quote of 2,000. Cut at a space (no e-mail address holds one), less
    the digits before the cut, which may be the first half of a phone number that masking would then miss.

    Examples
    --------
    >>> len(_head("word " * 5000)) < 4 * _MAX_QUOTE, _head("x" * 7990 + " call +44 20 7946 0958")[-6:]
    (True, 'x call')
    """
    if len(comment) <= _MASKED_CHARS:
        return comment
    cut = comment[:_MASKED_CHARS]
    cut = cut[:cut.rfind(" ")] if " " in cut else cut
    return _TRAILING_NUMBER.sub("", cut)


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
