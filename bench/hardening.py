"""Hostile answers, measured end to end through the CLI (issue 9): time and peak memory of
`hmskort check 10000001 --json` against a sandbox on loopback, with the default settings
(total_timeout 15 s, crosscheck_timeout 5 s), as a ratio to a plain check in the same run.

- slow drip: the status answer (or Enhetsregisteret's) sent one byte every 7 s (target: done in
  < 20 s, as unverified/TIMEOUT, or as the status verdict with a CROSSCHECK_UNAVAILABLE note);
- gzip bomb: Enhetsregisteret answers ~300 kB that inflate to 300 MB (target: CLI peak RSS < 300 MB).

Peak memory is the child's ru_maxrss (resource.getrusage(RUSAGE_CHILDREN) around one process run).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench._table import table

ROOT = Path(__file__).resolve().parents[1]
HMSKORT = [sys.executable, "-m", "app.cli"]


def _run_check(env: dict[str, str]) -> tuple[float, float, dict]:
    """(seconds, peak RSS in MB, the JSON result) of one `hmskort check` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [*HMSKORT, "check", "10000001", "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest of any child so far: measure growth only when it grew.
    peak_mb = max(peak, before) / 1024
    try:
        result = json.loads(proc.stdout)
    except ValueError:
        result = {"verdict": f"exit {proc.returncode}", "reason": proc.stderr[-200:]}
    return seconds, peak_mb, result


def run() -> None:
    from sandbox.faults import gzip_bomb
    from sandbox.runner import SandboxServer

    gzip_bomb(300)  # built once, before any timing (the sandbox would build it on the first hit)

    rows = []
    with tempfile.TemporaryDirectory() as tmp, SandboxServer() as sandbox:
        settings = Path(tmp) / "settings.toml"  # no user settings file may change the defaults
        settings.write_text("")
        env = {
            **os.environ,
            "HMSKORT_API_URL": sandbox.url,
            "HMSKORT_CLIENT_ID": sandbox.client_id,
            "HMSKORT_CLIENT_SECRET": sandbox.client_secret,
            "HMSKORT_SETTINGS_FILE": str(settings),
            "HMSKORT_SANDBOX": "true",  # the registers are the sandbox's too
        }
        try:
            # The plain check first: its RSS is the baseline every later child is compared with.
            cases = [
                ("plain check (baseline)", None),
                ("status answer, 1 byte / 7 s", {"kind": "drip", "delay_ms": 7000, "path": "/v1/"}),
                (
                    "Enhetsregisteret, 1 byte / 7 s",
                    {"kind": "drip", "delay_ms": 7000, "path": "/enhetsregisteret/"},
                ),
                (
                    "Enhetsregisteret gzip bomb (300 MB inflated)",
                    {"kind": "gzip_bomb", "inflated_mb": 300, "path": "/enhetsregisteret/"},
                ),
            ]
            base_s = base_mb = None
            for name, fault in cases:
                sandbox.clear_faults()
                if fault:
                    sandbox.inject(**fault)
                seconds, mb, result = _run_check(env)
                if base_s is None:
                    base_s, base_mb = seconds, mb
                notes = ",".join(n["code"] for n in result.get("notes", []))
                rows.append(
                    {
                        "case": name,
                        "verdict": f"{result.get('verdict')}/{result.get('reason') or '-'}",
                        "notes": notes or "-",
                        "seconds": f"{seconds:.1f}",
                        "× plain": f"{seconds / base_s:.1f}",
                        "peak RSS MB (max so far)": f"{mb:.0f}",
                        "× plain RSS": f"{mb / base_mb:.2f}",
                    }
                )
        finally:
            sandbox.clear_faults()
    print(table("hmskort check against hostile answers (targets: < 20 s; peak RSS < 300 MB)", rows))
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores)")
