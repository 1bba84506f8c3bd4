"""Pieces every screen uses: the sandbox banner, the top bar, big buttons, test ids."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from views.theme import FRAME, INK, ON_DARK, PAD, PRIMARY, SANDBOX_BG, SANDBOX_INK, TOUCH, focus_side


def tid(identifier: str, control: ft.Control) -> ft.Control:
    """Give `control` a stable test id (shows as `flt-semantics-identifier` on web)."""
    return ft.Semantics(identifier=identifier, content=control)


def sandbox_banner(lang: str) -> ft.Control:
    """The "data is not real" strip shown on every screen in sandbox mode."""
    return tid(
        "sandbox-banner",
        ft.Container(
            bgcolor=SANDBOX_BG,
            padding=ft.Padding.symmetric(vertical=6, horizontal=PAD),
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.SCIENCE, color=SANDBOX_INK, size=20),
                    ft.Text(
                        t("ui.sandbox.banner", lang),
                        color=SANDBOX_INK,
                        weight=ft.FontWeight.BOLD,
                        size=15,
                        expand=True,
                    ),
                ],
                spacing=8,
            ),
        ),
    )


def top_bar(
    title: str, lang: str, *, on_settings=None, on_back=None, on_language=None, on_journal=None
) -> ft.Control:
    """Title with back / language / journal / settings buttons, each a 48+ px target."""
    left = [_bar_icon("back-button", ft.Icons.ARROW_BACK, t("ui.settings.back", lang), on_back, size=None)]
    right = [
        _language_switch(lang, on_language),
        _bar_icon("journal-button", ft.Icons.MENU_BOOK, t("journal.open", lang), on_journal),
        _bar_icon("settings-button", ft.Icons.SETTINGS, t("ui.settings.open", lang), on_settings),
    ]
    left, right = [c for c in left if c is not None], [c for c in right if c is not None]
    return ft.Container(
        bgcolor=PRIMARY,
        padding=ft.Padding.only(left=PAD if not left else 4, right=4),
        height=TOUCH + 8,
        content=ft.Row(
            [
                *left,
                # 18 px and at most two lines: with the journal button the title keeps ~96 px at 320 px
                ft.Text(
                    title,
                    color=ON_DARK,
                    size=18,
                    weight=ft.FontWeight.BOLD,
                    expand=True,
                    max_lines=2,
                    overflow=ft.TextOverflow.ELLIPSIS,
                ),
                *right,
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def _bar_icon(identifier: str, icon: ft.IconData, tooltip: str, on_click, *, size: int | None = 28):
    """An icon button of the top bar (None when the screen offers no such action)."""
    if on_click is None:
        return None
    return tid(
        identifier,
        ft.IconButton(
            icon,
            icon_color=ON_DARK,
            icon_size=size,
            tooltip=tooltip,
            on_click=on_click,
            width=TOUCH,
            height=TOUCH,
            style=ft.ButtonStyle(side=focus_side(ring=ON_DARK)),
        ),
    )


def _language_switch(lang: str, on_language):
    if on_language is None:
        return None
    return tid(
        "language-switch",
        ft.TextButton(
            content=ft.Text(t("ui.lang.switch", lang), color=ON_DARK, size=16, weight=ft.FontWeight.BOLD),
            on_click=on_language,
            height=TOUCH,
            style=ft.ButtonStyle(side=focus_side(ring=ON_DARK)),
        ),
    )


def big_button(
    identifier: str, label: str, on_click, *, icon=None, bgcolor=PRIMARY, color=ON_DARK, height=64
) -> ft.Control:
    """A full-width filled button; one per primary action."""
    return tid(
        identifier,
        ft.FilledButton(
            content=ft.Row(
                [
                    *([ft.Icon(icon, color=color, size=28)] if icon else []),
                    ft.Text(label, size=20, weight=ft.FontWeight.BOLD, color=color),
                ],
                alignment=ft.MainAxisAlignment.CENTER,
                tight=True,
            ),
            on_click=on_click,
            height=height,
            width=10_000,  # stretches to the column; Flutter clamps it to the available width
            style=ft.ButtonStyle(
                bgcolor=bgcolor, shape=ft.RoundedRectangleBorder(radius=10), side=focus_side(ring=FRAME)
            ),
        ),
    )


def outlined_button(
    identifier: str,
    label: str,
    icon: ft.IconData,
    on_click,
    *,
    size: int = 18,
    bold: bool = False,
    icon_size: int | None = None,
    wrap: bool = False,
) -> ft.Control:
    """A full-width outlined button with an icon: the second kind of action on a screen."""
    weight = ft.FontWeight.BOLD if bold else None
    return tid(
        identifier,
        ft.OutlinedButton(
            content=ft.Row(
                [
                    ft.Icon(icon, color=INK, size=icon_size),
                    ft.Text(label, size=size, color=INK, weight=weight),
                ],
                alignment=ft.MainAxisAlignment.CENTER,
                tight=True,
                wrap=wrap,
            ),
            on_click=on_click,
            height=TOUCH,
            width=10_000,
            style=ft.ButtonStyle(
                side=focus_side(ft.BorderSide(2, INK)), shape=ft.RoundedRectangleBorder(radius=10)
            ),
        ),
    )


def checking_row(lang: str) -> ft.Control:
    """ "Sjekker …" with a spinner, while a check is under way."""
    return tid(
        "checking",
        ft.Row(
            [ft.ProgressRing(width=28, height=28), ft.Text(t("ui.scan.checking", lang), size=20, color=INK)],
            alignment=ft.MainAxisAlignment.CENTER,
        ),
    )


def text_outlined_button(
    identifier: str, label: str, on_click, *, wide: bool = False, size: int = 17, height: int = TOUCH
) -> ft.Control:
    """An outlined button with words only; `wide`: full width with the app's black frame."""
    frame = (
        {
            "width": 10_000,
            "style": ft.ButtonStyle(side=ft.BorderSide(2, INK), shape=ft.RoundedRectangleBorder(radius=10)),
        }
        if wide
        else {}
    )
    return tid(
        identifier,
        ft.OutlinedButton(
            content=ft.Text(label, size=size, color=INK), on_click=on_click, height=height, **frame
        ),
    )


def note_box(bgcolor: str, content: ft.Control, *, frame: int | None = 2) -> ft.Container:
    """A tinted box with rounded corners and (unless `frame` is None) a black frame: the reader's
    state, the role question, warnings and alerts on the result."""
    return ft.Container(
        bgcolor=bgcolor,
        border=ft.Border.all(frame, INK) if frame else None,
        border_radius=8,
        padding=12,
        content=content,
    )
