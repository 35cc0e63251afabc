"""Parsing a Mermaid user journey statement by statement into sections and tasks, with every problem.

Mermaid's grammar is followed as its generated parser reads it (see :mod:`journeymap.formats.mermaid`
for each rule); each problem names its line (``line 7``) and quotes the line's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeymap.errors import Problem
from journeymap.formats.mermaid.text import block_text, cut_comment, decode, written_as, yaml_scalar
from journeymap.model import MAX_STAGES, MAX_TOUCHPOINTS
from journeymap.model.text import forbidden_character, text_problem

__all__ = ["LOOSE_STAGE_NAME", "MAX_TITLE", "Parser", "Section", "Task"]

#: Stage holding the tasks written before the first ``section``.
LOOSE_STAGE_NAME = "Journey"
#: The longest title and the longest section or task name a journey allows.
MAX_TITLE = 200
_MAX_NAME = 120
# A 20 MB file of noise would otherwise list a million problems; the first ones say enough.
_MAX_PROBLEMS = 100
_QUOTE_LENGTH = 80
_SCORE_RANGE = "a Mermaid score is a number from 1 (worst) to 5 (best)"

_JOURNEY = re.compile(r"journey(?:\s+(.*))?", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"title\s+(.*)", re.IGNORECASE | re.DOTALL)
_SECTION = re.compile(r"section\s+(.*)", re.IGNORECASE | re.DOTALL)
_ACC_TITLE = re.compile(r"acctitle\s*:(.*)", re.IGNORECASE | re.DOTALL)
_ACC_DESCR = re.compile(r"accdescr\s*:(.*)", re.IGNORECASE | re.DOTALL)
_ACC_DESCR_BLOCK = re.compile(r"accdescr\s*\{(.*)", re.IGNORECASE | re.DOTALL)
_FRONT_MATTER_TITLE = re.compile(r"title\s*:(.*)")
# A score as Mermaid writes it: a plain decimal number (JavaScript's Number() reads more, but
# nobody writes a score as 0x5).
_SCORE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass
class Task:
    """One task as written: its line, name, score (1…5) and actors."""

    line: int
    name: str
    score: float
    actors: list[str]


@dataclass
class Section:
    """One section as written, with its tasks in order."""

    line: int
    name: str
    tasks: list[Task] = field(default_factory=list)


class Parser:
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
        self.sections: list[Section] = []
        self.task_count = 0
        self.limit_reported = False
        self.fenced_later = False  # a ```mermaid fence further down: the file is Markdown
        self.block: list[str] | None = None  # the lines of an open accDescr { … } block
        self.block_line = 0

    def problem(self, line: int | None, message: str) -> None:
        """Note a problem on ``line`` (None: of the whole diagram), up to a cap."""
        if len(self.problems) < _MAX_PROBLEMS:
            self.problems.append(Problem(f"line {line}" if line else "", message))
        else:
            self.problems_left_out += 1

    def text_kept(self, line: int | None, what: str, written: str, text: str | None) -> str | None:
        """The decoded text, or None (and a problem) when it holds a character a journey refuses.

        The words are the model's (see :mod:`journeymap.model.text`); an entity code such as
        ``#1;`` that decodes to the character is named, as the diagram shows it.
        """
        message = text_problem(text) if text else None
        if message is None:
            return text
        found = forbidden_character(text)  # type: ignore[arg-type]
        code = written_as(written, found[1]) if found else None
        self.problem(line, f"the {what} {message}" + (f"; the diagram writes it as the entity code {code}" if code else ""))
        return None

    def all_problems(self) -> list[Problem]:
        """The problems noted, and a last one counting those left out beyond the cap."""
        if not self.problems_left_out:
            return self.problems
        more = f"… and {self.problems_left_out} more problem{'s' if self.problems_left_out != 1 else ''}"
        return [*self.problems, Problem("", more)]

    # ---- the diagram, line by line

    def read(self, lines: list[str]) -> None:
        """Read every line of the diagram (after a front-matter block) and check what it must hold."""
        start = self.read_front_matter(lines)
        for number in range(start + 1, len(lines) + 1):
            if self.stopped:
                return
            self._read_line(lines[number - 1], number)
        self._check_complete()

    def _read_line(self, line: str, number: int) -> None:
        rest: str | None = line
        while rest is not None:  # a line can close a block and go on with a statement
            if self.block is None:
                opened = self.statement(rest, number)
                if opened is not None:
                    self.block, self.block_line = [], number
                rest = opened
            else:
                rest = self._read_block_line(rest)

    def _read_block_line(self, text: str) -> str | None:
        """One line of an ``accDescr { … }`` block; what follows its closing ``}``, if it closes."""
        assert self.block is not None
        close = text.find("}")
        if close < 0:
            if not text.lstrip().startswith("%%"):  # Mermaid drops comment lines everywhere
                self.block.append(text)
            return None
        self.block.append(text[:close])
        self.acc_descr = self.text_kept(self.block_line, "accDescr", "\n".join(self.block), block_text(self.block))
        self.block = None
        return text[close + 1:]

    def _check_complete(self) -> None:
        if self.block is not None:
            self.problem(self.block_line, f"the block 'accDescr {{' opened here is never closed with '}}'")
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
                title = yaml_scalar(match.group(1))
                if len(title) > MAX_TITLE:
                    self.problem(index + 1, _too_long("title", title, MAX_TITLE))
                elif title:
                    self.front_matter_title = self.text_kept(index + 1, "title", lines[index], title)
        return end + 1

    # ---- statements

    def statement(self, text: str, number: int) -> str | None:
        """Read one statement; returns what follows ``accDescr {`` when it opens a block."""
        stripped = text.strip()
        if not stripped or (stripped.startswith("%") and not stripped.startswith("%{")):
            # blank, comment or %%{init}%% directive; Mermaid's generated lexer reads a single '%'
            # at the start of a statement as a comment too
            return None
        if self.journey_line is None:
            return self._first_statement(stripped, number)
        if stripped.lower() == "journey":
            self.problem(number, f"a second 'journey' keyword (the first is on line {self.journey_line}); a diagram has one")
            return None
        if match := _ACC_DESCR_BLOCK.match(stripped):  # no other statement starts like it
            return match.group(1)
        self._keyword_or_task(stripped, number)
        return None

    def _first_statement(self, stripped: str, number: int) -> str | None:
        """The ``journey`` keyword (and a statement on its line); anything else stops reading."""
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

    def _keyword_or_task(self, stripped: str, number: int) -> None:
        """A statement after ``journey`` that opens no block: accTitle, accDescr, title, section or task."""
        if match := _ACC_TITLE.match(stripped):
            acc_title = decode(match.group(1).strip(), breaks=False).strip() or None
            self.acc_title = self.text_kept(number, "accTitle", stripped, acc_title)
        elif match := _ACC_DESCR.match(stripped):
            acc_descr = decode(match.group(1).strip(), breaks=False).strip() or None
            self.acc_descr = self.text_kept(number, "accDescr", stripped, acc_descr)
        elif match := _TITLE.match(stripped):
            self.read_title(match.group(1), stripped, number)
        elif match := _SECTION.match(stripped):
            self.read_section(match.group(1), stripped, number)
        elif stripped.lower() in ("title", "section"):
            self.problem(number, f"{_quote(stripped)} has no {'text' if stripped.lower() == 'title' else 'name'} after it")
        else:
            self.read_task(stripped, number)

    def read_title(self, text: str, line: str, number: int) -> None:
        """A ``title`` statement: Mermaid keeps the last one."""
        title = decode(cut_comment(text)).strip()
        message = _title_problem(title, line)
        if message:
            self.problem(number, message)
        else:
            self.title = self.text_kept(number, "title", line, title)

    def read_section(self, text: str, line: str, number: int) -> None:
        """A ``section`` statement: a new stage, up to the most a journey has."""
        raw = cut_comment(text)
        name = decode(raw).strip()
        message = _section_problem(raw, name, line)
        if message:
            self.problem(number, message)
        else:
            self.text_kept(number, "section name", raw, name)
        if len(self.sections) >= MAX_STAGES:
            if not self.limit_reported:
                self.problem(number, f"this section is stage number {MAX_STAGES + 1}; a journey has at most {MAX_STAGES} stages")
                self.limit_reported = True
            return
        self.sections.append(Section(number, name or "?"))

    def read_task(self, line: str, number: int) -> None:
        """A task statement ``Name: score: actor, actor``, added to the current section."""
        body = cut_comment(line)
        if ":" not in body:
            self.problem(
                number,
                f"{_quote(line)} is not a title, a section or a task: a task needs a score after a ':', "
                "as in 'Make tea: 5: Me'",
            )
            return
        name, score_text, actors, extra = _task_parts(body)
        for message in _task_problems(line, name, score_text, extra):
            self.problem(number, message)
        if name and len(name) <= _MAX_NAME:
            self.text_kept(number, "task name", body, name)
        for actor in actors:
            self.text_kept(number, "actor", body, actor)
        score = float(score_text) if _score_problem(score_text, line) is None else 3
        self._add_task(Task(number, name, score, actors))

    def _add_task(self, task: Task) -> None:
        """The task into the current section (one named "Journey" before any), up to the most steps."""
        if self.task_count >= MAX_TOUCHPOINTS:
            if not self.limit_reported:
                self.problem(task.line, f"this is task number {MAX_TOUCHPOINTS + 1}; a journey has at most "
                                        f"{MAX_TOUCHPOINTS} touchpoints")
                self.limit_reported = True
            return
        self.task_count += 1
        if not self.sections:
            self.sections.append(Section(task.line, LOOSE_STAGE_NAME))
        self.sections[-1].tasks.append(task)


# ---------------------------------------------------------------------------------------------
# What is wrong with a statement


def _title_problem(title: str, line: str) -> str | None:
    if not title:
        return f"{_quote(line)} has no text after 'title'"
    if len(title) > MAX_TITLE:
        return _too_long("title", title, MAX_TITLE)
    return None


def _section_problem(raw: str, name: str, line: str) -> str | None:
    if ":" in raw:
        return (f"{_quote(line)} starts with the keyword 'section', so it names a section, and a section name "
                "cannot hold a ':' (write #58; for one)")
    if not name:
        return f"{_quote(line)} has no name after 'section'"
    if len(name) > _MAX_NAME:
        return _too_long("section name", name, _MAX_NAME)
    return None


def _task_parts(body: str) -> tuple[str, str, list[str], str]:
    """A task's name, score text, actors and any text after a third ':' (comments already cut).

    Examples
    --------
    >>> _task_parts("Ask#58; latte: 4: Me, Cat")
    ('Ask: latte', '4', ['Me', 'Cat'], '')
    """
    name_text, data = body.split(":", 1)
    pieces = data.split(":")
    actors_text = pieces[1] if len(pieces) > 1 else ""
    actors = [actor for actor in (decode(part).strip() for part in actors_text.split(",")) if actor]
    return decode(name_text).strip(), pieces[0].strip(), actors, ":".join(pieces[2:]).strip()


def _task_problems(line: str, name: str, score_text: str, extra: str) -> list[str]:
    """What is wrong with a task's name, score and the rest of its line, in that order."""
    problems = []
    if not name:
        problems.append(f"the task {_quote(line)} has no name before its ':'")
    elif len(name) > _MAX_NAME:
        problems.append(_too_long("task name", name, _MAX_NAME))
    score_problem = _score_problem(score_text, line)
    if score_problem:
        problems.append(score_problem)
    if extra:
        problems.append(f"{_quote(line)} has text after a third ':' ({_quote(extra)}), which Mermaid ignores; remove "
                        "it, or write #58; for a ':' inside a name")
    return problems


def _score_problem(score_text: str, line: str) -> str | None:
    """Why a task's score is not one (missing, not a number, outside 1…5); None for a good score."""
    if not score_text:
        return f"the task {_quote(line)} has no score; {_SCORE_RANGE}"
    if not _SCORE.fullmatch(score_text):
        return f"the score {_quote(score_text)} in {_quote(line)} is not a number; {_SCORE_RANGE}"
    if not 1 <= float(score_text) <= 5:
        return (f"the score {score_text} in {_quote(line)} is outside 1 to 5; Mermaid draws scores from 1 (worst) to "
                "5 (best)")
    return None


def _quote(text: str) -> str:
    text = text if len(text) <= _QUOTE_LENGTH else text[: _QUOTE_LENGTH - 1] + "…"
    return "'" + text + "'"


def _too_long(what: str, text: str, limit: int) -> str:
    return f"the {what} {_quote(text)} is {len(text)} characters long; a journey allows at most {limit}"
