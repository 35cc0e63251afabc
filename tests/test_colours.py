"""Colours every eye can read: the emotion scale and the advice badges apart under the three colour-vision
deficiencies, and every text of every chart, report and app style at 4.5:1 (WCAG 2, level AA) or more.

The deficiencies are simulated with colorspacious (Machado et al. 2009) at severity 100, that is complete
deuteranopia, protanopia and tritanopia, and differences are measured as ΔE in CAM02-UCS, where about 1 is
the least difference seen side by side. docs/app.md, "Colours every eye can read", states the figures.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from journeymap import analyze, load
from journeymap.charts import automation_matrix_chart, emotion_curve_json, full_report_spec, journey_map_json
from journeymap.charts.contrast import contrast_ratio, mix, rgb
from journeymap.charts.flags import with_flags
from journeymap.charts.images import chart_image
from journeymap.charts.style import BAND_EVEN, BAND_ODD, EMOTION_RANGE, INK, NO_EMOTION, emotion_colour, emotion_sign
from journeymap.reports.html import _css
from journeymap.ui.phone import PHONE_STYLE
from journeymap.ui.text import STYLE
from journeymap.vocabulary import RECOMMENDATION_COLOURS, RECOMMENDATIONS

ROOT = Path(__file__).resolve().parents[1]
AA = 4.5  # WCAG 2's level AA for text
#: colorspacious's names of the three deficiencies; severity 100 is the whole deficiency (an -opia).
VISIONS = {"normal": None, "deuteranopia": "deuteranomaly", "protanopia": "protanomaly", "tritanopia": "tritanomaly"}
#: The pairs of the emotion scale that must stay apart, and by how much at least (ΔE, CAM02-UCS), under
#: every vision: the ends and the middle by far; a mild −1 and +1 still clearly (the sign in the mark
#: tells them apart as well); two steps along one side as a gradient should.
EMOTION_FLOORS = {(-5, 0): 40, (0, 5): 40, (-5, 5): 40, (-3, 3): 30, (-1, 1): 10, (-5, -3): 15, (3, 5): 15}
ADVICE_FLOOR = 15


def seen(colour: str, vision: str) -> np.ndarray:
    """The colour (sRGB, 0…1) as a viewer with ``vision`` sees it."""
    value = np.array(rgb(colour)) / 255
    if VISIONS[vision] is None:
        return value
    simulated = cspace_convert(value, {"name": "sRGB1+CVD", "cvd_type": VISIONS[vision], "severity": 100}, "sRGB1")
    return np.clip(simulated, 0, 1)


def difference(first: str, second: str, vision: str) -> float:
    """ΔE in CAM02-UCS between two colours as seen with ``vision``."""
    return float(deltaE(seen(first, vision), seen(second, vision), input_space="sRGB1"))


def emotion_differences() -> dict[str, dict[tuple[int, int], float]]:
    return {vision: {(a, b): difference(emotion_colour(a), emotion_colour(b), vision) for a, b in EMOTION_FLOORS}
            for vision in VISIONS}


def smallest_advice_difference(vision: str) -> tuple[float, str, str]:
    return min((difference(RECOMMENDATION_COLOURS[a], RECOMMENDATION_COLOURS[b], vision), a, b)
               for a, b in itertools.combinations(RECOMMENDATIONS, 2))


# --- colours apart under every vision --------------------------------------------------------------


def test_the_simulation_sees_the_problem_of_red_against_green() -> None:
    # the scale before: red −5 and green +5 were 53 apart for normal vision and 7 for a deuteranope
    assert difference("#c62828", "#2e7d32", "normal") > 50
    assert difference("#c62828", "#2e7d32", "deuteranopia") < 8


@pytest.mark.parametrize("vision", VISIONS)
def test_the_emotion_scale_stays_apart_under_every_vision(vision: str) -> None:
    measured = emotion_differences()[vision]
    too_close = {pair: round(value, 1) for pair, value in measured.items() if value < EMOTION_FLOORS[pair]}
    assert not too_close, f"{vision}: pairs under their floor {too_close}"


def test_the_neutral_mark_differs_from_the_lanes_and_from_no_emotion() -> None:
    neutral = emotion_colour(0)
    assert neutral == EMOTION_RANGE[1]
    assert min(difference(neutral, band, "normal") for band in (BAND_EVEN, BAND_ODD)) > 4  # greys: the same for every vision
    assert difference(neutral, NO_EMOTION, "normal") > 10


@pytest.mark.parametrize("vision", VISIONS)
def test_the_advice_colours_stay_apart_under_every_vision(vision: str) -> None:
    value, first, second = smallest_advice_difference(vision)
    assert value >= ADVICE_FLOOR, f"{vision}: {first} and {second} are {value:.1f} apart"


@pytest.mark.parametrize("recommendation", RECOMMENDATIONS)
def test_a_badge_names_its_advice_in_white_that_reads(recommendation: str) -> None:
    assert contrast_ratio("white", RECOMMENDATION_COLOURS[recommendation]) >= AA


def test_the_sign_in_a_mark_reads_on_every_emotion_of_the_scale() -> None:
    for tenth in range(-50, 51):
        glyph, ink = emotion_sign(tenth / 10)
        assert bool(glyph) == (tenth != 0)
        if glyph:
            assert contrast_ratio(ink, emotion_colour(tenth / 10)) >= AA, tenth / 10
    assert emotion_sign(-5)[1] == "#ffffff" and emotion_sign(5)[1] == "#ffffff"  # white on both dark ends


def test_the_docs_state_the_figures_measured_here() -> None:
    text = (ROOT / "docs" / "app.md").read_text(encoding="utf-8")
    section = text[text.index("## Colours every eye can read"):]
    section = section[:section.index("\n## ", 3)]
    measured = emotion_differences()
    for vision in VISIONS:
        (line,) = [line for line in section.splitlines() if line.startswith(f"| {vision} |")]
        cells = [cell.strip() for cell in line.strip("|").split("|")][1:]
        stated = [float(cell) for cell in cells]
        expected = [round(measured[vision][pair], 1) for pair in EMOTION_FLOORS] + [round(smallest_advice_difference(vision)[0], 1)]
        assert stated == expected, f"docs/app.md, {vision}: {stated} != {expected}"


# --- text on every chart ---------------------------------------------------------------------------
#
# Each text layer sits on a background the test states, so that a new text layer has to say where it
# goes: the map's names sit in boxes of their lane's colour, which a connection may shine through.

DISCUSS = "Discuss this"


@pytest.fixture(scope="module")
def clinic() -> tuple[Any, dict[str, Any]]:
    journey = load(ROOT / "sample_journeys" / "dental_clinic.json")  # every advice, both signs
    return journey, analyze(journey)


def chart_specs(clinic: tuple[Any, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    journey, analysis = clinic
    flagged = with_flags(journey_map_json(journey, analysis), {tp.id: DISCUSS for tp in journey.touchpoints[:3]})
    return {
        "map": journey_map_json(journey, analysis, selectable=True),
        "map without analysis": journey_map_json(journey),
        "map with flags": flagged,
        "emotion curve": emotion_curve_json(journey, analysis),
        "automation matrix": automation_matrix_chart(analysis).to_dict(),
        "report image": full_report_spec(journey, analysis),
    }


def _bands(row: dict[str, Any]) -> list[str]:
    return [BAND_EVEN, BAND_ODD]


def _name_box(spec: dict[str, Any], datasets: dict[str, Any]) -> Any:
    """A name's box (its exit line's too): its lane's colour at the box's opacity over the darkest line
    that may cross it."""
    box = _layer(spec, "touchpoint_name_boxes")["mark"]["fillOpacity"]
    line = _layer(spec, "connections")["encoding"]["color"]["value"]
    bands = {row["id"]: row["band"] for row in datasets["touchpoints"]}
    return lambda row: [mix(line, bands[row["id"]], box)]


def _quadrant_tint(spec: dict[str, Any], datasets: dict[str, Any]) -> Any:
    opacity = _layer(spec, "quadrants")["mark"]["opacity"]
    return lambda row: [mix("#ffffff", RECOMMENDATION_COLOURS[row["recommendation"]], opacity)]


def _every_quadrant_tint(spec: dict[str, Any], datasets: dict[str, Any]) -> Any:
    opacity = _layer(spec, "quadrants")["mark"]["opacity"]
    return lambda row: [mix("#ffffff", colour, opacity) for colour in RECOMMENDATION_COLOURS.values()]


#: What each text layer of the charts is drawn on: given the view's spec and the chart's datasets, the
#: backgrounds of one row.
BACKGROUNDS: dict[str, Any] = {
    "blueprint_line_labels": lambda spec, datasets: _bands,
    "lane_labels": lambda spec, datasets: lambda row: [row["band"]],
    "stage_labels": lambda spec, datasets: lambda row: ["#ffffff"],  # above the lanes, on the chart's white
    "share_labels": lambda spec, datasets: lambda row: [_layer(spec, "share_label_background")["mark"]["fill"]],
    "badge_labels": lambda spec, datasets: lambda row: [RECOMMENDATION_COLOURS[row["recommendation"]]],
    "emotion_signs": lambda spec, datasets: lambda row: [emotion_colour(row["colour_value"])] if row["sign"] else [],
    "pain_ranks": lambda spec, datasets: _bands,
    "touchpoint_names": _name_box,
    "exits": _name_box,
    "flags": lambda spec, datasets: _bands,
    "peak_end_labels": lambda spec, datasets: lambda row: ["#ffffff"],
    # the emotion lane is one more band of the map: its scale, title, message and point labels are on it
    # (the point labels on a white box drawn at 85% over the band)
    "emotion_lane_scale_labels": lambda spec, datasets: _bands,
    "emotion_lane_title": lambda spec, datasets: _bands,
    "emotion_lane_message": lambda spec, datasets: _bands,
    "emotion_lane_labels": lambda spec, datasets: lambda row: [mix(band, "#ffffff", 0.85) for band in (BAND_EVEN, BAND_ODD)],
    "quadrant_names_left": _quadrant_tint,
    "quadrant_names_right": _quadrant_tint,
    "step_labels": _every_quadrant_tint,
}


def _layer(spec: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [layer for layer in spec["layer"] if layer.get("name") == name]
    return found


def _views(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The layered views of a chart: itself, or each part of a concatenation."""
    yield from spec.get("vconcat", [spec])


