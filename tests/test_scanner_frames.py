"""Image files and bytes to grayscale: formats, EXIF orientation, pixel budget, damaged input."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from sandbox.samples import SAMPLES_DIR
from scanner.frames import (
    CorruptImage,
    ImageTooLarge,
    NotAnImage,
    downscale,
    frame_to_gray,
    load_gray,
    load_path,
    read_bytes,
)
from scanner.reader import StillReader

BACK = SAMPLES_DIR / "10000001_back.png"
QR_TEXT = "https://hmskort.no/k/c2LufYNuydk9sgEWl2agE4aE"


def _encoded(fmt: str, img: Image.Image | None = None, **save) -> bytes:
    buf = io.BytesIO()
    (img or Image.open(BACK).convert("RGB")).save(buf, format=fmt, **save)
    return buf.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width×height, with almost no pixel data (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_jpeg_png_and_webp_bytes_decode_and_read(fmt):
    res = StillReader().read_bytes(_encoded(fmt, quality=90) if fmt != "PNG" else _encoded(fmt))
    assert QR_TEXT in [s.text for s in res.symbols]


def test_exif_orientation_is_honoured():
    upright = Image.open(BACK).convert("RGB")
    stored = upright.rotate(90, expand=True)  # as a phone stores a portrait shot: sideways, plus a tag
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    gray = load_gray(_encoded("JPEG", stored, exif=exif, quality=92))
    assert gray.shape == (upright.height, upright.width)


def test_transparent_background_is_flattened_onto_white():
    rgba = Image.open(BACK).convert("RGBA")
    arr = np.asarray(rgba).copy()
    white = (arr[..., :3] > 200).all(axis=2)
    arr[white] = (0, 0, 0, 0)  # transparent black where the card was white
    res = StillReader().read_bytes(_encoded("PNG", Image.fromarray(arr, "RGBA")))
    assert QR_TEXT in [s.text for s in res.symbols]


def test_empty_input_is_refused_as_empty():
    with pytest.raises(NotAnImage, match="empty"):
        load_gray(b"")


def test_non_image_bytes_are_refused_as_not_an_image():
    with pytest.raises(NotAnImage, match="not an image"):
        load_gray(b"%PDF-1.7\n" + b"x" * 500)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_truncated_files_are_reported_as_truncated_or_damaged(fmt):
    data = _encoded(fmt)
    with pytest.raises(CorruptImage):
        load_gray(data[: len(data) // 2], name="half")


def test_corrupt_png_data_is_reported_as_damaged():
    data = bytearray(_encoded("PNG"))
    data[200:260] = b"\xff" * 60  # inside the first IDAT: the zlib stream breaks
    with pytest.raises(CorruptImage, match="damaged"):
        load_gray(bytes(data))


def test_huge_png_is_refused_from_its_header_before_decoding():
    bomb = _png_header_only(30_000, 30_000)
    assert len(bomb) < 200
    with pytest.raises(ImageTooLarge, match="limit"):
        load_gray(bomb)
    with pytest.raises(ImageTooLarge, match="100 MP"):  # under Pillow's own guard, over ours
        load_gray(_png_header_only(10_000, 10_000))


def test_image_over_the_pixel_budget_is_refused_unless_it_is_a_jpeg():
    png = _encoded("PNG")  # 1012×638 = 0.65 MP
    with pytest.raises(ImageTooLarge, match="limit"):
        load_gray(png, max_pixels=300_000)


def test_jpeg_over_the_pixel_budget_is_decoded_smaller_and_still_reads():
    big = Image.open(BACK).convert("RGB").resize((2024, 1276), Image.Resampling.NEAREST)
    gray = load_gray(_encoded("JPEG", big, quality=92), max_pixels=800_000)
    assert gray.shape[0] * gray.shape[1] <= 800_000
    assert QR_TEXT in [s.text for s in StillReader().read_gray(gray).symbols]


def test_missing_file_and_directory_have_clear_messages(tmp_path):
    with pytest.raises(NotAnImage, match="no such file"):
        read_bytes(tmp_path / "nope.png")
    with pytest.raises(NotAnImage, match="directory"):
        load_path(tmp_path)


def test_camera_frames_in_any_channel_layout_become_gray():
    rgb = np.zeros((4, 6, 3), np.uint8)
    rgb[..., 1] = 200
    assert frame_to_gray(rgb).shape == (4, 6)
    assert frame_to_gray(np.dstack([rgb, np.full((4, 6), 255, np.uint8)])).shape == (4, 6)
    with pytest.raises(ValueError, match="uint8"):
        frame_to_gray(rgb.astype(np.float32))


def test_downscale_keeps_aspect_and_leaves_small_images_alone():
    g = np.zeros((1080, 1920), np.uint8)
    assert downscale(g, 1280).shape == (720, 1280)
    assert downscale(g, 4000) is g
