"""Empathetic automation advice per step: what suits a machine, what a machine would put at risk.

Two scores in 0…100, each a weighted sum of parts in 0…1 (the weights add up to 100):

**fit** — how well automation suits the work (routine-task view: Autor, Levy & Murnane 2003;
Frey & Osborne 2017): ``rule_based`` 25, ``digital_input`` 20, low ``variability`` 15, weekly
volume 15, staff time 15, staff pain 10. Volume, staff time and staff pain are scaled by how
routine the task is (the mean of its three task parts).

**empathy_risk** — what a machine would put at risk (Huang & Rust 2018 "feeling" tasks; Wirtz et
al. 2018; peak–end, Kahneman et al. 1993): ``empathy_need`` 40, the customer's distress 20 (how
negative the emotion is, or what the feeling word says in the customer's lanes, whichever is
stronger; see :mod:`~journeymap.analysis.feelings`), ``data_sensitivity`` 10, reaching the customer 15 (customer
and frontstage lanes; two thirds for a step out of sight that sends them messages), a drop of the
customer's emotion on the way in (a moment of truth) 8, being where journeys end 7.

The risk only ever rises with a more negative emotion, a stronger feeling word, more empathy need or
more data sensitivity, and the fit only with more rule-based, digital or routine work: every level
is a non-decreasing function of them (tests check it).

A missing trait is *unknown*: it gives no credit towards fit (nobody automates what nobody has
looked at) and counts half in the risk (neither safe nor sensitive); the reasons name it with the
points it added.

Recommendation (``fit_threshold`` default 60, ``risk_threshold`` default 50), in this order:

1. empathy need 5 — feeling work at the top of the scale — is ``keep-human``, in every lane;
2. empathy need 4 counts as high risk whatever the score (feeling work is never automated);
3. fit high and risk high: ``assist`` for empathy (a machine does the routine part, a person stays
   with the customer);
4. fit high and risk low: ``automate`` — unless the customer feels −3 or worse or names a strong
   feeling (anger, fear, sadness, shame), then ``assist`` for empathy;
5. fit low and risk high: ``keep-human``;
6. both low: ``assist`` for judgement when the work takes judgement (rule-based 1–2 or variability
   4–5) but starts from digital data (4–5) and takes real staff time (Huang & Rust's thinking
   tasks: a tool drafts, a person decides); else ``not-a-priority``.

docs/analysis.md explains each part, its research and the warnings.
"""

from __future__ import annotations

import math
from typing import Any

from journeymap.analysis.advice_context import JourneyContext, StepContext
from journeymap.analysis.advice_text import advice_reasons
from journeymap.analysis.feelings import STRONG_FEELING_LEVEL, feeling_state
from journeymap.analysis.firmness import firmness
from journeymap.analysis.traps import advice_warnings
from journeymap.analysis.channels import channel_kinds
from journeymap.model import Touchpoint
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD

__all__ = [
    "ASSIST_AUTOMATABLE_SHARE",
    "FIT_WEIGHTS",
    "RISK_WEIGHTS",
    "Scores",
    "StepFacts",
    "advise",
    "automation_fit",
    "empathy_risk",
    "recommend",
    "score_step",
]


FIT_WEIGHTS: dict[str, float] = {
    "rule_based": 25.0,
    "digital_input": 20.0,
    "low_variability": 15.0,
    "volume": 15.0,
    "staff_time": 15.0,
    "staff_pain": 10.0,
}
RISK_WEIGHTS: dict[str, float] = {
    "empathy_need": 40.0,
    "customer_emotion": 20.0,
    "data_sensitivity": 10.0,
    "customer_facing": 15.0,
    "moment_of_truth": 8.0,
    "journey_end": 7.0,
}
#: Share of an ``assist`` step's staff time counted as automatable: the routine half, the person stays.
ASSIST_AUTOMATABLE_SHARE = 0.5
#: Weekly passes at which the volume part is full (log scale: 20 a week gives about 0.57).
VOLUME_FULL_PER_WEEK = 200.0
#: Staff hours a week at which the staff-time part is full.
STAFF_HOURS_FULL_PER_WEEK = 4.0
#: Staff minutes per customer at which the staff-time part is full when the weekly volume is unknown.
STAFF_MINUTES_FULL_PER_CUSTOMER = 10.0
#: Unknown traits: share of the weight they count for.
UNKNOWN_FIT_CREDIT = 0.0
UNKNOWN_RISK_SHARE = 0.5
#: The part of the customer-facing weight a step out of sight earns when it sends customers messages.
MESSAGE_REACH = 2 / 3
#: A drop of the customer's emotion on the way in of at least this much makes the step a moment of truth.
MOMENT_DROP = 2.0
#: A step where at least this share of all customers ends the journey counts as a journey end.
END_SHARE = 0.05
#: The customer's emotion at or below which a machine never does the step alone.
DISTRESS_LIMIT = -3.0
#: Staff-time level (0…1) from which work that takes judgement is worth a tool that drafts it.
JUDGEMENT_AID_STAFF_TIME = 0.5

