"""Spreadsheet import and export: CSV files, a zip of them, and Excel workbooks."""

from __future__ import annotations

import csv
import datetime
import io
import random
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap.errors import JourneyFileError
from journeymap.formats.json_file import load
from journeymap.model.validation import journey_from_data
from journeymap.model import MAX_TOUCHPOINTS, Journey
from journeymap.formats.spreadsheet import (
    MAX_UNPACKED_BYTES,
    csv_to_journey,
    journey_to_csv,
    journey_to_xlsx,
    journey_to_zip,
    xlsx_to_journey,
    zip_to_journey,
)
from journeymap.vocabulary import PERSONA_NEEDS
from tests.journeys import make

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_journeys").glob("*.json"))
FORMATS = {
    "csv": (journey_to_csv, csv_to_journey),
    "zip": (journey_to_zip, zip_to_journey),
    "xlsx": (journey_to_xlsx, xlsx_to_journey),
}


def problems_of(call: Any, *args: Any, **kwargs: Any) -> list[str]:
    with pytest.raises(JourneyFileError) as caught:
        call(*args, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def touchpoints_csv(text: str) -> dict[str, bytes]:
    return {"touchpoints.csv": text.encode("utf-8")}


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An .xlsx made with openpyxl directly, as a spreadsheet program would save it."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ---- round trips


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_every_sample_comes_back_equal(path: Path, kind: str) -> None:
    write, read = FORMATS[kind]
    journey = load(path)
    assert read(write(journey)) == journey


def test_the_csv_tables_have_readable_headings_in_order() -> None:
    files = journey_to_csv(make([{"id": "a"}], []))
    assert set(files) == {"touchpoints.csv", "connections.csv", "stages.csv", "journey.csv"}
    assert all(data.startswith(b"\xef\xbb\xbf") for data in files.values())  # Excel reads accents right
    headings = csv_rows(files["touchpoints.csv"])[0]
    assert headings[:6] == ["ID", "Name", "Stage", "Lane", "Channel", "Customer emotion (-5 to 5)"]
    assert headings[-5:] == ["Pain points (one per line)", "Opportunities (one per line)", "Quotes (one per line)",
                             "Description", "Notes"]
    assert len(headings) == 23
    assert csv_rows(files["connections.csv"])[0] == ["From", "To", "Kind", "Share (0 to 1)", "Label"]
    assert csv_rows(files["stages.csv"]) == [["ID", "Name", "Description"], ["s", "S", ""]]
    assert csv_rows(files["journey.csv"])[:2] == [["Field", "Value"], ["Title", "Test"]]


def test_sticky_notes_are_one_per_line_and_numbers_stay_numbers() -> None:
    journey = make([{"id": "a", "emotion": -2, "friction": 2.5, "pain_points": ["slow", "rude"], "goal": True}], [])
    row = dict(zip(*csv_rows(journey_to_csv(journey)["touchpoints.csv"])))
    assert row["Pain points (one per line)"] == "slow\nrude"
    assert row["Customer emotion (-5 to 5)"] == "-2"  # a number, so not neutralised
    assert row["Friction (0 to 10)"] == "2.5"
    assert row["Goal"] == "yes"
    sheet = openpyxl.load_workbook(io.BytesIO(journey_to_xlsx(journey)))["Touchpoints"]
    assert sheet["F2"].value == -2 and sheet["F2"].data_type == "n"


safe_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=12)
tricky_text = st.sampled_from(["=1+2", "'=x", "''-x", "-3", "@SUM(A1)", "+1", "#N/A", " padded ", "1,000", "Ünïcödé ☕"])
texts = safe_text | tricky_text
names = texts.filter(str.strip)
numbers = st.floats(-5, 5).map(lambda x: round(x, 3))
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,6}", fullmatch=True)


