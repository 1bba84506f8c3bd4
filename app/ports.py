"""The ports the services need; adapters at the edge implement them, tests hand in fakes."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.model import Card, CrewCheck, Finding


class StatusPort(Protocol):
    """The HMS-kort status API (contract §3).

    Each call returns a `Card`, or raises `CardNotFound` (404), `RequestRejected` (400) or
    `StatusUnavailable` (anything that leaves the status unconfirmed). Nothing else escapes.
    """

    async def get_card(self, card_number: str) -> Card: ...

    async def lookup_qr(self, token: str) -> Card: ...

    async def lookup_chip(self, chip_code: str) -> Card: ...

    async def get_photo(self, card_number: str) -> bytes: ...


class Clock(Protocol):
    def today(self) -> date: ...


class EmployerCheckPort(Protocol):
    """Cross-checks of the employer against the public registers (issue 6, contract §7)."""

    async def findings(self, org_number: str, category: str) -> tuple[Finding, ...]:
        """Warnings about the employer. Never raises: a register that could not be asked yields a
        `CROSSCHECK_UNAVAILABLE` note instead."""
        ...

    async def related(self, org_a: str, org_b: str) -> bool | None:
        """True when the two are the same unit or one is the other's main unit / sub-unit;
        None when the register could not be asked."""
        ...


# --- crew lists (issue 15) ------------------------------------------------------------------------


class CrewJournalPort(Protocol):
    """Where a crew-list run journals each row as its result arrives, so that a killed run can be
    resumed: a round per run, named after the file. Implemented over the inspection journal."""

    async def open_crew_round(self, name: str, fingerprint: str, *, resume: bool) -> tuple[str, bool]:
        """(round id, resumed). `resume`: the newest unfinished round of that name whose fingerprint
        matches is continued (resumed=True); otherwise, or when there is none, a new round is started.
        A newer round of that name with another fingerprint raises `ValueError` (the list changed)."""
        ...

    async def crew_checks(self, round_id: str) -> list[CrewCheck]:
        """The rows journaled in that round so far."""
        ...

    async def record_crew_check(self, round_id: str, check: CrewCheck) -> None:
        """Journal one row; durable when it returns. A row journaled twice keeps its first entry."""
        ...

    async def finish_crew_round(self, round_id: str) -> None:
        """Mark the round complete (it is then no longer resumed)."""
        ...
