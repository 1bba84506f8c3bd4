"""The sandbox's register data: Enhetsregisteret units, Bemanningsforetaksregisteret and
Renholdsregisteret entries for the reference employers (contract §5) and a few extra cases.

Org numbers starting with 1 pass MOD11 and belong to no real company. Every reference employer is
here; the extras cover the register answers the cross-check must handle:

    100002027  Slettet Stillas AS                 deleted (200 with slettedato)
    100003031  (removed)                          410 Gone: removed for legal reasons
    100004046  Konkursbo Bygg AS avd. Tromsø      sub-unit of Konkursbo Bygg AS (bankrupt)
    100005050  Avvikling Maling AS                under voluntary liquidation
    100006065  Tvangsoppløsning Tak AS            under forced dissolution
    100008084  Vikarhuset Sør AS                  staffing (78.200), approved
    100009099  Innleie Øst AS                     staffing (78.200), absent from the register
    100010100  Skinn Renhold AS                   cleaning, "Under behandling" (lawful)
    100001012  Rent & Pent Renhold AS avd. Bergen sub-unit of an approved cleaning company
    100011115  Feie Renhold AS                    cleaning (81.210), absent from Renholdsregisteret
    100013134  Eksempel Bygg AS avd. Oslo         sub-unit of Eksempel Bygg AS (good standing)
    100014149  Vikarhuset Sør AS avd. Kristiansand sub-unit of an approved staffing company
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class SandboxUnit:
    org_number: str
    name: str
    nace: tuple[str, str] | None  # (code, description)
    #: None for a main unit; the main unit's org number for a sub-unit (organisasjonsform BEDR)
    parent: str | None = None
    form: tuple[str, str] = ("AS", "Aksjeselskap")
    town: tuple[str, str, str] = ("0150", "OSLO", "0301")  # postnummer, poststed, kommunenummer
    registered: date = date(2015, 3, 2)
    bankrupt_on: date | None = None
    liquidation_on: date | None = None
    forced_dissolution_on: date | None = None
    deleted_on: date | None = None  # answered 200 with slettedato
    removed_on: date | None = None  # answered 410 Gone


_BEDR = ("BEDR", "Underenhet til næringsdrivende og offentlig forvaltning")
_BUILD = ("41.200", "Oppføring av bygninger")
_CLEAN = ("81.210", "Vanlig rengjøring av bygninger")
_STAFF = ("78.200", "Utleie av arbeidskraft")

UNITS: tuple[SandboxUnit, ...] = (
    # --- the reference employers (contract §5) ---
    SandboxUnit("123456785", "Eksempel Bygg AS", _BUILD),
    SandboxUnit(
        "135792462",
        "Fjellstøtt Entreprenør AS",
        ("42.990", "Bygging av andre anlegg ikke nevnt annet sted"),
        town=("5003", "BERGEN", "4601"),
    ),
    SandboxUnit(
        "147025831",
        "Vestland Betong AS",
        ("43.990", "Annen spesialisert bygge- og anleggsvirksomhet"),
        town=("5003", "BERGEN", "4601"),
    ),
    SandboxUnit(
        "159753646",
        "Nordkyst Stillas AS",
        ("43.991", "Utleie av kraner og annet bygge- og anleggsutstyr med fører"),
        town=("9008", "TROMSØ", "5501"),
    ),
    SandboxUnit("162738496", "Rent & Pent Renhold AS", _CLEAN),
    SandboxUnit("173849508", "Glans Renhold AS", _CLEAN, town=("7010", "TRONDHEIM", "5001")),
    SandboxUnit(
        "184950618",
        "Konkursbo Bygg AS",
        _BUILD,
        town=("9008", "TROMSØ", "5501"),
        bankrupt_on=date(2025, 9, 15),
    ),
    SandboxUnit("195061726", "Bemanning Nord AS", _STAFF, town=("8006", "BODØ", "1804")),
    # --- extra cases ---
    SandboxUnit("100002027", "Slettet Stillas AS", None, deleted_on=date(2024, 11, 30)),
    SandboxUnit("100003031", "Fjernet Enhet AS", None, removed_on=date(2023, 6, 1)),
    SandboxUnit(
        "100004046",
        "Konkursbo Bygg AS avd. Tromsø",
        _BUILD,
        parent="184950618",
        form=_BEDR,
        town=("9008", "TROMSØ", "5501"),
    ),
    SandboxUnit(
        "100005050", "Avvikling Maling AS", ("43.341", "Malerarbeid"), liquidation_on=date(2025, 8, 1)
    ),
    SandboxUnit(
        "100006065",
        "Tvangsoppløsning Tak AS",
        ("43.910", "Takarbeid"),
        forced_dissolution_on=date(2025, 7, 1),
    ),
    SandboxUnit("100008084", "Vikarhuset Sør AS", _STAFF, town=("4611", "KRISTIANSAND S", "4204")),
    SandboxUnit("100009099", "Innleie Øst AS", _STAFF, town=("1606", "FREDRIKSTAD", "3107")),
    SandboxUnit("100010100", "Skinn Renhold AS", _CLEAN),
    SandboxUnit(
        "100001012",
        "Rent & Pent Renhold AS avd. Bergen",
        _CLEAN,
        parent="162738496",
        form=_BEDR,
        town=("5003", "BERGEN", "4601"),
    ),
    SandboxUnit("100011115", "Feie Renhold AS", _CLEAN),
    SandboxUnit("100013134", "Eksempel Bygg AS avd. Oslo", _BUILD, parent="123456785", form=_BEDR),
    SandboxUnit(
        "100014149",
        "Vikarhuset Sør AS avd. Kristiansand",
        _STAFF,
        parent="100008084",
        form=_BEDR,
        town=("4611", "KRISTIANSAND S", "4204"),
    ),
)

UNITS_BY_ORG: dict[str, SandboxUnit] = {u.org_number: u for u in UNITS}


@dataclass(frozen=True, slots=True)
class StaffingFixture:
    """A main unit in Bemanningsforetaksregisteret (registerstatus 1 = Godkjent, 2 = Ikke godkjent)."""

    org_number: str
    status: int
    sub_units: tuple[str, ...] = ()

    @property
    def status_text(self) -> str:
        return "Godkjent" if self.status == 1 else "Ikke godkjent"


STAFFING: tuple[StaffingFixture, ...] = (
    StaffingFixture("195061726", 2),
    StaffingFixture("100008084", 1, sub_units=("100014149",)),
)


@dataclass(frozen=True, slots=True)
class CleaningFixture:
    """A main unit in Renholdsregisteret; `status` is spelled as the register happens to spell it
    (its case varies), so the client must compare case-insensitively."""

    org_number: str
    status: str
    sub_units: tuple[str, ...] = ()


CLEANING: tuple[CleaningFixture, ...] = (
    CleaningFixture("162738496", "GODKJENT MED ANSATTE", sub_units=("100001012",)),
    CleaningFixture("173849508", "Ikke godkjent"),
    CleaningFixture("100010100", "Under behandling"),
)
