"""The phone page of a live workshop under AppTest: joining by the code, the step in the address, every
kind of input stored at once and read back after a refresh, refusals in plain words, and that the
code opens this one session's steps and nothing else of the workspace, even behind the team's key."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from journeymap.live.phone import NOT_IN_WORKSHOP_TEXT, STORE_AWAY_TEXT
from journeymap.live.room import Dot, Rating
from journeymap.live.store import ENDED_TEXT, PAUSED_TEXT, UNKNOWN_CODE_TEXT, LiveSession, LiveStore, open_live
from journeymap.model.validation import journey_from_data
from journeymap.store.backend import StoreUnavailable
from journeymap.store.opening import open_store
from journeymap.ui import access
from tests.conftest import APP_FILE, TINY_JOURNEY
from tests.test_access import KEY, everything_shown, gate_is_shown
from tests.test_app import html

#: The tiny café, its steps listed out of their stages' order in the file (pay first), paying done at
#: the counter (frontstage: staff's feeling is asked), and a description a browser would read as markup.
CAFE: dict[str, Any] = copy.deepcopy(TINY_JOURNEY)
CAFE["touchpoints"] = [CAFE["touchpoints"][2] | {"lane": "frontstage"}, *CAFE["touchpoints"][:2]]
CAFE["touchpoints"][1]["description"] = "**Orders** <i>at the till</i>"
#: Another journey of the workspace: the phone must never show it.
OTHER = {"title": "Secret expansion plans", "stages": [{"id": "s", "name": "S"}],
         "touchpoints": [{"id": "t", "name": "Hidden step", "stage": "s"}]}


@pytest.fixture
def live(workspace: Path) -> Iterator[LiveStore]:
    """The workspace with the café and another journey; the live workshops beside them."""
    journeys = open_store(str(workspace))
    journeys.save("cafe", journey_from_data(CAFE))
    journeys.save("plans", journey_from_data(OTHER))
    opened = open_live(journeys)
    yield opened
    opened.close()


def phone(session: LiveSession, token: str | None = None, step: int | None = None) -> AppTest:
    """A phone opening the join link (a refresh is just this again, with the same address)."""
    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.query_params["join"] = session.code
    if token is not None:
        app.query_params["p"] = token
    if step is not None:
        app.query_params["step"] = str(step)
    app.run()
    assert not app.exception, app.exception
    return app


def run(changed: Any) -> AppTest:
    """Run the app after a change (a widget's ``set_value``/``click``, or the app itself)."""
    app = changed.run()
    assert not app.exception, app.exception
    return app


def pills(app: AppTest, key: str) -> Any:
    return app.button_group(key=key)


def errors(app: AppTest) -> list[str]:
    return [element.proto.body for element in app.get("html") if 'class="jm-box jm-error"' in element.proto.body]


def shown(app: AppTest) -> str:
    return everything_shown(app) + "\n".join(str(button.label) for button in app.button)


# --- joining ---------------------------------------------------------------------------------------

def test_joining_puts_the_token_in_the_address_and_stores_the_name(live: LiveStore) -> None:
    session = live.start("cafe")
    app = phone(session)
    assert "Tiny café" in html(app) and "Join the workshop" in html(app)
    app.text_input(key="phone_name").input("Ana")
    app = run(app.button(key="phone_join").click())
    token = app.query_params["p"]
    assert live.participant(token).name == "Ana"  # type: ignore[union-attr]
    assert live.records(session.id).participants == {1: "Ana"}
    assert app.query_params["join"] == session.code  # the code stays beside the token
    # joined: the first step in the stages' order, not the file's (the file lists "Pays by card" first)
    assert "Step 1 of 3 · Order" in html(app) and "Asks for a latte" in html(app)
    assert "You joined as Ana." in html(app)
    assert "phone_name" not in [field.key for field in app.text_input]


def test_a_name_the_store_refuses_is_told_in_plain_words_and_stays_in_the_field(live: LiveStore) -> None:
    session = live.start("cafe")
    app = phone(session)
    app.text_input(key="phone_name").input("Ana\x1b")  # an escape character pasted from another program
    app = run(app.button(key="phone_join").click())
    assert "p" not in app.query_params
    assert live.records(session.id).participants == {}
    assert any("Your name contains the control character U+001B at position 4" in body for body in errors(app))
    assert app.text_input(key="phone_name").value == "Ana\x1b"


def test_an_anonymous_session_asks_no_name(live: LiveStore) -> None:
    session = live.start("cafe", anonymous=True)
    app = phone(session)
    assert "names are not asked" in html(app)
    assert [field.key for field in app.text_input] == []
    app = run(app.button(key="phone_join").click())
    assert live.records(session.id).participants == {1: ""}
    assert "You take part anonymously." in html(app)


def test_an_unknown_code_says_so_and_shows_nothing_else(live: LiveStore) -> None:
    session = live.start("cafe")
    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.query_params["join"] = "zzzzzzzzzz"
    app = run(app)
    assert UNKNOWN_CODE_TEXT in html(app)
    assert not app.button and not app.text_input and "Tiny café" not in html(app)
    assert session.code not in html(app)


def test_an_unknown_token_is_told_and_shown_the_join_form(live: LiveStore) -> None:
    session = live.start("cafe")
    app = phone(session, token="not-a-token-anyone-holds")
    assert NOT_IN_WORKSHOP_TEXT in html(app)
    assert app.button(key="phone_join") and app.text_input(key="phone_name")
    # a token of another session (an old workshop's link kept in the address) is not this one's either
    old = live.start("plans")
    old_token, _ = live.join(old.code, "Bo")
    assert NOT_IN_WORKSHOP_TEXT in html(phone(session, token=old_token))


# --- the steps -------------------------------------------------------------------------------------

def test_next_and_previous_move_the_step_in_the_address(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    app = phone(session, token)
    assert app.button(key="phone_previous").disabled
    app = run(app.button(key="phone_next").click())
    assert app.query_params["step"] == "2"
    assert "Step 2 of 3 · Order" in html(app) and "Waits at the bar" in html(app)
    app = run(app.button(key="phone_next").click())
    # the last step, in stage "Pay" (listed first in the file)
    assert app.query_params["step"] == "3" and "Pays by card" in html(app) and "Step 3 of 3 · Pay" in html(app)
    assert app.button(key="phone_next").disabled
    app = run(app.button(key="phone_previous").click())
    assert app.query_params["step"] == "2"
    # a step number beyond the journey is its last step; a refresh keeps the step
    assert "Step 3 of 3" in html(phone(session, token, step=99))
    assert "Waits at the bar" in html(phone(session, token, step=2))


def test_the_step_description_shows_literally(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    app = phone(session, token, step=1)
    assert "**Orders** &lt;i&gt;at the till&lt;/i&gt;" in html(app)
    assert "<i>" not in html(app)


# --- rating ----------------------------------------------------------------------------------------

def test_a_rating_is_stored_at_once_and_read_back_after_a_refresh(live: LiveStore) -> None:
    session = live.start("cafe")
    token, ana = live.join(session.code, "Ana")
    app = phone(session, token)
    assert pills(app, "phone_rate_ask_emotion").options[0] == "\u22125"  # signed, with a real minus sign
    assert pills(app, "phone_rate_ask_emotion").value is None  # not rated yet
    app = run(pills(app, "phone_rate_ask_emotion").set_value(-3))
    app = run(pills(app, "phone_rate_ask_friction").set_value(7))
    assert live.records(session.id).ratings == [Rating(ana.id, "ask", "emotion", -3.0),
                                                Rating(ana.id, "ask", "friction", 7.0)]
    refreshed = phone(session, token, step=1)  # a new tab, the same address: no session state
    assert pills(refreshed, "phone_rate_ask_emotion").value == -3
    assert pills(refreshed, "phone_rate_ask_friction").value == 7
    # choosing none again takes the rating back
    refreshed = run(pills(refreshed, "phone_rate_ask_emotion").set_value(None))
    assert live.records(session.id).ratings == [Rating(ana.id, "ask", "friction", 7.0)]
    assert pills(phone(session, token), "phone_rate_ask_emotion").value is None


def test_staff_are_asked_how_they_feel_only_on_steps_staff_do(live: LiveStore) -> None:
    session = live.start("cafe")
    token, ana = live.join(session.code, "Ana")
    keys = [group.key for group in phone(session, token, step=1).button_group]
    assert "phone_rate_ask_staff_emotion" not in keys  # the customer asks: no staff there
    app = phone(session, token, step=3)  # paying at the counter: frontstage
    app = run(pills(app, "phone_rate_pay_staff_emotion").set_value(2))
    assert live.records(session.id).ratings == [Rating(ana.id, "pay", "staff_emotion", 2.0)]


def test_a_paused_session_says_so_and_stores_nothing(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    live.set_state(session.id, "paused")
    app = phone(session, token)
    assert PAUSED_TEXT in html(app)  # the banner
    app = run(pills(app, "phone_rate_ask_emotion").set_value(4))
    assert any(PAUSED_TEXT in body for body in errors(app))  # and the refusal, under the control
    assert live.records(session.id).ratings == []
    assert pills(app, "phone_rate_ask_emotion").value is None  # the store's truth, not the tap
    app.text_area(key="phone_note_text_ask").input("The queue is long")
    app = run(app.button(key="phone_note_add_ask").click())
    assert live.records(session.id).notes == []
    assert app.text_area(key="phone_note_text_ask").value == "The queue is long"  # typed text stays


def test_a_closed_session_shows_the_ended_sentence_only(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    live.set_state(session.id, "closed")
    for app in (phone(session, token), phone(session)):  # a joined phone, and a new one scanning the code
        assert ENDED_TEXT in html(app)
        assert not app.button and not app.button_group and not app.text_input and "Asks for a latte" not in html(app)


def test_an_activity_asked_for_shows_only_its_controls_and_the_time_left(live: LiveStore) -> None:
    session = live.start("cafe", dots=3)
    token, _ = live.join(session.code, "Ana")
    live.set_activity(session.id, "dots", minutes=5)
    app = phone(session, token)
    # five minutes from now, read a moment later: 4:5x or 5:00 left
    assert "Now: Dot vote · " in html(app) and (" 5:00 left" in html(app) or " 4:5" in html(app))
    assert not app.button_group and not app.text_area  # no rating, no notes, no vote
    assert app.button(key="phone_dots_more_ask")


# --- notes, dots, the advice -----------------------------------------------------------------------

def test_a_note_is_shown_as_typed_and_can_be_taken_back(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    app = phone(session, token)
    app = run(pills(app, "phone_note_kind_ask").set_value("quotes"))
    app.text_area(key="phone_note_text_ask").input("<b>x</b> **loud** [link](http://evil.example)")
    app = run(app.button(key="phone_note_add_ask").click())
    [note] = live.records(session.id).notes
    assert (note.kind, note.text, note.step) == ("quotes", "<b>x</b> **loud** [link](http://evil.example)", "ask")
    assert "&lt;b&gt;x&lt;/b&gt; **loud** [link](http://evil.example)" in html(app)
    assert "<b>x</b>" not in html(app) and "loud" not in "".join(m.value for m in app.markdown)
    assert app.text_area(key="phone_note_text_ask").value == ""  # free for the next note
    app = run(app.button(key=f"phone_note_remove_{note.number}").click())
    assert live.records(session.id).notes == []
    assert "loud" not in html(app)


def test_dots_past_the_budget_are_refused_with_the_sentence(live: LiveStore) -> None:
    session = live.start("cafe", dots=2)
    token, ana = live.join(session.code, "Ana")
    app = phone(session, token)
    assert "Dots left: <b>2</b> of 2" in html(app) and app.button(key="phone_dots_less_ask").disabled
    for _ in range(3):
        app = run(app.button(key="phone_dots_more_ask").click())
    # 2 dots in all, none elsewhere: the third is refused and the two stay
    assert live.records(session.id).dots == [Dot(ana.id, "ask", 2)]
    assert any("You have 2 dots in all and 2 left for this step: take some off another step first." in body
               for body in errors(app))
    assert "Dots left: <b>0</b> of 2" in html(app) and "On this step: <b>2</b>" in html(app)
    app = run(app.button(key="phone_dots_less_ask").click())
    assert live.records(session.id).dots == [Dot(ana.id, "ask", 1)]


def test_a_vote_on_the_advice_keeps_its_reason(live: LiveStore) -> None:
    session = live.start("cafe")
    token, ana = live.join(session.code, "Ana")
    app = phone(session, token, step=2)
    advice = [body for body in html(app).split("\n") if "jm-phone-advice" in body]
    assert advice and any(label in advice[0] for label in ("Automate", "Assist", "Keep human", "Not a priority"))
    # a reason typed before choosing waits in the field and goes with the vote
    app.text_input(key="phone_why_wait").input("Nobody likes <waiting>")
    app = run(app)
    assert live.records(session.id).votes == []
    app = run(app.button_group(key="phone_vote_wait").set_value("disagree"))
    [vote] = live.records(session.id).votes
    assert (vote.participant, vote.step, vote.agree, vote.why) == (ana.id, "wait", False, "Nobody likes <waiting>")
    refreshed = phone(session, token, step=2)
    assert refreshed.button_group(key="phone_vote_wait").value == "disagree"
    assert refreshed.text_input(key="phone_why_wait").value == "Nobody likes <waiting>"
    refreshed = run(refreshed.button_group(key="phone_vote_wait").set_value(None))  # taken back
    assert live.records(session.id).votes == []


# --- the code is the credential --------------------------------------------------------------------

def test_behind_the_teams_key_the_code_opens_the_phone_page_and_nothing_else(
        live: LiveStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(access.ACCESS_KEY_ENV, KEY)
    monkeypatch.setattr(access, "WRONG_KEY_SECONDS", 0)
    session = live.start("cafe")
    app = phone(session)
    assert "Team access key" not in shown(app)
    app.text_input(key="phone_name").input("Ana")
    app = run(app.button(key="phone_join").click())
    assert "Asks for a latte" in html(app)
    for step in (1, 2, 3):
        seen = shown(phone(session, app.query_params["p"], step=step))
        assert "Secret expansion plans" not in seen and "plans" not in seen.lower() and "Hidden step" not in seen
        assert str(live.journeys.folder) not in seen  # type: ignore[attr-defined]
    assert not app.sidebar.children
    # the workspace itself still asks for the key
    workspace_app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    gate_is_shown(run(workspace_app))


def test_a_store_away_says_so_without_naming_it_and_keeps_the_typed_note(
        live: LiveStore, monkeypatch: pytest.MonkeyPatch) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    app = phone(session, token)

    def away(*_args: object) -> None:
        raise StoreUnavailable("The database sqlite:////srv/team/live.sqlite cannot be used: the disk is full.")

    monkeypatch.setattr(LiveStore, "add_note", away)
    app.text_area(key="phone_note_text_ask").input("Too slow")
    app = run(app.button(key="phone_note_add_ask").click())
    assert any(STORE_AWAY_TEXT in body for body in errors(app))
    assert "/srv/team" not in shown(app)  # where the team keeps its data is not the room's business
    assert app.text_area(key="phone_note_text_ask").value == "Too slow"
