"""A step's survey answers (``touchpoints[].survey``, format version 4): the scale, how many answered,
the mean of their scores and its 95% interval, on the survey's own scale.

``journeymap calibrate`` (:mod:`journeymap.mining.survey`) writes it when it turns survey answers into a
step's emotion (and friction, for CES); docs/formats.md says what each part means and docs/calibrate.md
how the answers become feelings.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from journeymap.vocabulary import SURVEY_SCALES

__all__ = ["MAX_SCALE_POINT", "MAX_SURVEY_ANSWERS", "SURVEY_SCALE_KINDS", "Survey", "survey_text"]

#: The most survey answers one step's summary may count.
MAX_SURVEY_ANSWERS = 10_000_000
#: A survey's scale: one of the scales known by name (journeymap.vocabulary.SURVEY_SCALES), or a range.
SURVEY_SCALE_KINDS = (*SURVEY_SCALES, "range")
#: The widest stated range of a survey scale: its scores lie within ±this.
MAX_SCALE_POINT = 1_000_000

ScalePoint = Annotated[float, Field(ge=-MAX_SCALE_POINT, le=MAX_SCALE_POINT, allow_inf_nan=False)]


class Survey(BaseModel):
    """What customers answered about a step in a survey, on the survey's own scale.

    ``lowest`` and ``highest`` are the scale's ends (for CSAT, CES and NPS the ones
    :data:`~journeymap.vocabulary.SURVEY_SCALES` gives); ``low`` and ``high`` the 95% interval of the
    mean, both given or neither (one answer has none).

    Examples
    --------
    >>> Survey(scale="CSAT", lowest=1, highest=5, answers=8, mean=4.25, low=3.6, high=4.9).high
    4.9
    >>> Survey(scale="CSAT", lowest=1, highest=5, answers=8, mean=4.25, low=4.5, high=4.9)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Survey
      the interval must hold the mean: low 4.5, mean 4.25, high 4.9 [type=survey_interval, input_value={'scale': 'CSAT', 'lowest...'low': 4.5, 'high': 4.9}, input_type=dict]
    """

    # as every model of the file format: no unknown key, no "3" for 3
    model_config = ConfigDict(extra="forbid", strict=True)

    scale: Annotated[Literal["CSAT", "CES", "NPS", "range"], Field(
        description="The survey's scale: CSAT (satisfaction, 1 to 5), CES (customer effort score, 1 = very hard "
                    "to 7 = very easy), NPS (likelihood to recommend, 0 to 10), or range (the scale lowest to "
                    "highest, higher is better).")]
    lowest: Annotated[ScalePoint, Field(description="The scale's lowest score (CSAT 1, CES 1, NPS 0).")]
    highest: Annotated[ScalePoint, Field(description="The scale's highest score (CSAT 5, CES 7, NPS 10).")]
    answers: Annotated[int, Field(ge=1, le=MAX_SURVEY_ANSWERS,
                                  description=f"How many answers, 1 to {MAX_SURVEY_ANSWERS}.")]
    mean: Annotated[ScalePoint, Field(description="The mean of the scores, lowest to highest.")]
    low: Annotated[ScalePoint | None, Field(description="The lower end of the mean's 95% interval.")] = None
    high: Annotated[ScalePoint | None, Field(description="The upper end of the mean's 95% interval.")] = None

    @model_validator(mode="after")
    def _consistent(self) -> Survey:
        problem = _survey_problem(self)
        if problem is not None:
            raise PydanticCustomError(*problem)
        return self


def _survey_problem(survey: Survey) -> tuple[str, str] | None:
    """What is inconsistent in a survey summary (the error's type and message), or None."""
    ends = SURVEY_SCALES.get(survey.scale)
    lowest, highest = (_shown_number(value) for value in (survey.lowest, survey.highest))
    if ends is not None and (survey.lowest, survey.highest) != ends:
        return ("survey_scale", f"{survey.scale} runs from {ends[0]} to {ends[1]}, so lowest and highest must be "
                                f"{ends[0]} and {ends[1]}, got {lowest} and {highest}")
    if survey.lowest >= survey.highest:
        return "survey_scale", f"lowest must be below highest, got {lowest} and {highest}"
    if not survey.lowest <= survey.mean <= survey.highest:
        return "survey_mean", f"the mean {_shown_number(survey.mean)} lies outside the scale, {lowest} to {highest}"
    if (survey.low is None) != (survey.high is None):
        return "survey_interval", "give both low and high (the 95% interval) or neither"
    if survey.low is not None and survey.high is not None:
        low, mean, high = (_shown_number(value) for value in (survey.low, survey.mean, survey.high))
        if not survey.low <= survey.mean <= survey.high:
            return "survey_interval", f"the interval must hold the mean: low {low}, mean {mean}, high {high}"
        if survey.low < survey.lowest or survey.high > survey.highest:
            return ("survey_interval", f"the interval {low} to {high} must lie within the scale, "
                                       f"{lowest} to {highest}")
    return None


def _shown_number(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e6 else repr(value)


def survey_text(survey: Survey) -> str:
    """The survey in words, on one line: the scale and its ends, the answers, the mean and its interval.

    The spreadsheets' Survey cell holds this line (and reads it back), the workshop report shows it.

    Examples
    --------
    >>> survey_text(Survey(scale="CSAT", lowest=1, highest=5, answers=12, mean=4.25, low=3.6, high=4.9))
    'CSAT 1 to 5: 12 answers, mean 4.25, 95% interval 3.6 to 4.9'
    >>> survey_text(Survey(scale="range", lowest=-3, highest=3, answers=1, mean=-2))
    'range -3 to 3: 1 answer, mean -2'
    """
    lowest, highest, mean = (_number_text(value) for value in (survey.lowest, survey.highest, survey.mean))
    text = f"{survey.scale} {lowest} to {highest}: {survey.answers} answer{'s' if survey.answers != 1 else ''}, " \
           f"mean {mean}"
    if survey.low is not None and survey.high is not None:
        text += f", 95% interval {_number_text(survey.low)} to {_number_text(survey.high)}"
    return text


def _number_text(value: float) -> str:
    """A number as a person writes it and as it reads back equal: 3 for 3.0, else the shortest repr."""
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)
