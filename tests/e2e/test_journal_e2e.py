"""The journal in the real app (issue 14): start a round, check three cards (one invalid), end the
round, download its PDF, and read the PDF's text back with pypdf: the counts, and the invalid card
first. The app runs with a journal folder of its own."""

from __future__ import annotations

import io

import pytest
import pytest_asyncio
from pypdf import PdfReader

from tests.e2e.conftest import AppProcess, open_app

pytestmark = [pytest.mark.e2e, pytest.mark.asyncio(loop_scope="session")]


@pytest.fixture(scope="module")
def journal_app(sandbox, artifacts, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("e2e-journal")
    with AppProcess(sandbox, artifacts, "journal", HMSKORT_DATA_DIR=str(data_dir)) as app:
        yield app.launch_url, data_dir


@pytest_asyncio.fixture(loop_scope="session")
async def jui(browsers, journal_app, artifacts):
    url, _ = journal_app
    ui = await open_app(await browsers(None), url, artifacts)
    yield ui
    await ui.page.context.close()


async def _check(ui, number: str, verdict_pattern: str) -> None:
    await ui.type_into("manual-entry", number)
    await ui.click("check-button")
    await ui.wait_text("verdict-banner", verdict_pattern)
    await ui.wait_text("journal-recorded", r"registrert i journalen")
    await ui.click("scan-next")
    await ui.wait_id("manual-entry")


async def test_a_round_of_three_checks_gives_a_pdf_with_the_counts_and_the_invalid_card_first(
    jui, clean_sandbox, artifacts
):
    ui = jui
    await ui.click("journal-button")
    await ui.wait_id("round-start")
    await ui.type_into("round-site", "Bjørvika Łódź-brakka")
    await ui.type_into("round-address", "Dronning Eufemias gate 1")
    await ui.click("round-start")
    await ui.wait_text("round-current", r"Bjørvika")
    await ui.shot("e2e_journal_round_started")
    await ui.click("back-button")

    await _check(ui, "10000001", r"\bgyldig")
    await _check(ui, "10000004", r"\bugyldig")
    await _check(ui, "10000007", r"\bgyldig")

    await ui.click("journal-button")
    await ui.click("round-end")
    await ui.wait_id("round-start")
    await ui.wait_text("round-checks", r"10000004.*10000001|10000004.*10000007")
    await ui.shot("e2e_journal_round_ended")
    async with ui.page.expect_download(timeout=30_000) as download_info:
        await ui.click("export-pdf")
    download = await download_info.value
    path = artifacts / "e2e_journal_round.pdf"
    await download.save_as(str(path))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Bjørvika Łódź-brakka" in text
    assert "Antall kontroller 3" in " ".join(text.split()) or "Antall kontroller\n3" in text
    flat = " ".join(text.split())
    assert "Ugyldig 1" in flat and "Gyldig 2" in flat
    assert flat.index("10000004") < flat.index("10000001") and flat.index("10000004") < flat.index("10000007")
