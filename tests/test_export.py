"""Images through vl-convert: each format writes a valid file that holds the map's text."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path

import pytest

from journeymap import analyze, journey_from_data, load, render_image
from journeymap.charts import label_lines
from journeymap.charts.images import chart_image, image_format
from journeymap.model import Journey

from .test_charts import DINER, DINER_ANALYSIS

SAMPLES = Path(__file__).resolve().parents[1] / "sample_journeys"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always comes first after the signature."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> list[str]:
    root = ElementTree.fromstring(data)  # raises if the SVG is not well-formed XML
    assert root.tag.endswith("svg")
    texts = []
    for element in root.iter():
        if element.tag.endswith("}text") or element.tag == "text":
            texts.append("".join(element.itertext()))
            # a multi-line label is one <text> with a <tspan> per line
            texts.extend(child.text or "" for child in element if child.tag.endswith("tspan"))
    return texts


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """The PDF's numbered objects (``N 0 obj … endobj``), each as its raw bytes."""
    return {int(number): body for number, body in re.findall(rb"(?m)^(\d+) 0 obj\s(.*?)endobj", data, re.S)}


def pdf_stream(body: bytes) -> bytes:
    """An object's stream, inflated when it is Flate-compressed (vl-convert compresses the pages)."""
    head, _, rest = body.partition(b"stream")
    length = re.search(rb"/Length (\d+)\b(?! 0 R)", head)
    assert length is not None, "a stream without a direct /Length"
    raw = rest.removeprefix(b"\r\n") if rest.startswith(b"\r\n") else rest.removeprefix(b"\n")
    raw = raw[: int(length.group(1))]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def pdf_literal(raw: bytes) -> bytes:
    """A PDF literal string's bytes, its escapes (octal codes, escaped brackets) undone."""
    named = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def undo(match: re.Match[bytes]) -> bytes:
        code = match.group(1)
        return bytes([int(code, 8)]) if code[:1].isdigit() else named.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", undo, raw, flags=re.S)