_CUSTOMER_FACING = ("customer", "frontstage")



class Scores:
    """Both scores of one step with every level and fact the recommendation and its words read."""

    __slots__ = ("fit", "risk", "fit_levels", "risk_levels", "feeling", "facing", "drop_in", "lift_in",
                 "recommendation", "assist_for", "limit")

    def parts(self, weights: dict[str, float], levels: dict[str, float]) -> dict[str, float]:
        return {name: round(weights[name] * min(1.0, max(0.0, level)), 2) for name, level in levels.items()}


class StepFacts:
    """What scoring a step reads besides its traits and emotion: worked out once, reused by every variation."""

    __slots__ = ("touchpoint", "context", "feeling", "facing", "volume", "staff_time", "is_end", "facing_level")

    def __init__(self, touchpoint: Touchpoint, context: StepContext) -> None:
        self.touchpoint, self.context = touchpoint, context
        self.facing = _facing(touchpoint)
        # the word is the customer's only where the customer is: out of sight it is most often the staff's
        self.feeling = feeling_state(touchpoint.feeling) if self.facing == "facing" else None
        self.facing_level = 1.0 if self.facing == "facing" else MESSAGE_REACH if self.facing == "message" else 0.0
        visits = max(0.0, context.expected_visits or 0.0)
        if context.weekly_volume is not None:
            self.volume = min(1.0, math.log1p(max(0.0, context.weekly_volume)) / math.log1p(VOLUME_FULL_PER_WEEK))
        else:
            self.volume = min(1.0, visits)
        if context.staff_hours_per_week is not None:
            self.staff_time = min(1.0, context.staff_hours_per_week / STAFF_HOURS_FULL_PER_WEEK)
        elif touchpoint.staff_minutes is not None:
            self.staff_time = min(1.0, touchpoint.staff_minutes * visits / STAFF_MINUTES_FULL_PER_CUSTOMER)
        else:
            self.staff_time = 0.0
        self.is_end = context.is_goal or (context.end_share is not None and context.end_share >= END_SHARE)


def score_step(
    traits: dict[str, int | None],
    emotion: float | None,
    facts: StepFacts,
    staff_pain: float | None,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
) -> Scores:
    """Score one step from its traits and emotion (given apart, so that they can be varied) and its facts.

    Returns the :class:`Scores`, recommendation included. Every level is a non-decreasing function of
    how negative ``emotion`` is and of the risk traits, and of the fit traits for the fit.
    """
    scores = Scores()
    fit_levels = _fit_levels(traits, facts, staff_pain)
    before = facts.context.emotions_before
    drop_in = lift_in = None
    if emotion is not None and before:
        drop_in, lift_in = before[-1] - emotion, emotion - before[0]  # emotions_before is sorted
    negativity = 0.0 if emotion is None else max(0.0, -emotion) / 5
    empathy, sensitivity = traits["empathy_need"], traits["data_sensitivity"]
    risk_levels = {
        "empathy_need": UNKNOWN_RISK_SHARE if empathy is None else (empathy - 1) / 4,
        "customer_emotion": max(negativity, facts.feeling.level) if facts.feeling else negativity,
        "data_sensitivity": UNKNOWN_RISK_SHARE if sensitivity is None else (sensitivity - 1) / 4,
        "customer_facing": facts.facing_level,
        "moment_of_truth": 1.0 if drop_in is not None and drop_in >= MOMENT_DROP else 0.0,
        "journey_end": 1.0 if facts.is_end else 0.0,
    }
    scores.fit_levels, scores.risk_levels = fit_levels, risk_levels
    scores.fit, scores.risk = _score(_FIT_ITEMS, fit_levels), _score(_RISK_ITEMS, risk_levels)
    scores.feeling, scores.facing, scores.drop_in, scores.lift_in = facts.feeling, facts.facing, drop_in, lift_in
    scores.limit = _limit(emotion, facts.feeling)
    scores.recommendation, scores.assist_for = _recommendation(
        scores.fit, scores.risk, empathy, scores.limit, _judgement_aid(traits, facts), fit_threshold, risk_threshold)
    return scores


