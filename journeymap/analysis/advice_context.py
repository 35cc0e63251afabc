"""What the automation advice of a step reads from the rest of the map, each fact independent of file order.

:func:`step_contexts` gathers, for every step, the figures and the facts about its neighbourhood
that the advice weighs or warns about:

- the emotions customers arrive from (the steps whose flow connections into it carry customers),
  for the drop or lift on the way in (a moment of truth);
- the share of customers whose journey ends there, and whether it is a goal;
- how many times a customer who reaches it passes it (above 1 in a retry loop);
- whether a person is at hand: the step is done by a person itself, customers come to it straight
  from a person's step, a flow connection leads on, over any number of steps, to a step a person
  does, or a support connection ties it to one of these. A person's step is one in the *frontstage* lane (staff in view), or a backstage
  step that takes staff time or whose staff feeling is recorded.

Every fact is a set or a largest value over the connections, never "the first" of anything, so
shuffling the file's steps or connections changes none of them, and drawing one step as two
identical steps in sequence changes none of the other steps' facts.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from journeymap.model import Journey, Touchpoint, effective_shares

__all__ = ["JourneyContext", "StepContext", "journey_context", "is_persons_step", "step_contexts"]

#: A step where customers feel this or worse, or say a strong feeling word, is a hard moment of the journey.
HARD_MOMENT_EMOTION = -3.0


@dataclass(frozen=True)
class StepContext:
    """The figures and neighbourhood facts one step's advice reads (``None`` where unknown)."""

    weekly_volume: float | None = None
    expected_visits: float | None = 1.0
    staff_hours_per_week: float | None = None
    staff_pain: float | None = None
    reach: float | None = None
    #: The recorded emotions of the steps customers come from (flow connections with a share above 0).
    emotions_before: tuple[float, ...] = ()
    #: The share of all customers whose journey ends at the step (``None`` without flow).
    end_share: float | None = None
    is_goal: bool = False
    #: Mean passes of a customer who reaches the step (1 outside retry loops).
    passes: float = 1.0
    #: Whether a person can be reached from the step (see the module's description).
    person_reachable: bool = True


@dataclass(frozen=True)
class JourneyContext:
    """What the whole journey tells every step's advice: the persona's needs and its hardest moment."""

    persona_needs: tuple[str, ...] = ()
    persona_name: str | None = None
    #: The name and emotion of the step where customers feel worst, if some feel −3 or worse.
    hardest_moment: tuple[str, float] | None = None


def is_persons_step(touchpoint: Touchpoint) -> bool:
    """Whether a person of the business does the step: frontstage, or backstage with staff time or feeling.

    Examples
    --------
    >>> from journeymap import Touchpoint
    >>> is_persons_step(Touchpoint(id="a", name="A", stage="s", lane="frontstage"))
    True
    >>> is_persons_step(Touchpoint(id="b", name="B", stage="s", lane="support", staff_minutes=5))
    False
    """
    if touchpoint.lane == "frontstage":
        return True
    return touchpoint.lane == "backstage" and (bool(touchpoint.staff_minutes) or touchpoint.staff_emotion is not None)


def journey_context(journey: Journey) -> JourneyContext:
    """The persona's needs and the journey's hardest moment (the lowest emotion, ties by name then id)."""
    persona = journey.persona
    needs = tuple(persona.needs) if persona is not None else ()
    hard = [
        (touchpoint.emotion, touchpoint.name, touchpoint.id)
        for touchpoint in journey.touchpoints
        if touchpoint.lane in ("customer", "frontstage") and touchpoint.emotion is not None
        and touchpoint.emotion <= HARD_MOMENT_EMOTION
    ]
    hardest = min(hard) if hard else None
    return JourneyContext(
        persona_needs=needs,
        persona_name=persona.name if persona is not None else None,
        hardest_moment=None if hardest is None else (hardest[1], float(hardest[0])),
    )


def step_contexts(journey: Journey, figures: dict[str, Any], volumes: list[float | None],
                  staff_hours: list[float | None], staff_pains: list[float | None]) -> list[StepContext]:
    """The context of every step's advice, in file order (see the module's description)."""
    shares = figures.get("shares") or effective_shares(journey)
    emotion = {touchpoint.id: touchpoint.emotion for touchpoint in journey.touchpoints}
    before: dict[str, list[float]] = defaultdict(list)
    for source, targets in shares.items():
        for target, share in targets.items():
            if share > 0 and emotion[source] is not None:
                before[target].append(float(emotion[source]))
    reachable = _person_reachable(journey, shares)
    contexts = []
    for i, touchpoint in enumerate(journey.touchpoints):
        visits, reach = figures["expected_visits"][i], figures["reach"][i]
        passes = visits / reach if visits is not None and reach else 1.0
        contexts.append(StepContext(
            weekly_volume=volumes[i],
            expected_visits=visits,
            staff_hours_per_week=staff_hours[i],
            staff_pain=staff_pains[i],
            reach=reach,
            emotions_before=tuple(sorted(set(before.get(touchpoint.id, ())))),
            end_share=figures["exit"][i],
            is_goal=bool(figures["is_goal"][i]),
            passes=max(1.0, passes),
            person_reachable=touchpoint.id in reachable,
        ))
    return contexts


def _person_reachable(journey: Journey, shares: dict[str, dict[str, float]]) -> set[str]:
    """The steps from which a person's step can be reached (see the module's description)."""
    towards: dict[str, set[str]] = defaultdict(set)  # step -> the steps that lead to it
    for source, targets in shares.items():
        for target, share in targets.items():
            if share > 0:
                towards[target].add(source)
    for connection in journey.connections:
        if connection.kind == "support":  # a support tie works both ways: either side can call on the other
            towards[connection.to].add(connection.from_)
            towards[connection.from_].add(connection.to)
    persons = {touchpoint.id for touchpoint in journey.touchpoints if is_persons_step(touchpoint)}
    found = set(persons)
    # a person's step just before is at hand too: the customer has just been with them (the desk, the till)
    for source, targets in shares.items():
        if source in persons:
            found.update(target for target, share in targets.items() if share > 0)
    queue = deque(found)
    while queue:
        for earlier in towards.get(queue.popleft(), ()):
            if earlier not in found:
                found.add(earlier)
                queue.append(earlier)
    return found

