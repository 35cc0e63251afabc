"""The controls a participant's phone shows for one step: rate it, leave sticky notes, place dots, and
agree or disagree with its automation advice.

Truth is in the store, not in this tab: every run puts the participant's own stored input
(:meth:`~journeymap.live.store.LiveStore.mine`) back into the widgets, and every change is sent at
once from the widget's callback. A refused input (:class:`~journeymap.live.rules.LiveRefused`) or a
store away stores nothing and says why under the control; what was typed in a text field stays there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import streamlit as st

from journeymap.live.phone import STORE_AWAY_TEXT, PhoneStep, StepInput, scale, scale_words, signed, step_advice
from journeymap.live.rules import NOTE_KINDS, RATING_LABELS, LiveRefused
from journeymap.live.store import Participant
from journeymap.store.backend import StoreUnavailable
from journeymap.ui.state.live import live_store
from journeymap.ui.text import html_text, markdown_text, message

__all__ = ["SAID", "advice_controls", "dots_controls", "note_controls", "rate_controls", "said", "send"]

_log = logging.getLogger(__name__)
#: ``session_state`` entry: what the last refused input of each activity was told, shown once under it.
SAID = "phone_said"
VOTES = {"agree": "Agree", "disagree": "Disagree"}


def send(where: str, call: Callable[..., Any], *args: Any) -> bool:
    """``call(*args)`` on the live store; False, with the sentence kept for :func:`said`, if it said no."""
    try:
        call(*args)
    except LiveRefused as error:
        _tell(where, str(error))
        return False
    except StoreUnavailable as error:  # its sentence names the database or folder: for the log only
        _log.info("a phone's input could not be stored: %s", error)
        _tell(where, STORE_AWAY_TEXT)
        return False
    return True


def _tell(where: str, text: str) -> None:
    st.session_state.setdefault(SAID, {})[where] = text


def said(where: str) -> None:
    """The sentence the last refused input of ``where`` got, once, as plain text."""
    text = st.session_state.get(SAID, {}).pop(where, None)
    if text:
        message(text, "error")


def _show(key: str, stored: Any) -> None:
    """Put the stored value into the widget ``key`` before it is drawn: the store is the truth."""
    st.session_state[key] = stored


def _show_typed(key: str, stored: str) -> None:
    """Put the stored text into the text field ``key`` only when the store's text changed (or the field is
    new): a refused text stays in the field as typed, to be corrected and sent again."""
    seen = f"{key}__stored"
    if key not in st.session_state or st.session_state.get(seen) != stored:
        st.session_state[key] = stored
        st.session_state[seen] = stored


def _section(title: str) -> None:
    st.html(f'<p class="jm-phone-section">{html_text(title)}</p>')


# rate


def rate_controls(participant: Participant, token: str, step: PhoneStep, mine: StepInput) -> None:
    """A row of pills per rating (staff's feeling too on a step staff do); tapping the chosen one again
    takes the rating back."""
    _section("Rate this step")
    fields = ["emotion", "friction"] + (["staff_emotion"] if step.staff else [])
    for name in fields:
        key = f"phone_rate_{step.id}_{name}"
        _show(key, mine.ratings.get(name))
        st.pills(RATING_LABELS[name], scale(name), format_func=signed if name != "friction" else str,
                 selection_mode="single", key=key, on_change=_rate, args=(token, step.id, name, key))
        st.caption(markdown_text(scale_words(name)))
    said("rate")
    st.caption("Tap your choice again to take it back.")


def _rate(token: str, step: str, name: str, key: str) -> None:
    send("rate", live_store().rate, token, step, name, st.session_state.get(key))


# notes


def note_controls(participant: Participant, token: str, step: PhoneStep, mine: StepInput) -> None:
    """The kind of note, its text and "Add note"; then this participant's own notes on the step."""
    _section("Sticky notes")
    kind_key, text_key = f"phone_note_kind_{step.id}", f"phone_note_text_{step.id}"
    st.pills("Kind of note", list(NOTE_KINDS), format_func=NOTE_KINDS.__getitem__, selection_mode="single",
             default="pain_points", required=True, key=kind_key)
    st.text_area("Your note", key=text_key, height=100, placeholder="What happens here, what could be better …")
    st.button("Add note", key=f"phone_note_add_{step.id}", type="primary", width="stretch",
              on_click=_add_note, args=(token, step.id, kind_key, text_key))
    said("note")
    for note in mine.notes:
        kind = NOTE_KINDS.get(note.kind, note.kind)
        with st.container(key=f"phone_mynote_{note.number}"):
            st.html(f'<div class="jm-phone-note"><span class="jm-phone-kind">{html_text(kind)}</span><br>'
                    f'{html_text(note.text)}</div>')
            st.button("Take back", key=f"phone_note_remove_{note.number}", width="stretch",
                      on_click=_remove_note, args=(token, note.number))


def _add_note(token: str, step: str, kind_key: str, text_key: str) -> None:
    text = str(st.session_state.get(text_key) or "")
    if send("note", live_store().add_note, token, step, st.session_state.get(kind_key) or "pain_points", text):
        st.session_state[text_key] = ""  # left on the wall: the field is free for the next note


def _remove_note(token: str, number: int) -> None:
    send("note", live_store().remove_note, token, number)


# dots


def dots_controls(participant: Participant, token: str, step: PhoneStep, mine: StepInput) -> None:
    """How many dots are left, how many are on this step, and − / + to move one."""
    _section("Dot vote")
    budget = participant.session.dots
    st.html(f'<p class="jm-phone-dots">Dots left: <b>{max(0, budget - mine.dots_spent)}</b> of {budget}'
            f'<br>On this step: <b>{mine.dots_here}</b></p>')
    with st.container(horizontal=True, key=f"phone_dots_row_{step.id}"):
        st.button("\u2212", key=f"phone_dots_less_{step.id}", width="stretch", disabled=mine.dots_here == 0,
                  help="Take one dot off this step", on_click=_dots, args=(token, step.id, mine.dots_here - 1))
        st.button(markdown_text("+"), key=f"phone_dots_more_{step.id}", width="stretch",
                  help="Put one more dot on this step", on_click=_dots, args=(token, step.id, mine.dots_here + 1))
    said("dots")


def _dots(token: str, step: str, count: int) -> None:
    send("dots", live_store().place_dots, token, step, max(0, count))


# the advice


def advice_controls(participant: Participant, token: str, step: PhoneStep, mine: StepInput,
                    analysis: dict[str, Any] | None) -> None:
    """The step's automation advice and its first reason, Agree / Disagree and an optional reason."""
    _section("The advice")
    advice = None if analysis is None else step_advice(analysis, step.id)
    if advice is None:
        message("There is no advice for this step yet.", "info")
        return
    label, reason = advice
    st.html(f'<div class="jm-phone-advice"><b>{html_text(label)}</b><br>{html_text(reason)}</div>')
    vote_key, why_key = f"phone_vote_{step.id}", f"phone_why_{step.id}"
    vote = mine.vote
    _show(vote_key, None if vote is None else "agree" if vote.agree else "disagree")
    _show_typed(why_key, "" if vote is None else vote.why)
    st.segmented_control("Do you agree?", list(VOTES), format_func=VOTES.__getitem__, selection_mode="single",
                         key=vote_key, width="stretch", on_change=_vote, args=(token, step.id, vote_key, why_key))
    st.text_input("Why? (optional)", key=why_key, on_change=_why, args=(token, step.id, vote_key, why_key))
    said("advice")
    st.caption("Your reason is sent with your vote.")


def _vote(token: str, step: str, vote_key: str, why_key: str) -> None:
    chosen = st.session_state.get(vote_key)
    send("advice", live_store().vote, token, step, None if chosen is None else chosen == "agree",
         str(st.session_state.get(why_key) or ""))


def _why(token: str, step: str, vote_key: str, why_key: str) -> None:
    if st.session_state.get(vote_key) is not None:  # no vote yet: the reason waits in the field, sent with it
        _vote(token, step, vote_key, why_key)
