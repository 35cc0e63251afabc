"""The traps of cold automation: warnings on steps advised ``automate`` or ``assist``, each with its reason.

A step that stays with a person gets no warning: the traps are what a machine at the step can do
to a customer. Each warning says what on the map set it off and what to do about it:

- the customer feels −3 or worse here;
- the feeling word names anger, fear, sadness or shame (an angry customer gets angrier with a
  chatbot: Crolic et al. 2022);
- sensitive data (4 or 5) with no person in the loop (``automate`` only);
- journeys end here (peak–end: a cold ending colours the memory of the whole journey);
- a moment of truth: the customer's emotion drops by 2 or more on the way in, or lifts by 2 or
  more (a high point a machine can flatten);
- no way to a person: customers go through the step and no step a person does is at hand (just
  before it) or can be reached from it on the map (the chatbot as the only way to complain);
- automated messages: a step out of the customer's sight that sends them messages reaches everyone
  alike, also the customers of the journey's hardest moment;
- a retry loop: customers go through the step more than once on average, so a machine they cannot
  get past becomes a doom loop;
- the persona's needs: a known need the step's channel does not suit (no smartphone and an app,
  hard of hearing and a phone menu, …), or a need in the persona's own words to check.
"""

from __future__ import annotations

from typing import Any

from journeymap.analysis.advice_context import JourneyContext, StepContext
from journeymap.analysis.channels import channel_kinds
from journeymap.model import Touchpoint
from journeymap.vocabulary import percent_text, signed_text

__all__ = ["NEED_CHANNELS", "advice_warnings"]

#: Each known need of a persona: the kinds of channel it does not suit (see
#: :mod:`~journeymap.analysis.channels`; ``None``: any automated step), and what to keep instead.
NEED_CHANNELS: dict[str, tuple[frozenset[str] | None, str]] = {
    "no smartphone": (frozenset({"smartphone"}), "keep a way without a smartphone (a call, a letter, the counter)"),
    "no internet": (frozenset({"internet"}), "keep a way without the internet (a call, a letter, in person)"),
    "hard of hearing": (frozenset({"voice"}), "keep a way that does not rely on hearing (text, in person)"),
    "low vision": (frozenset({"screen", "reading"}), "keep a way that does not rely on reading a screen (a call, in person)"),
    "reads with difficulty": (frozenset({"reading"}), "keep a way that does not rely on reading (a call, in person)"),
    "speaks another language": (None, "check the machine speaks their language, and keep a person who can help"),
    "memory difficulties": (frozenset({"self_service"}), "keep a person who can guide them through it"),
    "limited mobility": (frozenset({"self_service"}), "check they can reach and use it, and keep a person nearby"),
    "lives alone": (None, "a person here may be the only one they talk to today; keep a person within reach"),
    "anxious with technology": (frozenset({"self_service", "screen"}), "keep a person they can ask"),
}
#: Customers who pass a step this many times on average or more are in a retry loop.
LOOP_PASSES = 1.05
#: A lift of the customer's emotion on the way in of at least this much makes a high point.
HIGH_POINT_LIFT = 2.0

_FAMILY_WARNINGS = {
    "anger": "angry customers get angrier when a machine answers them (Crolic et al. 2022); let a person take it",
    "fear": "anxious customers need reassurance a machine rarely gives; make a person easy to reach",
    "sadness": "customers in grief or sorrow need a person's sympathy, not a process; keep a person with them",
    "shame": "embarrassed customers need discretion and a kind word; make sure a person handles it with care",
}


