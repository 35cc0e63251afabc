"""The phone page of a live workshop: what a participant sees after scanning the join link
(``?join=CODE``).

The join code is the credential: this page is drawn before the team's access gate, and shows the
session's journey steps and nothing else of the workspace (no sidebar, no other journey, no folder).
Joining puts the participant's token in the address (``?p=TOKEN``) and the step on screen too
(``?step=N``), so a refresh or a lost connection keeps their place; their input is in the store and
read back on every run (:mod:`journeymap.ui.phone_inputs`). docs/workshop.md, "Joining from a phone".
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import streamlit as st

from journeymap.live.phone import (
    NOT_IN_WORKSHOP_TEXT,
    STORE_AWAY_TEXT,
    PhoneStep,
    activities_asked,
    banner,
    my_input,
    phone_steps,
    step_number,
)
from journeymap.live.rules import LiveRefused
from journeymap.live.store import LiveSession, Participant
from journeymap.store.backend import JourneyNotFound, StoredJourney, StoreUnavailable
from journeymap.ui import phone_inputs
from journeymap.ui.computed import analysis_for
from journeymap.ui.state.live import live_store
from journeymap.ui.state.session import revision_of
from journeymap.ui.state.store import store
from journeymap.ui.text import heading, html_text, install_style, message
from journeymap.vocabulary import DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD

__all__ = ["BANNER_SECONDS", "JOIN_QUERY_KEY", "PHONE_STYLE", "STEP_QUERY_KEY", "TOKEN_QUERY_KEY", "joining",
           "phone_page"]

_log = logging.getLogger(__name__)
JOIN_QUERY_KEY, TOKEN_QUERY_KEY, STEP_QUERY_KEY = "join", "p", "step"
#: How often the banner (paused, time up, the timer) looks at the session again.
BANNER_SECONDS = 5
#: A phone's screen: no sidebar nor its toggle, narrow margins, buttons and pills a thumb can hit
#: (44 px and more), and 16 px text in fields so that a phone's browser does not zoom in on them.
PHONE_STYLE = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stSidebarCollapseButton"] {display: none !important;}
[data-testid="stMainBlockContainer"] {padding: 4rem 0.9rem 4rem 0.9rem; max-width: 34rem;}
.stButton button {min-height: 48px;}
.stButton button p {font-size: 1.1rem;}
[class*="st-key-phone_dots_row"] .stButton button p {font-size: 1.6rem; line-height: 1;}
[data-testid="stButtonGroup"] button {min-height: 44px; min-width: 44px; font-size: 1.05rem;}
textarea, input {font-size: 16px !important;}
.jm-phone-join {font-size: 1.3rem; font-weight: 650; margin: 0.4rem 0 0 0;}
.jm-phone-who {color: #555; margin: 0;}
.jm-phone-count {color: #555; font-size: 1rem; margin: 0;}
.jm-phone-step {font-size: 1.45rem; font-weight: 700; line-height: 1.25; margin: 0.1rem 0 0 0;}
.jm-phone-desc {font-size: 1.05rem; color: #333; margin: 0.3rem 0 0 0; white-space: pre-wrap;}
.jm-phone-section {font-size: 1.2rem; font-weight: 650; margin: 1rem 0 0 0; border-top: 1px solid #e3e6ea;
                   padding-top: 0.8rem;}
.jm-phone-note {background: #fff8c4; border-radius: 0.4rem; padding: 0.5rem 0.7rem; white-space: pre-wrap;
                overflow-wrap: anywhere;}
.jm-phone-kind {font-size: 0.85rem; color: #6b5a00; font-weight: 600;}
.jm-phone-dots {font-size: 1.1rem; margin: 0;}
.jm-phone-advice {background: #f2f0f8; border-left: 4px solid #6a3d9a; border-radius: 0.4rem;
                  padding: 0.5rem 0.7rem; overflow-wrap: anywhere;}
.jm-title {font-size: 1.5rem; overflow-wrap: anywhere;}
</style>
"""
#: The app's own icon (as the workspace's page): nothing is fetched from a font server.
PAGE_ICON = Path(__file__).with_name("icon.png")
_CONTROLS = {"rate": phone_inputs.rate_controls, "note": phone_inputs.note_controls,
             "dots": phone_inputs.dots_controls}


def joining() -> bool:
    """Whether the address is a join link (``?join=``): then only the phone page is drawn."""
    return JOIN_QUERY_KEY in st.query_params


def phone_page() -> None:
    """The whole phone page: joined (the token in the address is this session's), else the join form."""
    st.set_page_config(page_title="Join the workshop", page_icon=str(PAGE_ICON), layout="centered",
                       initial_sidebar_state="collapsed")
    install_style()
    st.html(PHONE_STYLE)
    code = str(st.query_params.get(JOIN_QUERY_KEY, ""))
    token = str(st.query_params.get(TOKEN_QUERY_KEY, ""))
    try:
        participant = _participant(token, code) if token else None
        if participant is not None:
            joined_page(participant, token)
            return
        join_page(code, NOT_IN_WORKSHOP_TEXT if token else None)
    except StoreUnavailable as error:  # its sentence names the database or the folder: for the log only
        _log.info("the phone page could not reach the live store: %s", error)
        message(STORE_AWAY_TEXT, "warning")


