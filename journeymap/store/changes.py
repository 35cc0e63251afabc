"""What changed between two versions of a journey, in one line of plain words.

Every revision a store keeps carries such a line, so a team reading the history sees at a glance
what each save did: "added 'Texts to reschedule'; emotion of 'Calls to book' -2 → -3". Steps,
stages and connections are matched by id (a connection by its two ends and kind), not by their
place in the file, and the items always come in the same order: steps, connections, stages, then
the journey's own fields and the persona; within each, by name. A step is named by its newest name.
Emotions read as everywhere else (:func:`~journeymap.vocabulary.signed_text`), shares as
percentages. Names are quoted as typed (the line is shown as plain text, never as markup); only a
very long name is shortened, and line breaks in it become spaces, so that the line stays one line of
at most :data:`MAX_LENGTH` characters. No Streamlit here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, NamedTuple

from journeymap.model import Journey
from journeymap.model.journey import Stage, Touchpoint
from journeymap.vocabulary import percent_text, signed_text

__all__ = ["BEFORE_HISTORY", "MAX_ITEMS", "MAX_LENGTH", "NO_CHANGE", "change_summary", "restored_summary"]

#: The summary of a revision that changed nothing.
NO_CHANGE = "no change"
#: The summary of the first revision of a journey saved before its store kept history.
BEFORE_HISTORY = "saved before history was kept"
#: At most this many changes are named; the rest are counted ("and 3 more changes").
MAX_ITEMS = 4
#: A summary is never longer than this.
MAX_LENGTH = 200
#: A name longer than this is shortened in a summary (names may have 120 characters).
_NAME_LENGTH = 40
#: Steps added (or removed) at once named one by one up to this many; more are counted.
_NAMED_AT_ONCE = 3

#: A touchpoint's fields in the words of the app's forms and tables; the others read as their name.
_STEP_WORDS = {"staff_emotion": "staff emotion", "staff_minutes": "staff minutes", "entry_share": "entry share",
               "automation": "automation traits", "pain_points": "pain points", "ratings": "the room's ratings",
               "survey": "the survey answers"}
#: The journey's own fields and the persona's (as the "Journey details and persona" form calls them).
_JOURNEY_WORDS = {"title": "title", "description": "description", "customers_per_week": "customers per week"}
_PERSONA_WORDS = {"name": "persona's name", "description": "persona's description", "goals": "persona's goals",
                  "needs": "persona's needs"}


class _Item(NamedTuple):
    """One change: its place in the summary (group, then name) and its words."""

    group: int
    key: tuple[str, ...]
    text: str


def change_summary(before: Journey | None, after: Journey) -> str:
    """One line saying what changed from ``before`` to ``after`` (``before`` None: a new journey).

    Examples
    --------
    >>> from journeymap.formats.json_file import loads
    >>> def journey(steps, title="Clinic"):
    ...     return loads('{"title": "%s", "stages": [{"id": "s", "name": "Book"}], "touchpoints": [%s]}' % (
    ...         title, ", ".join('{"id": "%s", "name": "%s", "stage": "s", "emotion": %s}' % step for step in steps)))
    >>> calls = ("calls", "Calls to book", -2)
    >>> change_summary(None, journey([calls]))
    'created with 1 step'
    >>> change_summary(journey([calls]), journey([("calls", "Calls to book", -3), ("texts", "Texts to reschedule", 0)]))
    "added 'Texts to reschedule'; emotion of 'Calls to book' -2 → -3"
    >>> change_summary(journey([calls]), journey([calls], title="Dental clinic"))
    'title changed'
    >>> change_summary(journey([calls]), journey([calls]))
    'no change'
    """
    if before is None:
        count = len(after.touchpoints)
        return "created with " + ("no steps" if count == 0 else _counted(count, "step"))
    items = [*_step_items(before, after), *_connection_items(before, after), *_stage_items(before, after),
             *_journey_items(before, after)]
    return _joined(sorted(items)) if items else NO_CHANGE


def restored_summary(number: int, saved_at: datetime) -> str:
    """The summary of a revision that restores an earlier one (the same words in every store).

    Examples
    --------
    >>> from datetime import timezone
    >>> restored_summary(3, datetime(2025, 3, 4, 14, 5, 59, tzinfo=timezone.utc))
    'restored revision 3 (of 2025-03-04 14:05 UTC)'
    """
    return f"restored revision {number} (of {saved_at.strftime('%Y-%m-%d %H:%M')} UTC)"


def _step_items(before: Journey, after: Journey) -> Iterator[_Item]:
    """Steps added, removed, renamed, moved, changed field by field, and put in another order."""
    old = {step.id: step for step in before.touchpoints}
    new = {step.id: step for step in after.touchpoints}
    added = [step.name for step in after.touchpoints if step.id not in old]
    removed = [step.name for step in before.touchpoints if step.id not in new]
    if added:
        yield _Item(0, (), "added " + _names_or_count(added, "step"))
    if removed:
        yield _Item(1, (), "removed " + _names_or_count(removed, "step"))
    stage_names = {stage.id: stage.name for stage in after.stages}
    for step_id in new.keys() & old.keys():
        yield from _one_step_items(old[step_id], new[step_id], stage_names)
    kept_before = [step_id for step_id in old if step_id in new]
    kept_after = [step_id for step_id in new if step_id in old]
    if kept_before != kept_after:
        yield _Item(5, (), "steps put in another order")


def _one_step_items(old: Touchpoint, new: Touchpoint, stage_names: dict[str, str]) -> Iterator[_Item]:
    """The changes to one step, each field its own item, in the order of the step's fields."""
    name = _quoted(new.name)
    key = (new.name.casefold(), new.id)
    for position, field in enumerate(Touchpoint.model_fields):
        was, now = getattr(old, field), getattr(new, field)
        if was == now:
            continue
        if field == "name":
            yield _Item(2, key, f"renamed {_quoted(old.name)} to {name}")
        elif field == "stage":
            yield _Item(4, key, f"moved {name} to stage {_quoted(stage_names.get(now, now))}")
        elif field == "goal":
            yield _Item(3, (*key, f"{position:02}"), f"{name} marked as a goal" if now else f"{name} no longer a goal")
        else:
            words = _STEP_WORDS.get(field, field.replace("_", " "))
            shown = _STEP_VALUES.get(field)
            change = f" {shown(was)} → {shown(now)}" if shown else " changed"
            yield _Item(3, (*key, f"{position:02}"), f"{words} of {name}{change}")


