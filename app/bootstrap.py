"""The composition root: Settings → (embedded sandbox) → the one HTTP client → adapters → services.

The one place the services' adapters are wired together; `app/ui_root.py` (the Flet app's root) and `app/cli/`
call `build_services`. With no status API configured it starts the sandbox in-process, so the app and
the CLI work out of the box on test data (and say so).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from api_client.http import build_http_client, default_user_agent, require_safe_base_url
from api_client.status import StatusClient
from app.errors import HmsKortError
from app.model import CardRef, CheckResult, ScannedCode
from app.ports import CrewJournalPort, EmployerCheckPort, StatusPort, UsageLedger
from app.services import verify as verify_service
from app.services.journal import Journal
from app.settings import Settings

if TYPE_CHECKING:
    from app.crewlist import CrewList
    from app.services.bulk import BulkRunner, CrewRun, RowOutcome

log = logging.getLogger(__name__)


class SetupError(Exception):
    """The settings cannot give working services (half-configured API, unsafe address)."""


def oslo_today(now: datetime | None = None) -> date:
    """Today's date in Norway (Europe/Oslo), whatever the device's time zone."""
    now = now or datetime.now(UTC)
    try:
        return now.astimezone(ZoneInfo("Europe/Oslo")).date()
    except ZoneInfoNotFoundError:
        # Phones without a tz database: CET/CEST by the EU rule (last Sunday of March/October, 01:00 UTC).
        return (now.astimezone(UTC) + timedelta(hours=_oslo_offset_hours(now.astimezone(UTC)))).date()


def _oslo_offset_hours(utc: datetime) -> int:
    def last_sunday(month: int) -> datetime:
        day = datetime(utc.year, month, 31, 1, tzinfo=UTC)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    return 2 if last_sunday(3) <= utc < last_sunday(10) else 1


@dataclass(eq=False)
class Services:
    """What the UI and the CLI use: checks, photos, and shutdown."""

    settings: Settings
    sandbox_mode: bool
    status: StatusPort
    employers: EmployerCheckPort | None
    http: httpx.AsyncClient = field(repr=False)
    #: The embedded sandbox's base URL in sandbox mode (for the "test data" notice), else None.
    sandbox_url: str | None = None
    today: Callable[[], date] = oslo_today
    #: the inspection journal (issue 14); None when the caller asked for none (`--no-journal`)
    journal: Journal | None = None
    _sandbox: Any = field(default=None, repr=False)

    async def check(self, ref: CardRef) -> CheckResult:
        """Verdict for a parsed reference (never raises)."""
        return await verify_service.verify(
            ref,
            status=self.status,
            today=self.today(),
            employers=self.employers,
            crosscheck_timeout=float(self.settings.crosscheck_timeout),
        )

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult:
        """Verdict for scanned or typed text (never raises)."""
        return await verify_service.check_text(
            text,
            symbology=symbology,
            qr_hosts=tuple(self.settings.qr_hosts),
            status=self.status,
            today=self.today(),
            employers=self.employers,
            crosscheck_timeout=float(self.settings.crosscheck_timeout),
        )

    async def check_codes(self, codes: Sequence[ScannedCode]) -> CheckResult:
        """Verdict for the codes found in one image of a card (never raises)."""
        return await verify_service.check_codes(
            codes,
            qr_hosts=tuple(self.settings.qr_hosts),
            status=self.status,
            today=self.today(),
            employers=self.employers,
            crosscheck_timeout=float(self.settings.crosscheck_timeout),
        )

    @property
    def crew_journal(self) -> CrewJournalPort | None:
        """Where crew-list runs are journaled (issue 15): the inspection journal's rounds; None when
        the journal is not open (then a run is not resumable)."""
        if self.journal is None:
            return None
        from app.services.crew_journal import CrewRounds

        return CrewRounds(self.journal)

    def bulk_runner(
        self, concurrency: int | None = None, *, journal: CrewJournalPort | None = None
    ) -> BulkRunner:
        """A crew-list run (issue 15) over the same status client, cross-checks and `verify` as `check`."""
        from app.services.bulk import DEFAULT_CONCURRENCY, BulkRunner

        return BulkRunner(
            status=self.status,
            employers=self.employers,
            today=self.today(),
            concurrency=concurrency or DEFAULT_CONCURRENCY,
            journal=journal,
        )

    async def check_crew_list(
        self,
        crew: CrewList,
        *,
        round_name: str,
        resume: bool = False,
        concurrency: int | None = None,
        on_outcome: Callable[[RowOutcome], Any] | None = None,
        on_start: Callable[[int, int], None] | None = None,
        journal: CrewJournalPort | None = None,
    ) -> CrewRun:
        """Check every row of a crew list (issue 15), journaled as a round named `round_name`
        (when the journal is open). Raises `ListChanged` when `resume` finds another list."""
        from app.services.bulk import check_crew_list

        journal = journal or self.crew_journal
        return await check_crew_list(
            crew,
            self.bulk_runner(concurrency, journal=journal),
            journal=journal,
            round_name=round_name,
            resume=resume,
            on_outcome=on_outcome,
            on_start=on_start,
        )

    async def photo(self, card_number: str) -> bytes | None:
        """The holder's portrait, or None when unavailable; held in memory only, never cached on disk."""
        try:
            return await self.status.get_photo(card_number)
        except HmsKortError as exc:
            log.info("photo unavailable: %s", type(exc).__name__)
            return None

    async def test_connection(self) -> None:
        """Fetch a token with these settings (raises when that fails: bad secret, wrong address)."""
        verify = getattr(self.status, "verify_credentials", None)
        if verify is not None:
            await verify()

    async def aclose(self) -> None:
        """Close the HTTP client and the journal, and stop an embedded sandbox (idempotent)."""
        await self.http.aclose()
        journal, self.journal = self.journal, None
        if journal is not None:
            journal.close()
        sandbox, self._sandbox = self._sandbox, None
        if sandbox is not None:
            await sandbox.astop()


