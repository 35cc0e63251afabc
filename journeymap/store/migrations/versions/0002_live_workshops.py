"""Live workshops: sessions, participants, and their ratings, dots, votes and sticky notes.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _session() -> sa.Column:
    return sa.Column("session_id", sa.Integer, sa.ForeignKey("live_sessions.id", ondelete="CASCADE"), nullable=False)


def _participant() -> sa.Column:
    return sa.Column("participant_id", sa.Integer, sa.ForeignKey("live_participants.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "live_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("journey", sa.String(64), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("dots", sa.Integer, nullable=False),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("activity", sa.String(10), nullable=True),
        sa.Column("timer_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_by", sa.String(200), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("code", name="uq_live_sessions_code"),
    )
    op.create_index("ix_live_sessions_journey", "live_sessions", ["journey"])
    op.create_table(
        "live_participants",
        sa.Column("id", sa.Integer, primary_key=True),
        _session(),
        sa.Column("token_digest", sa.String(64), nullable=False),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("window_count", sa.Integer, nullable=False),
        sa.UniqueConstraint("token_digest", name="uq_live_participants_token"),
    )
    op.create_index("ix_live_participants_session", "live_participants", ["session_id"])
    op.create_table(
        "live_ratings",
        sa.Column("id", sa.Integer, primary_key=True),
        _session(),
        _participant(),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("participant_id", "step", "field", name="uq_live_ratings_one"),
    )
    op.create_table(
        "live_dots",
        sa.Column("id", sa.Integer, primary_key=True),
        _session(),
        _participant(),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.UniqueConstraint("participant_id", "step", name="uq_live_dots_one"),
    )
    op.create_table(
        "live_votes",
        sa.Column("id", sa.Integer, primary_key=True),
        _session(),
        _participant(),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("agree", sa.Boolean, nullable=False),
        sa.Column("why", sa.String(800), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("participant_id", "step", name="uq_live_votes_one"),
    )
    op.create_table(
        "live_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        _session(),
        _participant(),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    for table in ("live_ratings", "live_dots", "live_votes", "live_notes"):
        op.create_index(f"ix_{table}_session", table, ["session_id"])


def downgrade() -> None:
    for table in ("live_notes", "live_votes", "live_dots", "live_ratings", "live_participants", "live_sessions"):
        op.drop_table(table)
