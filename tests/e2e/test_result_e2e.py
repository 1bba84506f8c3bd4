"""Issue 12 end to end in headless Chromium: what to do next, the worker view, the suspicious-card
report, small screens and landscape, and the verdict bands seen without colour vision.
Screenshots of every result at 360×740 and 320×568 go to tests/artifacts/ (e2e_result_*)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.e2e.conftest import SAMPLES, open_app
from tests.e2e.test_app_e2e import verdict_word

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

SIZES = {"360x740": {"width": 360, "height": 740}, "320x568": {"width": 320, "height": 568}}

#: card → (what the band says first, what the next-action box must say) for an Arbeidstilsynet inspector
CASES = {
    "10000003": ("ugyldig", ["Spør hvem personen jobber for nå", "Du kan inndra kortet"]),
    "10000004": ("ugyldig", ["Be om legitimasjon med bilde og noter navnet", "inndra", "kortutstederen"]),
    "10000006": ("ugyldig", ["rettet registreringen", "Du kan inndra kortet"]),
    "10000005": ("ugyldig", ["Arbeidsgiveren må bestille nytt kort på hmskort.no", "Du kan inndra kortet"]),
    "10000002": ("gyldig med merknader", ["Kortet kan godtas", "bestille nytt kort i tide"]),
    "99999999": ("ugyldig", ["Sjekket nummer: 99999999", "skann QR-koden"]),
    "10000001": ("gyldig", ["Godta kortet", "Et kortnummer gir ikke navn eller bilde"]),
}


async def settled_shot(ui, name: str) -> None:
    """A screenshot once the canvas has caught up with the semantics tree (a new script's glyphs
    can take a frame or two longer)."""
    await ui.page.mouse.move(2, 2)
    await ui.page.wait_for_timeout(1000)
    await ui.shot(name)


async def choose_role_if_asked(ui, role: str = "arbeidstilsynet") -> None:
    """The role is asked once per installation: the first page answers, later pages are not asked."""
    if await ui.count("role-prompt"):
        await ui.click(f"role-{role}")
        await ui.page.wait_for_timeout(300)


async def check_typed(ui, number: str) -> None:
    await ui.type_into("manual-entry", number)
    await ui.click("check-button")
    await ui.wait_id("next-action")


async def box(ui, identifier: str) -> dict:
    """The element's box; polled briefly, since Flutter may swap a semantics node for a new one
    (e.g. when the journal line under the result updates) and a node in the swap has no box."""
    for _ in range(20):
        b = await ui.by_id(identifier).bounding_box()
        if b is not None:
            return b
        await ui.page.wait_for_timeout(150)
    raise AssertionError(f"{identifier} has no box on screen")


async def assert_in_view(ui, identifiers: list[str], *, above: str = "scan-next") -> None:
    """Each element's top part is on screen without scrolling, above the fixed action bar."""
    bar = await box(ui, above)
    viewport = ui.page.viewport_size
    for identifier in identifiers:
        b = await box(ui, identifier)
        assert b["y"] >= 0 and b["y"] + min(b["height"], 40) <= viewport["height"], (identifier, b)
        if bar["x"] < b["x"] + b["width"] and b["x"] < bar["x"] + bar["width"]:  # same column
            assert b["y"] + min(b["height"], 40) <= bar["y"], (identifier, b, bar)


