"""`hmskort nfc` against `hmskort nfc-sim` and the embedded sandbox: real processes, real loopback."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.nfc_sim import bind_udp
from tests.procs import stop_group

ROOT = Path(__file__).resolve().parents[1]
HMSKORT = str(Path(sys.executable).with_name("hmskort"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HMSKORT_")}
    env["HOME"] = str(tmp_path)  # no settings file of the user's: the embedded sandbox answers
    env["XDG_CONFIG_HOME"] = str(tmp_path / ".config")
    return env


@pytest.fixture
def nfc_sim(tmp_path):
    procs: list[subprocess.Popen] = []

    def start(card: str) -> str:
        proc = subprocess.Popen(
            [HMSKORT, "nfc-sim", "--card", card, "--port", "0"],
            cwd=ROOT,
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        procs.append(proc)
        line = proc.stdout.readline()  # the simulator prints "ready udp:HOST:PORT ..." once bound
        assert line.startswith("ready udp:"), line
        return line.split()[1]

    yield start
    for proc in procs:
        stop_group(proc, grace=5)


def _run_nfc(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    proc = subprocess.Popen(
        [HMSKORT, "nfc", *args],
        cwd=ROOT,
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=5)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _strings(obj) -> set[str]:
    if isinstance(obj, dict):
        return set().union(*(_strings(v) for v in obj.values())) if obj else set()
    if isinstance(obj, list):
        return set().union(*(_strings(v) for v in obj)) if obj else set()
    return {obj} if isinstance(obj, str) else set()


def test_nfc_command_gives_the_reference_cards_verdict_with_holder_details(tmp_path, nfc_sim):
    path = nfc_sim("10000001")
    done = _run_nfc(tmp_path, "--device", path, "--timeout", "10", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["verdict"] == "valid"
    assert {"Ola", "Testmann", "10000001"} <= _strings({k: v for k, v in result.items() if k != "chip"})
    chip = result["chip"]
    assert (chip["chipCode"], chip["sak"], chip["dataError"]) == ("891FEEE6", "18", None)
    assert chip["data"]["lastName"] == "Testmann" and chip["mismatch"] == []


def test_nfc_command_on_a_blocked_card_exits_invalid(tmp_path, nfc_sim):
    path = nfc_sim("10000004")
    done = _run_nfc(tmp_path, "--device", path, "--timeout", "10", "--json")
    assert done.returncode == 20, done.stderr
    assert json.loads(done.stdout)["verdict"] == "invalid"


def test_nfc_command_without_a_card_says_so_and_exits_4(tmp_path):
    # Nothing listens on a port that was free a moment ago: no card answers. (Not a well-known port:
    # nfcpy's udp driver resolves the port to a service name and then fails on e.g. 9 → "discard".)
    with bind_udp() as s:
        port = s.getsockname()[1]
    done = _run_nfc(tmp_path, "--device", f"udp:127.0.0.1:{port}", "--timeout", "1.5")
    assert done.returncode == 4
    assert "1.5" in done.stderr


def test_nfc_sim_refuses_a_card_that_is_not_a_reference_card(tmp_path):
    done = subprocess.run(
        [HMSKORT, "nfc-sim", "--card", "99999999", "--port", "0"],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 2 and "99999999" in done.stderr
