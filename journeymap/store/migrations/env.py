"""Alembic's environment: migrations run on the connection :func:`journeymap.store.migrations.upgrade`
hands over (already inside a transaction that holds the database's write lock), never from a URL."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` run by hand would get here
    raise RuntimeError("journeymap's migrations run through journeymap.store.migrations.upgrade")
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
