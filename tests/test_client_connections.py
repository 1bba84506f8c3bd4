"""The app's one HTTP client, over real HTTP to a loopback server of this test's that sets a cookie
on every answer and records what comes back, and from which connection:

- it keeps no cookies: a cookie set by an API, a register, a proxy or a captive portal is never sent
  back, so it cannot link an inspector's lookups together;
- it keeps its connections: a crew list's 8 lookups in flight, round after round, reuse the same
  connections instead of closing and reopening the surplus (issue 15's throughput).
"""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from api_client.http import build_http_client


class _CookieSetter(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the status API
    seen: ClassVar[list[str | None]] = []
    peers: ClassVar[set[tuple[str, int]]] = set()

    def do_GET(self) -> None:
        type(self).seen.append(self.headers.get("Cookie"))
        type(self).peers.add(self.client_address)
        body = b"{}"
        self.send_response(200)
        self.send_header("Set-Cookie", "track=inspector-42; Path=/")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    _CookieSetter.seen = []
    _CookieSetter.peers = set()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _CookieSetter)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


async def test_a_cookie_from_an_answer_is_never_sent_back(server):
    client = build_http_client(connect_timeout=3.0, read_timeout=5.0)
    try:
        for path in ("/v1/cards/10000001", "/v1/cards/10000002", "/enhetsregisteret/api/enheter/1"):
            response = await client.get(server + path)
            assert response.headers["set-cookie"].startswith("track=")
        assert len(client.cookies) == 0
    finally:
        await client.aclose()
    assert _CookieSetter.seen == [None, None, None]


async def test_eight_lookups_in_flight_keep_their_eight_connections(server):
    client = build_http_client(connect_timeout=3.0, read_timeout=5.0)
    try:
        for round_ in range(5):
            paths = [f"{server}/v1/cards/{10000001 + 8 * round_ + i}" for i in range(8)]
            answers = await asyncio.gather(*(client.get(p) for p in paths))
            assert [a.status_code for a in answers] == [200] * 8
    finally:
        await client.aclose()
    assert len(_CookieSetter.seen) == 40
    assert len(_CookieSetter.peers) <= 8  # one connection per lookup in flight, none reopened
