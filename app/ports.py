"""The ports the services need; adapters at the edge implement them, tests hand in fakes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from app.model import Card, CheckRecord, Finding, JournalEntry, Round, RoundSummary


class StatusPort(Protocol):
    """The HMS-kort status API (contract §3).

    Each call returns a `Card`, or raises `CardNotFound` (404), `RequestRejected` (400) or
    `StatusUnavailable` (anything that leaves the status unconfirmed). Nothing else escapes.
    """

    async def get_card(self, card_number: str) -> Card: ...

    async def lookup_qr(self, token: str) -> Card: ...

    async def lookup_chip(self, chip_code: str) -> Card: ...

    async def get_photo(self, card_number: str) -> bytes: ...


class Clock(Protocol):
    def today(self) -> date: ...


class EmployerCheckPort(Protocol):
    """Cross-checks of the employer against the public registers (issue 6, contract §7)."""

    async def findings(self, org_number: str, category: str) -> tuple[Finding, ...]:
        """Warnings about the employer. Never raises: a register that could not be asked yields a
        `CROSSCHECK_UNAVAILABLE` note instead."""
        ...

    async def related(self, org_a: str, org_b: str) -> bool | None:
        """True when the two are the same unit or one is the other's main unit / sub-unit;
        None when the register could not be asked."""
        ...


# --- the inspection journal (issue 14) -----------------------------------------------------------


class JournalPort(Protocol):
    """The inspection journal's storage (SQLite or PostgreSQL behind `storage/`).

    Synchronous and short: each call is one transaction. `record` returns only once the entry is
    durable, so whatever the caller then shows as recorded survives a crash. Safe to call from several
    threads and processes at once. Raises `JournalError` (app.errors) when the store cannot be used.
    """

    def record(self, record: CheckRecord) -> JournalEntry:
        """Store one check; returns it with its id."""
        ...

    def start_round(
        self, *, site_name: str, address: str, user: str, started_at: datetime, position: str | None = None
    ) -> Round:
        """Open a round for `user` (one open round per user: an open one is ended first)."""
        ...

    def end_round(self, round_id: int, ended_at: datetime) -> Round:
        """Close a round (idempotent: an ended round stays as it was)."""
        ...

    def open_round(self, user: str) -> Round | None:
        """The user's open round, if any."""
        ...

    def get_round(self, round_id: int) -> Round | None: ...

    def rounds(self, *, user: str | None = None, limit: int = 200) -> Sequence[RoundSummary]:
        """Rounds (of one user, or all), newest first, with their counts per verdict and per employer."""
        ...

    def entries(
        self,
        *,
        round_id: int | None = None,
        user: str | None = None,
        since: datetime | None = None,
        limit: int = 10_000,
    ) -> Sequence[JournalEntry]:
        """Checks (of one round and/or user, or all), non-valid first, then newest first."""
        ...

    def get_entry(self, entry_id: int) -> JournalEntry | None: ...

    def pending(self) -> Sequence[JournalEntry]:
        """Checks journaled as pending re-check and not re-checked yet, oldest first."""
        ...

    def record_recheck(self, pending_id: int, record: CheckRecord) -> JournalEntry:
        """Store the re-check of a pending entry and mark that entry re-checked, in one transaction."""
        ...

    def rechecked(
        self, *, user: str | None = None, limit: int = 200
    ) -> Sequence[tuple[JournalEntry, JournalEntry]]:
        """(pending entry, its re-check) pairs (of one user, or all), newest re-check first."""
        ...

    def purge(self, older_than: datetime) -> int:
        """Delete checks and ended rounds older than `older_than`; returns the number of checks deleted."""
        ...

    def count(self) -> int:
        """Number of stored checks."""
        ...

    def close(self) -> None: ...
