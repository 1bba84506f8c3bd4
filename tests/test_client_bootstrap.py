"""The composition root: real mode against the shared sandbox, sandbox mode, shutdown, Oslo date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.bootstrap import (
    BEMANNING_URL,
    ENHETSREGISTERET_URL,
    SetupError,
    _oslo_offset_hours,
    build_services,
    oslo_today,
    register_urls,
)
from app.model import CardNumberRef, ScannedCode, Verdict
from app.settings import Settings
from sandbox.reference_cards import REFERENCE_CARDS
from sandbox.registers import BASE_PATHS


def _settings(server, **changes) -> Settings:
    values = {
        "api_url": server.url,
        "client_id": server.client_id,
        "client_secret": server.client_secret,
        "connect_timeout": 3.0,
        "read_timeout": 8.0,
    }
    return Settings(**{**values, **changes})


async def test_real_mode_checks_cards_through_the_configured_api(clean_sandbox):
    # A deployment's own register addresses (here: the sandbox's registers at their real paths).
    registers = {f"{name}_url": clean_sandbox.url + path for name, path in BASE_PATHS.items()}
    services = await build_services(_settings(clean_sandbox, **registers))
    try:
        assert services.sandbox_mode is False
        assert services.sandbox_url is None
        by_text = await services.check_text(REFERENCE_CARDS[0].qr_text)
        by_ref = await services.check(CardNumberRef("10000004"))
        bankrupt = await services.check_text("10000009")
    finally:
        await services.aclose()
    assert by_text.verdict is Verdict.VALID
    assert (by_ref.verdict, by_ref.reason) == (Verdict.INVALID, "TAPT")
    # The registers were asked too, at the configured addresses.
    assert [w.code.value for w in bankrupt.warnings] == ["EMPLOYER_BANKRUPT"]


async def test_an_api_marked_sandbox_is_sandbox_mode_with_the_sandboxs_registers(clean_sandbox):
    services = await build_services(_settings(clean_sandbox, sandbox=True))
    try:
        assert services.sandbox_mode is True
        assert services.sandbox_url is None  # not embedded: nothing to stop on close
        bankrupt = await services.check_text("10000009")
    finally:
        await services.aclose()
    assert [w.code.value for w in bankrupt.warnings] == ["EMPLOYER_BANKRUPT"]


def test_register_urls_are_the_real_services_unless_set_or_in_sandbox_mode():
    real = Settings(api_url="http://127.0.0.1:8700", client_id="x", client_secret="y")
    # a status API on loopback is not thereby a sandbox: the real registers
    assert register_urls(real, None) == (ENHETSREGISTERET_URL, BEMANNING_URL, None)
    assert register_urls(real.with_changes(renhold_url="https://r.example/api"), None)[2] == (
        "https://r.example/api"
    )


async def test_photo_is_bytes_or_none_never_an_error(clean_sandbox):
    services = await build_services(_settings(clean_sandbox))
    try:
        photo = await services.photo("10000001")
        missing = await services.photo("99999999")
        clean_sandbox.inject(kind="status", status=500)
        broken = await services.photo("10000001")
    finally:
        await services.aclose()
    assert photo is not None and photo.startswith(b"\xff\xd8")
    assert missing is None
    assert broken is None


async def test_qr_hosts_come_from_the_settings(clean_sandbox):
    services = await build_services(_settings(clean_sandbox, qr_hosts=("kort.example.no",)))
    try:
        result = await services.check_text(REFERENCE_CARDS[0].qr_text)
    finally:
        await services.aclose()
    assert (result.verdict, result.reason) == (Verdict.INVALID, "SUSPICIOUS_QR")


async def test_check_codes_reads_the_qr_hosts_from_the_settings_and_cross_checks_the_barcode(clean_sandbox):
    card, other = REFERENCE_CARDS[0], REFERENCE_CARDS[1]
    moved_qr = ScannedCode(f"https://kort.example.no/k/{card.qr_token}", "qr")
    services = await build_services(_settings(clean_sandbox, qr_hosts=("kort.example.no",)))
    try:
        mismatch = await services.check_codes([moved_qr, ScannedCode(other.barcode_text, "barcode")])
        default_host = await services.check_codes(
            [ScannedCode(card.qr_text, "qr"), ScannedCode(card.barcode_text, "barcode")]
        )
    finally:
        await services.aclose()
    assert mismatch.card.card_number == card.card_number
    assert [w.code.value for w in mismatch.warnings] == ["CARD_NUMBER_MISMATCH"]
    assert (default_host.verdict, default_host.reason) == (Verdict.INVALID, "SUSPICIOUS_QR")


async def test_without_an_api_the_embedded_sandbox_runs_and_stops_on_close():
    services = await build_services(Settings())
    sandbox = services._sandbox
    try:
        assert services.sandbox_mode is True
        assert services.sandbox_url is not None and services.sandbox_url.startswith("http://127.0.0.1:")
        result = await services.check_text("10000002")
        assert result.verdict is Verdict.VALID_WITH_WARNINGS
    finally:
        await services.aclose()
    assert sandbox.running is False
    assert services.http.is_closed
    await services.aclose()  # idempotent


@pytest.mark.parametrize("missing", ["client_id", "client_secret"])
async def test_api_without_credentials_is_a_setup_error_naming_what_is_missing(clean_sandbox, missing):
    with pytest.raises(SetupError) as info:
        await build_services(_settings(clean_sandbox, **{missing: None}))
    assert f"HMSKORT_{missing.upper()}" in str(info.value)


def test_services_repr_shows_no_secret(clean_sandbox):
    import asyncio

    async def build_and_show() -> str:
        services = await build_services(_settings(clean_sandbox, client_secret="do-not-show-me"))
        try:
            return repr(services) + repr(services.status)
        finally:
            await services.aclose()

    assert "do-not-show-me" not in asyncio.run(build_and_show())


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        (datetime(2026, 1, 15, 22, 59, tzinfo=UTC), date(2026, 1, 15)),  # 23:59 CET
        (datetime(2026, 1, 15, 23, 0, tzinfo=UTC), date(2026, 1, 16)),  # 00:00 CET
        (datetime(2026, 7, 1, 21, 59, tzinfo=UTC), date(2026, 7, 1)),  # 23:59 CEST
        (datetime(2026, 7, 1, 22, 0, tzinfo=UTC), date(2026, 7, 2)),  # 00:00 CEST
    ],
)
def test_today_is_the_date_in_oslo(utc, expected):
    assert oslo_today(utc) == expected


def test_fallback_offset_matches_the_tz_database_all_year():
    oslo = ZoneInfo("Europe/Oslo")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for hour in range(0, 2 * 366 * 24, 5):  # two years, every five hours (crosses both switches)
        moment = start + timedelta(hours=hour)
        expected = moment.astimezone(oslo).utcoffset().total_seconds()
        assert _oslo_offset_hours(moment) * 3600 == expected, moment


@pytest.mark.parametrize(
    ("utc", "hours"),
    [
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), 1),
        (datetime(2026, 3, 29, 1, 0, tzinfo=UTC), 2),
        (datetime(2026, 10, 25, 0, 59, tzinfo=UTC), 2),
        (datetime(2026, 10, 25, 1, 0, tzinfo=UTC), 1),
    ],
)
def test_fallback_offset_switches_at_one_utc_on_the_last_sunday(utc, hours):
    assert _oslo_offset_hours(utc) == hours
