"""The ports the services need; adapters at the edge implement them, tests hand in fakes."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from app.model import Card, Finding


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


# --- served mode (issue 13): who is using this session ---------------------------------------------


class Role(enum.StrEnum):
    """What a signed-in user may do. Local mode's user (the person at their own machine) is ADMIN."""

    INSPECTOR = "hmskort-inspector"  # checks cards, sees their own journal
    ADMIN = "hmskort-admin"  # also sees the settings (read-only in served mode) and everyone's journal


@dataclass(frozen=True, slots=True)
class Identity:
    """The user of one session: from the OpenID provider in served mode, `LOCAL_USER` in local mode.
    The journal keys entries by `user_id` and shows everyone's only when `sees_everyones_journal`."""

    user_id: str  # the provider's stable subject (`iss` + `sub`), never a display name
    name: str  # for the screen only
    role: Role
    served: bool = False  # True: the settings are the server's, never the browser's

    @property
    def may_see_settings(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def sees_everyones_journal(self) -> bool:
        return self.role is Role.ADMIN

    def __repr__(self) -> str:  # names are personal data: keep them out of logs and tracebacks
        return f"Identity(user_id=..., role={self.role.value}, served={self.served})"


LOCAL_USER = Identity(user_id="local", name="", role=Role.ADMIN, served=False)