def build_usage_ledger(settings: Settings) -> UsageLedger:
    """Served mode's per-user limits (issue 13), in the journal's database: PostgreSQL at
    `database_url`, else the SQLite file in the data folder, so every app process of the deployment
    counts against the same allowance. Raises `JournalError` when it cannot be opened."""
    from storage.usage import open_usage_ledger

    return open_usage_ledger(settings.database_url, settings.effective_data_dir)


def build_journal(
    settings: Settings, *, sandbox: bool, user: str | None = None, purge: bool = True
) -> Journal:
    """The inspection journal for `settings`: PostgreSQL at `database_url`, else SQLite in the data
    folder; migrated, and entries past the retention period deleted, before it is returned.
    Raises `JournalError` (app.errors) when it cannot be opened."""
    from storage.journal import open_journal

    port = open_journal(settings.database_url, settings.effective_data_dir)
    journal = Journal(port, sandbox=sandbox, user=user, retention_days=int(settings.journal_retention_days))
    try:
        if purge:
            journal.purge_sync()
    except BaseException:
        journal.close()
        raise
    return journal


async def build_services(settings: Settings | None = None, *, with_journal: bool = False) -> Services:
    """Services for `settings` (default: loaded from env and settings file); no API → embedded sandbox.
    `with_journal`: open the inspection journal too (`Services.journal`); `JournalError` if it cannot."""
    if settings is None:
        settings = Settings.load()
    real = _real_api(settings) if settings.api_url else None  # a setup error before anything is opened
    journal = (
        await asyncio.to_thread(build_journal, settings, sandbox=settings.sandbox_mode)
        if with_journal
        else None
    )
    sandbox = None
    sandbox_mode = settings.sandbox_mode  # explicit: never guessed from the API's address or answers
    if real is not None:
        base_url, token_url, client_id, secret = real
    else:
        sandbox = await _start_sandbox(settings, journal)
        base_url, token_url = sandbox.url, sandbox.token_url
        client_id, secret = sandbox.client_id, sandbox.client_secret
    http = build_http_client(
        connect_timeout=float(settings.connect_timeout),
        read_timeout=float(settings.read_timeout),
        user_agent=getattr(settings, "user_agent", None),
    )
    try:
        status = StatusClient.with_credentials(
            http,
            base_url=base_url,
            token_url=token_url,
            client_id=client_id,
            client_secret=secret,
            max_retries=int(settings.max_retries),
            total_timeout=float(settings.total_timeout),
        )
        # A sandbox serves the registers too, at their real paths; a real API never does.
        employers = build_employer_checker(http, settings, base_url if sandbox_mode else None)
    except BaseException:
        await http.aclose()
        if sandbox is not None:
            await sandbox.astop()
        if journal is not None:
            journal.close()
        raise
    return Services(
        journal=journal,
        settings=settings,
        sandbox_mode=sandbox_mode,
        status=status,
        employers=employers,
        http=http,
        sandbox_url=sandbox.url if sandbox else None,
        _sandbox=sandbox,
    )