def _fit_levels(traits: dict[str, int | None], facts: StepFacts, staff_pain: float | None) -> dict[str, float]:
    rule, digital, variability = traits["rule_based"], traits["digital_input"], traits["variability"]
    task_rule = UNKNOWN_FIT_CREDIT if rule is None else (rule - 1) / 4
    task_digital = UNKNOWN_FIT_CREDIT if digital is None else (digital - 1) / 4
    task_variability = UNKNOWN_FIT_CREDIT if variability is None else (5 - variability) / 4
    # Volume, staff time and staff pain say how much automating would pay off, which only counts as
    # far as a machine can do the work at all: they are scaled by how routine the task is.
    routine = (task_rule + task_digital + task_variability) / 3
    return {"rule_based": task_rule, "digital_input": task_digital, "low_variability": task_variability,
            "volume": facts.volume * routine, "staff_time": facts.staff_time * routine,
            "staff_pain": (staff_pain or 0.0) * routine}


def _facing(touchpoint: Touchpoint) -> str | None:
    """``"facing"`` in the customer's lanes, ``"message"`` out of sight with a channel that reaches them."""
    if touchpoint.lane in _CUSTOMER_FACING:
        return "facing"
    return "message" if "message" in channel_kinds(touchpoint.channel) else None


def _limit(emotion: float | None, feeling: Any) -> str | None:
    """What keeps a machine from doing the step alone: ``"emotion"``, ``"feeling"`` or ``None``."""
    if emotion is not None and emotion <= DISTRESS_LIMIT:
        return "emotion"
    if feeling is not None and feeling.level >= STRONG_FEELING_LEVEL:
        return "feeling"
    return None


def _judgement_aid(traits: dict[str, int | None], facts: StepFacts) -> bool:
    """Thinking work a tool can prepare: judgement or varied cases, digital data, real staff time."""
    rule, variability, digital = traits["rule_based"], traits["variability"], traits["digital_input"]
    takes_judgement = (rule is not None and rule <= 2) or (variability is not None and variability >= 4)
    return takes_judgement and digital is not None and digital >= 4 and facts.staff_time >= JUDGEMENT_AID_STAFF_TIME


def _recommendation(fit: float, risk: float, empathy_need: int | None, limit: str | None, judgement_aid: bool,
                    fit_threshold: float, risk_threshold: float) -> tuple[str, str | None]:
    """The recommendation and, for ``assist``, what the person stays for (the rules of the module)."""
    if empathy_need is not None and empathy_need >= 5:
        return "keep-human", None
    risk_high = risk >= risk_threshold or (empathy_need is not None and empathy_need >= 4)
    if fit >= fit_threshold:
        return ("assist", "empathy") if risk_high or limit else ("automate", None)
    if risk_high:
        return "keep-human", None
    return ("assist", "judgement") if judgement_aid else ("not-a-priority", None)


_FIT_ITEMS = tuple(FIT_WEIGHTS.items())
_RISK_ITEMS = tuple(RISK_WEIGHTS.items())


def _score(items: tuple[tuple[str, float], ...], levels: dict[str, float]) -> float:
    # every level is in 0…1 by construction, so the sum is in 0…100
    total = 0.0
    for name, weight in items:
        total += weight * levels[name]
    return round(total, 1)


