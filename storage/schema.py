"""The journal's tables (SQLAlchemy Core). The migrations in `storage/migrations/versions/` create
them; this module is what the queries use, and a test checks the two agree.

What is NOT here is the point: no column for a holder's name, birth date, photo, QR token or chip UID.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
)
from sqlalchemy.types import TypeDecorator

metadata = MetaData()

#: SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
IdType = BigInteger().with_variant(Integer(), "sqlite")

# Column sizes: the longest value the app writes, so PostgreSQL never refuses a row (the adapter
# cuts longer outside text, e.g. an employer name from the API, to these lengths).
LENGTHS = {
    "user": 128,
    "usage_kind": 32,
    "site_name": 200,
    "address": 300,
    "position": 64,
    "method": 16,
    "verdict": 24,
    "reason": 64,
    "card_number": 16,
    "card_status": 16,
    "card_category": 16,
    "employer_org_number": 16,
    "employer_name": 200,
    "warning_codes": 400,
    "app_version": 32,
}


class UtcDateTime(TypeDecorator):
    """An aware UTC datetime in, an aware UTC datetime out, on SQLite (naive text) and PostgreSQL
    (timestamptz) alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("journal times must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


rounds = Table(
    "journal_rounds",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("site_name", String(LENGTHS["site_name"]), nullable=False),
    Column("address", String(LENGTHS["address"]), nullable=False),
    Column("position", String(LENGTHS["position"]), nullable=True),
    Column("user", String(LENGTHS["user"]), nullable=False),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("ended_at", UtcDateTime(), nullable=True),
)

checks = Table(
    "journal_checks",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("checked_at", UtcDateTime(), nullable=False),
    Column("user", String(LENGTHS["user"]), nullable=False),
    Column("round_id", IdType, ForeignKey("journal_rounds.id", ondelete="SET NULL"), nullable=True),
    Column("method", String(LENGTHS["method"]), nullable=False),
    Column("verdict", String(LENGTHS["verdict"]), nullable=False),
    Column("reason", String(LENGTHS["reason"]), nullable=True),
    Column("card_number", String(LENGTHS["card_number"]), nullable=True),
    Column("card_status", String(LENGTHS["card_status"]), nullable=True),
    Column("card_category", String(LENGTHS["card_category"]), nullable=True),
    Column("valid_to", Date(), nullable=True),
    Column("employer_org_number", String(LENGTHS["employer_org_number"]), nullable=True),
    Column("employer_name", String(LENGTHS["employer_name"]), nullable=True),
    Column("warning_codes", String(LENGTHS["warning_codes"]), nullable=False, default=""),
    Column("sandbox", Boolean(), nullable=False),
    Column("app_version", String(LENGTHS["app_version"]), nullable=False),
    Column("pending", Boolean(), nullable=False, default=False),
    Column("recheck_of", IdType, ForeignKey("journal_checks.id", ondelete="SET NULL"), nullable=True),
    Column("rechecked_by", IdType, nullable=True),
    # issue 15: a crew-list check's row; unique within its round, so a resumed run cannot journal a
    # row twice (NULLs, the other checks, are never equal to each other)
    Column("list_row", Integer(), nullable=True),
    Index("ix_journal_checks_checked_at", "checked_at"),
    Index("ix_journal_checks_round_id", "round_id"),
    Index("ix_journal_checks_pending", "pending", "rechecked_by"),
    Index("ux_journal_checks_round_list_row", "round_id", "list_row", unique=True),
)

# issue 13: what each served user has used of a per-user limit (`storage.usage`), shared by every app
# process on this database. A user id, a kind, a time (seconds since the epoch: the processes share
# the wall clock) and an amount; rows older than the longest window are deleted.
usage = Table(
    "usage_events",
    metadata,
    Column("id", IdType, primary_key=True, autoincrement=True),
    Column("user", String(LENGTHS["user"]), nullable=False),
    Column("kind", String(LENGTHS["usage_kind"]), nullable=False),
    Column("at", Float(), nullable=False),
    Column("count", Integer(), nullable=False),
    Index("ix_usage_events_user_kind_at", "user", "kind", "at"),
    Index("ix_usage_events_at", "at"),
)
