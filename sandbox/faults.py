"""Fault injection for the sandbox: a pure ASGI middleware and the store of active faults.

Faults are added over HTTP (`POST /_sandbox/faults`, see docs/ARCHITECTURE.md) or directly by the
in-process runner, and hit requests whose path starts with the fault's prefix. The first active
fault that matches wins; `count` (None = until cleared) says how many requests it hits.

Kinds:
- `delay`: wait `delay_ms`, then answer normally (for client timeouts);
- `status`: answer `status` (500, 503 or 429) as problem+json, with `Retry-After` for 429/503;
- `malformed`: answer 200 `application/json` with a body that is not JSON;
- `truncated`: announce the full `Content-Length`, send half the body, then cut the connection;
- `expire_tokens`: revoke every token issued so far, then answer normally (so the request gets 401).
- `drip`: answer normally, but send the body one byte every `delay_ms` (a read timeout that restarts
  with every byte never fires: only a deadline over the whole call ends it);
- `gzip_bomb`: answer 200 `application/json` with `Content-Encoding: gzip`, a body of a few hundred kB
  that inflates to `inflated_mb` MB of zeros (for size-bounded readers).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import threading
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from http import HTTPStatus
from typing import Any

KINDS = ("delay", "status", "malformed", "truncated", "expire_tokens", "drip", "gzip_bomb")
FAULT_STATUSES = (429, 500, 503)
#: Admin paths never get faults, so a test can always clear what it injected.
ADMIN_PREFIX = "/_sandbox/"
MAX_DELAY_MS = 120_000
MAX_INFLATED_MB = 4096

_MALFORMED_BODY = b'{"cardNumber": "1000000'
_CODES = {429: "RATE_LIMITED", 500: "INTERNAL_ERROR", 503: "SERVICE_UNAVAILABLE"}


class FaultSpecError(ValueError):
    """A fault description that cannot be applied; the message says which field is wrong."""


@dataclass(frozen=True, slots=True)
class Fault:
    kind: str
    status: int | None = None
    retry_after: int | None = None
    delay_ms: int = 0
    count: int | None = None
    path: str = "/v1/"
    inflated_mb: int = 300

    def __post_init__(self) -> None:
        k, st, ra, d, c, p = self.kind, self.status, self.retry_after, self.delay_ms, self.count, self.path
        if k not in KINDS:
            raise FaultSpecError(f"kind must be one of {', '.join(KINDS)}; got {k!r}")
        if k == "status" and st not in FAULT_STATUSES:
            raise FaultSpecError(f"status must be 429, 500 or 503 for kind 'status'; got {st!r}")
        if k != "status" and st is not None:
            raise FaultSpecError(f"status only applies to kind 'status', not {k!r}")
        if ra is not None and (not _is_int(ra) or ra < 0):
            raise FaultSpecError(f"retry_after must be a whole number of seconds ≥ 0; got {ra!r}")
        if not _is_int(d) or not 0 <= d <= MAX_DELAY_MS:
            raise FaultSpecError(f"delay_ms must be a whole number from 0 to {MAX_DELAY_MS}; got {d!r}")
        if k in ("delay", "drip") and d == 0:
            raise FaultSpecError(f"kind {k!r} needs delay_ms > 0")
        if not _is_int(self.inflated_mb) or not 1 <= self.inflated_mb <= MAX_INFLATED_MB:
            raise FaultSpecError(f"inflated_mb must be a whole number from 1 to {MAX_INFLATED_MB}")
        if c is not None and (not _is_int(c) or c < 1):
            raise FaultSpecError(f"count must be a whole number ≥ 1, or null (until cleared); got {c!r}")
        if not isinstance(p, str) or not p.startswith("/") or p.startswith(ADMIN_PREFIX):
            raise FaultSpecError(
                f"path must be a prefix starting with '/', outside {ADMIN_PREFIX}; got {p!r}"
            )

    @classmethod
    def from_json(cls, data: Any) -> Fault:
        """A fault from the admin endpoint's JSON body; FaultSpecError names what is wrong."""
        if not isinstance(data, dict):
            raise FaultSpecError("the body must be a JSON object")
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise FaultSpecError(f"unknown field(s): {', '.join(sorted(unknown))}")
        if data.get("kind") is None:
            raise FaultSpecError("kind is required")
        # JSON null means "the default" for every optional field.
        return cls(**{k: v for k, v in data.items() if v is not None or k == "count"})

    @property
    def effective_retry_after(self) -> int | None:
        """Retry-After to send: the given one, or 1 s for 429/503, which always carry one (contract §3)."""
        if self.retry_after is not None:
            return self.retry_after
        return 1 if self.status in (429, 503) else None


