"""Crew-list check (issue 15): 2,000 rows against the in-process sandbox, with the default concurrency
(8) versus one at a time, in the same run. Target: ≥ 5× the rows per second, 0 wrong verdicts.

The list: 2,000 distinct cards added to the sandbox, each a copy of one of the ten reference cards
(same status, dates and employer), written as a CSV file and read by `hmskort bulk`'s own path
(`read_crew_list` → `check_crew_list` → `export`). A row's verdict is right when it equals the
verdict, reason and warnings a single check of its reference card gives.

Network: the sandbox answers on loopback in about a millisecond, which no field check ever sees; the
run is measured twice, as it is and with the sandbox's fault injection delaying every status answer
by LATENCY_MS (a round trip from a phone on 4G, or a site's link, to the real API: tens of
milliseconds at best). The register lookups are not delayed. Both client and sandbox share one
Python process (one GIL) on a machine others use too, so the table gives the load average.
Peak memory: tracemalloc's peak of Python allocations during a separate default-concurrency pass
(not timed: tracemalloc slows everything), and the process's peak RSS at the end.
"""

from __future__ import annotations

import asyncio
import os
import resource
import time
import tracemalloc
from dataclasses import replace

from bench._table import table

ROWS = 2_000
LATENCY_MS = 50
TARGET = 5.0


def _cards(sandbox):
    from sandbox.db import CardRecord
    from sandbox.reference_cards import REFERENCE_CARDS

    base = {c.card_number: c for c in sandbox.cards.all()}
    records, template = [], {}
    for i in range(ROWS):
        ref = REFERENCE_CARDS[i % len(REFERENCE_CARDS)]
        number = f"{30000000 + i}"
        original: CardRecord = base[ref.card_number]
        records.append(replace(original, card_number=number, qr_token=None, chip_code=None))
        template[number] = ref.card_number
    sandbox.cards.upsert(*records)
    return template


def _csv(template: dict[str, str]) -> bytes:
    lines = ["Navn;Kortnummer;Orgnr"] + [f"Person {i};{n};" for i, n in enumerate(template)]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


async def _run(sandbox, data: bytes, concurrency: int):
    from app.bootstrap import build_services
    from app.crewlist import read_crew_list
    from app.services.bulk import check_crew_list, export
    from app.settings import Settings

    settings = Settings(
        api_url=sandbox.url, client_id=sandbox.client_id, client_secret=sandbox.client_secret, sandbox=True
    )
    services = await build_services(settings)
    try:
        await services.check_text("10000001")  # token fetched before the clock starts, as in both modes
        t0, cpu0 = time.perf_counter(), time.process_time()
        crew = read_crew_list(data)
        run = await check_crew_list(crew, services.bulk_runner(concurrency), journal=None, round_name="b.csv")
        out = export(run, "nb")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        return run, seconds, len(out), cpu
    finally:
        await services.aclose()


async def _truth(sandbox) -> dict[str, tuple]:
    from app.bootstrap import build_services
    from app.model import CardNumberRef
    from app.settings import Settings
    from sandbox.reference_cards import REFERENCE_CARDS

    settings = Settings(
        api_url=sandbox.url, client_id=sandbox.client_id, client_secret=sandbox.client_secret, sandbox=True
    )
    services = await build_services(settings)
    try:
        out = {}
        for ref in REFERENCE_CARDS:
            result = await services.check(CardNumberRef(ref.card_number))
            out[ref.card_number] = (
                result.verdict,
                result.reason,
                tuple(str(f.code) for f in result.warnings),
            )
        return out
    finally:
        await services.aclose()


def _wrong(run, template, truth) -> int:
    wrong = 0
    for o in run.outcomes:
        c = o.check
        if (c.verdict, c.reason, c.warnings) != truth[template[c.card_number]]:
            wrong += 1
    return wrong + (ROWS - len(run.outcomes))


def run() -> str:
    from sandbox.runner import SandboxServer

    rows, mem = [], []
    with SandboxServer() as sandbox:
        template = _cards(sandbox)
        data = _csv(template)
        truth = asyncio.run(_truth(sandbox))
        for latency in (0, LATENCY_MS):
            sandbox.clear_faults()
            if latency:
                sandbox.inject(kind="delay", delay_ms=latency, count=None, path="/v1/cards")
            timings = {}
            for concurrency in (1, 8):
                result, seconds, _size, cpu = asyncio.run(_run(sandbox, data, concurrency))
                timings[concurrency] = seconds
                rows.append(
                    {
                        "added latency": f"{latency} ms",
                        "concurrency": concurrency,
                        "rows": len(result.outcomes),
                        "seconds": f"{seconds:.1f}",
                        "rows/s": f"{len(result.outcomes) / seconds:.0f}",
                        "CPU s (client + sandbox)": f"{cpu:.1f}",
                        "vs one at a time": f"{timings[1] / seconds:.2f}×",
                        "wrong verdicts": _wrong(result, template, truth),
                    }
                )
        sandbox.clear_faults()
        sandbox.inject(kind="delay", delay_ms=LATENCY_MS, count=None, path="/v1/cards")
        tracemalloc.start()
        result, _seconds, size, _cpu = asyncio.run(_run(sandbox, data, 8))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        sandbox.clear_faults()
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        mem.append(
            {
                "measure": "Python allocations, peak (tracemalloc), 2,000 rows at concurrency 8",
                "MB": f"{peak / 1e6:.1f}",
            }
        )
        mem.append({"measure": "process peak RSS (sandbox + both runs in one process)", "MB": f"{rss:.0f}"})
        mem.append({"measure": "CSV in / CSV out (kB)", "MB": f"{len(data) / 1e3:.0f} / {size / 1e3:.0f}"})
    load = os.getloadavg()[0]
    title = f"Crew list, {ROWS} rows, default concurrency vs one at a time (target ≥ {TARGET:.0f}×)"
    print(table(f"{title}; load average {load:.1f} on {os.cpu_count()} cores", rows))
    print(table("Crew list: memory", mem))
    return ""
