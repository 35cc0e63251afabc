"""The workspace folder where the app keeps the journeys a team builds; no Streamlit here.

Every journey open in the app is a file ``<workspace>/<name>.json``. Opening a sample or an upload
puts a copy there first, so the samples themselves are never changed. Writes go through
:func:`journeymap.formats.json_file.save` (atomic, keeps ``.bak``) under a lock, so two browser tabs saving at the
same moment never interleave, and each save records the file's modification time so that the app
notices a newer file written by another tab.
"""

from __future__ import annotations

import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.files import MAX_FILE_BYTES
from journeymap.formats.json_file import dumps, load, save
from journeymap.model import Journey

__all__ = [
    "DEFAULT_WORKSPACE",
    "MAX_UPLOAD_BYTES",
    "OPEN_ENV",
    "REMOVED_FOLDER",
    "SAMPLES_FOLDER",
    "WORKSPACE_ENV",
    "OpenedFile",
    "clean_interrupted_saves",
    "journey_path",
    "modified_ns",
    "read_journey",
    "read_upload",
    "read_uploads",
    "remove_journey",
    "removed_copies",
    "sample_files",
    "saved_names",
    "slug",
    "unique_name",
    "update_journey",
    "upload_name",
    "upload_names",
    "workspace_folder",
    "write_journey",
]

WORKSPACE_ENV = "JOURNEYMAP_WORKSPACE"
OPEN_ENV = "JOURNEYMAP_OPEN"
DEFAULT_WORKSPACE = "journeys"


def _samples_folder() -> Path:
    """The folder of the sample journeys shipped with journeymap.

    An installed wheel holds them as package data in ``journeymap/samples`` (the build maps the
    repository's ``sample_journeys/`` there, see pyproject.toml). A source checkout, and the
    editable install ``make`` does, has no such folder inside the package: there the samples are
    the repository's own ``sample_journeys/``.
    """
    packaged = resources.files("journeymap") / "samples"
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "sample_journeys"


SAMPLES_FOLDER = _samples_folder()
#: Uploads larger than this are refused before reading (same limit as journey files).
MAX_UPLOAD_BYTES = MAX_FILE_BYTES
#: Where removed journeys go, inside the workspace (not listed as saved journeys).
REMOVED_FOLDER = "removed"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
#: Temporary files of saves (``.NAME.json.XXXX.tmp``); one older than this was left by a save
#: that was killed, since every save renames its temporary file within moments.
_TEMPORARY = re.compile(r"^\..+\.tmp$")
INTERRUPTED_SAVE_AGE_S = 60.0
LOCK_FILE = ".journeymap.lock"


@dataclass(frozen=True)
class OpenedFile:
    """A journey as read from (or just written to) the workspace, with what identifies that version."""

    name: str
    journey: Journey
    text: str
    modified_ns: int


def workspace_folder(environment: dict[str, str] | None = None) -> Path:
    """The workspace folder (``$JOURNEYMAP_WORKSPACE``, else ``./journeys``), created if missing."""
    environment = os.environ if environment is None else environment
    folder = Path(environment.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sample_files(folder: Path | None = None) -> list[Path]:
    """The sample journeys shipped with journeymap (or in ``folder``), by name."""
    folder = SAMPLES_FOLDER if folder is None else folder
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def saved_names(folder: Path) -> list[str]:
    """Names of the journeys saved in the workspace, most recently changed first (links to files
    elsewhere are not journeys of the workspace and are left out)."""
    files = [path for path in folder.glob("*.json") if _NAME.match(path.stem) and not path.is_symlink()]
    files.sort(key=lambda path: (-path.stat().st_mtime_ns, path.stem))
    return [path.stem for path in files]


def slug(text: str, fallback: str = "journey", limit: int = 40) -> str:
    """A file name or id made from text: ASCII letters, digits and ``_``.

    Examples
    --------
    >>> slug("Café: order & pay!")
    'cafe_order_pay'
    >>> slug("***")
    'journey'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_").lower()[:limit].strip("_")
    return cleaned or fallback


def unique_name(base: str, taken: Callable[[str], bool]) -> str:
    """``base``, or ``base-2``, ``base-3`` … the first that is not taken.

    Examples
    --------
    >>> unique_name("diner", {"diner", "diner-2"}.__contains__)
    'diner-3'
    """
    if not taken(base):
        return base
    number = 2
    while taken(f"{base}-{number}"):
        number += 1
    return f"{base}-{number}"


def journey_path(folder: Path, name: str) -> Path:
    """The file of journey ``name`` in the workspace; refuses names that could leave the folder.

    Examples
    --------
    >>> journey_path(Path("/w"), "diner").as_posix()
    '/w/diner.json'
    >>> journey_path(Path("/w"), "../etc/passwd")
    Traceback (most recent call last):
    ...
    ValueError: '../etc/passwd' is not a journey name
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"{name!r} is not a journey name")
    return folder / f"{name}.json"


