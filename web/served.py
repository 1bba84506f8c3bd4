"""Served mode's parts for web/server.py (issue 13): the sign-in gate, the security headers and the
prepared web bundle, made from the server's `Settings`.

    serve(session, served_config(settings, ...), gate=served_gate(settings), outer=served_outer(bundle))
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from app.settings import Settings
from web.bundle import Bundle, prepare
from web.gate import SignInGate
from web.headers import SecurityHeaders
from web.oidc import OidcClient
from web.server import WebConfig
from web.sessions import SessionStore

#: a disconnected Flet session (with what it showed) is kept this long for a reconnect, not Flet's hour
SERVED_SESSION_TIMEOUT_S = 120


def prepare_served() -> Bundle:
    """The web bundle (made once per Flet version), and Flet told to serve it: the client without
    the CDN URL, long-cached under /_v/<version>/."""
    bundle = prepare()
    os.environ["FLET_WEB_PATH"] = str(bundle.path)
    os.environ["FLET_WEB_NO_CDN"] = "true"
    os.environ.setdefault("FLET_SESSION_TIMEOUT", str(SERVED_SESSION_TIMEOUT_S))
    return bundle


def served_config(settings: Settings, *, host: str, port: int, assets_dir: str) -> WebConfig:
    public = urlsplit(str(settings.public_url))
    return WebConfig(
        host=host,
        port=port,
        assets_dir=assets_dir,
        launch_token=None,  # sign-in instead
        public_origins=(f"{public.scheme}://{public.netloc}",),
        public_hosts=(public.hostname or "",),
    )


def served_gate(settings: Settings):
    """The sign-in gate around the app (web/gate.py); `settings` passed `served_mode_problem`."""
    public_url = str(settings.public_url).rstrip("/")
    oidc = OidcClient(
        issuer=str(settings.oidc_issuer),
        client_id=str(settings.oidc_client_id),
        client_secret=settings.oidc_client_secret.reveal(),
        redirect_uri=f"{public_url}/auth/callback",
        roles_claim=settings.oidc_roles_claim,
    )
    store = SessionStore(settings.idle_timeout)
    return lambda app: SignInGate(app, oidc=oidc, store=store, public_url=public_url, lang=settings.language)


def served_outer(bundle: Bundle):
    return lambda app: SecurityHeaders(app, hsts=True, bundle=bundle)
