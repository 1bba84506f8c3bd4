"""The settings screen's state: API address, client id, secret (masked), language, QR hosts.

The secret goes to a `SecretStore` (secure storage where the platform has it, else memory only for
this session, which the screen says); after saving it is only ever shown as "••••1234".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import flet as ft

from app.errors import SettingsError
from app.net import UrlProblem, url_problem
from app.ports import SecretStore
from app.settings import parse_qr_hosts

MASK = "••••"


def mask_secret(secret: str | None) -> str:
    """A secret as it may be shown again: its last four characters at most."""
    if not secret:
        return ""
    return MASK + (secret[-4:] if len(secret) >= 12 else "")


def check_api_url(url: str) -> str | None:
    """An i18n key for what is wrong with an API address, or None when it is usable ("" = sandbox).
    The rule is `app.net.url_problem`, the one `Settings` and the HTTP adapter apply."""
    if not url:
        return None
    problem = url_problem(url)
    if problem is None:
        return None
    # The secret travels to this address: plain http only to this machine.
    return "ui.settings.url_not_https" if problem is UrlProblem.NOT_HTTPS else "ui.settings.url_invalid"


def parse_hosts(text: str) -> tuple[str, ...] | None:
    """The QR host allow-list from a comma/space separated text; None when a name is not a plain
    host name by `Settings`' own rule (`app.settings.parse_qr_hosts`)."""
    try:
        return parse_qr_hosts(text)
    except SettingsError:
        return None


@dataclass(frozen=True, slots=True)
class SettingsValues:
    """What the settings screen edits; `client_secret` None means "keep the stored one"."""

    api_url: str
    client_id: str
    client_secret: str | None
    qr_hosts: tuple[str, ...]
    language: str


Apply = Callable[[SettingsValues], Awaitable[None]]


@ft.observable
@dataclass
class SettingsState:
    store: SecretStore
    apply: Apply
    api_url: str = ""
    client_id: str = ""
    secret_hint: str = ""
    qr_hosts: str = "hmskort.no, www.hmskort.no"
    language: str = "nb"
    error: str | None = None  # an i18n key
    detail: str | None = None
    saved: bool = False
    secret_persistent: bool = field(default=False)

    def __post_init__(self) -> None:
        self.secret_persistent = self.store.persistent

    async def load_secret_hint(self) -> None:
        """Show the stored secret's mask (never the secret)."""
        try:
            self.secret_hint = mask_secret(await self.store.load())
        except Exception:
            self.secret_hint = ""

    async def save(self, *, api_url: str, client_id: str, secret: str, qr_hosts: str, language: str) -> None:
        """Validate and apply the form; a bad field keeps everything typed and says what is wrong."""
        self.saved = False
        self.detail = None
        api_url = api_url.strip().rstrip("/")
        self.error = check_api_url(api_url)
        hosts = parse_hosts(qr_hosts)
        if self.error is None and hosts is None:
            self.error = "ui.settings.hosts_invalid"
        if self.error is None and api_url and not client_id.strip():
            self.error = "ui.settings.client_id_missing"
        if self.error is not None:
            return
        secret = secret.strip()
        values = SettingsValues(
            api_url=api_url,
            client_id=client_id.strip(),
            client_secret=secret or None,
            qr_hosts=hosts,
            language=language,
        )
        try:
            await self.apply(values)
        except Exception as exc:  # e.g. the new address cannot be reached: say so, keep the form
            self.error = "ui.settings.apply_failed"
            self.detail = str(exc)[:200]
            return
        if secret:  # kept only once the settings it belongs to were taken
            try:
                await self.store.save(secret)
            except Exception:
                self.secret_persistent = False
            self.secret_hint = mask_secret(secret)
        self.api_url, self.client_id = values.api_url, values.client_id
        self.qr_hosts, self.language = ", ".join(hosts), language
        self.saved = True