@st.composite
def journeys(draw: st.DrawFn) -> Journey:
    stage_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    stages = [{"id": sid, "name": draw(names), **draw(st.fixed_dictionaries({}, optional={"description": texts}))}
              for sid in stage_ids]
    touchpoint_ids = draw(st.lists(ids, max_size=6, unique=True))
    touchpoints = []
    for tid in touchpoint_ids:
        touchpoint = {"id": tid, "name": draw(names), "stage": draw(st.sampled_from(stage_ids))}
        touchpoint.update(draw(st.fixed_dictionaries({}, optional={
            "lane": st.sampled_from(["customer", "frontstage", "backstage", "support"]),
            "channel": texts, "description": texts, "feeling": texts, "notes": texts,
            "emotion": numbers, "staff_emotion": numbers,
            "friction": st.floats(0, 10).map(lambda x: round(x, 2)),
            "evidence": st.sampled_from(["assumed", "observed", "measured"]),
            "staff_minutes": st.floats(0, 600).map(lambda x: round(x, 1)),
            "goal": st.booleans(),
            "entry_share": st.floats(0, 1).map(lambda x: round(x, 4)),
            # an empty automation object means the same as none, and a spreadsheet cannot tell them apart
            "automation": st.fixed_dictionaries({}, optional={"rule_based": st.integers(1, 5),
                                                              "data_sensitivity": st.integers(1, 5)}).filter(bool),
            "pain_points": st.lists(names, max_size=3), "opportunities": st.lists(names, max_size=2),
            "quotes": st.lists(names, max_size=2),
        })))
        touchpoints.append(touchpoint)
    pairs = [(a, b) for i, a in enumerate(touchpoint_ids) for b in touchpoint_ids[i + 1:]]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=6, unique=True)) if pairs else []
    connections = []
    for source, target in chosen:
        connection = {"from": source, "to": target}
        # at most 5 outgoing connections with a share of at most 0.2 each: shares stay within 1
        connection.update(draw(st.fixed_dictionaries({}, optional={
            "kind": st.sampled_from(["flow", "support"]), "share": st.floats(0, 0.2).map(lambda x: round(x, 3)),
            "label": texts})))
        connections.append(connection)
    data: dict[str, Any] = {"title": draw(names), "stages": stages, "touchpoints": touchpoints,
                            "connections": connections}
    data.update(draw(st.fixed_dictionaries({}, optional={
        "description": texts, "customers_per_week": st.floats(0, 1e6).map(lambda x: round(x, 2)),
        "persona": st.fixed_dictionaries({"name": names}, optional={
            "description": texts, "goals": st.lists(names, max_size=2),
            # a need is listed once, ignoring case and surrounding spaces (the model's rule)
            "needs": st.lists(st.sampled_from(PERSONA_NEEDS) | names, max_size=3,
                              unique_by=lambda need: need.strip().casefold())}),
    })))
    return journey_from_data(data)


@pytest.mark.parametrize("kind", FORMATS)
@given(journey=journeys())
@settings(max_examples=60)
def test_generated_journeys_come_back_equal(kind: str, journey: Journey) -> None:
    write, read = FORMATS[kind]
    assert read(write(journey)) == journey


# ---- formulas


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"click\")", "@SUM(A1:A9)", "-bad", "+1", "\tTab", "\rReturn"]


def formula_journey() -> Journey:
    return make([{"id": f"t{i}", "name": name} for i, name in enumerate(FORMULAS)], [],
                persona={"name": "=cmd|' /C calc'!A0"})


def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe() -> None:
    files = journey_to_csv(formula_journey())
    rows = csv_rows(files["touchpoints.csv"])
    assert [row[1] for row in rows[1:]] == ["'" + name for name in FORMULAS]
    journey_rows = dict(row for row in csv_rows(files["journey.csv"]) if len(row) == 2)
    assert journey_rows["Persona name"] == "'=cmd|' /C calc'!A0"
    every_cell = [cell for data in files.values() for row in csv_rows(data) for cell in row]
    assert not [cell for cell in every_cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_a_nul_character_never_reaches_a_csv_file() -> None:
    # the model refuses it (tests/test_text_policy.py), so no journey can write one
    with pytest.raises(JourneyFileError, match=r"touchpoints\[0\]\.name: contains the control character U\+0000"):
        make([{"id": "a", "name": "Pays\x00 by card", "notes": "=1+1"}], [])


def test_the_workbook_has_no_formula_cells() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(journey_to_xlsx(formula_journey())))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert cells and not [cell.coordinate for cell in cells if cell.data_type == "f"]
    names = [cell.value for cell in workbook["Touchpoints"]["B"][1:]]
    # a workbook cannot hold a carriage return: it is written as the line break it reads back as
    assert names == ["'" + name for name in FORMULAS[:-1]] + ["\nReturn"]


@pytest.mark.parametrize("kind", FORMATS)
def test_neutralised_text_reads_back_as_it_was(kind: str) -> None:
    write, read = FORMATS[kind]
    journey = formula_journey()
    back = read(write(journey))
    expected = FORMULAS[:-1] + ["\nReturn" if kind == "xlsx" else "\rReturn"]
    assert [tp.name for tp in back.touchpoints] == expected
    assert back.persona is not None and back.persona.name == "=cmd|' /C calc'!A0"


def test_text_that_already_starts_with_an_apostrophe_and_a_sign_keeps_it() -> None:
    journey = make([{"id": "a", "name": "'=looks neutralised"}], [])
    assert csv_rows(journey_to_csv(journey)["touchpoints.csv"])[1][1] == "''=looks neutralised"
    assert csv_to_journey(journey_to_csv(journey)).touchpoints[0].name == "'=looks neutralised"


