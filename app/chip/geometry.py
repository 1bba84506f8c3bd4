"""Mifare Classic: card kinds by SAK/ATQA, memory geometry, sector trailers, command bytes. Pure.

Shared by the reader (`scanner.nfc`) and the sandbox's card simulator (`sandbox.nfc_sim`), which
write and read the same memory (the HMSSBX data area, `app.chip.hmssbx`). nfcpy has no Mifare Classic
API and files a Classic 4K under its Type 2 tag class, so the card is classified here from SAK and
ATQA (NXP AN10833) instead.
"""

from __future__ import annotations

import enum

BLOCK_SIZE = 16
AUTH_KEY_A = 0x60
AUTH_KEY_B = 0x61
READ = 0x30
ACK = 0x0A  # the sandbox's one-byte stand-in for the 4-bit ACK / NAK of ISO 14443-3
NAK = 0x04
FIRST_DATA_BLOCK = 4  # block 0 is the manufacturer block, 1–2 the MAD area, 3 its trailer


class CardKind(enum.Enum):
    """A Type A card as its SAK says; `sectors` is 0 for anything that is not Mifare Classic."""

    CLASSIC_MINI = ("Mifare Classic Mini", 5)
    CLASSIC_1K = ("Mifare Classic 1K", 16)
    CLASSIC_4K = ("Mifare Classic 4K", 40)
    OTHER = ("ISO 14443-A", 0)

    def __init__(self, label: str, sectors: int) -> None:
        self.label = label
        self.sectors = sectors

    @property
    def is_classic(self) -> bool:
        return self.sectors > 0

    @property
    def blocks(self) -> int:
        return sum(blocks_in_sector(s) for s in range(self.sectors))


#: SAK → kind. 0x88 is Infineon's 1K, 0x28/0x38 are SmartMX cards emulating a 1K/4K.
_BY_SAK = {
    0x09: CardKind.CLASSIC_MINI,
    0x08: CardKind.CLASSIC_1K,
    0x88: CardKind.CLASSIC_1K,
    0x28: CardKind.CLASSIC_1K,
    0x18: CardKind.CLASSIC_4K,
    0x38: CardKind.CLASSIC_4K,
}


def classify(sak: int) -> CardKind:
    """The card kind for a SAK byte."""
    return _BY_SAK.get(sak, CardKind.OTHER)


def atqa_value(sens_res: bytes) -> int:
    """ATQA as the 16-bit number datasheets print (0x0002 for a 4K), from nfcpy's on-air byte order."""
    return sens_res[1] << 8 | sens_res[0] if len(sens_res) == 2 else 0


def atqa_uid_len(atqa: int) -> int:
    """The UID size ATQA bits 7–6 announce: 4, 7 or 10 bytes."""
    return {0: 4, 1: 7, 2: 10}.get(atqa >> 6 & 0x3, 0)


def blocks_in_sector(sector: int) -> int:
    return 4 if sector < 32 else 16


def first_block(sector: int) -> int:
    return sector * 4 if sector < 32 else 128 + (sector - 32) * 16


def sector_of(block: int) -> int:
    """The sector holding `block` (sectors 0–31 have 4 blocks, 32–39 have 16)."""
    return block // 4 if block < 128 else 32 + (block - 128) // 16


def trailer_of(sector: int) -> int:
    return first_block(sector) + blocks_in_sector(sector) - 1


def is_trailer(block: int) -> bool:
    return block == trailer_of(sector_of(block))


def data_blocks(kind: CardKind) -> list[int]:
    """The blocks that hold the data area, in order: from block 4 on, trailers skipped."""
    return [b for b in range(FIRST_DATA_BLOCK, kind.blocks) if not is_trailer(b)]


def trailer(key_a: bytes, key_b: bytes) -> bytes:
    """A sector trailer: key A, the transport access bits (FF 07 80, GPB 69), key B."""
    return key_a + bytes.fromhex("FF078069") + key_b


def data_area(dump: bytes, kind: CardKind = CardKind.CLASSIC_4K) -> bytes:
    """The data area of a memory dump (.mfd: blocks back to back), as far as the dump goes."""
    blocks = [b for b in data_blocks(kind) if (b + 1) * BLOCK_SIZE <= len(dump)]
    return b"".join(dump[b * BLOCK_SIZE : (b + 1) * BLOCK_SIZE] for b in blocks)
