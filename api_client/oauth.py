"""OAuth2 client credentials (contract §3) as an `httpx.Auth` flow.

One `ClientCredentialsAuth` per scope set: a client that holds only `status:card` can still look up
card numbers, and a token never carries more scope than the call needs. The token is cached until
shortly before it expires; concurrent requests wait for one shared fetch; a 401 invalidates the
token and the request is retried exactly once with a fresh one.

Failures at the token endpoint raise `StatusUnavailable` (AUTH_FAILED, NETWORK, TIMEOUT,
SERVER_ERROR, RATE_LIMITED or BAD_RESPONSE). The client secret is never in repr, logs or messages.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from urllib.parse import quote_plus

import httpx

from api_client import strict_json
from api_client.http import TRANSPORT_ERRORS, send_bounded, unavailable_for
from api_client.problems import media_type
from app.errors import StatusUnavailable
from app.model import ReasonCode
from app.secret import Secret

#: Where the status API's OAuth2 token endpoint is, under its base URL (contract §3), when the
#: settings name no other.
TOKEN_PATH = "/oauth2/token"
_WHAT = "token endpoint"
_MAX_TOKEN_BODY = 64 * 1024
#: Refresh this long before expiry (or 10 % of the lifetime, if shorter), so that a token never
#: expires between being attached and being checked by the server.
_REFRESH_MARGIN = 60.0
#: When the server does not say how long a token lives (RFC 6749 makes expires_in optional).
_DEFAULT_LIFETIME = 300.0
#: The longest a token is cached, whatever `expires_in` says.
_MAX_LIFETIME = 24 * 3600.0


@dataclass(frozen=True, slots=True)
class _Token:
    value: str
    refresh_at: float  # on the monotonic clock

    def __repr__(self) -> str:
        return f"_Token(<redacted>, refresh_at={self.refresh_at:.0f})"


class ClientCredentialsAuth(httpx.Auth):
    """Bearer token for one scope set, fetched with client id + secret by HTTP Basic."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._token_url = token_url
        self._client_id = client_id
        self._secret = Secret(client_secret)
        self.scope = scope
        self._clock = clock
        self._token: _Token | None = None
        self._lock = asyncio.Lock()
        self._finished = 0
        self._last_error: StatusUnavailable | None = None
        #: How many times the token endpoint was called (for tests and the benchmark).
        self.fetch_count = 0

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(client_id={self._client_id!r}, scope={self.scope!r})"

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        raise RuntimeError("ClientCredentialsAuth works with httpx.AsyncClient only")

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.token()
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = yield request
        if response.status_code == 401:
            # The server no longer accepts this token (revoked, server restarted, clock skew):
            # fetch a new one and try once more. A second 401 goes back to the caller.
            self.invalidate(token)
            token = await self.token()
            request.headers["Authorization"] = f"Bearer {token.value}"
            yield request

    def invalidate(self, token: _Token | None = None) -> None:
        """Forget the cached token (only if it is still `token`, so one 401 refreshes once)."""
        if token is None or self._token is token:
            self._token = None

    async def token(self) -> _Token:
        """The cached token, or a new one; concurrent callers share one fetch and its outcome."""
        if self._fresh(self._token):
            return self._token  # type: ignore[return-value]
        seen = self._finished
        async with self._lock:
            if self._fresh(self._token):
                return self._token  # type: ignore[return-value]
            if self._finished != seen and self._last_error is not None:
                # Someone fetched while we waited and failed: share that outcome rather than make
                # every waiting request pay for its own failing fetch (N × timeout).
                raise StatusUnavailable(self._last_error.reason, str(self._last_error))
            self._last_error = None
            try:
                self._token = await self._fetch()
            except StatusUnavailable as exc:
                self._last_error = exc
                raise
            finally:
                # Counts fetches that ended (even cancelled ones), so a waiter can tell whether
                # one finished while it was waiting.
                self._finished += 1
            return self._token

    def _fresh(self, token: _Token | None) -> bool:
        return token is not None and self._clock() < token.refresh_at

    async def _fetch(self) -> _Token:
        self.fetch_count += 1
        # RFC 6749 §2.3.1: id and secret are form-encoded before the Basic encoding.
        pair = f"{quote_plus(self._client_id)}:{quote_plus(self._secret.reveal())}"
        basic = base64.b64encode(pair.encode()).decode("ascii")
        request = self._client.build_request(
            "POST",
            self._token_url,
            data={"grant_type": "client_credentials", "scope": self.scope},
            headers={"Authorization": f"Basic {basic}", "Accept": "application/json"},
        )
        started = self._clock()
        try:
            response, body = await send_bounded(self._client, request, auth=None, max_bytes=_MAX_TOKEN_BODY)
        except TRANSPORT_ERRORS as exc:
            raise unavailable_for(exc, _WHAT) from exc
        if response.status_code != 200:
            raise _token_error(response.status_code, body, response.headers.get("content-type"))
        return _parse_token(body, response.headers.get("content-type"), started)


def _token_error(status: int, body: bytes, content_type: str | None) -> StatusUnavailable:
    if status in (400, 401, 403):
        # RFC 6749 §5.2: {"error": "invalid_client" | "invalid_scope" | ...}; the code is safe to show.
        error = None
        if media_type(content_type).endswith("json"):
            try:
                data = json.loads(body)
                error = data.get("error") if isinstance(data, dict) else None
            except ValueError:
                error = None
        code = error if isinstance(error, str) and error.isascii() and len(error) < 64 else "no error code"
        return StatusUnavailable(ReasonCode.AUTH_FAILED, f"{_WHAT}: credentials refused ({status}, {code})")
    if status == 429:
        return StatusUnavailable(ReasonCode.RATE_LIMITED, f"{_WHAT}: too many requests (429)")
    if 500 <= status < 600:
        return StatusUnavailable(ReasonCode.SERVER_ERROR, f"{_WHAT}: server error ({status})")
    return StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{_WHAT}: unexpected HTTP status {status}")


def _parse_token(body: bytes, content_type: str | None, now: float) -> _Token:
    def bad(why: str) -> StatusUnavailable:
        return StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{_WHAT}: {why}")

    if not media_type(content_type).endswith("json"):
        raise bad(f"answer is not JSON ({media_type(content_type) or 'no content type'})")
    try:
        data = strict_json.loads(body)
    except strict_json.DuplicateKey as exc:
        # {"access_token": "a", "token_type": "Bearer", "access_token": "b"}: which one is meant?
        raise bad(f"answer names {exc} twice") from exc
    except strict_json.NotJsonNumber as exc:
        raise bad(str(exc)) from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad("answer is not valid JSON") from exc
    if not isinstance(data, dict):
        raise bad("answer is not a JSON object")
    value = data.get("access_token")
    if not isinstance(value, str) or not value or not value.isascii() or any(c in value for c in "\r\n "):
        raise bad("access_token missing or not a usable string")
    token_type = data.get("token_type")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise bad("token_type is not Bearer")
    lifetime = data.get("expires_in", _DEFAULT_LIFETIME)
    if type(lifetime) not in (int, float) or not math.isfinite(lifetime) or lifetime <= 0:
        raise bad("expires_in is not a finite positive number")
    # However long the server says, a token is fetched again at least daily (a revoked client
    # must not keep working off a cached token for ever).
    lifetime = min(float(lifetime), _MAX_LIFETIME)
    margin = min(_REFRESH_MARGIN, 0.1 * lifetime)
    return _Token(value=value, refresh_at=now + lifetime - margin)
