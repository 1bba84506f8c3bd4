"""The scan screen: live camera, "use a photo", and typing the card number."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.state.app_state import AppState, CameraStatus
from views.camera_panel import CameraPanel
from views.common import big_button, checking_row, outlined_button, tid
from views.reader_panel import reader_panel
from views.role_prompt import RolePrompt
from views.theme import ERROR_INK, INK, MUTED, NOTICE_BG, PAD


def _manual_entry(state: AppState) -> ft.Control:
    lang = state.lang

    async def submit(_e=None) -> None:
        await state.check_manual()

    field = tid(
        "manual-entry",
        ft.TextField(
            value=state.manual_text,
            label=t("ui.manual.label", lang),
            keyboard_type=ft.KeyboardType.NUMBER,
            autofocus=state.focus_manual,  # back from "scan next": the keyboard user types at once
            text_size=24,
            max_length=11,  # 8 digits plus the spaces or dashes people type between groups
            counter="",
            error=t(state.manual_error, lang) if state.manual_error else None,
            # Flutter's default error line is 12 px: missed at arm's length in rain or sunlight.
            error_style=ft.TextStyle(size=17, weight=ft.FontWeight.BOLD, color=ERROR_INK),
            error_max_lines=3,
            on_change=lambda e: state.set_manual_text(e.control.value or ""),
            on_submit=submit,
            border=ft.OutlineInputBorder(side=ft.BorderSide(2, INK), border_radius=10),
            width=10_000,  # fills the column; Flutter clamps it to the available width
            content_padding=ft.Padding.symmetric(vertical=14, horizontal=12),
        ),
    )
    button = big_button("check-button", t("ui.manual.check", lang), submit, icon=ft.Icons.SEARCH)
    return ft.Column([field, *_manual_error(state), button], spacing=10)


def _manual_error(state: AppState) -> list[ft.Control]:
    # The field shows the error; this live region makes a screen reader say it (issue 12).
    if not state.manual_error:
        return []
    return [
        ft.Semantics(
            identifier="manual-error",
            live_region=True,
            label=t(state.manual_error, state.lang),
            content=ft.Container(height=1, width=1),
        )
    ]


@ft.component
def ScanView(state: AppState, crew_list: bool = False) -> ft.Control:
    """Camera first, then the fallbacks; `crew_list`: offer "Sjekk mannskapsliste" at the end."""
    lang = state.lang
    picker = ft.use_memo(lambda: ft.FilePicker(), [])

    async def use_photo(_e=None) -> None:
        files = await picker.pick_files(file_type=ft.FilePickerFileType.IMAGE, with_data=True)
        if files and files[0].bytes:
            await state.check_image(files[0].bytes)

    controls = [
        *_reader_and_camera(state, lang),
        outlined_button("photo-button", t("ui.scan.use_photo", lang), ft.Icons.PHOTO_LIBRARY, use_photo),
        *_progress(state, lang),
        ft.Text(t("ui.scan.or_type", lang), size=16, color=MUTED),
        _manual_entry(state),
    ]
    if crew_list:
        controls.append(
            outlined_button(
                "bulk-open", t("bulk.open", lang), ft.Icons.LIST_ALT, lambda _e: state.open_bulk()
            )
        )
    # asked once, under the scanning controls: it must not push them away at first start
    controls.append(RolePrompt(state.extras, lang))
    return ft.Container(
        padding=PAD,
        expand=True,
        content=ft.Column(controls, spacing=14, scroll=ft.ScrollMode.AUTO),
    )


def _reader_and_camera(state: AppState, lang: str) -> list[ft.Control]:
    """The chip reader's state (when there is one), the camera, and how to start or aim it."""
    panel = reader_panel(state)
    controls: list[ft.Control] = [panel] if panel is not None else []
    controls.append(CameraPanel(state))
    if state.camera not in (CameraStatus.LIVE, CameraStatus.STARTING):
        start = big_button(
            "scan-button",
            t("ui.scan.start_camera", lang),
            lambda: state.start_camera(),
            icon=ft.Icons.CAMERA_ALT,
        )
        controls.append(start)
    else:
        controls.append(ft.Text(t("ui.scan.guide", lang), size=17, color=INK, text_align=ft.TextAlign.CENTER))
    return controls


def _progress(state: AppState, lang: str) -> list[ft.Control]:
    """A check under way, and the passing note (e.g. "same card again")."""
    controls: list[ft.Control] = []
    if state.busy:
        controls.append(checking_row(lang))
    if state.message:
        note = ft.Container(
            bgcolor=NOTICE_BG,
            padding=12,
            border_radius=8,
            content=ft.Text(t(state.message, lang), size=17, color=INK),
        )
        controls.append(tid("scan-message", note))
    return controls