def advice_warnings(touchpoint: Touchpoint, traits: dict[str, int | None], scores: Any, context: StepContext,
                    journey: JourneyContext) -> list[str]:
    """Every trap of cold automation at the step, in the order the module lists them (none if kept human)."""
    recommendation = scores.recommendation
    if recommendation not in ("automate", "assist"):
        return []
    warnings = _feeling_warnings(touchpoint, scores)
    sensitivity = traits["data_sensitivity"]
    if sensitivity is not None and sensitivity >= 4 and recommendation == "automate":
        warnings.append(f"It handles sensitive data ({sensitivity} of 5) with no person in the loop: check consent, "
                        "who can see the data, and what happens when the machine gets it wrong.")
    if scores.risk_levels["journey_end"] > 0:
        who = "" if context.is_goal else f" for {percent_text(context.end_share or 0.0)} of customers"
        warnings.append(f"Journeys end here{who}, and customers remember the end (peak–end rule): "
                        "a cold last step colours the memory of the whole journey.")
    warnings += _moment_warnings(scores)
    reaches_customers = scores.facing is not None
    if reaches_customers:
        warnings += _reach_warnings(touchpoint, scores, context, journey)
    return warnings


def _feeling_warnings(touchpoint: Touchpoint, scores: Any) -> list[str]:
    warnings = []
    emotion = touchpoint.emotion
    if emotion is not None and emotion <= -3:
        warnings.append(f"Customers feel {signed_text(emotion)} here: a machine at this step can feel cold. "
                        "Make a person easy to reach, in one step.")
    if scores.feeling is not None:
        warnings.append(f"Customers say they feel '{scores.feeling.word}' here: "
                        f"{_FAMILY_WARNINGS[scores.feeling.family]}.")
    return warnings


def _moment_warnings(scores: Any) -> list[str]:
    warnings = []
    if scores.risk_levels["moment_of_truth"] > 0:
        warnings.append(f"It is a moment of truth (the customer's emotion drops by {scores.drop_in:g} on the way in): "
                        "what happens here decides how customers feel about you.")
    if scores.lift_in is not None and scores.lift_in >= HIGH_POINT_LIFT:
        warnings.append(f"It is a high point (the customer's emotion lifts by {scores.lift_in:g} on the way in): "
                        "a machine can flatten the moment customers remember best.")
    return warnings


def _reach_warnings(touchpoint: Touchpoint, scores: Any, context: StepContext, journey: JourneyContext) -> list[str]:
    warnings = []
    takes_part = scores.facing == "facing"  # the customer goes through it (not a message sent to them)
    if takes_part and not context.person_reachable:
        warnings.append("No way to a person: no step a person does is at hand or can be reached from here on the "
                        "map, so a customer the machine fails is stuck. Add a hand-off to a person.")
    if scores.facing == "message" and journey.hardest_moment is not None:
        name, emotion = journey.hardest_moment
        warnings.append(f"Its messages reach every customer alike, also those who felt {signed_text(emotion)} at "
                        f"'{name}': check who gets them and when (a cheerful reminder or review request after "
                        "a bad moment hurts).")
    if takes_part and context.passes >= LOOP_PASSES:
        warnings.append(f"Customers pass it {context.passes:.2f} times on average (a retry loop): a machine they "
                        "must go through again and again becomes a doom loop. Offer a person after the first failed try.")
    warnings += _needs_warnings(touchpoint, journey)
    return warnings


def _needs_warnings(touchpoint: Touchpoint, journey: JourneyContext) -> list[str]:
    """Warnings for the persona's needs this automated step may not suit."""
    if not journey.persona_needs:
        return []
    who = journey.persona_name or "The persona"
    kinds = channel_kinds(touchpoint.channel)
    warnings, own_words = [], []
    for need in journey.persona_needs:
        known = NEED_CHANNELS.get(" ".join(need.lower().split()))
        if known is None:
            own_words.append(need)
            continue
        unsuited, instead = known
        if unsuited is None or kinds & unsuited:
            through = f" and this step goes through {touchpoint.channel}" if touchpoint.channel else ""
            warnings.append(f"{who}: {need}{through}; {instead}.")
        elif not touchpoint.channel:
            warnings.append(f"{who}: {need}; the step's channel is not given, so check it suits them: {instead}.")
    if own_words:
        listed = "; ".join(f"'{need}'" for need in own_words)
        warnings.append(f"Check that this automated step suits what {who} needs: {listed}.")
    return warnings
