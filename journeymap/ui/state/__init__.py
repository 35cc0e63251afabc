"""What one browser tab remembers (``st.session_state``), and every change to the open journey.

Nothing here lives at module level: each browser session has its own state, set to its defaults once
by :func:`init_state` (every key and default: :data:`~journeymap.ui.state.session.DEFAULTS`). The open
journey is always one in the store (the workspace folder or a database, :mod:`.store`); :func:`apply_edit` replays an edit on the newest version on
disk and saves it at once (writing only what a form changed, see :mod:`journeymap.store.edits.forms`),
:func:`sync_with_disk` picks up what another tab saved, and :func:`undo` / :func:`redo` step through
this tab's own edits. A full disk or a read-only workspace is a message, never a traceback.

The parts: :mod:`.session` (keys, defaults, messages), :mod:`.selection` (the touchpoint open for
editing), :mod:`.opening` (what is put on screen), :mod:`.disk` (following other tabs) and
:mod:`.changes` (edits, undo, redo).
"""

from journeymap.ui.state.changes import UNDO_LIMIT, Outcome, apply_edit, redo, restore_revision, undo
from journeymap.ui.state.disk import STORE_SCOPE, changed_on_disk, sync_with_disk
from journeymap.ui.state.opening import open_file, open_first_journey, open_journey, remove_current
from journeymap.ui.state.store import AUTHOR_LIMIT, AUTHOR_QUERY_KEY, author, author_problem, in_database, saved_names, store
from journeymap.ui.state.selection import map_dialog, open_from_map, select_touchpoint, selected_touchpoint
from journeymap.ui.state.session import (
    clear_problems,
    current,
    editor_version,
    folder,
    init_state,
    notify,
    pop_notices,
    problems,
    revision,
    revision_of,
    set_problems,
    thresholds,
    workspace_problem,
)

__all__ = [
    "AUTHOR_LIMIT",
    "AUTHOR_QUERY_KEY",
    "STORE_SCOPE",
    "UNDO_LIMIT",
    "Outcome",
    "apply_edit",
    "author",
    "author_problem",
    "changed_on_disk",
    "clear_problems",
    "current",
    "editor_version",
    "folder",
    "in_database",
    "init_state",
    "map_dialog",
    "notify",
    "open_file",
    "open_first_journey",
    "open_from_map",
    "open_journey",
    "pop_notices",
    "problems",
    "redo",
    "remove_current",
    "restore_revision",
    "revision",
    "revision_of",
    "saved_names",
    "select_touchpoint",
    "selected_touchpoint",
    "set_problems",
    "store",
    "sync_with_disk",
    "thresholds",
    "undo",
    "workspace_problem",
]
