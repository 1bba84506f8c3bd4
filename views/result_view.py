"""The verdict screen: verdict on top (colour + icon + word), then the facts, then "scan next"."""

from __future__ import annotations

from datetime import date, datetime

import flet as ft

from app.i18n import t
from app.model import Card, CheckResult, ChipRef, ReasonCode, Verdict
from app.safe_text import visible_on_screen
from app.services.messages import display_date, finding_text, problem_text
from app.state.app_state import AppState
from views.common import big_button, checking_row, note_box, tid
from views.folded_text import FoldedText
from views.next_action import next_action_panel, result_tools
from views.theme import DARK, INK, MUTED, NOTES_BG, NOTICE_BG, PAD, PAPER, PHOTO_PLACEHOLDER, WARNING_BG
from views.verdict_banner import verdict_banner


def fmt_date(d: date | None) -> str:
    """Norwegian-style date (also fine in English)."""
    return display_date(d) if d else "–"


def fmt_time(ts: datetime) -> str:
    """The server's check time, in this device's time zone."""
    return ts.astimezone().strftime("%H:%M:%S %d.%m.%Y")


def card_number_shown(result: CheckResult) -> str | None:
    """The card number a result is about: the answer's, else the one the input named."""
    if result.card is not None:
        return result.card.card_number
    ref = result.ref
    number = getattr(ref, "card_number", None) or getattr(
        getattr(ref, "chip_data", None), "card_number", None
    )
    return number if isinstance(number, str) else None


def _big_card_number(result: CheckResult, lang: str, *, compact: bool = False) -> list[ft.Control]:
    # Large on every result: the inspector sees at a glance which card this verdict is about. On a
    # short screen one line without the label (the card-number field below names it), so the
    # employer and the first warning stay above the fold.
    number = card_number_shown(result)
    if not number:
        return []
    grouped = f"{number[:4]} {number[4:]}"
    return [
        tid(
            "card-number-big",
            ft.Container(
                padding=ft.Padding.only(left=PAD, right=PAD, top=4 if compact else 10),
                alignment=ft.Alignment.CENTER,
                content=ft.Text(
                    grouped if compact else f"{t('trust.result.card_number', lang)} {grouped}",
                    color=INK,
                    size=26 if compact else 30,
                    weight=ft.FontWeight.W_900,
                    text_align="center",
                ),
            ),
        )
    ]


def _alert(identifier: str, text: str) -> ft.Control:
    return tid(
        identifier,
        note_box(
            WARNING_BG,
            frame=3,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.GPP_BAD, color=INK, size=32),
                    ft.Text(text, size=18, color=INK, weight=ft.FontWeight.BOLD, expand=True),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
        ),
    )


def _fact(label: str, value: str, *, identifier: str | None = None, size: int = 20) -> ft.Control:
    body = ft.Column(
        [
            ft.Text(label, size=14, color=MUTED, weight=ft.FontWeight.W_600),
            ft.Text(value, size=size, color=INK, weight=ft.FontWeight.BOLD),
        ],
        spacing=0,
    )
    return tid(identifier, body) if identifier else body


def _holder_block(state: AppState, lang: str) -> list[ft.Control]:
    holder = state.result.card.holder
    if holder is None:
        return []
    if state.photo:
        photo: ft.Control = ft.Semantics(
            identifier="holder-photo",
            image=True,
            label=t("ui.result.photo_label", lang),
            content=ft.Image(src=state.photo, width=120, height=150, fit=ft.BoxFit.COVER),
        )
    else:
        photo = ft.Container(
            width=120,
            height=150,
            bgcolor=PHOTO_PLACEHOLDER,
            alignment=ft.Alignment.CENTER,
            content=ft.Text(t("ui.result.no_photo", lang), size=13, color=MUTED, text_align="center"),
        )
    facts = ft.Column(
        [
            _fact(
                t("ui.result.holder", lang),
                visible_on_screen(holder.full_name),
                identifier="holder-name",
                size=24,
            ),
            _fact(t("ui.result.birth_date", lang), fmt_date(holder.birth_date)),
        ],
        expand=True,
        spacing=8,
    )
    return [
        ft.Row([photo, facts], vertical_alignment=ft.CrossAxisAlignment.START, spacing=12),
        ft.Container(
            bgcolor=NOTICE_BG,
            padding=10,
            border_radius=8,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.FACE, color=INK),
                    ft.Text(t("ui.result.compare_face", lang), size=17, color=INK, expand=True),
                ]
            ),
        ),
    ]


