"""One SQLAlchemy engine for the journal: SQLite (WAL) in the data folder, or PostgreSQL (psycopg 3).

SQLite settings, and why:
- WAL: readers (the journal screen) never block the writer, and a crash leaves the last committed
  transactions intact.
- synchronous=FULL: a commit is on disk when it returns, so a check shown as recorded survives a
  power cut, not only a process crash.
- BEGIN IMMEDIATE for every transaction: a writer takes the write lock at the start and waits on the
  busy timeout, instead of failing with "database is locked" when two deferred transactions both try
  to upgrade to writing (which a busy timeout cannot resolve).
- foreign_keys=ON: SQLite ignores the schema's ON DELETE rules otherwise.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from app.errors import JournalError

SQLITE_FILE = "journal.sqlite3"
_BUSY_TIMEOUT_S = 30.0


def database_url(database_url: str | None, data_dir: str | Path) -> URL:
    """The URL to use: `database_url` when given (PostgreSQL through psycopg 3, or sqlite), else the
    SQLite file in `data_dir` (made, mode 0700, when missing)."""
    if database_url:
        try:
            url = make_url(database_url)
        except Exception as exc:
            raise JournalError("HMSKORT_DATABASE_URL is not a database URL") from exc
        if url.drivername in ("postgresql", "postgres", "postgresql+psycopg"):
            return url.set(drivername="postgresql+psycopg")
        if url.drivername == "sqlite" and url.database:
            return url
        raise JournalError(
            "HMSKORT_DATABASE_URL must be postgresql+psycopg://USER:PASSWORD@HOST/DB or sqlite:///PATH"
        )
    folder = Path(data_dir).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise JournalError(f"cannot create the data folder {folder}: {exc.strerror}") from exc
    return URL.create("sqlite", database=str(folder / SQLITE_FILE))


def make_engine(url: URL) -> Engine:
    """An engine with the settings above; PostgreSQL connections are checked before use, so a
    restarted server does not cost a failed write."""
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args={"connect_timeout": 5}
    )


def _sqlite_engine(url: URL) -> Engine:
    path = url.database
    if path and path != ":memory:" and not os.path.exists(path):
        # Made here with 0600 so the journal is never readable by other users of the machine.
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we send BEGIN ourselves (below), pysqlite must not
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(_BUSY_TIMEOUT_S * 1000)}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@contextmanager
def transaction(engine: Engine, what: str) -> Iterator[Connection]:
    """One transaction on `engine`; a database failure becomes a JournalError that names `what` and
    the error's type only (a driver's message may quote the URL, with its password, or a row)."""
    try:
        with engine.begin() as conn:
            yield conn
    except SQLAlchemyError as exc:
        logging.getLogger(__name__).warning("%s: %s", what, type(exc).__name__)
        raise JournalError(f"{what} could not be written or read ({type(exc).__name__})") from exc
