"""The "Sjekk mannskapsliste" screen (issue 15): pick a CSV/XLSX file, see progress, then the rows
with the non-valid ones first, and export the list with the results."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.model import Verdict
from app.safe_text import visible_on_screen
from app.services.bulk import result_cells, skipped_text
from app.state.app_state import AppState
from app.state.bulk_state import BulkPhase, BulkRow, BulkState
from views.common import big_button, text_outlined_button, tid
from views.theme import INK, MUTED, PAD, PROBLEM_BG, VERDICT_LOOK


def _row(item: BulkRow, lang: str) -> ft.Control:
    check = item.check
    look = VERDICT_LOOK.get(check.verdict, VERDICT_LOOK[Verdict.UNVERIFIED])
    cells = result_cells(check, lang)
    # Names and employers come from the crew list and the answers: nothing invisible or reordering.
    head = visible_on_screen(
        " · ".join(p for p in (t("bulk.row", lang, row=check.row), check.card_number, item.name or "") if p)
    )
    detail = [
        visible_on_screen(p)
        for p in [p for p in (cells.reason, cells.employer) if p] + list(item.warnings or check.warnings)
    ]
    chip = ft.Container(
        bgcolor=look.bg,
        border_radius=6,
        padding=ft.Padding.symmetric(horizontal=8, vertical=4),
        content=ft.Row(
            [
                ft.Icon(look.icon, color=look.ink, size=18),
                ft.Text(cells.verdict, color=look.ink, size=15, weight=ft.FontWeight.BOLD),
            ],
            tight=True,
            spacing=4,
        ),
    )
    # The verdict above the row's text, not beside it: on a 320 px screen a side-by-side row squeezes
    # the card number onto two lines.
    return ft.Container(
        border=ft.Border.all(2, look.bg),
        border_radius=8,
        padding=ft.Padding.all(8),
        content=ft.Column(
            [
                ft.Row([chip], wrap=True),
                ft.Text(head, size=16, color=INK, weight=ft.FontWeight.W_600),
                *[ft.Text(d, size=14, color=MUTED) for d in detail],
            ],
            spacing=4,
        ),
    )


@ft.component
def BulkView(state: AppState, bulk: BulkState) -> ft.Control:
    """Pick, progress, table, export."""
    lang = state.lang
    picker = ft.use_memo(lambda: ft.FilePicker(), [])
    pick, save = _file_actions(picker, bulk, lang)
    if bulk.phase in (BulkPhase.IDLE, BulkPhase.FAILED):
        controls = _pick_step(bulk, pick, lang)
    elif bulk.phase in (BulkPhase.READING, BulkPhase.RUNNING):
        controls = _progress_step(bulk, lang)
    else:
        controls = _results_step(bulk, save, lang)
    return tid(
        "bulk-screen",
        ft.Container(
            padding=PAD,
            expand=True,
            content=ft.Column(controls, spacing=12, scroll=ft.ScrollMode.AUTO),
        ),
    )


def _file_actions(picker: ft.FilePicker, bulk: BulkState, lang: str):
    """Open a crew list (CSV/XLSX); save it back with the results."""

    async def pick(_e=None) -> None:
        files = await picker.pick_files(
            file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["csv", "txt", "xlsx"],
            with_data=True,  # works in the web app too: the bytes come over the session
        )
        if files:
            await bulk.open_file(files[0].name, files[0].bytes, lang)

    async def save(_e=None) -> None:
        exported = bulk.export_file(lang)
        if exported is not None:
            name, data = exported
            await picker.save_file(file_name=name, src_bytes=data)

    return pick, save


def _pick_step(bulk: BulkState, pick, lang: str) -> list[ft.Control]:
    controls: list[ft.Control] = [ft.Text(t("bulk.intro", lang), size=17, color=INK)]
    note = bulk.allowance_note(lang)
    if note:  # served mode: the user's own allowance of rows, or why there are no crew lists
        controls.append(tid("bulk-allowance", ft.Text(note, size=16, color=INK)))
    if bulk.error:
        problem = ft.Container(
            bgcolor=PROBLEM_BG,
            padding=12,
            border_radius=8,
            content=ft.Text(bulk.error, size=17, color=INK, weight=ft.FontWeight.BOLD),
        )
        controls.append(tid("bulk-error", problem))
    if not bulk.lists_off:
        controls.append(big_button("bulk-pick", t("bulk.pick", lang), pick, icon=ft.Icons.UPLOAD_FILE))
    return controls


def _progress_step(bulk: BulkState, lang: str) -> list[ft.Control]:
    total = max(bulk.total, 1)
    label = t("bulk.reading", lang) if bulk.phase is BulkPhase.READING else None
    return [
        ft.Text(bulk.file_name, size=17, color=INK, weight=ft.FontWeight.BOLD),
        tid(
            "bulk-progress",
            ft.ProgressBar(value=None if label else bulk.done / total, height=12, color=INK),
        ),
        ft.Text(label or t("bulk.progress", lang, done=bulk.done, total=bulk.total), size=17, color=INK),
        text_outlined_button("bulk-cancel", t("bulk.cancel", lang), lambda _e: bulk.cancel()),
    ]


def _results_step(bulk: BulkState, save, lang: str) -> list[ft.Control]:
    """Counts, export, the skipped lines, the rows (non-valid first), and "check another list"."""
    c = bulk.counts
    counts = t(
        "bulk.counts",
        lang,
        invalid=c.get("invalid", 0),
        unverified=c.get("unverified", 0),
        warnings=c.get("valid_with_warnings", 0),
        valid=c.get("valid", 0),
    )
    controls: list[ft.Control] = [
        ft.Text(bulk.file_name, size=17, color=INK, weight=ft.FontWeight.BOLD),
        tid("bulk-summary", ft.Text(counts, size=17, color=INK)),
        big_button("bulk-export", t("bulk.export", lang), save, icon=ft.Icons.DOWNLOAD),
    ]
    if bulk.skipped:
        controls.append(ft.Text(t("bulk.skipped_title", lang, count=len(bulk.skipped)), size=16, color=INK))
        controls += [ft.Text(skipped_text(s, lang), size=14, color=MUTED) for s in bulk.skipped[:50]]
    controls += [_row(r, lang) for r in bulk.shown_rows]
    if bulk.hidden_rows:
        controls.append(ft.Text(t("bulk.hidden", lang, count=bulk.hidden_rows), size=15, color=MUTED))
    controls.append(text_outlined_button("bulk-again", t("bulk.again", lang), lambda _e: bulk.reset()))
    return controls
