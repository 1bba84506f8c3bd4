"""Reading the HMSSBX data area of a Mifare Classic card, and the errors a read can end in.

The card's geometry is `app.chip.geometry` (shared with the sandbox's simulator). Reading goes
through an `app.ports.MifareAccess`, which
each reader backend implements its own way (PN53x: the chipset's InDataExchange, which does Crypto1;
the udp simulator: plain frames, see `sandbox.nfc_sim`).
"""

from __future__ import annotations

from app.chip import hmssbx
from app.chip.geometry import BLOCK_SIZE, CardKind, data_blocks, sector_of
from app.model import ChipData
from app.ports import MifareAccess


class CardGone(Exception):
    """The card stopped answering in the middle of a read (lifted, or out of the field)."""


class AuthRejected(Exception):
    """The card refused the key for a sector."""


class ReaderCannotAuthenticate(Exception):
    """This reader cannot do Mifare Classic authentication (e.g. a Sony RC-S380: no Crypto1)."""


def read_hmssbx(access: MifareAccess, *, uid: bytes, key: bytes, kind: CardKind) -> ChipData:
    """Authenticate sector by sector and read just as many data blocks as the HMSSBX record needs.

    Raises AuthRejected, CardGone, ReaderCannotAuthenticate, or a `hmssbx.ChipDataError`.
    """
    blocks = data_blocks(kind)
    # Crypto1 authenticates with the UID the card answered in its last cascade level: the last 4 bytes.
    auth_uid = uid[-4:]
    area = bytearray()
    needed = hmssbx.HEADER_LEN
    authed_sector = -1
    for block in blocks:
        if len(area) >= needed:
            break
        if sector_of(block) != authed_sector:
            access.authenticate(block, key, auth_uid)
            authed_sector = sector_of(block)
        raw = access.read_block(block)
        if len(raw) != BLOCK_SIZE:
            raise hmssbx.ShortRead(f"block {block} gave {len(raw)} bytes instead of {BLOCK_SIZE}")
        area += raw
        if len(area) == hmssbx.HEADER_LEN:
            # The header says how long the record is; checks magic, version and flags right away.
            needed = hmssbx.total_length(bytes(area))
    if len(area) < needed:
        raise hmssbx.ShortRead(f"the record needs {needed} bytes, a {kind.label} data area holds {len(area)}")
    return hmssbx.decode(bytes(area))
