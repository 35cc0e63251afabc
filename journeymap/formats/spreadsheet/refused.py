"""What cannot be read at all: :class:`Refused`, carrying the problem that says why."""

from __future__ import annotations

from journeymap.errors import Problem
from journeymap.formats.files import MAX_FILE_BYTES

__all__ = ["Refused", "too_large_message"]


class Refused(Exception):
    """The input cannot be read at all; carries the problem saying why."""

    def __init__(self, *problems: Problem) -> None:
        self.problems = list(problems)
        super().__init__(problems)


def too_large_message(size: int) -> str:
    """The message for a file beyond the size journeymap reads."""
    return f"is {size / 1024 / 1024:.1f} MB; journeymap reads files up to {MAX_FILE_BYTES // 1024 // 1024} MB"
