"""The status API client (contract §3): implements `app.ports.StatusPort` over the one AsyncClient.

Each call returns a `Card`, or raises `CardNotFound`, `RequestRejected` or `StatusUnavailable`;
every foreign exception is translated here, once. Answers are parsed strictly: a 200 that is not
exactly a contract `Card` is BAD_RESPONSE, because a card the client only half understood must not
be shown as valid. 429 and 503 are retried a bounded number of times, honouring Retry-After.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar

import httpx

from api_client import strict_json
from api_client.http import TRANSPORT_ERRORS, require_safe_base_url, send_bounded, unavailable_for
from api_client.oauth import TOKEN_PATH, ClientCredentialsAuth
from api_client.problems import error_for, media_type, parse_problem
from app.errors import HmsKortError, RequestRejected, StatusUnavailable
from app.identifiers import is_org_number
from app.model import (
    REASONS_BY_STATUS,
    Card,
    CardStatus,
    Category,
    Employer,
    Holder,
    ReasonCode,
    StatusReason,
)

SCOPE_CARD = "status:card"
SCOPE_PERSONAL = "status:personal"

MAX_JSON_BYTES = 1024 * 1024
MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: Total time one call may spend waiting between retries; a field check must answer quickly, so a
#: Retry-After beyond this gives up at once rather than leave the inspector staring at a spinner.
MAX_TOTAL_RETRY_WAIT = 5.0
#: Whole budget of one call (token fetch, retries and every byte of the answer included).
DEFAULT_TOTAL_TIMEOUT = 15.0
RETRY_STATUSES = (429, 503)
#: How far the answer's `checkedAt` may be from this device's clock. An answer from a cache or a replay
#: is old; phones keep their clocks within seconds by network time, so minutes are generous.
MAX_CHECKED_AT_SKEW = 300.0

_CARD_NUMBER = re.compile(r"\d{8}")
_ORG_NUMBER = re.compile(r"\d{9}")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PHOTO_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}

Sleep = Callable[[float], Awaitable[None]]
T = TypeVar("T")


class StatusClient:
    """`StatusPort` over HTTP: bearer tokens per scope, strict parsing, bounded retries."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        card_auth: httpx.Auth,
        personal_auth: httpx.Auth,
        max_retries: int = 2,
        max_total_wait: float = MAX_TOTAL_RETRY_WAIT,
        total_timeout: float = DEFAULT_TOTAL_TIMEOUT,
        sleep: Sleep = asyncio.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._client = client
        self._base = require_safe_base_url(base_url)
        self._card_auth = card_auth
        self._personal_auth = personal_auth
        self._max_retries = max(0, max_retries)
        self._max_total_wait = max_total_wait
        self._total_timeout = total_timeout
        self._sleep = sleep
        self._now = now

    @classmethod
    def with_credentials(
        cls,
        client: httpx.AsyncClient,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        token_url: str | None = None,
        **kwargs: Any,
    ) -> StatusClient:
        """A client that fetches its own tokens, one per scope, from `token_url` (default: the API's
        own token endpoint, `TOKEN_PATH` under `base_url`)."""
        base = require_safe_base_url(base_url)
        token = require_safe_base_url(token_url or base + TOKEN_PATH)

        def auth(scope: str) -> ClientCredentialsAuth:
            return ClientCredentialsAuth(
                client, token_url=token, client_id=client_id, client_secret=client_secret, scope=scope
            )

        return cls(
            client, base_url=base, card_auth=auth(SCOPE_CARD), personal_auth=auth(SCOPE_PERSONAL), **kwargs
        )

    def __repr__(self) -> str:
        return f"StatusClient(base_url={self._base!r})"

    async def verify_credentials(self) -> None:
        """Fetch a token for card lookups (the settings screen's connection test). Raises
        `StatusUnavailable` (bad credentials, unreachable token address) like a lookup would."""
        token = getattr(self._card_auth, "token", None)
        if token is not None:
            await token()

    # --- StatusPort ---------------------------------------------------------------------------------

    async def get_card(self, card_number: str) -> Card:
        """The card by number, without holder details (scope status:card)."""
        return await self._within_deadline("card lookup", self._get_card(card_number))

    async def _get_card(self, card_number: str) -> Card:
        number = _path_card_number(card_number)
        body = await self._json("GET", f"/v1/cards/{number}", self._card_auth, what="card lookup")
        card = self._fresh(parse_card(body, with_holder=False), "card lookup")
        if card.card_number != number:
            raise StatusUnavailable(ReasonCode.BAD_RESPONSE, "card lookup: answer is about another card")
        return card

    async def lookup_qr(self, token: str) -> Card:
        """The card behind a QR token, with holder details (scope status:personal)."""
        return await self._within_deadline("QR lookup", self._lookup_qr(token))

    async def _lookup_qr(self, token: str) -> Card:
        body = await self._json(
            "POST", "/v1/cards/lookup", self._personal_auth, what="QR lookup", payload={"qrCode": token}
        )
        return self._fresh(parse_card(body, with_holder=True), "QR lookup")

    async def lookup_chip(self, chip_code: str) -> Card:
        """The card behind a chip UID, with holder details (scope status:personal)."""
        return await self._within_deadline("chip lookup", self._lookup_chip(chip_code))

    async def _lookup_chip(self, chip_code: str) -> Card:
        body = await self._json(
            "POST",
            "/v1/cards/lookup",
            self._personal_auth,
            what="chip lookup",
            payload={"chipCode": chip_code},
        )
        return self._fresh(parse_card(body, with_holder=True), "chip lookup")

    async def get_photo(self, card_number: str) -> bytes:
        """The holder's portrait (JPEG or PNG bytes); kept in memory only, never written to disk."""
        return await self._within_deadline("photo", self._get_photo(card_number))

    async def _get_photo(self, card_number: str) -> bytes:
        number = _path_card_number(card_number)
        what = "photo"
        response, body = await self._call(
            "GET",
            f"/v1/cards/{number}/photo",
            self._personal_auth,
            what=what,
            accept="image/jpeg, image/png",
            max_bytes=MAX_PHOTO_BYTES,
        )
        self._raise_for_status(
            response, body, what, not_found=frozenset({"CARD_NOT_FOUND", "PHOTO_NOT_FOUND"})
        )
        kind = media_type(response.headers.get("content-type"))
        magic = _PHOTO_MAGIC.get(kind)
        if magic is None:
            raise StatusUnavailable(
                ReasonCode.BAD_RESPONSE, f"{what}: answer is not an image ({kind or 'none'})"
            )
        if not body.startswith(magic):
            raise StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: answer claims {kind} but is not one")
        return body

    async def _within_deadline(self, what: str, call: Awaitable[T]) -> T:
        """`call`, or TIMEOUT once the whole budget is spent: httpx's read timeout restarts with every
        byte, so only a deadline over the whole call ends an answer that trickles in."""
        try:
            async with asyncio.timeout(self._total_timeout):
                return await call
        except TimeoutError as exc:
            raise StatusUnavailable(
                ReasonCode.TIMEOUT, f"{what}: no complete answer within {self._total_timeout:g} s"
            ) from exc

    def _fresh(self, card: Card, what: str) -> Card:
        """The card, if the server checked it just now: a cached or replayed answer is no confirmation."""
        skew = (card.checked_at - self._now()).total_seconds()
        if abs(skew) > MAX_CHECKED_AT_SKEW:
            raise StatusUnavailable(
                ReasonCode.BAD_RESPONSE,
                f"{what}: the answer was checked at {card.checked_at.isoformat()}, {abs(skew):.0f} s from "
                "this device's clock (a stored answer, or a wrong clock on the device)",
            )
        return card

    # --- HTTP ---------------------------------------------------------------------------------------

    async def _json(
        self, method: str, path: str, auth: httpx.Auth, *, what: str, payload: dict[str, str] | None = None
    ) -> Any:
        response, body = await self._call(
            method,
            path,
            auth,
            what=what,
            accept="application/json",
            max_bytes=MAX_JSON_BYTES,
            payload=payload,
        )
        self._raise_for_status(response, body, what)
        kind = media_type(response.headers.get("content-type"))
        if kind != "application/json":
            raise StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: answer is not JSON ({kind or 'none'})")
        try:
            return strict_json.loads(body)
        except strict_json.DuplicateKey as exc:
            raise StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: answer names {exc} twice") from exc
        except strict_json.NotJsonNumber as exc:
            raise StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: {exc}") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: answer is not valid JSON") from exc

    def _raise_for_status(
        self,
        response: httpx.Response,
        body: bytes,
        what: str,
        not_found: frozenset[str] = frozenset({"CARD_NOT_FOUND"}),
    ) -> None:
        if response.status_code == 200:
            return
        problem = parse_problem(body, response.headers.get("content-type"))
        raise error_for(response.status_code, problem, what=what, not_found_codes=not_found)

    async def _call(
        self,
        method: str,
        path: str,
        auth: httpx.Auth,
        *,
        what: str,
        accept: str,
        max_bytes: int,
        payload: dict[str, str] | None = None,
    ) -> tuple[httpx.Response, bytes]:
        """Send, retrying 429/503 within the attempt and wait budget; returns the last answer."""
        waited = 0.0
        attempt = 0
        while True:
            request = self._client.build_request(
                # no-store: no cache between us and the server may answer for it (an old "GYLDIG").
                method,
                self._base + path,
                json=payload,
                headers={"Accept": accept, "Cache-Control": "no-store"},
            )
            try:
                response, body = await send_bounded(self._client, request, auth=auth, max_bytes=max_bytes)
            except HmsKortError:
                raise  # from the auth flow: already one of ours
            except TRANSPORT_ERRORS as exc:
                raise unavailable_for(exc, what) from exc
            if response.status_code not in RETRY_STATUSES or attempt >= self._max_retries:
                return response, body
            delay = retry_delay(response.headers.get("retry-after"), attempt)
            if delay is None or waited + delay > self._max_total_wait:
                # Waiting that long is worse than saying "could not confirm" now.
                return response, body
            await self._sleep(delay)
            waited += delay
            attempt += 1


