"""The cross-check rules over hand-written fake register ports (pure unit tests), and the messages."""

from __future__ import annotations

import re

import pytest

from app.errors import RegisterUnavailable
from app.i18n import CATALOGUE, t
from app.model import (
    CleaningEntry,
    CleaningStatus,
    Finding,
    StaffingEntry,
    StaffingStatus,
    Unit,
    UnitState,
    WarningCode,
)
from app.services.crosscheck import EmployerChecker

CROSSCHECK_CODES = (
    "EMPLOYER_BANKRUPT",
    "EMPLOYER_LIQUIDATION",
    "EMPLOYER_DELETED",
    "CLEANING_NOT_APPROVED",
    "STAFFING_NOT_APPROVED",
    "CROSSCHECK_UNAVAILABLE",
)


class FakeUnits:
    def __init__(self, *units: Unit, down: bool = False, broken: bool = False) -> None:
        self.units = {u.org_number: u for u in units}
        self.down, self.broken = down, broken
        self.asked: list[str] = []

    async def unit(self, org_number: str) -> Unit:
        self.asked.append(org_number)
        if self.broken:
            raise KeyError("a bug in an adapter")
        if self.down:
            raise RegisterUnavailable("Enhetsregisteret", "unavailable", "down")
        return self.units.get(org_number, Unit(org_number, UnitState.NOT_FOUND))


class FakeRegister:
    """Staffing or cleaning: entries by every org number that should find them."""

    def __init__(self, entries: dict | None = None, *, down: bool = False) -> None:
        self.entries = entries or {}
        self.down = down
        self.asked: list[str] = []

    async def entry(self, org_number: str):
        self.asked.append(org_number)
        if self.down:
            raise RegisterUnavailable("register", "unavailable", "down")
        return self.entries.get(org_number)


def main(org: str, name: str = "Firma AS", nace: tuple[str, ...] = ("41.200",), **flags) -> Unit:
    return Unit(org, UnitState.ACTIVE, name=name, nace=nace, **flags)


def sub(org: str, parent: str, nace: tuple[str, ...] = ("41.200",)) -> Unit:
    return Unit(org, UnitState.ACTIVE, name="Firma AS avd. X", is_sub_unit=True, parent=parent, nace=nace)


def checker(units: FakeUnits, staffing: FakeRegister | None = None, cleaning: FakeRegister | None = None,
            *, no_cleaning: bool = False) -> EmployerChecker:  # fmt: skip
    return EmployerChecker(
        units, staffing or FakeRegister(), None if no_cleaning else cleaning or FakeRegister()
    )


def codes(findings: tuple[Finding, ...]) -> list[str]:
    return [f.code.value for f in findings]


async def test_good_standing_gives_nothing():
    assert await checker(FakeUnits(main("123456785"))).findings("123456785", "BYGG") == ()


async def test_bankrupt_and_liquidation_flags_each_give_their_warning():
    units = FakeUnits(main("111111111", bankrupt=True), main("222222222", liquidation=True),
                      main("333333333", forced_dissolution=True))  # fmt: skip
    c = checker(units)
    assert codes(await c.findings("111111111", "BYGG")) == ["EMPLOYER_BANKRUPT"]
    (voluntary,) = await c.findings("222222222", "BYGG")
    (forced,) = await c.findings("333333333", "BYGG")
    assert voluntary.code is forced.code is WarningCode.EMPLOYER_LIQUIDATION
    assert (voluntary.param("kind"), forced.param("kind")) == ("voluntary", "forced")


async def test_a_sub_unit_takes_its_parents_flags():
    units = FakeUnits(
        sub("444444444", parent="111111111"), main("111111111", name="Konkurs AS", bankrupt=True)
    )
    (finding,) = await checker(units).findings("444444444", "BYGG")
    assert finding.code is WarningCode.EMPLOYER_BANKRUPT and finding.param("who") == "Konkurs AS (111111111)"


async def test_a_sub_unit_whose_parent_is_deleted_is_deleted():
    units = FakeUnits(sub("444444444", "111111111"), Unit("111111111", UnitState.DELETED, name="Borte AS"))
    assert codes(await checker(units).findings("444444444", "BYGG")) == ["EMPLOYER_DELETED"]


async def test_removed_410_counts_as_deleted_and_says_so():
    units = FakeUnits(Unit("555555555", UnitState.REMOVED))
    (finding,) = await checker(units).findings("555555555", "BYGG")
    assert finding.code is WarningCode.EMPLOYER_DELETED and finding.param("removed") == "yes"


async def test_unknown_unit_is_a_note_not_a_warning():
    (note,) = await checker(FakeUnits()).findings("666666666", "BYGG")
    assert note.is_note and note.param("reason") == "not_found"


@pytest.mark.parametrize("status", [CleaningStatus.PENDING, CleaningStatus.APPROVED])
async def test_lawful_cleaning_statuses_give_nothing(status):
    cleaning = FakeRegister({"777777777": CleaningEntry("777777777", "RENT AS", status, "Under behandling")})
    assert (
        await checker(FakeUnits(main("777777777", nace=("81.210",))), cleaning=cleaning).findings(
            "777777777", "RENHOLD"
        )
        == ()
    )


