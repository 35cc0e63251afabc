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
names longer than the journey file allows, more than :data:`~journeymap.model.MAX_TOUCHPOINTS`
tasks or :data:`~journeymap.model.MAX_STAGES` sections.

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
holds (lanes, friction, connections and their shares, sticky notes, automation traits) has no place
in a Mermaid journey and is not written. Reading a Mermaid journey with whole scores, writing it and
reading it again gives an equal journey.
"""

from __future__ import annotations

import html.entities
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.model.validation import journey_from_data
from journeymap.model import MAX_STAGES, MAX_TOUCHPOINTS, Journey, Touchpoint

__all__ = [
    "MAX_MERMAID_BYTES",
    "DEFAULT_TITLE",
    "LOOSE_STAGE_NAME",
    "ACTORS_PREFIX",
    "EXPORTED_LANES",
    "mermaid_to_journey",
    "journey_to_mermaid",
    "score_to_emotion",
    "emotion_to_score",
]

#: Largest Mermaid text read, the same 20 MB as a journey file.
MAX_MERMAID_BYTES = MAX_FILE_BYTES
#: Title of an imported journey that has no title of its own and no file name.
DEFAULT_TITLE = "Mermaid journey"
#: Stage holding the tasks written before the first ``section``.
LOOSE_STAGE_NAME = "Journey"
#: Start of the notes line that keeps a task's actors.
ACTORS_PREFIX = "Actors: "
#: Lanes written as Mermaid tasks: what the customer does and what staff do in their view.
EXPORTED_LANES = ("customer", "frontstage")
#: Actor of frontstage steps written without an ``Actors:`` line.
STAFF_ACTOR = "Staff"

_MAX_TITLE = 200
_MAX_NAME = 120
# A 20 MB file of noise would otherwise list a million problems; the first ones say enough.
_MAX_PROBLEMS = 100
_QUOTE_LENGTH = 80

_JOURNEY = re.compile(r"journey(?:\s+(.*))?", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"title\s+(.*)", re.IGNORECASE | re.DOTALL)
_SECTION = re.compile(r"section\s+(.*)", re.IGNORECASE | re.DOTALL)
_ACC_TITLE = re.compile(r"acctitle\s*:(.*)", re.IGNORECASE | re.DOTALL)
_ACC_DESCR = re.compile(r"accdescr\s*:(.*)", re.IGNORECASE | re.DOTALL)
_ACC_DESCR_BLOCK = re.compile(r"accdescr\s*\{(.*)", re.IGNORECASE | re.DOTALL)
_FRONT_MATTER_TITLE = re.compile(r"title\s*:(.*)")
# A Markdown code fence around the diagram, as copied from a README: ```mermaid or ~~~mermaid
_FENCE = re.compile(r"(`{3,}|~{3,})\s*mermaid\s*", re.IGNORECASE)
# A score as Mermaid writes it: a plain decimal number (JavaScript's Number() reads more, but
# nobody writes a score as 0x5).
_SCORE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# Mermaid's entity codes: #35; is '#', #quot; is '"' (https://mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters).
_ENTITY = re.compile(r"#([A-Za-z0-9_]+);")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
# What Mermaid's lexer would take for a keyword or a comment at the start of a task line (its
# generated lexer reads a single '%' there as the start of a comment).
_KEYWORD_START = re.compile(r"journey|title\s|section\s|acctitle\s*:|accdescr\s*[:{]|%", re.IGNORECASE)


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


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class _Task:
    line: int
    name: str
    score: float
    actors: list[str]


@dataclass
class _Section:
    line: int
    name: str
    tasks: list[_Task] = field(default_factory=list)


def mermaid_to_journey(text: str | bytes, source: str | None = None) -> Journey:
    """Read a Mermaid user-journey diagram as a journey.

    Sections become stages, tasks become customer touchpoints connected one after another, the
    score 1…5 becomes the emotion (score − 3) × 2.5, and the actors go into each touchpoint's
    notes as a line ``Actors: …`` (see the module documentation for every rule).

    Parameters
    ----------
    text
        The diagram, as text or as UTF-8 bytes.
    source
        The file name, used in messages and, when the diagram has no title, as the title.

    Raises
    ------
    JourneyFileError
        For anything that is not a user journey, each problem with its line (``line 7``) and the
        line's text.

    Examples
    --------
    >>> journey = mermaid_to_journey('''journey
    ...     title My working day
    ...     section Go to work
    ...       Make tea: 5: Me
    ...       Do work: 1: Me, Cat''')
    >>> [(tp.id, tp.stage, tp.emotion, tp.notes) for tp in journey.touchpoints]
    [('make-tea', 'go-to-work', 5.0, 'Actors: Me'), ('do-work', 'go-to-work', -5.0, 'Actors: Me, Cat')]
    >>> [(c.from_, c.to) for c in journey.connections]
    [('make-tea', 'do-work')]
    >>> mermaid_to_journey("journey\\n  Make tea: five: Me")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: line 2: the score 'five' in 'Make tea: five: Me' is not a number; \
