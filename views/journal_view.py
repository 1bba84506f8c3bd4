"""The journal screen: the round in progress (or a form to start one), the re-checked list, the
rounds with counts per verdict and per employer, the chosen round's checks (non-valid first), and
download buttons for its report (PDF, CSV)."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.i18n import t
from app.model import Verdict
from app.services.journal_report import clean, show_time
from app.state.journal_state import JournalState
from views.common import big_button, tid
from views.theme import ERROR_BG, ERROR_INK, INK, MUTED, PAD, PRIMARY, RECORDED_BG, VERDICT_LOOK


def _heading(text: str) -> ft.Control:
    return ft.Text(text, size=20, weight=ft.FontWeight.BOLD, color=INK)


def _verdict_chip(verdict: str, n: int, lang: str) -> ft.Control:
    look = VERDICT_LOOK[Verdict(verdict)]
    return ft.Container(
        bgcolor=look.bg,
        border_radius=8,
        padding=ft.Padding.symmetric(horizontal=8, vertical=4),
        content=ft.Row(
            [
                ft.Icon(look.icon, color=look.ink, size=18),
                ft.Text(
                    f"{t(f'verdict.{verdict}', lang)}: {n}",
                    color=look.ink,
                    size=15,
                    weight=ft.FontWeight.BOLD,
                ),
            ],
            tight=True,
            spacing=4,
        ),
    )


def _entry_row(entry, lang: str, *, with_user: bool = False) -> ft.Control:
    r = entry.record
    look = VERDICT_LOOK[r.verdict]
    head = f"{r.card_number or '–'} · {t(f'verdict.{r.verdict.value}', lang)}"
    if r.pending and entry.rechecked_by is None:
        head += f" ({t('journal.pending', lang)})"
    detail = [show_time(r.checked_at), t(f"journal.method.{r.method.value}", lang)]
    if r.employer_name:
        detail.append(clean(r.employer_name))
    if r.reason:
        detail.insert(0, t(f"reason.{r.reason}", lang))
    if with_user:  # everyone's journal (admins): whose check it was
        detail.insert(0, t("journal.by_user", lang, user=clean(r.user)))
    return ft.Container(
        border=ft.Border.only(left=ft.BorderSide(6, look.bg)),
        padding=ft.Padding.only(left=10, top=4, bottom=4),
        content=ft.Column(
            [
                ft.Text(head, size=17, weight=ft.FontWeight.BOLD, color=INK),
                ft.Text(" · ".join(detail), size=15, color=MUTED),
            ],
            spacing=2,
        ),
    )


def _everyone_switch(journal: JournalState, lang: str) -> list[ft.Control]:
    """Admins only (served mode): switch between their own journal and everyone's."""
    if not journal.may_see_everyone:
        return []

    async def flip(_e=None) -> None:
        await journal.set_everyone(not journal.everyone)

    key = "journal.everyone.hide" if journal.everyone else "journal.everyone.show"
    rows: list[ft.Control] = [
        tid(
            "journal-everyone",
            ft.OutlinedButton(
                content=ft.Row(
                    [
                        ft.Icon(ft.Icons.PERSON if journal.everyone else ft.Icons.GROUPS, color=INK, size=24),
                        ft.Text(t(key, lang), size=18, weight=ft.FontWeight.BOLD, color=INK),
                    ],
                    alignment=ft.MainAxisAlignment.CENTER,
                    tight=True,
                ),
                on_click=flip,
                height=52,
                width=10_000,
                style=ft.ButtonStyle(shape=ft.RoundedRectangleBorder(radius=10)),
            ),
        )
    ]
    if journal.everyone:
        rows.append(ft.Text(t("journal.everyone.on", lang), size=15, color=MUTED))
    return rows


def _everyone_checks(journal: JournalState, lang: str) -> list[ft.Control]:
    """Everyone's newest checks with their users, in rounds or not (admins, while switched on)."""
    if not journal.everyone:
        return []
    items = [_entry_row(e, lang, with_user=True) for e in journal.everyone_entries]
    if not items:
        items = [ft.Text(t("journal.everyone.empty", lang), size=16, color=MUTED)]
    return [
        _heading(t("journal.everyone.checks", lang)),
        tid("everyone-checks", ft.Column(items, spacing=6)),
        ft.Divider(),
    ]


def _selector(journal: JournalState, round_id: int):
    async def select(_e=None) -> None:
        await journal.select(round_id)

    return select


