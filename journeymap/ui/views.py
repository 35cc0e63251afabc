"""What the workshop sees: the header, key figures, the map, pain points, moments
of truth and the automation advice. Thin: every figure comes from the analysis, handed down
once per rerun (:class:`journeymap.ui.computed.Figures`).

User text is only ever shown through dataframes, ``st.text`` and :mod:`journeymap.ui.text`.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import pandas as pd
import streamlit as st

from journeymap.charts.describe import map_table_rows
from journeymap.charts.limits import drawing_limit_message
from journeymap.model import Journey
from journeymap.store.backend import StoredJourney
from journeymap.ui import state
from journeymap.ui.computed import Figures
from journeymap.ui.text import box, card, heading, message, note
from journeymap.vocabulary import RECOMMENDATION_HEADINGS, RECOMMENDATION_LABELS

__all__ = [
    "MAP_KEY",
    "SIZE_CHOICES",
    "advice_reasons",
    "automation_advice",
    "automation_matrix",
    "chart_text",
    "empty_state",
    "fit_to_screen",
    "header",
    "journey_map",
    "key_figures",
    "moments_of_truth",
    "pain_points",
    "selected_id",
]

_log = logging.getLogger(__name__)
MAP_KEY = "journey_map"
#: What the size of a touchpoint on the map shows (the chart's ``size_by``).
SIZE_CHOICES = {"friction": "Friction", "volume": "Customers per week"}


def header(opened: StoredJourney) -> None:
    """The journey's title and persona, large enough to read on a projected wall."""
    persona = opened.journey.persona
    heading(opened.journey.title, "Persona:" if persona else "", persona.name if persona else "")


def empty_state() -> None:
    """What the screen shows with no journey open: a first start, or after the open journey was removed
    (here or in another tab), when the workspace may still hold others."""
    heading("journeymap")
    if state.saved_names():
        # the tab on the projector, its journey removed elsewhere: the toast saying so is gone in
        # seconds, and "not open yet" read as if the workshop's work were lost
        message("No journey is open. Choose one under “Saved in the workspace” in the sidebar and press Open, "
                "or open a sample, upload a journey file or start a new journey.", "info")
        return
    message("No journey is open yet. Open a sample, upload a journey file or start a new journey "
            "in the sidebar on the left.", "info")


def _guarded(what: str, function: Any, *args: Any, report: bool = True) -> Any:
    """``function(*args)``, or None with a message: a bug in one figure must not end the workshop."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - shown to the user and logged, never a traceback on screen
        _log.exception("computing the %s failed", what)
        if report:
            message(f"The {what} could not be computed for this journey ({type(error).__name__}: {error}). "
                    "Everything else still works; the server log has the details.", "error")
        return None


def _analysis(figures: Figures, report: bool = True) -> dict[str, Any] | None:
    return _guarded("analysis", figures.analysis, report=report)


def key_figures(figures: Figures) -> None:
    """Completion, remembered experience, staff hours and the hours automation could give back."""
    result = _analysis(figures)
    if result is None:  # the message is shown
        return
    overall = result["journey"]
    columns = st.columns(4)
    completion = overall.get("completion")
    remembered = overall.get("remembered_experience")
    staff = overall.get("staff_hours_per_week")
    automatable = overall.get("automatable_staff_hours_per_week")
    columns[0].metric("Customers who finish", "unknown" if completion is None else f"{completion:.0%}",
                      help="Share of customers who reach a goal step (from the flow connections and their shares).")
    columns[1].metric("Remembered experience", "unknown" if remembered is None else f"{remembered:+.1f}",
                      help="Peak–end rule: the mean of the most intense and the last emotion on each path, "
                           "from −5 to +5, weighted by how many customers take the path.")
    columns[2].metric("Staff hours per week", "unknown" if staff is None else f"{staff:,.1f} h",
                      help="Customers reaching each step × its staff minutes.")
    columns[3].metric("Hours automation frees", "unknown" if automatable is None else f"{automatable:,.1f} h",
                      help="Staff hours per week at steps advised to automate or assist: time automation "
                           "could give back to the team.")
    notes = [_in_screen_words(str(note)) for note in overall.get("notes") or []]
    box(notes, "info")


#: File field names the analysis notes use, and where the screen lets a workshop set them.
SCREEN_WORDS = {
    "customers_per_week": "The number of customers per week (Build → Journey details and persona)",
}


def _in_screen_words(note: str) -> str:
    """An analysis note that names a file field, pointing to where the screen sets it instead.

    Examples
    --------
    >>> _in_screen_words("customers_per_week is not given, so weekly volumes and staff hours are unknown.")
    'The number of customers per week (Build → Journey details and persona) is not given, so weekly volumes and staff hours are unknown.'
    """
    for field, words in SCREEN_WORDS.items():
        if note.startswith(field):
            return words + note[len(field):]
    return note


def journey_map(figures: Figures, size_by: str) -> None:
    """The annotated swimlane map; clicking a touchpoint selects it for editing."""
    too_big = drawing_limit_message(figures.journey)
    if too_big is not None:  # drawing it would hold this session for minutes: say so, show the table
        message(too_big, "info")
        _map_table(figures.journey)
        return
    spec = _guarded("map", figures.map_spec, size_by)
    if spec is None:
        _map_table(figures.journey)
        return
    # The map keeps its own layout. Fitted, the drawing is scaled down as a whole to the screen's
    # width (nothing overlaps, text gets smaller); otherwise it scrolls sideways in its box.
    if st.session_state["fit_map"]:
        fit_to_screen("map_box")
    with st.container(key="map_box"):
        map_key = f"{MAP_KEY}_{st.session_state['map_version']}"
        st.vega_lite_chart(spec, width="content", on_select=partial(_on_map_select, map_key), key=map_key)
    chart_text(spec, "The map as a table", map_table_rows(figures.journey, _analysis(figures, report=False)),
               "map_steps_table")


def chart_text(spec: dict[str, Any], table_label: str, rows: list[dict[str, Any]], table_key: str) -> None:
    """A chart's text alternative under it: its description (also the drawing's accessible name), and
    what it draws as a table in a folded expander, for a screen reader or a projection too far to read."""
    note(str(spec.get("description") or ""))
    if rows:
        with st.expander(table_label, expanded=False, key=f"{table_key}_expander"):
            st.dataframe(pd.DataFrame(rows), width="stretch", hide_index=True, key=table_key)


def fit_to_screen(box_key: str) -> None:
    """Scale the drawing in container ``box_key`` down as a whole to the screen's width."""
    st.html(f"<style>.st-key-{box_key} svg.marks {{width: 100% !important; height: auto !important;}}"
            f".st-key-{box_key} .vega-embed {{width: 100% !important;}}</style>")


