"""The register clients against the sandbox over loopback: every register answer, a register that is
down (fault injection, closed port, timeout), the cache (one request per register per company for 20
concurrent checks, negative answers cached, errors not cached) and the User-Agent."""

from __future__ import annotations

import asyncio
import socket
from datetime import date
from types import SimpleNamespace

import httpx
import pytest

from api_client.register_cache import TtlCache
from api_client.registers import (
    BemanningClient,
    EnhetsregisteretClient,
    RenholdClient,
    cleaning_status,
    staffing_status,
)
from app.bootstrap import BEMANNING_URL, ENHETSREGISTERET_URL, build_employer_checker, register_urls
from app.errors import RegisterUnavailable
from app.model import CleaningStatus, StaffingStatus, UnitState, WarningCode

UA = "hmskort-tests/1"


def _settings(**kw):
    base = dict(
        register_cache_ttl=3600.0,
        crosscheck_timeout=5.0,
        user_agent=UA,
        enhetsregisteret_url=None,
        bemanning_url=None,
        renhold_url=None,
    )
    return SimpleNamespace(**{**base, **kw})


@pytest.fixture
async def http():
    async with httpx.AsyncClient(timeout=httpx.Timeout(5.0)) as client:
        yield client


@pytest.fixture
def enhet(http, clean_sandbox):
    return EnhetsregisteretClient(
        http, clean_sandbox.url + "/enhetsregisteret/api", cache=TtlCache(3600), user_agent=UA
    )


def _hits(sandbox) -> dict[str, int]:
    return httpx.get(sandbox.url + "/_sandbox/register-hits", timeout=5).json()


def _reset_hits(sandbox) -> None:
    httpx.delete(sandbox.url + "/_sandbox/register-hits", timeout=5)


def _codes(findings) -> list[str]:
    return [f.code.value for f in findings]


# --- Enhetsregisteret: every answer ---------------------------------------------------------------


async def test_active_main_unit_is_parsed_with_flags_and_nace(enhet):
    unit = await enhet.unit("184950618")
    assert unit.state is UnitState.ACTIVE and not unit.is_sub_unit
    assert unit.name == "Konkursbo Bygg AS" and unit.bankrupt and unit.bankrupt_on == date(2025, 9, 15)
    assert unit.nace == ("41.200",) and not unit.liquidation and not unit.forced_dissolution


async def test_sub_unit_is_found_under_underenheter_with_its_parent(enhet):
    unit = await enhet.unit("100004046")
    assert unit.state is UnitState.ACTIVE and unit.is_sub_unit and unit.parent == "184950618"
    assert not unit.bankrupt  # the flags live on the parent


async def test_deleted_unit_answering_200_with_slettedato_is_deleted(enhet):
    unit = await enhet.unit("100002027")
    assert unit.state is UnitState.DELETED and unit.deleted_on == date(2024, 11, 30)


async def test_unit_removed_for_legal_reasons_410_is_removed(enhet):
    unit = await enhet.unit("100003031")
    assert unit.state is UnitState.REMOVED and unit.deleted_on == date(2023, 6, 1)


async def test_unknown_unit_404_in_both_lists_is_not_found(enhet):
    assert (await enhet.unit("999999999")).state is UnitState.NOT_FOUND


async def test_malformed_org_number_is_refused_before_any_request(enhet, clean_sandbox):
    _reset_hits(clean_sandbox)
    with pytest.raises(RegisterUnavailable) as err:
        await enhet.unit("12345678X")
    assert err.value.reason == "rejected" and _hits(clean_sandbox) == {}


async def test_a_400_bad_request_from_the_register_is_a_rejection_with_its_message(clean_sandbox):
    # The client never sends a malformed number, so let a transport replay the sandbox's own 400.
    real = httpx.get(clean_sandbox.url + "/enhetsregisteret/api/enheter/9ECD01011", timeout=5)
    assert real.status_code == 400
    transport = httpx.MockTransport(
        lambda req: httpx.Response(400, content=real.content, headers=real.headers)
    )
    async with httpx.AsyncClient(transport=transport) as http:
        client = EnhetsregisteretClient(http, "https://reg.example/api", cache=TtlCache(60), user_agent=UA)
        with pytest.raises(RegisterUnavailable) as err:
            await client.unit("123456785")
    assert err.value.reason == "rejected" and "9 siffer" in str(err.value)


async def test_an_answer_missing_the_konkurs_flag_is_a_bad_answer_not_good_standing():
    body = {"organisasjonsnummer": "123456785", "navn": "X AS", "underAvvikling": False,
            "underTvangsavviklingEllerTvangsopplosning": False}  # fmt: skip
    transport = httpx.MockTransport(lambda req: httpx.Response(200, json=body))
    async with httpx.AsyncClient(transport=transport) as http:
        client = EnhetsregisteretClient(http, "https://reg.example/api", cache=TtlCache(60), user_agent=UA)
        with pytest.raises(RegisterUnavailable) as err:
            await client.unit("123456785")
    assert err.value.reason == "bad_response" and "konkurs" in str(err.value)


