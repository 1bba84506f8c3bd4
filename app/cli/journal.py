"""`hmskort journal list|export|purge|recheck`: the inspection journal from the command line.

    hmskort journal list [--json] [--round ID]        rounds with counts, and the checks
    hmskort journal export --format csv|pdf [--round ID] -o FILE
    hmskort journal purge                             delete entries past journal_retention_days now
    hmskort journal recheck [--json]                  re-check entries pending since a network failure

The journal is the one the settings name (HMSKORT_DATABASE_URL, else SQLite in HMSKORT_DATA_DIR).
Exit status: 0 done, 1 the journal cannot be used (or a re-check found the API still unreachable),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from app.cli import exits
from app.cli.runner import run_command
from app.i18n import LANGUAGES


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("journal", help="the inspection journal: list, export, purge, recheck")
    sub = parser.add_subparsers(dest="journal_command", required=True, metavar="ACTION")

    p = sub.add_parser("list", help="list rounds (with counts) and checks")
    p.add_argument("--json", action="store_true", help="one JSON object: rounds and checks")
    p.add_argument("--round", type=int, metavar="ID", help="only this round's checks")
    p.set_defaults(func=run_list)

    p = sub.add_parser("export", help="write a round's report as CSV or PDF")
    p.add_argument("--format", choices=("csv", "pdf"), required=True)
    p.add_argument("--round", type=int, metavar="ID", help="the round (default: every check)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="file to write")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the report (default: settings)")
    p.set_defaults(func=run_export)

    p = sub.add_parser("purge", help="delete entries older than journal_retention_days now")
    p.set_defaults(func=run_purge)

    p = sub.add_parser("recheck", help="re-check entries left pending by a network failure")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_recheck)


def _open(purge: bool = True):
    from app.bootstrap import build_journal
    from app.settings import Settings

    settings = Settings.load()
    return settings, build_journal(settings, sandbox=settings.sandbox_mode, purge=purge)


def _fail(exc: Exception) -> int:
    print(f"hmskort: {exc}", file=sys.stderr)
    return exits.FAILED


def entry_json(entry) -> dict[str, Any]:
    """A journal entry as JSON (only what the journal holds: no personal data)."""
    r = entry.record
    return {
        "id": entry.id,
        "checkedAt": r.checked_at.isoformat(),
        "user": r.user,
        "round": r.round_id,
        "method": r.method.value,
        "cardNumber": r.card_number,
        "verdict": r.verdict.value,
        "reason": r.reason,
        "cardStatus": r.card_status,
        "category": r.card_category,
        "validTo": r.valid_to.isoformat() if r.valid_to else None,
        "employer": {"orgNumber": r.employer_org_number, "name": r.employer_name},
        "warnings": list(r.warning_codes),
        "sandbox": r.sandbox,
        "appVersion": r.app_version,
        "pending": r.pending and entry.rechecked_by is None,
        "recheckOf": r.recheck_of,
        "recheckedBy": entry.rechecked_by,
    }


def round_json(summary) -> dict[str, Any]:
    r = summary.round
    return {
        "id": r.id,
        "site": r.site_name,
        "address": r.address,
        "position": r.position,
        "user": r.user,
        "startedAt": r.started_at.isoformat(),
        "endedAt": r.ended_at.isoformat() if r.ended_at else None,
        "total": summary.total,
        "byVerdict": dict(summary.by_verdict),
        "byEmployer": dict(summary.by_employer),
    }


def run_list(args: argparse.Namespace) -> int:
    from app.errors import JournalError, SettingsError
    from app.services.journal_report import clean, show_time

    try:
        _settings, journal = _open()
        try:
            rounds = journal.port.rounds()
            entries = journal.port.entries(round_id=args.round)
        finally:
            journal.close()
    except (JournalError, SettingsError) as exc:
        return _fail(exc)
    if args.json:
        print(
            json.dumps(
                {"rounds": [round_json(s) for s in rounds], "checks": [entry_json(e) for e in entries]},
                ensure_ascii=False,
            )
        )
        return exits.OK
    for s in rounds:
        r = s.round
        counts = ", ".join(f"{v} {n}" for v, n in s.by_verdict) or "0"
        span = f"{show_time(r.started_at)} – {show_time(r.ended_at)}"
        print(f"round {r.id}  {clean(r.site_name)}  {span}  {counts}")
    for e in entries:
        rec = e.record
        pending = "  (pending)" if rec.pending and e.rechecked_by is None else ""
        print(
            f"#{e.id}  {show_time(rec.checked_at)}  {rec.card_number or '-'}  {rec.verdict.value}"
            f"{' ' + rec.reason if rec.reason else ''}  {clean(rec.employer_name)}{pending}"
        )
    return exits.OK


def run_export(args: argparse.Namespace) -> int:
    from app.errors import JournalError, SettingsError
    from app.services.journal_report import make_report, report_csv, report_pdf

    try:
        settings, journal = _open()
        try:
            round_ = None
            if args.round is not None:
                round_ = journal.port.get_round(args.round)
                if round_ is None:
                    print(f"hmskort: there is no round {args.round} in the journal", file=sys.stderr)
                    return exits.USAGE
            entries = journal.port.entries(round_id=args.round, limit=1_000_000)
        finally:
            journal.close()
    except (JournalError, SettingsError) as exc:
        return _fail(exc)
    lang = args.lang or settings.language
    report = make_report(round_, entries)
    data = report_csv(report, lang) if args.format == "csv" else report_pdf(report, lang)
    try:
        _write(args.output, data)
    except OSError as exc:
        print(f"hmskort: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return exits.FAILED
    print(f"hmskort: {len(entries)} checks written to {args.output}", file=sys.stderr)
    return exits.OK


def _write(path: Path, data: bytes) -> None:
    # Whole or nothing: a report cut short by a full disk must not look complete.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def run_purge(args: argparse.Namespace) -> int:
    from app.errors import JournalError, SettingsError

    try:
        settings, journal = _open(purge=False)
        try:
            deleted = journal.purge_sync()
        finally:
            journal.close()
    except (JournalError, SettingsError) as exc:
        return _fail(exc)
    print(
        f"hmskort: {deleted} checks older than {settings.journal_retention_days} days deleted",
        file=sys.stderr,
    )
    return exits.OK


def run_recheck(args: argparse.Namespace) -> int:
    return run_command(_recheck(args))


async def _recheck(args: argparse.Namespace) -> int:
    from app.cli.check import SetupFailed, cli_services
    from app.errors import JournalError
    from app.services.recheck import recheck_pending

    try:
        async with cli_services(journal=True) as (_settings, services):
            if services.journal is None:
                return exits.FAILED  # cli_services said why
            outcome = await recheck_pending(services.journal, services.check)
    except SetupFailed as exc:
        print(f"hmskort: {exc}", file=sys.stderr)
        return exits.USAGE
    except JournalError as exc:
        return _fail(exc)
    if args.json:
        print(
            json.dumps(
                {
                    "rechecked": [
                        {"pending": entry_json(old), "recheck": entry_json(new)}
                        for old, new in outcome.rechecked
                    ],
                    "stillPending": outcome.still_pending,
                    "needCard": outcome.need_card,
                    "unreachable": outcome.unreachable,
                },
                ensure_ascii=False,
            )
        )
    else:
        for old, new in outcome.rechecked:
            change = f"{old.record.verdict.value} -> {new.record.verdict.value}"
            reason = f" {new.record.reason}" if new.record.reason else ""
            print(f"#{old.id} {old.record.card_number}: {change}{reason} (#{new.id})")
        if outcome.unreachable:
            print("hmskort: the status API still does not answer; try again later", file=sys.stderr)
        if outcome.need_card:
            print(f"hmskort: {outcome.need_card} QR/chip checks need the card scanned again", file=sys.stderr)
    return exits.FAILED if outcome.unreachable else exits.OK
