"""The screen of the workshop app, top to bottom; each part lives in its own module.

Sidebar: your name for the history, open a journey (or mine one from an event log), undo/redo,
settings. Main area (while an event log is being mapped, its page instead: :mod:`journeymap.ui.event_log`):
the journey's title and persona, then tabs — Map (figures, the clickable map with its emotion lane), Build (tables and
forms, calibrating with survey answers), Pain & moments, Automation (advice, warnings, matrix), Share
(downloads) and History (every
saved version, one drawn read-only, restoring it). Only the open tab is computed, and
what it shows of the journey (:class:`~journeymap.ui.computed.Figures`) is looked up once per rerun.
A live workshop's join link (``?join=CODE``) draws only the phone page (:mod:`journeymap.ui.phone`);
``?present=N`` only the wall screen (:mod:`journeymap.ui.present`).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from journeymap.store.backend import StoredJourney
from journeymap.ui import (access, editors, event_log, history, phone, present, sharing, sidebar, state, survey, views,
                           workshop)
from journeymap.ui.computed import Figures, figures_for
from journeymap.ui.text import install_style, markdown_text, message

__all__ = ["TABS", "render_app"]

TABS = ["Map", "Build", "Pain & moments", "Automation", "Workshop", "Share", "History"]
#: How to use the tables, said above the first one (st.data_editor does not say it itself).
TABLE_HELP = ("Click a cell to change it; each change is saved at once. Add a row in the empty line at the bottom; "
              "delete rows by ticking the boxes at their left and pressing Delete.")
#: How often a screen that is only watched checks the journey's file for changes from other tabs.
LIVE_UPDATE_SECONDS = 3
#: The browser tab's icon, shipped with the package: a Material icon would make every browser
#: fetch it from a font server on the internet, and a workshop tool asks nothing of other servers.
PAGE_ICON = Path(__file__).with_name("icon.png")


def render_app() -> None:
    if phone.joining():  # a join link: its code is the credential, and the phone sees nothing else
        phone.phone_page()
        return
    st.set_page_config(page_title="journeymap", page_icon=str(PAGE_ICON), layout="wide")
    access.require_access()  # before anything of the workspace, when the team has a login or a key
    install_style()
    try:
        state.init_state()
    except OSError as error:  # the workspace folder cannot be created
        message(f"journeymap cannot use its workspace folder: {error}. Start it with --workspace DIR "
                "pointing to a folder you can write to.", "error")
        return
    state.sync_with_disk()
    state.open_first_journey()
    st.session_state["refresh_app"] = False  # this run draws everything; a dialog need not ask for it
    if present.presenting() and state.current() is not None:  # the wall screen: no sidebar, no tabs
        present.present_page(figures_for(state.current()))
        return

    with st.sidebar:
        sidebar.author_section()
        sidebar.open_section()
        event_log.sidebar_section()
        sidebar.undo_section()
        sidebar.settings_section()

    for notice in state.pop_notices():
        st.toast(markdown_text(notice))  # notices quote titles and names: never read them as Markdown
    cannot_save = state.workspace_problem()
    if cannot_save:  # a read-only or full workspace: the map can be looked at, edits would fail
        message(cannot_save, "warning")
    for away in state.problems(state.STORE_SCOPE):  # a database away: the map stays, saving waits for it
        message(away, "warning")
    if event_log.active():  # a log being mapped into a journey: its page until it is saved or cancelled
        event_log.event_log_page()
        return
    opened = state.current()
    if opened is None:
        views.empty_state()
        return

    title, button = st.columns([4, 1], vertical_alignment="center")
    with title:
        views.header(opened)
    with button:
        present.start_button()
    if st.session_state.get("page", TABS[0]) != "Build" and state.map_dialog() is None:
        follow_other_tabs()  # a projected map shows what the team edits in other tabs, within seconds
    figures = figures_for(opened)
    map_tab, build_tab, pain_tab, automation_tab, workshop_tab, share_tab, history_tab = st.tabs(
        TABS, key="page", bind="query-params")
    if map_tab.open:
        with map_tab:
            map_page(figures)
    if build_tab.open:
        with build_tab:
            build_page(opened)
    if pain_tab.open:
        with pain_tab:
            pain_page(figures)
    if automation_tab.open:
        with automation_tab:
            automation_page(figures)
    if workshop_tab.open:
        with workshop_tab:
            workshop.workshop_page(figures)
    if share_tab.open:
        with share_tab:
            sharing.downloads(figures)
    if history_tab.open:
        with history_tab:
            history.history_page(opened)


@st.fragment(run_every=LIVE_UPDATE_SECONDS)
def follow_other_tabs() -> None:
    """Redraw the screen when the journey's file changed on disk (saved by another tab).

    Only where nobody is typing: on the Build tab, or with a touchpoint open, a change from another
    tab is picked up at the next click instead, so that no half-typed value is lost.
    """
    if state.changed_on_disk():
        st.rerun()


def map_page(figures: Figures) -> None:
    """Key figures, the big map (click a touchpoint to edit it in a dialog above it), its emotion lane inside it, and its description in words."""
    if figures.journey.touchpoints:  # a journey without steps has no figures, only four "unknown"s
        views.key_figures(figures)
        st.caption("Click a touchpoint on the map to edit it." if st.session_state["fit_map"] else
                   "Click a touchpoint on the map to edit it. A map wider than the screen scrolls sideways; "
                   "“Fit the map to the screen width” in the settings shows it all at once.")
    else:
        message("No touchpoints yet: add the first step of the journey under Build.", "info")
    views.journey_map(figures, st.session_state["size_by"])
    clicked = state.map_dialog()
    if clicked is not None:
        touchpoint_dialog(clicked)


def _close_dialog() -> None:
    state.select_touchpoint(None)
    st.session_state["map_version"] += 1  # a fresh map forgets its click, so the same step can be clicked again


@st.dialog("Edit the touchpoint", width="large", on_dismiss=_close_dialog)
def touchpoint_dialog(touchpoint_id: str) -> None:
    """The touchpoint clicked on the map, in a dialog above it."""
    if st.session_state["refresh_app"]:
        st.rerun()  # a change saved in the dialog: redraw the whole screen (the map behind too)
    opened = state.current()
    if opened is None or state.map_dialog() != touchpoint_id:
        st.rerun()
    editors.touchpoint_editor(opened, touchpoint_id, on_close=_close_dialog)


def build_page(opened: StoredJourney) -> None:
    """Add a touchpoint, edit one in full, or everything at once in tables."""
    add_column, edit_column = st.columns([2, 3], gap="large")
    with add_column:
        st.subheader("Add a touchpoint")
        editors.add_touchpoint_form(opened)
    with edit_column:
        st.subheader("Edit a touchpoint")
        selected = editors.touchpoint_picker(opened)
        if selected is not None:
            editors.touchpoint_editor(opened, selected)
        elif not opened.journey.touchpoints:
            message("No touchpoints yet: add the first one on the left.", "info")
    st.subheader("All touchpoints")
    st.caption(TABLE_HELP)
    editors.touchpoints_table(opened)
    st.subheader("Connections")
    st.caption("Flow: customers move from one step to the next. Support: a step relies on another that happens "
               "alongside. Share: of the customers leaving a step, how many take this way (0 … 1); leave it "
               "empty to split what is left evenly.")
    editors.connections_table(opened)
    st.subheader("Stages")
    st.caption("The map's columns, left to right. A stage can be deleted once no touchpoint is in it.")
    editors.stages_table(opened)
    with st.expander("Journey details and persona", expanded=False, key="details_expander"):
        editors.journey_details_form(opened)
    with st.expander("Calibrate with survey answers", expanded=False, key="survey_expander"):
        survey.survey_section(opened)


def pain_page(figures: Figures) -> None:
    st.subheader("Pain points, worst first")
    views.pain_points(figures)
    st.subheader("Moments of truth")
    views.moments_of_truth(figures)


def automation_page(figures: Figures) -> None:
    st.subheader("Where automation helps, and where a person must stay")
    views.automation_advice(figures)
    views.advice_reasons(figures)
    if figures.journey.touchpoints:  # an empty matrix tells a workshop nothing
        st.subheader("Automation fit against empathy risk")
        views.automation_matrix(figures)
