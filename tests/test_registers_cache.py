"""The register cache on its own: time-to-live, single flight, errors not cached, cancellation."""

from __future__ import annotations

import asyncio

import pytest

from api_client.register_cache import TtlCache


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Loader:
    """Counts loads; each load waits for `gate` so that callers really overlap."""

    def __init__(self, value: object = "v") -> None:
        self.calls = 0
        self.value = value
        self.gate = asyncio.Event()
        self.gate.set()
        self.error: Exception | None = None

    async def __call__(self) -> object:
        self.calls += 1
        await self.gate.wait()
        if self.error is not None:
            raise self.error
        return self.value


async def test_value_is_kept_until_its_time_to_live_runs_out():
    clock, load = Clock(), Loader()
    cache: TtlCache = TtlCache(60, clock=clock)
    assert await cache.get("k", load) == "v"
    clock.now += 59.9
    assert await cache.get("k", load) == "v" and load.calls == 1
    clock.now += 0.2
    assert await cache.get("k", load) == "v" and load.calls == 2


async def test_concurrent_callers_share_one_load():
    load = Loader()
    load.gate.clear()
    cache: TtlCache = TtlCache(60)
    waiters = [asyncio.ensure_future(cache.get("k", load)) for _ in range(20)]
    await asyncio.sleep(0)
    load.gate.set()
    assert await asyncio.gather(*waiters) == ["v"] * 20
    assert load.calls == 1


async def test_none_is_a_cached_answer():
    load = Loader(value=None)
    cache: TtlCache = TtlCache(60)
    assert await cache.get("k", load) is None
    assert await cache.get("k", load) is None and load.calls == 1


async def test_errors_reach_every_waiter_and_are_not_cached():
    load = Loader()
    load.gate.clear()
    load.error = RuntimeError("register down")
    cache: TtlCache = TtlCache(60)
    waiters = [asyncio.ensure_future(cache.get("k", load)) for _ in range(3)]
    await asyncio.sleep(0)
    load.gate.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results) and load.calls == 1
    load.error = None
    assert await cache.get("k", load) == "v" and load.calls == 2


async def test_one_caller_cancelled_does_not_cancel_the_shared_load():
    load = Loader()
    load.gate.clear()
    cache: TtlCache = TtlCache(60)
    first = asyncio.ensure_future(cache.get("k", load))
    second = asyncio.ensure_future(cache.get("k", load))
    await asyncio.sleep(0)
    first.cancel()
    load.gate.set()
    assert await second == "v"
    with pytest.raises(asyncio.CancelledError):
        await first
    assert load.calls == 1


async def test_oldest_entries_go_first_when_full():
    cache: TtlCache = TtlCache(60, max_entries=2)
    for key in ("a", "b", "c"):
        await cache.get(key, Loader(key))
    assert len(cache) == 2
    again = Loader("a2")
    assert await cache.get("a", again) == "a2" and again.calls == 1


def test_nonsense_settings_are_refused():
    with pytest.raises(ValueError):
        TtlCache(-1)
    with pytest.raises(ValueError):
        TtlCache(60, max_entries=0)
