"""The web bundle's first-load cuts (issue 13 item 7): the icon font cut down to the icons the app
and Flutter's widgets draw, the preloads in the page's head, and the served process warmed up."""

from __future__ import annotations

import asyncio
import io
import re
from pathlib import Path

from fontTools.ttLib import TTFont

from web.bundle import APP_ICONS, ICON_FONT, Bundle, flet_web_dir, glyph_name, icon_names, icon_subset
from web.headers import csp, patch_index, script_hashes
from web.server import WarmUp

ROOT = Path(__file__).resolve().parents[1]


def _icons_in_code() -> set[str]:
    found: set[str] = set()
    for path in [ROOT / "main.py", *(ROOT / "views").rglob("*.py"), *(ROOT / "app").rglob("*.py")]:
        found |= set(re.findall(r"\bIcons\.([A-Z0-9_]+)", path.read_text(encoding="utf-8")))
    return found


def test_every_icon_the_app_draws_is_kept_in_the_cut_icon_font():
    used = _icons_in_code()
    assert used, "the scan found no icons: the pattern is wrong"
    assert used <= APP_ICONS, f"add to web.bundle.APP_ICONS: {sorted(used - APP_ICONS)}"
    full = TTFont(flet_web_dir() / ICON_FONT).getBestCmap()
    cut = TTFont(io.BytesIO(icon_subset((flet_web_dir() / ICON_FONT).read_bytes()))).getBestCmap()
    by_glyph = {glyph: cp for cp, glyph in full.items()}
    for icon in used:
        glyph = glyph_name(icon)
        assert glyph in by_glyph, f"{icon}: no glyph {glyph} in Flet's icon font"
        assert cut.get(by_glyph[glyph]) == glyph, f"{icon} lost its code point in the cut font"
    assert cut.get(by_glyph["arrow_back_ios_new_baseline"]) == "arrow_back_ios_new_baseline"
    assert len(cut) < len(full) / 20  # a few hundred glyphs of ~8,600


def test_the_cut_icon_font_is_a_small_fraction_of_flets():
    full = (flet_web_dir() / ICON_FONT).read_bytes()
    cut = icon_subset(full)
    assert len(cut) < 60_000 < 1_000_000 < len(full)
    assert glyph_name("WARNING_ROUNDED") == "warning_rounded" and glyph_name("_10K") == "_10k_baseline"
    assert "check_circle_baseline" in icon_names()


def test_the_page_preloads_the_big_files_and_its_csp_allows_exactly_that_script():
    html = b'<html><head><script>var flet={};</script>flet.entrypointBaseUrl="/";</head><body></body></html>'
    page = patch_index(html, Bundle(Path("/nonexistent"), "0123456789ab"))
    assert page.index(b"/_v/0123456789ab/") < page.index(b"var flet")  # first in the head
    assert b'l("preload",p+"main.dart.wasm","fetch")' in page
    assert b"/assets/fonts/MaterialIcons-Regular.otf" in page
    assert b'flet.entrypointBaseUrl="/_v/0123456789ab/";' in page
    hashes = script_hashes(page)
    assert len(hashes) == 2  # the page's own inline script and the preloads, each by its hash
    assert all(f"'sha256-{h}'" in csp(hashes) for h in hashes)
    assert patch_index(html, None) == html  # local mode serves Flet's client as it is


async def test_the_warm_up_starts_once_when_the_server_starts():
    started: list[str] = []

    async def job() -> None:
        started.append("warm")

    async def app(scope, receive, send) -> None:
        pass

    warm = WarmUp(app, job)
    await warm({"type": "lifespan"}, None, None)
    await warm({"type": "http", "path": "/"}, None, None)
    await warm({"type": "lifespan"}, None, None)
    await asyncio.sleep(0)
    assert started == ["warm"]
