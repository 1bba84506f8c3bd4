"""First load of the served app on a phone-like link (issue 13): bytes transferred and time to a
usable first screen, in headless Chromium with network emulation (10 Mbit/s down and up, 40 ms
RTT), through nginx with compression (deploy/nginx.conf: brotli/gzip, the precompressed bundle)
against the same stack with every kind of compression off, in one run. One load each, cold cache.

Targets: transfer under a third of the 14.4 MB that the app's first load cost before served mode
(< 4.8 MB), and the first screen in under 6 s on that link.

Both stacks are the e2e test's (tests/e2e/served_stack.py): nginx on loopback with a self-signed
certificate in front of two app processes, the npm `oidc-provider` for sign-in, the embedded
sandbox as the status API. The browser signs in first (not measured), then loads the app afresh.
"""

from __future__ import annotations

import asyncio
import re
import tempfile
import time
from pathlib import Path

from bench._table import table

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
BEFORE_BYTES = 14.4e6  # the first load before this issue (issue 13's measurement), uncompressed
TARGET_RATIO = 1 / 3
TARGET_SECONDS = 6.0
LINK = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


async def _measure(browser, stack) -> dict:
    context = await browser.new_context(viewport={"width": 360, "height": 640}, ignore_https_errors=True)
    await context.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page = await context.new_page()
    # sign in (not measured)
    await page.goto(stack.url + "/auth/login", timeout=60_000)
    await page.fill("input[name=login]", "inspector")
    await page.fill("input[name=password]", "any")
    await page.click("button[type=submit]")
    await page.wait_for_url(re.compile(re.escape(stack.url)), timeout=60_000)
    await page.goto("about:blank")
    cdp = await context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.clearBrowserCache")
    await cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    await cdp.send("Network.emulateNetworkConditions", LINK)
    sizes: dict[str, float] = {}
    urls: dict[str, str] = {}
    cdp.on("Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    t0 = time.perf_counter()
    await page.goto(stack.url + "/", timeout=120_000)
    await page.wait_for_selector("#loading", state="detached", timeout=120_000)
    first_frame = time.perf_counter() - t0
    await page.locator("flt-semantics-placeholder").evaluate("e => e.click()")
    await page.locator('[flt-semantics-identifier="scan-button"]').first.wait_for(
        state="visible", timeout=120_000
    )
    usable = time.perf_counter() - t0
    await page.wait_for_timeout(1500)  # late requests (fonts) still count as the first load's
    outside = [u for u in urls.values() if not u.startswith(("https://127.0.0.1", "data:", "blob:"))]
    biggest = sorted(((v, urls.get(k, "?")) for k, v in sizes.items()), reverse=True)[:3]
    await context.close()
    return {
        "bytes": sum(sizes.values()),
        "requests": len(sizes),
        "first_frame": first_frame,
        "usable": usable,
        "outside": outside,
        "biggest": biggest,
    }


async def _run() -> str:
    from playwright.async_api import async_playwright

    from sandbox.runner import SandboxServer
    from tests.e2e.served_stack import ServedStack
    from web.bundle import prepare

    bundle = prepare()
    results: dict[str, dict] = {}
    with SandboxServer() as sandbox, tempfile.TemporaryDirectory(prefix="hmskort-bench-") as tmp:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, compress in (("without compression", False), ("with compression", True)):
                stack = ServedStack(
                    Path(tmp) / name.replace(" ", "-"),
                    sandbox_url=sandbox.url,
                    client_id=sandbox.client_id,
                    client_secret=sandbox.client_secret,
                    bundle_root=bundle.path.parent,
                    compress=compress,
                )
                await asyncio.to_thread(stack.start)
                try:
                    results[name] = await _measure(browser, stack)
                finally:
                    await asyncio.to_thread(stack.stop)
            await browser.close()
    base = results["without compression"]
    rows = []
    for name, r in results.items():
        rows.append(
            {
                "served through nginx": name,
                "requests": r["requests"],
                "transferred MB": f"{r['bytes'] / 1e6:.2f}",
                "vs without": f"{r['bytes'] / base['bytes']:.2f}x",
                "vs 14.4 MB before (target < 0.33x)": f"{r['bytes'] / BEFORE_BYTES:.2f}x",
                "bytes alone at 10 Mbit/s s": f"{r['bytes'] * 8 / 10e6:.1f}",
                "first frame s": f"{r['first_frame']:.1f}",
                "usable first screen s (target < 6)": f"{r['usable']:.1f}",
                "requests off this machine": len(r["outside"]),
            }
        )
    out = table("First load on 10 Mbit/s, 40 ms RTT (Chromium, cold cache, one load each)", rows)
    best = results["with compression"]
    out += "\nlargest transfers with compression: " + ", ".join(
        f"{url.rsplit('/', 1)[-1]} {size / 1e6:.2f} MB" for size, url in best["biggest"]
    )
    ok = (
        best["bytes"] < BEFORE_BYTES * TARGET_RATIO
        and best["usable"] < TARGET_SECONDS
        and not best["outside"]
    )
    out += f"\ntargets (transfer < {BEFORE_BYTES * TARGET_RATIO / 1e6:.1f} MB, first screen < 6 s, no CDN): "
    out += "met" if ok else "NOT met"
    if best["outside"] or base["outside"]:
        out += f"\nrequests that tried to leave this machine: {best['outside'] + base['outside']}"
    return out


def run() -> str:
    return asyncio.run(_run())
