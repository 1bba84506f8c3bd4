"""Crew-list runs in the inspection journal (issue 15 over issue 14): `CrewJournalPort` over the
journal service.

A run is a round named after the file (site name = the file's name; address = "mannskapsliste" and the
list's fingerprint, which names only row and card numbers). Each row is journaled as one check of that
round carrying its row number (`CheckRecord.list_row`), as it arrives; the store keeps one entry per
(round, row), so a row is never journaled twice. `--resume` continues the user's open round when it
has the file's name and the same fingerprint, and only while it is recent (`MAX_RESUME_AGE`): rows
confirmed long ago are not passed off as this run's.

Starting a crew-list round ends the user's open inspection round, as starting any round does.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from app.model import RECHECK_REASONS, CheckMethod, CheckRecord, CrewCheck, Verdict
from app.services.journal import Journal, app_version

#: A run interrupted longer ago than this is not resumed: its rows are checked again.
MAX_RESUME_AGE = timedelta(hours=12)
_ADDRESS = "mannskapsliste {fingerprint}"


class CrewRounds:
    """`CrewJournalPort` over the journal, as `user` (served mode: the signed-in user; None: the
    journal's own user, the OS user)."""

    def __init__(self, journal: Journal, user: str | None = None) -> None:
        self._journal = journal
        self._user = user or journal.user

    async def open_crew_round(self, name: str, fingerprint: str, *, resume: bool) -> tuple[str, bool]:
        address = _ADDRESS.format(fingerprint=fingerprint)
        if resume:
            current = await self._journal.open_round(user=self._user)
            if current is not None and current.site_name == name:
                recent = datetime.now(UTC) - current.started_at <= MAX_RESUME_AGE
                if current.address != address:
                    raise ValueError("the list has changed since the interrupted run")
                if recent:
                    return str(current.id), True
        started = await self._journal.start_round(name, address, user=self._user)
        return str(started.id), False

    async def crew_checks(self, round_id: str) -> list[CrewCheck]:
        entries = await self._journal.entries(round_id=int(round_id))
        return [_crew_check(e.record) for e in entries if e.record.list_row is not None]

    async def record_crew_check(self, round_id: str, check: CrewCheck) -> None:
        journal = self._journal
        record = CheckRecord(
            checked_at=datetime.now(UTC),
            user=self._user,
            method=CheckMethod.TYPED,
            verdict=check.verdict,
            reason=check.reason,
            card_number=check.card_number,
            card_status=check.status,
            card_category=None,
            valid_to=check.valid_to,
            employer_org_number=check.employer_org,
            employer_name=check.employer_name,
            warning_codes=check.warnings,
            sandbox=journal.sandbox,
            app_version=app_version(),
            round_id=int(round_id),
            pending=check.verdict is Verdict.UNVERIFIED and check.reason in RECHECK_REASONS,
            list_row=check.row,
        )
        # one short transaction, off the event loop; durable when it returns
        await asyncio.to_thread(journal.port.record, record)

    async def finish_crew_round(self, round_id: str) -> None:
        await self._journal.end_round(int(round_id))


def _crew_check(record: CheckRecord) -> CrewCheck:
    return CrewCheck(
        row=int(record.list_row or 0),
        card_number=record.card_number or "",
        verdict=Verdict(record.verdict),
        reason=record.reason,
        status=record.card_status,
        valid_to=record.valid_to,
        employer_org=record.employer_org_number,
        employer_name=record.employer_name,
        warnings=tuple(record.warning_codes),
        checked_at=record.checked_at,
    )
