"""The sign-in gate: ASGI middleware in front of the whole Flet app in served mode (issue 13).

Nothing of the app is reachable before sign-in: no page, no script, no WebSocket session (and so no
lookup). A browser without a session is sent to the OpenID provider (`/auth/login`); the callback
(`/auth/callback`) verifies the ID token (web/oidc.py) and starts a server-held session (web/sessions.py).
The WebSocket is accepted only for an active session with a role and the public origin; its Flet
session is bound to the sign-in (a reconnect from another sign-in cannot take it over), and it is
closed when the session ends (sign-out, idle timeout).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import posixpath
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, quote, urlsplit

from starlette.responses import PlainTextResponse, RedirectResponse, Response

from app.i18n import t
from web.oidc import OidcClient, SignInError
from web.pages import STYLE, STYLE_PATH, page
from web.sessions import AuthSession, SessionStore

log = logging.getLogger(__name__)

SESSION_COOKIE = "__Host-hmskort_session"  # __Host-: Secure, Path=/, no Domain (no subdomain can set it)
SIGNIN_COOKIE = "__Host-hmskort_signin"  # binds the provider's callback to the browser that started
#: the paths of FastAPI's and Flet's own extras that a served app does not offer (and /docs would
#: load Swagger UI from a CDN)
CLOSED_PATHS = ("/docs", "/redoc", "/openapi.json", "/oauth_callback", "/upload")
#: how long a page may show its "signed out" note before its WebSocket is closed
CLOSE_GRACE_S = 1.5
REAP_EVERY_S = 30.0

#: the sign-in of the WebSocket connection being handled: Flet runs the session's `main` in a task
#: started from that connection, so `main` sees it here (see `current_session`)
_CURRENT: contextvars.ContextVar[AuthSession | None] = contextvars.ContextVar("hmskort_auth", default=None)


def current_session() -> AuthSession | None:
    """The sign-in of the Flet session being started (served mode), else None."""
    return _CURRENT.get()


def _cookies(scope) -> dict[str, str]:
    jar = SimpleCookie()
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is treated as no cookie
                return {}
    return {k: m.value for k, m in jar.items()}


def _header(scope, wanted: bytes) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == wanted:
            return value.decode("latin-1")
    return None


def _safe_next(value: str | None) -> str:
    """A local path to return to after sign-in (never another site: no scheme, host or `//`)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    path = posixpath.normpath(urlsplit(value).path)
    return path if path.startswith("/") and not path.startswith("//") else "/"


def _cookie(name: str, value: str, *, max_age: int | None = None, same_site: str = "lax") -> str:
    parts = [f"{name}={value}", "Path=/", "Secure", "HttpOnly", f"SameSite={same_site}"]
    if max_age is not None:
        parts.append(f"Max-Age={max_age}")
    return "; ".join(parts)


