"""The sandbox status API over real HTTP on loopback: OAuth2, the three calls, validation, storage."""

from __future__ import annotations

import argparse
import io
import json
import re
import signal
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta

import httpx
import jsonschema
import pytest
from PIL import Image

from app.cli import sandbox_cmd
from app.cli.sandbox_cmd import main as main_cli
from sandbox.db import CardRecord, CardStore
from sandbox.reference_cards import REFERENCE_CARDS, ReferenceCard
from sandbox.runner import SandboxServer, SandboxStartError
from sandbox.schema import (
    CARD_SCHEMA,
    CARD_WITH_HOLDER_SCHEMA,
    CARD_WITHOUT_HOLDER_SCHEMA,
    PROBLEM_SCHEMA,
    TOKEN_SCHEMA,
)

ALL_SCOPES = "status:card status:personal"


@pytest.fixture(scope="module")
def http(sandbox):
    with httpx.Client(base_url=sandbox.url, timeout=10) as client:
        yield client


def get_token(http: httpx.Client, client_id: str = "hmskort-sandbox", scope: str | None = None) -> str:
    data = {"grant_type": "client_credentials"} | ({"scope": scope} if scope is not None else {})
    response = http.post("/oauth2/token", data=data, auth=(client_id, "sandbox-secret"))
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


@pytest.fixture
def auth(http, clean_sandbox):
    return {"Authorization": f"Bearer {get_token(http)}"}


def assert_problem(response: httpx.Response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    jsonschema.validate(body, PROBLEM_SCHEMA)
    assert body["status"] == status
    assert body["code"] == code
    return body


def assert_card_matches(body: dict, card: ReferenceCard, today: date) -> None:
    assert body["cardNumber"] == card.card_number
    assert body["status"] == card.status
    assert body["reason"] == card.reason
    assert body["category"] == card.category
    assert body["validTo"] == (today + timedelta(days=card.valid_to_days)).isoformat()
    assert body["validFrom"] == card.valid_from(today).isoformat()
    assert body["employer"] == {"orgNumber": card.org_number, "name": card.employer_name}


# --- OAuth2 ------------------------------------------------------------------------------------------


def test_token_for_good_credentials_has_all_scopes_of_the_client(http, clean_sandbox):
    response = http.post(
        "/oauth2/token", data={"grant_type": "client_credentials"}, auth=("hmskort-sandbox", "sandbox-secret")
    )
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, TOKEN_SCHEMA)
    assert body["expires_in"] == 3600
    assert body["scope"] == ALL_SCOPES
    assert response.headers["cache-control"] == "no-store"