def pdf_text(data: bytes) -> str:
    """The text a PDF shows, in drawing order, with no separators between strings.

    vl-convert embeds subsets of the fonts with two-byte glyph codes (Identity-H) and a ToUnicode
    map per font, and writes each glyph with its own ``Tj``: the text is read back through those maps.
    """
    objects = pdf_objects(data)
    unicode_of: dict[int, dict[int, str]] = {}  # font object -> glyph code -> text
    for number, body in objects.items():
        cmap = re.search(rb"/ToUnicode (\d+) 0 R", body)
        if cmap:
            pairs = re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", pdf_stream(objects[int(cmap.group(1))]).split(b"beginbfchar", 1)[-1])
            unicode_of[number] = {int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be") for code, text in pairs}
    fonts = {name: unicode_of[int(number)] for body in objects.values() for resources in re.findall(rb"/Font\s*<<(.*?)>>", body, re.S)
             for name, number in re.findall(rb"/(\w+) (\d+) 0 R", resources) if int(number) in unicode_of}
    text: list[str] = []
    for body in objects.values():
        if b"stream" not in body:
            continue
        font: dict[int, str] = {}
        for match in re.finditer(rb"/(\w+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", pdf_stream(body), re.S):
            if match.group(1):
                font = fonts.get(match.group(1), {})
            else:
                codes = pdf_literal(match.group(2))
                text.extend(font.get(int.from_bytes(codes[i:i + 2], "big"), "") for i in range(0, len(codes), 2))
    return "".join(text)


@pytest.fixture
def diner() -> Journey:
    return journey_from_data(DINER)


def test_png_is_a_png_whose_size_follows_the_scale(diner: Journey) -> None:
    one = render_image(diner, "png", scale=1, analysis=DINER_ANALYSIS)
    two = render_image(diner, "png", analysis=DINER_ANALYSIS)  # scale 2 by default
    assert isinstance(one, bytes) and isinstance(two, bytes)
    width, height = png_size(one)
    assert width > 900 and height > 900  # four stages of map, a legend and the curve
    assert png_size(two) == (2 * width, 2 * height)


def test_svg_parses_and_holds_the_title_and_every_touchpoint_name(diner: Journey) -> None:
    texts = svg_texts(render_image(diner, "svg", analysis=DINER_ANALYSIS))
    joined = "\n".join(texts)
    assert DINER["title"] in texts
    assert "Persona: Maya — Office worker with a 45-minute lunch break" in texts
    for touchpoint in DINER["touchpoints"]:
        for line in label_lines(touchpoint["name"]):
            assert line in joined, touchpoint["id"]
    for stage in DINER["stages"]:
        assert stage["name"] in texts
    assert {"line of interaction", "line of visibility", "AUTOMATE", "KEEP HUMAN", "#1", "70%"} <= set(texts)
    assert "↘ 14% leave here" in texts


def test_pdf_is_one_page_of_the_image_size_that_holds_the_title_and_names(diner: Journey) -> None:
    data = render_image(diner, "pdf", analysis=DINER_ANALYSIS)
    assert isinstance(data, bytes) and data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    assert re.findall(rb"/Type /Page\b", data) == [b"/Type /Page"]  # one page (and /Type /Pages)
    (box,) = re.findall(rb"/MediaBox \[([^\]]*)\]", data)
    left, bottom, width, height = (float(number) for number in box.split())
    # a vector image ignores the scale: a point of the page is a pixel of the SVG (and of the PNG at scale 1)
    svg = ElementTree.fromstring(render_image(diner, "svg", analysis=DINER_ANALYSIS))
    assert (left, bottom, width, height) == (0, 0, float(svg.get("width")), float(svg.get("height")))
    # the map alone is 178 (lane titles) + 6 slots × 210 + 24 = 1462 px wide, in 24 px of padding each side
    assert width >= 1462 + 2 * 24
    assert (round(width), round(height)) == png_size(render_image(diner, "png", scale=1, analysis=DINER_ANALYSIS))
    text = pdf_text(data)
    assert DINER["title"] in text
    assert "Persona: Maya — Office worker with a 45-minute lunch break" in text
    assert "Waits to be seated" in text and "↘ 14% leave here" in text


def test_pdf_text_reads_what_the_pdf_shows() -> None:
    # a hand-made page: one font whose glyphs 1 and 2 are "H" and "i", and one string showing both
    cmap = b"1 beginbfchar\n<0001> <0048>\n<0002> <0069>\nendbfchar"
    content = zlib.compress(b"BT /fo0 12 Tf (\\000\\001\\000\\002) Tj ET")
    data = (b"1 0 obj\n<< /Resources << /Font << /fo0 2 0 R >> >> >>\nendobj\n"
            b"2 0 obj\n<< /Type /Font /ToUnicode 3 0 R >>\nendobj\n"
            b"3 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (len(cmap), cmap)
            + b"4 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n" % (len(content), content))
    assert pdf_text(data) == "Hi"


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_a_path_writes_the_file_and_returns_its_path(diner: Journey, tmp_path: Path, suffix: str) -> None:
    target = tmp_path / f"map.{suffix.upper()}"
    written = render_image(diner, target, analysis=DINER_ANALYSIS, scale=1)
    assert written == target and target.is_file()
    head = target.read_bytes()[:8]
    assert {"png": head == PNG_SIGNATURE, "svg": head.startswith(b"<svg"), "pdf": head.startswith(b"%PDF")}[suffix]
    assert [p.name for p in tmp_path.iterdir()] == [target.name]  # no partial file left behind


def test_the_analysis_is_computed_when_not_given(diner: Journey) -> None:
    texts = svg_texts(render_image(diner, "svg"))
    figures = analyze(diner)
    completion = figures["journey"]["completion"]
    assert any(f"{completion * 100:.0f}% complete the journey" in text for text in texts)


@pytest.mark.parametrize("bad", ["map.jpg", "map", "gif"])
def test_unknown_formats_are_refused(diner: Journey, bad: str) -> None:
    with pytest.raises(ValueError, match="png, .svg or .pdf"):
        render_image(diner, bad, analysis=DINER_ANALYSIS)


@pytest.mark.parametrize("scale", [0, -1, 5, float("nan"), True])
def test_scales_out_of_range_are_refused(diner: Journey, scale: float) -> None:
    with pytest.raises(ValueError, match="scale"):
        render_image(diner, "png", scale=scale, analysis=DINER_ANALYSIS)


def test_image_format_reads_extensions_and_bare_names() -> None:
    assert [image_format(x) for x in ("a.png", "b.SVG", "c.pdf", "pdf", Path("d/e.png"))] == ["png", "svg", "pdf", "pdf", "png"]


def test_chart_image_refuses_an_unknown_format(diner: Journey) -> None:
    with pytest.raises(ValueError, match="unknown image format"):
        chart_image({}, "bmp")


def test_a_forty_touchpoint_journey_is_not_clipped() -> None:
    """Every mark and name lies inside the drawn image: the image grows with the journey."""
    journey = generated_journey(40, stages=8)
    # in one row, as the app draws it (an image of a map this wide is wrapped by default: test_map_rows)
    data = render_image(journey, "svg", analysis=analyze(journey), rows=1)
    root = ElementTree.fromstring(data)
    width, height = float(root.get("width")), float(root.get("height"))
    texts = svg_texts(data)
    for touchpoint in journey.touchpoints:
        assert label_lines(touchpoint.name)[0] in texts
    png_width, png_height = png_size(render_image(journey, "png", scale=1, analysis=analyze(journey), rows=1))
    assert (png_width, png_height) == (round(width), round(height))
    # The map is as wide as its fullest columns need: 8 stages × 2 steps side by side × 210 px.
    assert width >= 8 * 2 * 210


def generated_journey(count: int, stages: int) -> Journey:
    """A chain of ``count`` steps over ``stages`` stages, every fifth one backstage, for size tests."""
    lanes = ["customer", "customer", "frontstage", "customer", "backstage"]
    touchpoints = [
        {"id": f"t{i}", "name": f"Step {i}: the customer does something rather wordy here", "stage": f"s{i * stages // count}",
         "lane": lanes[i % len(lanes)], "emotion": (i % 11) - 5, "friction": i % 10}
        for i in range(count)
    ]
    return journey_from_data({
        "title": f"Generated journey of {count} steps",
        "customers_per_week": 100,
        "stages": [{"id": f"s{k}", "name": f"Stage {k}"} for k in range(stages)],
        "touchpoints": touchpoints,
        "connections": [{"from": f"t{i}", "to": f"t{i + 1}", "share": 0.95} for i in range(count - 1)],
    })


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.json")))
def test_every_sample_renders_to_png(sample: str) -> None:
    journey = load(SAMPLES / sample)
    width, height = png_size(render_image(journey, "png", scale=1))
    assert width > 1000 and height > 900