# ---- forgiving reading


def test_headings_in_any_case_order_and_the_file_format_names() -> None:
    journey = csv_to_journey(touchpoints_csv(
        "  STAGE ,staff_emotion,name,Customer Emotion,friction (0-10),rule_based,PAIN_POINTS\n"
        "Order,-1,Asks for a latte,2,3,4,\"long queue\nno menu\"\n"
    ))
    touchpoint = journey.touchpoints[0]
    assert (touchpoint.name, touchpoint.stage, touchpoint.emotion, touchpoint.staff_emotion, touchpoint.friction) == (
        "Asks for a latte", "order", 2, -1, 3)
    assert touchpoint.automation is not None and touchpoint.automation.rule_based == 4
    assert touchpoint.pain_points == ["long queue", "no menu"]


def test_blank_ids_are_made_from_the_names_unique_and_clear_of_given_ids() -> None:
    journey = csv_to_journey(touchpoints_csv(
        "ID,Name,Stage\n,Pays by card!,s\n,Pays by card!,s\npays_by_card_2,Given id,s\n,Café crème ☕,s\n,☕,s\n"
    ))
    assert [tp.id for tp in journey.touchpoints] == ["pays_by_card", "pays_by_card_3", "pays_by_card_2", "cafe_creme",
                                                     "step"]


def test_without_an_id_column_or_stages_table_stages_come_from_the_stage_column() -> None:
    journey = csv_to_journey(touchpoints_csv("Name,Stage\nA,Book a table\nB,Arrive\nC,Book a table\n"))
    assert [(stage.id, stage.name) for stage in journey.stages] == [("book_a_table", "Book a table"),
                                                                    ("arrive", "Arrive")]
    assert [tp.stage for tp in journey.touchpoints] == ["book_a_table", "arrive", "book_a_table"]


def test_a_stage_may_be_given_by_id_or_name_and_connections_by_id_or_name() -> None:
    journey = csv_to_journey({
        "stages.csv": b"ID,Name\nbook,Book a table\narrive,Arrive\n",
        "touchpoints.csv": b"ID,Name,Stage\nt1,Calls the diner,Book a table\nt2,Walks in,arrive\nt3,Sits,ARRIVE\n",
        "connections.csv": b"From,To,Share\nCalls the diner,t2,0.9\nt2,sits,50%\n",
    })
    assert [tp.stage for tp in journey.touchpoints] == ["book", "arrive", "arrive"]
    assert [(c.from_, c.to, c.share) for c in journey.connections] == [("t1", "t2", 0.9), ("t2", "t3", 0.5)]


def test_blank_rows_are_skipped_and_goal_takes_yes_and_no_words() -> None:
    journey = csv_to_journey(touchpoints_csv("Name,Stage,Goal\n\nA,s,x\n,,\nB,s,No\nC,s,TRUE\nD,s,\n"))
    assert [(tp.name, tp.goal) for tp in journey.touchpoints] == [("A", True), ("B", False), ("C", True), ("D", False)]


def test_semicolon_csv_with_a_bom_and_decimal_commas() -> None:
    text = "\ufeffName;Stage;Customer emotion (-5 to 5);Friction (0 to 10)\nBestellt Kaffee;Bestellen;−1,5;2,5\n"
    journey = csv_to_journey({"touchpoints.csv": text.encode("utf-8")})
    touchpoint = journey.touchpoints[0]
    assert (touchpoint.name, touchpoint.emotion, touchpoint.friction) == ("Bestellt Kaffee", -1.5, 2.5)


def test_files_are_told_apart_by_their_headings_when_their_names_do_not_say() -> None:
    journey = csv_to_journey({
        "a.csv": b"From,To\nx,y\n",
        "b.csv": b"Name,Stage\nX,s\nY,s\n",
        "c.csv": b"Field,Value\nTitle,Lunch\nCustomers per week,40\n",
    }, source="ignored.csv")
    assert journey.title == "Lunch" and journey.customers_per_week == 40
    assert [(c.from_, c.to) for c in journey.connections] == [("x", "y")]


def test_without_a_journey_table_the_title_is_the_file_name() -> None:
    assert csv_to_journey(touchpoints_csv("Name,Stage\nA,s\n"), source="maps/Rosie's diner.zip").title == "Rosie's diner"
    assert csv_to_journey(touchpoints_csv("Name,Stage\nA,s\n")).title == "Imported journey"