def retry_delay(value: str | None, attempt: int, *, now: datetime | None = None) -> float | None:
    """Seconds to wait before retry `attempt` + 1: Retry-After (seconds or HTTP date), else backoff.

    None when the header is present but unreadable (do not guess how long the server wants).
    """
    if value is None:
        return 0.5 * 2**attempt
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is True too
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; an obsolete format may parse naive
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _path_card_number(card_number: str) -> str:
    # The number goes into the URL path: anything but 8 digits could change which resource is asked.
    if not isinstance(card_number, str) or not _CARD_NUMBER.fullmatch(card_number):
        raise RequestRejected(ReasonCode.INVALID_CARD_NUMBER, "a card number is exactly 8 digits")
    return card_number


# --- strict parsing of the contract's Card ----------------------------------------------------------


class _Malformed(Exception):
    pass


def parse_card(data: Any, *, with_holder: bool) -> Card:
    """A `Card` from the decoded JSON, or StatusUnavailable(BAD_RESPONSE) naming what is wrong.

    `with_holder`: lookups by QR or chip must carry `holder`; a lookup by number never keeps one
    (it asked for no personal data, so none is held even if the server sends it).
    """
    try:
        return _card(data, with_holder)
    except _Malformed as exc:
        raise StatusUnavailable(ReasonCode.BAD_RESPONSE, f"malformed card in answer: {exc}") from None


