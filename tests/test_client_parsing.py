"""Strict parsing of the contract's `Card`, Retry-After and problem+json, on literal values."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest

from api_client.problems import error_for, parse_problem
from api_client.status import parse_card, retry_delay
from app.errors import CardNotFound, RequestRejected, StatusUnavailable
from app.model import CardStatus, ReasonCode, StatusReason

CARD = {
    "cardNumber": "10000004",
    "category": "BYGG",
    "status": "SPERRET",
    "reason": "TAPT",
    "validFrom": "2025-01-01",
    "validTo": "2027-01-01",
    "employer": {"orgNumber": "135792462", "name": "Fjellstøtt Entreprenør AS"},
    "checkedAt": "2026-03-01T08:30:00Z",
    "holder": {"firstName": "Piotr", "lastName": "Testowy", "birthDate": "1988-01-20", "hasPhoto": True},
}


def _with(path: str, value=..., **_):
    data = copy.deepcopy(CARD)
    *parents, key = path.split(".")
    target = data
    for p in parents:
        target = target[p]
    if value is ...:
        del target[key]
    else:
        target[key] = value
    return data


def test_contract_card_parses_into_typed_values():
    card = parse_card(CARD, with_holder=True)
    assert card.status is CardStatus.SPERRET
    assert card.reason is StatusReason.TAPT
    assert card.valid_to == date(2027, 1, 1)
    assert card.checked_at == datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    assert card.holder is not None and card.holder.birth_date == date(1988, 1, 20)
    assert card.holder.has_photo is True


def test_number_lookup_keeps_no_holder_even_if_the_server_sends_one():
    assert parse_card(CARD, with_holder=False).holder is None


def test_unknown_extra_fields_are_ignored():
    assert parse_card({**CARD, "future": 1}, with_holder=True).card_number == "10000004"


@pytest.mark.parametrize(
    ("data", "mentions"),
    [
        (_with("cardNumber"), "cardNumber is missing"),
        (_with("cardNumber", "1000000"), "cardNumber"),
        (_with("cardNumber", 10000004), "cardNumber"),
        (_with("category", "SKOG"), "category"),
        (_with("status", "KANSKJE"), "status"),
        (_with("status", "GYLDIG"), "does not fit"),  # GYLDIG with reason TAPT
        (_with("reason", None), "without a reason"),  # SPERRET without a reason
        (_with("reason", "ARBEIDSFORHOLD_OPPHORT"), "does not fit"),  # an UGYLDIG reason
        (_with("reason", "GLEMT"), "unknown reason"),
        (_with("reason"), "reason is missing"),
        (_with("validFrom", "01.01.2025"), "validFrom"),
        (_with("validTo", "2027-02-30"), "validTo"),
        (_with("validTo", "2024-12-31"), "before validFrom"),
        (_with("validTo", None), "validTo"),
        (_with("employer"), "employer is missing"),
        (_with("employer", "Eksempel"), "employer"),
        (_with("employer.orgNumber", "12345678"), "orgNumber"),
        (_with("employer.orgNumber", "123456789"), "check digit"),  # MOD11 fails
        (_with("employer.name", ""), "employer.name"),
        (_with("checkedAt", "2026-03-01"), "checkedAt"),
        (_with("checkedAt", "2026-03-01T08:30:00"), "time zone"),
        (_with("holder"), "holder is missing"),
        (_with("holder", None), "holder"),
        (_with("holder.birthDate"), "holder.birthDate"),
        (_with("holder.birthDate", "14.03.1985"), "holder.birthDate"),
        (_with("holder.firstName", 42), "holder.firstName"),
        (_with("holder.hasPhoto", "yes"), "hasPhoto"),
        (_with("holder.hasPhoto", 1), "hasPhoto"),
        ([CARD], "not a JSON object"),
        ("GYLDIG", "not a JSON object"),
    ],
)
def test_anything_off_in_a_card_is_bad_response_naming_the_field(data, mentions):
    with pytest.raises(StatusUnavailable) as info:
        parse_card(data, with_holder=True)
    assert info.value.reason is ReasonCode.BAD_RESPONSE
    assert mentions in str(info.value)


def test_bad_holder_message_never_contains_the_personal_value():
    with pytest.raises(StatusUnavailable) as info:
        parse_card(_with("holder.birthDate", "Piotr-1988"), with_holder=True)
    assert "Piotr" not in str(info.value)


@pytest.mark.parametrize(
    ("header", "attempt", "expected"),
    [
        ("0", 0, 0.0),
        ("3", 0, 3.0),
        (" 2 ", 1, 2.0),
        (None, 0, 0.5),  # no header: exponential backoff
        (None, 2, 2.0),
        ("Sun, 01 Mar 2026 08:30:10 GMT", 0, 10.0),
        ("Sun, 01 Mar 2026 08:29:00 GMT", 0, 0.0),  # a date in the past: retry now
        ("soon", 0, None),
        ("-1", 0, None),
        ("\u00b2", 0, None),  # "²" counts as a digit to str.isdigit, not to float()
    ],
)
def test_retry_after_in_seconds_or_http_date(header, attempt, expected):
    now = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    assert retry_delay(header, attempt, now=now) == expected


def _problem(code: str | None, status: int):
    body = f'{{"type": "x", "title": "T", "status": {status}, "detail": "d", "code": "{code}"}}'
    return parse_problem(body.encode(), "application/problem+json")


@pytest.mark.parametrize(
    ("status", "code", "expected", "reason"),
    [
        (400, "INVALID_QR", RequestRejected, ReasonCode.UNRECOGNISED_CODE),
        (400, "INVALID_CHIP", RequestRejected, ReasonCode.UNRECOGNISED_CODE),
        (400, "INVALID_CARD_NUMBER", RequestRejected, ReasonCode.INVALID_CARD_NUMBER),
        # our client may not ask this: cannot tell, never red
        (400, "INSUFFICIENT_SCOPE", StatusUnavailable, ReasonCode.AUTH_FAILED),
        # a code the contract does not name says nothing about the card
        (400, "SOMETHING_NEW", StatusUnavailable, ReasonCode.BAD_RESPONSE),
        (401, "INVALID_TOKEN", StatusUnavailable, ReasonCode.AUTH_FAILED),
        (403, "INSUFFICIENT_SCOPE", StatusUnavailable, ReasonCode.AUTH_FAILED),
        (404, "CARD_NOT_FOUND", CardNotFound, None),
        (404, "NOT_FOUND", StatusUnavailable, ReasonCode.BAD_RESPONSE),
        (429, "RATE_LIMITED", StatusUnavailable, ReasonCode.RATE_LIMITED),
        (500, "INTERNAL_ERROR", StatusUnavailable, ReasonCode.SERVER_ERROR),
        (502, None, StatusUnavailable, ReasonCode.SERVER_ERROR),
        (503, "SERVICE_UNAVAILABLE", StatusUnavailable, ReasonCode.SERVER_ERROR),
        (301, None, StatusUnavailable, ReasonCode.BAD_RESPONSE),
        (409, "CONFLICT", StatusUnavailable, ReasonCode.BAD_RESPONSE),
    ],
)
def test_problem_answers_map_to_typed_errors(status, code, expected, reason):
    error = error_for(status, _problem(code, status), what="card lookup")
    assert type(error) is expected
    if reason is not None:
        assert error.reason is reason


def test_problem_with_a_malformed_code_keeps_no_code():
    problem = parse_problem(b'{"code": "drop table; --", "title": "x"}', "application/problem+json")
    assert problem is not None and problem.code is None
    assert parse_problem(b"not json", "application/problem+json") is None
    assert parse_problem(b'{"code": "X"}', "text/plain") is None
