"""`SqlJournal`: the `JournalPort` on SQLAlchemy 2 (SQLite or PostgreSQL).

Every method is one short transaction. Outside text (an employer name from the API) is cut to the
column's length, so no answer can make a write fail; times are stored in UTC.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, and_, case, delete, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from app.errors import JournalError
from app.model import (
    VERDICT_ORDER,
    CheckMethod,
    CheckRecord,
    JournalEntry,
    Round,
    RoundSummary,
    Verdict,
)
from storage import migrate
from storage.engine import database_url, make_engine, transaction
from storage.schema import LENGTHS, checks, rounds

log = logging.getLogger(__name__)

_VERDICT_RANK = case(
    {v.value: rank for v, rank in VERDICT_ORDER.items()}, value=checks.c.verdict, else_=len(VERDICT_ORDER)
)


def open_journal(database: str | None, data_dir: str | Path) -> SqlJournal:
    """Open (and migrate) the journal: PostgreSQL/SQLite at `database` when given, else SQLite in
    `data_dir`. Raises `JournalError` with a message that names what to fix."""
    url = database_url(database, data_dir)
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        # The URL may hold a password: name the kind of store and the error class, never the URL.
        raise JournalError(
            f"cannot open the journal ({url.get_backend_name()}): {type(exc.orig or exc).__name__}"
        ) from exc
    return SqlJournal(engine)


def _cut(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    return value[: LENGTHS[name]]


class SqlJournal:
    """The journal in one SQL database (see `app.ports.JournalPort`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def __repr__(self) -> str:  # the URL may hold a password
        return f"SqlJournal({self._engine.dialect.name})"

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    def _tx(self):
        return transaction(self._engine, "the journal")

    # --- checks ---------------------------------------------------------------------------------

    def record(self, record: CheckRecord) -> JournalEntry:
        with self._tx() as conn:
            new_id = conn.execute(insert(checks).values(**_row(record)).returning(checks.c.id)).scalar_one()
        return JournalEntry(id=int(new_id), record=record)

    def record_recheck(self, pending_id: int, record: CheckRecord) -> JournalEntry:
        row = _row(record)
        row["recheck_of"] = pending_id
        row["pending"] = False
        with self._tx() as conn:
            new_id = conn.execute(insert(checks).values(**row).returning(checks.c.id)).scalar_one()
            conn.execute(update(checks).where(checks.c.id == pending_id).values(rechecked_by=new_id))
        return JournalEntry(id=int(new_id), record=_record(row | {"id": new_id}))

    def get_entry(self, entry_id: int) -> JournalEntry | None:
        with self._tx() as conn:
            row = conn.execute(select(checks).where(checks.c.id == entry_id)).mappings().first()
        return _entry(row) if row else None

    def entries(
        self,
        *,
        round_id: int | None = None,
        user: str | None = None,
        since: datetime | None = None,
        limit: int = 10_000,
    ) -> Sequence[JournalEntry]:
        query = select(checks)
        if round_id is not None:
            query = query.where(checks.c.round_id == round_id)
        if user is not None:
            query = query.where(checks.c.user == _cut("user", user))
        if since is not None:
            query = query.where(checks.c.checked_at >= since)
        query = query.order_by(_VERDICT_RANK, checks.c.checked_at.desc(), checks.c.id.desc()).limit(limit)
        with self._tx() as conn:
            return [_entry(row) for row in conn.execute(query).mappings()]

    def pending(self) -> Sequence[JournalEntry]:
        query = (
            select(checks)
            .where(and_(checks.c.pending.is_(True), checks.c.rechecked_by.is_(None)))
            .order_by(checks.c.checked_at, checks.c.id)
        )
        with self._tx() as conn:
            return [_entry(row) for row in conn.execute(query).mappings()]

    def rechecked(
        self, *, user: str | None = None, limit: int = 200
    ) -> Sequence[tuple[JournalEntry, JournalEntry]]:
        again = checks.alias("again")
        query = select(checks, again.c.id.label("again_id")).join(again, again.c.id == checks.c.rechecked_by)
        if user is not None:
            query = query.where(checks.c.user == _cut("user", user))
        query = query.order_by(again.c.checked_at.desc(), again.c.id.desc()).limit(limit)
        with self._tx() as conn:
            pairs = conn.execute(query).mappings().all()
            ids = [row["again_id"] for row in pairs]
            by_id = {
                row["id"]: _entry(row)
                for row in conn.execute(select(checks).where(checks.c.id.in_(ids))).mappings()
            }
        return [(_entry(row), by_id[row["again_id"]]) for row in pairs if row["again_id"] in by_id]

    def count(self) -> int:
        with self._tx() as conn:
            return int(conn.execute(select(func.count()).select_from(checks)).scalar_one())

    def purge(self, older_than: datetime) -> int:
        with self._tx() as conn:
            deleted = conn.execute(delete(checks).where(checks.c.checked_at < older_than)).rowcount
            conn.execute(
                delete(rounds).where(and_(rounds.c.ended_at.is_not(None), rounds.c.ended_at < older_than))
            )
        return int(deleted or 0)

    # --- rounds ---------------------------------------------------------------------------------

    def start_round(
        self, *, site_name: str, address: str, user: str, started_at: datetime, position: str | None = None
    ) -> Round:
        values = {
            "site_name": _cut("site_name", site_name),
            "address": _cut("address", address),
            "position": _cut("position", position),
            "user": _cut("user", user),
            "started_at": started_at,
        }
        with self._tx() as conn:
            conn.execute(
                update(rounds)
                .where(and_(rounds.c.user == values["user"], rounds.c.ended_at.is_(None)))
                .values(ended_at=started_at)
            )
            new_id = conn.execute(insert(rounds).values(**values).returning(rounds.c.id)).scalar_one()
        return Round(id=int(new_id), **values)  # type: ignore[arg-type]

    def end_round(self, round_id: int, ended_at: datetime) -> Round:
        with self._tx() as conn:
            conn.execute(
                update(rounds)
                .where(and_(rounds.c.id == round_id, rounds.c.ended_at.is_(None)))
                .values(ended_at=ended_at)
            )
            row = conn.execute(select(rounds).where(rounds.c.id == round_id)).mappings().first()
        if row is None:
            raise JournalError(f"no round {round_id}")
        return _round(row)

    def open_round(self, user: str) -> Round | None:
        query = (
            select(rounds)
            .where(and_(rounds.c.user == _cut("user", user), rounds.c.ended_at.is_(None)))
            .order_by(rounds.c.started_at.desc(), rounds.c.id.desc())
            .limit(1)
        )
        with self._tx() as conn:
            row = conn.execute(query).mappings().first()
        return _round(row) if row else None

    def get_round(self, round_id: int) -> Round | None:
        with self._tx() as conn:
            row = conn.execute(select(rounds).where(rounds.c.id == round_id)).mappings().first()
        return _round(row) if row else None

    def rounds(self, *, user: str | None = None, limit: int = 200) -> Sequence[RoundSummary]:
        query = select(rounds)
        if user is not None:
            query = query.where(rounds.c.user == _cut("user", user))
        query = query.order_by(rounds.c.started_at.desc(), rounds.c.id.desc()).limit(limit)
        with self._tx() as conn:
            found = [_round(row) for row in conn.execute(query).mappings()]
            ids = [r.id for r in found]
            verdicts: dict[int, dict[str, int]] = {i: {} for i in ids}
            employers: dict[int, dict[str, int]] = {i: {} for i in ids}
            if ids:
                for rid, verdict, n in conn.execute(
                    select(checks.c.round_id, checks.c.verdict, func.count())
                    .where(checks.c.round_id.in_(ids))
                    .group_by(checks.c.round_id, checks.c.verdict)
                ):
                    verdicts[rid][verdict] = int(n)
                for rid, name, org, n in conn.execute(
                    select(
                        checks.c.round_id, checks.c.employer_name, checks.c.employer_org_number, func.count()
                    )
                    .where(checks.c.round_id.in_(ids))
                    .group_by(checks.c.round_id, checks.c.employer_name, checks.c.employer_org_number)
                ):
                    key = f"{name} ({org})" if name and org else (name or org or "")
                    employers[rid][key] = employers[rid].get(key, 0) + int(n)
        return [
            RoundSummary(
                round=r,
                total=sum(verdicts[r.id].values()),
                by_verdict=tuple(sorted(verdicts[r.id].items(), key=lambda kv: _rank(kv[0]))),
                by_employer=tuple(sorted(employers[r.id].items(), key=lambda kv: (-kv[1], kv[0]))),
            )
            for r in found
        ]

    def close(self) -> None:
        self._engine.dispose()


def _rank(verdict: str) -> int:
    try:
        return VERDICT_ORDER[Verdict(verdict)]
    except ValueError:
        return len(VERDICT_ORDER)


def _row(record: CheckRecord) -> dict[str, Any]:
    return {
        "checked_at": record.checked_at,
        "user": _cut("user", record.user),
        "round_id": record.round_id,
        "method": record.method.value,
        "verdict": record.verdict.value,
        "reason": _cut("reason", record.reason),
        "card_number": _cut("card_number", record.card_number),
        "card_status": _cut("card_status", record.card_status),
        "card_category": _cut("card_category", record.card_category),
        "valid_to": record.valid_to,
        "employer_org_number": _cut("employer_org_number", record.employer_org_number),
        "employer_name": _cut("employer_name", record.employer_name),
        "warning_codes": _cut("warning_codes", ",".join(record.warning_codes)) or "",
        "sandbox": bool(record.sandbox),
        "app_version": _cut("app_version", record.app_version) or "",
        "pending": bool(record.pending),
        "recheck_of": record.recheck_of,
        "list_row": record.list_row,
    }


def _record(row: Any) -> CheckRecord:
    codes = row["warning_codes"] or ""
    return CheckRecord(
        checked_at=row["checked_at"],
        user=row["user"],
        method=CheckMethod(row["method"]),
        verdict=Verdict(row["verdict"]),
        reason=row["reason"],
        card_number=row["card_number"],
        card_status=row["card_status"],
        card_category=row["card_category"],
        valid_to=row["valid_to"],
        employer_org_number=row["employer_org_number"],
        employer_name=row["employer_name"],
        warning_codes=tuple(c for c in codes.split(",") if c),
        sandbox=bool(row["sandbox"]),
        app_version=row["app_version"],
        round_id=row["round_id"],
        pending=bool(row["pending"]),
        recheck_of=row["recheck_of"],
        list_row=row["list_row"],
    )


def _entry(row: Any) -> JournalEntry:
    return JournalEntry(id=int(row["id"]), record=_record(row), rechecked_by=row["rechecked_by"])


def _round(row: Any) -> Round:
    return Round(
        id=int(row["id"]),
        site_name=row["site_name"],
        address=row["address"],
        user=row["user"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        position=row["position"],
    )


__all__ = ["SqlJournal", "open_journal"]