def _card(data: Any, with_holder: bool) -> Card:
    obj = _object(data, "answer")
    number = _string(obj, "cardNumber")
    if not _CARD_NUMBER.fullmatch(number):
        raise _Malformed("cardNumber is not 8 digits")
    category = _enum(obj, "category", Category)
    status = _enum(obj, "status", CardStatus)
    reason = _reason(obj, status)
    valid_from = _date(obj, "validFrom")
    valid_to = _date(obj, "validTo")
    if valid_to < valid_from:
        raise _Malformed("validTo is before validFrom")
    employer_obj = _object(_required(obj, "employer"), "employer")
    org = _string(employer_obj, "orgNumber", where="employer")
    if not _ORG_NUMBER.fullmatch(org):
        raise _Malformed("employer.orgNumber is not 9 digits")
    if not is_org_number(org):
        raise _Malformed("employer.orgNumber fails its check digit")
    employer = Employer(org_number=org, name=_string(employer_obj, "name", where="employer"))
    checked_at = _timestamp(obj, "checkedAt")
    holder = _holder(_required(obj, "holder")) if with_holder else None
    return Card(
        card_number=number,
        category=category,
        status=status,
        reason=reason,
        valid_from=valid_from,
        valid_to=valid_to,
        employer=employer,
        checked_at=checked_at,
        holder=holder,
    )


