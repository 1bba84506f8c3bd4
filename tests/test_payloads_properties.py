"""Property tests: `parse_scan` raises only `PayloadError`s and accepts a QR text only in its one shape."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.errors import PayloadError, SuspiciousQr
from app.identifiers import is_org_number, org_check_digit
from app.model import BarcodeRef, CardNumberRef, QrRef
from app.payloads import DEFAULT_QR_HOSTS, parse_scan

SYMBOLOGIES = st.sampled_from([None, "qr", "barcode", "typed", "Code128", "QRCode", "EAN13", "", "\x00"])
TOKEN_ALPHABET = string.ascii_letters + string.digits + "_-"
tokens = st.text(TOKEN_ALPHABET, min_size=16, max_size=64)
FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_error(text, symbology=None, **kw):
    """The ref, or the PayloadError; any other exception fails the test by propagating."""
    try:
        return parse_scan(text, symbology=symbology, **kw)
    except PayloadError as exc:
        return exc


def assert_qr_shape(text: str, ref) -> None:
    """A QrRef is only ever the result of exactly https://<allowed host>/k/<token>."""
    if isinstance(ref, QrRef):
        body = text.strip()
        prefixes = [f"https://{h}/k/" for h in DEFAULT_QR_HOSTS]
        assert any(body[: len(p)].lower() == p for p in prefixes), body
        assert body.endswith("/k/" + ref.token)
        assert body[: -len(ref.token)].lower() in prefixes
        assert 16 <= len(ref.token) <= 64
        assert set(ref.token) <= set(TOKEN_ALPHABET)


@FAST
@given(text=st.text(max_size=300), symbology=SYMBOLOGIES)
@example(text="https://hmskort.no/k/" + "a" * 16, symbology=None)
@example(text="\ud800", symbology=None)  # lone surrogate
def test_arbitrary_text_yields_a_ref_or_a_payload_error(text, symbology):
    result = parse_or_error(text, symbology)
    assert isinstance(result, PayloadError | QrRef | BarcodeRef | CardNumberRef)
    assert_qr_shape(text, result)


@FAST
@given(data=st.binary(max_size=400), encoding=st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]))
def test_arbitrary_bytes_decoded_with_replacement_yield_a_ref_or_a_payload_error(data, encoding):
    text = data.decode(encoding, errors="replace")
    result = parse_or_error(text)
    assert isinstance(result, PayloadError | QrRef | BarcodeRef | CardNumberRef)
    assert_qr_shape(text, result)


# --- URLs built from parts ------------------------------------------------------------------------

schemes = st.one_of(
    st.sampled_from(["https", "HTTPS", "http", "ftp", "javascript", "data", "intent", "hxxps", "https "]),
    st.text(string.ascii_letters + "+.-", min_size=1, max_size=8),
)
hosts = st.one_of(
    st.sampled_from(
        [
            "hmskort.no", "www.hmskort.no", "HMSKORT.NO", "hmskort.no.", "evil.com", "hmskort.no.evil.com",
            "evilhmskort.no", "hmsk\u043ert.no", "xn--hmskrt-3ye.no", "127.0.0.1", "[::1]", "",
            "hmskort%2eno", "www.hmskort.no\u200b",
        ]
    ),
    # random hosts never hold '/', '?' or '#', so that the parts stay the parts they claim to be
    st.text(st.characters(exclude_characters="/?#"), max_size=20),
)  # fmt: skip
userinfos = st.one_of(st.none(), st.sampled_from(["user", "user:pw", "hmskort.no", ""]), st.text(max_size=8))
ports = st.one_of(st.none(), st.sampled_from(["443", "", "80", "8443"]), st.text(max_size=5))
path_prefixes = st.sampled_from(["/k/", "/K/", "/", "//k/", "/k//", "/x/k/", "/k/../k/", ""])
suffixes = st.one_of(
    st.just(""),
    st.sampled_from(["/", "/x", "?", "?a=1", "#", "#f", "%20", "\\", " ", "\n"]),
    st.text(max_size=6),
)


