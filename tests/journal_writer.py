"""A journal writer in its own process: `python -m tests.journal_writer DB_URL|- DATA_DIR COUNT TAG`.

Opens the journal as the app does (migrations at start), records COUNT checks of card 1000000N and
prints each entry's id once `record` has returned, i.e. once it was shown as recorded. Used by the
concurrency test (four at once) and the crash test (killed mid-run).
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

from app.model import Card, CardNumberRef, CardStatus, Category, CheckResult, Employer, Verdict
from app.services.journal import Journal
from storage.journal import open_journal


def result(i: int) -> CheckResult:
    card = Card(
        card_number=f"1000000{i % 10}",
        category=Category.BYGG,
        status=CardStatus.GYLDIG,
        reason=None,
        valid_from=date(2026, 1, 1),
        valid_to=date(2028, 1, 1),
        employer=Employer("123456785", "Eksempel Bygg AS"),
        checked_at=datetime.now(UTC),
    )
    return CheckResult(Verdict.VALID, None, CardNumberRef(card.card_number), card=card)


def main(argv: list[str]) -> int:
    url, data_dir, count, tag = argv
    journal = Journal(open_journal(None if url == "-" else url, data_dir), sandbox=True, user=f"writer-{tag}")
    print("ready", flush=True)
    for i in range(int(count)):
        entry = journal.record_sync(result(i))
        print(entry.id, flush=True)
    journal.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
