"""The chip-reader port: what the reader loop needs from a reader, whatever drives it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from scanner.nfc.mifare import MifareAccess


@dataclass(frozen=True, slots=True)
class SensedCard:
    """A Type A card that answered anticollision: UID, SAK and ATQA (as datasheets print it)."""

    uid: bytes
    sak: int
    atqa: int


class ChipReaderPort(Protocol):
    """One contactless reader. Blocking calls: run it off the UI loop (the reader loop's thread).

    `open` raises `ReaderUnavailable`; `sense` returns None when no card answered, and raises
    `ReaderUnavailable` when the reader itself went away.
    """

    @property
    def path(self) -> str: ...

    def open(self) -> None: ...

    def sense(self) -> SensedCard | None: ...

    def mifare(self, card: SensedCard) -> MifareAccess:
        """Block access to the card `sense` just returned; ReaderCannotAuthenticate if impossible."""
        ...

    def close(self) -> None: ...
