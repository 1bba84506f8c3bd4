"""The verdict band: shape + first word + colour, readable without colour (issue 12, item 4).

Valid keeps its check mark; invalid is a stop octagon in a thick black frame over hatching and says
"STOPP" first; warnings get the triangle. The band is a live region (a screen reader says the verdict
as soon as it appears) and shrinks on short screens so that the facts under it stay in view.
"""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.model import CheckResult, Verdict
from app.services.messages import reason_text
from views.theme import FRAME, PAD, VERDICT_LOOK, VerdictLook


def headline(verdict: Verdict, lang: str) -> str:
    """The band's first words ("GYLDIG", "STOPP – UGYLDIG", ...)."""
    return t(f"ui.banner.{verdict}", lang)


def _background(look: VerdictLook) -> dict:
    if look.hatch is None:
        return {"bgcolor": look.bg}
    # Diagonal stripes: a texture that says "not this one" also in greyscale. Both stripes are dark,
    # so the white words keep their contrast on either.
    return {
        "gradient": ft.LinearGradient(
            begin=ft.Alignment(-1.0, -1.0),
            end=ft.Alignment(-0.94, -0.86),
            colors=[look.bg, look.bg, look.hatch, look.hatch],
            stops=[0.0, 0.5, 0.5, 1.0],
            tile_mode=ft.GradientTileMode.REPEATED,
        )
    }


def verdict_banner(result: CheckResult, lang: str, *, compact: bool = False) -> ft.Control:
    """The band for `result`; `compact` on short screens (icon beside the words, smaller type)."""
    look = VERDICT_LOOK[result.verdict]
    word = headline(result.verdict, lang)
    reason = reason_text(result, lang)
    long_word = len(word) > 14
    word_size = (26 if long_word else 32) if compact else (32 if long_word else 40)
    words: list[ft.Control] = [
        ft.Text(
            word,
            color=look.ink,
            size=word_size,
            weight=ft.FontWeight.W_900,
            text_align=ft.TextAlign.START if compact else ft.TextAlign.CENTER,
        )
    ]
    if reason:
        words.append(
            ft.Text(
                reason,
                color=look.ink,
                size=18 if compact else 22,
                weight=ft.FontWeight.BOLD,
                text_align=ft.TextAlign.START if compact else ft.TextAlign.CENTER,
            )
        )
    icon = ft.Icon(look.icon, color=look.ink, size=48 if compact else 64)
    if compact:
        content: ft.Control = ft.Row(
            [icon, ft.Column(words, spacing=0, expand=True)],
            spacing=10,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )
    else:
        content = ft.Column(
            [icon, *words],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=2,
            width=10_000,
        )
    band = ft.Container(
        **_background(look),
        border=ft.Border.all(look.border, FRAME) if look.border else None,
        padding=ft.Padding.symmetric(vertical=8 if compact else 14, horizontal=PAD - look.border // 2),
        content=content,
    )
    # One semantics node that a screen reader announces when it appears (live region) and reads as
    # one sentence: the verdict word, then the reason.
    return ft.Semantics(
        identifier="verdict-banner",
        container=True,
        live_region=True,
        label=f"{word}. {reason}" if reason else word,
        content=band,
    )
