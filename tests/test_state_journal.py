"""The journal screen's state (app/state/journal_state.py) on a real SQLite journal: rounds from the
screen, the "recorded" note only for the result it belongs to, lists per user, exports."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.model import CardNumberRef, CheckResult, ReasonCode, Verdict
from app.ports import Identity, Role
from app.services.journal import Journal, readable_user
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


ADMIN = Identity(user_id="admin-sub", name="Adm", role=Role.ADMIN, served=True)
INSPECTOR = Identity(user_id="ina-sub", name="Ina", role=Role.INSPECTOR, served=True)


def test_only_an_admin_asking_for_it_reads_everyones_journal():
    assert readable_user(ADMIN, "admin-sub", everyone=True) is None
    assert readable_user(ADMIN, "admin-sub", everyone=False) == "admin-sub"
    assert readable_user(INSPECTOR, "ina-sub", everyone=True) == "ina-sub"
    assert readable_user(None, "ola", everyone=True) == "ola"  # local mode: one user's journal


async def test_an_admin_sees_everyones_checks_with_their_users_an_inspector_only_their_own(tmp_path):
    journal = _journal(tmp_path, user="server")
    ina_round = await journal.start_round("Inas plass", "", user="ina-sub")
    await journal.record(CheckResult(Verdict.VALID, None, CardNumberRef("10000001")), user="ina-sub")
    await journal.record(CheckResult(Verdict.VALID, None, CardNumberRef("10000007")), user="admin-sub")

    admin = JournalState(user="admin-sub", identity=ADMIN)
    await admin.attach(journal)
    assert admin.may_see_everyone and admin.rounds == [] and admin.everyone_entries == []
    await admin.set_everyone(True)
    assert admin.everyone
    seen = {(e.record.user, e.record.card_number) for e in admin.everyone_entries}
    assert seen == {("ina-sub", "10000001"), ("admin-sub", "10000007")}
    assert [r.round.user for r in admin.rounds] == ["ina-sub"]
    admin.selected = ina_round.id
    assert await admin.export("csv") is not None  # an admin may export another user's round
    await admin.set_everyone(False)
    assert admin.rounds == [] and admin.everyone_entries == []
    admin.selected = ina_round.id
    assert await admin.export("csv") is None  # not while showing only their own

    ina = JournalState(user="ina-sub", identity=INSPECTOR)
    await ina.attach(journal)
    assert not ina.may_see_everyone
    await ina.set_everyone(True)  # a forged switch does nothing
    assert not ina.everyone and ina.everyone_entries == []
    assert [r.round.user for r in ina.rounds] == ["ina-sub"]
    admins_round = await journal.start_round("Admins plass", "", user="admin-sub")
    ina.selected = admins_round.id
    assert await ina.export("pdf") is None
    await ina.refresh()
    assert all(r.round.user == "ina-sub" for r in ina.rounds)
    journal.close()
