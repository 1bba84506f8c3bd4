"""The Flet app: `python main.py` (or `make run`) serves it; phones get it via `flet build apk/ipa`.

`run()` makes the process's `UiRoot` (app/ui_root.py: settings, services, decoders, chip reader) and
serves `main`, which draws one session's screens on it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import flet as ft

from app.state.app_state import AppState
from app.state.journal_state import JournalState
from app.state.settings_state import SettingsState, SettingsValues
from app.ui_root import UiRoot
from app.version import package_version
from views.app_view import locale_of
from views.theme import app_theme


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


def _served_session(page: ft.Page, root: UiRoot, auth):
    """Served mode: the signed-in user's part of the screen, and the page's exit when the sign-in
    ends (sign-out here or elsewhere, idle timeout): the browser goes to the signed-out page."""
    from app.i18n import t
    from views.served_view import ServedSession

    settings = root.settings
    base = str(settings.public_url).rstrip("/")

    leaving: list[bool] = []  # this page asked to sign out: it is on its way to the provider already

    async def leave(reason: str) -> None:
        if not leaving:
            url = f"{base}/auth/signed-out?reason={reason}"
            await ft.UrlLauncher().launch_url(url, web_only_window_name="_self")

    async def sign_out(_e=None) -> None:
        # the server ends the sign-in when the browser asks for this URL (the tag proves it is this page)
        leaving.append(True)
        await ft.UrlLauncher().launch_url(f"{base}/auth/logout?t={auth.tag}", web_only_window_name="_self")

    auth.on_end(lambda reason: page.run_task(leave, reason))

    def rows(lang: str) -> tuple[tuple[str, str], ...]:
        # the secret: whether one is set, never a character (nor its length) of it
        secret = t("auth.secret_set", lang) if settings.client_secret else t("auth.secret_unset", lang)
        return (
            (t("ui.settings.api_url", lang), str(settings.api_url or t("auth.sandbox", lang))),
            (t("ui.settings.client_id", lang), settings.client_id or ""),
            (t("ui.settings.client_secret", lang), secret),
            (t("ui.settings.qr_hosts", lang), ", ".join(settings.qr_hosts)),
            (t("auth.lookups_limit", lang), str(settings.lookups_per_10_min)),
            (t("auth.crew_rows_limit", lang), str(settings.crew_rows_per_day)),
        )

    return ServedSession(identity=auth.identity, settings_rows=rows, sign_out=sign_out)


def _settings_form(page: ft.Page, root: UiRoot, settings, state: AppState, served: bool) -> SettingsState:
    """The settings screen's state: the settings in force, applied through `root` to every session."""
    from views.secret_store import SecureSecretStore

    async def apply(values: SettingsValues, *, test: bool = True) -> None:
        await root.apply(values, state, test=test)
        state.set_language(values.language)

    # served mode: the server's settings only; no browser ever holds or is asked for the secret
    store = SecureSecretStore(
        None if served else _secure_storage(page), initial=None if served else root.client_secret()
    )
    return SettingsState(
        store=store,
        apply=apply,
        api_url=str(settings.api_url or ""),
        token_url=str(settings.token_url or "") if settings.api_url else "",
        client_id=settings.client_id or "",
        qr_hosts=", ".join(settings.qr_hosts),
        language=settings.language,
    )


def _follow_page(page: ft.Page, root: UiRoot, state: AppState, bulk) -> None:
    """The session ends with its page; the state knows whether the browser is connected."""

    def close(_e) -> None:
        if bulk is not None:
            bulk.reset()  # a crew list's names leave memory with the session
        root.end_session(state)

    page.on_close = close
    page.on_disconnect = lambda _e: state.set_connected(False)
    page.on_connect = lambda _e: state.set_connected(True)


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

    lang = settings.language
    served = None
    journal = JournalState(lang=lang)
    checker = root.checker(journal)
    if root.served:
        from app.services.limits import LimitedChecker
        from web.gate import current_session

        auth = current_session()
        if auth is None or auth.identity is None:  # the gate lets no such WebSocket through
            return
        served = _served_session(page, root, auth)
        journal.user = auth.identity.user_id  # the journal records the signed-in user
        journal.identity = auth.identity  # an admin may switch to everyone's journal
        checker = LimitedChecker(checker, root.lookup_limiter(), auth.identity.user_id)
    state = AppState(
        checker=checker,
        decode=root.decoder,
        sandbox=sandbox,
        lang=lang,
        api_label=root.api_label,
        api_generation=root.generation,
    )
    if served is not None:
        state.identity = served.identity
    _result_extras(page, state, root)

    form = _settings_form(page, root, settings, state, served is not None)

    from app.state.bulk_state import BulkState

    run_list = root.checker().check_crew_list
    if served is not None:
        # a served user's lists within their own daily allowance of rows (app/services/limits.py)
        from app.services.limits import AllowedCrewLists

        run_list = AllowedCrewLists(run_list, root.crew_allowance(), served.identity.user_id)
    bulk = BulkState(run_list=run_list, allowance=run_list.left if served is not None else None)

    _follow_page(page, root, state, bulk)
    page.render(App, state, form, package_version(), bulk, served, journal)
    # The secret the settings screen saved lives only in the store: it joins the settings here.
    root.start_session(state, page.run_task, None if served else form.store, journal)


