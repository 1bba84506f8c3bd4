"""The chip reader's status on the scan screen: ready, or what is wrong in plain words ("Kortleser
ikke tilkoblet"), with the exact technical fix behind "Detaljer for IT" (issue 12, item 7): the
inspector is not shown udev rules and device paths, IT gets them with one tap and a copy button."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.state.app_state import AppState
from views.common import note_box, text_outlined_button, tid
from views.theme import IDLE_BG, INK, READY_BG, TOUCH

_READY = "READY"


def reader_panel(state: AppState) -> ft.Control | None:
    """None when no reader is configured."""
    if state.reader_state is None:
        return None
    lang = state.lang
    ready = state.reader_state == _READY
    rows = [_state_row(state, ready, lang)]
    rows += _claim_rows(state, lang) if ready else _fix_rows(state, lang)
    # Its own semantics node (a live region: a screen reader says when the reader's state changes).
    return ft.Semantics(
        identifier="reader-status",
        container=True,
        live_region=True,
        content=note_box(READY_BG if ready else IDLE_BG, ft.Column(rows, spacing=6)),
    )


def _state_row(state: AppState, ready: bool, lang: str) -> ft.Control:
    return ft.Row(
        [
            ft.Icon(ft.Icons.NFC if ready else ft.Icons.USB_OFF, color=INK, size=28),
            ft.Semantics(
                identifier="reader-state",
                expand=True,
                # Every state's label names the reader ("Kortleser ikke tilkoblet"): no title before it.
                content=ft.Text(
                    t(f"ui.reader.{state.reader_state}", lang),
                    size=17,
                    weight=ft.FontWeight.BOLD,
                    color=INK,
                ),
            ),
        ]
    )


def _fix_rows(state: AppState, lang: str) -> list[ft.Control]:
    """A reader that is not ready: "Detaljer for IT", and the technical fix once asked for."""
    if not state.reader_fix:
        return []
    rows: list[ft.Control] = [
        tid(
            "reader-details",
            ft.TextButton(
                content=ft.Text(
                    t("ui.reader.hide_details" if state.reader_details else "ui.reader.details", lang),
                    size=16,
                    color=INK,
                    weight=ft.FontWeight.BOLD,
                    style=ft.TextStyle(decoration=ft.TextDecoration.UNDERLINE),
                ),
                on_click=state.toggle_reader_details,
                height=TOUCH - 8,
            ),
        )
    ]
    if state.reader_details:
        fix_text = t(state.reader_fix, lang)
        # Plain text, not selectable: Flutter web turns selectable text into an unlabelled text field
        # that screen readers (and the UI tests) cannot read. The fix may be a command to paste into
        # a terminal (udev rule, rmmod), so a copy button puts it on the clipboard instead.
        fix = ft.Semantics(
            identifier="reader-fix",
            expand=True,  # the Row's child is the Semantics: it takes the width, so the text wraps
            content=ft.Text(fix_text, size=14, color=INK, font_family="monospace"),
        )
        rows.append(
            ft.Row(
                [fix, *_copy_button(fix_text, t("ui.nfc.copy", lang))],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        )
    return rows


def _claim_rows(state: AppState, lang: str) -> list[ft.Control]:
    # A card's holder data goes to one screen only: the one whose user acted last (issue 10).
    if state.last_interaction is not None:
        return [tid("reader-here", ft.Text(t("trust.chip.here", lang), size=15, color=INK))]
    claim = t("trust.chip.claim", lang)
    return [
        ft.Text(t("trust.chip.claim_hint", lang), size=15, color=INK),
        text_outlined_button("reader-claim", claim, lambda _e: state.touch(), wide=True),
    ]


def _copy_button(text: str, label: str) -> list[ft.Control]:
    # The copy happens in the browser inside the tap (the only time Safari lets a page write the
    # clipboard). The action needs the session's page: built without one (view tests), no button.
    try:
        action = ft.CopyToClipboard(text)
    except RuntimeError:
        return []
    button = ft.IconButton(
        ft.Icons.CONTENT_COPY, icon_color=INK, action=action, width=TOUCH, height=TOUCH, tooltip=label
    )
    return [tid("reader-fix-copy", button)]
