"""The root component: sandbox banner, top bar, and the current screen."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.state.app_state import AppState, Screen
from app.state.bulk_state import BulkState
from app.state.journal_state import JournalState
from app.state.settings_state import SettingsState
from views.bulk_view import BulkView
from views.common import sandbox_banner, tid, top_bar
from views.journal_view import JournalView, recorded_strip
from views.result_area import ResultArea
from views.scan_view import ScanView
from views.served_view import ServedSession, server_settings_view, signed_in_bar
from views.settings_view import SettingsView
from views.theme import BACKDROP, INK, PAPER

MAX_WIDTH = 640


def locale_of(lang: str) -> ft.LocaleConfiguration:
    """The page locale for a UI language (Flutter web puts it in `<html lang>`, which screen readers
    use to pick their voice)."""
    return ft.LocaleConfiguration(
        supported_locales=[ft.Locale("nb", "NO"), ft.Locale("en", "GB")],
        current_locale=ft.Locale("nb", "NO") if lang == "nb" else ft.Locale("en", "GB"),
    )


def _set_locale(lang: str) -> None:
    page = ft.context.page
    page.locale_configuration = locale_of(lang)
    page.update()


@ft.component
def App(
    state: AppState,
    settings: SettingsState,
    version: str,
    bulk: BulkState | None = None,
    served: ServedSession | None = None,
    journal: JournalState | None = None,
) -> ft.Control:
    """One column: banner (sandbox only), bar, (served: who is signed in), screen.

    Served mode: only admins get a settings button, and their settings screen is the server's,
    read-only; an inspector's screen has no control that could open the settings at all."""
    lang = state.lang
    page = ft.context.page

    def title_in_language() -> None:
        # The connection guard (web/guard.js) reads the session's language from the title.
        page.title = t("ui.app.title", lang)

    ft.use_effect(title_in_language, [lang])
    ft.use_effect(lambda: _set_locale(lang), [lang])
    bar, body, strip = _screen(state, settings, version, bulk, served, journal)
    if state.fatal and state.screen not in (Screen.SETTINGS, Screen.BULK):
        body = _fatal(state, lang)
    column = [
        *([sandbox_banner(lang)] if state.sandbox else []),
        bar,
        *([signed_in_bar(served, lang)] if served is not None else []),
        *([strip] if strip else []),
        body,
    ]
    # On a desktop browser the phone layout stays a readable column instead of stretching.
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            bgcolor=BACKDROP,
            expand=True,
            alignment=ft.Alignment.TOP_CENTER,
            content=ft.Container(
                bgcolor=PAPER,
                width=MAX_WIDTH,
                expand=True,
                content=ft.Column(column, spacing=0, expand=True),
            ),
        ),
    )


def _screen(
    state: AppState,
    settings: SettingsState,
    version: str,
    bulk: BulkState | None,
    served: ServedSession | None,
    journal: JournalState | None,
) -> tuple[ft.Control, ft.Control, ft.Control | None]:
    """The shown screen: its top bar, its body and (on a result, with a journal) the "recorded" strip."""
    lang = state.lang
    may_see_settings = served is None or served.identity.may_see_settings
    if state.screen is Screen.BULK and bulk is not None:
        bar = top_bar(
            t("bulk.title", lang), lang, on_back=state.close_bulk, on_language=state.toggle_language
        )
        return bar, BulkView(state, bulk), None
    if journal is not None and journal.open and state.screen is not Screen.SETTINGS:
        bar = top_bar(t("journal.title", lang), lang, on_back=journal.hide, on_language=state.toggle_language)
        return bar, JournalView(journal, lang), None
    if state.screen is Screen.SETTINGS and may_see_settings:
        # the language is chosen in the form itself: one language control on this screen, not two
        bar = top_bar(t("ui.settings.title", lang), lang, on_back=state.close_settings)
        body = (
            SettingsView(state, settings, version)
            if served is None
            else server_settings_view(served, lang, version)
        )
        return bar, body, None
    bar = top_bar(
        t("ui.app.title", lang),
        lang,
        on_settings=state.open_settings if may_see_settings else None,
        on_language=state.toggle_language,
        on_journal=journal.show if journal is not None else None,
    )
    if state.screen is not Screen.RESULT:
        return bar, ScanView(state, bulk is not None), None
    strip = recorded_strip(journal, state.result, lang) if journal is not None else None
    return bar, ResultArea(state, state.extras), strip


def _fatal(state: AppState, lang: str) -> ft.Control:
    """The services could not start: why, and what to do, instead of the screen."""
    return tid(
        "fatal-error",
        ft.Container(
            padding=16,
            content=ft.Column(
                [
                    ft.Text(t("ui.fatal.title", lang), size=22, weight=ft.FontWeight.BOLD, color=INK),
                    ft.Text(state.fatal, size=16, color=INK, selectable=True),
                    ft.Text(t(state.fatal_hint or "ui.fatal.hint", lang), size=16, color=INK),
                ]
            ),
        ),
    )
