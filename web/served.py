"""The served app (issue 13): Flet's FastAPI app behind the sign-in gate and the security headers,
on uvicorn. One call, `build_served_app`, makes the ASGI app; `serve` runs it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.settings import Settings
from web.bundle import Bundle
from web.gate import SignInGate
from web.headers import SecurityHeaders
from web.oidc import OidcClient
from web.sessions import SessionStore

#: a disconnected Flet session (with what it showed) is kept this long for a reconnect, not Flet's hour
SERVED_SESSION_TIMEOUT_S = 120


def build_served_app(
    session_main: Callable[..., Any], *, settings: Settings, assets_dir: Path, bundle: Bundle
):
    """The whole served ASGI app: headers(gate(flet)). `settings` passed `served_mode_problem`."""
    os.environ["FLET_WEB_PATH"] = str(bundle.path)  # the prepared client (no CDN URL left in it)
    os.environ["FLET_WEB_NO_CDN"] = "true"
    import flet_web.fastapi as flet_fastapi

    outer = flet_fastapi.FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    outer.mount(
        "/",
        flet_fastapi.app(
            session_main,
            assets_dir=str(assets_dir),
            no_cdn=True,
            app_name="HMS-kort kontroll",
            session_timeout_seconds=SERVED_SESSION_TIMEOUT_S,
        ),
    )
    public_url = str(settings.public_url)
    oidc = OidcClient(
        issuer=str(settings.oidc_issuer),
        client_id=str(settings.oidc_client_id),
        client_secret=settings.oidc_client_secret.reveal(),
        redirect_uri=f"{public_url}/auth/callback",
        roles_claim=settings.oidc_roles_claim,
    )
    gate = SignInGate(
        outer,
        oidc=oidc,
        store=SessionStore(settings.idle_timeout),
        public_url=public_url,
        lang=settings.language,
    )
    return SecurityHeaders(gate, hsts=True, bundle=bundle)


def serve(asgi_app, host: str, port: int) -> None:
    """Run on uvicorn. No access log: the sign-in callback's URL carries a one-time code."""
    import uvicorn

    uvicorn.run(
        asgi_app,
        host=host,
        port=port,
        ws="websockets-sansio",
        access_log=False,
        log_level="warning",
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        server_header=False,
    )
