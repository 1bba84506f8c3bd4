"""Round reports (issue 14, item 3): CSV for Norwegian Excel and PDF read back with pypdf; and the
`hmskort journal list/export/purge/recheck` commands on a real journal."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from app.cli import main
from app.model import CheckMethod, CheckRecord, JournalEntry, Round, Verdict
from app.services.journal_report import make_report, report_csv, report_pdf
from storage.journal import open_journal

T0 = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)


def entry(n: int, verdict: Verdict, card: str, employer: str = "Eksempel Bygg AS", **changes) -> JournalEntry:
    values = dict(
        checked_at=T0 + timedelta(minutes=n),
        user="inspektør",
        method=CheckMethod.QR,
        verdict=verdict,
        reason="TAPT" if verdict is Verdict.INVALID else None,
        card_number=card,
        card_status="SPERRET" if verdict is Verdict.INVALID else "GYLDIG",
        card_category="BYGG",
        valid_to=date(2027, 9, 25),
        employer_org_number="123456785",
        employer_name=employer,
        warning_codes=("EXPIRES_SOON",) if verdict is Verdict.VALID_WITH_WARNINGS else (),
        sandbox=True,
        app_version="0.1.0",
        round_id=1,
    )
    values.update(changes)
    return JournalEntry(id=n, record=CheckRecord(**values))


ROUND = Round(
    1,
    "Bjørvika – Łódź Sp. z o.o. brakke",
    "Dronning Eufemias gate 1, Oslo",
    "inspektør",
    T0,
    T0 + timedelta(hours=2),
)
ENTRIES = [
    entry(1, Verdict.VALID, "10000001"),
    entry(2, Verdict.INVALID, "10000004", "Fjellstøtt Entreprenør AS"),
    entry(3, Verdict.VALID_WITH_WARNINGS, "10000002"),
    entry(4, Verdict.VALID, "10000007", '=HYPERLINK("http://evil")'),
]


def test_csv_is_utf8_with_bom_semicolons_and_non_valid_first():
    data = report_csv(make_report(ROUND, ENTRIES), "nb")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    head = {r[0]: r[1] for r in rows if len(r) >= 2 and r[0]}
    assert head["Byggeplass"] == ROUND.site_name and head["Kontrollør"] == "inspektør"
    assert head["Antall kontroller"] == "4" and head["Ugyldig"] == "1" and head["Gyldig"] == "2"
    assert head["Tidsrom"] == "29.11.2026 09:00 – 29.11.2026 11:00"  # Oslo time
    table = rows[rows.index([]) + 1 :]
    assert table[0][:4] == ["Tid", "Resultat", "Årsak", "Kortnummer"]
    assert [r[3] for r in table[1:]] == ["10000004", "10000002", "10000007", "10000001"]
    # an employer name from outside never becomes a spreadsheet formula
    assert any(r[8] == '\'=HYPERLINK("http://evil")' for r in table[1:])
    assert "\r\n" in text


def test_pdf_prints_norwegian_and_polish_letters_counts_and_the_invalid_card_first():
    pdf = report_pdf(make_report(ROUND, ENTRIES), "nb")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Bjørvika – Łódź Sp. z o.o. brakke" in text
    assert "Fjellstøtt Entreprenør AS" in text
    assert "Antall kontroller" in text and "Ugyldig" in text
    assert text.index("10000004") < text.index("10000002") < text.index("10000001")
    assert "Kontrollør" in text and "inspektør" in text


@pytest.fixture
def journal_env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("HMSKORT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("HMSKORT_DATA_DIR", str(tmp_path / "data"))
    journal = open_journal(None, tmp_path / "data")
    old = datetime.now(UTC) - timedelta(days=60)  # past a 30-day retention, within the default 180
    r = journal.start_round(site_name="Bjørvika", address="Oslo", user="inspektør", started_at=old)
    for e in ENTRIES:
        moved = {"checked_at": e.record.checked_at - T0 + old, "round_id": r.id if e.id < 4 else None}
        journal.record(CheckRecord(**{**_fields(e.record), **moved}))
    journal.end_round(r.id, old + timedelta(hours=1))
    journal.close()
    return tmp_path, r.id


def _fields(record) -> dict:
    return {name: getattr(record, name) for name in record.__slots__}


def test_cli_list_json_lists_rounds_with_counts_and_checks(journal_env, capsys):
    _tmp, round_id = journal_env
    assert main(["journal", "list", "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    (r,) = obj["rounds"]
    assert (r["id"], r["site"], r["total"]) == (round_id, "Bjørvika", 3)
    assert r["byVerdict"] == {"invalid": 1, "valid_with_warnings": 1, "valid": 1}
    assert next(c["cardNumber"] for c in obj["checks"]) == "10000004"
    assert len(obj["checks"]) == 4
    assert main(["journal", "list", "--json", "--round", str(round_id)]) == 0
    assert len(json.loads(capsys.readouterr().out)["checks"]) == 3


def test_cli_export_writes_csv_and_pdf_for_a_round(journal_env, capsys):
    tmp, round_id = journal_env
    out_pdf, out_csv = tmp / "r.pdf", tmp / "r.csv"
    assert main(["journal", "export", "--format", "pdf", "--round", str(round_id), "-o", str(out_pdf)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(str(out_pdf)).pages)
    assert "Bjørvika" in text and "10000007" not in text  # the check outside the round is not in it
    assert main(["journal", "export", "--format", "csv", "-o", str(out_csv)]) == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf") and b"10000007" in out_csv.read_bytes()
    assert main(["journal", "export", "--format", "csv", "--round", "999", "-o", str(out_csv)]) == 2


def test_cli_purge_deletes_entries_past_the_retention(journal_env, capsys, monkeypatch):
    tmp, _ = journal_env
    journal = open_journal(None, tmp / "data")
    now = {"checked_at": datetime.now(UTC), "round_id": None}
    recent = journal.record(CheckRecord(**{**_fields(ENTRIES[0].record), **now}))
    journal.close()
    monkeypatch.setenv("HMSKORT_JOURNAL_RETENTION_DAYS", "30")
    assert main(["journal", "purge"]) == 0
    assert "4 checks older than 30 days deleted" in capsys.readouterr().err
    journal = open_journal(None, tmp / "data")
    assert [e.id for e in journal.entries()] == [recent.id]
    journal.close()


def test_retention_runs_at_start_of_any_command(journal_env, capsys, monkeypatch):
    _tmp, _ = journal_env
    monkeypatch.setenv("HMSKORT_JOURNAL_RETENTION_DAYS", "59")
    assert main(["journal", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["checks"] == []
