"""AppState intents with hand-written fake ports (no Flet page, no network)."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

from app.model import (
    Card,
    CardNumberRef,
    CardStatus,
    Category,
    CheckResult,
    ChipRef,
    Employer,
    Holder,
    QrRef,
    ReasonCode,
    ScannedCode,
    Verdict,
)
from app.state.app_state import AppState, CameraStatus, Screen, normalise_card_number


def _card(number: str = "10000001", *, holder: bool = False) -> Card:
    return Card(
        card_number=number,
        category=Category.BYGG,
        status=CardStatus.GYLDIG,
        reason=None,
        valid_from=date(2025, 1, 1),
        valid_to=date(2030, 1, 1),
        employer=Employer("123456785", "Eksempel Bygg AS"),
        checked_at=datetime(2026, 1, 1, tzinfo=UTC),
        holder=Holder("Ola", "Testmann", date(1985, 3, 14), True) if holder else None,
    )


class FakeChecker:
    def __init__(self, result: CheckResult | None = None) -> None:
        self.calls: list[tuple] = []
        self.result = result
        self.photo_bytes = b"jpeg"

    async def check(self, ref):
        self.calls.append(("check", ref))
        return self.result or CheckResult(Verdict.VALID, None, ref, _card(holder=True))

    async def check_text(self, text, *, symbology=None):
        self.calls.append(("check_text", text, symbology))
        card = _card(holder=symbology == "qr")  # QR lookups return the holder (contract §3)
        return self.result or CheckResult(Verdict.VALID, None, CardNumberRef(text), card)

    def mode(self):
        from app.ports import ApiMode

        return ApiMode(getattr(self, "generation", 0), False, "https://status.example")

    async def check_codes(self, codes):
        self.calls.append(("check_codes", tuple(codes)))
        card = _card(holder=any(c.symbology == "qr" for c in codes))
        return self.result or CheckResult(Verdict.VALID, None, QrRef("t" * 24), card)

    async def photo(self, card_number):
        self.calls.append(("photo", card_number))
        return self.photo_bytes


class FakeDecoder:
    def __init__(self, codes=()) -> None:
        self.codes = list(codes)
        self.calls = 0

    def __call__(self, data, *, mirrored=False, still=False):
        self.calls += 1
        return self.codes


def _state(checker=None, codes=()) -> AppState:
    return AppState(checker=checker or FakeChecker(), decode=FakeDecoder(codes))


def test_card_number_accepts_spaces_and_dashes_and_rejects_other_lengths():
    assert normalise_card_number("1000 0001") == "10000001"
    assert normalise_card_number("1000-0001") == "10000001"
    assert normalise_card_number("1000001") is None
    assert normalise_card_number("1000000a") is None
    assert normalise_card_number("１０００００01") is None  # full-width digits are not a card number


async def test_manual_entry_checks_the_typed_number_and_shows_the_result():
    state = _state()
    state.set_manual_text("1000 0001")
    await state.check_manual()
    assert state.checker.calls == [("check_text", "10000001", "typed")]
    assert state.screen is Screen.RESULT
    assert state.verdict is Verdict.VALID


async def test_malformed_manual_entry_gets_a_message_keeps_the_text_and_calls_nothing():
    state = _state()
    state.set_manual_text("12345")
    await state.check_manual()
    assert state.manual_error == "ui.manual.invalid"
    assert state.manual_text == "12345"
    assert state.checker.calls == []
    assert state.screen is Screen.SCAN


async def test_state_changes_notify_subscribers_without_a_page():
    state = _state()
    seen: list[str | None] = []

    def listener(_sender, name):
        seen.append(name)

    state.subscribe(listener)
    state.set_language("en")
    assert "lang" in seen
    assert state.lang == "en"
    state.set_language("de")  # unknown languages are ignored
    assert state.lang == "en"


async def test_a_photo_without_codes_says_so_and_stays_on_the_scan_screen():
    state = _state(codes=())
    await state.check_image(b"not really an image")
    assert state.message == "ui.photo.no_code"
    assert state.screen is Screen.SCAN
    assert state.checker.calls == []


QR_CODE = ScannedCode("https://hmskort.no/k/TCEe6OQxLdU-ZOxyR2MwqIZu", "qr")
BARCODE = ScannedCode("135792462 10000004", "barcode")


async def test_the_codes_of_a_frame_go_to_the_checker_together_as_found():
    # Which one is looked up, and how the other cross-checks it, is the service's rule (test_verify.py).
    state = _state(codes=[BARCODE, QR_CODE])
    assert await state.on_frame(b"frame") is True
    assert state.checker.calls[0] == ("check_codes", (BARCODE, QR_CODE))
    assert state.screen is Screen.RESULT


async def test_the_codes_of_a_photo_go_to_the_checker_and_try_again_sends_them_again():
    unverified = CheckResult(Verdict.UNVERIFIED, ReasonCode.TIMEOUT, QrRef("t" * 24))
    state = _state(FakeChecker(unverified), codes=[QR_CODE, BARCODE])
    await state.check_image(b"photo")
    assert state.verdict is Verdict.UNVERIFIED
    await state.try_again()
    assert state.checker.calls == [("check_codes", (QR_CODE, BARCODE))] * 2


async def test_a_verdict_from_the_checker_is_shown_as_it_is():
    bad = CheckResult(Verdict.INVALID, ReasonCode.SUSPICIOUS_QR, None)
    state = _state(FakeChecker(bad), codes=[QR_CODE])
    await state.on_frame(b"frame")
    assert state.result is bad
    assert state.screen is Screen.RESULT


async def test_scan_next_clears_personal_data_and_ignores_the_same_code_for_a_moment():
    state = _state(codes=[QR_CODE])
    await state.on_frame(b"frame")
    await asyncio.sleep(0.01)  # let the photo task finish
    assert state.photo == b"jpeg"
    state.scan_next()
    assert (state.result, state.photo, state.screen) == (None, None, Screen.SCAN)
    assert await state.on_frame(b"same card still in view") is False
    assert len([c for c in state.checker.calls if c[0] != "photo"]) == 1


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_after_scan_next_every_code_of_the_last_card_is_quiet_and_said_so_until_away_1_s():
    from app.quiet_period import QuietPeriod

    clock = Clock()
    decoder = FakeDecoder([QR_CODE])  # the QR code is read and checked ...
    state = AppState(checker=FakeChecker(), decode=decoder, quiet=QuietPeriod(clock=clock))
    assert await state.on_frame(b"frame") is True
    state.scan_next()
    decoder.codes = [ScannedCode("123456785 10000001", "barcode")]  # ... then only its barcode
    clock.now += 0.5
    assert await state.on_frame(b"frame") is False  # same card number as the verdict's
    assert state.message == "trust.scan.same_card"
    decoder.codes = []
    clock.now += 0.2
    assert await state.on_frame(b"frame") is False
    assert state.message is None  # away: the note goes
    clock.now += 1.0
    await state.on_frame(b"frame")
    decoder.codes = [QR_CODE]
    assert await state.on_frame(b"frame") is True  # out of view for 1 s: a new check
    assert len([c for c in state.checker.calls if c[0] == "check_codes"]) == 2


async def test_the_last_card_left_in_view_is_checked_again_only_after_5_s():
    from app.quiet_period import QuietPeriod

    clock = Clock()
    state = AppState(checker=FakeChecker(), decode=FakeDecoder([QR_CODE]), quiet=QuietPeriod(clock=clock))
    assert await state.on_frame(b"frame") is True
    clock.now += 3.0  # the result is read for 3 s, then "scan next"
    state.scan_next()
    for _ in range(49):
        clock.now += 0.1
        assert await state.on_frame(b"frame") is False
    clock.now += 0.11
    assert await state.on_frame(b"frame") is True


async def test_try_again_repeats_the_last_check():
    unverified = CheckResult(Verdict.UNVERIFIED, ReasonCode.SERVER_ERROR, CardNumberRef("10000001"))
    state = _state(FakeChecker(unverified))
    state.set_manual_text("10000001")
    await state.check_manual()
    assert state.verdict is Verdict.UNVERIFIED
    state.checker.result = None
    await state.try_again()
    assert state.verdict is Verdict.VALID
    assert [c[0] for c in state.checker.calls] == ["check_text", "check_text"]


async def test_each_kind_of_input_is_a_typed_value_that_try_again_repeats():
    """Typed number, scanned codes and a chip ref are small frozen values (no tagged tuples), and
    "try again" asks the checker exactly as the first time; scanned QR tokens never show in a repr."""
    from app.state.check_input import GivenRef, ScannedCodes, TypedNumber

    unverified = CheckResult(Verdict.UNVERIFIED, ReasonCode.SERVER_ERROR, CardNumberRef("10000001"))
    qr = ScannedCode("https://hmskort.no/k/" + "t" * 24, "qr")
    cases = [
        (TypedNumber("10000001"), ("check_text", "10000001", "typed")),
        (ScannedCodes((qr,)), ("check_codes", (qr,))),
        (GivenRef(ChipRef("943AF063")), ("check", ChipRef("943AF063"))),
    ]
    for given, call in cases:
        state = _state(FakeChecker(unverified), codes=[qr])
        if isinstance(given, TypedNumber):
            state.set_manual_text(given.number)
            await state.check_manual()
        elif isinstance(given, ScannedCodes):
            await state.check_image(b"photo")
        else:
            await state.check_ref(given.ref)
        assert state._last_input == given
        await state.try_again()
        assert state.checker.calls[:2] == [call, call]
    assert "t" * 24 not in repr(ScannedCodes((qr,)))


async def test_a_chip_ref_is_checked_as_it_is():
    state = _state()
    await state.check_ref(ChipRef("943AF063"))
    assert state.checker.calls[0] == ("check", ChipRef("943AF063"))


async def test_live_scan_stops_and_reports_when_the_camera_fails():
    state = _state()
    state.set_camera(CameraStatus.LIVE)

    async def grab():
        raise RuntimeError("camera gone")

    await asyncio.wait_for(state.live_scan(grab, mirrored=True), timeout=5)
    assert state.camera is CameraStatus.FAILED
    assert "camera gone" in state.camera_detail


async def test_live_scan_checks_the_first_frame_with_a_code_and_then_stops_grabbing():
    state = _state(codes=[ScannedCode("10000001", "typed")])
    state.set_camera(CameraStatus.LIVE)
    grabs = 0

    async def grab():
        nonlocal grabs
        grabs += 1
        return b"frame"

    task = asyncio.ensure_future(state.live_scan(grab, mirrored=False, pause=0))
    for _ in range(200):
        if state.screen is Screen.RESULT:
            break
        await asyncio.sleep(0.01)
    grabs_at_result = grabs
    await asyncio.sleep(0.3)  # the loop idles while the result is shown
    state.set_camera(CameraStatus.OFF)
    await asyncio.wait_for(task, timeout=5)
    assert state.screen is Screen.RESULT
    assert grabs == grabs_at_result == 1
    assert len(state.checker.calls) == 1


async def test_a_card_on_the_reader_replaces_the_shown_result_and_keeps_why_chip_data_was_not_used():
    state = _state()
    state.set_manual_text("10000001")
    await state.check_manual()
    await state.on_chip(ChipRef("943AF063"), "wrong_key")
    assert state.checker.calls[-1] == ("check", ChipRef("943AF063"))
    assert state.chip_note == "nfc.data_error.wrong_key"
    assert state.screen is Screen.RESULT


async def test_a_card_on_the_reader_does_not_yank_the_settings_form_away():
    state = _state()
    state.open_settings()
    await state.on_chip(ChipRef("943AF063"))
    assert state.checker.calls == []
    assert state.screen is Screen.SETTINGS
    assert state.message == "ui.chip.ignored_in_settings"  # not lost silently: hold it again


def test_reader_state_is_kept_with_its_fix():
    state = _state()
    state.set_reader("PERMISSION_DENIED", "nfc.fix.udev.acr122u")
    assert (state.reader_state, state.reader_fix) == ("PERMISSION_DENIED", "nfc.fix.udev.acr122u")


class GatedChecker(FakeChecker):
    """Answers each card number only when the test opens its gate, so checks overlap."""

    def __init__(self) -> None:
        super().__init__()
        self.gates: dict[str, asyncio.Event] = {}

    def gate(self, text: str) -> asyncio.Event:
        return self.gates.setdefault(text, asyncio.Event())

    async def check_text(self, text, *, symbology=None):
        await self.gate(text).wait()
        return CheckResult(Verdict.VALID, None, CardNumberRef(text), _card(text, holder=True))

    async def photo(self, card_number):
        await self.gate("photo " + card_number).wait()
        return b"portrait of " + card_number.encode()


async def _until(condition) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("condition never became true")


async def test_a_check_overtaken_by_scan_next_is_discarded_and_the_next_typed_card_is_checked():
    checker = GatedChecker()
    state = _state(checker)
    state.set_manual_text("10000001")
    first = asyncio.ensure_future(state.check_manual())
    await _until(lambda: state.busy)
    state.scan_next()  # the result screen offers it while "try again" runs
    assert not state.busy  # so the next input is taken, not dropped
    state.set_manual_text("10000003")
    second = asyncio.ensure_future(state.check_manual())
    checker.gate("10000003").set()
    await second
    assert state.result.card.card_number == "10000003"
    checker.gate("10000001").set()
    await first  # the old check finishes last ...
    assert state.result.card.card_number == "10000003"  # ... and is not shown over the new one
    assert (state.screen, state.busy) == (Screen.RESULT, False)


async def test_new_input_overtakes_a_running_check_instead_of_being_dropped():
    checker = GatedChecker()
    state = _state(checker)
    state.set_manual_text("10000001")
    first = asyncio.ensure_future(state.check_manual())
    await _until(lambda: state.busy)
    state.set_manual_text("10000002")
    second = asyncio.ensure_future(state.check_manual())
    await _until(lambda: len(checker.gates) == 2)  # the second was sent, not swallowed by `busy`
    checker.gate("10000001").set()
    await first
    assert state.result is None and state.busy  # the overtaken answer is not shown; still checking
    checker.gate("10000002").set()
    await second
    assert state.result.card.card_number == "10000002" and not state.busy


async def test_the_portrait_of_a_result_left_behind_is_not_shown():
    checker = GatedChecker()
    checker.gate("10000001").set()
    state = _state(checker)
    state.set_manual_text("10000001")
    await state.check_manual()
    photo_task = state._photo_task
    state.scan_next()
    checker.gate("photo 10000001").set()
    await asyncio.gather(photo_task, return_exceptions=True)
    assert state.photo is None
    # and a portrait that arrives for the shown result still is shown
    state.set_manual_text("10000001")
    await state.check_manual()
    await _until(lambda: state.photo is not None)
    assert state.photo == b"portrait of 10000001"


async def test_new_settings_clear_the_shown_result_and_drop_a_running_check():
    checker = GatedChecker()
    checker.gate("10000001").set()
    state = _state(checker)
    state.sandbox = True
    state.set_manual_text("10000001")
    await state.check_manual()
    checker.gates.clear()
    running = asyncio.ensure_future(state.try_again())
    await _until(lambda: "10000001" in checker.gates)
    state.open_settings()
    state.settings_applied(sandbox=False)
    assert (state.result, state.photo, state.chip_note, state.busy) == (None, None, None, False)
    assert state.screen is Screen.SETTINGS  # the form stays until the user goes back
    state.close_settings()
    assert state.screen is Screen.SCAN  # not the sandbox's green result under no banner
    checker.gate("10000001").set()
    await running
    assert state.result is None and state.screen is Screen.SCAN


async def test_a_typed_result_after_a_chip_read_does_not_say_the_chip_data_was_unreadable():
    state = _state()
    await state.on_chip(ChipRef("891FEEE6"), "bad_crc")
    assert state.chip_note == "nfc.data_error.bad_crc"
    await state.try_again()  # the same chip again: the note still explains it
    assert state.chip_note == "nfc.data_error.bad_crc"
    state.scan_next()
    assert state.chip_note is None
    await state.on_chip(ChipRef("891FEEE6"), "bad_crc")
    state.set_language("en")
    state.scan_next()
    state.set_manual_text("10000007")
    await state.check_manual()
    assert state.verdict is Verdict.VALID and state.chip_note is None


async def test_the_state_repr_holds_no_portrait_typed_text_or_holder_data():
    state = _state()
    state.set_manual_text("10000001")
    await state.check_manual()
    state.result = CheckResult(Verdict.VALID, None, CardNumberRef("10000001"), _card(holder=True))
    state.photo = b"\xff\xd8\xffPORTRAIT"
    state.set_manual_text("Ola Testmann 10000001")
    text = repr(state)
    for personal in ("PORTRAIT", "Ola", "Testmann", "1985", "10000001"):
        assert personal not in text, personal
    assert "screen=" in text  # still a useful repr
