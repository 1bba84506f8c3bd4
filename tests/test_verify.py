"""`verify`, `check_text` and `check_codes` with hand-written fake ports: every failure ends as a verdict,
never valid; the codes of one card image are checked QR first, with the barcode beside it as cross-check."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime

import pytest

from app.errors import CardNotFound, InvalidIdentifier, RequestRejected, StatusUnavailable
from app.model import (
    BarcodeRef,
    Card,
    CardNumberRef,
    CardStatus,
    Category,
    ChipData,
    ChipRef,
    Employer,
    Finding,
    Holder,
    QrRef,
    ReasonCode,
    ScannedCode,
    StatusReason,
    Verdict,
    WarningCode,
)
from app.services.verify import check_codes, check_text, verify
from sandbox.reference_cards import BY_NUMBER, REFERENCE_CARDS

TODAY = date(2026, 5, 4)


def reference_card(number: str, *, with_holder: bool = False) -> Card:
    ref = BY_NUMBER[number]
    return Card(
        card_number=ref.card_number,
        category=Category(ref.category),
        status=CardStatus(ref.status),
        reason=StatusReason(ref.reason) if ref.reason else None,
        valid_from=ref.valid_from(TODAY),
        valid_to=ref.valid_to(TODAY),
        employer=Employer(ref.org_number, ref.employer_name),
        checked_at=datetime(2026, 5, 4, 8, tzinfo=UTC),
        holder=Holder(ref.first_name, ref.last_name, ref.birth_date, True) if with_holder else None,
    )


class FakeStatus:
    """The reference cards, looked up like the status API; or a fixed failure for every call."""

    def __init__(self, fail: BaseException | None = None, answer: object = None) -> None:
        self.fail = fail
        self.answer = answer
        self.calls: list[tuple[str, str]] = []
        self.answered = asyncio.Event()

    async def _answer(self, call: str, key: str, number: str | None) -> Card:
        self.calls.append((call, key))
        await asyncio.sleep(0)
        self.answered.set()
        if self.fail is not None:
            raise self.fail
        if self.answer is not None:
            return self.answer  # type: ignore[return-value]
        if number is None:
            raise CardNotFound(f"{call}: no such card")
        return reference_card(number, with_holder=call != "get_card")

    async def get_card(self, card_number: str) -> Card:
        return await self._answer("get_card", card_number, card_number if card_number in BY_NUMBER else None)

    async def lookup_qr(self, token: str) -> Card:
        number = next((c.card_number for c in REFERENCE_CARDS if c.qr_token == token), None)
        return await self._answer("lookup_qr", token, number)

    async def lookup_chip(self, chip_code: str) -> Card:
        number = next((c.card_number for c in REFERENCE_CARDS if c.chip_code == chip_code), None)
        return await self._answer("lookup_chip", chip_code, number)

    async def get_photo(self, card_number: str) -> bytes:
        raise CardNotFound("no photo in the fake")


class FakeEmployers:
    """Cross-checks from a table; records the calls and when they started relative to the lookup."""

    def __init__(self, table=None, *, related=None, fail: BaseException | None = None, status=None):
        self.table: dict[str, tuple[Finding, ...]] = table or {}
        self.related_answer = related
        self.fail = fail
        self.status = status
        self.calls: list[tuple[str, str]] = []
        self.started_before_answer: list[bool] = []
        self.related_calls: list[tuple[str, str]] = []

    async def findings(self, org_number: str, category: str) -> tuple[Finding, ...]:
        self.calls.append((org_number, str(category)))
        if self.status is not None:
            self.started_before_answer.append(not self.status.answered.is_set())
        await asyncio.sleep(0)
        if self.fail is not None:
            raise self.fail
        return self.table.get(org_number, ())

    async def related(self, org_a: str, org_b: str) -> bool | None:
        self.related_calls.append((org_a, org_b))
        if self.fail is not None:
            raise self.fail
        return self.related_answer


BANKRUPT = Finding(WarningCode.EMPLOYER_BANKRUPT, (("who", "Konkursbo Bygg AS (184950618)"),))

# --- the reference cards --------------------------------------------------------------------------

EXPECTED = {
    "10000001": (Verdict.VALID, None),
    "10000002": (Verdict.VALID_WITH_WARNINGS, None),  # expires in 10 days
    "10000003": (Verdict.INVALID, "ARBEIDSFORHOLD_OPPHORT"),
    "10000004": (Verdict.INVALID, "TAPT"),
    "10000005": (Verdict.INVALID, "UTLOPT"),
    "10000006": (Verdict.INVALID, "REGISTERKRAV_IKKE_OPPFYLT"),
    "10000007": (Verdict.VALID, None),
}


@pytest.mark.parametrize(("number", "expected"), EXPECTED.items())
async def test_reference_cards_by_number_qr_and_chip(number, expected):
    card = BY_NUMBER[number]
    for ref in (CardNumberRef(number), QrRef(card.qr_token), ChipRef(card.chip_code)):
        result = await verify(ref, status=FakeStatus(), today=TODAY)
        assert (result.verdict, result.reason) == expected, ref
        assert result.ref == ref
        assert result.card.card_number == number


async def test_unknown_card_is_invalid_card_not_found():
    result = await verify(CardNumberRef("99999999"), status=FakeStatus(), today=TODAY)
    assert (result.verdict, result.reason) == (Verdict.INVALID, "CARD_NOT_FOUND")
    assert result.card is None


async def test_employer_findings_turn_a_valid_card_into_valid_with_warnings():
    status = FakeStatus()
    employers = FakeEmployers({"184950618": (BANKRUPT,)}, status=status)
    result = await verify(CardNumberRef("10000009"), status=status, today=TODAY, employers=employers)
    assert result.verdict is Verdict.VALID_WITH_WARNINGS
    assert result.findings == (BANKRUPT,)
    assert employers.calls == [("184950618", "BYGG")]


async def test_cross_check_note_leaves_the_card_valid():
    note = Finding(
        WarningCode.CROSSCHECK_UNAVAILABLE, (("org", "123456785"), ("register", "Enhetsregisteret"))
    )
    result = await verify(
        CardNumberRef("10000001"),
        status=FakeStatus(),
        today=TODAY,
        employers=FakeEmployers({"123456785": (note,)}),
    )
    assert result.verdict is Verdict.VALID
    assert result.notes == (note,)


async def test_employer_port_that_raises_becomes_a_note_not_a_crash():
    result = await verify(
        CardNumberRef("10000001"),
        status=FakeStatus(),
        today=TODAY,
        employers=FakeEmployers(fail=RuntimeError("x")),
    )
    assert result.verdict is Verdict.VALID
    assert [f.code for f in result.findings] == [WarningCode.CROSSCHECK_UNAVAILABLE]
    assert result.findings[0].param("org") == "123456785"


async def test_cross_check_uses_the_category_from_the_answer():
    employers = FakeEmployers()
    await verify(QrRef(BY_NUMBER["10000008"].qr_token), status=FakeStatus(), today=TODAY, employers=employers)
    assert employers.calls == [("173849508", "RENHOLD")]


async def test_barcode_cross_check_starts_before_the_status_answer():
    status = FakeStatus()
    employers = FakeEmployers({"184950618": (BANKRUPT,)}, status=status)
    result = await verify(
        BarcodeRef("184950618", "10000009"), status=status, today=TODAY, employers=employers
    )
    assert employers.started_before_answer == [True]
    assert len(employers.calls) == 1
    assert result.findings == (BANKRUPT,)


async def test_barcode_for_a_cleaning_card_asks_again_with_its_category():
    employers = FakeEmployers()
    await verify(BarcodeRef("173849508", "10000008"), status=FakeStatus(), today=TODAY, employers=employers)
    assert employers.calls[-1] == ("173849508", "RENHOLD")


async def test_failed_lookup_cancels_the_early_cross_check_and_is_unverified():
    status = FakeStatus(fail=StatusUnavailable(ReasonCode.TIMEOUT, "timed out"))
    result = await verify(
        BarcodeRef("123456785", "10000001"), status=status, today=TODAY, employers=FakeEmployers()
    )
    assert (result.verdict, result.reason) == (Verdict.UNVERIFIED, "TIMEOUT")


async def test_barcode_with_another_employer_warns_unless_related():
    ref = BarcodeRef("135792462", "10000001")
    employers = FakeEmployers(related=False)
    result = await verify(ref, status=FakeStatus(), today=TODAY, employers=employers)
    assert result.verdict is Verdict.VALID_WITH_WARNINGS
    assert [f.code for f in result.findings] == [WarningCode.EMPLOYER_MISMATCH]
    assert employers.related_calls == [("135792462", "123456785")]
    # the cross-check is about the registry's employer, not the printed one
    assert employers.calls[-1] == ("123456785", "BYGG")

    related = await verify(ref, status=FakeStatus(), today=TODAY, employers=FakeEmployers(related=True))
    assert related.verdict is Verdict.VALID


async def test_barcode_beside_a_qr_code_with_another_card_number_makes_it_invalid():
    qr = QrRef(BY_NUMBER["10000001"].qr_token)
    result = await verify(qr, status=FakeStatus(), today=TODAY, barcode=BarcodeRef("123456785", "10000002"))
    assert (result.verdict, result.reason) == (Verdict.INVALID, "CODES_DISAGREE")
    assert [f.code for f in result.findings] == [WarningCode.CARD_NUMBER_MISMATCH]


async def test_barcode_beside_a_qr_code_that_agrees_adds_nothing():
    qr = QrRef(BY_NUMBER["10000001"].qr_token)
    result = await verify(qr, status=FakeStatus(), today=TODAY, barcode=BarcodeRef("123456785", "10000001"))
    assert result.verdict is Verdict.VALID


async def test_chip_data_that_disagrees_warns():
    ref = ChipRef("891FEEE6", ChipData(card_number="10000001", last_name="Annen", valid_to=TODAY))
    result = await verify(ref, status=FakeStatus(), today=TODAY)
    assert result.verdict is Verdict.VALID_WITH_WARNINGS
    assert [f.param("field") for f in result.findings] == ["name", "valid_to"]


# --- failures ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason", ["NETWORK", "TIMEOUT", "SERVER_ERROR", "RATE_LIMITED", "AUTH_FAILED", "BAD_RESPONSE"]
)
async def test_status_unavailable_is_unverified_with_its_reason(reason):
    status = FakeStatus(fail=StatusUnavailable(ReasonCode(reason), "could not confirm"))
    result = await verify(CardNumberRef("10000001"), status=status, today=TODAY)
    assert (result.verdict, result.reason) == (Verdict.UNVERIFIED, reason)
    assert result.card is None


@pytest.mark.parametrize(
    ("rejected_as", "verdict", "reason"),
    [
        (ReasonCode.INVALID_CARD_NUMBER, Verdict.INVALID, "INVALID_CARD_NUMBER"),
        (ReasonCode.UNRECOGNISED_CODE, Verdict.INVALID, "UNRECOGNISED_CODE"),
        # a port that rejects with a reason that says nothing about the code sent: no red
        (ReasonCode.EXPIRED, Verdict.UNVERIFIED, "BAD_RESPONSE"),
    ],
)
async def test_request_rejected_ends_as_its_reason(rejected_as, verdict, reason):
    status = FakeStatus(fail=RequestRejected(rejected_as, "400"))
    result = await verify(QrRef("x" * 16), status=status, today=TODAY)
    assert (result.verdict, result.reason) == (verdict, reason)


# An answer that does not hang together never reaches verify: the client's parser turns it into
# StatusUnavailable(BAD_RESPONSE) (tests/test_client_parsing.py). What a broken port may still hand in:
BAD_ANSWERS = [
    None,
    {"cardNumber": "10000001", "status": "GYLDIG"},  # raw JSON where a Card was promised
]


@pytest.mark.parametrize("answer", BAD_ANSWERS)
async def test_answers_that_are_not_cards_are_unverified_bad_response(answer):
    status = FakeStatus(answer=answer) if answer is not None else FakeStatus(answer=object())
    result = await verify(CardNumberRef("10000001"), status=status, today=TODAY)
    assert (result.verdict, result.reason) == (Verdict.UNVERIFIED, "BAD_RESPONSE")


PORT_FAILURES: list[BaseException] = [
    CardNotFound("404"),
    *(RequestRejected(reason, "400") for reason in ReasonCode),  # even reasons that make no sense here
    *(StatusUnavailable(reason, "x") for reason in ReasonCode),  # even reasons that make no sense here
    InvalidIdentifier("a payload error from a port"),
    RuntimeError("bug"),
    ValueError("bad json"),
    KeyError("cardNumber"),
    TypeError("None is not subscriptable"),
    OSError("connection reset"),
    TimeoutError(),
    ZeroDivisionError(),
    UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"),
    RecursionError(),
]


@pytest.mark.parametrize("failure", PORT_FAILURES, ids=lambda e: type(e).__name__ + ":" + str(e)[:20])
@pytest.mark.parametrize(
    "ref",
    [
        CardNumberRef("10000001"),
        QrRef(BY_NUMBER["10000001"].qr_token),
        ChipRef("891FEEE6"),
        BarcodeRef("123456785", "10000001"),
    ],
    ids=lambda r: r.kind,
)
async def test_no_port_failure_ever_ends_as_valid(failure, ref):
    result = await verify(
        ref, status=FakeStatus(fail=failure), today=TODAY, employers=FakeEmployers(fail=failure)
    )
    assert result.verdict in (Verdict.INVALID, Verdict.UNVERIFIED)
    assert result.reason
    assert result.ref == ref


async def test_employer_port_failures_never_make_an_invalid_card_valid():
    for failure in PORT_FAILURES:
        result = await verify(
            CardNumberRef("10000004"), status=FakeStatus(), today=TODAY, employers=FakeEmployers(fail=failure)
        )
        assert (result.verdict, result.reason) == (Verdict.INVALID, "TAPT")


async def test_cancellation_is_not_swallowed():
    class Hanging(FakeStatus):
        async def get_card(self, card_number: str) -> Card:
            await asyncio.Event().wait()
            raise AssertionError("unreachable")

    task = asyncio.ensure_future(verify(CardNumberRef("10000001"), status=Hanging(), today=TODAY))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


# --- check_text ----------------------------------------------------------------------------------


async def test_check_text_verifies_a_reference_qr_code():
    status = FakeStatus()
    result = await check_text(BY_NUMBER["10000004"].qr_text, symbology="qr", status=status, today=TODAY)
    assert (result.verdict, result.reason) == (Verdict.INVALID, "TAPT")
    assert status.calls == [("lookup_qr", BY_NUMBER["10000004"].qr_token)]


@pytest.mark.parametrize(
    ("text", "symbology", "reason"),
    [
        ("https://evil.com/k/c2LufYNuydk9sgEWl2agE4aE", "qr", "SUSPICIOUS_QR"),
        ("hello", None, "UNRECOGNISED_CODE"),
        ("1234567", "typed", "INVALID_CARD_NUMBER"),
        ("12345678910000001", "barcode", "INVALID_CARD_NUMBER"),
    ],
)
async def test_check_text_rejects_bad_payloads_without_a_lookup(text, symbology, reason):
    status = FakeStatus()
    result = await check_text(text, symbology=symbology, status=status, today=TODAY)
    assert (result.verdict, result.reason, result.ref) == (Verdict.INVALID, reason, None)
    assert result.detail
    assert status.calls == []


async def test_check_text_names_the_exact_problem_for_the_screen():
    result = await check_text(
        "https://evil.com/k/c2LufYNuydk9sgEWl2agE4aE", symbology="qr", status=FakeStatus(), today=TODAY
    )
    assert result.problem == "other_host"
    assert dict(result.problem_params)["host"] == "evil.com"


async def test_check_text_passes_the_qr_host_setting():
    text = f"https://kort.example.no/k/{BY_NUMBER['10000001'].qr_token}"
    result = await check_text(text, qr_hosts=["kort.example.no"], status=FakeStatus(), today=TODAY)
    assert result.verdict is Verdict.VALID


# --- check_codes: the codes found in one image of a card -------------------------------------------

CARD1 = BY_NUMBER["10000001"]
QR1 = ScannedCode(CARD1.qr_text, "qr")
BAR1 = ScannedCode(CARD1.barcode_text, "barcode")
#: the user-info trick: reads as hmskort.no, goes to evil.example (contract §2)
HOSTILE_QR = ScannedCode("https://hmskort.no@evil.example/k/TCEe6OQxLdU-ZOxyR2MwqIZu", "qr")


@pytest.mark.parametrize("codes", [(QR1, BAR1), (BAR1, QR1)], ids=["qr_first", "barcode_first"])
async def test_check_codes_looks_up_the_qr_code_with_the_barcode_beside_it_as_cross_check(codes):
    status, employers = FakeStatus(), FakeEmployers(related=False)
    result = await check_codes(codes, status=status, today=TODAY, employers=employers)
    assert (result.verdict, result.findings) == (Verdict.VALID, ())
    assert result.ref == QrRef(CARD1.qr_token)
    assert status.calls == [("lookup_qr", CARD1.qr_token)]  # one lookup, by the QR code
    assert employers.related_calls == []  # the printed employer is the registered one


async def test_check_codes_is_invalid_when_the_barcode_beside_the_qr_names_another_card():
    other = ScannedCode(BY_NUMBER["10000002"].barcode_text, "barcode")  # same employer, card 10000002
    result = await check_codes([QR1, other], status=FakeStatus(), today=TODAY)
    assert (result.verdict, result.reason) == (Verdict.INVALID, "CODES_DISAGREE")
    assert [f.code for f in result.findings] == [WarningCode.CARD_NUMBER_MISMATCH]
    assert result.card.card_number == "10000001"  # the QR code decides which card is shown


async def test_check_codes_warns_when_the_barcode_beside_the_qr_names_an_unrelated_employer():
    foreign = ScannedCode(f"135792462{CARD1.card_number}", "barcode")
    employers = FakeEmployers(related=False)
    result = await check_codes([QR1, foreign], status=FakeStatus(), today=TODAY, employers=employers)
    assert [f.code for f in result.findings] == [WarningCode.EMPLOYER_MISMATCH]
    assert employers.related_calls == [("135792462", CARD1.org_number)]


@pytest.mark.parametrize(
    "text",
    [
        "12345678010000001",  # the org number fails MOD11
        "hello",
        "10000001",  # a card number alone: a printed barcode always holds the org number too
        BY_NUMBER["10000004"].qr_text,  # an address is not a barcode's content
    ],
)
async def test_check_codes_drops_a_barcode_beside_the_qr_that_does_not_parse(text):
    status = FakeStatus()
    result = await check_codes([QR1, ScannedCode(text, "barcode")], status=status, today=TODAY)
    alone = await check_codes([QR1], status=FakeStatus(), today=TODAY)
    assert (result.verdict, result.reason, result.findings) == (Verdict.VALID, None, ())
    assert (result.verdict, result.ref, result.card) == (alone.verdict, alone.ref, alone.card)
    assert status.calls == [("lookup_qr", CARD1.qr_token)]


@pytest.mark.parametrize(
    ("qr", "reason", "problem"),
    [
        (HOSTILE_QR, "SUSPICIOUS_QR", "user_info"),
        (ScannedCode("https://evil.com/k/c2LufYNuydk9sgEWl2agE4aE", "qr"), "SUSPICIOUS_QR", "other_host"),
        (ScannedCode("WIFI:S:site;T:WPA;P:secret;;", "qr"), "UNRECOGNISED_CODE", "not_a_url"),
    ],
    ids=["user_info", "other_host", "not_a_url"],
)
async def test_check_codes_gives_a_qr_that_is_not_a_card_qr_the_invalid_verdict_without_any_lookup(
    qr, reason, problem
):
    # The barcode beside it is a good one: it must not be looked up in the forged QR code's place.
    status, employers = FakeStatus(), FakeEmployers()
    result = await check_codes([qr, BAR1], status=status, today=TODAY, employers=employers)
    assert (result.verdict, result.reason, result.ref, result.problem) == (
        Verdict.INVALID,
        reason,
        None,
        problem,
    )
    assert status.calls == [] and employers.calls == [] and employers.related_calls == []


async def test_check_codes_checks_a_lone_qr_code_on_its_own():
    status = FakeStatus()
    result = await check_codes([ScannedCode(BY_NUMBER["10000004"].qr_text, "qr")], status=status, today=TODAY)
    assert (result.verdict, result.reason) == (Verdict.INVALID, "TAPT")
    assert status.calls == [("lookup_qr", BY_NUMBER["10000004"].qr_token)]


async def test_check_codes_checks_a_lone_barcode_on_its_own():
    status, employers = FakeStatus(), FakeEmployers()
    result = await check_codes([BAR1], status=status, today=TODAY, employers=employers)
    assert (result.verdict, result.ref) == (Verdict.VALID, BarcodeRef(CARD1.org_number, CARD1.card_number))
    assert status.calls == [("get_card", CARD1.card_number)]
    assert employers.calls[0] == (CARD1.org_number, "")  # the printed employer is cross-checked early


async def test_check_codes_checks_a_lone_typed_looking_code_by_its_own_symbology():
    status = FakeStatus()
    typed = await check_codes([ScannedCode("1000 0004", "typed")], status=status, today=TODAY)
    assert (typed.verdict, typed.reason, typed.ref) == (Verdict.INVALID, "TAPT", CardNumberRef("10000004"))
    assert status.calls == [("get_card", "10000004")]
    # The same digits as a barcode are not a card's barcode (no org number): no lookup.
    as_barcode = await check_codes([ScannedCode("10000004", "barcode")], status=status, today=TODAY)
    assert (as_barcode.verdict, as_barcode.reason, as_barcode.ref) == (
        Verdict.INVALID,
        "UNRECOGNISED_CODE",
        None,
    )
    assert as_barcode.problem == "barcode_format"
    assert len(status.calls) == 1


async def test_check_codes_with_no_codes_is_invalid_unrecognised_without_a_lookup():
    status = FakeStatus()
    result = await check_codes([], status=status, today=TODAY)
    assert (result.verdict, result.reason, result.ref) == (Verdict.INVALID, "UNRECOGNISED_CODE", None)
    assert result.detail
    assert status.calls == []


async def test_check_codes_uses_the_qr_hosts_given_even_as_a_one_pass_iterator():
    moved = ScannedCode(f"https://kort.example.no/k/{CARD1.qr_token}", "qr")
    other = ScannedCode(BY_NUMBER["10000002"].barcode_text, "barcode")
    result = await check_codes(
        [moved, other], qr_hosts=iter(["kort.example.no"]), status=FakeStatus(), today=TODAY
    )
    assert result.ref == QrRef(CARD1.qr_token)
    assert [f.code for f in result.findings] == [WarningCode.CARD_NUMBER_MISMATCH]
    default_hosts = await check_codes([moved, BAR1], status=FakeStatus(), today=TODAY)
    assert (default_hosts.verdict, default_hosts.reason) == (Verdict.INVALID, "SUSPICIOUS_QR")


async def test_check_codes_never_turns_a_failed_lookup_into_valid():
    status = FakeStatus(fail=StatusUnavailable(ReasonCode.TIMEOUT, "timed out"))
    result = await check_codes([QR1, BAR1], status=status, today=TODAY)
    assert (result.verdict, result.reason, result.ref) == (
        Verdict.UNVERIFIED,
        "TIMEOUT",
        QrRef(CARD1.qr_token),
    )
