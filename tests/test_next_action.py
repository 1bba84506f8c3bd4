"""The next-action table (issue 12): every reason and warning has a step, the role decides whether the
card may be taken in, a typed number says there is no photo, "not found" echoes the number; the worker
texts exist in every worker language; the screen no longer says "Ugyldig" twice."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, timedelta

import pytest

from app.i18n import CATALOGUE, t
from app.i18n.worker import WORKER_LANGUAGES
from app.model import (
    BarcodeRef,
    Card,
    CardNumberRef,
    CardStatus,
    Category,
    CheckResult,
    Employer,
    Finding,
    Holder,
    QrRef,
    ReasonCode,
    StatusReason,
    Verdict,
    WarningCode,
)
from app.next_action import (
    MAY_TAKE_IN,
    NEXT_ACTIONS,
    InspectorRole,
    is_reportable,
    next_steps,
    rule_for,
)
from app.rules import judge
from app.services.messages import reason_text

TODAY = date(2026, 5, 4)
UNVERIFIED_REASONS = {
    ReasonCode.NETWORK,
    ReasonCode.TIMEOUT,
    ReasonCode.SERVER_ERROR,
    ReasonCode.RATE_LIMITED,
    ReasonCode.AUTH_FAILED,
    ReasonCode.BAD_RESPONSE,
    ReasonCode.LOOKUP_LIMIT,  # served mode's per-user limit (issue 13): no lookup was made
    ReasonCode.LIMIT_UNAVAILABLE,  # ... whose shared store cannot be used: no lookup was made
}
INVALID_REASONS = [*StatusReason, *(r for r in ReasonCode if r not in UNVERIFIED_REASONS)]


def card(status=CardStatus.GYLDIG, reason=None, days=400, holder=None) -> Card:
    valid_to = TODAY + timedelta(days=days)
    return Card(
        "10000004",
        Category.BYGG,
        status,
        reason,
        valid_to - timedelta(days=730),
        valid_to,
        Employer("123456785", "Eksempel Bygg AS"),
        datetime(2026, 5, 4, 8, tzinfo=UTC),
        holder,
    )


def texts(result, role, lang="nb") -> list[str]:
    return [t(s.key, lang, **dict(s.params)) for s in next_steps(result, role)]


@pytest.mark.parametrize("reason", INVALID_REASONS)
def test_every_invalid_reason_has_its_own_row(reason):
    assert (Verdict.INVALID, reason) in NEXT_ACTIONS


@pytest.mark.parametrize("reason", sorted(UNVERIFIED_REASONS))
def test_every_unverified_reason_has_its_row_and_says_do_not_accept_yet(reason):
    rule = NEXT_ACTIONS[(Verdict.UNVERIFIED, reason)]
    assert "next.unverified" in rule.steps and not rule.stop
    assert "ikke godta" in t("next.unverified", "nb").lower()


def test_every_step_key_and_warning_key_is_worded_in_both_languages():
    keys = {k for rule in NEXT_ACTIONS.values() for k in rule.steps}
    keys |= {f"next.warning.{w}" for w in WarningCode}
    keys |= {"next.no_photo", "next.role.take_in", "next.role.deny_access", "next.CARD_NOT_FOUND_QR"}
    for lang in ("nb", "en"):
        missing = sorted(k for k in keys if k not in CATALOGUE[lang])
        assert not missing, (lang, missing)


def test_a_lost_card_is_taken_in_by_arbeidstilsynet_but_a_byggherre_denies_access():
    result = judge(card(CardStatus.SPERRET, StatusReason.TAPT), today=TODAY, ref=QrRef("x" * 24))
    authority = " ".join(texts(result, InspectorRole.ARBEIDSTILSYNET))
    site = " ".join(texts(result, InspectorRole.BYGGHERRE))
    assert "inndra kortet" in authority and "legitimasjon med bilde" in authority
    assert "kortutstederen" in authority  # a lost card found in use: the issuer is told
    assert "inndra" not in site
    assert "Ikke gi adgang til byggeplassen" in site and "hovedentreprenøren" in site


@pytest.mark.parametrize("role", list(InspectorRole))
def test_only_the_four_authorities_may_take_in_a_card(role):
    result = judge(card(CardStatus.UGYLDIG, StatusReason.ARBEIDSFORHOLD_OPPHORT), today=TODAY)
    keys = [s.key for s in next_steps(result, role)]
    expected = "next.role.take_in" if role in MAY_TAKE_IN else "next.role.deny_access"
    assert expected in keys
    assert {r.value for r in MAY_TAKE_IN} == {"arbeidstilsynet", "havtil", "politi", "skatteetaten"}


def test_without_a_role_nobody_is_told_to_take_a_card():
    result = judge(card(CardStatus.SPERRET, StatusReason.STJALET), today=TODAY)
    assert "next.role.deny_access" in [s.key for s in next_steps(result, None)]


def test_a_suspected_fake_is_reported_to_arbeidstilsynet_and_no_phone_number_is_invented():
    result = CheckResult(Verdict.INVALID, ReasonCode.SUSPICIOUS_QR, None, problem="other_host")
    joined = " ".join(texts(result, InspectorRole.VERNEOMBUD))
    assert "Arbeidstilsynet" in joined and "Ikke åpne lenken" in joined
    for lang in ("nb", "en"):
        for key, text in CATALOGUE[lang].items():
            if key.startswith(("next.", "worker.")):
                assert not re.search(r"\d{2}\s?\d{2}\s?\d{2}\s?\d{2}|\+47", text), (key, text)


def test_not_found_echoes_the_number_that_was_checked():
    result = CheckResult(Verdict.INVALID, ReasonCode.CARD_NOT_FOUND, CardNumberRef("99999999"))
    first = texts(result, InspectorRole.POLITI)[0]
    assert "99999999" in first and "QR-koden" in first
    qr = CheckResult(Verdict.INVALID, ReasonCode.CARD_NOT_FOUND, QrRef("x" * 24))
    assert [s.key for s in next_steps(qr, None)] == ["next.CARD_NOT_FOUND_QR"]


@pytest.mark.parametrize("ref", [CardNumberRef("10000004"), BarcodeRef("123456785", "10000004")])
def test_a_typed_or_barcode_result_says_there_is_no_photo(ref):
    result = judge(card(), today=TODAY, ref=ref)
    assert texts(result, InspectorRole.ARBEIDSTILSYNET)[-1] == t("next.no_photo", "nb")
    holder = Holder("Ola", "Testmann", date(1990, 1, 1), True)
    by_qr = judge(card(holder=holder), today=TODAY, ref=QrRef("x" * 24))
    assert "next.no_photo" not in [s.key for s in next_steps(by_qr, None)]


def test_each_warning_adds_its_step():
    result = CheckResult(
        Verdict.VALID_WITH_WARNINGS,
        None,
        QrRef("x" * 24),
        card(),
        (Finding(WarningCode.EMPLOYER_BANKRUPT), Finding(WarningCode.EXPIRES_SOON, (("days", "3"),))),
    )
    keys = [s.key for s in next_steps(result, None)]
    assert keys == ["next.valid_with_warnings", "next.warning.EMPLOYER_BANKRUPT", "next.warning.EXPIRES_SOON"]


def test_an_unknown_reason_from_a_newer_api_is_still_not_accepted():
    result = CheckResult(Verdict.INVALID, "SOMETHING_NEW", CardNumberRef("10000001"))
    assert rule_for(result).stop


def test_report_is_offered_on_invalid_and_suspicious_results_only():
    assert is_reportable(CheckResult(Verdict.INVALID, ReasonCode.SUSPICIOUS_QR, None))
    assert is_reportable(judge(card(CardStatus.SPERRET, StatusReason.TAPT), today=TODAY))
    assert not is_reportable(CheckResult(Verdict.INVALID, ReasonCode.UNRECOGNISED_CODE, None))
    assert not is_reportable(judge(card(), today=TODAY))
    assert not is_reportable(CheckResult(Verdict.UNVERIFIED, ReasonCode.TIMEOUT, None))


# --- worker texts ------------------------------------------------------------------------------------


def worker_keys() -> list[str]:
    keys = [f"worker.verdict.{v}" for v in Verdict] + ["worker.title", "worker.reason.valid"]
    keys += [f"worker.reason.{r}" for r in [*StatusReason, *ReasonCode]]
    keys += [f"worker.warning.{w}" for w in WarningCode]
    return keys


def test_every_reason_and_warning_has_a_worker_text_in_every_language():
    assert set(WORKER_LANGUAGES) >= {"pl", "lt", "lv", "ro", "uk", "en"}
    for lang in WORKER_LANGUAGES:
        missing = [k for k in worker_keys() if not CATALOGUE[lang].get(k, "").strip()]
        assert not missing, (lang, missing)
        extra = {k for k in CATALOGUE[lang] if k.startswith("worker.")} - set(worker_keys())
        assert not extra, (lang, extra)


def test_worker_texts_are_really_translated_not_copied():
    for lang in ("pl", "lt", "lv", "ro", "uk"):
        for key in worker_keys():
            if key.startswith("worker.reason.") or key.startswith("worker.warning."):
                assert CATALOGUE[lang][key] != CATALOGUE["en"][key], (lang, key)
    assert "zgubiona" in CATALOGUE["pl"]["worker.reason.TAPT"]
    assert "загублену" in CATALOGUE["uk"]["worker.reason.TAPT"]
    # each language's own letters appear: not English with a flag on it
    own = {"pl": "ąęłóśźż", "lt": "ąčęėįšųūž", "lv": "āčēģīķļņšūž", "ro": "ăâîșț", "uk": "абвгдеєжзиі"}
    for lang, letters in own.items():
        joined = " ".join(v for k, v in CATALOGUE[lang].items() if k.startswith("worker."))
        assert sum(joined.count(c) for c in letters) > 20, lang


def test_worker_texts_take_no_template_fields():
    for lang in WORKER_LANGUAGES:
        for key in worker_keys():
            assert not [f for _, f, _, _ in string.Formatter().parse(CATALOGUE[lang][key]) if f], (lang, key)


# --- plain words ---------------------------------------------------------------------------------------


def test_an_invalid_status_is_not_said_twice():
    result = judge(card(CardStatus.UGYLDIG, StatusReason.ARBEIDSFORHOLD_OPPHORT), today=TODAY)
    assert reason_text(result, "nb") == "Arbeidsforholdet er avsluttet"
    assert "ugyldig" not in reason_text(result, "nb").lower()
    blocked = judge(card(CardStatus.SPERRET, StatusReason.TAPT), today=TODAY)
    assert reason_text(blocked, "nb") == "Sperret – meldt tapt"
