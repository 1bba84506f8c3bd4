"""An in-memory, single-flight cache with a time-to-live, for register lookups.

A day of checks at one site meets the same few employers again and again; the registers change
slowly, and they are public services we should not hammer. So each answer is kept for
`Settings.register_cache_ttl` seconds, and concurrent lookups of the same key share one request:
the first caller starts the load as a task, the others await the same task.

What is cached: every *answer*, negative ones included (404, 410, deleted, absent from a register),
because "not there" is as stable as "there". What is not: an exception (register down, timeout, bad
answer): the next check asks again. Nothing here holds personal data: keys are org numbers.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TtlCache(Generic[V]):
    """`await cache.get(key, load)`: a cached value younger than `ttl` seconds, else `await load()`
    once for all concurrent callers of that key."""

    def __init__(
        self,
        ttl: float,
        *,
        max_entries: int = 4096,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if ttl < 0:
            raise ValueError(f"cache time-to-live must not be negative: {ttl}")
        if max_entries < 1:
            raise ValueError(f"cache must hold at least one entry: {max_entries}")
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._values: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()
        self._inflight: dict[Hashable, asyncio.Task[V]] = {}

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        """Forget every cached value (lookups in flight still finish for their callers)."""
        self._values.clear()

    async def get(self, key: Hashable, load: Callable[[], Awaitable[V]]) -> V:
        """The value for `key`, loading it at most once at a time."""
        hit = self._values.get(key)
        if hit is not None:
            expires, value = hit
            if self._clock() < expires:
                return value
            del self._values[key]
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.ensure_future(self._load(key, load))
            task.add_done_callback(_retrieve)
            self._inflight[key] = task
        # shield: one caller giving up (its check was cancelled) must not cancel the others' request.
        return await asyncio.shield(task)

    async def _load(self, key: Hashable, load: Callable[[], Awaitable[V]]) -> V:
        try:
            value = await load()
        finally:
            # Success or failure, the next caller after this point starts fresh (errors not cached).
            self._inflight.pop(key, None)
        if self._ttl > 0:
            self._values[key] = (self._clock() + self._ttl, value)
            self._values.move_to_end(key)
            while len(self._values) > self._max:
                self._values.popitem(last=False)  # oldest first: a day's site rarely reaches this
        return value


def _retrieve(task: asyncio.Task) -> None:
    # When every caller was cancelled, nobody reads the error: read it here so asyncio does not
    # log "exception was never retrieved" for an ordinary register outage.
    if not task.cancelled():
        task.exception()