def _holder(data: Any) -> Holder:
    # Personal data: messages name the field, never its value.
    obj = _object(data, "holder")
    has_photo = _required(obj, "hasPhoto", where="holder")
    if type(has_photo) is not bool:
        raise _Malformed("holder.hasPhoto is not true/false")
    return Holder(
        first_name=_string(obj, "firstName", where="holder"),
        last_name=_string(obj, "lastName", where="holder"),
        birth_date=_date(obj, "birthDate", where="holder"),
        has_photo=has_photo,
    )


def _reason(obj: dict[str, Any], status: CardStatus) -> StatusReason | None:
    raw = _required(obj, "reason")
    allowed = REASONS_BY_STATUS[status]
    if raw is None:
        if allowed:
            raise _Malformed(f"status {status.value} without a reason")
        return None
    if not isinstance(raw, str):
        raise _Malformed("reason is not a string")
    try:
        reason = StatusReason(raw)
    except ValueError:
        raise _Malformed(f"unknown reason {_show(raw)}") from None
    if reason not in allowed:
        raise _Malformed(f"reason {reason.value} does not fit status {status.value}")
    return reason


def _required(obj: dict[str, Any], key: str, *, where: str = "") -> Any:
    if key not in obj:
        raise _Malformed(f"{where + '.' if where else ''}{key} is missing")
    return obj[key]


def _object(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Malformed(f"{name} is not a JSON object")
    return value


def _string(obj: dict[str, Any], key: str, *, where: str = "") -> str:
    value = _required(obj, key, where=where)
    if not isinstance(value, str) or not value.strip():
        raise _Malformed(f"{where + '.' if where else ''}{key} is not a non-empty string")
    return value


def _enum(obj: dict[str, Any], key: str, enum_type: type[Any]) -> Any:
    value = _required(obj, key)
    try:
        return enum_type(value)
    except ValueError:
        raise _Malformed(f"{key} has unknown value {_show(value)}") from None


def _date(obj: dict[str, Any], key: str, *, where: str = "") -> date:
    name = f"{where + '.' if where else ''}{key}"
    value = _required(obj, key, where=where)
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise _Malformed(f"{name} is not an ISO date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _Malformed(f"{name} is not a real date") from None


def _timestamp(obj: dict[str, Any], key: str) -> datetime:
    value = _required(obj, key)
    if not isinstance(value, str) or "T" not in value:
        raise _Malformed(f"{key} is not an ISO 8601 date-time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _Malformed(f"{key} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        raise _Malformed(f"{key} has no time zone")
    return parsed.astimezone(UTC)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
