"""`hmskort` command line. Each sub-command lives in its own module with a `register(subparsers)`."""

from __future__ import annotations

import argparse
import sys

from app.cli import bulk, check, decode, journal, nfc, sandbox_cmd

_MODULES = (check, decode, nfc, sandbox_cmd, bulk, journal)

#: Exit status (issue 2): 0 valid, 10 valid with warnings, 20 invalid, 30 unverified, 2 usage error.
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hmskort", description="Check Norwegian HMS-kort (HSE ID cards).")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _MODULES:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
