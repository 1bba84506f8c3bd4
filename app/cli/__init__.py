"""`hmskort` command line. Each sub-command lives in its own module with a `register(subparsers)`."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from app.cli import bulk, check, decode, exits, journal, nfc, sandbox_cmd
from app.safe_text import SafeTerminal

_MODULES = (check, decode, nfc, sandbox_cmd, bulk, journal)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hmskort", description="Check Norwegian HMS-kort (HSE ID cards).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Every byte the CLI writes goes through one filter: outside text (answers, chip data, codes,
    # file names, even argparse echoing an argument) never reaches a terminal as a control sequence.
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeTerminal(out), SafeTerminal(err)
    # SIGTERM ends a command the way Ctrl-C does: asyncio cancels the command, whose `finally`
    # blocks close the client and stop the embedded sandbox (its database lives in memory anyway).
    previous = _on_sigterm(_interrupt)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("hmskort: interrupted", file=sys.stderr)
        return exits.INTERRUPTED
    finally:
        _on_sigterm(previous)
        sys.stdout, sys.stderr = out, err


def _interrupt(signum: int, frame: object) -> None:
    # Outside an event loop (parsing, a synchronous command) SIGTERM ends the command as Ctrl-C does.
    # Inside one, app.cli.runner has the loop's own SIGTERM handler in place of this one: raising here
    # at an arbitrary point inside the loop could leave a reader thread and the sandbox running.
    raise KeyboardInterrupt


def _on_sigterm(handler):
    """Install `handler` for SIGTERM (main thread only); returns the previous one."""
    if threading.current_thread() is not threading.main_thread() or handler is None:
        return None
    return signal.signal(signal.SIGTERM, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
