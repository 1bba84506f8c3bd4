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
from app.payloads import DEFAULT_QR_HOSTS
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
    """What the settings screen edits; `client_secret` None means "keep the stored one" (only
    allowed while the API and token addresses stay the same)."""

    api_url: str
    client_id: str
    client_secret: str | None
    qr_hosts: tuple[str, ...]
    language: str
    token_url: str = ""


class SecretNeeded(Exception):
    """A new API or token address came without its own secret: the old one never goes there."""


class ConnectionTestFailed(Exception):
    """The new settings were not taken: fetching a token with them failed (the message says why)."""


#: apply(values, *, test=True): test = fetch a token with the new settings first
Apply = Callable[..., Awaitable[None]]


@ft.observable
@dataclass
class SettingsState:
    store: SecretStore
    apply: Apply
    api_url: str = ""
    token_url: str = ""
    client_id: str = ""
    secret_hint: str = ""
    qr_hosts: str = ", ".join(DEFAULT_QR_HOSTS)
    language: str = "nb"
    error: str | None = None  # an i18n key
    detail: str | None = None
    saved: bool = False
    #: saved although the connection test failed ("keep anyway")
    saved_untested: bool = False
    #: the connection test failed: the form offers to keep the values anyway
    can_keep_anyway: bool = False
    #: applying (building and testing the connection) is under way
    busy: bool = False
    secret_persistent: bool = field(default=False)

    def __post_init__(self) -> None:
        self.secret_persistent = self.store.persistent

    async def load_secret_hint(self) -> None:
        """Show the stored secret's mask (never the secret)."""
        try:
            self.secret_hint = mask_secret(await self.store.load())
        except Exception:
            self.secret_hint = ""

    async def save(
        self,
        *,
        api_url: str,
        client_id: str,
        secret: str,
        qr_hosts: str,
        language: str,
        token_url: str = "",
        keep_anyway: bool = False,
    ) -> None:
        """Validate, test (a token fetch) and apply the form; a bad field or a failed test keeps
        everything typed and says what is wrong. `keep_anyway`: apply without the test."""
        self.saved = self.saved_untested = False
        self.can_keep_anyway = False
        self.detail = None
        api_url = api_url.strip().rstrip("/")
        token_url = token_url.strip()
        hosts = parse_hosts(qr_hosts)
        self.error = _form_error(api_url, token_url, hosts, client_id)
        secret = secret.strip()
        new_host = (api_url, token_url if api_url else "") != (self.api_url, self.token_url)
        if self.error is None and new_host and api_url and not secret:
            # The stored secret belongs to the old address: it is dropped, never sent to the new one.
            await self._discard_secret()
            self.error = "trust.settings.secret_needed"
        if self.error is not None:
            return
        values = SettingsValues(
            api_url=api_url,
            client_id=client_id.strip(),
            client_secret=secret or None,
            qr_hosts=hosts,
            language=language,
            token_url=token_url if api_url else "",
        )
        if await self._apply(values, test=not keep_anyway):
            await self._keep_secret(secret, new_host)
            self._taken(values, untested=keep_anyway)

    async def _apply(self, values: SettingsValues, *, test: bool) -> bool:
        """Hand the values to the app (testing them first unless `test` is False); False, with the
        reason shown, when they were not taken."""
        self.busy = True
        try:
            await self.apply(values, test=test)
        except SecretNeeded:
            await self._discard_secret()
            self.error = "trust.settings.secret_needed"
            return False
        except ConnectionTestFailed as exc:
            self.error = "trust.settings.test_failed"
            self.detail = str(exc)[:200]
            self.can_keep_anyway = True
            return False
        except Exception as exc:  # e.g. the new address is malformed: say so, keep the form
            self.error = "ui.settings.apply_failed"
            self.detail = str(exc)[:200]
            return False
        finally:
            self.busy = False
        return True

    async def _keep_secret(self, secret: str, new_host: bool) -> None:
        if secret:  # kept only once the settings it belongs to were taken
            try:
                await self.store.save(secret)
            except Exception:
                self.secret_persistent = False
            self.secret_hint = mask_secret(secret)
        elif new_host:
            await self._discard_secret()  # back to the embedded sandbox: no secret of ours needed

    def _taken(self, values: SettingsValues, *, untested: bool) -> None:
        """The form now shows the settings in force."""
        self.api_url, self.client_id = values.api_url, values.client_id
        self.token_url = values.token_url
        self.qr_hosts, self.language = ", ".join(values.qr_hosts), values.language
        self.saved = True
        self.saved_untested = untested

    async def _discard_secret(self) -> None:
        try:
            await self.store.save("")
        except Exception:
            self.secret_persistent = False
        self.secret_hint = ""


def _form_error(api_url: str, token_url: str, hosts: tuple[str, ...] | None, client_id: str) -> str | None:
    """The first thing wrong with the form, as an i18n key (the addresses, the QR hosts, the client id)."""
    error = check_api_url(api_url) or (check_api_url(token_url) if api_url else None)
    if error is None and hosts is None:
        error = "ui.settings.hosts_invalid"
    if error is None and api_url and not client_id.strip():
        error = "ui.settings.client_id_missing"
    return error
