"""The chip-reader port on nfcpy: USB readers (PN533, ACR122U, RC-S380, ...) and nfcpy's udp driver.

nfcpy is used for what it does well — opening the reader and Type A anticollision (`clf.sense`) —
and bypassed where it does not fit: it has no Mifare Classic API, and its presence check breaks after
a Mifare authentication, so no `nfc.tag` object is ever activated. Mifare block access goes

* on PN53x chipsets (PN533, PN532, ACR122U) through the chipset's InDataExchange, whose firmware
  runs Crypto1: auth `60 block key6 uid4`, read `30 block`;
* on the udp driver (the card simulator) through `clf.exchange` with the same frames in the clear,
  answered by the sandbox's ACK 0A / NAK 04 (see docs/NFC.md: Crypto1 is not simulated);
* on anything else (Sony RC-S380: no Crypto1 in the chip) not at all: the UID alone is read.
"""

from __future__ import annotations

import errno
import logging
import os

import nfc
import nfc.clf
import nfc.clf.device
import nfc.clf.pn53x
import nfc.clf.udp

from app.chip import geometry
from app.model import SensedCard
from app.ports import MifareAccess
from scanner.nfc import diagnose, mifare
from scanner.nfc.diagnose import ReaderUnavailable
from scanner.nfc.values import ReaderState

log = logging.getLogger(__name__)

#: PN53x status code for "Mifare authentication error" (PN533 user manual, table of error codes).
PN53X_AUTH_ERROR = 0x14


class NfcpyReader:
    """A `ChipReaderPort` on nfcpy for one device path (usb, usb:VID:PID, udp:HOST:PORT, ...)."""

    def __init__(self, path: str, *, exchange_timeout: float = 0.5) -> None:
        self._path = diagnose.check_path(path)
        self._timeout = exchange_timeout
        self._clf: nfc.ContactlessFrontend | None = None

    @property
    def path(self) -> str:
        return self._path

    def open(self) -> None:
        """Open the reader, or raise ReaderUnavailable with the state and the fix."""
        clf = nfc.ContactlessFrontend()
        try:
            opened = clf.open(self._path)
        except OSError as exc:
            raise diagnose.from_os_error(
                self._path, exc, module_loaded=diagnose.kernel_module_loaded()
            ) from exc
        except Exception as exc:  # a driver failing in its own way (e.g. libusb missing)
            raise ReaderUnavailable(ReaderState.ERROR, diagnose.FIX_ERROR, f"{self._path}: {exc}") from exc
        if not opened:
            raise diagnose.from_usb_scan(
                self._path,
                diagnose.scan_usb(self._path),
                known=nfc.clf.device.usb_device_map.keys(),
                can_access=lambda node: os.access(node, os.R_OK | os.W_OK),
                module_loaded=diagnose.kernel_module_loaded(),
            )
        self._clf = clf

    def sense(self) -> SensedCard | None:
        """One poll for a Type A card at 106 kbps."""
        clf = self._require()
        try:
            target = clf.sense(nfc.clf.RemoteTarget("106A"), iterations=1)
        except nfc.clf.CommunicationError:
            return None
        except OSError as exc:
            if exc.errno == errno.ECONNREFUSED:  # udp: nobody listens on the simulator's port
                return None
            raise ReaderUnavailable(
                ReaderState.NO_DEVICE, diagnose.FIX_NO_DEVICE, f"{self._path}: {exc.strerror or exc}"
            ) from exc
        if target is None or not target.sdd_res or not target.sel_res or not target.sens_res:
            return None  # no card, or a Type 1 tag (no UID by anticollision): not an HMS card
        return SensedCard(
            uid=bytes(target.sdd_res), sak=target.sel_res[0], atqa=geometry.atqa_value(bytes(target.sens_res))
        )

    def mifare(self, card: SensedCard) -> MifareAccess:
        """Block access to the card just sensed, by the path this chipset allows."""
        clf = self._require()
        if isinstance(clf.device, nfc.clf.udp.Device):
            return _ExchangeMifare(clf, self._timeout)
        if isinstance(clf.device, nfc.clf.pn53x.Device):
            return _Pn53xMifare(clf.device.chipset, self._timeout)
        raise mifare.ReaderCannotAuthenticate(f"{clf.device} has no Mifare Classic authentication")

    def close(self) -> None:
        if self._clf is not None:
            self._clf.close()
            self._clf = None

    def _require(self) -> nfc.ContactlessFrontend:
        if self._clf is None:
            raise ReaderUnavailable(ReaderState.ERROR, diagnose.FIX_ERROR, "the reader is not open")
        return self._clf


class _ExchangeMifare:
    """Mifare frames in the clear over `clf.exchange`: the udp simulator's sandbox protocol."""

    def __init__(self, clf: nfc.ContactlessFrontend, timeout: float) -> None:
        self._clf = clf
        self._timeout = timeout

    def _exchange(self, frame: bytes) -> bytes:
        try:
            answer = self._clf.exchange(bytearray(frame), self._timeout)
        except nfc.clf.CommunicationError as exc:
            raise mifare.CardGone(str(exc)) from exc
        if answer is None:
            raise mifare.CardGone("no answer")
        return bytes(answer)

    def authenticate(self, block: int, key: bytes, uid: bytes) -> None:
        answer = self._exchange(bytes((geometry.AUTH_KEY_A, block)) + key + uid)
        if answer != bytes((geometry.ACK,)):
            raise mifare.AuthRejected(f"sector {geometry.sector_of(block)}: key refused")

    def read_block(self, block: int) -> bytes:
        answer = self._exchange(bytes((geometry.READ, block)))
        if len(answer) == 1:  # a NAK: the key does not grant reading this block
            raise mifare.AuthRejected(f"block {block}: read refused (NAK {answer.hex()})")
        return answer


class _Pn53xMifare:
    """Mifare through the PN53x InDataExchange: the chipset's firmware runs Crypto1."""

    def __init__(self, chipset: nfc.clf.pn53x.Chipset, timeout: float) -> None:
        self._chipset = chipset
        self._timeout = timeout

    def _exchange(self, frame: bytes) -> bytes:
        try:
            data, _more = self._chipset.in_data_exchange(bytearray(frame), self._timeout)
        except nfc.clf.pn53x.Chipset.Error as exc:
            if exc.errno == PN53X_AUTH_ERROR:
                raise mifare.AuthRejected(str(exc)) from exc
            raise mifare.CardGone(str(exc)) from exc
        except OSError as exc:  # ETIMEDOUT / EIO from the USB frame layer
            raise mifare.CardGone(str(exc)) from exc
        return bytes(data)

    def authenticate(self, block: int, key: bytes, uid: bytes) -> None:
        self._exchange(bytes((geometry.AUTH_KEY_A, block)) + key + uid)

    def read_block(self, block: int) -> bytes:
        data = self._exchange(bytes((geometry.READ, block)))
        # nfcpy's sense_tta turns the chip's receive CRC check off for SAK & 0x60 == 0 (as a 4K has),
        # so the answer may still carry CRC_A: check and strip it rather than guess.
        if len(data) == geometry.BLOCK_SIZE + 2 and crc_a(data[:-2]) == data[-2:]:
            return data[:-2]
        return data


def crc_a(data: bytes) -> bytes:
    """ISO/IEC 14443-3 CRC_A, low byte first."""
    crc = 0x6363
    for byte in data:
        byte ^= crc & 0xFF
        byte = (byte ^ (byte << 4)) & 0xFF
        crc = (crc >> 8) ^ (byte << 8) ^ (byte << 3) ^ (byte >> 4)
    return bytes((crc & 0xFF, crc >> 8))
