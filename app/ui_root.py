"""The Flet app's composition root: what one app process holds for all its sessions.

`UiRoot` owns the settings, the services (built once, on first use; rebuilt by the settings screen),
the code decoder and the chip reader. `main.py` makes one per process and hands it to each session.
Like `app/bootstrap.py` (which it calls) this module may import adapters (`scanner`); it imports no
views, and the state sees it only through the ports in `app/ports.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Callable, Coroutine, Sequence
from typing import TYPE_CHECKING, Any

from app.errors import JournalError, SettingsError
from app.model import CardRef, CheckMethod, CheckResult, RawFrame, ScannedCode
from app.ports import ApiMode, SecretStore, UsageLedger
from app.settings import Secret, Settings
from app.state.app_state import AppState, Screen
from app.state.journal_state import JournalState
from app.state.settings_state import ConnectionTestFailed, SecretNeeded, SettingsValues

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # bootstrap (httpx, the API client) is imported once the first screen is drawn
    from app.bootstrap import Services
    from app.services.journal import Journal
    from app.services.recheck import Rechecker

#: Retention runs at start (when the journal opens) and then once a day (issue 14).
PURGE_INTERVAL_S = 24 * 3600


#: How a session runs a coroutine function on its own page (Flet's `page.run_task`): callable from
#: any thread, and the coroutine runs with the session bound, so the state's changes are drawn.
RunTask = Callable[..., Any]


def gray_of(frame: RawFrame):
    """The luminance of a camera-stream frame: YUV/NV21 start with the Y plane; BGRA is converted."""
    import numpy as np

    w, h = frame.width, frame.height
    buf = np.frombuffer(frame.data, dtype=np.uint8)
    if frame.format.lower().startswith("bgra"):
        bgra = buf[: w * h * 4].reshape(h, w, 4)
        return (0.114 * bgra[..., 0] + 0.587 * bgra[..., 1] + 0.299 * bgra[..., 2]).astype(np.uint8)
    return buf[: w * h].reshape(h, w)


class CodeDecoder:
    """The scanner's decoders behind the state's `ImageDecoder` port (blocking: run it in a thread).

    The readers are made on first use: importing OpenCV and zxing would slow the first screen down.
    """

    def __init__(self) -> None:
        self._frame_reader = None
        self._still_reader = None

    def __call__(
        self, data: bytes | RawFrame, *, mirrored: bool = False, still: bool = False
    ) -> list[ScannedCode]:
        """The codes in an encoded image (JPEG/PNG) or a raw camera frame."""
        import numpy as np

        from scanner.frames import load_gray
        from scanner.reader import FrameReader, StillReader

        gray = gray_of(data) if isinstance(data, RawFrame) else load_gray(data, name="camera")
        if mirrored:
            # flet-camera mirrors non-back cameras on web; 1D decoders read left to right.
            gray = np.ascontiguousarray(np.fliplr(gray))
        if still:
            self._still_reader = self._still_reader or StillReader()
            result = self._still_reader.read_gray(gray)
        else:
            self._frame_reader = self._frame_reader or FrameReader()
            result = self._frame_reader.read(gray)
        return [ScannedCode(s.text, "qr" if s.is_qr else "barcode") for s in result.symbols]


def chip_key(settings: Settings, sandbox_mode: bool) -> bytes | None:
    """The Mifare key the reader uses: the settings' `nfc_key`, else the sandbox key in sandbox mode."""
    if settings.nfc_key:
        return bytes.fromhex(settings.nfc_key)
    if sandbox_mode:
        from sandbox.reference_cards import SANDBOX_CHIP_KEY

        return SANDBOX_CHIP_KEY
    return None  # a real card's data is behind a key we were not given: the UID alone is looked up


