"""The status client against a misbehaving server (a tiny Starlette app on loopback) and bad addresses.

Each answer here is something the sandbox never sends: redirects, wrong content types, bare 404s,
oversized bodies, 200s that are not a contract `Card`. Every one must end as a typed error.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from api_client.http import UnsafeUrlError, build_http_client, default_user_agent, require_safe_base_url
from api_client.status import MAX_JSON_BYTES, StatusClient
from app.errors import CardNotFound, StatusUnavailable
from app.model import ReasonCode
from tests.asgi_thread import serve

GOOD_CARD = {
    "cardNumber": "10000001",
    "category": "BYGG",
    "status": "GYLDIG",
    "reason": None,
    "validFrom": "2025-01-01",
    "validTo": "2027-01-01",
    "employer": {"orgNumber": "123456785", "name": "Eksempel Bygg AS"},
    "checkedAt": "2026-01-01T10:00:00Z",
}


def _checked(delta: timedelta = timedelta(0)) -> dict:
    """GOOD_CARD checked by the server `delta` from now."""
    at = (datetime.now(UTC) + delta).strftime("%Y-%m-%dT%H:%M:%SZ")
    return {**GOOD_CARD, "checkedAt": at}


#: mode → what GET /<mode>/v1/cards/10000001 answers
ANSWERS = {
    "good": lambda: JSONResponse(_checked()),
    "stale": lambda: JSONResponse(_checked(-timedelta(days=30))),  # a cached or replayed answer
    "future": lambda: JSONResponse(_checked(timedelta(hours=2))),
    "duplicate-key": lambda: Response(
        JSONResponse(_checked()).body[:-1] + b',"status":"SPERRET"}', media_type="application/json"
    ),
    "redirect": lambda: RedirectResponse("http://127.0.0.1:9/v1/cards/10000001", status_code=302),
    "html": lambda: Response("<html>GYLDIG</html>", media_type="text/html"),
    "bare404": lambda: Response("Not Found", status_code=404, media_type="text/plain"),
    "route404": lambda: JSONResponse(
        {"status": 404, "code": "NOT_FOUND", "title": "Not Found"},
        status_code=404,
        media_type="application/problem+json",
    ),
    "huge": lambda: Response(
        b'{"pad": "' + b"x" * (MAX_JSON_BYTES + 10) + b'"}', media_type="application/json"
    ),
    "unknown-status": lambda: JSONResponse({**_checked(), "status": "KANSKJE"}),
    "missing-validTo": lambda: JSONResponse({k: v for k, v in _checked().items() if k != "validTo"}),
    "other-card": lambda: JSONResponse({**_checked(), "cardNumber": "10000002"}),
    "list": lambda: JSONResponse([_checked()]),
    "204": lambda: Response(status_code=204),
    "400-no-problem": lambda: Response("bad", status_code=400),
    "418": lambda: Response("teapot", status_code=418),
}


async def _token(request: Request) -> Response:
    return JSONResponse({"access_token": "rogue-token", "token_type": "Bearer", "expires_in": 3600})


SEEN_CACHE_CONTROL: list[str | None] = []


async def _card(request: Request) -> Response:
    SEEN_CACHE_CONTROL.append(request.headers.get("cache-control"))
    return ANSWERS[request.path_params["mode"]]()


async def _echo_user_agent(request: Request) -> Response:
    return JSONResponse({"ua": request.headers.get("user-agent")})


APP = Starlette(
    routes=[
        Route("/{mode}/oauth2/token", _token, methods=["POST"]),
        Route("/{mode}/v1/cards/{number}", _card),
        Route("/ua", _echo_user_agent),
    ]
)


@pytest.fixture(scope="module")
def rogue_url():
    with serve(APP) as url:
        yield url


@pytest.fixture
async def rogue(rogue_url):
    async with build_http_client(connect_timeout=2.0, read_timeout=4.0) as client:

        def status_for(mode: str) -> StatusClient:
            return StatusClient.with_credentials(
                client, base_url=f"{rogue_url}/{mode}", client_id="rogue", client_secret="rogue-secret"
            )

        yield status_for


async def test_well_formed_answer_from_another_server_parses(rogue):
    card = await rogue("good").get_card("10000001")
    assert card.employer.org_number == "123456785"


async def test_status_requests_forbid_caches_on_the_way(rogue):
    SEEN_CACHE_CONTROL.clear()
    await rogue("good").get_card("10000001")
    assert SEEN_CACHE_CONTROL == ["no-store"]


@pytest.mark.parametrize(
    "mode",
    [
        "stale",
        "future",
        "duplicate-key",
        "redirect",
        "html",
        "bare404",
        "route404",
        "huge",
        "unknown-status",
        "missing-validTo",
        "other-card",
        "list",
        "204",
        "400-no-problem",
        "418",
    ],
)
async def test_answer_that_is_not_a_contract_card_is_bad_response(rogue, mode):
    with pytest.raises(StatusUnavailable) as info:
        await rogue(mode).get_card("10000001")
    assert info.value.reason is ReasonCode.BAD_RESPONSE


async def test_redirect_is_never_followed(rogue):
    # The redirect points at port 9 (discard, nothing listening): following it would be NETWORK.
    with pytest.raises(StatusUnavailable) as info:
        await rogue("redirect").get_card("10000001")
    assert "redirect" in str(info.value)


async def test_a_404_that_is_not_card_not_found_never_says_the_card_does_not_exist(rogue):
    for mode in ("bare404", "route404"):
        with pytest.raises(StatusUnavailable) as info:
            await rogue(mode).get_card("10000001")
        assert not isinstance(info.value, CardNotFound)


async def test_requests_carry_the_hmskort_user_agent(rogue_url):
    async with build_http_client(connect_timeout=2.0, read_timeout=4.0) as client:
        answer = await client.get(f"{rogue_url}/ua")
    assert answer.json()["ua"] == default_user_agent()
    assert default_user_agent().startswith("hmskort-field/")


def test_built_client_never_follows_redirects_and_uses_the_given_timeouts():
    client = build_http_client(connect_timeout=1.5, read_timeout=6.0)
    assert client.follow_redirects is False
    assert client.timeout.connect == 1.5
    assert client.timeout.read == 6.0


@pytest.mark.parametrize(
    "url",
    [
        "https://api.hmskort.no",
        "https://api.hmskort.no/status/",
        "http://127.0.0.1:8700",
        "http://127.5.6.7",
        "http://localhost:8700",
        "http://[::1]:8700",
    ],
)
def test_https_or_loopback_address_is_accepted(url):
    assert require_safe_base_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://api.hmskort.no",
        "http://127.0.0.1.evil.example",
        "http://localhost.evil.example",
        "http://10.0.0.1",
        "ftp://api.hmskort.no",
        "https://user:pw@api.hmskort.no",
        "https://api.hmskort.no/?next=x",
        "api.hmskort.no",
        "",
    ],
)
def test_plain_http_to_a_remote_host_or_a_non_url_is_refused(url):
    with pytest.raises(UnsafeUrlError):
        require_safe_base_url(url)


async def test_status_client_refuses_plain_http_api_before_any_request():
    async with httpx.AsyncClient() as client:
        with pytest.raises(UnsafeUrlError):
            StatusClient.with_credentials(
                client, base_url="http://api.hmskort.no", client_id="a", client_secret="b"
            )
        with pytest.raises(UnsafeUrlError):
            StatusClient.with_credentials(
                client,
                base_url="https://api.hmskort.no",
                token_url="http://auth.hmskort.no/token",
                client_id="a",
                client_secret="b",
            )
