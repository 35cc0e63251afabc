"""The app for keyboard and screen-reader users, in a real browser: an axe-core audit of every tab, of a
touchpoint's dialog and of the empty screen (tests/e2e/audit.py), and a journey built with the keyboard
alone, its focus visible at every stop. The phone page and the access-key page are audited in
test_phone.py and test_access_key.py, which have servers of their own."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import expect

from journeymap.ui.page import TABS
from tests.e2e.audit import assert_accessible
from tests.e2e.conftest import Server, idle
from tests.e2e.test_browser import UNCOVERED_TOUCHPOINT, eventually, next_frame, open_app, open_tab, saved

#: What each tab shows once drawn (with the diner open), waited for before its audit.
DRAWN = {
    "Map": ".st-key-map_box svg.marks",
    "Build": "[class*='st-key-stages_table'] [data-testid='stDataFrame']",
    "Pain & moments": "[data-testid='stMain'] [data-testid='stDataFrame'] >> nth=1",  # the moments of truth
    "Automation": ".stVegaLiteChart svg.marks",
    "Workshop": ".st-key-workshop_start button",
    "Share": ".st-key-download_json",
    "History": ".stVegaLiteChart svg.marks",
}
#: The look of the focused element and of what frames it (a field's box, a table's outline): what changes
#: when focus is shown.
FOCUS_LOOK = """element => { const looks = [];
    for (let node = element, level = 0; node && level < 8; node = node.parentElement, level++) {
        const style = getComputedStyle(node);
        looks.push([style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow, style.borderColor,
                    style.backgroundColor].join(' '));
    }
    return looks.join(' | '); }"""
HAS_FOCUS = "element => element === document.activeElement || element.contains(document.activeElement)"


def test_every_tab_a_dialog_and_the_empty_screen_pass_the_audit(page: Any, server: Server) -> None:
    assert set(DRAWN) == set(TABS)
    open_app(page, server, "?journey=diner")
    for tab in TABS:
        if tab != TABS[0]:
            open_tab(page, tab)
        expect(page.locator(DRAWN[tab]).first).to_be_visible()
        if tab == "Map":  # the map's text alternative, its emotion lane's too
            expect(page.get_by_text("25 touchpoints in 6 stages", exact=False)).to_be_visible()
            expect(page.get_by_text("Emotion lane: along the most probable path", exact=False).first).to_be_visible()
        idle(page)
        assert_accessible(page, f"the {tab} tab")

    # a touchpoint's dialog: the map's click (the keyboard's way to the same form is the Build tab's picker)
    open_tab(page, "Map")
    marks = page.locator(".st-key-map_box g.touchpoints_marks path")
    expect(marks.first).to_be_attached()
    index = eventually(lambda: page.evaluate(UNCOVERED_TOUCHPOINT), lambda found: found >= 0)
    marks.nth(index).click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Save touchpoint")).to_be_visible()
    idle(page)
    assert_accessible(page, "the touchpoint's dialog")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    # the empty screen: the only journey removed
    idle(page)
    page.get_by_text("Remove this journey from the workspace").click()
    page.get_by_role("button", name="Remove it").click()
    expect(page.get_by_text("No journey is open yet", exact=False)).to_be_visible()
    idle(page)
    assert_accessible(page, "the empty screen")


def focus_on(page: Any, target: Any, key: str = "Tab", limit: int = 150) -> None:
    """Press ``key`` (Tab or Shift+Tab) until ``target`` has the focus, and check that the focus shows:
    the target, or what frames it, looks otherwise than before."""
    if target.evaluate(HAS_FOCUS):  # there already: step off it, to see it without the focus
        page.keyboard.press("Shift+Tab" if key == "Tab" else "Tab")
    before = target.evaluate(FOCUS_LOOK)
    for _ in range(limit):
        page.keyboard.press(key)
        if target.evaluate(HAS_FOCUS):
            break
    else:
        raise AssertionError(f"{limit} presses of {key} did not reach {target}")
    assert target.evaluate(FOCUS_LOOK) != before, f"the focus on {target} does not show"


def test_a_journey_is_built_with_the_keyboard_alone(page: Any, server: Server) -> None:
    open_app(page, server)
    keys = page.keyboard
    # a new journey, from the sidebar
    focus_on(page, page.locator("summary", has_text="Start a new journey"))
    keys.press("Enter")
    focus_on(page, page.get_by_label("Title", exact=True))
    keys.type("Corner bakery")
    keys.press("Tab")
    keys.type("Pat, on the way to work")
    keys.press("Tab")  # the stages, one per line
    keys.press("ControlOrMeta+a")
    keys.type("Find\nBuy\nEat")
    focus_on(page, page.get_by_role("button", name="Create journey"))
    keys.press("Enter")
    expect(page.locator(".jm-title")).to_have_text("Corner bakery")
    assert [stage["name"] for stage in eventually(lambda: saved(server, "corner_bakery")["stages"], bool)] == [
        "Find", "Buy", "Eat"]
    idle(page)

    # the tabs: the arrow keys go from one to the next
    focus_on(page, page.get_by_role("tab", name="Map"))
    keys.press("ArrowRight")
    expect(page.get_by_role("tab", name="Build")).to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(r"page=Build"))
    idle(page)

    # two touchpoints through the Build tab's form: a name, a stage, an emotion, where customers come from
    name = page.locator("[class*='st-key-new_tp_name_'] input")
    emotion = page.locator("[class*='st-key-new_tp_emotion_'] input[type=range]")
    add = page.get_by_role("button", name="Add touchpoint")
    focus_on(page, name)
    keys.type("Sees the window display")
    focus_on(page, emotion)
    for _ in range(4):  # four steps of 0.5
        keys.press("ArrowRight")
    expect(emotion).to_have_attribute("aria-valuetext", "+2.0")
    focus_on(page, add)
    keys.press("Enter")
    first = eventually(lambda: saved(server, "corner_bakery")["touchpoints"], bool)
    assert [(tp["name"], tp["stage"], tp["emotion"]) for tp in first] == [("Sees the window display", "find", 2)]
    idle(page)
    expect(name).to_have_count(1)  # the form drawn afresh has replaced the one sent
    expect(name).to_have_value("")

    focus_on(page, name, "Shift+Tab")  # a save draws the form afresh, so focus goes back up from where it was
    keys.type("Buys a croissant")
    keys.press("Tab")  # the stage: typing filters the choices, Enter takes the one left
    keys.type("Buy")
    keys.press("Enter")
    focus_on(page, emotion)
    keys.press("ArrowLeft")
    keys.press("ArrowLeft")
    expect(emotion).to_have_attribute("aria-valuetext", "-1.0")
    focus_on(page, page.get_by_role("combobox", name="Connect from (customers come from this step)"))
    keys.type("Sees the window")
    keys.press("Enter")
    focus_on(page, add)
    keys.press("Enter")
    journey = eventually(lambda: saved(server, "corner_bakery"), lambda data: len(data["touchpoints"]) == 2)
    assert [(tp["name"], tp["stage"], tp["emotion"]) for tp in journey["touchpoints"]][1] == ("Buys a croissant", "buy", -1)
    assert journey["connections"] == [{"from": "sees_the_window_display", "to": "buys_a_croissant", "kind": "flow"}]
    idle(page)

    # the table of all touchpoints: into its grid, to its first cell, Enter to type over it, Enter to save
    grid = page.locator("[class*='st-key-touchpoints_table'] canvas").first
    first_cell = page.locator("[class*='st-key-touchpoints_table'] #glide-cell-1-0")
    editor = page.locator(".gdg-clip-region .gdg-input")
    focus_on(page, grid)
    for _ in range(3):  # as in test_browser.edit_cell: typed again if it had no effect
        keys.press("ControlOrMeta+Home")
        expect(first_cell).to_have_attribute("aria-selected", "true")
        keys.press("Enter")
        expect(editor).to_be_focused()
        keys.press("ControlOrMeta+a")
        keys.type("Sees the window, smells bread")
        expect(editor).to_have_value("Sees the window, smells bread")
        next_frame(page)  # the grid saves what its editor held at its last drawing: let it draw the typed text
        keys.press("Enter")
        renamed = eventually(lambda: saved(server, "corner_bakery")["touchpoints"][0]["name"],
                             lambda found: found != "Sees the window display", timeout=20)
        if renamed != "Sees the window display":
            break
        idle(page)
        if not grid.evaluate(HAS_FOCUS):
            focus_on(page, grid)
    assert renamed == "Sees the window, smells bread"
    idle(page)

    # back to the map; its table opens with Enter
    focus_on(page, page.get_by_role("tab", name="Build"), "Shift+Tab")
    keys.press("ArrowLeft")
    expect(page.get_by_role("tab", name="Map")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text("2 touchpoints in 3 stages (Find, Buy, Eat) on 1 lane (Customer actions); 1 connection.",
                            exact=False)).to_be_visible()
    idle(page)
    focus_on(page, page.locator("summary", has_text="The map as a table"))
    keys.press("Enter")
    expect(page.locator("[class*='st-key-map_steps_table'] [data-testid='stDataFrame']")).to_be_visible()

    # and the last edit undone, from the sidebar
    focus_on(page, page.get_by_role("button", name="Undo"), "Shift+Tab")
    keys.press("Enter")
    undone = eventually(lambda: saved(server, "corner_bakery")["touchpoints"][0]["name"],
                        lambda found: found == "Sees the window display")
    assert undone == "Sees the window display"
