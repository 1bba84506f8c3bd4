"""The chip reader in the app, end to end: the app process opens nfcpy's udp driver against the card
simulator (sandbox/nfc_sim.py) in this process, and headless Chromium shows what the inspector sees.

These need their own app processes (the reader device is a process setting); both start together.
"""

from __future__ import annotations

import re

import pytest
import pytest_asyncio

from app.i18n import t
from sandbox.nfc_sim import CardSimulator, reference_sim_card
from tests.e2e.conftest import AppProcess, open_app
from tests.e2e.test_app_e2e import verdict_word

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

#: a USB reader that is not plugged in (no such vendor:product): what a phone-less field kit sees
#: when the reader's cable is loose. (A udp port where nothing answers is "no card", not "no reader".)
ABSENT_READER = "usb:ffff:ffff"


@pytest.fixture(scope="module")
def card_sim():
    """Reference card 10000001 (Ola Testmann) on a simulated reader, lifted until a test puts it down."""
    sim = CardSimulator(reference_sim_card("10000001"))
    sim.lift()
    with sim:
        yield sim


@pytest.fixture(scope="module")
def nfc_apps(sandbox, artifacts, card_sim):
    """Two more app processes: one with the simulated reader, one with a reader that is not there."""
    apps = {
        "reader": AppProcess(sandbox, artifacts, "e2e-nfc", HMSKORT_NFC_DEVICE=card_sim.path),
        "absent": AppProcess(sandbox, artifacts, "e2e-nfc-absent", HMSKORT_NFC_DEVICE=ABSENT_READER),
    }
    try:
        yield {name: app.wait_ready() for name, app in apps.items()}
    finally:
        for app in apps.values():
            app.stop()


@pytest_asyncio.fixture(loop_scope="session")
async def open_nfc_app(browsers, nfc_apps, artifacts):
    pages = []

    async def open_(which: str):
        ui = await open_app(await browsers(None), nfc_apps[which], artifacts)
        pages.append(ui.page)
        return ui

    yield open_
    for page in pages:
        await page.context.close()


async def test_the_scan_screen_says_the_reader_is_ready_and_a_card_on_it_goes_straight_to_the_result(
    open_nfc_app, card_sim, clean_sandbox
):
    ui = await open_nfc_app("reader")
    await ui.wait_text("reader-state", re.escape(t("ui.reader.READY", "nb")))
    await ui.shot("e2e_nfc_reader_ready")
    assert await ui.count("verdict-banner") == 0

    card_sim.put_back()
    try:
        await ui.wait_text("verdict-banner", r"^\s*gyldig")  # no button pressed: the card alone
        assert await verdict_word(ui) == "gyldig"
        assert "Ola Testmann" in await ui.text_of("holder-name")
        chip = await ui.text_of("chip-data")
        assert t("ui.result.chip_title", "nb") in chip  # the chip's own data, labelled as not confirmed
        assert "Ola Testmann" in chip and "Eksempel Bygg AS" in chip
        assert await ui.count("chip-note") == 0  # the chip's data was read and used
        await ui.shot("e2e_nfc_card_result")
    finally:
        card_sim.lift()
    assert card_sim.polls > 0 and any(e.startswith("auth-ok") for e in card_sim.events)


async def test_a_reader_that_is_not_plugged_in_is_named_with_the_fix(open_nfc_app, clean_sandbox):
    ui = await open_nfc_app("absent")
    await ui.wait_text("reader-state", "^Kortleser ikke tilkoblet$")  # plain words (issue 12)
    assert await ui.count("reader-fix") == 0  # no lsusb for the inspector ...
    await ui.click("reader-details")  # ... but one tap away for IT
    fix = t("nfc.fix.no_device", "nb")
    assert await ui.text_of("reader-fix") == fix  # the fix: what to plug in and how to see it
    await ui.shot("e2e_nfc_reader_absent")
    await ui.page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    await ui.click("reader-fix-copy")  # a fix may be a command for a terminal: one tap copies it
    assert await ui.page.evaluate("navigator.clipboard.readText()") == fix
    await ui.type_into("manual-entry", "10000001")  # the rest of the app still works
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", r"^\s*gyldig")
    await ui.click("scan-next")
    await ui.wait_text("reader-state", re.escape(t("ui.reader.NO_DEVICE", "nb")))
