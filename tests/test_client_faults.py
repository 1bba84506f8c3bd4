"""Every fault the sandbox can inject, over real HTTP: each ends as a typed error, never as a card."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from api_client.http import build_http_client
from api_client.oauth import ClientCredentialsAuth
from api_client.status import SCOPE_CARD, SCOPE_PERSONAL, StatusClient
from app.errors import StatusUnavailable
from app.model import BarcodeRef, CardNumberRef, CardStatus, ChipRef, QrRef, ReasonCode, Verdict
from app.services.verify import verify
from sandbox.reference_cards import REFERENCE_CARDS

VALID = REFERENCE_CARDS[0]  # 10000001, GYLDIG: a fault must never let it through
#: Short enough that the delay fault costs a second, long enough for a loaded 2-core machine.
READ_TIMEOUT = 1.0

#: (fault, reason) with the fault left active (count None): the client must give up, not succeed.
PERSISTENT_FAULTS = [
    ({"kind": "delay", "delay_ms": 2500}, ReasonCode.TIMEOUT),
    ({"kind": "status", "status": 500}, ReasonCode.SERVER_ERROR),
    ({"kind": "status", "status": 503, "retry_after": 0}, ReasonCode.SERVER_ERROR),
    ({"kind": "status", "status": 429, "retry_after": 0}, ReasonCode.RATE_LIMITED),
    ({"kind": "malformed"}, ReasonCode.BAD_RESPONSE),
    ({"kind": "truncated"}, ReasonCode.BAD_RESPONSE),
    # Every request revokes the tokens: the one refresh gets 401 again.
    ({"kind": "expire_tokens"}, ReasonCode.AUTH_FAILED),
]
FAULT_IDS = [f"{f['kind']}-{f.get('status', '')}" for f, _ in PERSISTENT_FAULTS]

CALLS = {
    "number": lambda s: s.get_card(VALID.card_number),
    "qr": lambda s: s.lookup_qr(VALID.qr_token),
    "chip": lambda s: s.lookup_chip(VALID.chip_code),
    "photo": lambda s: s.get_photo(VALID.card_number),
}


class CountingTransport(httpx.AsyncBaseTransport):
    """Wraps this test's own transport to count requests per path (no project code is touched)."""

    def __init__(self) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()

    def count(self, path: str) -> int:
        return sum(1 for p in self.paths if p == path)


