"""Fake-camera clips for Chromium (`--use-file-for-fake-video-capture`): YUV4MPEG2 4:2:0, no ffmpeg."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

WIDTH, HEIGHT = 1280, 720


def _frame(image: Image.Image) -> bytes:
    # The card fills most of the frame on a grey table, as when held ~15 cm from a phone.
    canvas = Image.new("RGB", (WIDTH, HEIGHT), (128, 128, 128))
    card = image.convert("RGB")
    card.thumbnail((int(WIDTH * 0.9), int(HEIGHT * 0.9)), Image.Resampling.LANCZOS)
    canvas.paste(card, ((WIDTH - card.width) // 2, (HEIGHT - card.height) // 2))
    ycbcr = np.asarray(canvas.convert("YCbCr"), dtype=np.uint8)
    y = ycbcr[..., 0]
    # 4:2:0: chroma averaged over 2x2 blocks
    cb = ycbcr[..., 1].reshape(HEIGHT // 2, 2, WIDTH // 2, 2).mean(axis=(1, 3)).astype(np.uint8)
    cr = ycbcr[..., 2].reshape(HEIGHT // 2, 2, WIDTH // 2, 2).mean(axis=(1, 3)).astype(np.uint8)
    return y.tobytes() + cb.tobytes() + cr.tobytes()


def write_y4m(image_path: Path, out: Path, *, frames: int = 15) -> Path:
    """A short clip of one still image (Chromium loops it)."""
    frame = _frame(Image.open(image_path))
    with out.open("wb") as f:
        f.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F15:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(frames):
            f.write(b"FRAME\n")
            f.write(frame)
    return out
