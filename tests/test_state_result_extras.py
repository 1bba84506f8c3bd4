"""The result screen's extras (issue 12): role chosen once and saved, worker view and report tied to
one result, the card photos dropped with it, oversized photos refused."""

from __future__ import annotations

import pytest

from app.errors import SettingsError
from app.model import CardNumberRef, CheckResult, ReasonCode, Verdict
from app.settings import Settings
from app.state.app_state import AppState
from app.state.result_extras import MAX_PHOTO_BYTES, ResultExtras


class _Checker:
    async def check(self, ref):
        raise AssertionError("no call expected")

    async def check_text(self, text, *, symbology=None):
        return CheckResult(Verdict.INVALID, ReasonCode.CARD_NOT_FOUND, CardNumberRef(text))

    async def check_codes(self, codes):
        raise AssertionError("no call expected")

    async def photo(self, card_number):
        return None


async def test_the_role_is_saved_once_chosen_and_an_unknown_role_is_ignored():
    saved: list[str] = []

    async def saver(role: str) -> None:
        saved.append(role)

    extras = ResultExtras(role_saver=saver)
    await extras.choose_role("nobody")
    assert extras.role is None and saved == []
    await extras.choose_role("verneombud")
    assert extras.role == "verneombud" and saved == ["verneombud"]


def test_the_role_setting_is_validated():
    assert Settings(inspector_role=" Politi ").inspector_role == "politi"
    assert Settings().inspector_role is None
    with pytest.raises(SettingsError):
        Settings(inspector_role="sjefen")


async def test_worker_view_and_report_belong_to_one_result_and_photos_go_with_it():
    state = AppState(checker=_Checker(), decode=lambda data, **kw: ())
    state.set_manual_text("99999999")
    await state.check_manual()
    first = state.result
    state.extras.open_report(first)
    state.extras.set_photo("front", b"jpeg-bytes")
    state.extras.set_site("Storgata 1")
    assert state.extras.report_open(first) and state.extras.photo_front == b"jpeg-bytes"
    state.extras.set_photo("back", b"x" * (MAX_PHOTO_BYTES + 1))
    assert state.extras.photo_back is None and state.extras.report_error == "ui.report.photo_too_big"
    state.scan_next()  # the next card: nothing of this report may linger
    assert state.extras.photo_front is None and state.extras.site == ""
    assert not state.extras.report_open(first)
    assert state.focus_manual  # and the card field gets the keyboard focus back
    state.set_manual_text("99999998")
    await state.check_manual()
    state.extras.open_worker_view(state.result)
    assert state.extras.worker_open(state.result) and not state.extras.worker_open(first)
    state.extras.set_worker_language("xx")
    assert state.extras.worker_lang == "pl"
    state.extras.set_worker_language("lt")
    assert state.extras.worker_lang == "lt"