class SignInGate:
    """ASGI middleware: `app` is reached only by signed-in users with a role."""

    def __init__(
        self,
        app,
        *,
        oidc: OidcClient,
        store: SessionStore,
        public_url: str,
        lang: str = "nb",
        on_identity: Callable[[AuthSession], None] | None = None,
    ) -> None:
        self.app = app
        self.oidc = oidc
        self.store = store
        parts = urlsplit(public_url)
        self.public_origin = f"{parts.scheme}://{parts.netloc}".lower()
        self.public_url = public_url.rstrip("/")
        self.lang = lang
        self._reaper: asyncio.Task | None = None

    async def __call__(self, scope, receive, send) -> None:
        kind = scope["type"]
        if kind == "http":
            self._start_reaper()
            await self._http(scope, receive, send)
        elif kind == "websocket":
            await self._websocket(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    def _start_reaper(self) -> None:
        if self._reaper is None or self._reaper.done():
            self._reaper = asyncio.ensure_future(self._reap())

    async def _reap(self) -> None:
        while True:
            await asyncio.sleep(REAP_EVERY_S)
            self.store.reap()

    def session_of(self, scope) -> AuthSession | None:
        return self.store.get(_cookies(scope).get(SESSION_COOKIE))

    # --- HTTP -------------------------------------------------------------------------------------

    async def _http(self, scope, receive, send) -> None:
        path = scope["path"]
        if path.startswith("/auth/"):
            response = await self._auth_route(scope, path)
            await response(scope, receive, send)
            return
        if path in CLOSED_PATHS or any(path.startswith(p + "/") for p in CLOSED_PATHS):
            await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
            return
        session = self.session_of(scope)
        if session is None:
            await self._not_signed_in(scope, path)(scope, receive, send)
            return
        if session.identity is None:
            await self._no_role(session)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _not_signed_in(self, scope, path: str) -> Response:
        ext = posixpath.splitext(path)[1]
        if scope["method"] in ("GET", "HEAD") and ext in ("", ".html"):
            query = scope.get("query_string", b"").decode("latin-1")
            back = path + (f"?{query}" if query else "")
            return RedirectResponse(f"/auth/login?next={quote(back, safe='')}", status_code=303)
        return PlainTextResponse("Sign in first.", status_code=401)

    def _no_role(self, session: AuthSession) -> Response:
        body = page(
            self.lang,
            t("auth.no_role", self.lang, name=session.name),
            links=[(f"/auth/logout?t={session.tag}", t("auth.sign_out", self.lang), "sign-out")],
        )
        return Response(body, status_code=403, media_type="text/html; charset=utf-8")

    def _page(self, message: str, status: int = 200, links=None) -> Response:
        links = (
            links if links is not None else [("/auth/login", t("auth.sign_in_again", self.lang), "sign-in")]
        )
        return Response(page(self.lang, message, links=links), status, media_type="text/html; charset=utf-8")

    async def _auth_route(self, scope, path: str) -> Response:
        query = {k: v[0] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}
        if scope["method"] not in ("GET", "HEAD"):
            return PlainTextResponse("Method not allowed", status_code=405)
        if path == STYLE_PATH:
            return Response(STYLE, media_type="text/css")
        if path == "/auth/check":  # nginx's auth_request for the files it serves itself
            session = self.session_of(scope)
            ok = session is not None and session.identity is not None
            return Response(status_code=204 if ok else 401)
        if path == "/auth/login":
            return await self._login(query)
        if path == "/auth/callback":
            return await self._callback(scope, query)
        if path == "/auth/logout":
            return await self._logout(scope, query)
        if path == "/auth/signed-out":
            key = "auth.idle" if query.get("reason") == "idle" else "auth.signed_out"
            return self._page(t(key, self.lang))
        return PlainTextResponse("Not found", status_code=404)

    async def _login(self, query: dict[str, str]) -> Response:
        try:
            url, pending = await self.oidc.begin(_safe_next(query.get("next")))
        except SignInError as exc:
            return self._page(t("auth.failed", self.lang, why=str(exc)), 502)
        self.store.add_pending(pending)
        response = RedirectResponse(url, status_code=303)
        response.headers.append("set-cookie", _cookie(SIGNIN_COOKIE, pending.state, max_age=600))
        return response

    async def _callback(self, scope, query: dict[str, str]) -> Response:
        state = query.get("state", "")
        cookie_state = _cookies(scope).get(SIGNIN_COOKIE, "")
        pending = self.store.take_pending(state) if state and state == cookie_state else None
        if pending is None:
            return self._page(t("auth.expired", self.lang), 400)
        if "error" in query or "code" not in query:
            why = query.get("error", "no code")[:100]
            return self._page(t("auth.failed", self.lang, why=why), 400)
        if query.get("iss") and query["iss"].rstrip("/") != self.oidc.issuer:  # RFC 9207 mix-up defence
            return self._page(t("auth.failed", self.lang, why="wrong issuer"), 400)
        try:
            signed = await self.oidc.finish(pending, query["code"])
        except SignInError as exc:
            log.warning("sign-in failed: %s", exc)
            return self._page(t("auth.failed", self.lang, why=str(exc)), 400)
        session = self.store.create(
            identity=signed.identity, subject=signed.subject, name=signed.name, id_token=signed.id_token
        )
        log.info("signed in (role %s)", signed.identity.role.value if signed.identity else "none")
        response = RedirectResponse(pending.next_path, status_code=303)
        response.headers.append("set-cookie", _cookie(SESSION_COOKIE, session.sid))
        response.headers.append("set-cookie", _cookie(SIGNIN_COOKIE, "", max_age=0))
        return response

    async def _logout(self, scope, query: dict[str, str]) -> Response:
        """Sign-out: `t` (the session's tag, known only to its own pages) keeps another site from
        signing a user out with a link. Ends the session here, then at the provider when it can."""
        session = self.session_of(scope)
        target = "/auth/signed-out"
        if session is not None and query.get("t") == session.tag:
            self.store.end(session, "signed_out")
            url = await self.oidc.end_session_url(session.id_token, f"{self.public_url}/auth/signed-out")
            target = url or target
        response = RedirectResponse(target, status_code=303)
        response.headers.append("set-cookie", _cookie(SESSION_COOKIE, "", max_age=0))
        return response

    # --- WebSocket --------------------------------------------------------------------------------

    async def _websocket(self, scope, receive, send) -> None:
        origin = (_header(scope, b"origin") or "").lower()
        session = self.session_of(scope)
        if origin != self.public_origin or session is None or session.identity is None:
            # closing before accepting: the server answers the upgrade with 403, no session starts
            await send({"type": "websocket.close", "code": 1008})
            return
        client = scope.get("client") or ("", 0)
        # Flet keys a reconnecting session by client address + user agent: adding the sign-in's
        # tag means only the same sign-in can ever reattach to a session
        scope = dict(scope, client=(f"{client[0]}~{session.tag}", client[1]))
        ended = session.ended_event()

        async def guarded_receive():
            get = asyncio.ensure_future(receive())
            stop = asyncio.ensure_future(ended.wait())
            done, _ = await asyncio.wait({get, stop}, return_when=asyncio.FIRST_COMPLETED)
            if get in done:
                stop.cancel()
                message = get.result()
                if message.get("type") == "websocket.receive":
                    session.touch()
                return message
            get.cancel()
            await asyncio.sleep(CLOSE_GRACE_S)  # let the page show where it went
            with contextlib.suppress(Exception):
                await send({"type": "websocket.close", "code": 4401})
            return {"type": "websocket.disconnect", "code": 4401}

        token = _CURRENT.set(session)
        try:
            await self.app(scope, guarded_receive, send)
        finally:
            _CURRENT.reset(token)
