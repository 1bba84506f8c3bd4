"""The sandbox chip layout "HMSSBX v1" (contract §6): pure encode / decode, no I/O.

The data area is the concatenation of the Mifare Classic data blocks from block 4 on, sector trailers
skipped (see `app.chip.geometry`). It starts with a 16-byte header:

    "HMSSBX" · version u8 (= 1) · flags u8 (bit 0 = sandbox, must be 1) · body length u16 BE ·
    CRC-32 of the body u32 BE · 2 reserved bytes

followed by the body: TLV records `tag u8, len u8, value` (UTF-8), closed by `FE 00`. The length and
the CRC cover the whole body including the closing `FE 00`. This is the project's own sandbox design,
not the industry "Bransjekoding"; it sits behind this one module so that switching is one change.

Errors (all `ChipDataError`, each with a stable `code` that the reader reports as `data_error`):

    ChipDataError
    ├── BadMagic        the area does not start with "HMSSBX"
    ├── BadVersion      a version this parser does not know
    ├── NotSandbox      flags bit 0 is clear: not a sandbox card, never trusted here
    ├── ShortRead       fewer bytes than the header announces (or not even a header)
    ├── BadCrc          the body's CRC-32 does not match
    └── BadRecord       the body is not well-formed TLV, a value is not UTF-8, a date is not a date
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import fields
from datetime import date

from app.errors import HmsKortError
from app.model import ChipData

MAGIC = b"HMSSBX"
VERSION = 1
FLAG_SANDBOX = 0x01
HEADER_LEN = 16
END_TAG = 0xFE
MARKER_TEXT = "SANDBOX - NOT BRANSJEKODING"

_HEADER = struct.Struct(">6sBBHIH")  # magic, version, flags, body length, CRC-32, reserved

#: TLV tag → ChipData field. The order is the contract's (§6), and the encoder writes in this order.
TAGS: dict[int, str] = {
    0x01: "card_number",
    0x02: "last_name",
    0x03: "first_names",
    0x04: "employer_org_number",
    0x05: "employer_name",
    0x06: "valid_from",
    0x07: "valid_to",
    0x08: "category",
    0x09: "marker",
}
_FIELD_TAG = {name: tag for tag, name in TAGS.items()}
_DATE_FIELDS = frozenset({"valid_from", "valid_to"})


class ChipDataError(HmsKortError):
    """The chip's data area is not a usable HMSSBX v1 record; the UID alone is looked up."""

    code = "bad_record"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadMagic(ChipDataError):
    code = "bad_magic"


class BadVersion(ChipDataError):
    code = "bad_version"


class NotSandbox(ChipDataError):
    code = "not_sandbox"


class ShortRead(ChipDataError):
    code = "short_read"


class BadCrc(ChipDataError):
    code = "bad_crc"


class BadRecord(ChipDataError):
    code = "bad_record"


def body_length(header: bytes) -> int:
    """The body length a header announces; checks magic, version and the sandbox flag first."""
    if len(header) < HEADER_LEN:
        raise ShortRead(f"the chip gave {len(header)} bytes, a header needs {HEADER_LEN}")
    magic, version, flags, length, _crc, _reserved = _HEADER.unpack_from(header)
    if magic != MAGIC:
        raise BadMagic(f"the data area starts with {magic.hex().upper()}, not HMSSBX")
    if version != VERSION:
        raise BadVersion(f"HMSSBX version {version} is not supported (only {VERSION})")
    if not flags & FLAG_SANDBOX:
        raise NotSandbox("the sandbox flag is not set: this is not a sandbox card")
    return length


def total_length(header: bytes) -> int:
    """How many bytes of the data area a complete record takes (header + body)."""
    return HEADER_LEN + body_length(header)


def decode(area: bytes) -> ChipData:
    """Parse an HMSSBX v1 data area (may be longer than the record) into `ChipData`."""
    length = body_length(area)
    _magic, _version, _flags, _length, crc, _reserved = _HEADER.unpack_from(area)
    body = area[HEADER_LEN : HEADER_LEN + length]
    if len(body) < length:
        raise ShortRead(f"the header announces a {length}-byte body, the chip gave {len(body)}")
    if zlib.crc32(body) != crc:
        raise BadCrc(f"body CRC-32 is {zlib.crc32(body):08X}, the header says {crc:08X}")
    return ChipData(**_parse_records(body))


def _parse_records(body: bytes) -> dict[str, object]:
    values: dict[str, object] = {}
    pos = 0
    while pos < len(body):
        if pos + 2 > len(body):
            raise BadRecord(f"record at offset {pos} is cut off after its tag")
        tag, size = body[pos], body[pos + 1]
        pos += 2
        if tag == END_TAG:
            if size != 0 or pos != len(body):
                raise BadRecord("the end record FE 00 must close the body")
            return values
        raw = body[pos : pos + size]
        if len(raw) < size:
            raise BadRecord(f"record {tag:02X} announces {size} bytes, only {len(raw)} remain")
        pos += size
        name = TAGS.get(tag)
        if name is None:
            continue  # unknown tags are skipped (contract §6): newer writers may add fields
        if name in values:
            raise BadRecord(f"record {tag:02X} ({name}) appears twice")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRecord(f"record {tag:02X} ({name}) is not UTF-8") from exc
        values[name] = _parse_date(name, text) if name in _DATE_FIELDS else text
    raise BadRecord("the body has no end record FE 00")


def _parse_date(name: str, text: str) -> date:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise BadRecord(f"{name} must be YYYYMMDD, got {len(text)} characters")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise BadRecord(f"{name} is not a calendar date") from exc


def encode(data: ChipData, *, version: int = VERSION, flags: int = FLAG_SANDBOX) -> bytes:
    """The HMSSBX data area (header + body) for `data`; fields that are None are left out."""
    body = bytearray()
    for f in fields(ChipData):
        value = getattr(data, f.name)
        if value is None:
            continue
        text = value.strftime("%Y%m%d") if isinstance(value, date) else str(value)
        raw = text.encode("utf-8")
        if len(raw) > 255:
            raise ValueError(f"{f.name} is {len(raw)} bytes in UTF-8; a record holds at most 255")
        body += bytes((_FIELD_TAG[f.name], len(raw))) + raw
    body += bytes((END_TAG, 0))
    header = _HEADER.pack(MAGIC, version, flags, len(body), zlib.crc32(body), 0)
    return header + bytes(body)
