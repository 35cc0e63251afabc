"""Empathetic automation advice per step: what suits a machine, what a machine would put at risk.

Two scores in 0…100, each a weighted sum of parts in 0…1 (the weights add up to 100):

**fit** — how well automation suits the work (routine-task view: Autor, Levy & Murnane 2003;
Frey & Osborne 2017): ``rule_based`` 25, ``digital_input`` 20, low ``variability`` 15, weekly
volume 15, staff time 15, staff pain 10.

**empathy_risk** — what a machine would put at risk (Huang & Rust 2018 "feeling" tasks; Wirtz et
al. 2018; peak–end, Kahneman et al. 1993): ``empathy_need`` 40, how negative or intense the
customer's emotion is 20, ``data_sensitivity`` 10, being customer-facing (customer or frontstage
lane) 15, being a moment of truth 8, being where journeys end 7.

A missing trait is *unknown*: it gives no credit towards fit (nobody automates what nobody has
looked at) and counts half in the risk (neither safe nor sensitive); the reasons name it.

Recommendation, with ``fit_threshold`` (default 60) and ``risk_threshold`` (default 50):
``automate`` if fit ≥ fit threshold and risk < risk threshold; ``assist`` if both are at or above
their thresholds; ``keep-human`` if risk is at or above its threshold and fit below; else
``not-a-priority``. Hard limit: a step with ``empathy_need`` 4 or 5 (customers need a person), or
where the customer feels −3 or worse, is never ``automate`` — at most ``assist``, whatever the
thresholds. Volume, staff time and staff pain are scaled by how routine the task is (the mean of
its three task parts), so that much work that a machine cannot do never adds up to a good fit.
"""

from __future__ import annotations

import math
from typing import Any

from journeymap.model import Touchpoint
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD, RECOMMENDATIONS

