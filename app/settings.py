"""One typed, frozen `Settings`, read once from the environment (`HMSKORT_<FIELD>`) and an optional
TOML settings file, and passed down. The environment wins over the file.

The client secret is a `Secret`: its repr and str are `***`, so it cannot reach a log or a traceback
by accident, and `save()` never writes it (it belongs in the platform's secure storage).
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.errors import SettingsError
from app.i18n import LANGUAGES
from app.net import UrlProblem, is_plain_host_name, url_problem
from app.payloads import DEFAULT_QR_HOSTS
from app.secret import Secret
from app.version import USER_AGENT

ENV_PREFIX = "HMSKORT_"
SETTINGS_FILE_ENV = "HMSKORT_SETTINGS_FILE"
DEFAULT_SETTINGS_FILE = Path("~/.config/hmskort/settings.toml")
DEFAULT_USER_AGENT = USER_AGENT
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


def check_url(name: str, value: str | None) -> str | None:
    """An API or register address by the one rule (`app.net.url_problem`), without a trailing
    slash; None for nothing given. SettingsError names the setting and what is wrong."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise SettingsError(f"{name} must be a URL")
    value = value.strip()
    if not value:
        return None
    problem = url_problem(value)
    if problem is not None:
        raise SettingsError(_URL_PROBLEMS[problem].format(name=name, value=value))
    return value.rstrip("/")


_URL_PROBLEMS = {
    UrlProblem.INVALID: "{name} is not a valid URL: {value!r}",
    UrlProblem.NOT_HTTP_URL: "{name} must be an https:// URL with a host, got {value!r}",
    UrlProblem.USERINFO: "{name} must not contain a user name or password; use the client id and secret",
    UrlProblem.QUERY: "{name} must not have a query or fragment",
    UrlProblem.NOT_HTTPS: (
        "{name} must use https:// (http:// is allowed only for 127.0.0.0/8, ::1 and localhost), got {value!r}"
    ),
}


def parse_qr_hosts(value: Any) -> tuple[str, ...]:
    """The QR host allow-list from a list or a comma/space separated text, lower-cased, each a plain
    ASCII host name (`app.net.is_plain_host_name`). The one rule for the settings and the form."""
    if isinstance(value, str):
        value = re.split(r"[\s,]+", value)
    if not isinstance(value, list | tuple | set | frozenset):
        raise SettingsError("qr_hosts must be a list of host names")
    hosts = tuple(dict.fromkeys(str(h).strip().lower() for h in value if str(h).strip()))
    if not hosts:
        raise SettingsError(f"qr_hosts must name at least one host (default: {', '.join(DEFAULT_QR_HOSTS)})")
    for host in hosts:
        if not is_plain_host_name(host):
            raise SettingsError(
                f"qr_hosts: {host!r} is not a plain ASCII host name (no ports, paths or wildcards)"
            )
    return hosts


def _check_served(settings: Settings, put) -> None:
    """The served-mode block of `Settings.__post_init__` (issue 13)."""
    for name in ("public_url", "oidc_issuer"):
        put(name, check_url(name, getattr(settings, name)))
    if settings.public_url and urlsplit(settings.public_url).path not in ("", "/"):
        raise SettingsError("public_url must be the site's root (https://host[:port]), without a path")
    secret = settings.oidc_client_secret
    if isinstance(secret, str):
        put("oidc_client_secret", Secret(secret) if secret else None)
    elif secret is not None and not isinstance(secret, Secret):
        raise SettingsError("oidc_client_secret must be text")
    client_id = settings.oidc_client_id.strip() if isinstance(settings.oidc_client_id, str) else None
    put("oidc_client_id", client_id or None)
    claim = str(settings.oidc_roles_claim).strip()
    if re.fullmatch(r"[A-Za-z0-9_.:/-]{1,200}", claim) is None:
        raise SettingsError(f"oidc_roles_claim must be a claim name, got {settings.oidc_roles_claim!r}")
    put("oidc_roles_claim", claim)
    put("idle_timeout", _number("idle_timeout", settings.idle_timeout, float, 60, 24 * 3600))
    put("lookups_per_10_min", _number("lookups_per_10_min", settings.lookups_per_10_min, int, 1, 10000))
    put("crew_rows_per_day", _number("crew_rows_per_day", settings.crew_rows_per_day, int, 0, 1_000_000))


