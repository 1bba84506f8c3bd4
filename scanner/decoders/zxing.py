"""zxing-cpp: the fastest and most accurate decoder measured here (docs/BENCHMARKS.md)."""

from __future__ import annotations

import numpy as np

from scanner.decoders import DecoderUnavailable
from scanner.symbols import CARD_FORMATS, CODE39, ITF, QR, Symbol

try:
    import zxingcpp
except ImportError as exc:  # the phone builds have no zxing-cpp wheel
    zxingcpp = None
    _IMPORT_ERROR: Exception | None = exc
else:
    _IMPORT_ERROR = None


def _our_format(name: str) -> str:
    # zxing-cpp 3 names sub-variants (Code39Std, Code39Ext, ITF14, QRCodeModel2); the card only
    # needs the family.
    for family in (QR, CODE39, ITF):
        if name.startswith(family):
            return family
    return name


class ZxingDecoder:
    """zxing-cpp restricted to `formats`. Restricting formats is what buys the speed (≈11 ms instead
    of ≈95 ms for a 1080p frame); `try_invert` is off by default because cards are printed dark on
    light and the still-image cascade tries an inverted copy itself."""

    name = "zxing-cpp"
    frame_max_side: int | None = None  # zxing-cpp scans downscaled copies internally
    reads_linear = True

    def __init__(
        self,
        formats: tuple[str, ...] | None = CARD_FORMATS,
        *,
        try_rotate: bool = True,
        try_downscale: bool = True,
        try_invert: bool = False,
    ) -> None:
        if zxingcpp is None:
            raise DecoderUnavailable(f"zxing-cpp is not installed: {_IMPORT_ERROR}")
        self._formats = (
            None
            if formats is None
            else zxingcpp.barcode_formats_from_str(",".join(formats))  # one parse, reused per call
        )
        self._opts = {
            "try_rotate": try_rotate,
            "try_downscale": try_downscale,
            "try_invert": try_invert,
            # Plain: the payload exactly as encoded. HRI would render control characters as "<GS>" and
            # GS1 data as "(01)…", i.e. text that is not what the card carries.
            "text_mode": zxingcpp.TextMode.Plain,
        }

    @classmethod
    def defaults(cls) -> ZxingDecoder:
        """zxing-cpp as shipped (all formats, every search option on): the benchmark's baseline. Only
        the text mode differs (Plain, as in ours), so that both are judged on the same text."""
        dec = cls(None, try_invert=True)
        dec.name = "zxing-cpp (defaults)"
        return dec

    def decode(self, gray: np.ndarray) -> tuple[Symbol, ...]:
        """Read every symbol in `gray`."""
        kwargs = dict(self._opts)
        if self._formats is not None:
            kwargs["formats"] = self._formats
        found = zxingcpp.read_barcodes(gray, **kwargs)
        return tuple(Symbol(_our_format(r.format.name), r.text) for r in found if r.valid)
