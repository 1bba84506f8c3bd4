"""The sandbox status API (contract §3) as a Starlette app: OAuth2 token endpoint, card calls, admin.

`create_app()` builds the whole ASGI app: the status API, the registers (`sandbox.registers`, when
present) and the fault admin endpoints, wrapped in the fault middleware. Nothing here logs tokens,
secrets or holder data.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import re
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from sandbox.body_limit import BodyLimitMiddleware
from sandbox.db import CardRecord, CardStore
from sandbox.faults import Fault, FaultMiddleware, FaultSpecError, FaultStore, install_log_filter
from sandbox.portraits import portrait_jpeg

log = logging.getLogger(__name__)

SCOPE_CARD = "status:card"
SCOPE_PERSONAL = "status:personal"
TOKEN_TTL = 3600
#: The token endpoint under the base URL (the same path the status API contract names).
TOKEN_PATH = "/oauth2/token"
REALM = "hmskort-sandbox"

#: The sandbox's clients (docs/ARCHITECTURE.md): id → (secret, scopes it may have).
DEFAULT_CLIENTS: dict[str, tuple[str, frozenset[str]]] = {
    "hmskort-sandbox": ("sandbox-secret", frozenset({SCOPE_CARD, SCOPE_PERSONAL})),
    "hmskort-card-only": ("sandbox-secret", frozenset({SCOPE_CARD})),
}

_CARD_NUMBER = re.compile(r"\d{8}")
_QR_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_CHIP_CODE = re.compile(r"[0-9A-F]{8}|[0-9A-F]{14}")
_MAX_BODY = 16 * 1024


# --- tokens -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grant:
    client_id: str
    scopes: frozenset[str]
    expires_at: float  # time.monotonic()


@dataclass
class TokenStore:
    """Opaque bearer tokens in memory with their expiry; shared by the loop and the fault injector."""

    ttl: int = TOKEN_TTL
    _grants: dict[str, Grant] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self, client_id: str, scopes: frozenset[str]) -> str:
        """A new random token for these scopes, valid for `ttl` seconds."""
        token = secrets.token_urlsafe(32)
        now = time.monotonic()
        with self._lock:
            # Drop expired grants on the way, so a long-running sandbox does not grow without bound.
            for t in [t for t, g in self._grants.items() if g.expires_at <= now]:
                del self._grants[t]
            self._grants[token] = Grant(client_id, scopes, now + self.ttl)
        return token

    def check(self, token: str) -> Grant | None:
        """The grant behind a live token, or None for unknown, revoked or expired tokens."""
        with self._lock:
            grant = self._grants.get(token)
        if grant is None or grant.expires_at <= time.monotonic():
            return None
        return grant

    def revoke_all(self) -> None:
        """Invalidate every token issued so far."""
        with self._lock:
            self._grants.clear()


# --- answers ----------------------------------------------------------------------------------------


def problem(status: int, code: str, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An `application/problem+json` answer (RFC 9457) with the contract's extra `code` member."""
    body = {
        "type": f"urn:hmskort:problem:{code.lower().replace('_', '-')}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    return JSONResponse(body, status_code=status, headers=headers, media_type="application/problem+json")


def _oauth_error(status: int, error: str, description: str, *, basic_challenge: bool = False) -> JSONResponse:
    headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
    if basic_challenge:
        headers["WWW-Authenticate"] = f'Basic realm="{REALM}", charset="UTF-8"'
    return JSONResponse({"error": error, "error_description": description}, status, headers=headers)


def _now_z() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def card_json(card: CardRecord, *, with_holder: bool) -> dict[str, Any]:
    """The contract's `Card` body; `holder` only for QR and chip lookups."""
    body: dict[str, Any] = {
        "cardNumber": card.card_number,
        "category": card.category,
        "status": card.status,
        "reason": card.reason,
        "validFrom": card.valid_from.isoformat(),
        "validTo": card.valid_to.isoformat(),
        "employer": {"orgNumber": card.org_number, "name": card.employer_name},
        "checkedAt": _now_z(),
    }
    if with_holder:
        body["holder"] = {
            "firstName": card.first_name,
            "lastName": card.last_name,
            "birthDate": card.birth_date.isoformat(),
            "hasPhoto": card.has_photo,
        }
    return body


# --- the app ----------------------------------------------------------------------------------------


class _Api:
    """The handlers, bound to one card store, token store and client table."""

    def __init__(self, cards: CardStore, tokens: TokenStore, faults: FaultStore, clients) -> None:
        self.cards, self.tokens, self.faults, self.clients = cards, tokens, faults, clients

    # OAuth2 -----------------------------------------------------------------------------------------

    async def token(self, request: Request) -> Response:
        client_id = self._client(request.headers.get("authorization", ""))
        if client_id is None:
            return _oauth_error(401, "invalid_client", "Client authentication failed.", basic_challenge=True)
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return _oauth_error(400, "invalid_request", "The body must be application/x-www-form-urlencoded.")
        raw = await request.body()
        try:
            pairs = parse_qsl(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "The body is not valid UTF-8.")
        form: dict[str, str] = {}
        for key, value in pairs:
            if key in form:  # RFC 6749 §3.2: parameters must not be repeated
                return _oauth_error(400, "invalid_request", f"Parameter {key!r} is repeated.")
            form[key] = value
        grant_type = form.get("grant_type")
        if not grant_type:
            return _oauth_error(400, "invalid_request", "grant_type is required.")
        if grant_type != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type", "Only client_credentials is supported.")
        allowed = self.clients[client_id][1]
        requested = frozenset(form.get("scope", "").split())
        if not requested:
            requested = allowed
        elif not requested <= allowed:
            extra = " ".join(sorted(requested - allowed))
            return _oauth_error(400, "invalid_scope", f"Scope not available to this client: {extra}.")
        token = self.tokens.issue(client_id, requested)
        body = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.tokens.ttl,
            "scope": " ".join(sorted(requested)),
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def _client(self, authorization: str) -> str | None:
        """The authenticated client id from HTTP Basic, or None."""
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
        raw_id, sep, raw_secret = decoded.partition(":")
        if not sep:
            return None
        # RFC 6749 §2.3.1: id and secret are form-encoded before Basic encoding.
        client_id, secret = unquote_plus(raw_id), unquote_plus(raw_secret)
        known = self.clients.get(client_id)
        # Compare even for unknown ids, so the answer time does not tell which ids exist.
        expected = known[0] if known else "\0" * 32
        ok = hmac.compare_digest(secret.encode(), expected.encode())
        return client_id if known and ok else None

    def _authorize(self, request: Request, scope: str) -> Response | None:
        """None when the bearer token is live and holds `scope`; else the 401/403 answer."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        grant = self.tokens.check(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if grant is None:
            challenge = f'Bearer realm="{REALM}", error="invalid_token"'
            detail = "A valid bearer token is required (missing, unknown or expired)."
            return problem(401, "INVALID_TOKEN", detail, {"WWW-Authenticate": challenge})
        if scope not in grant.scopes:
            challenge = f'Bearer realm="{REALM}", error="insufficient_scope", scope="{scope}"'
            detail = f"This call needs the scope {scope}."
            return problem(403, "INSUFFICIENT_SCOPE", detail, {"WWW-Authenticate": challenge})
        return None

    # status calls -----------------------------------------------------------------------------------

    def _card_in_path(self, request: Request):
        """The card named by the path, or the problem answer (400 bad number, 404 unknown)."""
        number = request.path_params["card_number"]
        if not _CARD_NUMBER.fullmatch(number):
            return problem(400, "INVALID_CARD_NUMBER", "A card number is exactly 8 digits.")
        card = self.cards.by_number(number)
        return _not_found() if card is None else card

    async def card(self, request: Request) -> Response:
        if denied := self._authorize(request, SCOPE_CARD):
            return denied
        card = self._card_in_path(request)
        if isinstance(card, Response):
            return card
        return JSONResponse(card_json(card, with_holder=False))

    async def lookup(self, request: Request) -> Response:
        if denied := self._authorize(request, SCOPE_PERSONAL):
            return denied
        body = await request.body()
        try:
            data = json.loads(body) if len(body) <= _MAX_BODY else None
        except (ValueError, UnicodeDecodeError):
            data = None
        # A body that names neither or both fields is answered as a bad QR code unless it is plainly
        # a chip lookup: the contract has no generic code, and QR is the common case.
        if not isinstance(data, dict):
            return problem(
                400, "INVALID_QR", 'The body must be a JSON object: {"qrCode": …} or {"chipCode": …}.'
            )
        has_qr, has_chip = "qrCode" in data, "chipCode" in data
        if has_qr == has_chip:
            code = "INVALID_CHIP" if has_chip and not has_qr else "INVALID_QR"
            return problem(400, code, "Give exactly one of qrCode or chipCode.")
        if has_qr:
            token = data["qrCode"]
            if not isinstance(token, str) or not _QR_TOKEN.fullmatch(token):
                detail = "qrCode must be the token from the card's QR code: 16–64 of A–Z a–z 0–9 _ -."
                return problem(400, "INVALID_QR", detail)
            card = self.cards.by_qr(token)
        else:
            chip = data["chipCode"]
            if not isinstance(chip, str) or not _CHIP_CODE.fullmatch(chip):
                detail = "chipCode must be the chip UID (4 or 7 bytes) as upper-case hex without separators."
                return problem(400, "INVALID_CHIP", detail)
            card = self.cards.by_chip(chip)
        if card is None:
            return _not_found()
        return JSONResponse(card_json(card, with_holder=True), headers={"Cache-Control": "no-store"})

    async def photo(self, request: Request) -> Response:
        if denied := self._authorize(request, SCOPE_PERSONAL):
            return denied
        card = self._card_in_path(request)
        if isinstance(card, Response):
            return card
        if not card.has_photo:
            return problem(404, "PHOTO_NOT_FOUND", "There is no photo of this card's holder.")
        return Response(
            portrait_jpeg(card.card_number), media_type="image/jpeg", headers={"Cache-Control": "no-store"}
        )

    # admin --------------------------------------------------------------------------------------------

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok", "today": self.cards.today.isoformat()})

    async def add_fault(self, request: Request) -> Response:
        try:
            fault = Fault.from_json(json.loads(await request.body()))
        except FaultSpecError as exc:
            return problem(400, "INVALID_FAULT", str(exc))
        except ValueError:  # not JSON, or not UTF-8
            return problem(400, "INVALID_FAULT", "The body must be a JSON object.")
        self.faults.add(fault)
        return JSONResponse({"faults": self.faults.active()}, status_code=201)

    async def list_faults(self, request: Request) -> Response:
        return JSONResponse({"faults": self.faults.active()})

    async def clear_faults(self, request: Request) -> Response:
        self.faults.clear()
        return Response(status_code=204)


async def _openapi(request: Request) -> Response:
    from sandbox.openapi import DOCUMENT

    return JSONResponse(DOCUMENT)


def _not_found() -> JSONResponse:
    return problem(404, "CARD_NOT_FOUND", "No card matches. A forged card answers the same way.")


def _register_routes() -> list[BaseRoute]:
    """The registers' routes (another module, issue 6); none while it does not exist yet."""
    try:
        from sandbox.registers import routes as register_routes
    except ModuleNotFoundError as exc:
        if exc.name != "sandbox.registers":  # a broken registers module must show, not vanish
            raise
        log.debug("sandbox registers not mounted: %s", exc)
        return []
    return list(register_routes)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    # Only the status API speaks problem+json; the registers answer in their real services' style.
    if request.url.path.startswith(("/v1/", "/oauth2/", "/_sandbox/")):
        code = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}.get(exc.status_code, "HTTP_ERROR")
        return problem(exc.status_code, code, str(exc.detail), exc.headers)
    return PlainTextResponse(str(exc.detail), exc.status_code, headers=exc.headers)


