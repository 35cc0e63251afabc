"""The Workshop tab: the facilitator runs a live session on the open journey.

Start it (dots per person, anonymous or not), project its QR code and link, steer it (pause, the
activity asked for and its timer, the dots, end it), and watch the room's view arrive: per step the
ratings' median and spread, "Discuss this" where the room disagrees (on the map too), dots, votes on
the advice and the notes. Everything shown is read from the store every few seconds, never from the
participants' sessions. Then bring the room's view into the map, and export it.
"""

from __future__ import annotations

import base64
import os
from typing import Any

import streamlit as st

from journeymap.live.apply import with_room_view
from journeymap.live.joining import PUBLIC_URL_ENV, grouped_code, join_url, phone_problem, qr_png
from journeymap.live.room import StepView, room_view
from journeymap.live.rules import ACTIVITIES, ACTIVITY_LABELS, MAX_DOTS, NOTE_KINDS, LiveRefused
from journeymap.live.store import LiveSession, Records
from journeymap.live.tables import DISCUSS_TEXT, input_rows, inputs_csv, inputs_xlsx, step_rows
from journeymap.store.backend import StoreUnavailable
from journeymap.ui import state
from journeymap.ui.computed import Figures
from journeymap.ui.state.live import live_store
from journeymap.ui.state.store import author, unavailable
from journeymap.ui.text import box, card, html_text, message

__all__ = ["QR_ALT", "QR_CAPTION", "ROOM_UPDATE_SECONDS", "workshop_page"]

#: How often the facilitator's view reads the room's input again.
ROOM_UPDATE_SECONDS = 2
#: Under the join link's QR code, and what a screen reader says of the code.
QR_CAPTION, QR_ALT = "Scan to join", "QR code of the join link"
_SCOPE = "workshop"
_EVERYTHING = "everything"


def workshop_page(figures: Figures) -> None:
    """The live workshop on the open journey: a form to start one, or the session running."""
    opened = figures.opened
    try:
        session = live_store().current(opened.name)
        past = [s for s in live_store().sessions(opened.name) if s.stored_state == "closed"]
    except StoreUnavailable as error:
        message(unavailable(error, "reach the live workshop", "Nothing is lost"), "warning")
        return
    box(state.problems(_SCOPE), "error")
    if session is None:
        _start_form(opened.name)
        if past:
            _past_session(figures, past)
        return
    if st.toggle("Projector layout", key="workshop_projector",
                 help="The join code and the room's view, large, for the wall; the controls are hidden."):
        _join_panel(session, large=True)
    else:
        left, right = st.columns([2, 3], gap="large")
        with left:
            _join_panel(session, large=False)
        with right:
            _controls(session)
    _room(figures, session.id)
    if not st.session_state["workshop_projector"]:
        _bring_in(figures, session.id)


# starting


def _start_form(name: str) -> None:
    st.subheader("Run a live workshop on this journey")
    st.caption("Everyone in the room joins from their phone with a code you project. Step by step, each person "
               "rates how the customer feels and the friction, leaves sticky notes, spends dots on the steps that "
               "hurt most and says whether they agree with the automation advice. You see where the room agrees "
               "and where it does not, and bring its view into the map.")
    with st.form("workshop_start_form", border=True):
        st.number_input("Dots per person", min_value=1, max_value=MAX_DOTS, value=3, step=1,
                               key="workshop_dots_start", help="How many dots each person may spend on the steps "
                               "that hurt most (several on one step if they like).")
        st.checkbox("Anonymous: ask nobody's name", key="workshop_anonymous",
                                help="Names are then neither asked, nor shown, nor exported.")
        st.form_submit_button("Start the live workshop", type="primary", key="workshop_start", on_click=_start,
                              args=(name,))


def _start(name: str) -> None:
    dots, anonymous = int(st.session_state["workshop_dots_start"]), bool(st.session_state["workshop_anonymous"])
    _do(lambda: live_store().start(name, dots=dots, anonymous=anonymous, started_by=author()))


def _do(action: Any) -> bool:
    """Run a facilitator's action; a refusal or a store away is said under the controls."""
    try:
        action()
    except LiveRefused as error:
        state.set_problems(_SCOPE, [str(error)])
        return False
    except StoreUnavailable as error:
        state.set_problems(_SCOPE, [unavailable(error, "change the workshop", "Nothing is lost")])
        return False
    state.clear_problems(_SCOPE)
    return True


# joining


def _app_url() -> str:
    """The address phones should use: ``$JOURNEYMAP_PUBLIC_URL``, else the one this browser opened."""
    return os.environ.get(PUBLIC_URL_ENV) or st.context.url or "http://localhost:8501/"


