"""The three public registers, served by the sandbox at their real paths (contract §7).

    GET /enhetsregisteret/api/enheter/{orgnr}         Enhet | SlettetEnhet (200), 410 GoneEnhet,
    GET /enhetsregisteret/api/underenheter/{orgnr}    404 without body, 400 BadRequest
                                                      (Brønnøysund's OpenAPI schemas, version 2)
    GET /bemanningsforetaksregisteret2/api/virksomheter[?organisasjonsnummer=X]
        {"data": [...]}: main units with their `underenheter`. The filter matches a main unit or
        one of its sub-units and answers the main unit's entry. The real service's filter parameter
        is not published where we could read it; `organisasjonsnummer` follows Brønnøysund's own
        search APIs, and the client matches the org number itself in whatever `data` comes back.
    GET /renholdsregisteret/api/virksomheter/{orgnr}
        The sandbox's own per-organisation lookup (the real Renholdsregisteret publishes a whole-
        register file, no per-org JSON API we know of): 200 {"organisasjonsnummer": asked,
        "registrert": bool, "virksomhet": {organisasjonsnummer, navn, status, underenheter} | null}.
        A sub-unit answers its main unit's entry: sub-units inherit the status. Absence is an
        explicit 200, so that a bare 404 from a wrong address can never read as "not approved".
    GET /_sandbox/register-hits, DELETE /_sandbox/register-hits
        How many requests each register path (with query) has answered, so tests can prove the
        client's cache asks each register about each company once.

The base URLs the app's register clients use are `BASE_PATHS` under the sandbox's URL.

Faults (`POST /_sandbox/faults` with e.g. `"path": "/enhetsregisteret/"`) apply here like anywhere:
the fault middleware wraps the whole app. Requests that a fault answers are not counted as hits.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from sandbox.register_fixtures import CLEANING, STAFFING, UNITS_BY_ORG, SandboxUnit

#: Where each register's API is under the sandbox's base URL (the real services' own paths).
BASE_PATHS = {
    "enhetsregisteret": "/enhetsregisteret/api",
    "bemanning": "/bemanningsforetaksregisteret2/api",
    "renhold": "/renholdsregisteret/api",
}

_NINE_DIGITS = re.compile(r"\d{9}")

_STAFFING_BY_ORG = {s.org_number: s for s in STAFFING}
_CLEANING_BY_ORG = {c.org_number: c for c in CLEANING}


def _hits(request: Request) -> Counter[str]:
    state = request.app.state
    if not hasattr(state, "register_hits"):
        state.register_hits = Counter()
    return state.register_hits


def _count(request: Request) -> None:
    key = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    _hits(request)[key] += 1


def _link(request: Request, path: str) -> dict[str, Any]:
    return {"href": str(request.base_url).rstrip("/") + path}


# --- Enhetsregisteret ---------------------------------------------------------------------------


def bad_request(request: Request, value: str) -> JSONResponse:
    """Brønnøysund's 400 body (schema BadRequest) for an org number that is not 9 digits."""
    body = {
        "tidsstempel": int(time.time() * 1000),
        "status": 400,
        "feilmelding": "Feilaktig forespørsel",
        "sti": request.url.path,
        "antallFeil": 1,
        "valideringsfeil": [
            {
                "feilmelding": "Organisasjonsnummer må være et nummer med nøyaktig 9 siffer",
                "parametere": [value],
                "feilaktigVerdi": value,
            }
        ],
    }
    return JSONResponse(body, status_code=400)


def _form(unit: SandboxUnit, request: Request) -> dict[str, Any]:
    kode, beskrivelse = unit.form
    return {
        "kode": kode,
        "beskrivelse": beskrivelse,
        "_links": {"self": _link(request, f"/enhetsregisteret/api/organisasjonsformer/{kode}")},
    }


def _address(unit: SandboxUnit) -> dict[str, Any]:
    postnummer, poststed, kommunenummer = unit.town
    return {
        "land": "Norge",
        "landkode": "NO",
        "postnummer": postnummer,
        "poststed": poststed,
        "adresse": ["Prøvegata 1"],
        "kommune": poststed,
        "kommunenummer": kommunenummer,
    }


def _nace(unit: SandboxUnit) -> dict[str, Any]:
    assert unit.nace is not None
    return {"kode": unit.nace[0], "beskrivelse": unit.nace[1]}


