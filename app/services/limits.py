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

import time
from collections import deque
from collections.abc import Callable, Sequence

from app.model import CardRef, CheckResult, ReasonCode, ScannedCode, Verdict

WINDOW_S = 600.0
#: users remembered at most (memory stays bounded whatever arrives); the oldest idle one is dropped
MAX_USERS = 100_000


class LookupLimiter:
    """A sliding window per user: at most `limit` lookups in any `window` seconds. One per process."""

    def __init__(self, limit: int, window: float = WINDOW_S, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}

    def try_acquire(self, user_id: str) -> bool:
        """Count one lookup for `user_id`; False (and nothing counted) when over the limit."""
        now = self._clock()
        times = self._seen.pop(user_id, None) or deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        allowed = len(times) < self.limit
        if allowed:
            times.append(now)
        self._seen[user_id] = times  # re-inserted: the dict's order is least recently used first
        while len(self._seen) > MAX_USERS:
            self._seen.pop(next(iter(self._seen)))
        return allowed


def over_limit(ref: CardRef | None) -> CheckResult:
    return CheckResult(Verdict.UNVERIFIED, ReasonCode.LOOKUP_LIMIT.value, ref, detail="lookup limit")


class LimitedChecker:
    """The state's `Checker` with `limiter` applied to one user's lookups (photos are part of the
    lookup they belong to and are not counted)."""

    def __init__(self, inner, limiter: LookupLimiter, user_id: str) -> None:
        self._inner = inner
        self._limiter = limiter
        self._user = user_id

    async def check(self, ref: CardRef) -> CheckResult:
        if not self._limiter.try_acquire(self._user):
            return over_limit(ref)
        return await self._inner.check(ref)

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult:
        if not self._limiter.try_acquire(self._user):
            return over_limit(None)
        return await self._inner.check_text(text, symbology=symbology)

    async def check_codes(self, codes: Sequence[ScannedCode]) -> CheckResult:
        if not self._limiter.try_acquire(self._user):
            return over_limit(None)
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
    """A sliding window per user of rows taken: at most `limit` in any `window` seconds. One per process."""

    def __init__(self, limit: int, window: float = DAY_S, clock: Callable[[], float] = time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._taken: dict[str, deque[tuple[float, int]]] = {}

    def _current(self, user_id: str) -> deque[tuple[float, int]]:
        now = self._clock()
        taken = self._taken.pop(user_id, None) or deque()
        while taken and now - taken[0][0] >= self.window:
            taken.popleft()
        self._taken[user_id] = taken  # re-inserted: least recently used first
        while len(self._taken) > MAX_USERS:
            self._taken.pop(next(iter(self._taken)))
        return taken

    def left(self, user_id: str) -> int:
        return max(0, self.limit - sum(n for _, n in self._current(user_id)))

    def take(self, user_id: str, rows: int) -> None:
        """Count `rows` for `user_id`, all or nothing; raises `CrewAllowanceExceeded` (nothing counted)."""
        left = self.left(user_id)
        if rows > left or self.limit <= 0:
            raise CrewAllowanceExceeded(rows, left, self.limit)
        self._taken[user_id].append((self._clock(), rows))


class AllowedCrewLists:
    """The crew-list screen's `run_list` for one served user: the list counted against the user's
    allowance first, then run (and journaled) as that user."""

    def __init__(self, run_list, allowance: RowAllowance, user_id: str) -> None:
        self._run_list = run_list
        self._allowance = allowance
        self._user = user_id

    def left(self) -> tuple[int, int]:
        """(rows this user may still check now, the limit per day)."""
        return self._allowance.left(self._user), self._allowance.limit

    async def __call__(self, crew, **kwargs):
        self._allowance.take(self._user, len(crew.rows))
        return await self._run_list(crew, user=self._user, **kwargs)
