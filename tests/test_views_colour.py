"""The verdict bands without colour vision (issue 12, item 4), from the theme's own colours: the same
simulation the e2e test runs on the rendered bands (tests/e2e/test_result_e2e.py), here per colour."""

from __future__ import annotations

import numpy as np
import pytest

from app.i18n import t
from app.model import Verdict
from views.theme import VERDICT_LOOK
from views.verdict_banner import headline

PROTANOPIA = np.array(
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
)
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)
VISIONS = {"normal": np.eye(3), "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}


def luminance(hex_colour: str, vision: np.ndarray, veil: float = 0.0) -> float:
    rgb = np.array([int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)
    rgb = rgb * (1 - veil) + 255 * veil
    c = rgb / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(np.clip(vision @ lin, 0, 1) @ [0.2126, 0.7152, 0.0722])


def contrast(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("vision", list(VISIONS))
def test_valid_and_invalid_bands_differ_3_to_1_in_luminance(vision):
    m = VISIONS[vision]
    valid, invalid = VERDICT_LOOK[Verdict.VALID], VERDICT_LOOK[Verdict.INVALID]
    for invalid_bg in (invalid.bg, invalid.hatch):  # both stripes of the hatching
        assert contrast(luminance(valid.bg, m), luminance(invalid_bg, m)) >= 3.0


@pytest.mark.parametrize("vision", list(VISIONS))
@pytest.mark.parametrize("verdict", list(Verdict))
def test_the_verdict_word_keeps_3_to_1_under_a_25_percent_white_veil(vision, verdict):
    look, m = VERDICT_LOOK[verdict], VISIONS[vision]
    for bg in (look.bg, look.hatch or look.bg):
        assert contrast(luminance(bg, m, 0.25), luminance(look.ink, m, 0.25)) >= 3.0


def test_shapes_and_first_words_tell_the_verdicts_apart():
    import flet as ft

    looks = VERDICT_LOOK
    assert looks[Verdict.VALID].icon == ft.Icons.CHECK_CIRCLE
    assert looks[Verdict.INVALID].icon == ft.Icons.DANGEROUS  # the stop octagon
    assert looks[Verdict.VALID_WITH_WARNINGS].icon == ft.Icons.WARNING_ROUNDED  # the triangle
    assert looks[Verdict.INVALID].border >= 4 and looks[Verdict.INVALID].hatch
    for lang in ("nb", "en"):
        firsts = {v: headline(v, lang).split()[0] for v in Verdict}
        assert firsts[Verdict.INVALID] != firsts[Verdict.VALID], lang
        assert firsts[Verdict.INVALID] not in t(f"verdict.{Verdict.VALID}", lang).upper()


def test_the_focus_ring_stands_out_on_the_white_page():
    from views.theme import FOCUS

    normal = VISIONS["normal"]
    assert contrast(luminance(FOCUS, normal), luminance("#FFFFFF", normal)) >= 3.0
