"""The scanning quiet period: the one rule for "is this the card we just checked?".

After a verdict, and again after "scan next", the card just checked is usually still in front of the
camera. Every code of that card (its QR text, its barcode text, and the card number they resolve to)
stays quiet until the card has been out of view for `ABSENT_SECONDS`, or `QUIET_SECONDS` have
passed since the period (re)started. A frame that shows it meanwhile is "the same card as last
time", never a new check. Used by the app state and by `scanner.live` (the CLI's camera loop).

Pure: a clock is passed in; no I/O.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from app.errors import PayloadError
from app.model import ScannedCode
from app.payloads import parse_scan

#: the last card is quiet at most this long after a verdict or "scan next"
QUIET_SECONDS = 5.0
#: ... or until it has not been seen for this long
ABSENT_SECONDS = 1.0


def card_number_of(code: ScannedCode) -> str | None:
    """The card number a code names by itself (a barcode does; a QR code needs the status API)."""
    if code.symbology == "qr":
        return None
    try:
        ref = parse_scan(code.text, symbology=code.symbology)
    except PayloadError:
        return None
    return getattr(ref, "card_number", None)


class QuietPeriod:
    """The last card's codes, and whether a frame still shows it. Thread-safe."""

    def __init__(
        self,
        *,
        quiet_seconds: float = QUIET_SECONDS,
        absent_seconds: float = ABSENT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.quiet_seconds = quiet_seconds
        self.absent_seconds = absent_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._texts: frozenset[str] = frozenset()
        self._numbers: frozenset[str] = frozenset()
        self._started = float("-inf")
        self._absent_since: float | None = None

    @property
    def active(self) -> bool:
        with self._lock:
            return self._active(self._clock())

    def _active(self, now: float) -> bool:
        return bool(self._texts or self._numbers) and now - self._started < self.quiet_seconds

    def start(self, codes: Iterable[ScannedCode], card_number: str | None = None) -> None:
        """A verdict was shown for the card with these codes (and this card number, if known)."""
        codes = tuple(codes)
        numbers = {n for n in (card_number_of(c) for c in codes) if n}
        if card_number:
            numbers.add(card_number)
        with self._lock:
            self._texts = frozenset(c.text for c in codes)
            self._numbers = frozenset(numbers)
            self._started = self._clock()
            self._absent_since = None  # it was in view when it was read

    def restart(self) -> None:
        """ "Scan next": the same card is quiet again for the full period (it is likely still there)."""
        with self._lock:
            self._started = self._clock()
            self._absent_since = None

    def clear(self) -> None:
        """Forget the last card (new settings: nothing carries over)."""
        with self._lock:
            self._texts, self._numbers = frozenset(), frozenset()
            self._absent_since = None

    def shows_last_card(self, codes: Iterable[ScannedCode]) -> bool:
        """Feed one frame's codes (possibly none). True when they include the quiet card: the frame
        must not start a check. A frame without it counts towards "out of view"."""
        codes = tuple(codes)
        now = self._clock()
        with self._lock:
            if not self._active(now):
                return False
            seen = any(c.text in self._texts or (card_number_of(c) or "") in self._numbers for c in codes)
            if seen:
                self._absent_since = None
                return True
            if self._absent_since is None:
                self._absent_since = now
            elif now - self._absent_since >= self.absent_seconds:
                self._texts, self._numbers = frozenset(), frozenset()  # it went away: over
            return False