class ChipReaderHub:
    """One chip-reader thread per process (one USB reader). Every session sees its state; a card goes
    to the session that attached last (the one in front of the inspector)."""

    def __init__(self) -> None:
        self._loop = None  # scanner.nfc.ChipReaderLoop, once started
        self._last: tuple[str, str | None] | None = None  # the reader's last state and fix key
        self._sessions: list[tuple[AppState, RunTask]] = []

    @property
    def started(self) -> bool:
        return self._loop is not None

    def attach(self, state: AppState, run_task: RunTask, *, device: str, key: bytes | None) -> None:
        """Show the reader in `state`, starting the reader thread on the first call."""
        self._sessions.append((state, run_task))
        if self._last is not None:
            state.set_reader(*self._last)
        if self._loop is not None:
            return
        from scanner.nfc import ChipReaderLoop

        self._loop = ChipReaderLoop(device, key, self._on_read, self._on_state)
        self._loop.start()

    def detach(self, state: AppState) -> None:
        """Forget a closed session."""
        self._sessions = [(s, run) for s, run in self._sessions if s is not state]

    def stop(self) -> None:
        """Stop the reader thread (returns within about one sense cycle)."""
        loop, self._loop = self._loop, None
        if loop is not None:
            loop.stop()

    # --- on the reader thread -------------------------------------------------------------------

    def _on_state(self, reader_state, fix_key: str | None) -> None:
        self._last = (reader_state.value, fix_key)
        for state, run_task in list(self._sessions):
            try:
                run_task(_set_reader, state, reader_state.value, fix_key)
            except Exception:  # its page is gone
                self.detach(state)

    def _on_read(self, read) -> None:
        while (target := chip_target(self._sessions)) is not None:
            state, run_task = target
            if not read.uid_usable:  # a misread UID: read again, never a lookup (never a verdict)
                run_task(_chip_read_again, state)
                return
            try:
                run_task(state.on_chip, read.to_ref(), read.data_error)
                return
            except Exception:  # its page is gone: the next one in line (never two)
                self.detach(state)


def chip_target(sessions: Sequence[tuple[AppState, RunTask]]) -> tuple[AppState, RunTask] | None:
    """The one session a chip read goes to: connected, with the reader view in front (not
    settings), whose user acted last. A session that was merely opened gets nothing. When the only
    candidates are in settings, the latest of them (it says "hold the card again", no data)."""
    acted = [(s, run) for s, run in sessions if s.connected and s.last_interaction is not None]
    in_front = [(s, run) for s, run in acted if s.screen is not Screen.SETTINGS]
    pool = in_front or acted
    if not pool:
        return None
    return max(pool, key=lambda pair: pair[0].last_interaction or 0.0)


async def _changed_elsewhere(state: AppState, mode: ApiMode) -> None:
    state.settings_changed_elsewhere(mode)


async def _chip_read_again(state: AppState) -> None:
    # A new card was presented: the last card's result must not stay up as if it were this one's.
    if state.screen is not Screen.SETTINGS:
        state.scan_next()
    state.message = "nfc.read_again"


async def _set_reader(state: AppState, reader_state: str, fix_key: str | None) -> None:
    state.set_reader(reader_state, fix_key)


class CurrentServices:
    """The `Checker` a session's state uses: the root's services, looked up at each call (so new
    settings reach every screen) and awaited there (the first screen is drawn while they start).
    Every check is journaled (issue 14) for the session's `journal` state, in the background: the
    screen says "recorded" once the entry is durable."""

    def __init__(self, root: UiRoot, journal: JournalState | None = None) -> None:
        self._root = root
        self._journal = journal

    async def check(self, ref: CardRef) -> CheckResult:
        result = await (await self._root.services()).check(ref)
        return self._recorded(result, None, ref)

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult:
        result = await (await self._root.services()).check_text(text, symbology=symbology)
        return self._recorded(result, CheckMethod.TYPED if symbology == "typed" else None, result.ref)

    async def check_codes(self, codes: Sequence[ScannedCode]) -> CheckResult:
        result = await (await self._root.services()).check_codes(codes)
        return self._recorded(result, None, result.ref)

    async def photo(self, card_number: str) -> bytes | None:
        return await (await self._root.services()).photo(card_number)

    def mode(self) -> ApiMode:
        return self._root.mode()

    async def check_crew_list(self, crew, *, user: str | None = None, **kwargs):
        """A crew list (issue 15), its rows journaled as a round named after the file when the
        journal is open, as `user` (served mode: the signed-in user)."""
        from app.services.crew_journal import CrewRounds

        services = await self._root.services()
        journal = await self._root.journal()
        crew_journal = CrewRounds(journal, user) if journal is not None else None
        return await services.check_crew_list(crew, journal=crew_journal, **kwargs)

    def _recorded(self, result: CheckResult, method: CheckMethod | None, ref: CardRef | None) -> CheckResult:
        if self._journal is not None:
            self._root.spawn(self._root.record(result, method, ref, self._journal))
        return result


