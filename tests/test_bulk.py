"""The crew-list check against the sandbox over real HTTP: the same verdicts as single checks, a
mismatch row, each employer asked once per run, bounded concurrency, rate limiting."""

from __future__ import annotations

import asyncio
from datetime import date

import httpx
import pytest

from app.bootstrap import build_services
from app.crewlist import read_crew_list
from app.i18n import t
from app.model import Card, CardNumberRef, Verdict, WarningCode
from app.services.bulk import BulkRunner, RowToCheck, check_crew_list, non_valid_first
from app.services.messages import finding_text
from app.settings import Settings
from sandbox.reference_cards import REFERENCE_CARDS
from tests.fake_status import valid_card

CARDS = [c.card_number for c in REFERENCE_CARDS]
REGISTER_PATHS = ("/enhetsregisteret/", "/bemanning", "/renhold")


def _settings(sandbox, **changes) -> Settings:
    values = {
        "api_url": sandbox.url,
        "client_id": sandbox.client_id,
        "client_secret": sandbox.client_secret,
        "connect_timeout": 3.0,
        "read_timeout": 8.0,
        "sandbox": True,  # the registers are the sandbox's too
    }
    return Settings(**{**values, **changes})


def _list(rows: list[tuple[str, str]]) -> bytes:
    lines = ["Navn;Kortnummer;Orgnr"] + [f"Person {i};{card};{org}" for i, (card, org) in enumerate(rows)]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
async def services(clean_sandbox):
    services = await build_services(_settings(clean_sandbox))
    yield services
    await services.aclose()


async def test_every_row_gets_the_verdict_a_single_check_gives(services):
    crew = read_crew_list(_list([(c, "") for c in CARDS] + [("99999999", "")]))
    run = await check_crew_list(crew, services.bulk_runner(), journal=None, round_name="liste.csv")
    assert [o.row for o in run.outcomes] == list(range(2, 2 + len(CARDS) + 1))
    for outcome in run.outcomes:
        single = await services.check(CardNumberRef(outcome.check.card_number))
        assert (outcome.check.verdict, outcome.check.reason) == (single.verdict, single.reason)
        assert set(outcome.check.warnings) == {str(f.code) for f in single.warnings}
    assert run.outcomes[-1].check.reason == "CARD_NOT_FOUND"
    assert not run.any_unverified


async def test_a_row_whose_org_number_is_not_the_cards_employer_gets_employer_mismatch(services):
    employer = next(c for c in REFERENCE_CARDS if c.card_number == "10000001").org_number
    other = next(c.org_number for c in REFERENCE_CARDS if c.org_number != employer)
    crew = read_crew_list(_list([("10000001", employer), ("10000001", other), ("10000001", "12345")]))
    run = await check_crew_list(crew, services.bulk_runner(), journal=None, round_name="x.csv")
    same, mismatch, typo = run.outcomes
    assert same.check.verdict is Verdict.VALID and same.check.warnings == ()
    assert mismatch.check.verdict is Verdict.VALID_WITH_WARNINGS
    assert mismatch.check.warnings == ("EMPLOYER_MISMATCH",)
    finding = next(f for f in mismatch.result.findings if f.code is WarningCode.EMPLOYER_MISMATCH)
    assert finding.param("printed") == other and finding.param("registry") == employer
    assert "i listen" in finding_text(finding, "nb") and "in the list" in finding_text(finding, "en")
    assert typo.check.warnings == ("EMPLOYER_MISMATCH",)  # not a valid org number: a mismatch all the same


async def test_each_employer_is_asked_once_per_run(clean_sandbox):
    # No register cache in the client: only the run itself may spare the registers.
    services = await build_services(_settings(clean_sandbox, register_cache_ttl=0))
    asked: list[str] = []

    async def count(request: httpx.Request) -> None:
        if request.url.path.startswith(REGISTER_PATHS):
            asked.append(f"{request.url.path}?{request.url.query.decode()}")

    services.http.event_hooks["request"].append(count)
    try:
        once = read_crew_list(_list([(c, "") for c in CARDS]))
        await check_crew_list(once, services.bulk_runner(), journal=None, round_name="a.csv")
        per_list = len(asked)
        asked.clear()
        many = read_crew_list(_list([(c, "") for c in CARDS * 12]))
        run = await check_crew_list(many, services.bulk_runner(), journal=None, round_name="b.csv")
    finally:
        await services.aclose()
    assert len(run.outcomes) == 120
    assert per_list > 0
    assert len(asked) == per_list  # 12 times the rows, not one register request more
    assert len(asked) == len(set(asked))


