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
#: text, icons and focus rings on the dark top bar, the primary buttons and a chosen option
ON_DARK = "#FFFFFF"
#: the black frames (invalid band, camera window) and the camera's dark backdrop
FRAME = "#000000"
#: the second button of a screen (scan next, back) and a chosen option
DARK = "#111111"
#: a message that something failed (≥ 7:1 on white); and a settings save that went through
ERROR_INK = "#B00020"
SAVED_INK = "#0A6B2E"
#: light backgrounds of notes, each ≥ 12:1 under INK
WARNING_BG = "#FFE08A"  # a warning on the result (and its alerts)
NOTICE_BG = "#FFF3C4"  # a passing note: the scan screen's message, the data-use note
NOTES_BG = "#E3EAF5"  # the result's notes (not warnings)
HINT_BG = "#EEF2F8"  # what to do next, the role prompt
ERROR_BG = "#FDECEA"  # the shown check was not recorded
CAMERA_ERROR_BG = "#FDE7E9"  # the camera cannot be used
PROBLEM_BG = "#FFE1E1"  # the crew list cannot be read
RECORDED_BG = "#E8EEF9"  # the shown check is in the journal
READY_BG = "#E6F4EA"  # the chip reader is ready
IDLE_BG = "#F2F2F2"  # the chip reader is not ready
SIGNED_IN_BG = "#E8ECF1"  # the signed-in user's strip (served mode)
PHOTO_PLACEHOLDER = "#E0E0E0"  # where the holder's photo goes while it loads, or when there is none
#: around the phone-width column on a desktop browser
BACKDROP = "#D9DDE3"
TRANSPARENT = "#00000000"


class VerdictLook:
    """Colour, ink, icon and frame of a verdict. Colour is never alone: each verdict has its own
    silhouette (check mark, stop octagon, warning triangle, cloud), its own first word, and invalid a
    thick black frame with hatching, so the four read apart in greyscale, for red-green colour-blind
    users and in sunlight (tests/test_views_colour.py and the e2e colour-vision test check it)."""

    def __init__(
        self, bg: str, ink: str, icon: ft.IconData, *, border: int = 0, hatch: str | None = None
    ) -> None:
        self.bg, self.ink, self.icon, self.border, self.hatch = bg, ink, icon, border, hatch


# Valid is a LIGHT green with black ink and invalid a DARK red with white ink: the two differ in
# luminance by more than 3:1 even without colour vision. Unverified is slate with a cloud-off icon:
# nothing like green, and not red either (the card may be fine; we just do not know).
VERDICT_LOOK: dict[Verdict, VerdictLook] = {
    Verdict.VALID: VerdictLook("#4ADE80", "#000000", ft.Icons.CHECK_CIRCLE),
    Verdict.VALID_WITH_WARNINGS: VerdictLook("#F2B800", "#000000", ft.Icons.WARNING_ROUNDED),
    Verdict.INVALID: VerdictLook("#9A0019", "#FFFFFF", ft.Icons.DANGEROUS, border=6, hatch="#7A0014"),
    Verdict.UNVERIFIED: VerdictLook("#2E3B4E", "#FFFFFF", ft.Icons.CLOUD_OFF),
}

#: keyboard focus ring (issue 12): ≥ 3:1 against the white page (6.4:1) and unlike the black frames
FOCUS = "#1A56DB"


def focus_side(default: ft.BorderSide | None = None, ring: str = FOCUS) -> dict:
    """A button's border: `default`, and a 4 px ring while it has the keyboard focus (Flutter's own
    focus overlay is too faint to find on a phone screen in daylight)."""
    return {
        ft.ControlState.FOCUSED: ft.BorderSide(4, ring),
        ft.ControlState.DEFAULT: default or ft.BorderSide(0, TRANSPARENT),
    }


def app_theme() -> ft.Theme:
    """The app's light, high-contrast theme."""
    # A visible focus ring for keyboard users (WCAG 2.4.7/1.4.11): Flutter's default is a faint overlay.
    return ft.Theme(color_scheme_seed=PRIMARY, focus_color=FOCUS + "55")
