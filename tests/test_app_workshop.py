"""The Workshop tab under AppTest: starting a live session, steering it, the room's view (by hand on a
small case), bringing it into the map and undoing that, and what the facilitator sees when things fail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from journeymap.live.store import LiveStore, open_live
from journeymap.store.backend import StoreUnavailable
from journeymap.store.folder import FolderStore
from tests.test_app import html, table_with, toasts


def live_of(workspace: Path) -> LiveStore:
    return open_live(FolderStore(workspace))


def started(start_app: Any) -> Any:
    app = start_app("tiny", "Workshop")
    app.button(key="workshop_start").click().run()
    assert not app.exception, app.exception
    return app


def room(live: LiveStore, code: str) -> None:
    """Three people rate "Asks for a latte": the customer feels -4, 0 and +3; Bo leaves a note."""
    for name, emotion in (("Ana", -4), ("Bo", 0), ("Cy", 3)):
        token, _ = live.join(code, name)
        live.rate(token, "ask", "emotion", emotion)
        if name == "Bo":
            live.add_note(token, "ask", "pain_points", "<b>Menu</b> is **hard** to read")
            live.place_dots(token, "wait", 2)
            live.vote(token, "pay", False, "People like a word at the till")


def test_starting_a_session_shows_its_code_and_the_controls(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = started(start_app)
    session = live_of(workspace).current("tiny")
    assert session is not None and session.dots == 3 and not session.anonymous
    shown = html(app)
    assert f"/?join={session.code}" in shown  # the link (here on this computer's address)
    assert session.code[:4] + " " + session.code[4:8] in shown  # the code in groups of four
    assert "Phones cannot open this link: localhost is this computer only" in shown
    assert shown.count('<img src="data:image/png;base64,') == 1  # the QR code, named for a screen reader:
    assert f'alt="QR code of the join link http://localhost:8501/?join={session.code}"' in shown
    assert {"workshop_pause", "workshop_end", "workshop_ask"} <= {button.key for button in app.button}


def test_the_room_view_is_worked_out_by_hand_and_marks_where_the_room_disagrees(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = started(start_app)
    room(live_of(workspace), live_of(workspace).current("tiny").code)  # type: ignore[union-attr]
    app.run()
    assert not app.exception, app.exception
    table = table_with(app, "The room").set_index("Step")
    # -4, 0, +3: median 0; quartiles at positions 0.5 and 1.5 of the sorted three: -2 and 1.5; spread 3.5
    assert table.loc["Asks for a latte", "How the customer feels"] == "0 (spread 3.5, 3 ratings)"
    assert table.loc["Asks for a latte", "The room"] == "Discuss this: how the customer feels"
    assert table.loc["Waits at the bar", "Dots"] == 2 and table.loc["Waits at the bar", "The room"] == ""
    assert (table.loc["Pays by card", "Agree with the advice"], table.loc["Pays by card", "Disagree"]) == (0, 1)
    assert [subheader.value for subheader in app.subheader if subheader.value.startswith("The room")] == [
        "The room: 3 people, 3 ratings, 1 note"]
    # the map marks "ask" only, and the note is shown as typed, never as markup
    (chart,) = [c for c in app.get("vega_lite_chart") if any(d.name == "flags" for d in c.proto.datasets)]
    (flags,) = [d for d in chart.proto.datasets if d.name == "flags"]
    assert [row["id"] for row in pa.ipc.open_stream(flags.data.data).read_all().to_pylist()] == ["ask"]
    assert "&lt;b&gt;Menu&lt;/b&gt; is **hard** to read" in html(app) and "<b>Menu</b>" not in html(app)


def test_the_controls_pause_set_an_activity_with_a_timer_change_the_dots_and_end(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = started(start_app)
    live = live_of(workspace)
    session_id = live.current("tiny").id  # type: ignore[union-attr]
    app.button(key="workshop_pause").click().run()
    assert live.session(session_id).stored_state == "paused"  # type: ignore[union-attr]
    app.button(key="workshop_resume").click().run()
    assert live.session(session_id).stored_state == "open"  # type: ignore[union-attr]
    app.get("button_group")[0].set_value("dots")
    app.number_input(key="workshop_minutes").set_value(5)
    app.button(key="workshop_ask").click().run()
    now = live.session(session_id)
    assert now.activity == "dots" and 290 <= now.seconds_left() <= 300  # type: ignore[union-attr,operator]
    assert "Dot vote · 4:5" in html(app) or "Dot vote · 5:00" in html(app)
    app.number_input(key=f"workshop_dots_{session_id}").set_value(5).run()
    assert live.session(session_id).dots == 5  # type: ignore[union-attr]
    app.button(key="workshop_end").click().run()
    assert not app.exception, app.exception
    assert live.current("tiny") is None and live.session(session_id).stored_state == "closed"  # type: ignore[union-attr]
    assert "workshop_start" in {button.key for button in app.button}  # a new one can be started
    assert app.selectbox(key="workshop_past").value == session_id  # the one just ended, to look back at


def test_bringing_the_room_in_sets_medians_keeps_the_ratings_signs_the_notes_and_undoes(
        tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = started(start_app)
    room(live_of(workspace), live_of(workspace).current("tiny").code)  # type: ignore[union-attr]
    app.run()
    app.button(key="workshop_bring").click().run()
    assert not app.exception, app.exception
    ask = FolderStore(workspace).load("tiny").journey.touchpoint("ask")
    # "Asks for a latte" was +2, assumed: now the room's median 0, observed, with 3 ratings and spread 3.5
    assert (ask.emotion, ask.evidence) == (0, "observed")
    assert ask.ratings is not None and ask.ratings.emotion is not None
    assert (ask.ratings.emotion.count, ask.ratings.emotion.median, ask.ratings.emotion.spread) == (3, 0, 3.5)
    assert ask.pain_points == ["<b>Menu</b> is **hard** to read — Bo"]
    wait = FolderStore(workspace).load("tiny").journey.touchpoint("wait")
    assert (wait.emotion, wait.evidence, wait.ratings) == (-3, "assumed", None)  # no rating: left as it was
    assert "The room's view of 1 step is in the map. Undo takes it back." in toasts(app)
    assert FolderStore(workspace).history("tiny")[0].summary == (
        "emotion of 'Asks for a latte' +2 → 0; evidence of 'Asks for a latte' assumed → observed; "
        "the room's ratings of 'Asks for a latte' changed; pain points of 'Asks for a latte' changed")
    app.button(key="undo").click().run()
    ask = FolderStore(workspace).load("tiny").journey.touchpoint("ask")
    assert (ask.emotion, ask.evidence, ask.ratings, ask.pain_points) == (2, "assumed", None, [])


def test_a_store_that_cannot_be_reached_is_said_on_the_tab(tiny_file: Path, start_app: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def away(*args: Any, **kwargs: Any) -> Any:
        raise StoreUnavailable("The database at db cannot be reached: connection refused.")

    monkeypatch.setattr(LiveStore, "current", away)
    app = start_app("tiny", "Workshop")
    assert not app.exception, app.exception
    assert ("Could not reach the live workshop. The database at db cannot be reached: connection refused. "
            "Nothing is lost.") in html(app)


def test_the_projector_layout_shows_the_code_large_and_hides_the_controls(tiny_file: Path, workspace: Path,
                                                                          start_app: Any) -> None:
    app = started(start_app)
    app.toggle(key="workshop_projector").set_value(True).run()
    assert not app.exception, app.exception
    keys = {button.key for button in app.button}
    assert not keys & {"workshop_pause", "workshop_end", "workshop_ask", "workshop_bring"}
    # the QR code stays, named for a screen reader
    assert '<img src="data:image/png;base64,' in html(app) and "Scan to join</figcaption>" in html(app)
    assert 'alt="QR code of the join link http' in html(app)
    assert "font-size:3rem" in html(app)  # the code, read aloud from the wall
