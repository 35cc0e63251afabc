"""The schema migrations of journeymap databases (Alembic), run when a store is opened.

:func:`upgrade` brings a database to the newest schema: an empty one gets every table, one already
at the newest schema is left as it is. A later change of the schema is a new file in ``versions/``
(``NNNN_what_it_does.py``, its ``down_revision`` the file before), so existing databases move on
when the new journeymap first opens them. docs/store.md tells more.
"""

from __future__ import annotations

import threading
from functools import cache
from importlib import resources

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

__all__ = ["current_revision", "head_revision", "upgrade"]

# Alembic runs a migration through module-level state (alembic.context): one at a time in a process.
# Between processes (and app servers) the caller's transaction holds the database's lock.
_ONE_AT_A_TIME = threading.Lock()


def _config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, made in code: no alembic.ini to ship or to find."""
    config = Config()
    config.set_main_option("script_location", str(resources.files(__name__)))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection) -> None:
    """Bring the database behind ``connection`` to the newest schema, inside its transaction."""
    if current_revision(connection) == head_revision():
        return  # the usual case, answered without starting Alembic's environment
    with _ONE_AT_A_TIME:
        command.upgrade(_config(connection), "head")


@cache  # the migrations shipped do not change while journeymap runs
def head_revision() -> str:
    """The newest migration's id (what ``alembic_version`` holds once a database is upgraded).

    Examples
    --------
    >>> head_revision()
    '0002'
    """
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None  # versions/ is shipped with the package
    return head


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at (``None`` for a database journeymap has not opened yet)."""
    return MigrationContext.configure(connection).get_current_revision()
