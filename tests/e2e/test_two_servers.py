"""Two app servers in front of one PostgreSQL database: an edit made through one shows through the other."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, assert_clean, idle, new_tab, start_server
from tests.e2e.test_browser import eventually
from tests.stores import postgres_database

ADDED = "Added through the second server"


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory: pytest.TempPathFactory, shots: Path) -> Iterator[tuple[Server, Server, str]]:
    """Two servers, each with a workspace of its own, both keeping journeys in one new database."""
    with postgres_database() as url:
        environment = {"JOURNEYMAP_DATABASE_URL": url}
        first = start_server(tmp_path_factory.mktemp("first"), shots, environment)
        try:
            second = start_server(tmp_path_factory.mktemp("second"), shots, environment)
        except BaseException:
            first.stop()
            raise
        try:
            yield first, second, url
        finally:
            logs = [second.stop(), first.stop()]  # before the database is dropped
        for log in logs:
            assert_clean(log)
            assert url.split("@")[0].split(":")[-1] not in log  # the database password is never logged


def test_an_edit_through_one_server_is_seen_through_the_other(two_servers: tuple[Server, Server, str],
                                                               page: Any, browser: Any) -> None:
    from journeymap.store.sql import SqlStore

    first, second, url = two_servers
    page.goto(first.url)  # the first start opens a copy of the diner sample: saved in the database
    expect(page.locator(".jm-title")).to_contain_text("Blue Spoon Diner")
    idle(page)
    store = SqlStore(url)
    assert store.names() == ["diner"]
    before = [touchpoint.name for touchpoint in store.load("diner").journey.touchpoints]

    context, other, _ = new_tab(browser, 1400, 900)
    try:
        other.goto(f"{second.url}/?journey=diner&page=Build")
        expect(other.locator(".jm-title")).to_contain_text("Blue Spoon Diner")
        idle(other)
        other.get_by_label("Name of the new touchpoint").fill(ADDED)
        other.get_by_role("button", name="Add touchpoint").click()
        names = eventually(lambda: [tp.name for tp in store.load("diner").journey.touchpoints],
                           lambda found: ADDED in found)
        assert sorted(names) == sorted(before + [ADDED])
    finally:
        context.close()
    # the first server's page, untouched, redraws by itself from the database
    expect(page.locator(".stVegaLiteChart svg text", has_text="Added through the").first).to_be_attached()
    assert [revision.number for revision in store.history("diner")] == [2, 1]
    getattr(store, "close", lambda: None)()
