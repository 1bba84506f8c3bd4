"""Decoders behind one small protocol, and the registry that picks what is installed.

Every decoder takes an 8-bit grayscale image (a 2-D, C-contiguous numpy array) and returns the
symbols it read, in the project's vocabulary (`scanner.symbols`). Decoders are stateless or keep
per-thread state, so they are safe to call from `asyncio.to_thread`.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from app.errors import HmsKortError
from scanner.symbols import Symbol


class DecoderUnavailable(HmsKortError):
    """The decoder's library is not installed (or does not load) on this machine."""


class Decoder(Protocol):
    #: a short stable id: "zxing-cpp", "pyzbar", "opencv"
    name: str
    #: the long side a live frame is best scaled down to for this decoder (None: leave it)
    frame_max_side: int | None
    #: whether it reads 1-D barcodes at all (OpenCV does not read Code 128/39/ITF)
    reads_linear: bool

    def decode(self, gray: np.ndarray) -> tuple[Symbol, ...]:
        """Read every symbol in `gray`; an empty tuple when there is none."""
        ...
