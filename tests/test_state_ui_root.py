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
        client_secret=None,
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


async def test_a_card_on_the_reader_goes_to_the_newest_session_and_all_sessions_see_ready(sandbox, tmp_path):
    loop = asyncio.get_running_loop()

    def run_task(fn, *args):  # what page.run_task does for a session: the coroutine on the app's loop
        return asyncio.run_coroutine_threadsafe(fn(*args), loop)

    with CardSimulator(reference_sim_card("10000001")) as sim:
        root = UiRoot(lambda: _settings_for(sandbox, tmp_path, nfc_device=sim.path, sandbox=True))
        older = AppState(checker=root.checker(), decode=root.decoder)
        newer = AppState(checker=root.checker(), decode=root.decoder)
        try:
            await root._finish_start(older, run_task)
            await root._finish_start(newer, run_task)
            for _ in range(200):  # the reader opens, senses the card and reads 4K sectors: ~1-2 s
                if newer.result is not None:
                    break
                await asyncio.sleep(0.05)
            assert older.reader_state == newer.reader_state == "READY"
            assert newer.screen is Screen.RESULT and newer.result.verdict is Verdict.VALID
            assert isinstance(newer.result.ref, ChipRef) and newer.result.ref.chip_data is not None
            assert newer.result.card.holder.full_name == "Ola Testmann"
            assert older.result is None
        finally:
            root.reader.stop()
            await (await root.services()).aclose()


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
    await root.apply(real, state)
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
