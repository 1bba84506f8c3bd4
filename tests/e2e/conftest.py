"""One app process and few browsers per session: the real app (main.py) against the session's sandbox,
driven through headless Chromium (the system one; Playwright never downloads a browser)."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import pytest_asyncio

from tests.e2e.clips import write_y4m
from tests.procs import stop_group

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
SAMPLES = ROOT / "assets" / "sample_cards"
VIEWPORT = {"width": 360, "height": 640}
START_TIMEOUT_S = 60
UI_TIMEOUT_MS = 20_000
#: the one line the app prints on stdout at start
LAUNCH_LINE = re.compile(r"^HMS-kort kontroll: (http://\S+)$", re.MULTILINE)

#: the only reason the UI tests may skip (marks every e2e test; see pytest_collection_modifyitems)
NO_CHROMIUM = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"UI tests need Chromium at {CHROMIUM} (scripts/setup.sh installs it)"
)

BASE_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(NO_CHROMIUM)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError:
            return  # it answers (the launch gate: urllib keeps no cookie across the redirect)
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"app did not answer {url} within {START_TIMEOUT_S} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class AppProcess:
    """main.py on a free port in its own process group, talking to `sandbox` over loopback, with its
    own settings file (the user's ~/.config is neither read nor written) and log."""

    def __init__(self, sandbox, artifacts: Path, name: str, **env: str) -> None:
        port = _free_port()
        settings_file = artifacts / f"{name}-settings.toml"
        settings_file.write_text("# written by the UI tests\n")
        full_env = {
            **os.environ,
            "HMSKORT_API_URL": sandbox.url,
            "HMSKORT_SANDBOX": "true",  # our own sandbox: the banner and its registers
            "HMSKORT_CLIENT_ID": sandbox.client_id,
            "HMSKORT_CLIENT_SECRET": sandbox.client_secret,
            "HMSKORT_LANGUAGE": "nb",
            "HMSKORT_SETTINGS_FILE": str(settings_file),
            "FLET_FORCE_WEB_SERVER": "true",
            "FLET_SERVER_IP": "127.0.0.1",
            "FLET_SERVER_PORT": str(port),
            "FLET_WEB_NO_CDN": "true",
            # A loaded test machine can leave a healthy app unanswered for seconds: the connection
            # guard's 2 s is tested on an app of its own (test_settings_trust_e2e.py).
            "HMSKORT_CONNECTION_STALL_MS": "15000",
            **env,
        }
        self.log = artifacts / f"{name}-app.log"
        #: stdout on its own: it must carry exactly the one launch line
        self.stdout = artifacts / f"{name}-app.stdout"
        self.url = f"http://127.0.0.1:{port}"
        self.launch_url = ""
        with self.log.open("wb") as err, self.stdout.open("wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, str(ROOT / "main.py")],
                cwd=ROOT,
                env=full_env,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )

    def wait_ready(self) -> str:
        """The launch URL the app printed (with its token) once the app answers; raises with the
        log's tail when it exits or hangs."""
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            found = LAUNCH_LINE.search(self.stdout.read_text(errors="replace"))
            if found:
                self.launch_url = found.group(1)
                break
            if self.proc.poll() is not None:
                raise RuntimeError(f"app exited with {self.proc.returncode}:\n{self.log.read_text()[-3000:]}")
            time.sleep(0.1)
        else:
            tail = self.log.read_text()[-3000:]
            raise RuntimeError(f"app printed no address within {START_TIMEOUT_S} s:\n{tail}")
        _wait_http(self.launch_url, self.proc, self.log)
        return self.launch_url

    def stop(self) -> None:
        """End the app's whole process group (Flet may start helpers)."""
        stop_group(self.proc)

    def __enter__(self) -> AppProcess:
        """The app, once it answers (stopped again if it never does)."""
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture(scope="session")
def app_process(sandbox, artifacts):
    """The session's app, talking to the session's sandbox over loopback."""
    with AppProcess(sandbox, artifacts, "e2e") as app:
        yield app


@pytest.fixture(scope="session")
def app_url(app_process) -> str:
    """The session's app's launch URL (with its per-launch token)."""
    return app_process.launch_url


# Playwright's async API on the session's event loop: its sync API keeps a loop running in the main
# thread, which breaks every async test that runs after it in the same session.
@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def playwright_session():
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        yield pw


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browsers(playwright_session, artifacts):
    """Launch Chromium once per fake-camera clip (the clip is fixed at launch): at most three here."""
    launched: dict[str | None, object] = {}

    async def get(sample: str | None = None):
        if sample not in launched:
            args = [*BASE_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]
            if sample is not None:
                clip = write_y4m(SAMPLES / sample, artifacts / f"{Path(sample).stem}.y4m")
                args.append(f"--use-file-for-fake-video-capture={clip}")
            launched[sample] = await playwright_session.chromium.launch(
                executable_path=str(CHROMIUM), args=args, timeout=30_000
            )
        return launched[sample]

    yield get
    for browser in launched.values():
        await browser.close()


class Ui:
    """A page of the app with helpers that go through stable test ids."""

    def __init__(self, page, artifacts: Path) -> None:
        self.page = page
        self.artifacts = artifacts

    def by_id(self, identifier: str):
        return self.page.locator(f'[flt-semantics-identifier="{identifier}"]').first

    async def count(self, identifier: str) -> int:
        return await self.page.locator(f'[flt-semantics-identifier="{identifier}"]').count()

    async def wait_id(self, identifier: str, timeout: int = UI_TIMEOUT_MS):
        loc = self.by_id(identifier)
        try:
            await loc.wait_for(state="visible", timeout=timeout)
        except Exception:
            await self.shot(f"FAILED_wait_{identifier}")
            raise
        return loc

    async def click(self, identifier: str) -> None:
        await (await self.wait_id(identifier)).click(timeout=UI_TIMEOUT_MS)

    async def type_into(self, identifier: str, text: str) -> None:
        # fill() was flaky on Flutter's text fields; clicking and typing is not.
        # Each keystroke goes to the server and its value comes back; on a loaded machine a value
        # coming back can overwrite the next key. Type again (slower) until the field holds the text.
        # The field's own <input> (Flutter's semantics tree has one per text field) is what is read
        # back: the focused element may be another one by then.
        field = self.by_id(identifier).locator("input, textarea").first
        value = None
        for delay in (0, 60, 150, 250):
            await self.click(identifier)
            await self.page.wait_for_timeout(200)
            await self.page.keyboard.press("Control+A")
            await self.page.keyboard.type(text, delay=delay)
            await self.page.wait_for_timeout(300)
            if await field.count():
                value = await field.input_value()
            else:
                value = await self.page.evaluate("document.activeElement && document.activeElement.value")
            if value is None or value == text:
                return
        raise AssertionError(f"{identifier}: typed {text!r} but the field holds {value!r}")

    async def text_of(self, identifier: str) -> str:
        return await (await self.wait_id(identifier)).inner_text(timeout=UI_TIMEOUT_MS)

    async def wait_text(self, identifier: str, pattern: str, timeout: int = UI_TIMEOUT_MS) -> str:
        """Wait until the element's text matches `pattern` (regex, case-insensitive)."""
        rx = re.compile(pattern, re.IGNORECASE | re.DOTALL)
        deadline = time.monotonic() + timeout / 1000
        text = ""
        while time.monotonic() < deadline:
            if await self.count(identifier):
                text = await self.by_id(identifier).inner_text(timeout=UI_TIMEOUT_MS)
                if rx.search(text):
                    return text
            await asyncio.sleep(0.1)
        shot = await self.shot(f"FAILED_wait_{identifier}")
        raise AssertionError(f"{identifier!r} never matched {pattern!r}; last text: {text!r}; see {shot}")

    async def shot(self, name: str) -> Path:
        path = self.artifacts / f"{name}.png"
        # The semantics tree can be ahead of the painted canvas (seen after a file chooser closed).
        await self.page.wait_for_timeout(500)
        await self.page.screenshot(path=str(path))
        return path


async def open_app(browser, url: str, artifacts: Path, viewport: dict | None = None) -> Ui:
    """A fresh page of the app (360x640 unless `viewport` says) with semantics on (so ids and texts
    are in the DOM)."""
    context = await browser.new_context(viewport=viewport or VIEWPORT, permissions=["camera"])
    await context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: route.abort())
    page = await context.new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    await page.goto(url, timeout=30_000)
    await page.wait_for_selector("#loading", state="detached", timeout=45_000)
    await page.locator("flt-semantics-placeholder").evaluate("e => e.click()")
    ui = Ui(page, artifacts)
    await ui.wait_id("scan-button", timeout=30_000)
    return ui


@pytest_asyncio.fixture(loop_scope="session")
async def ui(browsers, app_url, artifacts):
    """The app in the browser without a fake-camera clip."""
    ui = await open_app(await browsers(None), app_url, artifacts)
    yield ui
    await ui.page.context.close()