def test_each_token_is_new_and_opaque(http, clean_sandbox):
    first, second = get_token(http), get_token(http)
    assert first != second
    assert "hmskort" not in first and "sandbox-secret" not in first


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [("hmskort-sandbox", "wrong"), ("nobody", "sandbox-secret"), ("hmskort-sandbox", ""), ("", "")],
)
def test_bad_client_credentials_are_invalid_client_with_basic_challenge(
    http, clean_sandbox, client_id, secret
):
    response = http.post("/oauth2/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret))
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic ")


@pytest.mark.parametrize("header", [None, "Bearer abc", "Basic !!!notbase64", "Basic aGVsbG8="])
def test_missing_or_garbled_client_auth_is_invalid_client(http, clean_sandbox, header):
    headers = {"Authorization": header} if header else {}
    response = http.post("/oauth2/token", data={"grant_type": "client_credentials"}, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_client_id_and_secret_are_form_decoded_per_rfc6749(clean_sandbox, http):
    # "hmskort-sandbox" form-encoded is unchanged, the secret with %2D for "-" must still match.
    response = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("hmskort-sandbox", "sandbox%2Dsecret"),
    )
    assert response.status_code == 200


@pytest.mark.parametrize("grant", ["password", "authorization_code", "client_credentials2"])
def test_other_grant_types_are_unsupported(http, clean_sandbox, grant):
    response = http.post(
        "/oauth2/token", data={"grant_type": grant}, auth=("hmskort-sandbox", "sandbox-secret")
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_missing_grant_type_is_invalid_request(http, clean_sandbox):
    response = http.post(
        "/oauth2/token", data={"scope": "status:card"}, auth=("hmskort-sandbox", "sandbox-secret")
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_json_body_on_token_endpoint_is_invalid_request(http, clean_sandbox):
    response = http.post(
        "/oauth2/token", json={"grant_type": "client_credentials"}, auth=("hmskort-sandbox", "sandbox-secret")
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_requested_scope_narrows_the_token_and_lookup_then_needs_more_scope(http, clean_sandbox):
    response = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "scope": "status:card"},
        auth=("hmskort-sandbox", "sandbox-secret"),
    )
    assert response.json()["scope"] == "status:card"
    headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
    assert http.get("/v1/cards/10000001", headers=headers).status_code == 200
    denied = http.post("/v1/cards/lookup", json={"qrCode": REFERENCE_CARDS[0].qr_token}, headers=headers)
    assert_problem(denied, 403, "INSUFFICIENT_SCOPE")
    assert 'error="insufficient_scope"' in denied.headers["www-authenticate"]


@pytest.mark.parametrize("scope", ["status:personal", "status:card status:personal", "status:admin"])
def test_card_only_client_cannot_get_personal_or_unknown_scopes(http, clean_sandbox, scope):
    response = http.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "scope": scope},
        auth=("hmskort-card-only", "sandbox-secret"),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_card_only_client_gets_card_status_but_403_on_lookup_and_photo(http, clean_sandbox):
    headers = {"Authorization": f"Bearer {get_token(http, 'hmskort-card-only')}"}
    assert http.get("/v1/cards/10000001", headers=headers).status_code == 200
    lookup = http.post("/v1/cards/lookup", json={"chipCode": "891FEEE6"}, headers=headers)
    assert_problem(lookup, 403, "INSUFFICIENT_SCOPE")
    assert_problem(http.get("/v1/cards/10000001/photo", headers=headers), 403, "INSUFFICIENT_SCOPE")


def test_token_endpoint_answers_only_post(http, clean_sandbox):
    assert http.get("/oauth2/token").status_code == 405


# --- bearer tokens -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Bearer"}, {"Authorization": "Basic x"}],
)
def test_calls_without_a_live_token_are_401_with_bearer_challenge(http, clean_sandbox, headers):
    for response in (
        http.get("/v1/cards/10000001", headers=headers),
        http.post("/v1/cards/lookup", json={"chipCode": "891FEEE6"}, headers=headers),
        http.get("/v1/cards/10000001/photo", headers=headers),
    ):
        body = assert_problem(response, 401, "INVALID_TOKEN")
        assert response.headers["www-authenticate"] == 'Bearer realm="hmskort-sandbox", error="invalid_token"'
        assert "holder" not in body


def test_expired_token_is_401():
    with SandboxServer(token_ttl=0) as server, httpx.Client(base_url=server.url) as http:
        response = http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(server.client_id, server.client_secret),
        )
        assert response.json()["expires_in"] == 0
        headers = {"Authorization": f"Bearer {response.json()['access_token']}"}
        assert_problem(http.get("/v1/cards/10000001", headers=headers), 401, "INVALID_TOKEN")


# --- the three calls, for every reference card ---------------------------------------------------------


@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=lambda c: c.card_number)
def test_card_number_lookup_gives_status_reason_dates_and_no_holder(http, auth, sandbox, card):
    response = http.get(f"/v1/cards/{card.card_number}", headers=auth)
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, CARD_WITHOUT_HOLDER_SCHEMA)
    assert_card_matches(body, card, sandbox.today)
    assert "holder" not in body


@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=lambda c: c.card_number)
@pytest.mark.parametrize("field", ["qrCode", "chipCode"])
def test_qr_and_chip_lookups_give_the_card_with_its_holder(http, auth, sandbox, card, field):
    value = card.qr_token if field == "qrCode" else card.chip_code
    response = http.post("/v1/cards/lookup", json={field: value}, headers=auth)
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, CARD_WITH_HOLDER_SCHEMA)
    assert_card_matches(body, card, sandbox.today)
    assert body["holder"] == {
        "firstName": card.first_name,
        "lastName": card.last_name,
        "birthDate": card.birth_date.isoformat(),
        "hasPhoto": True,
    }
    assert response.headers["cache-control"] == "no-store"


def test_checked_at_is_server_time_in_utc_with_z(http, auth):
    before = datetime.now(UTC).replace(microsecond=0)
    body = http.get("/v1/cards/10000001", headers=auth).json()
    after = datetime.now(UTC)
    assert body["checkedAt"].endswith("Z")
    checked = datetime.fromisoformat(body["checkedAt"])
    assert checked.tzinfo is not None and checked.utcoffset() == timedelta(0)
    assert before <= checked <= after


