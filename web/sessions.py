"""Signed-in sessions, held by the server (issue 13).

The browser gets only a random session id in an HttpOnly, Secure cookie; who the user is, their
role, the ID token and the idle clock stay here. Signing out or going idle ends the session on the
server at once: the cookie is worthless after that, and the app's WebSockets of that session are
closed. Sessions live in the process's memory (nginx keeps a browser on one process); a restart
signs everyone out, which is the safe direction.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app.ports import Identity
from web.oidc import PENDING_TTL_S, PendingSignIn

#: bounds, so that a flood of sign-in attempts cannot exhaust memory
MAX_PENDING = 10_000
MAX_SESSIONS = 50_000


@dataclass(eq=False)
class AuthSession:
    sid: str = field(repr=False)
    identity: Identity | None  # None: signed in, but with neither role
    subject: str = field(repr=False)
    name: str = field(repr=False)
    id_token: str = field(repr=False)
    idle_timeout: float
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    last_seen: float = 0.0
    ended_reason: str | None = None
    _on_end: list[Callable[[str], None]] = field(default_factory=list, repr=False)
    _ended: asyncio.Event | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.last_seen = self.clock()

    @property
    def tag(self) -> str:
        """A stable, non-secret name for this session (what Flet's session key is bound to)."""
        return hashlib.sha256(self.sid.encode()).hexdigest()[:16]

    @property
    def active(self) -> bool:
        if self.ended_reason is None and self.clock() - self.last_seen > self.idle_timeout:
            self.end("idle")
        return self.ended_reason is None

    def touch(self) -> None:
        if self.active:
            self.last_seen = self.clock()

    def on_end(self, callback: Callable[[str], None]) -> None:
        """Call `callback(reason)` once when the session ends ("signed_out" or "idle")."""
        if self.ended_reason is not None:
            callback(self.ended_reason)
        else:
            self._on_end.append(callback)

    def ended_event(self) -> asyncio.Event:
        if self._ended is None:
            self._ended = asyncio.Event()
            if self.ended_reason is not None:
                self._ended.set()
        return self._ended

    def end(self, reason: str) -> None:
        if self.ended_reason is not None:
            return
        self.ended_reason = reason
        callbacks, self._on_end = self._on_end, []
        for callback in callbacks:
            with contextlib.suppress(Exception):  # one page that is gone must not keep others open
                callback(reason)
        if self._ended is not None:
            self._ended.set()


class SessionStore:
    """One per process: pending sign-ins (by state) and sessions (by id)."""

    def __init__(self, idle_timeout: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_timeout = idle_timeout
        self._clock = clock
        self._pending: dict[str, PendingSignIn] = {}
        self._sessions: dict[str, AuthSession] = {}

    def add_pending(self, pending: PendingSignIn) -> None:
        self._drop_stale()
        while len(self._pending) >= MAX_PENDING:
            self._pending.pop(next(iter(self._pending)))
        self._pending[pending.state] = pending

    def take_pending(self, state: str) -> PendingSignIn | None:
        """The pending sign-in for `state`, once (a replayed callback finds nothing)."""
        pending = self._pending.pop(state, None)
        if pending is None or time.monotonic() - pending.created > PENDING_TTL_S:
            return None
        return pending

    def create(self, *, identity: Identity | None, subject: str, name: str, id_token: str) -> AuthSession:
        self._drop_stale()
        while len(self._sessions) >= MAX_SESSIONS:
            self._sessions.pop(next(iter(self._sessions))).end("signed_out")
        session = AuthSession(
            sid=secrets.token_urlsafe(32),
            identity=identity,
            subject=subject,
            name=name,
            id_token=id_token,
            idle_timeout=self.idle_timeout,
            clock=self._clock,
        )
        self._sessions[session.sid] = session
        return session

    def get(self, sid: str | None) -> AuthSession | None:
        """The active session for the cookie value `sid`, or None (unknown, signed out, idle)."""
        if not sid:
            return None
        session = self._sessions.get(sid)
        if session is None:
            return None
        if not session.active:
            self._sessions.pop(sid, None)
            return None
        return session

    def end(self, session: AuthSession, reason: str = "signed_out") -> None:
        self._sessions.pop(session.sid, None)
        session.end(reason)

    def reap(self) -> None:
        """End every idle session (their pages are told, their WebSockets closed)."""
        for sid, session in list(self._sessions.items()):
            if not session.active:
                self._sessions.pop(sid, None)
        self._drop_stale()

    def _drop_stale(self) -> None:
        now = time.monotonic()
        for state, pending in list(self._pending.items()):
            if now - pending.created > PENDING_TTL_S:
                self._pending.pop(state, None)
