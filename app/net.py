"""Address rules shared by the settings, the settings form, the HTTP adapter and the sandbox command."""

from __future__ import annotations

import enum
import functools
import ipaddress
import re
from urllib.parse import urlsplit


@functools.lru_cache(maxsize=64)
def is_loopback_host(host: str) -> bool:
    """True for `localhost` and any loopback IP address (127.0.0.0/8, ::1), brackets allowed.

    Cached (a pure function of the text): the HTTP client asks it for every request it sends."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class UrlProblem(enum.StrEnum):
    """What makes an address unusable for the status API or a register (one rule for all callers)."""

    INVALID = "invalid"  # cannot be parsed (a bad port, spaces, control characters)
    NOT_HTTP_URL = "not_http_url"  # not http(s), or no host
    USERINFO = "userinfo"  # a user name or password in the address (it would end up in logs)
    QUERY = "query"  # a query or fragment (a base URL has neither)
    NOT_HTTPS = "not_https"  # plain http to a host other than this machine


def url_problem(url: str) -> UrlProblem | None:
    """None when `url` may be an API address: https, or http to a loopback host only (the secret
    and card data travel there); else what is wrong. The settings, the settings form and the HTTP
    adapter all ask this one function."""
    if not isinstance(url, str) or url != url.strip() or any(c.isspace() or ord(c) < 0x20 for c in url):
        return UrlProblem.INVALID
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return UrlProblem.INVALID
    host = parts.hostname or ""
    if "\\" in url:  # parsers disagree on what a backslash means in an address
        return UrlProblem.INVALID
    if parts.scheme not in ("https", "http") or not host:
        return UrlProblem.NOT_HTTP_URL
    if parts.username is not None or parts.password is not None:
        return UrlProblem.USERINFO
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return UrlProblem.QUERY
    if parts.scheme == "http" and not is_loopback_host(host):
        return UrlProblem.NOT_HTTPS
    return None


#: A plain ASCII DNS name: labels of letters, digits and inner hyphens; a letter-led last label.
_HOST = re.compile(r"(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]")


def is_plain_host_name(host: str) -> bool:
    """True for a lower-case ASCII host name with at least two labels and no punycode (`xn--`)
    label, which could spell a look-alike of a real host; no ports, paths, wildcards, empty labels."""
    return (
        isinstance(host, str)
        and _HOST.fullmatch(host) is not None
        and not any(label.startswith("xn--") for label in host.split("."))
    )
