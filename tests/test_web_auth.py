"""Sign-in (issue 13) against a real OpenID provider (npm `oidc-provider` on loopback, tests/oidc/):
code + PKCE, the ID token verified (nonce, issuer, signature); the gate's sessions, WebSocket checks
and security headers on a small ASGI app."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

from app.ports import Role
from tests.e2e.served_stack import OIDC_CLIENT_SECRET, OIDC_DIR, free_port, wait_http
from web.bundle import Bundle
from web.gate import SESSION_COOKIE, SignInGate
from web.headers import SecurityHeaders
from web.oidc import OidcClient, SignInError
from web.sessions import SessionStore

PUBLIC = "https://hmskort.test"
REDIRECT = f"{PUBLIC}/auth/callback"


@pytest.fixture(scope="module")
def issuer(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("oidc") / "provider.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            ["node", "provider.mjs", str(port), REDIRECT, f"{PUBLIC}/auth/signed-out", OIDC_CLIENT_SECRET],
            cwd=OIDC_DIR, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_http(f"{url}/.well-known/openid-configuration", [(proc, log)])
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def client(issuer: str, **kw) -> OidcClient:
    args = dict(issuer=issuer, client_id="hmskort", client_secret=OIDC_CLIENT_SECRET, redirect_uri=REDIRECT)
    return OidcClient(**(args | kw))


async def sign_in_at_provider(url: str, user: str) -> dict[str, str]:
    """Drive the provider's own login form like a browser; the callback's query parameters."""
    async with httpx.AsyncClient(follow_redirects=False, timeout=10) as http:
        for _ in range(10):
            if url.startswith(REDIRECT):
                return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
            response = await http.get(url)
            if response.status_code in (302, 303):
                url = urljoin(url, response.headers["location"])
                continue
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
            form = {"prompt": "login", "login": user, "password": "any"}
            response = await http.post(urljoin(url, action.replace("&amp;", "&")), data=form)
            url = urljoin(url, response.headers["location"])
    raise AssertionError("the provider never redirected back")


async def test_code_and_pkce_give_a_verified_identity_with_the_role(issuer):
    oidc = client(issuer)
    url, pending = await oidc.begin("/")
    query = parse_qs(urlsplit(url).query)
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] == [pending.nonce]
    back = await sign_in_at_provider(url, "inspector")
    assert back["state"] == pending.state
    signed = await oidc.finish(pending, back["code"])
    assert signed.identity.role is Role.INSPECTOR and signed.identity.user_id == "inspector"
    assert signed.identity.name == "Ina Inspektør" and "Ina" not in repr(signed.identity)
    with pytest.raises(SignInError):  # a code works once
        await oidc.finish(pending, back["code"])


async def test_admin_and_a_user_with_no_role(issuer):
    oidc = client(issuer)
    url, pending = await oidc.begin()
    assert (
        await oidc.finish(pending, (await sign_in_at_provider(url, "admin"))["code"])
    ).identity.role is Role.ADMIN
    url, pending = await oidc.begin()
    signed = await oidc.finish(pending, (await sign_in_at_provider(url, "nobody"))["code"])
    assert signed.identity is None and signed.subject == "nobody"


async def test_an_id_token_for_another_nonce_is_refused(issuer):
    oidc = client(issuer)
    url, pending = await oidc.begin()
    back = await sign_in_at_provider(url, "inspector")
    with pytest.raises(SignInError, match="did not verify"):
        await oidc.finish(dataclasses.replace(pending, nonce="not-the-one-sent"), back["code"])


async def test_without_the_pkce_verifier_the_code_is_refused(issuer):
    oidc = client(issuer)
    url, pending = await oidc.begin()
    back = await sign_in_at_provider(url, "inspector")
    with pytest.raises(SignInError, match="refused"):
        await oidc.finish(dataclasses.replace(pending, code_verifier="x" * 64), back["code"])


async def test_a_provider_that_names_another_issuer_is_refused(issuer):
    oidc = client(issuer.replace("127.0.0.1", "localhost"))  # same server, another issuer name
    with pytest.raises(SignInError, match="another issuer"):
        await oidc.begin()


# --- the gate and the headers on a small ASGI app ---------------------------------------------------


async def flet_like(scope, receive, send):
    """Answers like Flet's static files: a page with an inline script, and ACAO *."""
    if scope["type"] != "http":
        return
    html = (
        b'<html><script>var flet = {};flet.entrypointBaseUrl="/";</script><script src="x.js"></script></html>'
    )
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/html"), (b"access-control-allow-origin", b"*")],
        }
    )
    await send({"type": "http.response.body", "body": html})


