"""Served mode end to end (issue 13): nginx (Debian's package, deploy/nginx.conf) with a self-signed
certificate in front of two app processes in served mode, and a real OpenID provider (npm
`oidc-provider`, tests/oidc/) with an inspector, an admin and a user with no role; Chromium through
https. Screenshots in tests/artifacts/served_*.png."""

from __future__ import annotations

import asyncio
import re
import ssl
from pathlib import Path

import pytest
import pytest_asyncio
import websockets

from tests.e2e.conftest import UI_TIMEOUT_MS, VIEWPORT, Ui
from tests.e2e.served_stack import ServedStack
from web.bundle import prepare

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


@pytest.fixture(scope="session")
def bundle():
    """The web bundle without its precompressed copies (those take a minute or more of brotli on
    a busy machine; nginx compresses on the fly instead). `make bench` measures the full one."""
    return prepare(compress=False)


@pytest.fixture(scope="session")
def stack(sandbox, bundle, artifacts):
    s = ServedStack(
        artifacts / "served",
        sandbox_url=sandbox.url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        bundle_root=bundle.path.parent,
        extra_env={"HMSKORT_WEB_BUNDLE_PLAIN": "1"},
    )
    s.start()
    try:
        yield s
    finally:
        s.stop()


class Visit:
    """One browser context (one person's browser) through nginx, recording any request that would
    leave this machine (a CDN): they are aborted and counted."""

    def __init__(self, context, page, outside: list[str]) -> None:
        self.context, self.page, self.outside = context, page, outside
        self.ui = Ui(page, Path(__file__).resolve().parents[1] / "artifacts")


@pytest_asyncio.fixture(loop_scope="session")
async def visit(browsers):
    opened: list = []

    async def make() -> Visit:
        browser = await browsers(None)
        context = await browser.new_context(viewport=VIEWPORT, ignore_https_errors=True)
        outside: list[str] = []

        async def guard(route):
            # only what the app's own pages ask for counts (the provider's login page loads a web font)
            try:
                frame_url = route.request.frame.url
            except Exception:  # a worker's request has no frame: count it
                frame_url = ""
            if not frame_url.startswith("http://127.0.0.1"):
                outside.append(f"{route.request.url} (from {frame_url or 'a worker'})")
            await route.abort()

        await context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), guard)
        page = await context.new_page()
        page.set_default_timeout(UI_TIMEOUT_MS)
        opened.append(context)
        return Visit(context, page, outside)

    yield make
    for context in opened:
        await context.close()


async def sign_in(v: Visit, stack: ServedStack, user: str) -> None:
    """Open the app, get sent to the provider, sign in there as `user`, come back."""
    await v.page.goto(stack.url + "/", timeout=30_000)
    await v.page.wait_for_url(re.compile(re.escape(stack.issuer)), timeout=30_000)
    await v.page.fill("input[name=login]", user)
    await v.page.fill("input[name=password]", "any")
    await v.page.click("button[type=submit]")
    await v.page.wait_for_url(re.compile(re.escape(stack.url)), timeout=30_000)


async def app_ready(v: Visit) -> Ui:
    await v.page.wait_for_selector("#loading", state="detached", timeout=60_000)
    await v.page.locator("flt-semantics-placeholder").evaluate("e => e.click()")
    await v.ui.wait_id("scan-button", timeout=30_000)
    return v.ui


async def ws_status(stack: ServedStack, cookie: str | None) -> str:
    """What nginx + the app answer a WebSocket upgrade to /ws with this cookie and the right Origin."""
    ctx = ssl.create_default_context()
    ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE
    headers = {"Origin": stack.url, **({"Cookie": cookie} if cookie else {})}
    try:
        async with websockets.connect(
            stack.url.replace("https", "wss") + "/ws", ssl=ctx, additional_headers=headers
        ):
            return "open"
    except websockets.InvalidStatus as exc:
        return str(exc.response.status_code)


async def check_card(ui: Ui, number: str, pattern: str) -> str:
    await ui.type_into("manual-entry", number)
    await ui.click("check-button")
    return await ui.wait_text("verdict-banner", pattern)


