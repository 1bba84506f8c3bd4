"""The Flet app: `python main.py` (or `make run`) serves it; phones get it via `flet build apk/ipa`.

`run()` makes the process's `UiRoot` (app/ui_root.py: settings, services, decoders, chip reader) and
serves `main`, which draws one session's screens on it.
"""

from __future__ import annotations

import os
from pathlib import Path

import flet as ft

from app.state.app_state import AppState
from app.state.journal_state import JournalState
from app.state.settings_state import SettingsState, SettingsValues
from app.ui_root import UiRoot
from views.app_view import locale_of
from views.theme import app_theme


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("hmskort")
    except PackageNotFoundError:
        return "0+unknown"


def _cannot_start(page: ft.Page, exc: Exception) -> None:
    # A broken settings file or env value: say what to fix, no blank page.
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


def _secure_storage(page: ft.Page):
    if page.web:  # browsers keep "secure" storage in localStorage: not a place for a secret
        return None
    try:
        import flet_secure_storage as fss

        return fss.SecureStorage()
    except Exception:
        return None


async def main(page: ft.Page, root: UiRoot) -> None:
    """One session (a browser tab, or the phone app) on the process's `root`."""
    page.title = "HMS-kort kontroll"
    page.padding = 0
    page.spacing = 0
    page.theme_mode = ft.ThemeMode.LIGHT
    page.theme = app_theme()
    try:
        settings = root.settings
        sandbox = root.sandbox_mode  # known before the embedded sandbox has started
    except Exception as exc:
        _cannot_start(page, exc)
        return
    from views.app_view import App
    from views.secret_store import SecureSecretStore

    lang = settings.language
    journal = JournalState(lang=lang)
    state = AppState(checker=root.checker(journal), decode=root.decoder, sandbox=sandbox, lang=lang)
    _result_extras(page, state, root)

    async def apply(values: SettingsValues) -> None:
        await root.apply(values, state)
        state.set_language(values.language)

    store = SecureSecretStore(_secure_storage(page), initial=root.client_secret())
    form = SettingsState(
        store=store,
        apply=apply,
        api_url=str(settings.api_url or ""),
        client_id=settings.client_id or "",
        qr_hosts=", ".join(settings.qr_hosts),
        language=lang,
    )

    from app.state.bulk_state import BulkState

    bulk = BulkState(run_list=root.checker().check_crew_list)

    def close(_e) -> None:
        bulk.reset()  # a crew list's names leave memory with the session
        root.end_session(state)

    page.on_close = close
    page.render(App, state, form, _version(), str(settings.api_url or "sandbox"), bulk, journal)
    # The secret the settings screen saved lives only in the store: it joins the settings here.
    root.start_session(state, page.run_task, store, journal)


def _result_extras(page: ft.Page, state: AppState, root: UiRoot) -> None:
    """Issue 12: the inspector's role (asked once, then from the settings) and the page size (short
    and landscape layouts of the result)."""
    extras = state.extras
    extras.role = root.inspector_role
    extras.role_saver = root.save_role
    extras.set_size(page.width, page.height)
    page.locale_configuration = locale_of(state.lang)
    page.on_resize = lambda e: extras.set_size(e.width, e.height)


def run() -> None:
    """Serve the app: on a phone inside the packaged runtime; elsewhere on our own web server
    (web/server.py) at http://127.0.0.1:8550 unless FLET_SERVER_IP / FLET_SERVER_PORT say
    otherwise, printing one line with the address and its per-launch token."""
    from flet.utils.platform_utils import is_embedded

    root = UiRoot()
    assets = str(Path(__file__).parent / "assets")

    async def session(page: ft.Page) -> None:
        await main(page, root)

    if is_embedded():
        ft.run(session, assets_dir=assets)
        return
    from web.server import WebConfig, new_launch_token, serve

    config = WebConfig(
        host=os.environ.get("FLET_SERVER_IP") or "127.0.0.1",
        port=int(os.environ.get("FLET_SERVER_PORT") or 8550),
        assets_dir=assets,
        launch_token=new_launch_token(),
    )
    serve(session, config)


if __name__ == "__main__":
    run()
