"""Mining an event log into a journey: :func:`mine`, and :func:`discover_dfg` for the bare counts
(the module is not named ``mine``: the function is, and a module of that name would hide it as
``journeymap.mining.mine`` once imported).

:func:`mine` reads the log (:mod:`~journeymap.mining.logs`), asks it for its steps and moves
(:mod:`~journeymap.mining.engine`), keeps the common ones (``min_share``, ``top``), and builds a
journey (:mod:`~journeymap.mining.build`), validated like any journey file. It returns the journey
with what the app and the command line show beside it: how much of the log the map covers, each
step's figures, and warnings.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from journeymap.errors import EventLogError, JourneyFileError, Problem
from journeymap.mining import engine
from journeymap.mining.build import journey_data, order_and_place
from journeymap.mining.columns import ColumnRoles
from journeymap.mining.engine import DirectlyFollows, StepRow, VisitFacts
from journeymap.mining.logs import EventLog, open_log
from journeymap.mining.mapping import ActivityMapping, read_mapping
from journeymap.mining.text import coverage_text
from journeymap.model import MAX_CONNECTIONS, MAX_TOUCHPOINTS, Journey
from journeymap.model.validation import journey_from_data

__all__ = ["Coverage", "MinedJourney", "StepFacts", "discover_dfg", "mine"]

#: Beyond this many steps a map is hard to read; the warning suggests ``top``.
READABLE_STEPS = 40


@dataclass(frozen=True)
class StepFacts:
    """One step of the mined journey and what the log measured of it (times in seconds)."""

    id: str
    name: str
    activities: list[str]
    visits: int
    cases: int
    events: int
    entries: int
    ends: int
    repeats: int
    again_id: str | None
    wait_median_seconds: float | None
    wait_p90_seconds: float | None
    staff_minutes: float | None
    resources: int
    goal: bool


@dataclass(frozen=True)
class Coverage:
    """How much of the log the journey holds.

    ``cases_covered`` counts the cases whose every step and move is on the map; ``events_covered``
    the events of the log on the map's steps (ignored activities and left-off steps are not);
    ``cases_on_map`` the cases with at least one event on the map's steps, which its entry shares
    and ``customers_per_week`` count, over the ``start_days`` from the first one's start to the last
    one's (UTC calendar days, both counted).
    """

    cases: int
    events: int
    cases_covered: int
    events_covered: int
    steps_in_log: int
    steps_on_map: int
    moves_in_log: int
    moves_on_map: int
    ignored_events: int
    cases_on_map: int
    start_days: int
    first_start: str | None  # ISO 8601, UTC
    last_start: str | None
    customers_per_week: float | None

    @property
    def cases_share(self) -> float:
        return self.cases_covered / self.cases if self.cases else 0.0

    @property
    def events_share(self) -> float:
        return self.events_covered / self.events if self.events else 0.0


@dataclass
class MinedJourney:
    """What :func:`mine` gives: the journey, how much of the log it covers, each step's figures, the
    columns it read, and warnings to show beside the map."""

    journey: Journey
    roles: ColumnRoles
    format: str
    coverage: Coverage
    steps: list[StepFacts]
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Plain JSON data (what ``journeymap mine --json`` prints), without the journey itself."""
        coverage = asdict(self.coverage)
        coverage["cases_share"] = self.coverage.cases_share
        coverage["events_share"] = self.coverage.events_share
        return {"format": self.format, "columns": self.roles.as_dict(), "coverage": coverage,
                "steps": [asdict(step) for step in self.steps], "warnings": list(self.warnings)}


def discover_dfg(path: str | os.PathLike[str],
                 columns: ColumnRoles | Mapping[str, str | None] | None = None) -> DirectlyFollows:
    """The directly-follows graph of a log, every event as it is (no mapping, lifecycle events each
    counted): counts and mean seconds per pair, and the cases' first and last activities."""
    with open_log(path, columns) as log:
        return engine.directly_follows(log)


