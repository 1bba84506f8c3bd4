"""Every port of the app, in one place: what the core needs from the edge, as protocols.

Adapters at the edge implement them (`api_client/`, `scanner/`, `views/secret_store.py`), tests hand
in fakes, and `app/bootstrap.py` (with `app/ui_root.py` for the UI) wires one to the other. The
values that cross a port are in `app.model`, the errors in `app.errors`.

    status                StatusPort             api_client.status.StatusClient
    employer registers    EmployerCheckPort      app.services.crosscheck.EmployerChecker, over
                          UnitRegisterPort       api_client.registers.EnhetsregisteretClient
                          StaffingRegisterPort   api_client.registers.BemanningClient
                          CleaningRegisterPort   api_client.registers.RenholdClient
    clock                 Clock
    checks (for the UI)   Checker                app.bootstrap.Services (app.ui_root.CurrentServices)
    image decoder         ImageDecoder           app.ui_root.CodeDecoder over scanner.reader
    chip reader           ChipReaderPort         scanner.nfc.nfcpy_backend.NfcpyReader
                          MifareAccess           (block access to one card, per reader backend)
    secret store          SecretStore            views.secret_store.SecureSecretStore
    inspection journal    JournalPort            storage.journal.SqlJournal (SQLite / PostgreSQL)
    per-user limits       UsageLedger            storage.usage.SqlUsageLedger (shared by processes),
                                                 app.services.limits.MemoryLedger (one process)

Ports added by later issues go at the end, each in its own block.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from app.model import (
    Card,
    CardRef,
    CheckRecord,
    CheckResult,
    CleaningEntry,
    CrewCheck,
    Finding,
    JournalEntry,
    RawFrame,
    Round,
    RoundSummary,
    ScannedCode,
    SensedCard,
    StaffingEntry,
    Unit,
)

# --- the status API (contract §3) -----------------------------------------------------------------


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


# --- the employer registers (issue 6, contract §7) ------------------------------------------------


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


class UnitRegisterPort(Protocol):
    """Enhetsregisteret."""

    async def unit(self, org_number: str) -> Unit:
        """The unit (main unit first, then sub-unit); NOT_FOUND when neither knows it.
        Raises RegisterUnavailable."""
        ...


class StaffingRegisterPort(Protocol):
    """Bemanningsforetaksregisteret."""

    async def entry(self, org_number: str) -> StaffingEntry | None:
        """The entry of the main unit `org_number` is or belongs to; None when absent.
        Raises RegisterUnavailable."""
        ...


class CleaningRegisterPort(Protocol):
    """Renholdsregisteret."""

    async def entry(self, org_number: str) -> CleaningEntry | None:
        """The entry of the main unit `org_number` is or belongs to; None when absent.
        Raises RegisterUnavailable."""
        ...


# --- what the UI state needs (app.bootstrap.Services and app.ui_root fit) -------------------------


class Checker(Protocol):
    """The part of `app.bootstrap.Services` the UI uses."""

    async def check(self, ref: CardRef) -> CheckResult: ...

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult: ...

    async def check_codes(self, codes: Sequence[ScannedCode]) -> CheckResult: ...

    async def photo(self, card_number: str) -> bytes | None: ...

    def mode(self) -> ApiMode:
        """The API the next check goes to (see `ApiMode`)."""
        ...


class ImageDecoder(Protocol):
    """Blocking decode of an encoded image (JPEG/PNG bytes) or a raw frame; run it off the UI loop."""

    def __call__(
        self, data: bytes | RawFrame, *, mirrored: bool = False, still: bool = False
    ) -> Sequence[ScannedCode]: ...


class SecretStore(Protocol):
    """Where the client secret is kept between sessions (secure storage, or memory only)."""

    persistent: bool

    async def load(self) -> str | None: ...

    async def save(self, secret: str) -> None: ...


# --- the chip reader (hardware) --------------------------------------------------------------------


class MifareAccess(Protocol):
    """Block-level access to one selected Mifare Classic card."""

    def authenticate(self, block: int, key: bytes, uid: bytes) -> None:
        """Authenticate with key A for the sector of `block`; AuthRejected, CardGone."""
        ...

    def read_block(self, block: int) -> bytes:
        """The 16 bytes of `block` (a shorter answer is returned as is); CardGone."""
        ...


class ChipReaderPort(Protocol):
    """One contactless reader. Blocking calls: run it off the UI loop (the reader loop's thread).

    `open` raises `ReaderUnavailable`; `sense` returns None when no card answered, and raises
    `ReaderUnavailable` when the reader itself went away.
    """

    @property
    def path(self) -> str: ...

    def open(self) -> None: ...

    def sense(self) -> SensedCard | None: ...

    def mifare(self, card: SensedCard) -> MifareAccess:
        """Block access to the card `sense` just returned; ReaderCannotAuthenticate if impossible."""
        ...

    def close(self) -> None: ...


# --- crew lists (issue 15) ------------------------------------------------------------------------


class CrewJournalPort(Protocol):
    """Where a crew-list run journals each row as its result arrives, so that a killed run can be
    resumed: a round per run, named after the file. Implemented over the inspection journal."""

    async def open_crew_round(self, name: str, fingerprint: str, *, resume: bool) -> tuple[str, bool]:
        """(round id, resumed). `resume`: the newest unfinished round of that name whose fingerprint
        matches is continued (resumed=True); otherwise, or when there is none, a new round is started.
        A newer round of that name with another fingerprint raises `ValueError` (the list changed)."""
        ...

    async def crew_checks(self, round_id: str) -> list[CrewCheck]:
        """The rows journaled in that round so far."""
        ...

    async def record_crew_check(self, round_id: str, check: CrewCheck) -> None:
        """Journal one row; durable when it returns. A row journaled twice keeps its first entry."""
        ...

    async def finish_crew_round(self, round_id: str) -> None:
        """Mark the round complete (it is then no longer resumed)."""
        ...


# --- trust on screen (issue 10) -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApiMode:
    """Which API the checks go to right now: `generation` moves on with every settings change, so a
    session can tell that an answer came from the API it no longer shows (banner, about line)."""

    generation: int
    sandbox: bool
    label: str  # the API address shown in About ("sandbox" for the embedded one)


class ModeSource(Protocol):
    """The current `ApiMode` (the UI's checker has one)."""

    def mode(self) -> ApiMode: ...


# --- served mode (issue 13): who is using this session ---------------------------------------------


class Role(enum.StrEnum):
    """What a signed-in user may do. Local mode's user (the person at their own machine) is ADMIN."""

    INSPECTOR = "hmskort-inspector"  # checks cards, sees their own journal
    ADMIN = "hmskort-admin"  # also sees the settings (read-only in served mode) and everyone's journal


@dataclass(frozen=True, slots=True)
class Identity:
    """The user of one session: from the OpenID provider in served mode, `LOCAL_USER` in local mode.
    The journal keys entries by `user_id` and shows everyone's only when `sees_everyones_journal`."""

    user_id: str  # the provider's stable subject (`iss` + `sub`), never a display name
    name: str  # for the screen only
    role: Role
    served: bool = False  # True: the settings are the server's, never the browser's

    @property
    def may_see_settings(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def sees_everyones_journal(self) -> bool:
        return self.role is Role.ADMIN

    def __repr__(self) -> str:  # names are personal data: keep them out of logs and tracebacks
        return f"Identity(user_id=..., role={self.role.value}, served={self.served})"


LOCAL_USER = Identity(user_id="local", name="", role=Role.ADMIN, served=False)


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


# --- served mode (issue 13): per-user limits held by every process of a deployment ----------------


@dataclass(frozen=True, slots=True)
class Usage:
    """The answer of `UsageLedger.take`: whether the amount was counted, and what is left of the
    limit in the window after it (before it, when refused)."""

    allowed: bool
    left: int


class UsageLedger(Protocol):
    """What each user has used of a limit in a sliding window (lookups, crew-list rows), keyed by the
    journal's user id and a `kind`; no personal data. Several app processes share one ledger, so a
    user who lands on another process (a dropped sticky cookie, a second session) gets no second
    allowance. Synchronous and short. Raises `JournalError` when the store cannot be used."""

    def take(self, user: str, kind: str, count: int, *, limit: int, window_s: float) -> Usage:
        """Count `count` for `user` when what was used in the last `window_s` seconds plus `count` is
        within `limit`, all or nothing; check and count are one atomic step across processes."""
        ...

    def used(self, user: str, kind: str, *, window_s: float) -> int:
        """What `user` has used of `kind` in the last `window_s` seconds."""
        ...
