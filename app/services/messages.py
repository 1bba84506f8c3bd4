"""Plain sentences for a `CheckResult` and its findings (the CLI's "message" field, screen readers)."""

from __future__ import annotations

import contextlib
from datetime import date

from app.i18n import t
from app.model import CardStatus, CheckResult, Finding, ReasonCode, Verdict, WarningCode
from app.rules import asked_card_number
from app.safe_text import visible


def display_date(d: date) -> str:
    """Dates as Norwegians write them (also in English: the app is used on Norwegian sites)."""
    return d.strftime("%d.%m.%Y")


_date = display_date


def finding_text(finding: Finding, lang: str) -> str:
    """A warning or note in plain words; a chip field code is replaced by its word."""
    # Names in findings come from the registers and the chip: nothing invisible or reordering on screen.
    params = {key: visible(str(value)) for key, value in finding.params}
    if "date" in params:
        with contextlib.suppress(ValueError):
            params["date"] = display_date(date.fromisoformat(params["date"]))
    if finding.code is WarningCode.CHIP_MISMATCH and "field" in params:
        params["field"] = t(f"field.{params['field']}", lang)
    if finding.code is WarningCode.EMPLOYER_MISMATCH and params.get("source") == "list":
        return t("finding.EMPLOYER_MISMATCH.list", lang, **params)
    if finding.code is WarningCode.EXPIRES_SOON and params.get("days") in ("0", "1"):
        return t(f"finding.EXPIRES_SOON.{params['days']}", lang)
    return t(f"finding.{finding.code}", lang, **params)


def reason_text(result: CheckResult, lang: str) -> str:
    """ "Sperret – meldt tapt" for a blocked card; a card that is only UGYLDIG gets its reason alone
    ("Arbeidsforholdet er avsluttet"), since the verdict already says so; else the reason's own words."""
    card = result.card
    if card is not None and card.reason is not None and result.reason == str(card.reason):
        reason = t(f"reason.{card.reason}", lang)
        if card.status == CardStatus.UGYLDIG:
            # the verdict already says "Ugyldig": not "UGYLDIG / Ugyldig – ..." twice
            return reason[:1].upper() + reason[1:]
        return status_reason_text(str(card.status), str(card.reason), lang)
    return t(f"reason.{result.reason}", lang) if result.reason else ""


def status_reason_text(status: str, reason: str | None, lang: str) -> str:
    """ "Sperret – meldt tapt": a card's status and its reason in words, as every screen and report
    shows them; the status alone when there is no reason."""
    words = t(f"status.{status}", lang)
    return f"{words} – {t(f'reason.{reason}', lang)}" if reason else words


def problem_text(result: CheckResult, lang: str) -> str | None:
    """What exactly is wrong with input that is not a card ("the QR code points to evil.com"), if known."""
    if not result.problem:
        return None
    # Params quote the scanned code (a host name, a path): shown, never obeyed.
    return t(f"payload.{result.problem}", lang, **{k: visible(str(v)) for k, v in result.problem_params})


def summarise(result: CheckResult, lang: str) -> str:
    """One plain sentence for the result, in `lang`."""
    card = result.card
    number = card.card_number if card else asked_card_number(result.ref) or "–"
    reason = reason_text(result, lang)
    if result.verdict is Verdict.UNVERIFIED:
        return t("message.unverified", lang, reason=reason)
    if result.verdict is Verdict.INVALID:
        if card is None and result.ref is None:
            sentence = t("message.invalid_code", lang, reason=reason)
            problem = problem_text(result, lang)
            return f"{sentence} {problem}" if problem else sentence
        if card is not None and result.reason == ReasonCode.NOT_YET_VALID:
            return t("message.not_yet_valid", lang, card=number, valid_from=_date(card.valid_from))
        return t("message.invalid", lang, card=number, reason=reason)
    valid_to = _date(card.valid_to) if card else "–"
    if result.verdict is Verdict.VALID_WITH_WARNINGS:
        warnings = " ".join(finding_text(f, lang) for f in result.warnings)
        return t("message.valid_with_warnings", lang, card=number, valid_to=valid_to, warnings=warnings)
    return t("message.valid", lang, card=number, valid_to=valid_to)