# --- the other two registers ----------------------------------------------------------------------


async def test_bemanning_client_reads_status_and_matches_sub_units(http, clean_sandbox):
    client = BemanningClient(
        http, clean_sandbox.url + "/bemanningsforetaksregisteret2/api", cache=TtlCache(60), user_agent=UA
    )
    nord = await client.entry("195061726")
    assert (
        nord is not None
        and nord.status is StaffingStatus.NOT_APPROVED
        and nord.status_text == "Ikke godkjent"
    )
    via_sub = await client.entry("100014149")
    assert (
        via_sub is not None
        and via_sub.org_number == "100008084"
        and via_sub.status is StaffingStatus.APPROVED
    )
    assert await client.entry("100009099") is None


async def test_renhold_client_reads_status_for_main_and_sub_unit_and_absence(http, clean_sandbox):
    client = RenholdClient(
        http, clean_sandbox.url + "/renholdsregisteret/api", cache=TtlCache(60), user_agent=UA
    )
    glans = await client.entry("173849508")
    assert (
        glans is not None
        and glans.status is CleaningStatus.NOT_APPROVED
        and glans.status_text == "Ikke godkjent"
    )
    bergen = await client.entry("100001012")
    assert (
        bergen is not None and bergen.org_number == "162738496" and bergen.status is CleaningStatus.APPROVED
    )
    assert await client.entry("123456785") is None


async def test_every_request_sends_the_user_agent(http, clean_sandbox):
    # The sandbox's staffing register, like the real one, answers 403 without a User-Agent.
    bare = httpx.AsyncClient(headers={"User-Agent": ""})
    async with bare:
        client = BemanningClient(
            bare, clean_sandbox.url + "/bemanningsforetaksregisteret2/api", cache=TtlCache(60), user_agent=UA
        )
        assert (await client.entry("195061726")).status is StaffingStatus.NOT_APPROVED


# --- the checker over the sandbox: reference employers and the extra cases -------------------------

EXPECTED = {
    ("123456785", "BYGG"): [],
    ("135792462", "BYGG"): [],
    ("147025831", "BYGG"): [],
    ("159753646", "BYGG"): [],
    ("162738496", "RENHOLD"): [],
    ("173849508", "RENHOLD"): ["CLEANING_NOT_APPROVED"],
    ("184950618", "BYGG"): ["EMPLOYER_BANKRUPT"],
    ("195061726", "BYGG"): ["STAFFING_NOT_APPROVED"],
    ("100002027", "BYGG"): ["EMPLOYER_DELETED"],
    ("100003031", "BYGG"): ["EMPLOYER_DELETED"],
    ("100004046", "BYGG"): ["EMPLOYER_BANKRUPT"],
    ("100005050", "BYGG"): ["EMPLOYER_LIQUIDATION"],
    ("100006065", "BYGG"): ["EMPLOYER_LIQUIDATION"],
    ("100008084", "BYGG"): [],
    ("100014149", "BYGG"): [],
    ("100009099", "BYGG"): ["STAFFING_NOT_APPROVED"],
    ("100010100", "RENHOLD"): [],
    ("100001012", "RENHOLD"): [],
    ("100011115", "BYGG"): ["CLEANING_NOT_APPROVED"],
    ("123456785", "RENHOLD"): ["CLEANING_NOT_APPROVED"],
    ("999999999", "BYGG"): ["CROSSCHECK_UNAVAILABLE"],
}


@pytest.mark.parametrize(("org", "category"), list(EXPECTED), ids=lambda v: str(v))
async def test_checker_over_the_sandbox_finds_what_the_registers_say(http, clean_sandbox, org, category):
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    assert _codes(await checker.findings(org, category)) == EXPECTED[(org, category)]


async def test_sub_unit_of_bankrupt_parent_names_the_parent_and_the_checked_unit(http, clean_sandbox):
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    (finding,) = await checker.findings("100004046", "BYGG")
    assert finding.param("org") == "184950618" and finding.param("checked") == "100004046"
    assert finding.param("who") == "Konkursbo Bygg AS (184950618)"


async def test_related_accepts_main_and_sub_unit_either_way_and_rejects_strangers(http, clean_sandbox):
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    assert await checker.related("123456785", "100013134") is True
    assert await checker.related("100013134", "123456785") is True
    assert await checker.related("123456785", "123456785") is True
    assert await checker.related("123456785", "184950618") is False
    assert await checker.related("100013134", "100004046") is False


