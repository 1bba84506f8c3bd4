"""The one `httpx.AsyncClient` of the app, and the rule for which API addresses it may talk to.

Every adapter (status API, token endpoint, registers) shares this client, so that timeouts, the
User-Agent, connection limits and the "never follow a redirect" rule are decided in one place.
"""

from __future__ import annotations

import httpx

from app.errors import StatusUnavailable
from app.model import ReasonCode
from app.net import is_loopback_host
from app.version import USER_AGENT

#: Several concurrent lookups (status + registers) share the pool; a field app never needs more.
DEFAULT_LIMITS = httpx.Limits(max_connections=10, max_keepalive_connections=5, keepalive_expiry=30.0)


class UnsafeUrlError(ValueError):
    """An API address that would send credentials or card data unprotected (or is not a URL)."""


def default_user_agent() -> str:
    """`hmskort-field/<version>`: the registers answer 403 without a User-Agent (contract §7)."""
    return USER_AGENT


def require_safe_base_url(url: str) -> str:
    """Return `url` without a trailing slash if it is https, or http to a loopback host; else raise."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise UnsafeUrlError(f"not a valid URL: {url!r}") from exc
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise UnsafeUrlError(f"API address must be an http(s) URL with a host: {url!r}")
    if parsed.userinfo:
        # Credentials go in the Authorization header only, never in an address that ends up in logs.
        raise UnsafeUrlError("API address must not carry a user name or password")
    if parsed.query or parsed.fragment:
        raise UnsafeUrlError(f"API address must not have a query or fragment: {url!r}")
    if parsed.scheme == "http" and not is_loopback_host(parsed.host):
        raise UnsafeUrlError(
            f"API address must use https (plain http is allowed only for loopback): {parsed.host}"
        )
    return str(parsed).rstrip("/")


def build_http_client(
    *,
    connect_timeout: float,
    read_timeout: float,
    user_agent: str | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """The app's single AsyncClient: timeouts from settings, redirects never followed."""
    timeout = httpx.Timeout(
        connect=connect_timeout,
        read=read_timeout,
        # A write that stalls is as bad as a read that stalls; waiting for a pooled connection is
        # bounded like connecting.
        write=read_timeout,
        pool=connect_timeout,
    )
    return httpx.AsyncClient(
        timeout=timeout,
        # A redirect from the status API is never trusted: it could point anywhere, and following it
        # would resend the bearer token there. The status client turns any 3xx into BAD_RESPONSE.
        follow_redirects=False,
        headers={"User-Agent": user_agent or default_user_agent()},
        limits=DEFAULT_LIMITS,
        transport=transport,
        # Proxies from the environment are still honoured (trust_env), as field networks need them.
    )


class BodyTooLarge(Exception):
    """The answer's body is larger than the caller accepts (a broken or hostile server)."""


class BodyCutOff(Exception):
    """The connection broke after the status line: the body is incomplete."""


async def send_bounded(
    client: httpx.AsyncClient,
    request: httpx.Request,
    *,
    auth: httpx.Auth | None,
    max_bytes: int,
) -> tuple[httpx.Response, bytes]:
    """Send `request` and read at most `max_bytes` of its (decoded) body; the response is closed.

    Raises httpx errors as they come, `BodyTooLarge` or `BodyCutOff`; callers translate them.
    """
    response = await client.send(request, auth=auth, stream=True)
    try:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise BodyTooLarge(f"answer declares {declared} bytes, limit is {max_bytes}")
        chunks: list[bytes] = []
        total = 0
        try:
            # Counting decoded bytes also bounds a compressed "zip bomb".
            async for chunk in response.aiter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise BodyTooLarge(f"answer is larger than {max_bytes} bytes")
                chunks.append(chunk)
        except httpx.RemoteProtocolError as exc:
            raise BodyCutOff(str(exc)) from exc
    finally:
        await response.aclose()
    return response, b"".join(chunks)


def unavailable_for(exc: Exception, what: str) -> StatusUnavailable:
    """The `StatusUnavailable` for a transport-level failure of `what` (raise it `from exc`)."""
    if isinstance(exc, httpx.TimeoutException):
        kind = type(exc).__name__
        return StatusUnavailable(ReasonCode.TIMEOUT, f"{what}: no answer in time ({kind})")
    if isinstance(exc, BodyTooLarge):
        return StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: {exc}")
    if isinstance(exc, BodyCutOff | httpx.DecodingError):
        return StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: the answer was cut off or garbled")
    # ConnectError, ReadError, RemoteProtocolError before the status line, proxy errors, ...
    return StatusUnavailable(ReasonCode.NETWORK, f"{what}: network error ({type(exc).__name__})")


#: What `unavailable_for` translates; anything else is a bug and should surface as one.
TRANSPORT_ERRORS = (httpx.RequestError, BodyTooLarge, BodyCutOff)
