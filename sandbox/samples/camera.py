"""Camera-like frames of a card: held at an angle, blurred, noisy, under glare, in low light.

Deterministic from a seed, so tests and the benchmark see the same frames on every machine. Frames
are rendered in memory (and JPEG-compressed like a phone's camera pipeline) rather than shipped,
which keeps the repository small.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

#: The kinds of damage; "clean" is the card flat in the frame at a slight angle.
KINDS = ("clean", "perspective", "blur", "noise", "glare", "lowlight")
SIZES = {"720p": (1280, 720), "1080p": (1920, 1080)}


@dataclass(frozen=True, slots=True)
class CameraFrame:
    name: str  # e.g. "10000001_back-glare-1080p"
    kind: str
    size: str
    jpeg: bytes


def _background(rng: np.random.Generator, w: int, h: int) -> Image.Image:
    # A desk or a jacket: a smooth colour gradient plus coarse texture, never a code-like pattern.
    base = rng.uniform(40, 200, size=3)
    grad = np.linspace(0, 1, w)[None, :, None] * rng.uniform(-50, 50, size=3)
    tex = np.asarray(
        Image.fromarray(rng.integers(0, 255, (h // 16 + 1, w // 16 + 1), dtype=np.uint8)).resize(
            (w, h), Image.Resampling.BICUBIC
        ),
        dtype=np.float32,
    )[..., None]
    arr = base[None, None, :] + grad + (tex - 128) * 0.15
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def _perspective_coeffs(src: list[tuple[float, float]], dst: list[tuple[float, float]]) -> list[float]:
    # PIL's PERSPECTIVE transform maps output (dst) coordinates back to input (src) ones.
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=np.float64)
    b = np.array([c for pt in src for c in pt], dtype=np.float64)
    return list(np.linalg.solve(a, b))


def place(card: Image.Image, rng: np.random.Generator, size: tuple[int, int], kind: str) -> Image.Image:
    """`card` in a frame of `size`, moved, turned and (for "perspective") tilted, on a background."""
    w, h = size
    frame = _background(rng, w, h)
    cw, ch = card.size
    # The inspector fills half to two thirds of the frame's height with the card.
    scale = h * rng.uniform(0.55, 0.75) / ch
    angle = np.deg2rad(rng.uniform(-12, 12))
    hw, hh = cw * scale / 2, ch * scale / 2
    cx = w / 2 + rng.uniform(-0.1, 0.1) * w
    cy = h / 2 + rng.uniform(-0.06, 0.06) * h
    corners = []
    for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        x, y = sx * hw, sy * hh
        if kind == "perspective":
            # Tilted towards or away from the camera: one side up to 25 % shorter than the other.
            x *= 1 + 0.12 * sy * rng.uniform(0.5, 1.0)
            y *= 1 + 0.10 * sx * rng.uniform(0.3, 1.0)
        corners.append(
            (cx + x * np.cos(angle) - y * np.sin(angle), cy + x * np.sin(angle) + y * np.cos(angle))
        )
    src = [(0, 0), (cw, 0), (cw, ch), (0, ch)]
    coeffs = _perspective_coeffs(src, corners)
    persp = Image.Transform.PERSPECTIVE
    warped = card.convert("RGB").transform(size, persp, coeffs, Image.Resampling.BILINEAR)
    mask = Image.new("L", card.size, 255).transform(size, Image.Transform.PERSPECTIVE, coeffs)
    frame.paste(warped, (0, 0), mask)
    return frame


def damage(frame: Image.Image, rng: np.random.Generator, kind: str) -> Image.Image:
    """Apply one kind of damage to a frame (the "clean" and "perspective" kinds only get sensor noise)."""
    arr = np.asarray(frame, dtype=np.float32)
    h, w = arr.shape[:2]
    if kind == "blur":
        frame = frame.filter(ImageFilter.GaussianBlur(radius=rng.uniform(1.5, 2.5) * h / 1080))
        arr = np.asarray(frame, dtype=np.float32)
    elif kind == "glare":
        # A plastic sleeve under a lamp: a bright soft ellipse washing out part of the card.
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        gx, gy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        rx, ry = rng.uniform(0.10, 0.18) * w, rng.uniform(0.10, 0.2) * h
        blob = np.exp(-(((xx - gx) / rx) ** 2 + ((yy - gy) / ry) ** 2))[..., None]
        arr = arr + blob * rng.uniform(110, 150) + 25  # plus overall haze from the sleeve
    elif kind == "lowlight":
        arr = arr * rng.uniform(0.2, 0.3) + 6
        arr = arr + rng.normal(0, 5, arr.shape)
    if kind == "noise":
        arr = arr + rng.normal(0, rng.uniform(12, 18), arr.shape)
    else:
        arr = arr + rng.normal(0, 2.5, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")


def camera_frame(card: Image.Image, *, seed: int, kind: str, size: str) -> bytes:
    """One camera-like JPEG of `card` (deterministic for a given seed, kind and size)."""
    rng = np.random.default_rng(seed)
    frame = damage(place(card, rng, SIZES[size], kind), rng, kind)
    buf = io.BytesIO()
    frame.save(buf, format="JPEG", quality=82)
    return buf.getvalue()


def camera_frames(
    cards: dict[str, Image.Image], *, seed: int = 20260101, kinds=KINDS, sizes=tuple(SIZES)
) -> list[CameraFrame]:
    """Every (card, kind, size) combination, each from its own seed derived from `seed`."""
    out = []
    for i, (name, card) in enumerate(sorted(cards.items())):
        for j, kind in enumerate(kinds):
            for k, size in enumerate(sizes):
                jpeg = camera_frame(card, seed=seed + 1000 * i + 10 * j + k, kind=kind, size=size)
                out.append(CameraFrame(f"{name}-{kind}-{size}", kind, size, jpeg))
    return out