@FAST
@given(
    scheme=schemes,
    sep=st.sampled_from(["://", ":/", ":", ":///", ":\\\\"]),
    userinfo=userinfos,
    host=hosts,
    port=ports,
    prefix=path_prefixes,
    token=st.one_of(tokens, st.text(max_size=70)),
    suffix=suffixes,
)
def test_urls_from_parts_are_accepted_only_in_the_allowed_shape(
    scheme, sep, userinfo, host, port, prefix, token, suffix
):
    authority = ("" if userinfo is None else userinfo + "@") + host + ("" if port is None else ":" + port)
    text = f"{scheme}{sep}{authority}{prefix}{token}{suffix}"
    tail = (token + suffix).rstrip()  # trailing whitespace is a scanner's line end, stripped
    result = parse_or_error(text, "qr")
    expected_ok = (
        scheme.lower() == "https"
        and sep == "://"
        and userinfo is None
        and port is None
        and host.lower() in DEFAULT_QR_HOSTS
        and prefix == "/k/"
        and 16 <= len(tail) <= 64
        and set(tail) <= set(TOKEN_ALPHABET)
    )
    if expected_ok:
        assert result == QrRef(tail), text
    else:
        assert not isinstance(result, QrRef | BarcodeRef | CardNumberRef), text
        assert isinstance(result, PayloadError)
    assert_qr_shape(text, result)


@FAST
@given(token=tokens, position=st.integers(min_value=0, max_value=100), char=st.characters())
def test_one_character_inserted_into_a_valid_qr_text_never_yields_another_host(token, position, char):
    valid = f"https://hmskort.no/k/{token}"
    position = min(position, len(valid))
    text = valid[:position] + char + valid[position:]
    result = parse_or_error(text, "qr")
    assert isinstance(result, PayloadError | QrRef)
    assert_qr_shape(text, result)


@FAST
@given(host=st.text(string.ascii_lowercase + ".-", min_size=1, max_size=30), token=tokens)
def test_any_host_off_the_allow_list_is_suspicious(host, token):
    text = f"https://{host}/k/{token}"
    result = parse_or_error(text, "qr")
    if host in DEFAULT_QR_HOSTS:
        assert result == QrRef(token)
    else:
        assert isinstance(result, SuspiciousQr)


# --- numbers ---------------------------------------------------------------------------------------

valid_orgs = (
    st.text(string.digits, min_size=8, max_size=8)
    .filter(lambda first: org_check_digit(first) is not None)
    .map(lambda first: first + str(org_check_digit(first)))
)


@FAST
@given(token=tokens, host=st.sampled_from(DEFAULT_QR_HOSTS))
def test_every_valid_token_is_accepted(token, host):
    assert parse_scan(f"https://{host}/k/{token}") == QrRef(token)


@FAST
@given(
    org=valid_orgs,
    card=st.text(string.digits, min_size=8, max_size=8),
    sep=st.sampled_from(["", " ", "-", ";", ":", "/"]),
)
def test_every_barcode_with_a_valid_org_number_is_accepted(org, card, sep):
    assert is_org_number(org)
    assert parse_scan(f"{org}{sep}{card}", symbology="barcode") == BarcodeRef(org, card)


@FAST
@given(
    digits=st.text(string.digits, min_size=9, max_size=9), card=st.text(string.digits, min_size=8, max_size=8)
)
def test_a_barcode_is_accepted_exactly_when_its_org_number_passes_mod11(digits, card):
    result = parse_or_error(digits + card, "barcode")
    assert isinstance(result, BarcodeRef) == is_org_number(digits)


@FAST
@given(
    card=st.text(string.digits, min_size=8, max_size=8),
    cuts=st.lists(st.sampled_from([" ", "-"]), max_size=3),
)
def test_typed_card_numbers_survive_spaces_and_dashes(card, cuts):
    text = card
    for i, sep in enumerate(cuts):
        pos = 2 + 2 * i
        text = text[:pos] + sep + text[pos:]
    assert parse_scan(text, symbology="typed") == CardNumberRef(card)
