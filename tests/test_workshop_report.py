"""The workshop report: every touchpoint, sticky note and figure, in HTML and Markdown, user text never markup."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journeymap import analyze, load
from journeymap.model import Journey
from journeymap.reports import html_report, markdown_report

from .journeys import make

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "sample_journeys").glob("*.json"))
VOID = {"meta", "img", "br", "hr", "link", "input"}


def clinic() -> Journey:
    """Four steps: books → on hold (80% go on; a pain point) → sees the dentist (goal), who relies on a reminder.

    By hand, with 100 customers a week: completion 0.8; 20% leave on hold (20 a week); the paths
    books → hold → dentist (0.8) and books → hold (0.2) are remembered as (−4 + 3) / 2 = −0.5 and
    (−4 + −4) / 2 = −4, so the journey as 0.8 × −0.5 + 0.2 × −4 = −1.2. Pain on hold: friction 8 and
    emotion −4 give 1 − (1 − 0.8)(1 − 0.8) = 0.96, reach 1: rank 1. Staff hours: the dentist 80 a
    week × 15 min = 20 h, the reminder (it supports the dentist) 80 × 3 min = 4 h, 24 h in all, of
    which the automated reminder's 4 h could be given back. Moments of truth: books → hold −5,
    hold → dentist +7.
    """
    return make(
        [
            {"id": "book", "name": "Books online", "emotion": 1, "friction": 2},
            {"id": "hold", "name": "Waits on hold", "emotion": -4, "friction": 8, "feeling": "anxious",
             "channel": "phone", "evidence": "observed",
             "automation": {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 4, "data_sensitivity": 3},
             "pain_points": ["Hold music loops"], "opportunities": ["Call-back button"],
             "quotes": ["I thought they had hung up"], "notes": "Worst at 9 am"},
            {"id": "dentist", "name": "Sees the dentist", "lane": "frontstage", "emotion": 3, "goal": True,
             "staff_minutes": 15, "automation": {"empathy_need": 5}},
            {"id": "remind", "name": "Sends a reminder", "lane": "backstage", "staff_minutes": 3,
             "automation": {"rule_based": 5, "digital_input": 5, "variability": 1, "empathy_need": 1, "data_sensitivity": 1}},
        ],
        [{"from": "book", "to": "hold"}, {"from": "hold", "to": "dentist", "share": 0.8},
         {"from": "dentist", "to": "remind", "kind": "support"}],
        customers_per_week=100,
    )


class Page(HTMLParser):
    """An HTML page read back: tags in order, text per section, tables per section; nesting checked."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.section = ""
        self.texts: dict[str, list[str]] = {}
        self.tables: dict[str, list[list[list[str]]]] = {}
        self.title = ""
        self.h1 = ""
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"never closed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, dict(attrs)))
        if tag == "section":
            self.section = dict(attrs)["class"].split()[0]
        if tag == "table":
            self.tables.setdefault(self.section, []).append([])
        if tag == "tr":
            self.tables[self.section][-1].append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self.section][-1][-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.texts.setdefault(self.section, []).append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self.stack and self.stack[-1] == "title":
            self.title += data
        if "h1" in self.stack:
            self.h1 += data

    def text(self, section: str | None = None) -> str:
        parts = self.texts.get(section, []) if section is not None else [t for ts in self.texts.values() for t in ts]
        return "".join(parts)

    def rows(self, section: str) -> list[list[str]]:
        return [row for table in self.tables.get(section, []) for row in table]


def markdown_rows(text: str) -> list[list[str]]:
    """The cells of every Markdown table row, split at unescaped pipes."""
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]] for line in text.splitlines() if line.startswith("| ")]


