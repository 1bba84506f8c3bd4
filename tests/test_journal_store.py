"""The journal's storage (storage/, JournalPort) on a real SQLite file and a real PostgreSQL 15.

Each test runs on both (the `journal_store` fixture): migrations at start, what is stored and read
back, rounds and their counts, order (non-valid first), pending re-checks, retention, concurrent
writers in separate processes, and a writer killed mid-run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect

from app.errors import JournalError
from app.model import CheckMethod, CheckRecord, Verdict
from storage import migrate
from storage.engine import SQLITE_FILE
from storage.journal import open_journal

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


def rec(verdict: Verdict = Verdict.VALID, **changes) -> CheckRecord:
    values = dict(
        checked_at=NOW,
        user="inspector",
        method=CheckMethod.QR,
        verdict=verdict,
        reason=None if verdict is Verdict.VALID else "TAPT",
        card_number="10000001",
        card_status="GYLDIG",
        card_category="BYGG",
        valid_to=date(2028, 1, 3),
        employer_org_number="123456785",
        employer_name="Eksempel Bygg AS",
        warning_codes=(),
        sandbox=True,
        app_version="0.1.0",
    )
    values.update(changes)
    return CheckRecord(**values)


@pytest.fixture
def journal(journal_store):
    url, data_dir = journal_store
    j = open_journal(url, data_dir)
    yield j
    j.close()


def test_migrations_run_at_open_and_again_is_a_no_op(journal_store):
    url, data_dir = journal_store
    first = open_journal(url, data_dir)
    assert migrate.current(first._engine) == migrate.head() == "0003_usage_ledger"
    first.record(rec())
    first.close()
    again = open_journal(url, data_dir)
    assert again.count() == 1
    tables = set(inspect(again._engine).get_table_names())
    assert {"journal_checks", "journal_rounds", "usage_events", "alembic_version"} <= tables
    again.close()


def test_a_record_reads_back_as_written_with_utc_times(journal):
    written = rec(
        Verdict.VALID_WITH_WARNINGS,
        reason=None,
        method=CheckMethod.CHIP,
        warning_codes=("EXPIRES_SOON", "EMPLOYER_BANKRUPT"),
        employer_name="Fjellstøtt Entreprenør AS – Łódź",
        checked_at=datetime(2026, 11, 29, 13, 0, tzinfo=UTC).astimezone(),  # local time in, UTC out
    )
    entry = journal.record(written)
    back = journal.get_entry(entry.id)
    assert back is not None and back.id == entry.id
    assert back.record == written
    assert back.record.checked_at.tzinfo is UTC


def test_outside_text_longer_than_a_column_is_cut_not_refused(journal):
    entry = journal.record(rec(employer_name="A" * 5000, user="u" * 500))
    back = journal.get_entry(entry.id)
    assert back.record.employer_name == "A" * 200 and back.record.user == "u" * 128


def test_rounds_hold_the_checks_made_meanwhile_with_counts_per_verdict_and_employer(journal):
    r = journal.start_round(
        site_name="Bjørvika",
        address="Dronning Eufemias gate 1",
        user="inspector",
        started_at=NOW,
        position="59.9075,10.7580",
    )
    journal.record(rec(round_id=r.id))
    journal.record(
        rec(
            Verdict.INVALID,
            round_id=r.id,
            employer_name="Fjellstøtt Entreprenør AS",
            employer_org_number="135792462",
        )
    )
    journal.record(rec(round_id=r.id))
    journal.record(rec())  # outside any round
    assert journal.open_round("inspector") == r
    ended = journal.end_round(r.id, NOW + timedelta(hours=1))
    assert ended.ended_at == NOW + timedelta(hours=1) and journal.open_round("inspector") is None
    (summary,) = journal.rounds()
    assert summary.round == ended and summary.total == 3
    assert summary.by_verdict == (("invalid", 1), ("valid", 2))
    assert summary.by_employer == (
        ("Eksempel Bygg AS (123456785)", 2),
        ("Fjellstøtt Entreprenør AS (135792462)", 1),
    )
    # ending again changes nothing
    assert journal.end_round(r.id, NOW + timedelta(hours=5)).ended_at == ended.ended_at


def test_starting_a_round_ends_the_users_open_one(journal):
    first = journal.start_round(site_name="A", address="", user="inspector", started_at=NOW)
    other = journal.start_round(site_name="B", address="", user="someone else", started_at=NOW)
    second = journal.start_round(site_name="C", address="", user="inspector", started_at=NOW + timedelta(1))
    assert journal.get_round(first.id).ended_at == NOW + timedelta(1)
    assert journal.open_round("inspector") == second and journal.open_round("someone else") == other
    assert [s.round.id for s in journal.rounds(user="inspector")] == [second.id, first.id]


def test_checks_are_listed_non_valid_first_then_newest_first(journal):
    ids = {}
    for minute, verdict in enumerate(
        [Verdict.VALID, Verdict.INVALID, Verdict.VALID_WITH_WARNINGS, Verdict.UNVERIFIED, Verdict.VALID]
    ):
        entry = journal.record(rec(verdict, checked_at=NOW + timedelta(minutes=minute)))
        ids[minute] = entry.id
    order = [e.id for e in journal.entries()]
    assert order == [ids[1], ids[3], ids[2], ids[4], ids[0]]


def test_pending_entries_are_re_checked_once_in_one_transaction(journal):
    pending = journal.record(rec(Verdict.UNVERIFIED, reason="NETWORK", pending=True, card_status=None))
    journal.record(rec(Verdict.UNVERIFIED, reason="SERVER_ERROR"))  # not pending
    assert [e.id for e in journal.pending()] == [pending.id]
    again = journal.record_recheck(pending.id, rec(Verdict.INVALID, checked_at=NOW + timedelta(minutes=3)))
    assert again.record.recheck_of == pending.id
    assert journal.pending() == []
    ((old, new),) = journal.rechecked()
    assert (old.id, old.rechecked_by, new.id, new.record.verdict) == (
        pending.id,
        again.id,
        again.id,
        "invalid",
    )


def test_purge_deletes_what_is_older_than_the_cutoff(journal):
    old_round = journal.start_round(
        site_name="Old", address="", user="i", started_at=NOW - timedelta(days=200)
    )
    journal.record(rec(checked_at=NOW - timedelta(days=200), round_id=old_round.id))
    journal.end_round(old_round.id, NOW - timedelta(days=199))
    keep = journal.record(rec(checked_at=NOW - timedelta(days=10)))
    assert journal.purge(NOW - timedelta(days=180)) == 1
    assert [e.id for e in journal.entries()] == [keep.id]
    assert journal.rounds() == []


def test_the_database_url_and_its_password_stay_out_of_repr_and_errors(tmp_path):
    url = "postgresql+psycopg://inspector:s3cret-pw@127.0.0.1:1/journal"
    with pytest.raises(JournalError) as err:
        open_journal(url, tmp_path)
    assert "s3cret-pw" not in str(err.value) and "s3cret-pw" not in repr(err.value)
    with pytest.raises(JournalError, match="postgresql"):
        open_journal("mysql://x:y@host/db", tmp_path)


def test_the_sqlite_file_is_private_and_in_wal_mode(tmp_path):
    j = open_journal(None, tmp_path / "data")
    j.record(rec())
    path = tmp_path / "data" / SQLITE_FILE
    assert path.stat().st_mode & 0o077 == 0
    assert (tmp_path / "data").stat().st_mode & 0o077 == 0
    with j._engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    j.close()


# --- several processes ---------------------------------------------------------------------------


def _writer(url: str | None, data_dir: Path, count: int, tag: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.journal_writer", url or "-", str(data_dir), str(count), tag],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


# 2,000 durable commits: seconds on an idle machine (15-20 s measured), minutes on a crowded one.
@pytest.mark.timeout(900)
def test_four_concurrent_writers_times_500_give_exactly_2000_rows(journal_store):
    url, data_dir = journal_store
    started = time.monotonic()
    writers = [_writer(url, data_dir, 500, str(n)) for n in range(4)]
    outputs = [w.communicate(timeout=840) for w in writers]
    for w, (out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, err[-2000:]
        assert out.split()[-1] == "done"
    ids = [int(line) for out, _ in outputs for line in out.split() if line.isdigit()]
    j = open_journal(url, data_dir)
    try:
        assert len(ids) == len(set(ids)) == 2000
        assert j.count() == 2000
        assert {e.id for e in j.entries()} == set(ids)
    finally:
        j.close()
    print(f"\n4 writers x 500 on {j.backend}: {time.monotonic() - started:.1f} s")


@pytest.mark.timeout(600)
def test_a_writer_killed_mid_run_loses_nothing_it_had_shown_as_recorded(journal_store):
    url, data_dir = journal_store
    writer = _writer(url, data_dir, 100_000, "crash")
    assert writer.stdout.readline().strip() == "ready"
    shown: list[int] = []
    while len(shown) < 150:
        shown.append(int(writer.stdout.readline()))
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    shown += [int(line) for line in rest.split() if line.isdigit()]
    j = open_journal(url, data_dir)
    try:
        stored = {e.id for e in j.entries(limit=1_000_000)}
        assert set(shown) <= stored
        assert j.count() in (len(shown), len(shown) + 1)  # at most the one not yet printed
    finally:
        j.close()


def test_a_crew_list_row_is_journaled_once_per_round(journal):
    from dataclasses import replace

    from app.errors import JournalError

    started = journal.start_round(site_name="liste.csv", address="x", user="u", started_at=datetime.now(UTC))
    first = replace(rec(), round_id=started.id, list_row=7)
    journal.record(first)
    with pytest.raises(JournalError):
        journal.record(first)  # the same row of the same round again
    journal.record(replace(first, list_row=8))
    journal.record(replace(rec(), list_row=None))  # ordinary checks carry no row
    journal.record(replace(rec(), list_row=None))
    rows = sorted(e.record.list_row for e in journal.entries(round_id=started.id))
    assert rows == [7, 8]
