"""Turning image files, bytes and camera frames into 8-bit grayscale arrays the decoders take.

Images come from people (a photo picked from the gallery, a file on the command line), so every
failure gets a specific message, EXIF orientation is honoured (phones store portrait photos
sideways with a rotate tag), and the pixel count is checked from the header *before* decoding so
that a decompression bomb cannot eat memory.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from app.errors import HmsKortError

#: Largest image decoded as it is: 24 MP covers every phone camera's default photo size.
MAX_PIXELS = 24_000_000
#: JPEGs can be decoded at 1/2, 1/4 or 1/8 scale without ever holding the full image, so they may be
#: up to 64× the budget; anything else above the budget is refused.
JPEG_DRAFT_FACTOR = 64
#: Largest file read into memory at all.
MAX_FILE_BYTES = 64 * 1024 * 1024

_FORMATS = ("JPEG", "PNG", "WEBP", "BMP", "GIF", "TIFF")


class ImageError(HmsKortError):
    """An image that cannot be decoded. The message says why, for the user."""


class NotAnImage(ImageError):
    """Empty, or not an image format we read."""


class CorruptImage(ImageError):
    """A known format, but truncated or damaged."""


class ImageTooLarge(ImageError):
    """Over the pixel or byte budget."""


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The file's bytes, with a clear error for missing, unreadable, oversize or special files.

    Only a regular file is read: a device (a link to /dev/zero never ends), a FIFO (blocks until a
    writer comes) or a socket is refused from its metadata, before it is opened for reading; the
    read itself stops at the size limit even if the file grows meanwhile.
    """
    p = Path(path)
    try:
        _require_regular(p, os.stat(p))
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, open() still returns.
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as f:
            _require_regular(p, os.fstat(f.fileno()))
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise NotAnImage(f"{p}: no such file") from None
    except PermissionError:
        raise NotAnImage(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise NotAnImage(f"{p}: is a directory, not an image") from None
    except OSError as exc:  # a symlink loop, a name too long, an I/O error, ...
        raise NotAnImage(f"{p}: cannot be read ({exc.strerror or type(exc).__name__})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ImageTooLarge(f"{p}: file is above the {MAX_FILE_BYTES // 2**20} MiB limit")
    return data


def _require_regular(p: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise NotAnImage(f"{p}: is a directory, not an image")
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a FIFO (named pipe)"
            if stat.S_ISFIFO(st.st_mode)
            else "a socket"
            if stat.S_ISSOCK(st.st_mode)
            else "not a regular file"
        )
        raise NotAnImage(f"{p}: is {kind}, not an image file; not read")
    if st.st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // 2**20
        raise ImageTooLarge(f"{p}: file is {st.st_size / 2**20:.0f} MiB, above the {limit} MiB limit")


def load_gray(data: bytes, *, max_pixels: int = MAX_PIXELS, name: str = "image") -> np.ndarray:
    """Decode JPEG/PNG/WebP (and BMP/GIF/TIFF) bytes to an upright 8-bit grayscale array.

    Raises NotAnImage, CorruptImage or ImageTooLarge. Images over `max_pixels` are refused, except
    JPEGs, which are decoded at a reduced scale (cheap, bounded memory) to fit the budget."""
    if not data:
        raise NotAnImage(f"{name}: empty file")
    with warnings.catch_warnings():
        # We check the size ourselves, before decoding, with our own budget and message.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data), formats=_FORMATS)
        except UnidentifiedImageError:
            raise NotAnImage(f"{name}: not an image (or not a format we read: JPEG, PNG, WebP)") from None
        except Image.DecompressionBombError as exc:
            # Pillow's own guard fires in open() for headers over twice its global limit.
            raise ImageTooLarge(
                f"{name}: image is above the {max_pixels / 1e6:.0f} MP limit ({exc})"
            ) from None
        except Exception as exc:  # PIL raises many types for damaged headers
            raise CorruptImage(f"{name}: damaged image header ({exc})") from None
        try:
            return _to_gray(img, max_pixels, name)
        finally:
            img.close()


def _to_gray(img: Image.Image, max_pixels: int, name: str) -> np.ndarray:
    w, h = img.size
    if w <= 0 or h <= 0:
        raise CorruptImage(f"{name}: image has no pixels ({w}×{h})")
    pixels = w * h
    if pixels > max_pixels:
        if img.format != "JPEG" or pixels > max_pixels * JPEG_DRAFT_FACTOR:
            raise ImageTooLarge(
                f"{name}: image is {w}×{h} px ({pixels / 1e6:.0f} MP), "
                f"above the {max_pixels / 1e6:.0f} MP limit"
            )
        # draft() picks the largest DCT scale (1/2..1/8) that is still >= the requested size.
        scale = (pixels / max_pixels) ** 0.5
        img.draft("L", (int(w / scale), int(h / scale)))
    try:
        img.load()
    except Exception as exc:  # "image file is truncated", broken chunks, bad Huffman tables, ...
        raise CorruptImage(f"{name}: truncated or damaged image data ({exc})") from None
    if img.size[0] * img.size[1] > max_pixels:
        # draft gives a power-of-two reduction; finish the job (the image is already small in memory).
        scale = (img.size[0] * img.size[1] / max_pixels) ** 0.5
        img = img.resize((int(img.size[0] / scale), int(img.size[1] / scale)), Image.Resampling.BILINEAR)
    try:
        img = ImageOps.exif_transpose(img) or img
        return pil_to_gray(img)
    except ImageError:
        raise
    except Exception as exc:  # a mode Pillow cannot turn into gray (LAB, CMYK TIFF variants, ...)
        raise NotAnImage(f"{name}: image mode {img.mode} cannot be read ({type(exc).__name__})") from None


def pil_to_gray(img: Image.Image) -> np.ndarray:
    """A PIL image as a C-contiguous uint8 grayscale array; transparency is flattened onto white
    (a QR code saved on a transparent background would otherwise turn black on black)."""
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba)
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit PNGs: scale to 8 bits instead of clipping.
        arr = np.asarray(img, dtype=np.uint32)
        return np.ascontiguousarray((arr >> 8).astype(np.uint8))
    return np.ascontiguousarray(np.asarray(img.convert("L"), dtype=np.uint8))


def load_path(path: str | os.PathLike[str], *, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """Read and decode an image file (see `load_gray`)."""
    return load_gray(read_bytes(path), max_pixels=max_pixels, name=str(path))


def frame_to_gray(frame: np.ndarray) -> np.ndarray:
    """A camera frame (H×W gray, H×W×3 BGR/RGB or H×W×4) as a contiguous uint8 gray array."""
    if frame.dtype != np.uint8:
        raise ValueError(f"frame must be uint8, got {frame.dtype}")
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim == 3 and frame.shape[2] in (3, 4):
        # BT.601 weights for RGB; a BGR frame gets R and B swapped, which barely changes the contrast
        # of a black-on-white code, so callers need not say which order their camera uses.
        rgb = frame[..., :3].astype(np.uint16)
        gray = (rgb[..., 0] * 77 + rgb[..., 1] * 150 + rgb[..., 2] * 29) >> 8
        return np.ascontiguousarray(gray.astype(np.uint8))
    raise ValueError(f"frame must be H×W, H×W×3 or H×W×4, got shape {frame.shape}")


def downscale(gray: np.ndarray, max_side: int) -> np.ndarray:
    """`gray` with its long side at most `max_side` (area-averaged, which keeps thin bars readable)."""
    h, w = gray.shape
    long_side = max(h, w)
    if long_side <= max_side:
        return gray
    f = max_side / long_side
    size = (max(1, round(w * f)), max(1, round(h * f)))
    return np.asarray(Image.fromarray(gray).resize(size, Image.Resampling.BOX), dtype=np.uint8)
