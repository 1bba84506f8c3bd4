"""Scan payloads (contract §2) on literal texts: the accepted shapes, and a long list of hostile QR codes."""

from __future__ import annotations

import pytest

from app.errors import InvalidIdentifier, PayloadError, SuspiciousQr, UnrecognisedCode
from app.model import BarcodeRef, CardNumberRef, QrRef
from app.payloads import DEFAULT_QR_HOSTS, MAX_PAYLOAD_CHARS, looks_like_url, parse_scan, problem_of
from sandbox.reference_cards import REFERENCE_CARDS

TOKEN = "c2LufYNuydk9sgEWl2agE4aE"

# --- accepted -------------------------------------------------------------------------------------


@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=lambda c: c.card_number)
def test_reference_card_qr_texts_parse_to_their_tokens(card):
    assert parse_scan(card.qr_text, symbology="qr") == QrRef(card.qr_token)


@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=lambda c: c.card_number)
def test_reference_card_barcodes_parse_to_org_and_card_number(card):
    assert parse_scan(card.barcode_text, symbology="barcode") == BarcodeRef(card.org_number, card.card_number)


@pytest.mark.parametrize(
    "text",
    [
        f"https://hmskort.no/k/{TOKEN}",
        f"https://www.hmskort.no/k/{TOKEN}",
        f"HTTPS://HMSKORT.NO/k/{TOKEN}",  # scheme and host are case-insensitive
        f"https://WWW.HmsKort.No/k/{TOKEN}",
        f"  https://hmskort.no/k/{TOKEN}\r\n",  # scanners append line ends
    ],
)
def test_allowed_qr_shapes(text):
    assert parse_scan(text) == QrRef(TOKEN)
    assert parse_scan(text, symbology="qr") == QrRef(TOKEN)


@pytest.mark.parametrize("token", ["a" * 16, "Z" * 64, "-_-_-_-_-_-_-_-_", "0123456789abcdefABCDEF_-"])
def test_token_length_and_alphabet_limits_are_inclusive(token):
    assert parse_scan(f"https://hmskort.no/k/{token}") == QrRef(token)


def test_qr_host_allow_list_is_a_setting():
    text = f"https://kort.example.no/k/{TOKEN}"
    assert parse_scan(text, qr_hosts=["kort.example.no"]) == QrRef(TOKEN)
    assert parse_scan(text, qr_hosts="KORT.example.no") == QrRef(TOKEN)  # one host given as a string
    with pytest.raises(SuspiciousQr):
        parse_scan(f"https://hmskort.no/k/{TOKEN}", qr_hosts=["kort.example.no"])


def test_a_typed_url_is_judged_by_the_qr_rule():
    assert parse_scan(f"https://hmskort.no/k/{TOKEN}", symbology="typed") == QrRef(TOKEN)
    with pytest.raises(SuspiciousQr):
        parse_scan("https://evil.com/", symbology="typed")


@pytest.mark.parametrize("sep", ["", " ", "-", ";", ":", "/"])
def test_barcode_allows_one_separator_among_the_listed(sep):
    assert parse_scan(f"123456785{sep}10000001", symbology="Code128") == BarcodeRef("123456785", "10000001")


@pytest.mark.parametrize("symbology", ["barcode", "CODE128", "Code39", "ITF", "I25", None, "typed"])
def test_barcode_symbology_names_from_decoders(symbology):
    assert parse_scan("12345678510000001", symbology=symbology) == BarcodeRef("123456785", "10000001")


@pytest.mark.parametrize(
    "text",
    [
        "123456785  10000001",
        "123456785--10000001",
        "123456785_10000001",
        "123456785.10000001",
        "1234567851000000",
    ],
)
def test_barcode_rejects_other_separators_and_lengths(text):
    with pytest.raises(UnrecognisedCode) as info:
        parse_scan(text, symbology="barcode")
    assert problem_of(info.value)[0] == "barcode_format"


