"""The live-scan helper and the one quiet-period rule (app/quiet_period.py): the last card is quiet
until out of view for 1 s or 5 s passed; QR preferred with the barcode kept for the cross-check.

Which code is then checked, and how, is `check_codes`'s rule: tested in test_verify.py."""

from __future__ import annotations

import pytest

from app.model import ScannedCode
from app.quiet_period import QuietPeriod
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
    return LiveScanner(clock=clock)


def test_frame_with_both_codes_prefers_the_qr_and_keeps_the_barcode(live):
    assert live.offer([BAR1, QR1]) == LiveHit(CARD.qr_text, "qr", QR, CARD.barcode_text)


def test_barcode_alone_is_a_hit_of_its_own(live):
    assert live.offer([BAR1]) == LiveHit(CARD.barcode_text, "barcode", CODE128)


def test_empty_frames_are_no_hit(live):
    assert live.offer([]) is None


def test_the_last_card_stays_quiet_for_5_s_while_it_stays_in_view(live, clock):
    assert live.offer([QR1, BAR1]) is not None
    for _ in range(9):  # held in front of the camera for 4.5 s
        clock.now += 0.5
        assert live.offer([QR1, BAR1]) is None
    clock.now += 0.5
    assert live.offer([QR1, BAR1]) is not None  # 5 s: checked again


def test_every_code_of_the_last_card_is_quiet_not_only_the_one_checked(live, clock):
    assert live.offer([QR1, BAR1]) is not None  # the QR code was checked, the barcode beside it
    clock.now += 0.5
    assert live.offer([BAR1]) is None  # its barcode alone: the same card
    clock.now += 0.5
    assert live.offer([QR1]) is None


def test_the_barcode_of_a_card_checked_through_its_qr_is_quiet_by_card_number():
    quiet = QuietPeriod(clock=lambda: 0.0)
    quiet.start([ScannedCode(CARD.qr_text, "qr")], card_number="10000001")  # the verdict's number
    assert quiet.shows_last_card([ScannedCode(CARD.barcode_text, "barcode")])
    assert quiet.shows_last_card([ScannedCode("10000001", "typed")])
    assert not quiet.shows_last_card([ScannedCode(OTHER.barcode_text, "barcode")])


def test_the_last_card_counts_again_after_being_out_of_view_for_1_s(live, clock):
    assert live.offer([QR1]) is not None
    clock.now += 0.3
    assert live.offer([]) is None  # away: the out-of-view clock starts
    clock.now += 0.6
    assert live.offer([QR1]) is None  # back after 0.6 s: still quiet, and the clock restarts
    clock.now += 0.1
    assert live.offer([]) is None
    clock.now += 1.0
    assert live.offer([]) is None  # away for 1 s: the quiet period is over
    clock.now += 0.1
    assert live.offer([QR1]) is not None


def test_a_different_card_is_checked_at_once(live, clock):
    assert live.offer([QR1]) is not None
    clock.now += 0.2
    assert live.offer([QR2]) == LiveHit(OTHER.qr_text, "qr", QR)


def test_scan_next_restarts_the_full_quiet_period(clock):
    quiet = QuietPeriod(clock=clock)
    quiet.start([ScannedCode(CARD.qr_text, "qr")])
    clock.now += 4.0
    quiet.restart()
    clock.now += 4.0
    assert quiet.shows_last_card([ScannedCode(CARD.qr_text, "qr")])
    clock.now += 1.1
    assert not quiet.shows_last_card([ScannedCode(CARD.qr_text, "qr")])


def test_reset_allows_the_same_card_again_at_once(live):
    assert live.offer([QR1]) is not None
    live.reset()
    assert live.offer([QR1]) is not None


def test_a_hit_hands_on_the_qr_code_and_the_barcode_beside_it_as_scanned_codes(live):
    hit = live.offer([BAR1, QR1])
    assert hit.codes() == (ScannedCode(CARD.qr_text, "qr"), ScannedCode(CARD.barcode_text, "barcode"))


def test_a_hit_of_a_lone_code_hands_on_that_code_alone(live, clock):
    assert live.offer([BAR1]).codes() == (ScannedCode(CARD.barcode_text, "barcode"),)
    assert live.offer([QR2]).codes() == (ScannedCode(OTHER.qr_text, "qr"),)
