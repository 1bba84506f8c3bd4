"""Serving the Flet UI over HTTP: the ASGI app (Flet's FastAPI app from `flet_web`), the guards in
front of it, and the uvicorn start. The one place where the browser meets the server.

Guards (plain ASGI middleware, outermost first):
- `HostGuard`: on a loopback bind only loopback Host names are answered (a DNS-rebinding page
  that points its own name at 127.0.0.1 gets nothing).
- `OriginGuard`: a WebSocket whose `Origin` is not the app's own is refused in every mode (any page
  on the web may try to open one from the user's browser).
- `LaunchGate`: local mode is one person's: the URL printed at start carries a per-launch token
  (as Jupyter's does); it is swapped for an HttpOnly cookie, and a browser with neither gets only a
  page that says to open the printed link: no app, no WebSocket.
- `PageExtras`: the connection guard (`/_hmskort/guard.js`, injected into index.html) and its
  heartbeat (`/_hmskort/alive`): the browser hides a result as soon as the server stops answering.

Sign-in for served mode goes in front of (or instead of) `LaunchGate`: `build_asgi(gate=...)`.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from app.i18n import CATALOGUE, LANGUAGES, t

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
GUARD_JS_PATH = "/_hmskort/guard.js"
ALIVE_PATH = "/_hmskort/alive"
#: the browser treats the server as gone after this long without an answer (issue 10, item 6)
STALL_MS = 2000


def new_launch_token() -> str:
    """A fresh per-launch secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    return host.strip("[]") in LOOPBACK_NAMES


def _headers(scope: Scope) -> dict[str, str]:
    # Latin-1 as HTTP says; a header given twice keeps its first value (a second cannot sneak past).
    out: dict[str, str] = {}
    for k, v in scope.get("headers", ()):
        out.setdefault(k.decode("latin-1").lower(), v.decode("latin-1"))
    return out


async def _respond(send: Send, status: int, body: bytes, content_type: str, extra=()) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
                *extra,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _refuse_websocket(receive: Receive, send: Send) -> None:
    # Closing before accepting makes the server answer the upgrade with 403.
    message = await receive()
    if message["type"] == "websocket.connect":
        await send({"type": "websocket.close", "code": 1008})


