"""Settings: API address, client id and secret (masked), language, QR hosts; About."""

from __future__ import annotations

import flet as ft

from app.i18n import t
from app.state.app_state import AppState
from app.state.settings_state import SettingsState
from views.common import big_button, text_outlined_button, tid
from views.role_prompt import role_buttons
from views.theme import ERROR_INK, INK, MUTED, PAD, SAVED_INK, TOUCH


def _field(identifier: str, label: str, value: str, *, password: bool = False, hint: str | None = None):
    return tid(
        identifier,
        ft.TextField(
            label=label,
            value=value,
            password=password,
            can_reveal_password=False,
            hint_text=hint,
            text_size=18,
            border=ft.OutlineInputBorder(side=ft.BorderSide(2, INK), border_radius=10),
            width=10_000,  # fills the column; Flutter clamps it to the available width
        ),
    )


def role_setting(extras, lang: str) -> ft.Control:
    """Issue 12: "Jeg kontrollerer som", saved as soon as it is chosen."""
    return tid(
        "role-setting",
        ft.Column(
            [ft.Text(t("ui.role.title", lang), size=18, color=INK), role_buttons(extras, lang)],
            spacing=8,
        ),
    )


@ft.component
def SettingsView(state: AppState, settings: SettingsState, version: str) -> ft.Control:
    """The settings form and About."""
    lang = state.lang
    # What is typed lives here until "save" (not in the state: a half-typed address is not a setting).
    form = ft.use_memo(
        lambda: {
            "url": settings.api_url,
            "token": settings.token_url,
            "cid": settings.client_id,
            "secret": "",
            "hosts": settings.qr_hosts,
        },
        [],
    )
    ft.on_mounted(settings.load_secret_hint)
    save, keep_anyway = _savers(state, settings, form)
    rows = [
        *_connection_fields(settings, form, lang),
        _form_field(form, "hosts", "qr-hosts", t("ui.settings.qr_hosts", lang)),
        _language_row(state, lang),
        role_setting(state.extras, lang),
        *_outcome_rows(settings, keep_anyway, lang),
        big_button("settings-save", t("ui.settings.save", lang), save, icon=ft.Icons.SAVE),
        *_about(state, version, lang),
    ]
    return ft.Container(
        padding=PAD,
        expand=True,
        content=ft.Column(rows, spacing=14, scroll=ft.ScrollMode.AUTO),
    )


def _savers(state: AppState, settings: SettingsState, form: dict[str, str]):
    """ "Save" (test the connection first) and "keep anyway" (after a failed test)."""

    async def save(_e=None, *, keep_anyway: bool = False) -> None:
        state.touch()
        await settings.save(
            api_url=form["url"],
            token_url=form["token"],
            client_id=form["cid"],
            secret=form["secret"],
            qr_hosts=form["hosts"],
            language=state.lang,
            keep_anyway=keep_anyway,
        )
        if settings.saved:
            form["secret"] = ""

    async def keep_anyway(_e=None) -> None:
        await save(keep_anyway=True)

    return save, keep_anyway


def _form_field(form: dict[str, str], name: str, identifier: str, label: str, **kw) -> ft.Control:
    """A text field whose typing goes to `form[name]`."""
    ctl = _field(identifier, label, form[name], **kw)
    ctl.content.on_change = lambda e: form.__setitem__(name, e.control.value or "")
    return ctl


def _connection_fields(settings: SettingsState, form: dict[str, str], lang: str) -> list[ft.Control]:
    """API and token addresses, client id and secret (masked), and where the secret is kept."""
    secret_note = t(
        "ui.settings.secret_secure" if settings.secret_persistent else "ui.settings.secret_memory_only", lang
    )
    rows: list[ft.Control] = [
        ft.Container(height=2),  # room for the first field's floating label inside the scroll area
        _form_field(form, "url", "api-url", t("ui.settings.api_url", lang)),
        _form_field(form, "token", "token-url", t("trust.settings.token_url", lang)),
        _form_field(form, "cid", "client-id", t("ui.settings.client_id", lang)),
        _form_field(
            form,
            "secret",
            "client-secret",
            t("ui.settings.client_secret", lang),
            password=True,
            hint=settings.secret_hint or None,
        ),
    ]
    if settings.secret_hint:
        rows.append(
            ft.Text(t("ui.settings.secret_stored", lang, hint=settings.secret_hint), size=15, color=INK)
        )
    rows.append(tid("secret-storage-note", ft.Text(secret_note, size=15, color=MUTED)))
    return rows


def _language_row(state: AppState, lang: str) -> ft.Control:
    return ft.Row(
        [
            ft.Text(t("ui.settings.language", lang), size=18, color=INK, expand=True),
            tid(
                "language-choice",
                ft.SegmentedButton(
                    selected=[state.lang],
                    segments=[
                        ft.Segment(value="nb", label=ft.Text("Norsk", size=16)),
                        ft.Segment(value="en", label=ft.Text("English", size=16)),
                    ],
                    on_change=lambda e: state.set_language(next(iter(e.control.selected))),
                    # a 48 dp target at least (Material's default is 40)
                    style=ft.ButtonStyle(
                        padding=ft.Padding.symmetric(vertical=14, horizontal=12),
                        visual_density=ft.VisualDensity.STANDARD,
                    ),
                    height=TOUCH,
                ),
            ),
        ]
    )


def _outcome_rows(settings: SettingsState, keep_anyway, lang: str) -> list[ft.Control]:
    """What the last save did: an error (and "keep anyway"), saved, or still testing."""
    rows: list[ft.Control] = []
    if settings.error:
        text = t(settings.error, lang) + (f" ({settings.detail})" if settings.detail else "")
        rows.append(tid("settings-error", ft.Text(text, color=ERROR_INK, size=16)))
    if settings.can_keep_anyway:
        keep = t("trust.settings.keep_anyway", lang)
        rows.append(
            text_outlined_button("settings-keep-anyway", keep, keep_anyway, wide=True, size=18, height=56)
        )
    if settings.saved:
        key = "trust.settings.kept_untested" if settings.saved_untested else "ui.settings.saved"
        rows.append(tid("settings-saved", ft.Text(t(key, lang), color=SAVED_INK, size=16)))
    if settings.busy:
        testing = [ft.ProgressRing(width=24, height=24), ft.Text(t("trust.settings.testing", lang), size=16)]
        rows.append(tid("settings-testing", ft.Row(testing)))
    return rows


def _about(state: AppState, version: str, lang: str) -> list[ft.Control]:
    mode = t("ui.about.sandbox", lang) if state.sandbox else t("ui.about.live", lang, url=state.api_label)
    return [
        ft.Divider(),
        ft.Text(t("ui.about.title", lang), size=20, weight=ft.FontWeight.BOLD, color=INK),
        ft.Text(t("ui.about.version", lang, version=version), size=16, color=INK),
        tid("about-mode", ft.Text(mode, size=16, color=INK)),
    ]
