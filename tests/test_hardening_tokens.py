"""Issue 9.8: token answers. `expires_in` must be a finite positive number, and the cache holds a
token 24 h at most; a token answer that names a key twice is refused, as status answers are.

The token endpoint is a tiny server of this test's own on loopback, answering raw bytes: Python's
json reads `Infinity`, `NaN` and `1e400`, which a real JSON parser would not.
"""

from __future__ import annotations

import time

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api_client.http import build_http_client
from api_client.oauth import ClientCredentialsAuth
from app.errors import StatusUnavailable
from app.model import ReasonCode
from tests.asgi_thread import serve

DAY = 24 * 3600.0

ANSWERS = {
    "infinity": b'{"access_token": "t", "token_type": "Bearer", "expires_in": Infinity}',
    "nan": b'{"access_token": "t", "token_type": "Bearer", "expires_in": NaN}',
    "overflow": b'{"access_token": "t", "token_type": "Bearer", "expires_in": 1e400}',
    "negative-infinity": b'{"access_token": "t", "token_type": "Bearer", "expires_in": -Infinity}',
    "zero": b'{"access_token": "t", "token_type": "Bearer", "expires_in": 0}',
    "text": b'{"access_token": "t", "token_type": "Bearer", "expires_in": "3600"}',
    "bool": b'{"access_token": "t", "token_type": "Bearer", "expires_in": true}',
    "two-tokens": b'{"access_token": "a", "token_type": "Bearer", "access_token": "b", "expires_in": 60}',
    "two-lifetimes": b'{"access_token": "t", "token_type": "Bearer", "expires_in": 1, "expires_in": 9e9}',
    "two-types": b'{"access_token": "t", "token_type": "MAC", "token_type": "Bearer", "expires_in": 60}',
    "a-century": b'{"access_token": "t", "token_type": "Bearer", "expires_in": 3153600000}',
    "an-hour": b'{"access_token": "t", "token_type": "Bearer", "expires_in": 3600}',
}


async def _token(request: Request) -> Response:
    return Response(ANSWERS[request.path_params["mode"]], media_type="application/json")


@pytest.fixture(scope="module")
def token_server():
    with serve(Starlette(routes=[Route("/{mode}/token", _token, methods=["POST"])])) as url:
        yield url


@pytest.fixture
async def auth_for(token_server):
    async with build_http_client(connect_timeout=2.0, read_timeout=4.0) as client:

        def make(mode: str, clock=time.monotonic) -> ClientCredentialsAuth:
            return ClientCredentialsAuth(
                client,
                token_url=f"{token_server}/{mode}/token",
                client_id="c",
                client_secret="s",
                scope="status:card",
                clock=clock,
            )

        yield make


@pytest.mark.parametrize(
    "mode",
    ["infinity", "nan", "overflow", "negative-infinity", "zero", "text", "bool"],
)
async def test_expires_in_must_be_a_finite_positive_number(auth_for, mode):
    with pytest.raises(StatusUnavailable) as info:
        await auth_for(mode).token()
    assert info.value.reason is ReasonCode.BAD_RESPONSE


@pytest.mark.parametrize("mode", ["two-tokens", "two-lifetimes", "two-types"])
async def test_a_token_answer_naming_a_key_twice_is_refused(auth_for, mode):
    with pytest.raises(StatusUnavailable) as info:
        await auth_for(mode).token()
    assert info.value.reason is ReasonCode.BAD_RESPONSE
    assert "twice" in str(info.value)


async def test_a_token_is_cached_24_hours_at_most_whatever_the_server_says(auth_for):
    now = [1000.0]
    auth = auth_for("a-century", clock=lambda: now[0])
    first = await auth.token()
    assert first.refresh_at <= 1000.0 + DAY
    now[0] += DAY + 1
    await auth.token()
    assert auth.fetch_count == 2  # fetched again after a day


async def test_an_ordinary_lifetime_is_kept(auth_for):
    now = [1000.0]
    auth = auth_for("an-hour", clock=lambda: now[0])
    token = await auth.token()
    assert 1000.0 + 3000 <= token.refresh_at <= 1000.0 + 3600
