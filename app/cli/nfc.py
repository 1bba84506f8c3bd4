"""`hmskort nfc`: wait for one card on the reader, check it, print the `check` object plus `chip`.
`hmskort nfc-sim`: the card simulator (sandbox/nfc_sim.py) in the foreground.

Exit status as `hmskort check` (0 valid, 10 with warnings, 20 invalid, 30 unverified), and
3 when the reader cannot be used (the fix is printed), 4 when no card came within --timeout or
its UID was misread (not 4 or 7 bytes, or not the size its ATQA announced: "hold it still, again").
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
from datetime import date
from typing import Any

from app.cli import exits
from app.cli.check import add_journal_option
from app.cli.runner import run_command
from app.model import WarningCode


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("nfc", help="read one card's chip with the NFC reader and check it")
    p.add_argument(
        "--device", help="reader path: usb, usb:VID:PID, udp:HOST:PORT (default: setting nfc_device)"
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a card (default 30)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_journal_option(p)
    p.set_defaults(func=run_nfc)

    s = subparsers.add_parser("nfc-sim", help="simulate a reference card for a reader on nfcpy's udp driver")
    from sandbox import nfc_sim  # the simulator is sandbox code; it only runs when asked for

    nfc_sim.add_arguments(s)
    s.set_defaults(func=nfc_sim.run)


def chip_json(read: Any, mismatch: tuple[str, ...] = ()) -> dict[str, Any]:
    """The `chip` member: what the chip said (never the verdict)."""
    data = read.data
    return {
        "chipCode": read.chip_code,
        "uidLength": read.uid_len,
        "sak": f"{read.sak:02X}",
        "atqa": f"{read.atqa:04X}",
        "dataError": read.data_error and str(read.data_error),
        "data": None
        if data is None
        else {
            "cardNumber": data.card_number,
            "lastName": data.last_name,
            "firstNames": data.first_names,
            "employerOrgNumber": data.employer_org_number,
            "employerName": data.employer_name,
            "validFrom": _iso(data.valid_from),
            "validTo": _iso(data.valid_to),
            "category": data.category,
            "marker": data.marker,
        },
        "mismatch": list(mismatch),
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def run_nfc(args: argparse.Namespace) -> int:
    """Run `hmskort nfc`."""
    return run_command(_run(args))


async def _run(args: argparse.Namespace) -> int:
    from app.cli import check as check_cli
    from app.i18n import t
    from sandbox.reference_cards import SANDBOX_CHIP_KEY
    from scanner.nfc import ReaderUnavailable, read_one

    try:
        async with check_cli.cli_services(journal=not args.no_journal) as (settings, services):
            lang = settings.language or "nb"
            device = args.device or settings.nfc_device
            if not device:
                print(t("nfc.cli.no_device", lang), file=sys.stderr)
                return exits.READER_UNUSABLE
            key = _key(settings.nfc_key, SANDBOX_CHIP_KEY if services.sandbox_mode else None)
            if key == b"":
                print(t("nfc.cli.bad_key", lang), file=sys.stderr)
                return exits.READER_UNUSABLE
            if not args.json:
                print(t("nfc.waiting", lang), file=sys.stderr)
            cancel = threading.Event()
            try:
                read = await asyncio.to_thread(read_one, device, key, args.timeout, cancel=cancel)
            except ReaderUnavailable as exc:
                print(
                    f"{t(exc.state.label_key, lang)}: {exc.detail}\n{t(exc.fix_key, lang)}", file=sys.stderr
                )
                return exits.READER_UNUSABLE
            finally:
                # SIGTERM / Ctrl-C cancel this command: the reader thread must end too, or the
                # process would wait for it (and the sandbox with it) until the timeout.
                cancel.set()
            if read is None:
                print(t("nfc.cli.timeout", lang, seconds=f"{args.timeout:g}"), file=sys.stderr)
                return exits.NO_CARD
            if not read.uid_usable:  # a misread UID is a read failure, never a verdict
                print(t("nfc.read_again", lang), file=sys.stderr)
                return exits.NO_CARD
            result = await services.check(read.to_ref())
            recorded = await check_cli.record_check(services, result)
    except check_cli.SetupFailed as exc:
        print(f"hmskort: {exc}", file=sys.stderr)
        return exits.USAGE
    # The rules already compared chip and answer (CHIP_MISMATCH findings); list the fields here too.
    mismatch = tuple(f.param("field") or "" for f in result.findings if f.code == WarningCode.CHIP_MISMATCH)
    chip = chip_json(read, mismatch)
    status = check_cli.print_result(
        result, as_json=args.json, extra={"chip": chip, **recorded}, lang=lang, sandbox=services.sandbox_mode
    )
    if not args.json:
        _print_chip(chip, read.data_error, lang)
    return status


def _key(setting: object, default: bytes | None) -> bytes | None:
    """The read key: the nfc_key setting (hex; b"" when malformed), else the default."""
    if setting is None or setting == "":
        return default
    raw = setting.get_secret_value() if hasattr(setting, "get_secret_value") else str(setting)
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        return b""
    return key if len(key) == 6 else b""


def _print_chip(chip: dict[str, Any], data_error: str | None, lang: str) -> None:
    from app.i18n import t

    if chip["data"]:
        d = chip["data"]
        print(
            f"{t('nfc.read_from_chip', lang)}: {d['cardNumber']} · {d['firstNames']} {d['lastName']}"
            f" · {d['employerName']} · {d['validTo']}"
        )
    if chip["mismatch"]:
        print(f"CHIP_MISMATCH: {', '.join(chip['mismatch'])}")
    if data_error:
        print(t(f"nfc.data_error.{data_error}", lang), file=sys.stderr)
