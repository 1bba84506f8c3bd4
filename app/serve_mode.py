"""Local or served: which of the two ways the web app runs, chosen so that serving cannot happen by
accident (issue 13).

Local mode is one person at their own machine: the app listens on loopback only. Served mode is
anything else: a bind address that is not loopback, or `public_url` set. A served app must have
sign-in configured and an https:// public address (phones give the camera only to https pages), or
it does not start at all.
"""

from __future__ import annotations

import enum

from app.net import is_loopback_host
from app.settings import Settings


class ServeMode(enum.StrEnum):
    LOCAL = "local"
    SERVED = "served"


def choose_mode(bind_host: str, settings: Settings) -> ServeMode:
    """Served when `public_url` is set or the bind address is not loopback (0.0.0.0 and :: too)."""
    if settings.public_url or not is_loopback_host(bind_host or ""):
        return ServeMode.SERVED
    return ServeMode.LOCAL


#: what served mode needs, in the order the operator should set them
_REQUIRED = (
    ("public_url", "HMSKORT_PUBLIC_URL"),
    ("oidc_issuer", "HMSKORT_OIDC_ISSUER"),
    ("oidc_client_id", "HMSKORT_OIDC_CLIENT_ID"),
    ("oidc_client_secret", "HMSKORT_OIDC_CLIENT_SECRET"),
)


def served_mode_problem(bind_host: str, settings: Settings) -> str | None:
    """None when served mode may start; else the one line that says what is missing."""
    why = f"bind address {bind_host}" if not is_loopback_host(bind_host or "") else "HMSKORT_PUBLIC_URL"
    missing = [env for name, env in _REQUIRED if not getattr(settings, name)]
    if missing:
        return (
            f"hmskort: refusing to serve the app ({why} means served mode) without sign-in: "
            f"set {', '.join(missing)} (see docs/DEPLOY.md)"
        )
    if not str(settings.public_url).startswith("https://"):
        return (
            f"hmskort: refusing to serve the app ({why} means served mode): HMSKORT_PUBLIC_URL must be "
            f"an https:// address, got {settings.public_url} (see docs/DEPLOY.md)"
        )
    return None