def _rows(layer: dict[str, Any], datasets: dict[str, Any]) -> list[dict[str, Any]]:
    data = layer["data"]
    return data["values"] if "values" in data else datasets[data["name"]]


def _text_colour(layer: dict[str, Any], row: dict[str, Any]) -> tuple[str, float]:
    """The colour a text layer draws a row in, and its opacity; a text with no colour of its own fails."""
    mark, encoding = layer["mark"], layer["encoding"]
    colour = encoding.get("color")
    if colour is None:
        chosen = mark.get("color", mark.get("fill"))
        # unset, Vega draws black but the app's Streamlit theme paints marks its blue #0068C9
        assert chosen is not None, f"{layer['name']} sets no colour"
    elif "condition" in colour:
        chosen = _conditional(colour, row)
    elif "value" in colour:
        chosen = colour["value"]
    elif colour.get("scale") is None:
        chosen = row[colour["field"]]
    else:
        scale = colour["scale"]
        chosen = scale["range"][scale["domain"].index(row[colour["field"]])]
    opacity = encoding.get("opacity")
    share = mark.get("opacity", 1.0) if opacity is None else _conditional(opacity, row)
    return chosen, share


def _conditional(channel: dict[str, Any], row: dict[str, Any]) -> Any:
    """A channel's value for a row, for the tests of the conditions the charts use ("datum.x", "!datum.x",
    "indexof(datum.x, 'c') == 0")."""
    test = channel["condition"]["test"]
    negated = test.startswith("!")
    if match := re.fullmatch(r"!?datum\.(\w+)", test):
        holds = bool(row[match[1]]) != negated
    elif match := re.fullmatch(r"indexof\(datum\.(\w+), '(.)'\) == 0", test):
        holds = row[match[1]].startswith(match[2])
    else:
        raise AssertionError(f"a condition this test does not read: {test}")
    return channel["condition"]["value"] if holds else channel["value"]


