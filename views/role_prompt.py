""" "Jeg kontrollerer som" (issue 12): asked once, on the scan screen at first start, and changeable in
Settings. The role decides what the result screen says to do with a card that is not accepted."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.next_action import InspectorRole
from app.state.result_extras import ResultExtras
from views.common import note_box, tid
from views.theme import DARK, HINT_BG, INK, ON_DARK, PAPER, TOUCH


def role_buttons(extras: ResultExtras, lang: str) -> ft.Control:
    """One button per role (the chosen one filled), each a 56 px target."""
    buttons = []
    for role in InspectorRole:
        chosen = extras.role == role.value

        async def choose(_e=None, r=role.value) -> None:
            await extras.choose_role(r)

        buttons.append(
            tid(
                f"role-{role.value}",
                ft.Button(
                    content=ft.Text(
                        t(f"ui.role.{role.value}", lang),
                        size=16,
                        weight=ft.FontWeight.BOLD,
                        color=ON_DARK if chosen else INK,
                    ),
                    on_click=choose,
                    height=TOUCH,
                    style=ft.ButtonStyle(
                        bgcolor=DARK if chosen else PAPER,
                        side=ft.BorderSide(2, INK),
                        shape=ft.RoundedRectangleBorder(radius=8),
                    ),
                ),
            )
        )
    return ft.Row(buttons, wrap=True, spacing=8, run_spacing=8)


@ft.component
def RolePrompt(extras: ResultExtras, lang: str) -> ft.Control:
    """The first-start question; nothing once a role is chosen."""
    if extras.role is not None:
        return ft.Container()
    return tid(
        "role-prompt",
        note_box(
            HINT_BG,
            ft.Column(
                [
                    ft.Text(t("ui.role.title", lang), size=18, weight=ft.FontWeight.BOLD, color=INK),
                    ft.Text(t("ui.role.ask", lang), size=15, color=INK),
                    role_buttons(extras, lang),
                ],
                spacing=8,
            ),
        ),
    )
