"""Pieces every screen uses: the sandbox banner, the top bar, big buttons, test ids."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from views.theme import FRAME, ON_DARK, PAD, PRIMARY, SANDBOX_BG, SANDBOX_INK, TOUCH, focus_side


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
    left: list[ft.Control] = []
    if on_back is not None:
        left.append(
            tid(
                "back-button",
                ft.IconButton(
                    ft.Icons.ARROW_BACK,
                    icon_color=ON_DARK,
                    tooltip=t("ui.settings.back", lang),
                    on_click=on_back,
                    width=TOUCH,
                    height=TOUCH,
                    style=ft.ButtonStyle(side=focus_side(ring=ON_DARK)),
                ),
            )
        )
    right: list[ft.Control] = []
    if on_language is not None:
        right.append(
            tid(
                "language-switch",
                ft.TextButton(
                    content=ft.Text(
                        t("ui.lang.switch", lang), color=ON_DARK, size=16, weight=ft.FontWeight.BOLD
                    ),
                    on_click=on_language,
                    height=TOUCH,
                    style=ft.ButtonStyle(side=focus_side(ring=ON_DARK)),
                ),
            )
        )
    if on_journal is not None:
        right.append(
            tid(
                "journal-button",
                ft.IconButton(
                    ft.Icons.MENU_BOOK,
                    icon_color=ON_DARK,
                    icon_size=28,
                    tooltip=t("journal.open", lang),
                    on_click=on_journal,
                    width=TOUCH,
                    height=TOUCH,
                ),
            )
        )
    if on_settings is not None:
        right.append(
            tid(
                "settings-button",
                ft.IconButton(
                    ft.Icons.SETTINGS,
                    icon_color=ON_DARK,
                    icon_size=28,
                    tooltip=t("ui.settings.open", lang),
                    on_click=on_settings,
                    width=TOUCH,
                    height=TOUCH,
                    style=ft.ButtonStyle(side=focus_side(ring=ON_DARK)),
                ),
            )
        )
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