def _join_panel(session: LiveSession, *, large: bool) -> None:
    """The QR code, the link and the code; large for the wall, where the room reads them from their seats."""
    link = join_url(_app_url(), session.code)
    qr_column, text_column = st.columns([1, 1]) if large else (st.container(), st.container())
    with qr_column:
        _qr_code(link, large=large)
    with text_column:
        text, code = ("1.5rem", "3rem") if large else ("1rem", "1.7rem")
        st.html(f'<p style="margin:0">Scan the code, or open</p><p style="font-size:{text};word-break:break-all;'
                f'margin:0 0 .6rem 0"><b>{html_text(link)}</b></p><p style="margin:0">Code</p>'
                f'<p style="font-size:{code};font-weight:700;letter-spacing:.08em;margin:0">'
                f"{html_text(grouped_code(session.code))}</p>"
                f'<p style="font-size:{text};margin-top:.6rem">{html_text(_state_text(session))}</p>')
    problem = phone_problem(link)
    if problem and not large:
        message(problem, "warning")


def _qr_code(link: str, *, large: bool) -> None:
    """The join link's QR code with its caption; for a screen reader, an image named for what it opens.

    Large, it is as wide as its half of the screen (a fixed size would run under the code on a 1280 px
    wall). Drawn as HTML, not ``st.image``, which leaves an image's text alternative empty.
    """
    source = "data:image/png;base64," + base64.b64encode(qr_png(link)).decode("ascii")
    width = "100%" if large else "240px"
    st.html(f'<figure style="margin:0"><img src="{source}" alt="{html_text(f"{QR_ALT} {link}")}" '
            f'style="width:{width};max-width:100%;image-rendering:pixelated">'
            f'<figcaption class="jm-note">{html_text(QR_CAPTION)}</figcaption></figure>')


def _state_text(session: LiveSession) -> str:
    state_now = session.state()
    activity = ACTIVITY_LABELS[session.activity] if session.activity else "Everything is open"
    left = session.seconds_left()
    timer = f" · {left // 60}:{left % 60:02d} left" if left is not None and state_now == "open" else ""
    if state_now == "paused":
        return "Time is up" if session.stored_state == "open" else "Paused"
    return f"{activity}{timer}"


# steering


def _controls(session: LiveSession) -> None:
    st.subheader("Steer the workshop")
    now = session.state()
    pause, end = st.columns(2)
    if now == "open":
        pause.button("Pause", key="workshop_pause", icon=":material/pause:", width="stretch",
                     on_click=lambda: _do(lambda: live_store().set_state(session.id, "paused")))
    else:
        pause.button("Go on", key="workshop_resume", icon=":material/play_arrow:", type="primary", width="stretch",
                     on_click=lambda: _do(lambda: live_store().set_state(session.id, "open")))
    with end.popover("End the workshop", icon=":material/stop:", width="stretch"):
        st.write("Ending closes the join link for good. Everything the room said is kept: bring it into the map "
                 "or export it afterwards.")
        st.button("End it now", key="workshop_end", type="primary",
                  on_click=lambda: _do(lambda: live_store().set_state(session.id, "closed")))
    options = [_EVERYTHING, *ACTIVITIES]
    labels = {_EVERYTHING: "Everything", **ACTIVITY_LABELS}
    with st.form("workshop_activity_form", border=False):
        st.segmented_control("What the room does now", options, format_func=labels.__getitem__,
                                      default=session.activity or _EVERYTHING, key="workshop_activity")
        st.number_input("Timer (minutes; 0 for none)", min_value=0, max_value=180, step=1, value=0,
                                  key="workshop_minutes")
        st.form_submit_button("Ask the room", key="workshop_ask", on_click=_ask, args=(session.id,))
    st.number_input("Dots per person", min_value=1, max_value=MAX_DOTS, value=session.dots, step=1,
                    key=f"workshop_dots_{session.id}",
                    on_change=lambda: _do(lambda: live_store().set_dots(
                        session.id, int(st.session_state[f"workshop_dots_{session.id}"]))))


def _ask(session_id: int) -> None:
    """Ask the room for the activity chosen, with its timer (a callback: the panel drawn next shows it)."""
    chosen, minutes = st.session_state["workshop_activity"], st.session_state["workshop_minutes"]
    activity = None if chosen in (None, _EVERYTHING) else chosen
    _do(lambda: live_store().set_activity(session_id, activity, minutes or None))


# the room's view


@st.fragment(run_every=ROOM_UPDATE_SECONDS)
def _room(figures: Figures, session_id: int) -> None:
    """What the room has said so far, read again from the store every few seconds."""
    try:
        records = live_store().records(session_id)
        session = live_store().session(session_id)
    except StoreUnavailable as error:
        message(unavailable(error, "read the room's input", "Nothing the room sent is lost"), "warning")
        return
    journey = figures.journey
    view = room_view([touchpoint.id for touchpoint in journey.touchpoints], records.ratings, records.dots,
                     records.votes, records.notes)
    people, notes = len(records.participants), len(records.notes)
    st.subheader(f"The room: {people} {'person' if people == 1 else 'people'}, {len(records.ratings)} ratings, "
                 f"{notes} {'note' if notes == 1 else 'notes'}")
    flags = {step: DISCUSS_TEXT for step, seen in view.items() if seen.discuss}
    if journey.touchpoints:
        st.caption(f"“{DISCUSS_TEXT}” marks the steps where the room disagrees: the middle half of its ratings "
                   "spans 3 points or more.")
        with st.container(key="workshop_map_box"):
            st.vega_lite_chart(figures.flagged_map_spec(st.session_state["size_by"], flags), width="content",
                               key="workshop_map")
        st.dataframe(step_rows(journey, view), hide_index=True, key="workshop_steps")
    _notes(journey, view)
    _exports(figures, records, view, anonymous=session is None or session.anonymous)


