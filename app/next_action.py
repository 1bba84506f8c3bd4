"""What the inspector does next, for every verdict, reason and warning: ONE table.

The steps are i18n keys (`next.*`, worded in `app/i18n/next_action.py`). What an inspector may do
with a card that is not accepted depends on who checks ("Jeg kontrollerer som", asked once at first
start): Arbeidstilsynet, Havindustritilsynet (Ptil), the police and the tax authorities may take in
(inndra) an invalid, expired or misused card; a byggherre, SHA coordinator or verneombud may not, and
instead denies site access and tells the employer or the main contractor. No phone numbers are given:
the app cannot know that they are current.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.model import (
    BarcodeRef,
    CardNumberRef,
    CheckResult,
    ReasonCode,
    StatusReason,
    Verdict,
    WarningCode,
)
from app.rules import asked_card_number


class InspectorRole(enum.StrEnum):
    """Who checks the card (the "Jeg kontrollerer som" setting)."""

    ARBEIDSTILSYNET = "arbeidstilsynet"
    HAVTIL = "havtil"  # Havindustritilsynet, formerly Petroleumstilsynet (Ptil)
    POLITI = "politi"
    SKATTEETATEN = "skatteetaten"
    BYGGHERRE = "byggherre"
    SHA_KOORDINATOR = "sha_koordinator"
    VERNEOMBUD = "verneombud"


#: The authorities that may take in (inndra) a card that is invalid, expired or misused.
MAY_TAKE_IN: frozenset[InspectorRole] = frozenset(
    {InspectorRole.ARBEIDSTILSYNET, InspectorRole.HAVTIL, InspectorRole.POLITI, InspectorRole.SKATTEETATEN}
)


@dataclass(frozen=True, slots=True)
class Rule:
    """The steps for one outcome. `stop`: the card is not accepted, so the role's step is added
    (take the card in, or deny site access and tell the employer / main contractor)."""

    steps: tuple[str, ...]
    stop: bool = False


@dataclass(frozen=True, slots=True)
class Step:
    """One thing to do: an i18n key and its template fields."""

    key: str
    params: tuple[tuple[str, str], ...] = ()


_I, _U = Verdict.INVALID, Verdict.UNVERIFIED
_R, _S = ReasonCode, StatusReason
_UNVERIFIED = Rule(("next.unverified",))

#: verdict + reason → what to do. Every reason of contract §4 has a row (a test checks it).
NEXT_ACTIONS: dict[tuple[Verdict, str | None], Rule] = {
    (Verdict.VALID, None): Rule(("next.valid",)),
    (Verdict.VALID_WITH_WARNINGS, None): Rule(("next.valid_with_warnings",)),
    # the card's status (UGYLDIG: may come back; SPERRET: final)
    (_I, _S.ARBEIDSFORHOLD_OPPHORT): Rule(("next.ARBEIDSFORHOLD_OPPHORT",), stop=True),
    (_I, _S.REGISTERKRAV_IKKE_OPPFYLT): Rule(("next.REGISTERKRAV_IKKE_OPPFYLT",), stop=True),
    (_I, _S.DNUMMER_INAKTIVT): Rule(("next.DNUMMER_INAKTIVT",), stop=True),
    (_I, _S.TAPT): Rule(("next.lost_or_stolen", "next.tell_issuer"), stop=True),
    (_I, _S.STJALET): Rule(("next.lost_or_stolen", "next.tell_issuer"), stop=True),
    (_I, _S.UTLOPT): Rule(("next.expired",), stop=True),
    (_I, _S.INNDRATT): Rule(("next.INNDRATT", "next.tell_arbeidstilsynet"), stop=True),
    # what the app found itself
    (_I, _R.EXPIRED): Rule(("next.expired",), stop=True),
    (_I, _R.NOT_YET_VALID): Rule(("next.NOT_YET_VALID",), stop=True),
    (_I, _R.SUSPICIOUS_QR): Rule(("next.suspected_fake", "next.tell_arbeidstilsynet"), stop=True),
    (_I, _R.CODES_DISAGREE): Rule(("next.suspected_fake", "next.tell_arbeidstilsynet"), stop=True),
    # not (yet) a card: probably a misread or a typo, so no step against the worker
    (_I, _R.CARD_NOT_FOUND): Rule(("next.CARD_NOT_FOUND",)),
    (_I, _R.INVALID_CARD_NUMBER): Rule(("next.INVALID_CARD_NUMBER",)),
    (_I, _R.UNRECOGNISED_CODE): Rule(("next.UNRECOGNISED_CODE",)),
    # the status could not be confirmed
    (_U, _R.NETWORK): _UNVERIFIED,
    (_U, _R.TIMEOUT): _UNVERIFIED,
    (_U, _R.SERVER_ERROR): _UNVERIFIED,
    (_U, _R.RATE_LIMITED): Rule(("next.unverified", "next.RATE_LIMITED")),
    (_U, _R.AUTH_FAILED): Rule(("next.unverified", "next.AUTH_FAILED")),
    (_U, _R.BAD_RESPONSE): _UNVERIFIED,
    # served mode (issue 13): this user's lookups in 10 minutes are used up; no lookup was made
    (_U, _R.LOOKUP_LIMIT): Rule(("next.unverified", "next.LOOKUP_LIMIT")),
    (_U, _R.LIMIT_UNAVAILABLE): Rule(("next.unverified", "next.LIMIT_UNAVAILABLE")),
}

#: warning (or note) → what to do about it; each is said after the verdict's own steps.
WARNING_ACTIONS: dict[WarningCode, str] = {w: f"next.warning.{w}" for w in WarningCode}

#: a result that names a reason the table does not know (a newer API): treat it as not accepted
_FALLBACK: dict[Verdict, Rule] = {
    Verdict.INVALID: Rule(("next.invalid_other",), stop=True),
    Verdict.UNVERIFIED: _UNVERIFIED,
}

#: a lookup by card number or barcode gives no name and no photo (only QR and chip do)
NO_PHOTO_STEP = "next.no_photo"
ROLE_TAKE_IN = "next.role.take_in"
ROLE_DENY_ACCESS = "next.role.deny_access"


def role_of(value: str | None) -> InspectorRole | None:
    """The role named by a setting's value, or None (not chosen yet, or unknown)."""
    try:
        return InspectorRole(value) if value else None
    except ValueError:
        return None