# --- a register that is down ------------------------------------------------------------------------


async def test_enhetsregisteret_down_adds_a_note_and_other_registers_still_count(http, clean_sandbox):
    clean_sandbox.inject(kind="status", status=503, path="/enhetsregisteret/")
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    plain = await checker.findings("123456785", "BYGG")
    assert _codes(plain) == ["CROSSCHECK_UNAVAILABLE"] and plain[0].is_note
    assert plain[0].param("register") == "Enhetsregisteret" and plain[0].param("reason") == "unavailable"
    # The staffing register still says "not approved", and that is news whatever NACE would have said.
    assert _codes(await checker.findings("195061726", "BYGG")) == [
        "CROSSCHECK_UNAVAILABLE",
        "STAFFING_NOT_APPROVED",
    ]


async def test_errors_are_not_cached_the_next_check_asks_again(http, clean_sandbox):
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    clean_sandbox.inject(kind="status", status=500, path="/enhetsregisteret/", count=1)
    assert _codes(await checker.findings("184950618", "BYGG")) == ["CROSSCHECK_UNAVAILABLE"]
    assert _codes(await checker.findings("184950618", "BYGG")) == ["EMPLOYER_BANKRUPT"]


async def test_renhold_down_gives_a_note_only_for_cleaning_employers(http, clean_sandbox):
    clean_sandbox.inject(kind="status", status=503, path="/renholdsregisteret/")
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    notes = await checker.findings("162738496", "RENHOLD")
    assert _codes(notes) == ["CROSSCHECK_UNAVAILABLE"] and notes[0].param("register") == "Renholdsregisteret"
    assert _codes(await checker.findings("123456785", "BYGG")) == []


async def test_malformed_register_answer_is_a_note_not_a_verdict(http, clean_sandbox):
    clean_sandbox.inject(kind="malformed", path="/bemanningsforetaksregisteret2/")
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    (note,) = await checker.findings("195061726", "BYGG")
    assert note.code is WarningCode.CROSSCHECK_UNAVAILABLE and note.param("reason") == "bad_response"


async def test_a_register_that_does_not_answer_in_time_is_unavailable(clean_sandbox):
    clean_sandbox.inject(kind="delay", delay_ms=1500, path="/enhetsregisteret/")
    async with httpx.AsyncClient(timeout=httpx.Timeout(0.3)) as short:
        checker = build_employer_checker(short, _settings(), clean_sandbox.url)
        (note,) = await checker.findings("123456785", "BYGG")
    assert note.param("register") == "Enhetsregisteret" and note.param("reason") == "unavailable"


async def test_a_register_on_a_closed_port_is_unavailable(http):
    with socket.socket() as s:  # bind and close: a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    checker = build_employer_checker(http, _settings(), f"http://127.0.0.1:{port}")
    findings = await checker.findings("162738496", "RENHOLD")
    assert {(f.code.value, f.param("register")) for f in findings} == {
        ("CROSSCHECK_UNAVAILABLE", "Enhetsregisteret"),
        ("CROSSCHECK_UNAVAILABLE", "Renholdsregisteret"),
    }


# --- the cache ------------------------------------------------------------------------------------


async def test_twenty_concurrent_checks_ask_each_register_once(http, clean_sandbox):
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    _reset_hits(clean_sandbox)
    results = await asyncio.gather(*(checker.findings("195061726", "BYGG") for _ in range(20)))
    assert all(_codes(r) == ["STAFFING_NOT_APPROVED"] for r in results)
    assert _hits(clean_sandbox) == {
        "/enhetsregisteret/api/enheter/195061726": 1,
        "/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=195061726": 1,
        "/renholdsregisteret/api/virksomheter/195061726": 1,
    }


async def test_negative_answers_are_cached_too(http, clean_sandbox):
    checker = build_employer_checker(http, _settings(), clean_sandbox.url)
    _reset_hits(clean_sandbox)
    for org in ("100003031", "999999999", "100002027"):
        for _ in range(3):
            await checker.findings(org, "BYGG")
    hits = _hits(clean_sandbox)
    assert hits["/enhetsregisteret/api/enheter/100003031"] == 1  # 410
    assert hits["/enhetsregisteret/api/enheter/999999999"] == 1  # 404
    assert hits["/enhetsregisteret/api/underenheter/999999999"] == 1
    assert hits["/enhetsregisteret/api/enheter/100002027"] == 1  # deleted
    assert hits["/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=999999999"] == 1


