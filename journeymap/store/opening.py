"""Opening a store from where it is (a folder or a database URL), and copying one store into another.

``journeymap store copy`` moves a team's journeys, every revision with its time, author and summary,
from the workspace folder into a database, or from one database to another. The copy writes
revisions with the times they were first saved, through a hook each backend that can take them
offers (:class:`RevisionImport`); the public :class:`~journeymap.store.backend.JourneyStore` has no
such operation, since no one else should write history after the fact.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple, Protocol, runtime_checkable

from journeymap.errors import JourneyMapError
from journeymap.store.backend import JourneyNotFound, JourneyStore, Revision, StoredJourney

__all__ = ["DATABASE_ENV", "Copied", "RevisionImport", "copy_store", "is_database_url", "open_store"]

#: The database the app and the command line use when none is named.
DATABASE_ENV = "JOURNEYMAP_DATABASE_URL"
_DATABASE_SCHEMES = ("sqlite:", "postgresql")


def is_database_url(location: str | Path) -> bool:
    """Whether ``location`` names a database (``sqlite:…``, ``postgresql…``) rather than a folder.

    Examples
    --------
    >>> is_database_url("sqlite:///team.db"), is_database_url("postgresql+psycopg://db/jm"), is_database_url("journeys")
    (True, True, False)
    """
    return isinstance(location, str) and location.startswith(_DATABASE_SCHEMES)


def open_store(location: str | Path | None, environment: Mapping[str, str] = os.environ) -> JourneyStore:
    """The store at ``location``: a database URL opens a :class:`~journeymap.store.sql.SqlStore`, anything
    else is a folder; ``None`` is ``$JOURNEYMAP_DATABASE_URL`` if set, else the workspace folder.

    Examples
    --------
    >>> import tempfile
    >>> store = open_store(f"sqlite:///{tempfile.mkdtemp()}/team.db")
    >>> type(store).__name__, store.names()
    ('SqlStore', [])
    >>> store.close()
    """
    if location is None:
        location = environment.get(DATABASE_ENV) or None
    if location is None:
        from journeymap.store.workspace import workspace_folder

        location = workspace_folder(dict(environment))
    if is_database_url(location):
        from journeymap.store.sql import SqlStore  # SQLAlchemy is loaded only when a database is used

        return SqlStore(str(location))
    from journeymap.store.folder import FolderStore

    return FolderStore(Path(location))


@runtime_checkable
class RevisionImport(Protocol):
    """A store that can append a revision with the time, author and summary it was first saved with."""

    def _import_revision(self, name: str, text: str, revision: Revision) -> StoredJourney:
        ...


class Copied(NamedTuple):
    """What :func:`copy_store` copied."""

    journeys: int
    revisions: int


def copy_store(source: JourneyStore, target: JourneyStore) -> Copied:
    """Copy every journey of ``source`` into ``target`` with its whole history, oldest revision first.

    Refuses, before writing anything, a target that cannot take revisions with their times or that
    already has a journey of the same name (removed ones included: their history would mix).
    Journeys removed from ``source`` are not copied.
    """
    if not isinstance(target, RevisionImport):
        raise JourneyMapError(f"journeymap cannot copy into {target.describe()} yet: it cannot keep the "
                              "times of revisions. Copy into a database (sqlite:///FILE or postgresql+psycopg://…).")
    names = source.names()
    _refuse_names_taken(names, target)
    revisions = 0
    for name in names:
        for revision in reversed(source.history(name)):  # oldest first, so the numbers come out the same
            stored = source.load_revision(name, revision.number)
            target._import_revision(name, stored.text, revision)
            revisions += 1
    return Copied(len(names), revisions)


def _refuse_names_taken(names: list[str], target: JourneyStore) -> None:
    taken = []
    for name in names:
        try:
            target.history(name)
        except JourneyNotFound:
            continue
        taken.append(name)
    if taken:
        listed = ", ".join(f"'{name}'" for name in taken)
        raise JourneyMapError(f"{target.describe()} already has journeys named {listed}; nothing was copied. "
                              "Copy into an empty store, or remove those first.")
