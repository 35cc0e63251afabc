"""The tables of a journeymap database, as SQLAlchemy Core sees them (docs/store.md).

``journeys`` has one row per name; ``revisions`` one row per save, numbered 1, 2, 3 … per journey
(unique together, so two writers can never both write revision N). The schema itself is created
and changed by the migrations in :mod:`journeymap.store.migrations`, never by ``create_all``: these
tables describe what the newest migration makes, for the queries.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = ["AUTHOR_LENGTH", "NAME_LENGTH", "journeys", "metadata", "revisions"]

#: Journey names follow the workspace folder's rule (at most 64 characters); authors are display names.
NAME_LENGTH = 64
AUTHOR_LENGTH = 200

metadata = MetaData()

journeys = Table(
    "journeys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(NAME_LENGTH), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # removed journeys keep their row and every revision; saving under the name brings them back
    Column("removed", Boolean, nullable=False, default=False),
    Column("removed_at", DateTime(timezone=True), nullable=True),
    Column("removed_by", String(AUTHOR_LENGTH), nullable=False, default=""),
    UniqueConstraint("name", name="uq_journeys_name"),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("journey_id", Integer, ForeignKey("journeys.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("author", String(AUTHOR_LENGTH), nullable=False, default=""),
    Column("summary", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    UniqueConstraint("journey_id", "number", name="uq_revisions_journey_number"),
)
