"""The app's composition root (app/ui_root.py) with real parts: the scanner's decoders on sample
cards, services against the session's sandbox over loopback, and the chip reader against the NFC
card simulator on a loopback UDP port."""

from __future__ import annotations

import asyncio
import tomllib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps

from app.bootstrap import ENHETSREGISTERET_URL, register_urls
from app.i18n import t
from app.model import ChipRef, RawFrame, Verdict
from app.settings import Settings
from app.state.app_state import AppState, Screen
from app.state.settings_state import SettingsState, SettingsValues
from app.ui_root import CodeDecoder, UiRoot, chip_key, gray_of
from sandbox.nfc_sim import CardSimulator, reference_sim_card
from sandbox.reference_cards import SANDBOX_CHIP_KEY
from views.secret_store import SecureSecretStore

SAMPLES = Path(__file__).resolve().parents[1] / "assets" / "sample_cards"


def _png(image: Image.Image) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_the_decoder_reads_the_qr_code_on_a_sample_card_photo():
    codes = CodeDecoder()((SAMPLES / "10000001_back.png").read_bytes(), still=True)
    assert any(c.symbology == "qr" and "hmskort.no" in c.text for c in codes)


def test_the_decoder_flips_a_mirrored_camera_frame_back_before_reading_the_barcode():
    mirrored = _png(ImageOps.mirror(Image.open(SAMPLES / "10000001_back.png").convert("L")))
    decoder = CodeDecoder()
    codes = decoder(mirrored, mirrored=True, still=True)
    assert any(c.symbology == "barcode" for c in codes), codes


def test_a_bgra_stream_frame_becomes_its_luminance_and_a_yuv_frame_its_y_plane():
    red_then_green = bytes([0, 0, 255, 255, 0, 255, 0, 255])  # B, G, R, A
    gray = gray_of(RawFrame(2, 1, "bgra8888", red_then_green))
    assert gray.dtype == np.uint8  # what the scanner's readers take
    assert gray.tolist() == [[76, 149]]  # 0.299 R and 0.587 G: the channel order is right
    y_plane, chroma = bytes([10, 20, 30, 40]), bytes([128, 128])
    assert gray_of(RawFrame(2, 2, "nv21", y_plane + chroma)).tolist() == [[10, 20], [30, 40]]


def test_the_chip_key_is_the_settings_key_else_the_sandbox_key_only_in_sandbox_mode():
    assert chip_key(Settings(nfc_key="FFFFFFFFFFFF"), sandbox_mode=False) == bytes(6 * [0xFF])
    assert chip_key(Settings(), sandbox_mode=True) == SANDBOX_CHIP_KEY
    assert chip_key(Settings(), sandbox_mode=False) is None


def _settings_for(server, tmp_path: Path, **extra) -> Settings:
    return Settings(
        api_url=server.url,
        client_id=server.client_id,
        client_secret=server.client_secret,
        settings_file=tmp_path / "settings.toml",
        **extra,
    )


async def test_services_are_built_once_and_a_sandbox_api_is_a_sandbox_because_the_settings_say_so(
    sandbox, tmp_path
):
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path, sandbox=True))
    assert root.sandbox_mode is True  # before the services answer: the settings say so
    first, again = await asyncio.gather(root.services(), root.services())
    try:
        assert first is again
        assert root.sandbox_mode is True and first.sandbox_mode is True
        assert root.client_secret() == sandbox.client_secret
        result = await root.checker().check_text("10000001", symbology="typed")
        assert result.verdict is Verdict.VALID
        # a photo of a card's back: both codes decoded, then checked by the services
        codes = root.decoder((SAMPLES / "10000004_back.png").read_bytes(), still=True)
        assert {c.symbology for c in codes} == {"qr", "barcode"}
        scanned = await root.checker().check_codes(codes)
        assert (scanned.verdict, scanned.reason, scanned.ref.kind) == (Verdict.INVALID, "TAPT", "qr")
    finally:
        await first.aclose()


async def test_an_api_is_never_probed_for_being_a_sandbox(sandbox, tmp_path):
    """Without the setting, even the sandbox's own address is treated as a real API: no banner, the
    real registers, and no request to /_sandbox/health."""
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path))
    services = await root.services()
    try:
        assert root.sandbox_mode is False and services.sandbox_mode is False
        assert register_urls(services.settings, None)[0] == ENHETSREGISTERET_URL
    finally:
        await services.aclose()


