"""Issue 9.2: bounded bodies everywhere, over real HTTP.

Register answers go through the same size-bounded reader as status answers, so a gzip bomb stops
at the limit; the sandbox refuses request bodies over its limit before reading them, and its fault
admin endpoint takes application/json only.
"""

from __future__ import annotations

import socket
import threading
import tracemalloc

import httpx
import pytest

from api_client.http import build_http_client
from api_client.register_cache import TtlCache
from api_client.registers import MAX_REGISTER_BYTES, BemanningClient, EnhetsregisteretClient
from app.services.crosscheck import RegisterUnavailable
from sandbox.body_limit import MAX_BODY_BYTES


@pytest.fixture(scope="module")
def sandbox(own_sandbox):
    return own_sandbox  # requests this module leaves in flight stay off the shared sandbox


@pytest.fixture
async def http():
    client = build_http_client(connect_timeout=3.0, read_timeout=5.0)
    yield client
    await client.aclose()


def _client(kind, http, sandbox):
    path = {"enhet": "/enhetsregisteret/api", "bemanning": "/bemanningsforetaksregisteret2/api"}[kind]
    cls = {"enhet": EnhetsregisteretClient, "bemanning": BemanningClient}[kind]
    return cls(http, sandbox.url + path, cache=TtlCache(0), user_agent="test")


@pytest.mark.parametrize("kind", ["enhet", "bemanning"])
async def test_a_gzip_bomb_from_a_register_stops_at_the_size_limit(http, clean_sandbox, kind):
    clean_sandbox.inject(kind="gzip_bomb", inflated_mb=64, path="/")
    client = _client(kind, http, clean_sandbox)
    with pytest.raises(RegisterUnavailable) as info:
        await (client.unit("123456785") if kind == "enhet" else client.entry("123456785"))
    assert info.value.reason == "bad_response"
    assert f"larger than {MAX_REGISTER_BYTES} bytes" in str(info.value)


async def test_a_gzip_bomb_is_inflated_a_limit_at_a_time_never_a_network_chunk_at_once(http, clean_sandbox):
    # httpx's own decoder inflates each network chunk whole: 64 kB of gzip are 64 MB of zeros.
    clean_sandbox.inject(kind="gzip_bomb", inflated_mb=64, path="/")
    client = _client("enhet", http, clean_sandbox)
    tracemalloc.start()
    try:
        with pytest.raises(RegisterUnavailable):
            await client.unit("123456785")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MAX_REGISTER_BYTES, f"peak {peak / 1e6:.1f} MB"


async def test_a_register_answer_that_declares_too_many_bytes_is_refused_unread(http):
    # A server of this test's own: it announces 10 MB and sends nothing more.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.recv(65536)
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"
                )
                conn.recv(1)  # hold the connection until the client hangs up

        thread = threading.Thread(target=answer, daemon=True)
        thread.start()
        client = EnhetsregisteretClient(
            http, f"http://127.0.0.1:{port}", cache=TtlCache(0), user_agent="test", timeout=5.0
        )
        with pytest.raises(RegisterUnavailable) as info:
            await client.unit("123456785")
        assert "larger than" in str(info.value)


def _raw(sandbox, request: bytes) -> bytes:
    """Send `request` as raw bytes and read the answer (5 s at most: a server that waits for a body
    that never comes fails this)."""
    host, port = httpx.URL(sandbox.url).host, httpx.URL(sandbox.url).port
    with socket.create_connection((host, port), timeout=5) as conn:
        conn.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        return data


@pytest.mark.parametrize(
    ("path", "ctype"),
    [
        ("/_sandbox/faults", "application/json"),
        ("/v1/cards/lookup", "application/json"),
        ("/oauth2/token", "application/x-www-form-urlencoded"),
    ],
)
def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(sandbox, path, ctype):
    # A gigabyte is announced and none of it sent: the answer must come at once, not after a read.
    head = (
        f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {ctype}\r\nContent-Length: 1000000000\r\n\r\n"
    ).encode()
    answer = _raw(sandbox, head)
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:80]


def test_a_chunked_body_over_the_limit_is_refused(sandbox):
    chunk = b"x" * 4096
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_BODY_BYTES // 4096 + 2))
    head = (
        b"POST /_sandbox/faults HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n"
    )
    answer = _raw(sandbox, head + body + b"0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:80]


def test_a_small_chunked_fault_is_still_accepted(sandbox, clean_sandbox):
    with httpx.Client(base_url=sandbox.url) as client:
        body = iter([b'{"kind": "delay", ', b'"delay_ms": 1, "count": 1}'])
        response = client.post("/_sandbox/faults", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 201, response.text
    assert [f["kind"] for f in sandbox.active_faults()] == ["delay"]


@pytest.mark.parametrize(
    "ctype", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_the_fault_admin_takes_json_only(sandbox, clean_sandbox, ctype):
    headers = {"Content-Type": ctype} if ctype else {}
    with httpx.Client(base_url=sandbox.url) as client:
        response = client.post("/_sandbox/faults", content=b'{"kind": "expire_tokens"}', headers=headers)
    assert response.status_code == 415
    assert sandbox.active_faults() == []
