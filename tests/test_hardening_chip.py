"""Issue 9.7: chip UIDs. Only 4- and 7-byte UIDs of the size the card's ATQA announced are looked up;
anything else is a read failure ("hold the card still"), never a verdict. `--chip` takes ASCII hex only.

The reader side runs against the NFC card simulator on loopback UDP (nfcpy's own udp driver), with a
card whose ATQA announces another UID size than the one it answers with.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import InvalidIdentifier
from app.identifiers import chip_code
from app.model import SensedCard
from app.settings import Settings
from app.state.app_state import AppState, Screen
from app.ui_root import UiRoot
from sandbox.nfc_sim import CardSimulator, reference_sim_card
from scanner.nfc.loop import read_card, uid_consistent
from scanner.nfc.values import ChipRead, DataError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("uid_len", "atqa", "ok"),
    [
        (4, 0x0004, True),
        (4, 0x0002, True),
        (7, 0x0044, True),
        (7, 0x0042, True),
        (7, 0x0004, False),  # ATQA says single size, 7 bytes came
        (4, 0x0044, False),  # ATQA says double size, 4 bytes came
        (10, 0x0084, False),  # triple size: no HMS-kort has one
        (5, 0x0004, False),
        (0, 0x0004, False),
    ],
)
def test_only_4_and_7_byte_uids_consistent_with_atqa_are_usable(uid_len, atqa, ok):
    card = SensedCard(uid=bytes(range(1, uid_len + 1)), sak=0x18, atqa=atqa)
    assert uid_consistent(card) is ok
    read = read_card(reader=None, card=card, key=None)  # type: ignore[arg-type]  # no key: no access
    assert read is not None
    assert read.uid_usable is ok
    assert (read.data_error == DataError.BAD_UID) is (not ok)


def test_a_misread_uid_is_never_turned_into_a_lookup():
    read = ChipRead(chip_code="0102030405", uid_len=5, sak=0x18, atqa=0x0004, data_error=DataError.BAD_UID)
    with pytest.raises(ValueError):
        read.to_ref()


@pytest.mark.parametrize(
    "text",
    [
        "891\ufb00EEE6",  # "ﬀ".upper() == "FF"
        "891feee\u0666",  # Arabic-Indic six
        "８９１ＦＥＥＥ６",  # fullwidth
        "89\u20031F EE E6",  # em space between the bytes
        "891FEEE\u0130",
    ],
)
def test_chip_codes_are_ascii_hex_only(text):
    with pytest.raises(InvalidIdentifier, match="ASCII"):
        chip_code(text)


def test_ordinary_chip_code_spellings_still_work():
    assert chip_code("89:1f:ee:e6") == "891FEEE6"
    assert chip_code("89 1F EE E6") == "891FEEE6"
    assert chip_code("04-11-22-33-44-55-66") == "04112233445566"


def test_the_cli_refuses_a_unicode_chip_code_with_exit_2():
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "check", "--chip", "891\ufb00EEE6", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if not k.startswith("HMSKORT_")},
    )
    assert proc.returncode == 2
    assert proc.stdout == "" and "ASCII" in proc.stderr


def _misread_card():
    card = reference_sim_card("10000001")
    # A 4-byte UID on a card whose ATQA announces a 7-byte one.
    return dataclasses.replace(card, sens_res=bytes((0x42, 0x00)))


def test_the_nfc_command_says_read_again_and_gives_no_verdict(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("HMSKORT_")}
    env["HMSKORT_SETTINGS_FILE"] = str(settings)
    with CardSimulator(_misread_card()) as sim:
        proc = subprocess.run(
            [sys.executable, "-m", "app.cli", "nfc", "--device", sim.path, "--json", "--timeout", "20"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=90,
            env=env,
        )
    assert proc.stdout == "", "no verdict, no JSON result"
    assert "Hold kortet stille" in proc.stderr
    assert proc.returncode == 4


async def test_the_app_says_read_again_and_drops_the_last_result(sandbox, tmp_path):
    loop = asyncio.get_running_loop()

    def run_task(fn, *args):
        return asyncio.run_coroutine_threadsafe(fn(*args), loop)

    with CardSimulator(_misread_card()) as sim:
        settings = Settings(
            api_url=sandbox.url,
            client_id=sandbox.client_id,
            client_secret=sandbox.client_secret,
            nfc_device=sim.path,
            settings_file=tmp_path / "settings.toml",
        )
        root = UiRoot(lambda: settings)
        state = AppState(checker=root.checker(), decode=root.decoder)
        state.touch()  # the user has used this session: chip reads go to it (issue 10)
        try:
            await root._finish_start(state, run_task)
            for _ in range(400):
                if state.message == "nfc.read_again":
                    break
                await asyncio.sleep(0.05)
            assert state.message == "nfc.read_again"
            assert state.result is None and state.screen is Screen.SCAN
        finally:
            root.reader.stop()
            await (await root.services()).aclose()
