"""Verdict rules (contract §4) and the barcode / chip cross-checks, on hand-built cards."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.model import (
    BarcodeRef,
    Card,
    CardNumberRef,
    CardStatus,
    Category,
    ChipData,
    Employer,
    Finding,
    Holder,
    ReasonCode,
    StatusReason,
    Verdict,
    WarningCode,
)
from app.rules import (
    EXPIRES_SOON_DAYS,
    barcode_findings,
    chip_findings,
    judge,
)

TODAY = date(2026, 5, 4)
EMPLOYER = Employer("123456785", "Eksempel Bygg AS")


def card(
    status=CardStatus.GYLDIG, reason=None, *, valid_to=TODAY + timedelta(days=400), valid_from=None, **kw
) -> Card:
    return Card(
        card_number=kw.pop("card_number", "10000001"),
        category=Category.BYGG,
        status=status,
        reason=reason,
        valid_from=valid_from or valid_to - timedelta(days=730),
        valid_to=valid_to,
        employer=kw.pop("employer", EMPLOYER),
        checked_at=datetime(2026, 5, 4, 8, 0, tzinfo=UTC),
        holder=kw.pop("holder", None),
    )


BANKRUPT = Finding(WarningCode.EMPLOYER_BANKRUPT)
NOTE = Finding(WarningCode.CROSSCHECK_UNAVAILABLE, (("register", "renhold"),))


def test_gyldig_within_validity_and_no_warnings_is_valid():
    result = judge(card(), today=TODAY, ref=CardNumberRef("10000001"))
    assert result.verdict is Verdict.VALID
    assert result.reason is None
    assert result.findings == ()
    assert result.ref == CardNumberRef("10000001")
    assert result.card == card()


def test_gyldig_on_its_last_day_is_still_valid_but_expires_soon():
    result = judge(card(valid_to=TODAY), today=TODAY)
    assert result.verdict is Verdict.VALID_WITH_WARNINGS
    assert result.findings == (Finding(WarningCode.EXPIRES_SOON, (("days", "0"), ("date", "2026-05-04"))),)


@pytest.mark.parametrize(
    ("days_left", "warned"),
    [(EXPIRES_SOON_DAYS, True), (EXPIRES_SOON_DAYS + 1, False), (10, True), (1, True)],
)
def test_expires_soon_boundary_is_thirty_days(days_left, warned):
    result = judge(card(valid_to=TODAY + timedelta(days=days_left)), today=TODAY)
    assert (result.verdict is Verdict.VALID_WITH_WARNINGS) is warned
    if warned:
        assert result.findings[0].param("days") == str(days_left)


def test_gyldig_but_valid_to_passed_is_invalid_expired():
    result = judge(card(valid_to=TODAY - timedelta(days=1)), today=TODAY)
    assert result.verdict is Verdict.INVALID
    assert result.reason == "EXPIRED"
    assert "2026-05-03" in result.detail


def test_a_barcode_naming_another_card_makes_a_valid_card_invalid():
    mismatch = barcode_findings(BarcodeRef("123456785", "10000004"), card())
    result = judge(card(), today=TODAY, findings=mismatch)
    assert (result.verdict, result.reason) == (Verdict.INVALID, ReasonCode.CODES_DISAGREE)
    assert [f.code for f in result.findings] == [WarningCode.CARD_NUMBER_MISMATCH]


def test_gyldig_but_not_yet_valid_is_invalid_not_valid():
    result = judge(
        card(valid_from=TODAY + timedelta(days=1), valid_to=TODAY + timedelta(days=700)), today=TODAY
    )
    assert result.verdict is Verdict.INVALID
    assert result.reason == ReasonCode.NOT_YET_VALID


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (CardStatus.UGYLDIG, StatusReason.ARBEIDSFORHOLD_OPPHORT),
        (CardStatus.UGYLDIG, StatusReason.REGISTERKRAV_IKKE_OPPFYLT),
        (CardStatus.UGYLDIG, StatusReason.DNUMMER_INAKTIVT),
        (CardStatus.SPERRET, StatusReason.TAPT),
        (CardStatus.SPERRET, StatusReason.STJALET),
        (CardStatus.SPERRET, StatusReason.UTLOPT),
        (CardStatus.SPERRET, StatusReason.INNDRATT),
    ],
)
def test_ugyldig_and_sperret_are_invalid_with_the_status_reason(status, reason):
    result = judge(card(status, reason), today=TODAY, findings=(BANKRUPT,))
    assert result.verdict is Verdict.INVALID
    assert result.reason == reason.value
    assert result.findings == (BANKRUPT,)  # kept for display; the verdict stays invalid


def test_blocked_card_that_also_expired_reports_the_block_not_the_expiry():
    result = judge(
        card(CardStatus.SPERRET, StatusReason.UTLOPT, valid_to=TODAY - timedelta(days=5)), today=TODAY
    )
    assert result.reason == "UTLOPT"


def test_any_warning_makes_a_valid_card_valid_with_warnings():
    for code in set(WarningCode) - {WarningCode.CARD_NUMBER_MISMATCH}:
        finding = Finding(code)
        result = judge(card(), today=TODAY, findings=(finding,))
        expected = Verdict.VALID if finding.is_note else Verdict.VALID_WITH_WARNINGS
        assert result.verdict is expected, code


def test_notes_never_change_the_verdict():
    result = judge(card(), today=TODAY, findings=(NOTE,))
    assert result.verdict is Verdict.VALID
    assert result.notes == (NOTE,)
    assert result.warnings == ()


def test_duplicate_findings_are_kept_once_and_expiry_comes_first():
    result = judge(card(valid_to=TODAY + timedelta(days=3)), today=TODAY, findings=(BANKRUPT, BANKRUPT, NOTE))
    assert [f.code for f in result.findings] == [
        WarningCode.EXPIRES_SOON,
        WarningCode.EMPLOYER_BANKRUPT,
        WarningCode.CROSSCHECK_UNAVAILABLE,
    ]


def test_statuses_given_as_plain_strings_are_judged_the_same():
    assert judge(card("SPERRET", "TAPT"), today=TODAY).reason == "TAPT"
    assert judge(card("GYLDIG", None), today=TODAY).verdict is Verdict.VALID


# --- barcode cross-check -------------------------------------------------------------------------


def test_barcode_that_matches_gives_no_findings():
    assert barcode_findings(BarcodeRef("123456785", "10000001"), card(), related=None) == ()


def test_barcode_with_another_card_number_warns():
    (finding,) = barcode_findings(BarcodeRef("123456785", "10000002"), card())
    assert finding.code is WarningCode.CARD_NUMBER_MISMATCH
    assert finding.param("printed") == "10000002"
    assert finding.param("registry") == "10000001"


def test_barcode_employer_that_is_a_related_unit_does_not_warn():
    assert barcode_findings(BarcodeRef("135792462", "10000001"), card(), related=True) == ()


@pytest.mark.parametrize(("related", "shown"), [(False, "no"), (None, "unknown")])
def test_barcode_employer_that_differs_warns_unless_known_related(related, shown):
    (finding,) = barcode_findings(BarcodeRef("135792462", "10000001"), card(), related=related)
    assert finding.code is WarningCode.EMPLOYER_MISMATCH
    assert dict(finding.params) == {
        "printed": "135792462",
        "registry": "123456785",
        "name": "Eksempel Bygg AS",
        "related": shown,
    }
    assert judge(card(), today=TODAY, findings=(finding,)).verdict is Verdict.VALID_WITH_WARNINGS


# --- chip cross-check ----------------------------------------------------------------------------

HOLDER = Holder("Ola", "Testmann", date(1985, 3, 14), True)


def chip(**kw) -> ChipData:
    base = {
        "card_number": "10000001",
        "last_name": "Testmann",
        "first_names": "Ola",
        "employer_org_number": "123456785",
        "employer_name": "Eksempel Bygg AS",
        "valid_from": TODAY + timedelta(days=400) - timedelta(days=730),
        "valid_to": TODAY + timedelta(days=400),
        "category": "BYGG",
        "marker": "SANDBOX - NOT BRANSJEKODING",
    }
    return ChipData(**(base | kw))


def test_chip_that_agrees_gives_no_findings():
    assert chip_findings(chip(), card(holder=HOLDER)) == ()
    assert chip_findings(chip(first_names="  ola ", last_name="TESTMANN"), card(holder=HOLDER)) == ()


def test_empty_chip_data_gives_no_findings():
    assert chip_findings(ChipData(), card(holder=HOLDER)) == ()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"card_number": "10000009"}, "card_number"),
        ({"first_names": "Kari"}, "name"),
        ({"last_name": "Prøve"}, "name"),
        ({"employer_org_number": "135792462"}, "employer"),
        ({"employer_org_number": None, "employer_name": "Annet Firma AS"}, "employer"),
        ({"valid_to": TODAY + timedelta(days=3)}, "valid_to"),
    ],
)
def test_chip_mismatch_names_the_field(changes, field):
    (finding,) = chip_findings(chip(**changes), card(holder=HOLDER))
    assert finding.code is WarningCode.CHIP_MISMATCH
    assert finding.param("field") == field


def test_chip_name_mismatch_keeps_names_out_of_the_finding():
    (finding,) = chip_findings(chip(first_names="Kari"), card(holder=HOLDER))
    assert finding.params == (("field", "name"),)


def test_chip_names_are_not_compared_when_the_answer_has_no_holder():
    assert chip_findings(chip(first_names="Kari"), card()) == ()


def test_several_chip_mismatches_give_one_finding_each():
    findings = chip_findings(chip(card_number="10000009", valid_to=TODAY), card(holder=HOLDER))
    assert [f.param("field") for f in findings] == ["card_number", "valid_to"]
