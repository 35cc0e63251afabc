"""The exceptions journeymap raises: one tree, rooted at :class:`JourneyMapError`."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["JourneyMapError", "JourneyFileError", "EventLogError", "Problem", "SurveyError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a journey: where it is and what was expected.

    ``location`` reads like a path into the file (``touchpoints[3].emotion``) or names the
    touchpoint (``touchpoint 'pay'``); it is empty when the problem concerns the whole file.
    """

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class JourneyMapError(Exception):
    """Base class of every error journeymap raises on purpose."""


class JourneyFileError(JourneyMapError):
    """A journey file (or text, or edited data) that is not a valid journey.

    Carries every problem found, each with its location, so that a user can fix them all at once.
    """

    def __init__(self, problems: list[Problem], source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.describe())

    def lines(self) -> list[str]:
        """One line per problem, each starting with the file name when there is one."""
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{problem}" for problem in self.problems]

    def describe(self) -> str:
        return "\n".join(self.lines())


class SurveyError(JourneyFileError):
    """A table of survey answers that cannot be brought into a journey (``journeymap calibrate``).

    Carries every problem found, each located by its row as a spreadsheet numbers it (``row 14``, the
    heading row being row 1), or none when it concerns the whole file (empty, binary, no score column).
    """


class EventLogError(JourneyFileError):
    """An event log (or the mapping file that goes with it) that cannot be mined into a journey
    (``journeymap mine``).

    Carries every problem found, each located by its row (``row 7``, counting the header as row 1,
    as a spreadsheet shows it), its line (an XES file), or the column concerned.
    """