def _traits_of(touchpoint: Touchpoint) -> dict[str, int | None]:
    traits = touchpoint.automation
    return {name: getattr(traits, name) if traits else None
            for name in ("rule_based", "digital_input", "variability", "empathy_need", "data_sensitivity")}


def automation_fit(
    touchpoint: Touchpoint,
    *,
    weekly_volume: float | None = None,
    expected_visits: float | None = 1.0,
    staff_hours_per_week: float | None = None,
    staff_pain: float | None = None,
) -> tuple[float, dict[str, float]]:
    """Fit of a step for automation, 0…100, and the weighted contribution of each part.

    Parts (each 0…1 times its weight in :data:`FIT_WEIGHTS`): ``rule_based`` and ``digital_input``
    as ``(trait − 1) / 4``; low variability as ``(5 − variability) / 4``; volume as
    ``log(1 + weekly volume) / log(1 + 200)`` capped at 1 (without ``customers_per_week``: expected
    visits per customer, capped at 1); staff time as weekly staff hours / 4 (without weekly figures:
    staff minutes per customer / 10), capped at 1; staff pain 0…1. Unknown traits give 0.

    Examples
    --------
    >>> from journeymap import Touchpoint
    >>> step = Touchpoint(id="sms", name="Reminder SMS", stage="s", lane="backstage", staff_minutes=2,
    ...     automation={"rule_based": 5, "digital_input": 5, "variability": 1})
    >>> fit, parts = automation_fit(step, weekly_volume=200, staff_hours_per_week=6.67)
    >>> fit, parts["rule_based"], parts["staff_pain"]
    (90.0, 25.0, 0.0)
    """
    context = StepContext(weekly_volume=weekly_volume, expected_visits=expected_visits,
                          staff_hours_per_week=staff_hours_per_week)
    levels = _fit_levels(_traits_of(touchpoint), StepFacts(touchpoint, context), staff_pain)
    return _score(_FIT_ITEMS, levels), {name: round(FIT_WEIGHTS[name] * level, 2) for name, level in levels.items()}


def empathy_risk(
    touchpoint: Touchpoint, *, is_moment_of_truth: bool = False, is_journey_end: bool = False
) -> tuple[float, dict[str, float]]:
    """What a machine would put at risk at a step, 0…100, and the weighted contribution of each part.

    Parts (each 0…1 times its weight in :data:`RISK_WEIGHTS`): ``empathy_need`` and
    ``data_sensitivity`` as ``(trait − 1) / 4`` (unknown: ½); the customer's distress as
    ``max(0, −emotion) / 5`` or the feeling word's level, whichever is larger (0 when neutral,
    positive or unknown); reaching the customer 1 in the customer and frontstage lanes, ⅔ for a step
    out of sight whose channel sends them messages; moment of truth and journey end 1 when true.

    Examples
    --------
    >>> from journeymap import Touchpoint
    >>> step = Touchpoint(id="news", name="Hears the diagnosis", stage="s", lane="frontstage", emotion=-4,
    ...     automation={"empathy_need": 5, "data_sensitivity": 5})
    >>> risk, parts = empathy_risk(step, is_moment_of_truth=True)
    >>> risk, parts["customer_emotion"]
    (89.0, 16.0)
    """
    emotion = touchpoint.emotion
    before = () if not is_moment_of_truth or emotion is None else (emotion + MOMENT_DROP,)
    context = StepContext(emotions_before=before, is_goal=is_journey_end)
    scores = score_step(_traits_of(touchpoint), emotion, StepFacts(touchpoint, context), None)
    return scores.risk, scores.parts(RISK_WEIGHTS, scores.risk_levels)


