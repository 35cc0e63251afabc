"""The reasons of a step's automation advice: plain sentences a workshop can read aloud.

They start with the recommendation in one sentence (for ``assist``, what the person stays for and
whether the map has a way to a person), then the rule that decided it when a rule did, then every
part of the scores worth :data:`REASON_POINTS` points or more with its points, most telling first
(the deciding score's parts first), and last the traits nobody has scored yet, with the points
their being unknown added.
"""

from __future__ import annotations

from typing import Any

from journeymap.analysis.advice_context import StepContext
from journeymap.analysis.feelings import FEELING_FAMILIES
from journeymap.model import Touchpoint
from journeymap.vocabulary import percent_text, signed_text

__all__ = ["REASON_POINTS", "TRAIT_WORDS", "advice_reasons"]

#: Every part of a score worth this many points or more is named in the reasons.
REASON_POINTS = 5.0

#: How a reason names each trait.
TRAIT_WORDS = {
    "rule_based": "rule-based",
    "digital_input": "digital input",
    "variability": "variability",
    "empathy_need": "empathy need",
    "data_sensitivity": "data sensitivity",
}

_SUMMARY = {
    "automate": "Automate: the work is routine and little is at stake for the customer.",
    "keep-human": "Keep it human: this is where people make the difference; invest staff time here.",
    "not-a-priority": "Not a priority: neither a good fit for automation nor a moment that needs special care.",
}
_ASSIST = {
    "empathy": "Assist, for empathy: let a machine do the routine part and keep a person with the customer.",
    "judgement": "Assist, for judgement: a tool can prepare the work, which starts from digital data; "
                 "a person decides, because the cases need judgement.",
}


def advice_reasons(touchpoint: Touchpoint, traits: dict[str, int | None], scores: Any, fit_parts: dict[str, float],
                   risk_parts: dict[str, float], context: StepContext, fit_threshold: float,
                   risk_threshold: float) -> list[str]:
    """The reasons of one step's advice, in the order the module describes."""
    recommendation = scores.recommendation
    reasons = [_ASSIST[scores.assist_for] if recommendation == "assist" else _SUMMARY[recommendation]]
    reasons += _rule_reasons(traits, scores, fit_threshold, risk_threshold, touchpoint)
    if recommendation == "assist":
        reasons.append(_handoff_reason(touchpoint, context))
    fit_reasons = _fit_reasons(touchpoint, traits, fit_parts, context)
    risk_reasons = _risk_reasons(touchpoint, traits, scores, risk_parts, context)
    reasons += _in_telling_order(recommendation, fit_reasons, risk_reasons)
    missing = _missing_reason(traits, fit_parts, risk_parts)
    if missing:
        reasons.append(missing)
    return reasons


def _rule_reasons(traits: dict[str, int | None], scores: Any, fit_threshold: float, risk_threshold: float,
                  touchpoint: Touchpoint) -> list[str]:
    """The sentence of the rule that decided the advice, when the scores alone would say otherwise."""
    empathy = traits["empathy_need"]
    if empathy is not None and empathy >= 5:
        lane = "" if touchpoint.lane in ("customer", "frontstage") else f", out of sight ({touchpoint.lane} lane) too"
        return [f"Feeling work (empathy need 5 of 5) stays with a person in every lane{lane}, whatever the fit."]
    fit_high, risk_high = scores.fit >= fit_threshold, scores.risk >= risk_threshold
    if empathy == 4 and not risk_high:
        return [f"Feeling work (empathy need 4 of 5) counts as high risk whatever the score (here "
                f"{scores.risk:g}): a machine never does it alone."]
    if scores.limit is not None and fit_high and not risk_high:
        if scores.limit == "emotion":
            why = f"customers feel {signed_text(touchpoint.emotion)} here"
        else:
            why = f"customers say they feel '{scores.feeling.word}' ({FEELING_FAMILIES[scores.feeling.family]})"
        return [f"It would score as automatable, but {why}, so a person stays in the loop."]
    if scores.assist_for == "judgement":
        return [f"It scores too little fit to automate ({scores.fit:g}), but a tool can draft what a person then decides."]
    return []


def _handoff_reason(touchpoint: Touchpoint, context: StepContext) -> str:
    if touchpoint.lane == "frontstage":
        return "A person is at this step already (frontstage): the machine works beside them."
    if context.person_reachable:
        return "The map has a way from here to a person, for the hand-off."
    return ("Add a hand-off to a person: no step a person does can be reached from here on the map, "
            "so nobody would take over when the machine cannot help.")


def _trait_sentence(name: str, value: int, points: float, kind: str, high: str, middle: str, low: str,
                    high_side: bool = True) -> str:
    """A trait's sentence: what its value means and its points (``only`` when it gives little)."""
    level_high = value >= 4 if high_side else value <= 2
    level_low = value <= 2 if high_side else value >= 4
    words = high if level_high else low if level_low else middle
    only = "only " if level_low else ""
    return f"{words} ({TRAIT_WORDS[name]} {value} of 5): {only}{_points(points)} {kind}."


