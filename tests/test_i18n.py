"""The merged string catalogue: complete in both languages, same template fields, every enum worded;
and the plain-sentence summaries built from it."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

import app.payloads
from app.i18n import CATALOGUE, LANGUAGES, t
from app.model import (
    Card,
    CardNumberRef,
    CardStatus,
    Category,
    CheckResult,
    Employer,
    Finding,
    QrRef,
    ReasonCode,
    StatusReason,
    Verdict,
    WarningCode,
)
from app.rules import judge
from app.services.messages import finding_text, reason_text, summarise


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_key_exists_in_both_languages():
    nb, en = set(CATALOGUE["nb"]), set(CATALOGUE["en"])
    assert nb - en == set(), "missing in en"
    assert en - nb == set(), "missing in nb"


@pytest.mark.parametrize("key", sorted(CATALOGUE["nb"]))
def test_templates_take_the_same_fields_in_both_languages(key):
    assert fields(CATALOGUE["nb"][key]) == fields(CATALOGUE["en"][key])
    for lang in LANGUAGES:
        assert CATALOGUE[lang][key].strip(), (lang, key)


@pytest.mark.parametrize(
    "key",
    [f"verdict.{v}" for v in Verdict]
    + [f"reason.{r}" for r in ReasonCode]
    + [f"reason.{r}" for r in StatusReason]
    + [f"status.{s}" for s in CardStatus]
    + [f"category.{c}" for c in Category]
    + [f"finding.{w}" for w in WarningCode]
    + [f"message.{v}" for v in Verdict],
)
def test_every_enum_value_has_its_words(key):
    for lang in LANGUAGES:
        assert key in CATALOGUE[lang], (lang, key)


def test_every_payload_problem_has_its_words():
    source = Path(app.payloads.__file__).read_text(encoding="utf-8")
    problems = set(re.findall(r"_error\(\s*\w+,\s*\"(\w+)\"", source))
    assert len(problems) > 20
    for problem in problems:
        for lang in LANGUAGES:
            assert f"payload.{problem}" in CATALOGUE[lang], (lang, problem)


def test_bokmal_uses_norwegian_letters():
    assert t("reason.STJALET", "nb") == "meldt stjålet"
    assert "ø" in t("finding.EXPIRES_SOON", "nb")


def test_status_and_reason_read_as_plain_words():
    assert f"{t('status.SPERRET')} – {t('reason.TAPT')}" == "Sperret – meldt tapt"
    assert f"{t('status.UGYLDIG')} – {t('reason.ARBEIDSFORHOLD_OPPHORT')}" == (
        "Ugyldig – arbeidsforholdet er avsluttet"
    )


# --- summaries -----------------------------------------------------------------------------------

TODAY = date(2026, 5, 4)


def card(status=CardStatus.GYLDIG, reason=None, days=400, valid_from=None) -> Card:
    valid_to = TODAY + timedelta(days=days)
    return Card(
        "10000001",
        Category.BYGG,
        status,
        reason,
        valid_from or valid_to - timedelta(days=730),
        valid_to,
        Employer("123456785", "Eksempel Bygg AS"),
        datetime(2026, 5, 4, 8, tzinfo=UTC),
    )


def test_summary_of_a_valid_card():
    result = judge(card(), today=TODAY, ref=CardNumberRef("10000001"))
    assert summarise(result, "nb") == "Kortet 10000001 er gyldig til 08.06.2027."
    assert summarise(result, "en") == "Card 10000001 is valid until 08.06.2027."


def test_summary_of_a_card_expiring_soon_names_the_warning():
    result = judge(card(days=10), today=TODAY)
    assert (
        summarise(result, "nb")
        == "Kortet 10000001 er gyldig til 14.05.2026, men: Kortet utløper om 10 dager."
    )


@pytest.mark.parametrize(("days", "nb", "en"), [(0, "i dag", "today"), (1, "i morgen", "tomorrow")])
def test_expiry_today_or_tomorrow_is_said_in_words(days, nb, en):
    finding = judge(card(days=days), today=TODAY).warnings[0]
    assert nb in finding_text(finding, "nb") and en in finding_text(finding, "en")


def test_summary_of_a_blocked_card():
    result = judge(card(CardStatus.SPERRET, StatusReason.STJALET), today=TODAY)
    assert summarise(result, "nb") == "Kortet 10000001 er ugyldig: Sperret – meldt stjålet."
    assert summarise(result, "en") == "Card 10000001 is invalid: Blocked – reported stolen."


def test_summary_of_a_card_not_yet_valid():
    result = judge(card(valid_from=TODAY + timedelta(days=2), days=700), today=TODAY)
    assert summarise(result, "en") == "Card 10000001 is not valid until 06.05.2026."


def test_summary_of_an_unverified_result_says_not_to_accept_it():
    result = CheckResult(Verdict.UNVERIFIED, "TIMEOUT", QrRef("x" * 16), detail="timed out")
    text = summarise(result, "nb")
    assert text.startswith("Statusen kunne ikke bekreftes: HMS-kortregisteret svarte ikke i tide.")
    assert "ikke godta" in text


def test_summary_of_a_suspicious_code():
    result = CheckResult(Verdict.INVALID, "SUSPICIOUS_QR", None, detail="other host")
    assert summarise(result, "en").startswith("Not accepted: Suspicious QR code")


def test_summary_of_an_unknown_card():
    result = CheckResult(Verdict.INVALID, "CARD_NOT_FOUND", CardNumberRef("99999999"))
    assert summarise(result, "nb") == "Kortet 99999999 er ugyldig: Kortet finnes ikke i HMS-kortregisteret."


def test_reason_text_without_a_card():
    assert reason_text(CheckResult(Verdict.UNVERIFIED, "NETWORK", None), "en") == (
        "No connection to the HMS card register"
    )


def test_chip_mismatch_field_is_put_in_words():
    finding = Finding(WarningCode.CHIP_MISMATCH, (("field", "valid_to"),))
    assert finding_text(finding, "nb") == "Data på brikken stemmer ikke med registeret: gyldig til."
    assert finding_text(finding, "en") == "The data on the chip does not match the register: valid to."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_summary_is_filled_in(lang):
    results = [judge(card(days=d), today=TODAY) for d in (400, 10, -3)]
    results += [
        judge(card(CardStatus.SPERRET, r), today=TODAY) for r in (StatusReason.TAPT, StatusReason.UTLOPT)
    ]
    results += [CheckResult(Verdict.UNVERIFIED, r.value, None) for r in ReasonCode]
    for result in results:
        text = summarise(result, lang)
        assert "{" not in text and "reason." not in text, text


async def test_summary_of_a_suspicious_qr_names_where_it_points():
    from app.services.verify import check_text

    text = "https://hmskort.no.evil.example/k/c2LufYNuydk9sgEWl2agE4aE"
    result = await check_text(text, symbology="qr", status=None, today=TODAY)
    assert "hmskort.no.evil.example" in summarise(result, "nb")
    assert "hmskort.no.evil.example" in summarise(result, "en")
