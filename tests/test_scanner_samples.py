"""Sample card generation: the Code 128 encoder, the shipped files, determinism."""

from __future__ import annotations

import numpy as np
import pytest

from sandbox.reference_cards import REFERENCE_CARDS
from sandbox.samples import SAMPLES_DIR, code128
from sandbox.samples.camera import camera_frame
from sandbox.samples.cards import back
from scanner.decoders.zbar import ZbarDecoder
from scanner.decoders.zxing import ZxingDecoder


def _read(img) -> list[str]:
    gray = np.ascontiguousarray(np.asarray(img, dtype=np.uint8))
    return sorted({s.text for d in (ZxingDecoder(), ZbarDecoder()) for s in d.decode(gray)})


@pytest.mark.parametrize("text", ["12345678510000001", "1234567851000000", "HMS-kort 42", "a1234", "7"])
def test_code128_encoder_output_reads_back_in_both_decoders(text):
    assert _read(code128.render(text)) == [text]


def test_code128_every_set_c_pair_value_reads_back():
    text = "".join(f"{i:02d}" for i in range(100))[:60]
    for start in range(0, 200, 40):
        chunk = "".join(f"{i:02d}" for i in range(100))[start : start + 40]
        assert _read(code128.render(chunk)) == [chunk]
    assert _read(code128.render(text)) == [text]


def test_code128_refuses_non_ascii():
    with pytest.raises(ValueError, match="ASCII"):
        code128.symbol_values("Prøve")


def test_shipped_samples_cover_every_reference_card_and_stay_small():
    names = {p.name for p in SAMPLES_DIR.glob("*.png")}
    for card in REFERENCE_CARDS:
        assert {f"{card.card_number}_{s}.png" for s in ("front", "back", "both")} <= names
    assert "hostile_qr.png" in names
    assert sum(p.stat().st_size for p in SAMPLES_DIR.glob("*.png")) < 8_000_000


def test_drawing_and_camera_frames_are_deterministic():
    card = back(REFERENCE_CARDS[2])
    assert card.tobytes() == back(REFERENCE_CARDS[2]).tobytes()
    a = camera_frame(card, seed=7, kind="glare", size="720p")
    assert a == camera_frame(card, seed=7, kind="glare", size="720p")
    assert a != camera_frame(card, seed=8, kind="glare", size="720p")
