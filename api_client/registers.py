"""httpx clients for the public registers the employer cross-check asks (issue 6, contract §7).

    EnhetsregisteretClient   GET {base}/enheter/{orgnr}, then {base}/underenheter/{orgnr} on 404.
                             200 Enhet/Underenhet → ACTIVE; 200 with slettedato → DELETED;
                             410 → REMOVED; 404 (both) → NOT_FOUND; 400 → RegisterUnavailable
                             ("rejected"); anything else → RegisterUnavailable.
    BemanningClient          GET {base}/virksomheter?organisasjonsnummer=X → {"data": [...]}; the
                             entry is matched here by org number (main unit, or one of its
                             `underenheter`, which inherit the main unit's status), so a service
                             that ignored the filter would still be read right.
    RenholdClient            GET {base}/virksomheter/{orgnr} → the sandbox's per-org lookup. The
                             real Renholdsregisteret has no per-organisation JSON API known to us
                             (it publishes a whole-register file), so outside the sandbox this
                             client exists only when `Settings.renhold_url` names a service with
                             the sandbox's shape; otherwise cleaning employers get a note.

Each request sends a User-Agent (Arbeidstilsynet's services answer 403 without one). Answers,
negative ones included, are cached per register and org number for `Settings.register_cache_ttl`
seconds, single-flight (api_client.register_cache); failures are not cached. Parsing follows
Brønnøysund's OpenAPI schemas (`Enhet`, `SlettetEnhet`, `GoneEnhet`, `Underenhet`, `BadRequest`):
a required field missing or of the wrong type is a bad answer, never a guess.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from api_client.http import BodyCutOff, BodyTooLarge, require_safe_base_url, send_bounded
from api_client.register_cache import TtlCache
from app.errors import RegisterUnavailable
from app.model import (
    BEMANNINGSFORETAKSREGISTERET,
    ENHETSREGISTERET,
    RENHOLDSREGISTERET,
    CleaningEntry,
    CleaningStatus,
    StaffingEntry,
    StaffingStatus,
    Unit,
    UnitState,
)

#: Bemanningsforetaksregisteret's `registerstatus` codes (contract §7).
STAFFING_STATUS_CODES = {1: StaffingStatus.APPROVED, 2: StaffingStatus.NOT_APPROVED}
#: Renholdsregisteret's status texts (contract §7), compared with spaces collapsed and case folded:
#: the register's spelling is not stable.
CLEANING_STATUS_TEXTS = {
    "godkjent med ansatte": CleaningStatus.APPROVED,
    "godkjent uten ansatte": CleaningStatus.APPROVED,
    "under behandling": CleaningStatus.PENDING,
    "under hms-kortbestilling": CleaningStatus.PENDING,
    "ikke godkjent": CleaningStatus.NOT_APPROVED,
}


def staffing_status(code: int) -> StaffingStatus:
    return STAFFING_STATUS_CODES.get(code, StaffingStatus.UNKNOWN)


def cleaning_status(text: str) -> CleaningStatus:
    return CLEANING_STATUS_TEXTS.get(" ".join(text.split()).casefold(), CleaningStatus.UNKNOWN)


_NINE_DIGITS = re.compile(r"\d{9}")
_MAX_DETAIL = 160
#: A register answer is a few kB; one company's entry with many sub-units stays well below this.
MAX_REGISTER_BYTES = 512 * 1024
#: One register request's own deadline, when the settings give none.
DEFAULT_REQUEST_TIMEOUT = 5.0


def _detail(text: str) -> str:
    return " ".join(text.split())[:_MAX_DETAIL]


class _RegisterClient:
    register = ""

    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        *,
        cache: TtlCache,
        user_agent: str,
        timeout: float = DEFAULT_REQUEST_TIMEOUT,
    ) -> None:
        self._http = http
        self._base = require_safe_base_url(base_url)
        self._cache = cache
        self._headers = {"User-Agent": user_agent, "Accept": "application/json"}
        self._timeout = timeout

    def _fail(self, reason: str, message: str) -> RegisterUnavailable:
        return RegisterUnavailable(self.register, reason, f"{self.register}: {message}")

    def _check_org(self, org_number: str) -> None:
        # Never put anything but nine digits into a register URL.
        if not isinstance(org_number, str) or not _NINE_DIGITS.fullmatch(org_number):
            raise self._fail("rejected", "an organisation number is exactly 9 digits")

    async def _get(self, path: str, params: dict[str, str] | None = None) -> _Answer:
        """The answer, its body read through the same size-bounded reader as status answers (a
        gzip bomb stops at the limit), all within this request's own deadline."""
        request = self._http.build_request("GET", self._base + path, params=params, headers=self._headers)
        try:
            # httpx's read timeout restarts with every byte: only a deadline ends a trickle.
            async with asyncio.timeout(self._timeout):
                response, body = await send_bounded(
                    self._http, request, auth=None, max_bytes=MAX_REGISTER_BYTES
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise self._fail("unavailable", f"timed out ({type(exc).__name__})") from exc
        except BodyTooLarge as exc:
            raise self._fail("bad_response", f"answer is larger than {MAX_REGISTER_BYTES} bytes") from exc
        except (BodyCutOff, httpx.DecodingError) as exc:
            raise self._fail("bad_response", "answer was cut off or garbled") from exc
        except httpx.HTTPError as exc:
            raise self._fail("unavailable", f"could not be reached ({type(exc).__name__})") from exc
        return _Answer(response.status_code, response.headers.get("content-type", ""), body)

    def _json(self, response: _Answer) -> Any:
        if not response.is_json:
            raise self._fail("bad_response", f"answer {response.status_code} is not JSON")
        try:
            return response.json()
        except ValueError as exc:
            raise self._fail("bad_response", "answer is not valid JSON") from exc

    def _unexpected(self, response: _Answer) -> RegisterUnavailable:
        code = response.status_code
        if code == 400:
            return self._fail("rejected", f"rejected the request (400){self._bad_request_detail(response)}")
        if code == 429 or code >= 500:
            return self._fail("unavailable", f"answered {code}")
        return self._fail("bad_response", f"answered {code}")

    def _bad_request_detail(self, response: _Answer) -> str:
        try:
            body = response.json()
            errors = body.get("valideringsfeil") or []
            text = errors[0]["feilmelding"] if errors else body.get("feilmelding")
        except (ValueError, AttributeError, LookupError, TypeError):
            return ""
        return f": {_detail(str(text))}" if text else ""


@dataclass(frozen=True, slots=True)
class _Answer:
    """A register's answer, read whole (and bounded) before parsing."""

    status_code: int
    content_type: str
    body: bytes

    @property
    def is_json(self) -> bool:
        media = self.content_type.split(";", 1)[0].strip().lower()
        return media == "application/json" or media.endswith("+json")

    def json(self) -> Any:
        return json.loads(self.body)


# --- Enhetsregisteret ---------------------------------------------------------------------------


class EnhetsregisteretClient(_RegisterClient):
    """`UnitRegisterPort` over Brønnøysund's Enhetsregisteret (open data API, version 2)."""

    register = ENHETSREGISTERET

    async def unit(self, org_number: str) -> Unit:
        """The main unit, else the sub-unit, with that number; NOT_FOUND when neither exists."""
        self._check_org(org_number)
        main = await self._cache.get(("enheter", org_number), lambda: self._fetch("enheter", org_number))
        if main.state is not UnitState.NOT_FOUND:
            return main
        return await self._cache.get(
            ("underenheter", org_number), lambda: self._fetch("underenheter", org_number)
        )

    async def _fetch(self, kind: str, org: str) -> Unit:
        response = await self._get(f"/{kind}/{org}")
        code = response.status_code
        if code == 404:
            return Unit(org, UnitState.NOT_FOUND)
        if code == 410:
            return self._gone(response, org)
        if code != 200:
            raise self._unexpected(response)
        body = self._json(response)
        if not isinstance(body, dict):
            raise self._fail("bad_response", "answer is not a JSON object")
        if _str(body, "organisasjonsnummer") != org:
            raise self._fail("bad_response", "answer is about another organisation number")
        if "slettedato" in body:  # SlettetEnhet / SlettetUnderenhet
            return Unit(
                org,
                UnitState.DELETED,
                name=self._required_str(body, "navn"),
                is_sub_unit=kind == "underenheter",
                deleted_on=self._date(body, "slettedato", required=True),
            )
        if kind == "underenheter":
            return self._sub_unit(body, org)
        return self._main_unit(body, org)

    def _gone(self, response: _Answer, org: str) -> Unit:
        # GoneEnhet carries slettedato; a 410 without a readable body is still "removed".
        deleted_on = None
        if response.is_json:
            try:
                body = response.json()
            except ValueError:
                body = None
            if isinstance(body, dict):
                deleted_on = self._date(body, "slettedato", required=False)
        return Unit(org, UnitState.REMOVED, deleted_on=deleted_on)

    def _main_unit(self, body: dict[str, Any], org: str) -> Unit:
        bankrupt = self._required_bool(body, "konkurs")
        return Unit(
            org,
            UnitState.ACTIVE,
            name=self._required_str(body, "navn"),
            parent=self._optional_str(body, "overordnetEnhet"),
            nace=self._nace(body),
            bankrupt=bankrupt,
            bankrupt_on=self._date(body, "konkursdato", required=False) if bankrupt else None,
            liquidation=self._required_bool(body, "underAvvikling"),
            forced_dissolution=self._required_bool(body, "underTvangsavviklingEllerTvangsopplosning"),
        )

    def _sub_unit(self, body: dict[str, Any], org: str) -> Unit:
        # Underenhet has no bankruptcy flags: the cross-check looks them up on overordnetEnhet.
        parent = self._optional_str(body, "overordnetEnhet")
        if parent is not None and not _NINE_DIGITS.fullmatch(parent):
            raise self._fail("bad_response", "overordnetEnhet is not an organisation number")
        return Unit(
            org,
            UnitState.ACTIVE,
            name=self._required_str(body, "navn"),
            is_sub_unit=True,
            parent=parent,
            nace=self._nace(body),
        )

    def _nace(self, body: dict[str, Any]) -> tuple[str, ...]:
        codes = []
        for key in ("naeringskode1", "naeringskode2", "naeringskode3"):
            value = body.get(key)
            if value is None:
                continue
            if not isinstance(value, dict):
                raise self._fail("bad_response", f"{key} is not an object")
            kode = value.get("kode")
            if isinstance(kode, str) and kode:
                codes.append(kode)
        return tuple(codes)

    def _required_str(self, body: dict[str, Any], key: str) -> str:
        value = body.get(key)
        if not isinstance(value, str) or not value:
            raise self._fail("bad_response", f"answer lacks {key}")
        return value

    def _optional_str(self, body: dict[str, Any], key: str) -> str | None:
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise self._fail("bad_response", f"{key} is not a string")
        return value or None

    def _required_bool(self, body: dict[str, Any], key: str) -> bool:
        value = body.get(key)
        if not isinstance(value, bool):
            # A missing konkurs flag must not read as "not bankrupt".
            raise self._fail("bad_response", f"answer lacks {key}")
        return value

    def _date(self, body: dict[str, Any], key: str, *, required: bool) -> date | None:
        value = body.get(key)
        if value is None and not required:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError) as exc:
            raise self._fail("bad_response", f"{key} is not a date") from exc


