"""The camera loop's helper: which frame results become a check, and what to check them with.

A card held in front of the camera is read 30 times a second; the inspector wants one check. So a
payload seen again within `repeat_window` seconds is dropped (the window restarts while the card
stays in view), and after a hit the helper pauses for `pause_after_hit` seconds so the result can be
read. When a frame holds both codes of a card's back, the QR code is the reference (it identifies the
card with the holder's details) and the barcode rides along to cross-check the employer and card
number with the API's answer (a mismatch is a warning, contract §4).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from app.errors import PayloadError
from app.model import BarcodeRef, CardRef, CheckResult
from app.payloads import DEFAULT_QR_HOSTS, parse_scan
from scanner.symbols import Symbol


@dataclass(frozen=True, slots=True)
class LiveHit:
    """One frame's result worth checking: the primary payload and, beside a QR code, the barcode."""

    text: str
    symbology: str  # "qr" or "barcode"
    format: str  # the decoder's format, e.g. "QRCode", "Code128"
    barcode: str | None = None  # the barcode's text when the primary is a QR code


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


class Checker(Protocol):
    """The part of `app.bootstrap.Services` a live hit needs."""

    async def check(self, ref: CardRef, *, barcode: BarcodeRef | None = None) -> CheckResult: ...

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult: ...


def refs_of(hit: LiveHit, *, qr_hosts: Iterable[str] = DEFAULT_QR_HOSTS) -> tuple[CardRef, BarcodeRef | None]:
    """The hit's card reference and, when the barcode beside the QR code parses, its BarcodeRef.

    Raises PayloadError for the primary payload (the caller lets `check_text` turn that into a
    verdict). A barcode that does not parse is dropped: it cannot confirm or contradict anything."""
    ref = parse_scan(hit.text, symbology=hit.symbology, qr_hosts=qr_hosts)
    barcode = None
    if hit.barcode is not None:
        try:
            parsed = parse_scan(hit.barcode, symbology="barcode", qr_hosts=qr_hosts)
        except PayloadError:
            parsed = None
        barcode = parsed if isinstance(parsed, BarcodeRef) else None
    return ref, barcode


async def check_hit(
    hit: LiveHit, services: Checker, *, qr_hosts: Iterable[str] = DEFAULT_QR_HOSTS
) -> CheckResult:
    """The verdict for a live hit: the QR code checked with the barcode as cross-check."""
    try:
        ref, barcode = refs_of(hit, qr_hosts=qr_hosts)
    except PayloadError:
        # Suspicious or unrecognised: check_text gives the invalid verdict without any network call.
        return await services.check_text(hit.text, symbology=hit.symbology)
    return await services.check(ref, barcode=barcode)
