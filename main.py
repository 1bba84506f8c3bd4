"""The Flet app: `python main.py` (or `make run`) serves it; phones get it via `flet build apk/ipa`.

This is the UI's composition root: it builds the services once per process (embedded sandbox unless
settings name an API), wires the scanner's decoders into the app state, and renders the views.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import flet as ft

from app.state.app_state import AppState
from app.state.ports import Code, RawFrame
from app.state.settings_state import SettingsState, SettingsValues

_frame_reader = None
_still_reader = None


def _gray_of(frame: RawFrame):
    """The luminance of a camera-stream frame: YUV/NV21 start with the Y plane; BGRA is converted."""
    import numpy as np

    w, h = frame.width, frame.height
    buf = np.frombuffer(frame.data, dtype=np.uint8)
    if frame.format.lower().startswith("bgra"):
        bgra = buf[: w * h * 4].reshape(h, w, 4)
        return (0.114 * bgra[..., 0] + 0.587 * bgra[..., 1] + 0.299 * bgra[..., 2]).astype(np.uint8)
    return buf[: w * h].reshape(h, w)


def decode_image(data: bytes | RawFrame, *, mirrored: bool = False, still: bool = False) -> list[Code]:
    """The scanner's decoders behind the app state's `ImageDecoder` port (blocking: run in a thread)."""
    global _frame_reader, _still_reader
    import numpy as np

    from scanner.frames import load_gray
    from scanner.reader import FrameReader, StillReader

    gray = _gray_of(data) if isinstance(data, RawFrame) else load_gray(data, name="camera")
    if mirrored:
        # flet-camera mirrors non-back cameras on web; 1D decoders read left to right.
        gray = np.ascontiguousarray(np.fliplr(gray))
    if still:
        _still_reader = _still_reader or StillReader()
        result = _still_reader.read_gray(gray)
    else:
        _frame_reader = _frame_reader or FrameReader()
        result = _frame_reader.read(gray)
    return [Code(s.text, "qr" if s.is_qr else "barcode") for s in result.symbols]


_services = None
_services_lock: asyncio.Lock | None = None
_sandbox_mode: bool | None = None


_settings = None
_background: set[asyncio.Task] = set()


def _load_settings():
    global _settings
    if _settings is None:
        from app.settings import Settings

        _settings = Settings.load()
    return _settings


class _CurrentServices:
    """The process's services, looked up at each call (new settings reach every screen) and
    awaited there: the first screen is drawn while the services (and the sandbox) still start."""

    @property
    def settings(self):
        return _services.settings if _services is not None else _load_settings()

    async def check(self, ref, *, barcode=None):
        return await (await _get_services()).check(ref, barcode=barcode)

    async def check_text(self, text, *, symbology=None):
        return await (await _get_services()).check_text(text, symbology=symbology)

    async def photo(self, card_number):
        return await (await _get_services()).photo(card_number)


async def _get_services():
    global _services, _services_lock, _sandbox_mode
    if _services_lock is None:
        _services_lock = asyncio.Lock()
    async with _services_lock:
        if _services is None:
            from app.bootstrap import build_services

            _services = await build_services(_load_settings())
            _sandbox_mode = await _detect_sandbox(_services)
    return _services


async def _detect_sandbox(services) -> bool:
    """True for the embedded sandbox, and for any API that answers the sandbox's own health check
    (so a sandbox started elsewhere, as the UI tests do, still gets the "not real data" banner)."""
    if getattr(services, "sandbox_mode", False):
        return True
    url = getattr(services.settings, "api_url", None)
    if not url:
        return False
    import httpx

    try:
        async with httpx.AsyncClient(timeout=2.0) as client:
            response = await client.get(str(url).rstrip("/") + "/_sandbox/health")
        return response.status_code == 200
    except httpx.HTTPError:
        return False


async def _apply(values: SettingsValues, state: AppState) -> None:
    """Rebuild the services from the settings screen's values, save them (never the secret), and
    close the old services. Raises when the new settings cannot work; the old services then stay."""
    global _services, _sandbox_mode
    from app.bootstrap import build_services
    from app.settings import Secret

    old = _services  # None when the first start failed: then there is nothing to close
    base = old.settings if old is not None else _load_settings()
    changes = {
        "api_url": values.api_url or None,
        "client_id": values.client_id or None,
        "qr_hosts": values.qr_hosts,
        "language": values.language,
    }
    if values.client_secret is not None:
        changes["client_secret"] = Secret(values.client_secret)
    settings = base.with_changes(**changes)
    new = await build_services(settings)
    _services, _sandbox_mode = new, await _detect_sandbox(new)
    state.sandbox = _sandbox_mode
    state.fatal = None
    if old is not None:
        await old.aclose()
    await asyncio.to_thread(settings.save)


_reader = None
_reader_last: tuple[str, str | None] | None = None  # the reader's last state and fix key
_reader_targets: list = []  # weak-ish: sessions register their state; the newest one gets the chips


def _start_reader(settings, sandbox_mode: bool, state: AppState) -> None:
    """One chip-reader thread per process (one USB reader); its events go to the newest session."""
    global _reader, _reader_last
    device = getattr(settings, "nfc_device", None)
    if not device:
        return
    loop = asyncio.get_running_loop()
    _reader_targets.append(state)
    if _reader is not None:
        if _reader_last is not None:
            state.set_reader(*_reader_last)
        return
    from scanner.nfc import ChipReaderLoop

    key_hex = getattr(settings, "nfc_key", None)
    if key_hex:
        key = bytes.fromhex(str(key_hex))
    elif sandbox_mode:
        from sandbox.reference_cards import SANDBOX_CHIP_KEY

        key = SANDBOX_CHIP_KEY
    else:
        key = None

    def on_state(reader_state, fix_key) -> None:
        global _reader_last
        _reader_last = (reader_state.value, fix_key)
        for target in _reader_targets:
            loop.call_soon_threadsafe(target.set_reader, reader_state.value, fix_key)

    def on_read(read) -> None:
        if _reader_targets:
            target = _reader_targets[-1]
            asyncio.run_coroutine_threadsafe(target.on_chip(read.to_ref(), read.data_error), loop)

    _reader = ChipReaderLoop(str(device), key, on_read, on_state)
    _reader.start()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hmskort")
    except PackageNotFoundError:
        return "0+unknown"


async def main(page: ft.Page) -> None:
    """One session (a browser tab, or the phone app)."""
    page.title = "HMS-kort kontroll"
    page.padding = 0
    page.spacing = 0
    page.theme_mode = ft.ThemeMode.LIGHT
    page.theme = ft.Theme(color_scheme_seed="#0B3D91")
    try:
        settings = _load_settings()
    except Exception as exc:  # a broken settings file or env value: say what to fix, no blank page
        page.add(
            ft.Container(
                padding=16,
                content=ft.Column(
                    [
                        ft.Text("HMS-kort kontroll kan ikke starte", size=22, weight=ft.FontWeight.BOLD),
                        ft.Text(f"{type(exc).__name__}: {exc}", size=16, selectable=True),
                    ]
                ),
            )
        )
        return
    from views.app_view import App
    from views.secret_store import SecureSecretStore

    storage = None
    if not page.web:  # browsers keep "secure" storage in localStorage: not a place for a secret
        try:
            import flet_secure_storage as fss

            storage = fss.SecureStorage()
        except Exception:
            storage = None
    lang = settings.language or "nb"
    # No API configured means the embedded sandbox: known before it has started.
    sandbox = bool(_sandbox_mode) if _services is not None else settings.sandbox_mode
    state = AppState(checker=_CurrentServices(), decode=decode_image, sandbox=sandbox, lang=lang)

    async def apply(values: SettingsValues) -> None:
        await _apply(values, state)
        state.set_language(values.language)

    from app.bootstrap import reveal

    store = SecureSecretStore(storage, initial=reveal(getattr(settings, "client_secret", None)))
    form = SettingsState(
        store=store,
        apply=apply,
        api_url=str(settings.api_url or ""),
        client_id=str(getattr(settings, "client_id", "") or ""),
        qr_hosts=", ".join(getattr(settings, "qr_hosts", ("hmskort.no", "www.hmskort.no"))),
        language=lang,
    )
    api_label = str(settings.api_url or "sandbox")
    page.render(App, state, form, _version(), api_label)

    async def finish_start() -> None:
        try:
            await _get_services()
        except Exception as exc:  # e.g. an API address without credentials
            state.set_fatal(f"{type(exc).__name__}: {exc}")
            return
        state.sandbox = bool(_sandbox_mode)
        _start_reader(settings, bool(_sandbox_mode), state)

    task = asyncio.ensure_future(finish_start())
    _background.add(task)
    task.add_done_callback(_background.discard)


def run() -> None:
    """Serve the app: on a phone inside the packaged runtime; elsewhere on the web server at
    http://127.0.0.1:8550 unless FLET_SERVER_IP / FLET_SERVER_PORT say otherwise (Flet itself picks
    the web server on a Linux machine without a display)."""
    from flet.utils.platform_utils import is_embedded

    if not is_embedded():
        os.environ.setdefault("FLET_SERVER_IP", "127.0.0.1")
        os.environ.setdefault("FLET_SERVER_PORT", "8550")
        os.environ.setdefault("FLET_WEB_NO_CDN", "true")
        host, port = os.environ["FLET_SERVER_IP"], os.environ["FLET_SERVER_PORT"]
        print(f"HMS-kort kontroll: http://{host}:{port}", flush=True)
    ft.run(main, assets_dir=str(Path(__file__).parent / "assets"), no_cdn=True)


if __name__ == "__main__":
    run()
