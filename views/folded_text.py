"""A warning that would take more than two lines folds, with "mer" to unfold it (issue 12, item 5):
on a small screen the first warning stays in view without pushing the facts away."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from views.theme import INK

#: characters that fit in about two lines of 18 px text on a 320 px wide phone
FOLD_AT = 70


@ft.component
def FoldedText(text: str, lang: str, size: int = 18) -> ft.Control:
    """`text`, cut to two lines with a "mer" button when it is long."""
    open_, set_open = ft.use_state(False)
    body = ft.Text(
        text,
        size=size,
        color=INK,
        weight=ft.FontWeight.W_600,
        max_lines=None if open_ or len(text) <= FOLD_AT else 2,
        overflow=ft.TextOverflow.ELLIPSIS,
    )
    if len(text) <= FOLD_AT:
        return body
    toggle = ft.TextButton(
        content=ft.Text(
            t("ui.result.less" if open_ else "ui.result.more", lang),
            size=16,
            color=INK,
            weight=ft.FontWeight.BOLD,
            style=ft.TextStyle(decoration=ft.TextDecoration.UNDERLINE),
        ),
        on_click=lambda: set_open(not open_),
        height=40,
    )
    # A screen reader reads the whole warning, folded or not.
    return ft.Column(
        [ft.Semantics(label=text, content=body, exclude_semantics=True), toggle],
        spacing=0,
        horizontal_alignment=ft.CrossAxisAlignment.START,
    )
