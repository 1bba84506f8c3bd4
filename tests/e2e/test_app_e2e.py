"""The app end to end: headless Chromium at 360x640 against the real app and the session's sandbox.
Each test saves a screenshot to tests/artifacts/."""

from __future__ import annotations

import pytest

from app.i18n import t
from app.model import Verdict
from tests.e2e.conftest import SAMPLES, open_app

pytestmark = pytest.mark.e2e

# The clip of a card fills Chromium's fake camera; decoding starts with the first picture.
CAMERA_TIMEOUT_MS = 30_000


#: every verdict word, longest first, so that "gyldig med merknader" is not read as "gyldig"
VERDICT_WORDS = sorted(
    [t(f"verdict.{v}", lang).lower() for v in Verdict for lang in ("nb", "en")], key=len, reverse=True
)


def verdict_word(ui) -> str:
    """The verdict word the banner starts with (the status line follows it)."""
    text = " ".join(ui.text_of("verdict-banner").lower().split())
    return next((w for w in VERDICT_WORDS if text.startswith(w)), text)


def test_manual_entry_of_a_valid_card_shows_valid_with_the_employer(ui, clean_sandbox):
    ui.wait_id("sandbox-banner")  # the app knows it talks to a sandbox: the data is not real
    ui.type_into("manual-entry", "10000001")
    ui.click("check-button")
    ui.wait_text("verdict-banner", r"gyldig")
    assert verdict_word(ui) == "gyldig"
    assert "Eksempel Bygg AS" in ui.text_of("employer")
    assert "123456785" in ui.text_of("employer")
    ui.shot("e2e_manual_valid")


def test_a_malformed_card_number_gets_a_message_and_no_verdict(ui, clean_sandbox):
    ui.type_into("manual-entry", "1234")
    ui.click("check-button")
    ui.page.get_by_text("8 siffer").last.wait_for(state="visible")
    assert ui.by_id("verdict-banner").count() == 0
    ui.shot("e2e_manual_malformed")


def test_503_from_the_status_api_is_unverified_never_green_and_offers_try_again(ui, clean_sandbox):
    clean_sandbox.inject(kind="status", status=503, retry_after=0, count=None)
    ui.type_into("manual-entry", "10000001")
    ui.click("check-button")
    ui.wait_text("verdict-banner", r"ikke bekreftet")
    assert verdict_word(ui) == "ikke bekreftet"
    assert ui.by_id("employer").count() == 0
    ui.wait_id("try-again")
    ui.shot("e2e_unverified_503")
    # once the service answers again, "try again" gives the real verdict
    clean_sandbox.clear_faults()
    ui.click("try-again")
    ui.wait_text("verdict-banner", r"^gyldig")
    assert verdict_word(ui) == "gyldig"


def test_switching_to_english_translates_the_screens(ui, clean_sandbox):
    ui.click("language-switch")
    ui.wait_text("scan-button", r"start camera")
    ui.wait_text("sandbox-banner", r"test mode")
    ui.type_into("manual-entry", "10000001")
    ui.click("check-button")
    ui.wait_text("verdict-banner", r"valid")
    assert verdict_word(ui) == "valid"
    ui.wait_text("scan-next", r"scan next")
    ui.shot("e2e_english_result")
    ui.click("settings-button")
    ui.wait_id("secret-storage-note")
    ui.shot("e2e_english_settings")


def test_the_camera_reads_a_lost_card_and_shows_blocked_lost_with_the_holder(
    browsers, app_url, artifacts, clean_sandbox
):
    ui = open_app(browsers("10000004_back.png"), app_url, artifacts)
    try:
        ui.click("scan-button")
        ui.wait_text("verdict-banner", r"sperret.*tapt", timeout=CAMERA_TIMEOUT_MS)
        assert verdict_word(ui) == "ugyldig"
        assert "Piotr Testowy" in ui.text_of("holder-name")
        assert "Fjellstøtt Entreprenør AS" in ui.text_of("employer")
        ui.wait_id("holder-photo")
        ui.shot("e2e_camera_10000004_blocked")
    finally:
        ui.page.context.close()


def test_a_hostile_qr_through_the_camera_is_suspicious_and_never_looked_up(
    browsers, app_url, artifacts, clean_sandbox
):
    # A fault armed for the next status call stays armed if the app never calls the status API.
    clean_sandbox.inject(kind="status", status=500, retry_after=0, count=1, path="/v1/")
    ui = open_app(browsers("hostile_qr.png"), app_url, artifacts)
    try:
        ui.click("scan-button")
        ui.wait_text("verdict-banner", r"mistenkelig", timeout=CAMERA_TIMEOUT_MS)
        assert verdict_word(ui) == "ugyldig"
        assert "forfalsket" in ui.text_of("suspicious-warning")
        assert ui.by_id("employer").count() == 0
        assert ui.by_id("holder-name").count() == 0
        ui.shot("e2e_camera_hostile_qr")
    finally:
        ui.page.context.close()
    remaining = [f for f in clean_sandbox.active_faults() if f.get("status") == 500]
    assert [f["remaining"] for f in remaining] == [1], "the app called the status API"


def test_use_a_photo_reads_the_card_from_an_image_file(ui, clean_sandbox):
    with ui.page.expect_file_chooser(timeout=15_000) as chooser:
        ui.click("photo-button")
    chooser.value.set_files(str(SAMPLES / "10000001_back.png"))
    ui.wait_text("verdict-banner", r"gyldig")
    assert verdict_word(ui) == "gyldig"
    assert "Ola Testmann" in ui.text_of("holder-name")  # a QR lookup: the holder is shown
    ui.shot("e2e_photo_10000001")


def test_a_photo_without_a_code_says_so_and_stays_on_the_scan_screen(ui, clean_sandbox):
    with ui.page.expect_file_chooser(timeout=15_000) as chooser:
        ui.click("photo-button")
    chooser.value.set_files(str(SAMPLES / "10000001_front.png"))
    ui.wait_text("scan-message", r"fant ingen")
    assert ui.by_id("verdict-banner").count() == 0
    ui.shot("e2e_photo_no_code")


def test_settings_save_a_new_secret_and_show_it_only_masked(ui, clean_sandbox):
    ui.click("settings-button")
    ui.wait_text("secret-storage-note", r"bare i minnet")  # web: no secure storage, and it says so
    ui.type_into("client-secret", clean_sandbox.client_secret)
    ui.click("settings-save")
    ui.wait_id("settings-saved")
    page_text = ui.page.locator("flt-semantics").first.inner_text()
    assert clean_sandbox.client_secret not in page_text
    assert "••••" + clean_sandbox.client_secret[-4:] in page_text
    ui.shot("e2e_settings_saved")
    ui.click("back-button")
    ui.type_into("manual-entry", "10000001")
    ui.click("check-button")
    ui.wait_text("verdict-banner", r"gyldig")  # the rebuilt services work
    assert verdict_word(ui) == "gyldig"