def _served_or_exit(host: str):
    """Served mode's settings when `host` / HMSKORT_PUBLIC_URL mean served mode, None for local mode.
    Exits (status 2, one line on stderr) when served mode lacks sign-in or an https address."""
    from app.serve_mode import ServeMode, choose_mode, served_mode_problem
    from app.settings import Settings, SettingsError

    try:
        settings = Settings.load()
    except SettingsError as exc:
        if (host and not _is_loopback(host)) or os.environ.get("HMSKORT_PUBLIC_URL"):
            sys.exit(f"hmskort: cannot start: {exc}")
        return None  # local mode shows the settings error on screen
    if choose_mode(host, settings) is not ServeMode.SERVED:
        return None
    problem = served_mode_problem(host, settings)
    if problem:
        sys.exit(problem)
    return settings


def _is_loopback(host: str) -> bool:
    from app.net import is_loopback_host

    return is_loopback_host(host)


def run_served(settings, host: str, port: int) -> None:
    """Served mode (issue 13): behind sign-in, with the server's settings; see docs/DEPLOY.md."""
    from web.served import prepare_served, served_config, served_gate, served_outer
    from web.server import serve

    root = UiRoot(lambda: settings, served=True)

    async def session(page: ft.Page) -> None:
        await main(page, root)

    bundle = prepare_served()
    config = served_config(settings, host=host, port=port, assets_dir=str(ASSETS))
    serve(
        session,
        config,
        gate=served_gate(settings),
        outer=served_outer(bundle),
        warm_up=root.warm,
        announce=lambda _url: print(
            f"HMS-kort kontroll (served): {settings.public_url} -> {host}:{port}", flush=True
        ),
    )


ASSETS = Path(__file__).parent / "assets"


def _result_extras(page: ft.Page, state: AppState, root: UiRoot) -> None:
    """Issue 12: the inspector's role (asked once, then from the settings) and the page size (short
    and landscape layouts of the result)."""
    extras = state.extras
    extras.role = root.inspector_role
    if root.served:
        # served mode: the settings are the server's; a browser's choice holds for its session only

        async def session_only(role: str) -> None:
            extras.role = role

        extras.role_saver = session_only
    else:
        extras.role_saver = root.save_role
    extras.set_size(page.width, page.height)
    page.locale_configuration = locale_of(state.lang)
    page.on_resize = lambda e: extras.set_size(e.width, e.height)


def run() -> None:
    """Serve the app: on a phone inside the packaged runtime; elsewhere on our own web server
    (web/server.py) at http://127.0.0.1:8550 unless FLET_SERVER_IP / FLET_SERVER_PORT say
    otherwise, printing one line with the address and its per-launch token. A bind address that is
    not loopback, or HMSKORT_PUBLIC_URL, means served mode (sign-in; docs/DEPLOY.md)."""
    from flet.utils.platform_utils import is_embedded

    assets = str(ASSETS)
    if is_embedded():
        root = UiRoot()

        async def phone_session(page: ft.Page) -> None:
            await main(page, root)

        ft.run(phone_session, assets_dir=assets)
        return
    host = os.environ.get("FLET_SERVER_IP") or "127.0.0.1"
    port = int(os.environ.get("FLET_SERVER_PORT") or 8550)
    served = _served_or_exit(host)
    if served is not None:
        run_served(served, host, port)
        return
    root = UiRoot()

    async def session(page: ft.Page) -> None:
        await main(page, root)

    from web.server import STALL_MS, WebConfig, new_launch_token, serve

    config = WebConfig(
        host=host,
        port=port,
        assets_dir=assets,
        launch_token=new_launch_token(),
        stall_ms=int(os.environ.get("HMSKORT_CONNECTION_STALL_MS") or STALL_MS),
    )
    from web.headers import SecurityHeaders

    # the same headers as served mode (web/headers.py), without HSTS: local mode is plain http
    serve(session, config, outer=lambda app: SecurityHeaders(app, hsts=False))


if __name__ == "__main__":
    run()