a Mermaid score is a number from 1 (worst) to 5 (best)
    """
    text = _text_of(text, source)
    lines = _without_fence(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    reader = _Reader()
    reader.fenced_later = any(_FENCE.fullmatch(line.strip()) for line in lines)  # a whole Markdown file
    reader.read(lines)
    if reader.problems:
        raise JourneyFileError(reader.all_problems(), source)
    return journey_from_data(reader.journey_data(source), source)


def _without_fence(lines: list[str]) -> list[str]:
    """The lines of a diagram copied with its Markdown fence (```` ```mermaid ```` … ```` ``` ````), fence blanked.

    Lines stay where they were, so that problems keep their line numbers; what follows the closing
    fence is not part of the diagram and is blanked too.
    """
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    opening = _FENCE.fullmatch(lines[first].strip()) if first is not None else None
    if opening is None:
        return lines
    fence = opening.group(1)
    lines = list(lines)
    lines[first] = ""
    for index in range(first + 1, len(lines)):
        stripped = lines[index].strip()
        if stripped.startswith(fence[0] * 3) and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
            lines[index:] = [""] * (len(lines) - index)
            break
    return lines


def _text_of(text: str | bytes, source: str | None) -> str:
    """The diagram as text, refusing what is too large, not UTF-8, or binary."""
    limit_mb = MAX_MERMAID_BYTES // 1024 // 1024
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_MERMAID_BYTES:
            raise JourneyFileError([Problem("", f"is {len(text) / 1024 / 1024:.1f} MB; journeymap reads Mermaid diagrams up to {limit_mb} MB")], source)
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            line = text.count(b"\n", 0, error.start) + 1
            byte = error.start - (text.rfind(b"\n", 0, error.start) + 1) + 1
            raise JourneyFileError(
                [Problem(f"line {line}", f"is not UTF-8 text: byte {byte} of the line cannot be read; save the diagram as UTF-8")],
                source,
            ) from None
    elif len(text) > MAX_MERMAID_BYTES:  # characters: a quick bound before encoding anything
        raise JourneyFileError([Problem("", f"is larger than {limit_mb} MB; journeymap reads Mermaid diagrams up to {limit_mb} MB")], source)
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise JourneyFileError(
            [Problem(f"line {line}", "holds binary data (a NUL character), not the text of a Mermaid diagram")], source
        )
    if not text.strip():
        raise JourneyFileError([Problem("", "is empty; a Mermaid user journey starts with the keyword 'journey'")], source)
    return text


class _Reader:
    """Reads the lines of a diagram statement by statement, collecting every problem."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.problems_left_out = 0
        self.journey_line: int | None = None
        self.stopped = False
        self.title: str | None = None
        self.front_matter_title: str | None = None
        self.acc_title: str | None = None
        self.acc_descr: str | None = None
        self.sections: list[_Section] = []
        self.task_count = 0
        self.limit_reported = False
        self.fenced_later = False  # a ```mermaid fence further down: the file is Markdown

    def problem(self, line: int | None, message: str) -> None:
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(Problem(f"line {line}" if line else "", message))
        else:
            self.problems_left_out += 1

    def all_problems(self) -> list[Problem]:
        if not self.problems_left_out:
            return self.problems
        more = f"… and {self.problems_left_out} more problem{'s' if self.problems_left_out != 1 else ''}"
        return [*self.problems, Problem("", more)]

    def read(self, lines: list[str]) -> None:
        start = self.read_front_matter(lines)
        block: list[str] | None = None  # the lines of an open accDescr { … } block
        block_line = 0
        for number in range(start + 1, len(lines) + 1):
            if self.stopped:
                return
            rest: str | None = lines[number - 1]
            while rest is not None:  # a line can close a block and go on with a statement
                if block is None:
                    opened = self.statement(rest, number)
                    if opened is not None:
                        block, block_line = [], number
                    rest = opened
                    continue
                close = rest.find("}")
                if close < 0:
                    if not rest.lstrip().startswith("%%"):  # Mermaid drops comment lines everywhere
                        block.append(rest)
                    rest = None
                else:
                    block.append(rest[:close])
                    self.acc_descr = _block_text(block)
                    block, rest = None, rest[close + 1:]
        if block is not None:
            self.problem(block_line, f"the block 'accDescr {{' opened here is never closed with '}}'")
        if self.journey_line is None and not self.stopped:
            self.problem(None, "has no 'journey' keyword; a Mermaid user journey starts with the line 'journey'")
        elif self.journey_line is not None and not self.sections:
            self.problem(
                self.journey_line,
                "the journey has no sections and no tasks; add at least one, as in 'section Order' and 'Make tea: 5: Me'",
            )

    def read_front_matter(self, lines: list[str]) -> int:
        """Read a leading ``---`` block for its ``title:``; the index of the first line after it."""
        first = next((index for index, line in enumerate(lines) if line.strip()), None)
        if first is None or lines[first].strip() != "---":
            return 0
        end = next((index for index in range(first + 1, len(lines)) if lines[index].strip() == "---"), None)
        if end is None:
            self.problem(first + 1, "the front matter opened here with '---' is never closed with a line '---'")
            self.stopped = True
            return len(lines)
        for index in range(first + 1, end):
            match = _FRONT_MATTER_TITLE.fullmatch(lines[index].rstrip())
            if match:  # only the top-level key: an indented title belongs to something else
                title = _yaml_scalar(match.group(1))
                if len(title) > _MAX_TITLE:
                    self.problem(index + 1, _too_long("title", title, _MAX_TITLE))
                elif title:
                    self.front_matter_title = title
        return end + 1

    def statement(self, text: str, number: int) -> str | None:
        """Read one statement; returns what follows ``accDescr {`` when it opens a block."""
        stripped = text.strip()
        if not stripped or (stripped.startswith("%") and not stripped.startswith("%{")):
            # blank, comment or %%{init}%% directive; Mermaid's generated lexer reads a single '%'
            # at the start of a statement as a comment too
            return None
        if self.journey_line is None:
            match = _JOURNEY.fullmatch(stripped)
            if match is None:
                hint = ""
                if stripped.startswith(("#", "```", "~~~")) or self.fenced_later:
                    hint = ("; from a Markdown file, copy the lines of its ```mermaid block (from 'journey' on) "
                            "into a .mmd file")
                self.problem(
                    number,
                    f"a Mermaid user journey starts with the keyword 'journey', but the first line says "
                    f"{_quote(stripped)}{hint}",
                )
                self.stopped = True  # whatever follows is some other kind of diagram, or no diagram
                return None
            self.journey_line = number
            return self.statement(match.group(1), number) if match.group(1) else None
        if stripped.lower() == "journey":
            self.problem(number, f"a second 'journey' keyword (the first is on line {self.journey_line}); a diagram has one")
            return None
        if match := _ACC_TITLE.match(stripped):
            self.acc_title = _decode(match.group(1).strip(), breaks=False).strip() or None
            return None
        if match := _ACC_DESCR.match(stripped):
            self.acc_descr = _decode(match.group(1).strip(), breaks=False).strip() or None
            return None
        if match := _ACC_DESCR_BLOCK.match(stripped):
            return match.group(1)
        if match := _TITLE.match(stripped):
            self.read_title(match.group(1), stripped, number)
            return None
        if match := _SECTION.match(stripped):
            self.read_section(match.group(1), stripped, number)
            return None
        if stripped.lower() in ("title", "section"):
            self.problem(number, f"{_quote(stripped)} has no {'text' if stripped.lower() == 'title' else 'name'} after it")
            return None
        self.read_task(stripped, number)
        return None

    def read_title(self, text: str, line: str, number: int) -> None:
        title = _decode(_cut_comment(text)).strip()
        if not title:
            self.problem(number, f"{_quote(line)} has no text after 'title'")
        elif len(title) > _MAX_TITLE:
            self.problem(number, _too_long("title", title, _MAX_TITLE))
        else:
            self.title = title  # Mermaid keeps the last title

    def read_section(self, text: str, line: str, number: int) -> None:
        raw = _cut_comment(text)
        name = _decode(raw).strip()
        if ":" in raw:
            self.problem(
                number,
                f"{_quote(line)} starts with the keyword 'section', so it names a section, and a section name cannot "
                "hold a ':' (write #58; for one)",
            )
        elif not name:
            self.problem(number, f"{_quote(line)} has no name after 'section'")
        elif len(name) > _MAX_NAME:
            self.problem(number, _too_long("section name", name, _MAX_NAME))
        if len(self.sections) >= MAX_STAGES:
            if not self.limit_reported:
                self.problem(number, f"this section is stage number {MAX_STAGES + 1}; a journey has at most {MAX_STAGES} stages")
                self.limit_reported = True
            return
        self.sections.append(_Section(number, name or "?"))

    def read_task(self, line: str, number: int) -> None:
        body = _cut_comment(line)
        if ":" not in body:
            self.problem(
                number,
                f"{_quote(line)} is not a title, a section or a task: a task needs a score after a ':', "
                "as in 'Make tea: 5: Me'",
            )
            return
        name_text, data = body.split(":", 1)
        pieces = data.split(":")
        name = _decode(name_text).strip()
        score_text = pieces[0].strip()
        actors = [actor for actor in (_decode(part).strip() for part in (pieces[1] if len(pieces) > 1 else "").split(",")) if actor]
        extra = ":".join(pieces[2:]).strip()
        score: float | None = None
        if not name:
            self.problem(number, f"the task {_quote(line)} has no name before its ':'")
        elif len(name) > _MAX_NAME:
            self.problem(number, _too_long("task name", name, _MAX_NAME))
        if not score_text:
            self.problem(number, f"the task {_quote(line)} has no score; a Mermaid score is a number from 1 (worst) to 5 (best)")
        elif not _SCORE.fullmatch(score_text):
            self.problem(
                number,
                f"the score {_quote(score_text)} in {_quote(line)} is not a number; "
                "a Mermaid score is a number from 1 (worst) to 5 (best)",
            )
        elif not 1 <= float(score_text) <= 5:
            self.problem(
                number,
                f"the score {score_text} in {_quote(line)} is outside 1 to 5; "
                "Mermaid draws scores from 1 (worst) to 5 (best)",
            )
        else:
            score = float(score_text)
        if extra:
            self.problem(
                number,
                f"{_quote(line)} has text after a third ':' ({_quote(extra)}), which Mermaid ignores; remove it, "
                "or write #58; for a ':' inside a name",
            )
        if self.task_count >= MAX_TOUCHPOINTS:
            if not self.limit_reported:
                self.problem(number, f"this is task number {MAX_TOUCHPOINTS + 1}; a journey has at most {MAX_TOUCHPOINTS} touchpoints")
                self.limit_reported = True
            return
        self.task_count += 1
        if not self.sections:
            self.sections.append(_Section(number, LOOSE_STAGE_NAME))
        self.sections[-1].tasks.append(_Task(number, name, score if score is not None else 3, actors))

    def journey_title(self, source: str | None) -> str:
        for title in (self.title, self.front_matter_title, self.acc_title):
            if title:
                return title
        if source:
            stem = Path(source).stem.replace("_", " ").strip()[:_MAX_TITLE]
            if stem:
                return stem
        return DEFAULT_TITLE

    def journey_data(self, source: str | None) -> dict[str, Any]:
        """The journey as file data, for :func:`~journeymap.model.validation.journey_from_data` to check."""
        title = self.journey_title(source)
        description_parts = [part for part in (self.acc_title, self.acc_descr) if part and part != title]
        stage_ids = _IdMaker("stage")
        touchpoint_ids = _IdMaker("step")
        stages: list[dict[str, Any]] = []
        touchpoints: list[dict[str, Any]] = []
        for section in self.sections:
            stage_id = stage_ids.make(section.name, len(stages) + 1)
            stages.append({"id": stage_id, "name": section.name})
            for task in section.tasks:
                touchpoint: dict[str, Any] = {
                    "id": touchpoint_ids.make(task.name, len(touchpoints) + 1),
                    "name": task.name,
                    "stage": stage_id,
                    "lane": "customer",
                    "emotion": score_to_emotion(task.score),
                }
                if task.actors:
                    touchpoint["notes"] = _actors_note(task.actors)
                touchpoints.append(touchpoint)
        connections = [{"from": a["id"], "to": b["id"], "kind": "flow"} for a, b in zip(touchpoints, touchpoints[1:])]
        data: dict[str, Any] = {"title": title, "stages": stages, "touchpoints": touchpoints, "connections": connections}
        if description_parts:
            data["description"] = "\n".join(description_parts)
        return data