async def _start_sandbox(settings: Settings, journal: Journal | None):
    """The embedded sandbox, when no status API is configured (the journal is closed if it fails)."""
    _require_no_api_parts(settings)
    from sandbox.runner import SandboxServer  # only needed (and imported) in sandbox mode

    try:
        sandbox = await SandboxServer().astart()
    except BaseException:
        if journal is not None:
            journal.close()
        raise
    log.info("no status API configured: embedded sandbox at %s", sandbox.url)
    return sandbox


def _require_no_api_parts(settings: Settings) -> None:
    """The sandbox only when nothing of a real API is configured: credentials or a token address
    without an API address are a mistake to name, never a reason to show test data."""
    given = [
        name
        for name, value in (
            ("HMSKORT_CLIENT_ID", settings.client_id),
            ("HMSKORT_CLIENT_SECRET", settings.client_secret),
            ("HMSKORT_TOKEN_URL", settings.token_url),
        )
        if value
    ]
    if given:
        raise SetupError(
            f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} set but HMSKORT_API_URL is not: "
            "set HMSKORT_API_URL too, or unset them to use the embedded sandbox (test data)"
        )


def _real_api(settings: Settings) -> tuple[str, str | None, str, str]:
    secret = settings.client_secret.reveal() if settings.client_secret is not None else None
    given = (("HMSKORT_CLIENT_ID", settings.client_id), ("HMSKORT_CLIENT_SECRET", secret))
    missing = [name for name, value in given if not value]
    if missing:
        # Falling back to the sandbox here would show test data to someone who meant the real API.
        raise SetupError(f"HMSKORT_API_URL is set but {' and '.join(missing)} not; set both or neither")
    try:
        base_url = require_safe_base_url(str(settings.api_url))
        token_url = require_safe_base_url(settings.token_url) if settings.token_url else None
    except ValueError as exc:
        raise SetupError(str(exc)) from exc
    return base_url, token_url, str(settings.client_id), secret  # type: ignore[return-value]


#: The real public services. Bemanningsforetaksregisteret is Arbeidstilsynet's, not Brønnøysund's.
ENHETSREGISTERET_URL = "https://data.brreg.no/enhetsregisteret/api"
BEMANNING_URL = "https://data.arbeidstilsynet.no/bemanningsforetaksregisteret2/api"


def register_urls(settings: Settings, base_url: str | None) -> tuple[str, str, str | None]:
    """(Enhetsregisteret, Bemanningsforetaksregisteret, Renholdsregisteret or None) base URLs:
    the setting when given; else, in sandbox mode, the sandbox's registers under `base_url` (the
    sandbox's URL); else the real public services (Renholdsregisteret has no per-organisation API
    known to us: None, so cleaning employers get a note)."""

    def pick(setting: str | None, key: str, real: str | None) -> str | None:
        if setting:
            return setting
        if base_url:
            from sandbox.registers import BASE_PATHS  # sandbox knowledge, only in sandbox mode

            return base_url.rstrip("/") + BASE_PATHS[key]
        return real

    enhet = pick(settings.enhetsregisteret_url, "enhetsregisteret", ENHETSREGISTERET_URL)
    bemanning = pick(settings.bemanning_url, "bemanning", BEMANNING_URL)
    renhold = pick(settings.renhold_url, "renhold", None)
    assert enhet is not None and bemanning is not None
    return enhet, bemanning, renhold


def build_employer_checker(
    http: httpx.AsyncClient, settings: Settings, base_url: str | None
) -> EmployerCheckPort:
    """The employer cross-check over the three registers. `base_url`: the sandbox's URL in sandbox
    mode (registers at their real paths there), None to use the real public services."""
    from api_client.register_cache import TtlCache
    from api_client.registers import BemanningClient, EnhetsregisteretClient, RenholdClient
    from app.services.crosscheck import EmployerChecker

    enhet, bemanning, renhold = register_urls(settings, base_url)
    cache: TtlCache = TtlCache(float(settings.register_cache_ttl))
    ua = settings.user_agent or default_user_agent()
    # verify() bounds all register requests together by the cross-check budget; each request ends
    # a little earlier on its own, so that a slow register is named in the note when it can be.
    opts = {"cache": cache, "user_agent": ua, "timeout": 0.8 * float(settings.crosscheck_timeout)}
    return EmployerChecker(
        units=EnhetsregisteretClient(http, enhet, **opts),
        staffing=BemanningClient(http, bemanning, **opts),
        cleaning=RenholdClient(http, renhold, **opts) if renhold else None,
    )