def _public(fault: Fault) -> dict[str, Any]:
    data = asdict(fault)
    if fault.kind != "gzip_bomb":
        del data["inflated_mb"]  # says nothing about other kinds
    return data


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class FaultStore:
    """The active faults, shared between the server's loop and whoever injects (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # Each entry: [fault, remaining hits or None].
        self._active: list[list[Any]] = []

    def add(self, fault: Fault) -> None:
        """Activate a fault after those already active."""
        with self._lock:
            self._active.append([fault, fault.count])

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._active.clear()

    def active(self) -> list[dict[str, Any]]:
        """The active faults with their remaining hits, as JSON-ready dicts."""
        with self._lock:
            return [{**_public(f), "remaining": left} for f, left in self._active]

    def take(self, path: str) -> Fault | None:
        """The fault for a request to `path`, counting the hit, or None."""
        if path.startswith(ADMIN_PREFIX):
            return None
        with self._lock:
            for entry in self._active:
                fault, left = entry
                if not path.startswith(fault.path):
                    continue
                if left is not None:
                    if left <= 1:
                        self._active.remove(entry)
                    else:
                        entry[1] = left - 1
                return fault
        return None


# Set while a `truncated` fault cuts a response, so the one error line uvicorn writes about the
# unfinished response (the point of the fault) is dropped; any other error still shows.
_cutting = contextvars.ContextVar("hmskort_sandbox_cutting", default=False)


class _DropDeliberateCut(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _cutting.get()


_filter_installed = False


def install_log_filter() -> None:
    """Keep uvicorn quiet about connections the `truncated` fault cuts on purpose (idempotent)."""
    global _filter_installed
    if not _filter_installed:
        logging.getLogger("uvicorn.error").addFilter(_DropDeliberateCut())
        _filter_installed = True


class FaultMiddleware:
    """Pure ASGI middleware applying the store's faults to any route, whatever framework serves it."""

    def __init__(self, app: Any, store: FaultStore, *, expire_tokens: Callable[[], None]) -> None:
        self.app = app
        self.store = store
        self.expire_tokens = expire_tokens

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        fault = self.store.take(scope["path"]) if scope["type"] == "http" else None
        if fault is None:
            await self.app(scope, receive, send)
        elif fault.kind == "delay":
            await asyncio.sleep(fault.delay_ms / 1000)
            await self.app(scope, receive, send)
        elif fault.kind == "expire_tokens":
            self.expire_tokens()
            await self.app(scope, receive, send)
        elif fault.kind == "status":
            await _send_status(fault, send)
        elif fault.kind == "drip":
            await self._drip(fault, scope, receive, send)
        elif fault.kind == "gzip_bomb":
            await _send_gzip_bomb(fault, send)
        elif fault.kind == "malformed":
            await _send(send, 200, [(b"content-type", b"application/json")], _MALFORMED_BODY)
        else:
            await self._truncate(scope, receive, send)

    async def _answer(self, scope: dict, receive: Callable) -> tuple[dict | None, bytes]:
        """The real handler's start message and whole body, not yet sent."""
        start: dict | None = None
        chunks: list[bytes] = []

        async def collect(message: dict) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, collect)
        return start, b"".join(chunks)

    async def _drip(self, fault: Fault, scope: dict, receive: Callable, send: Callable) -> None:
        """The real answer, its body one byte every `delay_ms`."""
        start, body = await self._answer(scope, receive)
        if start is None:
            return

        async def hang_up() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass

        gone = asyncio.ensure_future(hang_up())
        try:
            await send(start)
            for i in range(len(body)):
                await send({"type": "http.response.body", "body": body[i : i + 1], "more_body": True})
                await asyncio.wait([gone], timeout=fault.delay_ms / 1000)
                if gone.done():
                    return
            await send({"type": "http.response.body", "body": b""})
        finally:
            gone.cancel()

    async def _truncate(self, scope: dict, receive: Callable, send: Callable) -> None:
        """Run the real handler, pass its headers on, send half its body, then return unfinished."""
        start, body = await self._answer(scope, receive)
        if start is None:  # the handler sent nothing; nothing to cut
            return
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        if len(body) < 2:  # an empty body cannot be cut mid-way: promise bytes that never come
            body = b"{}"
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": start["status"], "headers": headers})
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
        # Returning with the response unfinished makes uvicorn close the connection: the client
        # sees the peer hang up mid-body, as on a dropped mobile link.
        _cutting.set(True)


async def _send(send: Callable, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    headers = [*headers, (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _send_status(fault: Fault, send: Callable) -> None:
    status = fault.status or 500
    problem = {
        "type": f"urn:hmskort:problem:{_CODES[status].lower().replace('_', '-')}",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": "Injected by the sandbox's fault injection.",
        "code": _CODES[status],
    }
    headers = [(b"content-type", b"application/problem+json")]
    if fault.effective_retry_after is not None:
        headers.append((b"retry-after", str(fault.effective_retry_after).encode()))
    await _send(send, status, headers, json.dumps(problem).encode())


_bombs: dict[int, bytes] = {}


def gzip_bomb(inflated_mb: int) -> bytes:
    """gzip of `inflated_mb` MB of zeros (about 1 kB per MB), built once per size."""
    if inflated_mb not in _bombs:
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip container
        zeros = bytes(1024 * 1024)
        parts = [packer.compress(zeros) for _ in range(inflated_mb)]
        _bombs[inflated_mb] = b"".join(parts) + packer.flush()
    return _bombs[inflated_mb]


async def _send_gzip_bomb(fault: Fault, send: Callable) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-encoding", b"gzip")]
    await _send(send, 200, headers, gzip_bomb(fault.inflated_mb))