def gate(issuer: str, store: SessionStore | None = None) -> tuple[SignInGate, SecurityHeaders]:
    g = SignInGate(flet_like, oidc=client(issuer), store=store or SessionStore(1800), public_url=PUBLIC)
    return g, SecurityHeaders(g, hsts=True, bundle=Bundle(Path("/nonexistent"), "0123456789ab"))


async def test_the_whole_flow_through_the_gate_and_headers(issuer):
    g, app = gate(issuer)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC) as web:
        r = await web.get("/")
        assert r.status_code == 303 and r.headers["location"] == "/auth/login?next=%2F"
        assert (await web.get("/x.js")).status_code == 401
        r = await web.get("/auth/login?next=//evil.example/")
        back = await sign_in_at_provider(r.headers["location"], "inspector")
        # a callback with another browser's state (no sign-in cookie for it) is refused
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=PUBLIC) as other:
            assert (await other.get("/auth/callback", params=back)).status_code == 400
        r = await web.get("/auth/callback", params=back)
        assert r.status_code == 303 and r.headers["location"] == "/"  # never to another site
        set_cookie = r.headers.get_list("set-cookie")
        assert any(c.startswith(SESSION_COOKIE) and "HttpOnly" in c and "Secure" in c for c in set_cookie)
        assert (await web.get("/auth/callback", params=back)).status_code == 400  # replayed
        page = await web.get("/")
        assert page.status_code == 200
        assert 'flet.entrypointBaseUrl="/_v/0123456789ab/"' in page.text
        csp = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "'sha256-" in csp and "'unsafe-eval'" not in csp
        assert "access-control-allow-origin" not in page.headers
        assert page.headers["cache-control"] == "no-store"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["strict-transport-security"].startswith("max-age=31536000")
        assert (await web.get("/_v/ffffffffffff/main.dart.js")).status_code == 404  # another version
        assert (await web.get("/docs")).status_code == 404
        assert (await web.get("/auth/check")).status_code == 204
        sid = web.cookies.get(SESSION_COOKIE)
        session = g.store.get(sid)
        # a sign-out link without the page's tag (another site's link) does not sign out
        await web.get("/auth/logout?t=wrong")
        assert g.store.get(sid) is session
        web.cookies.set(SESSION_COOKIE, sid)
        r = await web.get(f"/auth/logout?t={session.tag}")
        assert r.status_code == 303 and r.headers["location"].startswith(issuer + "/session/end?")
        assert g.store.get(sid) is None
        web.cookies.set(SESSION_COOKIE, sid)  # the old cookie, replayed
        assert (await web.get("/")).status_code == 303


class Clock:
    now = 0.0

    def __call__(self):
        return self.now


async def _ws(app, headers) -> list[dict]:
    sent: list[dict] = []

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "websocket",
        "path": "/ws",
        "headers": headers,
        "client": ("127.0.0.1", 1),
        "query_string": b"",
    }
    await app(scope, receive, send)
    return sent


async def test_websocket_needs_the_public_origin_and_an_active_session_and_idle_ends_it(issuer):
    clock = Clock()
    store = SessionStore(1800, clock=clock)
    reached = []

    async def app(scope, receive, send):
        reached.append(scope["client"])

    g = SignInGate(app, oidc=client(issuer), store=store, public_url=PUBLIC)
    from app.ports import Identity

    session = store.create(
        identity=Identity("u", "U", Role.INSPECTOR, True), subject="u", name="U", id_token="t"
    )
    cookie = (b"cookie", f"{SESSION_COOKIE}={session.sid}".encode())
    assert await _ws(g, [cookie, (b"origin", b"https://evil.example")]) == [
        {"type": "websocket.close", "code": 1008}
    ]
    assert await _ws(g, [(b"origin", PUBLIC.encode())]) == [{"type": "websocket.close", "code": 1008}]
    assert await _ws(g, [cookie, (b"origin", PUBLIC.encode())]) == []
    assert reached == [(f"127.0.0.1~{session.tag}", 1)]  # Flet's session key is bound to this sign-in
    ended = []
    session.on_end(ended.append)
    clock.now += 1801  # idle for longer than the timeout
    assert await _ws(g, [cookie, (b"origin", PUBLIC.encode())]) == [{"type": "websocket.close", "code": 1008}]
    assert ended == ["idle"]