def _findings(result: CheckResult, lang: str, *, notes: bool) -> list[ft.Control]:
    out: list[ft.Control] = []
    kinds = (
        [("ui.result.notes", result.notes, ft.Icons.INFO_OUTLINE, NOTES_BG)]
        if notes
        else [("ui.result.warnings", result.warnings, ft.Icons.WARNING_ROUNDED, WARNING_BG)]
    )
    for title_key, items, icon, bg in kinds:
        if not items:
            continue
        rows = [
            ft.Row(
                [
                    ft.Icon(icon, color=INK, size=24 if not notes else 22),
                    ft.Container(FoldedText(finding_text(f, lang), lang), expand=True)
                    if not notes
                    else ft.Text(finding_text(f, lang), size=17, color=INK, expand=True),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
            for f in items
        ]
        warning = not notes
        out.append(
            tid(
                "warnings" if warning else "notes",
                note_box(
                    bg,
                    # A warning is what changes the inspector's decision: framed like the suspicious-QR
                    # alert, so it reads as "look here", not as background.
                    frame=2 if warning else None,
                    content=ft.Column(
                        [ft.Text(t(title_key, lang), size=16, weight=ft.FontWeight.BOLD, color=INK), *rows],
                        spacing=6,
                    ),
                ),
            )
        )
    return out


def _chip_block(result: CheckResult, lang: str) -> list[ft.Control]:
    ref = result.ref
    if not isinstance(ref, ChipRef) or ref.chip_data is None:
        return []
    d = ref.chip_data
    name = visible_on_screen(" ".join(x for x in (d.first_names, d.last_name) if x) or "–")
    employer = visible_on_screen(
        " ".join(x for x in (d.employer_name, d.employer_org_number and f"({d.employer_org_number})") if x)
    )
    return [
        tid(
            "chip-data",
            ft.Container(
                border=ft.Border.all(2, MUTED),
                border_radius=8,
                padding=12,
                content=ft.Column(
                    [
                        ft.Text(
                            t("ui.result.chip_title", lang), size=16, weight=ft.FontWeight.BOLD, color=INK
                        ),
                        _fact(t("ui.result.chip_name", lang), name, size=17),
                        _fact(t("ui.result.chip_employer", lang), employer or "–", size=17),
                        _fact(t("ui.result.chip_valid_to", lang), fmt_date(d.valid_to), size=17),
                    ],
                    spacing=6,
                ),
            ),
        )
    ]


@ft.component
def ResultView(state: AppState) -> ft.Control:
    """The result of one check."""
    lang, result = state.lang, state.result
    if result is None:
        return ft.Container()
    card = result.card
    # Order (issue 12): what decides comes first and stays in view on a 320×568 screen: the code's
    # problem, card number and employer, the first warning, then what to do; the face and the rest after.
    body = [*_problem_rows(result, lang), *_card_facts(card, lang)]
    # Warnings explain a yellow verdict, so they come before the rest; notes after.
    body += _findings(result, lang, notes=False)
    body.append(next_action_panel(result, state.extras.role, lang))
    body += result_tools(state)
    if card is not None:
        body += [*_holder_block(state, lang), _validity_row(card, lang)]
    body += _findings(result, lang, notes=True) + _chip_block(result, lang)
    body += _closing_rows(state, result, lang)
    return _layout(
        ft.Column(
            [
                verdict_banner(result, lang, compact=state.extras.short),
                *_big_card_number(result, lang, compact=state.extras.short),
            ],
            spacing=0,
        ),
        body,
        _actions(state, result, lang),
        landscape=state.extras.landscape,
    )


def _problem_rows(result: CheckResult, lang: str) -> list[ft.Control]:
    rows: list[ft.Control] = []
    if result.reason == ReasonCode.SUSPICIOUS_QR:
        rows.append(_alert("suspicious-warning", t("ui.result.suspicious_warning", lang)))
    problem = problem_text(result, lang)
    if problem:  # exactly what is wrong with a code that is not a card ("points to evil.example")
        rows.append(tid("problem", ft.Text(problem, size=18, color=INK, weight=ft.FontWeight.BOLD)))
    return rows


def _card_facts(card: Card | None, lang: str) -> list[ft.Control]:
    """The card number and the employer, as the answer names them."""
    if card is None:
        return []
    org = t("ui.result.org_number", lang, org=card.employer.org_number)
    employer = f"{visible_on_screen(card.employer.name)}\n{org}"
    return [
        _fact(t("ui.result.card_number", lang), card.card_number, identifier="card-number", size=22),
        _fact(t("ui.result.employer", lang), employer, identifier="employer", size=20),
    ]


def _validity_row(card: Card, lang: str) -> ft.Control:
    return ft.Row(
        [
            ft.Container(_fact(t("ui.result.valid_to", lang), fmt_date(card.valid_to)), expand=True),
            ft.Container(
                _fact(t("ui.result.category", lang), t(f"category.{card.category}", lang)), expand=True
            ),
        ]
    )


def _closing_rows(state: AppState, result: CheckResult, lang: str) -> list[ft.Control]:
    """Why the chip's data was not used, when the server checked, and (unverified) the technical line."""
    rows: list[ft.Control] = []
    if state.chip_note:
        rows.append(tid("chip-note", ft.Text(t(state.chip_note, lang), size=15, color=INK)))
    if result.card is not None:
        checked = t("ui.result.checked_at", lang, time=fmt_time(result.card.checked_at))
        rows.append(ft.Text(checked, size=15, color=MUTED))
    # Unverified: the band says why and "what to do" says not to accept it yet (issue 12: said once).
    # The technical line is in the UI's language; the adapter's own (English) detail stays in the
    # CLI's JSON, where IT reads it.
    if result.verdict is Verdict.UNVERIFIED and result.reason:
        technical = ft.Text(t("ui.result.technical", lang, code=result.reason), size=14, color=MUTED)
        rows.append(tid("technical-line", technical))
    return rows


def _actions(state: AppState, result: CheckResult, lang: str) -> list[ft.Control]:
    actions: list[ft.Control] = []
    if state.busy:  # "try again" (or a card on the reader) is being checked: say so at once
        actions.append(checking_row(lang))
    elif result.verdict is Verdict.UNVERIFIED:
        actions.append(
            big_button("try-again", t("ui.result.try_again", lang), state.try_again, icon=ft.Icons.REFRESH)
        )
    actions.append(
        big_button(
            "scan-next",
            t("ui.result.scan_next", lang),
            state.scan_next,
            icon=ft.Icons.QR_CODE_SCANNER,
            bgcolor=DARK,
            height=72,
        )
    )
    return actions


def _layout(banner: ft.Control, body: list[ft.Control], actions: list[ft.Control], *, landscape: bool):
    """Portrait: band and facts scroll, the actions stay at the bottom (no scrolling with gloves to
    reach them). Landscape (a phone on its side, 740×360): band and actions on the left, facts on the
    right, so the verdict, card number, employer and first warning are all in view at once."""
    facts = ft.Container(padding=PAD, content=ft.Column(body, spacing=14))
    bar = ft.Container(
        bgcolor=PAPER,
        border=None if landscape else ft.Border.only(top=ft.BorderSide(1, MUTED)),
        padding=ft.Padding.symmetric(vertical=10, horizontal=PAD),
        content=ft.Column(actions, spacing=10),
    )
    if landscape:
        return ft.Row(
            [
                ft.Container(
                    width=300,
                    content=ft.Column([banner, ft.Container(expand=True), bar], spacing=0, expand=True),
                ),
                ft.Column([facts], scroll=ft.ScrollMode.AUTO, expand=True),
            ],
            spacing=0,
            expand=True,
            vertical_alignment=ft.CrossAxisAlignment.STRETCH,
        )
    return ft.Column(
        [
            ft.Column([banner, facts], spacing=0, scroll=ft.ScrollMode.AUTO, expand=True),
            bar,
        ],
        spacing=0,
        expand=True,
    )
