"""The app's one mutable state: which screen, the current check, the camera and the language.

Views read it and call its intent methods; nothing here imports Flet controls, so it is unit-tested
with fake ports. Blocking work (image decoding) goes through `asyncio.to_thread`; network calls are the
async `Checker`'s.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import flet as ft

from app import identifiers
from app.errors import InvalidIdentifier
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES
from app.model import CardRef, CheckResult, Verdict
from app.ports import LOCAL_USER, ApiMode, Checker, Identity, ImageDecoder
from app.quiet_period import QuietPeriod
from app.state.check_input import CheckInput, GivenRef, ScannedCodes, TypedNumber
from app.state.result_extras import ResultExtras

#: A card number is 8 digits; people type spaces and dashes between groups (contract §1).


class Screen(enum.StrEnum):
    SCAN = "scan"
    RESULT = "result"
    SETTINGS = "settings"
    BULK = "bulk"  # "Sjekk mannskapsliste" (issue 15)


class CameraStatus(enum.StrEnum):
    OFF = "off"
    STARTING = "starting"
    LIVE = "live"
    MISSING = "missing"  # no camera on this device
    DENIED = "denied"  # the user or the browser refused permission
    UNSUPPORTED = "unsupported"  # this platform has no camera plug-in (desktop)
    FAILED = "failed"


def normalise_card_number(text: str) -> str | None:
    """The 8-digit card number in `text`, or None when it is not one: `app.identifiers`' rule, the
    one the CLI and the scan parser use (spaces of any kind, no-break space included, and '-')."""
    try:
        return identifiers.card_number(text)
    except InvalidIdentifier:
        return None


@ft.observable
@dataclass
class AppState:
    checker: Checker
    decode: ImageDecoder
    sandbox: bool = False
    lang: str = DEFAULT_LANGUAGE
    screen: Screen = Screen.SCAN
    busy: bool = False
    #: the shown check; its card's holder is redacted in repr, and the portrait and typed text are
    #: kept out of repr entirely (personal data: no log or traceback may carry them)
    result: CheckResult | None = field(default=None, repr=False)
    photo: bytes | None = field(default=None, repr=False)
    manual_text: str = field(default="", repr=False)
    manual_error: str | None = None  # an i18n key
    message: str | None = None  # an i18n key for a passing note on the scan screen
    camera: CameraStatus = CameraStatus.OFF
    #: the user started the camera once: start it again whenever the scan screen comes back
    camera_wanted: bool = False
    camera_detail: str | None = None
    #: the platform hands us a mirrored picture (flet-camera on web, non-back cameras)
    camera_mirrored: bool = False
    torch_available: bool = False
    torch_on: bool = False
    #: the USB/udp chip reader, when settings name one: a ReaderState value and its fix's i18n key
    reader_state: str | None = None
    reader_fix: str | None = None
    #: issue 12: the reader's technical fix is shown only after "Detaljer for IT"
    reader_details: bool = False
    #: why the chip's data was not used for the shown result (i18n key), if it was not
    chip_note: str | None = None
    #: the app cannot work (services failed to start); the text says why
    fatal: str | None = None
    #: what the user should do about it (i18n key); None → the general "fix the settings" hint
    fatal_hint: str | None = None
    #: who uses this session (issue 13): the signed-in user in served mode, else `LOCAL_USER`; the
    #: journal keys entries by `identity.user_id` and shows everyone's only to admins
    identity: Identity = field(default=LOCAL_USER, repr=False)
    #: what was checked last, so that "try again" repeats exactly that
    _last_input: CheckInput | None = field(default=None, repr=False)
    _last_chip_note: str | None = field(default=None, repr=False)
    #: moves on with every new check, "scan next" and new settings: a check that finishes under an
    #: older id was overtaken, and its result (and portrait) must not pop up over what is shown now
    _run_id: int = field(default=0, repr=False)
    #: the API address About shows (what `sandbox` is to the banner)
    api_label: str = ""
    #: the settings generation this screen shows (banner, About): see `ApiMode`
    api_generation: int = field(default=0, repr=False)
    #: when this session's user last did something (monotonic); None = merely opened. The chip
    #: reader sends a card to the session in front whose user acted last.
    last_interaction: float | None = field(default=None, repr=False)
    #: the browser is connected (a session survives a short disconnect)
    connected: bool = True
    #: the last card's codes stay quiet after its verdict and after "scan next" (the one rule)
    quiet: QuietPeriod = field(default_factory=QuietPeriod, repr=False)
    _photo_task: asyncio.Task | None = field(default=None, repr=False)
    #: issue 12: the role, the worker view and the report of the shown result
    extras: ResultExtras = field(default_factory=ResultExtras, repr=False)
    #: issue 12: after "scan next" the keyboard focus goes back to the card number field
    focus_manual: bool = False

    # --- navigation and language -----------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch the UI language ("nb" or "en")."""
        if lang in LANGUAGES:
            self.lang = lang

    def toggle_language(self) -> None:
        """Bokmål ⇄ English."""
        self.touch()
        self.set_language("en" if self.lang == "nb" else "nb")

    def open_settings(self) -> None:
        """Show the settings screen."""
        self.touch()
        self.screen = Screen.SETTINGS

    def open_bulk(self) -> None:
        """Show the crew-list screen."""
        self.screen = Screen.BULK

    def close_bulk(self) -> None:
        """Back from the crew-list screen to the scan screen."""
        self.screen = Screen.SCAN

    def close_settings(self) -> None:
        """Back from settings to the scan screen (or the result shown before)."""
        self.touch()
        self.screen = Screen.RESULT if self.result is not None else Screen.SCAN

    def scan_next(self) -> None:
        """Forget the shown result (and any check still running) and go back to scanning."""
        self.touch()
        self.quiet.restart()  # the card just checked is likely still in front of the camera
        self._drop_check()
        self.manual_text = ""
        self.manual_error = None
        self.focus_manual = True
        self.screen = Screen.SCAN

    def settings_applied(self, *, sandbox: bool, mode: ApiMode | None = None) -> None:
        """New services are in place: a result from the old ones (perhaps the sandbox's) must not
        stay on screen under the new banner, and a check still running on them is dropped."""
        self._drop_check()
        self.quiet.clear()
        self._last_input = None
        self._last_chip_note = None
        self.sandbox = sandbox
        if mode is not None:
            self.show_mode(mode)
        self.fatal = None
        self.fatal_hint = None
        if self.screen is Screen.RESULT:
            self.screen = Screen.SCAN

    def settings_changed_elsewhere(self, mode: ApiMode) -> None:
        """Another session applied new settings: show the new mode now, and drop what the old API
        said (the user is told to check again)."""
        if mode.generation == self.api_generation:
            return
        had_result = self.result is not None or self.busy
        self.settings_applied(sandbox=mode.sandbox, mode=mode)
        if had_result:
            self.message = "trust.settings.changed"

    def _mode(self) -> ApiMode | None:
        # A checker without modes (a test's fake) has one API for good.
        mode = getattr(self.checker, "mode", None)
        return mode() if mode is not None else None

    def show_mode(self, mode: ApiMode) -> None:
        """Show `mode` in the banner and About (no check is touched)."""
        self.sandbox = mode.sandbox
        self.api_label = mode.label
        self.api_generation = mode.generation

    def touch(self) -> None:
        """The user did something in this session (it may now receive chip reads)."""
        self.last_interaction = time.monotonic()

    def set_connected(self, connected: bool) -> None:
        """The browser's connection came or went."""
        self.connected = connected

    def set_fatal(self, text: str, hint: str | None = None) -> None:
        """The services could not start: show why (and, as an i18n key, what to do) instead of the screens."""
        self.fatal = text
        self.fatal_hint = hint

    # --- manual entry ----------------------------------------------------------------------------

    def set_manual_text(self, text: str) -> None:
        """Keep what the user typed (clears a previous complaint about it)."""
        self.manual_text = text
        self.manual_error = None

    async def check_manual(self) -> None:
        """Check the typed card number; a malformed one gets a field message and is kept."""
        self.touch()
        number = normalise_card_number(self.manual_text)
        if number is None:
            self.manual_error = "ui.manual.invalid" if self.manual_text.strip() else "ui.manual.empty"
            return
        await self._run(TypedNumber(number))

    # --- codes from the camera or a photo ----------------------------------------------------------

    async def check_image(self, data: bytes, *, mirrored: bool = False) -> None:
        """Decode a still photo (all decoders) and check the code on it (overtakes a running check)."""
        self.touch()
        run = self._begin()
        message = None
        try:
            codes = await asyncio.to_thread(self.decode, data, mirrored=mirrored, still=True)
        except Exception:  # a corrupt or unsupported file is a message, not a crash
            codes = ()
            message = "ui.photo.unreadable"
        if run != self._run_id:
            return  # "scan next", newer input or new settings came while decoding
        if not codes:
            self.busy = False
            self.message = message or "ui.photo.no_code"
            return
        await self._run(ScannedCodes(tuple(codes)), run=run)

    async def on_frame(self, data: bytes, *, mirrored: bool = False) -> bool:
        """Decode one camera frame; when it holds a new code, check it. True when a check ran."""
        if self.busy or self.screen is not Screen.SCAN:
            return False
        codes = await asyncio.to_thread(self.decode, data, mirrored=mirrored, still=False)
        if self.busy or self.screen is not Screen.SCAN:
            return False
        if self.quiet.shows_last_card(codes):
            self.message = "trust.scan.same_card"  # instead of a second verdict for the same card
            return False
        if self.message == "trust.scan.same_card":
            self.message = None
        if not codes:
            return False
        await self._run(ScannedCodes(tuple(codes)))
        return True

    async def live_scan(
        self, grab: Callable[[], Awaitable[bytes]], *, mirrored: bool, pause: float = 0.05
    ) -> None:
        """Grab and decode frames while the scan screen shows a live camera (web: take_picture loop)."""
        while self.camera is CameraStatus.LIVE:
            if self.screen is not Screen.SCAN or self.busy:
                await asyncio.sleep(0.2)
                continue
            try:
                data = await grab()
            except Exception as exc:  # the camera went away (tab hidden, device unplugged)
                self.set_camera(CameraStatus.FAILED, str(exc)[:200])
                return
            if data:
                await self.on_frame(data, mirrored=mirrored)
            await asyncio.sleep(pause)

    def start_camera(self) -> None:
        """The user asked for the live camera (the scan view initialises it)."""
        self.touch()
        self.camera_wanted = True
        if self.camera is not CameraStatus.LIVE:
            self.set_camera(CameraStatus.STARTING)

    def set_camera(self, status: CameraStatus, detail: str | None = None, *, mirrored: bool = False) -> None:
        """Record what the camera is doing (set by the scan view)."""
        self.camera = status
        self.camera_detail = detail
        self.camera_mirrored = mirrored
        if status in (CameraStatus.MISSING, CameraStatus.DENIED, CameraStatus.UNSUPPORTED):
            self.camera_wanted = False  # do not ask again on every return to the scan screen

    def set_torch(self, available: bool, on: bool = False) -> None:
        """Record whether the device has a torch and whether it is lit."""
        self.torch_available = available
        self.torch_on = on and available

    # --- chip (NFC) --------------------------------------------------------------------------------

    def toggle_reader_details(self) -> None:
        """Show or hide the reader's technical fix (for IT)."""
        self.reader_details = not self.reader_details

    def set_reader(self, reader_state: str, fix_key: str | None) -> None:
        """Record the chip reader's state (ready / not found / permission problem ...)."""
        self.reader_state = reader_state
        self.reader_fix = fix_key

    async def check_ref(self, ref: CardRef) -> None:
        """Check a reference that needs no parsing."""
        await self._run(GivenRef(ref))

    async def on_chip(self, ref: CardRef, data_error: str | None = None) -> None:
        """A card on the reader goes straight to the result, whatever screen is showing (the newest
        card wins over a check still running)."""
        if self.screen is Screen.SETTINGS:
            # typing in settings: do not yank the form away, but do not lose the card silently either
            self.message = "ui.chip.ignored_in_settings"
            return
        self.scan_next()
        await self._run(GivenRef(ref), chip_note=f"nfc.data_error.{data_error}" if data_error else None)

    # --- results ---------------------------------------------------------------------------------------

    async def try_again(self) -> None:
        """Repeat the last check (offered when the status could not be confirmed)."""
        self.touch()
        if self._last_input is not None:
            await self._run(self._last_input, chip_note=self._last_chip_note)

    def _begin(self) -> int:
        """Start a new check: older ones still running are overtaken. Returns its run id."""
        self._run_id += 1
        self._cancel_photo()
        self.busy = True
        self.message = None
        return self._run_id

    def _drop_check(self) -> None:
        """Forget the shown result and overtake any running check (its answer will be discarded)."""
        self._run_id += 1
        self._cancel_photo()
        self.busy = False
        self.result = None
        self.photo = None  # personal data: dropped as soon as it is not shown
        self.extras.forget()  # the report's card photos too
        self.chip_note = None
        self.message = None

    def _cancel_photo(self) -> None:
        if self._photo_task is not None:
            self._photo_task.cancel()
            self._photo_task = None

    async def _run(self, what: CheckInput, *, chip_note: str | None = None, run: int | None = None) -> None:
        # Explicit input (typed, photo, chip, try again) never waits for or is dropped behind an
        # older check: it overtakes it, and the older answer is discarded when it arrives.
        run = self._begin() if run is None else run
        self._last_input = what
        self._last_chip_note = chip_note
        asked = self._mode()
        try:
            result = await what.ask(self.checker)
        except BaseException:
            if run == self._run_id:
                self.busy = False
            raise
        if run != self._run_id:
            return  # overtaken by "scan next", newer input or new settings
        self.busy = False
        now = self._mode()
        if now is not None and asked is not None and now.generation != asked.generation:
            # The settings changed while this was asked: the answer may be the other API's. It is
            # never shown, and the screen shows the new mode before anything else.
            self.settings_changed_elsewhere(now)
            self.message = "trust.settings.changed"
            return
        if now is not None:
            self.show_mode(now)  # the banner and About say which API answered, in the same update
        self._show(result, chip_note)

    def _show(self, result: CheckResult, chip_note: str | None) -> None:
        codes = self._last_input.codes() if self._last_input is not None else ()
        number = result.card.card_number if result.card else getattr(result.ref, "card_number", None)
        self.quiet.start(codes, number)
        self.extras.forget()
        self.focus_manual = False
        self.result = result
        self.photo = None
        self.chip_note = chip_note  # a typed or scanned result never carries an old chip's note
        self.screen = Screen.RESULT
        card = result.card
        if card is not None and card.holder is not None and card.holder.has_photo:
            self._photo_task = asyncio.ensure_future(self._load_photo(result, self._run_id))

    async def _load_photo(self, result: CheckResult, run: int) -> None:
        try:
            photo = await self.checker.photo(result.card.card_number)
        except Exception:  # the photo is a help, not the verdict
            photo = None
        if run == self._run_id and self.result is result:
            self.photo = photo

    @property
    def verdict(self) -> Verdict | None:
        return self.result.verdict if self.result else None
