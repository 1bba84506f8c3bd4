"""The sandbox serves an OpenAPI 3.1 description of its status API at /openapi.json, and keeps it:
schemathesis generates requests from it against the running sandbox (over real HTTP), and every
answer must conform to the document (status, content type, headers, body schema); none may be a 5xx."""

from __future__ import annotations

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from sandbox.openapi import DOCUMENT
from sandbox.reference_cards import REFERENCE_CARDS

TOKEN_PATH = "/oauth2/token"


@pytest.fixture(scope="module")
def api_schema(sandbox):
    return schemathesis.openapi.from_url(sandbox.url + "/openapi.json")


@pytest.fixture
def bearer(clean_sandbox):
    """A fresh token for each test, on a sandbox without faults (other tests may have revoked tokens)."""
    sandbox = clean_sandbox
    response = httpx.post(
        sandbox.url + TOKEN_PATH,
        data={"grant_type": "client_credentials", "scope": "status:card status:personal"},
        auth=(sandbox.client_id, sandbox.client_secret),
        timeout=10,
    )
    response.raise_for_status()
    return response.json()["access_token"]


CARD = REFERENCE_CARDS[0]
KNOWN_GOOD = {
    (TOKEN_PATH, "post"): {
        "body": {"grant_type": "client_credentials", "scope": "status:card"},
        "media_type": "application/x-www-form-urlencoded",
    },
    ("/v1/cards/{cardNumber}", "get"): {"path_parameters": {"cardNumber": CARD.card_number}},
    ("/v1/cards/lookup", "post"): {"body": {"qrCode": CARD.qr_token}, "media_type": "application/json"},
    ("/v1/cards/{cardNumber}/photo", "get"): {"path_parameters": {"cardNumber": CARD.card_number}},
}
OPERATIONS = [(path, method) for path, item in DOCUMENT["paths"].items() for method in item]


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_every_answer_conforms_and_nothing_is_a_server_error(api_schema, sandbox, bearer, path, method):
    sandbox.clear_faults()
    if path == TOKEN_PATH:
        auth = httpx.BasicAuth(sandbox.client_id, sandbox.client_secret)
        headers = {"Authorization": auth._auth_header}
    else:
        headers = {"Authorization": f"Bearer {bearer}"}
    operation = api_schema[path][method]
    # The answers random input rarely reaches (a reference card's 200) are checked too, every time.
    known = operation.Case(**KNOWN_GOOD[(path, method)])
    assert known.call_and_validate(base_url=sandbox.url, headers=headers).status_code == 200

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case):
        case.call_and_validate(base_url=sandbox.url, headers=headers)

    check()


def test_the_document_is_openapi_3_1_and_served_as_is(sandbox):
    served = httpx.get(sandbox.url + "/openapi.json", timeout=5)
    assert served.status_code == 200 and served.headers["content-type"].startswith("application/json")
    assert served.json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1")
    assert set(DOCUMENT["paths"]) == {
        TOKEN_PATH,
        "/v1/cards/{cardNumber}",
        "/v1/cards/lookup",
        "/v1/cards/{cardNumber}/photo",
    }


def test_an_answer_the_document_does_not_describe_fails_the_check(clean_sandbox, bearer):
    """The check above can fail: a document promising a field the sandbox never sends is caught."""
    import copy

    document = copy.deepcopy(DOCUMENT)
    document["components"]["schemas"]["Card"]["required"].append("colour")
    operation = schemathesis.openapi.from_dict(document)["/v1/cards/{cardNumber}"]["get"]
    case = operation.Case(path_parameters={"cardNumber": "10000001"})  # a reference card: 200
    with pytest.raises(BaseException, match="colour"):  # schemathesis reports a FailureGroup
        case.call_and_validate(base_url=clean_sandbox.url, headers={"Authorization": f"Bearer {bearer}"})