def test_the_schema_rejects_a_reason_that_does_not_fit_the_status(http, auth):
    body = http.get("/v1/cards/10000001", headers=auth).json()
    jsonschema.validate(body, CARD_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body | {"reason": "TAPT"}, CARD_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body | {"status": "SPERRET"}, CARD_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body | {"extra": 1}, CARD_SCHEMA)


def test_expired_reference_card_has_valid_to_in_the_past(http, auth, sandbox):
    body = http.get("/v1/cards/10000005", headers=auth).json()
    assert date.fromisoformat(body["validTo"]) < sandbox.today


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("GET", "/v1/cards/99999999", None),
        ("GET", "/v1/cards/10000011", None),
        ("POST", "/v1/cards/lookup", {"qrCode": "AAAAAAAAAAAAAAAAAAAAAAAA"}),
        ("POST", "/v1/cards/lookup", {"chipCode": "DEADBEEF"}),
        ("POST", "/v1/cards/lookup", {"chipCode": "04A1B2C3D4E5F6"}),
        ("GET", "/v1/cards/99999999/photo", None),
    ],
)
def test_unknown_cards_are_404_card_not_found(http, auth, method, path, payload):
    response = http.request(method, path, json=payload, headers=auth)
    body = assert_problem(response, 404, "CARD_NOT_FOUND")
    assert "holder" not in body


def test_photo_is_a_jpeg_portrait(http, auth):
    response = http.get("/v1/cards/10000001/photo", headers=auth)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "no-store"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG"
    assert image.size == (300, 400)


def test_photo_of_a_holder_without_photo_is_404_and_db_path_is_kept(tmp_path):
    db = tmp_path / "cards.sqlite3"
    extra = CardRecord.from_reference(REFERENCE_CARDS[0], date(2026, 1, 1))
    extra = CardRecord(
        **{
            **{f: getattr(extra, f) for f in extra.__slots__},
            "card_number": "20000001",
            "qr_token": None,
            "chip_code": None,
            "has_photo": False,
        }
    )
    CardStore(db).upsert(extra)
    with SandboxServer(db_path=db) as server, httpx.Client(base_url=server.url) as http:
        headers = {"Authorization": f"Bearer {get_token(http)}"}
        assert_problem(http.get("/v1/cards/20000001/photo", headers=headers), 404, "PHOTO_NOT_FOUND")
        assert http.get("/v1/cards/20000001", headers=headers).json()["cardNumber"] == "20000001"
    assert db.exists()
    assert CardStore(db).by_number("20000001") == extra


# --- validation --------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["1000000", "100000011", "1000000a", "1000-0001", "1000%200001", "lookup"])
def test_malformed_card_numbers_are_400(http, auth, number):
    assert_problem(http.get(f"/v1/cards/{number}", headers=auth), 400, "INVALID_CARD_NUMBER")
    assert_problem(http.get(f"/v1/cards/{number}/photo", headers=auth), 400, "INVALID_CARD_NUMBER")


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"not json", "INVALID_QR"),
        (b"\xff\xfe", "INVALID_QR"),
        (b"[]", "INVALID_QR"),
        (b'"c2LufYNuydk9sgEWl2agE4aE"', "INVALID_QR"),
        (b"{}", "INVALID_QR"),
        (json.dumps({"qrCode": "c2LufYNuydk9sgEWl2agE4aE", "chipCode": "891FEEE6"}).encode(), "INVALID_QR"),
        (json.dumps({"qrCode": "short"}).encode(), "INVALID_QR"),
        (json.dumps({"qrCode": "A" * 65}).encode(), "INVALID_QR"),
        (json.dumps({"qrCode": "https://hmskort.no/k/c2LufYNuydk9sgEWl2agE4aE"}).encode(), "INVALID_QR"),
        (json.dumps({"qrCode": "c2LufYNuydk9sgEW l2agE4aE"}).encode(), "INVALID_QR"),
        (json.dumps({"qrCode": 12345678901234567}).encode(), "INVALID_QR"),
        (json.dumps({"qrCode": None}).encode(), "INVALID_QR"),
        (json.dumps({"chipCode": "891feee6"}).encode(), "INVALID_CHIP"),
        (json.dumps({"chipCode": "89:1F:EE:E6"}).encode(), "INVALID_CHIP"),
        (json.dumps({"chipCode": "891FEE"}).encode(), "INVALID_CHIP"),
        (json.dumps({"chipCode": "891FEEE6AA"}).encode(), "INVALID_CHIP"),
        (json.dumps({"chipCode": "891FEEG6"}).encode(), "INVALID_CHIP"),
        (json.dumps({"chipCode": 0x891FEEE6}).encode(), "INVALID_CHIP"),
    ],
)
def test_malformed_lookup_bodies_are_400_with_the_specific_code(http, auth, content, code):
    headers = auth | {"Content-Type": "application/json"}
    body = assert_problem(http.post("/v1/cards/lookup", content=content, headers=headers), 400, code)
    assert body["detail"]


