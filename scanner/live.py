"""The camera loop's helper: which frame results become a check, and the codes each one hands on.

A card held in front of the camera is read 30 times a second; the inspector wants one check. So a
payload seen again within `repeat_window` seconds is dropped (the window restarts while the card
stays in view), and after a hit the helper pauses for `pause_after_hit` seconds so the result can be
read. A hit names the frame's QR code and the barcode beside it (`LiveHit.codes`); which of them is
checked, and how, is `app.services.verify.check_codes`'s rule.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.model import ScannedCode
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
    """Drops repeats and pauses after a hit. Thread-safe: frames may be offered from worker threads."""

    def __init__(
        self,
        *,
        repeat_window: float = 3.0,
        pause_after_hit: float = 1.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.repeat_window = repeat_window
        self.pause_after_hit = pause_after_hit
        self._clock = clock
        self._lock = threading.Lock()
        self._last_text: str | None = None
        self._last_seen = float("-inf")
        self._paused_until = float("-inf")

    def offer(self, symbols: Iterable[Symbol]) -> LiveHit | None:
        """The hit to check for this frame's symbols, or None (nothing new, a repeat, or paused)."""
        symbols = tuple(symbols)
        qr = next((s for s in symbols if s.is_qr), None)
        barcode = next((s for s in symbols if s.is_linear), None)
        primary = qr or barcode
        now = self._clock()
        with self._lock:
            if primary is None:
                return None
            repeat = primary.text == self._last_text and now - self._last_seen < self.repeat_window
            if primary.text == self._last_text:
                self._last_seen = now  # still in view: keep suppressing it
            if repeat or now < self._paused_until:
                return None
            self._last_text, self._last_seen = primary.text, now
            self._paused_until = now + self.pause_after_hit
        if qr is not None:
            return LiveHit(qr.text, "qr", qr.format, barcode.text if barcode else None)
        return LiveHit(primary.text, "barcode", primary.format)

    def reset(self) -> None:
        """Forget the last payload and end any pause (e.g. the inspector tapped "scan again")."""
        with self._lock:
            self._last_text, self._last_seen, self._paused_until = None, float("-inf"), float("-inf")