def modified_ns(path: Path) -> int | None:
    """The file's modification time in nanoseconds, or None if it does not exist."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def read_journey(folder: Path, name: str) -> OpenedFile:
    """Read a journey of the workspace; :class:`JourneyFileError` if it is missing or invalid."""
    path = journey_path(folder, name)
    _refuse_links(path)
    stamp = modified_ns(path)
    journey = load(path)
    return OpenedFile(name, journey, dumps(journey), stamp or 0)


def write_journey(folder: Path, name: str, journey: Journey) -> OpenedFile:
    """Save a journey into the workspace (atomic, keeps ``.bak``)."""
    path = journey_path(folder, name)
    with _locked(folder):
        _refuse_links(path, _backup(path))
        save(journey, path)
    return OpenedFile(name, journey, dumps(journey), modified_ns(path) or 0)


def update_journey(
    folder: Path, name: str, change: Callable[[Journey], Journey], fallback: Journey
) -> tuple[str, OpenedFile]:
    """Read the newest version on disk, apply ``change`` to it and save, all under the lock.

    Applying the change to what is on disk, not to what this browser tab last saw, is what keeps
    another tab's edits: each tab's edit is replayed on top of the other's. If the file is gone or
    no longer a valid journey (edited by hand), ``fallback`` (what this tab shows) is the base and
    the broken file is kept as ``.bak``. ``change`` raises :class:`JourneyFileError` to refuse;
    nothing is written then. Returns the text before the change (for undo) and the saved file.
    """
    path = journey_path(folder, name)
    with _locked(folder):
        _refuse_links(path, _backup(path))
        try:
            current = load(path)
        except JourneyFileError:
            current = fallback
        changed = change(current)
        save(changed, path)
    return dumps(current), OpenedFile(name, changed, dumps(changed), modified_ns(path) or 0)


def remove_journey(folder: Path, name: str) -> Path:
    """Take a journey out of the workspace: its file (and ``.bak``) move to ``removed/NAME-WHEN.json``.

    Nothing is deleted, so a journey removed by mistake can be uploaded again from there. Returns
    where it went; raises :class:`JourneyFileError` if there is no such journey.

    Examples
    --------
    >>> import tempfile
    >>> from journeymap.formats.json_file import loads
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_journey(folder, "diner", loads('{"title": "Diner", "stages": [{"id": "s", "name": "S"}]}'))
    >>> moved = remove_journey(folder, "diner")
    >>> saved_names(folder), moved.parent.name, moved.name.startswith("diner-")
    ([], 'removed', True)
    """
    with _locked(folder):
        return _move_to_removed(folder, name)


def _move_to_removed(folder: Path, name: str) -> Path:
    """:func:`remove_journey`'s move, for a caller that holds the workspace lock already."""
    path = journey_path(folder, name)
    removed = folder / REMOVED_FOLDER
    _refuse_links(path, _backup(path), removed)
    if not path.is_file():
        raise JourneyFileError([Problem("", "is no longer in the workspace")], name)
    removed.mkdir(exist_ok=True)
    stamped = unique_name(f"{name}-{time.strftime('%Y%m%d-%H%M%S')}",
                          lambda candidate: (removed / f"{candidate}.json").exists())
    target = removed / f"{stamped}.json"
    os.replace(path, target)
    backup = _backup(path)
    if backup.exists():
        os.replace(backup, target.with_name(target.name + ".bak"))
    return target


def clean_interrupted_saves(folder: Path, *, older_than_s: float = INTERRUPTED_SAVE_AGE_S) -> list[str]:
    """Delete the temporary files that saves killed halfway left in the workspace; their journey
    files are whole (a save replaces the file in one step), so only the leftovers go. Returns the
    names deleted. Runs under the workspace lock, so no save of the app is in progress.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / ".diner.json.k2x9.tmp").write_text("{")
    >>> clean_interrupted_saves(folder, older_than_s=0), sorted(p.name for p in folder.iterdir())
    (['.diner.json.k2x9.tmp'], ['.journeymap.lock'])
    """
    deleted: list[str] = []
    now = time.time()
    with _locked(folder):
        for path in folder.iterdir():
            if not _TEMPORARY.match(path.name) or path.is_symlink() or not path.is_file():
                continue
            try:
                if now - path.stat().st_mtime >= older_than_s:
                    path.unlink()
                    deleted.append(path.name)
            except OSError:  # gone already, or not ours to delete: a leftover, not a failure
                continue
    return sorted(deleted)


