"""Every change to the open journey: an edit replayed on the newest saved version, undo and redo.

No failure reaches the screen as a traceback: a refused edit says why, an edit of a field another tab
changed meanwhile is refused saying what that tab set (and the newest version comes on screen), and a
disk that says no (full, read-only) is said in plain words with the screen left as it was.
"""

from __future__ import annotations

import enum

import streamlit as st

from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.json_file import loads
from journeymap.model import Journey
from journeymap.model.validation import journey_from_data, journey_to_data
from journeymap.store.backend import JourneyNotFound, StoreUnavailable
from journeymap.store.edits import Data, Edit, EditConflict, describe_problem, field_message
from journeymap.ui.state.disk import changed_on_disk, let_go, removed_elsewhere, sync_with_disk
from journeymap.ui.state.session import clear_problems, current, messages, notify, set_problems, show
from journeymap.ui.state.store import author, store, unavailable

__all__ = ["UNDO_LIMIT", "Outcome", "apply_edit", "redo", "restore_revision", "undo"]


#: Edits a tab can undo; each keeps a copy of the journey text (tens of kB for a large map).
UNDO_LIMIT = 30


class Outcome(enum.Enum):
    """What became of an edit; only ``SAVED`` is true, so ``if apply_edit(...)`` reads as "if saved"."""

    SAVED = "saved"
    REFUSED = "refused"  # it breaks a rule, or what it edits is gone: the messages say why
    CONFLICT = "conflict"  # another tab changed a field it changes: the newest version is on screen now
    NOT_WRITTEN = "not written"  # the disk said no (full, read-only …): the screen is as it was

    def __bool__(self) -> bool:
        return self is Outcome.SAVED


def apply_edit(edit: Edit, scope: str, *, field_scope: bool = False) -> Outcome:
    """Apply an edit to the newest saved version of the journey, validate it and save it.

    A refused edit changes nothing and leaves its messages under ``scope`` (and, with
    ``field_scope``, per touchpoint field for the form). After a conflict (:class:`EditConflict`)
    the newest version is put on screen, so that saving again compares with what the other tab set.
    """
    opened = current()
    if opened is None:
        return Outcome.REFUSED
    removed = removed_elsewhere(opened)
    if removed is not None:  # saving would bring back a journey the team just removed
        let_go(f"“{opened.name}” was removed from the workspace in another tab, so this change was not "
               f"saved: {removed}.")
        return Outcome.REFUSED
    attempted: dict[str, Data] = {}

    def change(journey: Journey) -> Journey:
        attempted["data"] = edit(journey_to_data(journey))
        return journey_from_data(attempted["data"])

    try:
        based_on, saved = store().update(opened.name, change, author=author(), fallback=opened.journey)
    except EditConflict as error:
        _refused(error.problems, {}, scope, field_scope)
        sync_with_disk()
        return Outcome.CONFLICT
    except JourneyFileError as error:
        if error.source:  # about the file, not the edit: a link where the journey's file belongs
            set_problems(scope, [f"Could not save: {line}" for line in error.lines()])
        else:
            _refused(error.problems, attempted.get("data", {}), scope, field_scope)
        return Outcome.REFUSED
    except (JourneyNotFound, KeyError, StopIteration, ValueError):  # it edits something another tab just deleted
        set_problems(scope, ["That changed in another tab meanwhile; the map now shows the latest version."])
        return Outcome.REFUSED
    except StoreUnavailable as error:  # a full disk, a folder made read-only, a database away: keep the screen
        set_problems(scope, [unavailable(error, "save")])
        return Outcome.NOT_WRITTEN
    st.session_state["workspace_problem"] = None  # it saves again: whatever the start found is fixed
    before = opened.text if based_on is None else based_on.text
    if before != saved.text:
        _push(st.session_state["undo_stack"], before)
        st.session_state["redo_stack"] = []
    clear_problems(scope)
    if field_scope:
        st.session_state["field_problems"] = {}
    show(saved, fresh=False)
    return Outcome.SAVED


def _refused(found: list[Problem], data: Data, scope: str, field_scope: bool) -> None:
    """Leave the messages of a refused edit under ``scope`` (with ``field_scope``, each about a touchpoint
    field under that field of the form instead, not repeated below it)."""
    shown_at_fields = _field_problems(found) if field_scope else {}
    if field_scope:
        st.session_state["field_problems"] = shown_at_fields
    set_problems(scope, [describe_problem(problem, data) for problem in found
                         if not (field_scope and _field_of(problem) in shown_at_fields)])


def undo() -> None:
    """Go back to the journey as it was before this tab's last edit."""
    _step(st.session_state["undo_stack"], st.session_state["redo_stack"], "undo", "Undone.")


def redo() -> None:
    """Make again the edit this tab last undid."""
    _step(st.session_state["redo_stack"], st.session_state["undo_stack"], "redo", "Redone.")


def _step(source: list[str], target: list[str], action: str, message: str) -> None:
    """Save the newest text of ``source`` again, keeping what is on screen in ``target``; if it cannot be
    written, both stacks stay as they were, so the same Undo (or Redo) can be pressed again."""
    opened = current()
    if opened is None or not source:
        return
    if changed_on_disk():  # another tab saved since this tab's last change: keep its work
        set_problems("undo", ["Another tab changed this journey meanwhile, so undo here would throw that change "
                              "away. The screen now shows the latest version; undo starts again from here."])
        return
    text = source[-1]
    try:
        written = store().save(opened.name, loads(text), author=author())
    except StoreUnavailable as error:
        set_problems("undo", [unavailable(error, action, "Nothing is lost")])
        return
    except JourneyFileError as error:  # a link where the journey's file belongs
        set_problems("undo", [f"Could not {action}: {line}" for line in messages(error)])
        return
    source.pop()
    _push(target, opened.text)
    show(written, fresh=False)
    clear_problems()
    notify(message)


def restore_revision(name: str, number: int) -> None:
    """Save revision ``number`` of the open journey again as its newest revision, and show it.

    Nothing is lost: the version it replaces stays in the history, and Undo goes back to it (unless
    another tab saved meanwhile: undo then starts again from here, as after any change from elsewhere).
    """
    opened = current()
    if opened is None or opened.name != name:
        return
    others_saved = changed_on_disk()
    try:
        restored = store().restore(name, number, author=author())
    except StoreUnavailable as error:
        set_problems("history", [unavailable(error, "restore", "Nothing is lost")])
        return
    except (JourneyFileError, JourneyNotFound) as error:
        set_problems("history", [f"Could not restore: {line}" for line in messages(error)])
        return
    if others_saved:
        st.session_state["undo_stack"] = []
    else:
        _push(st.session_state["undo_stack"], opened.text)
    st.session_state["redo_stack"] = []
    show(restored, fresh=False)
    clear_problems("history")
    notify(f"Restored revision {number} as revision {restored.revision.number}.")


def _push(stack: list[str], text: str) -> None:
    stack.append(text)
    del stack[:-UNDO_LIMIT]


def _field_of(problem: Problem) -> str | None:
    """The touchpoint field a problem is about (``emotion``, ``automation.rule_based``), if any."""
    location = problem.location
    if location.startswith("touchpoints[") and "]." in location:
        return location.split("].", 1)[1]
    return None


def _field_problems(found: list[Problem]) -> dict[str, str]:
    """Messages by touchpoint field for the touchpoint form, shown right under the field."""
    by_field: dict[str, str] = {}
    for problem in found:
        field = _field_of(problem)
        if field is not None:
            by_field.setdefault(field, field_message(problem.message))
    return by_field
