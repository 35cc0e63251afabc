"""What every store of journeys offers, whatever keeps them: a folder of files or a database.

A *store* keeps journeys by name, and every save of one as a new **revision**: its number (1, 2,
3, … per journey), when, who saved it (a display name) and a one-line summary of what changed.
Nothing is ever overwritten: restoring an old revision saves it again as the newest one.

Edits go through :meth:`JourneyStore.update`: the change is applied to the *newest* revision inside
one transaction (or under one lock), so two people editing at once never lose each other's work;
a change that cannot apply to the newest revision raises
:class:`~journeymap.errors.JourneyFileError` and nothing is saved. Every backend passes the same
test suite (tests/test_store.py).

No Streamlit here: the app and the command line both use these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, runtime_checkable

from journeymap.errors import JourneyMapError
from journeymap.model import Journey

__all__ = ["JourneyNotFound", "JourneyStore", "Revision", "StoreUnavailable", "StoredJourney"]


@dataclass(frozen=True)
class Revision:
    """One saved version of a journey.

    ``number`` counts the journey's saves from 1; ``saved_at`` is timezone-aware (UTC); ``author``
    is the display name given when saving ("" when none was given); ``summary`` is one line in
    plain words ("added 'Texts to reschedule'; emotion of 'Calls to book' -2 → -3").
    """

    number: int
    saved_at: datetime
    author: str
    summary: str


@dataclass(frozen=True)
class StoredJourney:
    """A journey as a store holds it: its name, the journey, its JSON text and which revision it is."""

    name: str
    journey: Journey
    text: str
    revision: Revision


class JourneyNotFound(JourneyMapError):
    """No journey (or no such revision of it) by that name in the store."""


class StoreUnavailable(JourneyMapError):
    """The store cannot be reached or written (a database that went away, a full disk, no permission).

    Its message is a plain sentence for the user; what they typed is kept by the caller. ``cause``
    is the disk's own error when that is what said no (a folder store), so that a caller can word
    the sentence for what the user was doing ("Could not undo: the disk is full. …").
    """

    def __init__(self, message: str, *, cause: OSError | None = None) -> None:
        super().__init__(message)
        self.cause = cause


@runtime_checkable
class JourneyStore(Protocol):
    """The operations every backend offers (see the module's description)."""

    def names(self) -> list[str]:
        """The names of the journeys in the store, sorted."""
        ...

    def load(self, name: str) -> StoredJourney:
        """The newest revision of the journey (:class:`JourneyNotFound` if there is none)."""
        ...

    def save(self, name: str, journey: Journey, *, author: str = "", summary: str | None = None) -> StoredJourney:
        """Save the journey as the newest revision (creating it if new); the summary is worked out if not given."""
        ...

    def update(self, name: str, change: Callable[[Journey], Journey], *, author: str = "",
               fallback: Journey | None = None) -> tuple[StoredJourney | None, StoredJourney]:
        """Apply ``change`` to the newest revision and save the result, in one transaction.

        ``fallback`` is the base when the journey is not in the store (yet, or any more). Returns the
        revision the change was applied to (``None`` when it was the fallback) and the new one.
        ``change`` raises :class:`~journeymap.errors.JourneyFileError` to refuse: nothing is saved.
        """
        ...

    def newest_number(self, name: str) -> int | None:
        """The number of the journey's newest revision, None when it is not in the store (never saved, or
        removed): a cheap way to notice that someone else saved it."""
        ...

    def history(self, name: str) -> list[Revision]:
        """Every revision of the journey, newest first (:class:`JourneyNotFound` if it has none)."""
        ...

    def load_revision(self, name: str, number: int) -> StoredJourney:
        """One revision of the journey, as it was saved."""
        ...

    def restore(self, name: str, number: int, *, author: str = "") -> StoredJourney:
        """Save revision ``number`` again as the newest revision; nothing is lost."""
        ...

    def remove(self, name: str, *, author: str = "") -> None:
        """Take the journey out of :meth:`names`; its history is kept (``save`` under the name brings it back)."""
        ...

    def describe(self) -> str:
        """Where the journeys are kept, for people: a folder's path, or a database URL without its password."""
        ...
