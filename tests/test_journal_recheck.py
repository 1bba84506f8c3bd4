"""Re-check when the network returns (issue 14, item 5), against a real sandbox that is stopped (so
connections are refused) and started again on the same port."""

from __future__ import annotations

import asyncio
import time

import pytest

from app.bootstrap import build_services
from app.model import CardNumberRef, CheckMethod, QrRef, Verdict
from app.services.recheck import Rechecker, recheck_pending
from app.settings import Settings
from sandbox.reference_cards import REFERENCE_CARDS
from sandbox.runner import SandboxServer

CARD4 = REFERENCE_CARDS[3]  # 10000004: blocked, reported lost
CARD1 = REFERENCE_CARDS[0]  # 10000001: valid


def _settings(server: SandboxServer, tmp_path) -> Settings:
    return Settings(
        api_url=server.url,
        client_id=server.client_id,
        client_secret=server.client_secret,
        data_dir=tmp_path,
        connect_timeout=1.0,
        max_retries=0,
        sandbox=True,
    )


async def test_a_check_made_while_the_sandbox_refuses_connections_is_re_checked_within_10_s(tmp_path):
    server = SandboxServer().start()
    port = server.port
    services = await build_services(_settings(server, tmp_path), with_journal=True)
    journal = services.journal
    try:
        assert (await services.check(CardNumberRef(CARD1.card_number))).verdict is Verdict.VALID  # token held
        server.stop()  # the port is closed: connections are refused

        typed = await services.check(CardNumberRef(CARD4.card_number))
        assert (typed.verdict, typed.reason) == (Verdict.UNVERIFIED, "NETWORK")
        typed_entry = await journal.record(typed, method=CheckMethod.TYPED)
        qr = await services.check(QrRef(CARD1.qr_token))
        assert (qr.verdict, qr.reason) == (Verdict.UNVERIFIED, "NETWORK")
        qr_entry = await journal.record(qr)
        assert typed_entry.record.pending and qr_entry.record.pending
        assert qr_entry.record.card_number is None  # the QR token is never stored

        rechecker = Rechecker(journal, services.check, interval=2.0)
        rechecker.remember(qr_entry, QrRef(CARD1.qr_token))  # held in memory only
        seen: list = []
        rechecker.subscribe(lambda outcome: seen.extend(outcome.rechecked))
        rechecker.start()
        await asyncio.sleep(3)  # passes while the sandbox is down: nothing re-checked, still pending
        assert seen == [] and len(await journal.pending()) == 2

        server = SandboxServer(port=port).start()
        back = time.monotonic()
        while len(seen) < 2 and time.monotonic() - back < 15:
            await asyncio.sleep(0.05)
        took = time.monotonic() - back
        await rechecker.stop()
        print(f"\nre-checked {len(seen)} pending checks {took:.2f} s after the sandbox came back")
        assert took <= 10 and len(seen) == 2
        by_old = {old.id: new for old, new in seen}
        assert (by_old[typed_entry.id].record.verdict, by_old[typed_entry.id].record.reason) == (
            "invalid",
            "TAPT",
        )
        assert by_old[qr_entry.id].record.verdict == "valid"
        assert by_old[qr_entry.id].record.card_number == CARD1.card_number
        assert by_old[qr_entry.id].record.method is CheckMethod.QR
        assert await journal.pending() == []
        pairs = await journal.rechecked()
        assert {old.id for old, _ in pairs} == {typed_entry.id, qr_entry.id}
    finally:
        await services.aclose()
        server.stop()


async def test_while_the_api_is_unreachable_nothing_is_re_checked_or_shown_valid(tmp_path):
    server = SandboxServer().start()
    services = await build_services(_settings(server, tmp_path), with_journal=True)
    try:
        server.stop()
        result = await services.check(CardNumberRef(CARD1.card_number))
        entry = await services.journal.record(result)
        assert entry.record.pending and entry.record.verdict is Verdict.UNVERIFIED
        outcome = await recheck_pending(services.journal, services.check)
        assert outcome.unreachable and outcome.rechecked == () and outcome.still_pending == 1
        (still,) = await services.journal.pending()
        assert still.id == entry.id and still.record.verdict is Verdict.UNVERIFIED
    finally:
        await services.aclose()


@pytest.mark.parametrize("reason", ["SERVER_ERROR", "RATE_LIMITED", "AUTH_FAILED"])
async def test_only_network_and_timeout_are_pending(tmp_path, reason):
    from app.model import CheckResult

    server = SandboxServer().start()
    services = await build_services(_settings(server, tmp_path), with_journal=True)
    try:
        entry = await services.journal.record(
            CheckResult(Verdict.UNVERIFIED, reason, CardNumberRef("10000001"))
        )
        assert not entry.record.pending
        assert await services.journal.pending() == []
    finally:
        await services.aclose()
        server.stop()
