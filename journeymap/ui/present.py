"""The wall screen: the open journey full-width, no sidebar, type sized to the screen it is on.

``?present=N`` in the address shows slide N (0: the whole journey at a glance; 1, 2, …: one stage
each), so the projector's tab can be opened, bookmarked and reloaded on its own. Buttons and keys
step through it (→ next, ← previous, Home the overview, Esc back to the app). It follows what the team
edits on the laptop and, during a live workshop, what the room sends, re-reading both every few
seconds. What each slide says comes from :mod:`journeymap.reports.slides`; this module only lays it out.

Sizes are in ``vh``, hundredths of the screen's height, so that the type is as large on a 1920×1080
projector as on a 1280×720 one (:data:`MIN_TEXT_PX` says how large, and why).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from journeymap.charts.style import INK, NO_EMOTION, emotion_colour
from journeymap.live.room import room_view
from journeymap.live.tables import room_lines
from journeymap.reports.slides import LANE_NAMES, Slide, StepCard, present_slides
from journeymap.store.backend import StoreUnavailable
from journeymap.ui import state
from journeymap.ui.computed import Figures
from journeymap.ui.state.live import live_store
from journeymap.ui.text import html_text
from journeymap.vocabulary import RECOMMENDATION_COLOURS

__all__ = ["MIN_TEXT_PX", "PRESENT_QUERY_KEY", "present_page", "presenting", "start_button"]

#: The query parameter of the wall screen; its value is the slide shown.
PRESENT_QUERY_KEY = "present"
#: How often the wall screen looks for edits made elsewhere and for the room's input, in seconds.
FOLLOW_SECONDS = 3
#: The smallest text on each kind of slide at 1280×720, in CSS pixels (``font-size``). By the rule of
#: thumb of the audio-visual trade (AVIXA's "150 rule": a text can be read from 150 times its height),
#: text whose capitals are 1/40 of the picture's height (24 px type, about 17.5 px capitals, on 720 px)
#: reads from 3.7 picture heights away: 4.6 m from a 1.25 m tall picture (a 100-inch screen), the back of
#: a room of a dozen people. Step names on a stage slide are larger still (32 px: 6.1 m). The overview
#: puts every step on one screen, so its names are smaller (16 px: 3 m): it shows where the journey
#: goes and where it hurts; the stage slides are the ones read from the back.
MIN_TEXT_PX = {"stage": 24, "stage_name": 32, "overview": 16}
_VH_AT_720 = 7.2  # pixels in one vh on a 720-pixel-tall screen

_STYLE = f"""
<style>
[data-testid="stMainBlockContainer"] {{padding: 3rem 2vw 1rem 2vw; max-width: 100%;}}
[data-testid="stMainBlockContainer"] p {{margin-bottom: 0;}}
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] {{display: none;}}
.jm-slide-head {{display: flex; align-items: baseline; gap: 2vw; flex-wrap: wrap; margin: 0;}}
.jm-slide-title {{font-size: 5.5vh; font-weight: 700; line-height: 1.1; margin: 0; color: {INK};}}
.jm-slide-sub {{font-size: {MIN_TEXT_PX['stage'] / _VH_AT_720:.2f}vh; color: #3e4c59; margin: 0;}}
.jm-glance {{display: grid; gap: 0.8vw; margin-top: 1.5vh;
             grid-template-columns: repeat(var(--jm-columns), minmax(0, 1fr));}}
.jm-glance-stage {{background: #f4f6f9; border-radius: 0.6vh; padding: 0.8vh 0.6vw;}}
.jm-glance-stage-name {{font-size: 3vh; font-weight: 700; margin: 0 0 0.6vh 0; color: {INK};}}
.jm-chip {{font-size: max({MIN_TEXT_PX['overview']}px, {MIN_TEXT_PX['overview'] / _VH_AT_720:.2f}vh);
           line-height: 1.25; background: #fff; border-left: 0.8vh solid var(--jm-feel); border-radius: 0.4vh;
           padding: 0.5vh 0.5vw; margin: 0 0 0.6vh 0; overflow-wrap: anywhere; color: {INK};}}
.jm-chip.jm-staff {{background: #eceff3;}}
.jm-chip-facts {{display: block; color: #3e4c59; font-size: 0.85em;}}
.jm-cards {{display: grid; gap: 1.2vw; margin-top: 0.5vh;
            grid-template-columns: repeat(auto-fill, minmax(min(100%, 28vw), 1fr));}}
.jm-step {{background: #fff; border: 1px solid #d5dae1; border-top: 1.4vh solid var(--jm-feel);
           border-radius: 0.8vh; padding: 1.2vh 1vw; overflow-wrap: anywhere; color: {INK};}}
.jm-step-lane {{font-size: {MIN_TEXT_PX['stage'] / _VH_AT_720:.2f}vh; color: #3e4c59; margin: 0;}}
.jm-step-name {{font-size: {MIN_TEXT_PX['stage_name'] / _VH_AT_720:.2f}vh; font-weight: 700; line-height: 1.15;
                margin: 0.3vh 0 0.8vh 0;}}
.jm-step-line {{font-size: {MIN_TEXT_PX['stage'] / _VH_AT_720:.2f}vh; line-height: 1.3; margin: 0.4vh 0;}}
.jm-badge {{display: inline-block; color: #fff; font-weight: 700; border-radius: 0.5vh; padding: 0 0.5vw;}}
.jm-sticky {{font-size: {MIN_TEXT_PX['stage'] / _VH_AT_720:.2f}vh; line-height: 1.25; background: #fff4c2;
             border-radius: 0.4vh; padding: 0.4vh 0.6vw; margin: 0.6vh 0;}}
.jm-room {{font-size: {MIN_TEXT_PX['stage'] / _VH_AT_720:.2f}vh; border-left: 0.6vh solid #1f3b73; padding-left: 0.6vw;
           margin: 0.5vh 0;}}
.st-key-present_controls button {{min-height: 5.5vh; padding: 0 1.2vw;}}
.st-key-present_controls button p {{font-size: 2.6vh;}}
.jm-empty {{font-size: {MIN_TEXT_PX['stage'] / _VH_AT_720:.2f}vh; margin-top: 3vh;}}
</style>
"""
#: Stages side by side in the overview before they wrap into another row.
GLANCE_COLUMNS = 6
#: Sticky notes shown on a step's card; more are counted, not shown, so a card stays on the screen.
STICKY_NOTES_SHOWN = 2


def presenting() -> bool:
    """Whether this tab shows the wall screen (``?present=`` in its address)."""
    return PRESENT_QUERY_KEY in st.query_params


def start_button() -> None:
    """The button that turns this tab into the wall screen, on its first slide."""
    st.button("Present on the wall", key="present_start", on_click=_go, args=(0,),
              help="The map full-width with large type, stage by stage, for a projector. "
                   "Keys: → next, ← previous, Home the overview, Esc back.")


def _go(number: int | None) -> None:
    if number is None:
        del st.query_params[PRESENT_QUERY_KEY]
    else:
        st.query_params[PRESENT_QUERY_KEY] = str(number)


def _slide_number(count: int) -> int:
    """The slide asked for in the address, kept within the journey's slides (a stage may have gone)."""
    asked = st.query_params.get(PRESENT_QUERY_KEY, "0")
    number = int(asked) if asked.isdigit() else 0
    return min(number, count - 1)


def present_page(figures: Figures) -> None:
    """The wall screen of the open journey.

    It is drawn whole, and again only when the journey or the room's input has changed (checked by a
    fragment every few seconds): a redraw on a timer would swallow a key pressed during it.
    """
    st.html(_STYLE)
    room = _room(figures)
    st.session_state["present_room"] = room
    try:
        analysis = figures.analysis()
    except Exception:  # noqa: BLE001 - the Map tab says what failed; the wall shows the steps without figures
        analysis = None
    slides = present_slides(figures.journey, analysis, room)
    number = _slide_number(len(slides))
    slide = slides[number]
    head, controls = st.columns([5, 4], vertical_alignment="center")
    with head:
        _head(slide, number, len(slides))
    with controls:
        _controls(number, len(slides))
    if number == 0:
        _glance(slide, [(stage.id, stage.name) for stage in figures.journey.stages])
    elif slide.cards:
        st.html('<div class="jm-cards">' + "".join(_step_card(card) for card in slide.cards) + "</div>")
    else:
        st.html('<p class="jm-empty">No steps in this stage yet.</p>')
    _follow(figures)


@st.fragment(run_every=FOLLOW_SECONDS)
def _follow(figures: Figures) -> None:
    """Draw the wall again when the journey was edited elsewhere or the room sent something."""
    if state.changed_on_disk() or _room(figures) != st.session_state["present_room"]:
        st.rerun()


def _room(figures: Figures) -> dict[str, tuple[str, ...]]:
    """What the room of a live workshop said about each step, if one is under way on this journey."""
    try:
        session = live_store().current(figures.opened.name)
        if session is None:
            return {}
        records = live_store().records(session.id)
    except StoreUnavailable:
        return {}  # the wall screen shows the map without the room rather than an error to the room
    view = room_view([touchpoint.id for touchpoint in figures.journey.touchpoints], records.ratings, records.dots,
                     records.votes, records.notes)
    return {step: room_lines(seen) for step, seen in view.items()}


def _controls(number: int, count: int) -> None:
    row = st.container(horizontal=True, horizontal_alignment="right", key="present_controls")
    previous = overview = following = leave = row
    previous.button("Previous", key="present_previous", on_click=_go, args=(max(number - 1, 0),),
                    disabled=number == 0, shortcut="Left")
    overview.button("Overview", key="present_overview", on_click=_go, args=(0,), disabled=number == 0,
                    shortcut="Home")
    following.button("Next", key="present_next", on_click=_go, args=(min(number + 1, count - 1),),
                     disabled=number == count - 1, shortcut="Right")
    leave.button("Back to the app", key="present_leave", on_click=_go, args=(None,), shortcut="Esc")


def _head(slide: Slide, number: int, count: int) -> None:
    subtitle = slide.subtitle
    st.html(f'<div class="jm-slide-head"><p class="jm-slide-title" role="heading" aria-level="1">{html_text(slide.title)}</p>'
            f'<p class="jm-slide-sub">{html_text(subtitle)} · slide {number + 1} of {count}</p></div>')


def _feel_colour(card: StepCard) -> str:
    """The colour of a step's feeling, as its mark on the map has it."""
    return NO_EMOTION if card.emotion is None else emotion_colour(card.emotion)


def _badge(card: StepCard) -> str:
    if not card.advice:
        return ""
    return (f'<span class="jm-badge" style="background: {RECOMMENDATION_COLOURS[card.advice]}">'
            f'{html_text(card.advice_label)}</span>')


def _glance(slide: Slide, stages: Sequence[tuple[str, str]]) -> None:
    """Every stage side by side, each with its steps as one line of facts: the journey at a glance."""
    columns = min(len(stages), GLANCE_COLUMNS) or 1
    parts = []
    for stage_id, stage_name in stages:
        chips = "".join(_chip(card) for card in slide.cards if card.stage == stage_id)
        parts.append(f'<div class="jm-glance-stage"><p class="jm-glance-stage-name" role="heading" aria-level="2">{html_text(stage_name)}</p>'
                     f'{chips}</div>')
    st.html(f'<div class="jm-glance" style="--jm-columns: {columns}">{"".join(parts)}</div>')


def _chip(card: StepCard) -> str:
    facts = [card.emotion_text]
    if card.pain_rank is not None:
        facts.append(f"pain #{card.pain_rank}")
    if card.room and card.room[0].startswith("Discuss"):
        facts.append("discuss")
    staff = " jm-staff" if card.lane in ("backstage", "support") else ""
    return (f'<div class="jm-chip{staff}" style="--jm-feel: {_feel_colour(card)}" data-step="{html_text(card.id)}">'
            f'{html_text(card.name)} {_badge(card)}'
            f'<span class="jm-chip-facts">{html_text(" · ".join(facts))}</span></div>')


def _feels(card: StepCard) -> str:
    if card.emotion is None:
        return f"{card.whose}: {card.emotion_text}"
    return f"{card.whose} feels {card.emotion_text}"


def _step_card(card: StepCard) -> str:
    lines = [f'<p class="jm-step-lane">{html_text(LANE_NAMES.get(card.lane, card.lane))}</p>',
             f'<p class="jm-step-name" role="heading" aria-level="2">{html_text(card.name)}</p>',
             f'<p class="jm-step-line">{html_text(_feels(card))}'
             + (f' · <b>pain point #{card.pain_rank}</b>' if card.pain_rank is not None else "") + '</p>']
    if card.advice:
        lines.append(f'<p class="jm-step-line">{_badge(card)} {html_text(card.advice_reason)}</p>')
    lines += [f'<p class="jm-room">{html_text(line)}</p>' for line in card.room]
    shown = card.sticky_notes[:STICKY_NOTES_SHOWN]
    lines += [f'<p class="jm-sticky">{html_text(note)}</p>' for note in shown]
    if len(card.sticky_notes) > len(shown):
        more = len(card.sticky_notes) - len(shown)
        lines.append(f'<p class="jm-step-line">and {more} more {"note" if more == 1 else "notes"}</p>')
    return (f'<div class="jm-step" style="--jm-feel: {_feel_colour(card)}" data-step="{html_text(card.id)}">'
            f'{"".join(lines)}</div>')
