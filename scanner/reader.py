"""The two ways to read a card: per camera frame (fast, one decoder) and per still image (a cascade).

Per frame: the first available decoder alone, tuned (restricted formats, no invert pass), on a
frame scaled to what that decoder reads best. A miss costs one frame; the next one comes in ~33 ms.

Still image (a photo, a file): the user gets one try, so spend time. Each decoder in registry order
tries the image and then cheap variants (downscaled, contrast-stretched, inverted, rotated) until
something is read. zxing-cpp goes first on every variant because it has not misread anything here;
the fallbacks only see what it could not read at all.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from scanner.decoders import Decoder
from scanner.decoders.registry import DecoderSet, load_decoders
from scanner.decoders.zxing import ZxingDecoder
from scanner.frames import downscale, frame_to_gray, load_gray, load_path
from scanner.symbols import Symbol, unique


@dataclass(frozen=True, slots=True)
class ReadResult:
    """What one image or frame held, which decoder and variant read it, and how long it took."""

    symbols: tuple[Symbol, ...]
    ms: float
    decoder: str | None = None  # None when nothing was read
    variant: str | None = None

    @property
    def qr(self) -> Symbol | None:
        return next((s for s in self.symbols if s.is_qr), None)

    @property
    def barcode(self) -> Symbol | None:
        return next((s for s in self.symbols if s.is_linear), None)


class FrameReader:
    """The live camera's per-frame path: one decoder, no cascade. Thread-safe.

    With zxing-cpp, frames are read without its 90° pass for 1-D codes and without its downscaled
    passes (QR codes read in any orientation regardless), and every `rotate_every`-th frame with both,
    so that a barcode held upright or a card held very close is still read within a few frames
    (~130 ms at 30 fps)."""

    def __init__(self, decoders: DecoderSet | None = None, *, rotate_every: int = 4) -> None:
        self.decoders = decoders or load_decoders()
        self.decoder: Decoder = self.decoders.frame_decoder
        self._upright: Decoder | None = None
        if isinstance(self.decoder, ZxingDecoder):
            self._upright = self.decoder
            # Measured on 1080p camera frames: same hits, ≈1/8 of zxing-cpp's default time.
            self.decoder = ZxingDecoder(try_rotate=False, try_downscale=False)
        self.rotate_every = max(1, rotate_every)
        self._count = itertools.count()  # next() on a count is atomic under the GIL

    def read(self, frame: np.ndarray) -> ReadResult:
        """Read a camera frame (gray, RGB/BGR or RGBA uint8 array)."""
        t0 = time.perf_counter()
        gray = frame_to_gray(frame)
        decoder = self.decoder
        if self._upright is not None and next(self._count) % self.rotate_every == self.rotate_every - 1:
            decoder = self._upright
        if decoder.frame_max_side:
            gray = downscale(gray, decoder.frame_max_side)
        symbols = unique(decoder.decode(gray))
        ms = (time.perf_counter() - t0) * 1000
        return ReadResult(symbols, ms, decoder.name if symbols else None, "frame" if symbols else None)


def _stretch(gray: np.ndarray) -> np.ndarray:
    # Low light and plastic-sleeve haze squeeze the code into a narrow grey band; spread the 2nd–98th
    # percentiles over 0–255.
    lo, hi = np.percentile(gray[::4, ::4], (2, 98))
    if hi - lo < 8 or (lo <= 2 and hi >= 253):
        return gray
    out = (gray.astype(np.float32) - lo) * (255.0 / (hi - lo))
    return np.clip(out, 0, 255).astype(np.uint8)


def _rotate45(gray: np.ndarray) -> np.ndarray:
    from PIL import Image

    img = Image.fromarray(gray).rotate(45, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)
    return np.asarray(img, dtype=np.uint8)


#: The still-image variants, cheapest and likeliest first. Each is (name, transform).
VARIANTS: tuple[tuple[str, Callable[[np.ndarray], np.ndarray]], ...] = (
    ("original", lambda g: g),
    ("downscale-1280", lambda g: downscale(g, 1280)),
    ("downscale-800", lambda g: downscale(g, 800)),
    ("stretch", _stretch),
    ("invert", lambda g: np.ascontiguousarray(255 - g)),
    ("rotate-90", lambda g: np.ascontiguousarray(np.rot90(g))),
    ("rotate-45", lambda g: _rotate45(downscale(g, 1600))),
)


def _upscale(gray: np.ndarray, factor: float = 2.0) -> np.ndarray:
    from PIL import Image

    h, w = gray.shape
    img = Image.fromarray(gray).resize((int(w * factor), int(h * factor)), Image.Resampling.BICUBIC)
    return np.asarray(img, dtype=np.uint8)


def _sharpen(gray: np.ndarray) -> np.ndarray:
    from PIL import Image, ImageFilter

    img = Image.fromarray(gray).filter(ImageFilter.UnsharpMask(radius=3, percent=250, threshold=0))
    return np.asarray(img, dtype=np.uint8)


def _soft_variants(gray: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """For a small, soft barcode beside a QR code (a photo from arm's length, slightly out of focus):
    sharpened, and overlapping bands of the image upscaled so that its bars get enough pixels.
    Made lazily: most photos never get here."""
    base = downscale(gray, 1600)
    yield "sharpen", _sharpen(base)
    h = base.shape[0]
    for top, bottom in ((0.35, 0.95), (0.05, 0.65), (0.2, 0.8)):
        band = np.ascontiguousarray(base[int(h * top) : int(h * bottom), :])
        yield f"band-{top}-{bottom}-x2", _upscale(band)
        yield f"band-{top}-{bottom}-x2-sharpen", _sharpen(_upscale(band))


class StillReader:
    """The still-image path: every decoder, every cheap variant, stop at the first read. Thread-safe."""

    #: a still this large is first scaled down; the decoders gain nothing above it but time
    MAX_SIDE = 3000

    def __init__(self, decoders: DecoderSet | None = None) -> None:
        self.decoders = decoders or load_decoders()

    def _attempts(self, gray: np.ndarray) -> Iterator[tuple[Decoder, str, np.ndarray]]:
        cache: dict[str, np.ndarray] = {}
        for decoder in self.decoders.decoders:
            for name, transform in VARIANTS:
                if name not in cache:
                    cache[name] = transform(gray)
                variant = cache[name]
                if name != "original" and variant is gray:
                    continue  # e.g. a downscale of an image already that small: same pixels, same answer
                yield decoder, name, variant

    def read_gray(self, gray: np.ndarray) -> ReadResult:
        """Read a grayscale image. A QR code read without the barcode beside it does not end the
        search: the barcode is what the QR code is cross-checked against, so it is looked for with
        every pass, then with the passes for a small, soft barcode (`_soft_variants`)."""
        t0 = time.perf_counter()
        gray = downscale(gray, self.MAX_SIDE)
        for decoder, name, variant in self._attempts(gray):
            symbols = unique(decoder.decode(variant))
            if symbols:
                if any(s.is_qr for s in symbols) and not any(s.is_linear for s in symbols):
                    barcode = self._barcode(gray)
                    if barcode is not None:
                        symbols = unique((*symbols, barcode))
                return ReadResult(symbols, (time.perf_counter() - t0) * 1000, decoder.name, name)
        return ReadResult((), (time.perf_counter() - t0) * 1000)

    def _barcode(self, gray: np.ndarray) -> Symbol | None:
        """The first linear code any pass reads (the cheap variants, then the soft-barcode ones)."""
        soft = ((d, n, v) for n, v in _soft_variants(gray) for d in self.decoders.decoders)
        for decoder, _name, variant in itertools.chain(self._attempts(gray), soft):
            linear = next((s for s in decoder.decode(variant) if s.is_linear), None)
            if linear is not None:
                return linear
        return None

    def read_bytes(self, data: bytes, *, name: str = "image") -> ReadResult:
        """Decode image bytes (JPEG, PNG, WebP) and read them; raises `scanner.frames.ImageError`."""
        t0 = time.perf_counter()
        gray = load_gray(data, name=name)
        res = self.read_gray(gray)
        return ReadResult(res.symbols, (time.perf_counter() - t0) * 1000, res.decoder, res.variant)

    def read_path(self, path) -> ReadResult:
        """Read an image file; raises `scanner.frames.ImageError`."""
        t0 = time.perf_counter()
        gray = load_path(path)
        res = self.read_gray(gray)
        return ReadResult(res.symbols, (time.perf_counter() - t0) * 1000, res.decoder, res.variant)