def markdown_plain(text: str) -> str:
    """Markdown with its escapes undone: what a reader sees, give or take the formatting."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text.replace("<br>", "\n")))


# ---------------------------------------------------------------------------------------------
# Content, checked against figures computed by hand
# ---------------------------------------------------------------------------------------------


def test_the_journey_is_the_one_worked_out_by_hand() -> None:
    result = analyze(clinic())
    assert result["journey"]["completion"] == pytest.approx(0.8)
    assert result["journey"]["remembered_experience"] == pytest.approx(-1.2)
    assert [tp["automation"]["recommendation"] for tp in result["touchpoints"]] == ["not-a-priority", "assist", "keep-human", "automate"]


def test_html_holds_the_key_figures_pain_drop_off_moments_and_every_touchpoint() -> None:
    journey = clinic()
    page = Page(html_report(journey, images=False))
    assert page.problems == []
    figures = {row[0]: row[1:] for row in page.rows("figures")}
    assert figures["Customers a week"][0] == "100"
    assert figures["Customers who finish"][0] == "80%"
    assert figures["Remembered experience"][0] == "-1.2 (a mildly bad memory)"
    assert figures["Staff hours a week"][0] == "24.0"
    assert figures["Hours automation could give back"][0] == "4.0"

    pain_rows = page.rows("pain")
    assert pain_rows[0] == ["Rank", "Step", "Stage", "Pain", "Why"]
    rank, name, stage, score, why = pain_rows[1]
    assert (rank, name, stage, score) == ("#1", "Waits on hold", "S", "0.96")
    assert why.startswith("Pain 0.96, a pain point: customers feel -4 (anxious) and meet friction 8 of 10")
    assert len(pain_rows) == 2  # books online (pain 0.2) is below the line

    assert page.rows("drop-offs")[1:] == [["Waits on hold", "S", "20%", "20"]]
    assert page.rows("moments")[1:] == [["Books online", "Waits on hold", "-5"], ["Waits on hold", "Sees the dentist", "+7"]]

    touchpoints = page.text("touchpoints")
    for name in ("Books online", "Waits on hold", "Sees the dentist", "Sends a reminder"):
        assert name in touchpoints
    for note in ("Hold music loops", "Call-back button", "“I thought they had hung up”", "Worst at 9 am", "-4 (anxious)",
                 "channel: phone", "evidence: observed"):
        assert note in touchpoints


def test_the_emotion_curve_follows_the_most_probable_path_with_peak_and_end() -> None:
    page = Page(html_report(clinic(), images=False))
    assert "Along the most probable path (80% of customers)." in page.text("curve")
    assert page.rows("curve")[1:] == [
        ["1", "Books online", "+1", "", ""],
        ["2", "Waits on hold", "-4 (anxious)", "", "the peak"],
        ["3", "Sees the dentist", "+3", "", "the end"],
    ]


def test_every_recommendation_is_listed_with_its_reasons_and_warnings() -> None:
    journey = clinic()
    result = analyze(journey)
    for report in (Page(html_report(journey, result, images=False)).text("advice"), markdown_plain(markdown_report(journey, result)).replace("**", "")):
        for heading in ("Automate: 1", "Assist (keep a person in the loop): 1",
                        "Keep human (invest staff time here): 1", "Not a priority: 1"):
            assert heading in report
        for touchpoint in result["touchpoints"]:
            advice = touchpoint["automation"]
            assert advice["reasons"][1:] and advice["reasons"][1] in report
            for text in advice["reasons"][1:] + advice["warnings"]:
                assert text in report
        assert "Watch out: Customers feel -4 here" in report


def test_the_sections_come_in_the_order_a_workshop_reads_them() -> None:
    page = Page(html_report(clinic(), images=False))
    sections = [attrs["class"].split()[0] for tag, attrs in page.starts if tag == "section"]
    assert sections == ["title", "figures", "map", "curve", "pain", "drop-offs", "moments", "advice", "touchpoints", "notes"]
    markdown = markdown_report(clinic())
    headings = [line for line in markdown.splitlines() if line.startswith("## ")]
    assert headings == ["## Key figures", "## The journey map", "## The emotion curve", "## Pain points", "## Where customers give up",
                        "## Moments of truth", "## Automation advice", "## Every touchpoint and sticky note", "## Notes on the figures"]


def test_touchpoints_are_listed_stage_by_stage_not_in_file_order() -> None:
    journey = make(
        [{"id": "pay", "stage": "end"}, {"id": "greet", "stage": "start"}, {"id": "wave", "stage": "end"}], [],
        stages=[{"id": "start", "name": "Arrive", "description": "From the door"}, {"id": "empty", "name": "Nothing here"},
                {"id": "end", "name": "Leave"}],
    )
    markdown = markdown_report(journey)
    part = markdown[markdown.index("## Every touchpoint"):]
    order = [line for line in part.splitlines() if line.startswith(("### ", "#### "))]
    assert order == ["### Stage: Arrive", "#### Greet", "### Stage: Nothing here", "### Stage: Leave", "#### Pay", "#### Wave"]
    assert "*From the door*" in part and "No touchpoints in this stage." in part


def test_unknown_figures_say_not_known_and_why() -> None:
    journey = make([{"id": "a", "emotion": 2}, {"id": "b"}], [])  # no flow, no customers a week
    page = Page(html_report(journey, images=False))
    figures = {row[0]: row[1:] for row in page.rows("figures")}
    assert figures["Customers a week"] == ["not known", "The number of customers a week is not given."]
    assert figures["Customers who finish"][0] == "not known"
    assert "no flow connections" in figures["Customers who finish"][1]
    assert figures["Staff hours a week"] == ["not known", "The number of customers a week is not given."]
    assert page.text("drop-offs").strip().endswith("Not known: the flow connections do not say where customers finish.")
    # the analysis note names the file field; the report says it in words
    assert "The number of customers a week is not given, so weekly volumes" in page.text("notes")
    assert "customers_per_week" not in page.text()


def test_staff_hours_are_not_known_when_no_step_records_staff_minutes() -> None:
    journey = make([{"id": "a"}, {"id": "b"}], [{"from": "a", "to": "b"}], customers_per_week=40)
    figures = {row[0]: row[1:] for row in Page(html_report(journey, images=False)).rows("figures")}
    assert figures["Staff hours a week"] == ["not known", "No step records its staff minutes."]
    assert figures["Customers a week"][0] == "40"


def test_the_thresholds_of_a_computed_analysis_are_the_ones_given() -> None:
    page = Page(html_report(clinic(), fit_threshold=90, risk_threshold=95, images=False))
    advice = page.text("advice")
    assert "90 or more counts as a high fit and 95 or more as a high risk" in advice
    assert "Automate: 1" not in advice  # the reminder's fit 87 is below 90 now


def test_an_empty_journey_gives_a_short_report_without_errors() -> None:
    journey = make([], [])
    page = Page(html_report(journey))
    assert page.problems == []
    assert "The journey has no touchpoints yet." in page.text("touchpoints")
    assert "The journey has no touchpoints yet." in markdown_report(journey)


@pytest.mark.parametrize("path", SAMPLES, ids=[path.stem for path in SAMPLES])
def test_every_sample_report_names_every_touchpoint_and_sticky_note(path: Path) -> None:
    journey = load(path)
    result = analyze(journey)
    page = Page(html_report(journey, result, images=False))
    assert page.problems == []
    text = page.text("touchpoints")
    markdown = markdown_plain(markdown_report(journey, result))
    for touchpoint in journey.touchpoints:
        notes = [touchpoint.name, *touchpoint.pain_points, *touchpoint.opportunities, *touchpoint.quotes]
        for note in notes + ([touchpoint.notes] if touchpoint.notes else []):
            assert note in text
            assert note in markdown


# ---------------------------------------------------------------------------------------------
# HTML: self-contained, printable, user text escaped
# ---------------------------------------------------------------------------------------------

NASTY_TITLE = "<script>alert(1)</script> & \"Co\" 'x' &amp;"
NASTY_NAME = "<img src=x onerror=alert(1)>"
NASTY_NOTE = "&amp; <b>bold</b> </section></main><script src=//evil></script>"


def nasty() -> Journey:
    return make(
        [{"id": "a", "name": NASTY_NAME, "emotion": -4, "friction": 9, "feeling": "<i>sad</i>",
          "pain_points": [NASTY_NOTE], "quotes": ["He said \"no\" & left <3"], "notes": "line one\n<hr>two"},
         {"id": "b", "name": "</td></tr></table><style>", "emotion": 3, "channel": "<u>web</u>"}],
        [{"from": "a", "to": "b", "share": 0.5}],
        title=NASTY_TITLE,
        description="</title><script>alert(2)</script>",
        persona={"name": "<svg onload=alert(3)>", "goals": ["<a href=javascript:alert(4)>win</a>"]},
        stages=[{"id": "s", "name": "<h1>Stage</h1>"}],
    )


def test_user_text_in_html_is_only_ever_text() -> None:
    journey = nasty()
    output = html_report(journey, images=False)
    assert "<script" not in output.lower()
    page = Page(output)
    assert page.problems == []
    tags = [tag for tag, _ in page.starts]
    assert not {"script", "img", "svg", "a", "b", "i", "u", "hr", "style"} & set(tags[tags.index("body"):])
    assert all(not name.startswith("on") for _, attrs in page.starts for name in attrs)
    assert page.title == f"{NASTY_TITLE} — journey report"
    assert page.h1 == NASTY_TITLE
    text = page.text()
    for typed in (NASTY_NAME, NASTY_NOTE, "He said \"no\" & left <3", "line one\n<hr>two", "-4 (<i>sad</i>)",
                  "</td></tr></table><style>", "channel: <u>web</u>", "<svg onload=alert(3)>", "<a href=javascript:alert(4)>win</a>",
                  "Stage: <h1>Stage</h1>", "</title><script>alert(2)</script>"):
        assert typed in text
    assert "&amp;amp;" in output  # the typed "&amp;" is shown as typed, not as "&"


def test_html_is_self_contained_and_printable() -> None:
    output = html_report(clinic(), images=False)
    page = Page(output)
    assert [tag for tag, _ in page.starts][:4] == ["html", "head", "meta", "meta"]
    assert page.starts[2][1] == {"charset": "utf-8"}
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", output) and "url(" not in output and "@import" not in output
    assert "@media print" in output and "size: A4" in output and "break-before: page" in output
    assert "<img" not in output and "The map's image is not included here." in page.text("map")  # images=False
    classes = [attrs.get("class", "") for tag, attrs in page.starts if tag == "span"]
    assert {"badge automate", "badge assist", "badge keep-human", "badge not-a-priority"} <= set(classes)
    assert ".badge.automate { background: #1565c0; }" in output  # the app's colours


@pytest.mark.parametrize("journey", [load(SAMPLES[0]), nasty()], ids=[SAMPLES[0].stem, "user-text-with-markup"])
def test_images_are_svg_data_uris_that_parse(journey: Journey) -> None:
    page = Page(html_report(journey))
    images = [attrs for tag, attrs in page.starts if tag == "img"]
    assert len(images) == 2  # the map and the emotion curve
    for attrs in images:
        source = attrs["src"] or ""
        prefix = "data:image/svg+xml;base64,"
        assert source.startswith(prefix)
        root = ElementTree.fromstring(base64.b64decode(source[len(prefix):], validate=True))
        assert root.tag.endswith("svg")
        assert not [element for element in root.iter() if element.tag.rsplit("}", 1)[-1] in ("script", "foreignObject")]
    assert "thick black outline" in page.text("map")  # the legend is by the map


@settings(max_examples=40)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60).filter(lambda t: t.strip() == t and t))
def test_any_title_reads_back_as_typed(title: str) -> None:
    journey = make([{"id": "a", "name": title}], [], title=title)
    page = Page(html_report(journey, images=False))
    assert page.h1 == title
    assert title in page.text("touchpoints")
    first = markdown_report(journey).splitlines()[0]
    assert first.startswith("# ")
    assert markdown_plain(first[2:]) == title
    # nothing but escaped specials: remove escapes and entities, and no special is left
    bare = re.sub(r"\\[!-/:-@\[-`{-~]|&(lt|gt|amp);", "", first[2:])
    assert not set(bare) & set("\\`*_[]|~<>&")


# ---------------------------------------------------------------------------------------------
# Markdown: user text escaped, tables, the map's image
# ---------------------------------------------------------------------------------------------


def test_markdown_escapes_what_a_wiki_would_read_as_markup() -> None:
    journey = make(
        [{"id": "a", "name": "**bold**", "notes": "line one\n# not a heading"}, {"id": "b", "name": "[link](http://x)"},
         {"id": "c", "name": "<b>"}, {"id": "d", "name": "a|b", "emotion": -1}, {"id": "e", "name": "# heading"},
         {"id": "f", "name": "1. first", "quotes": ["- not a list"]}, {"id": "g", "name": "www.example.com & _x_ `code` ~~no~~"}],
        [{"from": "a", "to": "b", "share": 0.9}, {"from": "b", "to": "c"}, {"from": "c", "to": "d"}, {"from": "d", "to": "e"},
         {"from": "e", "to": "f"}, {"from": "f", "to": "g"}],
        persona={"name": "Sam", "goals": ["+ plus", "1) numbered"]},
    )
    text = markdown_report(journey)
    lines = text.splitlines()
    for line in ("#### \\*\\*bold\\*\\*", "#### \\[link\\](http\\://x)", "#### &lt;b&gt;", "#### a\\|b", "#### \\# heading",
                 "#### 1\\. first", "#### www\\.example.com &amp; \\_x\\_ \\`code\\` \\~\\~no\\~\\~", "line one<br># not a heading",
                 "> “- not a list”", "- \\+ plus", "- 1\\) numbered"):
        assert line in lines
    # in a table cell the pipe is escaped and the row keeps its five cells
    drops = [row for row in markdown_rows(text) if row[:1] == ["**bold**".replace("*", "\\*")]]
    assert drops == [["\\*\\*bold\\*\\*", "S", "10%"]]
    assert ["4", "a\\|b", "-1", "", "the peak and the end"] in markdown_rows(text)


def test_a_heading_ending_in_hashes_keeps_them_in_a_markdown_renderer() -> None:
    from markdown_it import MarkdownIt

    # Markdown drops a closing run of "#" from a heading: "Table #" showed as "Table"
    journey = make([{"id": "a", "name": "Seated at table #"}, {"id": "b", "name": "We are #1 ##"}], [],
                   title="Order #")
    page = MarkdownIt("gfm-like").render(markdown_report(journey))
    assert "<h1>Order #</h1>" in page
    assert "<h4>Seated at table #</h4>" in page and "<h4>We are #1 ##</h4>" in page


def test_markdown_tables_and_image_link() -> None:
    journey = clinic()
    text = markdown_report(journey, image_link="my clinic.png")
    assert "![Journey map](my%20clinic.png)" in text.splitlines()
    rows = markdown_rows(text)
    assert ["Customers who finish", "80%", "Share of customers who reach a goal step."] in rows
    assert ["#1", "Waits on hold", "S", "0.96", analyze(journey)["touchpoints"][1]["pain_reason"]] in rows
    assert ["Books online", "Waits on hold", "-5"] in rows
    assert "| --- | ---: | --- |" in text  # figures right-aligned
    assert "- `ASSIST` **Waits on hold** (stage S; customer action): fit 73, empathy risk 81" in text
    assert "> “I thought they had hung up”" in text
    assert "The map's image is not included here." in markdown_report(journey)
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_a_given_analysis_is_used_as_it_is() -> None:
    journey = clinic()
    result: dict[str, Any] = analyze(journey)
    result["journey"]["completion"] = 0.5  # not what the journey gives: proves the report reads the one passed in
    assert ["Customers who finish", "50%", "Share of customers who reach a goal step."] in markdown_rows(markdown_report(journey, result))


def test_printed_text_shrinks_with_its_rem_sized_headings_and_tables() -> None:
    # Tables and headings are sized in rem: a print size set on body alone left the key figures
    # table at screen size, and its last row spilled onto a page of its own before the map's
    # landscape page (seen in Chromium's PDF of three samples).
    style = re.search(r"<style>(.*?)</style>", html_report(clinic(), images=False), re.DOTALL)[1]
    print_rules = style[style.index("@media print"):]
    assert re.search(r"\bhtml \{ font-size: 10pt; \}", print_rules)
    assert not re.search(r"\bbody \{[^}]*font-size", print_rules)
    assert "table {" in style and "font-size: 0.95rem" in style  # the tables follow the root size