class _IdMaker:
    """Readable ids, unique among those it has made: ``order-coffee``, ``order-coffee-2``."""

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self.used: set[str] = set()
        # The last number tried per base, so that 10,000 tasks of one name take linear time.
        self.last_number: dict[str, int] = {}

    def make(self, name: str, position: int) -> str:
        base = _slug(name) or f"{self.fallback}-{position}"
        candidate, number = base, self.last_number.get(base, 1)
        if number > 1:
            candidate = f"{base}-{number}"
        while candidate in self.used:
            number += 1
            candidate = f"{base}-{number}"
        self.last_number[base] = number
        self.used.add(candidate)
        return candidate


def _slug(name: str) -> str:
    """Lower-case ASCII letters and digits of a name, joined by '-'; accents dropped, at most 48."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].rstrip("-")


def _cut_comment(text: str) -> str:
    """Text before a comment: ``%%`` anywhere, or a ``#`` that does not open an entity code."""
    cut = text.find("%%")
    if cut >= 0:
        text = text[:cut]
    for match in re.finditer(r"#([A-Za-z0-9_]+;)?", text):
        if match.group(1) is None:
            return text[: match.start()]
    return text


def _decode(text: str, *, breaks: bool = True) -> str:
    """Mermaid text as shown: ``<br>`` a line break (when ``breaks``), entity codes their character."""
    if breaks:
        text = _BREAK.sub("\n", text)
    return _ENTITY.sub(_entity_character, text)


