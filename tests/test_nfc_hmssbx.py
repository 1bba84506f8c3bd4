"""HMSSBX v1 (contract §6): recorded chip dumps, literal bytes, and encode/decode round trips."""

from __future__ import annotations

import contextlib
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.chip import geometry as mifare
from app.chip import hmssbx
from app.model import ChipData

DUMPS = Path(__file__).parent / "data" / "chip_dumps"


def _area(name: str) -> bytes:
    return mifare.data_area((DUMPS / name).read_bytes())


def _literal(body: bytes, *, magic: bytes = b"HMSSBX", version: int = 1, flags: int = 1) -> bytes:
    # Built here by hand with zlib, not with the encoder under test.
    return struct.pack(">6sBBHIH", magic, version, flags, len(body), zlib.crc32(body), 0) + body


def test_dump_with_4_byte_uid_parses_to_the_reference_holder():
    dump = (DUMPS / "uid4_10000001.mfd").read_bytes()
    assert dump[:4] == bytes.fromhex("891FEEE6")  # block 0 holds the UID the reader saw
    data = hmssbx.decode(_area("uid4_10000001.mfd"))
    assert data.card_number == "10000001"
    assert (data.first_names, data.last_name) == ("Ola", "Testmann")
    assert (data.employer_org_number, data.employer_name) == ("123456785", "Eksempel Bygg AS")
    assert (data.valid_from, data.valid_to) == (date(2025, 3, 1), date(2027, 3, 1))
    assert data.category == "BYGG"
    assert data.marker == "SANDBOX - NOT BRANSJEKODING"


def test_dump_with_7_byte_uid_parses_with_non_ascii_names():
    dump = (DUMPS / "uid7_10000002.mfd").read_bytes()
    assert dump[:7] == bytes.fromhex("04A2B3C4D5E6F7") and dump[7] == 0x18
    data = hmssbx.decode(_area("uid7_10000002.mfd"))
    assert (data.card_number, data.last_name) == ("10000002", "Prøve")


def test_dump_with_wrong_magic_is_rejected_as_bad_magic():
    with pytest.raises(hmssbx.BadMagic):
        hmssbx.decode(_area("wrong_magic.mfd"))


def test_dump_with_a_flipped_body_byte_is_rejected_as_bad_crc():
    with pytest.raises(hmssbx.BadCrc):
        hmssbx.decode(_area("bad_crc.mfd"))


def test_truncated_dump_is_a_short_read():
    with pytest.raises(hmssbx.ShortRead) as info:
        hmssbx.decode(_area("truncated.mfd"))
    assert info.value.code == "short_read"


def test_data_area_skips_sector_trailers():
    dump = (DUMPS / "uid4_10000001.mfd").read_bytes()
    area = mifare.data_area(dump)
    # blocks 4, 5, 6 then 8 (block 7 is sector 1's trailer, holding the key)
    assert area[48:64] == dump[8 * 16 : 9 * 16]
    assert bytes.fromhex("5A4E42584B31") not in area[:64]


def test_literal_record_parses_and_skips_unknown_tags():
    body = b"\x01\x0810000001" + b"\x7a\x03xyz" + b"\x07\x0820271231" + b"\xfe\x00"
    data = hmssbx.decode(_literal(body) + bytes(40))  # trailing block padding is ignored
    assert data == ChipData(card_number="10000001", valid_to=date(2027, 12, 31))


@pytest.mark.parametrize(
    ("area", "error"),
    [
        (b"HMSSBX\x01\x01", hmssbx.ShortRead),
        (_literal(b"\xfe\x00", version=2), hmssbx.BadVersion),
        (_literal(b"\xfe\x00", flags=0), hmssbx.NotSandbox),
        (_literal(b"\x01\x0810000001"), hmssbx.BadRecord),  # no FE 00
        (_literal(b"\x01\x0910000001\xfe\x00"), hmssbx.BadRecord),  # length runs into the end record
        (_literal(b"\x01\x011\x01\x012\xfe\x00"), hmssbx.BadRecord),  # same tag twice
        (_literal(b"\x02\x02\xc3\x28\xfe\x00"), hmssbx.BadRecord),  # not UTF-8
        (_literal(b"\x06\x0820270230\xfe\x00"), hmssbx.BadRecord),  # 30 February
        (_literal(b"\x06\x062027-1\xfe\x00"), hmssbx.BadRecord),
        (_literal(b"\xfe\x00\x01\x00"), hmssbx.BadRecord),  # records after the end
    ],
)
def test_malformed_areas_raise_the_specific_error(area, error):
    with pytest.raises(error):
        hmssbx.decode(area)


def test_encoder_writes_the_contract_header():
    area = hmssbx.encode(ChipData(card_number="10000001"))
    body = b"\x01\x0810000001\xfe\x00"
    assert area == _literal(body)


def test_encoder_refuses_a_value_longer_than_a_record():
    with pytest.raises(ValueError, match="255"):
        hmssbx.encode(ChipData(employer_name="Å" * 200))


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)
_date = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))


@given(
    st.builds(
        ChipData,
        card_number=st.none() | _text,
        last_name=st.none() | _text,
        first_names=st.none() | _text,
        employer_org_number=st.none() | _text,
        employer_name=st.none() | _text,
        valid_from=st.none() | _date,
        valid_to=st.none() | _date,
        category=st.none() | _text,
        marker=st.none() | _text,
    )
)
def test_encode_then_decode_gives_the_same_data(data):
    assert hmssbx.decode(hmssbx.encode(data)) == data


@given(st.binary(max_size=200), st.binary(max_size=120))
def test_decoder_raises_only_its_own_errors_on_arbitrary_bytes(raw, body):
    # Both plain noise and bodies behind a valid header (so the TLV parser is reached too).
    for area in (raw, _literal(body)):
        with contextlib.suppress(hmssbx.ChipDataError):
            hmssbx.decode(area)
