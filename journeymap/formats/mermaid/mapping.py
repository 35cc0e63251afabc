"""How a Mermaid journey's parts map onto a journey and back: scores and emotions, actors and notes.

A Mermaid score runs from 1 (worst) to 5 (best), a journey's customer emotion from -5 to +5; a
Mermaid task's actors have no field of their own in a journey and are kept in the touchpoint's
notes as one line ``Actors: Me, Cat``.
"""

from __future__ import annotations

from journeymap.formats.mermaid.text import decode, encode_characters

__all__ = ["ACTORS_PREFIX", "DEFAULT_TITLE", "actors_from_note", "actors_note", "emotion_to_score",
           "score_to_emotion"]

#: Title of an imported journey that has no title of its own and no file name.
DEFAULT_TITLE = "Mermaid journey"
#: Start of the notes line that keeps a task's actors.
ACTORS_PREFIX = "Actors: "


def score_to_emotion(score: float) -> float:
    """The customer emotion (−5…+5) of a Mermaid score (1…5): (score − 3) × 2.5.

    Examples
    --------
    >>> [score_to_emotion(score) for score in (1, 2, 3, 4, 5)]
    [-5.0, -2.5, 0.0, 2.5, 5.0]
    """
    return (score - 3) * 2.5


def emotion_to_score(emotion: float | None) -> int:
    """The nearest Mermaid score (1…5) of a customer emotion; no emotion is 3, neutral.

    Halves round away from neutral, so a mildly good step (1.25) stays good (4) and a mildly bad
    one (−1.25) stays bad (2).

    Examples
    --------
    >>> [emotion_to_score(emotion) for emotion in (-5, -3, -1.25, -1, 0, 1.25, 3.75, 5, None)]
    [1, 2, 2, 3, 3, 4, 5, 5, 3]
    """
    if emotion is None:
        return 3
    steps = emotion / 2.5
    rounded = int(abs(steps) + 0.5)
    return max(1, min(5, 3 + (rounded if steps >= 0 else -rounded)))


def actors_note(actors: list[str]) -> str:
    """The notes line keeping a task's actors.

    Examples
    --------
    >>> actors_note(["Me", "Cat, the black one"])
    'Actors: Me, Cat#44; the black one'
    """
    # Commas separate the actors and the note is one line, so those characters inside a name
    # are written as entity codes (and '#' too, so that a name holding '#44;' reads back the same).
    return ACTORS_PREFIX + ", ".join(encode_characters(actor, "#,\n") for actor in actors)


def actors_from_note(notes: str | None) -> list[str] | None:
    """The actors kept in a touchpoint's notes, or None when the notes have no ``Actors:`` line.

    Examples
    --------
    >>> actors_from_note("Busy at noon\\nActors: Me, Cat#44; the black one"), actors_from_note("Busy")
    (['Me', 'Cat, the black one'], None)
    """
    for line in (notes or "").split("\n"):
        if line.startswith(ACTORS_PREFIX.rstrip()):
            listed = line[len(ACTORS_PREFIX.rstrip()):]
            return [actor for actor in (decode(part, breaks=False).strip() for part in listed.split(",")) if actor]
    return None