def _emotion(value: float | None) -> str:
    return "not known" if value is None else signed_text(value)


def _number(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def _share(value: float | None) -> str:
    return "none" if value is None else percent_text(value)


#: How a field's old and new values are shown; a field not here reads "… changed" (texts, lists).
_STEP_VALUES: dict[str, Callable[[Any], str]] = {
    "emotion": _emotion, "staff_emotion": _emotion, "friction": _number, "staff_minutes": _number,
    "entry_share": _share, "lane": str, "evidence": str}


def _connection_items(before: Journey, after: Journey) -> Iterator[_Item]:
    """Connections added, removed or changed (matched by their two ends: two steps have at most one
    connection each way), or only put in another order."""
    old = {(c.from_, c.to): c for c in before.connections}
    new = {(c.from_, c.to): c for c in after.connections}
    added = sorted(new.keys() - old.keys())
    removed = sorted(old.keys() - new.keys())
    changed = sorted(ends for ends in new.keys() & old.keys() if new[ends] != old[ends])
    names = {**{step.id: step.name for step in before.touchpoints}, **{step.id: step.name for step in after.touchpoints}}
    for group, ends, verb in ((6, added, "added"), (7, removed, "removed"), (8, changed, "changed")):
        if len(ends) == 1:
            start, end = (_quoted(names.get(step_id, step_id)) for step_id in ends[0])
            yield _Item(group, (), f"connection {start} → {end} {verb}")
        elif ends:
            yield _Item(group, (), f"{_counted(len(ends), 'connection')} {verb}")
    if not (added or removed or changed) and list(old) != list(new):
        yield _Item(9, (), "connections put in another order")


def _stage_items(before: Journey, after: Journey) -> Iterator[_Item]:
    """Stages added, removed, renamed, described differently, or put in another order."""
    old = {stage.id: stage for stage in before.stages}
    new = {stage.id: stage for stage in after.stages}
    for stage in after.stages:
        key = (stage.name.casefold(), stage.id)
        if stage.id not in old:
            yield _Item(10, key, f"added stage {_quoted(stage.name)}")
        else:
            yield from _one_stage_items(old[stage.id], stage, key)
    for stage in before.stages:
        if stage.id not in new:
            yield _Item(11, (stage.name.casefold(), stage.id), f"removed stage {_quoted(stage.name)}")
    if [i for i in old if i in new] != [i for i in new if i in old]:
        yield _Item(13, (), "stages put in another order")


def _one_stage_items(old: Stage, new: Stage, key: tuple[str, ...]) -> Iterator[_Item]:
    if old.name != new.name:
        yield _Item(12, key, f"renamed stage {_quoted(old.name)} to {_quoted(new.name)}")
    if old.description != new.description:
        yield _Item(12, (*key, "description"), f"description of stage {_quoted(new.name)} changed")


def _journey_items(before: Journey, after: Journey) -> Iterator[_Item]:
    """The journey's title, description and customers per week; the persona, field by field."""
    for position, (field, words) in enumerate(_JOURNEY_WORDS.items()):
        was, now = getattr(before, field), getattr(after, field)
        if was != now:
            change = f" {_number(was)} → {_number(now)}" if field == "customers_per_week" else " changed"
            yield _Item(14, (f"{position:02}",), words + change)
    if before.persona is None or after.persona is None:
        if before.persona != after.persona:
            yield _Item(15, (), "persona added" if before.persona is None else "persona removed")
        return
    for position, (field, words) in enumerate(_PERSONA_WORDS.items()):
        if getattr(before.persona, field) != getattr(after.persona, field):
            yield _Item(15, (f"{position:02}",), f"{words} changed")


def _joined(items: list[_Item]) -> str:
    """The items' words, at most MAX_ITEMS of them and MAX_LENGTH characters, the rest counted."""
    shown = min(len(items), MAX_ITEMS)
    while True:
        rest = len(items) - shown
        texts = [item.text for item in items[:shown]]
        if rest:
            texts.append(f"and {rest} more {'change' if rest == 1 else 'changes'}")
        text = "; ".join(texts)
        if len(text) <= MAX_LENGTH or shown == 1:
            return text
        shown -= 1


def _names_or_count(names: list[str], word: str) -> str:
    """'A', 'A' and 'B', 'A', 'B' and 'C', or "5 steps": a few by name, many counted."""
    if len(names) > _NAMED_AT_ONCE:
        return _counted(len(names), word)
    quoted = sorted(names, key=str.casefold)
    quoted = [_quoted(name) for name in quoted]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _counted(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _quoted(name: str) -> str:
    """A name in quotes as typed: on one line, and shortened when very long.

    Examples
    --------
    >>> _quoted("Pays <b>at</b>\\nthe till"), _quoted("x" * 50)[-4:]
    ("'Pays <b>at</b> the till'", "xx…'")
    """
    one_line = " ".join(name.split())
    if len(one_line) > _NAME_LENGTH:
        one_line = one_line[:_NAME_LENGTH - 1].rstrip() + "…"
    return f"'{one_line}'"