@dataclass
class SandboxApp:
    """The ASGI app plus the stores behind it, so the runner can reach them in-process."""

    asgi: Any
    cards: CardStore
    tokens: TokenStore
    faults: FaultStore


def create_app(
    cards: CardStore,
    *,
    token_ttl: int = TOKEN_TTL,
    clients: Mapping[str, tuple[str, frozenset[str]]] | None = None,
) -> SandboxApp:
    """The sandbox's ASGI app over `cards`, with fresh token and fault stores."""
    tokens, faults = TokenStore(ttl=token_ttl), FaultStore()
    api = _Api(cards, tokens, faults, dict(clients or DEFAULT_CLIENTS))
    routes: list[BaseRoute] = [
        Route(TOKEN_PATH, api.token, methods=["POST"]),
        Route("/v1/cards/lookup", api.lookup, methods=["POST"]),
        Route("/v1/cards/{card_number}", api.card, methods=["GET"]),
        Route("/v1/cards/{card_number}/photo", api.photo, methods=["GET"]),
        Route("/openapi.json", _openapi, methods=["GET"]),
        Route("/_sandbox/health", api.health, methods=["GET"]),
        Route("/_sandbox/faults", api.add_fault, methods=["POST"]),
        Route("/_sandbox/faults", api.list_faults, methods=["GET"]),
        Route("/_sandbox/faults", api.clear_faults, methods=["DELETE"]),
        *_register_routes(),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error})
    install_log_filter()
    faulty = FaultMiddleware(app, faults, expire_tokens=tokens.revoke_all)
    # Outermost: a body over the limit is refused before anything reads it.
    bounded = BodyLimitMiddleware(faulty, json_paths=("/_sandbox/faults",))
    return SandboxApp(bounded, cards, tokens, faults)
