"""OpenID Connect sign-in with authlib: authorization code + PKCE (S256), provider discovery, and an
ID token verified for signature (the provider's JWKS), issuer, audience, expiry and nonce.

Works with any standard provider (Entra ID, ID-porten, Keycloak); roles come from one claim of the
ID token (`oidc_roles_claim`, a dotted path such as `realm_access.roles` for Keycloak).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from authlib.oidc.core import CodeIDToken
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from app.ports import Identity, Role

DISCOVERY = "/.well-known/openid-configuration"
SCOPE = "openid profile"
HTTP_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
#: a sign-in left unfinished this long is forgotten
PENDING_TTL_S = 600.0
#: clock skew allowed when checking exp / iat
LEEWAY_S = 60


class SignInError(Exception):
    """Sign-in failed; the message is safe to show (no token, no personal data)."""


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """What the callback needs to finish one sign-in, kept on the server (never in the browser)."""

    state: str
    nonce: str = field(repr=False)
    code_verifier: str = field(repr=False)
    next_path: str = "/"
    created: float = field(default_factory=time.monotonic)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A verified sign-in: `identity` None when the user has neither role."""

    identity: Identity | None
    subject: str
    name: str
    id_token: str = field(repr=False)


def roles_from(claims: dict[str, Any], claim: str) -> set[str]:
    """The role names under `claim` (dotted path); a list of strings or one space-separated string."""
    value: Any = claims
    for part in claim.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        return set(value.split())
    if isinstance(value, list | tuple):
        return {v for v in value if isinstance(v, str)}
    return set()


def role_of(roles: set[str]) -> Role | None:
    if Role.ADMIN.value in roles:
        return Role.ADMIN
    if Role.INSPECTOR.value in roles:
        return Role.INSPECTOR
    return None


class OidcClient:
    """One per process. `begin()` makes the provider URL and what to keep; `finish()` verifies."""

    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
        roles_claim: str = "roles",
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri
        self.roles_claim = roles_claim
        self._metadata: dict[str, Any] | None = None
        self._jwks: dict[str, Any] | None = None

    def _client(self) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self._client_secret,
            redirect_uri=self.redirect_uri,
            scope=SCOPE,
            code_challenge_method="S256",
            timeout=HTTP_TIMEOUT,
        )

    async def metadata(self) -> dict[str, Any]:
        """The provider's discovery document (cached); its `issuer` must be the configured one."""
        if self._metadata is None:
            try:
                async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
                    response = await http.get(self.issuer + DISCOVERY)
                response.raise_for_status()
                data = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise SignInError(
                    f"the sign-in provider could not be reached ({type(exc).__name__})"
                ) from None
            if not isinstance(data, dict) or str(data.get("issuer", "")).rstrip("/") != self.issuer:
                raise SignInError("the sign-in provider's discovery document names another issuer")
            for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
                if not isinstance(data.get(key), str):
                    raise SignInError(f"the sign-in provider's discovery document has no {key}")
            self._metadata = data
        return self._metadata

    async def _keys(self, *, refresh: bool = False) -> KeySet:
        if self._jwks is None or refresh:
            meta = await self.metadata()
            try:
                async with httpx.AsyncClient(timeout=HTTP_TIMEOUT) as http:
                    response = await http.get(meta["jwks_uri"])
                response.raise_for_status()
                self._jwks = response.json()
            except (httpx.HTTPError, ValueError) as exc:
                raise SignInError(
                    f"the sign-in provider's keys could not be fetched ({type(exc).__name__})"
                ) from None
        return KeySet.import_key_set(self._jwks)

    async def begin(self, next_path: str = "/") -> tuple[str, PendingSignIn]:
        """The provider's authorization URL and the pending sign-in to keep until the callback."""
        meta = await self.metadata()
        verifier = secrets.token_urlsafe(48)
        pending = PendingSignIn(
            state=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            code_verifier=verifier,
            next_path=next_path,
        )
        async with self._client() as client:
            url, _state = client.create_authorization_url(
                meta["authorization_endpoint"],
                state=pending.state,
                nonce=pending.nonce,
                code_verifier=verifier,
            )
        return url, pending

    async def finish(self, pending: PendingSignIn, code: str) -> SignedIn:
        """Exchange `code` (with the PKCE verifier) and verify the ID token. Raises `SignInError`."""
        meta = await self.metadata()
        try:
            async with self._client() as client:
                token = await client.fetch_token(
                    meta["token_endpoint"], code=code, code_verifier=pending.code_verifier
                )
        except Exception as exc:  # authlib raises OAuthError or httpx errors; say which, never the body
            raise SignInError(f"the sign-in provider refused the code ({type(exc).__name__})") from None
        raw = token.get("id_token")
        if not isinstance(raw, str):
            raise SignInError("the sign-in provider sent no ID token")
        algorithms = [
            a for a in meta.get("id_token_signing_alg_values_supported") or ["RS256"] if a != "none"
        ]
        registry = JWSRegistry(algorithms=algorithms)
        try:
            try:
                decoded = jwt.decode(raw, key=await self._keys(), registry=registry)
            except InvalidKeyIdError:  # the provider rotated its keys
                decoded = jwt.decode(raw, key=await self._keys(refresh=True), registry=registry)
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {"iss": {"essential": True, "values": [meta["issuer"]]}},
                {
                    "nonce": pending.nonce,
                    "client_id": self.client_id,
                    "access_token": token.get("access_token"),
                },
            )
            claims.validate(leeway=LEEWAY_S)
        except (JoseError, ValueError) as exc:
            raise SignInError(f"the ID token did not verify ({type(exc).__name__}: {exc})") from None
        except Exception as exc:  # authlib's claim errors (expired, bad audience, bad nonce, ...)
            raise SignInError(f"the ID token did not verify ({type(exc).__name__})") from None
        subject = str(claims.get("sub") or "")
        if not subject:
            raise SignInError("the ID token names no subject")
        name = str(claims.get("name") or claims.get("preferred_username") or subject)[:200]
        role = role_of(roles_from(dict(claims), self.roles_claim))
        identity = Identity(user_id=subject, name=name, role=role, served=True) if role else None
        return SignedIn(identity=identity, subject=subject, name=name, id_token=raw)

    async def end_session_url(self, id_token: str, post_logout_redirect_uri: str) -> str | None:
        """The provider's RP-initiated logout URL, when it has one."""
        try:
            meta = await self.metadata()
        except SignInError:
            return None
        endpoint = meta.get("end_session_endpoint")
        if not isinstance(endpoint, str):
            return None
        from authlib.common.urls import add_params_to_uri

        return add_params_to_uri(
            endpoint,
            {
                "id_token_hint": id_token,
                "post_logout_redirect_uri": post_logout_redirect_uri,
                "client_id": self.client_id,
            },
        )
