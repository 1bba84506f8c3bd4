"""`hmskort bulk` killed with SIGKILL in the middle, then `--resume`: every row is in the journal
exactly once, the resumed run checks only what was missing, and none is lost. Real processes, the
real journal (SQLite in a temporary data folder), the shared sandbox over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sandbox.reference_cards import REFERENCE_CARDS

HMSKORT = Path(sys.executable).parent / "hmskort"
ROWS = 120


def _env(sandbox, tmp_path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HMSKORT_")}
    env.update(
        HMSKORT_API_URL=sandbox.url,
        HMSKORT_CLIENT_ID=sandbox.client_id,
        HMSKORT_CLIENT_SECRET=sandbox.client_secret,
        HMSKORT_SANDBOX="true",
        HMSKORT_DATA_DIR=str(tmp_path / "data"),
        HOME=str(tmp_path),
    )
    return env


def _rows(text: str) -> list[int]:
    return [json.loads(line)["row"] for line in text.splitlines() if line.startswith("{")]


def test_kill_9_mid_run_then_resume_checks_every_row_exactly_once(clean_sandbox, tmp_path):
    cards = [REFERENCE_CARDS[i % len(REFERENCE_CARDS)].card_number for i in range(ROWS)]
    source = tmp_path / "mannskap.csv"
    source.write_text("Navn;Kortnummer\n" + "".join(f"P{i};{c}\n" for i, c in enumerate(cards)))
    env = _env(clean_sandbox, tmp_path)
    # Slow answers, so that the kill lands in the middle of the run.
    clean_sandbox.inject(kind="delay", delay_ms=150, count=None, path="/v1/cards")
    first = subprocess.Popen(
        [str(HMSKORT), "bulk", str(source), "--json", "--concurrency", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    printed: list[int] = []
    deadline = time.monotonic() + 60
    assert first.stdout is not None
    while len(printed) < 20 and time.monotonic() < deadline:
        line = first.stdout.readline()
        if not line:
            break
        printed += _rows(line)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    printed += _rows(first.stdout.read())
    assert 20 <= len(printed) < ROWS, "the kill must land mid-run"
    clean_sandbox.clear_faults()

    second = subprocess.run(
        [str(HMSKORT), "bulk", str(source), "--json", "--resume", "-o", str(tmp_path / "out.csv")],
        capture_output=True,
        env=env,
        text=True,
        timeout=120,
    )
    assert second.returncode == 0, second.stderr
    resumed = _rows(second.stdout)
    assert not set(resumed) & set(printed), "a row checked before the kill was checked again"

    from storage.journal import open_journal

    port = open_journal(None, tmp_path / "data")
    try:
        entries = [e for e in port.entries() if e.record.list_row is not None]
    finally:
        port.close()
    rows = sorted(e.record.list_row for e in entries)
    assert rows == list(range(2, ROWS + 2)), "every row exactly once in the journal"
    assert {e.record.round_id for e in entries} == {entries[0].record.round_id}  # one round
    assert len(resumed) + len(set(rows) - set(resumed)) == ROWS
    out = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert len(out) == ROWS + 1 and all(";" in line for line in out)  # the whole list, none lost
    # no personal data in the journal's files: the names never left the list
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            assert b"P17;" not in path.read_bytes() and b"P1\x00" not in path.read_bytes()
