"""Strings of the hardening rules (issue 9): a chip read that cannot be used."""

STRINGS = {
    "nb": {
        "nfc.read_again": "Kortet ble ikke lest riktig. Hold kortet stille mot leseren, og prøv igjen.",
        "nfc.data_error.bad_uid": "Brikke-ID-en ble ikke lest riktig; kortet er ikke slått opp.",
    },
    "en": {
        "nfc.read_again": "The card was not read correctly. Hold the card still on the reader and try again.",
        "nfc.data_error.bad_uid": "The chip ID was not read correctly; the card was not looked up.",
    },
}
