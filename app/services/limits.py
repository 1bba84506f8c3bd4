"""Per-user limits in served mode (issue 13).

QR and chip lookups return names, birth dates and photos: a limit per user (default 60 lookups per
10 minutes) stops one account from harvesting them. A user over the limit gets an *unverified*
answer that says why (never a verdict about the card), and no lookup is made.

Crew lists have an allowance of their own (`crew_rows_per_day`, default 5,000 rows per user in any
24 hours), not the lookup limit: a list is typed card numbers, and its run keeps only status, valid-to
and employer of each card (`CrewCheck` has no field for a holder's name, birth date or photo), so the
harvest the lookup limit guards against is not there; counted against 60 per 10 minutes, a site's
2,000-row list would take 5.5 hours. What is left is enumerating card numbers, and the daily
allowance bounds that. A whole list is counted when it starts, all or nothing: a list larger than
what is left is refused before any lookup, with the numbers in words.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from app.errors import JournalError
from app.model import CardRef, CheckResult, ReasonCode, ScannedCode, Verdict
from app.ports import Usage, UsageLedger

log = logging.getLogger(__name__)

WINDOW_S = 600.0
#: users remembered at most (memory stays bounded whatever arrives); the oldest idle one is dropped
MAX_USERS = 100_000


LOOKUPS = "lookup"
CREW_ROWS = "crew_rows"


class MemoryLedger:
    """A `UsageLedger` held in this process only: sliding windows per (user, kind)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._taken: dict[tuple[str, str], deque[tuple[float, int]]] = {}
        self._lock = threading.Lock()  # the checks run in worker threads

    def _current(self, key: tuple[str, str], window_s: float) -> deque[tuple[float, int]]:
        now = self._clock()
        taken = self._taken.pop(key, None) or deque()
        while taken and now - taken[0][0] >= window_s:
            taken.popleft()
        self._taken[key] = taken  # re-inserted: the dict's order is least recently used first
        while len(self._taken) > MAX_USERS:
            self._taken.pop(next(iter(self._taken)))
        return taken

    def take(self, user: str, kind: str, count: int, *, limit: int, window_s: float) -> Usage:
        with self._lock:
            taken = self._current((user, kind), window_s)
            used = sum(n for _, n in taken)
            if used + count > limit:
                return Usage(False, max(0, limit - used))
            taken.append((self._clock(), count))
            return Usage(True, limit - used - count)

    def used(self, user: str, kind: str, *, window_s: float) -> int:
        with self._lock:
            return sum(n for _, n in self._current((user, kind), window_s))


class OpenedOnUse:
    """A `UsageLedger` opened by `opener` on first use, and again on the next use after it failed
    (a database that was down at start is used once it is back). While it cannot be opened every
    call raises `JournalError`: the limits never quietly fall back to one process's count."""

    def __init__(self, opener: Callable[[], UsageLedger]) -> None:
        self._opener = opener
        self._ledger: UsageLedger | None = None
        self._lock = threading.Lock()

    def _get(self) -> UsageLedger:
        with self._lock:
            if self._ledger is None:
                self._ledger = self._opener()
            return self._ledger

    def take(self, user: str, kind: str, count: int, *, limit: int, window_s: float) -> Usage:
        return self._get().take(user, kind, count, limit=limit, window_s=window_s)

    def used(self, user: str, kind: str, *, window_s: float) -> int:
        return self._get().used(user, kind, window_s=window_s)


class LookupLimiter:
    """At most `limit` lookups per user in any `window` seconds, counted in `ledger` (shared by the
    deployment's processes in served mode; this process's own when none is given)."""

    def __init__(
        self,
        limit: int,
        window: float = WINDOW_S,
        clock: Callable[[], float] = time.monotonic,
        ledger: UsageLedger | None = None,
    ):
        self.limit = limit
        self.window = window
        self._ledger = ledger or MemoryLedger(clock)

    def try_acquire(self, user_id: str) -> bool:
        """Count one lookup for `user_id`; False (and nothing counted) when over the limit.
        Raises `JournalError` when a shared ledger cannot be used."""
        return self._ledger.take(user_id, LOOKUPS, 1, limit=self.limit, window_s=self.window).allowed


