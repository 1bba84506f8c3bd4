"""Strings for the NFC reader: states, exact fixes, why chip data was not used, CLI messages."""

from __future__ import annotations

_RULES_FILE = "/etc/udev/rules.d/60-hmskort-nfc.rules"
_MODULES = "sudo modprobe -r pn533_usb pn533 nfc"
_BLACKLIST = (
    "printf 'blacklist pn533_usb\\nblacklist pn533\\nblacklist nfc\\n' | "
    "sudo tee /etc/modprobe.d/blacklist-hmskort-nfc.conf"
)


_UID_NB = "; bare brikke-ID-en er slått opp."
_UID_EN = "; only the chip ID was looked up."


def _rule(vid: str, pid: str) -> str:
    return (
        f'SUBSYSTEM=="usb", ATTRS{{{{idVendor}}}}=="{vid}", ATTRS{{{{idProduct}}}}=="{pid}", '
        'MODE="0660", GROUP="plugdev"'
    )


def _udev_nb(model: str, vid: str, pid: str) -> str:
    return (
        f"Ingen tilgang til kortleseren ({model}, {vid}:{pid}). "
        "Legg inn en udev-regel og koble leseren til på nytt:\n"
        f"echo '{_rule(vid, pid)}' | sudo tee {_RULES_FILE}\n"
        "sudo udevadm control --reload-rules && sudo udevadm trigger\n"
        "sudo usermod -aG plugdev $USER   (logg ut og inn igjen)"
    )


def _udev_en(model: str, vid: str, pid: str) -> str:
    return (
        f"No permission to use the card reader ({model}, {vid}:{pid}). "
        "Add a udev rule and plug the reader in again:\n"
        f"echo '{_rule(vid, pid)}' | sudo tee {_RULES_FILE}\n"
        "sudo udevadm control --reload-rules && sudo udevadm trigger\n"
        "sudo usermod -aG plugdev $USER   (then log out and in again)"
    )


_GENERIC_NB = (
    "Ingen tilgang til kortleseren. Finn VID:PID med `lsusb`, og legg inn en udev-regel i "
    f"{_RULES_FILE}, f.eks. for ACR122U:\n{_rule('072f', '2200')}\n"
    "sudo udevadm control --reload-rules && sudo udevadm trigger, og koble leseren til på nytt."
)
_GENERIC_EN = (
    "No permission to use the card reader. Find its VID:PID with `lsusb` and add a udev rule in "
    f"{_RULES_FILE}, e.g. for the ACR122U:\n{_rule('072f', '2200')}\n"
    "sudo udevadm control --reload-rules && sudo udevadm trigger, then plug the reader in again."
)