def test_unknown_v1_path_is_a_problem_404(http, auth):
    assert_problem(http.get("/v1/nothing-here", headers=auth), 404, "NOT_FOUND")


def test_the_registers_are_served_by_the_same_server(http, clean_sandbox):
    response = http.get("/enhetsregisteret/api/enheter/123456785")
    assert response.status_code == 200
    assert response.json()["organisasjonsnummer"] == "123456785"


# --- storage and the runner ----------------------------------------------------------------------------


def test_default_database_is_in_memory_and_dropped_on_stop():
    server = SandboxServer().start()
    assert server.cards.path is None  # nothing on disk, so nothing can be left behind
    assert server.cards.by_number("10000001") is not None
    server.stop()
    with pytest.raises(sqlite3.ProgrammingError):
        server.cards.by_number("10000001")
    server.stop()  # idempotent


def test_reference_dates_follow_the_given_start_day(tmp_path):
    start = date(2030, 2, 1)
    with (
        SandboxServer(today=start, db_path=tmp_path / "c.sqlite3") as server,
        httpx.Client(base_url=server.url) as h,
    ):
        body = h.get("/v1/cards/10000001", headers={"Authorization": f"Bearer {get_token(h)}"}).json()
        assert body["validTo"] == "2031-03-08"
        assert h.get("/_sandbox/health").json()["today"] == "2030-02-01"


def test_servers_get_distinct_free_loopback_ports(sandbox):
    with SandboxServer() as other:
        assert other.port != sandbox.port
        assert other.url.startswith("http://127.0.0.1:")


def test_taken_port_is_a_clear_start_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(SandboxStartError, match=f"127.0.0.1:{port}"):
            SandboxServer(port=port).start()


def test_repr_never_shows_the_secret(sandbox):
    assert "sandbox-secret" not in repr(sandbox)
    assert sandbox.url in repr(sandbox)


async def test_async_start_serves_without_blocking_the_loop():
    async with SandboxServer() as server, httpx.AsyncClient(base_url=server.url) as http:
        response = await http.get("/_sandbox/health")
        assert response.status_code == 200
    assert not server.running


# --- command line ------------------------------------------------------------------------------------

_RUN_CLI = "import sys; from app.cli.sandbox_cmd import main; sys.exit(main(sys.argv[1:]))"


def test_cli_serves_in_the_foreground_prints_credentials_and_stops_cleanly_on_sigterm(tmp_path):
    db = tmp_path / "cli.sqlite3"
    args = [sys.executable, "-c", _RUN_CLI, "--port", "0", "--db", str(db), "--today", "2030-02-01"]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()
        url = re.search(r"on (http://127\.0\.0\.1:\d+)", first).group(1)
        banner = "".join(proc.stdout.readline() for _ in range(7))
        assert "hmskort-sandbox / sandbox-secret" in banner
        assert "cards dated from 2030-02-01" in banner
        with httpx.Client(base_url=url) as http:
            headers = {"Authorization": f"Bearer {get_token(http)}"}
            assert http.get("/v1/cards/10000001", headers=headers).json()["validTo"] == "2031-03-08"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()
        proc.wait()
    assert db.exists()


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.com"])
def test_cli_refuses_non_loopback_hosts_without_allow_remote(capsys, host):
    assert main_cli(["--host", host, "--port", "0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_cli_reports_a_taken_port(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main_cli(["--port", str(taken.getsockname()[1])]) == 1
    assert "cannot listen on 127.0.0.1" in capsys.readouterr().err


def test_cli_is_a_registered_hmskort_sub_command():
    parser = argparse.ArgumentParser()
    sandbox_cmd.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["sandbox", "--port", "0", "--db", "x.sqlite3"])
    assert (args.port, args.host, args.db, args.allow_remote) == (0, "127.0.0.1", "x.sqlite3", False)
    assert args.func is sandbox_cmd.run
