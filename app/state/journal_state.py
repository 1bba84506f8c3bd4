"""One session's view of the inspection journal: the journal screen, rounds, exports, the note that a
shown check was recorded, and the "re-checked" list. Reads go through `app.services.journal.Journal`
(in a worker thread); nothing here imports Flet controls.

In served mode every list is the session's user's only (`user`); an admin (`identity`) may switch
to everyone's (`set_everyone`), by the rule in `app.services.journal.readable_user`. The embedded
app has one user.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import flet as ft

from app.errors import JournalError
from app.model import CheckResult, JournalEntry, Round, RoundSummary
from app.ports import Identity
from app.services.journal import Journal, readable_user
from app.services.journal_report import file_name, make_report, report_csv, report_pdf
from app.services.recheck import RecheckOutcome

log = logging.getLogger(__name__)


@ft.observable
@dataclass
class JournalState:
    #: the journal, once the root has opened it (None: not yet, or it cannot be opened: see `error`)
    journal: Journal | None = field(default=None, repr=False)
    #: the session's user (served mode: the signed-in user; None: the journal's default, the OS user)
    user: str | None = None
    #: the signed-in user (served mode): an admin may see everyone's journal; None in local mode
    identity: Identity | None = field(default=None, repr=False)
    #: the screen shows everyone's rounds and checks (admins only; see `set_everyone`)
    everyone: bool = False
    #: everyone's newest checks, with their users (only while `everyone`)
    everyone_entries: list[JournalEntry] = field(default_factory=list)
    lang: str = "nb"
    #: the journal screen is showing
    open: bool = False
    error: str | None = None
    current: Round | None = None
    rounds: list[RoundSummary] = field(default_factory=list)
    selected: int | None = None
    selected_entries: list[JournalEntry] = field(default_factory=list)
    rechecked: list[tuple[JournalEntry, JournalEntry]] = field(default_factory=list)
    pending: int = 0
    site_text: str = ""
    address_text: str = ""
    form_error: str | None = None  # an i18n key
    export_note: str | None = None
    #: the result the last recording belongs to (by identity) and its entry: the screen says
    #: "recorded" only for the result it shows, and only once the entry is durable
    recorded_for: int | None = field(default=None, repr=False)
    recorded: JournalEntry | None = None
    record_error: str | None = None
    #: whether a re-check has come in since the journal screen was last opened
    fresh_rechecks: int = 0

    # --- set up by the root ----------------------------------------------------------------------

    async def attach(self, journal: Journal | None, error: str | None = None) -> None:
        """The root opened the journal (or could not: `error` says why)."""
        self.journal = journal
        self.error = error
        if journal is not None:
            await self.refresh()

    def note_recorded(
        self, result: CheckResult, entry: JournalEntry | None, error: str | None = None
    ) -> None:
        """A check the session made was recorded (durably) — or could not be (`error`). A new check
        (a card on the reader, say) always shows its result: the journal screen steps aside."""
        self.open = False
        self.recorded_for = id(result)
        self.recorded = entry
        self.record_error = error
        if entry is not None and entry.record.round_id is not None:
            self.selected = self.selected or entry.record.round_id

    def recorded_note(self, result: CheckResult | None) -> tuple[str, dict] | None:
        """(i18n key, params) saying whether the shown `result` is recorded, or None."""
        if result is None or id(result) != self.recorded_for:
            return None
        if self.record_error is not None:
            return "journal.not_recorded", {"error": self.record_error}
        entry = self.recorded
        if entry is None:
            return None
        key = "journal.recorded_pending" if entry.record.pending else "journal.recorded"
        return key, {"id": entry.id}

    @property
    def may_see_everyone(self) -> bool:
        """Whether this session's user may switch to everyone's journal (served mode's admins)."""
        return self.identity is not None and self.identity.sees_everyones_journal

    def _scope(self, journal: Journal) -> str | None:
        """Whose journal this session reads now: its user's, or everyone's (None)."""
        return readable_user(self.identity, self.user or journal.user, everyone=self.everyone)

    async def set_everyone(self, on: bool) -> None:
        """Switch between this user's journal and everyone's; only an admin's switch turns it on."""
        self.everyone = bool(on) and self.may_see_everyone
        self.selected = None
        self.export_note = None
        await self.refresh()

    async def on_rechecked(self, outcome: RecheckOutcome) -> None:
        """The root's re-checker re-checked pending entries: show this user's in the list."""
        scope = self._scope(self.journal) if self.journal is not None else self.user
        mine = [p for p in outcome.rechecked if scope is None or p[0].record.user == scope]
        if mine:
            self.fresh_rechecks += len(mine)
            await self.refresh()

    # --- the journal screen -------------------------------------------------------------------------

    async def show(self) -> None:
        self.open = True
        self.export_note = None
        self.fresh_rechecks = 0
        await self.refresh()

    def hide(self) -> None:
        self.open = False

    async def refresh(self) -> None:
        journal = self.journal
        if journal is None:
            return
        scope = self._scope(journal)
        try:
            self.current = await journal.open_round(user=self.user)
            self.rounds = list(await journal.rounds(user=scope))
            self.rechecked = list(await journal.rechecked(user=scope))
            self.pending = len(
                [e for e in await journal.pending() if scope is None or e.record.user == scope]
            )
            if self.selected is None and self.rounds:
                self.selected = self.rounds[0].round.id
            self.selected_entries = (
                list(await journal.entries(round_id=self.selected, user=scope))
                if self.selected is not None
                else []
            )
            self.everyone_entries = list(await journal.checks_of(None)) if scope is None else []
            self.error = None
        except JournalError as exc:
            self.error = str(exc)

    async def select(self, round_id: int) -> None:
        self.selected = round_id
        self.export_note = None
        await self.refresh()

    def set_site(self, text: str) -> None:
        self.site_text = text
        self.form_error = None

    def set_address(self, text: str) -> None:
        self.address_text = text

    async def start_round(self) -> None:
        journal = self.journal
        if journal is None:
            return
        if not self.site_text.strip():
            self.form_error = "journal.round.site_missing"
            return
        try:
            started = await journal.start_round(self.site_text, self.address_text, user=self.user)
        except JournalError as exc:
            self.error = str(exc)
            return
        self.site_text = self.address_text = ""
        self.form_error = None
        self.selected = started.id
        await self.refresh()

    async def end_round(self) -> None:
        journal, current = self.journal, self.current
        if journal is None or current is None:
            return
        try:
            await journal.end_round(current.id)
        except JournalError as exc:
            self.error = str(exc)
            return
        self.selected = current.id
        await self.refresh()

    async def export(self, fmt: str, lang: str | None = None) -> tuple[str, bytes] | None:
        """The selected round's report as (file name, bytes), `fmt` "pdf" or "csv"; None when there is
        no round or the journal cannot be read."""
        import asyncio

        journal = self.journal
        if journal is None or self.selected is None:
            return None
        try:
            round_ = await asyncio.to_thread(journal.port.get_round, self.selected)
            scope = self._scope(journal) if self.user is not None or self.everyone else None
            if round_ is None or (scope is not None and round_.user != scope):
                return None  # another user's round is never exported to this session (admins': see _scope)
            entries = await journal.entries(round_id=round_.id)
        except JournalError as exc:
            self.error = str(exc)
            return None
        report = make_report(round_, entries)
        render: Callable = report_pdf if fmt == "pdf" else report_csv
        data = await asyncio.to_thread(render, report, lang or self.lang)
        return file_name(report, fmt), data

    def export_done(self, note: str | None) -> None:
        self.export_note = note
