"""Checking a whole crew list (issue 15): every row through the same `verify` as a single check.

    rows ──► queue ──► N workers (default 8) ──► verify(card number, listed org) ──► journal ──► caller

- One HTTP client (the services' own) for all workers; at most `concurrency` checks at a time.
- Each employer is asked once per run: the cross-checks go through `OncePerRun`, which shares one
  answer (and one request in flight) per employer and card category between all rows. That holds for
  an answer saying a register could not be asked, too (a note that never changes a verdict): a list
  of 2,000 rows must not wait 2,000 times on a register that is down.
- `429`: the status client already waits as Retry-After says, a bounded number of times. A row that
  still ends RATE_LIMITED is put back in the queue and *every* worker pauses (the whole run backs
  off, 1 s, 2 s, 4 s ... up to 30 s), so that the run slows down instead of losing rows; after
  `max_rate_limit_retries` the row stays `unverified` (never guessed).
- Resumable: each row is journaled before it is reported; a resumed run skips the rows its round
  already holds. A row is journaled once: the workers take distinct rows, and requeued rows were not
  journaled.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from app.crewlist import CrewList, CrewListError, ResultCells, SkippedRow, write_back
from app.i18n import t
from app.model import (
    CardNumberRef,
    CheckResult,
    CrewCheck,
    Finding,
    ReasonCode,
    StatusReason,
    Verdict,
)
from app.ports import CrewJournalPort, EmployerCheckPort, StatusPort
from app.services.messages import status_reason_text
from app.services.verify import verify

DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 16
MAX_RATE_LIMIT_RETRIES = 6
MAX_BACKOFF = 30.0


class OncePerRun:
    """`EmployerCheckPort` that asks its inner port once per (employer, category) and once per pair
    for `related`, for all the rows of one run; concurrent rows share the request in flight."""

    def __init__(self, inner: EmployerCheckPort) -> None:
        self._inner = inner
        self._findings: dict[tuple[str, str], asyncio.Future] = {}
        self._related: dict[tuple[str, str], asyncio.Future] = {}
        #: how many times the inner port was asked (for the tests and the bench)
        self.asked = 0

    async def findings(self, org_number: str, category: str) -> tuple[Finding, ...]:
        key = (org_number, str(category))
        return await self._shared(self._findings, key, lambda: self._inner.findings(org_number, category))

    async def related(self, org_a: str, org_b: str) -> bool | None:
        key = (min(org_a, org_b), max(org_a, org_b))
        return await self._shared(self._related, key, lambda: self._inner.related(org_a, org_b))

    async def _shared(self, store: dict, key, ask: Callable[[], Awaitable]):
        future = store.get(key)
        if future is None:
            self.asked += 1
            future = asyncio.ensure_future(ask())
            store[key] = future
        try:
            # shield: one row cancelled must not cancel the request other rows wait for
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            raise
        except Exception:
            self._forget(store, key)
            raise

    @staticmethod
    def _forget(store: dict, key) -> None:
        future = store.get(key)
        if future is not None and future.done():
            del store[key]


@dataclass(frozen=True, slots=True)
class RowOutcome:
    """One row's result. `result` is None for a row taken from the journal of an earlier run."""

    check: CrewCheck
    result: CheckResult | None = None

    @property
    def row(self) -> int:
        return self.check.row


@dataclass
class RunStats:
    checked: int = 0
    resumed: int = 0
    rate_limit_pauses: int = 0
    by_verdict: dict[str, int] = field(default_factory=dict)


OnOutcome = Callable[[RowOutcome], Awaitable[None] | None]


@dataclass(frozen=True, slots=True)
class RowToCheck:
    row: int
    card_number: str
    org_number: str | None = None


