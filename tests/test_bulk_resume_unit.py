"""Resuming a crew-list run (pure unit test: a fake journal port and a fake status port)."""

from __future__ import annotations

from datetime import date

import pytest

from app.crewlist import read_crew_list
from app.model import CrewCheck, Verdict
from app.services.bulk import BulkRunner, ListChanged, check_crew_list
from tests.fake_status import valid_card


class MemoryJournal:
    """CrewJournalPort in memory (a fake port for a pure unit test)."""

    def __init__(self) -> None:
        self.rounds: dict[str, dict] = {}

    async def open_crew_round(self, name, fingerprint, *, resume):
        if resume:
            for rid, r in reversed(self.rounds.items()):
                if r["name"] == name and not r["done"]:
                    if r["fp"] != fingerprint:
                        raise ValueError("changed")
                    return rid, True
        rid = str(len(self.rounds) + 1)
        self.rounds[rid] = {"name": name, "fp": fingerprint, "done": False, "checks": []}
        return rid, False

    async def crew_checks(self, round_id):
        return list(self.rounds[round_id]["checks"])

    async def record_crew_check(self, round_id, check):
        self.rounds[round_id]["checks"].append(check)

    async def finish_crew_round(self, round_id):
        self.rounds[round_id]["done"] = True


class Status:
    def __init__(self) -> None:
        self.asked: list[str] = []

    async def get_card(self, card_number):
        self.asked.append(card_number)
        return valid_card(card_number)


LIST = ("Kortnummer\n" + "".join(f"{10000001 + i}\n" for i in range(10))).encode()


def _runner(status):
    return BulkRunner(status=status, employers=None, today=date(2026, 1, 1), concurrency=3)


async def test_resume_checks_only_the_rows_the_round_lacks():
    journal = MemoryJournal()
    crew = read_crew_list(LIST)
    # an interrupted run: rows 2–5 journaled, the round never finished
    rid, _ = await journal.open_crew_round("l.csv", crew.fingerprint(), resume=False)
    for row in crew.rows[:4]:
        await journal.record_crew_check(rid, CrewCheck(row.row, row.card_number, Verdict.VALID))
    status = Status()
    run = await check_crew_list(crew, _runner(status), journal=journal, round_name="l.csv", resume=True)
    assert run.resumed and run.resumed_from_journal == 4
    assert status.asked == [r.card_number for r in crew.rows[4:]]  # none of the first four again
    rows = [c.row for c in journal.rounds[rid]["checks"]]
    assert sorted(rows) == [r.row for r in crew.rows] and len(rows) == len(set(rows))
    assert [o.row for o in run.outcomes] == [r.row for r in crew.rows]  # every row in the output
    assert journal.rounds[rid]["done"]


async def test_without_resume_a_new_round_checks_everything():
    journal = MemoryJournal()
    crew = read_crew_list(LIST)
    status = Status()
    await check_crew_list(crew, _runner(status), journal=journal, round_name="l.csv")
    await check_crew_list(crew, _runner(status), journal=journal, round_name="l.csv")
    assert len(status.asked) == 20 and len(journal.rounds) == 2


async def test_resume_of_a_changed_list_is_refused():
    journal = MemoryJournal()
    await journal.open_crew_round("l.csv", "another list", resume=False)
    with pytest.raises(ListChanged):
        await check_crew_list(
            read_crew_list(LIST), _runner(Status()), journal=journal, round_name="l.csv", resume=True
        )
