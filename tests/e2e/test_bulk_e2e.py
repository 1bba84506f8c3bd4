"""The crew-list screen in the real UI: pick a CSV, see the rows non-valid first, export the results."""

from __future__ import annotations

import csv
import io

from tests.e2e.conftest import open_app

ROWS = [
    ("Ola Nordmann", "10000001", ""),
    ("Kari Nordmann", "10000004", ""),
    ("Per Hansen", "12", ""),
    ("Eva Berg", "10000002", ""),
]


async def test_crew_list_is_checked_shown_non_valid_first_and_exported(
    browsers, app_url, artifacts, tmp_path
):
    source = tmp_path / "mannskap.csv"
    source.write_bytes(
        ("Navn;Kortnummer;Orgnr\r\n" + "".join(f"{n};{c};{o}\r\n" for n, c, o in ROWS)).encode("utf-8-sig")
    )
    ui = await open_app(await browsers(None), app_url, artifacts)
    try:
        await ui.click("bulk-open")
        await ui.wait_id("bulk-pick")
        await ui.page.wait_for_timeout(1000)
        await ui.shot("e2e_bulk_pick_360")
        async with ui.page.expect_file_chooser(timeout=15_000) as chooser:
            await ui.click("bulk-pick")
        await (await chooser.value).set_files(str(source))
        summary = await ui.wait_text("bulk-summary", r"1 ugyldige")
        assert "1 med merknader" in summary and "1 gyldige" in summary
        page_text = await ui.page.locator("flt-semantics").first.inner_text()
        # the blocked card first, the skipped row named with its row number, names shown
        assert page_text.index("10000004") < page_text.index("10000002") < page_text.index("10000001")
        assert "Rad 4 hoppet over" in page_text
        assert "Kari Nordmann" in page_text
        assert "utløper om" in page_text  # warnings in words, not codes
        await ui.shot("e2e_bulk_done_360")
        await ui.page.set_viewport_size({"width": 360, "height": 740})
        await ui.shot("e2e_bulk_done_360x740")
        await ui.page.set_viewport_size({"width": 320, "height": 568})
        await ui.shot("e2e_bulk_done_320x568")
        async with ui.page.expect_download(timeout=15_000) as download_info:
            await ui.click("bulk-export")
        download = await download_info.value
        assert download.suggested_filename == "mannskap-resultat.csv"
        data = (await download.path()).read_bytes()
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        assert rows[0][3] == "Resultat"
        assert [r[3] for r in rows[1:]] == ["Gyldig", "Ugyldig", "Hoppet over", "Gyldig med merknader"]
    finally:
        await ui.page.context.close()
