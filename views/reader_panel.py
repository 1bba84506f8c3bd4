"""The chip reader's status on the scan screen: ready, or what is wrong and the exact fix."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.state.app_state import AppState
from views.common import tid
from views.theme import INK

_READY = "READY"


def reader_panel(state: AppState) -> ft.Control | None:
    """None when no reader is configured."""
    if state.reader_state is None:
        return None
    lang = state.lang
    ready = state.reader_state == _READY
    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(ft.Icons.NFC if ready else ft.Icons.ERROR_OUTLINE, color=INK, size=28),
                ft.Text(
                    f"{t('ui.nfc.title', lang)}: {t(f'nfc.state.{state.reader_state}', lang)}",
                    size=17,
                    weight=ft.FontWeight.BOLD,
                    color=INK,
                    expand=True,
                ),
            ]
        )
    ]
    if not ready and state.reader_fix:
        rows.append(
            ft.Text(t(state.reader_fix, lang), size=14, color=INK, selectable=True, font_family="monospace")
        )
    return tid(
        "reader-status",
        ft.Container(
            bgcolor="#E6F4EA" if ready else "#FDE7E9",
            border=ft.Border.all(2, INK),
            border_radius=8,
            padding=12,
            content=ft.Column(rows, spacing=6),
        ),
    )