def _deleted_json(unit: SandboxUnit, request: Request, path: str) -> dict[str, Any]:
    """A deleted unit or sub-unit: the short `SlettetEnhet` body (the real service answers 200 with it)."""
    assert unit.deleted_on is not None
    return {
        "respons_klasse": "SlettetEnhet",
        "organisasjonsnummer": unit.org_number,
        "navn": unit.name,
        "organisasjonsform": _form(unit, request),
        "slettedato": unit.deleted_on.isoformat(),
        "_links": {"self": _link(request, path)},
    }


def enhet_json(unit: SandboxUnit, request: Request) -> dict[str, Any]:
    """A main unit as schema `Enhet` (or `SlettetEnhet` when deleted)."""
    path = f"/enhetsregisteret/api/enheter/{unit.org_number}"
    if unit.deleted_on:
        return _deleted_json(unit, request, path)
    body: dict[str, Any] = {
        "respons_klasse": "Enhet",
        "organisasjonsnummer": unit.org_number,
        "navn": unit.name,
        "organisasjonsform": _form(unit, request),
        "postadresse": _address(unit),
        "forretningsadresse": _address(unit),
        "registrertIMvaregisteret": True,
        "maalform": "Bokmål",
        "harRegistrertAntallAnsatte": True,
        "antallAnsatte": 12,
        "registreringsdatoEnhetsregisteret": unit.registered.isoformat(),
        "registrertIForetaksregisteret": True,
        "registrertIStiftelsesregisteret": False,
        "registrertIFrivillighetsregisteret": False,
        "registrertIPartiregisteret": False,
        "stiftelsesdato": unit.registered.isoformat(),
        "institusjonellSektorkode": {"kode": "2100", "beskrivelse": "Private aksjeselskaper mv."},
        "konkurs": unit.bankrupt_on is not None,
        "underAvvikling": unit.liquidation_on is not None,
        "underTvangsavviklingEllerTvangsopplosning": unit.forced_dissolution_on is not None,
        "paategninger": [],
        "_links": {"self": _link(request, path)},
    }
    if unit.nace:
        body["naeringskode1"] = _nace(unit)
    if unit.bankrupt_on:
        body["konkursdato"] = unit.bankrupt_on.isoformat()
    if unit.liquidation_on:
        body["underAvviklingDato"] = unit.liquidation_on.isoformat()
    if unit.forced_dissolution_on:
        body["tvangsopplostPgaManglendeRegnskapDato"] = unit.forced_dissolution_on.isoformat()
    return body


def underenhet_json(unit: SandboxUnit, request: Request) -> dict[str, Any]:
    """A sub-unit as schema `Underenhet` (or `SlettetUnderenhet` when deleted)."""
    path = f"/enhetsregisteret/api/underenheter/{unit.org_number}"
    if unit.deleted_on:
        return _deleted_json(unit, request, path)
    body: dict[str, Any] = {
        "respons_klasse": "Underenhet",
        "organisasjonsnummer": unit.org_number,
        "navn": unit.name,
        "organisasjonsform": _form(unit, request),
        "postadresse": _address(unit),
        "beliggenhetsadresse": _address(unit),
        "registrertIMvaregisteret": True,
        "harRegistrertAntallAnsatte": True,
        "antallAnsatte": 5,
        "registreringsdatoEnhetsregisteret": unit.registered.isoformat(),
        "overordnetEnhet": unit.parent,
        "oppstartsdato": unit.registered.isoformat(),
        "_links": {
            "self": _link(request, path),
            "overordnetEnhet": _link(request, f"/enhetsregisteret/api/enheter/{unit.parent}"),
        },
    }
    if unit.nace:
        body["naeringskode1"] = _nace(unit)
    return body


def gone_json(unit: SandboxUnit, request: Request, kind: str) -> dict[str, Any]:
    """A unit removed for legal reasons (schema `GoneEnhet` / `GoneUnderenhet`)."""
    assert unit.removed_on is not None
    return {
        "organisasjonsnummer": unit.org_number,
        "slettedato": unit.removed_on.isoformat(),
        "_links": {"self": _link(request, f"/enhetsregisteret/api/{kind}/{unit.org_number}")},
    }


def _unit_answer(request: Request, *, sub_units: bool) -> Response:
    _count(request)
    orgnr = request.path_params["orgnr"]
    if not _NINE_DIGITS.fullmatch(orgnr):
        return bad_request(request, orgnr)
    unit = UNITS_BY_ORG.get(orgnr)
    kind = "underenheter" if sub_units else "enheter"
    # Main units live under /enheter, sub-units under /underenheter; the other path answers 404.
    if unit is None or (unit.parent is not None) != sub_units:
        return Response(status_code=404)  # the real service: 404 with no body
    if unit.removed_on:
        return JSONResponse(gone_json(unit, request, kind), status_code=410)
    body = underenhet_json(unit, request) if sub_units else enhet_json(unit, request)
    return JSONResponse(body)