class SlowStatus:
    """A status port (fake: a pure unit test of the runner's bound) that counts calls in flight."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.most = 0
        self.calls = 0

    async def get_card(self, card_number: str) -> Card:
        self.in_flight += 1
        self.calls += 1
        self.most = max(self.most, self.in_flight)
        await asyncio.sleep(0.01)
        self.in_flight -= 1
        return valid_card(card_number)


@pytest.mark.parametrize("concurrency", [1, 3, 8])
async def test_at_most_n_checks_at_a_time(concurrency):
    status = SlowStatus()
    runner = BulkRunner(status=status, employers=None, today=date(2026, 1, 1), concurrency=concurrency)
    rows = [RowToCheck(i, f"{10000000 + i}") for i in range(2, 42)]
    outcomes = await runner.run(rows)
    assert status.most == concurrency
    assert status.calls == 40 and len(outcomes) == 40


@pytest.mark.parametrize("bad", [0, -1, 17])
def test_concurrency_out_of_range_is_refused(bad):
    with pytest.raises(ValueError):
        BulkRunner(status=SlowStatus(), employers=None, today=date(2026, 1, 1), concurrency=bad)


async def test_rate_limiting_slows_the_run_down_and_every_row_still_ends_right(services, clean_sandbox):
    expected = {}
    for card in CARDS:
        result = await services.check(CardNumberRef(card))
        expected[card] = (result.verdict, result.reason)
    # 60 answers of 429 (Retry-After: 1): more than the status client's own retries absorb.
    clean_sandbox.inject(kind="status", status=429, retry_after=1, count=60, path="/v1/cards")
    crew = read_crew_list(_list([(c, "") for c in CARDS * 3]))
    runner = services.bulk_runner()
    run = await check_crew_list(crew, runner, journal=None, round_name="r.csv")
    assert clean_sandbox.active_faults() == []  # every 429 was met
    assert runner.stats.rate_limit_pauses > 0  # the run itself backed off, not only single checks
    assert len(run.outcomes) == 30
    assert [(o.check.verdict, o.check.reason) for o in run.outcomes] == [
        expected[o.check.card_number] for o in run.outcomes
    ]


async def test_a_rate_limit_that_does_not_end_leaves_rows_unverified_never_guessed(services, clean_sandbox):
    clean_sandbox.inject(kind="status", status=429, retry_after=0, count=None, path="/v1/cards")
    runner = BulkRunner(
        status=services.status,
        employers=services.employers,
        today=services.today(),
        concurrency=4,
        max_rate_limit_retries=1,
    )
    outcomes = await runner.run([RowToCheck(2, "10000001"), RowToCheck(3, "10000003")])
    assert [(o.check.verdict, o.check.reason) for o in outcomes] == [(Verdict.UNVERIFIED, "RATE_LIMITED")] * 2


def test_non_valid_first():
    from app.model import CrewCheck
    from app.services.bulk import RowOutcome

    checks = [
        CrewCheck(2, "10000001", Verdict.VALID),
        CrewCheck(3, "10000002", Verdict.VALID_WITH_WARNINGS),
        CrewCheck(4, "10000003", Verdict.INVALID),
        CrewCheck(5, "10000004", Verdict.UNVERIFIED),
        CrewCheck(6, "10000005", Verdict.INVALID),
    ]
    order = [o.row for o in non_valid_first(RowOutcome(c) for c in checks)]
    assert order == [4, 6, 5, 3, 2]


def test_bulk_strings_exist_in_both_languages():
    assert t("bulk.title", "nb") == "Sjekk mannskapsliste"
    assert t("bulk.title", "en") == "Check crew list"


async def test_a_register_that_is_down_is_asked_once_per_employer_not_once_per_row(clean_sandbox):
    down = "http://127.0.0.1:9"  # nothing listens on the discard port: refused at once
    services = await build_services(
        _settings(clean_sandbox, enhetsregisteret_url=down, bemanning_url=down, renhold_url=down)
    )
    asked: list[str] = []

    async def count(request: httpx.Request) -> None:
        if request.url.port == 9:
            asked.append(f"{request.url.path}?{request.url.query.decode()}")

    services.http.event_hooks["request"].append(count)
    try:
        crew = read_crew_list(_list([(c, "") for c in CARDS * 5]))
        run = await check_crew_list(crew, services.bulk_runner(), journal=None, round_name="d.csv")
    finally:
        await services.aclose()
    assert asked and len(asked) == len(set(asked))
    # the verdicts stand; the employer check is a note on each row
    assert {o.check.card_number: o.check.verdict for o in run.outcomes}["10000001"] is Verdict.VALID
    assert all(o.result.notes for o in run.outcomes if o.result.card is not None)
