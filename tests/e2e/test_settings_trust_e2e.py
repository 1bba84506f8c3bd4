"""Settings and trust (issue 10, items 4 and 5) in headless Chromium, on an app process of their own
(these tests change its settings): credentials stay with their host; every session tells the truth
about its API."""

from __future__ import annotations

import base64
import http.client
import os
import signal
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus, urlsplit

import pytest

from app.i18n import t
from tests.e2e.conftest import AppProcess, open_app
from tests.e2e.test_app_e2e import verdict_word
from tests.e2e.test_trust_e2e import enter_number

# Several browser sessions each: on a fully loaded 2-core machine one can take well over 120 s.
pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session"), pytest.mark.timeout(300)]

SMALL = {"width": 320, "height": 568}


class Host:
    """A host on loopback that records every request (headers and body, Basic auth decoded). With a
    `target` it forwards everything but the sandbox's own /_sandbox/ paths there: an API that is not
    recognisable as a sandbox (so the app shows the real-API mode); without one it answers 401."""

    def __init__(self, target: str | None = None) -> None:
        self.requests: list[str] = []
        host = self
        upstream = urlsplit(target) if target else None

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _handle(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                auth = self.headers.get("authorization", "")
                decoded = ""
                if auth.lower().startswith("basic "):
                    decoded = unquote_plus(base64.b64decode(auth[6:]).decode(errors="replace"))
                host.requests.append(f"{self.command} {self.path}\n{self.headers}\n{decoded}\n{body!r}")
                if upstream is None or self.path.startswith("/_sandbox"):
                    payload = b'{"error": "invalid_client"}'
                    self.send_response(401 if upstream is None else 404)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                conn = http.client.HTTPConnection(upstream.hostname, upstream.port, timeout=10)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body or None, headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for k, v in answer.getheaders():
                    if k.lower() not in (
                        "transfer-encoding",
                        "connection",
                        "content-length",
                        "date",
                        "server",
                    ):
                        self.send_header(k, v)
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_GET = do_POST = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def settings_app(sandbox, artifacts):
    with AppProcess(sandbox, artifacts, "e2e-settings") as app:
        yield app


@pytest.fixture(scope="module")
def guard_app(sandbox, artifacts):
    """An app with the connection guard's real limit (2 s), for the frozen-server test alone."""
    with AppProcess(sandbox, artifacts, "e2e-guard", HMSKORT_CONNECTION_STALL_MS="2000") as app:
        yield app


@pytest.fixture(scope="module")
def hosts(sandbox):
    stranger, real_like = Host(), Host(target=sandbox.url)
    yield stranger, real_like
    stranger.close()
    real_like.close()


async def test_a_second_session_that_saves_a_new_api_url_never_makes_the_old_secret_reach_that_host(
    browsers, settings_app, hosts, sandbox, artifacts, clean_sandbox
):
    stranger, _ = hosts
    browser = await browsers(None)
    first = await open_app(browser, settings_app.launch_url, artifacts)
    second = await open_app(browser, settings_app.launch_url, artifacts, viewport=SMALL)  # same URL + token
    try:
        await second.click("settings-button")
        await second.type_into("api-url", stranger.url)
        await second.click("settings-save")
        await second.wait_text("settings-error", t("trust.settings.secret_needed", "nb")[:40])
        await second.shot("e2e_trust_settings_secret_needed_320")
        assert not any(sandbox.client_secret in r for r in stranger.requests), "the old secret went there"
        # With a secret for it: the token fetch is the connection test, and its failure is said plainly.
        await second.type_into("client-secret", "wrong-secret-for-there")
        await second.click("settings-save")
        await second.wait_text("settings-error", t("trust.settings.test_failed", "nb")[:30])
        await second.wait_id("settings-keep-anyway")
        await second.shot("e2e_trust_settings_test_failed_320")
        assert any("wrong-secret-for-there" in r for r in stranger.requests)  # it was asked there ...
        assert not any(sandbox.client_secret in r for r in stranger.requests)  # ... never with the old
        # Nothing was applied: the first session still shows the API it had.
        assert await first.count("sandbox-banner") == 1
    finally:
        await first.page.context.close()
        await second.page.context.close()


async def test_after_another_session_changes_the_api_every_session_shows_the_new_mode_before_a_result(
    browsers, settings_app, hosts, sandbox, artifacts, clean_sandbox
):
    _, real_like = hosts
    browser = await browsers(None)
    watcher = await open_app(browser, settings_app.launch_url, artifacts)
    changer = await open_app(browser, settings_app.launch_url, artifacts)
    try:
        await watcher.wait_id("sandbox-banner")
        await changer.click("settings-button")
        await changer.type_into("api-url", real_like.url)
        await changer.type_into("client-id", sandbox.client_id)
        await changer.type_into("client-secret", sandbox.client_secret)
        await changer.click("settings-save")
        await changer.wait_id("settings-saved")
        # The watcher, untouched and not reloaded, no longer claims to be in test mode ...
        for _ in range(50):
            if await watcher.count("sandbox-banner") == 0:
                break
            await watcher.page.wait_for_timeout(100)
        assert await watcher.count("sandbox-banner") == 0
        await watcher.click("settings-button")
        await watcher.page.mouse.move(180, 400)
        await watcher.page.mouse.wheel(0, 1500)
        await watcher.wait_text("about-mode", real_like.url.replace(".", r"\."))
        await watcher.shot("e2e_trust_other_session_new_mode")
        await watcher.click("back-button")
        # ... and its next answer comes from the API it shows.
        await enter_number(watcher, "10000001")
        await watcher.click("check-button")
        await watcher.wait_text("verdict-banner", r"gyldig")
        assert (await verdict_word(watcher)).startswith("gyldig")
        assert await watcher.count("sandbox-banner") == 0
        assert any("/v1/cards/10000001" in r for r in real_like.requests)
    finally:
        await watcher.page.context.close()
        await changer.page.context.close()


async def test_a_frozen_server_hides_the_result_within_3_s_and_a_new_check_is_needed(
    browsers, guard_app, artifacts, clean_sandbox
):
    ui = await open_app(await browsers(None), guard_app.launch_url, artifacts)
    try:
        await enter_number(ui, "10000001")
        await ui.click("check-button")
        await ui.wait_text("verdict-banner", r"^\s*gyldig")
        os.kill(guard_app.proc.pid, signal.SIGSTOP)
        stopped = time.monotonic()
        try:
            notice = ui.page.locator("#connection-lost")
            await notice.wait_for(state="visible", timeout=3000)
            hidden_after = time.monotonic() - stopped
            assert t("trust.offline.title", "nb") in await notice.inner_text()
            tree = await ui.page.locator("body").aria_snapshot()
            assert "gyldig" not in tree.lower() and "Eksempel Bygg" not in tree, tree
            await ui.page.screenshot(path=str(artifacts / "e2e_trust_connection_lost.png"))
        finally:
            os.kill(guard_app.proc.pid, signal.SIGCONT)
        assert hidden_after < 3.0
        # The server answers again: a fresh start, the old verdict does not come back.
        await ui.page.wait_for_function("() => !document.getElementById('connection-lost')", timeout=15_000)
        await ui.page.wait_for_selector("#loading", state="detached", timeout=45_000)
        await ui.page.locator("flt-semantics-placeholder").evaluate("e => e.click()")
        await ui.wait_id("scan-button", timeout=30_000)
        assert await ui.count("verdict-banner") == 0
    finally:
        await ui.page.context.close()


async def test_the_connection_notice_is_in_the_sessions_language_at_320_px(
    browsers, guard_app, artifacts, clean_sandbox
):
    ui = await open_app(await browsers(None), guard_app.launch_url, artifacts, viewport=SMALL)
    try:
        await ui.click("language-switch")
        await ui.wait_text("scan-button", r"start camera")
        await ui.page.wait_for_function("() => document.title === 'HMS card check'")
        # The socket drops (as on a train): the same notice as a stall.
        await ui.page.context.set_offline(True)
        await ui.page.evaluate("() => window.dispatchEvent(new Event('offline'))")
        notice = ui.page.locator("#connection-lost")
        await notice.wait_for(state="visible", timeout=5000)
        assert t("trust.offline.title", "en") in await notice.inner_text()
        await ui.page.screenshot(path=str(artifacts / "e2e_trust_connection_lost_en_320.png"))
    finally:
        await ui.page.context.close()