async def test_a_new_api_address_in_the_settings_screen_is_not_a_sandbox_by_inheritance(sandbox, tmp_path):
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path, sandbox=True))
    old = await root.services()
    state = AppState(checker=root.checker(), decode=root.decoder)
    moved = SettingsValues(
        api_url=sandbox.url.replace("127.0.0.1", "localhost"),  # another address, typed in
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        qr_hosts=("hmskort.no",),
        language="nb",
    )
    await root.apply(moved, state)
    new = await root.services()
    try:
        assert old.http.is_closed
        assert new.sandbox_mode is False and state.sandbox is False
    finally:
        await new.aclose()


async def test_applying_new_settings_rebuilds_the_services_and_saves_them_without_the_secret(
    sandbox, tmp_path
):
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path, sandbox=True))
    old = await root.services()
    state = AppState(checker=root.checker(), decode=root.decoder, fatal="earlier failure")
    values = SettingsValues(
        api_url=sandbox.url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        qr_hosts=("hmskort.no",),
        language="en",
    )
    await root.apply(values, state)
    new = await root.services()
    try:
        assert new is not old
        assert old.http.is_closed
        assert state.fatal is None and state.sandbox is True
        saved = (tmp_path / "settings.toml").read_text()
        assert sandbox.client_secret not in saved
        assert tomllib.loads(saved)["qr_hosts"] == ["hmskort.no"]
        assert (await state.checker.check_text("10000001", symbology="typed")).verdict is Verdict.VALID
    finally:
        await new.aclose()


async def test_settings_that_cannot_work_leave_the_old_services_in_place(sandbox, tmp_path):
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path))
    old = await root.services()
    state = AppState(checker=root.checker(), decode=root.decoder)
    half = SettingsValues(
        api_url="https://api.example.invalid",
        client_id="",
        client_secret="a-new-secret-1234",
        qr_hosts=("hmskort.no",),
        language="nb",
    )
    try:
        with pytest.raises(Exception, match="HMSKORT_CLIENT_ID"):
            await root.apply(half, state)
        assert await root.services() is old and not old.http.is_closed
        assert not (tmp_path / "settings.toml").exists()
    finally:
        await old.aclose()


async def test_a_card_on_the_reader_goes_only_to_the_session_whose_user_acted_last(sandbox, tmp_path):
    loop = asyncio.get_running_loop()

    def run_task(fn, *args):  # what page.run_task does for a session: the coroutine on the app's loop
        return asyncio.run_coroutine_threadsafe(fn(*args), loop)

    with CardSimulator(reference_sim_card("10000001")) as sim:
        sim.lift()
        root = UiRoot(lambda: _settings_for(sandbox, tmp_path, nfc_device=sim.path, sandbox=True))
        acted = AppState(checker=root.checker(), decode=root.decoder)
        opened = AppState(checker=root.checker(), decode=root.decoder)
        try:
            await root._finish_start(acted, run_task)
            await root._finish_start(opened, run_task)  # opened later, but its user did nothing
            for _ in range(200):
                if acted.reader_state == opened.reader_state == "READY":
                    break
                await asyncio.sleep(0.05)
            acted.touch()  # the inspector taps the screen in front of the reader
            sim.put_back()
            for _ in range(200):  # the reader senses the card and reads 4K sectors: ~1-2 s
                if acted.result is not None:
                    break
                await asyncio.sleep(0.05)
            assert acted.screen is Screen.RESULT and acted.result.verdict is Verdict.VALID
            assert isinstance(acted.result.ref, ChipRef) and acted.result.ref.chip_data is not None
            assert acted.result.card.holder.full_name == "Ola Testmann"
            await asyncio.sleep(0.5)
            assert (opened.result, opened.busy) == (None, False), "holder data reached a second session"
        finally:
            root.reader.stop()
            await (await root.services()).aclose()


def test_the_chip_target_is_the_connected_session_in_front_that_acted_last():
    from app.ui_root import chip_target

    def session(acted_at, screen=Screen.SCAN, connected=True):
        s = AppState(checker=None, decode=None)
        s.last_interaction, s.screen, s.connected = acted_at, screen, connected
        return (s, None)

    merely_opened = session(None)
    assert chip_target([merely_opened]) is None
    first, last = session(1.0), session(2.0)
    assert chip_target([merely_opened, last, first])[0] is last[0]
    in_settings = session(3.0, Screen.SETTINGS)
    assert chip_target([first, in_settings])[0] is first[0]  # the reader view is not in front there
    assert chip_target([in_settings])[0] is in_settings[0]  # only one: it says "hold the card again"
    gone = session(4.0, connected=False)
    assert chip_target([first, gone])[0] is first[0]


