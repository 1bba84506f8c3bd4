"""`hmskort bulk FILE [--concurrency N] [--json] [-o OUT] [--resume]`: check a whole crew list.

FILE is CSV (`,` `;` or tab; UTF-8 with or without BOM, or Windows-1252) or XLSX. Every row's card
number goes through the same check as `hmskort check`, at most N at a time (default 8). With
`--json`, one JSON object per checked row on stdout as it arrives (the check's JSON plus `"row"`;
a skipped row is `{"row": n, "skipped": {...}}`); without it, the rows that need attention, non-valid
first. The summary and a progress bar (when stderr is a terminal) go to stderr. `-o` writes the list
back with result columns added, in the input's own format. Rows are journaled as they arrive;
`--resume` after an interrupted run checks only the rows that are missing.

Exit status: 0 every row checked, 30 any row unverified, 1 the file cannot be read, 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.cli import exits
from app.cli.check import SetupFailed, cli_services, result_to_json, usage_error
from app.cli.runner import run_command
from app.i18n import LANGUAGES, t
from app.model import Verdict

if TYPE_CHECKING:
    from app.crewlist import CrewList
    from app.services.bulk import CrewRun, RowOutcome


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `bulk` sub-command."""
    from app.services.bulk import DEFAULT_CONCURRENCY, MAX_CONCURRENCY

    parser = subparsers.add_parser(
        "bulk",
        help="check every card of a crew list (CSV or XLSX)",
        description=(
            "Check every card number of a crew list (CSV or XLSX with a header such as kortnummer, "
            "hms-kort, cardNumber or card number; optionally orgnr). Names in the list are never sent "
            "or stored."
        ),
        epilog="exit status: 0 every row checked, 30 any row unverified, 1 file unreadable, 2 usage error",
    )
    parser.add_argument("file", metavar="FILE", help="the crew list (.csv or .xlsx)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        metavar="N",
        help=f"checks at a time, 1 to {MAX_CONCURRENCY} (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per row (JSON Lines)")
    parser.add_argument("-o", "--output", metavar="OUT", help="write the list with result columns added")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run of this list (checks only the rest)",
    )
    parser.add_argument(
        "--no-journal", action="store_true", help="do not journal the rows (the run cannot be resumed then)"
    )
    parser.add_argument("--lang", choices=LANGUAGES, help="language of the messages (default: settings)")
    parser.set_defaults(func=run, _parser=parser)


def run(args: argparse.Namespace) -> int:
    """Run `hmskort bulk`; returns the exit status."""
    from app.crewlist import MAX_FILE_BYTES, CrewListError, read_crew_list
    from app.services.bulk import MAX_CONCURRENCY, error_text, skipped_text

    parser: argparse.ArgumentParser = args._parser
    if not 1 <= args.concurrency <= MAX_CONCURRENCY:
        return usage_error(parser, f"--concurrency must be 1 to {MAX_CONCURRENCY}")
    source = Path(args.file)
    if args.output and _same_file(source, Path(args.output)):
        return usage_error(parser, "-o must not be the input file")
    lang = args.lang or _settings_language()
    try:
        data = _read_bounded(source, MAX_FILE_BYTES)
        crew = read_crew_list(data)
    except OSError as exc:
        print(
            f"hmskort: {t('bulk.error.unreadable', lang, detail=exc.strerror or type(exc).__name__)}",
            file=sys.stderr,
        )
        return exits.FAILED
    except CrewListError as exc:
        print(f"hmskort: {source.name}: {error_text(exc, lang)}", file=sys.stderr)
        return exits.FAILED
    for skipped in crew.skipped:
        print(skipped_text(skipped, lang), file=sys.stderr)
        if args.json:
            reason = {"code": str(skipped.reason), "message": t(f"bulk.skip.{skipped.reason}", lang)}
            print(json.dumps({"row": skipped.row, "skipped": reason}, ensure_ascii=False), flush=True)
    return run_command(_run(args, crew, source, lang))


