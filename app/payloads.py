"""Parsing of every scan payload (contract §2): QR text, barcode text or typed text → a card reference.

`parse_scan` returns a `QrRef`, `BarcodeRef` or `CardNumberRef`, or raises a `PayloadError` subclass,
and nothing else (property-tested). It never opens, resolves or looks up anything: a QR code is
hostile input until it has matched the one allowed shape exactly.

The QR rule is an allow-list of one shape, `https://<allowed host>/k/<token>`, and everything else that
looks like a URL is *suspicious*. Decisions worth knowing:

- The scheme is compared case-insensitively (RFC 3986), the host case-insensitively and exactly (no
  suffix matching), the path `/k/` and the token exactly.
- A trailing dot (`hmskort.no.`) names the same host in DNS, but no printed card carries it and naive
  matchers miss it, so it is suspicious.
- Any port, even `:443`, user-info, `%` anywhere, a backslash, a query, a fragment, a trailing slash or
  any extra path segment are suspicious.
- Any non-ASCII character is suspicious (homoglyph hosts such as a Cyrillic 'о', full-width letters),
  as are whitespace, control and invisible format characters inside (bidi overrides, zero-width spaces).
- Text that merely *looks* like an address is judged after NFKC folding and with invisible characters
  removed, so that `ｈｔｔｐｓ://…` or `java\\tscript:` are suspicious rather than "unrecognised".

Errors carry `problem` (a short key; the UI text is `t("payload.<problem>", lang, **params)`) and
`params` (display-safe strings), besides their English technical message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from app import identifiers
from app.errors import InvalidIdentifier, PayloadError, SuspiciousQr, UnrecognisedCode
from app.model import BarcodeRef, CardNumberRef, CardRef, QrRef

DEFAULT_QR_HOSTS: tuple[str, ...] = ("hmskort.no", "www.hmskort.no")

#: A QR code holds at most 7089 characters; anything past this bound is not read at all, so a
#: hostile payload costs nothing. The longest valid payload is 89 characters.
MAX_PAYLOAD_CHARS = 4096
#: URLs longer than this are suspicious without further parsing.
MAX_URL_CHARS = 256
QR_PATH = "/k/"
TOKEN_MIN, TOKEN_MAX = 16, 64

_TOKEN = re.compile(r"[A-Za-z0-9_-]{%d,%d}" % (TOKEN_MIN, TOKEN_MAX))  # noqa: UP031 - braces clash
_BARCODE = re.compile(r"([0-9]{9})([ \-;:/]?)([0-9]{8})")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]{0,31}):")
# A bare host name at the start of the text, optionally followed by a port, a path or the end:
# `evil.com/k/…`, `hmskort.no`, `hmsk0rt.no:443`. Unicode letters count, for look-alikes.
_DOMAINISH = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}\.?(?::[0-9]*)?(?:[/?#\\@]|$)")
_NUMBERISH = re.compile(r"[\s0-9\-;:/.,_]+")

#: Schemes that are URLs even without `//` (anything followed by `//` or `/` counts as well).
URL_SCHEMES = frozenset(
    {
        "http", "https", "ftp", "ftps", "sftp", "file", "data", "javascript", "vbscript", "intent",
        "mailto", "tel", "sms", "smsto", "mms", "geo", "market", "itms", "itms-apps", "itms-services",
        "ws", "wss", "blob", "about", "chrome", "content", "android-app", "ssh", "telnet", "ldap",
        "magnet", "bitcoin", "bankid", "vipps", "facetime", "skype", "whatsapp", "tg", "urn", "view-source",
    }
)  # fmt: skip

_SYMBOLOGIES = {
    # Names as zxing-cpp, pyzbar and this project spell them, compared without case and punctuation.
    "qr": "qr", "qrcode": "qr", "microqr": "qr", "microqrcode": "qr", "rmqr": "qr", "rmqrcode": "qr",
    "barcode": "barcode", "code128": "barcode", "code39": "barcode", "itf": "barcode", "i25": "barcode",
    "interleaved2of5": "barcode",
    "typed": "typed", "manual": "typed", "text": "typed",
}  # fmt: skip


def _error(cls: type[PayloadError], problem: str, message: str, **params: object) -> PayloadError:
    exc = cls(message)
    exc.problem = problem  # type: ignore[attr-defined]
    exc.params = {k: str(v) for k, v in params.items()}  # type: ignore[attr-defined]
    return exc


def problem_of(exc: PayloadError) -> tuple[str, dict[str, str]]:
    """The UI problem key (`payload.<problem>`) and its params for a payload error."""
    return getattr(exc, "problem", "unrecognised"), dict(getattr(exc, "params", {}))


def _shown(text: str, limit: int = 64) -> str:
    """Display-safe: non-ASCII and control characters escaped, so a look-alike stays visible as one."""
    text = ascii(text)[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn")


def looks_like_url(text: str) -> bool:
    """True when `text` is (or tries to pass as) an address rather than plain text or a number."""
    probe = unicodedata.normalize("NFKC", text[:512]).casefold()
    # Browsers drop tabs and newlines inside URLs, and invisible characters hide a scheme from a reader.
    compact = "".join(c for c in probe if not _invisible(c))
    if compact.startswith(("//", "\\\\", "/\\", "\\/", "www.")) or "hmskort." in compact:
        return True
    scheme = _SCHEME.match(compact)
    if scheme and (scheme.group(1) in URL_SCHEMES or compact[scheme.end() :].startswith(("/", "\\"))):
        return True
    visible = "".join(c for c in probe if unicodedata.category(c) not in ("Cc", "Cf")).strip()
    return _DOMAINISH.match(visible) is not None


def _normalise_symbology(symbology: str | None) -> str | None:
    if symbology is None:
        return None
    if not isinstance(symbology, str):
        raise _error(UnrecognisedCode, "unsupported_symbology", "symbology must be text", symbology="?")
    key = re.sub(r"[^a-z0-9]", "", symbology.lower())
    return _SYMBOLOGIES.get(key, "other:" + _shown(symbology, 24))


def _normalise_hosts(qr_hosts: Iterable[str]) -> frozenset[str]:
    if isinstance(qr_hosts, str):  # a single host passed by mistake would otherwise be iterated by char
        qr_hosts = (qr_hosts,)
    return frozenset(h.strip().lower() for h in qr_hosts if isinstance(h, str) and h.strip())


def parse_scan(
    text: str, *, symbology: str | None = None, qr_hosts: Iterable[str] = DEFAULT_QR_HOSTS
) -> CardRef:
    """The card reference in a scanned or typed payload. Raises only `PayloadError` subclasses.

    `symbology`: "qr", "barcode" (Code 128/39, ITF), "typed", a decoder's format name, or None (detect).
    A payload that looks like a URL is judged by the QR rule whatever the symbology.
    """
    if not isinstance(text, str):
        raise _error(UnrecognisedCode, "not_text", f"payload must be text, not {type(text).__name__}")
    kind = _normalise_symbology(symbology)
    hosts = _normalise_hosts(qr_hosts)
    if len(text) > MAX_PAYLOAD_CHARS:
        if looks_like_url(text):
            raise _error(
                SuspiciousQr, "too_long", f"address is {len(text)} characters long", length=len(text)
            )
        raise _error(UnrecognisedCode, "too_long_text", f"payload is {len(text)} characters long")
    body = text.strip()
    if not body:
        raise _error(UnrecognisedCode, "empty", "payload is empty")
    if looks_like_url(body):
        return _parse_qr_url(body, hosts)
    if kind == "qr":
        raise _error(UnrecognisedCode, "not_a_url", "QR code holds text, not an HMS-kort address")
    if kind is not None and kind.startswith("other:"):
        raise _error(
            UnrecognisedCode,
            "unsupported_symbology",
            f"a {kind[6:]} code is not used on HMS-kort",
            symbology=kind[6:],
        )
    if kind == "barcode":
        return _parse_barcode(body)
    return _parse_number(body, typed=kind == "typed")


# --- QR ------------------------------------------------------------------------------------------


def _authority_span(body: str) -> tuple[int, int] | None:
    start = body.find("//")
    if start < 0:
        return None
    start += 2
    end = start
    while end < len(body) and body[end] not in "/?#\\":
        end += 1
    return start, end


def _parse_qr_url(body: str, hosts: frozenset[str]) -> QrRef:
    """`https://<allowed host>/k/<token>`, checked in the order a forger's tricks would be seen:
    the characters, the scheme, the authority (host), then the path and its card code."""
    _check_characters(body)
    rest = _after_https(body)
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    _check_host(authority, hosts)
    return QrRef(_token_of(tail))


def _check_characters(body: str) -> None:
    """Too long, hidden characters, non-ASCII (look-alike hosts named as such), backslashes."""
    if len(body) > MAX_URL_CHARS:
        raise _error(SuspiciousQr, "too_long", f"address is {len(body)} characters long", length=len(body))
    hidden = next((c for c in body if _invisible(c)), None)
    if hidden is not None:
        code = f"U+{ord(hidden):04X}"
        raise _error(SuspiciousQr, "hidden_chars", f"address contains a hidden character ({code})", char=code)
    if not body.isascii():
        span = _authority_span(body)
        first = next(i for i, c in enumerate(body) if not c.isascii())
        if span is not None and span[0] <= first < span[1]:
            host = _shown(body[span[0] : span[1]].lower())
            raise _error(
                SuspiciousQr,
                "lookalike_host",
                f"host has non-ASCII look-alike characters ({host})",
                host=host,
            )
        raise _error(SuspiciousQr, "non_ascii", "address contains non-ASCII characters", text=_shown(body))
    if "\\" in body:
        raise _error(SuspiciousQr, "backslash", "address contains a backslash")


def _after_https(body: str) -> str:
    """What follows `https://`; any other scheme, or none, is suspicious."""
    scheme_match = _SCHEME.match(body)
    if scheme_match is None or "." in scheme_match.group(1):  # `hmskort.no:443/…` is a host, not a scheme
        raise _error(
            SuspiciousQr, "no_scheme", f"address without https:// ({_shown(body, 40)})", text=_shown(body, 40)
        )
    scheme = scheme_match.group(1).lower()
    if scheme == "http":
        raise _error(SuspiciousQr, "not_https", "address uses http://, not https://")
    if scheme != "https":
        raise _error(
            SuspiciousQr, "other_scheme", f"address uses the {scheme}: scheme", scheme=_shown(scheme, 32)
        )
    rest = body[scheme_match.end() :]
    if not rest.startswith("//") or rest.startswith("///"):
        raise _error(SuspiciousQr, "malformed", "address is not of the form https://host/…")
    return rest[2:]


def _check_host(authority: str, hosts: frozenset[str]) -> None:
    """The authority is exactly one allowed host: no user info, port, IP, encoding or punycode."""
    if "@" in authority:
        host = _shown(authority.rsplit("@", 1)[1].lower())
        raise _error(SuspiciousQr, "user_info", f"address hides its real host after '@' ({host})", host=host)
    if "%" in authority:
        raise _error(SuspiciousQr, "percent_encoding", "host is percent-encoded")
    if authority.startswith("["):
        host = _shown(authority)
        raise _error(SuspiciousQr, "other_host", f"address points to an IP address ({host})", host=host)
    if ":" in authority:
        host, _, port = authority.partition(":")
        raise _error(
            SuspiciousQr,
            "port",
            f"address names a port (:{_shown(port, 16)})",
            port=_shown(port, 16),
            host=host,
        )
    host = authority.lower()
    if not host:
        raise _error(SuspiciousQr, "malformed", "address has no host")
    if host.endswith("."):
        raise _error(
            SuspiciousQr, "trailing_dot", f"host ends with a dot ({_shown(host)})", host=_shown(host)
        )
    if any(label.startswith("xn--") for label in host.split(".")):
        raise _error(
            SuspiciousQr, "punycode", f"host is punycode-encoded ({_shown(host)})", host=_shown(host)
        )
    if host not in hosts:
        raise _error(
            SuspiciousQr, "other_host", f"address points to another host ({_shown(host)})", host=_shown(host)
        )


def _token_of(tail: str) -> str:
    """The card code from the path `/k/<token>`: no query, fragment, encoding or further path."""
    query, fragment = tail.find("?"), tail.find("#")
    if query >= 0 and (fragment < 0 or query < fragment):
        raise _error(SuspiciousQr, "query", "address has a query (?…)")
    if fragment >= 0:
        raise _error(SuspiciousQr, "fragment", "address has a fragment (#…)")
    if "%" in tail:
        raise _error(SuspiciousQr, "percent_encoding", "address path is percent-encoded")
    if not tail.startswith(QR_PATH):
        raise _error(
            SuspiciousQr,
            "unexpected_path",
            f"path is not {QR_PATH}… ({_shown(tail, 40)})",
            path=_shown(tail, 40),
        )
    token = tail[len(QR_PATH) :]
    if "/" in token:
        raise _error(SuspiciousQr, "extra_path", "address has more path after the card code")
    if _TOKEN.fullmatch(token) is None:
        raise _error(
            SuspiciousQr,
            "bad_token",
            f"card code in the address must be {TOKEN_MIN}–{TOKEN_MAX} of A–Z a–z 0–9 _ - "
            f"(got {len(token)} chars)",
            length=len(token),
        )
    return token


# --- barcode and typed numbers -----------------------------------------------------------------------


def _barcode_ref(org: str, card: str) -> BarcodeRef:
    try:
        org = identifiers.org_number(org)
    except InvalidIdentifier as exc:
        raise _error(InvalidIdentifier, "barcode_org", f"barcode: {exc}", org=org) from None
    return BarcodeRef(org_number=org, card_number=card)


def _parse_barcode(body: str) -> BarcodeRef:
    match = _BARCODE.fullmatch(body)
    if match is not None:
        return _barcode_ref(match.group(1), match.group(3))
    digits = sum(c in "0123456789" for c in body)
    raise _error(
        UnrecognisedCode,
        "barcode_format",
        f"barcode holds {_shown(body, 40)!r}; an HMS-kort barcode is a 9-digit org number and an "
        f"8-digit card number, with at most one separator",
        digits=digits,
    )


def _parse_number(body: str, *, typed: bool) -> CardRef:
    match = _BARCODE.fullmatch(body)
    if match is not None:
        return _barcode_ref(match.group(1), match.group(3))
    compact = re.sub(r"[\s-]+", "", body)
    # Typed digits may be grouped freely; a scanned barcode allows only the one separator above.
    if typed and len(compact) == 17 and compact.isascii() and compact.isdigit():
        return _barcode_ref(compact[:9], compact[9:])
    if len(compact) == 17 and compact.isascii() and compact.isdigit():
        raise _error(
            UnrecognisedCode,
            "barcode_format",
            "17 digits, but a barcode allows only one separator between org number and card number",
            digits=17,
        )
    if not typed and _NUMBERISH.fullmatch(body) is None:
        raise _error(UnrecognisedCode, "unrecognised", "not an HMS-kort code, card number or barcode")
    try:
        return CardNumberRef(identifiers.card_number(body))
    except InvalidIdentifier as exc:
        raise _error(InvalidIdentifier, "card_number", str(exc), text=_shown(body, 24)) from None
