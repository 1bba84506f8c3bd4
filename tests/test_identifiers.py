"""Identifiers of contract §1 on literal values (check digits computed by hand, not by the code)."""

from __future__ import annotations

from datetime import date

import pytest

from app.errors import InvalidIdentifier, PayloadError
from app.identifiers import (
    K1Rule,
    PersonNumberKind,
    card_number,
    chip_code,
    is_card_number,
    is_org_number,
    is_person_number,
    org_check_digit,
    org_number,
    person_number,
)
from sandbox.reference_cards import REFERENCE_CARDS

# --- card number ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10000001", "10000001"),
        ("1000 0001", "10000001"),
        ("1000-0001", "10000001"),
        (" 10 00 00 01 ", "10000001"),
        ("1000\u00a00001", "10000001"),  # NBSP from copy-paste
        ("1000\u202f0001", "10000001"),  # narrow NBSP, Norwegian digit grouping
        ("99999999", "99999999"),
    ],
)
def test_card_number_strips_spaces_and_dashes(text, expected):
    assert card_number(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1000001", "exactly 8 digits, got 7"),
        ("100000011", "exactly 8 digits, got 9"),
        ("", "empty"),
        ("   ", "empty"),
        ("1000000l", "only digits, found 'l'"),
        ("1000_0001", "only digits, found '_'"),
        ("١٠٠٠٠٠٠١", "only digits"),  # Arabic-Indic digits are digits to str.isdigit, not to us
        ("1000.0001", "only digits, found '.'"),
    ],
)
def test_card_number_rejections_say_which_rule_broke(text, fragment):
    with pytest.raises(InvalidIdentifier, match=fragment.replace(".", r"\.")):
        card_number(text)


def test_card_number_error_is_a_payload_error_with_the_card_number_code():
    with pytest.raises(PayloadError) as info:
        card_number("123")
    assert info.value.code == "INVALID_CARD_NUMBER"
    assert not is_card_number("123")
    assert is_card_number("10000001")


def test_card_number_rejects_non_text():
    with pytest.raises(InvalidIdentifier, match="must be text"):
        card_number(10000001)  # type: ignore[arg-type]


# --- organisasjonsnummer -------------------------------------------------------------------------


@pytest.mark.parametrize("org", sorted({c.org_number for c in REFERENCE_CARDS}))
def test_reference_card_org_numbers_pass_mod11(org):
    assert org_number(org) == org


@pytest.mark.parametrize("org", ["974760673", "923609016", "988588261"])  # Brønnøysund, Equinor, ...
def test_known_real_org_numbers_pass_mod11(org):
    assert is_org_number(org)


def test_org_number_accepts_spaced_form():
    assert org_number("123 456 785") == "123456785"


def test_org_number_with_wrong_check_digit_names_the_expected_digit():
    with pytest.raises(InvalidIdentifier, match="fails its MOD11 check \\(last digit should be 5\\)"):
        org_number("123456789")


def test_org_number_whose_check_digit_would_be_ten_is_impossible():
    # 00000300: weight 4 on the 3 → 12 → r = 1 → check digit 11 − 1 = 10, which no digit can hold
    assert org_check_digit("00000300") is None
    with pytest.raises(InvalidIdentifier, match="would be 10"):
        org_number("000003000")


def test_org_check_digit_zero_when_remainder_zero():
    assert org_check_digit("00000000") == 0
    assert org_number("000000000") == "000000000"


@pytest.mark.parametrize("text", ["12345678", "1234567850", "12345678x"])
def test_org_number_length_and_characters(text):
    assert not is_org_number(text)


# --- fødselsnummer and relatives -----------------------------------------------------------------


@pytest.mark.parametrize("fnr", ["02013299997", "30108299920"])
def test_skatteetaten_examples_pass_both_k1_rules(fnr):
    assert person_number(fnr).k1_rules == {K1Rule.OLD, K1Rule.RULE_2032}


def test_skatteetaten_example_passes_only_the_2032_rule():
    number = person_number("30108299939")
    assert number.k1_rules == {K1Rule.RULE_2032}
    assert number.birth_date == date(1982, 10, 30)


@pytest.mark.parametrize("fnr", ["14038512332", "14038512340", "14038512359", "29020050096", "01019949954"])
def test_k1_remainders_one_to_three_are_accepted_by_the_2032_rule_only(fnr):
    assert person_number(fnr).k1_rules == {K1Rule.RULE_2032}


@pytest.mark.parametrize("fnr", ["14038512367", "14038512308", "14038512316"])  # K1 remainder 4, 9, 10
def test_k1_remainder_four_or_more_fails_both_rules(fnr):
    with pytest.raises(InvalidIdentifier, match="K1"):
        person_number(fnr)


