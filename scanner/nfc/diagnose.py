"""Why a reader could not be opened, and the exact fix (an i18n key under "nfc.fix.*").

nfcpy answers a partial path such as `usb` with a plain "not found" when the reader is there but not
accessible, so the USB bus is looked at once more here to tell "no reader" from "no permission" and
"claimed by the kernel's own NFC driver".
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scanner.nfc.values import ReaderState

#: Readers nfcpy drives that site offices use → the i18n key with the udev rule for that model.
UDEV_FIX_KEYS: dict[tuple[int, int], str] = {
    (0x072F, 0x2200): "nfc.fix.udev.acr122u",
    (0x04CC, 0x2533): "nfc.fix.udev.pn533",
    (0x054C, 0x06C3): "nfc.fix.udev.rcs380",
    (0x054C, 0x06C1): "nfc.fix.udev.rcs380",
}
FIX_UDEV_GENERIC = "nfc.fix.udev.generic"
FIX_KERNEL_MODULE = "nfc.fix.kernel_module"
FIX_BUSY = "nfc.fix.busy"
FIX_NO_DEVICE = "nfc.fix.no_device"
FIX_BAD_PATH = "nfc.fix.bad_path"
FIX_ERROR = "nfc.fix.error"

#: The Linux kernel's own NFC stack binds PN533-based readers (and the ACR122U) before nfcpy can.
KERNEL_MODULES = ("pn533_usb", "pn533", "nfc")

_PATH = re.compile(
    r"^(usb(:[0-9a-fA-F]{4}(:[0-9a-fA-F]{4})?)?"
    r"|usb:\d{1,3}(:\d{1,3})?"
    r"|tty:[A-Za-z0-9]+(:[a-z0-9_]+)?"
    r"|udp(:[A-Za-z0-9.\-]*)?(:\d{1,5})?)$"
)


class ReaderUnavailable(Exception):
    """The reader could not be used; `state` and `fix_key` say why and what to do."""

    def __init__(self, state: ReaderState, fix_key: str, detail: str) -> None:
        super().__init__(detail)
        self.state = state
        self.fix_key = fix_key
        self.detail = detail


@dataclass(frozen=True, slots=True)
class UsbDevice:
    vid: int
    pid: int
    bus: int
    dev: int

    @property
    def devnode(self) -> str:
        return f"/dev/bus/usb/{self.bus:03d}/{self.dev:03d}"


def check_path(path: str) -> str:
    """The device path if nfcpy can take it: usb, usb:VID:PID, usb:BUS:DEV, tty:PORT:DRIVER, udp:HOST:PORT."""
    path = path.strip()
    if not _PATH.match(path):
        raise ReaderUnavailable(
            ReaderState.ERROR,
            FIX_BAD_PATH,
            f"{path!r} is not a reader path: use usb, usb:VID:PID (e.g. usb:072f:2200) or udp:HOST:PORT",
        )
    return path


def udev_fix_key(vid: int | None, pid: int | None) -> str:
    """The udev-rule fix for a reader model, or the generic one."""
    if vid is None or pid is None:
        return FIX_UDEV_GENERIC
    return UDEV_FIX_KEYS.get((vid, pid), FIX_UDEV_GENERIC)


def vid_pid_from_path(path: str) -> tuple[int | None, int | None]:
    """VID and PID when the path names them as hex (usb:072f:2200)."""
    parts = path.split(":")
    if len(parts) == 3 and parts[0] == "usb" and all(len(p) == 4 for p in parts[1:]):
        return int(parts[1], 16), int(parts[2], 16)
    return None, None


def kernel_module_loaded(sys_module: str = "/sys/module") -> bool:
    """True when one of the kernel's PN533 modules is loaded (it then claims the reader)."""
    return any(os.path.isdir(os.path.join(sys_module, m)) for m in KERNEL_MODULES[:2])


def from_os_error(path: str, exc: OSError, *, module_loaded: bool) -> ReaderUnavailable:
    """Translate nfcpy's IOError on open into a state and a fix."""
    vid, pid = vid_pid_from_path(path)
    if exc.errno == errno.EACCES:
        return ReaderUnavailable(
            ReaderState.PERMISSION_DENIED, udev_fix_key(vid, pid), f"no permission to open {path}"
        )
    if exc.errno == errno.EBUSY:
        key = FIX_KERNEL_MODULE if module_loaded else FIX_BUSY
        return ReaderUnavailable(ReaderState.BUSY, key, f"{path} is in use by another driver or program")
    if exc.errno == errno.ENODEV:
        return ReaderUnavailable(ReaderState.NO_DEVICE, FIX_NO_DEVICE, f"no reader on {path}")
    return ReaderUnavailable(ReaderState.ERROR, FIX_ERROR, f"{path}: {exc.strerror or exc}")


def from_usb_scan(
    path: str,
    found: Iterable[UsbDevice],
    *,
    known: Iterable[tuple[int, int]],
    can_access: Callable[[str], bool],
    module_loaded: bool,
) -> ReaderUnavailable:
    """Why nfcpy found no usable reader on a partial path, from what is on the bus."""
    readers = [d for d in found if (d.vid, d.pid) in set(known)]
    if not readers:
        return ReaderUnavailable(ReaderState.NO_DEVICE, FIX_NO_DEVICE, f"no supported reader on {path}")
    for d in readers:
        if not can_access(d.devnode):
            return ReaderUnavailable(
                ReaderState.PERMISSION_DENIED,
                udev_fix_key(d.vid, d.pid),
                f"reader {d.vid:04x}:{d.pid:04x} at {d.devnode} is not accessible to this user",
            )
    d = readers[0]
    key = FIX_KERNEL_MODULE if module_loaded else FIX_BUSY
    return ReaderUnavailable(ReaderState.BUSY, key, f"reader {d.vid:04x}:{d.pid:04x} could not be claimed")


def scan_usb(path: str) -> list[UsbDevice]:
    """The USB devices nfcpy sees for `path` (empty when libusb is not available)."""
    from nfc.clf import transport

    try:
        found = transport.USB.find(path) or []
    except Exception:  # libusb missing or the bus not readable: nothing more to learn
        return []
    return [UsbDevice(int(v), int(p), int(b), int(d)) for v, p, b, d in found]
