"""The values the chip reader hands on: one `ChipRead` per card, and the reader's `ReaderState`."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.model import ChipData, ChipRef


class ReaderState(enum.StrEnum):
    """What the UI shows about the reader. Each state but READY comes with an i18n fix key ("nfc.fix.*")."""

    READY = "READY"
    NO_DEVICE = "NO_DEVICE"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    BUSY = "BUSY"
    ERROR = "ERROR"

    @property
    def label_key(self) -> str:
        """The i18n key of the state's short label, e.g. "nfc.state.READY"."""
        return f"nfc.state.{self.value}"


class DataError(enum.StrEnum):
    """Why the chip's data was not used (the UID alone is looked up). i18n: "nfc.data_error.<value>"."""

    WRONG_KEY = "wrong_key"
    BAD_MAGIC = "bad_magic"
    BAD_VERSION = "bad_version"
    NOT_SANDBOX = "not_sandbox"
    BAD_CRC = "bad_crc"
    SHORT_READ = "short_read"
    BAD_RECORD = "bad_record"
    NOT_MIFARE_CLASSIC = "not_mifare_classic"
    READER_CANNOT_AUTHENTICATE = "reader_cannot_authenticate"
    READ_FAILED = "read_failed"
    #: The UID is not 4 or 7 bytes, or not the size the card's ATQA announced: a misread, so the
    #: card is read again ("hold it still"), never looked up.
    BAD_UID = "bad_uid"


@dataclass(frozen=True, slots=True)
class ChipRead:
    """One complete read of one card: the UID always, the chip's data when it was read and parsed."""

    chip_code: str  # the UID as upper-case hex, no separators (contract §1)
    uid_len: int
    sak: int
    atqa: int
    data: ChipData | None = None
    data_error: str | None = None  # a DataError value; None when data was read or no key is set

    @property
    def uid_usable(self) -> bool:
        """False for a misread UID: such a read is a read failure, never a lookup."""
        return self.data_error != DataError.BAD_UID

    def to_ref(self) -> ChipRef:
        """The card reference the status lookup takes; ValueError for a misread UID."""
        if not self.uid_usable:
            raise ValueError("a misread chip UID is never looked up")
        return ChipRef(chip_code=self.chip_code, chip_data=self.data)

    def __repr__(self) -> str:  # chip data holds names: keep it out of logs and tracebacks
        data = "<redacted>" if self.data is not None else None
        return (
            f"ChipRead(chip_code={self.chip_code!r}, uid_len={self.uid_len}, sak=0x{self.sak:02X}, "
            f"atqa=0x{self.atqa:04X}, data={data}, data_error={self.data_error!r})"
        )