def _str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) else None


# --- Bemanningsforetaksregisteret ---------------------------------------------------------------


class BemanningClient(_RegisterClient):
    """`StaffingRegisterPort` over Arbeidstilsynet's Bemanningsforetaksregisteret."""

    register = BEMANNINGSFORETAKSREGISTERET

    async def entry(self, org_number: str) -> StaffingEntry | None:
        """The main unit's entry `org_number` is or belongs to; None when absent."""
        self._check_org(org_number)
        return await self._cache.get(("bemanning", org_number), lambda: self._fetch(org_number))

    async def _fetch(self, org: str) -> StaffingEntry | None:
        response = await self._get("/virksomheter", params={"organisasjonsnummer": org})
        if response.status_code != 200:
            # Even 404 is an error here: only a 200 with a data list can say "not registered".
            raise self._unexpected(response)
        body = self._json(response)
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise self._fail("bad_response", "answer lacks the data list")
        for item in data:
            if not isinstance(item, dict):
                raise self._fail("bad_response", "data holds something that is not an entry")
            subs = item.get("underenheter") or []
            if not isinstance(subs, list):
                raise self._fail("bad_response", "underenheter is not a list")
            sub_orgs = tuple(s.get("organisasjonsnummer") for s in subs if isinstance(s, dict))
            if item.get("organisasjonsnummer") == org or org in sub_orgs:
                return self._entry(item, sub_orgs)
        return None

    def _entry(self, item: dict[str, Any], sub_orgs: tuple[Any, ...]) -> StaffingEntry:
        org, name, status = item.get("organisasjonsnummer"), item.get("navn"), item.get("registerstatus")
        text = item.get("registerstatusTekst")
        if not isinstance(org, str) or not isinstance(status, int) or isinstance(status, bool):
            raise self._fail("bad_response", "entry lacks organisasjonsnummer or registerstatus")
        return StaffingEntry(
            org_number=org,
            name=name if isinstance(name, str) else "",
            status=staffing_status(status),
            # the register's words for the inspector; its code when it gave none
            status_text=text if isinstance(text, str) and text.strip() else str(status),
            sub_units=tuple(s for s in sub_orgs if isinstance(s, str)),
        )


