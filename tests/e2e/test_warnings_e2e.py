"""Cross-check warnings on the result screen (issue 6), end to end: a card that is valid but has a
warning gets the amber "valid with warnings" banner, never the green one, and the warning itself is
on the first screen, above the facts."""

from __future__ import annotations

import pytest

from app.i18n import t
from tests.e2e.test_app_e2e import verdict_word

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]

WARNING_WORD = t("verdict.valid_with_warnings", "nb").lower()


async def _warnings_in_first_screen(ui) -> str:
    """The warnings' text, after checking that the whole box is inside the 640 px viewport."""
    box = await (await ui.wait_id("warnings")).bounding_box()
    banner = await ui.by_id("verdict-banner").bounding_box()
    assert box is not None and banner is not None
    assert banner["y"] + banner["height"] <= box["y"] + 1, "the warnings come right under the verdict"
    assert box["y"] + box["height"] <= ui.page.viewport_size["height"], "warnings below the fold"
    return await ui.text_of("warnings")


async def test_an_employer_gone_bankrupt_gives_valid_with_warnings_and_says_so(ui, clean_sandbox):
    await ui.type_into("manual-entry", "10000009")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", WARNING_WORD)
    assert await verdict_word(ui) == WARNING_WORD
    text = await _warnings_in_first_screen(ui)
    assert "konkurs" in text and "Enhetsregisteret" in text
    await ui.shot("e2e_warning_bankrupt_employer")


async def test_a_card_that_expires_soon_gives_valid_with_warnings_and_says_when(ui, clean_sandbox):
    await ui.type_into("manual-entry", "10000002")
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", WARNING_WORD)
    assert await verdict_word(ui) == WARNING_WORD
    assert "utløper" in await _warnings_in_first_screen(ui)
    await ui.shot("e2e_warning_expires_soon")