def recommend(
    fit: float,
    risk: float,
    *,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
    hard_limit: bool = False,
    empathy_need: int | None = None,
    judgement_aid: bool = False,
) -> str:
    """``automate``, ``assist``, ``keep-human`` or ``not-a-priority`` from the two scores and the rules.

    ``hard_limit`` (the customer feels −3 or worse, or names a strong feeling) turns ``automate``
    into ``assist``; ``empathy_need`` 4 counts as high risk and 5 is always ``keep-human``;
    ``judgement_aid`` turns ``not-a-priority`` into ``assist`` (see the module's rules).

    Examples
    --------
    >>> recommend(80, 20), recommend(80, 70), recommend(30, 70), recommend(30, 20)
    ('automate', 'assist', 'keep-human', 'not-a-priority')
    >>> recommend(80, 20, hard_limit=True), recommend(30, 20, empathy_need=4), recommend(90, 10, empathy_need=5)
    ('assist', 'keep-human', 'keep-human')
    """
    return _recommendation(fit, risk, empathy_need, "limit" if hard_limit else None, judgement_aid,
                           fit_threshold, risk_threshold)[0]


def advise(
    touchpoint: Touchpoint,
    *,
    weekly_volume: float | None = None,
    expected_visits: float | None = 1.0,
    staff_hours_per_week: float | None = None,
    staff_pain: float | None = None,
    moment_of_truth_change: float | None = None,
    is_journey_end: bool = False,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
    context: StepContext | None = None,
    journey_context: JourneyContext | None = None,
) -> dict[str, Any]:
    """The full advice for one step: scores, recommendation, reasons, warnings and firmness, as plain data.

    ``context`` holds what the rest of the map says about the step (``analyze`` builds it, see
    :func:`~journeymap.analysis.advice_context.step_contexts`); without it one is made from the
    figures given here, ``moment_of_truth_change`` being the emotion change on the way in and
    ``is_journey_end`` whether journeys end at the step. Returns ``{"fit", "empathy_risk",
    "recommendation", "assist_for", "person_reachable", "reasons", "warnings", "firmness",
    "fit_parts", "risk_parts", "missing_traits"}``.

    Examples
    --------
    >>> from journeymap import Touchpoint
    >>> count = Touchpoint(id="stock", name="Counts stock", stage="s", lane="backstage", staff_minutes=30,
    ...     staff_emotion=-3, automation={"rule_based": 5, "digital_input": 5, "variability": 1,
    ...     "empathy_need": 1, "data_sensitivity": 1})
    >>> advice = advise(count, weekly_volume=7, staff_hours_per_week=3.5, staff_pain=0.6)  # 60 + 5.88 + 13.12 + 6
    >>> advice["recommendation"], advice["fit"], advice["empathy_risk"], advice["warnings"]
    ('automate', 85.0, 0.0, [])
    >>> advice["reasons"][0]
    'Automate: the work is routine and little is at stake for the customer.'
    """
    if context is None:
        emotion = touchpoint.emotion
        before = () if moment_of_truth_change is None or emotion is None else (emotion - moment_of_truth_change,)
        context = StepContext(weekly_volume=weekly_volume, expected_visits=expected_visits,
                              staff_hours_per_week=staff_hours_per_week, staff_pain=staff_pain,
                              emotions_before=before, is_goal=is_journey_end)
    journey_context = journey_context or JourneyContext()
    traits = _traits_of(touchpoint)
    facts = StepFacts(touchpoint, context)
    scores = score_step(traits, touchpoint.emotion, facts, context.staff_pain, fit_threshold, risk_threshold)
    fit_parts, risk_parts = scores.parts(FIT_WEIGHTS, scores.fit_levels), scores.parts(RISK_WEIGHTS, scores.risk_levels)
    missing = [name for name, value in traits.items() if value is None]

    def rescored(varied: dict[str, int | None], emotion: float | None, staff_pain: float | None) -> Scores:
        return score_step(varied, emotion, facts, staff_pain, fit_threshold, risk_threshold)

    return {
        "fit": scores.fit,
        "empathy_risk": scores.risk,
        "recommendation": scores.recommendation,
        "assist_for": scores.assist_for,
        "person_reachable": context.person_reachable,
        "reasons": advice_reasons(touchpoint, traits, scores, fit_parts, risk_parts, context, fit_threshold,
                                  risk_threshold),
        "warnings": advice_warnings(touchpoint, traits, scores, context, journey_context),
        "firmness": firmness(touchpoint, traits, scores, context, rescored),
        "fit_parts": fit_parts,
        "risk_parts": risk_parts,
        "missing_traits": missing,
    }
