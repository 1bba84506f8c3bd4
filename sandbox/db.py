"""The sandbox's card table in SQLite, seeded with the reference cards of contract §5.

One short-lived connection per call: uvicorn may run handlers on any thread (Starlette sends sync
work to a thread pool) and the runner's caller sits on yet another, so no connection is shared.
The holders are fictitious (contract §5); the default database is a temp file removed on close.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sandbox.reference_cards import REFERENCE_CARDS, ReferenceCard

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cards (
    card_number   TEXT PRIMARY KEY CHECK (length(card_number) = 8),
    qr_token      TEXT UNIQUE,
    chip_code     TEXT UNIQUE,
    status        TEXT NOT NULL CHECK (status IN ('GYLDIG', 'UGYLDIG', 'SPERRET')),
    reason        TEXT,
    category      TEXT NOT NULL CHECK (category IN ('BYGG', 'RENHOLD', 'BILPLEIE', 'TRANSPORT')),
    valid_from    TEXT NOT NULL,
    valid_to      TEXT NOT NULL,
    org_number    TEXT NOT NULL,
    employer_name TEXT NOT NULL,
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    birth_date    TEXT NOT NULL,
    has_photo     INTEGER NOT NULL DEFAULT 1
)
"""

_COLUMNS = (
    "card_number, qr_token, chip_code, status, reason, category, valid_from, valid_to, "
    "org_number, employer_name, first_name, last_name, birth_date, has_photo"
)


@dataclass(frozen=True, slots=True)
class CardRecord:
    """One row of the card table, with real dates."""

    card_number: str
    qr_token: str | None
    chip_code: str | None
    status: str
    reason: str | None
    category: str
    valid_from: date
    valid_to: date
    org_number: str
    employer_name: str
    first_name: str
    last_name: str
    birth_date: date
    has_photo: bool = True

    @classmethod
    def from_reference(cls, card: ReferenceCard, today: date) -> CardRecord:
        """The row for a reference card, its dates counted from `today`."""
        return cls(
            card_number=card.card_number,
            qr_token=card.qr_token,
            chip_code=card.chip_code,
            status=card.status,
            reason=card.reason,
            category=card.category,
            valid_from=card.valid_from(today),
            valid_to=card.valid_to(today),
            org_number=card.org_number,
            employer_name=card.employer_name,
            first_name=card.first_name,
            last_name=card.last_name,
            birth_date=card.birth_date,
        )

    def _params(self) -> tuple:
        return (
            self.card_number,
            self.qr_token,
            self.chip_code,
            self.status,
            self.reason,
            self.category,
            self.valid_from.isoformat(),
            self.valid_to.isoformat(),
            self.org_number,
            self.employer_name,
            self.first_name,
            self.last_name,
            self.birth_date.isoformat(),
            int(self.has_photo),
        )


def _record(row: sqlite3.Row) -> CardRecord:
    return CardRecord(
        card_number=row["card_number"],
        qr_token=row["qr_token"],
        chip_code=row["chip_code"],
        status=row["status"],
        reason=row["reason"],
        category=row["category"],
        valid_from=date.fromisoformat(row["valid_from"]),
        valid_to=date.fromisoformat(row["valid_to"]),
        org_number=row["org_number"],
        employer_name=row["employer_name"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        birth_date=date.fromisoformat(row["birth_date"]),
        has_photo=bool(row["has_photo"]),
    )


class CardStore:
    """The card table: seeded on open, looked up by card number, QR token or chip code."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, today: date | None = None) -> None:
        self.today = today or date.today()
        self._lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None
        if path is None:
            # No file at all: nothing is left behind however the process ends (SIGKILL included).
            # One connection, shared by the server's thread and whoever injects, one at a time.
            self.path = None
            self._memory = sqlite3.connect(":memory:", check_same_thread=False)
            self._memory.row_factory = sqlite3.Row
        else:
            self.path = Path(path)
        with self._connect() as conn:
            conn.execute(_SCHEMA)
        # The reference cards are re-seeded on every start so their dates follow the start day;
        # other rows in a given database are left as they are.
        self.upsert(*(CardRecord.from_reference(c, self.today) for c in REFERENCE_CARDS))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.path is None:
            if self._memory is None:
                raise sqlite3.ProgrammingError("the sandbox's card store is closed")
            with self._lock, self._memory:  # commit (or roll back)
                yield self._memory
            return
        # closing() + the connection's own context manager: commit (or roll back), then close.
        with closing(sqlite3.connect(self.path, timeout=5.0)) as conn, conn:
            conn.row_factory = sqlite3.Row
            yield conn

    def upsert(self, *records: CardRecord) -> None:
        """Insert the cards, replacing any with the same card number."""
        placeholders = ", ".join("?" * len(_COLUMNS.split(",")))
        with self._connect() as conn:
            conn.executemany(
                f"INSERT OR REPLACE INTO cards ({_COLUMNS}) VALUES ({placeholders})",
                [r._params() for r in records],
            )

    def _one(self, column: str, value: str) -> CardRecord | None:
        # `column` is one of three literals from this module, never caller input.
        with self._connect() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM cards WHERE {column} = ?", (value,)).fetchone()
        return _record(row) if row else None

    def by_number(self, card_number: str) -> CardRecord | None:
        """The card with this 8-digit number, or None."""
        return self._one("card_number", card_number)

    def by_qr(self, token: str) -> CardRecord | None:
        """The card whose QR code holds this token, or None."""
        return self._one("qr_token", token)

    def by_chip(self, chip_code: str) -> CardRecord | None:
        """The card whose chip has this UID (upper-case hex), or None."""
        return self._one("chip_code", chip_code)

    def all(self) -> list[CardRecord]:
        """Every card, by card number."""
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM cards ORDER BY card_number").fetchall()
        return [_record(r) for r in rows]

    def close(self) -> None:
        """Drop an in-memory database (a given file is the caller's, and stays)."""
        with self._lock:
            memory, self._memory = self._memory, None
        if memory is not None:
            memory.close()
