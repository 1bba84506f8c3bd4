"""The per-frame and still-image paths on the sample cards, rotated, and on camera-like frames."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pytest

from sandbox.reference_cards import BY_NUMBER, REFERENCE_CARDS
from sandbox.samples import SAMPLES_DIR, code128
from sandbox.samples.camera import KINDS, camera_frames
from sandbox.samples.cards import HOSTILE_QR_TEXT, back
from scanner.decoders.registry import load_decoders
from scanner.frames import load_gray, load_path
from scanner.reader import FrameReader, StillReader

#: Public images from zxing-cpp's test corpus, vendored with source and licence (tests/data/README.md).
CORPUS = Path(__file__).resolve().parent / "data" / "zxing-cpp"
STILL = StillReader()
PHONE_STILL = StillReader(load_decoders(exclude=["zxing-cpp"]))


@cache
def camera_subset(size: str) -> tuple:
    """Every kind of damage on two cards' backs, from the fixed seed (generated, not shipped)."""
    chosen = {n: back(BY_NUMBER[n]) for n in ("10000001", "10000004")}
    return tuple(camera_frames(chosen, kinds=KINDS, sizes=(size,)))


def _texts(result) -> set[str]:
    return {s.text for s in result.symbols}


@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=lambda c: c.card_number)
@pytest.mark.parametrize("side", ["back", "both"])
def test_every_sample_card_reads_qr_and_barcode_at_every_right_angle(card, side):
    gray = load_path(SAMPLES_DIR / f"{card.card_number}_{side}.png")
    for quarter in range(4):
        res = STILL.read_gray(np.ascontiguousarray(np.rot90(gray, quarter)))
        assert _texts(res) == {card.qr_text, card.barcode_text}, f"{quarter * 90}°"


def test_card_fronts_hold_no_code_and_nothing_is_invented():
    for card in REFERENCE_CARDS:
        assert STILL.read_path(SAMPLES_DIR / f"{card.card_number}_front.png").symbols == ()
    gray = load_path(SAMPLES_DIR / "10000003_front.png")
    for quarter in (1, 2, 3):
        assert STILL.read_gray(np.ascontiguousarray(np.rot90(gray, quarter))).symbols == ()


def test_hostile_sample_reads_as_the_look_alike_address():
    assert _texts(STILL.read_path(SAMPLES_DIR / "hostile_qr.png")) == {HOSTILE_QR_TEXT}


@pytest.mark.parametrize("size", ["720p", "1080p"])
def test_camera_like_frames_read_on_the_frame_and_still_paths(size):
    frame_reader = FrameReader()
    for frame in camera_subset(size):
        card = BY_NUMBER[frame.name[:8]]
        gray = load_gray(frame.jpeg)
        assert card.qr_text in _texts(STILL.read_gray(gray)), frame.name
        assert card.qr_text in _texts(frame_reader.read(gray)), frame.name


def test_phone_decoders_alone_read_the_camera_like_frames():
    frame_reader = FrameReader(load_decoders(only=["pyzbar", "opencv"]))
    for frame in camera_subset("720p"):
        card = BY_NUMBER[frame.name[:8]]
        gray = load_gray(frame.jpeg)
        assert card.qr_text in _texts(PHONE_STILL.read_gray(gray)), frame.name
        assert card.qr_text in _texts(frame_reader.read(gray)), frame.name


def test_upright_barcode_is_read_within_rotate_every_frames():
    bars = np.asarray(code128.render(BY_NUMBER["10000002"].barcode_text, module_px=3), dtype=np.uint8)
    frame = np.full((720, 1280), 255, np.uint8)
    upright = np.ascontiguousarray(np.rot90(bars))
    frame[100 : 100 + upright.shape[0], 600 : 600 + upright.shape[1]] = upright
    reader = FrameReader(rotate_every=4)
    reads = [_texts(reader.read(frame)) for _ in range(8)]
    # the cheap pass cannot see bars standing upright; every 4th frame's full pass does
    assert reads == [set(), set(), set(), {BY_NUMBER["10000002"].barcode_text}] * 2


def test_still_path_reads_nothing_on_the_public_false_positive_images():
    images = sorted(CORPUS.glob("falsepositives-*/*"))
    assert len(images) == 6
    for path in images:
        assert STILL.read_path(path).symbols == (), path.name


def test_frame_reader_reports_which_decoder_read_and_how_long_it_took():
    res = FrameReader().read(load_path(SAMPLES_DIR / "10000001_back.png"))
    assert res.decoder == "zxing-cpp" and res.ms > 0
    assert res.qr is not None and res.barcode is not None