@pytest.mark.parametrize("size", list(SIZES))
async def test_next_action_for_each_outcome_at_phone_sizes(browsers, app_url, artifacts, clean_sandbox, size):
    ui = await open_app(await browsers(None), app_url, artifacts, viewport=SIZES[size])
    try:
        await choose_role_if_asked(ui)
        await listen_to_announcements(ui)
        for number, (word, expected) in CASES.items():
            await check_typed(ui, number)
            assert await verdict_word(ui) == word, number
            if number == "10000004":  # the verdict band is a live region: the verdict is said aloud
                await ui.page.wait_for_timeout(300)
                assert "STOPP – UGYLDIG" in await announced(ui)
            text = " ".join((await ui.text_of("next-action")).split())
            for part in expected:
                assert part in text, (number, part, text)
            facts = ["card-number", "employer"] if number != "99999999" else []
            facts += ["warnings"] if number == "10000002" else []
            await assert_in_view(ui, ["verdict-banner", *facts])
            await ui.shot(f"e2e_result_{number}_{size}")
            await ui.click("scan-next")
            await ui.wait_id("manual-entry")
        # the status could not be confirmed: not accepted yet
        clean_sandbox.inject(kind="status", status=503, retry_after=0, count=None)
        await check_typed(ui, "10000001")
        assert await verdict_word(ui) == "ikke bekreftet"
        assert "Ikke godta kortet ennå" in await ui.text_of("next-action")
        # in the UI's language, with the code IT looks up (SERVER_ERROR; TIMEOUT on a loaded machine)
        assert re.fullmatch(r"Teknisk, for IT: feilkode [A-Z_]+", await ui.text_of("technical-line"))
        await ui.shot(f"e2e_result_unverified_{size}")
        clean_sandbox.clear_faults()
        await ui.click("scan-next")
        await ui.wait_id("manual-entry")
        # keyboard users type the next number at once: the card field has the focus again
        # the field takes the focus when it is drawn, a frame or two after it appears in the tree
        focused = None
        for _ in range(20):
            focused = await ui.page.evaluate("document.activeElement && document.activeElement.tagName")
            if focused in ("INPUT", "TEXTAREA"):
                break
            await ui.page.wait_for_timeout(100)
        assert focused in ("INPUT", "TEXTAREA"), focused
    finally:
        await ui.page.context.close()


@pytest.mark.parametrize("size", ["320x568", "740x360"])
async def test_a_warning_result_fits_small_and_landscape_screens(
    browsers, app_url, artifacts, clean_sandbox, size
):
    w, h = (int(x) for x in size.split("x"))
    ui = await open_app(await browsers(None), app_url, artifacts, viewport={"width": w, "height": h})
    try:
        await choose_role_if_asked(ui)
        await check_typed(ui, "10000002")
        assert await verdict_word(ui) == "gyldig med merknader"
        await assert_in_view(ui, ["verdict-banner", "card-number", "employer", "warnings"])
        await ui.shot(f"e2e_result_10000002_{size}")
    finally:
        await ui.page.context.close()


async def read_qr_photo(ui, sample: str) -> None:
    async with ui.page.expect_file_chooser(timeout=15_000) as chooser:
        await ui.click("photo-button")
    await (await chooser.value).set_files(str(SAMPLES / sample))
    await ui.wait_id("next-action")


async def test_worker_view_of_a_lost_card_in_polish(browsers, app_url, artifacts, clean_sandbox):
    ui = await open_app(await browsers(None), app_url, artifacts, viewport=SIZES["360x740"])
    try:
        await choose_role_if_asked(ui)
        await check_typed(ui, "10000004")
        await ui.click("worker-view-button")
        await ui.click("worker-language-pl")
        await ui.wait_text("worker-text", r"zgłoszona jako zgubiona i jest zablokowana")
        assert "Nieważna" in await ui.text_of("worker-verdict")
        await settled_shot(ui, "e2e_worker_view_10000004_pl")
        await ui.click("worker-language-uk")
        await ui.wait_text("worker-text", r"загублену")
        await settled_shot(ui, "e2e_worker_view_10000004_uk")
        await ui.click("worker-view-close")
        await ui.wait_id("next-action")
    finally:
        await ui.page.context.close()


