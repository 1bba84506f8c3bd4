"""The "Sjekk mannskapsliste" screen's state (issue 15): a picked file → progress → a table with the
non-valid rows first → an export in the file's own format.

The file's bytes are read off the UI loop (`asyncio.to_thread`), within `app.crewlist`'s bounds. The
names in the list stay in this session's memory for the table only (never sent, journaled or logged;
kept out of repr). Progress is published at most every `PROGRESS_EVERY` seconds, so that a list of
thousands of rows does not redraw the screen thousands of times.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import PurePath

import flet as ft

from app.crewlist import CrewList, CrewListError, SkippedRow, read_crew_list
from app.i18n import DEFAULT_LANGUAGE, t
from app.model import CrewCheck
from app.services.bulk import CrewRun, RowOutcome, error_text, export, non_valid_first
from app.services.limits import CrewAllowanceExceeded
from app.services.messages import finding_text

PROGRESS_EVERY = 0.25
#: Rows drawn in the table; the rest (all plainly valid, as the table is sorted) are in the export.
MAX_TABLE_ROWS = 300


class BulkPhase(enum.StrEnum):
    IDLE = "idle"
    READING = "reading"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class BulkRow:
    """One line of the table: the check, and the name from the list (shown, never stored)."""

    check: CrewCheck
    name: str | None = field(default=None, repr=False)
    #: the warnings in words (a row taken from the journal has only their codes)
    warnings: tuple[str, ...] = ()


RunList = Callable[..., Awaitable[CrewRun]]


@ft.observable
@dataclass
class BulkState:
    run_list: RunList
    phase: BulkPhase = BulkPhase.IDLE
    file_name: str = ""
    total: int = 0
    done: int = 0
    #: what went wrong (already in words), for FAILED
    error: str | None = None
    rows: list[BulkRow] = field(default_factory=list, repr=False)
    skipped: list[SkippedRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    _run: CrewRun | None = field(default=None, repr=False)
    #: served mode: (rows the user may still check, the limit per day), asked when the screen draws
    allowance: Callable[[], tuple[int, int]] | None = field(default=None, repr=False)
    _task: asyncio.Task | None = field(default=None, repr=False)

    async def open_file(self, name: str, data: bytes | None, lang: str = DEFAULT_LANGUAGE) -> None:
        """Read the picked file and check every row in it; messages in `lang`."""
        if self.phase in (BulkPhase.READING, BulkPhase.RUNNING):
            return
        self._reset()
        self.file_name = _base_name(name)
        self.phase = BulkPhase.READING
        try:
            if data is None:
                raise CrewListError("empty", "no data")
            crew = await asyncio.to_thread(read_crew_list, data)
        except CrewListError as exc:
            self._fail(error_text(exc, lang))
            return
        self.skipped = list(crew.skipped)
        self.total = len(crew.rows)
        self.phase = BulkPhase.RUNNING
        self._task = asyncio.current_task()
        try:
            run = await self._check(crew)
        except asyncio.CancelledError:
            self._fail(t("bulk.cancelled", lang, done=self.done, total=self.total))
            return
        except CrewAllowanceExceeded as exc:  # served mode: nothing was looked up
            self._fail(allowance_text(exc, lang))
            return
        except Exception as exc:  # the services could not start, the journal failed, ...
            self._fail(t("bulk.failed", lang, detail=type(exc).__name__))
            return
        finally:
            self._task = None
        self._show(run, crew, lang)

    async def _check(self, crew: CrewList) -> CrewRun:
        published = time.monotonic()
        done = 0

        def on_outcome(_outcome: RowOutcome) -> None:
            nonlocal done, published
            done += 1
            now = time.monotonic()
            if now - published >= PROGRESS_EVERY or done == self.total:
                self.done, published = done, now

        return await self.run_list(crew, round_name=self.file_name, on_outcome=on_outcome)

    def _show(self, run: CrewRun, crew: CrewList, lang: str) -> None:
        names = {r.row: r.name for r in crew.rows}
        self._run = run
        self.done = len(run.outcomes)
        self.counts = run.counts()
        self.rows = [
            BulkRow(o.check, names.get(o.row), _warning_texts(o, lang)) for o in non_valid_first(run.outcomes)
        ]
        self.phase = BulkPhase.DONE

    def allowance_note(self, lang: str = DEFAULT_LANGUAGE) -> str | None:
        """Served mode: what the user may still check today, or that crew lists are off; else None."""
        if self.allowance is None:
            return None
        left, limit = self.allowance()
        return t("bulk.served_off", lang) if limit <= 0 else t("bulk.allowance", lang, left=left, limit=limit)

    @property
    def lists_off(self) -> bool:
        """Served mode with crew lists turned off (`crew_rows_per_day` 0): nothing to pick."""
        return self.allowance is not None and self.allowance()[1] <= 0

    def cancel(self) -> None:
        """Stop a running check (rows already checked stay journaled)."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def reset(self) -> None:
        """Back to "pick a file"; forgets the list (and its names)."""
        self.cancel()
        self._reset()

    def _reset(self) -> None:
        self.phase = BulkPhase.IDLE
        self.file_name, self.total, self.done, self.error = "", 0, 0, None
        self.rows, self.skipped, self.counts, self._run = [], [], {}, None

    def _fail(self, text: str) -> None:
        self.error = text
        self.phase = BulkPhase.FAILED

    def export_file(self, lang: str = DEFAULT_LANGUAGE) -> tuple[str, bytes] | None:
        """(file name, bytes) of the list with the result columns, in the input's format."""
        if self._run is None:
            return None
        stem = PurePath(self.file_name).stem or "mannskapsliste"
        suffix = "xlsx" if self._run.crew.kind == "xlsx" else "csv"
        return f"{stem}-{t('bulk.export_suffix', lang)}.{suffix}", export(self._run, lang)

    @property
    def shown_rows(self) -> list[BulkRow]:
        return self.rows[:MAX_TABLE_ROWS]

    @property
    def hidden_rows(self) -> int:
        return max(0, len(self.rows) - MAX_TABLE_ROWS)


def allowance_text(exc: CrewAllowanceExceeded, lang: str) -> str:
    """Why a served user's crew list did not run, in words with its numbers."""
    if exc.limit <= 0:
        return t("bulk.served_off", lang)
    return t("bulk.over_allowance", lang, rows=exc.rows, left=exc.left, limit=exc.limit)


def _warning_texts(outcome: RowOutcome, lang: str) -> tuple[str, ...]:
    if outcome.result is None:
        return ()
    return tuple(finding_text(f, lang) for f in outcome.result.warnings)


def _base_name(name: str) -> str:
    # A browser may hand over a path ("C:\\fakepath\\liste.csv"); only the file's own name is kept.
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    safe = "".join(c if c.isprintable() else "?" for c in base)
    return safe[:120] or "mannskapsliste"
