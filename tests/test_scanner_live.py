"""The live-scan helper: repeats, pauses, QR preferred with the barcode kept for the cross-check.

Which code is then checked, and how, is `check_codes`'s rule: tested in test_verify.py."""

from __future__ import annotations

import pytest

from app.model import ScannedCode
from sandbox.reference_cards import BY_NUMBER
from scanner.live import LiveHit, LiveScanner
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


def test_a_hit_hands_on_the_qr_code_and_the_barcode_beside_it_as_scanned_codes(live):
    hit = live.offer([BAR1, QR1])
    assert hit.codes() == (ScannedCode(CARD.qr_text, "qr"), ScannedCode(CARD.barcode_text, "barcode"))


def test_a_hit_of_a_lone_code_hands_on_that_code_alone(live, clock):
    assert live.offer([BAR1]).codes() == (ScannedCode(CARD.barcode_text, "barcode"),)
    clock.now += 3.1
    assert live.offer([QR2]).codes() == (ScannedCode(OTHER.qr_text, "qr"),)
