"""The tables of live workshops, beside the journeys' in the same database (docs/workshop.md).

``live_sessions`` one row per session; ``live_participants`` one per person who joined (their
browser's token kept only as a SHA-256 digest); one row per participant and step for ratings (per
field), dots and the vote on the advice, so that sending again replaces rather than adds; sticky
notes one row each. Made by migration 0002 (:mod:`journeymap.store.migrations`), never by ``create_all``.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Float, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from journeymap.live.rules import NAME_LIMIT, WHY_LIMIT
from journeymap.store.sql.schema import AUTHOR_LENGTH, NAME_LENGTH, metadata

__all__ = ["CODE_LENGTH", "live_dots", "live_notes", "live_participants", "live_ratings", "live_sessions",
           "live_votes"]

#: The longest join code kept (the codes made are shorter: rules of journeymap.live.store).
CODE_LENGTH = 32
_STEP = 64  # a touchpoint id, as the journey file allows


def _participant_column() -> Column[int]:
    return Column("participant_id", Integer, ForeignKey("live_participants.id", ondelete="CASCADE"), nullable=False)


def _session_column() -> Column[int]:
    return Column("session_id", Integer, ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False)


live_sessions = Table(
    "live_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(CODE_LENGTH), nullable=False),
    Column("journey", String(NAME_LENGTH), nullable=False),
    Column("state", String(10), nullable=False),
    Column("dots", Integer, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("activity", String(10), nullable=True),  # None: every activity is open
    Column("timer_ends_at", DateTime(timezone=True), nullable=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("started_by", String(AUTHOR_LENGTH), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("code", name="uq_live_sessions_code"),
)

live_participants = Table(
    "live_participants",
    metadata,
    Column("id", Integer, primary_key=True),
    _session_column(),
    Column("token_digest", String(64), nullable=False),
    Column("name", String(NAME_LIMIT * 4), nullable=False),  # characters, not bytes: room for any script
    Column("joined_at", DateTime(timezone=True), nullable=False),
    # the participant's rate limit: inputs counted since the window began
    Column("window_start", DateTime(timezone=True), nullable=False),
    Column("window_count", Integer, nullable=False),
    UniqueConstraint("token_digest", name="uq_live_participants_token"),
)

live_ratings = Table(
    "live_ratings",
    metadata,
    Column("id", Integer, primary_key=True),
    _session_column(),
    _participant_column(),
    Column("step", String(_STEP), nullable=False),
    Column("field", String(20), nullable=False),
    Column("value", Float, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("participant_id", "step", "field", name="uq_live_ratings_one"),
)

live_dots = Table(
    "live_dots",
    metadata,
    Column("id", Integer, primary_key=True),
    _session_column(),
    _participant_column(),
    Column("step", String(_STEP), nullable=False),
    Column("count", Integer, nullable=False),
    UniqueConstraint("participant_id", "step", name="uq_live_dots_one"),
)

live_votes = Table(
    "live_votes",
    metadata,
    Column("id", Integer, primary_key=True),
    _session_column(),
    _participant_column(),
    Column("step", String(_STEP), nullable=False),
    Column("agree", Boolean, nullable=False),
    Column("why", String(WHY_LIMIT * 4), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("participant_id", "step", name="uq_live_votes_one"),
)

live_notes = Table(
    "live_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    _session_column(),
    _participant_column(),
    Column("step", String(_STEP), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
