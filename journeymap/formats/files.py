"""Files on disk: reading one within the size limit, writing one atomically.

A save goes to a temporary file in the same folder, which then replaces the target in one step,
so a crash or a full disk never leaves half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from journeymap.errors import JourneyFileError, Problem

__all__ = ["MAX_FILE_BYTES", "read_file_bytes", "too_large", "write_atomically"]

#: Largest journey file read (20 MB): ten thousand richly annotated touchpoints fit in about 6 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to read as a journey, at most MAX_FILE_BYTES; a missing, unreadable or
    too large file is a :class:`JourneyFileError` that says which."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise JourneyFileError([too_large(size)], source)
        return path.read_bytes()
    except JourneyFileError:
        raise
    except IsADirectoryError:
        raise JourneyFileError([Problem("", "is a folder, not a journey file")], source) from None
    except FileNotFoundError:
        raise JourneyFileError([Problem("", "no such file")], source) from None
    except OSError as error:
        raise JourneyFileError([Problem("", f"cannot be read: {error.strerror or error}")], source) from None


def _process_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import (os.umask can only be read by setting it, which is not thread-safe later).
_FILE_MODE = 0o666 & ~_process_umask()


def write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a saved journey or export is an ordinary file
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else _FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def too_large(size: int) -> Problem:
    return Problem(
        "",
        f"is {size / 1024 / 1024:.1f} MB; journeymap reads files up to {MAX_FILE_BYTES // 1024 // 1024} MB",
    )
