"""Issue 9.4: image files. What is not a regular file is refused at once, unread; every per-image
failure is reported for that image (one JSON entry with an error) and the run goes on.

The CLI runs as a child process with a deadline: before the fix a link to /dev/zero is read for ever
(and eats memory), and a FIFO blocks until a writer comes.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "assets" / "sample_cards" / "10000001_back.png"


def _decode(*paths: str, args: tuple[str, ...] = ("--json",)) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "decode", *args, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def hostile_files(tmp_path):
    files: dict[str, str] = {}
    zero = tmp_path / "zero.png"
    zero.symlink_to("/dev/zero")
    files["device"] = str(zero)
    fifo = tmp_path / "fifo.jpg"
    os.mkfifo(fifo)
    files["fifo"] = str(fifo)
    sock_path = tmp_path / "s.png"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    files["socket"] = str(sock_path)
    loop = tmp_path / "loop.png"
    loop.symlink_to(loop)
    files["symlink loop"] = str(loop)
    files["name too long"] = str(tmp_path / ("x" * 300 + ".png"))
    lab = tmp_path / "lab.tif"
    Image.new("LAB", (64, 64), (50, 0, 0)).save(lab)
    files["LAB TIFF"] = str(lab)
    files["I/O error"] = "/proc/self/mem"  # a regular file whose read fails with EIO
    yield files
    sock.close()


def test_every_failing_image_is_its_own_entry_and_the_run_goes_on(hostile_files):
    paths = [*hostile_files.values(), str(GOOD)]
    proc = _decode(*paths)
    entries = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [e["image"] for e in entries] == paths
    for (what, _), entry in zip(hostile_files.items(), entries, strict=False):
        assert entry["symbols"] == [] and entry.get("error"), what
    assert "error" not in entries[-1] and entries[-1]["symbols"], "the good image after them is read"
    assert proc.returncode == 1, proc.stderr


@pytest.mark.parametrize(("what", "says"), [("device", "a device"), ("fifo", "FIFO"), ("socket", "a socket")])
def test_a_special_file_is_refused_by_what_it_is(hostile_files, what, says):
    proc = _decode(hostile_files[what], args=())
    assert proc.returncode == 1
    assert says in proc.stdout and "not read" in proc.stdout


def test_all_images_read_exits_0_and_any_failure_exits_1(hostile_files):
    assert _decode(str(GOOD), args=()).returncode == 0
    assert _decode(str(GOOD), hostile_files["LAB TIFF"], args=()).returncode == 1


def test_scan_of_a_fifo_ends_at_once_with_exit_1(hostile_files):
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "scan", "--json", hostile_files["fifo"]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "FIFO" in json.loads(proc.stdout)["error"]