@ft.component
def JournalView(journal: JournalState, lang: str) -> ft.Control:
    picker = ft.use_memo(lambda: ft.FilePicker(), [])
    form = ft.use_memo(lambda: {"site": journal.site_text, "address": journal.address_text}, [])
    exports = _exports(journal, picker, lang)
    rows = [
        *_error_rows(journal, lang),
        *_everyone_switch(journal, lang),
        *_everyone_checks(journal, lang),
        *_round_rows(journal, form, lang),
        *_rechecked_rows(journal, lang),
        *_rounds_rows(journal, exports, lang),
    ]
    return ft.Container(
        padding=PAD,
        expand=True,
        content=ft.Column(rows, spacing=12, scroll=ft.ScrollMode.AUTO),
    )


def _exports(journal: JournalState, picker: ft.FilePicker, lang: str) -> dict[str, Callable]:
    """The chosen round's report as a file: PDF or CSV, saved through the platform's dialog."""

    async def export(fmt: str) -> None:
        made = await journal.export(fmt, lang)
        if made is None:
            journal.export_done(t("journal.export.failed", lang))
            return
        name, data = made
        try:
            await picker.save_file(file_name=name, src_bytes=data, allowed_extensions=[fmt])
        except Exception:  # the platform refused the dialog: say so
            journal.export_done(t("journal.export.failed", lang))
            return
        journal.export_done(t("journal.export.done", lang, name=name))

    async def export_pdf(_e=None) -> None:
        await export("pdf")

    async def export_csv(_e=None) -> None:
        await export("csv")

    return {"pdf": export_pdf, "csv": export_csv}


def _error_rows(journal: JournalState, lang: str) -> list[ft.Control]:
    if not journal.error:
        return []
    text = ft.Text(t("journal.unavailable", lang, error=journal.error), color=ERROR_INK, size=16)
    return [tid("journal-error", text)]


def _round_rows(journal: JournalState, form: dict[str, str], lang: str) -> list[ft.Control]:
    """The round in progress with its end button, or the form that starts one."""
    current = journal.current
    if current is None:
        return _round_form(journal, form, lang)
    return [
        tid(
            "round-current",
            ft.Text(
                t("journal.round.current", lang, site=clean(current.site_name)),
                size=18,
                weight=ft.FontWeight.BOLD,
                color=INK,
            ),
        ),
        ft.Text(t("journal.round.started", lang, time=show_time(current.started_at)), size=15, color=MUTED),
        big_button("round-end", t("journal.round.end", lang), journal.end_round, icon=ft.Icons.STOP_CIRCLE),
    ]


def _round_form(journal: JournalState, form: dict[str, str], lang: str) -> list[ft.Control]:
    # What is typed lives in `form` (kept across renders) until the round starts.
    async def start(_e=None) -> None:
        journal.set_site(form["site"])
        journal.set_address(form["address"])
        await journal.start_round()
        if journal.form_error is None:
            form["site"] = form["address"] = ""

    rows: list[ft.Control] = [
        ft.Container(height=2),
        ft.Text(t("journal.round.none", lang), size=16, color=INK),
        _form_field(form, "site", "round-site", t("journal.round.site", lang)),
        _form_field(form, "address", "round-address", t("journal.round.address", lang)),
    ]
    if journal.form_error:
        rows.append(tid("round-form-error", ft.Text(t(journal.form_error, lang), color=ERROR_INK, size=16)))
    rows.append(big_button("round-start", t("journal.round.start", lang), start, icon=ft.Icons.PLAY_CIRCLE))
    return rows


def _form_field(form: dict[str, str], name: str, identifier: str, label: str) -> ft.Control:
    ctl = ft.TextField(
        label=label,
        value=form[name],
        text_size=18,
        max_length=200,
        border=ft.OutlineInputBorder(side=ft.BorderSide(2, INK), border_radius=10),
        width=10_000,
    )
    ctl.on_change = lambda e: form.__setitem__(name, e.control.value or "")
    return tid(identifier, ctl)


