"""Round reports from the journal: CSV for Norwegian Excel and PDF for the inspection file.

Both say the same: the site and address, the time span, the inspector, counts per verdict and per
employer, then the checks, non-valid first. Times are shown in Norwegian time (Europe/Oslo). The
report holds only what the journal holds: no holder names, birth dates, photos, QR tokens or chip UIDs.

CSV: UTF-8 with a byte-order mark and `;` between fields (what Excel with Norwegian settings opens
correctly), CRLF line ends, and any cell that a spreadsheet would run as a formula (=, +, -, @) is
prefixed with an apostrophe: an employer name comes from outside and must not become a formula.
PDF: fpdf2 with the DejaVu fonts in assets/fonts, so æøå and Polish letters print.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.i18n import t
from app.model import VERDICT_ORDER, JournalEntry, Round, Verdict
from app.services.pdf import new_pdf

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _oslo(moment: datetime) -> datetime:
    try:
        return moment.astimezone(ZoneInfo("Europe/Oslo"))
    except ZoneInfoNotFoundError:  # no tz database: UTC, and the text says so
        return moment.astimezone(UTC)


def show_time(moment: datetime | None) -> str:
    """dd.mm.yyyy HH:MM in Norwegian time ('' for None)."""
    if moment is None:
        return ""
    local = _oslo(moment)
    return local.strftime("%d.%m.%Y %H:%M") + ("" if local.tzinfo != UTC else " UTC")


def clean(text: str | None) -> str:
    """Outside text without control characters (they could break a CSV row or a PDF line)."""
    if not text:
        return ""
    return "".join(" " if unicodedata.category(c).startswith("C") else c for c in text).strip()


@dataclass(frozen=True, slots=True)
class RoundReport:
    """What a report says: the round (None: every check in the journal) and its checks, ordered."""

    round: Round | None
    entries: tuple[JournalEntry, ...]

    @property
    def inspector(self) -> str:
        if self.round is not None:
            return self.round.user
        return ", ".join(sorted({e.record.user for e in self.entries}))

    @property
    def span(self) -> tuple[datetime | None, datetime | None]:
        times = [e.record.checked_at for e in self.entries]
        start = self.round.started_at if self.round else (min(times) if times else None)
        end = (self.round.ended_at if self.round else None) or (max(times) if times else None)
        return start, end

    @property
    def by_verdict(self) -> list[tuple[Verdict, int]]:
        counts = Counter(e.record.verdict for e in self.entries)
        return sorted(counts.items(), key=lambda kv: VERDICT_ORDER[kv[0]])

    @property
    def by_employer(self) -> list[tuple[str, int]]:
        counts = Counter(_employer(e) for e in self.entries)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def make_report(round_: Round | None, entries: Sequence[JournalEntry]) -> RoundReport:
    """A report with the checks non-valid first, then newest first."""
    ordered = sorted(
        entries, key=lambda e: (VERDICT_ORDER[e.record.verdict], -e.record.checked_at.timestamp(), -e.id)
    )
    return RoundReport(round_, tuple(ordered))


def _employer(entry: JournalEntry) -> str:
    r = entry.record
    name, org = clean(r.employer_name), clean(r.employer_org_number)
    return f"{name} ({org})" if name and org else (name or org or "–")


def _reason(entry: JournalEntry, lang: str) -> str:
    reason = entry.record.reason
    return t(f"reason.{reason}", lang) if reason else ""


def _verdict(entry: JournalEntry, lang: str) -> str:
    text = t(f"verdict.{entry.record.verdict.value}", lang)
    if entry.record.pending and entry.rechecked_by is None:
        text += " – " + t("journal.pending", lang)
    return text


def _title(report: RoundReport, lang: str) -> str:
    if report.round is None:
        return t("journal.report.all", lang)
    return clean(report.round.site_name)


def _summary_rows(report: RoundReport, lang: str) -> list[tuple[str, str]]:
    start, end = report.span
    rows = [(t("journal.report.site", lang), _title(report, lang))]
    if report.round is not None:
        rows.append((t("journal.report.address", lang), clean(report.round.address) or "–"))
        if report.round.position:
            rows.append((t("journal.report.position", lang), clean(report.round.position)))
    rows += [
        (t("journal.report.span", lang), f"{show_time(start)} – {show_time(end)}" if start else "–"),
        (t("journal.report.inspector", lang), clean(report.inspector) or "–"),
        (t("journal.report.total", lang), str(len(report.entries))),
    ]
    rows += [(t(f"verdict.{v.value}", lang), str(n)) for v, n in report.by_verdict]
    return rows


def _columns(lang: str) -> list[str]:
    return [
        t(key, lang)
        for key in (
            "journal.col.time",
            "journal.col.verdict",
            "journal.col.reason",
            "journal.col.card",
            "journal.col.status",
            "journal.col.category",
            "journal.col.valid_to",
            "journal.col.org",
            "journal.col.employer",
            "journal.col.warnings",
            "journal.col.method",
            "journal.col.user",
            "journal.col.data",
        )
    ]


def _cells(entry: JournalEntry, lang: str) -> list[str]:
    r = entry.record
    return [
        show_time(r.checked_at),
        _verdict(entry, lang),
        _reason(entry, lang),
        r.card_number or "",
        t(f"status.{r.card_status}", lang) if r.card_status else "",
        t(f"category.{r.card_category}", lang) if r.card_category else "",
        r.valid_to.strftime("%d.%m.%Y") if r.valid_to else "",
        clean(r.employer_org_number),
        clean(r.employer_name),
        " ".join(r.warning_codes),
        t(f"journal.method.{r.method.value}", lang),
        clean(r.user),
        t("journal.data.sandbox" if r.sandbox else "journal.data.real", lang),
    ]


def _safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def report_csv(report: RoundReport, lang: str = "nb") -> bytes:
    """The report as CSV bytes (UTF-8 with BOM, `;`, CRLF)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for label, value in _summary_rows(report, lang):
        writer.writerow([_safe_cell(label), _safe_cell(value)])
    for employer, n in report.by_employer:
        writer.writerow([_safe_cell(t("journal.report.employer", lang)), _safe_cell(employer), str(n)])
    writer.writerow([])
    writer.writerow(_columns(lang))
    for entry in report.entries:
        writer.writerow([_safe_cell(c) for c in _cells(entry, lang)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_pdf(report: RoundReport, lang: str = "nb") -> bytes:
    """The report as PDF bytes (A4)."""
    pdf = new_pdf(t("journal.report.title", lang), heading_size=16, heading_height=8)
    if any(e.record.sandbox for e in report.entries):
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, t("journal.report.sandbox_note", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    for label, value in _summary_rows(report, lang):
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(45, 6, label)
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    if report.by_employer:
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, t("journal.report.per_employer", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 10)
        for employer, n in report.by_employer:
            pdf.multi_cell(0, 5.5, f"{employer}: {n}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, t("journal.report.checks", lang), new_x="LMARGIN", new_y="NEXT")
    for n, entry in enumerate(report.entries, 1):
        r = entry.record
        pdf.set_font("DejaVu", "B", 10)
        head = f"{n}. {r.card_number or '–'} · {_verdict(entry, lang)}"
        reason = _reason(entry, lang)
        pdf.multi_cell(0, 5.5, head + (f": {reason}" if reason else ""), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        parts = [show_time(r.checked_at), t(f"journal.method.{r.method.value}", lang), _employer(entry)]
        if r.card_status:
            parts.append(t(f"status.{r.card_status}", lang))
        if r.valid_to:
            parts.append(t("journal.report.valid_to", lang, date=r.valid_to.strftime("%d.%m.%Y")))
        if r.warning_codes:
            parts.append(" ".join(r.warning_codes))
        pdf.multi_cell(0, 5, " · ".join(parts), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
    pdf.set_font("DejaVu", "", 8)
    made = show_time(datetime.now(UTC))
    pdf.multi_cell(0, 5, t("journal.report.footer", lang, made=made), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def file_name(report: RoundReport, extension: str) -> str:
    """A file name like hmskort-runde-12-2026-11-29.pdf (ASCII, no personal data)."""
    start, _ = report.span
    day = _oslo(start).strftime("%Y-%m-%d") if start else "tom"
    which = f"runde-{report.round.id}" if report.round else "journal"
    return f"hmskort-{which}-{day}.{extension}"