def _backup(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _refuse_links(*paths: Path) -> None:
    """Refuse to read or write through a symbolic link inside the workspace: a link could make the
    app read a file from elsewhere, or save, lock or move journeys outside the workspace."""
    for path in paths:
        if path.is_symlink():
            raise JourneyFileError(
                [Problem("", "is a link to somewhere outside the workspace; journeymap does not follow links "
                             "there. Replace the link with a copy of the file (or folder) itself")],
                path.name,
            )


def removed_copies(folder: Path, name: str) -> list[Path]:
    """Where journey ``name`` went each time it was removed from the workspace, newest first."""
    removed = folder / REMOVED_FOLDER
    pattern = re.compile(re.escape(name) + r"-\d{8}-\d{6}(-\d+)?\.json")
    copies = [path for path in removed.glob(f"{name}-*.json") if pattern.fullmatch(path.name)] if removed.is_dir() else []
    return sorted(copies, key=lambda path: path.stat().st_mtime_ns, reverse=True)


def read_upload(data: bytes, file_name: str = "upload.json") -> Journey:
    """Validate an uploaded file as a journey, in the format its name says (JSON, Mermaid, CSV, zip of
    CSV tables, Excel); every way it can be wrong is a :class:`JourneyFileError`.

    Examples
    --------
    >>> read_upload(b'{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}]}').title
    'Coffee'
    >>> read_upload(b"hello", "notes.json")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: notes.json: line 1, column 1: is not valid JSON: Expecting value
    >>> read_upload(b"hello", "notes.txt")
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: notes.txt: cannot read 'notes.txt': journeymap reads .json, .mmd, .csv, .zip, .xlsx
    """
    return read_uploads({file_name: data})


def upload_name(name: str) -> str:
    r"""An uploaded file's name made safe to show and to read the format from: what a browser sends
    is any text (a path, control characters, a NUL, thousands of characters), but only its
    extension and a default journey name are used. The same rules as journey names: ASCII letters,
    digits, ``_ . -``, no ``..``, at most 64 characters, keeping the extension.

    Examples
    --------
    >>> upload_name("C:\\Users\\ana\\../team\x00 café.connections.csv")
    'team_cafe.connections.csv'
    >>> upload_name("../../etc/passwd"), upload_name("\x07.json"), upload_name("x" * 500 + ".json")[-8:]
    ('passwd', 'upload.json', 'xxx.json')
    >>> len(upload_name("x" * 500 + ".json"))
    64
    """
    last = re.split(r"[/\\]", str(name))[-1]
    ascii_text = unicodedata.normalize("NFKD", last).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9_.-]+", "_", ascii_text))
    stem, dot, extension = cleaned.rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,8}", extension):
        stem, extension = cleaned, ""
    stem = stem.strip("._-")[:64 - len(extension) - 1].rstrip("._-") or "upload"
    return f"{stem}.{extension}" if extension else stem


def upload_names(names: list[str]) -> list[str]:
    """:func:`upload_name` of each, told apart where two come out the same (``team-2.csv``).

    Examples
    --------
    >>> upload_names(["a/team.csv", "b/team.csv", "team.connections.csv"])
    ['team.csv', 'team-2.csv', 'team.connections.csv']
    """
    safe: list[str] = []
    for name in names:
        cleaned = upload_name(name)
        stem, dot, extension = cleaned.rpartition(".") if "." in cleaned else (cleaned, "", "")
        safe.append(unique_name(stem, lambda candidate: f"{candidate}{dot}{extension}" in safe) + dot + extension)
    return safe


def read_uploads(files: Mapping[str, bytes]) -> Journey:
    """One journey from several uploaded files at once: the CSV tables of one journey, or one file.

    The files' names are made safe first (:func:`upload_name`), so messages quote them safely.
    """
    from journeymap.formats import UnknownFormatError, journey_from_files

    files = dict(zip(upload_names(list(files)), files.values(), strict=True))
    source = ", ".join(files)
    total = sum(len(data) for data in files.values())
    if total > MAX_UPLOAD_BYTES:
        raise JourneyFileError(
            [Problem("", f"is {total / 1024 / 1024:.1f} MB; the app opens journey files up to "
                         f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB")],
            source,
        )
    try:
        return journey_from_files(files)
    except UnknownFormatError as error:
        raise JourneyFileError([Problem("", str(error))], source) from None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the workspace, so read-change-write of two tabs never interleaves."""
    try:
        import fcntl
    except ImportError:  # Windows: atomic replace still keeps every file whole
        yield
        return
    lock = folder / LOCK_FILE
    try:  # O_NOFOLLOW: a lock file linked elsewhere must not create or lock a file out there
        descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as error:
        if lock.is_symlink():
            _refuse_links(lock)
        raise error
    with os.fdopen(descriptor, "r+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