def text_checks(spec: dict[str, Any]) -> Iterator[tuple[str, str, str, float]]:
    """(layer, text, background, contrast) for every text of every text layer of the chart."""
    datasets = spec.get("datasets", {})
    for view in _views(spec):
        for layer in view["layer"]:
            if layer["mark"]["type"] != "text":
                continue
            name = layer["name"]
            assert name in BACKGROUNDS, f"say in BACKGROUNDS what the text layer {name!r} is drawn on"
            background_of = BACKGROUNDS[name](view, datasets)
            text_field = layer["encoding"]["text"]["field"]
            for row in _rows(layer, datasets):
                colour, opacity = _text_colour(layer, row)
                for background in background_of(row):
                    seen_colour = mix(background, colour, opacity)
                    yield name, str(row[text_field]), background, contrast_ratio(seen_colour, background)


def test_every_text_on_every_chart_reads_on_what_it_is_drawn_on(clinic: tuple[Any, dict[str, Any]]) -> None:
    checked: Counter[str] = Counter()
    for chart, spec in chart_specs(clinic).items():
        for name, text, background, ratio in text_checks(spec):
            assert ratio >= AA, f"{chart}, {name}: {text!r} on {background} is {ratio:.2f}:1"
            checked[name] += 1
    # every kind of text was met, none checked vacuously; the emotion lane's message is drawn only on a
    # journey without any emotion, met in test_a_journey_without_feelings_says_so_in_its_lane
    assert set(checked) == set(BACKGROUNDS) - {"emotion_lane_message"}