def test_a_zip_with_a_folder_and_mac_extras() -> None:
    journey = make([{"id": "a"}, {"id": "b"}], [{"from": "a", "to": "b"}], title="Zipped")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in journey_to_csv(journey).items():
            archive.writestr(f"export/{name}", data)
            archive.writestr(f"__MACOSX/export/._{name}", b"\x00\x05\x16\x07 junk")
        archive.writestr("export/README.txt", "not a table")
    assert zip_to_journey(buffer.getvalue()) == journey


def test_a_workbook_saved_by_a_spreadsheet_program() -> None:
    data = workbook_bytes({
        "notes for the team": [["anything", "here"]],
        "touchpoints": [["Name", "Stage", "Customer emotion", "Goal", "Rule based"],
                        [12, "Order", -2.0, True, 3.0], [], ["Pays", "Pay", 1, False, None]],
        "CONNECTIONS": [["From", "To"], ["12", "Pays"]],
    })
    journey = xlsx_to_journey(data, source="cafe.xlsx")
    assert journey.title == "cafe"
    assert [(tp.id, tp.name, tp.emotion, tp.goal) for tp in journey.touchpoints] == [
        ("12", "12", -2, True), ("pays", "Pays", 1, False)]
    assert journey.touchpoints[0].automation is not None and journey.touchpoints[0].automation.rule_based == 3
    assert [(c.from_, c.to) for c in journey.connections] == [("12", "pays")]


