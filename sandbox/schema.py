"""JSON Schemas (draft 2020-12) of the status API's bodies (contract §3), for sandbox tests and the client.

The schemas are strict on purpose (no extra fields, fixed enums, reason tied to status) so that a
test that validates an answer against them catches drift between the sandbox and the contract.
"""

from __future__ import annotations

from typing import Any

_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
# The card's vocabulary, shared with the OpenAPI document (sandbox/openapi.py), so the two cannot drift.
# (Tuples: each document builds its own lists from them, so neither can change the other's.)
UGYLDIG_REASONS = ("ARBEIDSFORHOLD_OPPHORT", "REGISTERKRAV_IKKE_OPPFYLT", "DNUMMER_INAKTIVT")
SPERRET_REASONS = ("TAPT", "STJALET", "UTLOPT", "INNDRATT")
CATEGORIES = ("BYGG", "RENHOLD", "BILPLEIE", "TRANSPORT")
STATUSES = ("GYLDIG", "UGYLDIG", "SPERRET")
#: Every field a card answer carries (the holder only in lookups by QR code or chip).
CARD_FIELDS = ("cardNumber", "category", "status", "reason", "validFrom", "validTo", "employer", "checkedAt")

HOLDER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["firstName", "lastName", "birthDate", "hasPhoto"],
    "additionalProperties": False,
    "properties": {
        "firstName": {"type": "string", "minLength": 1},
        "lastName": {"type": "string", "minLength": 1},
        "birthDate": _DATE,
        "hasPhoto": {"type": "boolean"},
    },
}

CARD_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Card",
    "type": "object",
    "required": list(CARD_FIELDS),
    "additionalProperties": False,
    "properties": {
        "cardNumber": {"type": "string", "pattern": r"^\d{8}$"},
        "category": {"enum": list(CATEGORIES)},
        "status": {"enum": list(STATUSES)},
        "reason": {"enum": [None, *UGYLDIG_REASONS, *SPERRET_REASONS]},
        "validFrom": _DATE,
        "validTo": _DATE,
        "employer": {
            "type": "object",
            "required": ["orgNumber", "name"],
            "additionalProperties": False,
            "properties": {
                "orgNumber": {"type": "string", "pattern": r"^\d{9}$"},
                "name": {"type": "string", "minLength": 1},
            },
        },
        "checkedAt": {
            "type": "string",
            "format": "date-time",
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$",
        },
        "holder": HOLDER_SCHEMA,
    },
    # The reason must fit the status (contract §3 table): null exactly when GYLDIG.
    "allOf": [
        {
            "if": {"properties": {"status": {"const": "GYLDIG"}}},
            "then": {"properties": {"reason": {"const": None}}},
        },
        {
            "if": {"properties": {"status": {"const": "UGYLDIG"}}},
            "then": {"properties": {"reason": {"enum": list(UGYLDIG_REASONS)}}},
        },
        {
            "if": {"properties": {"status": {"const": "SPERRET"}}},
            "then": {"properties": {"reason": {"enum": list(SPERRET_REASONS)}}},
        },
    ],
}

#: A card number lookup never carries personal data (scope status:card).
CARD_WITHOUT_HOLDER_SCHEMA: dict[str, Any] = {**CARD_SCHEMA, "not": {"required": ["holder"]}}

#: QR and chip lookups always carry the holder (scope status:personal).
CARD_WITH_HOLDER_SCHEMA: dict[str, Any] = {**CARD_SCHEMA, "required": [*CARD_SCHEMA["required"], "holder"]}

PROBLEM_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Problem",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string", "minLength": 1},
        "title": {"type": "string", "minLength": 1},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "minLength": 1},
        "code": {"type": "string", "pattern": r"^[A-Z][A-Z_]*$"},
    },
}

TOKEN_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "TokenResponse",
    "type": "object",
    "required": ["access_token", "token_type", "expires_in", "scope"],
    "properties": {
        "access_token": {"type": "string", "minLength": 20},
        "token_type": {"const": "Bearer"},
        "expires_in": {"type": "integer", "minimum": 0},
        "scope": {"type": "string"},
    },
}