def test_barcode_with_two_separators_is_unrecognised_when_scanned():
    with pytest.raises(UnrecognisedCode, match="only one separator"):
        parse_scan("123 456 785 10000001")


def test_typed_barcode_digits_may_be_grouped_freely():
    assert parse_scan("123 456 785 1000 0001", symbology="typed") == BarcodeRef("123456785", "10000001")


def test_barcode_with_bad_org_number_names_the_mod11_failure():
    with pytest.raises(InvalidIdentifier, match=r"123456789 fails its MOD11 check") as info:
        parse_scan("12345678910000001", symbology="barcode")
    assert problem_of(info.value) == ("barcode_org", {"org": "123456789"})


@pytest.mark.parametrize("text", ["10000001", "1000 0001", "1000-0001", " 10000001 \n", "10 00 00 01"])
def test_typed_card_numbers(text):
    assert parse_scan(text, symbology="typed") == CardNumberRef("10000001")
    assert parse_scan(text) == CardNumberRef("10000001")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("1000001", "got 7"), ("100000012", "got 9"), ("1000000l", "found 'l'"), ("1000.0001", "found '.'")],
)
def test_typed_card_number_errors_are_specific(text, fragment):
    with pytest.raises(InvalidIdentifier, match=fragment) as info:
        parse_scan(text, symbology="typed")
    assert info.value.code == "INVALID_CARD_NUMBER"
    assert problem_of(info.value)[0] == "card_number"


# --- not a card code ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "symbology"),
    [
        ("hello", None),
        ("WIFI:S:Kontor;T:WPA;P:hemmelig;;", "qr"),
        ("BEGIN:VCARD\nVERSION:3.0\nFN:Ola\nEND:VCARD", "qr"),
        ("10000001", "qr"),  # a QR code must hold the address
        ("Ola Nordmann", None),
        ("1000000l", None),
    ],
)
def test_non_url_text_is_unrecognised(text, symbology):
    with pytest.raises(PayloadError) as info:
        parse_scan(text, symbology=symbology)
    assert not isinstance(info.value, SuspiciousQr)


def test_empty_and_blank_payloads_are_unrecognised():
    for text in ("", "   ", "\n\t"):
        with pytest.raises(UnrecognisedCode, match="empty"):
            parse_scan(text)


def test_non_text_payload_is_unrecognised():
    with pytest.raises(UnrecognisedCode, match="must be text"):
        parse_scan(b"https://hmskort.no/k/" + TOKEN.encode())  # type: ignore[arg-type]


def test_unsupported_symbology_is_unrecognised_but_urls_in_it_stay_suspicious():
    with pytest.raises(UnrecognisedCode, match="DataMatrix code is not used"):
        parse_scan("10000001", symbology="DataMatrix")
    with pytest.raises(SuspiciousQr):
        parse_scan("https://evil.com/", symbology="DataMatrix")


def test_huge_payload_is_refused_without_being_parsed():
    with pytest.raises(SuspiciousQr, match="characters long"):
        parse_scan("https://hmskort.no/k/" + "a" * MAX_PAYLOAD_CHARS)
    with pytest.raises(UnrecognisedCode, match="characters long"):
        parse_scan("x" * (MAX_PAYLOAD_CHARS + 1))


# --- hostile QR codes ----------------------------------------------------------------------------

