"""Build → Calibrate with survey answers: a survey uploaded for the open journey, what it would change per step,
applied as one saved change that Undo takes back, and a bad file told by row with nothing saved.

The figures are those of tests/test_calibrate.py, worked out there by hand: CES 2, 3, 2, 1, 2 about "wait" give
mean 2, interval 1.12 … 2.88, emotion -3.3 and friction 8.3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from journeymap.store.folder import FolderStore
from tests.test_app import html, saved, table_with, toasts

SURVEY = ('Touchpoint,Scale,Score,Comment\n'
          'wait,CES,2,"Ages. My name is Tom, tom@example.com"\n'
          'wait,CES,3,\nwait,CES,2,\nWaits at the bar,CES,1,\nwait,CES,2,\n'
          'pay,NPS,9,Great\n').encode()


def uploaded(start_app: Any, content: bytes, name: str = "survey.csv") -> Any:
    app = start_app(journey="tiny", page="Build")
    app.file_uploader(key="survey_upload_0").set_value((name, content, "text/csv"))
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_preview_shows_each_step_before_and_after_and_saves_nothing(tiny_file: Path, workspace: Path,
                                                                       start_app: Any) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = uploaded(start_app, SURVEY)
    table = table_with(app, "95% interval")
    assert table.to_dict("records") == [
        {"Step": "Waits at the bar", "Scale": "CES's 1–7", "Answers": 5, "Mean": 2.0, "95% interval": "1.12 to 2.88",
         "Emotion": "-3 → -3.3", "Friction": "6 → 8.3", "New quotes": 1, "Change": "calibrated"},
        {"Step": "Pays by card", "Scale": "NPS's 0–10", "Answers": 1, "Mean": 9.0, "95% interval": "",
         "Emotion": "+1 → +1", "Friction": "0 → 0", "New quotes": 1,
         "Change": "kept: 1 answer, fewer than the 5 asked for: it keeps its emotion"},
    ]
    assert "Masked in the new quotes: 1 e-mail address, 1 name." in html(app)
    assert ('6 answers about 2 steps (the scale from column "Scale"): 1 step calibrated, 1 kept as it is.'
            in [text.value for text in app.text])
    assert tiny_file.read_text(encoding="utf-8") == before  # a preview saves nothing


def test_applying_saves_one_change_and_undo_takes_it_back(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = uploaded(start_app, SURVEY)
    app.button(key="survey_apply").click().run()
    assert not app.exception, app.exception
    wait = saved(workspace)["touchpoints"][1]
    assert (wait["emotion"], wait["friction"], wait["evidence"]) == (-3.3, 8.3, "measured")
    assert wait["survey"] == {"scale": "CES", "lowest": 1, "highest": 7, "answers": 5, "mean": 2, "low": 1.12,
                              "high": 2.88}
    assert wait["quotes"] == ["Ages. My name is [name], [email] — survey, CES 2"]
    pay = saved(workspace)["touchpoints"][2]
    assert (pay["emotion"], "survey" in pay, pay["quotes"]) == (1, False, ["Great — survey, NPS 9"])
    assert saved(workspace)["schema_version"] == 4
    assert "Survey answers are in the map: 1 step calibrated, 2 quotes added. Undo takes it back." in toasts(app)
    history = FolderStore(workspace).history("tiny")
    assert len(history) == 2  # the file as it was, and this one change
    assert history[0].summary == (
        "quotes of 'Pays by card' changed; emotion of 'Waits at the bar' -3 → -3.3; friction of 'Waits at the bar' "
        "6 → 8.3; evidence of 'Waits at the bar' assumed → measured; and 2 more changes")
    assert app.file_uploader(key="survey_upload_1").value is None  # a fresh uploader: nothing applied twice
    app.button(key="undo").click().run()
    assert not app.exception, app.exception
    wait = saved(workspace)["touchpoints"][1]
    assert (wait["emotion"], wait["friction"], wait["evidence"], "survey" in wait) == (-3, 6, "assumed", False)
    assert saved(workspace)["schema_version"] == 1


def test_the_fewest_answers_and_the_scale_can_be_chosen(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    app = start_app(journey="tiny", page="Build")
    app.number_input(key="survey_min_answers").set_value(1)
    app.text_input(key="survey_scale").input("CSAT")
    app.file_uploader(key="survey_upload_0").set_value(("s.csv", b"Step,Score\npay,5\npay,4\n", "text/csv"))
    app.run()
    assert not app.exception, app.exception
    (row,) = table_with(app, "95% interval").to_dict("records")
    # 5 and 4: mean 4.5 → -5 + 10 · 3.5 / 4 = 3.75, to one decimal +3.8
    assert (row["Scale"], row["Answers"], row["Emotion"], row["Change"]) == (
        "CSAT's 1–5", 2, "+1 → +3.8", "calibrated")


def test_a_bad_survey_is_told_by_row_and_nothing_is_saved(tiny_file: Path, workspace: Path, start_app: Any) -> None:
    before = tiny_file.read_text(encoding="utf-8")
    app = uploaded(start_app, b"Touchpoint,Scale,Score\nwait,CSAT,9\nlatte,CSAT,4\n<b>x</b>,NPS,3\n")
    shown = html(app)
    assert "Could not read survey.csv; the map is unchanged." in shown
    assert "• row 2: Score 9 is outside CSAT&#x27;s 1–5" in shown
    assert "• row 3: no step &quot;latte&quot; in the journey" in shown
    assert "&lt;b&gt;x&lt;/b&gt;" in shown and "<b>x</b>" not in shown  # the file's text is never markup
    assert all(button.key != "survey_apply" for button in app.button)
    assert tiny_file.read_text(encoding="utf-8") == before


def test_a_binary_file_or_one_without_a_scale_says_what_to_do(tiny_file: Path, workspace: Path,
                                                               start_app: Any) -> None:
    app = uploaded(start_app, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", name="photo.png")
    assert "Could not read photo.png; the map is unchanged.\n• is not a table of survey answers: it holds binary " \
           "data" in html(app)
    app = uploaded(start_app, b"Step,Score\npay,4\n")
    assert "or give it under “Scale of every answer”" in html(app)


def test_the_survey_is_read_once_not_on_every_rerun(tiny_file: Path, workspace: Path, start_app: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import journeymap.ui.survey as survey_ui

    calls = []
    real = survey_ui.calibrate

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(kwargs["min_answers"])
        return real(*args, **kwargs)

    monkeypatch.setattr(survey_ui, "calibrate", counted)
    app = uploaded(start_app, SURVEY)
    app.run()
    app.run()
    assert calls == [5]
    app.number_input(key="survey_min_answers").set_value(1).run()
    assert calls == [5, 1]
    (wait, pay) = table_with(app, "95% interval").to_dict("records")
    assert pay["Change"] == "calibrated" and pay["Emotion"] == "+1 → +4"  # one NPS 9: 9 - 5 = +4
