"""Run the sandbox in-process: uvicorn in a daemon thread on a free loopback port.

Used by the test fixture, the app's composition root (no API configured → embedded sandbox) and
`hmskort sandbox`. The port is taken by binding the socket here and handing it to uvicorn, so the
URL is known before the server starts and no other process can take the port in between.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from datetime import date
from typing import Any

import uvicorn

from sandbox.db import CardStore
from sandbox.faults import Fault
from sandbox.server import TOKEN_PATH, TOKEN_TTL, SandboxApp, create_app

CLIENT_ID = "hmskort-sandbox"
CLIENT_SECRET = "sandbox-secret"
CARD_ONLY_CLIENT_ID = "hmskort-card-only"
STARTUP_TIMEOUT = 15.0


class SandboxStartError(RuntimeError):
    """The sandbox did not come up (port taken, server crashed, or too slow to start)."""


class SandboxServer:
    """The sandbox status API + registers on `host:port` (0 = a free port), as a context manager."""

    client_id = CLIENT_ID
    #: The sandbox's published test secret (docs/ARCHITECTURE.md); kept out of repr all the same.
    client_secret = CLIENT_SECRET
    card_only_client_id = CARD_ONLY_CLIENT_ID

    def __init__(
        self,
        port: int = 0,
        host: str = "127.0.0.1",
        db_path: str | os.PathLike[str] | None = None,
        today: date | None = None,
        *,
        token_ttl: int = TOKEN_TTL,
    ) -> None:
        self.host, self._port, self._db_path, self._today, self._token_ttl = (
            host,
            port,
            db_path,
            today,
            token_ttl,
        )
        self._sock: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._app: SandboxApp | None = None

    def __repr__(self) -> str:
        state = self.url if self.running else "stopped"
        return f"<SandboxServer {state}>"

    # --- life cycle ------------------------------------------------------------------------------------

    def start(self) -> SandboxServer:
        """Bind, start uvicorn in a daemon thread and return once it accepts connections."""
        if self._thread is not None:
            raise RuntimeError("this SandboxServer is already started")
        cards = CardStore(self._db_path, today=self._today)
        try:
            self._app = create_app(cards, token_ttl=self._token_ttl)
            self._sock = _bind(self.host, self._port)
            config = uvicorn.Config(
                self._app.asgi,
                log_config=None,  # leave the host's logging alone
                log_level="warning",
                access_log=False,  # access lines would carry card numbers; never tokens, but still
                lifespan="off",
                server_header=False,
                timeout_graceful_shutdown=2,
            )
            self._server = uvicorn.Server(config)
            self._thread = threading.Thread(
                target=self._server.run, kwargs={"sockets": [self._sock]}, name="hmskort-sandbox", daemon=True
            )
            self._thread.start()
            self._wait_started()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_started(self) -> None:
        assert self._server is not None and self._thread is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():
                raise SandboxStartError("the sandbox server stopped while starting; see the log")
            if time.monotonic() > deadline:
                raise SandboxStartError(f"the sandbox server did not start within {STARTUP_TIMEOUT:.0f} s")
            time.sleep(0.005)

    def stop(self) -> None:
        """Stop the server, wait for its thread, and drop an in-memory database (idempotent)."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=10)
        if self._sock is not None:
            self._sock.close()
        if self._app is not None:
            self._app.cards.close()
        self._server = self._thread = self._sock = None

    def wait(self, timeout: float | None = None) -> None:
        """Block until the server thread ends or `timeout` passes (interruptible by Ctrl-C)."""
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """True while the server thread is up."""
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def astart(self) -> SandboxServer:
        """`start()` without blocking the caller's event loop (for the Flet app)."""
        return await asyncio.to_thread(self.start)

    async def astop(self) -> None:
        """`stop()` without blocking the caller's event loop."""
        await asyncio.to_thread(self.stop)

    async def __aenter__(self) -> SandboxServer:
        return await self.astart()

    async def __aexit__(self, *exc: object) -> None:
        await self.astop()

    # --- what callers need -------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (known once started)."""
        if self._sock is None:
            raise RuntimeError("the sandbox is not running")
        return self._sock.getsockname()[1]

    @property
    def url(self) -> str:
        """Base URL, e.g. `http://127.0.0.1:54321` (no trailing slash)."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def token_url(self) -> str:
        """The OAuth2 token endpoint."""
        return self.url + TOKEN_PATH

    @property
    def today(self) -> date:
        """The day the reference cards' dates are counted from."""
        return self._stores().cards.today

    @property
    def cards(self) -> CardStore:
        """The card table behind the running server (to add cards in tests)."""
        return self._stores().cards

    def inject(self, **fault: Any) -> Fault:
        """Activate a fault (fields as `POST /_sandbox/faults`); FaultSpecError when it is malformed."""
        spec = Fault.from_json(fault)
        self._stores().faults.add(spec)
        return spec

    def clear_faults(self) -> None:
        """Remove every active fault."""
        self._stores().faults.clear()

    def active_faults(self) -> list[dict[str, Any]]:
        """The active faults with their remaining hits (as `GET /_sandbox/faults`)."""
        return self._stores().faults.active()

    def expire_tokens(self) -> None:
        """Invalidate every token issued so far."""
        self._stores().tokens.revoke_all()

    def _stores(self) -> SandboxApp:
        if self._app is None:
            raise RuntimeError("the sandbox is not running")
        return self._app


def _bind(host: str, port: int) -> socket.socket:
    """A listening-ready TCP socket on host:port (port 0 → a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise SandboxStartError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return sock