async def test_not_signed_in_gets_no_app_no_bundle_and_no_websocket(stack, visit, bundle):
    v = await visit()
    await v.page.goto(stack.url + "/", timeout=30_000)
    await v.page.wait_for_url(re.compile(re.escape(stack.issuer)), timeout=30_000)
    assert await v.page.locator("input[name=login]").count() == 1  # the provider's sign-in, not the app
    await v.ui.shot("served_not_signed_in")
    api = v.context.request
    r = await api.get(stack.url + "/", max_redirects=0)
    assert r.status == 303 and r.headers["location"].startswith("/auth/login")
    for path in (
        f"{bundle.url_prefix}main.dart.js",
        "/flutter_bootstrap.js",
        "/main.dart.js",
        "/manifest.json",
    ):
        assert (await api.get(stack.url + path, max_redirects=0)).status == 401, path
    assert (await api.get(stack.url + "/docs", max_redirects=0)).status == 404
    assert await ws_status(stack, None) == "403"


async def test_inspector_checks_two_cards_cannot_open_settings_and_signs_out(stack, visit, bundle):
    v = await visit()
    await sign_in(v, stack, "inspector")
    ui = await app_ready(v)
    assert "Ina Inspektør" in await ui.page.content() or await ui.count("sign-out") == 1
    text = await check_card(ui, "10000001", r"^gyldig")
    assert "ikke" not in text.lower()
    assert "Eksempel Bygg AS" in await ui.text_of("employer")
    await ui.shot("served_inspector_valid")
    await ui.click("scan-next")
    await check_card(ui, "10000004", r"ugyldig")
    await ui.shot("served_inspector_invalid")
    assert await ui.count("settings-button") == 0  # no control that could open the settings
    assert await ui.count("api-url") == 0

    # the page and its headers: strict, no wildcard CORS, no store; the bundle long-cached
    api = v.context.request
    page = await api.get(stack.url + "/")
    headers = page.headers
    assert page.status == 200
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    assert headers["strict-transport-security"].startswith("max-age=")
    assert "access-control-allow-origin" not in headers
    asset = await api.get(stack.url + bundle.url_prefix + "main.dart.js", headers={"Accept-Encoding": "br"})
    assert asset.status == 200 and "immutable" in asset.headers["cache-control"]
    assert asset.headers.get("content-encoding") == "br"
    # nginx serves the bundle itself: the same headers as the app's answers, on every answer
    assert asset.headers["content-security-policy"] == "frame-ancestors 'none'"
    assert asset.headers["referrer-policy"] == "no-referrer"
    assert asset.headers["x-content-type-options"] == "nosniff"
    assert not v.outside, f"requests to other hosts (a CDN?): {v.outside}"

    # a WebSocket from another origin is refused even with the session cookie
    cookies = {c["name"]: c["value"] for c in await v.context.cookies(stack.url)}
    session = f"__Host-hmskort_session={cookies['__Host-hmskort_session']}"
    node = f"hmskort_node={cookies['hmskort_node']}"
    assert await ws_status(stack, f"{session}; {node}") == "open"

    # sign out: the provider asks to confirm, then the signed-out page; nothing is reachable after
    await ui.click("sign-out")
    await v.page.wait_for_url(re.compile(re.escape(stack.issuer)), timeout=30_000)
    await v.page.click("button[value=yes]")
    await v.page.wait_for_url(re.compile(re.escape(stack.url) + "/auth/signed-out"), timeout=30_000)
    await v.ui.shot("served_signed_out")
    r = await api.get(stack.url + "/", max_redirects=0)
    assert r.status == 303 and r.headers["location"].startswith("/auth/login")
    # the old cookie, replayed, is worth nothing: the session ended on the server
    old = {"Cookie": f"{session}; {node}"}
    assert (await api.get(stack.url + "/auth/check", headers=old)).status == 401
    assert (await api.get(stack.url + bundle.url_prefix + "main.dart.js", headers=old)).status == 401
    assert await ws_status(stack, f"{session}; {node}") == "403"
    # and the provider's session ended too: opening the app asks for a sign-in again
    await v.page.goto(stack.url + "/", timeout=30_000)
    await v.page.wait_for_url(re.compile(re.escape(stack.issuer)), timeout=30_000)
    assert await v.page.locator("input[name=login]").count() == 1


async def test_admin_sees_the_servers_settings_read_only_without_the_secret(stack, visit, sandbox):
    v = await visit()
    await sign_in(v, stack, "admin")
    ui = await app_ready(v)
    await ui.click("settings-button")
    await ui.wait_id("server-settings")
    text = await ui.text_of("server-settings")
    await ui.shot("served_admin_settings")
    assert sandbox.url in text
    assert "satt (vises ikke)" in text
    assert "Rader i mannskapslister per bruker per døgn" in text
    assert sandbox.client_secret not in text
    assert "••" not in text and "***" not in text  # not even a masked hint of its characters or length
    html = await ui.page.content()
    assert sandbox.client_secret not in html
    for field in ("api-url", "client-id", "client-secret", "settings-save"):
        assert await ui.count(field) == 0, field  # nothing to type into, nothing to save