def _on_map_select(map_key: str) -> None:
    event = st.session_state.get(map_key)
    touchpoint_id = selected_id(event)
    if touchpoint_id is not None:
        state.open_from_map(touchpoint_id)


def selected_id(event: Any) -> str | None:
    """The id of the touchpoint clicked on the map, from the chart's selection event.

    Examples
    --------
    >>> selected_id({"selection": {"touchpoint": [{"id": "pay", "stage": "pay"}]}})
    'pay'
    >>> selected_id({"selection": {"touchpoint": []}}) is None
    True
    """
    if not event:
        return None
    selection = event.get("selection") if isinstance(event, dict) else getattr(event, "selection", None)
    for points in (selection or {}).values():
        if isinstance(points, list):
            for point in points:
                if isinstance(point, dict) and isinstance(point.get("id"), str):
                    return point["id"]
    return None


def _map_table(journey: Journey) -> None:
    """Stand-in for the chart: lanes as rows, stages as columns, touchpoint names in the cells."""
    if not journey.touchpoints:
        message("This journey has no touchpoints yet. Add the first one under Build.", "info")
        return
    cells: dict[tuple[str, str], list[str]] = {}
    for touchpoint in journey.touchpoints:
        cells.setdefault((touchpoint.lane, touchpoint.stage), []).append(touchpoint.name)
    table = pd.DataFrame(
        {stage.name: ["\n".join(cells.get((lane, stage.id), [])) for lane in ("customer", "frontstage", "backstage", "support")]
         for stage in journey.stages},
        index=["Customer", "Frontstage", "Backstage", "Support"],
    )
    st.dataframe(table, width="stretch", key="map_table")


def _names(journey: Journey) -> dict[str, str]:
    return {touchpoint.id: touchpoint.name for touchpoint in journey.touchpoints}


def pain_points(figures: Figures) -> None:
    """The steps that hurt most, ranked, each with the reason it is flagged."""
    result = _analysis(figures)
    if result is None:
        return
    stages = {stage.id: stage.name for stage in figures.journey.stages}
    rows = [
        {"rank": item.get("pain_rank"), "touchpoint": item["name"], "stage": stages.get(item["stage"], item["stage"]),
         "pain": item.get("pain"), "staff pain": item.get("staff_pain"),
         "why": item.get("pain_reason") or "", "id": item["id"]}
        for item in result["touchpoints"]
        if item.get("is_pain_point") or (item.get("pain") or 0) > 0
    ]
    if not rows:
        message("No pain points: no step has friction or a negative customer emotion yet.", "success")
        return
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0))
    flagged = {item["id"] for item in result["touchpoints"] if item.get("is_pain_point")}
    for row in rows:
        if row["id"] in flagged:
            card(f"#{row['rank']} {row['touchpoint']}", f"· {row['stage']} · pain {row['pain']:.2f}", row["why"])
    st.caption("Every step with some pain, for customers and for staff")
    st.dataframe(
        pd.DataFrame(rows), width="stretch", hide_index=True, key="pain_table", height=min(38 + 35 * len(rows), 560),
        column_config={
            "pain": st.column_config.ProgressColumn("pain", min_value=0.0, max_value=1.0, format="%.2f"),
            "staff pain": st.column_config.ProgressColumn("staff pain", min_value=0.0, max_value=1.0, format="%.2f"),
            "why": st.column_config.TextColumn("why it is flagged", width="large"),
            "id": None,  # kept in the data to know the row, not shown: ids mean nothing to the room
        },
    )