def test_the_checks_meet_every_badge_both_signs_and_the_flags(clinic: tuple[Any, dict[str, Any]]) -> None:
    specs = chart_specs(clinic)
    met = {(name, text) for name, text, _, _ in text_checks(specs["map with flags"])}
    assert {text for name, text in met if name == "badge_labels"} == {"AUTOMATE", "ASSIST", "KEEP HUMAN", "NOT A PRIORITY"}
    assert {text for name, text in met if name == "emotion_signs"} == {"+", "−"}
    assert ("flags", DISCUSS) in met


def test_an_empty_lane_is_named_in_a_colour_that_reads(clinic: tuple[Any, dict[str, Any]]) -> None:
    journey, _ = clinic
    empty = journey.model_copy(update={"touchpoints": [tp for tp in journey.touchpoints if tp.lane != "support"]})
    lanes = [check for check in text_checks(journey_map_json(empty)) if check[0] == "lane_labels"]
    assert [text for _, text, _, _ in lanes][-1] == "Support\nsystems"
    assert min(ratio for _, _, _, ratio in lanes) >= AA


# --- legends, axes and titles, as the app draws them -----------------------------------------------

#: What Streamlit's chart theme (st.vega_lite_chart's default, theme="streamlit") puts under a chart's
#: own config in a light app: grey guides ("gray70", 3.8:1 on white) and a blue for marks that set none.
STREAMLIT_THEME = {
    "background": "#ffffff",
    "title": {"color": "#31333F"},
    "axis": {"labelColor": "#808495", "titleColor": "#808495"},
    "legend": {"labelColor": "#808495", "titleColor": "#808495"},
    "mark": {"color": "#0068C9"},
}
_GUIDE_TEXT = re.compile(r'<g class="mark-text role-(legend-label|legend-title|axis-label|axis-title|title-text|title-subtitle)"'
                         r'[^>]*>(.*?)</g>', re.S)