def test_the_workbook_is_formatted_for_people() -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(journey_to_xlsx(make([{"id": "a"}], []))))
    assert workbook.sheetnames == ["Journey", "Stages", "Touchpoints", "Connections"]
    sheet = workbook["Touchpoints"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold and sheet["B1"].value == "Name"
    assert sheet.column_dimensions["B"].width >= 30
    lists = {validation.formula1 for validation in sheet.data_validations.dataValidation}
    assert '"customer,frontstage,backstage,support"' in lists and '"assumed,observed,measured"' in lists


# ---- bad input: every bad cell by row and column


def test_each_bad_cell_is_reported_by_row_and_column() -> None:
    text = (
        "Name,Stage,Lane,Customer emotion (-5 to 5),Friction (0 to 10),Goal,Entry share (0 to 1),Rule based (1 to 5),"
        "Evidence\n"
        "A,s,front,high,12,maybe,150%,3.5,seen\n"
        "\n"
        "B,s,customer,1,1,5,0.5,2,assumed\n"
        "C,s,customer,\"1,000\",2,,,,\n"
    )
    problems = problems_of(csv_to_journey, touchpoints_csv(text))
    assert problems == [
        'touchpoints.csv row 2, column "Lane": must be one of customer, frontstage, backstage, support, '
        'got "front"; did you mean "frontstage"?',
        'touchpoints.csv row 2, column "Customer emotion (-5 to 5)": must be a number from -5 to 5, got "high"',
        'touchpoints.csv row 2, column "Friction (0 to 10)": must be a number from 0 to 10, got "12"',
        'touchpoints.csv row 2, column "Goal": must be yes or no (or empty for no), got "maybe"',
        'touchpoints.csv row 2, column "Entry share (0 to 1)": must be a share from 0 to 1 (or a percentage), '
        'got "150%"',
        'touchpoints.csv row 2, column "Rule based (1 to 5)": must be a whole number from 1 to 5, got "3.5"',
        'touchpoints.csv row 2, column "Evidence": must be one of assumed, observed, measured, got "seen"',
        'touchpoints.csv row 4, column "Goal": must be yes or no (or empty for no), got "5"',
        'touchpoints.csv row 5, column "Customer emotion (-5 to 5)": must be a number from -5 to 5, got "1,000": '
        'write it without the comma, or with a decimal point ("1000" or "1.000")',
    ]


def test_unknown_columns_are_named_with_a_suggestion() -> None:
    problems = problems_of(csv_to_journey, touchpoints_csv("Name,Stage,Frictoin,Owner\nA,s,1,Ann\n"))
    assert problems == [
        'touchpoints.csv row 1, column "Frictoin": unknown column; did you mean "Friction (0 to 10)"?',
        'touchpoints.csv row 1, column "Owner": unknown column; the columns are: ID, Name, Stage, Lane, Channel, '
        'Customer emotion (-5 to 5), Staff emotion (-5 to 5), Feeling, Friction (0 to 10), Evidence, '
        'Ratings (one field per line), Survey, Staff minutes, Goal, Entry share (0 to 1), Rule based (1 to 5), Digital input (1 to 5), Variability (1 to 5), '
        'Empathy need (1 to 5), Data sensitivity (1 to 5), Pain points (one per line), '
        'Opportunities (one per line), Quotes (one per line), Description, Notes',
    ]


def test_references_that_do_not_resolve_are_reported_where_they_are() -> None:
    problems = problems_of(csv_to_journey, {
        "stages.csv": b"ID,Name\nbook,Book\n",
        "touchpoints.csv": b"ID,Name,Stage\na,Same,book\nb,Same,Bok\nc,Other,book\n",
        "connections.csv": b"From,To\nSame,c\na,Othr\n",
    })
    assert problems == [
        'touchpoints.csv row 3, column "Stage": no stage has the ID or name "Bok"; did you mean "Book"?',
        'connections.csv row 2, column "From": 2 touchpoints are called "Same" ("a", "b"); give the ID instead',
        'connections.csv row 3, column "To": no touchpoint has the ID or name "Othr"; did you mean "Other"?',
    ]


def test_the_models_problems_are_told_by_row_and_heading() -> None:
    problems = problems_of(csv_to_journey, {
        "touchpoints.csv": b"ID,Name,Stage,Pain points\nbad id!,A,s,\n,,s,\nc,C,s,\"ok\n" + b"x" * 2001 + b"\"\n",
        "journey.csv": ("Field,Value\nTitle," + "x" * 201 + "\nPersona description,no name\n").encode(),
    })
    assert problems == [
        'touchpoints.csv row 3, column "Name": is empty: give the step a name (a row of totals or remarks is not a '
        'step; delete it)',
        'journey.csv row 2, column "Value": is too long: at most 200 characters',
        'journey.csv row 3: the persona needs a name too: add a "Persona name" row',
        "touchpoints.csv row 2, column \"ID\": 'bad id!' is not a valid id: use 1 to 64 letters, digits, '_', '.' "
        "or '-', starting with a letter or digit",
        'touchpoints.csv row 4, column "Pain points": note 2 is too long: at most 2000 characters',
    ]


def test_rules_across_rows_are_told_by_row() -> None:
    touchpoints = b"ID,Name,Stage\na,A,s\nb,B,s\nb,C,s\n"
    assert problems_of(csv_to_journey, {"touchpoints.csv": touchpoints, "connections.csv": b"From,To\na,a\n"}) == [
        'touchpoints.csv row 4, column "ID": duplicate touchpoint id \'b\'',
        "connections.csv row 2: connection from 'a' to itself",
    ]
    shares = b"From,To,Share\na,b,0.7\na,C,70%\n"
    assert problems_of(csv_to_journey, {"touchpoints.csv": b"ID,Name,Stage\na,A,s\nb,B,s\nc,C,s\n",
                                        "connections.csv": shares}) == [
        "touchpoints.csv row 2: the shares of its outgoing flow connections add up to 1.4, more than 1 (touchpoint 'a')"
    ]


def test_a_source_that_is_one_of_the_files_is_not_named_twice() -> None:
    with pytest.raises(JourneyFileError) as caught:
        csv_to_journey({"team.csv": b"Name,Stage,Friction\nA,s,x\n", "team_connections.csv": b"From,To\nA,B\n"},
                       source="team.csv")
    assert caught.value.lines() == [
        'team.csv: row 2, column "Friction": must be a number from 0 to 10, got "x"',
        'team.csv: team_connections.csv row 2, column "To": no touchpoint has the ID or name "B"',
    ]


def test_the_journey_table_reports_unknown_fields() -> None:
    problems = problems_of(csv_to_journey, {
        "touchpoints.csv": b"Name,Stage\nA,s\n",
        "journey.csv": b"Field,Value\nTitel,Lunch\nCustomers per week,lots\n",
    })
    assert problems == [
        'journey.csv row 2, column "Field": unknown field "Titel"; did you mean "Title"?',
        'journey.csv row 3, column "Value": must be a number of customers, 0 or more, got "lots"',
    ]


def test_a_date_typed_into_a_number_column_says_what_happened() -> None:
    data = workbook_bytes({"Touchpoints": [["Name", "Stage", "Friction"], ["A", "s", datetime.datetime(2026, 3, 4)]]})
    assert problems_of(xlsx_to_journey, data, source="map.xlsx") == [
        'sheet Touchpoints row 2, column "Friction": must be a number from 0 to 10, got a date or time (2026-03-04); '
        "the spreadsheet may have turned what was typed into a date: format the column as text or number"]


def test_missing_required_columns_and_tables() -> None:
    assert problems_of(csv_to_journey, touchpoints_csv("Name,Lane\nA,customer\n")) == [
        'touchpoints.csv row 1: needs a "Stage" column: the stage id or name of each step']
    assert problems_of(csv_to_journey, {"connections.csv": b"From,To\na,b\n"}) == [
        "found no touchpoints table (only connections.csv); a journey needs one with a Name and a Stage column, "
        "one row per step"]
    assert problems_of(xlsx_to_journey, workbook_bytes({"Sheet1": [["what", "ever"]]})) == [
        "found no touchpoints table; a journey needs one with a Name and a Stage column, one row per step"]


def test_excel_windows_csv_is_read_in_its_code_page() -> None:
    # Excel's plain "CSV (comma delimited)" on Windows is Windows-1252, not UTF-8
    data = "Name;Stage;Feeling\nCafé crème;Order;déçu – “meh”\n".encode("cp1252")
    journey = csv_to_journey({"touchpoints.csv": data})
    assert [(tp.name, tp.feeling) for tp in journey.touchpoints] == [("Café crème", "déçu – “meh”")]


def test_bytes_that_are_no_text_say_how_to_save_it() -> None:
    assert problems_of(csv_to_journey, {"touchpoints.csv": b"Name,Stage\nCaf\x81\x01,s\n"}) == [
        'touchpoints.csv: is not UTF-8 text (byte 14 cannot be read); in Excel, save it as "CSV UTF-8 (comma delimited)"']


def test_not_a_zip_or_workbook() -> None:
    assert problems_of(zip_to_journey, b"Name,Stage\n", source="m.zip") == ["is not a zip archive"]
    assert problems_of(xlsx_to_journey, journey_to_zip(make([{"id": "a"}], []))) == [
        "is not an Excel workbook (.xlsx): it is a zip archive without a workbook in it"]
    assert problems_of(xlsx_to_journey, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)) == [
        "is an old Excel file (.xls); open it in Excel and save it as .xlsx"]