async def test_a_new_api_address_never_gets_the_old_secret_and_a_failed_token_fetch_keeps_the_old_services(
    sandbox, tmp_path
):
    from dataclasses import replace

    from app.state.settings_state import ConnectionTestFailed, SecretNeeded

    root = UiRoot(lambda: _settings_for(sandbox, tmp_path))
    old = await root.services()
    state = AppState(checker=root.checker(), decode=root.decoder)
    other = SettingsValues(
        api_url=sandbox.url + "/",  # another address (even of the same server) is another host
        client_id=sandbox.client_id,
        client_secret=None,
        qr_hosts=("hmskort.no",),
        language="nb",
    )
    try:
        with pytest.raises(SecretNeeded):
            await root.apply(other, state)
        wrong = replace(other, client_secret="wrong-secret-0000")
        with pytest.raises(ConnectionTestFailed):
            await root.apply(wrong, state)  # the token fetch says the secret is wrong
        assert await root.services() is old and root.generation == 0
        await root.apply(wrong, state, test=False)  # "keep anyway"
        assert root.generation == 1 and state.api_generation == 1
    finally:
        await old.aclose()
        await (await root.services()).aclose()


async def test_new_settings_reach_every_open_session_and_an_answer_from_the_old_api_is_never_shown(
    sandbox, tmp_path
):
    from dataclasses import replace

    loop = asyncio.get_running_loop()
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path))
    mine = AppState(checker=root.checker(), decode=root.decoder)
    theirs = AppState(checker=root.checker(), decode=root.decoder)

    def run_task(fn, *args):
        return asyncio.ensure_future(fn(*args))

    await root._finish_start(mine, run_task)
    await root._finish_start(theirs, run_task)
    old = await root.services()
    sandbox.inject(kind="delay", delay_ms=1500, count=1)
    theirs.set_manual_text("10000001")
    pending = asyncio.ensure_future(theirs.check_manual())  # asked of the old API ...
    await asyncio.sleep(0.3)
    values = SettingsValues(
        api_url=sandbox.url,
        client_id=sandbox.client_id,
        client_secret=sandbox.client_secret,
        qr_hosts=("hmskort.no", "example.org"),
        language="nb",
    )
    await root.apply(replace(values), mine)  # ... while another session applies new settings
    await asyncio.sleep(0.05)
    assert theirs.api_generation == root.generation == 1  # shown at once, before any answer
    await pending
    assert theirs.result is None and theirs.message == "trust.settings.changed"
    sandbox.clear_faults()
    await theirs.check_manual()
    assert theirs.verdict is Verdict.VALID and theirs.api_generation == 1
    await old.aclose()
    await (await root.services()).aclose()
    del loop


async def test_new_settings_drop_the_sandbox_result_so_it_never_shows_without_the_banner(sandbox, tmp_path):
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path, sandbox=True))
    state = AppState(checker=root.checker(), decode=root.decoder)
    await root._finish_start(state, run_task=None)
    old = await root.services()
    state.set_manual_text("10000001")
    await state.check_manual()
    assert (state.sandbox, state.verdict) == (True, Verdict.VALID)
    state.open_settings()
    real = SettingsValues(
        api_url="https://api.example.invalid",
        client_id="real-client",
        client_secret="s3cret-value-1234",
        qr_hosts=("hmskort.no",),
        language="nb",
    )
    await root.apply(real, state, test=False)  # nothing answers there: kept anyway
    try:
        state.close_settings()
        assert state.sandbox is False
        assert (state.screen, state.result, state.photo) == (Screen.SCAN, None, None)
    finally:
        await old.aclose()
        await (await root.services()).aclose()


class KeptSecret:
    """The `SecretStore` port as the phone's secure storage behaves: it outlives the process."""

    persistent = True

    def __init__(self, secret: str | None) -> None:
        self.secret = secret

    async def load(self) -> str | None:
        return self.secret

    async def save(self, secret: str) -> None:
        self.secret = secret


def _saved_without_secret(sandbox, tmp_path: Path) -> Path:
    path = tmp_path / "settings.toml"
    Settings(api_url=sandbox.url, client_id=sandbox.client_id, settings_file=path).save()
    assert sandbox.client_secret not in path.read_text()
    return path