__all__ = [
    "ASSIST_AUTOMATABLE_SHARE",
    "FIT_WEIGHTS",
    "RISK_WEIGHTS",
    "advise",
    "automation_fit",
    "empathy_risk",
    "recommend",
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

_CUSTOMER_FACING = ("customer", "frontstage")
_TRAIT_WORDS = {
    "rule_based": "rule-based",
    "digital_input": "digital input",
    "variability": "variability",
    "empathy_need": "empathy need",
    "data_sensitivity": "data sensitivity",
}


def _trait_level(value: int | None) -> float | None:
    """A trait 1…5 as 0…1 (``None`` stays unknown)."""
    return None if value is None else (value - 1) / 4


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
    traits = touchpoint.automation
    rule = _trait_level(traits.rule_based if traits else None)
    digital = _trait_level(traits.digital_input if traits else None)
    variability = _trait_level(traits.variability if traits else None)
    if weekly_volume is not None:
        volume = min(1.0, math.log1p(max(0.0, weekly_volume)) / math.log1p(VOLUME_FULL_PER_WEEK))
    else:
        volume = min(1.0, max(0.0, expected_visits or 0.0))
    if staff_hours_per_week is not None:
        staff_time = min(1.0, staff_hours_per_week / STAFF_HOURS_FULL_PER_WEEK)
    elif touchpoint.staff_minutes is not None:
        per_customer = touchpoint.staff_minutes * max(0.0, expected_visits or 0.0)
        staff_time = min(1.0, per_customer / STAFF_MINUTES_FULL_PER_CUSTOMER)
    else:
        staff_time = 0.0
    task = {
        "rule_based": UNKNOWN_FIT_CREDIT if rule is None else rule,
        "digital_input": UNKNOWN_FIT_CREDIT if digital is None else digital,
        "low_variability": UNKNOWN_FIT_CREDIT if variability is None else 1 - variability,
    }
    # Volume, staff time and staff pain say how much automating would pay off, which only counts as
    # far as a machine can do the work at all: they are scaled by how routine the task is.
    routine = sum(task.values()) / len(task)
    levels = {
        **task,
        "volume": volume * routine,
        "staff_time": staff_time * routine,
        "staff_pain": (staff_pain or 0.0) * routine,
    }
    parts = {name: round(FIT_WEIGHTS[name] * level, 2) for name, level in levels.items()}
    return _score(FIT_WEIGHTS, levels), parts


def empathy_risk(
    touchpoint: Touchpoint, *, is_moment_of_truth: bool = False, is_journey_end: bool = False
) -> tuple[float, dict[str, float]]:
    """What a machine would put at risk at a step, 0…100, and the weighted contribution of each part.

    Parts (each 0…1 times its weight in :data:`RISK_WEIGHTS`): ``empathy_need`` and
    ``data_sensitivity`` as ``(trait − 1) / 4`` (unknown: ½); the customer's emotion as
    ``(|emotion| + max(0, −emotion)) / 10`` — 1 at −5, ½ at +5 (a high point a machine can flatten
    too), 0 when neutral or unknown; customer-facing 1 in the customer and frontstage lanes; moment
    of truth and journey end 1 when true.

    Examples
    --------
    >>> from journeymap import Touchpoint
    >>> step = Touchpoint(id="news", name="Hears the diagnosis", stage="s", lane="frontstage", emotion=-4,
    ...     automation={"empathy_need": 5, "data_sensitivity": 5})
    >>> risk, parts = empathy_risk(step, is_moment_of_truth=True)
    >>> risk, parts["customer_emotion"]
    (89.0, 16.0)
    """
    traits = touchpoint.automation
    empathy = _trait_level(traits.empathy_need if traits else None)
    sensitivity = _trait_level(traits.data_sensitivity if traits else None)
    emotion = touchpoint.emotion
    levels = {
        "empathy_need": UNKNOWN_RISK_SHARE if empathy is None else empathy,
        "customer_emotion": 0.0 if emotion is None else (abs(emotion) + max(0.0, -emotion)) / 10,
        "data_sensitivity": UNKNOWN_RISK_SHARE if sensitivity is None else sensitivity,
        "customer_facing": 1.0 if touchpoint.lane in _CUSTOMER_FACING else 0.0,
        "moment_of_truth": 1.0 if is_moment_of_truth else 0.0,
        "journey_end": 1.0 if is_journey_end else 0.0,
    }
    parts = {name: round(RISK_WEIGHTS[name] * level, 2) for name, level in levels.items()}
    return _score(RISK_WEIGHTS, levels), parts


def recommend(
    fit: float,
    risk: float,
    *,
    fit_threshold: float = DEFAULT_FIT_THRESHOLD,
    risk_threshold: float = DEFAULT_RISK_THRESHOLD,
    hard_limit: bool = False,
) -> str:
    """``automate``, ``assist``, ``keep-human`` or ``not-a-priority`` from the two scores.

    ``hard_limit`` (empathy need 4 or 5, or the customer feels −3 or worse) turns ``automate`` into ``assist``.

    Examples
    --------
    >>> recommend(80, 20), recommend(80, 70), recommend(30, 70), recommend(30, 20)
    ('automate', 'assist', 'keep-human', 'not-a-priority')
    >>> recommend(80, 20, hard_limit=True)
    'assist'
    """
    fit_high = fit >= fit_threshold
    risk_high = risk >= risk_threshold
    if fit_high and (risk_high or hard_limit):
        return "assist"
    if fit_high:
        return "automate"
    return "keep-human" if risk_high else "not-a-priority"


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
) -> dict[str, Any]:
    """The full advice for one step: scores, recommendation, reasons and warnings, as plain data.

    ``moment_of_truth_change`` is the emotion change on the way into the step when it is a moment of
    truth (``None`` otherwise). Returns ``{"fit", "empathy_risk", "recommendation", "reasons",
    "warnings", "fit_parts", "risk_parts", "missing_traits"}``; reasons are plain sentences, the
    recommendation first, then the parts that weigh most.

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
    fit, fit_parts = automation_fit(
        touchpoint,
        weekly_volume=weekly_volume,
        expected_visits=expected_visits,
        staff_hours_per_week=staff_hours_per_week,
        staff_pain=staff_pain,
    )
    risk, risk_parts = empathy_risk(
        touchpoint, is_moment_of_truth=moment_of_truth_change is not None, is_journey_end=is_journey_end
    )
    traits = touchpoint.automation
    empathy_need = traits.empathy_need if traits else None
    sensitivity = traits.data_sensitivity if traits else None
    emotion = touchpoint.emotion
    hard_limit = (empathy_need is not None and empathy_need >= 4) or (emotion is not None and emotion <= -3)
    recommendation = recommend(
        fit, risk, fit_threshold=fit_threshold, risk_threshold=risk_threshold, hard_limit=hard_limit
    )
    missing = traits.missing() if traits else list(_TRAIT_WORDS)

    reasons = [_SUMMARY[recommendation]]
    if hard_limit and fit >= fit_threshold and risk < risk_threshold:
        why = (
            f"customers need a person here (empathy need {empathy_need} of 5)"
            if empathy_need is not None and empathy_need >= 4
            else f"customers feel {_signed(emotion)} here"
        )
        reasons.append(f"It would score as automatable, but {why}, so a person stays in the loop.")
    fit_reasons, risk_reasons = _part_reasons(
        touchpoint, fit_parts, risk_parts, weekly_volume, staff_hours_per_week, staff_pain,
        moment_of_truth_change, is_journey_end,
    )
    reasons.extend(_in_telling_order(recommendation, fit_reasons, risk_reasons))
    if missing:
        names = ", ".join(_TRAIT_WORDS[name] for name in missing)
        reasons.append(
            f"Not scored yet: {names}. Unknown traits give no credit towards fit and count half towards risk; "
            "score them in the workshop to sharpen this advice."
        )

    warnings: list[str] = []
    if recommendation in ("automate", "assist"):
        if emotion is not None and emotion <= -3:
            warnings.append(
                f"Customers feel {_signed(emotion)} here: a machine at this step can feel cold. "
                "Make a person easy to reach, in one step."
            )
        if sensitivity is not None and sensitivity >= 4 and recommendation == "automate":
            warnings.append(
                f"It handles sensitive data ({sensitivity} of 5) with no person in the loop: check consent, "
                "who can see the data, and what happens when the machine gets it wrong."
            )
        if is_journey_end:
            warnings.append(
                "Journeys end here, and customers remember the end (peak–end rule): "
                "a cold last step colours the memory of the whole journey."
            )
        if moment_of_truth_change is not None:
            warnings.append(
                f"It is a moment of truth (emotion changes by {_signed(moment_of_truth_change)} on the way in): "
                "what happens here decides how customers feel about you."
            )
    return {
        "fit": fit,
        "empathy_risk": risk,
        "recommendation": recommendation,
        "reasons": reasons,
        "warnings": warnings,
        "fit_parts": fit_parts,
        "risk_parts": risk_parts,
        "missing_traits": missing,
    }


# --- internals -------------------------------------------------------------------------------

_SUMMARY = {
    "automate": "Automate: the work is routine and little is at stake for the customer.",
    "assist": (
        "Assist: let a machine do the routine part, keep a person in the loop "
        "and a guaranteed hand-off to a person."
    ),
    "keep-human": "Keep it human: this is where people make the difference; invest staff time here.",
    "not-a-priority": "Not a priority: neither a good fit for automation nor a moment that needs special care.",
}


def _score(weights: dict[str, float], levels: dict[str, float]) -> float:
    total = sum(weights[name] * min(1.0, max(0.0, level)) for name, level in levels.items())
    return round(min(100.0, max(0.0, total)), 1)


def _in_telling_order(recommendation: str, fit_reasons: list[str], risk_reasons: list[str]) -> list[str]:
    """Reasons in the order that explains the recommendation: the deciding score's reasons first."""
    if recommendation == "automate":
        return fit_reasons + risk_reasons
    if recommendation == "keep-human":
        return risk_reasons + fit_reasons
    mixed = []  # assist and not-a-priority: both scores matter, so alternate
    for position in range(max(len(fit_reasons), len(risk_reasons))):
        mixed += fit_reasons[position : position + 1] + risk_reasons[position : position + 1]
    return mixed


