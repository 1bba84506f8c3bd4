"""The sandbox's registers over loopback: answers valid against Brønnøysund's own OpenAPI schemas,
every answer kind the client must handle, fault injection and the hit counter."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

from sandbox.reference_cards import REFERENCE_CARDS
from sandbox.register_fixtures import CLEANING, STAFFING, UNITS, UNITS_BY_ORG

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Brønnøysund's own OpenAPI description, vendored with its source and licence (tests/data/README.md).
SPEC = REPO_ROOT / "tests" / "data" / "brreg" / "enhetsregisteret-openapi.json"
UA = {"User-Agent": "hmskort-tests"}


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 → JSON Schema: `nullable: true` becomes a `null` in the type."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items()}
    if out.pop("nullable", False) and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


@pytest.fixture(scope="module")
def schemas():
    doc = json.loads(SPEC.read_text(encoding="utf-8"))
    components = _json_schema(copy.deepcopy(doc["components"]))

    def validator(name: str) -> jsonschema.Validator:
        schema = {"$ref": f"#/components/schemas/{name}", "components": components}
        return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())

    return validator


def _get(sandbox, path: str, **kw) -> httpx.Response:
    return httpx.get(sandbox.url + path, headers=kw.pop("headers", UA), timeout=5, **kw)


def test_every_reference_employer_has_a_main_unit_in_enhetsregisteret():
    for card in REFERENCE_CARDS:
        unit = UNITS_BY_ORG[card.org_number]
        assert unit.name == card.employer_name and unit.parent is None


@pytest.mark.parametrize(
    "unit", [u for u in UNITS if u.parent is None and not u.removed_on], ids=lambda u: u.org_number
)
def test_main_units_validate_against_enhet_or_slettet_enhet(clean_sandbox, schemas, unit):
    r = _get(clean_sandbox, f"/enhetsregisteret/api/enheter/{unit.org_number}")
    assert r.status_code == 200
    body = r.json()
    schemas("SlettetEnhet" if unit.deleted_on else "Enhet").validate(body)
    assert body["organisasjonsnummer"] == unit.org_number


@pytest.mark.parametrize("unit", [u for u in UNITS if u.parent is not None], ids=lambda u: u.org_number)
def test_sub_units_validate_against_underenhet_and_name_their_parent(clean_sandbox, schemas, unit):
    r = _get(clean_sandbox, f"/enhetsregisteret/api/underenheter/{unit.org_number}")
    assert r.status_code == 200
    body = r.json()
    schemas("Underenhet").validate(body)
    assert body["overordnetEnhet"] == unit.parent
    assert "konkurs" not in body  # sub-units carry no bankruptcy flags


def test_bankrupt_employer_answers_konkurs_true(clean_sandbox):
    body = _get(clean_sandbox, "/enhetsregisteret/api/enheter/184950618").json()
    assert body["konkurs"] is True and body["konkursdato"] == "2025-09-15"


def test_deleted_unit_answers_200_with_slettedato(clean_sandbox, schemas):
    r = _get(clean_sandbox, "/enhetsregisteret/api/enheter/100002027")
    assert r.status_code == 200 and r.json()["slettedato"] == "2024-11-30"


def test_removed_unit_answers_410_with_gone_body(clean_sandbox, schemas):
    r = _get(clean_sandbox, "/enhetsregisteret/api/enheter/100003031")
    assert r.status_code == 410
    schemas("GoneEnhet").validate(r.json())


def test_unknown_unit_answers_404_without_body(clean_sandbox):
    r = _get(clean_sandbox, "/enhetsregisteret/api/enheter/999999999")
    assert r.status_code == 404 and r.content == b""


def test_a_sub_unit_is_not_found_among_main_units_and_vice_versa(clean_sandbox):
    assert _get(clean_sandbox, "/enhetsregisteret/api/enheter/100004046").status_code == 404
    assert _get(clean_sandbox, "/enhetsregisteret/api/underenheter/184950618").status_code == 404


def test_malformed_org_number_answers_400_bad_request(clean_sandbox, schemas):
    r = _get(clean_sandbox, "/enhetsregisteret/api/enheter/9ECD01011")
    assert r.status_code == 400
    body = r.json()
    schemas("BadRequest").validate(body)
    assert body["valideringsfeil"][0]["feilaktigVerdi"] == "9ECD01011"


def test_bemanning_filter_finds_main_unit_and_its_sub_units(clean_sandbox):
    main = _get(
        clean_sandbox, "/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=195061726"
    )
    assert [(e["organisasjonsnummer"], e["registerstatus"]) for e in main.json()["data"]] == [
        ("195061726", 2)
    ]
    sub = _get(clean_sandbox, "/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=100014149")
    (entry,) = sub.json()["data"]
    assert entry["organisasjonsnummer"] == "100008084" and entry["registerstatus"] == 1
    assert entry["underenheter"][0]["organisasjonsnummer"] == "100014149"
    absent = _get(
        clean_sandbox, "/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=123456785"
    )
    assert absent.status_code == 200 and absent.json() == {"data": []}


def test_bemanning_without_filter_lists_the_whole_register(clean_sandbox):
    data = _get(clean_sandbox, "/bemanningsforetaksregisteret2/api/virksomheter").json()["data"]
    assert {e["organisasjonsnummer"] for e in data} == {s.org_number for s in STAFFING}


def test_bemanning_refuses_a_request_without_user_agent_like_the_real_service(clean_sandbox):
    r = _get(clean_sandbox, "/bemanningsforetaksregisteret2/api/virksomheter", headers={"User-Agent": ""})
    assert r.status_code == 403


def test_renhold_answers_main_unit_status_for_main_and_sub_unit(clean_sandbox):
    for org in ("162738496", "100001012"):
        body = _get(clean_sandbox, f"/renholdsregisteret/api/virksomheter/{org}").json()
        assert body["organisasjonsnummer"] == org and body["registrert"] is True
        assert body["virksomhet"]["organisasjonsnummer"] == "162738496"
        assert body["virksomhet"]["status"].casefold() == "godkjent med ansatte"


def test_renhold_answers_absence_explicitly_and_rejects_malformed_numbers(clean_sandbox):
    absent = _get(clean_sandbox, "/renholdsregisteret/api/virksomheter/123456785")
    assert absent.status_code == 200 and absent.json()["registrert"] is False
    assert _get(clean_sandbox, "/renholdsregisteret/api/virksomheter/12345").status_code == 400
    assert {c.status.casefold() for c in CLEANING} <= {
        "godkjent med ansatte", "godkjent uten ansatte", "under behandling",
        "under hms-kortbestilling", "ikke godkjent",
    }  # fmt: skip


def test_fault_injection_takes_enhetsregisteret_down_and_leaves_the_others(clean_sandbox):
    clean_sandbox.inject(kind="status", status=503, path="/enhetsregisteret/")
    assert _get(clean_sandbox, "/enhetsregisteret/api/enheter/123456785").status_code == 503
    assert _get(clean_sandbox, "/renholdsregisteret/api/virksomheter/123456785").status_code == 200


def test_hit_counter_counts_register_requests_and_resets(clean_sandbox):
    assert httpx.delete(clean_sandbox.url + "/_sandbox/register-hits", timeout=5).status_code == 204
    _get(clean_sandbox, "/enhetsregisteret/api/enheter/123456785")
    _get(clean_sandbox, "/enhetsregisteret/api/enheter/123456785")
    _get(clean_sandbox, "/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=123456785")
    hits = httpx.get(clean_sandbox.url + "/_sandbox/register-hits", timeout=5).json()
    assert hits == {
        "/enhetsregisteret/api/enheter/123456785": 2,
        "/bemanningsforetaksregisteret2/api/virksomheter?organisasjonsnummer=123456785": 1,
    }
