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
        "ui.result.more": "mer",
        "ui.result.less": "mindre",
        "ui.result.photo_label": "Bilde av kortholderen fra HMS-kortregisteret",
    },
    "en": {
        "ui.banner.valid": "VALID",
        "ui.banner.valid_with_warnings": "VALID WITH WARNINGS",
        "ui.banner.invalid": "STOP – INVALID",
        "ui.banner.unverified": "NOT CONFIRMED",
        "ui.result.more": "more",
        "ui.result.less": "less",
        "ui.result.photo_label": "Photo of the card holder from the HMS card register",
    },
}