def _number(name: str, value: Any, kind: type, low: float, high: float) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be a number, got {value!r}") from None
    if isinstance(value, bool) or not low <= number <= high:
        raise SettingsError(f"{name} must be between {low} and {high}, got {value!r}")
    return number


def _database_url(value: Any) -> str | None:
    if value is None or not str(value).strip():
        return None
    text = str(value).strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else ""
    if scheme not in ("postgresql+psycopg", "postgresql", "sqlite"):
        # Never echo the value: it may hold a password.
        raise SettingsError(
            "database_url must be postgresql+psycopg://USER:PASSWORD@HOST/DB or sqlite:///PATH"
        )
    return text


def _bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, got {value!r}")


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything configurable. `api_url` None means the embedded sandbox."""

    api_url: str | None = None
    client_id: str | None = None
    client_secret: Secret | None = None
    token_url: str | None = None  # None: the API's own token endpoint (api_client.oauth.TOKEN_PATH)
    connect_timeout: float = 3.0
    read_timeout: float = 8.0
    max_retries: int = 2
    #: Whole budget of one status lookup (token fetch, retries, every byte of the answer): httpx's
    #: read timeout restarts with each byte, so an answer that trickles in would never end.
    total_timeout: float = 15.0
    #: Budget of the register cross-checks, counted from the status answer: past it the verdict is
    #: shown with a CROSSCHECK_UNAVAILABLE note.
    crosscheck_timeout: float = 5.0
    qr_hosts: tuple[str, ...] = DEFAULT_QR_HOSTS
    language: str = "nb"
    nfc_device: str | None = None  # nfcpy path, e.g. "usb" or "tty:USB0:pn532"
    nfc_key: str | None = None  # Mifare key A, 12 hex digits; None: the sandbox key in sandbox mode
    enhetsregisteret_url: str | None = None
    bemanning_url: str | None = None
    renhold_url: str | None = None
    register_cache_ttl: float = 43200.0
    user_agent: str = DEFAULT_USER_AGENT
    #: The status API at `api_url` is a sandbox (test data): the app says so on every screen, the
    #: registers default to the sandbox's, and the chip key to the sandbox key. Set by whoever starts
    #: one (`hmskort sandbox` prints it; tests set it); never guessed from the API's answers.
    sandbox: bool = False
    # --- issue 12: who checks ("Jeg kontrollerer som"), asked once at first start; None = not asked yet
    inspector_role: str | None = None
    # --- served mode (issue 13): serving the app to a team behind sign-in ---------------------------
    public_url: str | None = None  # the https:// address people open; set: served mode
    oidc_issuer: str | None = None  # OpenID provider (discovery at <issuer>/.well-known/...)
    oidc_client_id: str | None = None
    oidc_client_secret: Secret | None = None
    oidc_roles_claim: str = "roles"  # the ID token claim that lists the user's roles
    idle_timeout: float = 1800.0  # seconds without use before a signed-in user must sign in again
    lookups_per_10_min: int = 60  # per user, served mode: QR and chip lookups return personal data
    #: per user, served mode: crew-list rows in any 24 h (card numbers only; 0 = no crew lists)
    crew_rows_per_day: int = 5000
    # --- inspection journal (issue 14) ---
    #: folder of the embedded SQLite journal; None: the platform's user data folder
    data_dir: Path | None = None
    #: PostgreSQL (postgresql+psycopg://...) instead of the SQLite file; may hold a password: not in repr
    database_url: str | None = field(default=None, repr=False)
    journal_retention_days: int = 180
    settings_file: Path | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        for name in ("api_url", "token_url", "enhetsregisteret_url", "bemanning_url", "renhold_url"):
            put(name, check_url(name, getattr(self, name)))
        if isinstance(self.client_secret, str):
            put("client_secret", Secret(self.client_secret) if self.client_secret else None)
        elif self.client_secret is not None and not isinstance(self.client_secret, Secret):
            raise SettingsError("client_secret must be text")
        client_id = self.client_id.strip() if isinstance(self.client_id, str) else self.client_id
        put("client_id", client_id or None)
        put("connect_timeout", _number("connect_timeout", self.connect_timeout, float, 0.1, 120))
        put("read_timeout", _number("read_timeout", self.read_timeout, float, 0.1, 300))
        put("max_retries", _number("max_retries", self.max_retries, int, 0, 10))
        put("total_timeout", _number("total_timeout", self.total_timeout, float, 0.5, 600))
        put("crosscheck_timeout", _number("crosscheck_timeout", self.crosscheck_timeout, float, 0.1, 120))
        put(
            "register_cache_ttl", _number("register_cache_ttl", self.register_cache_ttl, float, 0, 30 * 86400)
        )
        put("qr_hosts", parse_qr_hosts(self.qr_hosts))
        language = str(self.language).strip().lower()
        if language not in LANGUAGES:
            raise SettingsError(f"language must be one of {', '.join(LANGUAGES)}, got {self.language!r}")
        put("language", language)
        if self.nfc_key is not None:
            key = re.sub(r"[\s:-]", "", str(self.nfc_key)).upper()
            if re.fullmatch(r"[0-9A-F]{12}", key) is None:
                raise SettingsError("nfc_key must be 6 bytes as 12 hex digits, e.g. FFFFFFFFFFFF")
            put("nfc_key", key)
        put("nfc_device", (str(self.nfc_device).strip() or None) if self.nfc_device is not None else None)
        agent = str(self.user_agent).strip()
        if not agent or not agent.isascii() or any(c in agent for c in "\r\n"):
            raise SettingsError("user_agent must be one line of ASCII text")
        put("user_agent", agent)
        put("sandbox", _bool("sandbox", self.sandbox))
        _check_served(self, put)
        if self.settings_file is not None:
            put("settings_file", Path(self.settings_file).expanduser())
        put("inspector_role", _inspector_role(self.inspector_role))
        # --- inspection journal (issue 14) ---
        if self.data_dir is not None:
            put(
                "data_dir",
                Path(str(self.data_dir).strip()).expanduser() if str(self.data_dir).strip() else None,
            )
        put("database_url", _database_url(self.database_url))
        put(
            "journal_retention_days",
            _number("journal_retention_days", self.journal_retention_days, int, 1, 36500),
        )

    @property
    def effective_data_dir(self) -> Path:
        """Where the embedded journal lives: `data_dir`, or the platform's user data folder."""
        if self.data_dir is not None:
            return self.data_dir
        from platformdirs import user_data_path

        return user_data_path("hmskort", appauthor=False)

    @property
    def sandbox_mode(self) -> bool:
        """True when the embedded sandbox answers (no status API configured), or when the settings
        say the configured API is a sandbox."""
        return self.api_url is None or self.sandbox

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with `changes` applied and validated again."""
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(self, **changes)

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, path: str | Path | None = None) -> Settings:
        """Settings from the settings file (if any) overlaid by `HMSKORT_*` environment variables."""
        env = os.environ if env is None else env
        explicit = path if path is not None else env.get(SETTINGS_FILE_ENV) or None
        file = Path(explicit).expanduser() if explicit else DEFAULT_SETTINGS_FILE.expanduser()
        values: dict[str, Any] = {}
        if file.is_file():
            values.update(_read_file(file))
        elif explicit:
            raise SettingsError(f"settings file {file} does not exist")
        values.update(_from_env(env))
        for name in ("api_url", "token_url"):
            # Blank is not "unset": someone meant to give an address, and the sandbox would answer
            # with test data in its place.
            if name in values and isinstance(values[name], str) and not values[name].strip():
                raise SettingsError(
                    f"{ENV_PREFIX}{name.upper()} (or {name} in the settings file) is set but blank: "
                    "give the address, or remove the setting to use the embedded sandbox"
                )
        values["settings_file"] = file
        return cls(**values)

    def save(self, path: str | Path | None = None) -> Path:
        """Write the settings as TOML (mode 0600), without the client secret. Returns the path."""
        target = (
            Path(path).expanduser() if path is not None else (self.settings_file or DEFAULT_SETTINGS_FILE)
        )
        target = target.expanduser()
        target.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# HMS-kort settings. The client secret is not stored here (secure storage only)."]
        kept = _secret_in_file(target)
        if kept is not None:
            # The person who wrote this file put the secret there: saving other settings must not
            # delete it (the app's own secret still goes only to secure storage).
            lines = ["# HMS-kort settings.", f"client_secret = {_toml_value(kept)}"]
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.name in _NOT_SAVED or value is None:
                continue
            lines.append(f"{f.name} = {_toml_value(value)}")
        tmp = target.with_name(target.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        os.replace(tmp, target)
        return target


def _inspector_role(value: Any) -> str | None:
    """Issue 12: one of `app.next_action.InspectorRole`'s values, or None."""
    from app.next_action import InspectorRole

    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().lower()
    if text not in {r.value for r in InspectorRole}:
        allowed = ", ".join(r.value for r in InspectorRole)
        raise SettingsError(f"inspector_role must be one of {allowed}, got {value!r}")
    return text


