"""How firm a step's advice is: would one step more or less of a trait, the emotion or the friction change it?

Workshops argue about exactly the steps whose advice hangs on one score. For every step the advice
is worked out again with each of its inputs moved by one step, one at a time, the others kept:

- each scored trait by ±1 (within 1…5; an unknown trait is left unknown: the reasons already ask
  for it to be scored);
- the customer's emotion by ±1 (within −5…+5; an unrecorded one stays unrecorded);
- the friction by ±1 (within 0…10): it moves the staff pain, which weighs in the fit.

The advice is *borderline* when some move changes the recommendation; each such move is listed with
the recommendation it gives, in that fixed order (traits in the file format's order, then emotion,
then friction; down before up).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from journeymap.analysis.advice_context import StepContext
from journeymap.analysis.advice_text import TRAIT_WORDS
from journeymap.analysis.empathy import pain_score
from journeymap.model import Touchpoint
from journeymap.vocabulary import RECOMMENDATION_LABELS, signed_text

__all__ = ["firmness"]


#: Scores the step again with other traits, emotion and staff pain (its recommendation is what is read).
Scorer = Callable[[dict[str, int | None], float | None, float | None], Any]


def firmness(touchpoint: Touchpoint, traits: dict[str, int | None], scores: Any, context: StepContext,
             score: Scorer) -> dict[str, Any]:
    """Whether a one-step move of any input changes the recommendation, and which moves do.

    Returns ``{"borderline": bool, "changes": [{"input", "value", "recommendation", "text"}], "text"}``,
    ``input`` being a trait's name, ``"emotion"`` or ``"friction"`` and ``value`` what it would be.
    """
    changes = []
    for name, value in traits.items():
        if value is None:
            continue
        for moved in (value - 1, value + 1):
            if 1 <= moved <= 5:
                changes.append((name, moved, f"{TRAIT_WORDS[name]} {moved}",
                                score({**traits, name: moved}, touchpoint.emotion, context.staff_pain)))
    emotion = touchpoint.emotion
    if emotion is not None:
        for moved in (emotion - 1, emotion + 1):
            if -5 <= moved <= 5:
                changes.append(("emotion", float(moved), f"the customer feeling {signed_text(moved)}",
                                score(traits, moved, context.staff_pain)))
    friction = touchpoint.friction
    if touchpoint.staff_emotion is not None:  # friction moves the staff pain; without staff emotion, nothing
        for moved in (friction - 1, friction + 1):
            if 0 <= moved <= 10:
                pain = pain_score(moved, touchpoint.staff_emotion, context.reach)
                changes.append(("friction", float(moved), f"friction {moved:g}",
                                score(traits, emotion, pain)))
    listed = [
        {"input": name, "value": value, "recommendation": result.recommendation,
         "text": f"with {words} it would be {_label(result.recommendation)}"}
        for name, value, words, result in changes
        if result.recommendation != scores.recommendation
    ]
    if listed:
        text = "Borderline: " + "; ".join(change["text"] for change in listed) + "."
    else:
        text = "Firm: no one-step change of a trait, the emotion or the friction changes this advice."
    return {"borderline": bool(listed), "changes": listed, "text": text}


def _label(recommendation: str) -> str:
    return RECOMMENDATION_LABELS[recommendation].lower()
