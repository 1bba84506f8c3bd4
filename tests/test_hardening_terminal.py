"""Issue 9.3: no outside text reaches a terminal or the screen raw.

A card in the sandbox whose names carry terminal escapes (CSI, OSC, BEL, CR, backspace, DEL, C1 CSI)
and bidi overrides is checked through the real CLI, over real HTTP: human output shows every such
character as a visible escape, JSON stays valid JSON with the names intact.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from app.model import ChipData, ChipRef, Finding, WarningCode
from app.safe_text import is_unsafe_char, visible
from app.services.messages import finding_text
from sandbox.db import CardRecord
from sandbox.runner import SandboxServer

ROOT = Path(__file__).resolve().parents[1]
#: Each of these would act on a terminal: clear screen, rewrite the line, set the title, ring, etc.
HOSTILE = "\x1b[2K\rGYLDIG\x1b]0;pwned\x07\x08\x7f\x9b31m\u202eGIDLYGU\u2066x\u2069\u200b\ufeff\u2028"
QR_TOKEN = "HostileNamesToken0123"


@pytest.fixture(scope="module")
def hostile_sandbox(tmp_path_factory):
    empty = tmp_path_factory.mktemp("settings") / "settings.toml"
    empty.write_text("")  # no user settings file can change the outcome
    with SandboxServer() as server:
        server.settings_file = empty
        today = server.today
        server.cards.upsert(
            CardRecord(
                card_number="10000077",
                qr_token=QR_TOKEN,
                chip_code=None,
                status="GYLDIG",
                reason=None,
                category="BYGG",
                valid_from=today - timedelta(days=30),
                valid_to=today + timedelta(days=300),
                org_number="123456785",
                employer_name="Bygg " + HOSTILE,
                first_name="Ola" + HOSTILE,
                last_name="Nordmann\x1b[8m",
                birth_date=date(1990, 1, 1),
            )
        )
        yield server


def _cli(sandbox, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "HMSKORT_API_URL": sandbox.url,
        "HMSKORT_CLIENT_ID": sandbox.client_id,
        "HMSKORT_CLIENT_SECRET": sandbox.client_secret,
        "HMSKORT_SETTINGS_FILE": str(sandbox.settings_file),
        "HMSKORT_SANDBOX": "true",
    }
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], env=env, cwd=ROOT, capture_output=True, timeout=60
    )


def _raw_unsafe(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    return sorted({repr(c) for c in text if is_unsafe_char(c) and c not in "\n"})


def test_human_output_escapes_every_control_and_bidi_character_from_the_answer(hostile_sandbox):
    proc = _cli(hostile_sandbox, "check", f"https://hmskort.no/k/{QR_TOKEN}")
    assert proc.returncode in (0, 10), proc.stderr
    assert _raw_unsafe(proc.stdout) == []
    assert _raw_unsafe(proc.stderr) == []
    out = proc.stdout.decode()
    # Shown, visibly: the inspector sees that the name carries something odd.
    assert "\\u001b[2K\\u000dGYLDIG" in out
    assert "\\u202eGIDLYGU" in out
    assert "Nordmann\\u001b[8m" in out


def test_json_output_stays_valid_json_with_the_names_intact(hostile_sandbox):
    proc = _cli(hostile_sandbox, "check", f"https://hmskort.no/k/{QR_TOKEN}", "--json")
    assert _raw_unsafe(proc.stdout) == []
    obj = json.loads(proc.stdout)
    assert obj["card"]["holder"]["firstName"] == "Ola" + HOSTILE
    assert obj["card"]["employer"]["name"] == "Bygg " + HOSTILE


def test_typed_input_and_argument_echoes_are_escaped(hostile_sandbox):
    for args in (["check", HOSTILE], ["check", HOSTILE, "--json"], ["check", "--lang", HOSTILE, "1"]):
        proc = _cli(hostile_sandbox, *args)
        assert _raw_unsafe(proc.stdout) == [], args
        assert _raw_unsafe(proc.stderr) == [], args


def test_an_image_file_name_with_escapes_is_shown_escaped(tmp_path, hostile_sandbox):
    name = tmp_path / "card\x1b[2J\u202e.png"
    name.write_bytes(b"not an image")
    for args in (["decode", str(name)], ["decode", str(name), "--json"], ["scan", str(name)]):
        proc = _cli(hostile_sandbox, *args)
        assert _raw_unsafe(proc.stdout) == [], args
        assert _raw_unsafe(proc.stderr) == [], args
        assert b"\\u001b[2J" in proc.stdout + proc.stderr


def test_visible_keeps_ordinary_text_and_escapes_the_rest():
    assert visible("Åse Ødegård-Ål (Bygg AS) 12.03.1990") == "Åse Ødegård-Ål (Bygg AS) 12.03.1990"
    assert visible("a\x1bb\u202ec\U000e0041") == "a\\u001bb\\u202ec\\udb40\\udc41"
    # The escapes are JSON's: the escaped text read as JSON gives the original back.
    assert json.loads('"' + visible("x\x9b\u2066y\U000e0041") + '"') == "x\x9b\u2066y\U000e0041"


def test_findings_on_screen_carry_no_invisible_or_direction_changing_characters():
    finding = Finding(
        WarningCode.EMPLOYER_BANKRUPT,
        (("name", "Evil\u202eSA"), ("org", "123456785"), ("who", "Evil\u202eSA (123456785)")),
    )
    for lang in ("nb", "en"):
        assert not any(is_unsafe_char(c) for c in finding_text(finding, lang))


def test_chip_names_on_the_result_screen_are_escaped():
    from views.result_view import _chip_block

    chip = ChipData(first_names="Kari\u202e", last_name="Nord\u200bmann", employer_name="X\x1b AS")
    fields = {f.name for f in dataclasses.fields(ChipData)}
    assert {"first_names", "last_name", "employer_name"} <= fields
    result = _result_with_chip(ChipRef("891FEEE6", chip_data=chip))
    texts = _texts(_chip_block(result, "nb"))
    assert texts and not any(is_unsafe_char(c) for text in texts for c in text)


def _result_with_chip(ref):
    from app.model import CheckResult, Verdict

    return CheckResult(Verdict.VALID, None, ref)


def _texts(controls) -> list[str]:
    out: list[str] = []
    stack = list(controls)
    while stack:
        control = stack.pop()
        value = getattr(control, "value", None)
        if isinstance(value, str):
            out.append(value)
        for attr in ("content", "controls"):
            child = getattr(control, attr, None)
            if isinstance(child, list):
                stack.extend(child)
            elif child is not None:
                stack.append(child)
    return out
