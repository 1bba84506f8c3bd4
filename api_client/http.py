"""The one `httpx.AsyncClient` of the app, and the rule for which API addresses it may talk to.

Every adapter (status API, token endpoint, registers) shares this client, so that timeouts, the
User-Agent, connection limits and the "never follow a redirect" rule are decided in one place.
"""

from __future__ import annotations

import http.cookiejar
import zlib
from collections.abc import AsyncIterator, Iterator

import httpx

from app.errors import StatusUnavailable
from app.model import ReasonCode
from app.net import UrlProblem, is_loopback_host, url_problem
from app.version import USER_AGENT

#: Several concurrent lookups (status + registers) share the pool; a field app never needs more.
#: Every connection opened is kept alive: a crew list keeps 8 lookups in flight (issue 15), and
#: with fewer kept than that, each round of answers closed the surplus only to open it again (a TCP
#: handshake and connection set-up on both sides for about one row in six).
DEFAULT_LIMITS = httpx.Limits(max_connections=10, max_keepalive_connections=10, keepalive_expiry=30.0)


class UnsafeUrlError(ValueError):
    """An API address that would send credentials or card data unprotected (or is not a URL)."""


def default_user_agent() -> str:
    """`hmskort-field/<version>`: the registers answer 403 without a User-Agent (contract §7)."""
    return USER_AGENT


def require_safe_base_url(url: str) -> str:
    """Return `url` without a trailing slash if it is https, or http to a loopback host; else raise.

    The rule is `app.net.url_problem`, the one the settings and the settings form apply too.
    """
    problem = url_problem(url) if isinstance(url, str) else UrlProblem.INVALID
    if problem is UrlProblem.USERINFO:
        # Credentials go in the Authorization header only, never in an address that ends up in logs.
        raise UnsafeUrlError("API address must not carry a user name or password")
    if problem is UrlProblem.NOT_HTTPS:
        host = httpx.URL(url).host
        raise UnsafeUrlError(f"API address must use https (plain http is allowed only for loopback): {host}")
    if problem is UrlProblem.QUERY:
        raise UnsafeUrlError(f"API address must not have a query or fragment: {url!r}")
    if problem is not None:
        raise UnsafeUrlError(f"API address must be an http(s) URL with a host: {url!r}")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise UnsafeUrlError(f"not a valid URL: {url!r}") from exc
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
    return _LoopbackDirectClient(
        timeout=timeout,
        # A redirect from the status API is never trusted: it could point anywhere, and following it
        # would resend the bearer token there. The status client turns any 3xx into BAD_RESPONSE.
        follow_redirects=False,
        headers={"User-Agent": user_agent or default_user_agent(), "Accept-Encoding": ACCEPT_ENCODING},
        limits=DEFAULT_LIMITS,
        transport=transport,
        cookies=_NoCookies(),
        # Proxies from the environment are still honoured (trust_env) for real hosts, as field
        # networks need them; loopback never goes through one (see _LoopbackDirectClient).
    )


class _NoCookies(http.cookiejar.CookieJar):
    """A cookie jar that keeps nothing. The status API and the registers are asked with a bearer token
    or nothing at all; a cookie one of them (or a proxy, or a captive portal) sets must not be stored
    and sent back with later lookups, where it would link an inspector's checks together. Not parsing
    `Set-Cookie` at all also spares every answer the cookie machinery (about 5 % of a lookup's CPU)."""

    def extract_cookies(self, response, request) -> None:
        return None

    def set_cookie(self, cookie) -> None:
        return None


class _LoopbackDirectClient(httpx.AsyncClient):
    """An AsyncClient that never sends a request for a loopback host through a proxy.

    Plain http is allowed for loopback only because that traffic never leaves the machine; an
    HTTP_PROXY/ALL_PROXY from the environment would carry it (and the bearer token) elsewhere, and
    NO_PROXY cannot name 127.0.0.0/8 in every form. Every other host uses httpx's own choice.
    """

    def _transport_for_url(self, url: httpx.URL) -> httpx.AsyncBaseTransport:
        if is_loopback_host(url.host):
            return self._transport
        return super()._transport_for_url(url)


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

    The body is inflated here, never more than the limit at a time: httpx's own decoder inflates a
    whole network chunk at once, and 64 kB of gzip can be 64 MB of zeros. Raises httpx errors as
    they come, `BodyTooLarge`, `BodyCutOff`, or `httpx.DecodingError`; callers translate them.
    """
    response = await client.send(request, auth=auth, stream=True)
    try:
        declared = response.headers.get("content-length", "")
        encoding = response.headers.get("content-encoding", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise BodyTooLarge(f"answer declares {declared} bytes, limit is {max_bytes}")
        chunks: list[bytes] = []
        total = 0
        if response.is_stream_consumed:
            # An in-process transport built the answer in memory, already decoded: only count it.
            inflate, raws = _Inflater("", request), _once(response.content)
        else:
            inflate, raws = _Inflater(encoding, request), response.aiter_raw()
        try:
            async for raw in raws:
                for chunk in inflate.feed(raw, max_bytes - total):
                    total += len(chunk)
                    chunks.append(chunk)
            for chunk in inflate.flush(max_bytes - total):
                total += len(chunk)
                chunks.append(chunk)
        except httpx.RemoteProtocolError as exc:
            raise BodyCutOff(str(exc)) from exc
    finally:
        await response.aclose()
    return response, b"".join(chunks)


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data


#: What we ask servers for: the encodings `_Inflater` reads with a bounded output.
ACCEPT_ENCODING = "gzip, deflate"


class _Inflater:
    """Content-Encoding gzip / deflate / identity, inflated with a cap on every step's output."""

    def __init__(self, encoding: str, request: httpx.Request) -> None:
        self._request = request
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        self._raw_deflate_fallback = False
        if not codings:
            self._z = None
        elif codings == ["gzip"] or codings == ["x-gzip"]:
            self._z = zlib.decompressobj(zlib.MAX_WBITS | 16)
        elif codings == ["deflate"]:
            # RFC 9110 deflate is zlib-wrapped; some servers send it raw (as httpx also accepts).
            self._z = zlib.decompressobj()
            self._raw_deflate_fallback = True
        else:
            raise httpx.DecodingError(f"unsupported content encoding {encoding[:40]!r}", request=request)

    def feed(self, data: bytes, room: int) -> Iterator[bytes]:
        """The inflated bytes of `data`; BodyTooLarge once more than `room` would come out."""
        if self._z is None:
            if len(data) > room:
                raise BodyTooLarge(f"answer is larger than the limit ({room} bytes left)")
            yield data
            return
        while data:
            try:
                out = self._z.decompress(data, room + 1)
            except zlib.error as exc:
                if self._raw_deflate_fallback:
                    self._raw_deflate_fallback = False
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise httpx.DecodingError("the compressed answer is garbled", request=self._request) from exc
            self._raw_deflate_fallback = False
            if len(out) > room:
                raise BodyTooLarge("answer is larger than the limit once inflated")
            room -= len(out)
            yield out
            data = self._z.unconsumed_tail

    def flush(self, room: int) -> Iterator[bytes]:
        if self._z is None:
            return
        out = self._z.flush()
        if len(out) > room:
            raise BodyTooLarge("answer is larger than the limit once inflated")
        yield out


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