class UiRoot:
    """One per app process: settings, services, decoder and chip reader, shared by all sessions."""

    def __init__(
        self, load_settings: Callable[[], Settings] = Settings.load, *, served: bool = False
    ) -> None:
        self._load_settings = load_settings
        #: served mode (issue 13): the server's own chip reader serves no remote phone, so it stays off
        self.served = served
        self._settings: Settings | None = None
        self._services: Services | None = None
        self._lock = asyncio.Lock()
        self.decoder = CodeDecoder()
        self.reader = ChipReaderHub()
        self._background: set[asyncio.Task] = set()
        #: every open session, so that new settings reach all of them at once
        self._sessions: list[tuple[AppState, RunTask]] = []
        #: moves on with every applied settings change (see `ApiMode`)
        self.generation = 0
        #: issue 12: the role chosen in this process (the settings file has it from the next start)
        self._role: str | None = None
        # the inspection journal: opened once per process, kept across settings changes
        self._journal: Journal | None = None
        self._journal_error: str | None = None
        self._journal_lock = asyncio.Lock()
        self.rechecker: Rechecker | None = None
        self._unsubscribe: dict[int, Callable[[], None]] = {}
        # issue 13: served mode's per-user limits (see `usage_ledger`)
        self._ledger: UsageLedger | None = None
        self._limiter = None
        self._crew_allowance = None

    @property
    def settings(self) -> Settings:
        """The services' settings, or those loaded from env and file before the services started.
        Raises `SettingsError` when the environment or the settings file has a bad value."""
        if self._services is not None:
            return self._services.settings
        if self._settings is None:
            self._settings = self._load_settings()
        return self._settings

    @property
    def sandbox_mode(self) -> bool:
        """Whether to show the "not real data" banner: what the settings say (no API configured, or
        `sandbox` set). Never probed: a real API gets no extra request and no guess."""
        return self.settings.sandbox_mode

    @property
    def api_label(self) -> str:
        """The API address About shows ("sandbox" for the embedded one)."""
        return str(self.settings.api_url or "sandbox")

    def mode(self) -> ApiMode:
        """Which API the next check goes to."""
        return ApiMode(self.generation, self.sandbox_mode, self.api_label)

    @property
    def inspector_role(self) -> str | None:
        """Issue 12: who checks ("Jeg kontrollerer som"); None until someone has said."""
        return self._role or self.settings.inspector_role

    async def save_role(self, role: str) -> None:
        """Issue 12: keep the chosen role and write it to the settings file (asked once)."""
        settings = self.settings.with_changes(inspector_role=role)
        self._role = settings.inspector_role
        if self._services is None:
            self._settings = settings
        # a read-only settings file: the role still holds for this process
        with contextlib.suppress(OSError):
            await asyncio.to_thread(settings.save)

    def usage_ledger(self) -> UsageLedger:
        """Where served mode counts the per-user limits: the journal's database, shared by every app
        process of the deployment; opened on first use (and retried while it cannot be: lookups are
        then refused with the reason, never counted per process)."""
        if self._ledger is None:
            from app.services.limits import OpenedOnUse

            self._ledger = OpenedOnUse(self._open_ledger)
        return self._ledger

    def _open_ledger(self) -> UsageLedger:
        from app.bootstrap import build_usage_ledger

        try:
            return build_usage_ledger(self.settings)
        except SettingsError as exc:
            raise JournalError(str(exc)) from exc

    def lookup_limiter(self):
        """Served mode's per-user lookup limit (`lookups_per_10_min`), held in `usage_ledger`."""
        if self._limiter is None:
            from app.services.limits import LookupLimiter

            self._limiter = LookupLimiter(self.settings.lookups_per_10_min, ledger=self._shared_ledger())
        return self._limiter

    def crew_allowance(self):
        """Served mode's per-user allowance of crew-list rows (`crew_rows_per_day`), in `usage_ledger`."""
        if self._crew_allowance is None:
            from app.services.limits import RowAllowance

            self._crew_allowance = RowAllowance(self.settings.crew_rows_per_day, ledger=self._shared_ledger())
        return self._crew_allowance

    def _shared_ledger(self):
        # local mode has one user at one machine: no limit needs sharing (and none is applied)
        return self.usage_ledger() if self.served else None

    def checker(self, journal: JournalState | None = None) -> CurrentServices:
        """The state's `Checker` (journaling for `journal`, the session's journal state)."""
        return CurrentServices(self, journal)

    # --- the inspection journal (issue 14) -----------------------------------------------------------

    async def journal(self) -> Journal | None:
        """The journal, opened (and purged) on first use; None when it cannot be opened."""
        async with self._journal_lock:
            if self._journal is None and self._journal_error is None:
                from app.bootstrap import build_journal
                from app.services.recheck import Rechecker

                try:
                    self._journal = await asyncio.to_thread(
                        build_journal, self.settings, sandbox=self.sandbox_mode
                    )
                except (JournalError, SettingsError) as exc:
                    self._journal_error = str(exc)
                    return None
                self.rechecker = Rechecker(self._journal, self._recheck)
                self.rechecker.start()
                self.spawn(self._purge_daily(self._journal))
        return self._journal

    async def _recheck(self, ref: CardRef) -> CheckResult:
        return await (await self.services()).check(ref)

    async def _purge_daily(self, journal: Journal) -> None:
        while True:
            await asyncio.sleep(PURGE_INTERVAL_S)
            # a failure is tried again tomorrow; the journal screen says when it cannot be read
            with contextlib.suppress(JournalError):
                await journal.purge()

    async def record(
        self, result: CheckResult, method: CheckMethod | None, ref: CardRef | None, state: JournalState
    ) -> None:
        """Journal one check of a session and tell its journal state (once durable)."""
        journal = await self.journal()
        if journal is None:
            state.note_recorded(result, None, self._journal_error or "")
            return
        journal.sandbox = self.sandbox_mode
        try:
            entry = await journal.record(result, method=method, user=state.user)
        except JournalError as exc:
            state.note_recorded(result, None, str(exc))
            return
        if self.rechecker is not None:
            self.rechecker.remember(entry, ref)
        state.note_recorded(result, entry)

    def client_secret(self) -> str | None:
        """The secret the environment or settings file gave, for the settings screen's mask."""
        secret = self.settings.client_secret
        return secret.reveal() if secret is not None else None

    async def adopt_stored_secret(self, store: SecretStore) -> bool:
        """Before the first start: when an API is set but neither env nor file gave its secret, take
        the one the settings screen saved in `store` (never written to the settings file, so this is
        how it comes back after a restart). True when one was taken."""
        async with self._lock:
            if self._services is not None:
                return False
            settings = self.settings
            if settings.api_url is None or settings.client_secret is not None:
                return False
            try:
                value = await store.load()
            except Exception:  # secure storage unavailable: the start failure then says what to do
                value = None
            if not value:
                return False
            self._settings = settings.with_changes(client_secret=Secret(value))
            return True

    def _lacks_secret(self) -> bool:
        settings = self._settings  # the loaded ones: loading again could raise the same error
        return settings is not None and settings.api_url is not None and settings.client_secret is None

    async def warm(self) -> None:
        """Served mode, at the server's start: build the services and open the journal now, so that
        the first person to sign in does not wait for them (a cold process added ~0.8 s to the
        first load, bench/first_load.py). A failure here is left for the sessions to show."""
        try:
            await self.services()
        except Exception as exc:  # e.g. bad credentials: every session says so on screen
            log.warning("services could not start yet: %s", type(exc).__name__)
        await self.journal()
        if self.served:  # the shared usage ledger too (its first opening migrates)
            with contextlib.suppress(JournalError):
                await asyncio.to_thread(self.usage_ledger().used, "", "warm", window_s=0)

    async def services(self) -> Services:
        """The services, built on first use (the embedded sandbox starts here in sandbox mode)."""
        async with self._lock:
            if self._services is None:
                from app.bootstrap import build_services

                self._services = await build_services(self.settings)
        return self._services

    async def apply(self, values: SettingsValues, state: AppState, *, test: bool = True) -> None:
        """Rebuild the services from the settings screen's values, save them (never the secret), and
        close the old services. Raises when the new settings cannot work; the old services then stay.

        A new API address or token address never gets the old secret (`SecretNeeded` unless a new
        one is given). `test`: fetch a token first and raise `ConnectionTestFailed` when that fails
        (the user may then keep the values with `test=False`). Every open session is told."""
        async with self._lock:
            old = self._services  # None when the first start failed: then there is nothing to close
            current = self.settings
            new_host = (values.api_url or None) != (str(current.api_url) if current.api_url else None) or (
                values.token_url or None
            ) != (current.token_url or None)
            changes: dict[str, Any] = {
                "api_url": values.api_url or None,
                "token_url": values.token_url or None,
                "client_id": values.client_id or None,
                "qr_hosts": values.qr_hosts,
                "language": values.language,
            }
            if values.client_secret is not None:
                changes["client_secret"] = Secret(values.client_secret)
            elif new_host:
                if values.api_url:
                    raise SecretNeeded("a new API or token address needs its own client secret")
                changes["client_secret"] = None  # the embedded sandbox has its own
            if changes["api_url"] != (str(current.api_url) if current.api_url else None):
                # `sandbox` described the API it was set with, not one typed in here.
                changes["sandbox"] = False
            if not values.api_url:
                # Back to the sandbox on purpose: credentials without an API address would be a
                # half configuration (refused), and the sandbox has its own. The stored secret stays.
                changes.update(client_id=None, client_secret=None, token_url=None)
            settings = current.with_changes(**changes)
            from app.bootstrap import build_services

            new = await build_services(settings)
            if test:
                try:
                    await new.test_connection()
                except Exception as exc:
                    await new.aclose()
                    raise ConnectionTestFailed(str(exc)[:200] or type(exc).__name__) from exc
            self._services = new
            self.generation += 1
            mode = self.mode()
        state.settings_applied(sandbox=mode.sandbox, mode=mode)
        for other, run_task in list(self._sessions):
            if other is state:
                continue
            try:
                # In a copy of this context: Flet's run_task binds the page it belongs to into the
                # caller's context, and this session's own updates must still go to this session.
                contextvars.copy_context().run(run_task, _changed_elsewhere, other, mode)
            except Exception:  # a session whose page is gone: it gets nothing more
                self.end_session(other)
        if old is not None:
            await old.aclose()
        await asyncio.to_thread(settings.save)

    def start_session(
        self,
        state: AppState,
        run_task: RunTask,
        store: SecretStore | None = None,
        journal: JournalState | None = None,
    ) -> asyncio.Task:
        """After the first screen is drawn: start the services (with the secret kept in `store`, if
        the settings lack one), then the chip reader if one is set, and the session's journal."""
        if journal is not None:
            self.spawn(self._attach_journal(state, run_task, journal))
        return self.spawn(self._finish_start(state, run_task, store))

    async def _attach_journal(self, state: AppState, run_task: RunTask, journal_state: JournalState) -> None:
        journal = await self.journal()
        await journal_state.attach(journal, self._journal_error)
        if self.rechecker is not None:
            # re-checks come from the root's task: they reach the session through its run_task
            def deliver(outcome) -> None:
                try:
                    run_task(journal_state.on_rechecked, outcome)
                except Exception:  # the page is gone (Flet: no connection): as for settings news,
                    self.end_session(state)  # the session gets nothing more, and no error per pass

            self._unsubscribe[id(state)] = self.rechecker.subscribe(deliver)

    async def _finish_start(
        self, state: AppState, run_task: RunTask, store: SecretStore | None = None
    ) -> None:
        self._sessions.append((state, run_task))
        try:
            if store is not None:
                await self.adopt_stored_secret(store)
            services = await self.services()
        except Exception as exc:  # e.g. an API address without credentials: say why on screen
            # web keeps the secret in memory only: after a restart it must be typed in again
            hint = "ui.fatal.secret_missing" if self._lacks_secret() else None
            state.set_fatal(f"{type(exc).__name__}: {exc}", hint)
            return
        state.show_mode(self.mode())
        device = services.settings.nfc_device
        if device and not self.served:
            key = chip_key(services.settings, self.sandbox_mode)
            self.reader.attach(state, run_task, device=device, key=key)

    def end_session(self, state: AppState) -> None:
        """A session closed: it gets no more reader events or settings news."""
        self.reader.detach(state)
        self._sessions = [(s, run) for s, run in self._sessions if s is not state]
        unsubscribe = self._unsubscribe.pop(id(state), None)
        if unsubscribe is not None:
            unsubscribe()

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task:
        """Run `coro` in the background, holding a reference until it is done."""
        task = asyncio.ensure_future(coro)
        self._background.add(task)
        task.add_done_callback(self._background.discard)
        return task
