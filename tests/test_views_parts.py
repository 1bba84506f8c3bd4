"""View helpers without a browser: verdict looks, camera error messages, reader panel, string keys."""

from __future__ import annotations

import re
from pathlib import Path

import flet as ft

from app.i18n import CATALOGUE
from app.model import Verdict
from app.state.app_state import AppState, CameraStatus
from views.camera_panel import classify_camera_error
from views.reader_panel import reader_panel
from views.theme import SANDBOX_BG, SANDBOX_INK, VERDICT_LOOK

VIEWS = Path(__file__).resolve().parents[1] / "views"


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_verdict_has_its_own_icon_and_high_contrast_ink():
    assert set(VERDICT_LOOK) == set(Verdict)
    assert len({look.icon for look in VERDICT_LOOK.values()}) == len(Verdict)
    for verdict, look in VERDICT_LOOK.items():
        assert _contrast(look.bg, look.ink) >= 7.0, verdict  # WCAG AAA, for sunlight
    assert _contrast(SANDBOX_BG, SANDBOX_INK) >= 7.0


def test_unverified_looks_nothing_like_valid():
    valid, unverified = VERDICT_LOOK[Verdict.VALID], VERDICT_LOOK[Verdict.UNVERIFIED]
    assert valid.icon != unverified.icon
    r, g, b = (int(unverified.bg.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    assert not (g > r + 30 and g > b + 30), "unverified must not be green"


def test_camera_errors_map_to_the_message_the_user_needs():
    assert classify_camera_error(RuntimeError("NotAllowedError: Permission denied")) is CameraStatus.DENIED
    assert (
        classify_camera_error(RuntimeError("NotFoundError: Requested device not found"))
        is CameraStatus.MISSING
    )
    assert classify_camera_error(TimeoutError()) is CameraStatus.FAILED


class _NoChecker:
    async def check(self, ref):
        raise AssertionError("no call expected")

    async def check_text(self, text, *, symbology=None):
        raise AssertionError("no call expected")

    async def check_codes(self, codes):
        raise AssertionError("no call expected")

    async def photo(self, card_number):
        return None


def _state() -> AppState:
    return AppState(checker=_NoChecker(), decode=lambda data, **kw: ())


def _texts(control: ft.Control) -> list[str]:
    out: list[str] = []

    def walk(c):
        if isinstance(c, ft.Text) and c.value:
            out.append(c.value)
        for name in ("content", "controls"):
            child = getattr(c, name, None)
            if isinstance(child, list):
                for x in child:
                    walk(x)
            elif isinstance(child, ft.Control):
                walk(child)

    walk(control)
    return out


def test_reader_panel_only_when_a_reader_is_configured_and_shows_the_exact_fix():
    state = _state()
    assert reader_panel(state) is None
    state.set_reader("PERMISSION_DENIED", "nfc.fix.udev.acr122u")
    text = "\n".join(_texts(reader_panel(state)))
    # plain words for the inspector; the exact fix only behind "Detaljer for IT" (issue 12)
    assert "udevadm" not in text and "Detaljer for IT" in text
    state.toggle_reader_details()
    text = "\n".join(_texts(reader_panel(state)))
    assert "udevadm" in text and "072f" in text
    state.set_reader("READY", None)
    assert "udevadm" not in "\n".join(_texts(reader_panel(state)))


def test_every_ui_string_the_views_use_exists_in_both_languages():
    used: set[str] = set()
    app = VIEWS.parent / "app"
    for path in [*VIEWS.glob("*.py"), app / "state" / "app_state.py", app / "ui_root.py"]:
        used |= set(re.findall(r'"(ui\.[a-z_.]+)"', path.read_text()))
    assert used, "the scan found no keys: the pattern is wrong"
    for lang in ("nb", "en"):
        missing = sorted(k for k in used if k not in CATALOGUE[lang])
        assert not missing, (lang, missing)