class BulkRunner:
    """Checks rows with bounded concurrency through `verify`, journaling each as it arrives."""

    def __init__(
        self,
        *,
        status: StatusPort,
        employers: EmployerCheckPort | None,
        today: date,
        concurrency: int = DEFAULT_CONCURRENCY,
        journal: CrewJournalPort | None = None,
        max_rate_limit_retries: int = MAX_RATE_LIMIT_RETRIES,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not 1 <= concurrency <= MAX_CONCURRENCY:
            raise ValueError(f"concurrency must be 1 to {MAX_CONCURRENCY}, got {concurrency}")
        self._status = status
        self.employers = OncePerRun(employers) if employers is not None else None
        self._today = today
        self.concurrency = concurrency
        self._journal = journal
        self._max_retries = max_rate_limit_retries
        self._sleep = sleep
        self._clock = clock
        self._resume_at = 0.0
        self.stats = RunStats()

    async def run(
        self,
        rows: Sequence[RowToCheck],
        *,
        on_outcome: OnOutcome | None = None,
        round_id: str | None = None,
        done: Iterable[CrewCheck] = (),
        journal: CrewJournalPort | None = None,
    ) -> list[RowOutcome]:
        """Check every row not in `done` (journaled by an earlier, interrupted run); report `done`
        rows first, then each new row as it arrives. Returns every row's outcome, in row order."""
        journal = journal or self._journal
        outcomes: dict[int, RowOutcome] = {}
        wanted = {r.row for r in rows}
        for check in done:
            if check.row in wanted and check.row not in outcomes:
                outcomes[check.row] = RowOutcome(check)
                self.stats.resumed += 1
                await _call(on_outcome, outcomes[check.row])
        queue: asyncio.Queue[tuple[RowToCheck, int]] = asyncio.Queue()
        for row in rows:
            if row.row not in outcomes:
                queue.put_nowait((row, 0))

        async def worker() -> None:
            while True:
                try:
                    row, attempt = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                await self._wait_for_gate()
                result = await self.check_one(row)
                if self._rate_limited(result) and attempt < self._max_retries:
                    self._back_off(attempt)
                    queue.put_nowait((row, attempt + 1))
                    continue
                check = CrewCheck.of(row.row, row.card_number, result, listed_org=row.org_number)
                if journal is not None and round_id is not None:
                    await journal.record_crew_check(round_id, check)
                outcome = RowOutcome(check, result)
                outcomes[row.row] = outcome
                self.stats.checked += 1
                key = check.verdict.value
                self.stats.by_verdict[key] = self.stats.by_verdict.get(key, 0) + 1
                await _call(on_outcome, outcome)

        workers = [
            asyncio.ensure_future(worker()) for _ in range(min(self.concurrency, max(1, queue.qsize())))
        ]
        try:
            await asyncio.gather(*workers)
        finally:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        return [outcomes[r] for r in sorted(outcomes)]

    async def check_one(self, row: RowToCheck) -> CheckResult:
        """One row through the same `verify` as a single check, with the list's org number."""
        return await verify(
            CardNumberRef(row.card_number),
            status=self._status,
            today=self._today,
            employers=self.employers,
            listed_org=row.org_number,
        )

    @staticmethod
    def _rate_limited(result: CheckResult) -> bool:
        return result.verdict is Verdict.UNVERIFIED and result.reason == ReasonCode.RATE_LIMITED

    def _back_off(self, attempt: int) -> None:
        delay = min(MAX_BACKOFF, 2.0**attempt)
        self._resume_at = max(self._resume_at, self._clock() + delay)
        self.stats.rate_limit_pauses += 1

    async def _wait_for_gate(self) -> None:
        while (wait := self._resume_at - self._clock()) > 0:
            await self._sleep(wait)


async def _call(callback: OnOutcome | None, outcome: RowOutcome) -> None:
    if callback is None:
        return
    maybe = callback(outcome)
    if inspect.isawaitable(maybe):
        await maybe


#: Order of the app's table and the CLI's listing: what needs action first.
VERDICT_ORDER = {
    Verdict.INVALID: 0,
    Verdict.UNVERIFIED: 1,
    Verdict.VALID_WITH_WARNINGS: 2,
    Verdict.VALID: 3,
}


def non_valid_first(outcomes: Iterable[RowOutcome]) -> list[RowOutcome]:
    """Invalid, then unverified, then valid with warnings, then valid; by row within each."""
    return sorted(outcomes, key=lambda o: (VERDICT_ORDER.get(o.check.verdict, 1), o.row))


# --- a whole list: journal round, run, results written back ---------------------------------------


class ListChanged(Exception):
    """`--resume` found an interrupted run of a list with that name, but the list is not the same."""


@dataclass
class CrewRun:
    """The outcome of checking a list: every checked row (fresh and resumed) and what was skipped."""

    crew: CrewList
    outcomes: list[RowOutcome]
    round_id: str | None = None
    resumed_from_journal: int = 0
    resumed: bool = False

    def counts(self) -> dict[str, int]:
        counts = {v.value: 0 for v in Verdict}
        for o in self.outcomes:
            counts[o.check.verdict.value] += 1
        counts["skipped"] = len(self.crew.skipped)
        counts["rows"] = len(self.outcomes) + len(self.crew.skipped)
        return counts

    @property
    def any_unverified(self) -> bool:
        return any(o.check.verdict is Verdict.UNVERIFIED for o in self.outcomes)


def rows_of(crew: CrewList) -> list[RowToCheck]:
    """What the runner needs of each row: no names."""
    return [RowToCheck(r.row, r.card_number, r.org_number) for r in crew.rows]


async def check_crew_list(
    crew: CrewList,
    runner: BulkRunner,
    *,
    journal: CrewJournalPort | None,
    round_name: str,
    resume: bool = False,
    on_outcome: OnOutcome | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> CrewRun:
    """Check the list, journaling each row in a round named `round_name`. `resume`: continue the
    newest unfinished round of that name (its rows are not checked again). `on_start(total,
    already_done)` is called once the journal said what is left."""
    round_id: str | None = None
    done: list[CrewCheck] = []
    resumed = False
    if journal is not None:
        try:
            round_id, resumed = await journal.open_crew_round(round_name, crew.fingerprint(), resume=resume)
        except ValueError as exc:
            raise ListChanged(str(exc)) from exc
        if resumed:
            done = await journal.crew_checks(round_id)
    if on_start is not None:
        on_start(len(crew.rows), len({c.row for c in done}))
    outcomes = await runner.run(
        rows_of(crew), on_outcome=on_outcome, round_id=round_id, done=done, journal=journal
    )
    if journal is not None and round_id is not None:
        await journal.finish_crew_round(round_id)
    return CrewRun(crew, outcomes, round_id, runner.stats.resumed, resumed)


def result_cells(check: CrewCheck, lang: str) -> ResultCells:
    """The six columns added to a checked row, in `lang`."""
    reason = ""
    if check.reason:
        status_reason = check.status is not None and check.reason in _STATUS_REASONS
        reason = (
            status_reason_text(str(check.status), str(check.reason), lang)
            if status_reason
            else t(f"reason.{check.reason}", lang)
        )
    employer = ""
    if check.employer_org:
        employer = (
            f"{check.employer_name} ({check.employer_org})" if check.employer_name else check.employer_org
        )
    return ResultCells(
        verdict=t(f"verdict.{check.verdict.value}", lang),
        reason=reason,
        status=t(f"status.{check.status}", lang) if check.status else "",
        valid_to=check.valid_to,
        employer=employer,
        warnings=", ".join(check.warnings),
    )


def skipped_cells(skipped: SkippedRow, lang: str) -> ResultCells:
    return ResultCells(verdict=t("bulk.verdict.skipped", lang), reason=t(f"bulk.skip.{skipped.reason}", lang))


def result_headers(lang: str) -> list[str]:
    keys = ("verdict", "reason", "status", "valid_to", "employer", "warnings")
    return [t(f"bulk.col.{k}", lang) for k in keys]


def export(run: CrewRun, lang: str) -> bytes:
    """The list with the result columns added, in the input's own format."""
    cells = {o.row: result_cells(o.check, lang) for o in run.outcomes}
    cells.update({s.row: skipped_cells(s, lang) for s in run.crew.skipped})
    return write_back(run.crew, result_headers(lang), cells)


def summary_text(run: CrewRun, lang: str) -> str:
    c = run.counts()
    return t(
        "bulk.summary",
        lang,
        rows=c["rows"],
        valid=c["valid"],
        warnings=c["valid_with_warnings"],
        invalid=c["invalid"],
        unverified=c["unverified"],
        skipped=c["skipped"],
    )


def skipped_text(skipped: SkippedRow, lang: str) -> str:
    return t(
        "bulk.skipped",
        lang,
        row=skipped.row,
        reason=t(f"bulk.skip.{skipped.reason}", lang),
        text=skipped.shown,
    )


def error_text(exc: CrewListError, lang: str) -> str:
    return t(f"bulk.error.{exc.code}", lang, **exc.params)


_STATUS_REASONS = frozenset(r.value for r in StatusReason)
