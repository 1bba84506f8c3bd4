"""The domain vocabulary: frozen values only, no I/O.

What a scan yields (a *reference* to a card), what the status API says about a card, and what the
app concludes (a `CheckResult`). Names follow the status API contract §1–§4 (docs/STATUS_API.md).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime


class Category(enum.StrEnum):
    BYGG = "BYGG"
    RENHOLD = "RENHOLD"
    BILPLEIE = "BILPLEIE"
    TRANSPORT = "TRANSPORT"


class CardStatus(enum.StrEnum):
    GYLDIG = "GYLDIG"
    UGYLDIG = "UGYLDIG"
    SPERRET = "SPERRET"


class StatusReason(enum.StrEnum):
    # UGYLDIG: temporary, comes back to GYLDIG when fixed
    ARBEIDSFORHOLD_OPPHORT = "ARBEIDSFORHOLD_OPPHORT"
    REGISTERKRAV_IKKE_OPPFYLT = "REGISTERKRAV_IKKE_OPPFYLT"
    DNUMMER_INAKTIVT = "DNUMMER_INAKTIVT"
    # SPERRET: final
    TAPT = "TAPT"
    STJALET = "STJALET"
    UTLOPT = "UTLOPT"
    INNDRATT = "INNDRATT"


#: Which reasons belong to which status (contract §3); a card whose reason does not fit is malformed.
REASONS_BY_STATUS: dict[CardStatus, frozenset[StatusReason]] = {
    CardStatus.GYLDIG: frozenset(),
    CardStatus.UGYLDIG: frozenset(
        {
            StatusReason.ARBEIDSFORHOLD_OPPHORT,
            StatusReason.REGISTERKRAV_IKKE_OPPFYLT,
            StatusReason.DNUMMER_INAKTIVT,
        }
    ),
    CardStatus.SPERRET: frozenset(
        {StatusReason.TAPT, StatusReason.STJALET, StatusReason.UTLOPT, StatusReason.INNDRATT}
    ),
}


class Verdict(enum.StrEnum):
    VALID = "valid"
    VALID_WITH_WARNINGS = "valid_with_warnings"
    INVALID = "invalid"
    UNVERIFIED = "unverified"


class ReasonCode(enum.StrEnum):
    """Why a verdict is not plain `valid`. Status reasons (TAPT, ...) are used as they are."""

    SUSPICIOUS_QR = "SUSPICIOUS_QR"
    UNRECOGNISED_CODE = "UNRECOGNISED_CODE"
    INVALID_CARD_NUMBER = "INVALID_CARD_NUMBER"
    CARD_NOT_FOUND = "CARD_NOT_FOUND"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    #: the QR code and the barcode on one card name different cards: a tampered card, never valid
    CODES_DISAGREE = "CODES_DISAGREE"
    # unverified: the status could not be confirmed
    NETWORK = "NETWORK"
    TIMEOUT = "TIMEOUT"
    SERVER_ERROR = "SERVER_ERROR"
    RATE_LIMITED = "RATE_LIMITED"
    AUTH_FAILED = "AUTH_FAILED"
    BAD_RESPONSE = "BAD_RESPONSE"
    #: served mode: this user made too many lookups in 10 minutes (issue 13); no lookup was made
    LOOKUP_LIMIT = "LOOKUP_LIMIT"
    #: served mode: the per-user limits' shared store cannot be used now, so no lookup was made
    #: (a limit that might not hold is treated as reached; issue 13)
    LIMIT_UNAVAILABLE = "LIMIT_UNAVAILABLE"


class WarningCode(enum.StrEnum):
    EXPIRES_SOON = "EXPIRES_SOON"
    EMPLOYER_MISMATCH = "EMPLOYER_MISMATCH"
    CARD_NUMBER_MISMATCH = "CARD_NUMBER_MISMATCH"
    EMPLOYER_BANKRUPT = "EMPLOYER_BANKRUPT"
    EMPLOYER_LIQUIDATION = "EMPLOYER_LIQUIDATION"
    EMPLOYER_DELETED = "EMPLOYER_DELETED"
    CLEANING_NOT_APPROVED = "CLEANING_NOT_APPROVED"
    STAFFING_NOT_APPROVED = "STAFFING_NOT_APPROVED"
    CHIP_MISMATCH = "CHIP_MISMATCH"
    # notes: do not change the verdict
    CROSSCHECK_UNAVAILABLE = "CROSSCHECK_UNAVAILABLE"


#: Notes inform but never turn `valid` into `valid_with_warnings` (contract §4, last line).
NOTE_CODES: frozenset[WarningCode] = frozenset({WarningCode.CROSSCHECK_UNAVAILABLE})


# --- what a scan yields (contract §2) -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardNumberRef:
    card_number: str
    kind: str = field(default="card_number", init=False)


@dataclass(frozen=True, slots=True)
class QrRef:
    token: str
    kind: str = field(default="qr", init=False)


@dataclass(frozen=True, slots=True)
class BarcodeRef:
    org_number: str
    card_number: str
    kind: str = field(default="barcode", init=False)


@dataclass(frozen=True, slots=True)
class ChipData:
    """What the sandbox chip layout HMSSBX v1 holds (contract §6). Shown as "read from the chip", never
    as the verdict. Every field is optional: unknown or missing tags leave it None."""

    card_number: str | None = None
    last_name: str | None = None
    first_names: str | None = None
    employer_org_number: str | None = None
    employer_name: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    category: str | None = None
    marker: str | None = None

    def __repr__(self) -> str:  # holds names: keep them out of logs and tracebacks
        return f"ChipData(card_number={self.card_number!r}, <personal data redacted>)"


@dataclass(frozen=True, slots=True)
class ChipRef:
    chip_code: str
    chip_data: ChipData | None = None
    kind: str = field(default="chip", init=False)


CardRef = CardNumberRef | QrRef | BarcodeRef | ChipRef


@dataclass(frozen=True, slots=True)
class ScannedCode:
    """One code found in an image of a card, not yet parsed: its text and symbology ("qr" or "barcode")."""

    text: str
    symbology: str


# --- what the status API says (contract §3) ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Employer:
    org_number: str
    name: str


@dataclass(frozen=True, slots=True)
class Holder:
    first_name: str
    last_name: str
    birth_date: date
    has_photo: bool

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def __repr__(self) -> str:  # personal data stays out of logs and tracebacks
        return "Holder(<redacted>)"


@dataclass(frozen=True, slots=True)
class Card:
    card_number: str
    category: Category
    status: CardStatus
    reason: StatusReason | None
    valid_from: date
    valid_to: date
    employer: Employer
    checked_at: datetime
    holder: Holder | None = None


# --- what the app concludes (contract §4) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """A warning or a note. `params` fill the message template of the string catalogue."""

    code: WarningCode
    params: tuple[tuple[str, str], ...] = ()

    @property
    def is_note(self) -> bool:
        return self.code in NOTE_CODES

    def param(self, name: str) -> str | None:
        return dict(self.params).get(name)


@dataclass(frozen=True, slots=True)
class CheckResult:
    verdict: Verdict
    reason: str | None  # a ReasonCode or a StatusReason value; None when valid
    ref: CardRef | None  # None when the input could not be parsed at all
    card: Card | None = None
    findings: tuple[Finding, ...] = ()
    detail: str | None = None  # technical detail for unverified/invalid (never personal data)
    #: for input that is not a card: the catalogue key `payload.<problem>` and its params, so the
    #: screen can say exactly what is wrong ("the QR code points to evil.com")
    problem: str | None = None
    problem_params: tuple[tuple[str, str], ...] = ()

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.is_note)

    @property
    def notes(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.is_note)


# --- the public registers the employer cross-check asks (contract §7) ------------------------------

#: Register names, as findings and messages name them.
ENHETSREGISTERET = "Enhetsregisteret"
BEMANNINGSFORETAKSREGISTERET = "Bemanningsforetaksregisteret"
RENHOLDSREGISTERET = "Renholdsregisteret"


class UnitState(enum.StrEnum):
    ACTIVE = "active"
    DELETED = "deleted"  # 200 with slettedato
    REMOVED = "removed"  # 410: removed from the open data for legal reasons (carries slettedato)
    NOT_FOUND = "not_found"  # 404 at both enheter and underenheter


@dataclass(frozen=True, slots=True)
class Unit:
    """A main unit (enhet) or sub-unit (underenhet) as Enhetsregisteret describes it."""

    org_number: str
    state: UnitState
    name: str | None = None
    is_sub_unit: bool = False
    #: overordnetEnhet: a sub-unit's main unit (a main unit may also have one in the public sector)
    parent: str | None = None
    nace: tuple[str, ...] = ()
    bankrupt: bool = False
    bankrupt_on: date | None = None
    liquidation: bool = False
    forced_dissolution: bool = False
    deleted_on: date | None = None


class StaffingStatus(enum.StrEnum):
    """What Bemanningsforetaksregisteret says of a staffing company (the client maps its codes)."""

    APPROVED = "approved"
    NOT_APPROVED = "not_approved"
    UNKNOWN = "unknown"  # a status this app does not know: cannot tell


class CleaningStatus(enum.StrEnum):
    """What Renholdsregisteret says of a cleaning company (the client maps its status texts)."""

    APPROVED = "approved"  # with or without employees
    #: lawful to buy from while the application is handled (contract §7): no warning, no note
    PENDING = "pending"
    NOT_APPROVED = "not_approved"
    UNKNOWN = "unknown"  # a status text this app does not know: cannot tell


@dataclass(frozen=True, slots=True)
class StaffingEntry:
    """A main unit's entry in Bemanningsforetaksregisteret. `status_text`: the register's own words,
    shown to the inspector."""

    org_number: str
    name: str
    status: StaffingStatus
    status_text: str
    sub_units: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CleaningEntry:
    """A main unit's entry in Renholdsregisteret; sub-units inherit its status. `status_text`: the
    register's own words, shown to the inspector."""

    org_number: str
    name: str
    status: CleaningStatus
    status_text: str
    sub_units: tuple[str, ...] = ()


