"""Writes the chip dumps in this folder (run once; the .mfd files are committed, not regenerated).

No card carrying HMSSBX v1 exists outside this project, so the dumps were produced by the card
simulator's image builder, in the `.mfd` format of libnfc's nfc-mfclassic and the Proxmark (4096 bytes,
blocks back to back, block 0 = UID/BCC/SAK/ATQA). Dates are fixed so the files never change.

    .venv/bin/python tests/data/chip_dumps/make_dumps.py
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from app.chip import hmssbx
from app.model import ChipData
from sandbox.nfc_sim import build_image
from sandbox.reference_cards import BY_NUMBER, SANDBOX_CHIP_KEY

HERE = Path(__file__).parent


def _data(number: str) -> ChipData:
    c = BY_NUMBER[number]
    return ChipData(
        card_number=c.card_number,
        last_name=c.last_name,
        first_names=c.first_name,
        employer_org_number=c.org_number,
        employer_name=c.employer_name,
        valid_from=date(2025, 3, 1),
        valid_to=date(2027, 3, 1),
        category=c.category,
        marker=hmssbx.MARKER_TEXT,
    )


def _dump(uid: bytes, area: bytes) -> bytes:
    return b"".join(build_image(uid, area, key_a=SANDBOX_CHIP_KEY))


def main() -> None:
    ok4 = hmssbx.encode(_data("10000001"))
    (HERE / "uid4_10000001.mfd").write_bytes(_dump(bytes.fromhex("891FEEE6"), ok4))
    ok7 = hmssbx.encode(_data("10000002"))
    (HERE / "uid7_10000002.mfd").write_bytes(_dump(bytes.fromhex("04A2B3C4D5E6F7"), ok7))
    (HERE / "wrong_magic.mfd").write_bytes(_dump(bytes.fromhex("1CFB7BDB"), b"HMSSBZ" + ok4[6:]))
    broken = bytearray(ok4)
    broken[hmssbx.HEADER_LEN + 12] ^= 0x20  # the last name's first letter flips case
    (HERE / "bad_crc.mfd").write_bytes(_dump(bytes.fromhex("943AF063"), bytes(broken)))
    # A read interrupted after block 6: the header and the first body blocks only.
    (HERE / "truncated.mfd").write_bytes(_dump(bytes.fromhex("B0668AEE"), ok4)[: 7 * 16])


if __name__ == "__main__":
    main()
