"""A pure ASGI middleware that bounds every request body the sandbox accepts.

A declared `Content-Length` over the limit is refused with 413 before a byte of the body is read; a
body without one (chunked) is read only up to the limit. Paths that take JSON accept nothing else
(415), so a form post from any web page cannot drive the fault admin endpoint.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

#: The largest body any sandbox endpoint needs (a lookup or a fault is well under 1 kB).
MAX_BODY_BYTES = 16 * 1024


class BodyLimitMiddleware:
    def __init__(self, app, *, max_bytes: int = MAX_BODY_BYTES, json_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.json_paths = frozenset(json_paths)

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        declared = headers.get(b"content-length", b"").strip()
        chunked = b"chunked" in headers.get(b"transfer-encoding", b"").lower()
        has_body = chunked or (declared not in (b"", b"0"))
        if has_body and scope["path"] in self.json_paths:
            media = headers.get(b"content-type", b"").split(b";", 1)[0].strip().lower()
            if media != b"application/json":
                await _refuse(send, 415, "UNSUPPORTED_MEDIA_TYPE", "The body must be application/json.")
                return
        if declared:
            if not declared.isdigit():
                await _refuse(send, 400, "BAD_REQUEST", "Content-Length is not a number.")
                return
            if int(declared) > self.max_bytes:
                await _refuse(
                    send, 413, "BODY_TOO_LARGE", f"The body must be at most {self.max_bytes} bytes."
                )
                return
            await self.app(scope, receive, send)
            return
        if not chunked:
            await self.app(scope, receive, send)
            return
        # No length given: read at most the limit, then hand the handler what was read.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await _refuse(
                    send, 413, "BODY_TOO_LARGE", f"The body must be at most {self.max_bytes} bytes."
                )
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> dict:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Callable, status: int, code: str, detail: str) -> None:
    body = json.dumps(
        {"type": "about:blank", "title": code, "status": status, "detail": detail, "code": code}
    )
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body.encode()})
