"""Local mode is one person's (issue 10, item 3): the launch line, the launch gate, the Origin check."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from app.i18n import t
from tests.e2e.conftest import LAUNCH_LINE, VIEWPORT

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

#: a page on another origin (same machine, another port: the same *site*, so the launch cookie
#: even goes along; only the Origin check stands between it and the app)
FOREIGN_PAGE = "http://127.0.0.1:9/evil.html"


async def test_the_app_prints_exactly_one_line_on_stdout_with_a_per_launch_token(app_process):
    lines = app_process.stdout.read_text().splitlines()
    assert len(lines) == 1, lines
    found = LAUNCH_LINE.fullmatch(lines[0])
    assert found, lines[0]
    url = urlsplit(found.group(1))
    assert url.hostname == "127.0.0.1"
    token = re.fullmatch(r"token=([A-Za-z0-9_-]{40,})", url.query)
    assert token, "the printed address carries a long random token"
    assert token.group(1) not in app_process.log.read_text(), "the token is not logged"


async def test_a_browser_without_the_launch_token_gets_only_a_page_saying_to_open_the_link(
    browsers, app_process, artifacts
):
    context = await (await browsers(None)).new_context(viewport=VIEWPORT)
    try:
        page = await context.new_page()
        for path in ("/", "/settings", f"/?token={'x' * 43}"):
            response = await page.goto(app_process.url + path)
            assert response.status == 403
            body = await page.locator("body").inner_text()
            assert t("trust.gate.body", "nb") in body and t("trust.gate.body", "en") in body
            assert await page.locator("flutter-view, flt-glass-pane, #loading").count() == 0
        await page.screenshot(path=str(artifacts / "e2e_launch_gate.png"))
        # Nor can such a browser open the app's WebSocket, even with the right Origin.
        opened = await page.evaluate(_TRY_WEBSOCKET, app_process.url.replace("http", "ws") + "/ws")
        assert opened == "refused"
    finally:
        await context.close()


async def test_a_websocket_from_a_foreign_origin_is_refused_even_with_the_launch_cookie(
    browsers, app_process
):
    context = await (await browsers(None)).new_context(viewport=VIEWPORT)
    try:
        await context.route(FOREIGN_PAGE, lambda route: route.fulfill(body="<html><body>x</body></html>"))
        page = await context.new_page()
        await page.goto(app_process.launch_url)  # this browser holds the launch cookie now
        assert "token=" not in page.url, "the token leaves the address bar at once"
        cookies = await context.cookies(app_process.url)
        assert [c["httpOnly"] for c in cookies] == [True]
        ws_url = app_process.url.replace("http", "ws") + "/ws"
        assert await page.evaluate(_TRY_WEBSOCKET, ws_url) == "open"  # the app's own page may
        foreign = await context.new_page()
        await foreign.goto(FOREIGN_PAGE)
        assert await foreign.evaluate(_TRY_WEBSOCKET, ws_url) == "refused"
    finally:
        await context.close()


_TRY_WEBSOCKET = """url => new Promise(resolve => {
  const ws = new WebSocket(url);
  ws.onopen = () => { ws.close(); resolve("open"); };
  ws.onerror = () => resolve("refused");
  setTimeout(() => resolve("timeout"), 5000);
})"""


def _get(base: str, path: str, **headers: str):
    """One plain HTTP request (no redirect followed, no cookie jar): status and headers."""
    import http.client

    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.request("GET", path, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


async def test_every_local_mode_answer_carries_the_security_headers(app_process):
    """Issue 13 item 5: "security headers on every HTTP answer", local mode too (HSTS only in served
    mode: local mode is plain http on loopback)."""
    token = urlsplit(app_process.launch_url).query
    status, headers = _get(app_process.url, f"/?{token}")
    assert status == 303
    cookie = headers["set-cookie"].split(";")[0]
    answers = {
        "gate page": _get(app_process.url, "/"),
        "token swap": (status, headers),
        "app page": _get(app_process.url, "/", Cookie=cookie),
        "script": _get(app_process.url, "/flutter_bootstrap.js", Cookie=cookie),
        "guard": _get(app_process.url, "/_hmskort/guard.js", Cookie=cookie),
        "heartbeat": _get(app_process.url, "/_hmskort/alive", Cookie=cookie),
        "missing": _get(app_process.url, "/no-such-file.js", Cookie=cookie),
        "foreign host": _get(app_process.url, "/", Host="evil.example", Cookie=cookie),
    }
    expected = {"gate page": 403, "token swap": 303, "app page": 200, "script": 200, "guard": 200}
    expected |= {"heartbeat": 200, "missing": 404, "foreign host": 421}
    assert {k: s for k, (s, _) in answers.items()} == expected
    for name, (_, h) in answers.items():
        csp = h.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, name
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'wasm-unsafe-eval'" in csp, name
        assert h.get("referrer-policy") == "no-referrer", name
        assert h.get("x-content-type-options") == "nosniff", name
        assert h.get("x-frame-options") == "DENY", name
        assert "access-control-allow-origin" not in h, name
        assert "strict-transport-security" not in h, name
        assert h.get("cache-control") in ("no-store", "no-cache"), name
    for page in ("gate page", "app page", "token swap"):
        assert answers[page][1]["cache-control"] == "no-store", page
    # the page's own inline scripts run by hash; no other inline script would
    assert "'sha256-" in answers["app page"][1]["content-security-policy"]