def mine(path: str | os.PathLike[str], *, columns: ColumnRoles | Mapping[str, str | None] | None = None,
         mapping: str | os.PathLike[str] | ActivityMapping | None = None, goals: Iterable[str] = (),
         min_share: float = 0.0, top: int | None = None, title: str | None = None,
         guess: bool = True, name: str | None = None) -> MinedJourney:
    """Mine an event log into a journey.

    Parameters
    ----------
    path
        A ``.csv`` (any delimiter), ``.parquet``, ``.xes`` or ``.xes.gz`` file.
    columns
        The column of each role (``case``, ``activity``, ``timestamp``, ``lifecycle``, ``resource``);
        those not given are guessed from the columns' names, or with ``guess=False`` have none.
    mapping
        A mapping file (or one read with :func:`~journeymap.mining.mapping.read_mapping`): activity →
        touchpoint, stage, lane, or ignore.
    goals
        Activities (or mapped touchpoint names) at which a journey has succeeded; a case ending
        elsewhere is a drop-off.
    min_share
        Keep only the steps and moves that at least this share of the cases go through (0…1).
    top
        Keep only the ``top`` steps most cases go through (goals are always kept).
    title
        The journey's title (default: "Journey mined from NAME").
    guess
        Whether the roles ``columns`` does not give are guessed from the columns' names.
    name
        The log's name in the title and description (default: the file's name; the app gives the
        name of the uploaded file).

    Raises
    ------
    EventLogError
        For a log or mapping that cannot be mined, every problem with its row.
    """
    if not 0 <= min_share <= 1:
        raise ValueError(f"min_share must be between 0 and 1, got {min_share}")
    if top is not None and top < 1:
        raise ValueError(f"top must be at least 1, got {top}")
    if mapping is None:
        mapping = ActivityMapping()
    elif not isinstance(mapping, ActivityMapping):
        mapping = read_mapping(mapping)
    with open_log(path, columns, guess=guess) as log:
        return _mine(log, mapping, list(goals), min_share, top, title, name or log.path.name)