async def test_report_button_makes_a_pdf_with_card_and_reason_and_no_holder_name(
    browsers, app_url, artifacts, clean_sandbox
):
    ui = await open_app(await browsers(None), app_url, artifacts, viewport=SIZES["360x740"])
    try:
        await choose_role_if_asked(ui)
        await read_qr_photo(ui, "10000004_back.png")  # a QR lookup: the holder's name is on screen
        assert "Piotr Testowy" in await ui.text_of("holder-name")
        await ui.click("report-button")
        await ui.wait_id("report-save")
        await ui.shot("e2e_report_form_empty_10000004")
        for side, sample in (("front", "10000004_front.png"), ("back", "10000004_back.png")):
            async with ui.page.expect_file_chooser(timeout=15_000) as chooser:
                await ui.click(f"report-photo-{side}")
            await (await chooser.value).set_files(str(SAMPLES / sample))
            await ui.page.wait_for_timeout(500)
        await ui.type_into("report-site", "Storgata 1, Oslo")
        await ui.shot("e2e_report_form_10000004")
        async with ui.page.expect_download(timeout=30_000) as download_info:
            await ui.click("report-save")
        download = await download_info.value
        path = artifacts / "e2e_report_10000004.pdf"
        await download.save_as(str(path))
        await ui.wait_id("report-saved")
        await ui.shot("e2e_report_saved_10000004")
    finally:
        await ui.page.context.close()
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "10000004" in text and "Sperret – meldt tapt" in text and "Storgata 1, Oslo" in text
    assert "Piotr" not in text and "Testowy" not in text
    assert sum(len(page.images) for page in reader.pages) == 2  # both sides the inspector took