def _fit_reasons(touchpoint: Touchpoint, traits: dict[str, int | None], parts: dict[str, float],
                 context: StepContext) -> list[str]:
    found: list[tuple[float, str]] = []
    specs = (
        ("rule_based", "rule_based", "It follows fixed rules", "It follows rules in part",
         "It takes judgement, which machines do poorly", True),
        ("digital_input", "digital_input", "What it works from is already digital and structured",
         "What it works from is partly digital", "It works from paper or conversation", True),
        ("variability", "low_variability", "Cases are much the same each time", "Cases vary somewhat",
         "Every case is different, hard to put into rules", False),
    )
    for trait, part, high, middle, low, high_side in specs:
        value = traits[trait]
        if value is None:
            continue
        points = parts[part]
        telling = value <= 2 if high_side else value >= 4  # a low trait explains a low fit, whatever its points
        if points >= REASON_POINTS or telling:
            found.append((max(points, 12.0 if telling else 0.0),
                          _trait_sentence(trait, value, points, "fit", high, middle, low, high_side)))
    if parts["volume"] >= REASON_POINTS:
        if context.weekly_volume is not None:
            found.append((parts["volume"], f"It happens often, about {context.weekly_volume:.0f} times a week: {_points(parts['volume'])} fit."))
        else:
            found.append((parts["volume"], f"Most customers pass it (the number of customers a week is not given): {_points(parts['volume'])} fit."))
    if parts["staff_time"] >= REASON_POINTS:
        if context.staff_hours_per_week is not None:
            found.append((parts["staff_time"], f"It takes staff about {context.staff_hours_per_week:.1f} hours a week: {_points(parts['staff_time'])} fit."))
        else:
            found.append((parts["staff_time"], f"It takes staff {touchpoint.staff_minutes:g} minutes per customer: {_points(parts['staff_time'])} fit."))
    if context.staff_pain is not None and parts["staff_pain"] >= 3:
        found.append((parts["staff_pain"], f"Staff find it a chore (staff feel {signed_text(touchpoint.staff_emotion)}): {_points(parts['staff_pain'])} fit."))
    return _most_telling_first(found)


def _risk_reasons(touchpoint: Touchpoint, traits: dict[str, int | None], scores: Any, parts: dict[str, float],
                  context: StepContext) -> list[str]:
    found: list[tuple[float, str]] = []
    empathy = traits["empathy_need"]
    if empathy is not None and (parts["empathy_need"] >= REASON_POINTS or empathy <= 2):
        found.append((max(parts["empathy_need"], 14.0 if empathy <= 2 else 0.0), _trait_sentence(
            "empathy_need", empathy, parts["empathy_need"], "risk", "Customers need a person here",
            "Customers need some care here", "It is transactional; customers do not need a person for it")))
    if parts["customer_emotion"] >= REASON_POINTS:
        found.append((parts["customer_emotion"], _distress_sentence(touchpoint, scores, parts["customer_emotion"])))
    sensitivity = traits["data_sensitivity"]
    if sensitivity is not None and parts["data_sensitivity"] >= REASON_POINTS:
        found.append((parts["data_sensitivity"], _trait_sentence(
            "data_sensitivity", sensitivity, parts["data_sensitivity"], "risk",
            "It handles sensitive data such as health, money or identity", "It handles some personal data", "")))
    found.append(_facing_reason(touchpoint, scores, parts["customer_facing"]))
    if parts["moment_of_truth"] > 0:
        found.append((parts["moment_of_truth"] + 5, (
            f"It is a moment of truth: the customer's emotion drops by {scores.drop_in:g} on the way in "
            f"(to {signed_text(touchpoint.emotion)}): {_points(parts['moment_of_truth'])} risk.")))
    if parts["journey_end"] > 0:
        where = ("It is where the journey reaches its goal" if context.is_goal
                 else f"Journeys end here for {percent_text(context.end_share or 0.0)} of customers")
        found.append((parts["journey_end"] + 5, f"{where}, and the end shapes how customers remember it (peak–end): "
                                                 f"{_points(parts['journey_end'])} risk."))
    return _most_telling_first(found)


def _distress_sentence(touchpoint: Touchpoint, scores: Any, points: float) -> str:
    emotion, feeling = touchpoint.emotion, scores.feeling
    negativity = 0.0 if emotion is None else max(0.0, -emotion) / 5
    word = f" ({touchpoint.feeling})" if touchpoint.feeling else ""
    if feeling is not None and feeling.level > negativity:
        felt = "" if emotion is None else f"feel {signed_text(emotion)} but "
        like = signed_text(-feeling.level * 5)
        return (f"Customers {felt}say '{feeling.word}' ({FEELING_FAMILIES[feeling.family]}), counted like "
                f"{like}: {_points(points)} risk.")
    return f"Customers feel {signed_text(emotion)}{word} here: {_points(points)} risk."


def _facing_reason(touchpoint: Touchpoint, scores: Any, points: float) -> tuple[float, str]:
    if scores.facing == "facing":
        return points, f"Customers take part in it ({touchpoint.lane} lane): {_points(points)} risk."
    if scores.facing == "message":
        return points, (f"It reaches customers through its channel ({touchpoint.channel}) although they do not "
                        f"take part in it ({touchpoint.lane} lane): {_points(points)} risk.")
    return 9.0, f"It happens out of the customer's sight ({touchpoint.lane} lane): +0 risk."


def _missing_reason(traits: dict[str, int | None], fit_parts: dict[str, float], risk_parts: dict[str, float]) -> str | None:
    missing = [name for name, value in traits.items() if value is None]
    if not missing:
        return None
    named = []
    for name in missing:
        if name in risk_parts:  # empathy need and data sensitivity are risk parts of their own name
            named.append(f"{TRAIT_WORDS[name]} ({_points(risk_parts[name])} risk, counted as half)")
        else:
            named.append(f"{TRAIT_WORDS[name]} (+0 fit)")
    return ("Not scored yet: " + ", ".join(named) + ". Unknown traits give no credit towards fit and count half "
            "towards risk; score them in the workshop to sharpen this advice.")


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


def _most_telling_first(found: list[tuple[float, str]]) -> list[str]:
    # a stable sort on the weight alone: equal weights keep the order the parts are listed in
    return [sentence for _, sentence in sorted(found, key=lambda item: -item[0])]


def _points(value: float) -> str:
    return f"+{value:.0f}"
