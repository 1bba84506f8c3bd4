"""Result-screen words added by issue 12: the verdict band's first words, folding long warnings,
the role setting and plain words for the chip reader."""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "nb": {
        # distinct FIRST words: "GYLDIG" and "UGYLDIG" differ by two letters only
        "ui.banner.valid": "GYLDIG",
        "ui.banner.valid_with_warnings": "GYLDIG MED MERKNADER",
        "ui.banner.invalid": "STOPP – UGYLDIG",
        "ui.banner.unverified": "IKKE BEKREFTET",
        "ui.result.technical": "Teknisk, for IT: feilkode {code}",
        "ui.result.more": "mer",
        "ui.result.less": "mindre",
        "ui.result.photo_label": "Bilde av kortholderen fra HMS-kortregisteret",
        # the chip reader in plain words; the technical fix (nfc.fix.*) is behind "Detaljer for IT"
        "ui.reader.READY": "Kortleseren er klar",
        "ui.reader.NO_DEVICE": "Kortleser ikke tilkoblet",
        "ui.reader.PERMISSION_DENIED": "Kortleseren er tilkoblet, men appen får ikke bruke den",
        "ui.reader.BUSY": "Kortleseren brukes av et annet program",
        "ui.reader.ERROR": "Kortleseren svarer ikke",
        "ui.reader.details": "Detaljer for IT",
        "ui.reader.hide_details": "Skjul detaljer",
    },
    "en": {
        "ui.banner.valid": "VALID",
        "ui.banner.valid_with_warnings": "VALID WITH WARNINGS",
        "ui.banner.invalid": "STOP – INVALID",
        "ui.banner.unverified": "NOT CONFIRMED",
        "ui.result.technical": "Technical, for IT: error code {code}",
        "ui.result.more": "more",
        "ui.result.less": "less",
        "ui.result.photo_label": "Photo of the card holder from the HMS card register",
        "ui.reader.READY": "Card reader ready",
        "ui.reader.NO_DEVICE": "Card reader not connected",
        "ui.reader.PERMISSION_DENIED": "The card reader is connected, but the app may not use it",
        "ui.reader.BUSY": "Another program is using the card reader",
        "ui.reader.ERROR": "The card reader does not answer",
        "ui.reader.details": "Details for IT",
        "ui.reader.hide_details": "Hide details",
    },
}
