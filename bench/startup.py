"""Startup time of the app: process start → first frame in headless Chromium, as a ratio to a bare
Flet counter app measured in the same run (target ≤ 1.3). Both are served the same way (web server,
no CDN, loopback); the app runs as `make run` does, on the embedded sandbox.

Two marks per start: Flutter's first frame (`#loading` gone) and the first screen's content (the
scan button for the app, the counter's "0" for the baseline), which includes the app's own start-up
(building services, starting the embedded sandbox). Medians over ROUNDS alternating starts.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.procs import stop_group

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ROUNDS = 3
TARGET = 1.3

COUNTER_APP = """
import flet as ft

def main(page: ft.Page):
    count = ft.Text("0", size=40)
    def inc(e):
        count.value = str(int(count.value) + 1)
        page.update()
    page.add(ft.Row([count, ft.IconButton(ft.Icons.ADD, on_click=inc)]))

ft.run(main, no_cdn=True)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(script: Path, port: int, cwd: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "FLET_FORCE_WEB_SERVER": "true",
        "FLET_SERVER_IP": "127.0.0.1",
        "FLET_SERVER_PORT": str(port),
        "FLET_WEB_NO_CDN": "true",
    }
    for name in ("HMSKORT_API_URL", "HMSKORT_CLIENT_ID", "HMSKORT_CLIENT_SECRET"):
        env.pop(name, None)  # the embedded sandbox, as `make run` on a fresh machine
    return subprocess.Popen(
        [sys.executable, str(script)],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait_http(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def _measure(browser, script: Path, cwd: Path, content: str) -> tuple[float, float]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = _start(script, port, cwd)
    try:
        _wait_http(url, proc)
        context = browser.new_context(viewport={"width": 360, "height": 640})
        page = context.new_page()
        page.goto(url, timeout=60_000)
        page.wait_for_selector("#loading", state="detached", timeout=60_000)
        first_frame = time.perf_counter() - t0
        page.locator("flt-semantics-placeholder").evaluate("e => e.click()")
        page.locator(content).first.wait_for(state="attached", timeout=60_000)
        first_content = time.perf_counter() - t0
        context.close()
        return first_frame, first_content
    finally:
        stop_group(proc)


def run() -> list[dict]:
    """Measure and return one row per app (seconds, medians) with ratios to the baseline."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        return f"startup: skipped, no Chromium at {CHROMIUM}"  # type: ignore[return-value]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        baseline = Path(tmp) / "counter.py"
        baseline.write_text(COUNTER_APP)
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        samples: dict[str, list[tuple[float, float]]] = {"counter (baseline)": [], "app (main.py)": []}
        try:
            for _ in range(ROUNDS):  # alternate, so that drift hits both alike
                samples["counter (baseline)"].append(_measure(browser, baseline, Path(tmp), "text=0"))
                samples["app (main.py)"].append(
                    _measure(browser, ROOT / "main.py", ROOT, '[flt-semantics-identifier="scan-button"]')
                )
        finally:
            browser.close()
    med = {
        k: (statistics.median(a for a, _ in v), statistics.median(b for _, b in v))
        for k, v in samples.items()
    }
    base_frame, base_content = med["counter (baseline)"]
    rows = []
    for name, (frame, content) in med.items():
        rows.append(
            {
                "startup": name,
                "first frame s": round(frame, 2),
                "ratio": round(frame / base_frame, 2),
                "first screen s": round(content, 2),
                "ratio (screen)": round(content / base_content, 2),
                "target": f"<= {TARGET}",
            }
        )
    _print(rows)
    return rows


def _print(rows: list[dict]) -> None:
    cols = list(rows[0])
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in cols]
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for r in rows:
        print("  ".join(str(r[c]).ljust(w) for c, w in zip(cols, widths, strict=True)))


if __name__ == "__main__":
    run()
