"""`SqlUsageLedger`: the `UsageLedger` port on the journal's database (SQLite or PostgreSQL).

Every app process of a deployment opens the same database, so a per-user limit holds across all of
them. Check and count are one transaction that first takes a lock only this user's `kind` needs:
PostgreSQL a transaction-scoped advisory lock on the hash of (kind, user) — two users never wait on
each other; SQLite the database's write lock (`BEGIN IMMEDIATE`, see `storage.engine`), which also
serialises processes on one host. Two racing processes therefore cannot both see room for the last
lookup. Times are wall-clock seconds (processes share no monotonic clock).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, and_, delete, func, insert, select, text
from sqlalchemy.exc import SQLAlchemyError

from app.errors import JournalError
from app.ports import Usage
from storage import migrate
from storage.engine import database_url, make_engine, transaction
from storage.schema import LENGTHS, usage

#: rows older than this are deleted when a ledger opens (the longest window: crew rows, one day)
KEEP_S = 86_400.0


def open_usage_ledger(
    database: str | None, data_dir: str | Path, *, keep_s: float = KEEP_S
) -> SqlUsageLedger:
    """Open (and migrate) the ledger in the journal's database; rows older than `keep_s` are purged.
    Raises `JournalError` naming the kind of store, never its URL (it may hold a password)."""
    url = database_url(database, data_dir)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        ledger = SqlUsageLedger(engine)
        ledger.purge(keep_s)
    except (SQLAlchemyError, JournalError) as exc:
        engine.dispose()
        raise JournalError(
            f"cannot open the usage ledger ({url.get_backend_name()}): {type(exc).__name__}"
        ) from exc
    return ledger


class SqlUsageLedger:
    """Per-user usage in one SQL database (see `app.ports.UsageLedger`)."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._clock = clock

    def __repr__(self) -> str:  # the URL may hold a password
        return f"SqlUsageLedger({self._engine.dialect.name})"

    def _tx(self):
        return transaction(self._engine, "the usage ledger")

    def take(self, user: str, kind: str, count: int, *, limit: int, window_s: float) -> Usage:
        user, kind = user[: LENGTHS["user"]], kind[: LENGTHS["usage_kind"]]
        mine = and_(usage.c.user == user, usage.c.kind == kind)
        with self._tx() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(
                    text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": f"{kind}\x1f{user}"}
                )
            now = self._clock()  # read under the lock: the counts are in the order they were taken
            since = now - window_s
            conn.execute(delete(usage).where(mine, usage.c.at <= since))  # this user's expired rows
            used = conn.execute(select(func.coalesce(func.sum(usage.c.count), 0)).where(mine)).scalar_one()
            if used + count > limit:
                return Usage(False, max(0, limit - used))
            conn.execute(insert(usage).values(user=user, kind=kind, at=now, count=count))
            return Usage(True, limit - used - count)

    def used(self, user: str, kind: str, *, window_s: float) -> int:
        user, kind = user[: LENGTHS["user"]], kind[: LENGTHS["usage_kind"]]
        since = self._clock() - window_s
        where = and_(usage.c.user == user, usage.c.kind == kind, usage.c.at > since)
        with self._tx() as conn:
            return int(
                conn.execute(select(func.coalesce(func.sum(usage.c.count), 0)).where(where)).scalar_one()
            )

    def purge(self, keep_s: float = KEEP_S) -> int:
        """Delete every user's rows older than `keep_s` (idle users' rows; `take` deletes its own)."""
        with self._tx() as conn:
            return conn.execute(delete(usage).where(usage.c.at <= self._clock() - keep_s)).rowcount

    def close(self) -> None:
        self._engine.dispose()
