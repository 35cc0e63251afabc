"""The team's access key in a real browser: the page shows only the key field, then the map."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.audit import assert_accessible
from tests.e2e.conftest import Server, assert_clean, idle, start_server

KEY = "blue spoon diner 2026"


@pytest.fixture(scope="module")
def keyed_server(tmp_path_factory: pytest.TempPathFactory, shots: Path) -> Iterator[Server]:
    """A server of its own, started with the team's key (the shared one has none)."""
    running = start_server(tmp_path_factory.mktemp("keyed"), shots, {"JOURNEYMAP_ACCESS_KEY": KEY})
    try:
        yield running
    finally:
        log = running.stop()
    assert_clean(log)
    assert KEY not in log  # the key is never logged


def test_the_page_asks_for_the_key_before_showing_the_map(keyed_server: Server, page: Any) -> None:
    page.goto(keyed_server.url)
    field = page.get_by_label("Team access key")
    expect(field).to_be_visible()
    idle(page)
    assert_accessible(page, "the access key page")
    assert field.get_attribute("type") == "password"
    text = page.locator("body").inner_text()
    # first start opens a copy of the diner sample: neither its title nor a copy may be there yet
    assert "Blue Spoon" not in text and "diner" not in text.lower()
    assert not keyed_server.workspace.exists() or not list(keyed_server.workspace.iterdir())
    field.fill(KEY)
    page.get_by_role("button", name="Open the workspace").click()
    expect(page.locator(".jm-title")).to_contain_text("Blue Spoon Diner")
    expect(page.get_by_label("Team access key")).to_have_count(0)
    idle(page)
