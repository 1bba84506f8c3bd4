"""The app end to end: headless Chromium at 360x640 against the real app and the session's sandbox.
Each test saves a screenshot to tests/artifacts/."""

from __future__ import annotations

import pytest

from app.i18n import t
from app.model import Verdict
from tests.e2e.conftest import SAMPLES, open_app

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

# The clip of a card fills Chromium's fake camera; decoding starts with the first picture.
CAMERA_TIMEOUT_MS = 30_000


#: what the band may start with → the verdict word; longest first, so that "gyldig med merknader" is
#: not read as "gyldig". The band starts with its own first words ("STOPP – UGYLDIG", issue 12).
VERDICT_WORDS = sorted(
    [
        (t(key, lang).lower(), t(f"verdict.{v}", lang).lower())
        for v in Verdict
        for lang in ("nb", "en")
        for key in (f"ui.banner.{v}", f"verdict.{v}")
    ],
    key=lambda pair: len(pair[0]),
    reverse=True,
)


async def verdict_word(ui) -> str:
    """The verdict word the banner starts with (the status line follows it)."""
    text = " ".join((await ui.text_of("verdict-banner")).lower().split())
    return next((word for start, word in VERDICT_WORDS if text.startswith(start)), text)


async def test_manual_entry_of_a_valid_card_shows_valid_with_the_employer(ui, clean_sandbox):
    await ui.wait_id("sandbox-banner")  # the app knows it talks to a sandbox: the data is not real
    await ui.type_into("manual-entry", "10000001")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", r"gyldig")
    assert await verdict_word(ui) == "gyldig"
    assert "Eksempel Bygg AS" in await ui.text_of("employer")
    assert "123456785" in await ui.text_of("employer")
    await ui.shot("e2e_manual_valid")


async def test_a_malformed_card_number_gets_a_message_and_no_verdict(ui, clean_sandbox):
    await ui.type_into("manual-entry", "1234")
    await ui.click("check-button")
    await ui.page.get_by_text("8 siffer").last.wait_for(state="visible")
    assert await ui.count("verdict-banner") == 0
    await ui.shot("e2e_manual_malformed")


async def test_503_from_the_status_api_is_unverified_never_green_and_offers_try_again(ui, clean_sandbox):
    clean_sandbox.inject(kind="status", status=503, retry_after=0, count=None)
    await ui.type_into("manual-entry", "10000001")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", r"ikke bekreftet")
    assert await verdict_word(ui) == "ikke bekreftet"
    assert await ui.count("employer") == 0
    await ui.wait_id("try-again")
    await ui.shot("e2e_unverified_503")
    # once the service answers again, "try again" gives the real verdict
    clean_sandbox.clear_faults()
    await ui.click("try-again")
    await ui.wait_text("verdict-banner", r"^gyldig")
    assert await verdict_word(ui) == "gyldig"


async def test_switching_to_english_translates_the_screens(ui, clean_sandbox):
    await ui.click("language-switch")
    await ui.wait_text("scan-button", r"start camera")
    await ui.wait_text("sandbox-banner", r"test mode")
    await ui.type_into("manual-entry", "10000001")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", r"valid")
    assert await verdict_word(ui) == "valid"
    await ui.wait_text("scan-next", r"scan next")
    await ui.shot("e2e_english_result")
    await ui.click("settings-button")
    await ui.wait_id("secret-storage-note")
    await ui.shot("e2e_english_settings")
    await ui.page.mouse.move(180, 400)
    await ui.page.mouse.wheel(0, 1000)  # About is under the form
    await ui.wait_text("about-mode", r"test")
    await ui.shot("e2e_english_about")


async def test_the_camera_reads_a_lost_card_and_shows_blocked_lost_with_the_holder(
    browsers, app_url, artifacts, clean_sandbox
):
    ui = await open_app(await browsers("10000004_back.png"), app_url, artifacts)
    try:
        await ui.click("scan-button")
        await ui.wait_text("verdict-banner", r"sperret.*tapt", timeout=CAMERA_TIMEOUT_MS)
        assert await verdict_word(ui) == "ugyldig"
        assert "Piotr Testowy" in await ui.text_of("holder-name")
        assert "Fjellstøtt Entreprenør AS" in await ui.text_of("employer")
        await ui.wait_id("holder-photo")
        await ui.shot("e2e_camera_10000004_blocked")
    finally:
        await ui.page.context.close()


async def test_a_hostile_qr_through_the_camera_is_suspicious_and_never_looked_up(
    browsers, app_url, artifacts, clean_sandbox
):
    # A fault armed for the next status call stays armed if the app never calls the status API.
    clean_sandbox.inject(kind="status", status=500, retry_after=0, count=1, path="/v1/")
    ui = await open_app(await browsers("hostile_qr.png"), app_url, artifacts)
    try:
        await ui.click("scan-button")
        await ui.wait_text("verdict-banner", r"mistenkelig", timeout=CAMERA_TIMEOUT_MS)
        assert await verdict_word(ui) == "ugyldig"
        assert "forfalsket" in await ui.text_of("suspicious-warning")
        assert "hmskort.no.evil.example" in await ui.text_of("problem")  # where it really points
        assert await ui.count("employer") == 0
        assert await ui.count("holder-name") == 0
        await ui.shot("e2e_camera_hostile_qr")
    finally:
        await ui.page.context.close()
    remaining = [f for f in clean_sandbox.active_faults() if f.get("status") == 500]
    assert [f["remaining"] for f in remaining] == [1], "the app called the status API"


async def test_use_a_photo_reads_the_card_from_an_image_file(ui, clean_sandbox):
    async with ui.page.expect_file_chooser(timeout=15_000) as chooser:
        await ui.click("photo-button")
    await (await chooser.value).set_files(str(SAMPLES / "10000001_back.png"))
    await ui.wait_text("verdict-banner", r"gyldig")
    assert await verdict_word(ui) == "gyldig"
    assert "Ola Testmann" in await ui.text_of("holder-name")  # a QR lookup: the holder is shown
    await ui.shot("e2e_photo_10000001")


async def test_a_photo_without_a_code_says_so_and_stays_on_the_scan_screen(ui, clean_sandbox):
    async with ui.page.expect_file_chooser(timeout=15_000) as chooser:
        await ui.click("photo-button")
    await (await chooser.value).set_files(str(SAMPLES / "10000001_front.png"))
    await ui.wait_text("scan-message", r"fant ingen")
    assert await ui.count("verdict-banner") == 0
    await ui.shot("e2e_photo_no_code")


async def test_settings_save_a_new_secret_and_show_it_only_masked(ui, clean_sandbox):
    await ui.click("settings-button")
    await ui.wait_text("secret-storage-note", r"bare i minnet")  # web: no secure storage, and it says so
    await ui.type_into("client-secret", clean_sandbox.client_secret)
    await ui.click("settings-save")
    await ui.wait_id("settings-saved")
    page_text = await ui.page.locator("flt-semantics").first.inner_text()
    assert clean_sandbox.client_secret not in page_text
    assert "••••" + clean_sandbox.client_secret[-4:] in page_text
    await ui.shot("e2e_settings_saved")
    await ui.click("back-button")
    await ui.type_into("manual-entry", "10000001")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", r"gyldig")  # the rebuilt services work
    assert await verdict_word(ui) == "gyldig"
