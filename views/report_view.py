"""Report a suspicious card (issue 12, item 2): photos of both sides, site and note, then a PDF the
inspector saves and sends on. No holder data goes in unless the inspector types or photographs it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import flet as ft

from app.i18n import t
from app.services.messages import reason_text
from app.services.report import ReportInput, ReportPhotoError, build_report, card_number_of, file_name
from app.services.report import scanned_text as scanned_words
from app.state.app_state import AppState
from app.state.result_extras import ResultExtras
from views.common import big_button, tid
from views.theme import DARK, ERROR_INK, INK, MUTED, PAD, TOUCH, focus_side


def _photo_row(extras: ResultExtras, side: str, lang: str, pick) -> ft.Control:
    """One side of the card: the button that takes its photo, with the photo and "remove" once taken."""
    data = extras.photo_front if side == "front" else extras.photo_back
    label = t(f"ui.report.photo_{side}", lang)

    async def take(
        _e=None,
    ) -> None:  # a coroutine function: Flet awaits it (a lambda's coroutine it would not)
        await pick(side)

    button = tid(
        f"report-photo-{side}",
        ft.OutlinedButton(
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.PHOTO_CAMERA, color=INK),
                    ft.Text(label, size=17, color=INK, weight=ft.FontWeight.BOLD),
                ],
                tight=True,
                wrap=True,
            ),
            on_click=take,
            height=TOUCH,
            expand=True,
            style=ft.ButtonStyle(
                side=focus_side(ft.BorderSide(2, INK)), shape=ft.RoundedRectangleBorder(radius=10)
            ),
        ),
    )
    if not data:
        return ft.Row([button], vertical_alignment=ft.CrossAxisAlignment.CENTER)
    thumbnail = ft.Semantics(
        image=True,
        label=f"{label}: {t('ui.report.photo_taken', lang)}",
        content=ft.Image(src=data, width=72, height=48, fit=ft.BoxFit.COVER),
    )
    remove = ft.IconButton(
        ft.Icons.DELETE_OUTLINE,
        icon_color=INK,
        tooltip=t("ui.report.remove_photo", lang),
        on_click=lambda: extras.set_photo(side, None),
        width=TOUCH,
        height=TOUCH,
    )
    return ft.Row([thumbnail, button, remove], vertical_alignment=ft.CrossAxisAlignment.CENTER)


@ft.component
def ReportView(state: AppState, extras: ResultExtras) -> ft.Control:
    """The report form for the shown result."""
    result, lang = state.result, state.lang
    picker = ft.use_memo(lambda: ft.FilePicker(), [])
    if result is None:
        return ft.Container()
    pick, save = _file_actions(picker, result, extras, lang)
    rows = [
        ft.Text(t("ui.report.title", lang), size=22, weight=ft.FontWeight.BOLD, color=INK),
        ft.Text(t("ui.report.intro", lang), size=16, color=INK),
        *_summary(result, lang),
        _photo_row(extras, "front", lang, pick),
        _photo_row(extras, "back", lang, pick),
        _text_field("report-site", t("ui.report.site", lang), extras.site, extras.set_site),
        _text_field("report-note", t("ui.report.note", lang), extras.note, extras.set_note, multiline=True),
        *_outcome(extras, lang),
    ]
    return ft.Column(
        [
            ft.Container(
                padding=PAD, expand=True, content=ft.Column(rows, spacing=14, scroll=ft.ScrollMode.AUTO)
            ),
            ft.Container(
                padding=ft.Padding.symmetric(vertical=10, horizontal=PAD),
                content=_actions(save, extras, lang),
            ),
        ],
        spacing=0,
        expand=True,
    )


def _file_actions(picker: ft.FilePicker, result, extras: ResultExtras, lang: str):
    """Pick a photo of one side of the card; save the report as a PDF through the platform's dialog."""

    async def pick(side: str) -> None:
        files = await picker.pick_files(file_type=ft.FilePickerFileType.IMAGE, with_data=True)
        if files and files[0].bytes:
            extras.set_photo(side, files[0].bytes)

    async def save() -> None:
        made_at = extras.report_opened_at or datetime.now(UTC)
        data = ReportInput(
            result,
            made_at,
            site=extras.site,
            note=extras.note,
            photo_front=extras.photo_front,
            photo_back=extras.photo_back,
        )
        try:
            pdf = await asyncio.to_thread(build_report, data, lang)
        except ReportPhotoError:
            extras.report_done(None, "ui.report.photo_unreadable")
            return
        name = file_name(result, made_at)
        try:
            await picker.save_file(file_name=name, src_bytes=pdf, allowed_extensions=["pdf"])
        except Exception:  # the platform refused the file dialog: say so, keep everything typed
            extras.report_done(None, "ui.report.failed")
            return
        extras.report_done(name)

    return pick, save


def _summary(result, lang: str) -> list[ft.Control]:
    """What the report is about: card number, what was scanned, the verdict and why."""
    verdict = t(f"verdict.{result.verdict}", lang)
    reason = reason_text(result, lang)
    summary = [
        (t("report.card_number", lang), card_number_of(result)),
        (t("report.scanned", lang), scanned_words(result, lang)),
        (t("report.verdict", lang), f"{verdict}: {reason}" if reason else verdict),
    ]
    return [
        ft.Column(
            [
                ft.Text(label, size=14, color=MUTED, weight=ft.FontWeight.W_600),
                ft.Text(value, size=18, color=INK, weight=ft.FontWeight.BOLD),
            ],
            spacing=0,
        )
        for label, value in summary
    ]


def _text_field(identifier: str, label: str, value: str, keep, *, multiline: bool = False) -> ft.Control:
    """A field of the report whose typing goes straight to `keep` (the site, the note)."""
    lines = {"multiline": True, "min_lines": 2} if multiline else {}
    return tid(
        identifier,
        ft.TextField(
            label=label,
            value=value,
            **lines,
            on_change=lambda e: keep(e.control.value or ""),
            text_size=18,
            border=ft.OutlineInputBorder(side=ft.BorderSide(2, INK), border_radius=10),
        ),
    )


def _outcome(extras: ResultExtras, lang: str) -> list[ft.Control]:
    """Why the report could not be made, or the file it was saved as (read out by screen readers)."""
    rows: list[ft.Control] = []
    if extras.report_error:
        error = ft.Text(t(extras.report_error, lang), size=17, weight=ft.FontWeight.BOLD, color=ERROR_INK)
        rows.append(ft.Semantics(identifier="report-error", live_region=True, content=error))
    if extras.report_saved:
        saved = ft.Text(t("ui.report.saved", lang, name=extras.report_saved), size=17, color=INK)
        rows.append(ft.Semantics(identifier="report-saved", live_region=True, content=saved))
    return rows


def _actions(save, extras: ResultExtras, lang: str) -> ft.Control:
    return ft.Column(
        [
            big_button("report-save", t("ui.report.save", lang), save, icon=ft.Icons.PICTURE_AS_PDF),
            big_button(
                "report-close",
                t("ui.report.back", lang),
                extras.close_report,
                icon=ft.Icons.ARROW_BACK,
                bgcolor=DARK,
            ),
        ],
        spacing=10,
    )