# --- colour vision ---------------------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), severity 1.0, applied in linear RGB.
PROTANOPIA = np.array(
    [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
)
DEUTERANOPIA = np.array(
    [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
)
VISIONS = {"greyscale": np.eye(3), "protanopia": PROTANOPIA, "deuteranopia": DEUTERANOPIA}


def _linear(rgb: np.ndarray) -> np.ndarray:
    c = rgb / 255.0
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def luminances(png: bytes, vision: np.ndarray, veil: float = 0.0) -> np.ndarray:
    """Relative luminance of every pixel of a screenshot, seen through `vision`, under a white veil."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float).reshape(-1, 3)
    rgb = rgb * (1 - veil) + 255 * veil
    lin = np.clip(_linear(rgb) @ vision.T, 0, 1)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a: float, b: float) -> float:
    hi, lo = max(a, b), min(a, b)
    return (hi + 0.05) / (lo + 0.05)


def background_and_ink(lum: np.ndarray) -> tuple[float, float]:
    """The band's background (its median: most pixels) and its words (the pixels farthest from it)."""
    bg = float(np.median(lum))
    far = np.percentile(lum, 1) if bg > 0.18 else np.percentile(lum, 99)
    return bg, float(far)


async def test_verdict_bands_stay_apart_without_colour_vision(browsers, app_url, artifacts, clean_sandbox):
    ui = await open_app(await browsers(None), app_url, artifacts, viewport=SIZES["360x740"])
    bands: dict[str, bytes] = {}
    try:
        await choose_role_if_asked(ui)
        for name, number in (("valid", "10000001"), ("warnings", "10000002"), ("invalid", "10000003")):
            await check_typed(ui, number)
            await ui.page.wait_for_timeout(500)
            bands[name] = await ui.by_id("verdict-banner").screenshot()
            await ui.click("scan-next")
            await ui.wait_id("manual-entry")
        clean_sandbox.inject(kind="status", status=503, retry_after=0, count=None)
        await check_typed(ui, "10000001")
        await ui.page.wait_for_timeout(500)
        bands["unverified"] = await ui.by_id("verdict-banner").screenshot()
    finally:
        clean_sandbox.clear_faults()
        await ui.page.context.close()
    for name, png in bands.items():
        (artifacts / f"e2e_band_{name}.png").write_bytes(png)
    for vision_name, vision in VISIONS.items():
        seen = {name: background_and_ink(luminances(png, vision)) for name, png in bands.items()}
        valid_bg, invalid_bg = seen["valid"][0], seen["invalid"][0]
        assert contrast(valid_bg, invalid_bg) >= 3.0, (vision_name, seen)
        for name, png in bands.items():
            bg, ink = background_and_ink(luminances(png, vision, veil=0.25))
            assert contrast(bg, ink) >= 3.0, (vision_name, name, bg, ink)
        # a greyscale picture of all four, to look at
        if vision_name != "greyscale":
            continue
        for name, png in bands.items():
            grey = (luminances(png, vision) ** (1 / 2.2) * 255).astype(np.uint8)
            w, h = Image.open(io.BytesIO(png)).size
            Image.fromarray(grey.reshape(h, w)).save(artifacts / f"e2e_band_{name}_greyscale.png")


# --- accessibility and keyboard ----------------------------------------------------------------------


async def listen_to_announcements(ui) -> None:
    """Record everything Flutter's live-region hosts give screen readers to say (they are emptied
    again shortly after, so reading them later can miss it)."""
    await ui.page.evaluate(
        """() => {
          window.__said = [];
          const record = () => document.querySelectorAll('[aria-live]').forEach(e => {
            if (e.textContent) window.__said.push(e.textContent);
          });
          new MutationObserver(record).observe(document.body,
            {subtree: true, childList: true, characterData: true});
        }"""
    )


async def announced(ui) -> str:
    """What has been announced (since `listen_to_announcements`) or is being announced now."""
    return await ui.page.evaluate(
        "(window.__said || []).concat(Array.from(document.querySelectorAll('[aria-live]'))"
        ".map(e => e.textContent)).join(' | ')"
    )


async def accessible_name(ui, identifier: str) -> str:
    """What a screen reader says for the element: its aria-label, else its text."""
    return await ui.by_id(identifier).evaluate(
        "e => (e.getAttribute('aria-label') || '') + ' ' + (e.innerText || '') + ' ' +"
        " Array.from(e.querySelectorAll('[aria-label]')).map(x => x.getAttribute('aria-label')).join(' ')"
    )


async def test_names_language_errors_and_the_settings_language_control(
    browsers, app_url, artifacts, clean_sandbox
):
    ui = await open_app(await browsers(None), app_url, artifacts, viewport=SIZES["360x740"])
    try:
        # icon buttons have names
        assert "Innstillinger" in await accessible_name(ui, "settings-button")
        # keyboard focus is visible: Tab to "Bruk et bilde" and its 4 px ring (6.4:1 on white) shows
        ring = 0
        for _ in range(8):
            await ui.page.keyboard.press("Tab")
            await ui.page.wait_for_timeout(400)
            png = await ui.by_id("photo-button").screenshot()
            rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
            ring = int(((rgb[..., 2] > 170) & (rgb[..., 0] < 80) & (rgb[..., 1] < 120)).sum())
            if ring > 300:
                break
        assert ring > 300, ring
        await ui.shot("e2e_a11y_keyboard_focus")
        # <html lang> follows the UI language
        assert (await ui.page.evaluate("document.documentElement.lang")).startswith("nb")
        # a field error is announced: it sits in a live region
        await listen_to_announcements(ui)
        await ui.type_into("manual-entry", "1234")
        await ui.click("check-button")
        await ui.wait_id("manual-error")
        assert "8 siffer" in await announced(ui)
        assert "8 siffer" in await accessible_name(ui, "manual-error")
        await ui.click("language-switch")
        await ui.wait_text("scan-button", r"start camera")
        await ui.page.wait_for_timeout(500)
        assert (await ui.page.evaluate("document.documentElement.lang")).startswith("en")
        await ui.click("language-switch")
        await ui.wait_text("scan-button", r"start kamera")
        # settings: one language control, at least 48 px high; the back button has a name
        await ui.click("settings-button")
        await ui.wait_id("language-choice")
        assert await ui.count("language-switch") == 0
        height = (await ui.by_id("language-choice").bounding_box())["height"]
        assert height >= 48, height
        assert "Tilbake" in await accessible_name(ui, "back-button")
        await ui.shot("e2e_a11y_settings")
    finally:
        await ui.page.context.close()