#: database_url may carry a password: like the client secret it comes from the environment, not the file
_NOT_SAVED = frozenset({"client_secret", "oidc_client_secret", "settings_file", "database_url"})


def _secret_in_file(file: Path) -> str | None:
    """The client secret an existing settings file holds, if any (an unreadable file holds none)."""
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    secret = data.get("client_secret")
    return secret if isinstance(secret, str) and secret else None


_FIELDS = {f.name for f in dataclasses.fields(Settings)} - {"settings_file"}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # JSON string escapes are valid TOML basic strings


def _read_file(file: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"cannot read settings file {file}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"settings file {file} is not valid TOML: {exc}") from None
    unknown = set(data) - _FIELDS
    if unknown:
        raise SettingsError(f"settings file {file}: unknown setting(s) {', '.join(sorted(unknown))}")
    return data


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _FIELDS:
        raw = env.get(ENV_PREFIX + name.upper())
        if raw is not None:
            values[name] = raw
    return values


SETTINGS_ENV_HINT = f"""\
Settings come from environment variables, or a TOML file (HMSKORT_SETTINGS_FILE, default
~/.config/hmskort/settings.toml, same names in lower case); the environment wins.
  HMSKORT_API_URL              status API base URL (https); unset: the embedded sandbox
  HMSKORT_CLIENT_ID            OAuth2 client id
  HMSKORT_CLIENT_SECRET        OAuth2 client secret (never written to the settings file)
  HMSKORT_TOKEN_URL            token endpoint (default: the status API's own)
  HMSKORT_CONNECT_TIMEOUT      seconds (3.0)        HMSKORT_READ_TIMEOUT   seconds (8.0)
  HMSKORT_MAX_RETRIES          retries on 429/503 (2)
  HMSKORT_TOTAL_TIMEOUT        seconds for a whole status lookup (15.0)
  HMSKORT_CROSSCHECK_TIMEOUT   seconds for the register cross-checks after the answer (5.0)
  HMSKORT_QR_HOSTS             allowed QR hosts, comma-separated ({",".join(DEFAULT_QR_HOSTS)})
  HMSKORT_LANGUAGE             nb or en (nb)
  HMSKORT_NFC_DEVICE           nfcpy device, e.g. usb        HMSKORT_NFC_KEY   Mifare key A, 12 hex digits
  HMSKORT_SANDBOX              true when HMSKORT_API_URL is a sandbox (test data) (false)
  HMSKORT_ENHETSREGISTERET_URL, HMSKORT_BEMANNING_URL, HMSKORT_RENHOLD_URL   register base URLs
                               (default: the real public services; the sandbox's in sandbox mode)
  HMSKORT_REGISTER_CACHE_TTL   seconds (43200)      HMSKORT_USER_AGENT     User-Agent for the registers
  HMSKORT_DATA_DIR             folder of the journal (default: the platform's user data folder)
  HMSKORT_DATABASE_URL         postgresql+psycopg://USER:PASSWORD@HOST/DB: the journal in PostgreSQL
  HMSKORT_JOURNAL_RETENTION_DAYS  journal entries older than this are deleted (180)
  HMSKORT_INSPECTOR_ROLE       who checks: arbeidstilsynet, havtil, politi, skatteetaten, byggherre,
                               sha_koordinator or verneombud (unset: asked once in the app)
Served mode (any non-loopback bind address, or HMSKORT_PUBLIC_URL set; see docs/DEPLOY.md):
  HMSKORT_PUBLIC_URL           https:// address people open     HMSKORT_OIDC_ISSUER   OpenID provider
  HMSKORT_OIDC_CLIENT_ID, HMSKORT_OIDC_CLIENT_SECRET             the app's client at the provider
  HMSKORT_OIDC_ROLES_CLAIM     claim with the roles (roles)     HMSKORT_IDLE_TIMEOUT  seconds (1800)
  HMSKORT_LOOKUPS_PER_10_MIN   lookups per user per 10 minutes (60)
  HMSKORT_CREW_ROWS_PER_DAY    crew-list rows per user per 24 hours (5000; 0: no crew lists)"""
