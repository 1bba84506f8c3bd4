"""The inspection journal as the app and the CLI use it: what a check is recorded as, rounds, retention.

`record_for` is the one rule for what of a `CheckResult` is kept: card number, verdict, reason, card
status and category, valid-to, employer, warning codes. Never the holder (name, birth date, photo),
the QR token or the chip UID: those are personal data or keys to it, and the `CheckRecord` type has no
field for them. The storage is behind `JournalPort` (SQLite or PostgreSQL, `storage/`); its calls are
short blocking transactions, run here in a worker thread so the UI's event loop never waits on a disk.
"""

from __future__ import annotations

import asyncio
import getpass
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from app.model import (
    RECHECK_REASONS,
    BarcodeRef,
    CardNumberRef,
    CardRef,
    CheckMethod,
    CheckRecord,
    CheckResult,
    ChipRef,
    JournalEntry,
    QrRef,
    Round,
    RoundSummary,
    Verdict,
)
from app.ports import Identity, JournalPort
from app.version import package_version

log = logging.getLogger(__name__)

_MAX_SITE = 200
_MAX_ADDRESS = 300


#: The installed version of the app, as every entry records it (app/version.py: the one reader).
app_version = package_version


def os_user() -> str:
    """The local user: the inspector in the embedded (single-user) app and the CLI."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):  # no passwd entry / no login name (containers)
        return "unknown"


def utc_now() -> datetime:
    return datetime.now(UTC)


def method_for(ref: CardRef | None, *, photo: bool = False) -> CheckMethod:
    """How the card was presented, from what the check was made with. `photo`: the codes were decoded
    from a photo or image file."""
    if photo:
        return CheckMethod.PHOTO
    if isinstance(ref, QrRef):
        return CheckMethod.QR
    if isinstance(ref, BarcodeRef):
        return CheckMethod.BARCODE
    if isinstance(ref, ChipRef):
        return CheckMethod.CHIP
    return CheckMethod.TYPED


def is_pending(result: CheckResult) -> bool:
    """Unverified because the status API could not be reached (NETWORK/TIMEOUT): re-check later."""
    return result.verdict is Verdict.UNVERIFIED and result.reason in RECHECK_REASONS


def record_for(
    result: CheckResult,
    *,
    method: CheckMethod,
    user: str,
    sandbox: bool,
    checked_at: datetime,
    round_id: int | None = None,
    version: str | None = None,
) -> CheckRecord:
    """What the journal keeps of one check (see the module docstring for what it never keeps)."""
    card = result.card
    ref = result.ref
    card_number = card.card_number if card is not None else None
    if card_number is None and isinstance(ref, CardNumberRef | BarcodeRef):
        card_number = ref.card_number
    return CheckRecord(
        checked_at=checked_at.astimezone(UTC),
        user=user,
        method=method,
        verdict=result.verdict,
        reason=result.reason,
        card_number=card_number,
        card_status=str(card.status) if card is not None else None,
        card_category=str(card.category) if card is not None else None,
        valid_to=card.valid_to if card is not None else None,
        employer_org_number=card.employer.org_number if card is not None else None,
        employer_name=card.employer.name if card is not None else None,
        warning_codes=tuple(f.code.value for f in result.findings),
        sandbox=sandbox,
        app_version=version or app_version(),
        round_id=round_id,
        pending=is_pending(result),
    )


def recheck_ref(entry: JournalEntry) -> CardRef | None:
    """The reference a pending entry can be re-checked with from the journal alone: the card number of
    a typed or barcode check. A QR or chip check needs its token/UID, which is never stored (the app
    keeps it in memory until the re-check; see `app.services.recheck`)."""
    record = entry.record
    if record.card_number and record.method in (CheckMethod.TYPED, CheckMethod.BARCODE):
        return CardNumberRef(record.card_number)
    return None


def readable_user(identity: Identity | None, own_user: str, *, everyone: bool) -> str | None:
    """Whose checks and rounds a session may read: `own_user`'s, or everyone's (None) only when it
    asks for that and its user is an admin (issue 13: `hmskort-admin` sees everyone's journal, an
    inspector only their own). The one rule for it: the journal screen and its exports go by it."""
    if everyone and identity is not None and identity.sees_everyones_journal:
        return None
    return own_user


#: how many of everyone's newest checks the admin's journal screen lists
EVERYONE_LIMIT = 200


class Journal:
    """The journal service: records checks (into the user's open round), rounds, retention.

    `user`: the default user (the OS user locally); served mode passes the signed-in user per call.
    Every method raises `JournalError` when the store cannot be used.
    """

    def __init__(
        self,
        port: JournalPort,
        *,
        sandbox: bool,
        user: str | None = None,
        retention_days: int = 180,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.port = port
        self.sandbox = sandbox
        self.user = user or os_user()
        self.retention_days = retention_days
        self._now = now
        self._version = app_version()

    def __repr__(self) -> str:
        return f"Journal({self.port!r}, sandbox={self.sandbox})"

    async def _run(self, fn: Callable, /, *args, **kwargs):
        return await asyncio.to_thread(fn, *args, **kwargs)

    # --- checks ---------------------------------------------------------------------------------

    def record_sync(
        self, result: CheckResult, *, method: CheckMethod | None = None, user: str | None = None
    ) -> JournalEntry:
        """Record one check into the user's open round (if any); returns once it is durable."""
        who = user or self.user
        current = self.port.open_round(who)
        record = record_for(
            result,
            method=method or method_for(result.ref),
            user=who,
            sandbox=self.sandbox,
            checked_at=self._now(),
            round_id=current.id if current is not None else None,
            version=self._version,
        )
        return self.port.record(record)

    async def record(
        self, result: CheckResult, *, method: CheckMethod | None = None, user: str | None = None
    ) -> JournalEntry:
        return await self._run(self.record_sync, result, method=method, user=user)

    def recheck_sync(self, pending: JournalEntry, result: CheckResult) -> JournalEntry:
        """Record the re-check of a pending entry, in the pending entry's round and as its user."""
        old = pending.record
        record = record_for(
            result,
            method=old.method,
            user=old.user,
            sandbox=self.sandbox,
            checked_at=self._now(),
            round_id=old.round_id,
            version=self._version,
        )
        return self.port.record_recheck(pending.id, record)

    async def entries(
        self, *, round_id: int | None = None, user: str | None = None
    ) -> Sequence[JournalEntry]:
        return await self._run(self.port.entries, round_id=round_id, user=user)

    async def checks_of(self, user: str | None, *, limit: int = EVERYONE_LIMIT) -> Sequence[JournalEntry]:
        """The checks of `user` (None: of every user, see `readable_user`), in and out of rounds."""
        return await self._run(self.port.entries, user=user, limit=limit)

    async def pending(self) -> Sequence[JournalEntry]:
        return await self._run(self.port.pending)

    async def rechecked(self, *, user: str | None = None) -> Sequence[tuple[JournalEntry, JournalEntry]]:
        return await self._run(self.port.rechecked, user=user)

    # --- rounds ---------------------------------------------------------------------------------

    def start_round_sync(
        self, site_name: str, address: str, *, position: str | None = None, user: str | None = None
    ) -> Round:
        site = " ".join(str(site_name).split())[:_MAX_SITE]
        if not site:
            raise ValueError("site name is empty")
        addr = " ".join(str(address).split())[:_MAX_ADDRESS]
        return self.port.start_round(
            site_name=site, address=addr, user=user or self.user, started_at=self._now(), position=position
        )

    async def start_round(
        self, site_name: str, address: str, *, position: str | None = None, user: str | None = None
    ) -> Round:
        return await self._run(self.start_round_sync, site_name, address, position=position, user=user)

    async def end_round(self, round_id: int) -> Round:
        return await self._run(self.port.end_round, round_id, self._now())

    async def open_round(self, *, user: str | None = None) -> Round | None:
        return await self._run(self.port.open_round, user or self.user)

    async def rounds(self, *, user: str | None = None) -> Sequence[RoundSummary]:
        return await self._run(self.port.rounds, user=user)

    # --- retention ------------------------------------------------------------------------------

    def purge_sync(self) -> int:
        """Delete entries older than the retention period; returns how many checks went."""
        cutoff = self._now() - timedelta(days=self.retention_days)
        deleted = self.port.purge(cutoff)
        if deleted:
            log.info("journal: %d check(s) older than %d days deleted", deleted, self.retention_days)
        return deleted

    async def purge(self) -> int:
        return await self._run(self.purge_sync)

    def close(self) -> None:
        self.port.close()