HOSTILE_QR = [
    # (text, problem)
    (f"https://evil.com/k/{TOKEN}", "other_host"),
    (f"https://hmskort.no.evil.com/k/{TOKEN}", "other_host"),
    (f"https://evilhmskort.no/k/{TOKEN}", "other_host"),  # no suffix matching
    (f"https://hmskort.com/k/{TOKEN}", "other_host"),
    (f"https://api.hmskort.no/k/{TOKEN}", "other_host"),
    (f"https://hmskort-no.com/k/{TOKEN}", "other_host"),
    (f"https://hmsk0rt.no/k/{TOKEN}", "other_host"),
    (f"https://127.0.0.1/k/{TOKEN}", "other_host"),
    (f"https://[::1]/k/{TOKEN}", "other_host"),
    (f"https://2130706433/k/{TOKEN}", "other_host"),  # decimal IP
    (f"http://hmskort.no/k/{TOKEN}", "not_https"),
    (f"HTTP://HMSKORT.NO/k/{TOKEN}", "not_https"),
    (f"https://hmskort.no:443/k/{TOKEN}", "port"),
    (f"https://hmskort.no:8443/k/{TOKEN}", "port"),
    (f"https://hmskort.no:/k/{TOKEN}", "port"),
    (f"https://hmskort.no@evil.com/k/{TOKEN}", "user_info"),
    (f"https://user:pw@hmskort.no/k/{TOKEN}", "user_info"),
    (f"https://hmskort.no:443@evil.com/k/{TOKEN}", "user_info"),
    (f"https://hmsk\u043ert.no/k/{TOKEN}", "lookalike_host"),  # Cyrillic о
    (f"https://hmskort.n\u03bf/k/{TOKEN}", "lookalike_host"),  # Greek ο
    (f"https://www\u3002hmskort.no/k/{TOKEN}", "lookalike_host"),  # ideographic full stop
    (f"https://xn--hmskrt-3ye.no/k/{TOKEN}", "punycode"),
    (f"https://www.xn--hmskrt-3ye.no/k/{TOKEN}", "punycode"),
    (f"https://hmskort.no./k/{TOKEN}", "trailing_dot"),
    (f"https://hmskort.no\\@evil.com/k/{TOKEN}", "backslash"),
    (f"https:\\\\hmskort.no\\k\\{TOKEN}", "backslash"),
    (f"https://hmskort.no/k/{TOKEN}/extra", "extra_path"),
    (f"https://hmskort.no/k/{TOKEN}/", "extra_path"),
    (f"https://hmskort.no/k/../k/{TOKEN}", "extra_path"),
    (f"https://hmskort.no//k/{TOKEN}", "unexpected_path"),
    (f"https://hmskort.no/K/{TOKEN}", "unexpected_path"),
    (f"https://hmskort.no/x/k/{TOKEN}", "unexpected_path"),
    ("https://hmskort.no/", "unexpected_path"),
    ("https://hmskort.no", "unexpected_path"),
    (f"https://hmskort.no/k/{TOKEN}?next=https://evil.com", "query"),
    (f"https://hmskort.no/k/{TOKEN}?", "query"),
    (f"https://hmskort.no/k/{TOKEN}#frag", "fragment"),
    (f"https://hmskort.no/k/%63{TOKEN[1:]}", "percent_encoding"),
    (f"https://hmskort%2Eno/k/{TOKEN}", "percent_encoding"),
    (f"https://hmskort.no%2F@evil.com/k/{TOKEN}", "user_info"),
    (f"https://hmskort.no/k/{TOKEN}\u202e", "hidden_chars"),  # bidi override (strip() keeps it)
    (f"https://hmskort.no/k/\u200b{TOKEN}", "hidden_chars"),  # zero-width space
    (f"https://hmskort.no/k/{TOKEN[:8]} {TOKEN[8:]}", "hidden_chars"),
    (f"https://hmskort.no/k/{TOKEN}\x00.evil.com", "hidden_chars"),
    (f"https://hmskort.no\n.evil.com/k/{TOKEN}", "hidden_chars"),
    (f"\ufeffhttps://hmskort.no/k/{TOKEN}", "hidden_chars"),  # BOM in front
    (f"https://hmskort.no/k/{TOKEN[:10]}", "bad_token"),  # too short
    (f"https://hmskort.no/k/{'a' * 65}", "bad_token"),  # too long
    ("https://hmskort.no/k/", "bad_token"),
    (f"https://hmskort.no/k/{TOKEN[:-1]}!", "bad_token"),
    (f"https://hmskort.no/k/{TOKEN}\u00e6", "non_ascii"),
    (f"\uff48\uff54\uff54\uff50\uff53://hmskort.no/k/{TOKEN}", "non_ascii"),  # full-width https
    ("javascript:alert(document.cookie)", "other_scheme"),
    ("JavaScript:alert(1)", "other_scheme"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "other_scheme"),
    ("ftp://hmskort.no/k/" + TOKEN, "other_scheme"),
    ("intent://scan/#Intent;scheme=zxing;package=com.evil;end", "other_scheme"),
    ("file:///etc/passwd", "other_scheme"),
    ("mailto:svindel@evil.com", "other_scheme"),
    ("tel:+4781549300", "other_scheme"),
    ("vbscript:msgbox(1)", "other_scheme"),
    ("myapp://hmskort.no/k/" + TOKEN, "other_scheme"),  # any scheme followed by //
    ("https:/hmskort.no/k/" + TOKEN, "malformed"),
    ("https:hmskort.no/k/" + TOKEN, "malformed"),
    ("https:///hmskort.no/k/" + TOKEN, "malformed"),
    ("https://", "malformed"),
    (f"//hmskort.no/k/{TOKEN}", "no_scheme"),  # scheme-relative
    (f"hmskort.no/k/{TOKEN}", "no_scheme"),
    (f"www.hmskort.no/k/{TOKEN}", "no_scheme"),
    ("evil.com/k/abc", "no_scheme"),
    (f"hmskort.no:443/k/{TOKEN}", "no_scheme"),
    ("https://hmskort.no/k/" + "a" * 300, "too_long"),
]