def _themed(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with Streamlit's theme under its own config, merged as Streamlit merges it (the spec wins)."""
    def merge(under: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        merged = copy.deepcopy(under)
        for key, value in over.items():
            merged[key] = merge(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) else value
        return merged

    return {**spec, "config": merge(STREAMLIT_THEME, spec.get("config", {}))}


def _svg_colour(text: str) -> str:
    if match := re.fullmatch(r"rgb\((\d+), ?(\d+), ?(\d+)\)", text):
        return "#" + "".join(f"{int(channel):02x}" for channel in match.groups())
    return text


def test_the_themes_grey_would_not_read() -> None:
    assert contrast_ratio(STREAMLIT_THEME["legend"]["labelColor"], "#ffffff") < AA


def test_legends_axes_and_titles_read_in_the_app_and_in_images(clinic: tuple[Any, dict[str, Any]]) -> None:
    roles: Counter[str] = Counter()
    for chart, spec in chart_specs(clinic).items():
        svg = chart_image(_themed(spec), "svg").decode()
        for role, body in _GUIDE_TEXT.findall(svg):
            for fill, opacity, text in re.findall(r'<text[^>]*?fill="([^"]+)"(?:[^>]*?opacity="([\d.]+)")?[^>]*>(.*?)</text>', body, re.S):
                colour = mix("#ffffff", _svg_colour(fill), float(opacity or 1))
                ratio = contrast_ratio(colour, "#ffffff")
                assert ratio >= AA, f"{chart}, {role} {text[:40]!r}: {fill} is {ratio:.2f}:1 on white"
                roles[role] += 1
    assert set(roles) == {"legend-label", "legend-title", "axis-label", "axis-title", "title-text", "title-subtitle"}


def test_the_marks_are_filled_as_the_contrast_checks_assume(clinic: tuple[Any, dict[str, Any]]) -> None:
    journey, analysis = clinic
    svg = chart_image(journey_map_json(journey, analysis), "svg").decode()
    marks = re.search(r'class="mark-symbol role-mark touchpoints_marks".*?</g>', svg, re.S)[0]
    fills = re.findall(r'aria-label="[^"]*?colour_value: ([−\d.]+);[^"]*"[^>]*? fill="([^"]+)"', marks)
    assert len(fills) == len(journey.touchpoints)
    for value, fill in fills:
        emotion = float(value.replace("−", "-"))
        assert _svg_colour(fill) in {emotion_colour(emotion), *([NO_EMOTION] if emotion == 0 else [])}, value


# --- the report's and the app's style sheets ---------------------------------------------------------

#: Rules whose text sits inside another rule's box.
CONTAINERS = {".jm-phone-kind": ".jm-phone-note", ".jm-persona b": ".jm-persona"}
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b|\bwhite\b|\bblack\b")


def css_rules(css: str) -> dict[str, dict[str, str]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = dict(part.split(":", 1) for part in body.split(";") if ":" in part)
        for one in selector.split(","):
            rules.setdefault(one.strip(), {}).update({key.strip(): value.replace("!important", "").strip()
                                                  for key, value in declarations.items()})
    return rules


def css_checks(css: str, page: str, body_text: str) -> Iterator[tuple[str, str, str, float]]:
    """(rule, text colour, background, contrast) for each rule that sets a text colour or a background."""
    rules = css_rules(css)

    def background(selector: str) -> str | None:
        """The rule's background colour; none for a picture (the report's gradient of emotions holds no text)."""
        declarations = rules.get(selector, {})
        value = declarations.get("background", declarations.get("background-color", ""))
        return value if _COLOUR.fullmatch(value) else None

    def text_colour(selector: str) -> str:
        if "color" in rules[selector]:
            return rules[selector]["color"]
        parents = [other for other in rules if selector.startswith(other + ".") and "color" in rules[other]]
        return rules[max(parents, key=len)]["color"] if parents else body_text

    for selector, declarations in rules.items():
        own = background(selector)
        if "color" not in declarations and own is None:
            continue
        if own is None and any(other.startswith(selector + ".") and background(other) for other in rules):
            continue  # the colour of its kinds (.badge of .badge.automate…), checked on their backgrounds
        behind = own or background(CONTAINERS.get(selector, "")) or page
        colour = text_colour(selector)
        yield selector, colour, behind, contrast_ratio(colour, behind)


@pytest.mark.parametrize(("where", "css", "page", "body_text"), [
    ("the workshop report", _css(), "#ffffff", INK),
    ("the app", STYLE, "#ffffff", "#31333F"),  # Streamlit's light theme: its background and text
    ("the phone page", PHONE_STYLE, "#ffffff", "#31333F"),
])
def test_every_text_colour_of_the_style_sheets_reads(where: str, css: str, page: str, body_text: str) -> None:
    checks = list(css_checks(css, page, body_text))
    assert len(checks) >= 5
    failing = [f"{rule}: {colour} on {behind} {ratio:.2f}:1" for rule, colour, behind, ratio in checks if ratio < AA]
    assert not failing, f"{where}: {failing}"


def test_the_reports_badges_are_checked_in_their_own_colours() -> None:
    checks = {rule: (colour, behind) for rule, colour, behind, _ in css_checks(_css(), "#ffffff", INK)}
    assert {checks[f".badge.{key}"] for key in RECOMMENDATIONS} == {("#fff", colour) for colour in RECOMMENDATION_COLOURS.values()}


def test_a_journey_without_feelings_says_so_in_its_lane(clinic: tuple[Any, dict[str, Any]]) -> None:
    journey, _ = clinic
    bare = journey.model_copy(update={"touchpoints": [touchpoint.model_copy(update={"emotion": None, "staff_emotion": None})
                                                      for touchpoint in journey.touchpoints]})
    spec = journey_map_json(bare)
    checks = [check for check in text_checks(spec) if check[0] == "emotion_lane_message"]
    assert checks and all(ratio >= AA for *_, ratio in checks), checks
