"""Mifare Classic geometry and classification by SAK/ATQA, and the ISO 14443-3 CRC_A."""

from __future__ import annotations

import pytest

from app.chip import geometry as mifare
from scanner.nfc.nfcpy_backend import crc_a


@pytest.mark.parametrize(
    ("block", "sector"), [(0, 0), (3, 0), (4, 1), (127, 31), (128, 32), (143, 32), (144, 33), (255, 39)]
)
def test_sector_of_block_follows_the_4k_layout(block, sector):
    assert mifare.sector_of(block) == sector


def test_trailers_are_the_last_block_of_each_sector():
    trailers = [b for b in range(256) if mifare.is_trailer(b)]
    assert trailers[:3] == [3, 7, 11]
    assert trailers[31:34] == [127, 143, 159]
    assert trailers[-1] == 255 and len(trailers) == 40


def test_4k_data_area_starts_at_block_4_and_holds_3360_bytes():
    blocks = mifare.data_blocks(mifare.CardKind.CLASSIC_4K)
    assert blocks[:4] == [4, 5, 6, 8]
    # sectors 1–31: 3 data blocks each; sectors 32–39: 15 each
    assert len(blocks) == 31 * 3 + 8 * 15
    assert not any(mifare.is_trailer(b) for b in blocks)


@pytest.mark.parametrize(
    ("sak", "kind"),
    [
        (0x18, mifare.CardKind.CLASSIC_4K),
        (0x08, mifare.CardKind.CLASSIC_1K),
        (0x09, mifare.CardKind.CLASSIC_MINI),
        (0x00, mifare.CardKind.OTHER),  # Ultralight / NTAG: what nfcpy calls a Type 2 tag
        (0x20, mifare.CardKind.OTHER),  # ISO 14443-4 (DESFire)
    ],
)
def test_card_kind_comes_from_the_sak(sak, kind):
    assert mifare.classify(sak) is kind


def test_atqa_is_read_from_nfcpy_byte_order_and_gives_the_uid_size():
    assert mifare.atqa_value(bytes((0x02, 0x00))) == 0x0002
    assert mifare.atqa_uid_len(0x0002) == 4
    assert mifare.atqa_uid_len(mifare.atqa_value(bytes((0x42, 0x00)))) == 7


def test_crc_a_matches_the_iso14443_example():
    # ISO/IEC 14443-3 annex B: READ block 0 → 30 00 02 A8
    assert crc_a(bytes.fromhex("3000")) == bytes.fromhex("02A8")
