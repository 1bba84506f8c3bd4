"""Apply the journal's Alembic migrations (shipped in `storage/migrations/`) at start.

Several processes may start at once (the app and a CLI command, four writers in a test): the whole
upgrade runs in one transaction that first takes a lock — `BEGIN IMMEDIATE` on SQLite (see
`storage.engine`), a transaction-scoped advisory lock on PostgreSQL — so the second one waits and then
finds the tables made.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
#: pg_advisory_xact_lock key: "hmskort journal migrate" (any constant, the same in every process)
_PG_LOCK_KEY = 0x484D534B4A4E4C


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head() -> str:
    """The newest migration's revision id."""
    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current(engine: Engine) -> str | None:
    """The revision the database is at (None: not migrated yet)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision (no-op when it is there)."""
    config = _config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        if MigrationContext.configure(conn).get_current_revision() == head():
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
