"""The Markdown report as a wiki shows it: rendered by a real GitHub-flavoured Markdown renderer
(markdown-it-py, "gfm-like": tables, strikethrough, addresses turned into links), user text that
looks like markup must come out as the very same text, never as markup."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from journeymap.reports import markdown_report

from .journeys import make

NASTY = [
    "**bold** and _italic_ and ~~struck~~",
    "[a link](http://evil.example) and ![img](http://evil.example/x.png)",
    "<b>tag</b> <img src=x onerror=alert(1)> <!-- comment -->",
    "| pipe | in | cell |",
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "`code` and ```fence```",
    "www.example.com and http://example.com and mail@example.com",
    "back\\slash & ampersand &amp; entity",
    "> not a quote",
    "=SUM(A1) +1 -1 @me",
]


class _Elements(HTMLParser):
    """The tags and the text of rendered HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(markdown: str) -> _Elements:
    renderer = MarkdownIt("gfm-like")
    # as GitHub: addresses with www. or a scheme and e-mail addresses become links, a bare example.com not
    renderer.linkify.set({"fuzzy_link": False})
    elements = _Elements()
    elements.feed(renderer.render(markdown))
    return elements


def report_with(text: str) -> str:
    journey = make(
        [{"id": "a", "name": text, "emotion": -4, "friction": 8, "pain_points": [text], "quotes": [text]},
         {"id": "b", "name": "Leaves", "emotion": 2}],
        [{"from": "a", "to": "b"}],
        persona={"name": text, "goals": [text]},
        description=text,
    )
    return markdown_report(journey)


@pytest.mark.parametrize("nasty", NASTY)
def test_user_text_shows_as_typed_in_a_rendered_wiki_page(nasty: str) -> None:
    page, plain = rendered(report_with(nasty)), rendered(report_with("plain words"))
    assert "".join(page.text).count(nasty) >= 5  # name (several times), note, quote, persona, goal, description
    # the report's own headings, tables and emphasis, and nothing more: the user's text added no markup
    assert [tag for tag, _ in page.tags] == [tag for tag, _ in plain.tags], nasty


def test_the_map_image_is_the_only_image_and_its_link_is_kept() -> None:
    journey = make([{"id": "a", "emotion": 1}], [])
    page = rendered(markdown_report(journey, image_link="my map (v2).png"))
    images = [attrs for tag, attrs in page.tags if tag == "img"]
    assert [image["src"] for image in images] == ["my%20map%20%28v2%29.png"]
