""" "Vis til arbeider" (issue 12, item 3): the verdict, why, and what the worker must do, in large type
in the worker's language. Only `worker.*` texts are shown here: no holder data beyond what the card
itself says, and nothing the inspector did not already see."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.i18n.worker import WORKER_LANGUAGE_NAMES, WORKER_LANGUAGES
from app.model import CheckResult, Verdict
from app.state.app_state import AppState
from app.state.result_extras import ResultExtras
from views.common import big_button, tid
from views.theme import DARK, FRAME, INK, ON_DARK, PAD, PAPER, VERDICT_LOOK


def worker_reason_key(result: CheckResult) -> str:
    """The `worker.reason.*` key for a result (valid and valid-with-warnings share "valid")."""
    if result.verdict in (Verdict.VALID, Verdict.VALID_WITH_WARNINGS) or not result.reason:
        return "worker.reason.valid"
    return f"worker.reason.{result.reason}"


def worker_texts(result: CheckResult, lang: str) -> list[str]:
    """Why, then one text per warning, in `lang`."""
    texts = [t(worker_reason_key(result), lang)]
    texts += [t(f"worker.warning.{f.code}", lang) for f in result.warnings]
    return texts


def _language_picker(extras: ResultExtras, inspector_lang: str) -> ft.Control:
    buttons = []
    for code in WORKER_LANGUAGES:
        chosen = code == extras.worker_lang
        buttons.append(
            tid(
                f"worker-language-{code}",
                ft.Button(
                    content=ft.Text(
                        WORKER_LANGUAGE_NAMES[code],
                        size=17,
                        weight=ft.FontWeight.BOLD,
                        color=ON_DARK if chosen else INK,
                    ),
                    on_click=lambda _e, c=code: extras.set_worker_language(c),
                    height=48,
                    style=ft.ButtonStyle(
                        padding=ft.Padding.symmetric(horizontal=12),
                        bgcolor=DARK if chosen else PAPER,
                        side=ft.BorderSide(2, INK),
                        shape=ft.RoundedRectangleBorder(radius=8),
                    ),
                ),
            )
        )
    return ft.Semantics(
        identifier="worker-language",
        container=True,
        label=t("ui.worker.language", inspector_lang),
        content=ft.Row(buttons, wrap=True, spacing=8, run_spacing=8),
    )


@ft.component
def WorkerView(state: AppState, extras: ResultExtras) -> ft.Control:
    """The worker's screen for the shown result."""
    result, lang, wl = state.result, state.lang, extras.worker_lang
    if result is None:
        return ft.Container()
    card_number = result.card.card_number if result.card else None
    texts = [ft.Text(x, size=24, color=INK, weight=ft.FontWeight.W_600) for x in worker_texts(result, wl)]
    body: list[ft.Control] = [
        ft.Text(t("worker.title", wl), size=20, weight=ft.FontWeight.BOLD, color=INK),
        tid("worker-verdict", _worker_verdict(result, wl)),
    ]
    if card_number:
        body.append(ft.Text(card_number, size=26, weight=ft.FontWeight.BOLD, color=INK))
    body.append(tid("worker-text", ft.Column(texts, spacing=14)))
    # the worker reads from the top; the inspector picks the language below the text
    body.append(_language_picker(extras, lang))
    back = big_button(
        "worker-view-close",
        t("ui.worker.back", lang),
        extras.close_worker_view,
        icon=ft.Icons.ARROW_BACK,
        bgcolor=DARK,
    )
    return ft.Column(
        [
            ft.Container(
                padding=PAD,
                expand=True,
                content=ft.Column(body, spacing=14, scroll=ft.ScrollMode.AUTO),
            ),
            ft.Container(padding=ft.Padding.symmetric(vertical=10, horizontal=PAD), content=back),
        ],
        spacing=0,
        expand=True,
    )


def _worker_verdict(result, wl: str) -> ft.Control:
    """The verdict in the worker's language, in the verdict's colours and shape."""
    look = VERDICT_LOOK[result.verdict]
    return ft.Container(
        bgcolor=look.bg,
        border=ft.Border.all(look.border, FRAME) if look.border else None,
        padding=14,
        content=ft.Row(
            [
                ft.Icon(look.icon, color=look.ink, size=56),
                ft.Text(
                    t(f"worker.verdict.{result.verdict}", wl),
                    size=34,
                    weight=ft.FontWeight.W_900,
                    color=look.ink,
                    expand=True,
                ),
            ],
            spacing=12,
        ),
    )
