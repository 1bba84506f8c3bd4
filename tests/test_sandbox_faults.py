"""Sandbox fault injection over real HTTP: what each kind does to a request; `count`, `path`, admin."""

from __future__ import annotations

import json

import httpx
import jsonschema
import pytest

from sandbox.faults import FaultSpecError
from sandbox.runner import SandboxServer
from sandbox.schema import CARD_WITHOUT_HOLDER_SCHEMA, PROBLEM_SCHEMA

CARD = "/v1/cards/10000001"


@pytest.fixture(scope="module")
def http(sandbox):
    with httpx.Client(base_url=sandbox.url, timeout=10) as client:
        yield client


def fetch_token(http: httpx.Client) -> dict[str, str]:
    response = http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("hmskort-sandbox", "sandbox-secret")
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.fixture
def auth(http, clean_sandbox):
    return fetch_token(http)


def test_delay_holds_the_answer_past_a_short_read_timeout_then_answers_normally(sandbox, http, auth):
    sandbox.inject(kind="delay", delay_ms=400, count=1)
    with pytest.raises(httpx.ReadTimeout):
        http.get(CARD, headers=auth, timeout=httpx.Timeout(5, read=0.05))
    sandbox.inject(kind="delay", delay_ms=50, count=1)
    delayed = http.get(CARD, headers=auth)
    assert delayed.status_code == 200
    jsonschema.validate(delayed.json(), CARD_WITHOUT_HOLDER_SCHEMA)


@pytest.mark.parametrize(
    ("status", "retry_after", "code", "expected_retry_after"),
    [
        (503, 7, "SERVICE_UNAVAILABLE", "7"),
        (503, None, "SERVICE_UNAVAILABLE", "1"),
        (429, 30, "RATE_LIMITED", "30"),
        (429, None, "RATE_LIMITED", "1"),
        (500, None, "INTERNAL_ERROR", None),
    ],
)
def test_status_fault_answers_problem_json_with_retry_after_for_429_and_503(
    sandbox, http, auth, status, retry_after, code, expected_retry_after
):
    sandbox.inject(kind="status", status=status, retry_after=retry_after, count=1)
    response = http.get(CARD, headers=auth)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    jsonschema.validate(body, PROBLEM_SCHEMA)
    assert (body["status"], body["code"]) == (status, code)
    assert response.headers.get("retry-after") == expected_retry_after


def test_malformed_fault_answers_200_json_that_does_not_parse(sandbox, http, auth):
    sandbox.inject(kind="malformed", count=1)
    response = http.get(CARD, headers=auth)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        response.json()


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("GET", CARD, None),
        ("POST", "/v1/cards/lookup", {"chipCode": "891FEEE6"}),
        ("GET", "/v1/cards/10000001/photo", None),
        ("GET", "/v1/cards/99999999", None),
    ],
)
def test_truncated_fault_cuts_the_body_and_httpx_raises(sandbox, http, auth, method, path, payload):
    sandbox.inject(kind="truncated", count=1)
    with pytest.raises(httpx.RemoteProtocolError, match="without sending complete message body"):
        http.request(method, path, json=payload, headers=auth)
    assert http.request(method, path, json=payload, headers=auth).status_code in (200, 404)


async def test_truncated_fault_is_also_seen_by_the_async_client(sandbox, auth):
    sandbox.inject(kind="truncated", count=1)
    async with httpx.AsyncClient(base_url=sandbox.url) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.get(CARD, headers=auth)
        assert (await client.get(CARD, headers=auth)).status_code == 200


def test_count_limits_how_many_requests_a_fault_hits(sandbox, http, auth):
    sandbox.inject(kind="status", status=500, count=2)
    statuses = [http.get(CARD, headers=auth).status_code for _ in range(4)]
    assert statuses == [500, 500, 200, 200]


def test_fault_without_count_lasts_until_cleared_over_http(sandbox, http, auth):
    sandbox.inject(kind="status", status=503, count=None)
    assert [http.get(CARD, headers=auth).status_code for _ in range(3)] == [503, 503, 503]
    assert [f["remaining"] for f in sandbox.active_faults()] == [None]
    assert http.delete("/_sandbox/faults").status_code == 204
    assert http.get(CARD, headers=auth).status_code == 200


def test_path_prefix_limits_the_fault_to_matching_paths(sandbox, http, auth):
    sandbox.inject(kind="status", status=503, path="/v1/cards/10000002")
    assert http.get(CARD, headers=auth).status_code == 200
    assert http.get("/v1/cards/10000002", headers=auth).status_code == 503