def _mine(log: EventLog, mapping: ActivityMapping, goals: list[str], min_share: float, top: int | None,
          title: str | None, name: str) -> MinedJourney:
    warnings = list(log.warnings)
    activities = _activities(log)
    names = mapping.for_log(activities)
    engine.set_mapping(log, names)
    _check_mapping(mapping, activities, warnings)
    starts, completes, others = engine.lifecycle_counts(log)
    use_lifecycle = completes > 0
    if log.roles.lifecycle and not completes:
        warnings.append(f"The lifecycle column {log.roles.lifecycle!r} has no 'complete' events: every event is "
                        "taken as a step of its own, and no staff time is measured.")
    elif others:
        warnings.append(f"{others:,} events with a lifecycle transition other than start and complete (schedule, "
                        "suspend …) are not steps; they are left out of the flow.")
    # two activities on one step: one after the other in a case they are one visit of it
    on_steps = [names.get(activity, activity) for activity in activities if names.get(activity, activity) is not None]
    merge = len(set(on_steps)) < len(on_steps)
    facts = engine.visit_facts(log, use_lifecycle=use_lifecycle, merge=merge)
    if not facts.steps:
        raise EventLogError([Problem("", "has no events left to mine: the mapping ignores every activity")],
                            log.source)
    if facts.single_step_cases == facts.cases:
        raise EventLogError([Problem(f"column {log.roles.case!r}",
                                     f"gives every case a single step (such as case {facts.single_step_example!r}, "
                                     f"{_where_case(log, facts.single_step_example)}), so no customer moves from one "
                                     "step to another: is it the column of the case (order, ticket, visit) each "
                                     "event belongs to? Choose the right one (--case on the command line)")],
                             log.source)
    goal_steps = _goal_steps(goals, mapping, facts, activities, log.source)
    all_cases, all_steps = facts.cases, dict(facts.steps)
    all_moves = len(facts.moves) + sum(1 for row in facts.steps.values() if row.repeats)
    kept = _kept_steps(facts, goal_steps, min_share, top)
    dropped = [name for name in facts.steps if name not in kept]
    engine.note_cases_passing(log, dropped)
    if dropped:
        facts = engine.visit_facts(log, kept, use_lifecycle=use_lifecycle, merge=merge)
    moves = [move for move in facts.moves if move.cases >= min_share * facts.cases]
    left_moves = [(move.source, move.target) for move in facts.moves if move.cases < min_share * facts.cases]
    affected = engine.affected_cases(log, left_moves)
    if len(kept) + sum(1 for name in kept if facts.steps[name].repeats) > MAX_TOUCHPOINTS:
        raise EventLogError([Problem("", f"has {len(kept):,} different activities, more than the "
                                         f"{MAX_TOUCHPOINTS:,} steps a journey holds; keep the most common with "
                                         "--top N or --min-share")], log.source)
    repeated = sum(1 for name in kept if facts.steps[name].repeats)
    if len(moves) + 2 * repeated > MAX_CONNECTIONS:
        raise EventLogError([Problem("", f"has {len(moves) + 2 * repeated:,} different moves between its steps, more "
                                         f"than the {MAX_CONNECTIONS:,} connections a journey holds; keep the most "
                                         "common with --min-share or --top N")], log.source)
    if len(kept) > READABLE_STEPS:
        warnings.append(f"The map has {len(kept)} steps: hard to read on one screen. --top 20 (or a --min-share) "
                        "keeps the most common.")
    if facts.single_step_cases:
        where = _where_case(log, facts.single_step_example)
        warnings.append(f"{facts.single_step_cases:,} case{'s have' if facts.single_step_cases != 1 else ' has'} "
                        f"only one step (such as case {facts.single_step_example!r}, {where}): such a case starts "
                        "and ends at the same step; it counts as an entry and an end there.")
    if not goal_steps:
        warnings.append("No goal was given: the analysis counts the steps with no way on as goals, and every other end "
                        "of a case as a drop-off.")
    steps = order_and_place(facts.steps, mapping, goal_steps)
    coverage = _coverage(log, facts, all_cases, all_steps, all_moves, steps, moves, affected)
    description = _description(name, coverage, min_share, top)
    data = journey_data(steps, moves, facts, title=title or f"Journey mined from {name}",
                        description=description, mapping=mapping, customers_per_week=coverage.customers_per_week)
    try:
        journey = journey_from_data(data, log.source)
    except JourneyFileError as error:  # a log this code does not map yet: say so rather than write it
        raise EventLogError([Problem("", "gives a journey that is not valid: " + "; ".join(error.lines()))],
                            log.source) from None
    by_step: dict[str, list[str]] = {}
    for activity in activities:
        name = mapping.step_of(activity)
        if name is not None:
            by_step.setdefault(name, []).append(activity)
    facts_out = [StepFacts(id=step.id, name=step.row.name, activities=by_step.get(step.row.name, [step.row.name]),
                           visits=step.row.visits, cases=step.row.cases, events=step.row.events,
                           entries=step.row.entries, ends=step.row.ends, repeats=step.row.repeats,
                           again_id=step.again_id, wait_median_seconds=step.row.wait_median,
                           wait_p90_seconds=step.row.wait_p90,
                           staff_minutes=None if step.row.staff_seconds_mean is None
                           else step.row.staff_seconds_mean / 60,
                           resources=step.row.resources, goal=step.goal) for step in steps]
    return MinedJourney(journey, log.roles, log.format, coverage, facts_out, warnings)


def _where_case(log: EventLog, case: str | None) -> str:
    """Where a case's first event is in the file, as a message names it (``row 7``)."""
    rowid = log.connection.execute("SELECT min(rowid) FROM ev WHERE c = ?", [case]).fetchone()[0]
    return log.where(int(rowid)) if rowid is not None else "not found"


def _activities(log: EventLog) -> list[str]:
    return [row[0] for row in log.connection.execute("SELECT DISTINCT a FROM ev ORDER BY a").fetchall()]


