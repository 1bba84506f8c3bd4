"""OpenCV's QR detector: installable on Flet's mobile builds; QR only (its `cv2.barcode` reads only
EAN/UPC and misread Code 128/39 as EAN here, so it is not used)."""

from __future__ import annotations

import threading

import numpy as np

from scanner.decoders import DecoderUnavailable
from scanner.symbols import QR, Symbol

try:
    import cv2
except ImportError as exc:
    cv2 = None
    _IMPORT_ERROR: Exception | None = exc
else:
    _IMPORT_ERROR = None


class OpenCvDecoder:
    """cv2.QRCodeDetector. A detector object keeps state between calls, so each thread gets its own."""

    name = "opencv"
    frame_max_side: int | None = 1280
    reads_linear = False

    def __init__(self) -> None:
        if cv2 is None:
            raise DecoderUnavailable(f"OpenCV is not installed: {_IMPORT_ERROR}")
        self._local = threading.local()

    @classmethod
    def defaults(cls) -> OpenCvDecoder:
        """The same detector (it has no options worth turning): the benchmark's raw figure."""
        dec = cls()
        dec.name = "opencv (defaults)"
        dec.frame_max_side = None
        return dec

    def _detector(self):
        det = getattr(self._local, "detector", None)
        if det is None:
            det = self._local.detector = cv2.QRCodeDetector()
        return det

    def decode(self, gray: np.ndarray) -> tuple[Symbol, ...]:
        """Read every QR code in `gray`."""
        try:
            ok, texts, _points, _ = self._detector().detectAndDecodeMulti(gray)
        except cv2.error:
            # OpenCV raises on some degenerate detections; for a scanner that is "nothing read".
            return ()
        except UnicodeDecodeError:
            # OpenCV hands non-UTF-8 payloads to Python as UTF-8 and fails; guessing would be a misread.
            return ()
        if not ok:
            return ()
        return tuple(Symbol(QR, t) for t in texts if t)