async def test_the_admin_sees_everyones_journal_an_inspector_only_their_own(stack, visit):
    """Issue 13 item 2: `hmskort-admin` may see everyone's journal, an inspector only their own (one
    journal behind both app processes; the journal records each signed-in user's id)."""
    a = await visit()
    await sign_in(a, stack, "admin")
    admin = await app_ready(a)
    await admin.click("journal-button")
    await admin.wait_id("round-start")
    await admin.type_into("round-site", "Admins byggeplass")
    await admin.click("round-start")
    await admin.wait_text("round-current", r"Admins byggeplass")
    await admin.click("back-button")
    await check_card(admin, "10000007", r"gyldig")
    await admin.wait_text("journal-recorded", r"registrert i journalen")

    i = await visit()
    await sign_in(i, stack, "inspector")
    inspector = await app_ready(i)
    await check_card(inspector, "10000001", r"^gyldig")
    await inspector.wait_text("journal-recorded", r"registrert i journalen")
    await inspector.click("scan-next")
    await inspector.click("journal-button")
    await inspector.wait_id("round-start")
    assert await inspector.count("journal-everyone") == 0  # no switch to everyone's journal
    assert await inspector.count("everyone-checks") == 0
    shown = await inspector.page.content()
    assert "Admins byggeplass" not in shown and "10000007" not in shown and "Ada Admin" not in shown
    await inspector.shot("served_inspector_journal")

    await admin.click("scan-next")
    await admin.click("journal-button")
    await admin.wait_text("round-current", r"Admins byggeplass")
    assert await admin.count("everyone-checks") == 0  # their own journal until they switch
    await admin.click("journal-everyone")
    text = await admin.wait_text("everyone-checks", r"10000001.*Kontrollør: inspector")
    assert re.search(r"10000007.*Kontrollør: admin", text, re.DOTALL), text
    await admin.shot("served_admin_everyones_journal")
    await admin.page.set_viewport_size({"width": 320, "height": 568})
    await admin.shot("served_admin_everyones_journal_320")
    await admin.click("journal-everyone")  # back to their own
    await admin.wait_text("journal-everyone", r"Alle brukere")
    assert await admin.count("everyone-checks") == 0


async def test_an_inspector_checks_a_crew_list_in_served_mode(stack, visit, tmp_path):
    """Issue 13 item 3: crew lists are offered in served mode, within the user's own daily allowance
    of rows (tests/test_state_ui_root.py has the refusal over it)."""
    source = tmp_path / "mannskap.csv"
    source.write_bytes(b"Navn;Kortnummer;Orgnr\r\nOla Nordmann;10000001;\r\nKari Nordmann;10000004;\r\n")
    v = await visit()
    await sign_in(v, stack, "inspector")
    ui = await app_ready(v)
    await ui.click("bulk-open")
    await ui.wait_id("bulk-pick")
    await ui.wait_text("bulk-allowance", r"5000 rader til i dag")
    await ui.page.set_viewport_size({"width": 320, "height": 568})
    await ui.shot("served_crew_list_pick_320")
    await ui.page.set_viewport_size(VIEWPORT)
    async with ui.page.expect_file_chooser(timeout=15_000) as chooser:
        await ui.click("bulk-pick")
    await (await chooser.value).set_files(str(source))
    summary = await ui.wait_text("bulk-summary", r"1 ugyldige")
    assert "1 gyldige" in summary
    await ui.shot("served_inspector_crew_list")


async def test_a_user_with_neither_role_is_told_so_and_gets_nothing_else(stack, visit, bundle):
    v = await visit()
    await sign_in(v, stack, "nobody")
    await v.page.wait_for_selector("#auth-message")
    assert "ikke tilgang" in await v.page.inner_text("#auth-message")
    await v.ui.shot("served_no_role")
    api = v.context.request
    assert (await api.get(stack.url + "/auth/check")).status == 401
    assert (await api.get(stack.url + bundle.url_prefix + "main.dart.js")).status == 401
    cookies = {c["name"]: c["value"] for c in await v.context.cookies(stack.url)}
    cookie = "; ".join(f"{k}={val}" for k, val in cookies.items())
    assert await ws_status(stack, cookie) == "403"
    await asyncio.sleep(0)