def test_is_person_number_answers_without_raising():
    assert is_person_number("14038512324")
    assert not is_person_number("14038512367")
    assert not is_person_number("not a number")


def test_k2_failure_is_reported():
    with pytest.raises(InvalidIdentifier, match="K2"):
        person_number("02013299998")


def test_plain_fodselsnummer_gives_kind_and_birth_date():
    number = person_number("140385 12324")
    assert number.kind is PersonNumberKind.FODSELSNUMMER
    assert not number.synthetic
    assert number.birth_date == date(1985, 3, 14)
    assert number.value == "14038512324"


def test_skatteetaten_example_from_2032():
    assert person_number("02013299997").birth_date == date(2032, 1, 2)


def test_d_nummer_adds_forty_to_the_day():
    number = person_number("54038512318")
    assert number.kind is PersonNumberKind.D_NUMMER
    assert not number.synthetic
    assert number.birth_date == date(1985, 3, 14)


def test_h_nummer_adds_forty_to_the_month():
    number = person_number("14438512307")
    assert number.kind is PersonNumberKind.H_NUMMER
    assert number.birth_date == date(1985, 3, 14)


def test_synthetic_tenor_number_adds_eighty_to_the_month():
    number = person_number("14888512420")
    assert number.synthetic
    assert number.kind is PersonNumberKind.FODSELSNUMMER
    assert number.birth_date == date(1985, 8, 14)


def test_synthetic_d_nummer():
    number = person_number("54851512376")
    assert number.kind is PersonNumberKind.D_NUMMER
    assert number.synthetic
    assert number.birth_date == date(1915, 5, 14)


@pytest.mark.parametrize(
    ("fnr", "born"),
    [
        ("01015460020", date(1854, 1, 1)),  # 500–749 with year 54–99
        ("01014095094", date(1940, 1, 1)),  # 900–999 with year 40–99
        ("29020050088", date(2000, 2, 29)),  # 500–999 with year 00–39; 2000 was a leap year
        ("01019949938", date(1999, 1, 1)),  # 000–499: 1900s
    ],
)
def test_century_comes_from_the_individual_number(fnr, born):
    assert person_number(fnr).birth_date == born


def test_unallocated_individual_range_is_rejected():
    with pytest.raises(InvalidIdentifier, match=r"individual number 800 is not used with birth year \.\.40"):
        person_number("01014080054")


@pytest.mark.parametrize(
    "fnr",
    [
        "29020012380",  # 29 Feb 1900: not a leap year
        "14938512338",  # synthetic month 93 → 13
    ],
)
def test_impossible_dates_are_rejected(fnr):
    with pytest.raises(InvalidIdentifier, match="real date"):
        person_number(fnr)


def test_d_and_h_nummer_at_once_is_rejected():
    with pytest.raises(InvalidIdentifier, match="both a D-nummer and an H-nummer"):
        person_number("54438512481")


def test_person_number_repr_hides_the_number():
    number = person_number("14038512324")
    assert "14038512324" not in repr(number)
    assert "1985" not in repr(number)


def test_person_number_never_derives_gender():
    number = person_number("14038512324")
    assert not any("gender" in name or "sex" in name or "kjonn" in name for name in dir(number))


# --- chip code -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("891FEEE6", "891FEEE6"),
        ("891feee6", "891FEEE6"),
        ("89:1F:EE:E6", "891FEEE6"),
        ("89 1f ee e6", "891FEEE6"),
        ("89-1F-EE-E6", "891FEEE6"),
        ("04:A2:2B:3C:4D:5E:80", "04A22B3C4D5E80"),
        (bytes.fromhex("891FEEE6"), "891FEEE6"),
        (bytes.fromhex("04A22B3C4D5E80"), "04A22B3C4D5E80"),
    ],
)
def test_chip_code_normalises_to_upper_case_hex(text, expected):
    assert chip_code(text) == expected


@pytest.mark.parametrize("card", REFERENCE_CARDS, ids=lambda c: c.card_number)
def test_reference_chip_codes_are_already_normal(card):
    assert chip_code(card.chip_code) == card.chip_code


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("891FEE", "4 or 7 bytes, got 3"),
        ("891FEEE600", "4 or 7 bytes, got 5"),
        ("891FEEE", "odd number"),
        ("891FEEG6", "only hex digits, found 'G'"),
        ("0x891FEEE6", "only hex digits, found 'X'"),
        ("", "empty"),
        (b"\x01\x02", "4 or 7 bytes, got 2"),
    ],
)
def test_chip_code_rejections(text, fragment):
    with pytest.raises(InvalidIdentifier, match=fragment):
        chip_code(text)