def _participant(token: str, code: str) -> Participant | None:
    """Who holds ``token``, if it is a token of the session ``code`` joins."""
    participant = live_store().participant(token) if len(token) <= 100 else None
    if participant is None or participant.session.code != code.strip().lower():
        return None
    return participant


# joining


def join_page(code: str, notice: str | None) -> None:
    """The journey's title, "Join the workshop", a name (unless anonymous) and the Join button."""
    if notice:
        message(notice, "warning")
    try:
        session = live_store().joinable(code)
    except LiveRefused as refused:  # no such code, or it ended: that sentence and nothing else
        message(str(refused), "info")
        return
    opened = _journey(session)
    heading(opened.journey.title if opened is not None else "The workshop")
    st.html('<p class="jm-phone-join">Join the workshop</p>')
    if session.anonymous:
        st.html('<p class="jm-phone-who">This workshop is anonymous: names are not asked.</p>')
    else:
        st.text_input("Your name, as the room will see it", key="phone_name", max_chars=40)
    st.button("Join", key="phone_join", type="primary", width="stretch", on_click=_join, args=(code,))
    phone_inputs.said("join")


def _join(code: str) -> None:
    try:
        token, _participant_ = live_store().join(code, str(st.session_state.get("phone_name") or ""))
    except LiveRefused as refused:
        st.session_state.setdefault(phone_inputs.SAID, {})["join"] = str(refused)
        return
    except StoreUnavailable as error:
        _log.info("a phone could not join: %s", error)
        st.session_state.setdefault(phone_inputs.SAID, {})["join"] = STORE_AWAY_TEXT
        return
    st.query_params[TOKEN_QUERY_KEY] = token  # the join code stays in the address beside it
    st.query_params[STEP_QUERY_KEY] = "1"


def _journey(session: LiveSession) -> StoredJourney | None:
    """The session's journey, newest revision (None if it was removed)."""
    try:
        return store().load(session.journey)
    except JourneyNotFound:
        return None


# joined


def joined_page(participant: Participant, token: str) -> None:
    """The session's banner, then the journey step by step with the controls of the activity asked for."""
    session = participant.session
    if session.state() == "closed":
        message(banner(session).text, banner(session).kind)
        return
    opened = _journey(session)
    if opened is None:
        message("The map of this workshop is not there any more: ask the facilitator.", "info")
        return
    heading(opened.journey.title)
    st.html(f'<p class="jm-phone-who">{html_text(_who(participant))}</p>')
    session_banner(session.id, (session.state(), session.activity))
    steps = phone_steps(opened.journey)
    if not steps:
        message("This map has no steps yet: wait for the facilitator to add some.", "info")
        return
    number = step_number(st.query_params.get(STEP_QUERY_KEY), len(steps))
    step = steps[number - 1]
    step_header(step, number, len(steps))
    step_buttons(number, len(steps))
    mine = my_input(live_store().mine(token), step.id)
    for activity in activities_asked(session):
        if activity == "advice":
            phone_inputs.advice_controls(participant, token, step, mine, _analysis(opened))
        else:
            _CONTROLS[activity](participant, token, step, mine)


def _who(participant: Participant) -> str:
    return f"You joined as {participant.name}." if participant.name else "You take part anonymously."


@st.fragment(run_every=BANNER_SECONDS)
def session_banner(session_id: int, drawn: tuple[str, str | None]) -> None:
    """Paused, time up, ended, or the activity asked for and its time left; redrawn every few seconds,
    and the whole page when the facilitator changed the state or the activity."""
    try:
        session = live_store().session(session_id)
    except StoreUnavailable as error:
        _log.info("the phone's banner could not reach the live store: %s", error)
        message(STORE_AWAY_TEXT, "warning")
        return
    if session is None:
        return
    if (session.state(), session.activity) != drawn:
        st.rerun(scope="app")  # other controls, or the end: draw the page again
    shown = banner(session)
    message(shown.text, shown.kind)


def step_header(step: PhoneStep, number: int, count: int) -> None:
    """"Step 3 of 12 · Stage", the step's name and its description."""
    body = (f'<p class="jm-phone-count">Step {number} of {count} · {html_text(step.stage)}</p>'
            f'<p class="jm-phone-step">{html_text(step.name)}</p>')
    if step.description:
        body += f'<p class="jm-phone-desc">{html_text(step.description)}</p>'
    st.html(body)


def step_buttons(number: int, count: int) -> None:
    """Previous and Next, side by side whatever the screen's width."""
    with st.container(horizontal=True, key="phone_steps_row"):
        st.button("\u2190 Previous", key="phone_previous", width="stretch", disabled=number <= 1,
                  on_click=_go, args=(number - 1,))
        st.button("Next \u2192", key="phone_next", type="primary", width="stretch", disabled=number >= count,
                  on_click=_go, args=(number + 1,))


def _go(number: int) -> None:
    st.query_params[STEP_QUERY_KEY] = str(number)


def _analysis(opened: StoredJourney) -> dict[str, Any] | None:
    """The journey's analysis with the default thresholds (None, logged, if it fails: the rest still works)."""
    try:
        return analysis_for(revision_of(opened.text), DEFAULT_FIT_THRESHOLD, DEFAULT_RISK_THRESHOLD, opened.journey)
    except Exception:  # noqa: BLE001 - a bug in the analysis must not take the phone down
        _log.exception("the analysis for a phone failed")
        return None
