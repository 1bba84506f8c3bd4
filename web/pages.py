"""The few plain HTML pages outside the app: signed out, no role, sign-in failed. No script, no
inline style (the CSP forbids both here), every outside value escaped."""

from __future__ import annotations

from html import escape

from app.i18n import t

STYLE_PATH = "/auth/style.css"
STYLE = b"""body{font-family:system-ui,sans-serif;margin:0;padding:24px;color:#111;background:#fff}
main{max-width:28rem;margin:0 auto}h1{font-size:1.5rem}p{font-size:1.1rem;line-height:1.4}
a.button{display:inline-block;margin:8px 0;padding:14px 20px;background:#0b5394;color:#fff;
border-radius:6px;text-decoration:none;font-size:1.1rem;font-weight:600}a.quiet{color:#0b5394}
"""


def page(lang: str, message: str, *, links: list[tuple[str, str, str]] = ()) -> bytes:
    """A page with `message` (plain text) and links (href, text, test id)."""
    items = "".join(
        f'<p><a class="{"button" if i == 0 else "quiet"}" id="{escape(tid)}" href="{escape(href)}">'
        f"{escape(text)}</a></p>"
        for i, (href, text, tid) in enumerate(links)
    )
    return (
        f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{escape(t("auth.title", lang))}</title><link rel="stylesheet" href="{STYLE_PATH}"></head>'
        f'<body><main><h1>{escape(t("auth.title", lang))}</h1><p id="auth-message">{escape(message)}</p>'
        f"{items}</main></body></html>"
    ).encode()