class Recorder:
    """A sleep that records the waits the retry loop asks for (and really waits them)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(seconds)


@pytest.fixture
async def make(clean_sandbox):
    """Builds status clients on clients this test owns; closes them afterwards."""
    opened: list[httpx.AsyncClient] = []

    def factory(*, transport=None, **kwargs) -> StatusClient:
        client = build_http_client(connect_timeout=3.0, read_timeout=READ_TIMEOUT, transport=transport)
        opened.append(client)
        return StatusClient.with_credentials(
            client,
            base_url=clean_sandbox.url,
            client_id=clean_sandbox.client_id,
            client_secret=clean_sandbox.client_secret,
            **kwargs,
        )

    yield factory
    for client in opened:
        await client.aclose()


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize(("fault", "reason"), PERSISTENT_FAULTS, ids=FAULT_IDS)
async def test_persistent_fault_ends_unavailable_with_its_reason_never_a_card(
    make, clean_sandbox, fault, reason, call
):
    status = make()
    if fault["kind"] == "expire_tokens":
        await status.get_card(VALID.card_number)  # hold a token that the fault will revoke
    clean_sandbox.inject(**fault)
    with pytest.raises(StatusUnavailable) as info:
        await CALLS[call](status)
    assert info.value.reason is reason


@pytest.mark.parametrize(("code", "reason"), [(503, ReasonCode.SERVER_ERROR), (429, ReasonCode.RATE_LIMITED)])
async def test_one_retryable_answer_is_retried_after_retry_after_and_then_succeeds(
    make, clean_sandbox, code, reason
):
    sleep = Recorder()
    status = make(sleep=sleep)
    clean_sandbox.inject(kind="status", status=code, retry_after=1, count=1)
    card = await status.get_card(VALID.card_number)
    assert card.status is CardStatus.GYLDIG
    assert sleep.waits == [1.0]


async def test_persistent_503_is_tried_exactly_max_retries_plus_one_times(make, clean_sandbox):
    sleep = Recorder()
    status = make(sleep=sleep, max_retries=2)
    clean_sandbox.inject(kind="status", status=503, retry_after=0, count=5)
    with pytest.raises(StatusUnavailable) as info:
        await status.get_card(VALID.card_number)
    assert info.value.reason is ReasonCode.SERVER_ERROR
    assert sleep.waits == [0.0, 0.0]
    # 5 hits injected - 3 attempts = 2 hits left on the fault
    assert [f["remaining"] for f in clean_sandbox.active_faults()] == [2]


async def test_retry_after_beyond_the_wait_budget_gives_up_at_once(make, clean_sandbox):
    sleep = Recorder()
    status = make(sleep=sleep)
    clean_sandbox.inject(kind="status", status=429, retry_after=120)
    with pytest.raises(StatusUnavailable) as info:
        await status.get_card(VALID.card_number)
    assert info.value.reason is ReasonCode.RATE_LIMITED
    assert sleep.waits == []


async def test_expired_token_is_refreshed_once_and_the_call_succeeds(make, clean_sandbox):
    transport = CountingTransport()
    status = make(transport=transport)
    await status.get_card(VALID.card_number)
    clean_sandbox.inject(kind="expire_tokens", count=1)
    card = await status.get_card(VALID.card_number)
    assert card.status is CardStatus.GYLDIG
    assert transport.count("/oauth2/token") == 2
    assert transport.count(f"/v1/cards/{VALID.card_number}") == 3  # ok, 401, retried ok


async def test_concurrent_requests_share_one_token_fetch(make):
    transport = CountingTransport()
    status = make(transport=transport)
    cards = await asyncio.gather(*(status.get_card(c.card_number) for c in REFERENCE_CARDS))
    assert [c.card_number for c in cards] == [c.card_number for c in REFERENCE_CARDS]
    assert transport.count("/oauth2/token") == 1


async def test_concurrent_requests_after_revocation_share_one_refresh(make, clean_sandbox):
    transport = CountingTransport()
    status = make(transport=transport)
    await status.get_card(VALID.card_number)
    clean_sandbox.expire_tokens()
    await asyncio.gather(*(status.get_card(c.card_number) for c in REFERENCE_CARDS))
    assert transport.count("/oauth2/token") == 2


async def test_each_scope_gets_its_own_token(make):
    transport = CountingTransport()
    status = make(transport=transport)
    await status.get_card(VALID.card_number)
    await status.lookup_qr(VALID.qr_token)
    await status.lookup_chip(VALID.chip_code)
    await status.get_card("10000002")
    assert transport.count("/oauth2/token") == 2


async def test_failing_token_endpoint_is_shared_by_concurrent_callers(clean_sandbox):
    transport = CountingTransport()
    async with build_http_client(connect_timeout=3.0, read_timeout=READ_TIMEOUT, transport=transport) as c:
        auth = ClientCredentialsAuth(
            c,
            token_url=f"{clean_sandbox.url}/oauth2/token",
            client_id=clean_sandbox.client_id,
            client_secret=clean_sandbox.client_secret,
            scope=SCOPE_CARD,
        )
        personal = ClientCredentialsAuth(
            c,
            token_url=f"{clean_sandbox.url}/oauth2/token",
            client_id=clean_sandbox.client_id,
            client_secret=clean_sandbox.client_secret,
            scope=SCOPE_PERSONAL,
        )
        status = StatusClient(c, base_url=clean_sandbox.url, card_auth=auth, personal_auth=personal)
        clean_sandbox.inject(kind="status", status=500, path="/oauth2/")
        results = await asyncio.gather(
            *(status.get_card(r.card_number) for r in REFERENCE_CARDS[:5]), return_exceptions=True
        )
    assert all(isinstance(r, StatusUnavailable) for r in results)
    assert {r.reason for r in results} == {ReasonCode.SERVER_ERROR}
    assert transport.count("/oauth2/token") == 1
    assert auth.fetch_count == 1


async def test_timeout_at_the_token_endpoint_is_timeout(make, clean_sandbox):
    status = make()
    clean_sandbox.inject(kind="delay", delay_ms=2500, path="/oauth2/", count=1)
    with pytest.raises(StatusUnavailable) as info:
        await status.get_card(VALID.card_number)
    assert info.value.reason is ReasonCode.TIMEOUT


async def test_nothing_listening_is_network(clean_sandbox):
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with build_http_client(connect_timeout=1.0, read_timeout=1.0) as client:
        status = StatusClient.with_credentials(
            client, base_url=f"http://127.0.0.1:{port}", client_id="x", client_secret="y"
        )
        with pytest.raises(StatusUnavailable) as info:
            await status.get_card(VALID.card_number)
    assert info.value.reason is ReasonCode.NETWORK


REFS = {
    "number": CardNumberRef(VALID.card_number),
    "qr": QrRef(VALID.qr_token),
    "chip": ChipRef(VALID.chip_code),
    "barcode": BarcodeRef(VALID.org_number, VALID.card_number),
}


@pytest.mark.parametrize("kind", list(REFS))
@pytest.mark.parametrize(("fault", "reason"), PERSISTENT_FAULTS, ids=FAULT_IDS)
async def test_no_injected_fault_ever_yields_valid(make, clean_sandbox, fault, reason, kind):
    status = make()
    if fault["kind"] == "expire_tokens":
        await status.get_card(VALID.card_number)
    clean_sandbox.inject(**fault)
    result = await verify(REFS[kind], status=status, today=clean_sandbox.today)
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == reason.value
    assert result.card is None


@pytest.mark.parametrize("kind", list(REFS))
async def test_without_faults_the_same_card_is_valid(make, kind, clean_sandbox):
    # The counterpart of the test above: the card really is valid when nothing interferes.
    result = await verify(REFS[kind], status=make(), today=clean_sandbox.today)
    assert result.verdict is Verdict.VALID
