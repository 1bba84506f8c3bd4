"""Re-check when the network returns (issue 14, item 5).

A check that ended `unverified` for NETWORK or TIMEOUT is journaled as pending. `recheck_pending`
checks those entries again, oldest first, and stops at the first that is still unreachable (the status
API is not answering yet: no point in hammering it). Each new verdict is journaled as the pending
entry's re-check, and is the status API's answer of just now: nothing is shown as valid before that.

A typed or barcode check is re-checked by its card number. A QR or chip check needs its token or UID,
which the journal never stores: the app keeps them in memory (`Rechecker.remember`) until the
re-check; after a restart such an entry stays pending and the card must be scanned again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from app.errors import JournalError
from app.model import CardRef, CheckResult, ChipRef, JournalEntry
from app.services.journal import Journal, is_pending, recheck_ref

log = logging.getLogger(__name__)

Check = Callable[[CardRef], Awaitable[CheckResult]]
#: How often the app looks for pending entries and tries the first (a refused connection costs
#: nothing, a timeout at most the client's timeout): well inside the 10 s the issue asks for.
DEFAULT_INTERVAL = 2.0
#: QR tokens / chip UIDs held for re-checks: bounded, oldest dropped first (they stay pending).
MAX_REMEMBERED = 500


@dataclass(frozen=True, slots=True)
class RecheckOutcome:
    #: (pending entry, its re-check), in the order they were re-checked
    rechecked: tuple[tuple[JournalEntry, JournalEntry], ...]
    #: entries still pending: the status API did not answer yet, or was not tried
    still_pending: int
    #: pending entries that cannot be re-checked without the card (QR/chip, token/UID not in memory)
    need_card: int
    #: the status API is still not answering
    unreachable: bool


async def recheck_pending(
    journal: Journal, check: Check, refs: dict[int, CardRef] | None = None
) -> RecheckOutcome:
    """Re-check every pending entry that can be; see the module docstring."""
    refs = refs if refs is not None else {}
    pending = await journal.pending()
    done: list[tuple[JournalEntry, JournalEntry]] = []
    need_card = 0
    unreachable = False
    for entry in pending:
        ref = refs.get(entry.id) or recheck_ref(entry)
        if ref is None:
            need_card += 1
            continue
        result = await check(ref)
        if is_pending(result):
            unreachable = True
            break
        again = await asyncio.to_thread(journal.recheck_sync, entry, result)
        refs.pop(entry.id, None)
        done.append((entry, again))
    return RecheckOutcome(tuple(done), len(pending) - len(done) - need_card, need_card, unreachable)


class Rechecker:
    """The app's background re-checker: every `interval` seconds, while entries are pending, tries
    them (see `recheck_pending`) and tells the listeners what was re-checked."""

    def __init__(self, journal: Journal, check: Check, *, interval: float = DEFAULT_INTERVAL) -> None:
        self.journal = journal
        self._check = check
        self.interval = interval
        self._refs: OrderedDict[int, CardRef] = OrderedDict()
        self._listeners: list[Callable[[RecheckOutcome], None]] = []
        self._task: asyncio.Task | None = None
        self._wake = asyncio.Event()

    def remember(self, entry: JournalEntry, ref: CardRef | None) -> None:
        """Keep the reference of a pending QR/chip check in memory for its re-check (never on disk)."""
        if ref is None or not entry.record.pending or recheck_ref(entry) is not None:
            return
        if isinstance(ref, ChipRef):
            ref = ChipRef(ref.chip_code)  # the chip's names are not needed to re-check: not kept
        self._refs[entry.id] = ref
        while len(self._refs) > MAX_REMEMBERED:
            self._refs.popitem(last=False)
        self._wake.set()

    def subscribe(self, listener: Callable[[RecheckOutcome], None]) -> Callable[[], None]:
        """Call `listener` after each pass that re-checked something; returns the unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    async def run_once(self) -> RecheckOutcome:
        outcome = await recheck_pending(self.journal, self._check, self._refs)
        if outcome.rechecked:
            log.info("journal: %d pending check(s) re-checked", len(outcome.rechecked))
            for listener in list(self._listeners):
                try:
                    listener(outcome)
                except Exception:  # one closed session must not stop the others' updates
                    log.exception("re-check listener failed")
        return outcome

    def start(self) -> asyncio.Task:
        if self._task is None or self._task.done():
            self._task = asyncio.ensure_future(self._loop())
        return self._task

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except JournalError:
                pass  # the journal is down: try again next time
            except Exception:
                log.exception("re-check pass failed")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.interval)
