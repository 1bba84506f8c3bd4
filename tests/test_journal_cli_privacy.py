"""Checks from `hmskort check` are journaled (unless --no-journal), and the journal never holds personal
data: after QR and chip checks of all ten reference cards, neither the SQLite file (with its WAL) nor
the PostgreSQL table and cluster files hold a holder's name, birth date, QR token or chip UID."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from sandbox.reference_cards import REFERENCE_CARDS
from storage.engine import SQLITE_FILE
from storage.journal import open_journal


@pytest.fixture
def cli_env(api_env, monkeypatch, journal_store):
    """A deployment whose status API is the shared sandbox and whose journal is `journal_store`."""
    url, data_dir = journal_store
    monkeypatch.setenv("HMSKORT_DATA_DIR", str(data_dir))
    if url:
        monkeypatch.setenv("HMSKORT_DATABASE_URL", url)
    return url, data_dir


_EMPLOYERS = " ".join(c.employer_name for c in REFERENCE_CARDS)


def _keys(card) -> list[bytes]:
    """A card's keys to personal data, and its holder's full name: long enough that no other byte
    string of a database file matches by chance."""
    texts = [
        card.qr_token,
        card.chip_code,
        card.chip_code.lower(),
        f"{card.first_name} {card.last_name}",
        f"{card.last_name}, {card.first_name}",
    ]
    return [t.encode("utf-8") for t in texts]


def _forbidden(card) -> list[bytes]:
    """Every form in which a card's personal data or keys could land in the journal's data. A name
    that is part of an employer's name ("Eksempel" of Eksempel Bygg AS) is recorded as the employer."""
    born = card.birth_date
    texts = [
        born.isoformat(),
        born.strftime("%d.%m.%Y"),
        born.strftime("%Y%m%d"),
        *(name for name in (card.first_name, card.last_name) if name not in _EMPLOYERS),
    ]
    return _keys(card) + [t.encode("utf-8") for t in texts]


def test_qr_and_chip_checks_of_all_ten_cards_leave_no_personal_data_in_the_journal(cli_env, capsys, postgres):
    url, data_dir = cli_env
    for card in REFERENCE_CARDS:
        for argv in (["check", card.qr_text], ["check", "--chip", card.chip_code]):
            main([*argv, "--json"])
            obj = json.loads(capsys.readouterr().out)
            assert obj["journal"] and obj["journal"]["id"] > 0, obj
    journal = open_journal(url, data_dir)
    try:
        entries = journal.entries()
        assert len(entries) == 20
        assert {e.record.card_number for e in entries} == {c.card_number for c in REFERENCE_CARDS}
        assert {e.record.method.value for e in entries} == {"qr", "chip"}
        raw: list[bytes] = []
        if url:
            blobs = [postgres.sql("SELECT row_to_json(c)::text FROM journal_checks c").encode()]
            # the cluster's own files (heap, WAL) too; its catalogs hold much text, so only the keys
            raw = [p.read_bytes() for p in postgres.data_files()]
        else:
            # read while the journal is open, so the WAL file is there too
            files = [Path(data_dir) / n for n in (SQLITE_FILE, SQLITE_FILE + "-wal", SQLITE_FILE + "-shm")]
            blobs = [p.read_bytes() for p in files if p.exists()]
            assert sum(len(b) for b in blobs) > 0
    finally:
        journal.close()
    # the employer names are recorded (that is what the journal is for) ...
    assert any(REFERENCE_CARDS[0].employer_name.encode() in b for b in blobs)
    # ... the holders are not
    for card in REFERENCE_CARDS:
        for needle in _forbidden(card):
            assert not any(needle in b for b in blobs), f"{needle!r} of {card.card_number} found"
        for needle in _keys(card):
            assert not any(needle in b for b in raw), f"{needle!r} of {card.card_number} in the cluster"


@pytest.mark.parametrize("journal_store", ["sqlite"], indirect=True)
def test_check_records_once_and_no_journal_records_nothing(cli_env, capsys):
    url, data_dir = cli_env
    assert main(["check", "10000004", "--json"]) == 20
    captured = capsys.readouterr()
    entry_id = json.loads(captured.out)["journal"]["id"]
    assert f"recorded in the journal as #{entry_id}" in captured.err
    assert main(["check", "10000001", "--json", "--no-journal"]) == 0
    assert json.loads(capsys.readouterr().out)["journal"] is None
    journal = open_journal(url, data_dir)
    try:
        (entry,) = journal.entries()
        record = entry.record
        assert (entry.id, record.card_number, record.verdict, record.reason) == (
            entry_id,
            "10000004",
            "invalid",
            "TAPT",
        )
        assert (record.method, record.card_status, record.employer_org_number) == (
            "typed",
            "SPERRET",
            "135792462",
        )
        assert record.sandbox is True  # HMSKORT_SANDBOX: recorded as test data, not a real check
        assert record.user and record.app_version
    finally:
        journal.close()


@pytest.mark.parametrize("journal_store", ["sqlite"], indirect=True)
def test_a_journal_that_cannot_be_opened_still_checks_and_says_not_recorded(
    cli_env, capsys, monkeypatch, tmp_path
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HMSKORT_DATA_DIR", str(blocker / "journal"))
    assert main(["check", "10000001", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["journal"] is None
    assert "cannot create the data folder" in captured.err and "not recorded in the journal" in captured.err
