"""What the feeling word of a step says about the customer: anger, fear, sadness or shame, and how strong.

A workshop records how customers feel as a number (−5…+5) and often a word ("anxious",
"furious"). The number can understate a state that matters for automation: an angry customer at
−2 still gets angrier with a chatbot (Crolic et al. 2022), and a frightened or grieving one needs a
person whatever number the room agreed on. This module reads the word through a small English
lexicon.

Where the words come from: the families and their three intensities follow Plutchik's wheel of
emotions (Plutchik 1980: annoyance → anger → rage, apprehension → fear → terror, pensiveness →
sadness → grief), with the everyday words for each taken from the anger, fear and sadness lists of
the NRC Emotion Lexicon (Mohammad & Turney 2013) that describe a person's state in a service
encounter. Shame and embarrassment, which Plutchik's wheel does not name but which matter at the
dentist or the debt counsellor, are a family of their own (Tangney & Dearing 2002). The list is
short on purpose: every word in it is one a facilitator would write on a sticky note.

Each word has a *distress level* on the same 0…1 scale as the emotion's negativity
(``max(0, −emotion) / 5``): mild words 0.4 (like −2), basic ones 0.6 (like −3), intense ones 0.8
(like −4). The advice takes the larger of the two, so a word can only raise the risk, never lower it.

Examples
--------
>>> feeling_state("Furious, wants a refund")
FeelingState(word='furious', family='anger', level=0.8)
>>> feeling_state("a bit worried").family, feeling_state("relieved") is None
('fear', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["FEELING_FAMILIES", "FEELING_LEXICON", "FeelingState", "STRONG_FEELING_LEVEL", "feeling_state"]

#: The families of feelings the advice watches for, with how a reason names each.
FEELING_FAMILIES = {
    "anger": "anger",
    "fear": "fear or anxiety",
    "sadness": "sadness or grief",
    "shame": "shame or embarrassment",
}

_MILD, _BASIC, _INTENSE = 0.4, 0.6, 0.8
#: From this level on (a basic or intense word) a feeling keeps a machine from doing the step alone.
STRONG_FEELING_LEVEL = _BASIC

_WORDS = {
    "anger": {
        _MILD: "annoyed irritated impatient bothered fed-up exasperated cross",
        _BASIC: "angry frustrated mad upset resentful indignant aggrieved hostile",
        _INTENSE: "furious livid enraged outraged raging irate fuming",
    },
    "fear": {
        _MILD: "uneasy unsure nervous apprehensive hesitant wary concerned tense",
        _BASIC: "anxious worried afraid scared stressed fearful alarmed insecure",
        _INTENSE: "terrified panicked panicking desperate petrified frantic distraught",
    },
    "sadness": {
        _MILD: "disappointed down low gloomy let-down",
        _BASIC: "sad unhappy hurt lonely dejected miserable sorrowful",
        _INTENSE: "grieving bereaved heartbroken devastated despairing mourning crushed",
    },
    "shame": {
        _MILD: "awkward self-conscious",
        _BASIC: "embarrassed ashamed guilty exposed",
        _INTENSE: "humiliated mortified",
    },
}

#: Every word of the lexicon: its family and its distress level (0…1).
FEELING_LEXICON: dict[str, tuple[str, float]] = {
    word: (family, level)
    for family, levels in _WORDS.items()
    for level, words in levels.items()
    for word in words.split()
}

_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


@dataclass(frozen=True)
class FeelingState:
    """The strongest lexicon word of a feeling: the word, its family and its distress level."""

    word: str
    family: str
    level: float


def feeling_state(feeling: str | None) -> FeelingState | None:
    """The strongest word of the lexicon in a step's feeling, or ``None`` when it has none.

    Words are matched whole and case-insensitively ("Anxious!" is "anxious"); a word preceded by
    "not" or "no" does not count ("not worried"). On equal levels the first word wins.

    Examples
    --------
    >>> feeling_state("Grieving; the dog was 14")
    FeelingState(word='grieving', family='sadness', level=0.8)
    >>> feeling_state("not worried at all") is None, feeling_state(None) is None
    (True, True)
    """
    if not feeling:
        return None
    words = _WORD.findall(feeling.lower())
    strongest: FeelingState | None = None
    for position, word in enumerate(words):
        found = FEELING_LEXICON.get(word)
        if found is None or (position > 0 and words[position - 1] in ("not", "no", "never")):
            continue
        family, level = found
        if strongest is None or level > strongest.level:
            strongest = FeelingState(word, family, level)
    return strongest
