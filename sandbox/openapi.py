"""The sandbox status API as an OpenAPI 3.1 document, served at `GET /openapi.json`.

It describes what the sandbox answers (docs/STATUS_API.md in the project's words), so that a client
can be generated from it and `tests/test_sandbox_openapi.py` can run schemathesis against the running
sandbox: every answer must conform to this document, and no generated input may cause a 5xx. The
registers and the `/_sandbox/` admin endpoints are not part of it (the registers' own description is
Brønnøysund's, in tests/data/brreg/).
"""

from __future__ import annotations

from typing import Any

from sandbox.schema import CARD_FIELDS, CATEGORIES, SPERRET_REASONS, STATUSES, UGYLDIG_REASONS

SCOPES = {
    "status:card": "Look up a card by its number (no personal data).",
    "status:personal": "Look up a card by QR token or chip code, with holder name, birth date and photo.",
}

_PROBLEM = {"$ref": "#/components/schemas/Problem"}
_OAUTH_ERROR = {"$ref": "#/components/schemas/OAuthError"}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/problem+json": {"schema": _PROBLEM}}}


def _retry(description: str) -> dict[str, Any]:
    answer = _problem(description)
    answer["headers"] = {
        "Retry-After": {"schema": {"type": "string"}, "description": "Seconds, or an HTTP date"}
    }
    return answer


def _card_errors(*, body: bool) -> dict[str, Any]:
    errors = {
        "400": _problem("The code is not a card's (INVALID_CARD_NUMBER, INVALID_QR, INVALID_CHIP)."),
        "401": _problem("No token, or an unknown or expired one (INVALID_TOKEN)."),
        "403": _problem("The token lacks the scope (INSUFFICIENT_SCOPE)."),
        "404": _problem("No such card (CARD_NOT_FOUND): also the answer for a forged card."),
        "429": _retry("Too many requests (only when a fault is injected)."),
        "503": _retry("Unavailable (only when a fault is injected)."),
    }
    if body:
        errors["413"] = _problem("The body is larger than the sandbox reads.")
    return errors


