"""A journey mined from an event log in a real browser: the textbook running example (tests/data/eventlogs,
cited in its README) uploaded in the sidebar, its columns guessed, a goal chosen, the map seen, the
screen audited, and the journey saved and opened."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import expect

from tests.conftest import ROOT
from tests.e2e.audit import assert_accessible
from tests.e2e.conftest import Server, idle
from tests.e2e.test_browser import eventually, open_app, shoot

RUNNING_EXAMPLE = ROOT / "tests" / "data" / "eventlogs" / "running-example.xes"


def test_a_log_is_uploaded_mapped_and_saved_as_a_journey(page: Any, server: Server) -> None:
    open_app(page, server)
    page.locator("summary", has_text="From an event log").click()
    page.locator("[class*='st-key-event_log_upload_'] input[type=file]").set_input_files(str(RUNNING_EXAMPLE))
    expect(page.get_by_role("heading", name="A journey from an event log")).to_be_visible()
    # XES names its columns the way process-mining tools do: each role is guessed; it has no lifecycle
    for label, column in (("Case (customer, order, visit)", "case:concept:name"), ("Activity (the step)", "concept:name"),
                          ("Time", "time:timestamp"), ("Lifecycle (start, complete)", "none"),
                          ("Resource (who did it)", "org:resource")):
        expect(page.get_by_role("combobox", name=label, exact=True)).to_have_value(column)
    # the book's log: six requests for compensation, 42 events, eight activities
    expect(page.get_by_text("8 steps, 16 connections from 42 events in 6 cases", exact=False)).to_be_visible()
    expect(page.locator(".st-key-map_box svg.marks")).to_be_visible()
    goals = page.get_by_role("combobox", name="Goals: where a journey has succeeded (cases ending elsewhere drop off)")
    goals.click()
    page.get_by_role("option", name="pay compensation", exact=True).click()
    page.keyboard.press("Escape")
    idle(page)
    expect(page.locator(".st-key-map_box svg.marks")).to_be_visible()
    assert_accessible(page, "the event-log page")
    shoot(page, server, "30-event-log")

    page.get_by_role("button", name="Save as a new journey").click()
    expect(page.locator(".jm-title")).to_contain_text("running-example")
    saved = server.workspace / "running_example.json"
    data = eventually(lambda: json.loads(saved.read_text(encoding="utf-8")) if saved.exists() else None, bool)
    assert [touchpoint["name"] for touchpoint in data["touchpoints"] if touchpoint.get("goal")] == ["pay compensation"]
    assert {touchpoint["evidence"] for touchpoint in data["touchpoints"]} == {"measured"}
    assert len(data["touchpoints"]) == 8
