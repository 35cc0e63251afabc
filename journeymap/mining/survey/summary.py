"""A calibration in words and as data: what the command line prints (or gives as JSON) and the app's preview shows.

Examples
--------
>>> from journeymap.model.validation import journey_from_data
>>> from journeymap.mining.survey.calibrate import calibrate
>>> journey = journey_from_data({"title": "Café", "stages": [{"id": "s", "name": "S"}], "touchpoints": [
...     {"id": "pay", "name": "Pays by card", "stage": "s", "emotion": -1}]})

Two answers, 4 and 5: mean 4.5, s = 0.7071, t(1) = 12.7062, so 4.5 ± 6.35, the whole scale; the
emotion -5 + 10 · 3.5 / 4 = 3.75, to one decimal 3.8:

>>> calibration = calibrate(journey, b"Step,CSAT\\npay,4\\npay,5\\n", name="s.csv", min_answers=2)
>>> print("\\n".join(calibration_lines(calibration)))
s.csv: 2 answers about 1 step (the scale from the heading "CSAT"; at least 2 answers a step)
Pays by card (pay): CSAT 1 to 5, 2 answers, mean 4.5, 95% interval 1 to 5
  emotion -1 → +3.8 (95% interval -5 to 5), evidence assumed → measured
"""

from __future__ import annotations

from typing import Any

from journeymap.mining.survey.calibrate import Calibration, StepChange
from journeymap.vocabulary import signed_text

__all__ = ["MASK_WORDS", "calibration_data", "calibration_lines", "preview_rows", "step_figures"]

#: What was masked, in words (one, many).
MASK_WORDS = {"emails": ("e-mail address", "e-mail addresses"), "phones": ("phone number", "phone numbers"),
              "numbers": ("long number", "long numbers"), "names": ("name", "names")}


def calibration_lines(calibration: Calibration) -> list[str]:
    """The calibration as lines of text: the file, then a line or two per step, then what was masked."""
    comments = sum(step.comments for step in calibration.steps)
    about = (f"{_count(calibration.answers, 'answer')}"
             + (f" and {_count(comments, 'comment')}" if comments else "")
             + f" about {_count(len(calibration.steps), 'step')}")
    lines = [f"{calibration.source or 'the survey'}: {about} (the scale from {calibration.scale_from}; at least "
             f"{calibration.min_answers} answer{'s' if calibration.min_answers != 1 else ''} a step)"]
    for step in calibration.steps:
        lines.append(f"{step.name} ({step.touchpoint}): {step_figures(step)}")
        lines.append(f"  {_what_changes(step)}")
    masked = masked_text(calibration.masked())
    if masked:
        lines.append(f"masked in the quotes: {masked}")
    lines += [f"note: {note}" for note in calibration.notes]
    return lines


def step_figures(step: StepChange) -> str:
    """The answers about a step: ``CSAT 1 to 5, 8 answers, mean 4.25, 95% interval 3.6 to 4.9``."""
    if step.scale is None or step.summary is None:
        return _count(step.comments, "comment") + ", no scores"
    text = f"{step.scale.kind} {_number(step.scale.lowest)} to {_number(step.scale.highest)}, " \
           f"{_count(step.answers, 'answer')}, mean {_number(step.summary.mean)}"
    if step.summary.low is not None and step.summary.high is not None:
        text += f", 95% interval {_number(step.summary.low)} to {_number(step.summary.high)}"
    if step.nps is not None:
        text += f", Net Promoter Score {step.nps:+g}"
    return text


def _what_changes(step: StepChange) -> str:
    parts = []
    if step.kept is not None:
        parts.append(f"kept: {step.kept}")
    else:
        emotion = f"emotion {_emotion(step.emotion[0])} → {_emotion(step.emotion[1])}"
        if step.emotion_interval is not None:
            emotion += f" (95% interval {_number(step.emotion_interval[0])} to {_number(step.emotion_interval[1])})"
        parts.append(emotion)
        if step.friction[0] != step.friction[1] or step.scale is not None and step.scale.kind == "CES":
            parts.append(f"friction {_number(step.friction[0])} → {_number(step.friction[1])}")
        if step.evidence[0] != step.evidence[1]:
            parts.append(f"evidence {step.evidence[0]} → {step.evidence[1]}")
    if step.quotes:
        parts.append(f"{_count(len(step.quotes), 'quote')} added")
    elif step.comments:
        parts.append("no new quotes (each is there already)")
    return ", ".join(parts)


