"""The journal screen's state (app/state/journal_state.py) on a real SQLite journal: rounds from the
screen, the "recorded" note only for the result it belongs to, lists per user, exports."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.model import CardNumberRef, CheckResult, ReasonCode, Verdict
from app.services.journal import Journal
from app.state.journal_state import JournalState
from storage.journal import open_journal


def _journal(tmp_path, user="ola") -> Journal:
    return Journal(open_journal(None, tmp_path), sandbox=True, user=user)


async def test_a_round_started_on_the_screen_holds_the_checks_and_exports_as_pdf(tmp_path):
    journal = _journal(tmp_path)
    state = JournalState()
    await state.attach(journal)
    state.set_site("   ")
    await state.start_round()
    assert state.form_error == "journal.round.site_missing" and state.current is None
    state.set_site("Bjørvika")
    state.set_address("Oslo")
    await state.start_round()
    assert state.current is not None and state.current.site_name == "Bjørvika"
    invalid = CheckResult(Verdict.INVALID, ReasonCode.CARD_NOT_FOUND.value, CardNumberRef("99999999"))
    entry = await journal.record(invalid)
    assert entry.record.round_id == state.current.id
    await state.end_round()
    assert state.current is None
    (summary,) = state.rounds
    assert summary.by_verdict == (("invalid", 1),)
    assert [e.id for e in state.selected_entries] == [entry.id]
    name, pdf = await state.export("pdf", "en")
    assert name.startswith(f"hmskort-runde-{summary.round.id}-") and name.endswith(".pdf")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Bjørvika" in text and "99999999" in text and "Invalid" in text
    journal.close()


async def test_the_recorded_note_belongs_to_the_result_it_was_made_for(tmp_path):
    journal = _journal(tmp_path)
    state = JournalState(open=True)
    shown = CheckResult(Verdict.UNVERIFIED, ReasonCode.NETWORK.value, CardNumberRef("10000001"))
    other = CheckResult(Verdict.VALID, None, CardNumberRef("10000007"))
    entry = await journal.record(shown)
    state.note_recorded(shown, entry)
    assert state.open is False  # a new result steps in front of the journal screen
    assert state.recorded_note(shown) == ("journal.recorded_pending", {"id": entry.id})
    assert state.recorded_note(other) is None
    state.note_recorded(other, None, "disk full")
    assert state.recorded_note(other) == ("journal.not_recorded", {"error": "disk full"})
    assert state.recorded_note(shown) is None
    journal.close()


async def test_a_session_sees_and_exports_only_its_users_rounds(tmp_path):
    journal = _journal(tmp_path)
    theirs = await journal.start_round("Their site", "", user="kari")
    mine = JournalState(user="ola")
    await mine.attach(journal)
    assert mine.rounds == []
    mine.selected = theirs.id
    assert await mine.export("pdf") is None
    journal.close()
