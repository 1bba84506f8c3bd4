"""Issue 9.1: every check ends in bounded time, over real HTTP against the sandbox.

The sandbox's `drip` fault sends an answer one byte at a time, so httpx's read timeout (which restarts
with every byte) never fires: only the total deadline per lookup, and the register budget counted
from the status answer, end the check.
"""

from __future__ import annotations

import pytest

from app.bootstrap import build_services
from app.model import ReasonCode, Verdict, WarningCode
from app.settings import Settings

#: A drip this slow takes minutes for a card answer: without a deadline the test runs into its timeout.
DRIP_MS = 400


@pytest.fixture(scope="module")
def sandbox(own_sandbox):
    return own_sandbox  # requests this module leaves in flight stay off the shared sandbox


@pytest.fixture
async def services(clean_sandbox):
    settings = Settings(
        api_url=clean_sandbox.url,
        client_id=clean_sandbox.client_id,
        client_secret=clean_sandbox.client_secret,
        sandbox=True,  # its registers are the sandbox's too
        read_timeout=5.0,
        total_timeout=1.5,
        crosscheck_timeout=1.0,
        max_retries=0,
    )
    built = await build_services(settings)
    yield built
    await built.aclose()


@pytest.mark.timeout(60)
@pytest.mark.parametrize("path", ["/v1/", "/oauth2/"], ids=["status-answer", "token-answer"])
async def test_a_slow_drip_status_or_token_answer_ends_as_unverified_timeout(services, clean_sandbox, path):
    clean_sandbox.inject(kind="drip", delay_ms=DRIP_MS, path=path)
    result = await services.check_text("10000001")
    assert result.verdict is Verdict.UNVERIFIED
    assert result.reason == ReasonCode.TIMEOUT.value
    assert "1.5 s" in (result.detail or "")


@pytest.mark.timeout(60)
@pytest.mark.parametrize("register", ["/enhetsregisteret/", "/bemanningsforetaksregisteret2/"])
async def test_a_slow_drip_register_keeps_the_status_verdict_with_a_crosscheck_note(
    services, clean_sandbox, register
):
    # 10000010: a staffing agency, so both Enhetsregisteret and Bemanningsforetaksregisteret count.
    clean_sandbox.inject(kind="drip", delay_ms=DRIP_MS, path=register)
    result = await services.check_text("10000001")
    assert result.card is not None and result.card.card_number == "10000001"
    if register == "/enhetsregisteret/":
        # The status API said GYLDIG; the register that could not answer is a note, not a warning.
        assert result.verdict is Verdict.VALID
        assert [f.code for f in result.notes] == [WarningCode.CROSSCHECK_UNAVAILABLE]
    else:  # a builder: the staffing register's answer does not count, so its slowness says nothing
        assert result.verdict is Verdict.VALID and result.notes == ()


@pytest.mark.timeout(60)
async def test_a_slow_staffing_register_note_on_a_staffing_agency(services, clean_sandbox):
    clean_sandbox.inject(kind="drip", delay_ms=DRIP_MS, path="/bemanningsforetaksregisteret2/")
    result = await services.check_text("10000010")
    assert result.card is not None and result.card.card_number == "10000010"
    assert result.verdict is not Verdict.UNVERIFIED
    assert WarningCode.CROSSCHECK_UNAVAILABLE in [f.code for f in result.notes + result.warnings]


def test_the_budgets_are_settings_with_sane_bounds(tmp_path):
    assert Settings().total_timeout == 15.0
    assert Settings().crosscheck_timeout == 5.0
    empty = tmp_path / "settings.toml"
    empty.write_text("")
    assert Settings.load(env={"HMSKORT_TOTAL_TIMEOUT": "9"}, path=empty).total_timeout == 9.0
    for bad in ("nan", "inf", "0", "-1"):
        with pytest.raises(ValueError):
            Settings(total_timeout=bad)
        with pytest.raises(ValueError):
            Settings(crosscheck_timeout=bad)
