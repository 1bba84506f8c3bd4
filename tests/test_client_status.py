"""The status client against the sandbox over real HTTP on loopback: every reference card, every call."""

from __future__ import annotations

from datetime import timedelta

import pytest

from api_client.http import build_http_client
from api_client.status import StatusClient
from app.errors import CardNotFound, RequestRejected, StatusUnavailable
from app.model import CardStatus, Category, ReasonCode
from sandbox.reference_cards import REFERENCE_CARDS

IDS = [c.card_number for c in REFERENCE_CARDS]


@pytest.fixture
async def status(clean_sandbox):
    async with build_http_client(connect_timeout=3.0, read_timeout=8.0) as client:
        yield StatusClient.with_credentials(
            client,
            base_url=clean_sandbox.url,
            client_id=clean_sandbox.client_id,
            client_secret=clean_sandbox.client_secret,
        )


def _assert_matches(card, ref, today) -> None:
    assert card.card_number == ref.card_number
    assert card.status is CardStatus(ref.status)
    assert (card.reason.value if card.reason else None) == ref.reason
    assert card.category is Category(ref.category)
    assert card.employer.org_number == ref.org_number
    assert card.employer.name == ref.employer_name
    assert card.valid_to == today + timedelta(days=ref.valid_to_days)
    assert card.valid_from <= card.valid_to
    assert card.checked_at.tzinfo is not None


@pytest.mark.parametrize("ref", REFERENCE_CARDS, ids=IDS)
async def test_card_number_lookup_returns_the_reference_card_without_holder(status, sandbox, ref):
    card = await status.get_card(ref.card_number)
    _assert_matches(card, ref, sandbox.today)
    assert card.holder is None


@pytest.mark.parametrize("ref", REFERENCE_CARDS, ids=IDS)
async def test_qr_lookup_returns_the_reference_card_with_holder(status, sandbox, ref):
    card = await status.lookup_qr(ref.qr_token)
    _assert_matches(card, ref, sandbox.today)
    assert card.holder is not None
    assert (card.holder.first_name, card.holder.last_name) == (ref.first_name, ref.last_name)
    assert card.holder.birth_date == ref.birth_date


@pytest.mark.parametrize("ref", REFERENCE_CARDS, ids=IDS)
async def test_chip_lookup_returns_the_reference_card_with_holder(status, sandbox, ref):
    card = await status.lookup_chip(ref.chip_code)
    _assert_matches(card, ref, sandbox.today)
    assert card.holder is not None
    assert card.holder.birth_date == ref.birth_date


async def test_photo_is_a_jpeg_kept_in_memory(status):
    photo = await status.get_photo("10000001")
    assert photo.startswith(b"\xff\xd8\xff")
    assert len(photo) > 1000


async def test_unknown_card_number_is_card_not_found(status):
    with pytest.raises(CardNotFound):
        await status.get_card("99999999")


async def test_unknown_qr_token_and_chip_are_card_not_found(status):
    with pytest.raises(CardNotFound):
        await status.lookup_qr("AAAAAAAAAAAAAAAAAAAAAAAA")
    with pytest.raises(CardNotFound):
        await status.lookup_chip("DEADBEEF")


async def test_photo_of_unknown_card_is_card_not_found(status):
    with pytest.raises(CardNotFound):
        await status.get_photo("99999999")


@pytest.mark.parametrize("number", ["1234", "1000000a", "../admin", "10000001/photo", ""])
async def test_card_number_that_is_not_8_digits_is_rejected_before_any_request(status, number):
    with pytest.raises(RequestRejected) as info:
        await status.get_card(number)
    assert info.value.reason is ReasonCode.INVALID_CARD_NUMBER


async def test_server_rejection_is_mapped_to_a_domain_reason_keeping_the_code_in_the_message(status):
    with pytest.raises(RequestRejected) as info:
        await status.lookup_qr("not a token!")
    assert info.value.reason is ReasonCode.UNRECOGNISED_CODE and "INVALID_QR" in str(info.value)
    with pytest.raises(RequestRejected) as info:
        await status.lookup_chip("zz")
    assert info.value.reason is ReasonCode.UNRECOGNISED_CODE and "INVALID_CHIP" in str(info.value)


async def test_card_only_client_can_look_up_numbers_but_not_personal_data(clean_sandbox):
    async with build_http_client(connect_timeout=3.0, read_timeout=8.0) as client:
        status = StatusClient.with_credentials(
            client,
            base_url=clean_sandbox.url,
            client_id=clean_sandbox.card_only_client_id,
            client_secret=clean_sandbox.client_secret,
        )
        assert (await status.get_card("10000001")).status is CardStatus.GYLDIG
        with pytest.raises(StatusUnavailable) as info:
            await status.lookup_qr(REFERENCE_CARDS[0].qr_token)
    assert info.value.reason is ReasonCode.AUTH_FAILED


async def test_wrong_secret_is_auth_failed_and_the_secret_is_never_shown(clean_sandbox):
    secret = "s3cr3t-that-must-not-leak"
    async with build_http_client(connect_timeout=3.0, read_timeout=8.0) as client:
        status = StatusClient.with_credentials(
            client, base_url=clean_sandbox.url, client_id=clean_sandbox.client_id, client_secret=secret
        )
        with pytest.raises(StatusUnavailable) as info:
            await status.get_card("10000001")
        assert info.value.reason is ReasonCode.AUTH_FAILED
        shown = [str(info.value), repr(info.value), repr(status), repr(status._card_auth)]
        shown += [repr(vars(status._card_auth))]
        assert not any(secret in text for text in shown)