def _settings_language() -> str:
    try:
        from app.settings import Settings

        return Settings.load().language or "nb"
    except Exception:  # a broken settings file is reported when the services start
        return "nb"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def _read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, reading at most `limit` + 1 (a larger file is refused by the reader, and a
    FIFO or device that never ends cannot exhaust memory)."""
    with path.open("rb") as handle:
        return handle.read(limit + 1)


async def _run(args: argparse.Namespace, crew: CrewList, source: Path, lang: str) -> int:
    progress = Progress(sys.stderr) if sys.stderr.isatty() else None
    try:
        result = await _check_list(args, crew, source, lang, progress)
    finally:
        if progress is not None:
            progress.finish()
    if isinstance(result, int):
        return result
    return _report(args, result, lang)


async def _check_list(
    args: argparse.Namespace, crew: CrewList, source: Path, lang: str, progress: Progress | None
) -> CrewRun | int:
    """The checked list, or the exit status when it could not be checked."""
    from app.services.bulk import ListChanged

    on_start, on_outcome = _listeners(args, lang, progress)
    try:
        async with cli_services(journal=not args.no_journal) as (_settings, services):
            if args.resume and services.crew_journal is None:
                print("hmskort: --resume needs the journal, which is not available", file=sys.stderr)
                return exits.USAGE
            try:
                return await services.check_crew_list(
                    crew,
                    round_name=source.name,
                    resume=args.resume,
                    concurrency=args.concurrency,
                    on_outcome=on_outcome,
                    on_start=on_start,
                )
            except ListChanged:
                print(f"hmskort: {t('bulk.error.list_changed', lang)}", file=sys.stderr)
                return exits.USAGE
    except SetupFailed as exc:
        print(f"hmskort: {exc}", file=sys.stderr)
        return exits.USAGE


def _listeners(args: argparse.Namespace, lang: str, progress: Progress | None):
    """What the run says as it goes: where it resumes, each row's JSON (--json), the progress bar."""

    def on_start(total: int, done: int) -> None:
        if done:
            print(t("bulk.resumed", lang, done=done), file=sys.stderr)
        elif args.resume:
            print(t("bulk.nothing_to_resume", lang), file=sys.stderr)
        if progress is not None:
            progress.start(total, done)

    def on_outcome(outcome: RowOutcome) -> None:
        if outcome.result is None:
            return
        if args.json:
            obj = {**result_to_json(outcome.result, lang), "row": outcome.row}
            if outcome.check.listed_org:
                obj["listedOrgNumber"] = outcome.check.listed_org
            if progress is not None:
                progress.clear()
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        if progress is not None:
            progress.step()

    return on_start, on_outcome


def _report(args: argparse.Namespace, result: CrewRun, lang: str) -> int:
    """The rows that need attention, the list written back (-o), the summary; the exit status."""
    from app.services.bulk import export, summary_text

    if not args.json:
        _print_attention(result, lang, sys.stdout)
    if args.output:
        try:
            Path(args.output).write_bytes(export(result, lang))
        except OSError as exc:
            detail = exc.strerror or type(exc).__name__
            print(
                f"hmskort: {args.output}: {t('bulk.error.unreadable', lang, detail=detail)}", file=sys.stderr
            )
            return exits.FAILED
        print(t("bulk.written", lang, path=_safe(args.output)), file=sys.stderr)
    print(summary_text(result, lang), file=sys.stderr)
    if result.any_unverified:
        count = result.counts()["unverified"]
        print(t("bulk.unverified_left", lang, count=count), file=sys.stderr)
        return exits.UNVERIFIED
    return exits.OK


def _print_attention(run: CrewRun, lang: str, out: TextIO) -> None:
    """The rows that are not plainly valid, non-valid first: row, card, verdict, reason, warnings."""
    from app.services.bulk import non_valid_first, result_cells

    for outcome in non_valid_first(run.outcomes):
        check = outcome.check
        if check.verdict is Verdict.VALID:
            continue
        cells = result_cells(check, lang)
        parts = [f"{t('bulk.col.row', lang)} {check.row}", check.card_number, cells.verdict.upper()]
        parts += [p for p in (cells.reason, cells.employer, cells.warnings) if p]
        print(_safe("  ".join(parts)), file=out)


def _safe(text: str) -> str:
    # Employer names come from the status API: no escape sequence of theirs reaches the terminal.
    return "".join(c if c.isprintable() else "?" for c in str(text))


class Progress:
    """A one-line progress bar on a terminal: `[#####.....] 120/2000`."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self._out = stream
        self._total = 0
        self._done = 0
        self._shown = False

    def start(self, total: int, done: int) -> None:
        self._total, self._done = total, done
        self._draw()

    def step(self) -> None:
        self._done += 1
        self._draw()

    def clear(self) -> None:
        if self._shown:
            self._out.write("\r\x1b[K")
            self._shown = False

    def finish(self) -> None:
        if self._shown:
            self._out.write("\n")
            self._out.flush()
            self._shown = False

    def _draw(self) -> None:
        total = max(self._total, 1)
        filled = int(self.WIDTH * min(self._done, total) / total)
        self._out.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {self._done}/{self._total}")
        self._out.flush()
        self._shown = True
