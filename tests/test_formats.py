"""`journeymap convert` and journeymap.formats: every format by extension, files beside each other,
usage errors. The formats' own details are tested in test_mermaid, test_spreadsheet and
test_workshop_report; here each is driven end to end through files on disk."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from journeymap import load
from journeymap.cli import main
from journeymap.errors import JourneyFileError
from journeymap.formats import (
    READ_FORMATS,
    WRITE_FORMATS,
    UnknownFormatError,
    file_format,
    journey_from_bytes,
    journey_from_files,
    read_journey,
)
from journeymap.convert import export_files, write_journey
from journeymap.store.workspace import read_upload, read_uploads
from tests.journeys import make

SAMPLES = Path(__file__).resolve().parent.parent / "sample_journeys"
DINER = SAMPLES / "diner.json"

MERMAID = """journey
  title Getting a haircut
  section Book
    Call the salon: 2: Me
    Get a time: 4: Me, Receptionist
  section Visit
    Wait: 1: Me
"""


def test_every_readable_format_can_be_written_and_the_reports_only_written() -> None:
    assert set(WRITE_FORMATS) - set(READ_FORMATS) == {"html", "md"}
    for extension in READ_FORMATS:
        assert file_format(f"x.{extension}") == extension
        assert file_format(f"x.{extension.upper()}", writing=True) == extension
    with pytest.raises(UnknownFormatError, match="cannot read 'report.html'"):
        file_format("report.html")


@pytest.mark.parametrize("extension", ["mmd", "xlsx", "zip", "csv"])
def test_convert_to_a_format_and_back(extension: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    middle, back = tmp_path / f"diner.{extension}", tmp_path / "back.json"
    assert main(["convert", str(DINER), str(middle)]) == 0
    assert f"wrote {middle}" in capsys.readouterr().out
    assert main(["convert", str(middle), str(back)]) == 0
    if extension == "mmd":  # Mermaid keeps only the customer's steps, in order, one after another
        original = load(DINER)
        kept = [tp.name for tp in original.touchpoints if tp.lane in ("customer", "frontstage")]
        assert [tp.name for tp in load(back).touchpoints] == kept
    else:
        assert load(back) == load(DINER)


def test_csv_is_four_tables_side_by_side_and_read_back_together(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "team.csv"
    assert main(["convert", str(DINER), str(target)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["team.connections.csv", "team.csv", "team.journey.csv", "team.stages.csv"]
    assert capsys.readouterr().out.count("wrote ") == 4
    diner = load(DINER)
    with open(target, encoding="utf-8-sig", newline="") as stream:
        assert len(list(csv.reader(stream))) == 1 + len(diner.touchpoints)  # a heading row, then a row each
    assert read_journey(target) == diner


def test_a_lone_touchpoints_csv_reads_without_connections(tmp_path: Path) -> None:
    write_journey(load(DINER), tmp_path / "team.csv")
    (tmp_path / "team.connections.csv").unlink()
    journey = read_journey(tmp_path / "team.csv")
    assert journey.connections == [] and len(journey.touchpoints) == len(load(DINER).touchpoints)


def test_tables_named_touchpoints_find_their_connections(tmp_path: Path) -> None:
    tables = export_files(load(DINER), "x.csv")
    (tmp_path / "touchpoints.csv").write_bytes(tables["x.csv"])
    (tmp_path / "connections.csv").write_bytes(tables["x.connections.csv"])
    assert read_journey(tmp_path / "touchpoints.csv").connections == load(DINER).connections
    (tmp_path / "cafe-touchpoints.csv").write_bytes(tables["x.csv"])
    (tmp_path / "cafe-connections.csv").write_bytes(tables["x.connections.csv"])
    assert read_journey(tmp_path / "cafe-touchpoints.csv").connections == load(DINER).connections


@pytest.mark.parametrize(("name", "beside"), [("touchpoints.csv", "connections.csv"),
                                              ("cafe-touchpoints.csv", "cafe-connections.csv"),
                                              ("cafe.csv", "cafe.connections.csv")])
def test_csv_tables_are_written_where_reading_looks_for_them(name: str, beside: str, tmp_path: Path) -> None:
    written = write_journey(load(DINER), tmp_path / name)
    assert tmp_path / beside in written
    assert read_journey(tmp_path / name) == load(DINER)


def test_the_workshop_report_as_html(tmp_path: Path) -> None:
    target = tmp_path / "diner.html"
    assert main(["convert", str(DINER), str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Blue Spoon Diner" in page and "data:image/svg+xml;base64," in page and "<script" not in page.lower()


def test_the_markdown_report_brings_its_map_image(tmp_path: Path) -> None:
    target = tmp_path / "diner.md"
    assert main(["convert", str(DINER), str(target)]) == 0
    assert "](diner.png)" in target.read_text(encoding="utf-8")
    assert (tmp_path / "diner.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_mermaid_in_reads_as_a_chain_of_customer_steps(tmp_path: Path) -> None:
    source = tmp_path / "haircut.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    assert main(["convert", str(source), str(tmp_path / "haircut.json")]) == 0
    journey = load(tmp_path / "haircut.json")
    assert journey.title == "Getting a haircut"
    assert [stage.name for stage in journey.stages] == ["Book", "Visit"]
    assert [(tp.name, tp.emotion) for tp in journey.touchpoints] == [
        ("Call the salon", -2.5), ("Get a time", 2.5), ("Wait", -5.0)]  # (score - 3) × 2.5
    ids = [tp.id for tp in journey.touchpoints]
    assert [(c.from_, c.to) for c in journey.connections] == [(ids[0], ids[1]), (ids[1], ids[2])]


def test_validate_analyze_and_render_read_every_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "haircut.mmd"
    source.write_text(MERMAID, encoding="utf-8")
    assert main(["validate", str(source)]) == 0
    assert capsys.readouterr().out == f"{source}: valid (3 touchpoints, 2 connections)\n"
    assert main(["analyze", str(source), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["journey"]["title"] == "Getting a haircut"
    workbook = tmp_path / "diner.xlsx"
    write_journey(load(DINER), workbook)
    assert main(["render", str(workbook), "-o", str(tmp_path / "diner.svg")]) == 0
    assert "Blue Spoon Diner" in (tmp_path / "diner.svg").read_text(encoding="utf-8")


def test_unknown_formats_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(DINER), str(tmp_path / "out.docx")]) == 2
    assert "cannot write 'out.docx': journeymap writes .json, .mmd, .csv, .zip, .xlsx, .html, .md" in \
        capsys.readouterr().err
    (tmp_path / "in.txt").write_text("{}", encoding="utf-8")
    assert main(["convert", str(tmp_path / "in.txt"), str(tmp_path / "out.json")]) == 2
    assert main(["convert", str(DINER), str(tmp_path / "in.html")]) == 0  # reports are written …
    assert main(["convert", str(tmp_path / "in.html"), str(tmp_path / "out.json")]) == 2  # … never read
    assert "cannot read 'in.html'" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("broken.xlsx", b"PK\x03\x04 not really a workbook"), ("broken.zip", b"not a zip at all"),
     ("broken.mmd", b"journey\n  section A\n    Task: lots: Me\n"), ("broken.csv", b"\xff\xfe\x00\x01")],
)
def test_bad_files_are_invalid_input_with_no_traceback(name: str, content: bytes, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    assert main(["convert", str(source), str(tmp_path / "out.json")]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"{source}") and "Traceback" not in error
    assert not (tmp_path / "out.json").exists()


def test_a_missing_input_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(tmp_path / "nothing.xlsx"), str(tmp_path / "out.json")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'nothing.xlsx'}: no such file\n"


def test_bytes_of_each_format_read_back_by_name() -> None:
    diner = load(DINER)
    for extension in ("json", "xlsx", "zip"):
        (data,) = export_files(diner, f"diner.{extension}").values()
        assert journey_from_bytes(data, f"upload.{extension}") == diner
        assert read_upload(data, f"upload.{extension}") == diner


def test_uploaded_csv_tables_are_told_apart_by_their_headings() -> None:
    diner = load(DINER)
    tables = export_files(diner, "diner.csv")
    # named by the person who saved them, not by journeymap: the headings say which is which
    files = {"steps.csv": tables["diner.csv"], "arrows.csv": tables["diner.connections.csv"]}
    journey = read_uploads(files)
    assert journey.touchpoints == diner.touchpoints and journey.connections == diner.connections
    with pytest.raises(JourneyFileError, match="only when all are CSV tables"):
        journey_from_files({"a.csv": tables["diner.csv"], "b.json": b"{}"})


def test_zip_holds_the_four_tables() -> None:
    (data,) = export_files(load(DINER), "diner.zip").values()
    names = sorted(Path(name).name for name in zipfile.ZipFile(io.BytesIO(data)).namelist())
    assert names == ["connections.csv", "journey.csv", "stages.csv", "touchpoints.csv"]


def test_an_upload_of_an_unknown_kind_is_refused_with_what_is_read() -> None:
    with pytest.raises(JourneyFileError, match=r"notes.docx: cannot read 'notes.docx': journeymap reads \.json"):
        read_upload(b"hello", "notes.docx")


def test_a_file_under_the_wrong_extension_is_told_its_real_kind() -> None:
    from journeymap.convert import export_files
    from journeymap.formats import journey_from_bytes

    journey = make([{"id": "a", "emotion": 2}, {"id": "b"}], [{"from": "a", "to": "b"}])
    cases = [
        (export_files(journey, "x.csv")["x.csv"], "team.xlsx", "holds a CSV table: rename it to team.csv"),
        (export_files(journey, "x.xlsx")["x.xlsx"], "team.zip", "holds an Excel workbook: rename it to team.xlsx"),
        (export_files(journey, "x.xlsx")["x.xlsx"], "team.mmd", "holds an Excel workbook: rename it to team.xlsx"),
        (export_files(journey, "x.zip")["x.zip"], "team.xlsx", "holds a zip archive: rename it to team.zip"),
        (export_files(journey, "x.json")["x.json"], "team.mmd", "holds a journey file (JSON): rename it to team.json"),
        (export_files(journey, "x.mmd")["x.mmd"], "team.json", "holds a Mermaid diagram: rename it to team.mmd"),
    ]
    for data, name, says in cases:
        with pytest.raises(JourneyFileError) as caught:
            journey_from_bytes(data, name)
        suffix = name.rsplit(".", 1)[1]
        assert [str(problem) for problem in caught.value.problems] == [f"has the extension .{suffix} but {says} and open that"]
    # a file of the kind its name says keeps its own messages
    with pytest.raises(JourneyFileError) as caught:
        journey_from_bytes(b"journey\n  section S\n    A: 9: Me\n", "team.mmd")
    assert str(caught.value.problems[0]).startswith("line 3: the score 9")


def test_a_journey_file_saved_as_csv_is_told_its_real_kind(tmp_path: Path) -> None:
    (tmp_path / "team.csv").write_bytes(export_files(load(DINER), "x.json")["x.json"])
    for reading in (lambda: read_journey(tmp_path / "team.csv"),
                    lambda: read_upload((tmp_path / "team.csv").read_bytes(), "team.csv")):
        with pytest.raises(JourneyFileError) as caught:
            reading()
        assert [str(problem) for problem in caught.value.problems] == [
            "has the extension .csv but holds a journey file (JSON): rename it to team.json and open that"]
