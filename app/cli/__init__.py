"""`hmskort` command line. Each sub-command lives in its own module with a `register(subparsers)`."""

from __future__ import annotations

import argparse
import sys

from app.cli import check, decode, nfc, sandbox_cmd
from app.safe_text import SafeTerminal

_MODULES = (check, decode, nfc, sandbox_cmd)

#: Exit status (issue 2): 0 valid, 10 valid with warnings, 20 invalid, 30 unverified, 2 usage error.
EXIT_USAGE = 2


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
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        return int(args.func(args) or 0)
    finally:
        sys.stdout, sys.stderr = out, err


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
