"""Colours and sizes for a phone read at arm's length outdoors: high contrast, big type, 48 px targets."""

from __future__ import annotations

import flet as ft

from app.model import Verdict

TOUCH = 56  # px; above the 48 px minimum, for gloves
PAD = 16

INK = "#0B0B0B"
PAPER = "#FFFFFF"
MUTED = "#3A3A3A"  # still ≥ 10:1 on white
SANDBOX_BG = "#FFD400"
SANDBOX_INK = "#000000"
PRIMARY = "#0B3D91"


class VerdictLook:
    """Colour, ink and icon of a verdict. Colour is never alone: each has its own icon and word."""

    def __init__(self, bg: str, ink: str, icon: ft.IconData) -> None:
        self.bg, self.ink, self.icon = bg, ink, icon


# Unverified is slate with a cloud-off icon: nothing like green, and not red either (the card may be
# fine; we just do not know).
VERDICT_LOOK: dict[Verdict, VerdictLook] = {
    Verdict.VALID: VerdictLook("#065224", "#FFFFFF", ft.Icons.CHECK_CIRCLE),
    Verdict.VALID_WITH_WARNINGS: VerdictLook("#F2B800", "#000000", ft.Icons.WARNING_ROUNDED),
    Verdict.INVALID: VerdictLook("#A0001C", "#FFFFFF", ft.Icons.BLOCK),
    Verdict.UNVERIFIED: VerdictLook("#2E3B4E", "#FFFFFF", ft.Icons.CLOUD_OFF),
}


def app_theme() -> ft.Theme:
    """The app's light, high-contrast theme."""
    return ft.Theme(color_scheme_seed=PRIMARY)