def test_default_path_spares_the_token_endpoint_and_oauth_prefix_hits_it(sandbox, http, clean_sandbox):
    sandbox.inject(kind="status", status=503)
    assert "Authorization" in fetch_token(http)
    sandbox.clear_faults()
    sandbox.inject(kind="status", status=503, path="/oauth2/", count=1)
    response = http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("hmskort-sandbox", "sandbox-secret")
    )
    assert response.status_code == 503


def test_faults_apply_to_any_route_but_never_to_the_admin_endpoints(sandbox, http, clean_sandbox):
    sandbox.inject(kind="status", status=500, path="/")
    assert http.get("/no/such/route").status_code == 500
    assert http.get("/_sandbox/health").status_code == 200
    assert http.delete("/_sandbox/faults").status_code == 204
    assert http.get("/no/such/route").status_code == 404


def test_first_matching_fault_wins_and_the_next_follows_when_it_is_used_up(sandbox, http, auth):
    sandbox.inject(kind="status", status=429, count=1)
    sandbox.inject(kind="status", status=503, count=1)
    assert [http.get(CARD, headers=auth).status_code for _ in range(3)] == [429, 503, 200]


def test_expire_tokens_makes_live_tokens_401_and_a_new_token_works():
    # A private server: revoking every token on the shared one would disturb other modules' clients.
    with SandboxServer() as server, httpx.Client(base_url=server.url) as http:
        old = fetch_token(http)
        assert http.post("/_sandbox/faults", json={"kind": "expire_tokens", "count": 1}).status_code == 201
        response = http.get(CARD, headers=old)
        assert response.status_code == 401
        assert 'error="invalid_token"' in response.headers["www-authenticate"]
        new = fetch_token(http)
        assert http.get(CARD, headers=new).status_code == 200
        assert http.get(CARD, headers=old).status_code == 401


def test_fault_admin_over_http_adds_lists_and_clears(http, clean_sandbox):
    added = http.post(
        "/_sandbox/faults", json={"kind": "status", "status": 429, "retry_after": 3, "count": 2}
    )
    assert added.status_code == 201
    listed = http.get("/_sandbox/faults").json()["faults"]
    assert listed == [
        {
            "kind": "status",
            "status": 429,
            "retry_after": 3,
            "delay_ms": 0,
            "count": 2,
            "path": "/v1/",
            "remaining": 2,
        }
    ]
    assert http.delete("/_sandbox/faults").status_code == 204
    assert http.get("/_sandbox/faults").json() == {"faults": []}


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ({"kind": "explode"}, "kind must be one of"),
        ({}, "kind is required"),
        ({"kind": None}, "kind is required"),
        ({"kind": "status", "status": 404}, "status must be"),
        ({"kind": "status"}, "status must be"),
        ({"kind": "malformed", "status": 500}, "status only applies"),
        ({"kind": "delay"}, "delay_ms > 0"),
        ({"kind": "delay", "delay_ms": -1}, "delay_ms must be"),
        ({"kind": "delay", "delay_ms": "100"}, "delay_ms must be"),
        ({"kind": "malformed", "count": 0}, "count must be"),
        ({"kind": "malformed", "count": True}, "count must be"),
        ({"kind": "malformed", "path": "v1"}, "path must be"),
        ({"kind": "malformed", "path": "/_sandbox/health"}, "path must be"),
        ({"kind": "status", "status": 503, "retry_after": -2}, "retry_after must be"),
        ({"kind": "malformed", "colour": "red"}, "unknown field(s): colour"),
        ([1, 2], "JSON object"),
    ],
)
def test_bad_fault_specs_are_refused_with_a_specific_message(sandbox, http, clean_sandbox, payload, fragment):
    response = http.post("/_sandbox/faults", json=payload)
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_FAULT"
    assert fragment in response.json()["detail"]
    assert http.get("/_sandbox/faults").json() == {"faults": []}
    if isinstance(payload, dict):
        with pytest.raises(FaultSpecError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
            sandbox.inject(**payload)


def test_non_json_fault_body_is_refused(http, clean_sandbox):
    response = http.post("/_sandbox/faults", content=b"kind=delay")
    assert response.status_code == 415
    assert response.json()["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert http.get("/_sandbox/faults").json() == {"faults": []}


def test_a_not_quite_json_body_is_still_checked_as_json(http, clean_sandbox):
    response = http.post(
        "/_sandbox/faults", content=b"kind=delay", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_FAULT"


def test_health_answers_200(http):
    assert http.get("/_sandbox/health").status_code == 200
