"""Norwegian identifiers of contract §1: card number, organisasjonsnummer, fødselsnummer and its
relatives (D-, H- and synthetic numbers), and the chip code.

Each `parse_*`-style function takes user or scanner text, returns the normalised value, or raises
`InvalidIdentifier` with a message that says exactly which rule was broken. Only ASCII digits count
as digits: `str.isdigit()` also accepts e.g. Arabic-Indic or superscript digits, which no card carries.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date

from app.errors import InvalidIdentifier

CARD_NUMBER_LENGTH = 8
ORG_NUMBER_LENGTH = 9
PERSON_NUMBER_LENGTH = 11

_ASCII_DIGITS = re.compile(r"[0-9]+")
_HEX = re.compile(r"[0-9A-F]+")
# What a person may type between digit groups: any whitespace (incl. NBSP and the narrow NBSP that
# Norwegian number formatting uses) and hyphen-minus.
_NUMBER_SEPARATORS = re.compile(r"[\s-]+")
_CHIP_SEPARATORS = re.compile(r"[\s:-]+")

_ORG_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
_K1_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
_K2_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

#: Chip UIDs are 4 bytes (single size) or 7 bytes (double size); 10-byte UIDs are not used on cards.
CHIP_UID_BYTES = (4, 7)


def _is_digits(text: str) -> bool:
    return _ASCII_DIGITS.fullmatch(text) is not None


def _shown(text: str, limit: int = 24) -> str:
    """A short, log-safe rendering of rejected input for error messages."""
    text = ascii(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _digits_only(text: str, what: str, length: int) -> str:
    if not isinstance(text, str):
        raise InvalidIdentifier(f"{what} must be text, not {type(text).__name__}")
    compact = _NUMBER_SEPARATORS.sub("", text)
    if not compact:
        raise InvalidIdentifier(f"{what} is empty")
    if not _is_digits(compact):
        bad = next(c for c in compact if not ("0" <= c <= "9"))
        raise InvalidIdentifier(f"{what} may contain only digits, found {_shown(bad)!r}")
    if len(compact) != length:
        raise InvalidIdentifier(f"{what} must have exactly {length} digits, got {len(compact)}")
    return compact


# --- card number ----------------------------------------------------------------------------------


def card_number(text: str) -> str:
    """The 8-digit card number from `text` (spaces and '-' removed); no check digit is known."""
    return _digits_only(text, "card number", CARD_NUMBER_LENGTH)


def is_card_number(text: str) -> bool:
    """True when `text` is a card number as `card_number` accepts it."""
    try:
        card_number(text)
    except InvalidIdentifier:
        return False
    return True


# --- organisasjonsnummer --------------------------------------------------------------------------


def org_check_digit(first_eight: str) -> int | None:
    """The MOD11 check digit for the first 8 digits of an org number; None when no digit fits (r=1)."""
    if len(first_eight) != 8 or not _is_digits(first_eight):
        raise InvalidIdentifier("the first part of an organisation number is 8 digits")
    r = sum(w * int(d) for w, d in zip(_ORG_WEIGHTS, first_eight, strict=True)) % 11
    check = 0 if r == 0 else 11 - r
    return None if check == 10 else check


def org_number(text: str) -> str:
    """The 9-digit organisasjonsnummer from `text`, checked with MOD11 (weights 3 2 7 6 5 4 3 2)."""
    value = _digits_only(text, "organisation number", ORG_NUMBER_LENGTH)
    expected = org_check_digit(value[:8])
    if expected is None:
        raise InvalidIdentifier(
            f"organisation number {value} is impossible: its MOD11 check digit would be 10"
        )
    if int(value[8]) != expected:
        raise InvalidIdentifier(
            f"organisation number {value} fails its MOD11 check (last digit should be {expected})"
        )
    return value


def is_org_number(text: str) -> bool:
    """True when `text` is a valid organisasjonsnummer."""
    try:
        org_number(text)
    except InvalidIdentifier:
        return False
    return True


# --- fødselsnummer, D-, H- and synthetic numbers ----------------------------------------------------


class PersonNumberKind(enum.StrEnum):
    FODSELSNUMMER = "fodselsnummer"
    D_NUMMER = "d_nummer"  # day + 40
    H_NUMMER = "h_nummer"  # month + 40


class K1Rule(enum.StrEnum):
    #: weighted sum ≡ 0 (mod 11): every number issued before the change
    OLD = "old"
    #: weighted sum ≡ 0, 1, 2 or 3 (mod 11): numbers issued from 2032 (Skatteetaten)
    RULE_2032 = "2032"


@dataclass(frozen=True, slots=True)
class PersonNumber:
    """A checked 11-digit personal identifier. Deliberately has no gender: numbers issued under the
    2032 rule carry none, so deriving it from older numbers would be wrong half the time later."""

    value: str
    kind: PersonNumberKind
    synthetic: bool  # Tenor test number (month + 80)
    birth_date: date
    k1_rules: frozenset[K1Rule]  # which K1 rule(s) the number satisfies; never empty

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return f"PersonNumber(<redacted>, kind={self.kind.value}, synthetic={self.synthetic})"


def _century(year2: int, individual: int) -> int | None:
    """The century from the individual number ranges (Skatteetaten); None for unallocated ranges."""
    if individual <= 499:
        return 1900
    if individual <= 749 and year2 >= 54:
        return 1800
    if year2 <= 39:
        return 2000  # 500–999 with year 00–39
    if individual >= 900:
        return 1900  # 900–999 with year 40–99
    return None


def person_number(text: str) -> PersonNumber:
    """A fødselsnummer, D-nummer, H-nummer or synthetic (Tenor) number, checked with K2 and with the
    old or the 2032 K1 rule."""
    value = _digits_only(text, "personal number", PERSON_NUMBER_LENGTH)
    digits = [int(c) for c in value]

    k1_sum = sum(w * d for w, d in zip(_K1_WEIGHTS, digits[:10], strict=True)) % 11
    rules = set()
    if k1_sum == 0:
        rules.add(K1Rule.OLD)
    if k1_sum in (0, 1, 2, 3):
        rules.add(K1Rule.RULE_2032)
    if not rules:
        raise InvalidIdentifier(
            "personal number fails its first check digit (K1) under both the old and the 2032 rule"
        )
    if sum(w * d for w, d in zip(_K2_WEIGHTS, digits, strict=True)) % 11 != 0:
        raise InvalidIdentifier("personal number fails its second check digit (K2)")

    day, month, year2, individual = int(value[0:2]), int(value[2:4]), int(value[4:6]), int(value[6:9])
    kind = PersonNumberKind.FODSELSNUMMER
    synthetic = False
    if day > 40:
        kind, day = PersonNumberKind.D_NUMMER, day - 40
    if month > 80:
        synthetic, month = True, month - 80
    elif month > 40:
        if kind is PersonNumberKind.D_NUMMER:
            raise InvalidIdentifier("personal number cannot be both a D-nummer and an H-nummer")
        kind, month = PersonNumberKind.H_NUMMER, month - 40

    century = _century(year2, individual)
    if century is None:
        raise InvalidIdentifier(
            f"personal number: individual number {individual:03d} is not used with birth year ..{year2:02d}"
        )
    try:
        born = date(century + year2, month, day)
    except ValueError:
        raise InvalidIdentifier("personal number does not start with a real date (DDMMYY)") from None
    return PersonNumber(value, kind, synthetic, born, frozenset(rules))


def is_person_number(text: str) -> bool:
    """True when `text` is a valid fødselsnummer, D-, H- or synthetic number."""
    try:
        person_number(text)
    except InvalidIdentifier:
        return False
    return True


# --- chip code --------------------------------------------------------------------------------------


def chip_code(text: str | bytes) -> str:
    """The chip UID (4 or 7 bytes) as upper-case hex without separators, e.g. `891FEEE6`.

    Accepts raw UID bytes, or hex text with ':', '-' or spaces between the bytes (as readers print it).
    """
    if isinstance(text, bytes | bytearray):
        raw = bytes(text)
        if len(raw) not in CHIP_UID_BYTES:
            raise InvalidIdentifier(f"chip UID must be 4 or 7 bytes, got {len(raw)}")
        return raw.hex().upper()
    if not isinstance(text, str):
        raise InvalidIdentifier(f"chip code must be text or bytes, not {type(text).__name__}")
    if not text.isascii():
        # str.upper() folds "ﬀ" to "FF" and \s matches Unicode spaces: a code must be what it shows.
        bad = next(c for c in text if not c.isascii())
        raise InvalidIdentifier(f"chip code may contain only ASCII hex digits, found {_shown(bad)!r}")
    compact = _CHIP_SEPARATORS.sub("", text).upper()
    if not compact:
        raise InvalidIdentifier("chip code is empty")
    if _HEX.fullmatch(compact) is None:
        bad = next(c for c in compact if c not in "0123456789ABCDEF")
        raise InvalidIdentifier(f"chip code may contain only hex digits, found {_shown(bad)!r}")
    if len(compact) % 2:
        raise InvalidIdentifier(f"chip code has an odd number of hex digits ({len(compact)})")
    if len(compact) // 2 not in CHIP_UID_BYTES:
        raise InvalidIdentifier(f"chip UID must be 4 or 7 bytes, got {len(compact) // 2}")
    return compact
