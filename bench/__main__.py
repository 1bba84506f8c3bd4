"""`make bench` (`python -m bench`): run every benchmark module in bench/ and print its tables.

A benchmark module is any `bench/<name>.py` not starting with "_" that has a `run()`; it prints its
own tables (each with ratios against a baseline measured in the same run) and may return a string
to print (e.g. why it was skipped). `python -m bench scanner_bench` runs only the named modules.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules(only: list[str]) -> list[str]:
    """The benchmark modules present, in a stable order (the scanner first: it is the quickest)."""
    names = sorted(p.stem for p in HERE.glob("*.py") if not p.stem.startswith("_"))
    names.sort(key=lambda n: n != "scanner_bench")
    return [n for n in names if not only or n in only]


def main(argv: list[str]) -> int:
    failed = 0
    for name in modules(argv):
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "run"):
            continue
        print(f"\n# bench.{name}\n", flush=True)
        t0 = time.perf_counter()
        try:
            out = module.run()
        except Exception:  # one broken benchmark must not hide the others' figures
            failed += 1
            traceback.print_exc()
            continue
        if isinstance(out, str):
            print(out)
        print(f"\n(bench.{name}: {time.perf_counter() - t0:.0f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