def rule_for(result: CheckResult) -> Rule:
    """The table's row for `result` (valid rows are keyed without a reason)."""
    reason = None if result.verdict in (Verdict.VALID, Verdict.VALID_WITH_WARNINGS) else result.reason
    rule = NEXT_ACTIONS.get((result.verdict, reason))
    if rule is None:
        rule = _FALLBACK.get(result.verdict) or NEXT_ACTIONS[(Verdict.VALID, None)]
    return rule


def next_steps(result: CheckResult, role: InspectorRole | str | None) -> tuple[Step, ...]:
    """What the inspector does next, in order. Without a chosen role the cautious step (deny site
    access, tell the employer) is given: nobody is told to take a card they may not take."""
    role = role_of(role) if not isinstance(role, InspectorRole) else role
    rule = rule_for(result)
    steps = [_step(key, result) for key in rule.steps]
    if rule.stop:  # right after what the card means: whom to tell comes last
        steps.insert(1, Step(ROLE_TAKE_IN if role in MAY_TAKE_IN else ROLE_DENY_ACCESS))
    steps += [Step(WARNING_ACTIONS[f.code]) for f in result.findings]
    if (
        result.card is not None
        and result.card.holder is None
        and isinstance(result.ref, CardNumberRef | BarcodeRef)
    ):
        steps.append(Step(NO_PHOTO_STEP))
    return tuple(steps)


def _step(key: str, result: CheckResult) -> Step:
    if key == "next.CARD_NOT_FOUND":
        # the number that was checked, so that a typo can be spotted; a QR code names no number
        number = asked_card_number(result.ref)
        return Step(key, (("number", number),)) if number else Step("next.CARD_NOT_FOUND_QR")
    return Step(key)


def is_reportable(result: CheckResult) -> bool:
    """Whether "report a suspicious card" is offered: invalid results and suspicious QR codes (not a
    mistyped number or an unrelated code, where there is no card to report)."""
    if result.verdict is not Verdict.INVALID:
        return False
    return result.reason not in (ReasonCode.INVALID_CARD_NUMBER, ReasonCode.UNRECOGNISED_CODE)