# --- what scanners and readers hand in ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RawFrame:
    """An uncompressed frame from a camera image stream (mobile): planes as the platform gives them."""

    width: int
    height: int
    format: str  # "yuv420", "nv21", "bgra8888", ...
    data: bytes


@dataclass(frozen=True, slots=True)
class SensedCard:
    """A Type A card that answered anticollision: UID, SAK and ATQA (as datasheets print it)."""

    uid: bytes
    sak: int
    atqa: int


# --- crew lists (issue 15) ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CrewCheck:
    """What one row of a crew-list check concluded, as journaled and as written back to the list.

    No personal data: the row number, the card number, and what the status API and registers said
    about the card and its employer. A resumed run rebuilds its output from these."""

    row: int
    card_number: str
    verdict: Verdict
    reason: str | None = None
    status: str | None = None
    valid_to: date | None = None
    employer_org: str | None = None
    employer_name: str | None = None
    #: warning codes (notes left out), in the order found
    warnings: tuple[str, ...] = ()
    #: the org number the list gave, if any
    listed_org: str | None = None
    checked_at: datetime | None = None

    @classmethod
    def of(
        cls, row: int, card_number: str, result: CheckResult, *, listed_org: str | None = None
    ) -> CrewCheck:
        card = result.card
        return cls(
            row=row,
            card_number=card.card_number if card else card_number,
            verdict=result.verdict,
            reason=result.reason,
            status=str(card.status) if card else None,
            valid_to=card.valid_to if card else None,
            employer_org=card.employer.org_number if card else None,
            employer_name=card.employer.name if card else None,
            warnings=tuple(str(f.code) for f in result.warnings),
            listed_org=listed_org,
            checked_at=card.checked_at if card else None,
        )