def _entity_character(match: re.Match[str]) -> str:
    code = match.group(1)
    if code.isdigit():
        value = int(code) if len(code) <= 7 else -1
        if 0 < value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
            return chr(value)
        return match.group(0)
    return html.entities.html5.get(code + ";", match.group(0))


def _block_text(parts: list[str]) -> str | None:
    # As Mermaid does: the indentation of each line goes, and so do blank lines.
    text = re.sub(r"\n\s+", "\n", "\n".join(parts)).strip()
    return _decode(text, breaks=False).strip() or None


def _yaml_scalar(text: str) -> str:
    """A one-line YAML value: quotes removed, or a trailing ``# comment`` cut."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        inner = text[1:-1]
        return inner.replace("''", "'") if text[0] == "'" else inner.replace('\\"', '"').replace("\\\\", "\\")
    return re.split(r"\s#", text, maxsplit=1)[0].strip()


def _quote(text: str) -> str:
    text = text if len(text) <= _QUOTE_LENGTH else text[: _QUOTE_LENGTH - 1] + "…"
    return "'" + text + "'"


def _too_long(what: str, text: str, limit: int) -> str:
    return f"the {what} {_quote(text)} is {len(text)} characters long; a journey allows at most {limit}"


def _actors_note(actors: list[str]) -> str:
    # Commas separate the actors and the note is one line, so those characters inside a name
    # are written as entity codes (and '#' too, so that a name holding '#44;' reads back the same).
    return ACTORS_PREFIX + ", ".join(_encode_characters(actor, "#,\n") for actor in actors)


def _actors_from_note(notes: str | None) -> list[str] | None:
    """The actors kept in a touchpoint's notes, or None when the notes have no ``Actors:`` line."""
    for line in (notes or "").split("\n"):
        if line.startswith(ACTORS_PREFIX.rstrip()):
            listed = line[len(ACTORS_PREFIX.rstrip()):]
            return [actor for actor in (_decode(part, breaks=False).strip() for part in listed.split(",")) if actor]
    return None