def _check_mapping(mapping: ActivityMapping, activities: list[str], warnings: list[str]) -> None:
    known = {activity.casefold() for activity in activities}
    unknown = [written for key, written in mapping.activities.items() if key not in known]
    if unknown:
        shown = ", ".join(repr(name) for name in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        warnings.append(f"The mapping names {len(unknown)} activit{'ies' if len(unknown) != 1 else 'y'} the log does "
                        f"not have: {shown}.")


def _goal_steps(goals: list[str], mapping: ActivityMapping, facts: VisitFacts, activities: list[str],
                source: str) -> set[str]:
    steps: set[str] = set()
    problems: list[Problem] = []
    by_fold = {activity.casefold(): activity for activity in activities}
    names = {name.casefold(): name for name in facts.steps}
    for goal in goals:
        key = goal.strip().casefold()
        if key in names:
            steps.add(names[key])
        elif key in by_fold and mapping.step_of(by_fold[key]) in facts.steps:
            steps.add(mapping.step_of(by_fold[key]))  # type: ignore[arg-type]
        else:
            known = (", ".join(repr(name) for name in sorted(facts.steps)[:12])
                     + (" …" if len(facts.steps) > 12 else ""))
            problems.append(Problem(f"--goal {goal!r}", f"is no activity or step of the log; its steps: {known}"))
    if problems:
        raise EventLogError(problems, source)
    return steps


def _kept_steps(facts: VisitFacts, goals: set[str], min_share: float, top: int | None) -> list[str]:
    """The steps at least ``min_share`` of the cases pass, the ``top`` most passed of them; goals always."""
    ranked = sorted(facts.steps.values(), key=lambda row: (-row.cases, -row.visits, row.name))
    kept = [row.name for row in ranked if row.cases >= min_share * facts.cases]
    if top is not None:
        kept = kept[:top]
    return kept + sorted(goal for goal in goals if goal not in kept)


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _coverage(log: EventLog, facts: VisitFacts, all_cases: int, all_steps: dict[str, StepRow], all_moves: int,
              steps: list[Any], moves: list[Any], affected: int) -> Coverage:
    ignored = int(log.connection.execute(
        "SELECT count(*) FROM ev JOIN mapping AS m ON m.activity = a WHERE m.ignore").fetchone()[0])
    cases = int(log.connection.execute("SELECT count(DISTINCT c) FROM ev").fetchone()[0])
    weekly = None
    if facts.cases and facts.start_days:
        weekly = round(facts.cases / (facts.start_days / 7), 2)
    return Coverage(
        cases=cases, events=log.events, cases_covered=all_cases - affected, events_covered=facts.events,
        steps_in_log=len(all_steps),
        steps_on_map=len(steps), moves_in_log=all_moves,
        moves_on_map=len(moves) + sum(1 for step in steps if step.again_id), ignored_events=ignored,
        cases_on_map=facts.cases, start_days=facts.start_days,
        first_start=_iso(facts.first_start), last_start=_iso(facts.last_start), customers_per_week=weekly)


def _description(name: str, coverage: Coverage, min_share: float, top: int | None) -> str:
    period = ""
    if coverage.first_start and coverage.last_start:
        period = f", cases starting {coverage.first_start[:10]} to {coverage.last_start[:10]}"
    text = (f"Mined from the event log {name} ({coverage.events:,} events, {coverage.cases:,} cases{period}). "
            f"The map shows {coverage.steps_on_map} of the log's {coverage.steps_in_log} steps and "
            f"{coverage.moves_on_map} of its {coverage.moves_in_log} moves: {coverage_text(coverage.cases_share)} of "
            f"the cases go only through steps and moves on the map, and {coverage_text(coverage.events_share)} of "
            "the events are on its steps.")
    kept = []
    if min_share:
        kept.append(f"steps and moves that at least {min_share:.2%} of the cases take".replace(".00%", "%"))
    if top:
        kept.append(f"the {top} steps most cases pass")
    if kept:
        text += " Kept: " + " and ".join(kept) + "."
    if coverage.ignored_events:
        text += f" {coverage.ignored_events:,} events of activities the mapping ignores are left out."
    if coverage.customers_per_week is not None:
        text += (f" Customers per week: {coverage.customers_per_week:g}, the {coverage.cases_on_map:,} cases on the "
                 f"map over the {coverage.start_days:,} day{'s' if coverage.start_days != 1 else ''} from the first "
                 "one's start to the last one's (UTC).")
    return text