# --- Renholdsregisteret -------------------------------------------------------------------------


class RenholdClient(_RegisterClient):
    """`CleaningRegisterPort` over the sandbox's per-organisation Renholdsregisteret lookup."""

    register = RENHOLDSREGISTERET

    async def entry(self, org_number: str) -> CleaningEntry | None:
        """The main unit's entry `org_number` is or belongs to; None when not registered."""
        self._check_org(org_number)
        return await self._cache.get(("renhold", org_number), lambda: self._fetch(org_number))

    async def _fetch(self, org: str) -> CleaningEntry | None:
        response = await self._get(f"/virksomheter/{org}")
        if response.status_code != 200:
            raise self._unexpected(response)
        body = self._json(response)
        if not isinstance(body, dict) or not isinstance(body.get("registrert"), bool):
            raise self._fail("bad_response", "answer lacks registrert")
        if body.get("organisasjonsnummer") != org:
            raise self._fail("bad_response", "answer is about another organisation number")
        if not body["registrert"]:
            return None
        item = body.get("virksomhet")
        if not isinstance(item, dict):
            raise self._fail("bad_response", "registered, but no virksomhet")
        main, name, status = item.get("organisasjonsnummer"), item.get("navn"), item.get("status")
        subs = item.get("underenheter") or []
        if not isinstance(main, str) or not isinstance(status, str) or not isinstance(subs, list):
            raise self._fail("bad_response", "virksomhet lacks organisasjonsnummer or status")
        sub_orgs = tuple(
            s["organisasjonsnummer"]
            for s in subs
            if isinstance(s, dict) and isinstance(s.get("organisasjonsnummer"), str)
        )
        if org != main and org not in sub_orgs:
            raise self._fail("bad_response", "answer is about another organisation number")
        return CleaningEntry(
            main, name if isinstance(name, str) else "", cleaning_status(status), status, sub_orgs
        )
