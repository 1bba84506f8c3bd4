"""The live-scan helper: repeats, pauses, QR preferred with the barcode kept for the cross-check."""

from __future__ import annotations

import pytest

from app.errors import PayloadError
from app.model import BarcodeRef, CardRef, CheckResult, QrRef, Verdict
from sandbox.reference_cards import BY_NUMBER
from scanner.live import LiveHit, LiveScanner, check_hit, refs_of
from scanner.samples.cards import HOSTILE_QR_TEXT
from scanner.symbols import CODE128, QR, Symbol

CARD = BY_NUMBER["10000001"]
OTHER = BY_NUMBER["10000004"]
QR1, BAR1 = Symbol(QR, CARD.qr_text), Symbol(CODE128, CARD.barcode_text)
QR2 = Symbol(QR, OTHER.qr_text)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def live(clock) -> LiveScanner:
    return LiveScanner(repeat_window=3.0, pause_after_hit=1.5, clock=clock)


def test_frame_with_both_codes_prefers_the_qr_and_keeps_the_barcode(live):
    assert live.offer([BAR1, QR1]) == LiveHit(CARD.qr_text, "qr", QR, CARD.barcode_text)


def test_barcode_alone_is_a_hit_of_its_own(live):
    assert live.offer([BAR1]) == LiveHit(CARD.barcode_text, "barcode", CODE128)


def test_empty_frames_are_no_hit(live):
    assert live.offer([]) is None


def test_same_payload_is_dropped_while_it_stays_in_view(live, clock):
    assert live.offer([QR1]) is not None
    for _ in range(10):  # held in front of the camera for 5 s
        clock.now += 0.5
        assert live.offer([QR1]) is None


def test_same_payload_counts_again_after_being_out_of_view_for_the_window(live, clock):
    assert live.offer([QR1]) is not None
    clock.now += 3.1
    assert live.offer([QR1]) is not None


def test_a_different_card_waits_for_the_pause_after_a_hit(live, clock):
    assert live.offer([QR1]) is not None
    clock.now += 1.0
    assert live.offer([QR2]) is None  # still showing the first result
    clock.now += 0.6
    assert live.offer([QR2]) == LiveHit(OTHER.qr_text, "qr", QR)


def test_reset_allows_the_same_card_again_at_once(live):
    assert live.offer([QR1]) is not None
    live.reset()
    assert live.offer([QR1]) is not None


def test_refs_of_a_card_back_give_the_qr_ref_and_the_barcode_ref():
    ref, barcode = refs_of(LiveHit(CARD.qr_text, "qr", QR, CARD.barcode_text))
    assert ref == QrRef(CARD.qr_token)
    assert barcode == BarcodeRef(CARD.org_number, CARD.card_number)


def test_a_barcode_that_does_not_parse_is_dropped_not_fatal():
    ref, barcode = refs_of(LiveHit(CARD.qr_text, "qr", QR, "12345678010000001"))  # org fails MOD11
    assert ref == QrRef(CARD.qr_token) and barcode is None


def test_a_hostile_qr_does_not_parse():
    with pytest.raises(PayloadError):
        refs_of(LiveHit(HOSTILE_QR_TEXT, "qr", QR))


class RecordingChecker:
    """A hand-written fake of the Services port: records what it was asked."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    async def check(self, ref: CardRef, *, barcode: BarcodeRef | None = None) -> CheckResult:
        self.calls.append(("check", ref, barcode))
        return CheckResult(Verdict.UNVERIFIED, "NETWORK", ref)

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult:
        self.calls.append(("check_text", text, symbology))
        return CheckResult(Verdict.INVALID, "SUSPICIOUS_QR", None)


async def test_check_hit_sends_the_qr_with_the_barcode_as_cross_check():
    fake = RecordingChecker()
    await check_hit(LiveHit(CARD.qr_text, "qr", QR, CARD.barcode_text), fake)
    assert fake.calls == [("check", QrRef(CARD.qr_token), BarcodeRef(CARD.org_number, CARD.card_number))]


async def test_check_hit_leaves_a_hostile_qr_to_check_text_without_a_lookup():
    fake = RecordingChecker()
    result = await check_hit(LiveHit(HOSTILE_QR_TEXT, "qr", QR), fake)
    assert fake.calls == [("check_text", HOSTILE_QR_TEXT, "qr")]
    assert result.verdict is Verdict.INVALID