async def test_a_zero_time_to_live_asks_every_time(http):
    from sandbox.runner import SandboxServer

    # A private sandbox: on the shared one, a lookup another test left in flight (shielded from its
    # cancellation on purpose) may still land on the hit counter.
    async with SandboxServer() as own:
        checker = build_employer_checker(http, _settings(register_cache_ttl=0), own.url)
        await checker.findings("123456785", "BYGG")
        await checker.findings("123456785", "BYGG")
        assert _hits(own)["/enhetsregisteret/api/enheter/123456785"] == 2


# --- base addresses -------------------------------------------------------------------------------


def test_base_urls_prefer_settings_then_sandbox_then_real_services():
    assert register_urls(_settings(), None) == (ENHETSREGISTERET_URL, BEMANNING_URL, None)
    assert register_urls(_settings(), "http://127.0.0.1:8700/") == (
        "http://127.0.0.1:8700/enhetsregisteret/api",
        "http://127.0.0.1:8700/bemanningsforetaksregisteret2/api",
        "http://127.0.0.1:8700/renholdsregisteret/api",
    )
    custom = _settings(renhold_url="https://renhold.example/api")
    assert register_urls(custom, None)[2] == "https://renhold.example/api"


async def test_without_a_renhold_service_cleaning_employers_get_a_not_configured_note(clean_sandbox):
    settings = _settings(
        enhetsregisteret_url=clean_sandbox.url + "/enhetsregisteret/api",
        bemanning_url=clean_sandbox.url + "/bemanningsforetaksregisteret2/api",
    )
    async with httpx.AsyncClient() as http:
        checker = build_employer_checker(http, settings, None)
        (note,) = await checker.findings("173849508", "RENHOLD")
    assert note.param("register") == "Renholdsregisteret" and note.param("reason") == "not_configured"


# --- the verdicts the issue names, through verify() over the sandbox ------------------------------


@pytest.mark.parametrize(
    ("card", "verdict", "codes"),
    [
        ("10000001", "valid", []),
        ("10000007", "valid", []),
        ("10000002", "valid_with_warnings", ["EXPIRES_SOON"]),
        ("10000008", "valid_with_warnings", ["CLEANING_NOT_APPROVED"]),
        ("10000009", "valid_with_warnings", ["EMPLOYER_BANKRUPT"]),
        ("10000010", "valid_with_warnings", ["STAFFING_NOT_APPROVED"]),
    ],
)
async def test_reference_cards_get_the_cross_check_verdicts(http, clean_sandbox, card, verdict, codes):
    from api_client.status import StatusClient
    from app.model import CardNumberRef
    from app.services.verify import verify

    status = StatusClient.with_credentials(
        http,
        base_url=clean_sandbox.url,
        token_url=clean_sandbox.token_url,
        client_id=clean_sandbox.client_id,
        client_secret=clean_sandbox.client_secret,
    )
    employers = build_employer_checker(http, _settings(), clean_sandbox.url)
    result = await verify(CardNumberRef(card), status=status, today=clean_sandbox.today, employers=employers)
    assert result.verdict.value == verdict
    assert sorted(f.code.value for f in result.findings) == codes


async def test_a_register_down_leaves_a_valid_card_valid_with_a_note(http, clean_sandbox):
    from api_client.status import StatusClient
    from app.model import CardNumberRef
    from app.services.verify import verify

    clean_sandbox.inject(kind="status", status=503, path="/enhetsregisteret/")
    status = StatusClient.with_credentials(
        http,
        base_url=clean_sandbox.url,
        token_url=clean_sandbox.token_url,
        client_id=clean_sandbox.client_id,
        client_secret=clean_sandbox.client_secret,
    )
    employers = build_employer_checker(http, _settings(), clean_sandbox.url)
    result = await verify(
        CardNumberRef("10000001"), status=status, today=clean_sandbox.today, employers=employers
    )
    assert result.verdict.value == "valid" and result.warnings == ()
    assert [n.code.value for n in result.notes] == ["CROSSCHECK_UNAVAILABLE"]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Godkjent med ansatte", CleaningStatus.APPROVED),
        ("GODKJENT UTEN ANSATTE", CleaningStatus.APPROVED),
        ("Under behandling", CleaningStatus.PENDING),
        ("under  HMS-kortbestilling", CleaningStatus.PENDING),
        ("IKKE  GODKJENT", CleaningStatus.NOT_APPROVED),
        ("Suspendert", CleaningStatus.UNKNOWN),
    ],
)
def test_renholdsregisteret_status_texts_map_to_the_domain_whatever_their_case_and_spacing(text, status):
    assert cleaning_status(text) is status


@pytest.mark.parametrize(
    ("code", "status"),
    [(1, StaffingStatus.APPROVED), (2, StaffingStatus.NOT_APPROVED), (3, StaffingStatus.UNKNOWN)],
)
def test_bemanningsforetaksregisteret_codes_map_to_the_domain(code, status):
    assert staffing_status(code) is status
