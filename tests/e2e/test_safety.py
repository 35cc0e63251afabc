"""Nothing a file does takes the workshop down, and the page asks nothing of any other server."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.conftest import TINY_JOURNEY
from tests.e2e.conftest import Server
from tests.e2e.test_browser import open_app, open_tab, shoot, upload

#: 14 emoji (a ZWJ family, a flag, a skin tone among them): a label cut through one broke images.
EMOJI_NAME = "👨‍👩‍👧‍👦🇬🇧👍🏽🍳🥞🧇🥓☕🍩🥐🍞🧈🍯🫖"


def journey_with(**changes: Any) -> dict[str, Any]:
    journey = {**TINY_JOURNEY, "touchpoints": [dict(touchpoint) for touchpoint in TINY_JOURNEY["touchpoints"]]}
    for key, value in changes.items():
        index, field = key.split("__")
        journey["touchpoints"][int(index)][field] = value
    return journey


def server_answers(server: Server) -> bool:
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=10) as answer:
        return answer.status == 200 and answer.read() == b"ok"


def test_control_characters_are_refused_and_emoji_draw_and_no_request_leaves_the_app(
        page: Any, server: Server, tmp_path: Path) -> None:
    requests: list[str] = []
    page.context.on("request", lambda request: requests.append(request.url))
    open_app(page, server)

    # A control character that crashed the image renderer, in JSON and as a Mermaid entity: refused
    # at the upload with the field named; the map on screen stays.
    bad_json = tmp_path / "bell.json"
    bad_json.write_text(json.dumps(journey_with(**{"0__name": "Asks\u0001 for coffee"})), encoding="utf-8")
    upload(page, bad_json)
    expect(page.get_by_text("touchpoints[0].name", exact=False).first).to_be_visible()
    expect(page.get_by_text("control character", exact=False).first).to_be_visible()
    bad_mermaid = tmp_path / "bell.mmd"
    bad_mermaid.write_text("journey\n  title Coffee\n  section Order\n    Asks #1; for coffee: 3: Me\n", encoding="utf-8")
    upload(page, bad_mermaid)
    expect(page.get_by_text("control character", exact=False).first).to_be_visible()
    assert server_answers(server)

    # Text that is allowed, however odd: emoji, tabs and line breaks in notes. Its image and report
    # are made, and the server still answers.
    allowed = journey_with(**{"0__name": EMOJI_NAME, "1__notes": "first\tsecond\nthird\r\nfourth"})
    odd = tmp_path / "emoji.json"
    odd.write_text(json.dumps(allowed, ensure_ascii=False), encoding="utf-8")
    open_app(page, server)  # a fresh page: its uploader has not yet refused a file
    upload(page, odd)
    expect(page.locator(".jm-title")).to_have_text(TINY_JOURNEY["title"])
    open_tab(page, "Share")
    page.get_by_role("button", name="Make image").click()
    with page.expect_download() as image_download:
        page.get_by_role("button", name="Download map (PNG)").click()
    assert Path(image_download.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    page.get_by_role("button", name="Make report").click()
    with page.expect_download() as report_download:
        page.get_by_role("button", name="Download report (HTML)").click()
    report = Path(report_download.value.path()).read_text(encoding="utf-8")
    assert EMOJI_NAME in report and "<img" in report
    assert server_answers(server)
    shoot(page, server, "12-emoji-share")

    # Every tab was opened on the way: no request went anywhere but the app's own address.
    for tab in ("Map", "Build", "Pain & moments", "Automation"):
        open_tab(page, tab)
    own = urlsplit(server.url).netloc
    elsewhere = sorted({url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")
                        and urlsplit(url).netloc != own})
    assert requests and elsewhere == [], elsewhere
