"""Pydantic models of the journey file format, versions 1 to 4, and the rules a valid journey obeys.

The models hold data and its validation only. Field rules (types, ranges, patterns) are declared on
the fields; rules that span fields (references, duplicates, shares, loops) are checked together in
:meth:`Journey._check_rules` by :func:`~journeymap.model.rules.rule_problems`, which reports every
broken rule as its own :class:`~journeymap.errors.Problem` (and also reads data whose fields failed).
Every text field is :data:`~journeymap.model.text.Text`, which refuses the characters that are not
text (control characters but tab and line breaks, unpaired surrogates, noncharacters).

A journey's ``schema_version`` is the lowest format version that holds what it contains
(:func:`lowest_version`): 4 when a touchpoint has survey answers, else 3 when a touchpoint has the
room's ratings, else 2 when the persona lists needs, else 1. Reading sets it so, whatever the file said (a version-1 file that already lists needs
is read, and is then version 2), so that a
journey read, written and read again is equal to the first, and writing never raises the version of
a file that does not need it (docs/formats.md, "Format versions").
"""

from __future__ import annotations

from operator import attrgetter
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from journeymap.errors import Problem
from journeymap.model.rules import SHARE_TOLERANCE, Outline, filled_shares, rule_problems
from journeymap.model.survey import Survey
from journeymap.model.text import Text
from journeymap.vocabulary import PERSONA_NEEDS

__all__ = [
    "SCHEMA_VERSION",
    "MAX_TOUCHPOINTS",
    "MAX_CONNECTIONS",
    "MAX_STAGES",
    "MAX_NEEDS",
    "SHARE_TOLERANCE",
    "LANES",
    "EVIDENCE_LEVELS",
    "CONNECTION_KINDS",
    "TRAITS",
    "RATED_FIELDS",
    "MAX_RATINGS",
    "Lane",
    "Persona",
    "Stage",
    "AutomationTraits",
    "EmotionRatings",
    "FrictionRatings",
    "Ratings",
    "Touchpoint",
    "Connection",
    "Journey",
    "JourneyRulesError",
    "effective_shares",
    "lowest_version",
]

#: The newest format version this journeymap reads and writes. Version 2 added ``persona.needs``,
#: version 3 ``touchpoints[].ratings``, version 4 ``touchpoints[].survey``.
SCHEMA_VERSION = 4
#: Limits: a workshop map has tens of steps; these leave room for generated or imported journeys
#: while keeping validation, analysis and drawing fast (see README, "Limits").
MAX_TOUCHPOINTS = 10_000
MAX_CONNECTIONS = 50_000
MAX_STAGES = 200
#: A persona's needs: a handful that the automation advice checks each step against.
MAX_NEEDS = 20
#: The most people one step's ratings may count: a room, or a large online workshop, not a survey.
MAX_RATINGS = 100_000

LANES = ("customer", "frontstage", "backstage", "support")
EVIDENCE_LEVELS = ("assumed", "observed", "measured")
CONNECTION_KINDS = ("flow", "support")
TRAITS = ("rule_based", "digital_input", "variability", "empathy_need", "data_sensitivity")
#: The fields of a step the room can rate, in file order (``touchpoints[].ratings``).
RATED_FIELDS = ("emotion", "friction", "staff_emotion")

Lane = Literal["customer", "frontstage", "backstage", "support"]
Evidence = Literal["assumed", "observed", "measured"]
ConnectionKind = Literal["flow", "support"]

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
Id = Annotated[str, Field(pattern=ID_PATTERN)]
Emotion = Annotated[float, Field(ge=-5, le=5, allow_inf_nan=False)]
Friction = Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Trait = Annotated[int, Field(ge=1, le=5)]
Note = Annotated[Text, Field(max_length=2000)]
#: A name: a title, stage or step name, the persona's name.
Name = Annotated[Text, Field(min_length=1, max_length=120)]
#: One need of the persona: one of PERSONA_NEEDS (matched ignoring case) or the team's own words.
Need = Annotated[Text, Field(min_length=1, max_length=120)]

_NEEDS_DESCRIPTION = (
    f"What the persona needs for a step to suit them, one need an item (at most {MAX_NEEDS}, each 1 to 120 "
    "characters, none listed twice ignoring case and surrounding spaces). The automation advice warns where a "
    "step is automated in a way that does not suit them. Known needs, matched ignoring case: "
    + ", ".join(f'"{need}"' for need in PERSONA_NEEDS)
    + "; any other need is kept as written. Added in format version 2: a file whose persona lists needs "
    "is written as version 2."
)
_VERSION_DESCRIPTION = (
    "The file format's version: the lowest that holds what the file contains (4 when a touchpoint has survey "
    "answers, else 3 when a touchpoint has the room's ratings, else 2 when the persona lists needs, else 1). journeymap reads every version up to "
    f"{SCHEMA_VERSION} and refuses a newer one."
)
_RATINGS_DESCRIPTION = (
    "The room's ratings of the step in a live workshop, for each of emotion, friction and staff_emotion that "
    "was rated: how many people rated it, the median and the spread. Bringing the room's view into the map "
    "sets the field to the median and evidence to \"observed\"; an edit of the field by hand keeps the "
    "ratings, which describe the room, not the value. At least one of the three. Added in format version 3: "
    "a file with ratings on any step is written as version 3."
)
_SURVEY_DESCRIPTION = (
    "What customers answered about the step in a survey (journeymap calibrate): the scale, how many answered, "
    "the mean of their scores and its 95% interval, on the survey's own scale. Calibrating sets emotion (and "
    "friction, for CES) from the mean and evidence to \"measured\"; an edit of those fields by hand keeps the "
    "survey, which describes the answers, not the value. Added in format version 4: a file with a survey on "
    "any step is written as version 4."
)
_COUNT_DESCRIPTION = f"How many people rated, 1 to {MAX_RATINGS}."
_SPREAD_DESCRIPTION = ("The interquartile range of the ratings (Q3 - Q1): how far the room disagreed, from 0 "
                       "(all alike) to 10, the width of the field's range.")


