"""A status answer for pure unit tests of the crew-list runner (fake ports, no HTTP)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.model import Card, CardStatus, Category, Employer


def valid_card(card_number: str) -> Card:
    """A valid building card, checked just now, for any card number asked."""
    return Card(
        card_number,
        Category.BYGG,
        CardStatus.GYLDIG,
        None,
        date(2020, 1, 1),
        date(2099, 1, 1),
        Employer("123456785", "Eksempel Bygg AS"),
        datetime.now(UTC),
    )