# ---- limits


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("touchpoints.csv", b"\0" * (30 * 1024 * 1024))
    problems = problems_of(zip_to_journey, buffer.getvalue())
    assert len(problems) == 1 and "is a zip bomb, not a spreadsheet" in problems[0]
    assert problems_of(xlsx_to_journey, buffer.getvalue())[0].endswith("that is a zip bomb, not a spreadsheet")


def test_an_archive_unpacking_beyond_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # patch the module that reads the limit (the package only re-exports it)
    from journeymap.formats.spreadsheet import archives

    assert MAX_UNPACKED_BYTES == 40 * 1024 * 1024
    monkeypatch.setattr(archives, "MAX_UNPACKED_BYTES", 3 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index in range(2):  # random bytes barely pack, so only the total is beyond the limit
            archive.writestr(f"touchpoints{index}.csv", random.Random(index).randbytes(2 * 1024 * 1024))
    assert problems_of(zip_to_journey, buffer.getvalue()) == ["unpacks to 4 MB; journeymap unpacks up to 3 MB"]


def test_more_rows_than_the_limit_are_refused() -> None:
    text = "Name,Stage\n" + "".join(f"Step {i},s\n" for i in range(MAX_TOUCHPOINTS + 1))
    assert problems_of(csv_to_journey, touchpoints_csv(text)) == [
        "touchpoints.csv: has 10,001; that is more than 10,000 touchpoints, the most journeymap reads"]


def test_a_csv_of_blank_lines_or_commas_is_read_only_as_far_as_a_sheet_would_be() -> None:
    from journeymap.formats.spreadsheet.archives import decode_csv as _decode_csv
    from journeymap.formats.spreadsheet.tables import MAX_COLUMNS as _MAX_COLUMNS
    from journeymap.formats.spreadsheet.tables import MAX_SCANNED_ROWS as _MAX_SCANNED_ROWS

    # 20 MB of line breaks took 9 s and 1.7 GB as a list of every (empty) row
    rows = _decode_csv(b"Name,Stage\n" + b"\n" * (2 * _MAX_SCANNED_ROWS), "touchpoints.csv")
    assert len(rows) == _MAX_SCANNED_ROWS + 1
    # and a heading row of millions of commas, 5 s as millions of headings
    rows = _decode_csv(b"Name,Stage" + b"," * 1_000_000 + b"\nA,s\n", "touchpoints.csv")
    assert [len(row) for row in rows] == [_MAX_COLUMNS, 2]
    assert [tp.name for tp in csv_to_journey(touchpoints_csv("Name,Stage" + "," * 1_000_000 + "\nA,s\n")).touchpoints] \
        == ["A"]


def test_more_csv_files_than_a_journey_has_tables_are_refused_unread() -> None:
    # a 112 KB zip of 100 files of blank lines took 12 s (59 s before CSV reading was bounded)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index in range(100):
            archive.writestr(f"t{index}.csv", b"Name,Stage\n" + b"\n" * 300_000)
        archive.writestr("__MACOSX/._t0.csv", b"x")  # not counted
    assert problems_of(zip_to_journey, buffer.getvalue()) == [
        "holds 100 CSV files; a journey has at most four tables (touchpoints, connections, stages, journey): "
        "keep only those"]
    files = {f"t{index}.csv": b"Name,Stage\nA,s\n" for index in range(9)}
    assert problems_of(csv_to_journey, files, source="t0.csv") == [
        "is one of 9 CSV files given as one journey, which has at most four tables (touchpoints, connections, "
        "stages, journey): give only those"]
    # up to eight are still read, and what is wrong with them said one by one
    del files["t8.csv"]
    assert problems_of(csv_to_journey, files)[0] == "t1.csv: is a second touchpoints table (the first is t0.csv); give only one"


def test_a_table_running_on_with_blank_rows_says_so_not_too_many_touchpoints() -> None:
    from journeymap.formats.spreadsheet.tables import MAX_SCANNED_ROWS as _MAX_SCANNED_ROWS

    # 2 steps, then blank rows (formatted rows of a sheet read the same) and a stray cell far below:
    # this was "has more than 10,000 touchpoints"
    text = "Name,Stage\nA,s\nB,s\n" + ",\n" * _MAX_SCANNED_ROWS + "stray,\n"
    assert problems_of(csv_to_journey, touchpoints_csv(text)) == [
        "touchpoints.csv: goes on past row 200,000, the most journeymap reads, blank rows included: delete the empty "
        "rows below the table"]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Touchpoints"
    sheet.append(["Name", "Stage"])
    sheet.append(["A", "s"])
    sheet.cell(row=_MAX_SCANNED_ROWS + 5, column=1, value="stray")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert problems_of(xlsx_to_journey, buffer.getvalue()) == [
        "sheet Touchpoints: goes on past row 200,000, the most journeymap reads, blank rows included: delete the "
        "empty rows below the table"]


def test_too_large_files_are_refused() -> None:
    assert problems_of(csv_to_journey, {"touchpoints.csv": b" " * (20 * 1024 * 1024 + 1)}) == [
        "touchpoints.csv: is 20.0 MB; journeymap reads files up to 20 MB"]
    assert problems_of(xlsx_to_journey, b"PK" + bytes(20 * 1024 * 1024)) == [
        "is 20.0 MB; journeymap reads files up to 20 MB"]


# ---- any bytes: a journey or a clear error, never a traceback


@given(st.binary(max_size=400) | st.text(",;\n\"'=-abc12 .%").map(str.encode))
@settings(max_examples=200)
def test_any_csv_bytes_give_a_journey_or_a_journey_file_error(data: bytes) -> None:
    for files in ({"touchpoints.csv": data}, {"touchpoints.csv": b"Name,Stage\nA,s\n", "connections.csv": data},
                  {"x.csv": data}):
        try:
            assert isinstance(csv_to_journey(files), Journey)
        except JourneyFileError as error:
            assert error.problems


VALID_ZIP = journey_to_zip(make([{"id": "a"}, {"id": "b"}], [{"from": "a", "to": "b"}]))
VALID_XLSX = journey_to_xlsx(make([{"id": "a"}, {"id": "b"}], [{"from": "a", "to": "b"}]))


@st.composite
def damaged(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return bytes(data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data)


@given(st.binary(max_size=300) | damaged(VALID_ZIP))
@settings(max_examples=150)
def test_any_zip_bytes_give_a_journey_or_a_journey_file_error(data: bytes) -> None:
    try:
        assert isinstance(zip_to_journey(data), Journey)
    except JourneyFileError as error:
        assert error.problems


@given(st.binary(max_size=300) | damaged(VALID_XLSX))
def test_any_xlsx_bytes_give_a_journey_or_a_journey_file_error(data: bytes) -> None:
    try:
        assert isinstance(xlsx_to_journey(data), Journey)
    except JourneyFileError as error:
        assert error.problems


def test_a_title_above_the_headings_is_passed_over() -> None:
    # a café owner types a title over the table, merged across it, and leaves a blank row
    data = workbook_bytes({"Café journey": [["Morning coffee at Bean There"], [],
                                            ["Stage", "Step", "Emotion", "friction", "Goal"],
                                            ["Arrive", "Walks in", "+2", "3", None],
                                            ["Enjoy", "Drinks coffee", 4, 0, "Yes"]]})
    journey = xlsx_to_journey(data)
    assert [(tp.name, tp.stage, tp.emotion, tp.friction, tp.goal) for tp in journey.touchpoints] == [
        ("Walks in", "arrive", 2, 3, False), ("Drinks coffee", "enjoy", 4, 0, True)]
    assert journey.title == "Morning coffee at Bean There"  # the title typed over the table is its title
    # in a CSV the title line may have no separator at all; the first line with one tells ";"
    journey = csv_to_journey(touchpoints_csv("Bean There Café\n\nStep;Stage;Emotion\nQueues;Arrive;-2,5\n"))
    assert [(tp.name, tp.emotion) for tp in journey.touchpoints] == [("Queues", -2.5)]
    assert journey.title == "Bean There Café"
    # a Journey table's title, where there is one, comes first
    files = {**touchpoints_csv("Bean There Café\nStep,Stage\nQueues,Arrive\n"),
             "journey.csv": b"Field,Value\nTitle,Saturday brunch\n"}
    assert csv_to_journey(files).title == "Saturday brunch"
    # problems name the rows as the spreadsheet shows them
    assert problems_of(csv_to_journey, touchpoints_csv("Bean There\nName,Stage,Friction\nA,s,high\n")) == [
        'touchpoints.csv row 3, column "Friction": must be a number from 0 to 10, got "high"']


def test_without_a_known_heading_the_first_row_is_the_heading_row() -> None:
    rows = "".join(f"r{number},x\n" for number in range(8))
    assert problems_of(csv_to_journey, {"data.csv": ("Who,What\n" + rows).encode()}) == [
        "data.csv: cannot tell which table this is: touchpoints need a Name and a Stage column, connections a From "
        "and a To column",
        "found no touchpoints table (only data.csv); a journey needs one with a Name and a Stage column, "
        "one row per step"]


def test_a_totals_row_is_told_to_be_deleted() -> None:
    assert problems_of(csv_to_journey, touchpoints_csv("Stage,Step,Friction\nArrive,Walks in,3\nTotal,,3\n")) == [
        'touchpoints.csv row 3, column "Step": is empty: give the step a name (a row of totals or remarks is not a '
        'step; delete it)']


def test_data_beyond_the_last_heading_is_not_dropped_silently() -> None:
    data = workbook_bytes({"Touchpoints": [["Stage", "Step", "Pain points"],
                                           ["Arrive", "Walks in", "Queue", "Door is heavy"]]})
    assert problems_of(xlsx_to_journey, data) == ["sheet Touchpoints row 1: column D holds data but has no heading"]
    assert problems_of(csv_to_journey, touchpoints_csv("Name,Stage\nA,s,oops\n")) == [
        "touchpoints.csv row 1: column 3 holds data but has no heading"]


def test_a_next_step_column_says_where_moves_go() -> None:
    assert problems_of(csv_to_journey, touchpoints_csv("Step,Stage,Next step\nWalks in,Arrive,Queues\n")) == [
        'touchpoints.csv row 1, column "Next step": a step\'s next step is not a column of the touchpoints table: '
        'list each move as a row of a Connections sheet (or connections.csv) with a "From" and a "To" column, by '
        'step name or ID']


def test_headings_people_type_for_the_same_columns() -> None:
    text = "Phase,Action,Pain point,Opportunity,Quote,Note\nArrive,Queues,Too long,Second till,Ugh,busy at 8\n"
    (touchpoint,) = csv_to_journey(touchpoints_csv(text)).touchpoints
    assert (touchpoint.stage, touchpoint.name, touchpoint.pain_points, touchpoint.opportunities, touchpoint.quotes,
            touchpoint.notes) == ("arrive", "Queues", ["Too long"], ["Second till"], ["Ugh"], "busy at 8")


def test_an_empty_csv_or_one_with_only_headings_says_so() -> None:
    assert problems_of(csv_to_journey, {"team.csv": b""}, source="team.csv") == [
        "is empty: a journey needs at least a touchpoints table with a heading row (Name, Stage, …) and a row per step"]
    assert problems_of(csv_to_journey, {"touchpoints.csv": b"\xef\xbb\xbf\r\n", "connections.csv": b""}) == [
        "touchpoints.csv: is empty: a journey needs at least a touchpoints table with a heading row (Name, Stage, …) "
        "and a row per step",
        "connections.csv: is empty: a journey needs at least a touchpoints table with a heading row (Name, Stage, …) "
        "and a row per step"]
    # headings only: one message, not also the file format's "stages: needs at least 1 item"
    assert problems_of(csv_to_journey, touchpoints_csv("Name,Stage\n")) == [
        "touchpoints.csv: has headings but no rows under them: add one row per step"]
    assert problems_of(csv_to_journey, touchpoints_csv("Name,Stage\nA,\n")) == [
        'touchpoints.csv row 2, column "Stage": is empty: give the stage id or name']
