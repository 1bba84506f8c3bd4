"""Reader states and fixes: nfcpy's open errors and what is on the USB bus (a fake bus: no hardware)."""

from __future__ import annotations

import errno

import pytest

from app.i18n import CATALOGUE, t
from scanner.nfc import DataError, ReaderState, diagnose
from scanner.nfc.diagnose import UsbDevice

KNOWN = [(0x072F, 0x2200), (0x04CC, 0x2533), (0x054C, 0x06C3)]


def _scan(found, accessible=(), module_loaded=False):
    return diagnose.from_usb_scan(
        "usb",
        found,
        known=KNOWN,
        can_access=lambda node: node in accessible,
        module_loaded=module_loaded,
    )


def test_no_supported_reader_on_the_bus_is_no_device():
    mouse = UsbDevice(0x046D, 0xC077, 1, 4)
    result = _scan([mouse])
    assert (result.state, result.fix_key) == (ReaderState.NO_DEVICE, "nfc.fix.no_device")


@pytest.mark.parametrize(
    ("vid", "pid", "key"),
    [
        (0x072F, 0x2200, "nfc.fix.udev.acr122u"),
        (0x04CC, 0x2533, "nfc.fix.udev.pn533"),
        (0x054C, 0x06C3, "nfc.fix.udev.rcs380"),
    ],
)
def test_reader_without_access_gets_the_udev_rule_for_its_model(vid, pid, key):
    result = _scan([UsbDevice(vid, pid, 3, 7)])
    assert (result.state, result.fix_key) == (ReaderState.PERMISSION_DENIED, key)
    assert "/dev/bus/usb/003/007" in result.detail
    assert f'ATTRS{{idVendor}}=="{vid:04x}"' in t(key, "en")


def test_accessible_reader_that_cannot_be_claimed_with_the_kernel_module_loaded_says_unload_it():
    dev = UsbDevice(0x04CC, 0x2533, 1, 9)
    result = _scan([dev], accessible={dev.devnode}, module_loaded=True)
    assert (result.state, result.fix_key) == (ReaderState.BUSY, "nfc.fix.kernel_module")
    assert "sudo modprobe -r pn533_usb pn533 nfc" in t(result.fix_key, "nb")


def test_os_errors_from_open_map_to_states():
    path = "usb:072f:2200"
    eacces = diagnose.from_os_error(path, OSError(errno.EACCES, "denied"), module_loaded=False)
    assert (eacces.state, eacces.fix_key) == (ReaderState.PERMISSION_DENIED, "nfc.fix.udev.acr122u")
    ebusy = diagnose.from_os_error(path, OSError(errno.EBUSY, "busy"), module_loaded=False)
    assert (ebusy.state, ebusy.fix_key) == (ReaderState.BUSY, "nfc.fix.busy")
    enodev = diagnose.from_os_error(path, OSError(errno.ENODEV, "gone"), module_loaded=False)
    assert enodev.state is ReaderState.NO_DEVICE
    eio = diagnose.from_os_error(path, OSError(errno.EIO, "io"), module_loaded=False)
    assert (eio.state, eio.fix_key) == (ReaderState.ERROR, "nfc.fix.error")


@pytest.mark.parametrize(
    "path", ["usb", "usb:072f", "usb:072f:2200", "usb:001:023", "udp:127.0.0.1:54321", "udp"]
)
def test_reader_paths_nfcpy_takes_are_accepted(path):
    assert diagnose.check_path(path) == path


@pytest.mark.parametrize("path", ["", "usb;072f", "usb:072f:22001", "COM3", "udp:127.0.0.1:port"])
def test_other_reader_paths_are_refused_with_the_path_fix(path):
    with pytest.raises(diagnose.ReaderUnavailable) as info:
        diagnose.check_path(path)
    assert info.value.fix_key == "nfc.fix.bad_path"


def test_every_nfc_string_exists_in_both_languages():
    keys = {s.label_key for s in ReaderState} | {f"nfc.data_error.{e.value}" for e in DataError}
    keys |= set(diagnose.UDEV_FIX_KEYS.values()) | {
        diagnose.FIX_UDEV_GENERIC,
        diagnose.FIX_KERNEL_MODULE,
        diagnose.FIX_BUSY,
        diagnose.FIX_NO_DEVICE,
        diagnose.FIX_BAD_PATH,
        diagnose.FIX_ERROR,
    }
    for lang in ("nb", "en"):
        missing = {k for k in keys if k not in CATALOGUE[lang]}
        assert not missing, (lang, missing)
    nfc_nb = {k for k in CATALOGUE["nb"] if k.startswith("nfc.")}
    assert nfc_nb == {k for k in CATALOGUE["en"] if k.startswith("nfc.")}
