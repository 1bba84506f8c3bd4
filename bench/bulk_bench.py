"""Crew-list check (issue 15): 2,000 rows against the in-process sandbox, with the default concurrency
(8) versus one at a time, in the same run. Target: ≥ 5× the rows per second, 0 wrong verdicts.

The list: 2,000 distinct cards added to the sandbox, each a copy of one of the ten reference cards
(same status, dates and employer), written as a CSV file and read by `hmskort bulk`'s own path
(`read_crew_list` → `check_crew_list` → `export`). A row's verdict is right when it equals the
verdict, reason and warnings a single check of its reference card gives (asked of the same sandbox).

Latency: on loopback the sandbox answers in about a millisecond, which no field check ever sees.
What concurrency buys is overlapping the waits for the network and the API, so the headline rows
delay every status answer by LATENCY_MS = 50 ms with the sandbox's own fault injection: that is a
short round trip to a real API from the field (a 4G phone, or a site's link, to a data centre in
Norway: 30-80 ms is typical, plus the API's own work), and it is added on the server side, so the
client still pays all of its own costs (TLS aside). The register lookups are not delayed (each
employer is asked once per run anyway). The 0 ms rows show the loopback case as it is.

Where the sandbox runs:
- "in-process": as the issue asks, and as the app's embedded sandbox runs: uvicorn in a thread of
  the benchmark's process. Client and sandbox then share one GIL, and the CPU ms per row of each
  side are measured separately (the sandbox thread's own CPU time from /proc; the client is the
  rest of the process).
- "own process": the same embedded sandbox started in a child process, as a real API has its CPU
  elsewhere; the client's CPU per row here is the client's alone.

The machine is shared (2 cores, several people): the title gives the load average before and after
the run, since a concurrent run that needs the CPU for even 2 ms per row gets only a share of a core.
Peak memory: tracemalloc's peak of Python allocations during a separate default-concurrency pass
(not timed: tracemalloc slows everything), and the process's peak RSS at the end.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import resource
import threading
import time
import tracemalloc
from dataclasses import dataclass, replace

from bench._table import table

ROWS = 2_000
LATENCY_MS = 50
TARGET = 5.0
#: (sandbox, added latency in ms): every setting is run one at a time and with the default concurrency.
SETTINGS = (("in-process", 0), ("in-process", LATENCY_MS), ("own process", 0), ("own process", LATENCY_MS))


def _cards(sandbox) -> dict[str, str]:
    """Add ROWS cards to the sandbox; returns card number → the reference card it copies."""
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


# --- the two ways of running the sandbox, behind one interface ------------------------------------

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _thread_cpu(native_id: int) -> float | None:
    """CPU seconds (user + system) of one thread of this process, from /proc (Linux); else None."""
    try:
        with open(f"/proc/self/task/{native_id}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / _TICKS


class InProcess:
    """The sandbox in a thread of this process (`SandboxServer`, as the app embeds it)."""

    label = "in-process"

    def __init__(self) -> None:
        from sandbox.runner import SandboxServer

        self._server = SandboxServer().start()
        self.url, self.client_id = self._server.url, self._server.client_id
        self.client_secret = self._server.client_secret
        self.template = _cards(self._server)
        self._thread = next(t for t in threading.enumerate() if t.name == "hmskort-sandbox")

    def inject(self, **fault) -> None:
        self._server.inject(**fault)

    def clear_faults(self) -> None:
        self._server.clear_faults()

    def cpu(self) -> float | None:
        return _thread_cpu(self._thread.native_id) if self._thread.native_id else None

    def rss_mb(self) -> float | None:
        return None  # part of this process's

    def close(self) -> None:
        self._server.stop()


def _serve(conn) -> None:
    """The child process of `OwnProcess`: one embedded sandbox, driven over a pipe."""
    from sandbox.runner import SandboxServer

    with SandboxServer() as server:
        template = _cards(server)
        conn.send((server.url, server.client_id, server.client_secret, template))
        while True:
            command, kwargs = conn.recv()
            if command == "inject":
                server.inject(**kwargs)
            elif command == "clear":
                server.clear_faults()
            elif command == "cpu":
                conn.send(time.process_time())
            elif command == "rss":
                conn.send(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
            else:
                break
            if command in ("inject", "clear"):
                conn.send(None)


class OwnProcess:
    """The same embedded sandbox in a child process: a real API's CPU is not the client's."""

    label = "own process"

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # a clean interpreter, not a copy of this one
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self._proc.start()
        child.close()
        if not self._conn.poll(60):
            self._proc.kill()
            raise RuntimeError("the sandbox process did not start within 60 s")
        self.url, self.client_id, self.client_secret, self.template = self._conn.recv()

    def _ask(self, command: str, **kwargs):
        self._conn.send((command, kwargs))
        return self._conn.recv()

    def inject(self, **fault) -> None:
        self._ask("inject", **fault)

    def clear_faults(self) -> None:
        self._ask("clear")

    def cpu(self) -> float | None:
        return self._ask("cpu")

    def rss_mb(self) -> float | None:
        return self._ask("rss")

    def close(self) -> None:
        try:
            self._conn.send(("stop", {}))
        finally:
            self._proc.join(timeout=10)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()


# --- one run ---------------------------------------------------------------------------------------


@dataclass
class Measured:
    run: object
    seconds: float
    client_cpu: float | None
    sandbox_cpu: float | None
    out_bytes: int


def _settings(sandbox):
    from app.settings import Settings

    return Settings(
        api_url=sandbox.url, client_id=sandbox.client_id, client_secret=sandbox.client_secret, sandbox=True
    )


async def _run(sandbox, data: bytes, concurrency: int) -> Measured:
    from app.bootstrap import build_services
    from app.crewlist import read_crew_list
    from app.services.bulk import check_crew_list, export

    services = await build_services(_settings(sandbox))
    try:
        await services.check_text("10000001")  # token fetched before the clock starts, as in both modes
        s0 = sandbox.cpu()
        t0, cpu0 = time.perf_counter(), time.process_time()
        crew = read_crew_list(data)
        run = await check_crew_list(crew, services.bulk_runner(concurrency), journal=None, round_name="b.csv")
        out = export(run, "nb")
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        s1 = sandbox.cpu()
        sandbox_cpu = None if s0 is None or s1 is None else s1 - s0
        # In-process, the process's CPU includes the sandbox thread's.
        client_cpu = cpu - sandbox_cpu if isinstance(sandbox, InProcess) and sandbox_cpu is not None else cpu
        return Measured(run, seconds, client_cpu, sandbox_cpu, len(out))
    finally:
        await services.aclose()


async def _truth(sandbox) -> dict[str, tuple]:
    from app.bootstrap import build_services
    from app.model import CardNumberRef
    from sandbox.reference_cards import REFERENCE_CARDS

    services = await build_services(_settings(sandbox))
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


def _ms_per_row(seconds: float | None, rows: int) -> str:
    return "–" if seconds is None or not rows else f"{1000 * seconds / rows:.2f}"


def _measure(sandbox, latency: int, rows: list[dict]) -> None:
    data = _csv(sandbox.template)
    truth = asyncio.run(_truth(sandbox))
    sandbox.clear_faults()
    if latency:
        sandbox.inject(kind="delay", delay_ms=latency, count=None, path="/v1/cards")
    one = None
    for concurrency in (1, 8):
        m = asyncio.run(_run(sandbox, data, concurrency))
        one = one or m.seconds
        n = len(m.run.outcomes)
        rows.append(
            {
                "sandbox": sandbox.label,
                "added latency": f"{latency} ms",
                "concurrency": concurrency,
                "rows": n,
                "seconds": f"{m.seconds:.1f}",
                "rows/s": f"{n / m.seconds:.0f}",
                "vs one at a time": f"{one / m.seconds:.2f}×",
                "wrong verdicts": _wrong(m.run, sandbox.template, truth),
                "CPU ms/row client": _ms_per_row(m.client_cpu, n),
                "CPU ms/row sandbox": _ms_per_row(m.sandbox_cpu, n),
            }
        )
    sandbox.clear_faults()


def _memory(sandbox, mem: list[dict]) -> None:
    data = _csv(sandbox.template)
    sandbox.clear_faults()
    sandbox.inject(kind="delay", delay_ms=LATENCY_MS, count=None, path="/v1/cards")
    tracemalloc.start()
    m = asyncio.run(_run(sandbox, data, 8))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    sandbox.clear_faults()
    mem.append(
        {
            "measure": f"Python allocations, peak (tracemalloc), {ROWS:,} rows at concurrency 8, in-process",
            "MB": f"{peak / 1e6:.1f}",
        }
    )
    mem.append({"measure": "CSV in / CSV out (kB)", "MB": f"{len(data) / 1e3:.0f} / {m.out_bytes / 1e3:.0f}"})


def run() -> str:
    rows: list[dict] = []
    mem: list[dict] = []
    load_before = os.getloadavg()[0]
    for kind in (InProcess, OwnProcess):
        sandbox = kind()
        try:
            for label, latency in SETTINGS:
                if label == sandbox.label:
                    _measure(sandbox, latency, rows)
            if isinstance(sandbox, InProcess):
                _memory(sandbox, mem)
            else:
                mem.append({"measure": "sandbox process, peak RSS", "MB": f"{sandbox.rss_mb():.0f}"})
        finally:
            sandbox.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mem.insert(
        1, {"measure": "this process, peak RSS (client, and the in-process sandbox)", "MB": f"{rss:.0f}"}
    )
    load_after = os.getloadavg()[0]
    title = (
        f"Crew list, {ROWS:,} rows, default concurrency (8) vs one at a time (target ≥ {TARGET:.0f}×); "
        f"load average {load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores"
    )
    print(table(title, rows))
    print(table("Crew list: memory", mem))
    return ""
