"""What the wall screen shows: the journey at a glance, then one slide per stage with its steps large.

Plain data, no drawing: the app lays it out (:mod:`journeymap.ui.present`), and the same slides could
be written to another medium. A step's card says what the room needs to talk about it from across
a room: its name, how the customer (or the staff) feels with the sign spelled out as well as
coloured, whether it is a pain point and why, the automation advice and its first reason, and the
sticky notes of the workshop (pain points, opportunities, quotes, notes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from journeymap.model import LANES, Journey, Touchpoint
from journeymap.vocabulary import RECOMMENDATION_LABELS, emotion_mark

__all__ = ["LANE_NAMES", "STEPS_PER_SLIDE", "Slide", "StepCard", "present_slides"]

#: A lane as the wall screen names it, above each card (short: it is read from across the room).
LANE_NAMES = {
    "customer": "Customer",
    "frontstage": "Frontstage staff",
    "backstage": "Backstage",
    "support": "Support system",
}


#: Steps on one stage slide: three cards side by side fill a 16:9 screen with type read from the back of the
#: room; a stage with more steps takes as many slides as it needs ("part 1 of 2"), so nothing is cut off.
STEPS_PER_SLIDE = 3


@dataclass(frozen=True)
class StepCard:
    """One step as the wall screen shows it."""

    id: str
    name: str
    lane: str
    stage: str
    #: The feeling the step's colour and symbol show: the customer's in the customer and frontstage
    #: lanes, the staff's in the backstage and support lanes (as on the map); None when not recorded.
    emotion: float | None
    #: "▲ +3 hopeful", "▼ -4", "● 0": the sign as a symbol and as a number, so it never rests on colour.
    emotion_text: str
    whose: str  # "Customer" or "Staff": whose feeling emotion_text is
    pain_rank: int | None  # its rank when it is a pain point, else None
    advice: str | None  # a key of RECOMMENDATION_LABELS, None without an analysis
    advice_label: str
    advice_reason: str  # the first, headline reason of the advice
    sticky_notes: tuple[str, ...] = ()
    #: What the live workshop's room said about the step, one line each (set by the app).
    room: tuple[str, ...] = ()


@dataclass(frozen=True)
class Slide:
    """The overview (``number`` 0, every step) or one stage, or a part of one (its steps)."""

    number: int
    title: str
    subtitle: str
    stage_id: str | None
    cards: tuple[StepCard, ...] = field(default_factory=tuple)


def present_slides(journey: Journey, analysis: Mapping[str, Any] | None = None,
                   room: Mapping[str, Sequence[str]] | None = None, *,
                   steps_per_slide: int = STEPS_PER_SLIDE) -> list[Slide]:
    """The wall screen's slides: the whole journey first, then each stage in its order, in as many
    slides of ``steps_per_slide`` steps as it needs (one, with no steps, for an empty stage).

    Within a slide the steps go lane by lane (customer, frontstage, backstage, support), in file
    order within a lane, the way the map reads top to bottom.

    Parameters
    ----------
    journey
        The journey on screen.
    analysis
        ``analyze(journey)``; without it the cards show no pain or advice.
    room
        Lines about each step from a live workshop, by step id (say, its median and "Discuss this").
    steps_per_slide
        The most steps on one stage slide.

    Examples
    --------
    >>> from journeymap import analyze, loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "order", "name": "Order"},
    ...   {"id": "pay", "name": "Pay"}], "touchpoints": [
    ...   {"id": "card", "name": "Taps the card", "stage": "pay", "emotion": 2},
    ...   {"id": "ask", "name": "Asks for a latte", "stage": "order", "emotion": -3, "friction": 6,
    ...    "quotes": ["Is it always this slow?"]}]}''')
    >>> slides = present_slides(journey, analyze(journey))
    >>> [(slide.number, slide.title, [card.name for card in slide.cards]) for slide in slides]
    [(0, 'Coffee', ['Asks for a latte', 'Taps the card']), (1, 'Order', ['Asks for a latte']), (2, 'Pay', ['Taps the card'])]
    >>> card = slides[1].cards[0]
    >>> card.emotion_text, card.pain_rank, card.sticky_notes
    ('▼ -3', 1, ('“Is it always this slow?”',))
    >>> [(slide.title, slide.subtitle) for slide in present_slides(journey, steps_per_slide=1)[1:]]
    [('Order', 'Stage 1 of 2'), ('Pay', 'Stage 2 of 2')]
    """
    rows = {row["id"]: row for row in analysis["touchpoints"]} if analysis else {}
    room = room or {}
    order = {lane: index for index, lane in enumerate(LANES)}
    stage_order = {stage.id: index for index, stage in enumerate(journey.stages)}
    touchpoints = sorted(journey.touchpoints, key=lambda tp: (stage_order.get(tp.stage, len(stage_order)),
                                                              order.get(tp.lane, len(order))))
    cards = [_card(tp, rows.get(tp.id), tuple(room.get(tp.id, ()))) for tp in touchpoints]
    total = len(journey.stages)
    slides = [Slide(0, journey.title, _overview_subtitle(journey, total), None, tuple(cards))]
    for index, stage in enumerate(journey.stages, start=1):
        in_stage = [card for card in cards if card.stage == stage.id]
        parts = max(1, -(-len(in_stage) // steps_per_slide))
        size = -(-len(in_stage) // parts) if in_stage else 0  # even parts: 4 steps are 2 + 2, not 3 + 1
        for part in range(parts):
            subtitle = f"Stage {index} of {total}" + (f", part {part + 1} of {parts}" if parts > 1 else "")
            subtitle += f" · {stage.description}" if stage.description and part == 0 else ""
            shown = tuple(in_stage[part * size:(part + 1) * size])
            slides.append(Slide(len(slides), stage.name, subtitle, stage.id, shown))
    return slides


def _overview_subtitle(journey: Journey, stages: int) -> str:
    steps = len(journey.touchpoints)
    persona = f"{journey.persona.name} · " if journey.persona else ""
    return (f"{persona}{steps} {'step' if steps == 1 else 'steps'} in {stages} "
            f"{'stage' if stages == 1 else 'stages'}")


def _card(touchpoint: Touchpoint, row: Mapping[str, Any] | None, room: tuple[str, ...]) -> StepCard:
    staff_lane = touchpoint.lane in ("backstage", "support")
    emotion = touchpoint.staff_emotion if staff_lane else touchpoint.emotion
    mark = "" if emotion is None else emotion_mark(float(emotion))
    feeling = touchpoint.feeling if touchpoint.feeling and not staff_lane else ""
    emotion_text = " ".join(part for part in (mark, feeling) if part) or "feeling not recorded"
    automation = (row or {}).get("automation") or {}
    advice = automation.get("recommendation")
    reasons = automation.get("reasons") or []
    return StepCard(
        id=touchpoint.id,
        name=touchpoint.name,
        lane=touchpoint.lane,
        stage=touchpoint.stage,
        emotion=None if emotion is None else float(emotion),
        emotion_text=emotion_text,
        whose="Staff" if staff_lane else "Customer",
        pain_rank=row.get("pain_rank") if row and row.get("is_pain_point") else None,
        advice=advice,
        advice_label=RECOMMENDATION_LABELS.get(advice, "") if advice else "",
        advice_reason=_without_label(reasons[0]) if reasons else "",
        sticky_notes=_sticky_notes(touchpoint),
        room=room,
    )


def _without_label(reason: str) -> str:
    """The advice's headline reason without the recommendation's name before it (the badge says it).

    Examples
    --------
    >>> _without_label("Keep it human: this is where people make the difference.")
    'This is where people make the difference.'
    >>> _without_label("No label here")
    'No label here'
    """
    label, colon, rest = reason.partition(": ")
    if not colon or len(label.split()) > 4:
        return reason
    return rest[:1].upper() + rest[1:]


def _sticky_notes(touchpoint: Touchpoint) -> tuple[str, ...]:
    """The workshop's notes on a step, as they would be stuck on the wall: pain, ideas, quotes, notes.

    Examples
    --------
    >>> from journeymap.model import Touchpoint
    >>> _sticky_notes(Touchpoint(id="a", name="A", stage="s", pain_points=["Slow"], opportunities=["Buzzer"],
    ...                          quotes=["Still?"], notes="Ask Earl"))
    ('Pain: Slow', 'Idea: Buzzer', '“Still?”', 'Ask Earl')
    """
    return (*(f"Pain: {text}" for text in touchpoint.pain_points),
            *(f"Idea: {text}" for text in touchpoint.opportunities),
            *(f"“{text}”" for text in touchpoint.quotes),
            *((touchpoint.notes,) if touchpoint.notes else ()))
