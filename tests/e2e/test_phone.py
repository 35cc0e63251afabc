"""The phone page of a live workshop in a real browser the size of a phone: joining, a rating kept
through a reload and through a lost connection, no sideways scrolling, buttons a thumb can hit."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from journeymap.live.store import LiveSession, LiveStore, open_live
from journeymap.model.validation import journey_from_data
from journeymap.store.opening import open_store
from tests.conftest import TINY_JOURNEY
from tests.e2e.audit import assert_accessible
from tests.e2e.conftest import Server, assert_clean, idle, new_tab, start_server

WIDTH, HEIGHT = 390, 844  # a common phone's screen, in CSS pixels
#: The smallest touch target the platforms' guidelines allow (Apple: 44 pt; Android: 48 dp).
TOUCH = 44


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory,
             shots: Path) -> Iterator[tuple[Server, LiveStore, LiveSession]]:
    """A server of its own (its live workshops are kept in its workspace, which the shared server empties
    between tests), with the tiny café saved and a session open on it."""
    base = tmp_path_factory.mktemp("phone")
    journeys = open_store(str(base / "journeys"))
    journeys.save("tiny", journey_from_data(TINY_JOURNEY))
    live = open_live(journeys)
    session = live.start("tiny", dots=3)
    running = start_server(base, shots)
    try:
        yield running, live, session
    finally:
        log = running.stop()
        live.close()
    assert_clean(log)


def within(seconds: float, condition: Callable[[], bool]) -> bool:
    """Whether ``condition`` holds within ``seconds`` (polled: the server writes in its own time)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def height(locator: Any) -> float:
    box = locator.bounding_box()
    assert box is not None
    return float(box["height"])


def test_a_phone_joins_rates_and_keeps_its_rating_through_a_reload_and_a_lost_connection(
        workshop: tuple[Server, LiveStore, LiveSession], browser: Any) -> None:
    server, live, session = workshop

    def stored() -> list[float]:
        return [rating.value for rating in live.records(session.id).ratings]

    context, tab, dialogs = new_tab(browser, WIDTH, HEIGHT)
    try:
        tab.goto(f"{server.url}/?join={session.code}")
        join = tab.get_by_role("button", name="Join", exact=True)
        expect(join).to_be_visible()
        idle(tab)
        assert_accessible(tab, "the phone's join page")
        assert height(join) >= TOUCH
        tab.get_by_label("Your name, as the room will see it").fill("Ana")
        join.click()
        expect(tab.get_by_text("Step 1 of 3 · Order")).to_be_visible()
        idle(tab)
        assert "p=" in tab.url and f"join={session.code}" in tab.url  # a reload keeps the place
        assert height(tab.get_by_role("button", name="Next →")) >= TOUCH

        feels = tab.get_by_role("radiogroup").first  # how the customer feels, −5 … +5
        minus_two = feels.get_by_role("radio", name="\u22122", exact=True)
        assert height(minus_two) >= TOUCH
        minus_two.click()
        expect(minus_two).to_have_attribute("aria-checked", "true")
        idle(tab)
        assert within(30, lambda: stored() == [-2.0]), stored()
        assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH  # nothing scrolls sideways
        assert_accessible(tab, "the phone's step page")
        tab.screenshot(path=str(server.shots / "phone-390.png"))

        tab.reload()
        expect(tab.get_by_text("Step 1 of 3 · Order")).to_be_visible()
        expect(feels.get_by_role("radio", name="\u22122", exact=True)).to_have_attribute("aria-checked", "true")
        idle(tab)

        context.set_offline(True)  # the phone's connection drops …
        plus_three = feels.get_by_role("radio", name="+3", exact=True)
        plus_three.click()  # … and a tap waits on the phone, not yet at the server
        tab.wait_for_timeout(1000)
        assert stored() == [-2.0]
        context.set_offline(False)  # … the connection comes back: the tap is sent, nothing is lost
        assert within(30, lambda: stored() == [3.0]), stored()
        expect(plus_three).to_have_attribute("aria-checked", "true")
        expect(tab.get_by_text("Step 1 of 3 · Order")).to_be_visible()
        idle(tab)
        assert not dialogs
    finally:
        context.close()


def test_three_phones_rate_a_step_and_the_facilitators_map_marks_where_the_room_disagrees(
        workshop: tuple[Server, LiveStore, LiveSession], browser: Any) -> None:
    server, live, session = workshop
    facilitator, wall, wall_dialogs = new_tab(browser, 1280, 900)
    phones = [new_tab(browser, WIDTH, HEIGHT) for _ in range(3)]
    try:
        wall.goto(f"{server.url}/?journey=tiny&page=Workshop")
        expect(wall.get_by_text(session.code[:4] + " " + session.code[4:8], exact=False)).to_be_visible()
        for (context, tab, _), (name, rating) in zip(phones, (("Bo", "\u22124"), ("Cy", "0"), ("Di", "+3")),
                                                     strict=True):
            # joined already (the test above joins in the browser), on step 3 of 3, "Pays by card"
            token, _ = live.join(session.code, name)
            tab.goto(f"{server.url}/?join={session.code}&p={token}&step=3")
            expect(tab.get_by_text("Step 3 of 3", exact=False)).to_be_visible()
            idle(tab)
            tab.get_by_role("radiogroup").first.get_by_role("radio", name=rating, exact=True).click()
        # −4, 0, +3 on "Pays by card": a spread of 3.5 among 3 ratings, so the wall's map says to discuss it,
        # within the Workshop tab's refresh (every 2 s), without anyone touching the facilitator's page
        expect(wall.locator("svg").get_by_text("Discuss this")).to_have_count(1, timeout=30_000)
        pays = [r.value for r in live.records(session.id).ratings if r.step == "pay" and r.field == "emotion"]
        assert sorted(pays) == [-4.0, 0.0, 3.0]
        expect(wall.get_by_text("people,", exact=False)).to_be_visible()
        wall.screenshot(path=str(server.shots / "facilitator-room.png"), full_page=True)
        assert not wall_dialogs and not any(dialogs for _, _, dialogs in phones)
    finally:
        facilitator.close()
        for context, _, _ in phones:
            context.close()
