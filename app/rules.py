"""The verdict rules of contract §4: what the status API said + today + cross-check findings → `CheckResult`.

Pure functions, no I/O. The order of the checks is the order of severity: a blocked or invalid card is
`invalid` whatever else is true, and only a GYLDIG card inside its validity period can be `valid`. An
answer that does not hang together never gets here: the status client's parser makes it `unverified`.

A card that the API calls GYLDIG but whose `validFrom` is still in the future is *not* valid: nothing
but the dates says the holder may work yet. The model has no reason code for it, so it is `invalid` with
the closest code, `EXPIRED` ("outside its validity period"), and `detail` starting with
reason `NOT_YET_VALID`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import date

from app.model import (
    BarcodeRef,
    Card,
    CardNumberRef,
    CardRef,
    CardStatus,
    CheckResult,
    ChipData,
    Finding,
    ReasonCode,
    StatusReason,
    Verdict,
    WarningCode,
)

#: "Expires within 30 days" (contract §4): a card with this many days left or fewer gets a warning.
EXPIRES_SOON_DAYS = 30


def asked_card_number(ref: CardRef | None) -> str | None:
    """The card number the lookup asked for, when the reference names one."""
    if isinstance(ref, CardNumberRef | BarcodeRef):
        return ref.card_number
    return None


def _merge(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    seen: dict[Finding, None] = {}
    for f in findings:
        seen.setdefault(f, None)
    return tuple(seen)


def expiry_finding(card: Card, *, today: date) -> Finding | None:
    """EXPIRES_SOON (params `days`, `date`) when the card has 0–30 days left."""
    days = (card.valid_to - today).days
    if 0 <= days <= EXPIRES_SOON_DAYS:
        return Finding(WarningCode.EXPIRES_SOON, (("days", str(days)), ("date", card.valid_to.isoformat())))
    return None


def judge(
    card: Card, *, today: date, findings: Iterable[Finding] = (), ref: CardRef | None = None
) -> CheckResult:
    """The verdict for a status answer (contract §4). Notes never change it; a barcode naming another
    card makes it invalid (CODES_DISAGREE); any other finding makes a valid card `valid_with_warnings`."""
    given = _merge(findings)
    if CardStatus(card.status) is not CardStatus.GYLDIG:
        return CheckResult(Verdict.INVALID, StatusReason(card.reason).value, ref, card, given)
    if card.valid_to < today:
        detail = f"valid to {card.valid_to.isoformat()}, which has passed"
        return CheckResult(Verdict.INVALID, ReasonCode.EXPIRED.value, ref, card, given, detail)
    if card.valid_from > today:
        detail = f"valid from {card.valid_from.isoformat()}, which is in the future"
        return CheckResult(Verdict.INVALID, ReasonCode.NOT_YET_VALID.value, ref, card, given, detail)

    if any(f.code is WarningCode.CARD_NUMBER_MISMATCH for f in given):
        # A valid card's QR code on a card whose barcode names another card (perhaps a blocked one) is
        # what a forger would make: the card in hand is not the card that was confirmed.
        detail = "the barcode names another card than the one confirmed"
        return CheckResult(Verdict.INVALID, ReasonCode.CODES_DISAGREE.value, ref, card, given, detail)

    soon = expiry_finding(card, today=today)
    all_findings = _merge(((soon,) if soon else ()) + given)
    if any(not f.is_note for f in all_findings):
        return CheckResult(Verdict.VALID_WITH_WARNINGS, None, ref, card, all_findings)
    return CheckResult(Verdict.VALID, None, ref, card, all_findings)


# --- cross-checks of what the card itself says against the answer ------------------------------------


def barcode_findings(barcode: BarcodeRef, card: Card, *, related: bool | None = None) -> tuple[Finding, ...]:
    """Warnings where the barcode on the card disagrees with the status answer.

    `related`: whether the barcode's employer and the registry's are the same unit or main unit /
    sub-unit of each other (None: could not be asked). An unconfirmed relation still warns: the
    difference is a fact, the excuse for it is not.
    """
    out: list[Finding] = []
    if barcode.card_number != card.card_number:
        out.append(
            Finding(
                WarningCode.CARD_NUMBER_MISMATCH,
                (("printed", barcode.card_number), ("registry", card.card_number)),
            )
        )
    if barcode.org_number != card.employer.org_number and related is not True:
        out.append(
            Finding(
                WarningCode.EMPLOYER_MISMATCH,
                (
                    ("printed", barcode.org_number),
                    ("registry", card.employer.org_number),
                    ("name", card.employer.name),
                    ("related", "unknown" if related is None else "no"),
                ),
            )
        )
    return tuple(out)


def list_employer_findings(
    listed_org: str, card: Card, *, related: bool | None = None
) -> tuple[Finding, ...]:
    """EMPLOYER_MISMATCH when a crew list names another employer for the card than the answer does
    (issue 15). `related` as for `barcode_findings`: a main unit / sub-unit pair is no mismatch.
    The finding carries `source=list`, so its message speaks of the list, not of the card."""
    if listed_org == card.employer.org_number or related is True:
        return ()
    return (
        Finding(
            WarningCode.EMPLOYER_MISMATCH,
            (
                ("printed", listed_org),
                ("registry", card.employer.org_number),
                ("name", card.employer.name),
                ("related", "unknown" if related is None else "no"),
                ("source", "list"),
            ),
        ),
    )


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).casefold().split())

    return norm(a) == norm(b)


#: Fields compared between chip and answer, in display order. Names are personal data: their finding
#: says only *that* they differ, never the values.
CHIP_FIELDS = ("card_number", "name", "employer", "valid_to")


def chip_findings(chip: ChipData, card: Card) -> tuple[Finding, ...]:
    """CHIP_MISMATCH findings (param `field`; for non-personal fields also `chip` and `registry`)
    where the data read from the chip disagrees with the status answer. Absent chip fields are skipped."""
    out: list[Finding] = []

    def mismatch(field: str, chip_value: str | None = None, registry: str | None = None) -> None:
        params: tuple[tuple[str, str], ...] = (("field", field),)
        if chip_value is not None and registry is not None:
            params += (("chip", chip_value), ("registry", registry))
        out.append(Finding(WarningCode.CHIP_MISMATCH, params))

    if chip.card_number is not None and chip.card_number != card.card_number:
        mismatch("card_number", chip.card_number, card.card_number)
    holder = card.holder
    if holder is not None and (
        (chip.first_names is not None and not _same_text(chip.first_names, holder.first_name))
        or (chip.last_name is not None and not _same_text(chip.last_name, holder.last_name))
    ):
        mismatch("name")
    if chip.employer_org_number is not None:
        if chip.employer_org_number != card.employer.org_number:
            mismatch("employer", chip.employer_org_number, card.employer.org_number)
    elif chip.employer_name is not None and not _same_text(chip.employer_name, card.employer.name):
        mismatch("employer", chip.employer_name, card.employer.name)
    if chip.valid_to is not None and chip.valid_to != card.valid_to:
        mismatch("valid_to", chip.valid_to.isoformat(), card.valid_to.isoformat())
    return tuple(out)
