"""The reader loop: one thread per reader, one normalised `ChipRead` per card presented.

Drops repeats the way a camera decode loop does: the same UID is ignored while it stays on the reader,
and for a short hold-off after it was lifted (a card at the edge of the field comes and goes). A card
that stops answering in the middle of a read is never handed on; it is read again when it answers
again, and after `max_attempts` broken reads of a card that is still there its UID alone is posted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from app.chip import geometry, hmssbx
from app.model import SensedCard
from app.ports import ChipReaderPort
from scanner.nfc import mifare
from scanner.nfc.diagnose import ReaderUnavailable
from scanner.nfc.values import ChipRead, DataError, ReaderState

log = logging.getLogger(__name__)

OnRead = Callable[[ChipRead], None]
OnState = Callable[[ReaderState, "str | None"], None]


def read_card(reader: ChipReaderPort, card: SensedCard, key: bytes | None) -> ChipRead | None:
    """Read one sensed card completely; None when it left in the middle of the read."""
    base = {"chip_code": card.uid.hex().upper(), "uid_len": len(card.uid), "sak": card.sak, "atqa": card.atqa}
    if not uid_consistent(card):
        return ChipRead(**base, data_error=DataError.BAD_UID)
    if key is None:
        return ChipRead(**base)
    kind = geometry.classify(card.sak)
    if not kind.is_classic:
        return ChipRead(**base, data_error=DataError.NOT_MIFARE_CLASSIC)
    try:
        access = reader.mifare(card)
        data = mifare.read_hmssbx(access, uid=card.uid, key=key, kind=kind)
    except mifare.CardGone:
        return None
    except mifare.ReaderCannotAuthenticate:
        return ChipRead(**base, data_error=DataError.READER_CANNOT_AUTHENTICATE)
    except mifare.AuthRejected:
        return ChipRead(**base, data_error=DataError.WRONG_KEY)
    except hmssbx.ChipDataError as exc:
        log.info("chip data not used: %s", exc.code)
        return ChipRead(**base, data_error=exc.code)
    return ChipRead(**base, data=data)


def uid_consistent(card: SensedCard) -> bool:
    """A 4- or 7-byte UID of the size the card's ATQA announced (bits 7-6). Anything else is a
    misread (a collision, a card at the edge of the field) or a card that is not an HMS-kort."""
    return len(card.uid) in (4, 7) and geometry.atqa_uid_len(card.atqa) == len(card.uid)


def _uid_only(card: SensedCard) -> ChipRead:
    return ChipRead(
        chip_code=card.uid.hex().upper(),
        uid_len=len(card.uid),
        sak=card.sak,
        atqa=card.atqa,
        data_error=DataError.READ_FAILED,
    )


class ChipReaderLoop:
    """Runs a reader in its own thread; see `scanner.nfc` for the contract with the UI."""

    def __init__(
        self,
        device: str | ChipReaderPort,
        key: bytes | None,
        on_read: OnRead,
        on_state: OnState,
        *,
        hold_off: float = 1.5,
        poll_interval: float = 0.2,
        retry_interval: float = 2.0,
        max_attempts: int = 3,
    ) -> None:
        if key is not None and len(key) != 6:
            raise ValueError(f"a Mifare key is 6 bytes, got {len(key)}")
        self._device = device
        self._key = key
        self._on_read = on_read
        self._on_state = on_state
        self._hold_off = hold_off
        self._poll = poll_interval
        self._retry = retry_interval
        self._max_attempts = max_attempts
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state: tuple[ReaderState, str | None] | None = None
        self.detail: str | None = None  # technical detail of the last non-READY state (no personal data)

    @property
    def state(self) -> ReaderState | None:
        return self._state[0] if self._state else None

    def start(self) -> None:
        """Start the reader thread (once)."""
        if self._thread is not None:
            raise RuntimeError("the reader loop is already started")
        self._thread = threading.Thread(target=self._run, name="nfc-reader", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        """Stop the thread and close the reader; returns within about one sense cycle."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # --- the thread -----------------------------------------------------------------------------

    def _run(self) -> None:
        while not self._stop.is_set():
            reader = self._make_reader()
            if reader is None:
                return
            try:
                reader.open()
                self._set_state(ReaderState.READY, None)
                self._poll_cards(reader)
            except ReaderUnavailable as exc:
                self.detail = exc.detail
                self._set_state(exc.state, exc.fix_key)
                self._stop.wait(self._retry)
            except Exception as exc:  # a driver bug must not kill the thread silently
                log.exception("reader loop error")
                self.detail = f"{type(exc).__name__}: {exc}"
                self._set_state(ReaderState.ERROR, "nfc.fix.error")
                self._stop.wait(self._retry)
            finally:
                reader.close()

    def _make_reader(self) -> ChipReaderPort | None:
        if not isinstance(self._device, str):
            return self._device
        from scanner.nfc.nfcpy_backend import NfcpyReader  # nfcpy is imported only when a reader is used

        try:
            return NfcpyReader(self._device)
        except ReaderUnavailable as exc:  # a bad path does not get better by retrying
            self.detail = exc.detail
            self._set_state(exc.state, exc.fix_key)
            return None

    def _poll_cards(self, reader: ChipReaderPort) -> None:
        present: bytes | None = None  # the UID on the reader that was already handled
        last_uid, last_at = b"", float("-inf")
        attempts: dict[bytes, int] = {}
        while not self._stop.is_set():
            card = reader.sense()
            if card is None:
                present = None
                attempts.clear()
                self._stop.wait(self._poll)
                continue
            if card.uid == present or (card.uid == last_uid and time.monotonic() - last_at < self._hold_off):
                present = card.uid
                self._stop.wait(self._poll)
                continue
            read = read_card(reader, card, self._key)
            if read is None:
                attempts[card.uid] = attempts.get(card.uid, 0) + 1
                if attempts[card.uid] < self._max_attempts:
                    continue  # lifted mid-read: wait for it to answer again, post nothing
                read = _uid_only(card)
            attempts.pop(card.uid, None)
            present, last_uid, last_at = card.uid, card.uid, time.monotonic()
            self._post(read)

    def _post(self, read: ChipRead) -> None:
        try:
            self._on_read(read)
        except Exception:
            log.exception("on_read callback failed")

    def _set_state(self, state: ReaderState, fix_key: str | None) -> None:
        if self._state == (state, fix_key):
            return
        self._state = (state, fix_key)
        try:
            self._on_state(state, fix_key)
        except Exception:
            log.exception("on_state callback failed")


def read_one(
    device: str | ChipReaderPort,
    key: bytes | None,
    timeout: float,
    *,
    cancel: threading.Event | None = None,
) -> ChipRead | None:
    """Wait up to `timeout` seconds for one complete read; None when no card came.

    Raises ReaderUnavailable when the reader cannot be used (its state and fix key on the exception).
    Setting `cancel` (from another thread) ends the wait at once, as if no card came.
    """
    got: list[ChipRead] = []
    failure: list[ReaderUnavailable] = []
    done = cancel if cancel is not None else threading.Event()

    def on_read(read: ChipRead) -> None:
        got.append(read)
        done.set()

    loop: ChipReaderLoop

    def on_state(state: ReaderState, fix_key: str | None) -> None:
        if state is not ReaderState.READY:
            failure.append(ReaderUnavailable(state, fix_key or "nfc.fix.error", loop.detail or state.value))
            done.set()

    loop = ChipReaderLoop(device, key, on_read, on_state)
    loop.start()
    try:
        done.wait(timeout)
    finally:
        loop.stop()
    if got:
        return got[0]
    if failure:
        raise failure[0]
    return None
