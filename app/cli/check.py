"""`hmskort check INPUT [--json]` and `hmskort check --chip HEX`: one card against the status API.

INPUT is a card number, QR text or barcode text (detected by `app.payloads`). Exit status: 0 valid,
10 valid with warnings, 20 invalid, 30 unverified, 2 usage or setup error. `result_to_json` and
`exit_code` are shared with `hmskort nfc` and `hmskort scan`, which add their own keys.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, TextIO

from app.cli import exits
from app.cli.runner import run_command
from app.i18n import LANGUAGES, t
from app.model import (
    BarcodeRef,
    Card,
    CardNumberRef,
    CheckResult,
    ChipRef,
    Finding,
    QrRef,
)
from app.services.messages import display_date, finding_text, status_reason_text, summarise

if TYPE_CHECKING:
    from app.bootstrap import Services
    from app.settings import Settings

_MAX_ECHO = 256


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `check` sub-command."""
    parser = subparsers.add_parser(
        "check",
        help="check one card by card number, QR text, barcode text or chip code",
        description=(
            "Check one HMS-kort against the status API. INPUT is a card number (8 digits), the text of "
            "the card's QR code or of its barcode. Without HMSKORT_API_URL the embedded sandbox is used."
        ),
        epilog="exit status: 0 valid, 10 valid with warnings, 20 invalid, 30 unverified, 2 usage error",
    )
    parser.add_argument("input", nargs="?", metavar="INPUT", help="card number, QR text or barcode text")
    parser.add_argument("--chip", metavar="HEX", help="the chip UID in hex, e.g. 891FEEE6")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the messages (default: settings)")
    add_journal_option(parser)
    parser.set_defaults(func=run, _parser=parser)


def add_journal_option(parser: argparse.ArgumentParser) -> None:
    """`--no-journal`, shared by check, scan and nfc (issue 14)."""
    parser.add_argument(
        "--no-journal",
        action="store_true",
        help="do not record this check in the inspection journal (recorded by default)",
    )


def run(args: argparse.Namespace) -> int:
    """Run `hmskort check`; returns the exit status."""
    parser: argparse.ArgumentParser = args._parser
    if (args.input is None) == (args.chip is None):
        what = "give INPUT or --chip HEX" if args.input is None else "give INPUT or --chip HEX, not both"
        return usage_error(parser, what)
    ref: ChipRef | None = None
    if args.chip is not None:
        from app.errors import InvalidIdentifier
        from app.identifiers import chip_code

        try:
            ref = ChipRef(chip_code(args.chip))
        except InvalidIdentifier as exc:
            return usage_error(parser, f"--chip: {exc}")
    elif not args.input.strip():
        return usage_error(parser, "INPUT is empty")
    return run_command(_check(args, ref))


def usage_error(parser: argparse.ArgumentParser, message: str) -> int:
    """Print usage and `message` to stderr, as argparse does, and return exit status 2."""
    parser.print_usage(sys.stderr)
    print(f"{parser.prog}: error: {message}", file=sys.stderr)
    return exits.USAGE


class SetupFailed(Exception):
    """The settings cannot give working services; the command exits with status 2."""


@asynccontextmanager
async def cli_services(*, journal: bool = False) -> AsyncIterator[tuple[Settings, Services]]:
    """Settings and services for one command (check, scan, nfc), with the sandbox notice on stderr.
    `journal`: open the inspection journal too; when it cannot be opened the check still runs, and
    stderr says it is not recorded."""
    from api_client.http import UnsafeUrlError
    from app.bootstrap import SetupError, build_services
    from app.errors import JournalError
    from app.settings import Settings

    try:
        settings = Settings.load()
        try:
            services = await build_services(settings, with_journal=journal)
        except JournalError as exc:
            print(f"hmskort: {exc}; this check is not recorded in the journal", file=sys.stderr)
            services = await build_services(settings)
    except (SetupError, UnsafeUrlError, ValueError) as exc:
        raise SetupFailed(str(exc)) from exc
    try:
        if services.sandbox_mode:
            embedded = services.sandbox_url is not None
            announce_sandbox(services.sandbox_url or services.settings.api_url, embedded=embedded)
        yield settings, services
    finally:
        await services.aclose()


async def _check(args: argparse.Namespace, ref: ChipRef | None) -> int:
    try:
        async with cli_services(journal=not args.no_journal) as (settings, services):
            if ref is not None:
                result = await services.check(ref)
            else:
                result = await services.check_text(args.input)
            recorded = await record_check(services, result)
    except SetupFailed as exc:
        print(f"hmskort: {exc}", file=sys.stderr)
        return exits.USAGE
    lang = args.lang or getattr(settings, "language", None) or "nb"
    return print_result(
        result, as_json=args.json, lang=lang, text=args.input, sandbox=services.sandbox_mode, extra=recorded
    )


async def record_check(services: Services, result: CheckResult, method: Any = None) -> dict[str, Any]:
    """Record `result` in the journal (when open) before anything is shown, and say so on stderr.
    Returns the `journal` member of the JSON output: {"id": n, "pending": bool}, or None."""
    from app.errors import JournalError

    journal = services.journal
    if journal is None:
        return {"journal": None}
    try:
        entry = await journal.record(result, method=method)
    except JournalError as exc:
        print(f"hmskort: not recorded in the journal: {exc}", file=sys.stderr)
        return {"journal": None}
    note = " (pending: re-checked by `hmskort journal recheck`)" if entry.record.pending else ""
    print(f"hmskort: recorded in the journal as #{entry.id}{note}", file=sys.stderr)
    return {"journal": {"id": entry.id, "pending": entry.record.pending}}


