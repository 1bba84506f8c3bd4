"""What a decoder reports: a symbol's format and text, in one vocabulary for every decoder."""

from __future__ import annotations

from dataclasses import dataclass

QR = "QRCode"
CODE128 = "Code128"
CODE39 = "Code39"
ITF = "ITF"

#: The formats an HMS-kort carries or that contract §2 accepts for its barcode. Decoders are
#: restricted to these: fewer formats is faster and cannot misread a scratch as an EAN-13.
CARD_FORMATS: tuple[str, ...] = (QR, CODE128, CODE39, ITF)

#: Formats that carry the 17-digit barcode payload (contract §2).
LINEAR_FORMATS: frozenset[str] = frozenset({CODE128, CODE39, ITF})


@dataclass(frozen=True, slots=True)
class Symbol:
    """One decoded symbol. `format` is one of CARD_FORMATS (or the decoder's own name when a raw
    decoder with default options reads something else, for the benchmark)."""

    format: str
    text: str

    @property
    def is_qr(self) -> bool:
        return self.format == QR

    @property
    def is_linear(self) -> bool:
        return self.format in LINEAR_FORMATS

    def as_json(self) -> dict[str, str]:
        """The CLI's JSON shape."""
        return {"format": self.format, "text": self.text}


def unique(symbols: list[Symbol] | tuple[Symbol, ...]) -> tuple[Symbol, ...]:
    """Drop repeats, keeping first-seen order (a cascade may read the same code twice)."""
    seen: set[Symbol] = set()
    out: list[Symbol] = []
    for s in symbols:
        if s not in seen:
            seen.add(s)
            out.append(s)
    return tuple(out)
