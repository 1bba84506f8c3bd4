"""Trust on screen (issue 10) in headless Chromium: the quiet period after a verdict, the connection
guard, progress at once."""

from __future__ import annotations

import asyncio
import time

import pytest

from app.i18n import t
from tests.e2e.conftest import open_app
from tests.e2e.test_app_e2e import CAMERA_TIMEOUT_MS, verdict_word

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

SMALL = {"width": 320, "height": 568}


async def enter_number(ui, number: str) -> None:
    """Type a card number and make sure all of it arrived: on a loaded machine a keystroke can be
    overtaken by the field's echo from the server (the text field is the state's)."""
    for _ in range(3):
        await ui.type_into("manual-entry", number)
        await ui.page.wait_for_timeout(300)
        if number in await ui.page.locator("input, textarea").first.input_value():
            return
    raise AssertionError(f"could not type {number}")


async def test_a_card_left_in_front_of_the_camera_after_scan_next_gives_no_new_verdict_for_5_s(
    browsers, app_url, artifacts, clean_sandbox
):
    ui = await open_app(await browsers("10000004_back.png"), app_url, artifacts)
    try:
        await ui.click("scan-button")
        await ui.wait_text("verdict-banner", r"sperret", timeout=CAMERA_TIMEOUT_MS)
        assert "1000 0004" in await ui.text_of("card-number-big")  # the card number, large
        await ui.shot("e2e_trust_camera_verdict_card_number")
        clicked = time.monotonic()
        await ui.click("scan-next")
        # The camera starts again and sees the same card: said, not checked.
        await ui.wait_text("scan-message", t("trust.scan.same_card", "nb"), timeout=CAMERA_TIMEOUT_MS)
        await ui.shot("e2e_trust_same_card")
        while time.monotonic() - clicked < 4.8:
            assert await ui.count("verdict-banner") == 0, "a new verdict within 5 s of scan next"
            await asyncio.sleep(0.2)
        # Left there past the quiet period, it is checked again (a fresh answer, not a repeat).
        await ui.wait_text("verdict-banner", r"sperret", timeout=CAMERA_TIMEOUT_MS)
        assert time.monotonic() - clicked >= 5.0
    finally:
        await ui.page.context.close()


async def test_try_again_and_every_check_show_progress_at_once(ui, clean_sandbox):
    clean_sandbox.inject(kind="status", status=503, retry_after=0, count=None)
    await enter_number(ui, "10000001")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", r"ikke bekreftet")
    clean_sandbox.clear_faults()
    clean_sandbox.inject(kind="delay", delay_ms=3000, count=1)
    await ui.click("try-again")
    await ui.wait_id("checking", timeout=1000)  # while the answer takes 3 s
    await ui.shot("e2e_trust_try_again_progress")
    await ui.wait_text("verdict-banner", r"^\s*gyldig")
    await ui.click("scan-next")
    clean_sandbox.inject(kind="delay", delay_ms=3000, count=1)
    await enter_number(ui, "10000002")
    await ui.click("check-button")
    await ui.wait_id("checking", timeout=1000)
    await ui.wait_text("verdict-banner", r"gyldig")
    assert await verdict_word(ui) == "gyldig med merknader"
