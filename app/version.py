"""The app's version and User-Agent, defined once (a pure helper: adapters may import it)."""

from __future__ import annotations

from importlib import metadata


def package_version() -> str:
    """The installed version of this project, or "0+unknown" when run from a bare checkout."""
    try:
        return metadata.version("hmskort")
    except metadata.PackageNotFoundError:
        return "0+unknown"


#: Sent on every request: the registers answer 403 without a User-Agent (contract §7).
USER_AGENT = f"hmskort-field/{package_version()}"
