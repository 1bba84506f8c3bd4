"""pyzbar (ZBar): installable on Flet's mobile builds; reads QR and the 1-D formats."""

from __future__ import annotations

import re

import numpy as np

from scanner.decoders import DecoderUnavailable
from scanner.symbols import CARD_FORMATS, CODE39, CODE128, ITF, QR, Symbol

try:
    from pyzbar import pyzbar
    from pyzbar.pyzbar import ZBarSymbol
except (ImportError, OSError) as exc:  # OSError: the Python package is there but libzbar is not
    pyzbar = None
    ZBarSymbol = None
    _IMPORT_ERROR: Exception | None = exc
else:
    _IMPORT_ERROR = None

_FULL_ASCII = re.compile(r"[$%+/][A-Z]")
_TO_ZBAR = {QR: "QRCODE", CODE128: "CODE128", CODE39: "CODE39", ITF: "I25"}
_FROM_ZBAR = {v: k for k, v in _TO_ZBAR.items()}


class ZbarDecoder:
    """pyzbar restricted to `formats`. ZBar reads Code 128 better on a 720p-sized frame than on a
    1080p one (measured), hence `frame_max_side`."""

    name = "pyzbar"
    frame_max_side: int | None = 1280
    reads_linear = True

    def __init__(self, formats: tuple[str, ...] | None = CARD_FORMATS) -> None:
        if pyzbar is None:
            raise DecoderUnavailable(f"pyzbar/libzbar is not installed: {_IMPORT_ERROR}")
        self._symbols = None if formats is None else [ZBarSymbol[_TO_ZBAR[f]] for f in formats]

    @classmethod
    def defaults(cls) -> ZbarDecoder:
        """pyzbar with every symbology on: the benchmark's raw figure."""
        dec = cls(None)
        dec.name = "pyzbar (defaults)"
        dec.frame_max_side = None
        return dec

    def decode(self, gray: np.ndarray) -> tuple[Symbol, ...]:
        """Read every symbol in `gray`."""
        h, w = gray.shape[:2]
        # pyzbar takes (bytes, width, height) for 8-bit gray without copying through PIL.
        found = pyzbar.decode((gray.tobytes(), w, h), symbols=self._symbols)
        out = []
        for r in found:
            try:
                text = r.data.decode("utf-8")
            except UnicodeDecodeError:
                # ZBar hands back bytes it could not convert; a guess at the charset would be a misread.
                continue
            fmt = _FROM_ZBAR.get(r.type, r.type)
            if fmt == CODE39 and _FULL_ASCII.search(text):
                # ZBar does not decode Code 39 full-ASCII pairs ("+A" = "a"); the raw text would be a
                # misread of an extended-mode symbol. The card's Code 39 is digits only.
                continue
            out.append(Symbol(fmt, text))
        return tuple(out)
