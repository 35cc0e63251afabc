"""The wall screen in a real browser, at a projector's 1280×720 and 1920×1080: nothing cut off, no
sideways scroll, type measured at the sizes promised, keys stepping through it, and an edit made
elsewhere showing up on the wall by itself."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from journeymap.store.folder import FolderStore
from journeymap.ui.present import MIN_TEXT_PX
from tests.e2e.audit import assert_accessible
from tests.e2e.conftest import Server, idle, new_tab
from tests.e2e.test_browser import open_app, shoot

#: Everything the wall screen draws of the journey; measured in each slide.
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const size = element => parseFloat(getComputedStyle(element).fontSize);
  const boxes = [...document.querySelectorAll('.jm-chip, .jm-step')].map(element => element.getBoundingClientRect());
  const clipped = [...document.querySelectorAll('.jm-chip, .jm-step, .jm-step-name, .jm-step-line, .jm-sticky')]
    .filter(element => element.scrollWidth > element.clientWidth + 1).length;
  return {
    sideways: Math.max(document.scrollingElement.scrollWidth, main.scrollWidth) - innerWidth,
    chips: [...document.querySelectorAll('.jm-chip')].map(size),
    names: [...document.querySelectorAll('.jm-step-name')].map(size),
    lines: [...document.querySelectorAll('.jm-step-lane, .jm-step-line, .jm-sticky, .jm-slide-sub')].map(size),
    right: Math.max(0, ...boxes.map(box => box.right)), width: innerWidth,
    bottom: Math.max(0, ...boxes.map(box => box.bottom)) + main.scrollTop, height: innerHeight,
    clipped,
  };
}"""


def slide_shows(page: Any, number: int, count: int) -> None:
    expect(page.locator(".jm-slide-sub")).to_contain_text(f"slide {number} of {count}")
    idle(page)


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_the_wall_screen_fits_the_projector_and_reads_from_the_back(
        browser: Any, server: Server, width: int, height: int) -> None:
    context, page, _ = new_tab(browser, width, height)
    try:
        open_app(page, server)
        page.get_by_role("button", name="Present on the wall").click()
        slide_shows(page, 1, 12)  # the diner: the overview, then its 6 stages in 11 slides of at most 3 steps
        expect(page.locator("[data-testid='stSidebar']")).to_have_count(0)
        scale = height / 720  # type is sized to the screen's height
        overview = page.evaluate(MEASURE)
        assert len(overview["chips"]) == 25  # every step of the diner, each readable
        assert min(overview["chips"]) >= MIN_TEXT_PX["overview"] * scale - 0.5, overview["chips"]
        assert overview["sideways"] <= 0 and overview["right"] <= width and overview["clipped"] == 0, overview
        assert overview["bottom"] <= height, overview  # the whole journey at a glance, no scrolling
        assert_accessible(page, f"the wall's overview at {width}×{height}")
        shoot(page, server, f"20-present-overview-{width}")
        slides = 12 if width == 1280 else 3  # every slide at the smaller size; the first stage's at the larger
        for number in range(2, slides + 1):
            page.keyboard.press("ArrowRight")
            slide_shows(page, number, 12)
            measured = page.evaluate(MEASURE)
            assert measured["names"] and min(measured["names"]) >= MIN_TEXT_PX["stage_name"] * scale - 0.5, measured
            assert min(measured["lines"]) >= MIN_TEXT_PX["stage"] * scale - 0.5, measured
            assert measured["sideways"] <= 0 and measured["right"] <= width and measured["clipped"] == 0, measured
            assert measured["bottom"] <= height, (number, measured)
            if number == 2:
                assert_accessible(page, f"the wall's first stage slide at {width}×{height}")
        shoot(page, server, f"21-present-stage-{width}")
        page.keyboard.press("ArrowLeft")
        slide_shows(page, slides - 1, 12)
        if slides - 1 == 2:  # Arrive, part 1: the first step of the journey
            expect(page.locator(".jm-step-name").first).to_have_text("Walks in; the door bell jingles")
            follows_an_edit_made_elsewhere(page, server)
        page.keyboard.press("Home")
        slide_shows(page, 1, 12)
        page.keyboard.press("Escape")
        expect(page.get_by_role("tab", name="Map")).to_be_visible()
    finally:
        context.close()


def follows_an_edit_made_elsewhere(page: Any, server: Server) -> None:
    """An edit saved by someone else (the laptop, another server) shows on the wall with no click."""
    store = FolderStore(server.workspace)
    journey = store.load("diner").journey
    first = journey.touchpoints[0].model_copy(update={"name": "Walks in out of the rain"})
    store.save("diner", journey.model_copy(update={"touchpoints": [first, *journey.touchpoints[1:]]}),
               author="laptop")
    expect(page.locator(".jm-step-name").first).to_have_text("Walks in out of the rain")
