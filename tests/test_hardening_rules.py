"""Issue 9.10: one copy of each rule. The settings form, `Settings` and the HTTP adapter judge an
address by one rule; the form and `Settings` judge QR hosts by one rule; the app's manual entry and
the CLI normalise a card number by one rule (no-break space included).
"""

from __future__ import annotations

import pytest

from api_client.http import UnsafeUrlError, require_safe_base_url
from app.errors import InvalidIdentifier, SettingsError
from app.identifiers import card_number
from app.payloads import parse_scan
from app.settings import Settings
from app.state.app_state import normalise_card_number
from app.state.settings_state import check_api_url, parse_hosts

URLS = [
    "https://api.example.no",
    "https://api.example.no/status/",
    "http://127.0.0.1:8700",
    "http://127.0.0.2",
    "http://127.8.9.1",
    "http://localhost:1234",
    "http://[::1]:8000",
    "http://api.example.no",
    "http://10.0.0.1",
    "http://localhost.evil.com",
    "http://127.0.0.1.evil.example",
    "ftp://api.example.no",
    "api.example.no",
    "https://user:pw@api.example.no",
    "https://api.example.no/?x=1",
    "https://api.example.no#top",
    "https://api.example.no:99999",
    "https://api.example.no\\@evil.example",
    "https://",
    "http:///x",
]


def _settings_accepts(url: str) -> bool:
    try:
        Settings(api_url=url)
    except SettingsError:
        return False
    return True


def _adapter_accepts(url: str) -> bool:
    try:
        require_safe_base_url(url)
    except UnsafeUrlError:
        return False
    return True


@pytest.mark.parametrize("url", URLS)
def test_the_form_settings_and_the_adapter_agree_on_every_address(url):
    form = check_api_url(url) is None
    assert form == _settings_accepts(url) == _adapter_accepts(url), url


def test_the_form_accepts_any_loopback_address_as_settings_does():
    assert check_api_url("http://127.0.0.2") is None
    assert check_api_url("http://api.example.no") == "ui.settings.url_not_https"
    assert check_api_url("ftp://x.no") == "ui.settings.url_invalid"


HOSTS = [
    "hmskort.no",
    "www.hmskort.no, kort.example.no",
    "HMSKORT.NO",
    "xn--hmskrt-3ye.no",
    "hmskort.xn--no-1ia",
    "a..b",
    "hmskort..no",
    ".hmskort.no",
    "hmskort.no.",
    "-bad.no",
    "*.hmskort.no",
    "hmskort.no:443",
    "hmskort",
    "hmskørt.no",
    "hmskort.no/k",
]


def _settings_hosts(text: str):
    try:
        return Settings(qr_hosts=text).qr_hosts
    except SettingsError:
        return None


@pytest.mark.parametrize("text", HOSTS)
def test_the_form_and_settings_agree_on_every_host_list(text):
    assert parse_hosts(text) == _settings_hosts(text), text


@pytest.mark.parametrize("text", ["xn--hmskrt-3ye.no", "a..b"])
def test_the_form_refuses_look_alike_and_empty_label_hosts(text):
    assert parse_hosts(text) is None


TYPED = [
    "10000001",
    "1000 0001",
    "1000-0001",
    "1000\u00a00001",  # no-break space, as a phone keyboard or a copied text may give
    "1000\u202f0001",  # narrow no-break space, Norwegian number grouping
    " 10000001 ",
    "１０００００01",  # full-width digits are not a card number
    "1000000a",
    "1000001",
    "100000011",
]


def _identifiers(text: str) -> str | None:
    try:
        return card_number(text)
    except InvalidIdentifier:
        return None


def _cli_parser(text: str) -> str | None:
    try:
        ref = parse_scan(text, symbology="typed")
    except InvalidIdentifier:
        return None
    return getattr(ref, "card_number", None)


@pytest.mark.parametrize("text", TYPED)
def test_the_app_and_the_cli_normalise_a_typed_card_number_alike(text):
    assert normalise_card_number(text) == _identifiers(text) == _cli_parser(text), repr(text)


def test_a_no_break_space_is_a_separator_in_the_app_too():
    assert normalise_card_number("1000\u00a00001") == "10000001"
