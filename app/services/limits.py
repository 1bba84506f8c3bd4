"""Per-user limit on lookups in served mode (issue 13).

QR and chip lookups return names, birth dates and photos: a limit per user (default 60 lookups per
10 minutes) stops one account from harvesting them. A user over the limit gets an *unverified*
answer that says why (never a verdict about the card), and no lookup is made.
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