def moments_of_truth(figures: Figures) -> None:
    """Where the customer's feeling changes most from one step to the next, largest drop first."""
    result = _analysis(figures, report=False)
    if result is None:
        return
    names = _names(figures.journey)
    rows = [{"from": names.get(item["from"], item["from"]), "to": names.get(item["to"], item["to"]),
             "emotion change": item.get("emotion_change")} for item in result.get("moments_of_truth") or []]
    if not rows:
        message("No moments of truth yet: give connected steps a customer emotion.", "info")
        return
    st.dataframe(pd.DataFrame(rows), width="stretch", hide_index=True, key="moments_table",
                 column_config={"emotion change": st.column_config.NumberColumn(format="%+.1f")})


def automation_advice(figures: Figures) -> None:
    """Per step: automate, assist, keep human or not a priority, with the reasons and warnings."""
    result = _analysis(figures)
    if result is None:
        return
    rows = []
    warnings: list[str] = []
    for item in result["touchpoints"]:
        advice = item.get("automation") or {}
        recommendation = advice.get("recommendation", "")
        rows.append({
            "touchpoint": item["name"],
            "lane": item.get("lane", ""),
            "advice": RECOMMENDATION_LABELS.get(recommendation, recommendation),
            "fit": advice.get("fit"),
            "empathy risk": advice.get("empathy_risk"),
            "firm?": "borderline" if (advice.get("firmness") or {}).get("borderline") else "firm",
            "what would change it": "; ".join(change["text"] for change in (advice.get("firmness") or {}).get("changes") or []),
            "reasons": " ".join(str(reason) for reason in advice.get("reasons") or []),
            "warnings": " ".join(str(warning) for warning in advice.get("warnings") or []),
        })
        warnings += [f"{item['name']}: {warning}" for warning in advice.get("warnings") or []]
    if not rows:
        message("No touchpoints yet, so no advice. Add steps under Build.", "info")
        return
    box(warnings, "warning")
    st.dataframe(
        pd.DataFrame(rows), width="stretch", hide_index=True, key="advice_table", height=min(38 + 35 * len(rows), 560),
        column_config={
            "fit": st.column_config.ProgressColumn("fit", min_value=0, max_value=100, format="%.0f"),
            "empathy risk": st.column_config.ProgressColumn("empathy risk", min_value=0, max_value=100, format="%.0f"),
            "firm?": st.column_config.TextColumn(
                "firm?", help="Borderline: moving one trait, the emotion or the friction by one step would change "
                              "the advice. These are the steps to talk through."),
            "what would change it": st.column_config.TextColumn("what would change it", width="medium"),
            "reasons": st.column_config.TextColumn("reasons", width="large"),
            "warnings": st.column_config.TextColumn("warnings", width="medium"),
        },
    )


def advice_reasons(figures: Figures) -> None:
    """The full reasons and warnings of one step, to read aloud in the workshop."""
    result = _analysis(figures, report=False)
    if result is None or not result["touchpoints"]:
        return
    by_id = {item["id"]: item for item in result["touchpoints"]}
    names = {item_id: item["name"] for item_id, item in by_id.items()}
    options = list(names)
    selected = state.selected_touchpoint()
    chosen = st.selectbox("Read the reasons for", options, index=options.index(selected) if selected in names else 0,
                          format_func=names.__getitem__, key=f"reasons_for_{state.editor_version()}")
    advice = by_id[chosen].get("automation") or {}
    recommendation = advice.get("recommendation", "")
    box([f"Advice: {RECOMMENDATION_HEADINGS.get(recommendation, recommendation)} "
         f"(fit {advice.get('fit', 0):.0f}, empathy risk {advice.get('empathy_risk', 0):.0f})"]
        + [f"• {reason}" for reason in advice.get("reasons") or []]
        + ([f"• {advice['firmness']['text']}"] if advice.get("firmness") else []), "info")
    box([f"⚠ {warning}" for warning in advice.get("warnings") or []], "warning")


def automation_matrix(figures: Figures) -> None:
    """Fit against empathy risk, with the two thresholds as the quadrant lines."""
    spec = _guarded("automation matrix", figures.matrix_spec)
    if spec is not None:
        st.vega_lite_chart(spec, width="stretch", key="automation_matrix")
        note(f"{spec.get('description') or ''} Each step's fit, empathy risk and advice are in the table above.")
