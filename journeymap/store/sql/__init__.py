"""Journeys in a database, SQLite or PostgreSQL, through SQLAlchemy: :class:`SqlStore`.

``schema.py`` the tables, ``engines.py`` opening a database (SQLite's locking, plain words for what
fails), ``backend.py`` the store itself. The schema is made by :mod:`journeymap.store.migrations`.
"""

from journeymap.store.sql.backend import SqlStore

__all__ = ["SqlStore"]