class HostGuard:
    """Answer only requests addressed to one of `hosts` (names without port); None = any."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None) -> None:
        self.app = app
        self.hosts = None if hosts is None else {h.strip("[]").lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.hosts is None or scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        host = urlsplit("//" + _headers(scope).get("host", "")).hostname or ""
        if host.lower() in self.hosts:
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await _refuse_websocket(receive, send)
        await _respond(send, 421, b"Misdirected request\n", "text/plain; charset=utf-8")


def own_origins(scope: Scope, public_origins: Iterable[str] = ()) -> set[str]:
    """The origins a page of this app has: the configured public ones and the Host it was asked for."""
    host = _headers(scope).get("host", "")
    found = {o.rstrip("/").lower() for o in public_origins}
    if host:
        found |= {f"http://{host}".lower(), f"https://{host}".lower()}
    return found


class OriginGuard:
    """Refuse any WebSocket whose Origin is not the app's own (no Origin header counts as foreign)."""

    def __init__(self, app: ASGIApp, public_origins: Iterable[str] = ()) -> None:
        self.app = app
        self.public_origins = tuple(public_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            origin = _headers(scope).get("origin", "").rstrip("/").lower()
            if not origin or origin not in own_origins(scope, self.public_origins):
                return await _refuse_websocket(receive, send)
        await self.app(scope, receive, send)


def _gate_page() -> bytes:
    # Before the token there is no session and so no language: every language the app offers.
    parts = []
    for lang in LANGUAGES:
        parts.append(
            f'<section lang="{lang}"><h1>{html.escape(t("trust.gate.title", lang))}</h1>'
            f"<p>{html.escape(t('trust.gate.body', lang))}</p></section>"
        )
    return (
        '<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(t('ui.app.title'))}</title>"
        "<style>body{font:18px/1.4 sans-serif;margin:16px;color:#111}h1{font-size:24px}</style>"
        f'</head><body id="launch-gate">{"".join(parts)}</body></html>'
    ).encode()


class LaunchGate:
    """Local mode: only the browser that opened the printed link (token → HttpOnly cookie) gets in."""

    def __init__(self, app: ASGIApp, token: str, *, cookie_name: str) -> None:
        self.app = app
        self.token = token
        # Cookies are per host, not per port: two launches on one machine must not share a name.
        self.cookie_name = cookie_name
        self.page = _gate_page()

    def _cookie_ok(self, scope: Scope) -> bool:
        jar = SimpleCookie()
        try:
            jar.load(_headers(scope).get("cookie", ""))
        except Exception:
            return False
        morsel = jar.get(self.cookie_name)
        return morsel is not None and hmac.compare_digest(morsel.value.encode(), self.token.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        if self._cookie_ok(scope):
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await _refuse_websocket(receive, send)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = next((v for k, v in query if k == "token"), None)
        if given is not None and hmac.compare_digest(given.encode(), self.token.encode()):
            # The token leaves the address bar (and the history) at once: the cookie carries it on.
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            location = scope.get("path", "/") + (f"?{rest}" if rest else "")
            cookie = f"{self.cookie_name}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            return await _respond(
                send,
                303,
                b"",
                "text/plain; charset=utf-8",
                [(b"location", location.encode("latin-1")), (b"set-cookie", cookie.encode("latin-1"))],
            )
        await _respond(send, 403, self.page, "text/html; charset=utf-8")


def guard_script(stall_ms: int = STALL_MS) -> bytes:
    """The connection guard: hides everything behind a full-screen notice when the server stops
    answering (heartbeat older than STALL_MS, or the WebSocket closed), in the page's language."""
    strings = {
        lang: {
            "title": CATALOGUE[lang].get("ui.app.title", ""),
            "offline": t("trust.offline.title", lang),
            "body": t("trust.offline.body", lang),
            "reload": t("trust.offline.reload", lang),
        }
        for lang in LANGUAGES
    }
    source = (Path(__file__).parent / "guard.js").read_text(encoding="utf-8")
    return (
        source.replace("__STRINGS__", json.dumps(strings, ensure_ascii=True))
        .replace("__STALL_MS__", str(int(stall_ms)))
        .replace("__ALIVE__", json.dumps(ALIVE_PATH))
    ).encode()


class PageExtras:
    """Serves the guard script and the heartbeat, and adds the script to index.html."""

    def __init__(self, app: ASGIApp, *, stall_ms: int = STALL_MS) -> None:
        self.app = app
        self.script = guard_script(stall_ms)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope.get("path", "")
        if path == ALIVE_PATH:
            return await _respond(send, 200, b"ok", "text/plain; charset=utf-8")
        if path == GUARD_JS_PATH:
            return await _respond(send, 200, self.script, "text/javascript; charset=utf-8")
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    start.update(message)  # hold it until the body is patched
                    return
                return await send(message)
            if message["type"] == "http.response.body" and start:
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(chunks).replace(
                    b"<head>", b'<head><script src="' + GUARD_JS_PATH.encode() + b'"></script>', 1
                )
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
                return await send({"type": "http.response.body", "body": body})
            await send(message)

        await self.app(scope, receive, capture)


class WarmUp:
    """Starts `job` (a coroutine function) once the server's event loop runs (at the ASGI lifespan
    startup), without holding the startup up: served mode builds its services and opens its journal
    before the first person signs in, not during their first load."""

    def __init__(self, app: ASGIApp, job: Callable[[], Awaitable[None]]) -> None:
        self.app = app
        self.job = job
        self.task: asyncio.Task | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" and self.task is None:
            self.task = asyncio.ensure_future(self.job())
        await self.app(scope, receive, send)


@dataclass(frozen=True, slots=True)
class WebConfig:
    """How the UI is served. `launch_token` None = no launch gate (served mode signs in instead)."""

    host: str = "127.0.0.1"
    port: int = 8550
    assets_dir: str | None = None
    launch_token: str | None = None
    public_origins: tuple[str, ...] = ()
    #: the connection guard's "no answer" limit (the UI tests of other features raise it: a test
    #: machine under full load may leave a healthy server unanswered for seconds)
    stall_ms: int = STALL_MS
    #: served mode behind a proxy on loopback: the public host names the proxy passes on as Host
    public_hosts: tuple[str, ...] = ()


def build_asgi(
    session_main: Callable[[Any], Awaitable[None]],
    config: WebConfig,
    *,
    gate: Callable[[ASGIApp], ASGIApp] | None = None,
    outer: Callable[[ASGIApp], ASGIApp] | None = None,
) -> ASGIApp:
    """The ASGI app: Flet's FastAPI app behind the guards. `gate` wraps it instead of the launch
    gate (served mode's sign-in); `outer` wraps everything (the security headers, web/headers.py,
    so that every answer carries them, the guards' refusals too)."""
    import flet_web.fastapi as flet_fastapi

    app: ASGIApp = flet_fastapi.app(session_main, assets_dir=config.assets_dir, no_cdn=True)
    app = PageExtras(app, stall_ms=config.stall_ms)
    if gate is not None:
        app = gate(app)
    elif config.launch_token is not None:
        app = LaunchGate(app, config.launch_token, cookie_name=f"hmskort_launch_{config.port}")
    app = OriginGuard(app, config.public_origins)
    if is_loopback(config.host):
        app = HostGuard(app, LOOPBACK_NAMES + tuple(config.public_hosts))
    if outer is not None:
        app = outer(app)
    return app


def launch_url(config: WebConfig) -> str:
    """The address to print at start (with the launch token, when there is one)."""
    host = f"[{config.host}]" if ":" in config.host else config.host
    url = f"http://{host}:{config.port}/"
    return url + (f"?token={config.launch_token}" if config.launch_token else "")


def bind(config: WebConfig) -> tuple[socket.socket, WebConfig]:
    """Bind the listening socket first, so the printed address is known to answer (port 0 = free)."""
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((config.host, config.port))
    sock.listen(128)
    sock.set_inheritable(True)
    port = sock.getsockname()[1]
    return sock, WebConfig(
        host=config.host,
        port=port,
        assets_dir=config.assets_dir,
        launch_token=config.launch_token,
        public_origins=config.public_origins,
        stall_ms=config.stall_ms,
        public_hosts=config.public_hosts,
    )


def serve(
    session_main: Callable[[Any], Awaitable[None]],
    config: WebConfig,
    *,
    announce: Callable[[str], None] = lambda url: print(f"HMS-kort kontroll: {url}", flush=True),
    gate: Callable[[ASGIApp], ASGIApp] | None = None,
    outer: Callable[[ASGIApp], ASGIApp] | None = None,
    warm_up: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Bind, announce the address (one stdout line), and serve until SIGINT/SIGTERM. `warm_up` runs
    once the server is up (see `WarmUp`)."""
    import uvicorn

    sock, config = bind(config)
    app = build_asgi(session_main, config, gate=gate, outer=outer)
    if warm_up is not None:
        app = WarmUp(app, warm_up)
    # No access log: it would go to stdout (which carries only the address) and would list paths.
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", access_log=False, ws="websockets-sansio", lifespan="on")
    )
    announce(launch_url(config))
    server.run(sockets=[sock])
