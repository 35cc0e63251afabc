"""The wall screen under AppTest: into it and out, stepping through the slides, what each slide says of
the tiny café (worked out by hand), the room's view during a live workshop, and user text kept plain."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from journeymap.live.store import open_live
from journeymap.reports.slides import present_slides
from journeymap.store.folder import FolderStore
from journeymap.formats.json_file import loads
from tests.conftest import TINY_JOURNEY
from tests.test_app import html


def presenting(start_app: Any, slide: str | None = None) -> Any:
    app = start_app("tiny")
    if slide is None:
        app.button(key="present_start").click().run()
    else:
        app.query_params["present"] = slide
        app.run()
    assert not app.exception, app.exception
    return app


def test_the_button_opens_the_overview_without_sidebar_or_tabs(tiny_file: Path, start_app: Any) -> None:
    app = presenting(start_app)
    assert app.query_params["present"] == "0"
    assert len(app.sidebar) == 0 and len(app.tabs) == 0
    shown = html(app)
    assert "Tiny café" in shown and "Ana · 3 steps in 2 stages · slide 1 of 3" in shown
    # every step in its stage's column, the sign spelled out beside its colour; the only pain point ranked
    assert shown.index("Order</p>") < shown.index("Asks for a latte") < shown.index("Waits at the bar") \
        < shown.index("Pay</p>") < shown.index("Pays by card")
    assert "▲ +2" in shown and "▼ -3 · pain #1" in shown and "▲ +1" in shown


def test_next_and_previous_step_through_the_stages_and_back_leaves(tiny_file: Path, start_app: Any) -> None:
    app = presenting(start_app)
    assert app.button(key="present_previous").disabled and app.button(key="present_overview").disabled
    app.button(key="present_next").click().run()
    assert app.query_params["present"] == "1"
    shown = html(app)
    assert ">Order</p>" in shown and "Stage 1 of 2 · slide 2 of 3" in shown
    assert "Asks for a latte" in shown and "Waits at the bar" in shown and "Pays by card" not in shown
    # Waits at the bar: friction 6 and -3, the café's one pain point
    assert "Customer feels ▼ -3 · <b>pain point #1</b>" in shown
    app.button(key="present_next").click().run()
    assert ">Pay</p>" in html(app) and app.button(key="present_next").disabled
    app.button(key="present_previous").click().run()
    assert app.query_params["present"] == "1"
    app.button(key="present_overview").click().run()
    assert app.query_params["present"] == "0"
    app.button(key="present_leave").click().run()
    assert "present" not in app.query_params and len(app.tabs) > 0 and len(app.sidebar) > 0


def test_an_address_past_the_end_shows_the_last_slide_and_nonsense_the_first(tiny_file: Path, start_app: Any) -> None:
    assert ">Pay</p>" in html(presenting(start_app, "99"))
    assert "slide 1 of 3" in html(presenting(start_app, "two"))


def test_a_stage_with_more_steps_than_a_slide_holds_is_split_evenly() -> None:
    data = json.loads(json.dumps(TINY_JOURNEY))
    data["touchpoints"] += [{"id": f"extra{n}", "name": f"Extra {n}", "stage": "order"} for n in range(2)]
    slides = present_slides(loads(json.dumps(data)))
    # Order holds 4 steps: two slides of 2 (not 3 and 1); Pay one slide
    assert [(slide.title, len(slide.cards)) for slide in slides[1:]] == [("Order", 2), ("Order", 2), ("Pay", 1)]
    assert slides[1].subtitle == "Stage 1 of 2, part 1 of 2" and slides[2].subtitle == "Stage 1 of 2, part 2 of 2"


def test_the_room_says_where_it_disagrees_on_the_stage_slide(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    live = open_live(FolderStore(workspace))
    session = live.start("tiny")
    for name, emotion in (("Ana", -4), ("Bo", 0), ("Cy", 3)):
        token, _ = live.join(session.code, name)
        live.rate(token, "ask", "emotion", emotion)
    shown = html(presenting(start_app, "1"))
    # -4, 0, +3: median 0, quartiles -2 and 1.5 (halfway between neighbours), spread 3.5 ≥ 3 among 3
    assert "Discuss this: how the customer feels" in shown
    assert "How the customer feels: 0 (spread 3.5, 3 ratings)" in shown


def test_names_and_notes_are_shown_as_typed(workspace: Path, start_app: Any) -> None:
    data = json.loads(json.dumps(TINY_JOURNEY))
    data["touchpoints"][0].update(name="<img src=x onerror=alert(1)>", quotes=["**loud** <b>"])
    workspace.mkdir(parents=True, exist_ok=True)
    (workspace / "tiny.json").write_text(json.dumps(data), encoding="utf-8")
    shown = html(presenting(start_app, "1"))
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown
    assert "“**loud** &lt;b&gt;”" in shown
