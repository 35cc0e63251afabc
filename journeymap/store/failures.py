"""What goes wrong writing to the workspace folder (a full disk, a read-only folder …), in plain words.

The app saves every change at once, so any save, copy, move or lock can meet an ``OSError``. None of
them may reach the screen as a traceback: :func:`could_not` turns one into a sentence that says what
happened and what to do, and :func:`write_problem` finds out at the start of a session whether the
workspace can be written at all. No Streamlit here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

__all__ = ["FULL", "READ_ONLY", "could_not", "reason", "write_problem"]

#: Error numbers of a disk (or a quota) with no room left.
FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
#: Error numbers of a folder that may not be written.
READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def reason(error: OSError) -> tuple[str, str]:
    """What happened and what to do about it, for a failed write.

    Examples
    --------
    >>> reason(OSError(errno.ENOSPC, "No space left on device"))
    ('the disk is full', 'free some space and try again')
    >>> reason(OSError(errno.EROFS, "Read-only file system"))[0]
    'the workspace folder is read-only'
    """
    if error.errno in FULL:
        return "the disk is full", "free some space and try again"
    if error.errno == errno.EROFS:
        return ("the workspace folder is read-only",
                "start journeymap with --workspace pointing to a folder you can write to")
    if error.errno in READ_ONLY:
        return ("journeymap is not allowed to write in the workspace folder",
                "give it write access, or start it with --workspace pointing to a folder you can write to")
    return (error.strerror or str(error) or type(error).__name__).rstrip("."), "try again in a moment"


def could_not(action: str, error: OSError, kept: str = "Nothing typed is lost") -> str:
    """One sentence for a write that failed: what could not be done, why, and what to do.

    Examples
    --------
    >>> could_not("save", OSError(errno.ENOSPC, "No space left on device"))
    'Could not save: the disk is full. Nothing typed is lost: free some space and try again.'
    >>> could_not("undo", OSError(errno.EIO, "Input/output error"), "Nothing is lost")
    'Could not undo: Input/output error. Nothing is lost: try again in a moment.'
    """
    what, advice = reason(error)
    return f"Could not {action}: {what}. {kept}: {advice}."


def write_problem(folder: Path) -> OSError | None:
    """Why nothing can be saved in ``folder`` (a read-only folder, a full disk), or None if it can be.

    Writes and deletes a one-byte temporary file, as a save would (a leftover of a killed probe is
    named like a save's temporary file, so the next start deletes it). Checking permissions instead
    would say nothing of a full disk, and nothing at all when the app runs as root.
    """
    try:
        handle, name = tempfile.mkstemp(prefix=".journeymap-probe.", suffix=".tmp", dir=folder)
    except OSError as error:
        return error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(b"\n")
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        return error
    finally:
        with contextlib.suppress(OSError):  # a probe left behind is deleted at the next start
            Path(name).unlink(missing_ok=True)
    return None