_CARD_NUMBER = {"type": "string", "pattern": "^[0-9]{8}$", "examples": ["10000001"]}
_DATE = {"type": "string", "format": "date"}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "HMS-kort status API (sandbox)",
        "version": "1.0.0",
        "description": (
            "The status API this project builds against (docs/STATUS_API.md), as the embedded sandbox "
            "serves it. Test data only. The real API is closed and unpublished."
        ),
    },
    "paths": {
        "/oauth2/token": {
            "post": {
                "operationId": "token",
                "summary": "OAuth2 client credentials (RFC 6749 §4.4); client id and secret by HTTP Basic.",
                "security": [{"clientBasic": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["grant_type"],
                                "properties": {
                                    "grant_type": {"type": "string", "enum": ["client_credentials"]},
                                    "scope": {"type": "string", "examples": ["status:card status:personal"]},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "A bearer token.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}},
                    },
                    "400": {
                        "description": "Malformed request, unsupported grant or scope.",
                        "content": {"application/json": {"schema": _OAUTH_ERROR}},
                    },
                    "401": {
                        "description": "Client authentication failed.",
                        "content": {"application/json": {"schema": _OAUTH_ERROR}},
                    },
                    "413": _problem("The body is larger than the sandbox reads."),
                },
            }
        },
        "/v1/cards/{cardNumber}": {
            "get": {
                "operationId": "getCard",
                "summary": "A card by its number, without personal data.",
                "security": [{"oauth2": ["status:card"]}],
                "parameters": [
                    {"name": "cardNumber", "in": "path", "required": True, "schema": _CARD_NUMBER}
                ],
                "responses": {
                    "200": {
                        "description": "The card.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Card"}}},
                    },
                    **_card_errors(body=False),
                },
            }
        },
        "/v1/cards/lookup": {
            "post": {
                "operationId": "lookupCard",
                "summary": "A card by the token of its QR code or the UID of its chip, with the holder.",
                "security": [{"oauth2": ["status:personal"]}],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Lookup"}}},
                },
                "responses": {
                    "200": {
                        "description": "The card and its holder.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CardWithHolder"}}
                        },
                    },
                    **_card_errors(body=True),
                },
            }
        },
        "/v1/cards/{cardNumber}/photo": {
            "get": {
                "operationId": "getPhoto",
                "summary": "The holder's portrait (the sandbox draws placeholders, never real faces).",
                "security": [{"oauth2": ["status:personal"]}],
                "parameters": [
                    {"name": "cardNumber", "in": "path", "required": True, "schema": _CARD_NUMBER}
                ],
                "responses": {
                    "200": {
                        "description": "A JPEG portrait.",
                        "content": {
                            "image/jpeg": {"schema": {"type": "string", "contentMediaType": "image/jpeg"}}
                        },
                    },
                    **_card_errors(body=False),
                },
            }
        },
    },
    "components": {
        "securitySchemes": {
            "oauth2": {
                "type": "oauth2",
                "flows": {"clientCredentials": {"tokenUrl": "/oauth2/token", "scopes": SCOPES}},
            },
            "clientBasic": {"type": "http", "scheme": "basic"},
        },
        "schemas": {
            "Token": {
                "type": "object",
                "required": ["access_token", "token_type", "expires_in", "scope"],
                "properties": {
                    "access_token": {"type": "string"},
                    "token_type": {"const": "Bearer"},
                    "expires_in": {"type": "integer", "minimum": 1},
                    "scope": {"type": "string"},
                },
            },
            "OAuthError": {
                "type": "object",
                "required": ["error"],
                "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
            },
            "Problem": {
                "type": "object",
                "description": "RFC 9457 problem details with the contract's `code`.",
                "required": ["type", "title", "status", "code"],
                "properties": {
                    "type": {"type": "string"},
                    "title": {"type": "string"},
                    "status": {"type": "integer"},
                    "detail": {"type": "string"},
                    "code": {"type": "string", "pattern": "^[A-Z][A-Z0-9_]*$"},
                },
            },
            "Employer": {
                "type": "object",
                "required": ["orgNumber", "name"],
                "properties": {
                    "orgNumber": {"type": "string", "pattern": "^[0-9]{9}$"},
                    "name": {"type": "string", "minLength": 1},
                },
            },
            "Card": {
                "type": "object",
                "required": list(CARD_FIELDS),
                "properties": {
                    "cardNumber": _CARD_NUMBER,
                    "category": {"enum": list(CATEGORIES)},
                    "status": {"enum": list(STATUSES)},
                    "reason": {
                        "description": "null exactly when the status is GYLDIG; see docs/STATUS_API.md.",
                        "enum": [None, *UGYLDIG_REASONS, *SPERRET_REASONS],
                    },
                    "validFrom": _DATE,
                    "validTo": _DATE,
                    "employer": {"$ref": "#/components/schemas/Employer"},
                    "checkedAt": {"type": "string", "format": "date-time"},
                },
            },
            "Holder": {
                "type": "object",
                "required": ["firstName", "lastName", "birthDate", "hasPhoto"],
                "properties": {
                    "firstName": {"type": "string"},
                    "lastName": {"type": "string"},
                    "birthDate": _DATE,
                    "hasPhoto": {"type": "boolean"},
                },
            },
            "CardWithHolder": {
                "allOf": [
                    {"$ref": "#/components/schemas/Card"},
                    {
                        "type": "object",
                        "required": ["holder"],
                        "properties": {"holder": {"$ref": "#/components/schemas/Holder"}},
                    },
                ]
            },
            "Lookup": {
                "description": "Exactly one of the two.",
                "oneOf": [
                    {
                        "type": "object",
                        "required": ["qrCode"],
                        "properties": {"qrCode": {"type": "string", "pattern": "^[A-Za-z0-9_-]{16,64}$"}},
                        "additionalProperties": False,
                    },
                    {
                        "type": "object",
                        "required": ["chipCode"],
                        "properties": {
                            "chipCode": {"type": "string", "pattern": "^([0-9A-F]{8}|[0-9A-F]{14})$"}
                        },
                        "additionalProperties": False,
                    },
                ],
            },
        },
    },
}