def _notes(journey: Any, view: dict[str, StepView]) -> None:
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    arrived = sorted((note for seen in view.values() for note in seen.notes),
                     key=lambda note: (note.created_at, note.number), reverse=True)
    if not arrived:
        return
    st.subheader("Notes, newest first")
    for note in arrived[:40]:
        card(names.get(note.step, note.step), f"{NOTE_KINDS[note.kind]} · {note.name or 'anonymous'}", note.text)


def _exports(figures: Figures, records: Records, view: dict[str, StepView], *, anonymous: bool) -> None:
    """The room's input to download: every input as CSV, and as Excel with the table per step. Both are
    made when clicked (deferred data), not at each of the room's refreshes every 2 s."""
    journey, name = figures.journey, figures.opened.name

    def rows() -> list[dict[str, Any]]:
        return input_rows(journey, records, anonymous=anonymous)

    csv_column, xlsx_column = st.columns(2)
    csv_column.download_button("Download the room's input (CSV)", lambda: inputs_csv(rows()),
                               file_name=f"{name}-workshop.csv", mime="text/csv", key="workshop_csv",
                               on_click="ignore", width="stretch")
    xlsx_column.download_button("Download the room's input (Excel)",
                                lambda: inputs_xlsx(rows(), step_rows(journey, view)),
                                file_name=f"{name}-workshop.xlsx", key="workshop_xlsx", on_click="ignore",
                                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                width="stretch")


def _past_session(figures: Figures, past: list[LiveSession]) -> None:
    st.subheader("Earlier workshops on this journey")
    labels = {s.id: f"{s.started_at:%Y-%m-%d %H:%M} UTC" + (f" by {s.started_by}" if s.started_by else "")
              for s in past}
    chosen = st.selectbox("Workshop", list(labels), format_func=labels.__getitem__, key="workshop_past")
    if chosen is not None:
        _room(figures, chosen)
        _bring_in(figures, chosen)


# into the map

_ALL_STEPS = "__all__"
_PARTS = {"ratings": "The ratings (median, how many, spread)", "notes": "The sticky notes"}


def _bring_in(figures: Figures, session_id: int) -> None:
    """Bring the room's view into the map, for one step or all, as one change (saved, and undoable)."""
    journey = figures.journey
    if not journey.touchpoints:
        return
    st.subheader("Bring the room's view into the map")
    st.caption("For each step the room rated, its median becomes the step's figure and the evidence “observed”; "
               "how many rated and the spread are kept with it. Notes join the step's pain points, opportunities "
               "or quotes, signed. It is saved as one change: Undo takes it back.")
    names = {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}
    steps_column, parts_column = st.columns([1, 1])
    choice = steps_column.selectbox("Steps", [_ALL_STEPS, *names], key="workshop_bring_steps",
                                    format_func=lambda step: "Every step" if step == _ALL_STEPS else names[step])
    parts = parts_column.pills("What to bring in", list(_PARTS), format_func=_PARTS.__getitem__,
                               selection_mode="multi", default=list(_PARTS), key="workshop_bring_parts")
    if st.button("Bring into the map", type="primary", key="workshop_bring", disabled=not parts):
        _bring(session_id, journey, None if choice == _ALL_STEPS else [choice], set(parts or ()))


def _bring(session_id: int, journey: Any, steps: list[str] | None, parts: set[str]) -> None:
    try:
        records = live_store().records(session_id)
    except StoreUnavailable as error:
        state.set_problems(_SCOPE, [unavailable(error, "read the room's input", "Nothing is lost")])
        return
    view = room_view([touchpoint.id for touchpoint in journey.touchpoints], records.ratings, records.dots,
                     records.votes, records.notes)
    chosen = [step for step in (steps or view) if view[step].ratings or view[step].notes]
    if not chosen:
        state.set_problems(_SCOPE, ["The room has not rated or left a note on that yet: nothing to bring in."])
        st.rerun()
    outcome = state.apply_edit(lambda data: with_room_view(data, view, chosen, ratings="ratings" in parts,
                                                           notes="notes" in parts), _SCOPE)
    if outcome:
        count = len(chosen)
        state.notify(f"The room's view of {count} step{'s' if count != 1 else ''} is in the map. Undo takes it back.")
    st.rerun()