class _Model(BaseModel):
    # strict: a file saying "emotion": "3" or "goal": "yes" is wrong, not something to guess at.
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


class Persona(_Model):
    """Who walks through the journey."""

    name: Name
    description: Text | None = None
    goals: list[Note] = Field(default_factory=list)
    needs: list[Need] = Field(default_factory=list, max_length=MAX_NEEDS, description=_NEEDS_DESCRIPTION)


class Stage(_Model):
    """A column of the map: a phase of the journey, in order."""

    id: Id
    name: Name
    description: Text | None = None


class AutomationTraits(_Model):
    """What the automation advice reads about a step; each trait 1…5, absent when unknown."""

    rule_based: Trait | None = None
    digital_input: Trait | None = None
    variability: Trait | None = None
    empathy_need: Trait | None = None
    data_sensitivity: Trait | None = None

    def missing(self) -> list[str]:
        """Names of the traits nobody has scored yet."""
        return [name for name in TRAITS if getattr(self, name) is None]


class EmotionRatings(_Model):
    """The room's ratings of an emotion (the customer's or the staff's), each −5…5."""

    count: Annotated[int, Field(ge=1, le=MAX_RATINGS, description=_COUNT_DESCRIPTION)]
    median: Annotated[Emotion, Field(description="The median of the ratings, -5 to 5.")]
    spread: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False, description=_SPREAD_DESCRIPTION)]


class FrictionRatings(_Model):
    """The room's ratings of a step's friction, each 0…10."""

    count: Annotated[int, Field(ge=1, le=MAX_RATINGS, description=_COUNT_DESCRIPTION)]
    median: Annotated[Friction, Field(description="The median of the ratings, 0 to 10.")]
    spread: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False, description=_SPREAD_DESCRIPTION)]


class Ratings(_Model):
    """What the room said about a step: for each field it rated, how many rated, the median and the spread.

    Examples
    --------
    >>> Ratings.model_validate({"friction": {"count": 7, "median": 6.5, "spread": 2}}).rated()
    ['friction']
    >>> Ratings.model_validate({})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Ratings
      must name at least one of emotion, friction, staff_emotion [type=ratings_empty, input_value={}, input_type=dict]
    """

    # the JSON Schema's approximation of the rule below (it cannot tell a key set to null from none)
    model_config = ConfigDict(json_schema_extra={"minProperties": 1})

    emotion: EmotionRatings | None = None
    friction: FrictionRatings | None = None
    staff_emotion: EmotionRatings | None = None

    @model_validator(mode="after")
    def _one_at_least(self) -> Ratings:
        # an empty object would be written as nothing at all (None is left out), so it cannot round-trip
        if not self.rated():
            raise PydanticCustomError("ratings_empty", "must name at least one of " + ", ".join(RATED_FIELDS))
        return self

    def rated(self) -> list[str]:
        """The fields the room rated, in file order."""
        return [name for name in RATED_FIELDS if getattr(self, name) is not None]


class Touchpoint(_Model):
    """One step of the journey, in one stage and one lane of the service blueprint."""

    id: Id
    name: Name
    stage: Text
    lane: Lane = "customer"
    channel: Annotated[Text, Field(max_length=120)] | None = None
    description: Text | None = None
    emotion: Emotion | None = None
    staff_emotion: Emotion | None = None
    feeling: Annotated[Text, Field(max_length=120)] | None = None
    friction: Friction = 0
    evidence: Evidence = "assumed"
    ratings: Ratings | None = Field(None, description=_RATINGS_DESCRIPTION)
    survey: Survey | None = Field(None, description=_SURVEY_DESCRIPTION)
    staff_minutes: Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)] | None = None
    goal: bool = False
    entry_share: Share | None = None
    automation: AutomationTraits | None = None
    pain_points: list[Note] = Field(default_factory=list)
    opportunities: list[Note] = Field(default_factory=list)
    quotes: list[Note] = Field(default_factory=list)
    notes: Text | None = None


class Connection(_Model):
    """A move of customers from one step to the next (flow), or a step relying on another (support)."""

    from_: Id = Field(alias="from")
    to: Id
    kind: ConnectionKind = "flow"
    share: Share | None = None
    label: Annotated[Text, Field(max_length=200)] | None = None