async def test_after_a_restart_the_secret_saved_in_the_settings_screen_is_used_again(sandbox, tmp_path):
    path = _saved_without_secret(sandbox, tmp_path)
    root = UiRoot(lambda: Settings.load(env={}, path=path))  # the app started again
    state = AppState(checker=root.checker(), decode=root.decoder)
    await root.start_session(state, run_task=None, store=KeptSecret(sandbox.client_secret))
    try:
        assert state.fatal is None
        assert (await state.checker.check_text("10000001", symbology="typed")).verdict is Verdict.VALID
        assert sandbox.client_secret not in path.read_text()  # still never on disk
    finally:
        await (await root.services()).aclose()


async def test_a_secret_from_the_environment_is_not_replaced_by_the_stored_one(sandbox, tmp_path):
    root = UiRoot(lambda: _settings_for(sandbox, tmp_path))
    assert await root.adopt_stored_secret(KeptSecret("an-older-secret-9999")) is False
    assert root.client_secret() == sandbox.client_secret


async def test_without_a_stored_secret_the_start_failure_says_to_enter_it_in_settings(sandbox, tmp_path):
    path = _saved_without_secret(sandbox, tmp_path)
    root = UiRoot(lambda: Settings.load(env={}, path=path))
    state = AppState(checker=root.checker(), decode=root.decoder)
    # a browser after a restart: no secure storage, memory only, so nothing kept (as main.py makes it)
    web = SecureSecretStore(None, initial=root.client_secret())
    await root.start_session(state, run_task=None, store=web)
    assert state.fatal and state.fatal_hint == "ui.fatal.secret_missing"
    assert "client secret" in t(state.fatal_hint, "en").lower()
    assert "klienthemmelighet" in t(state.fatal_hint, "nb").lower()
    # and the settings screen does not claim one is stored
    form = SettingsState(store=web, apply=None)
    await form.load_secret_hint()
    assert form.secret_hint == ""


async def test_served_mode_leaves_the_servers_own_chip_reader_off(sandbox, tmp_path):
    # the same reader setting that reads the card in the test above; served, no remote phone is near it
    with CardSimulator(reference_sim_card("10000001")) as sim:
        root = UiRoot(lambda: _settings_for(sandbox, tmp_path, nfc_device=sim.path), served=True)
        state = AppState(checker=root.checker(), decode=root.decoder)
        try:
            await root._finish_start(state, run_task=None)
            await asyncio.sleep(0.5)
            assert not root.reader.started
            assert state.reader_state is None and state.result is None
        finally:
            root.reader.stop()
            await (await root.services()).aclose()


def _crew_csv(cards: list[str]) -> bytes:
    lines = ["Navn;Kortnummer;Orgnr"] + [f"Person {i};{card};" for i, card in enumerate(cards)]
    return ("\n".join(lines) + "\n").encode()


async def test_a_served_users_crew_list_runs_within_their_row_allowance_and_is_journaled_as_them(
    sandbox, tmp_path
):
    """Issue 13 item 3: in served mode a crew list counts against its user's own daily allowance of
    rows (not the lookup limit), is refused whole and before any lookup when over it, and its rows
    are journaled as the signed-in user."""
    from app.services.limits import AllowedCrewLists
    from app.state.bulk_state import BulkPhase, BulkState

    settings = _settings_for(sandbox, tmp_path, sandbox=True, data_dir=tmp_path / "data", crew_rows_per_day=5)
    root = UiRoot(lambda: settings, served=True)
    services = await root.services()
    try:
        run_list = AllowedCrewLists(root.checker().check_crew_list, root.crew_allowance(), "ina-sub")
        bulk = BulkState(run_list=run_list, allowance=run_list.left)
        assert bulk.allowance_note("nb") == t("bulk.allowance", "nb", left=5, limit=5)
        await bulk.open_file("liste.csv", _crew_csv(["10000001", "10000004", "10000007"]), "nb")
        assert bulk.phase is BulkPhase.DONE and bulk.counts["rows"] == 3
        journal = await root.journal()
        entries = await journal.checks_of(None)
        assert {(e.record.user, e.record.card_number) for e in entries} == {
            ("ina-sub", "10000001"),
            ("ina-sub", "10000004"),
            ("ina-sub", "10000007"),
        }
        bulk.reset()
        await bulk.open_file("neste.csv", _crew_csv(["10000002", "10000003", "10000005"]), "nb")
        assert bulk.phase is BulkPhase.FAILED
        assert bulk.error == t("bulk.over_allowance", "nb", rows=3, left=2, limit=5)
        assert bulk.allowance_note("en") == t("bulk.allowance", "en", left=2, limit=5)
        assert not bulk.lists_off
        assert len(await journal.checks_of(None)) == 3  # nothing of the refused list was looked up
        # another user has an allowance of their own
        other = BulkState(
            run_list=AllowedCrewLists(root.checker().check_crew_list, root.crew_allowance(), "ola")
        )
        await other.open_file("neste.csv", _crew_csv(["10000002", "10000003", "10000005"]), "nb")
        assert other.phase is BulkPhase.DONE
    finally:
        await services.aclose()
        (await root.journal()).close()


