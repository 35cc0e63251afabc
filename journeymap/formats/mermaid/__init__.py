"""Mermaid user-journey diagrams (``.mmd``): read one as a journey, write a journey as one.

A Mermaid user journey (https://mermaid.js.org/syntax/userJourney.html) is the small text diagram
people keep in Markdown files and on GitHub::

    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Do work: 1: Me, Cat

Reading (:func:`mermaid_to_journey`):

- each ``section`` becomes a stage, in order; tasks written before any section go into a stage
  called "Journey";
- each task becomes a customer-lane touchpoint, in file order, and each one is connected to the
  next by a flow connection, across sections: the whole journey is one chain;
- the score (1 worst … 5 best) becomes the customer's emotion (score − 3) × 2.5, so 1 → −5,
  2 → −2.5, 3 → 0, 4 → 2.5, 5 → 5; scores may have decimals but must lie within 1…5;
- the actors are kept in the touchpoint's notes as one line ``Actors: Me, Cat`` (a ``#``, a comma
  or a line break inside an actor's name is written there as a Mermaid entity code, ``#44;`` for
  a comma);
- the title is the ``title`` line, else the ``title:`` of a ``---`` front-matter block, else the
  ``accTitle``, else the file name, else "Mermaid journey";
- the description is the ``accDescr`` (one line, or a ``accDescr { … }`` block); an ``accTitle``
  that differs from the title starts the description;
- touchpoint and stage ids are made from the names (``Order coffee`` → ``order-coffee``,
  ``order-coffee-2`` for the second); a name without ASCII letters or digits gets ``step-3``
  (the third task) or ``stage-2``.

Mermaid's grammar is followed (its ``journey.jison``, as its generated parser reads it): the
keyword ``journey`` first (after blank lines, ``%%`` comments, ``%%{init}%%`` directives or a
front-matter block, and inside a Markdown fence ```` ```mermaid ```` … ```` ``` ```` copied with it);
keywords in any letter case; ``%%`` comments (a statement starting with a
single ``%`` is a comment too, as Mermaid's generated lexer reads it); ``#`` starts a comment
unless it opens an entity code such as ``#58;`` (a colon) or ``#quot;``, which are decoded;
``<br>`` in a name is a line break; ``Task: 5``, ``Task: 5:`` and ``Task: 5: A, B`` with any
spacing. Where journeymap is more forgiving than Mermaid: a ``%%`` in the middle of a line also
starts a comment, a ``;`` is kept as text, and a task name may start with "journey". Refused, each
with its line: a missing ``journey`` keyword, a task without a score, a score that is not a number
or lies outside 1…5, text after a third ``:``, a ``:`` in a section name, a second ``journey``,
names longer than the journey file allows, text holding a character no journey may hold (a control
character, typed or written as an entity code such as ``#1;``, or a noncharacter such as ``#65534;``;
see :mod:`journeymap.model.text`), more than :data:`~journeymap.model.MAX_TOUCHPOINTS` tasks or
:data:`~journeymap.model.MAX_STAGES` sections.

Writing (:func:`journey_to_mermaid`): one ``section`` per stage, in stage order; the customer and
frontstage steps (what the customer experiences) as its tasks, in file order; backstage and
support steps are left out, and so is a stage that only has such steps (unless every stage does:
then all are written, empty, so that the diagram has a section); a ``%%`` comment counts the steps
left out. The score is the emotion turned back to the nearest whole score (halves away from
neutral: 1.25 → 4), kept within 1…5; a step with no emotion gets 3, neutral, and a comment says
how many. The actors are read back from the notes' ``Actors:`` line; without one, a customer step
gets the persona's name, up to a comma or bracket ("Walt" of "Walt, the counter regular"; no actor when
the journey has no persona), and a frontstage step "Staff".
Characters that would break Mermaid's grammar (``: ; # < >``, ``%%``, a comma in an actor, a task
name starting with a keyword or a ``%``) are written as entity codes such as ``#58;``, which
Mermaid shows as the character itself; a line break is written ``<br>``. Everything else a journey
holds (lanes, friction, connections and their shares, sticky notes, automation traits, the persona
but for its name: its description, goals and needs) has no place in a Mermaid journey and is not
written. Reading a Mermaid journey with whole scores, writing it and
reading it again gives an equal journey.

The modules: :mod:`~journeymap.formats.mermaid.read` (the file's text, then
:func:`mermaid_to_journey`), :mod:`~journeymap.formats.mermaid.parse` (statements into sections
and tasks, with every problem), :mod:`~journeymap.formats.mermaid.build` (sections and tasks into
journey data), :mod:`~journeymap.formats.mermaid.write` (:func:`journey_to_mermaid`),
:mod:`~journeymap.formats.mermaid.mapping` (scores and emotions, actors and notes) and
:mod:`~journeymap.formats.mermaid.text` (entity codes, line breaks, comments).
"""

from journeymap.formats.mermaid.mapping import ACTORS_PREFIX, DEFAULT_TITLE, emotion_to_score, score_to_emotion
from journeymap.formats.mermaid.parse import LOOSE_STAGE_NAME
from journeymap.formats.mermaid.read import MAX_MERMAID_BYTES, mermaid_to_journey
from journeymap.formats.mermaid.write import EXPORTED_LANES, STAFF_ACTOR, journey_to_mermaid

__all__ = [
    "MAX_MERMAID_BYTES",
    "DEFAULT_TITLE",
    "LOOSE_STAGE_NAME",
    "ACTORS_PREFIX",
    "EXPORTED_LANES",
    "STAFF_ACTOR",
    "mermaid_to_journey",
    "journey_to_mermaid",
    "score_to_emotion",
    "emotion_to_score",
]
