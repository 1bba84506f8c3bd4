"""The scan screen: live camera, "use a photo", and typing the card number."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.state.app_state import AppState, CameraStatus
from views.camera_panel import CameraPanel
from views.common import big_button, tid
from views.reader_panel import reader_panel
from views.role_prompt import RolePrompt
from views.theme import ERROR_INK, INK, MUTED, NOTICE_BG, PAD, TOUCH, focus_side


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
    controls = [field, button]
    if state.manual_error:
        # The field shows the error; this live region makes a screen reader say it (issue 12).
        controls.insert(
            1,
            ft.Semantics(
                identifier="manual-error",
                live_region=True,
                label=t(state.manual_error, lang),
                content=ft.Container(height=1, width=1),
            ),
        )
    return ft.Column(controls, spacing=10)


@ft.component
def ScanView(state: AppState, crew_list: bool = False) -> ft.Control:
    """Camera first, then the fallbacks; `crew_list`: offer "Sjekk mannskapsliste" at the end."""
    lang = state.lang
    picker = ft.use_memo(lambda: ft.FilePicker(), [])

    async def use_photo(_e=None) -> None:
        files = await picker.pick_files(file_type=ft.FilePickerFileType.IMAGE, with_data=True)
        if files and files[0].bytes:
            await state.check_image(files[0].bytes)

    controls: list[ft.Control] = [CameraPanel(state)]
    panel = reader_panel(state)
    if panel is not None:
        controls.insert(0, panel)
    if state.camera not in (CameraStatus.LIVE, CameraStatus.STARTING):
        controls.append(
            big_button(
                "scan-button",
                t("ui.scan.start_camera", lang),
                lambda: state.start_camera(),
                icon=ft.Icons.CAMERA_ALT,
            )
        )
    else:
        controls.append(ft.Text(t("ui.scan.guide", lang), size=17, color=INK, text_align=ft.TextAlign.CENTER))
    controls.append(
        tid(
            "photo-button",
            ft.OutlinedButton(
                content=ft.Row(
                    [
                        ft.Icon(ft.Icons.PHOTO_LIBRARY, color=INK),
                        ft.Text(t("ui.scan.use_photo", lang), size=18, color=INK),
                    ],
                    alignment=ft.MainAxisAlignment.CENTER,
                    tight=True,
                ),
                on_click=use_photo,
                height=TOUCH,
                width=10_000,
                style=ft.ButtonStyle(
                    side=focus_side(ft.BorderSide(2, INK)), shape=ft.RoundedRectangleBorder(radius=10)
                ),
            ),
        )
    )
    if state.busy:
        controls.append(
            tid(
                "checking",
                ft.Row(
                    [
                        ft.ProgressRing(width=28, height=28),
                        ft.Text(t("ui.scan.checking", lang), size=20, color=INK),
                    ],
                    alignment=ft.MainAxisAlignment.CENTER,
                ),
            )
        )
    if state.message:
        controls.append(
            tid(
                "scan-message",
                ft.Container(
                    bgcolor=NOTICE_BG,
                    padding=12,
                    border_radius=8,
                    content=ft.Text(t(state.message, lang), size=17, color=INK),
                ),
            )
        )
    controls += [ft.Text(t("ui.scan.or_type", lang), size=16, color=MUTED), _manual_entry(state)]
    if crew_list:
        controls.append(
            tid(
                "bulk-open",
                ft.OutlinedButton(
                    content=ft.Row(
                        [
                            ft.Icon(ft.Icons.LIST_ALT, color=INK),
                            ft.Text(t("bulk.open", lang), size=18, color=INK),
                        ],
                        alignment=ft.MainAxisAlignment.CENTER,
                        tight=True,
                    ),
                    on_click=lambda _e: state.open_bulk(),
                    height=TOUCH,
                    width=10_000,
                    style=ft.ButtonStyle(
                        side=ft.BorderSide(2, INK), shape=ft.RoundedRectangleBorder(radius=10)
                    ),
                ),
            )
        )
    # asked once, under the scanning controls: it must not push them away at first start
    controls.append(RolePrompt(state.extras, lang))
    return ft.Container(
        padding=PAD,
        expand=True,
        content=ft.Column(controls, spacing=14, scroll=ft.ScrollMode.AUTO),
    )