async def test_a_served_process_warms_up_its_services_and_journal_before_anyone_signs_in(sandbox, tmp_path):
    settings = _settings_for(sandbox, tmp_path, sandbox=True, data_dir=tmp_path / "data")
    root = UiRoot(lambda: settings, served=True)
    await root.warm()
    services = await root.services()
    try:
        assert root._services is services and root._journal is not None  # both ready, no session yet
    finally:
        await services.aclose()
        (await root.journal()).close()


async def test_two_served_processes_share_each_users_lookup_limit_and_row_allowance(
    sandbox, tmp_path, journal_store
):
    """Issue 13: two app processes of one deployment (two roots on the same database) count one
    user's lookups and crew rows together: a second process (a dropped sticky cookie, a second
    session) gives no second allowance."""
    from app.model import CardNumberRef, ReasonCode, Verdict
    from app.services.limits import LimitedChecker

    url, data_dir = journal_store
    settings = _settings_for(
        sandbox,
        tmp_path,
        sandbox=True,
        data_dir=data_dir,
        database_url=url,
        lookups_per_10_min=3,
        crew_rows_per_day=5,
    )
    roots = [UiRoot(lambda: settings, served=True), UiRoot(lambda: settings, served=True)]
    await roots[0].warm()
    checkers = [LimitedChecker(root.checker(), root.lookup_limiter(), "ina-sub") for root in roots]
    try:
        ref = CardNumberRef("10000001")
        first = [await checkers[0].check(ref), await checkers[1].check(ref), await checkers[0].check(ref)]
        assert [r.verdict for r in first] == [Verdict.VALID] * 3
        for checker in checkers:  # the fourth is refused on either process, and not looked up
            over = await checker.check(ref)
            assert over.verdict is Verdict.UNVERIFIED and over.reason == ReasonCode.LOOKUP_LIMIT.value
        other = LimitedChecker(roots[1].checker(), roots[1].lookup_limiter(), "ola-sub")
        assert (await other.check(ref)).verdict is Verdict.VALID  # another user has her own
        roots[0].crew_allowance().take("ina-sub", 4)
        assert roots[1].crew_allowance().left("ina-sub") == 1
    finally:
        for root in roots:
            if root._services is not None:
                await root._services.aclose()
            if (journal := await root.journal()) is not None:
                journal.close()


async def test_a_session_whose_page_is_gone_gets_no_more_rechecks_and_the_others_still_do(sandbox, tmp_path):
    """Re-checks reach each session through its page's run_task; a page that is gone (Flet raises:
    no connection) ends that session's subscription, as settings news does, instead of failing and
    being logged on every pass while the other sessions keep getting theirs."""
    from app.model import CardNumberRef, CheckMethod, CheckResult
    from app.state.journal_state import JournalState

    root = UiRoot(lambda: _settings_for(sandbox, tmp_path, sandbox=True, data_dir=tmp_path / "data"))
    services = await root.services()
    calls = {"gone": 0, "open": 0}

    def gone(fn, *args):
        calls["gone"] += 1
        raise AttributeError("'NoneType' object has no attribute 'loop'")  # what Flet raises then

    def open_page(fn, *args):
        calls["open"] += 1
        return asyncio.ensure_future(fn(*args))

    sessions = []
    for run_task in (gone, open_page):
        state, journal_state = AppState(checker=root.checker(), decode=root.decoder), JournalState()
        await root._attach_journal(state, run_task, journal_state)
        sessions.append(journal_state)
    try:
        for number in ("10000001", "10000002"):
            ref = CardNumberRef(number)
            # as a check that could not reach the API ends (NETWORK): journaled as pending
            await root.record(
                CheckResult(Verdict.UNVERIFIED, "NETWORK", ref), CheckMethod.TYPED, ref, sessions[1]
            )
            outcome = await root.rechecker.run_once()
            assert len(outcome.rechecked) == 1
        assert calls == {"gone": 1, "open": 2}
    finally:
        await services.aclose()
        (await root.journal()).close()
