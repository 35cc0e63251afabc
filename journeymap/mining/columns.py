"""Which column of an event log holds what: the case, the activity, the time, and optionally the
lifecycle transition and the resource, guessed from the columns' names or set by the user.

A name is compared with the known names ignoring case, spaces and the characters ``_ - : .``, so
``Case ID``, ``case_id`` and ``CaseID`` are one name. The known names are tried in order and a column
takes one role at most.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from journeymap.errors import EventLogError, Problem
from journeymap.vocabulary import LOG_ROLES

__all__ = ["ROLES", "REQUIRED_ROLES", "KNOWN_NAMES", "ColumnRoles", "guess_roles", "resolve_roles"]

#: The roles a column can play, in the order they are shown and guessed.
ROLES = LOG_ROLES
#: The roles every log must fill.
REQUIRED_ROLES = ("case", "activity", "timestamp")
#: The command-line option that names each role's column.
_OPTIONS = {role: f"--{role}" for role in ROLES}

#: For each role, the column names journeymap recognises, most telling first. The first of each is
#: the name XES and process-mining tools use (pm4py, ProM, Disco exports).
KNOWN_NAMES: dict[str, tuple[str, ...]] = {
    "case": ("case:concept:name", "case id", "case", "case number", "case key", "trace id", "trace",
             "process instance", "instance id", "ticket id", "ticket", "order id", "booking id", "visit id",
             "session id", "journey id", "customer id", "client id", "patient id"),
    "activity": ("concept:name", "activity", "activity name", "event name", "event", "task", "task name",
                 "action", "step", "touchpoint", "operation", "status"),
    "timestamp": ("time:timestamp", "timestamp", "complete timestamp", "end timestamp", "event time", "time",
                  "date time", "datetime", "date", "completed at", "created at", "occurred at", "when"),
    "lifecycle": ("lifecycle:transition", "lifecycle", "transition", "lifecycle transition", "event type"),
    "resource": ("org:resource", "resource", "user", "staff", "employee", "agent", "performer", "worker",
                 "handled by", "org:role", "role"),
}
_FOLD = re.compile(r"[\s_\-:.]+")


def _folded(name: str) -> str:
    """A column name as compared: lower case, without spaces, ``_ - : .``.

    Examples
    --------
    >>> _folded("Case ID"), _folded("case:concept:name"), _folded(" Time_Stamp ")
    ('caseid', 'caseconceptname', 'timestamp')
    """
    return _FOLD.sub("", name.casefold())


@dataclass(frozen=True)
class ColumnRoles:
    """The column of each role (None: no such column in the log).

    Examples
    --------
    >>> roles = ColumnRoles(case="Case ID", activity="Activity", timestamp="Time")
    >>> roles.missing(), roles.as_dict()["lifecycle"]
    ([], None)
    """

    case: str | None = None
    activity: str | None = None
    timestamp: str | None = None
    lifecycle: str | None = None
    resource: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def missing(self) -> list[str]:
        """The required roles that have no column."""
        return [role for role in REQUIRED_ROLES if getattr(self, role) is None]


def guess_roles(columns: Sequence[str]) -> ColumnRoles:
    """The role of each column, guessed from its name; roles no name fits stay None.

    Examples
    --------
    >>> guess_roles(["Case ID", "Activity", "Timestamp", "Resource"])
    ColumnRoles(case='Case ID', activity='Activity', timestamp='Timestamp', lifecycle=None, resource='Resource')
    >>> guess_roles(["case:concept:name", "concept:name", "time:timestamp", "lifecycle:transition"]).lifecycle
    'lifecycle:transition'
    >>> guess_roles(["Order ID", "Status", "Created at"])
    ColumnRoles(case='Order ID', activity='Status', timestamp='Created at', lifecycle=None, resource=None)
    """
    by_fold: dict[str, str] = {}
    for column in columns:
        by_fold.setdefault(_folded(column), column)
    taken: set[str] = set()
    found: dict[str, str | None] = {}
    for role in ROLES:
        found[role] = None
        for known in KNOWN_NAMES[role]:
            column = by_fold.get(_folded(known))
            if column is not None and column not in taken:
                found[role] = column
                taken.add(column)
                break
    return ColumnRoles(**found)


def resolve_roles(columns: Sequence[str], chosen: ColumnRoles | Mapping[str, str | None] | None,
                  source: str | None = None, *, guess: bool = True) -> ColumnRoles:
    """The roles to mine with: those ``chosen`` (a column name, matched exactly, else ignoring case),
    the others guessed (left without a column when ``guess`` is false: the app's choice of "none");
    an unknown column or a missing required role is an :class:`EventLogError` that lists the
    columns found.

    Examples
    --------
    >>> resolve_roles(["id", "what", "when"], {"case": "id", "activity": "what"}).timestamp
    'when'
    >>> resolve_roles(["id", "what", "when", "resource"], {"case": "id", "activity": "what", "timestamp": "when"},
    ...               guess=False).resource is None
    True
    >>> resolve_roles(["id", "what"], {"case": "ID"})
    Traceback (most recent call last):
    ...
    journeymap.errors.EventLogError: no activity column: no column has a name journeymap knows for it (concept:name, activity, activity name, …); columns found: 'id', 'what'; name it with --activity
    no timestamp column: no column has a name journeymap knows for it (time:timestamp, timestamp, complete timestamp, …); columns found: 'id', 'what'; name it with --timestamp
    """
    if chosen is None:
        chosen = ColumnRoles()
    if isinstance(chosen, Mapping):
        unknown = [role for role in chosen if role not in ROLES]
        if unknown:
            raise ValueError(f"unknown column roles {unknown}; the roles are {', '.join(ROLES)}")
        chosen = ColumnRoles(**{role: value for role, value in chosen.items() if value})
    found = ", ".join(repr(column) for column in columns) or "none"
    problems: list[Problem] = []
    exact: dict[str, str | None] = {}
    for role in ROLES:
        name = getattr(chosen, role)
        if name is None:
            continue
        match = name if name in columns else next((c for c in columns if c.casefold() == name.casefold()), None)
        if match is None:
            problems.append(Problem(f"{_OPTIONS[role]} {name!r}", f"no such column; columns found: {found}"))
        exact[role] = match
    guessed = guess_roles([column for column in columns if column not in exact.values()]) if guess else ColumnRoles()
    roles = replace(guessed, **exact)
    for role in roles.missing():
        if role in exact:
            continue
        hint = ", ".join(KNOWN_NAMES[role][:3])
        problems.append(Problem("", f"no {role} column: no column has a name journeymap knows for it ({hint}, …); "
                                    f"columns found: {found}; name it with {_OPTIONS[role]}"))
    used = [value for value in roles.as_dict().values() if value is not None]
    for column in dict.fromkeys(used):
        if used.count(column) > 1:
            both = [role for role, value in roles.as_dict().items() if value == column]
            problems.append(Problem(f"column {column!r}", f"is given two roles ({' and '.join(both)}); "
                                                          "each role needs a column of its own"))
    if problems:
        raise EventLogError(problems, source)
    return roles
