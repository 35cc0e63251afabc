"""Writing a journey as a Mermaid user-journey diagram: what the customer experiences, stage by stage."""

from __future__ import annotations

import re

from journeymap.formats.mermaid.mapping import DEFAULT_TITLE, actors_from_note, emotion_to_score
from journeymap.formats.mermaid.text import break_comments, encode, encode_characters
from journeymap.model import Journey, Touchpoint

__all__ = ["EXPORTED_LANES", "STAFF_ACTOR", "journey_to_mermaid"]

#: Lanes written as Mermaid tasks: what the customer does and what staff do in their view.
EXPORTED_LANES = ("customer", "frontstage")
#: Actor of frontstage steps written without an ``Actors:`` line.
STAFF_ACTOR = "Staff"

# What Mermaid's lexer would take for a keyword or a comment at the start of a task line (its
# generated lexer reads a single '%' there as the start of a comment).
_KEYWORD_START = re.compile(r"journey|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%", re.IGNORECASE)


def journey_to_mermaid(journey: Journey) -> str:
    """Write a journey as a Mermaid user-journey diagram.

    One ``section`` per stage, the customer and frontstage steps as tasks with their score and
    actors; backstage and support steps are left out (see :mod:`journeymap.formats.mermaid`).

    Examples
    --------
    >>> from journeymap.formats.mermaid import mermaid_to_journey
    >>> journey = mermaid_to_journey('''journey
    ...     title Coffee
    ...     section Order
    ...       Ask#58; latte: 4: Me
    ...       Pay: 2''')
    >>> print(journey_to_mermaid(journey), end="")
    journey
        title Coffee
        section Order
          Ask#58; latte: 4: Me
          Pay: 2
    """
    lines = ["journey", f"    title {encode(journey.title.strip() or DEFAULT_TITLE, '')}"]
    if journey.description and journey.description.strip():
        lines.extend(_description_lines(journey.description.strip()))
    staged, stages_with_steps, left_out = _shown_steps(journey)
    lines.extend(_comment_lines(left_out, sum(1 for steps in staged.values() for tp in steps if tp.emotion is None)))
    persona = _actor_name(journey.persona.name) if journey.persona else None
    # A stage with only backstage or support work shows nothing the customer sees; but when that
    # is every stage, they are all written (empty) so that the diagram still has a section.
    shown_stages = [stage for stage in journey.stages if staged[stage.id] or stage.id not in stages_with_steps]
    for stage in shown_stages or journey.stages:
        lines.append(f"    section {encode(stage.name.strip() or stage.id, ':')}")
        lines.extend("      " + _task_line(touchpoint, persona) for touchpoint in staged[stage.id])
    return "\n".join(lines) + "\n"


def _shown_steps(journey: Journey) -> tuple[dict[str, list[Touchpoint]], set[str], int]:
    """The steps written, by stage; the stages that have any steps at all; how many were left out."""
    staged: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
    stages_with_steps: set[str] = set()
    left_out = 0
    for touchpoint in journey.touchpoints:
        stages_with_steps.add(touchpoint.stage)
        if touchpoint.lane in EXPORTED_LANES:
            staged.setdefault(touchpoint.stage, []).append(touchpoint)
        else:
            left_out += 1
    return staged, stages_with_steps, left_out


def _comment_lines(left_out: int, no_emotion: int) -> list[str]:
    """``%%`` comments saying what the diagram leaves out or makes up."""
    lines = []
    if left_out:
        lines.append(
            f"    %% {left_out} backstage and support step{'s' if left_out != 1 else ''} left out: "
            "a user journey shows what the customer experiences"
        )
    if no_emotion:
        lines.append(
            f"    %% {no_emotion} step{'s have' if no_emotion != 1 else ' has'} no emotion recorded, "
            "written as score 3 (neutral)"
        )
    return lines


def _actor_name(persona: str) -> str:
    """What a diagram calls the persona: "Walt" of "Walt, the counter regular" (an actor is a name).

    Examples
    --------
    >>> _actor_name("Walt, the counter regular"), _actor_name("Sam (busy parent)"), _actor_name("Ana")
    ('Walt', 'Sam', 'Ana')
    """
    short = re.split(r",|\(| [-–—] ", persona, maxsplit=1)[0].strip()
    return short or persona.strip()


def _task_line(touchpoint: Touchpoint, persona: str | None) -> str:
    name = encode(touchpoint.name.strip() or touchpoint.id, ":")
    if _KEYWORD_START.match(name):  # "Title page: 4" would read as a title: hide the keyword
        name = f"#{ord(name[0])};{name[1:]}"
    actors = actors_from_note(touchpoint.notes)
    if actors is None:
        if touchpoint.lane == "frontstage":
            actors = [STAFF_ACTOR]
        else:
            actors = [persona] if persona else []
    line = f"{name}: {emotion_to_score(touchpoint.emotion)}"
    if actors:
        line += ": " + ", ".join(encode(actor.strip(), ":,") for actor in actors if actor.strip())
    return line


def _description_lines(description: str) -> list[str]:
    """``accDescr: …`` for one line, else an ``accDescr { … }`` block."""
    text = break_comments(encode_characters(description, "", entity_hash_only=True))
    if "\n" not in text:
        return [f"    accDescr: {text}"]
    body = [f"        {line.strip()}" for line in text.replace("}", "#125;").split("\n") if line.strip()]
    return ["    accDescr {", *body, "    }"]
