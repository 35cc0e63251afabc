"""Live workshops kept in the store, on SQLite, PostgreSQL and beside a workspace folder: the session's
lifecycle, joining, every kind of input and its rules, the rate limit, and many phones at once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest

from journeymap.formats.json_file import loads
from journeymap.live import store as live_module
from journeymap.live.rules import RATE_LIMIT, LiveRefused
from journeymap.live.store import CODE_ALPHABET, CODE_SIZE, ENDED_TEXT, PAUSED_TEXT, TIME_UP_TEXT, TOO_FAST_TEXT, \
    LiveStore, open_live
from tests.stores import Backend, backend  # noqa: F401 - fixture

CAFE = loads('{"title": "Cafe", "stages": [{"id": "s", "name": "Visit"}], "touchpoints": ['
             '{"id": "queue", "name": "Queues", "stage": "s"}, {"id": "order", "name": "Orders", "stage": "s"},'
             '{"id": "pay", "name": "Pays", "stage": "s"}]}')


@pytest.fixture
def live(backend: Backend) -> Iterator[LiveStore]:
    journeys = backend.open()
    journeys.save("cafe", CAFE)
    opened = open_live(journeys)
    yield opened
    opened.close()


def refused(call: object, *args: object) -> str:
    with pytest.raises(LiveRefused) as raised:
        call(*args)  # type: ignore[operator]
    return str(raised.value)


def test_a_session_opens_pauses_and_closes_and_its_link_stops_working(live: LiveStore) -> None:
    session = live.start("cafe", dots=3, started_by="Kim")
    assert (session.state(), session.journey, session.dots, session.started_by) == ("open", "cafe", 3, "Kim")
    assert len(session.code) == CODE_SIZE and set(session.code) <= set(CODE_ALPHABET)
    token, ana = live.join(session.code, "  Ana ")
    assert ana.name == "Ana" and ana.session.id == session.id
    live.rate(token, "queue", "emotion", -3)

    live.set_state(session.id, "paused")
    assert refused(live.rate, token, "queue", "emotion", 2) == PAUSED_TEXT
    assert [r.value for r in live.records(session.id).ratings] == [-3.0]  # nothing stored on refusal
    live.set_state(session.id, "open")
    live.rate(token, "queue", "emotion", 2)
    assert [r.value for r in live.records(session.id).ratings] == [2.0]  # replaced, not added

    live.set_state(session.id, "closed")
    assert live.current("cafe") is None
    assert refused(live.join, session.code, "Bo") == ENDED_TEXT
    assert refused(live.rate, token, "queue", "emotion", 1) == ENDED_TEXT
    assert refused(live.set_state, session.id, "open") == "That workshop has ended; start a new one."


def test_starting_a_session_closes_the_one_open_on_the_same_journey(live: LiveStore) -> None:
    first = live.start("cafe")
    second = live.start("cafe")
    assert first.code != second.code
    assert live.current("cafe").id == second.id  # type: ignore[union-attr]
    assert [s.stored_state for s in live.sessions("cafe")] == ["open", "closed"]
    assert refused(live.join, first.code) == ENDED_TEXT


def test_a_code_no_session_has_is_refused(live: LiveStore) -> None:
    live.start("cafe")
    assert refused(live.join, "zzzzzzzzzz").startswith("No workshop has that code.")
    assert refused(live.join, "x" * 5000).startswith("No workshop has that code.")


def test_ratings_are_checked_and_one_per_person_step_and_field(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    assert refused(live.rate, token, "queue", "emotion", 6) == "How the customer feels must be between -5 and 5."
    assert refused(live.rate, token, "queue", "friction", -1) == "Friction must be between 0 and 10."
    assert refused(live.rate, token, "queue", "price", 1) == "There is no rating called “price”."
    assert refused(live.rate, token, "gone", "emotion", 1).startswith("That step is not on the map")
    assert refused(live.rate, "not-a-token", "queue", "emotion", 1).startswith("This phone is not in the workshop")
    live.rate(token, "queue", "emotion", -1)
    live.rate(token, "queue", "friction", 7)
    live.rate(token, "queue", "emotion", -2)
    live.rate(token, "order", "staff_emotion", 4)
    assert sorted((r.step, r.field, r.value) for r in live.records(session.id).ratings) == [
        ("order", "staff_emotion", 4.0), ("queue", "emotion", -2.0), ("queue", "friction", 7.0)]
    live.rate(token, "queue", "friction", None)  # taken back
    assert sorted(r.field for r in live.records(session.id).ratings) == ["emotion", "staff_emotion"]


def test_dots_stay_within_each_persons_number(live: LiveStore) -> None:
    session = live.start("cafe", dots=3)
    token, _ = live.join(session.code, "Ana")
    live.place_dots(token, "queue", 2)
    live.place_dots(token, "order", 1)
    # 3 dots in all, 2 on queue and 1 on order: none left for pay
    assert refused(live.place_dots, token, "pay", 1) == ("You have 3 dots in all and 0 left for this step: "
                                                         "take some off another step first.")
    live.place_dots(token, "queue", 1)  # one taken off queue …
    live.place_dots(token, "pay", 1)  # … spent on pay
    assert sorted((d.step, d.count) for d in live.records(session.id).dots) == [("order", 1), ("pay", 1), ("queue", 1)]
    live.place_dots(token, "order", 0)
    assert sorted(d.step for d in live.mine(token).dots) == ["pay", "queue"]
    assert refused(live.place_dots, token, "pay", -1) == "Dots are counted in whole numbers, 0 or more."
    assert refused(lambda: live.start("cafe", dots=0)) == "Give each person between 1 and 20 dots."


def test_a_vote_on_the_advice_is_replaced_and_its_reason_checked(live: LiveStore) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    live.vote(token, "pay", True)
    live.vote(token, "pay", False, "  People want to hear a voice  ")
    (vote,) = live.records(session.id).votes
    assert (vote.step, vote.agree, vote.why, vote.name) == ("pay", False, "People want to hear a voice", "Ana")
    assert refused(live.vote, token, "pay", True, "x" * 201) == "Your reason is longer than 200 characters."
    live.vote(token, "pay", None)
    assert live.records(session.id).votes == []


def test_notes_are_checked_and_only_their_writer_takes_them_back(live: LiveStore) -> None:
    session = live.start("cafe")
    ana, _ = live.join(session.code, "Ana")
    bo, _ = live.join(session.code, "Bo")
    number = live.add_note(ana, "queue", "pain_points", "  The queue goes out of the door ")
    live.add_note(bo, "queue", "quotes", "I nearly left")
    assert refused(live.add_note, ana, "queue", "jokes", "hi") == "There is no kind of note called “jokes”."
    assert refused(live.add_note, ana, "queue", "quotes", " ") == "Write something on the note first."
    assert refused(live.add_note, ana, "queue", "quotes", "a\x1bb").startswith(
        "The note contains the control character U+001B")
    assert refused(live.remove_note, bo, number) == "That note is not yours, or it was already taken back."
    assert [(n.name, n.kind, n.text) for n in live.records(session.id).notes] == [
        ("Ana", "pain_points", "The queue goes out of the door"), ("Bo", "quotes", "I nearly left")]
    live.remove_note(ana, number)
    assert [n.name for n in live.records(session.id).notes] == ["Bo"]


def test_each_participant_reads_back_only_their_own_input(live: LiveStore) -> None:
    session = live.start("cafe")
    ana, _ = live.join(session.code, "Ana")
    bo, _ = live.join(session.code, "Bo")
    live.rate(ana, "queue", "emotion", -4)
    live.rate(bo, "queue", "emotion", 3)
    live.add_note(bo, "pay", "opportunities", "Tap to pay")
    mine = live.mine(ana)
    assert [(r.step, r.value) for r in mine.ratings] == [("queue", -4.0)] and mine.notes == []
    assert list(mine.participants.values()) == ["Ana"]
    assert sorted(live.records(session.id).participants.values()) == ["Ana", "Bo"]


def test_an_anonymous_session_keeps_no_names(live: LiveStore) -> None:
    session = live.start("cafe", anonymous=True)
    token, participant = live.join(session.code, "Ana")
    live.add_note(token, "queue", "pain_points", "Slow")
    assert participant.name == "" and live.records(session.id).notes[0].name == ""
    assert list(live.records(session.id).participants.values()) == [""]


def test_a_participant_sending_faster_than_anyone_taps_is_slowed_down(live: LiveStore,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    for number in range(RATE_LIMIT):  # RATE_LIMIT inputs in one window are taken …
        live.rate(token, "queue", "friction", number % 10)
    assert refused(live.rate, token, "queue", "friction", 9) == TOO_FAST_TEXT  # … one more is not
    assert live.records(session.id).ratings[0].value == (RATE_LIMIT - 1) % 10
    later = live_module._now() + timedelta(seconds=11)  # the window (10 s) has passed
    monkeypatch.setattr(live_module, "_now", lambda: later)
    live.rate(token, "queue", "friction", 9)
    assert live.records(session.id).ratings[0].value == 9


def test_an_activity_and_its_timer_decide_what_the_room_may_send(live: LiveStore,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    session = live.start("cafe")
    token, _ = live.join(session.code, "Ana")
    live.set_activity(session.id, "dots", minutes=2)
    assert refused(live.rate, token, "queue", "emotion", 1) == "The room has moved on to “Dot vote”."
    live.place_dots(token, "queue", 1)
    assert live.session(session.id).seconds_left() in (119, 120)  # type: ignore[union-attr]
    later = live_module._now() + timedelta(minutes=2, seconds=1)
    monkeypatch.setattr(live_module, "_now", lambda: later)
    assert live.session(session.id).state() == "paused"  # type: ignore[union-attr]
    assert refused(live.place_dots, token, "queue", 2) == TIME_UP_TEXT
    live.set_activity(session.id, None)  # every activity, no timer
    live.rate(token, "queue", "emotion", 1)
    assert len(live.records(session.id).ratings) == 1


def test_twenty_phones_at_once_lose_no_input_and_double_none(backend: Backend) -> None:
    journeys = backend.open()
    journeys.save("cafe", CAFE)
    session = open_live(journeys).start("cafe")
    failures: list[BaseException] = []
    start = threading.Barrier(20)

    def phone(number: int) -> None:
        live = open_live(backend.open())  # each thread as its own app server
        try:
            token, _ = live.join(session.code, f"P{number}")
            start.wait(timeout=60)
            for step in ("queue", "order", "pay"):
                live.rate(token, step, "emotion", number % 11 - 5)
                live.rate(token, step, "emotion", (number + 1) % 11 - 5)  # changed their mind: replaces
            live.place_dots(token, "queue", 1)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            live.close()

    threads = [threading.Thread(target=phone, args=(number,)) for number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    records = open_live(backend.open()).records(session.id)
    # 20 people × 3 steps: 60 ratings, each the second value sent; 20 dots on queue
    assert len(records.participants) == 20 and len(records.ratings) == 60
    by_person = {records.participants[r.participant]: r.value for r in records.ratings if r.step == "pay"}
    assert by_person == {f"P{n}": float((n + 1) % 11 - 5) for n in range(20)}
    assert sum(d.count for d in records.dots if d.step == "queue") == 20


def test_input_outlives_the_server_that_took_it(backend: Backend) -> None:
    journeys = backend.open()
    journeys.save("cafe", CAFE)
    first = open_live(journeys)
    session = first.start("cafe")
    token, _ = first.join(session.code, "Ana")
    first.rate(token, "pay", "friction", 8)
    first.close()  # the app server stops …
    again = open_live(backend.open())  # … and another starts: the phone's token still works
    assert again.participant(token).name == "Ana"  # type: ignore[union-attr]
    again.rate(token, "pay", "emotion", -1)
    assert sorted(r.field for r in again.mine(token).ratings) == ["emotion", "friction"]
    again.close()