def over_limit(ref: CardRef | None, reason: ReasonCode = ReasonCode.LOOKUP_LIMIT) -> CheckResult:
    return CheckResult(Verdict.UNVERIFIED, reason.value, ref, detail=reason.value.lower().replace("_", " "))


class LimitedChecker:
    """The state's `Checker` with `limiter` applied to one user's lookups (photos are part of the
    lookup they belong to and are not counted)."""

    def __init__(self, inner, limiter: LookupLimiter, user_id: str) -> None:
        self._inner = inner
        self._limiter = limiter
        self._user = user_id

    async def _refusal(self, ref: CardRef | None) -> CheckResult | None:
        """None when this lookup is counted and may go ahead; else the answer to show instead."""
        try:
            # a shared ledger is a database round trip: off the event loop
            allowed = await asyncio.to_thread(self._limiter.try_acquire, self._user)
        except JournalError as exc:
            log.warning("lookup refused, the usage ledger cannot be used: %s", exc)
            return over_limit(ref, ReasonCode.LIMIT_UNAVAILABLE)
        return None if allowed else over_limit(ref)

    async def check(self, ref: CardRef) -> CheckResult:
        if refused := await self._refusal(ref):
            return refused
        return await self._inner.check(ref)

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult:
        if refused := await self._refusal(None):
            return refused
        return await self._inner.check_text(text, symbology=symbology)

    async def check_codes(self, codes: Sequence[ScannedCode]) -> CheckResult:
        if refused := await self._refusal(None):
            return refused
        return await self._inner.check_codes(codes)

    async def photo(self, card_number: str) -> bytes | None:
        return await self._inner.photo(card_number)


DAY_S = 86_400.0


class CrewAllowanceExceeded(Exception):
    """A crew list has more rows than its user has left today (`left` may be 0; `limit` 0: crew
    lists are off on this server)."""

    def __init__(self, rows: int, left: int, limit: int) -> None:
        super().__init__(f"{rows} rows, {left} left of {limit} per day")
        self.rows, self.left, self.limit = rows, left, limit


class RowAllowance:
    """At most `limit` crew-list rows per user in any `window` seconds, counted in `ledger` (shared by
    the deployment's processes in served mode; this process's own when none is given)."""

    def __init__(
        self,
        limit: int,
        window: float = DAY_S,
        clock: Callable[[], float] = time.monotonic,
        ledger: UsageLedger | None = None,
    ):
        self.limit = limit
        self.window = window
        self._ledger = ledger or MemoryLedger(clock)

    def left(self, user_id: str) -> int:
        return max(0, self.limit - self._ledger.used(user_id, CREW_ROWS, window_s=self.window))

    def take(self, user_id: str, rows: int) -> None:
        """Count `rows` for `user_id`, all or nothing; raises `CrewAllowanceExceeded` (nothing counted)."""
        if self.limit <= 0:
            raise CrewAllowanceExceeded(rows, 0, self.limit)
        usage = self._ledger.take(user_id, CREW_ROWS, rows, limit=self.limit, window_s=self.window)
        if not usage.allowed:
            raise CrewAllowanceExceeded(rows, usage.left, self.limit)


class AllowedCrewLists:
    """The crew-list screen's `run_list` for one served user: the list counted against the user's
    allowance first, then run (and journaled) as that user."""

    def __init__(self, run_list, allowance: RowAllowance, user_id: str) -> None:
        self._run_list = run_list
        self._allowance = allowance
        self._user = user_id

    def left(self) -> tuple[int, int]:
        """(rows this user may still check now, the limit per day); none left while the shared
        ledger cannot be used (a list would be refused then, before any lookup)."""
        try:
            return self._allowance.left(self._user), self._allowance.limit
        except JournalError as exc:
            log.warning("crew rows left unknown, the usage ledger cannot be used: %s", exc)
            return 0, self._allowance.limit

    async def __call__(self, crew, **kwargs):
        await asyncio.to_thread(self._allowance.take, self._user, len(crew.rows))
        return await self._run_list(crew, user=self._user, **kwargs)