def _rechecked_rows(journal: JournalState, lang: str) -> list[ft.Control]:
    """Checks waiting for the network, and the ones re-checked since (old → new verdict)."""
    if not (journal.rechecked or journal.pending):
        return []
    rows: list[ft.Control] = [ft.Divider(), _heading(t("journal.rechecked", lang))]
    if journal.pending:
        count = ft.Text(t("journal.pending.count", lang, n=journal.pending), size=16, color=INK)
        rows.append(tid("pending-count", count))
    items = [
        ft.Text(
            t(
                "journal.rechecked.line",
                lang,
                card=new.record.card_number or "–",
                old=t(f"verdict.{old.record.verdict.value}", lang),
                new=t(f"verdict.{new.record.verdict.value}", lang),
            ),
            size=16,
            color=INK,
        )
        for old, new in journal.rechecked[:20]
    ]
    rows.append(tid("rechecked-list", ft.Column(items, spacing=4)))
    return rows


def _rounds_rows(journal: JournalState, exports: dict[str, Callable], lang: str) -> list[ft.Control]:
    """Every round as a card with its counts; the chosen one opens into its details."""
    rows: list[ft.Control] = [ft.Divider(), _heading(t("journal.rounds", lang))]
    if not journal.rounds:
        rows.append(ft.Text(t("journal.rounds.empty", lang), size=16, color=MUTED))
    for summary in journal.rounds:
        chosen = summary.round.id == journal.selected
        rows.append(tid(f"round-{summary.round.id}", _round_card(journal, summary, chosen, lang)))
        if chosen:
            rows += _chosen_round_rows(journal, summary, exports, lang)
    return rows


def _round_card(journal: JournalState, summary, chosen: bool, lang: str) -> ft.Control:
    r = summary.round
    span = show_time(r.started_at) + (f" – {show_time(r.ended_at)}" if r.ended_at else "")
    if journal.everyone:
        span = t("journal.by_user", lang, user=clean(r.user)) + " · " + span
    return ft.Container(
        border=ft.Border.all(3 if chosen else 1, PRIMARY if chosen else MUTED),
        border_radius=10,
        padding=10,
        on_click=_selector(journal, r.id),
        width=10_000,
        content=ft.Column(
            [
                ft.Text(clean(r.site_name), size=18, weight=ft.FontWeight.BOLD, color=INK),
                ft.Text(f"{span} · {t('journal.round.checks', lang, n=summary.total)}", size=15, color=MUTED),
                ft.Row(
                    [_verdict_chip(v, n, lang) for v, n in summary.by_verdict],
                    wrap=True,
                    spacing=6,
                    run_spacing=6,
                ),
            ],
            spacing=6,
        ),
    )


def _export_button(
    identifier: str, fmt: str, icon: ft.IconData, exports: dict[str, Callable], lang: str
) -> ft.Control:
    return big_button(identifier, t(f"journal.export.{fmt}", lang), exports[fmt], icon=icon, height=56)


def _subheading(text: str) -> ft.Control:
    return ft.Text(text, size=16, weight=ft.FontWeight.BOLD, color=INK)


def _chosen_round_rows(
    journal: JournalState, summary, exports: dict[str, Callable], lang: str
) -> list[ft.Control]:
    """The chosen round: checks per employer, the report downloads, and its checks."""
    employers = [ft.Text(f"{clean(name)}: {n}", size=15, color=INK) for name, n in summary.by_employer]
    rows: list[ft.Control] = [
        _subheading(t("journal.round.per_employer", lang)),
        tid("round-employers", ft.Column(employers, spacing=2)),
        _export_button("export-pdf", "pdf", ft.Icons.PICTURE_AS_PDF, exports, lang),
        _export_button("export-csv", "csv", ft.Icons.TABLE_VIEW, exports, lang),
    ]
    if journal.export_note:
        rows.append(tid("export-note", ft.Text(journal.export_note, size=16, color=INK)))
    rows.append(_subheading(t("journal.round.checks_title", lang)))
    entries = ft.Column(
        [_entry_row(e, lang, with_user=journal.everyone) for e in journal.selected_entries], spacing=6
    )
    rows.append(tid("round-checks", entries))
    return rows


def recorded_strip(journal: JournalState, result, lang: str) -> ft.Control | None:
    """The line under the bar saying the shown check is recorded (only once it is durable)."""
    note = journal.recorded_note(result)
    if note is None:
        return None
    key, params = note
    failed = key == "journal.not_recorded"
    return tid(
        "journal-recorded",
        ft.Container(
            bgcolor=ERROR_BG if failed else RECORDED_BG,
            padding=ft.Padding.symmetric(vertical=4, horizontal=PAD),
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.ERROR_OUTLINE if failed else ft.Icons.BOOK, color=INK, size=18),
                    ft.Text(t(key, lang, **params), size=14, color=INK, expand=True),
                ],
                spacing=6,
            ),
        ),
    )
