"""The room's view as tables: one row a step for the facilitator's screen, and one row an input for the
export (CSV and Excel), names left out of an anonymous session's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from journeymap.formats.spreadsheet.cells import neutralise
from journeymap.live.room import StepView, Summary
from journeymap.live.rules import NOTE_KINDS, RATING_FIELDS, RATING_LABELS
from journeymap.live.store import Records
from journeymap.model import Journey
from journeymap.vocabulary import signed_text

__all__ = ["DISCUSS_TEXT", "INPUT_COLUMNS", "input_rows", "inputs_csv", "inputs_xlsx", "room_lines", "step_rows",
           "summary_text"]

#: The word on the map and in the table where the room disagrees.
DISCUSS_TEXT = "Discuss this"
INPUT_COLUMNS = ("Step id", "Step", "Person", "Input", "Value", "Text", "Time (UTC)")
ANONYMOUS = "anonymous"


def summary_text(field: str, summary: Summary | None) -> str:
    """A field's ratings in a few words: the median, the spread and how many.

    Examples
    --------
    >>> from journeymap.live.room import summarize
    >>> summary_text("emotion", summarize([-4, -2, -1, 2])), summary_text("friction", summarize([7]))
    ('-1.5 (spread 2.2, 4 ratings)', '7 (1 rating)')
    >>> summary_text("emotion", None)
    '—'
    """
    if summary is None:
        return "—"
    median = signed_text(summary.median) if RATING_FIELDS[field][0] < 0 else f"{summary.median:g}"
    count = f"{summary.count} rating{'s' if summary.count != 1 else ''}"
    if summary.count == 1:
        return f"{median} ({count})"
    return f"{median} (spread {summary.spread:.2g}, {count})"


def room_lines(step: StepView) -> tuple[str, ...]:
    """What the room said about one step, in short lines for the wall screen: where it disagrees, then
    each figure it rated, then its dots and its votes on the advice.

    Examples
    --------
    >>> from journeymap.live.room import Dot, Rating, room_view
    >>> view = room_view(["pay"], [Rating(n, "pay", "emotion", v) for n, v in enumerate([-4, 0, 3])],
    ...                  [Dot(1, "pay", 2)])
    >>> room_lines(view["pay"])
    ('Discuss this: how the customer feels', 'How the customer feels: 0 (spread 3.5, 3 ratings)', '2 dots')
    >>> room_lines(StepView("wait"))
    ()
    """
    lines = []
    if step.discuss:
        lines.append(f"{DISCUSS_TEXT}: {', '.join(RATING_LABELS[field].lower() for field in step.discuss)}")
    lines += [f"{RATING_LABELS[field]}: {summary_text(field, summary)}" for field, summary in step.ratings.items()]
    if step.dots:
        lines.append(f"{step.dots} dot{'s' if step.dots != 1 else ''}")
    if step.agree or step.disagree:
        lines.append(f"The advice: {step.agree} agree, {step.disagree} disagree")
    return tuple(lines)


def step_rows(journey: Journey, view: Mapping[str, StepView]) -> list[dict[str, Any]]:
    """One row a step, in the journey's order: what the room rated, where it disagrees, dots and votes.

    Examples
    --------
    >>> from journeymap import loads
    >>> from journeymap.live.room import Rating, room_view
    >>> journey = loads('{"title": "Cafe", "stages": [{"id": "s", "name": "Visit"}], '
    ...                 '"touchpoints": [{"id": "pay", "name": "Pays", "stage": "s"}]}')
    >>> view = room_view(["pay"], [Rating(n, "pay", "emotion", v) for n, v in enumerate([-4, 0, 3])])
    >>> row = step_rows(journey, view)[0]
    >>> row["Step"], row["How the customer feels"], row["The room"]
    ('Pays', '0 (spread 3.5, 3 ratings)', 'Discuss this: how the customer feels')
    """
    rows = []
    for touchpoint in journey.touchpoints:
        step = view.get(touchpoint.id, StepView(touchpoint.id))
        discuss = step.discuss
        row: dict[str, Any] = {
            "Step": touchpoint.name,
            "The room": f"{DISCUSS_TEXT}: {', '.join(RATING_LABELS[f].lower() for f in discuss)}" if discuss else ""}
        for field in RATING_FIELDS:
            row[RATING_LABELS[field]] = summary_text(field, step.ratings.get(field))
        row["Dots"] = step.dots
        row["Agree with the advice"] = step.agree
        row["Disagree"] = step.disagree
        row["Notes"] = len(step.notes)
        rows.append(row)
    return rows


def input_rows(journey: Journey, records: Records, *, anonymous: bool) -> list[dict[str, Any]]:
    """Every input of a session, one row each (ratings, dots, votes, notes), with the step's name.

    ``Person`` is the participant's name, or "anonymous" (always in an anonymous session).
    """
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}

    def person(participant: int) -> str:
        return "" if anonymous else records.participants.get(participant, "")

    def row(step: str, who: int, what: str, value: Any = "", text: str = "", when: str = "") -> dict[str, Any]:
        return dict(zip(INPUT_COLUMNS, (step, names.get(step, "(removed from the map)"), person(who) or ANONYMOUS,
                                        what, value, text, when), strict=True))

    rows = [row(r.step, r.participant, RATING_LABELS[r.field], r.value) for r in records.ratings]
    rows += [row(d.step, d.participant, "Dots", d.count) for d in records.dots]
    rows += [row(v.step, v.participant, "The advice", "agree" if v.agree else "disagree", v.why) for v in records.votes]
    rows += [row(n.step, n.participant, NOTE_KINDS[n.kind], "", n.text, n.created_at.strftime("%Y-%m-%d %H:%M:%S"))
             for n in records.notes]
    return rows


def inputs_csv(rows: list[dict[str, Any]]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark, so that Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(INPUT_COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written as text, as journey spreadsheets are."""
    return neutralise(value) if isinstance(value, str) else value


def inputs_xlsx(rows: list[dict[str, Any]], step_table: list[dict[str, Any]]) -> bytes:
    """An Excel workbook: the room's view per step, then every input."""
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "The room per step"
    for sheet, table, columns in ((summary, step_table, list(step_table[0]) if step_table else ["Step"]),
                                  (book.create_sheet("Every input"), rows, list(INPUT_COLUMNS))):
        sheet.append(columns)
        for item in table:
            sheet.append([_cell(item.get(column, "")) for column in columns])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = max(12, min(50, len(column) + 4))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
