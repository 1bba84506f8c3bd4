"""Served mode's parts of the screen (issue 13): who is signed in with a sign-out button, and the
server's settings, read-only, for admins."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from app.i18n import t
from app.ports import Identity
from views.common import tid
from views.theme import INK, MUTED, PAD, PAPER, SIGNED_IN_BG


@dataclass(frozen=True, slots=True)
class ServedSession:
    """What the screen needs in served mode. `settings_rows(lang)` gives (label, value) pairs, already
    safe to show: the secrets are only "set" or "not set", never a character of them."""

    identity: Identity
    settings_rows: Callable[[str], tuple[tuple[str, str], ...]]
    sign_out: Callable[[], Any]


def signed_in_bar(served: ServedSession, lang: str) -> ft.Control:
    """A slim strip under the top bar: the user's name and the sign-out button (48 px target)."""
    return ft.Container(
        bgcolor=SIGNED_IN_BG,
        padding=ft.Padding.symmetric(horizontal=PAD, vertical=0),
        content=ft.Row(
            [
                ft.Text(
                    t("auth.signed_in_as", lang, name=served.identity.name),
                    size=15,
                    color=INK,
                    expand=True,
                    no_wrap=True,
                    overflow=ft.TextOverflow.ELLIPSIS,
                ),
                tid(
                    "sign-out",
                    ft.TextButton(
                        content=ft.Text(
                            t("auth.sign_out", lang), size=16, weight=ft.FontWeight.BOLD, color=INK
                        ),
                        on_click=served.sign_out,
                        height=48,
                    ),
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def server_settings_view(served: ServedSession, lang: str, version: str) -> ft.Control:
    """The server's settings as plain text: nothing here can be typed into or saved."""
    rows: list[ft.Control] = [
        tid("server-settings-note", ft.Text(t("auth.server_settings", lang), size=16, color=INK))
    ]
    for label, value in served.settings_rows(lang):
        rows.append(
            ft.Column(
                [
                    ft.Text(label, size=14, color=MUTED),
                    ft.Text(value or "–", size=17, color=INK, weight=ft.FontWeight.W_600),
                ],
                spacing=2,
            )
        )
    rows.append(ft.Text(f"HMS-kort kontroll {version}", size=14, color=MUTED))
    return tid(
        "server-settings",
        ft.Container(
            bgcolor=PAPER,
            padding=PAD,
            expand=True,
            content=ft.Column(rows, spacing=14, scroll=ft.ScrollMode.AUTO),
        ),
    )
