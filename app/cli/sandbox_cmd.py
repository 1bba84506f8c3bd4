"""`hmskort sandbox`: run the sandbox status API + registers in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import date
from types import FrameType

from app.cli import exits
from app.net import is_loopback_host
from sandbox.runner import CARD_ONLY_CLIENT_ID, SandboxServer, SandboxStartError

DEFAULT_PORT = 8700


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `sandbox` sub-command."""
    parser = subparsers.add_parser(
        "sandbox",
        help="run the sandbox status API (test data only) in the foreground",
        description="Run the sandbox status API, fault injection and registers on this machine.",
    )
    add_arguments(parser)
    parser.set_defaults(func=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The sub-command's options (also used by `main` below)."""
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port, 0 = any free one ({DEFAULT_PORT})"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--db", metavar="PATH", help="SQLite file to use and keep (default: a temp file, removed)"
    )
    parser.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="day the cards' dates count from"
    )
    parser.add_argument(
        "--allow-remote",
        action="store_true",
        help="allow a non-loopback --host (the sandbox has no real security)",
    )


def _stop_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # Turn SIGTERM into the same clean exit as Ctrl-C, so the temp database is removed.
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted; print where and with which test credentials."""
    if not 0 <= args.port <= 65535:
        print(f"hmskort sandbox: --port must be 0–65535, not {args.port}", file=sys.stderr)
        return exits.USAGE
    if not is_loopback_host(args.host) and not args.allow_remote:
        print(
            f"hmskort sandbox: refusing to listen on {args.host}, which is not a loopback address; "
            "the sandbox's credentials are public. Add --allow-remote if you mean it.",
            file=sys.stderr,
        )
        return exits.USAGE
    server = SandboxServer(port=args.port, host=args.host, db_path=args.db, today=args.today)
    try:
        server.start()
    except SandboxStartError as exc:
        print(f"hmskort sandbox: {exc}", file=sys.stderr)
        return exits.FAILED
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        # These credentials are the sandbox's published test ones, not a secret (docs/ARCHITECTURE.md).
        print(
            f"HMS-kort sandbox (test data only) on {server.url}\n"
            f"  token URL   {server.token_url}\n"
            f"  client      {server.client_id} / {server.client_secret}  (status:card status:personal)\n"
            f"  card-only   {CARD_ONLY_CLIENT_ID} / {server.client_secret}  (status:card)\n"
            f"  faults      POST / DELETE {server.url}/_sandbox/faults\n"
            f"  database    {args.db or 'in memory (nothing on disk)'}\n"
            f"  cards dated from {server.today.isoformat()}\n"
            f"Point the app at it with HMSKORT_API_URL={server.url} HMSKORT_SANDBOX=true\n"
            f"  HMSKORT_CLIENT_ID={server.client_id} HMSKORT_CLIENT_SECRET={server.client_secret}\n"
            "Ctrl-C to stop.",
            flush=True,
        )
        while server.running:
            server.wait(1.0)
        print("hmskort sandbox: the server stopped unexpectedly", file=sys.stderr)
        return exits.FAILED
    except KeyboardInterrupt:
        return exits.OK
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.stop()


def main(argv: list[str] | None = None) -> int:
    """Run the sub-command on its own, without the other sub-commands' imports."""
    parser = argparse.ArgumentParser(prog="hmskort sandbox")
    add_arguments(parser)
    return run(parser.parse_args(argv))