def _part_reasons(
    touchpoint: Touchpoint,
    fit_parts: dict[str, float],
    risk_parts: dict[str, float],
    weekly_volume: float | None,
    staff_hours: float | None,
    staff_pain: float | None,
    moment_change: float | None,
    is_journey_end: bool,
) -> tuple[list[str], list[str]]:
    """Sentences for the parts that weigh noticeably, for fit and for risk, each most telling first."""
    traits = touchpoint.automation
    trait = {name: (getattr(traits, name) if traits else None) for name in _TRAIT_WORDS}
    fit: list[tuple[float, str]] = []
    risk: list[tuple[float, str]] = []

    rule = trait["rule_based"]
    if rule is not None and rule >= 4:
        fit.append((fit_parts["rule_based"], f"It follows fixed rules (rule-based {rule} of 5): {_points(fit_parts['rule_based'])} fit."))
    elif rule is not None and rule <= 2:
        fit.append((20, f"It takes judgement (rule-based {rule} of 5), which machines do poorly: only {_points(fit_parts['rule_based'])} fit."))
    digital = trait["digital_input"]
    if digital is not None and digital >= 4:
        fit.append((fit_parts["digital_input"], f"What it works from is already digital and structured (digital input {digital} of 5): {_points(fit_parts['digital_input'])} fit."))
    elif digital is not None and digital <= 2:
        fit.append((15, f"It works from paper or conversation (digital input {digital} of 5): only {_points(fit_parts['digital_input'])} fit."))
    variability = trait["variability"]
    if variability is not None and variability <= 2:
        fit.append((fit_parts["low_variability"], f"Cases are much the same each time (variability {variability} of 5): {_points(fit_parts['low_variability'])} fit."))
    elif variability is not None and variability >= 4:
        fit.append((12, f"Every case is different (variability {variability} of 5), hard to put into rules: only {_points(fit_parts['low_variability'])} fit."))
    if fit_parts["volume"] >= 5:
        if weekly_volume is not None:
            fit.append((fit_parts["volume"], f"It happens often, about {weekly_volume:.0f} times a week: {_points(fit_parts['volume'])} fit."))
        else:
            fit.append((fit_parts["volume"], f"Most customers pass it (the number of customers a week is not given): {_points(fit_parts['volume'])} fit."))
    if fit_parts["staff_time"] >= 5:
        if staff_hours is not None:
            fit.append((fit_parts["staff_time"], f"It takes staff about {staff_hours:.1f} hours a week: {_points(fit_parts['staff_time'])} fit."))
        else:
            fit.append((fit_parts["staff_time"], f"It takes staff {touchpoint.staff_minutes:g} minutes per customer: {_points(fit_parts['staff_time'])} fit."))
    if staff_pain is not None and fit_parts["staff_pain"] >= 3:
        fit.append((fit_parts["staff_pain"], f"Staff find it a chore (staff feel {_signed(touchpoint.staff_emotion)}): {_points(fit_parts['staff_pain'])} fit."))

    empathy = trait["empathy_need"]
    if empathy is not None and empathy >= 4:
        risk.append((risk_parts["empathy_need"], f"Customers need a person here (empathy need {empathy} of 5): {_points(risk_parts['empathy_need'])} risk."))
    elif empathy is not None and empathy <= 2:
        risk.append((14, f"It is transactional; customers do not need a person for it (empathy need {empathy} of 5): only {_points(risk_parts['empathy_need'])} risk."))
    emotion = touchpoint.emotion
    if emotion is not None and risk_parts["customer_emotion"] >= 6:
        word = f" ({touchpoint.feeling})" if touchpoint.feeling else ""
        high_point = "" if emotion < 0 else ", a high point a machine could flatten"
        risk.append((risk_parts["customer_emotion"], f"Customers feel {_signed(emotion)}{word} here{high_point}: {_points(risk_parts['customer_emotion'])} risk."))
    sensitivity = trait["data_sensitivity"]
    if sensitivity is not None and sensitivity >= 4:
        risk.append((risk_parts["data_sensitivity"], f"It handles sensitive data such as health, money or identity (data sensitivity {sensitivity} of 5): {_points(risk_parts['data_sensitivity'])} risk."))
    if risk_parts["customer_facing"] > 0:
        risk.append((risk_parts["customer_facing"], f"Customers take part in it ({touchpoint.lane} lane): {_points(risk_parts['customer_facing'])} risk."))
    else:
        risk.append((9, f"It happens out of the customer's sight ({touchpoint.lane} lane): +0 risk."))
    if moment_change is not None:
        risk.append((risk_parts["moment_of_truth"] + 5, f"It is a moment of truth: the customer's emotion changes by {_signed(moment_change)} on the way in: {_points(risk_parts['moment_of_truth'])} risk."))
    if is_journey_end:
        risk.append((risk_parts["journey_end"] + 5, f"Journeys end here, and the end shapes how customers remember it (peak-end): {_points(risk_parts['journey_end'])} risk."))
    fit.sort(key=lambda item: -item[0])
    risk.sort(key=lambda item: -item[0])
    return [sentence for _, sentence in fit], [sentence for _, sentence in risk]


def _points(value: float) -> str:
    return f"+{value:.0f}"


def _signed(value: float | None) -> str:
    if value is None:
        return "?"
    return f"+{value:g}" if value > 0 else f"{value:g}"
