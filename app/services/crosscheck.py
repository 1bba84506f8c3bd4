"""Employer cross-checks against the public registers (issue 6, contract §4 and §7).

A card can be valid while its employer is bankrupt, deleted, or an unapproved cleaning or staffing
company. `EmployerChecker` implements `app.ports.EmployerCheckPort` over the three register ports
of `app.ports`; `api_client.registers` implements those over HTTP, and `app.bootstrap` wires them.

Which checks apply:

    every employer     Enhetsregisteret: konkurs → EMPLOYER_BANKRUPT; underAvvikling or
                       underTvangsavviklingEllerTvangsopplosning → EMPLOYER_LIQUIDATION; slettedato
                       (200) or 410 → EMPLOYER_DELETED. A sub-unit carries no such flags: its main
                       unit's flags count.
    cleaning           (card category RENHOLD, or NACE 81.2xx): Renholdsregisteret. NOT_APPROVED
                       or absent → CLEANING_NOT_APPROVED. PENDING ("under behandling", "under
                       HMS-kortbestilling") is lawful to buy from (contract §7): no warning and no
                       note, because a note that fires for lawful companies teaches inspectors to
                       ignore notes. UNKNOWN (a status text we do not know) → a
                       CROSSCHECK_UNAVAILABLE note.
    staffing           (NACE 78.xxx): Bemanningsforetaksregisteret. Absent or NOT_APPROVED →
                       STAFFING_NOT_APPROVED.

The registers' own codes and status texts are mapped to `StaffingStatus` / `CleaningStatus` in
`api_client.registers`; nothing here reads the wire format.

A register that could not be asked (down, timeout, bad answer, not configured, unit unknown to it)
yields a CROSSCHECK_UNAVAILABLE note, which never changes the verdict.

All three registers are asked at once, before we know whether the staffing or cleaning check
applies, so that the cross-check costs one round trip, not two (NACE comes from Enhetsregisteret).
An answer from a register whose check turns out not to apply is ignored, errors included. With
the client cache that is still one request per register per company per day.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from app.errors import RegisterUnavailable
from app.model import (
    BEMANNINGSFORETAKSREGISTERET,
    ENHETSREGISTERET,
    RENHOLDSREGISTERET,
    Category,
    CleaningStatus,
    Finding,
    StaffingStatus,
    Unit,
    UnitState,
    WarningCode,
)
from app.ports import CleaningRegisterPort, StaffingRegisterPort, UnitRegisterPort

#: NACE (SN2007) prefixes: 81.2 cleaning activities, 78 employment activities (staffing).
CLEANING_NACE_PREFIX = "81.2"
STAFFING_NACE_PREFIX = "78."


# --- the checks -----------------------------------------------------------------------------------

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Failed:
    error: RegisterUnavailable


async def _attempt(call: Awaitable[T], register: str) -> T | _Failed:
    """Await `call`, turning any failure into a value so that one register cannot sink the rest."""
    try:
        return await call
    except RegisterUnavailable as exc:
        return _Failed(exc)
    except Exception as exc:  # a bug in an adapter must not cost the inspector the card's verdict
        return _Failed(RegisterUnavailable(register, "bad_response", f"{type(exc).__name__}"))


def _who(org_number: str, name: str | None) -> str:
    return f"{name} ({org_number})" if name else org_number


def _unit_params(unit: Unit, checked: str) -> tuple[tuple[str, str], ...]:
    return (
        ("name", unit.name or ""),
        ("org", unit.org_number),
        ("who", _who(unit.org_number, unit.name)),
        ("checked", checked),
        ("register", ENHETSREGISTERET),
    )


def _unavailable(org_number: str, register: str, reason: str) -> Finding:
    return Finding(
        WarningCode.CROSSCHECK_UNAVAILABLE,
        (("org", org_number), ("register", register), ("reason", reason)),
    )


class EmployerChecker:
    """`EmployerCheckPort` over the three register ports. `cleaning=None`: no Renholdsregisteret API
    is configured, so a cleaning employer gets a CROSSCHECK_UNAVAILABLE note."""

    def __init__(
        self,
        units: UnitRegisterPort,
        staffing: StaffingRegisterPort,
        cleaning: CleaningRegisterPort | None,
    ) -> None:
        self._units = units
        self._staffing = staffing
        self._cleaning = cleaning

    async def findings(self, org_number: str, category: str) -> tuple[Finding, ...]:
        """Warnings and notes about the employer; never raises."""
        try:
            return await self._findings(org_number, str(category))
        except asyncio.CancelledError:
            raise
        except Exception:  # the port promises never to raise; a bug here must not hide the verdict
            return (_unavailable(org_number, ENHETSREGISTERET, "bad_response"),)

    async def related(self, org_a: str, org_b: str) -> bool | None:
        """True when the same unit or main unit / sub-unit of each other; None when unknown."""
        if org_a == org_b:
            return True
        a, b = await asyncio.gather(
            _attempt(self._units.unit(org_a), ENHETSREGISTERET),
            _attempt(self._units.unit(org_b), ENHETSREGISTERET),
        )
        if isinstance(a, _Failed) or isinstance(b, _Failed):
            return None
        return (a.is_sub_unit and a.parent == org_b) or (b.is_sub_unit and b.parent == org_a)

    async def _findings(self, org: str, category: str) -> tuple[Finding, ...]:
        cleaning_lookup = (
            _attempt(self._cleaning.entry(org), RENHOLDSREGISTERET) if self._cleaning else _none()
        )
        unit_r, staffing_r, cleaning_r = await asyncio.gather(
            _attempt(self._units.unit(org), ENHETSREGISTERET),
            _attempt(self._staffing.entry(org), BEMANNINGSFORETAKSREGISTERET),
            cleaning_lookup,
        )
        out: list[Finding] = []
        nace: tuple[str, ...] | None = None  # None: Enhetsregisteret could not tell us
        main_org, main_name = org, None
        if isinstance(unit_r, _Failed):
            out.append(_unavailable(org, ENHETSREGISTERET, unit_r.error.reason))
        else:
            main, unit_findings = await self._unit_findings(unit_r)
            out.extend(unit_findings)
            if unit_r.state is UnitState.ACTIVE:
                nace = unit_r.nace + (main.nace if main is not None else ())
                if main is not None:
                    main_org, main_name = main.org_number, main.name
        if main_org != org:
            # A sub-unit: the registers hold main units. Ask again by the main unit when the
            # sub-unit's own number found nothing (the real services may not index sub-units).
            staffing_r, cleaning_r = await self._retry_by_main(main_org, staffing_r, cleaning_r)

        subject = (main_org, main_name)
        out.extend(self._staffing_findings(subject, nace, staffing_r))
        out.extend(self._cleaning_findings(subject, category, nace, cleaning_r))
        return tuple(dict.fromkeys(out))

    async def _unit_findings(self, unit: Unit) -> tuple[Unit | None, list[Finding]]:
        """(the unit whose flags count, findings). Follows a sub-unit to its main unit."""
        checked = unit.org_number
        if unit.state is UnitState.NOT_FOUND:
            return None, [_unavailable(checked, ENHETSREGISTERET, "not_found")]
        if unit.state in (UnitState.DELETED, UnitState.REMOVED):
            return None, [self._deleted(unit, checked)]
        main = unit
        if unit.is_sub_unit and unit.parent:
            parent = await _attempt(self._units.unit(unit.parent), ENHETSREGISTERET)
            if isinstance(parent, _Failed):
                return None, [_unavailable(checked, ENHETSREGISTERET, parent.error.reason)]
            if parent.state is UnitState.NOT_FOUND:
                return None, [_unavailable(checked, ENHETSREGISTERET, "not_found")]
            if parent.state in (UnitState.DELETED, UnitState.REMOVED):
                return None, [self._deleted(parent, checked)]
            main = parent
        out: list[Finding] = []
        params = _unit_params(main, checked)
        if main.bankrupt:
            date_param = (("date", main.bankrupt_on.isoformat()),) if main.bankrupt_on else ()
            out.append(Finding(WarningCode.EMPLOYER_BANKRUPT, params + date_param))
        if main.liquidation or main.forced_dissolution:
            kind = "forced" if main.forced_dissolution else "voluntary"
            out.append(Finding(WarningCode.EMPLOYER_LIQUIDATION, (*params, ("kind", kind))))
        return main, out

    @staticmethod
    def _deleted(unit: Unit, checked: str) -> Finding:
        extra: tuple[tuple[str, str], ...] = (
            ("removed", "yes" if unit.state is UnitState.REMOVED else "no"),
        )
        if unit.deleted_on:
            extra += (("date", unit.deleted_on.isoformat()),)
        return Finding(WarningCode.EMPLOYER_DELETED, _unit_params(unit, checked) + extra)

    async def _retry_by_main(self, main_org: str, staffing_r, cleaning_r):
        async def again(result, port, register):
            if result is None and port is not None:
                return await _attempt(port.entry(main_org), register)
            return result

        return await asyncio.gather(
            again(staffing_r, self._staffing, BEMANNINGSFORETAKSREGISTERET),
            again(cleaning_r, self._cleaning, RENHOLDSREGISTERET),
        )

    @staticmethod
    def _staffing_findings(subject: tuple[str, str | None], nace, result) -> list[Finding]:
        org = subject[0]
        is_staffing = nace is not None and any(c.startswith(STAFFING_NACE_PREFIX) for c in nace)
        if isinstance(result, _Failed):
            return (
                [_unavailable(org, BEMANNINGSFORETAKSREGISTERET, result.error.reason)] if is_staffing else []
            )
        if result is None:
            # Absent: not approved, but only a staffing company needs to be there.
            return (
                [_not_approved(WarningCode.STAFFING_NOT_APPROVED, subject, "absent")] if is_staffing else []
            )
        if result.status is StaffingStatus.APPROVED:
            return []
        if result.status is StaffingStatus.NOT_APPROVED:
            # In the register as not approved: a staffing company whatever its NACE code says.
            entry = (result.org_number, _prefer_official_name(result.org_number, result.name, subject))
            return [_not_approved(WarningCode.STAFFING_NOT_APPROVED, entry, result.status_text)]
        if is_staffing or nace is None:
            return [_unavailable(org, BEMANNINGSFORETAKSREGISTERET, "unknown_status")]
        return []

    def _cleaning_findings(
        self, subject: tuple[str, str | None], category: str, nace, result
    ) -> list[Finding]:
        org = subject[0]
        is_cleaning = category == Category.RENHOLD or (
            nace is not None and any(c.startswith(CLEANING_NACE_PREFIX) for c in nace)
        )
        if self._cleaning is None:
            return [_unavailable(org, RENHOLDSREGISTERET, "not_configured")] if is_cleaning else []
        if isinstance(result, _Failed):
            return [_unavailable(org, RENHOLDSREGISTERET, result.error.reason)] if is_cleaning else []
        if result is None:
            # Absent: a cleaning company must be approved to sell cleaning services at all.
            return (
                [_not_approved(WarningCode.CLEANING_NOT_APPROVED, subject, "absent")] if is_cleaning else []
            )
        if result.status in (CleaningStatus.APPROVED, CleaningStatus.PENDING):
            return []
        if result.status is CleaningStatus.NOT_APPROVED:
            # In the register as not approved: a cleaning company whatever its NACE code says.
            entry = (result.org_number, _prefer_official_name(result.org_number, result.name, subject))
            return [_not_approved(WarningCode.CLEANING_NOT_APPROVED, entry, result.status_text)]
        if is_cleaning or nace is None:
            return [_unavailable(org, RENHOLDSREGISTERET, "unknown_status")]
        return []


def _prefer_official_name(org: str, register_name: str, subject: tuple[str, str | None]) -> str | None:
    # Enhetsregisteret's spelling ("Glans Renhold AS") reads better than the registers' capitals.
    return subject[1] if subject[0] == org and subject[1] else (register_name or None)


def _not_approved(code: WarningCode, subject: tuple[str, str | None], status: str) -> Finding:
    org, name = subject
    register = (
        RENHOLDSREGISTERET if code is WarningCode.CLEANING_NOT_APPROVED else BEMANNINGSFORETAKSREGISTERET
    )
    return Finding(
        code,
        (
            ("name", name or ""),
            ("org", org),
            ("who", _who(org, name)),
            ("register", register),
            ("status", status),
        ),
    )


async def _none() -> None:
    return None
