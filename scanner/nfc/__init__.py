"""NFC: read an HMS-kort's chip with a USB reader (nfcpy), or the card simulator over udp.

For the UI (one reader, one thread; nothing here touches Flet)::

    from scanner.nfc import ChipReaderLoop, ChipRead, ReaderState

    loop = ChipReaderLoop(device, key, on_read, on_state)
    loop.start()            # opens the reader in its own thread, retries every 2 s while unavailable
    ...
    loop.stop()             # returns within about one sense cycle (~1 s); closes the reader

* `device`: the settings' `nfc_device` ("usb", "usb:072f:2200", "udp:127.0.0.1:54321", ...).
* `key`: 6 bytes, or None to read the UID only. Settings give `nfc_key` as hex; in sandbox mode
  with no key set, pass `sandbox.reference_cards.SANDBOX_CHIP_KEY` (contract §6).
* `on_read(read: ChipRead)`: once per card presented and fully read; the same card is not posted
  again until it was lifted (and 1.5 s have passed). `read.to_ref()` is the `ChipRef` to check;
  `read.data` is what the chip holds (`ChipData`: show it as "read from the chip", never as the
  verdict) and `read.data_error` a `DataError` value when the chip's data was not used
  (i18n "nfc.data_error.<value>"). A card lifted mid-read is never posted.
* `on_state(state: ReaderState, fix_key: str | None)`: on every change. READY has no fix key; the
  others carry the i18n key of the exact fix (`t(fix_key, lang)`: udev rule for the reader model,
  kernel module to unload, ...); the short label is `t(state.label_key, lang)`. `loop.detail` holds
  the technical reason (no personal data).
* Both callbacks run on the reader thread: hand them to the UI loop (e.g. `page.run_thread` /
  `loop.call_soon_threadsafe`). They must not block; exceptions in them are logged, not raised.

One-shot (the CLI): `read_one(device, key, timeout) -> ChipRead | None`, raising `ReaderUnavailable`.

Modules: `mifare` (the block read; geometry and the HMSSBX layout are in `app.chip`),
`nfcpy_backend` (`app.ports.ChipReaderPort` on nfcpy), `diagnose` (states and fixes),
`loop` (the thread), `values` (`ChipRead`, `ReaderState`, `DataError`). docs/NFC.md: setup and limits.
"""

from __future__ import annotations

from scanner.nfc.diagnose import ReaderUnavailable
from scanner.nfc.loop import ChipReaderLoop, read_one
from scanner.nfc.values import ChipRead, DataError, ReaderState

__all__ = ["ChipRead", "ChipReaderLoop", "DataError", "ReaderState", "ReaderUnavailable", "read_one"]