# ---------------------------------------------------------------------------------------------
# Writing


def journey_to_mermaid(journey: Journey) -> str:
    """Write a journey as a Mermaid user-journey diagram.

    One ``section`` per stage, the customer and frontstage steps as tasks with their score and
    actors; backstage and support steps are left out (see the module documentation).

    Examples
    --------
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
    lines = ["journey", f"    title {_encode(journey.title.strip() or DEFAULT_TITLE, '')}"]
    if journey.description and journey.description.strip():
        lines.extend(_description_lines(journey.description.strip()))
    staged: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
    stages_with_steps: set[str] = set()
    left_out = 0
    for touchpoint in journey.touchpoints:
        stages_with_steps.add(touchpoint.stage)
        if touchpoint.lane in EXPORTED_LANES:
            staged.setdefault(touchpoint.stage, []).append(touchpoint)
        else:
            left_out += 1
    written = [tp for steps in staged.values() for tp in steps]
    no_emotion = sum(1 for tp in written if tp.emotion is None)
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
    persona = _actor_name(journey.persona.name) if journey.persona else None
    # A stage with only backstage or support work shows nothing the customer sees; but when that
    # is every stage, they are all written (empty) so that the diagram still has a section.
    shown_stages = [stage for stage in journey.stages if staged[stage.id] or stage.id not in stages_with_steps]
    for stage in shown_stages or journey.stages:
        steps = staged[stage.id]
        lines.append(f"    section {_encode(stage.name.strip() or stage.id, ':')}")
        for touchpoint in steps:
            lines.append("      " + _task_line(touchpoint, persona))
    return "\n".join(lines) + "\n"


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
    name = _encode(touchpoint.name.strip() or touchpoint.id, ":")
    if _KEYWORD_START.match(name):  # "Title page: 4" would read as a title: hide the keyword
        name = f"#{ord(name[0])};{name[1:]}"
    actors = _actors_from_note(touchpoint.notes)
    if actors is None:
        if touchpoint.lane == "frontstage":
            actors = [STAFF_ACTOR]
        else:
            actors = [persona] if persona else []
    line = f"{name}: {emotion_to_score(touchpoint.emotion)}"
    if actors:
        line += ": " + ", ".join(_encode(actor.strip(), ":,") for actor in actors if actor.strip())
    return line


def _description_lines(description: str) -> list[str]:
    """``accDescr: …`` for one line, else an ``accDescr { … }`` block."""
    text = _break_comments(_encode_characters(description, "", entity_hash_only=True))
    if "\n" not in text:
        return [f"    accDescr: {text}"]
    body = [f"        {line.strip()}" for line in text.replace("}", "#125;").split("\n") if line.strip()]
    return ["    accDescr {", *body, "    }"]


def _encode(text: str, extra: str) -> str:
    """Text safe inside a title, section, task name or actor: line breaks as ``<br>``, entities."""
    # Entity codes first, so that the '#' of the codes added after them is not encoded again.
    return _break_comments(_encode_characters(text, "#;<>" + extra)).replace("\n", "<br>")


def _break_comments(text: str) -> str:
    # "%%" starts a Mermaid comment: write the second '%' as an entity code.
    while "%%" in text:
        text = text.replace("%%", "%#37;")
    return text


def _encode_characters(text: str, characters: str, *, entity_hash_only: bool = False) -> str:
    """Each of ``characters``, and each control character (but '\\n' unless listed), as ``#58;``.

    With ``entity_hash_only``, a '#' is encoded only where it would read as the start of an entity
    code (plain text in an accDescr keeps its '#').
    """
    out = []
    for index, character in enumerate(text):
        if character == "#" and entity_hash_only:
            encode = bool(_ENTITY.match(text, index))
        else:
            encode = character in characters or (character != "\n" and _breaks_lines(character))
        out.append(f"#{ord(character)};" if encode else character)
    return "".join(out)


def _breaks_lines(character: str) -> bool:
    """Control characters and Unicode line separators, which have no place on one line."""
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")