@pytest.mark.parametrize(("text", "problem"), HOSTILE_QR, ids=[repr(t)[:60] for t, _ in HOSTILE_QR])
def test_hostile_qr_text_is_suspicious_with_a_specific_problem(text, problem):
    for symbology in ("qr", None):
        with pytest.raises(SuspiciousQr) as info:
            parse_scan(text, symbology=symbology)
        assert info.value.code == "SUSPICIOUS_QR"
        assert problem_of(info.value)[0] == problem, str(info.value)


def test_there_are_many_hostile_cases():
    assert len(HOSTILE_QR) >= 40


def test_java_tab_script_is_suspicious_not_unrecognised():
    # browsers drop tabs inside URLs, so this is a javascript: URL to them
    with pytest.raises(SuspiciousQr):
        parse_scan("java\tscript:alert(1)", symbology="qr")


def test_other_host_message_names_the_host():
    with pytest.raises(SuspiciousQr, match=r"another host \(evil\.com\)") as info:
        parse_scan(f"https://EVIL.com/k/{TOKEN}")
    assert problem_of(info.value) == ("other_host", {"host": "evil.com"})


def test_user_info_message_names_the_real_host():
    with pytest.raises(SuspiciousQr) as info:
        parse_scan(f"https://hmskort.no@evil.com/k/{TOKEN}")
    assert problem_of(info.value)[1]["host"] == "evil.com"


def test_lookalike_host_is_shown_escaped_so_it_cannot_pass_as_the_real_one():
    with pytest.raises(SuspiciousQr) as info:
        parse_scan(f"https://hmsk\u043ert.no/k/{TOKEN}")
    host = problem_of(info.value)[1]["host"]
    assert host == "hmsk\\u043ert.no"
    assert host.isascii()


def test_default_hosts_are_the_contract_hosts():
    assert set(DEFAULT_QR_HOSTS) == {"hmskort.no", "www.hmskort.no"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://x.y", True),
        ("evil.com", True),
        ("www.example", True),
        ("javascript:x", True),
        ("foo://bar", True),
        ("WIFI:S:x;;", False),
        ("Hello. World", False),
        ("10000001", False),
        ("123456785:10000001", False),
        ("1.5", False),
    ],
)
def test_looks_like_url(text, expected):
    assert looks_like_url(text) is expected