class JourneyRulesError(ValueError):
    """Raised inside validation when rules spanning several fields are broken; carries each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


class Journey(_Model):
    """A whole journey: its stages, touchpoints and connections."""

    schema_version: Annotated[int, Field(ge=1, description=_VERSION_DESCRIPTION,
                                         json_schema_extra={"maximum": SCHEMA_VERSION})] = 1
    title: Annotated[Text, Field(min_length=1, max_length=200)]
    description: Text | None = None
    persona: Persona | None = None
    customers_per_week: Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)] | None = None
    stages: Annotated[list[Stage], Field(min_length=1, max_length=MAX_STAGES)]
    touchpoints: Annotated[list[Touchpoint], Field(max_length=MAX_TOUCHPOINTS)] = Field(default_factory=list)
    connections: Annotated[list[Connection], Field(max_length=MAX_CONNECTIONS)] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_rules(self) -> Journey:
        problems = journey_rule_problems(self)
        if problems:
            raise JourneyRulesError(problems)
        version = lowest_version(self)
        if self.schema_version != version:
            # into __dict__, not through setattr: the fields set must stay the keys of the file, which
            # the journey file's quick path counts (formats/json_file.py)
            self.__dict__["schema_version"] = version
        return self

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with this id (``KeyError`` if there is none)."""
        for touchpoint in self.touchpoints:
            if touchpoint.id == touchpoint_id:
                return touchpoint
        raise KeyError(touchpoint_id)


def lowest_version(journey: Journey) -> int:
    """The lowest format version that holds what the journey contains: 4 if a touchpoint has survey
    answers, else 3 if a touchpoint has ratings, else 2 if its persona lists needs, else 1.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "persona": {"name": "Ana"}, "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}]}''')
    >>> needs = journey.model_copy(update={"persona": Persona(name="Ana", needs=["lives alone"])})
    >>> rated = journey.model_copy(update={"touchpoints": [journey.touchpoints[0].model_copy(
    ...     update={"ratings": Ratings(friction=FrictionRatings(count=3, median=6, spread=1))})]})
    >>> surveyed = journey.model_copy(update={"touchpoints": [journey.touchpoints[0].model_copy(
    ...     update={"survey": Survey(scale="NPS", lowest=0, highest=10, answers=1, mean=9)})]})
    >>> lowest_version(journey), lowest_version(needs), lowest_version(rated), lowest_version(surveyed)
    (1, 2, 3, 4)
    """
    # attrgetter rather than a loop in Python: this runs on every load, for up to 10,000 steps
    if any(survey is not None for survey in map(attrgetter("survey"), journey.touchpoints)):
        return 4
    if any(ratings is not None for ratings in map(attrgetter("ratings"), journey.touchpoints)):
        return 3
    return 2 if journey.persona is not None and journey.persona.needs else 1


def journey_rule_problems(journey: Journey) -> list[Problem]:
    """Every broken rule that spans several fields, each as its own problem."""
    if journey.schema_version > SCHEMA_VERSION:
        return [newer_version_problem(journey.schema_version)]  # the rest of a newer file may differ
    return rule_problems(_outline(journey))


def newer_version_problem(version: int) -> Problem:
    """The problem of a file written in a format version newer than this journeymap reads."""
    return Problem(
        "schema_version",
        f"version {version} was written by a newer journeymap; "
        f"this one reads up to version {SCHEMA_VERSION}. Update journeymap to open it.",
    )


def _outline(journey: Journey) -> Outline:
    # map(attrgetter) rather than loops: the model validator runs this on every load
    touchpoints, connections = journey.touchpoints, journey.connections
    return Outline(
        stage_ids=list(map(attrgetter("id"), journey.stages)),
        touchpoint_ids=list(map(attrgetter("id"), touchpoints)),
        touchpoint_stages=list(map(attrgetter("stage"), touchpoints)),
        sources=list(map(attrgetter("from_"), connections)),
        targets=list(map(attrgetter("to"), connections)),
        kinds=list(map(attrgetter("kind"), connections)),
        shares=list(map(attrgetter("share"), connections)),
        needs=list(journey.persona.needs) if journey.persona is not None else [],
    )


def effective_shares(journey: Journey) -> dict[str, dict[str, float]]:
    """The share of customers moving along each flow connection, missing shares filled in.

    A step's missing shares split what is left of 1 evenly among its flow connections that have
    none; what stays after that is the share whose journey ends at the step.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "t", "stages": [{"id": "s", "name": "S"}],
    ...   "touchpoints": [{"id": "a", "name": "A", "stage": "s"}, {"id": "b", "name": "B", "stage": "s"},
    ...                   {"id": "c", "name": "C", "stage": "s"}],
    ...   "connections": [{"from": "a", "to": "b", "share": 0.5}, {"from": "a", "to": "c"}]}''')
    >>> effective_shares(journey)
    {'a': {'b': 0.5, 'c': 0.5}}
    """
    outline = _outline(journey)
    return filled_shares(outline.sources, outline.targets, outline.kinds, outline.shares)  # type: ignore[arg-type]