def print_result(
    result: CheckResult,
    *,
    as_json: bool,
    sandbox: bool,
    extra: dict[str, Any] | None = None,
    lang: str = "nb",
    text: str | None = None,
) -> int:
    """Print a result (JSON object with `extra` keys, or text) and return its exit status.

    `sandbox`: whether the embedded sandbox answered; every JSON result says so, so that a script
    can never take test data for a real answer.
    """
    if as_json:
        obj = {**result_to_json(result, lang, text=text), "sandbox": bool(sandbox), **(extra or {})}
        print(json.dumps(obj, ensure_ascii=False))
    else:
        print_human(result, lang)
    return exit_code(result)


def announce_sandbox(url: str | None, stream: TextIO | None = None, *, embedded: bool = True) -> None:
    """Say on stderr that the answers come from a sandbox (test data): the embedded one, or the API
    the settings mark as a sandbox (HMSKORT_SANDBOX)."""
    where = (
        f"HMSKORT_API_URL not set — using the embedded sandbox at {url}"
        if embedded
        else f"HMSKORT_SANDBOX set — {url} is a sandbox"
    )
    print(f"hmskort: {where} (test data, not real cards)", file=stream or sys.stderr)


def exit_code(result: CheckResult) -> int:
    """0 valid, 10 valid with warnings, 20 invalid, 30 unverified (anything unknown counts as 30)."""
    return exits.BY_VERDICT.get(result.verdict, exits.UNVERIFIED)


# --- output ---------------------------------------------------------------------------------------


def result_to_json(result: CheckResult, lang: str = "nb", *, text: str | None = None) -> dict[str, Any]:
    """The `--json` object for a result; callers may add keys of their own."""
    return {
        "verdict": result.verdict.value,
        "reason": result.reason,
        "input": _input_json(result, text),
        "card": _card_json(result.card),
        "warnings": [_finding_json(f, lang) for f in result.warnings],
        "notes": [_finding_json(f, lang) for f in result.notes],
        "message": message(result, lang),
        "detail": result.detail,
    }


def message(result: CheckResult, lang: str = "nb") -> str:
    """One plain sentence saying what the verdict means for the person at the gate."""
    return summarise(result, lang)


def finding_message(finding: Finding, lang: str = "nb") -> str:
    """The text of a warning or a note, its params filled in."""
    return finding_text(finding, lang)


def _finding_json(finding: Finding, lang: str) -> dict[str, str]:
    return {"code": finding.code.value, "message": finding_message(finding, lang)}


def _input_json(result: CheckResult, text: str | None) -> dict[str, Any]:
    ref = result.ref
    out: dict[str, Any]
    if isinstance(ref, CardNumberRef):
        out = {"kind": "card_number", "cardNumber": ref.card_number}
    elif isinstance(ref, QrRef):
        out = {"kind": "qr", "token": ref.token}
    elif isinstance(ref, BarcodeRef):
        out = {"kind": "barcode", "orgNumber": ref.org_number, "cardNumber": ref.card_number}
    elif isinstance(ref, ChipRef):
        # What the chip itself said (names among it) is the `chip` member of `hmskort nfc`, once.
        out = {"kind": "chip", "chipCode": ref.chip_code}
    else:
        # Not a card reference at all; an address-like input was judged as a QR code.
        from app.payloads import looks_like_url

        out = {"kind": "qr" if text is not None and looks_like_url(text) else None}
    if text is not None:
        out["text"] = text if len(text) <= _MAX_ECHO else text[: _MAX_ECHO - 1] + "…"
    return out


def _card_json(card: Card | None) -> dict[str, Any] | None:
    if card is None:
        return None
    holder = card.holder
    return {
        "cardNumber": card.card_number,
        "category": str(card.category),
        "status": str(card.status),
        "reason": str(card.reason) if card.reason else None,
        "validFrom": card.valid_from.isoformat(),
        "validTo": card.valid_to.isoformat(),
        "employer": {"orgNumber": card.employer.org_number, "name": card.employer.name},
        "holder": (
            {
                "firstName": holder.first_name,
                "lastName": holder.last_name,
                "birthDate": holder.birth_date.isoformat(),
            }
            if holder
            else None
        ),
    }


def print_human(result: CheckResult, lang: str = "nb", stream: TextIO | None = None) -> None:
    """The result as a few lines of text for a terminal."""
    out = stream or sys.stdout
    head = t(f"verdict.{result.verdict.value}", lang).upper()
    print(f"{head} ({result.reason})" if result.reason else head, file=out)
    card = result.card
    if card is not None:
        rows = [
            ("ui.result.card_number", card.card_number),
            ("ui.result.status", _status_text(card, lang)),
            ("ui.result.category", t(f"category.{card.category}", lang)),
            ("ui.result.valid_to", display_date(card.valid_to)),
            ("ui.result.employer", f"{card.employer.name} ({card.employer.org_number})"),
        ]
        if card.holder is not None:
            rows.append(("ui.result.holder", card.holder.full_name))
            rows.append(("ui.result.birth_date", display_date(card.holder.birth_date)))
        width = max(len(t(key, lang)) for key, _ in rows)
        for key, value in rows:
            print(f"  {t(key, lang):<{width}}  {value}", file=out)
    for title, items in (("ui.result.warnings", result.warnings), ("ui.result.notes", result.notes)):
        if items:
            print(f"{t(title, lang)}:", file=out)
            for finding in items:
                print(f"  - {finding_message(finding, lang)}", file=out)
    print(message(result, lang), file=out)


def _status_text(card: Card, lang: str) -> str:
    return status_reason_text(str(card.status), card.reason and str(card.reason), lang)
