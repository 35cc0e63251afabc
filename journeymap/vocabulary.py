"""The words, colours and defaults journeymap speaks in, each defined once.

The analysis, the charts, the reports, the command line and the app all import from here, so a
recommendation is called, coloured and ordered the same everywhere, and a share reads the same
on the map, in a report and in a sentence read aloud in the workshop.

Examples
--------
>>> RECOMMENDATION_LABELS["keep-human"], percent_text(0.004), signed_text(-2.0)
('Keep human', '<1%', '-2')
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_FIT_THRESHOLD",
    "DEFAULT_MIN_ANSWERS",
    "DEFAULT_RISK_THRESHOLD",
    "DISAGREEMENT_MIN_RATINGS",
    "DISAGREEMENT_SPREAD",
    "EMOTION_SIGN_SYMBOLS",
    "LOG_ROLES",
    "PERSONA_NEEDS",
    "RECOMMENDATIONS",
    "RECOMMENDATION_COLOURS",
    "RECOMMENDATION_HEADINGS",
    "RECOMMENDATION_LABELS",
    "SURVEY_SCALES",
    "emotion_mark",
    "percent_text",
    "signed_text",
]

#: The automation advice's thresholds (0…100): fit at or above the first counts as high, empathy
#: risk at or above the second as high. Settings in the app and options of the command line.
DEFAULT_FIT_THRESHOLD = 60.0
DEFAULT_RISK_THRESHOLD = 50.0

#: The room disagrees on a step's figure when the middle half of its ratings spans this much or more (the
#: interquartile range, on the figure's own scale): on −5…+5, one quarter of the room at −2 or below while
#: another quarter is at +1 or above. Fewer ratings than the second have no spread worth a debate.
DISAGREEMENT_SPREAD = 3.0
DISAGREEMENT_MIN_RATINGS = 3

#: The survey scales journeymap knows by name, each with its lowest and highest score (``touchpoints[].survey``,
#: ``journeymap calibrate``): customer satisfaction, the customer effort score (CES 2.0: 7 = "very easy"),
#: likelihood to recommend. Any other scale is given as a range ("1-10"). docs/calibrate.md has the mapping.
SURVEY_SCALES = {"CSAT": (1, 5), "CES": (1, 7), "NPS": (0, 10)}
#: Fewer answers than this about a step leave its emotion (and friction) as they were: a mean of four
#: answers on a five-point scale often has a 95% interval nearly as wide as the scale (docs/calibrate.md).
DEFAULT_MIN_ANSWERS = 5

#: The needs of a persona journeymap knows by name (the file's ``persona.needs``, the app's choices): the
#: automation advice reads these words, ignoring case, to warn where a step does not suit the persona.
#: A persona may list other needs too, as free text; docs/formats.md, "The persona's needs".
PERSONA_NEEDS = (
    "no smartphone",
    "no internet",
    "hard of hearing",
    "low vision",
    "reads with difficulty",
    "speaks another language",
    "memory difficulties",
    "limited mobility",
    "lives alone",
    "anxious with technology",
)

#: The roles a column of an event log can play, in the order they are shown and guessed: the command
#: line's ``journeymap mine --case … --resource`` and the app's column choice (docs/mining.md).
LOG_ROLES = ("case", "activity", "timestamp", "lifecycle", "resource")

#: The four recommendations, in the order every list and legend shows them.
RECOMMENDATIONS = ("automate", "assist", "keep-human", "not-a-priority")

#: Their short names: badges on the map and in reports, the app's tables.
RECOMMENDATION_LABELS = {
    "automate": "Automate",
    "assist": "Assist",
    "keep-human": "Keep human",
    "not-a-priority": "Not a priority",
}

#: Their names with what they ask of the business: headings of the advice in reports and the app.
RECOMMENDATION_HEADINGS = {
    "automate": "Automate",
    "assist": "Assist (keep a person in the loop)",
    "keep-human": "Keep human (invest staff time here)",
    "not-a-priority": "Not a priority",
}

#: Blue, plum, brown and grey, dark enough for their white names (5.7:1 or more) and apart for the
#: three colour-vision deficiencies as well (docs/app.md, "Colours every eye can read"). A badge says
#: its advice in words too: the colour only helps to find the same advice again across the map.
RECOMMENDATION_COLOURS = {
    "automate": "#1565c0",
    "assist": "#5a1e5a",
    "keep-human": "#9a4b0c",
    "not-a-priority": "#666666",
}


def percent_text(share: float) -> str:
    """A share (0…1) as a whole percentage; a share that rounds to 0 but is not 0 reads "<1%".

    Examples
    --------
    >>> percent_text(0.928), percent_text(0.004), percent_text(0.0), percent_text(0.9996)
    ('93%', '<1%', '0%', '100%')
    """
    percent = share * 100
    return "<1%" if 0 < percent < 1 else f"{percent:.0f}%"


#: The sign of a feeling as a symbol, so that it never rests on colour alone (one viewer in twelve
#: cannot tell the colours of a diverging scale apart): better, worse, neither.
EMOTION_SIGN_SYMBOLS = {"positive": "\u25b2", "neutral": "\u25cf", "negative": "\u25bc"}


def emotion_mark(value: float) -> str:
    """A feeling as its sign's symbol and its signed value: what the wall screen and tables show.

    Examples
    --------
    >>> emotion_mark(3), emotion_mark(-4.5), emotion_mark(0.04)
    ('▲ +3', '▼ -4.5', '● 0')
    """
    text = signed_text(value)
    sign = "neutral" if text == "0" else "positive" if text.startswith("+") else "negative"
    return f"{EMOTION_SIGN_SYMBOLS[sign]} {text}"


def signed_text(value: float) -> str:
    """An emotion or a change of emotion with its sign and at most one decimal.

    Examples
    --------
    >>> signed_text(3.6), signed_text(-2.0), signed_text(0.0), signed_text(-0.04)
    ('+3.6', '-2', '0', '0')
    """
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    if text in ("-0", "0"):
        return "0"
    return text if text.startswith("-") else f"+{text}"