async def test_not_approved_cleaning_is_cleaning_not_approved_in_the_registers_words():
    entry = CleaningEntry("777777777", "SKITT AS", CleaningStatus.NOT_APPROVED, "IKKE  GODKJENT")
    cleaning = FakeRegister({"777777777": entry})
    units = FakeUnits(main("777777777", name="Skitt AS", nace=("81.210",)))
    (finding,) = await checker(units, cleaning=cleaning).findings("777777777", "BYGG")
    assert finding.code is WarningCode.CLEANING_NOT_APPROVED
    assert finding.param("who") == "Skitt AS (777777777)"  # Enhetsregisteret's spelling wins
    assert finding.param("status") == "IKKE  GODKJENT"


async def test_an_unknown_cleaning_status_is_a_note():
    cleaning = FakeRegister(
        {"777777777": CleaningEntry("777777777", "X AS", CleaningStatus.UNKNOWN, "Suspendert")}
    )
    (note,) = await checker(FakeUnits(main("777777777")), cleaning=cleaning).findings("777777777", "RENHOLD")
    assert note.is_note and note.param("reason") == "unknown_status"


async def test_cleaning_register_is_ignored_for_a_builder_even_when_down():
    c = checker(
        FakeUnits(main("123456785")), cleaning=FakeRegister(down=True), staffing=FakeRegister(down=True)
    )
    assert await c.findings("123456785", "BYGG") == ()


async def test_staffing_nace_absent_from_register_is_not_approved():
    (finding,) = await checker(FakeUnits(main("888888888", nace=("78.100",)))).findings("888888888", "BYGG")
    assert finding.code is WarningCode.STAFFING_NOT_APPROVED and finding.param("status") == "absent"


async def test_staffing_nace_in_second_code_counts():
    units = FakeUnits(main("888888888", nace=("41.200", "78.200")))
    staffing = FakeRegister(
        {"888888888": StaffingEntry("888888888", "X", StaffingStatus.APPROVED, "Godkjent")}
    )
    assert await checker(units, staffing).findings("888888888", "BYGG") == ()
    assert codes(await checker(units).findings("888888888", "BYGG")) == ["STAFFING_NOT_APPROVED"]


async def test_a_sub_unit_is_looked_up_in_the_registers_by_its_main_unit_when_its_own_number_finds_nothing():
    units = FakeUnits(sub("444444444", "888888888", nace=("78.200",)), main("888888888", nace=("78.200",)))
    staffing = FakeRegister(
        {"888888888": StaffingEntry("888888888", "VIKAR AS", StaffingStatus.NOT_APPROVED, "Ikke godkjent")}
    )
    (finding,) = await checker(units, staffing).findings("444444444", "BYGG")
    assert finding.code is WarningCode.STAFFING_NOT_APPROVED and finding.param("org") == "888888888"
    assert staffing.asked == ["444444444", "888888888"]


async def test_no_renhold_service_gives_a_not_configured_note_for_cleaning_only():
    units = FakeUnits(main("777777777", nace=("81.210",)), main("123456785"))
    c = checker(units, no_cleaning=True)
    (note,) = await c.findings("777777777", "BYGG")
    assert note.param("reason") == "not_configured" and note.param("register") == "Renholdsregisteret"
    assert await c.findings("123456785", "BYGG") == ()


async def test_a_bug_in_an_adapter_becomes_a_note_never_an_exception():
    (note,) = await checker(FakeUnits(broken=True)).findings("123456785", "BYGG")
    assert note.code is WarningCode.CROSSCHECK_UNAVAILABLE and note.param("reason") == "bad_response"


async def test_related_is_none_when_the_register_cannot_be_asked():
    assert await checker(FakeUnits(down=True)).related("123456785", "100013134") is None
    assert await checker(FakeUnits(down=True)).related("123456785", "123456785") is True


async def test_siblings_are_not_related_per_contract():
    units = FakeUnits(sub("444444444", "111111111"), sub("555555555", "111111111"), main("111111111"))
    assert await checker(units).related("444444444", "555555555") is False


# --- messages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CROSSCHECK_CODES)
def test_every_finding_has_plain_words_in_both_languages(code):
    for lang in ("nb", "en"):
        assert f"finding.{code}" in CATALOGUE[lang]


async def test_messages_fill_every_field_from_real_findings():
    units = FakeUnits(main("111111111", name="Konkurs AS", bankrupt=True, liquidation=True),
                      Unit("555555555", UnitState.DELETED, name="Borte AS"),
                      main("888888888", nace=("78.200", "81.210")))  # fmt: skip
    c = checker(units, cleaning=FakeRegister(down=True))
    found = (
        await c.findings("111111111", "BYGG") + await c.findings("555555555", "BYGG")
        + await c.findings("888888888", "BYGG")
    )  # fmt: skip
    assert set(codes(found)) == set(CROSSCHECK_CODES) - {"CLEANING_NOT_APPROVED"}
    found += await checker(FakeUnits(main("777777777", nace=("81.210",)))).findings("777777777", "RENHOLD")
    assert set(codes(found)) == set(CROSSCHECK_CODES)
    for finding in found:
        for lang in ("nb", "en"):
            text = t(f"finding.{finding.code.value}", lang, **dict(finding.params))
            assert not re.search(r"\{\w+\}", text), text
