"""The camera loop's helper: which frame results become a check, and the codes each one hands on.

A card held in front of the camera is read 30 times a second; the inspector wants one check. After
a hit the card's codes stay quiet by `app.quiet_period.QuietPeriod`'s rule (the one rule, shared
with the app): until the card has been out of view for a second, or five seconds have passed. A hit
names the frame's QR code and the barcode beside it (`LiveHit.codes`); which of them is checked,
and how, is `app.services.verify.check_codes`'s rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.model import ScannedCode
from app.quiet_period import QuietPeriod
from scanner.symbols import Symbol


@dataclass(frozen=True, slots=True)
class LiveHit:
    """One frame's result worth checking: the primary payload and, beside a QR code, the barcode."""

    text: str
    symbology: str  # "qr" or "barcode"
    format: str  # the decoder's format, e.g. "QRCode", "Code128"
    barcode: str | None = None  # the barcode's text when the primary is a QR code

    def codes(self) -> tuple[ScannedCode, ...]:
        """The hit's codes, for `Services.check_codes`: the primary one, then the barcode beside it."""
        primary = ScannedCode(self.text, self.symbology)
        if self.barcode is None:
            return (primary,)
        return (primary, ScannedCode(self.barcode, "barcode"))


class LiveScanner:
    """Drops the last card while it is quiet. Thread-safe: frames may be offered from worker threads."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, quiet: QuietPeriod | None = None
    ) -> None:
        self.quiet = quiet or QuietPeriod(clock=clock)

    def offer(self, symbols: Iterable[Symbol]) -> LiveHit | None:
        """The hit to check for this frame's symbols, or None (nothing, or the last card again)."""
        symbols = tuple(symbols)
        qr = next((s for s in symbols if s.is_qr), None)
        barcode = next((s for s in symbols if s.is_linear), None)
        codes = [ScannedCode(s.text, "qr" if s.is_qr else "barcode") for s in (qr, barcode) if s]
        if self.quiet.shows_last_card(codes) or not codes:
            return None
        if qr is not None:
            hit = LiveHit(qr.text, "qr", qr.format, barcode.text if barcode else None)
        else:
            hit = LiveHit(barcode.text, "barcode", barcode.format)
        self.quiet.start(hit.codes())
        return hit

    def reset(self) -> None:
        """Forget the last card (e.g. the inspector tapped "scan again" on another card)."""
        self.quiet.clear()
