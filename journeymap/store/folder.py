"""A store of journeys in the workspace folder, keeping every revision beside the journey's file.

:class:`FolderStore` is a :class:`~journeymap.store.backend.JourneyStore` on the layout the app
already uses, so an existing workspace keeps working as it is::

    diner.json                  the newest revision: what the app, `make run`, git and people read
    diner.json.bak              the revision before, as every save has kept it
    diner.history/000001.json   each revision's journey text as saved (an ordinary journey file)
    diner.history/000002.json
    diner.history/log.jsonl     one line per revision: number, saved_at (ISO, UTC), author, summary,
                                and the SHA-256 of its text
    removed/diner-20250304-140559.json   a removed journey's last file (its history stays)

Why this layout: ``diner.json`` stays where users, scripts and git expect it, always the newest text,
so nothing that reads the workspace today has to learn about history. Each revision is a whole
journey file that can be opened, diffed or copied back by hand; the log is small, so the history
lists without reading any journey, and it is only ever appended to, one line per revision.

A save writes, under the workspace lock (the same one the app's saves take), in this order:
``diner.json`` (atomically, keeping ``.bak``), then the revision file (atomically), then its log line
(appended and flushed to disk). The log line is what records a revision; a revision file without
one is a leftover and is written over. So a save killed at any moment leaves either a history that
agrees with ``diner.json``, or one that lacks the newest revision. A reader detects the second case
by comparing ``diner.json`` with the SHA-256 of the newest logged revision, and repairs it (under the
lock) by recording the file as the missing revision: its time the file's modification time, its
author unknown (""), its summary worked out again. The same repair records a save made through
:mod:`~journeymap.store.workspace`'s functions (which keep no history), a file edited by hand or pulled
with git, and a workspace from before history was kept (revision 1, "saved before history was kept").
A line cut short at the end of the log (a killed append) is ignored, and cut off before the next
line is appended. When the folder cannot be written (read-only), reading still works: the missing
revision is shown as it would be recorded, and is recorded by the first save that can write.

The app saves through this store (or a database's); :mod:`~journeymap.store.workspace`'s functions
stay as they are and keep no history. Nothing here imports Streamlit.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from journeymap.errors import JourneyFileError
from journeymap.formats.files import read_file_bytes, write_atomically
from journeymap.formats.json_file import dumps, loads, save
from journeymap.model import Journey
from journeymap.store.backend import JourneyNotFound, Revision, StoredJourney, StoreUnavailable
from journeymap.store.changes import BEFORE_HISTORY, change_summary, restored_summary
from journeymap.store.failures import could_not
from journeymap.store.workspace import _backup, _locked, _move_to_removed, _refuse_links, journey_path

__all__ = ["HISTORY_SUFFIX", "LOG_FILE", "FolderStore"]

#: The folder of a journey's revisions: ``<name>.history`` beside ``<name>.json``.
HISTORY_SUFFIX = ".history"
#: The log of a journey's revisions, in its history folder.
LOG_FILE = "log.jsonl"

Recording = Literal["yes", "if possible", "no"]


@dataclass(frozen=True)
class _Logged:
    """One line of the log: a revision, and the SHA-256 of its text."""

    revision: Revision
    sha256: str


@dataclass(frozen=True)
class _State:
    """A journey as the folder holds it: its logged revisions (oldest first), the newest revision
    (``diner.json``, None when there is none) and why that file could not be read, if it could not."""

    logged: list[_Logged]
    current: StoredJourney | None
    broken: JourneyFileError | None = None


class FolderStore:
    """The journeys of a workspace folder, with their history (see the module's description).

    Examples
    --------
    >>> import tempfile
    >>> from journeymap.formats.json_file import loads
    >>> store = FolderStore(Path(tempfile.mkdtemp()))
    >>> diner = loads('{"title": "Diner", "stages": [{"id": "s", "name": "Order"}]}')
    >>> store.save("diner", diner, author="Ana").revision.summary
    'created with no steps'
    >>> store.save("diner", diner.model_copy(update={"title": "Diner on 5th"})).revision.number
    2
    >>> [(revision.number, revision.author, revision.summary) for revision in store.history("diner")]
    [(2, '', 'title changed'), (1, 'Ana', 'created with no steps')]
    >>> store.names(), sorted(path.name for path in store.folder.iterdir() if not path.name.startswith("."))
    (['diner'], ['diner.history', 'diner.json', 'diner.json.bak'])
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        # name -> (checksum of a <name>.json written by hand or another tool, the logged revision it
        # was found to be): a cache of what the disk said, so the quick check works for such files too
        self._verified: dict[str, tuple[str, int]] = {}

    def describe(self) -> str:
        """The folder's path."""
        return str(self.folder)

    def names(self) -> list[str]:
        """The journeys in the folder, sorted (not the history folders, ``removed/``, or links)."""
        with _unavailable("list the journeys in the workspace", writing=False):
            try:
                entries = list(self.folder.iterdir())
            except FileNotFoundError:
                return []
            return sorted(path.stem for path in entries if path.suffix == ".json" and _is_name(path.stem)
                          and not path.is_symlink() and path.is_file())

    def load(self, name: str) -> StoredJourney:
        """The newest revision; :class:`JourneyNotFound` if none, ``JourneyFileError`` if the file is broken."""
        with self._reading(f"read journey '{name}'") as recording:
            state = self._state(name, recording)
        if state.broken is not None:
            raise state.broken
        if state.current is None:
            raise _not_found(name)
        return state.current

    def newest_number(self, name: str) -> int | None:
        """The newest revision's number (None when there is no ``<name>.json``); reads the log and the
        file, not the history's journeys. A broken file raises ``JourneyFileError`` as :meth:`load` does."""
        quick = self._logged_number_of_file(name)
        if quick is not None:
            return quick
        with self._reading(f"read journey '{name}'") as recording:
            state = self._state(name, recording)
        if state.broken is not None:
            raise state.broken
        return None if state.current is None else state.current.revision.number

    def _logged_number_of_file(self, name: str) -> int | None:
        """The newest logged number when ``<name>.json`` is that revision's text byte for byte; else None.

        The app asks on every rerun whether another tab saved; comparing a checksum answers without
        the lock or validating the journey (4.7 ms → well under 1 ms for a 28 kB journey). A save in
        between makes the two disagree, and the careful way under the lock answers instead.
        """
        with _unavailable(f"read journey '{name}'", writing=False):
            logged = self._logged(name)
            path = journey_path(self.folder, name)
            _refuse_links(path)
            if not logged:
                return None
            try:
                raw = read_file_bytes(path)
            except (FileNotFoundError, JourneyFileError):
                return None
        checksum, number = _sha256(raw), logged[-1].revision.number
        if logged[-1].sha256 == checksum or self._verified.get(name) == (checksum, number):
            return number
        return None

    def history(self, name: str) -> list[Revision]:
        """Every revision, newest first; kept when the journey is removed."""
        with self._reading(f"read the history of journey '{name}'") as recording:
            state = self._state(name, recording)
        if not state.logged:
            raise _not_found(name)
        return [entry.revision for entry in reversed(state.logged)]

    def load_revision(self, name: str, number: int) -> StoredJourney:
        """Revision ``number`` as it was saved."""
        with self._reading(f"read journey '{name}'") as recording:
            state = self._state(name, recording)
            if state.current is not None and state.current.revision.number == number:
                return state.current  # the newest, perhaps not recorded yet in a read-only folder
            return self._revision(name, _entry(state, name, number))

    def save(self, name: str, journey: Journey, *, author: str = "", summary: str | None = None) -> StoredJourney:
        """Save the journey as the newest revision; the summary is worked out if not given."""
        with self._writing("save"):
            state = self._state(name, "yes")
            return self._write(name, state, journey, author, summary, None)

    def update(self, name: str, change: Callable[[Journey], Journey], *, author: str = "",
               fallback: Journey | None = None) -> tuple[StoredJourney | None, StoredJourney]:
        """Apply ``change`` to the newest revision and save the result, all under the workspace lock.

        ``fallback`` is the base when the journey is not in the folder (or its file is no longer a
        valid journey: the broken file is kept as ``.bak``). ``change`` raises ``JourneyFileError``
        to refuse: nothing is saved then.
        """
        with self._writing("save"):
            state = self._state(name, "yes")
            if state.current is not None:
                base = state.current.journey
            elif fallback is not None:
                base = fallback
            else:
                raise state.broken or _not_found(name)
            changed = change(base)
            return state.current, self._write(name, state, changed, author, None, None)

    def restore(self, name: str, number: int, *, author: str = "") -> StoredJourney:
        """Save revision ``number`` again as the newest revision ("restored revision 3 (of …)")."""
        with self._writing("restore"):
            state = self._state(name, "yes")
            old = self._revision(name, _entry(state, name, number))
            summary = restored_summary(number, old.revision.saved_at)
            return self._write(name, state, old.journey, author, summary, None)

    def remove(self, name: str, *, author: str = "") -> None:
        """Move ``<name>.json`` (and ``.bak``) to ``removed/`` as the app does; the history stays.

        ``author`` is accepted for the interface; a removal is not a revision, so it is not recorded.
        """
        with self._writing("remove the journey"):
            state = self._state(name, "yes")  # the file's last text is in the history before it goes
            if state.current is None and state.broken is None:
                raise _not_found(name)
            _move_to_removed(self.folder, name)

    def _import_revision(self, name: str, text: str, revision: Revision) -> StoredJourney:
        """Append a revision with the metadata given (copying another store's history, oldest first).

        Not part of :class:`~journeymap.store.backend.JourneyStore`: the numbers continue this
        folder's (1, 2, 3 … for a journey new here), the time, author and summary are kept.
        """
        journey = loads(text, name)
        author, summary, saved_at = revision.author, revision.summary, revision.saved_at
        saved_at = saved_at if saved_at.tzinfo is not None else saved_at.replace(tzinfo=UTC)
        with self._writing("save"):
            state = self._state(name, "yes")
            return self._write(name, state, journey, author, summary, saved_at.astimezone(UTC))

    # ----- reading and repairing what the folder holds

    def _state(self, name: str, recording: Recording) -> _State:
        """The logged revisions and the newest, ``<name>.json`` recorded first if the log lacks it."""
        logged = self._logged(name)
        path = journey_path(self.folder, name)
        _refuse_links(path)
        if not path.is_file():
            return _State(logged, None)
        newest = logged[-1] if logged else None
        try:
            raw = read_file_bytes(path)
            journey = loads(raw, path.name)
        except JourneyFileError as error:
            return _State(logged, None, error)
        if newest is not None and newest.sha256 == _sha256(raw):
            # the file is the revision's text as logged: take it as it is (writing the journey out again
            # to compare took three times as long as reading it)
            return _State(logged, StoredJourney(name, journey, raw.decode("utf-8-sig"), newest.revision))
        text = dumps(journey)
        if newest is not None and newest.sha256 == _sha256(text.encode("utf-8")):
            self._verified[name] = (_sha256(raw), newest.revision.number)  # the same journey, written otherwise
            return _State(logged, StoredJourney(name, journey, text, newest.revision))
        # not in the log: written by the app, by hand or git, or by a save killed before its log line
        revision = Revision(newest.revision.number + 1 if newest else 1, _modified(path), "",
                            self._summary_of_unlogged(name, newest, journey))
        entry = _Logged(revision, _sha256(text.encode("utf-8")))
        if recording != "no":
            try:
                self._record(name, text, entry)
            except OSError:
                if recording == "yes":
                    raise
        return _State([*logged, entry], StoredJourney(name, journey, text, revision))

    def _summary_of_unlogged(self, name: str, newest: _Logged | None, journey: Journey) -> str:
        if newest is not None:
            return change_summary(self._revision(name, newest).journey, journey)
        # a history folder with no revision logged: the first save of a new journey was cut short
        return change_summary(None, journey) if self._history(name).is_dir() else BEFORE_HISTORY

    def _logged(self, name: str) -> list[_Logged]:
        """The log's revisions, oldest first: each complete line that reads, numbers rising."""
        history = self._history(name)
        log = history / LOG_FILE
        _refuse_links(history, log)
        try:
            data = log.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return []
        logged: list[_Logged] = []
        for line in data.split(b"\n")[:-1]:  # what follows the last line break was cut short
            entry = _parsed(line)
            if entry is not None and (not logged or entry.revision.number > logged[-1].revision.number):
                logged.append(entry)
        return logged

    def _revision(self, name: str, entry: _Logged) -> StoredJourney:
        path = self._revision_file(name, entry.revision.number)
        _refuse_links(path)
        journey = loads(read_file_bytes(path), f"{name}{HISTORY_SUFFIX}/{path.name}")
        return StoredJourney(name, journey, dumps(journey), entry.revision)

    # ----- writing

    def _write(self, name: str, state: _State, journey: Journey, author: str, summary: str | None,
               saved_at: datetime | None) -> StoredJourney:
        """Save ``journey`` as the revision after the newest logged one: the file, then the history."""
        if summary is None:
            previous = state.current.journey if state.current is not None else (
                self._revision(name, state.logged[-1]).journey if state.logged else None)
            summary = change_summary(previous, journey)
        number = state.logged[-1].revision.number + 1 if state.logged else 1
        revision = Revision(number, saved_at or datetime.now(UTC), author, summary)
        text = dumps(journey)
        path = journey_path(self.folder, name)
        history = self._history(name)
        _refuse_links(path, _backup(path), history)
        history.mkdir(exist_ok=True)  # before the file: a first save cut short is then told apart
        save(journey, path)
        self._record(name, text, _Logged(revision, _sha256(text.encode("utf-8"))))
        return StoredJourney(name, journey, text, revision)

    def _record(self, name: str, text: str, entry: _Logged) -> None:
        """Write the revision's file, then its log line (which is what records it)."""
        history = self._history(name)
        revision_file = self._revision_file(name, entry.revision.number)
        log = history / LOG_FILE
        _refuse_links(history, revision_file, log)
        history.mkdir(exist_ok=True)
        write_atomically(revision_file, text.encode("utf-8"))
        _append_line(log, _line(entry))

    def _history(self, name: str) -> Path:
        path = journey_path(self.folder, name)
        return path.with_name(name + HISTORY_SUFFIX)

    def _revision_file(self, name: str, number: int) -> Path:
        return self._history(name) / f"{number:06d}.json"

    @contextmanager
    def _writing(self, action: str) -> Iterator[None]:
        """The workspace lock for a change, every ``OSError`` in it a plain sentence."""
        with _unavailable(action, writing=True):
            self.folder.mkdir(parents=True, exist_ok=True)
            with _locked(self.folder):
                yield

    @contextmanager
    def _reading(self, action: str) -> Iterator[Recording]:
        """The workspace lock for a read, if it can be taken (a read-only folder is still read)."""
        with _unavailable(action, writing=False), ExitStack() as stack:
            recording: Recording = "if possible"
            try:
                stack.enter_context(_locked(self.folder))
            except OSError:
                recording = "no"  # without the lock, a repair could race a save of another process
            yield recording


def _append_line(log: Path, line: bytes) -> None:
    """Append one line to the log and flush it to disk, cutting off first a line a killed save left half written."""
    descriptor = os.open(log, os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o666)
    with os.fdopen(descriptor, "r+b") as stream:
        size = stream.seek(0, os.SEEK_END)
        if size:
            stream.seek(size - 1)
            if stream.read(1) != b"\n":
                stream.seek(0)
                stream.truncate(stream.read().rfind(b"\n") + 1)
        stream.write(line)
        stream.flush()
        os.fsync(stream.fileno())


def _line(entry: _Logged) -> bytes:
    revision = entry.revision
    data = {"number": revision.number, "saved_at": revision.saved_at.isoformat(), "author": revision.author,
            "summary": revision.summary, "sha256": entry.sha256}
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _parsed(line: bytes) -> _Logged | None:
    """A log line as a revision, or None if it is not one (edited by hand, or cut short).

    Examples
    --------
    >>> _parsed(b'{"number": 2, "saved_at": "2025-03-04T14:05:00+00:00", "author": "Ana", '
    ...         b'"summary": "title changed", "sha256": "ab"}').revision.saved_at.tzname()
    'UTC'
    >>> _parsed(b'{"number": 2, "saved_at": "2025-03-04T14:0') is None
    True
    """
    try:
        data = json.loads(line)
        number, saved_at = data["number"], datetime.fromisoformat(data["saved_at"])
        author, summary, sha256 = data["author"], data["summary"], data["sha256"]
    except (ValueError, KeyError, TypeError):
        return None
    if not (type(number) is int and number >= 1 and all(isinstance(v, str) for v in (author, summary, sha256))):
        return None
    saved_at = saved_at.replace(tzinfo=UTC) if saved_at.tzinfo is None else saved_at.astimezone(UTC)
    return _Logged(Revision(number, saved_at, author, summary), sha256)


def _entry(state: _State, name: str, number: int) -> _Logged:
    for entry in state.logged:
        if entry.revision.number == number:
            return entry
    raise JourneyNotFound(f"Journey '{name}' has no revision {number}.")


def _not_found(name: str) -> JourneyNotFound:
    return JourneyNotFound(f"There is no journey called '{name}' in the workspace.")


def _is_name(stem: str) -> bool:
    try:
        journey_path(Path(), stem)
    except ValueError:
        return False
    return True


def _modified(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime_ns / 1e9, UTC)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _unavailable(action: str, *, writing: bool) -> Iterator[None]:
    """An ``OSError`` (a full disk, a read-only folder, a folder that is a file) as :class:`StoreUnavailable`."""
    try:
        yield
    except OSError as error:
        if writing:
            raise StoreUnavailable(could_not(action, error), cause=error) from None
        what = (error.strerror or str(error) or type(error).__name__).rstrip(".")
        raise StoreUnavailable(f"Could not {action}: {what}. Nothing is lost: try again in a moment.",
                               cause=error) from None
