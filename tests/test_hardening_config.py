"""Issue 9.5 and 9.6: no silent sandbox, and loopback never through a proxy.

The CLI runs as a child process with a clean environment of its own; the proxy is a real TCP server
of this test's that records what reaches it and answers 502.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from api_client.http import build_http_client

ROOT = Path(__file__).resolve().parents[1]
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "NO_PROXY")


@pytest.fixture(scope="module")
def sandbox(own_sandbox):
    return own_sandbox  # requests this module leaves in flight stay off the shared sandbox


@pytest.fixture
def empty_settings(tmp_path):
    path = tmp_path / "settings.toml"
    path.write_text("")
    return path


def _cli(env_extra: dict[str, str], settings: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HMSKORT_") and k not in PROXY_VARS}
    env["HMSKORT_SETTINGS_FILE"] = str(settings)
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


# --- 9.5 no silent sandbox -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"HMSKORT_CLIENT_ID": "someone"}, ["HMSKORT_CLIENT_ID", "HMSKORT_API_URL"]),
        ({"HMSKORT_CLIENT_SECRET": "s3cret-value"}, ["HMSKORT_CLIENT_SECRET", "HMSKORT_API_URL"]),
        (
            {"HMSKORT_CLIENT_ID": "someone", "HMSKORT_CLIENT_SECRET": "s3cret-value"},
            ["HMSKORT_CLIENT_ID", "HMSKORT_CLIENT_SECRET", "HMSKORT_API_URL"],
        ),
        ({"HMSKORT_API_URL": ""}, ["HMSKORT_API_URL", "blank"]),
        ({"HMSKORT_API_URL": "   "}, ["HMSKORT_API_URL", "blank"]),
        ({"HMSKORT_API_URL": "https://status.example.no"}, ["HMSKORT_CLIENT_ID", "HMSKORT_CLIENT_SECRET"]),
        (
            {"HMSKORT_API_URL": "https://status.example.no", "HMSKORT_CLIENT_ID": "x"},
            ["HMSKORT_CLIENT_SECRET"],
        ),
    ],
    ids=[
        "id-only",
        "secret-only",
        "creds-no-url",
        "blank-url",
        "spaces-url",
        "url-no-creds",
        "url-no-secret",
    ],
)
def test_a_half_configuration_is_exit_2_naming_the_missing_part_never_the_sandbox(empty_settings, env, named):
    proc = _cli(env, empty_settings, "check", "10000001", "--json")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    for part in named:
        assert part in proc.stderr
    assert "sandbox at" not in proc.stderr  # the sandbox never started
    assert "s3cret-value" not in proc.stderr


def test_a_blank_url_in_the_settings_file_is_a_configuration_error(tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text('api_url = ""\n')
    proc = _cli({}, settings, "check", "10000001")
    assert proc.returncode == 2 and "blank" in proc.stderr


def test_every_json_result_says_whether_the_sandbox_answered(empty_settings, sandbox):
    embedded = _cli({}, empty_settings, "check", "10000001", "--json")
    assert json.loads(embedded.stdout)["sandbox"] is True
    bad_code = _cli({}, empty_settings, "check", "not a card", "--json")
    assert json.loads(bad_code.stdout)["sandbox"] is True
    api = {
        "HMSKORT_API_URL": sandbox.url,
        "HMSKORT_CLIENT_ID": sandbox.client_id,
        "HMSKORT_CLIENT_SECRET": sandbox.client_secret,
    }
    said_sandbox = _cli({**api, "HMSKORT_SANDBOX": "true"}, empty_settings, "check", "10000001", "--json")
    assert json.loads(said_sandbox.stdout)["sandbox"] is True
    registers = {
        "HMSKORT_ENHETSREGISTERET_URL": sandbox.url + "/enhetsregisteret/api",
        "HMSKORT_BEMANNING_URL": sandbox.url + "/bemanningsforetaksregisteret2/api",
    }
    configured = _cli({**api, **registers}, empty_settings, "check", "10000001", "--json")
    obj = json.loads(configured.stdout)
    assert obj["sandbox"] is False and obj["verdict"] == "valid"
    card = ROOT / "assets" / "sample_cards" / "10000001_back.png"
    scanned = _cli({}, empty_settings, "scan", str(card), "--json")
    assert json.loads(scanned.stdout)["sandbox"] is True


# --- 9.6 loopback never through a proxy ------------------------------------------------------------


class RecordingProxy:
    """A TCP server that records the first line of every request and answers 502."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                data = conn.recv(65536)
                self.lines.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
                conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def proxy(monkeypatch):
    server = RecordingProxy()
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, server.url)
    yield server
    server.close()


async def test_requests_to_loopback_hosts_never_reach_the_proxy(proxy, sandbox):
    port = httpx.URL(sandbox.url).port
    client = build_http_client(connect_timeout=3.0, read_timeout=5.0)
    try:
        for host in ("127.0.0.1", "localhost"):
            response = await client.get(f"http://{host}:{port}/_sandbox/health")
            assert response.status_code == 200, host
    finally:
        await client.aclose()
    assert proxy.lines == []


async def test_real_hosts_still_use_the_proxy_from_the_environment(proxy):
    client = build_http_client(connect_timeout=3.0, read_timeout=5.0)
    try:
        response = await client.get("http://status.hmskort.example/v1/health")
    finally:
        await client.aclose()
    assert response.status_code == 502
    assert proxy.lines == ["GET http://status.hmskort.example/v1/health HTTP/1.1"]


def test_the_cli_against_a_loopback_api_ignores_the_proxy(empty_settings, sandbox, proxy):
    env = {
        "HMSKORT_API_URL": sandbox.url,
        "HMSKORT_CLIENT_ID": sandbox.client_id,
        "HMSKORT_CLIENT_SECRET": sandbox.client_secret,
        "HMSKORT_SANDBOX": "true",  # its registers on loopback too
        "HTTP_PROXY": proxy.url,
        "HTTPS_PROXY": proxy.url,
        "ALL_PROXY": proxy.url,
    }
    proc = _cli(env, empty_settings, "check", "10000001", "--json")
    assert json.loads(proc.stdout)["verdict"] == "valid", proc.stderr
    assert proxy.lines == []
