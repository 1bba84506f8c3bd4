"""The per-user lookup limit of served mode (issue 13)."""

from __future__ import annotations

from app.i18n import CATALOGUE, LANGUAGES
from app.model import CardNumberRef, ReasonCode, Verdict
from app.services.limits import (
    DAY_S,
    AllowedCrewLists,
    CrewAllowanceExceeded,
    LimitedChecker,
    LookupLimiter,
    RowAllowance,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class CountingChecker:
    """A fake of the Checker port: counts what reached it."""

    def __init__(self) -> None:
        self.calls = 0

    async def check(self, ref):
        self.calls += 1
        return "checked"

    async def check_text(self, text, *, symbology=None):
        self.calls += 1
        return "checked"

    async def check_codes(self, codes):
        self.calls += 1
        return "checked"

    async def photo(self, card_number):
        return b"photo"


def test_the_window_slides_and_users_are_counted_apart():
    clock = Clock()
    limiter = LookupLimiter(3, clock=clock)
    assert [limiter.try_acquire("ina") for _ in range(4)] == [True, True, True, False]
    assert limiter.try_acquire("ada")  # another user has her own count
    clock.now += 599
    assert not limiter.try_acquire("ina")
    clock.now += 1  # the first lookup is 10 minutes old now
    assert limiter.try_acquire("ina")


async def test_over_the_limit_no_lookup_is_made_and_the_answer_says_why():
    inner = CountingChecker()
    checker = LimitedChecker(inner, LookupLimiter(2, clock=Clock()), "ina")
    ref = CardNumberRef("10000001")
    assert await checker.check(ref) == "checked"
    assert await checker.check_text("10000002") == "checked"
    over = await checker.check(ref)
    assert inner.calls == 2
    assert over.verdict is Verdict.UNVERIFIED and over.reason == ReasonCode.LOOKUP_LIMIT.value
    assert (await checker.check_codes([])).reason == ReasonCode.LOOKUP_LIMIT.value
    assert await checker.photo("10000001") == b"photo"  # a photo belongs to a lookup already counted
    for lang in LANGUAGES:
        assert "10 min" in CATALOGUE[lang]["reason.LOOKUP_LIMIT"]


def test_crew_rows_are_counted_per_user_all_or_nothing_over_a_sliding_day():
    clock = Clock()
    allowance = RowAllowance(2000, clock=clock)
    allowance.take("ina", 1500)
    assert allowance.left("ina") == 500 and allowance.left("ola") == 2000
    try:
        allowance.take("ina", 501)
    except CrewAllowanceExceeded as exc:
        assert (exc.rows, exc.left, exc.limit) == (501, 500, 2000)
    else:
        raise AssertionError("a list over what is left must be refused")
    assert allowance.left("ina") == 500  # nothing counted for the refused list
    allowance.take("ina", 500)
    clock.now += DAY_S - 1
    assert allowance.left("ina") == 0
    clock.now += 1
    assert allowance.left("ina") == 2000  # a day after, the rows count no more


def test_a_limit_of_zero_turns_crew_lists_off():
    allowance = RowAllowance(0)
    try:
        allowance.take("ina", 1)
    except CrewAllowanceExceeded as exc:
        assert exc.limit == 0
    else:
        raise AssertionError("crew lists are off at 0")
    for lang in LANGUAGES:
        assert "bulk.served_off" in CATALOGUE[lang] and "bulk.over_allowance" in CATALOGUE[lang]
    # the screen says so before a file is picked, and offers no pick button
    from app.state.bulk_state import BulkState

    async def never(crew, **kwargs):
        raise AssertionError("no list may run")

    runs = AllowedCrewLists(never, allowance, "ina")
    bulk = BulkState(run_list=runs, allowance=runs.left)
    assert bulk.lists_off and bulk.allowance_note("nb") == CATALOGUE["nb"]["bulk.served_off"]


async def test_when_the_shared_ledger_cannot_be_used_no_lookup_is_made():
    """Served mode never falls back to one process's count: a lookup it cannot count is refused."""
    from app.errors import JournalError
    from app.services.limits import OpenedOnUse

    def down():
        raise JournalError("cannot open the usage ledger (postgresql): OperationalError")

    inner = CountingChecker()
    checker = LimitedChecker(inner, LookupLimiter(60, ledger=OpenedOnUse(down)), "ina")
    refused = await checker.check(CardNumberRef("10000001"))
    assert refused.verdict is Verdict.UNVERIFIED and refused.reason == ReasonCode.LIMIT_UNAVAILABLE.value
    assert inner.calls == 0
    rows = AllowedCrewLists(None, RowAllowance(5000, ledger=OpenedOnUse(down)), "ina")
    assert rows.left() == (0, 5000)  # the crew-list screen still draws, and offers nothing to run
    for lang in LANGUAGES:  # it says why, not "too many lookups"
        assert "reason.LIMIT_UNAVAILABLE" in CATALOGUE[lang] and "next.LIMIT_UNAVAILABLE" in CATALOGUE[lang]