STRINGS = {
    "nb": {
        "nfc.state.READY": "Kortleseren er klar",
        "nfc.state.NO_DEVICE": "Fant ingen kortleser",
        "nfc.state.PERMISSION_DENIED": "Mangler tilgang til kortleseren",
        "nfc.state.BUSY": "Kortleseren er opptatt",
        "nfc.state.ERROR": "Feil på kortleseren",
        "nfc.fix.udev.acr122u": _udev_nb("ACS ACR122U", "072f", "2200"),
        "nfc.fix.udev.pn533": _udev_nb("NXP PN533", "04cc", "2533"),
        "nfc.fix.udev.rcs380": _udev_nb("Sony RC-S380", "054c", "06c3"),
        "nfc.fix.udev.generic": _GENERIC_NB,
        "nfc.fix.kernel_module": (
            "Linux-kjernens egen NFC-driver har tatt leseren. Ta den ut, og svartelist den så den ikke "
            f"kommer tilbake:\n{_MODULES}\n{_BLACKLIST}"
        ),
        "nfc.fix.busy": (
            "Et annet program bruker leseren. Lukk andre kortleserprogrammer; for ACR122U stopp pcscd: "
            "sudo systemctl stop pcscd.socket pcscd. Hvis kjernens NFC-driver er lastet: " + _MODULES
        ),
        "nfc.fix.no_device": (
            "Koble til en støttet leser (ACR122U, PN533, RC-S380), sjekk at den vises i `lsusb`, og at "
            "innstillingen nfc_device stemmer (usb, usb:VID:PID eller udp:VERT:PORT)."
        ),
        "nfc.fix.bad_path": (
            "Innstillingen nfc_device er ikke en gyldig leser-sti. Bruk usb, usb:VID:PID "
            "(f.eks. usb:072f:2200) eller udp:127.0.0.1:PORT for kortsimulatoren."
        ),
        "nfc.fix.error": "Leseren svarte ikke som ventet. Koble den fra og til igjen, og prøv på nytt.",
        "nfc.data_error.wrong_key": "Brikken avviste lesenøkkelen" + _UID_NB,
        "nfc.data_error.bad_magic": "Brikken har ikke sandkasse-formatet HMSSBX" + _UID_NB,
        "nfc.data_error.bad_version": "Ukjent versjon av brikkeformatet" + _UID_NB,
        "nfc.data_error.not_sandbox": "Brikken er ikke merket som sandkasse; dataene er ikke brukt.",
        "nfc.data_error.bad_crc": "Dataene på brikken er skadet (feil kontrollsum)" + _UID_NB,
        "nfc.data_error.short_read": "Dataene på brikken er ufullstendige" + _UID_NB,
        "nfc.data_error.bad_record": "Dataene på brikken kunne ikke tolkes" + _UID_NB,
        "nfc.data_error.not_mifare_classic": "Brikken er ikke en Mifare Classic; bare brikke-ID-en er lest.",
        "nfc.data_error.reader_cannot_authenticate": (
            "Denne leseren kan ikke låse opp Mifare Classic (f.eks. Sony RC-S380); bare brikke-ID-en er lest."
        ),
        "nfc.data_error.read_failed": "Brikken kunne ikke leses helt" + _UID_NB,
        "nfc.read_from_chip": "Lest fra brikken",
        "nfc.waiting": "Hold kortet mot leseren …",
        "nfc.cli.timeout": "Ingen kort på leseren innen {seconds} s.",
        "nfc.cli.no_device": "Ingen kortleser er satt opp: bruk --device eller innstillingen nfc_device.",
        "nfc.cli.bad_key": "Innstillingen nfc_key må være 12 heks-tegn (6 byte).",
        "nfc.sim.ready": "Kortsimulator for {card} lytter på {path}",
    },
    "en": {
        "nfc.state.READY": "Card reader ready",
        "nfc.state.NO_DEVICE": "No card reader found",
        "nfc.state.PERMISSION_DENIED": "No permission to use the card reader",
        "nfc.state.BUSY": "Card reader is busy",
        "nfc.state.ERROR": "Card reader error",
        "nfc.fix.udev.acr122u": _udev_en("ACS ACR122U", "072f", "2200"),
        "nfc.fix.udev.pn533": _udev_en("NXP PN533", "04cc", "2533"),
        "nfc.fix.udev.rcs380": _udev_en("Sony RC-S380", "054c", "06c3"),
        "nfc.fix.udev.generic": _GENERIC_EN,
        "nfc.fix.kernel_module": (
            "The Linux kernel's own NFC driver has claimed the reader. Unload it, and blacklist it so it "
            f"does not come back:\n{_MODULES}\n{_BLACKLIST}"
        ),
        "nfc.fix.busy": (
            "Another program is using the reader. Close other card reader programs; for the ACR122U stop "
            "pcscd: sudo systemctl stop pcscd.socket pcscd. If the kernel's NFC driver is loaded: " + _MODULES
        ),
        "nfc.fix.no_device": (
            "Plug in a supported reader (ACR122U, PN533, RC-S380), check that `lsusb` lists it, and that "
            "the nfc_device setting is right (usb, usb:VID:PID or udp:HOST:PORT)."
        ),
        "nfc.fix.bad_path": (
            "The nfc_device setting is not a reader path. Use usb, usb:VID:PID (e.g. usb:072f:2200) "
            "or udp:127.0.0.1:PORT for the card simulator."
        ),
        "nfc.fix.error": "The reader did not answer as expected. Unplug it, plug it in again and retry.",
        "nfc.data_error.wrong_key": "The chip refused the read key" + _UID_EN,
        "nfc.data_error.bad_magic": "The chip does not hold the sandbox layout HMSSBX" + _UID_EN,
        "nfc.data_error.bad_version": "Unknown version of the chip layout" + _UID_EN,
        "nfc.data_error.not_sandbox": "The chip is not marked as a sandbox card; its data was not used.",
        "nfc.data_error.bad_crc": "The chip's data is damaged (bad checksum)" + _UID_EN,
        "nfc.data_error.short_read": "The chip's data is incomplete" + _UID_EN,
        "nfc.data_error.bad_record": "The chip's data could not be parsed" + _UID_EN,
        "nfc.data_error.not_mifare_classic": "The chip is not a Mifare Classic; only the chip ID was read.",
        "nfc.data_error.reader_cannot_authenticate": (
            "This reader cannot unlock Mifare Classic (e.g. Sony RC-S380); only the chip ID was read."
        ),
        "nfc.data_error.read_failed": "The chip could not be read completely" + _UID_EN,
        "nfc.read_from_chip": "Read from the chip",
        "nfc.waiting": "Hold the card to the reader …",
        "nfc.cli.timeout": "No card on the reader within {seconds} s.",
        "nfc.cli.no_device": "No card reader is set up: use --device or the nfc_device setting.",
        "nfc.cli.bad_key": "The nfc_key setting must be 12 hex characters (6 bytes).",
        "nfc.sim.ready": "Card simulator for {card} listening on {path}",
    },
}