def masked_text(masked: dict[str, int]) -> str:
    """What was masked, in words: ``1 e-mail address, 2 names`` (empty when nothing was).

    Examples
    --------
    >>> masked_text({"emails": 1, "phones": 0, "numbers": 0, "names": 2}), masked_text({"names": 0})
    ('1 e-mail address, 2 names', '')
    """
    return ", ".join(f"{count} {MASK_WORDS[part][count != 1]}" for part, count in masked.items() if count)


def calibration_data(calibration: Calibration) -> dict[str, Any]:
    """The calibration as JSON data (``journeymap calibrate --json``): the figures of each step, before and after."""
    return {
        "survey": calibration.source,
        "min_answers": calibration.min_answers,
        "rows": calibration.rows,
        "answers": calibration.answers,
        "skipped_rows": calibration.skipped,
        "scale_from": calibration.scale_from,
        "columns": dict(calibration.columns),
        "steps": [_step_data(step) for step in calibration.steps],
        "calibrated": len(calibration.calibrated),
        "kept": len(calibration.kept),
        "masked": calibration.masked(),
        "notes": list(calibration.notes),
    }


def _step_data(step: StepChange) -> dict[str, Any]:
    summary = step.summary
    return {
        "id": step.touchpoint,
        "name": step.name,
        "scale": None if step.scale is None else {"kind": step.scale.kind, "lowest": step.scale.lowest,
                                                  "highest": step.scale.highest},
        "answers": step.answers,
        "mean": None if summary is None else round(summary.mean, 2),
        "low": None if summary is None or summary.low is None else round(summary.low, 2),
        "high": None if summary is None or summary.high is None else round(summary.high, 2),
        "nps": step.nps,
        "emotion": {"before": step.emotion[0], "after": step.emotion[1],
                    "low": None if step.emotion_interval is None else step.emotion_interval[0],
                    "high": None if step.emotion_interval is None else step.emotion_interval[1]},
        "friction": {"before": step.friction[0], "after": step.friction[1]},
        "evidence": {"before": step.evidence[0], "after": step.evidence[1]},
        "calibrated": step.survey is not None,
        "kept": step.kept,
        "comments": step.comments,
        "quotes_added": list(step.quotes),
        "masked": dict(step.masked),
    }


def preview_rows(calibration: Calibration) -> list[dict[str, Any]]:
    """A row per step for the app's table: the step, the answers, before → after, and why a step is kept.

    Examples
    --------
    >>> from journeymap.model.validation import journey_from_data
    >>> from journeymap.mining.survey.calibrate import calibrate
    >>> journey = journey_from_data({"title": "Café", "stages": [{"id": "s", "name": "S"}], "touchpoints": [
    ...     {"id": "pay", "name": "Pays by card", "stage": "s", "emotion": -1}]})
    >>> preview_rows(calibrate(journey, b"Step,CSAT\\npay,4\\n", name="s.csv"))[0]["Change"]
    'kept: 1 answer, fewer than the 5 asked for: it keeps its emotion'
    """
    rows = []
    for step in calibration.steps:
        interval = ""
        if step.summary is not None and step.summary.low is not None and step.summary.high is not None:
            interval = f"{_number(step.summary.low)} to {_number(step.summary.high)}"
        rows.append({
            "Step": step.name,
            "Scale": "" if step.scale is None else step.scale.label(),
            "Answers": step.answers,
            "Mean": None if step.summary is None else round(step.summary.mean, 2),
            "95% interval": interval,
            "Emotion": f"{_emotion(step.emotion[0])} → {_emotion(step.emotion[1])}",
            "Friction": f"{_number(step.friction[0])} → {_number(step.friction[1])}",
            "New quotes": len(step.quotes),
            "Change": f"kept: {step.kept}" if step.kept is not None else "calibrated",
        })
    return rows


def _emotion(value: float | None) -> str:
    return "unset" if value is None else signed_text(value) if value else "0"


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"
