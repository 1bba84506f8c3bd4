"""What to do next (issue 12, item 1), under the verdict: the steps of `app.next_action` for the
inspector's role, and the buttons for the worker view and the suspicious-card report."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.model import CheckResult
from app.next_action import is_reportable, next_steps
from app.state.app_state import AppState
from views.common import outlined_button, tid
from views.theme import HINT_BG, INK


def next_action_panel(result: CheckResult, role: str | None, lang: str) -> ft.Control:
    """The steps as a short numbered list in a framed box (semantics id `next-action`)."""
    steps = next_steps(result, role)
    rows: list[ft.Control] = [
        ft.Text(t("ui.next.title", lang), size=16, weight=ft.FontWeight.BOLD, color=INK),
    ]
    for i, step in enumerate(steps, 1):
        text = t(step.key, lang, **dict(step.params))
        rows.append(
            ft.Row(
                [
                    ft.Text(f"{i}.", size=18, weight=ft.FontWeight.BOLD, color=INK, width=22),
                    ft.Text(text, size=18, color=INK, weight=ft.FontWeight.W_600, expand=True),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
                spacing=4,
            )
        )
    return tid(
        "next-action",
        ft.Container(
            bgcolor=HINT_BG,
            border=ft.Border.only(left=ft.BorderSide(6, INK)),
            border_radius=4,
            padding=12,
            content=ft.Column(rows, spacing=6),
        ),
    )


def _outlined(identifier: str, label: str, icon: ft.IconData, on_click) -> ft.Control:
    return outlined_button(identifier, label, icon, on_click, size=17, bold=True, icon_size=24, wrap=True)


def result_tools(state: AppState) -> list[ft.Control]:
    """ "Vis til arbeider" always; "Meld mistenkelig kort" on invalid and suspicious results."""
    result, lang, extras = state.result, state.lang, state.extras
    if result is None:
        return []
    tools = [
        _outlined(
            "worker-view-button",
            t("ui.worker.open", lang),
            ft.Icons.TRANSLATE,
            lambda: extras.open_worker_view(state.result),
        )
    ]
    if is_reportable(result):
        tools.append(
            _outlined(
                "report-button",
                t("ui.report.open", lang),
                ft.Icons.FLAG,
                lambda: extras.open_report(state.result),
            )
        )
    return tools