async def enhet(request: Request) -> Response:
    """GET /enhetsregisteret/api/enheter/{orgnr}"""
    return _unit_answer(request, sub_units=False)


async def underenhet(request: Request) -> Response:
    """GET /enhetsregisteret/api/underenheter/{orgnr}"""
    return _unit_answer(request, sub_units=True)


# --- Bemanningsforetaksregisteret ---------------------------------------------------------------


def _staffing_entry(org: str, status: int, text: str, parent: str | None) -> dict[str, Any]:
    unit = UNITS_BY_ORG[org]
    return {
        "organisasjonsnummer": org,
        "overordnetEnhet": parent,
        "navn": unit.name.upper(),  # the register spells names in capitals, as Brønnøysund does
        "registerstatus": status,
        "registerstatusTekst": text,
        "godkjenningsstatus": text,
    }


def staffing_json(org: str) -> dict[str, Any]:
    """One main unit's entry, with its sub-units (which carry the main unit's status)."""
    s = _STAFFING_BY_ORG[org]
    entry = _staffing_entry(org, s.status, s.status_text, None)
    entry["underenheter"] = [
        {**_staffing_entry(sub, s.status, s.status_text, org), "underenheter": []} for sub in s.sub_units
    ]
    return entry


async def bemanning(request: Request) -> Response:
    """GET /bemanningsforetaksregisteret2/api/virksomheter[?organisasjonsnummer=X]"""
    _count(request)
    if not request.headers.get("user-agent"):
        # The real service answers 403 without a User-Agent (contract §7).
        return JSONResponse({"feilmelding": "User-Agent mangler"}, status_code=403)
    wanted = request.query_params.get("organisasjonsnummer")
    if wanted is None:
        return JSONResponse({"data": [staffing_json(s.org_number) for s in STAFFING]})
    if not _NINE_DIGITS.fullmatch(wanted):
        return JSONResponse(
            {"feilmelding": "organisasjonsnummer må være 9 siffer", "feilaktigVerdi": wanted}, status_code=400
        )
    data = [staffing_json(s.org_number) for s in STAFFING if wanted == s.org_number or wanted in s.sub_units]
    return JSONResponse({"data": data})


# --- Renholdsregisteret (the sandbox's own per-organisation lookup) -----------------------------


def cleaning_json(org: str) -> dict[str, Any]:
    c = _CLEANING_BY_ORG[org]
    return {
        "organisasjonsnummer": org,
        "navn": UNITS_BY_ORG[org].name.upper(),
        "status": c.status,
        "underenheter": [
            {"organisasjonsnummer": sub, "navn": UNITS_BY_ORG[sub].name.upper()} for sub in c.sub_units
        ],
    }


async def renhold(request: Request) -> Response:
    """GET /renholdsregisteret/api/virksomheter/{orgnr}"""
    _count(request)
    orgnr = request.path_params["orgnr"]
    if not _NINE_DIGITS.fullmatch(orgnr):
        return JSONResponse(
            {"feilmelding": "organisasjonsnummer må være 9 siffer", "feilaktigVerdi": orgnr}, status_code=400
        )
    main = next((c.org_number for c in CLEANING if orgnr == c.org_number or orgnr in c.sub_units), None)
    return JSONResponse(
        {
            "organisasjonsnummer": orgnr,
            "registrert": main is not None,
            "virksomhet": cleaning_json(main) if main else None,
        }
    )


# --- hit counter (sandbox admin) ----------------------------------------------------------------


async def register_hits(request: Request) -> Response:
    """GET /_sandbox/register-hits: {path?query: count} of register requests answered."""
    return JSONResponse(dict(_hits(request)))


async def reset_register_hits(request: Request) -> Response:
    """DELETE /_sandbox/register-hits: start counting from zero."""
    _hits(request).clear()
    return Response(status_code=204)


routes: list[Route] = [
    Route("/enhetsregisteret/api/enheter/{orgnr}", enhet, methods=["GET"]),
    Route("/enhetsregisteret/api/underenheter/{orgnr}", underenhet, methods=["GET"]),
    Route("/bemanningsforetaksregisteret2/api/virksomheter", bemanning, methods=["GET"]),
    Route("/renholdsregisteret/api/virksomheter/{orgnr}", renhold, methods=["GET"]),
    Route("/_sandbox/register-hits", register_hits, methods=["GET"]),
    Route("/_sandbox/register-hits", reset_register_hits, methods=["DELETE"]),
]
