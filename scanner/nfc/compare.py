"""Chip data against the status API's answer: which printed facts disagree (a CHIP_MISMATCH warning)."""

from __future__ import annotations

import unicodedata

from app.model import Card, ChipData, Finding, WarningCode


def _same_text(a: str, b: str) -> bool:
    norm = lambda s: " ".join(unicodedata.normalize("NFC", s).casefold().split())  # noqa: E731
    return norm(a) == norm(b)


def mismatched_fields(chip: ChipData, card: Card) -> tuple[str, ...]:
    """Fields the chip states that differ from the API's card: card_number, name, employer, valid_to.

    A field the chip does not state, or the API does not give (no holder without the personal scope),
    is not compared: silence is not a mismatch.
    """
    out: list[str] = []
    if chip.card_number is not None and chip.card_number != card.card_number:
        out.append("card_number")
    holder = card.holder
    if holder is not None and (
        (chip.first_names is not None and not _same_text(chip.first_names, holder.first_name))
        or (chip.last_name is not None and not _same_text(chip.last_name, holder.last_name))
    ):
        out.append("name")
    if chip.employer_org_number is not None and chip.employer_org_number != card.employer.org_number:
        out.append("employer")
    if chip.valid_to is not None and chip.valid_to != card.valid_to:
        out.append("valid_to")
    return tuple(out)


def mismatch_finding(chip: ChipData, card: Card) -> Finding | None:
    """A CHIP_MISMATCH warning naming the differing fields, or None when the chip agrees."""
    fields = mismatched_fields(chip, card)
    if not fields:
        return None
    return Finding(WarningCode.CHIP_MISMATCH, (("fields", ", ".join(fields)),))
