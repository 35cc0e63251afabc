"""The room's view worked out by hand on small cases, bringing it into a journey's data, and the export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from journeymap.formats.json_file import loads
from journeymap.live.apply import with_room_view
from journeymap.live.room import Dot, Note, Rating, Vote, room_view, summarize
from journeymap.live.store import Records
from journeymap.live.tables import input_rows, inputs_csv, inputs_xlsx, step_rows

WHEN = datetime(2026, 12, 2, 10, 30, tzinfo=UTC)
CAFE = loads('{"title": "Cafe", "stages": [{"id": "s", "name": "Visit"}], "touchpoints": ['
             '{"id": "queue", "name": "Queues", "stage": "s", "emotion": 1, "evidence": "measured"},'
             '{"id": "pay", "name": "Pays", "stage": "s", "friction": 2}]}')


def test_median_and_spread_by_hand() -> None:
    # sorted 1, 2, 4, 7, 9: median 4; quartiles at positions 1 and 3: 2 and 7; spread 5
    five = summarize([9, 1, 7, 2, 4])
    assert (five.count, five.median, five.low_quartile, five.high_quartile, five.spread) == (5, 4, 2, 7, 5)
    assert five.disagreement  # 5 ≥ 3 among 5 ratings
    # two far apart: a spread of 10, but two ratings are no room to disagree in
    assert summarize([-5, 5]).spread == 5 and not summarize([-5, 5]).disagreement  # type: ignore[union-attr]
    # just under the line: -1, 0, 1, 2 → quartiles -0.25 and 1.25, spread 1.5
    assert summarize([-1, 0, 1, 2]).spread == 1.5  # type: ignore[union-attr]


def test_the_view_counts_dots_and_votes_and_orders_notes_oldest_first() -> None:
    later = WHEN.replace(minute=45)
    view = room_view(["queue", "pay"], dots=[Dot(1, "pay", 2), Dot(2, "pay", 1)],
                     votes=[Vote(1, "Ana", "pay", True), Vote(2, "Bo", "pay", False, "a word at the till")],
                     notes=[Note(2, 1, "Ana", "queue", "quotes", "second", later), Note(1, 2, "Bo", "queue", "quotes",
                                                                                     "first", WHEN)])
    assert (view["pay"].dots, view["pay"].agree, view["pay"].disagree) == (3, 1, 1)
    assert [note.text for note in view["queue"].notes] == ["first", "second"]


def _view() -> dict:
    return room_view(["queue", "pay"], [Rating(1, "queue", "emotion", -3), Rating(2, "queue", "emotion", -1),
                                        Rating(1, "pay", "friction", 7)],
                     notes=[Note(1, 1, "Ana", "pay", "opportunities", "Tap to pay", WHEN)])


def test_bringing_in_keeps_a_measured_step_measured_and_adds_a_note_once() -> None:
    data = {"touchpoints": [dict(CAFE.touchpoints[0].model_dump(exclude_none=True)),
                            dict(CAFE.touchpoints[1].model_dump(exclude_none=True))]}
    once = with_room_view(data, _view())
    queue, pay = once["touchpoints"]
    # queue: -3 and -1 → median -2, spread 1; it was measured, and stays so
    assert (queue["emotion"], queue["evidence"], queue["ratings"]) == (
        -2.0, "measured", {"emotion": {"count": 2, "median": -2.0, "spread": 1.0}})
    assert (pay["friction"], pay["evidence"], pay["opportunities"]) == (7.0, "observed", ["Tap to pay — Ana"])
    assert with_room_view(once, _view()) == once  # again: nothing more
    notes_only = with_room_view(data, _view(), ["pay"], ratings=False)
    assert notes_only["touchpoints"][1]["friction"] == 2 and "ratings" not in notes_only["touchpoints"][1]
    assert notes_only["touchpoints"][0] == data["touchpoints"][0]  # queue was not chosen


def _records() -> Records:
    return Records(participants={1: "Ana", 2: "Bo"}, ratings=[Rating(1, "queue", "emotion", -3)],
                   dots=[Dot(2, "pay", 2)], votes=[Vote(2, "Bo", "pay", False, "=HYPERLINK(\"x\")")],
                   notes=[Note(7, 1, "Ana", "gone", "quotes", "I nearly left", WHEN)])


def test_the_export_has_a_row_an_input_and_leaves_names_out_of_an_anonymous_session() -> None:
    rows = input_rows(CAFE, _records(), anonymous=False)
    assert [(row["Step"], row["Person"], row["Input"], row["Value"]) for row in rows] == [
        ("Queues", "Ana", "How the customer feels", -3), ("Pays", "Bo", "Dots", 2),
        ("Pays", "Bo", "The advice", "disagree"), ("(removed from the map)", "Ana", "Customer quote", "")]
    assert rows[3]["Time (UTC)"] == "2026-12-02 10:30:00"
    assert {row["Person"] for row in input_rows(CAFE, _records(), anonymous=True)} == {"anonymous"}
    read = list(csv.DictReader(io.StringIO(inputs_csv(rows).decode("utf-8-sig"))))
    assert read[2]["Text"] == "'=HYPERLINK(\"x\")"  # a formula is kept as text, never run
    book = load_workbook(io.BytesIO(inputs_xlsx(rows, step_rows(CAFE, _view()))))
    assert book.sheetnames == ["The room per step", "Every input"]
    assert [cell.value for cell in book["Every input"][2]][:5] == ["queue", "Queues", "Ana", "How the customer feels", -3]
    assert book["The room per step"]["A2"].value == "Queues"


def test_the_workshop_report_shows_the_rooms_ratings_beside_the_maps() -> None:
    from journeymap.analysis import analyze
    from journeymap.reports.content import report_document
    from journeymap.reports.document import Section, Table

    rated = loads('{"title": "Cafe", "stages": [{"id": "s", "name": "Visit"}], "touchpoints": ['
                  '{"id": "queue", "name": "Queues", "stage": "s", "emotion": -1,'
                  ' "ratings": {"emotion": {"count": 7, "median": -2, "spread": 3}, "friction": '
                  '{"count": 2, "median": 6.5, "spread": 4}}}, {"id": "pay", "name": "Pays", "stage": "s"}]}')
    blocks = report_document(rated, analyze(rated))
    start = next(i for i, block in enumerate(blocks) if isinstance(block, Section) and block.name == "room")
    table = next(block for block in blocks[start:] if isinstance(block, Table))
    cells = [tuple("".join(span.text for span in cell) for cell in row) for row in table.rows]
    # emotion: edited to -1 since the room's -2; 7 ratings with a spread of 3 → discuss. friction: 2 ratings, too few
    assert cells == [("Queues", "How the customer feels", "-1", "-2", "7", "3", "discuss"),
                     ("Queues", "Friction", "0", "6.5", "2", "4", "")]
    assert not any(isinstance(block, Section) and block.name == "room" for block in report_document(CAFE, analyze(CAFE)))