# --- the inspection journal (issue 14) -----------------------------------------------------------
# What is recorded of a check. Deliberately no holder, birth date, photo, QR token or chip UID: each
# is personal data or a key to it, and an inspection record needs none of them.


class CheckMethod(enum.StrEnum):
    """How the card was presented."""

    QR = "qr"
    BARCODE = "barcode"
    CHIP = "chip"
    TYPED = "typed"
    PHOTO = "photo"  # codes decoded from a photo / image file


#: How the journal orders checks: the ones that need action first (issue 14: "non-valid first").
VERDICT_ORDER: dict[Verdict, int] = {
    Verdict.INVALID: 0,
    Verdict.UNVERIFIED: 1,
    Verdict.VALID_WITH_WARNINGS: 2,
    Verdict.VALID: 3,
}

#: Unverified reasons that a later attempt may settle: the check is journaled as pending re-check.
RECHECK_REASONS: frozenset[str] = frozenset({ReasonCode.NETWORK.value, ReasonCode.TIMEOUT.value})


@dataclass(frozen=True, slots=True)
class CheckRecord:
    """One check as the journal keeps it (no personal data; see the block comment above)."""

    checked_at: datetime  # UTC, aware
    user: str
    method: CheckMethod
    verdict: Verdict
    reason: str | None
    card_number: str | None
    card_status: str | None
    card_category: str | None
    valid_to: date | None
    employer_org_number: str | None
    employer_name: str | None
    warning_codes: tuple[str, ...]
    sandbox: bool
    app_version: str
    round_id: int | None = None
    #: unverified for NETWORK/TIMEOUT: to be re-checked when the status API answers again
    pending: bool = False
    #: the id of the pending entry this check re-checked, if it is a re-check
    recheck_of: int | None = None
    #: a crew-list check (issue 15): the row of the list it was made for (one entry per round and row)
    list_row: int | None = None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """A stored check: its record plus the journal's id (and, once re-checked, the re-check's id)."""

    id: int
    record: CheckRecord
    rechecked_by: int | None = None


@dataclass(frozen=True, slots=True)
class Round:
    """An inspection round at one site: the checks made between start and end belong to it."""

    id: int
    site_name: str
    address: str
    user: str
    started_at: datetime  # UTC, aware
    ended_at: datetime | None = None
    #: "lat,lon" in decimal degrees where the device gave a position
    position: str | None = None

    @property
    def open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """A round with its counts: per verdict (value → n) and per employer (name/org → n)."""

    round: Round
    total: int
    by_verdict: tuple[tuple[str, int], ...]
    by_employer: tuple[tuple[str, int], ...]
