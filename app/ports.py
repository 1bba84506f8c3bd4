"""The ports the services need; adapters at the edge implement them, tests hand in fakes."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.model import Card


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
