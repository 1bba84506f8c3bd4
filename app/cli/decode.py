"""`hmskort decode IMAGE...`, `hmskort scan IMAGE` and `hmskort samples`.

decode: one JSON object per image, {"image", "symbols": [{"format", "text"}], "ms"}, or "error" for
an image that cannot be read (the run goes on). scan: decodes, then verifies like `check`.
samples: regenerates the sample card images in assets/sample_cards/.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.cli import exits
from app.cli.check import add_journal_option
from app.cli.runner import run_command
from app.errors import HmsKortError
from app.model import CheckMethod
from sandbox.samples import SAMPLES_DIR
from scanner.decoders.registry import FACTORIES, load_decoders
from scanner.frames import ImageError
from scanner.reader import ReadResult, StillReader

#: Exit statuses: 0 every image read (or decoded without error), 1 some image could not be read.


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the decode, scan and samples sub-commands."""
    p = subparsers.add_parser("decode", help="read QR codes and barcodes from image files")
    p.add_argument("images", nargs="+", metavar="IMAGE", help="JPEG, PNG or WebP files")
    p.add_argument("--json", action="store_true", help="one JSON object per image")
    _decoder_options(p)
    p.set_defaults(func=run_decode)

    p = subparsers.add_parser("scan", help="read the card's code from an image and check it")
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_journal_option(p)
    _decoder_options(p)
    p.set_defaults(func=run_scan)

    p = subparsers.add_parser("samples", help="regenerate the sample card images")
    p.add_argument("--out", type=Path, default=SAMPLES_DIR, help=f"output directory (default {SAMPLES_DIR})")
    p.set_defaults(func=run_samples)


def _decoder_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--decoders",
        help=f"comma-separated decoders to use ({','.join(FACTORIES)}); the registry fixes their order",
    )
    p.add_argument("--exclude", default="", help="comma-separated decoders not to use (e.g. zxing-cpp)")


def _reader(args: argparse.Namespace) -> StillReader:
    only = [d.strip() for d in args.decoders.split(",") if d.strip()] if args.decoders else None
    exclude = [d.strip() for d in args.exclude.split(",") if d.strip()]
    return StillReader(load_decoders(only=only, exclude=exclude))


def decode_one(reader: StillReader, path: str) -> dict:
    """The CLI's JSON object for one image."""
    try:
        res = reader.read_path(path)
    except ImageError as exc:
        return {"image": path, "symbols": [], "error": str(exc)}
    except Exception as exc:  # any decoder, Pillow or OS failure: this image's error; the run goes on
        return {"image": path, "symbols": [], "error": f"{path}: could not be read ({type(exc).__name__})"}
    return _json(path, res)


def _json(path: str, res: ReadResult) -> dict:
    return {"image": path, "symbols": [s.as_json() for s in res.symbols], "ms": round(res.ms, 2)}


def _usage_error(message: str) -> int:
    print(f"hmskort: {message}", file=sys.stderr)
    return exits.USAGE


def run_decode(args: argparse.Namespace) -> int:
    """Decode every image; print one line (or JSON object) per image."""
    try:
        reader = _reader(args)
    except (ValueError, HmsKortError) as exc:  # unknown decoder names, NoDecoder
        return _usage_error(str(exc))
    status = exits.OK
    for path in args.images:
        obj = decode_one(reader, path)
        if "error" in obj:
            status = exits.FAILED
        if args.json:
            print(json.dumps(obj, ensure_ascii=False), flush=True)
        elif "error" in obj:
            print(f"{path}: error: {obj['error']}", flush=True)
        elif not obj["symbols"]:
            print(f"{path}: no code found ({obj['ms']:.1f} ms)", flush=True)
        else:
            found = ", ".join(f"{s['format']} {s['text']!r}" for s in obj["symbols"])
            print(f"{path}: {found} ({obj['ms']:.1f} ms)", flush=True)
    return status


def run_scan(args: argparse.Namespace) -> int:
    """Decode one image and verify the card it shows, like `hmskort check`."""
    try:
        reader = _reader(args)
    except (ValueError, HmsKortError) as exc:  # unknown decoder names, NoDecoder
        return _usage_error(str(exc))
    obj = decode_one(reader, args.image)
    if "error" in obj or not obj["symbols"]:
        message = obj.get("error") or "no QR code or barcode found in the image"
        if args.json:
            print(
                json.dumps(
                    {"image": args.image, "symbols": obj["symbols"], "error": message}, ensure_ascii=False
                )
            )
        else:
            print(f"{args.image}: {message}", file=sys.stderr)
        return exits.FAILED
    return run_command(_scan(args, obj))


async def _scan(args: argparse.Namespace, obj: dict) -> int:
    from app.cli import check
    from scanner.live import LiveScanner
    from scanner.symbols import Symbol

    symbols = [Symbol(s["format"], s["text"]) for s in obj["symbols"]]
    # A photo is checked like a camera frame: the live helper picks the QR code and the barcode beside
    # it, and the service checks the QR code with the barcode as its cross-check.
    hit = LiveScanner().offer(symbols)
    assert hit is not None  # symbols is not empty and a fresh helper has no repeat or pause
    try:
        async with check.cli_services(journal=not args.no_journal) as (settings, services):
            result = await services.check_codes(hit.codes())
            recorded = await check.record_check(services, result, CheckMethod.PHOTO)
    except check.SetupFailed as exc:
        return _usage_error(str(exc))
    lang = getattr(settings, "language", None) or "nb"
    extra = {"image": args.image, "symbols": obj["symbols"], **recorded}
    return check.print_result(
        result, as_json=args.json, extra=extra, lang=lang, text=hit.text, sandbox=services.sandbox_mode
    )


def run_samples(args: argparse.Namespace) -> int:
    """Regenerate the sample card images."""
    from sandbox.samples.cards import generate

    written = generate(args.out)
    total = sum(p.stat().st_size for p in written)
    print(f"wrote {len(written)} images ({total / 1e6:.1f} MB) to {args.out}")
    return exits.OK
