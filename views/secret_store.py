"""Where the client secret lives: flet-secure-storage where it works, else memory for this session."""

from __future__ import annotations

import asyncio

KEY = "hmskort.client_secret"


class SecureSecretStore:
    """flet-secure-storage behind the `SecretStore` port. `persistent` turns False (and the settings
    screen says so) when the platform has no secure storage, e.g. web or Linux without libsecret."""

    def __init__(self, storage, *, initial: str | None = None, timeout: float = 5.0) -> None:
        self._storage = storage
        # what the environment or settings file gave this session, so the mask shows one is set
        self._memory: str | None = initial
        self._timeout = timeout
        self.persistent = storage is not None

    async def load(self) -> str | None:
        """The stored secret, or the one kept in memory this session."""
        if self.persistent:
            try:
                value = await asyncio.wait_for(self._storage.get(KEY), self._timeout)
                return value or self._memory
            except Exception:
                self.persistent = False
        return self._memory

    async def save(self, secret: str) -> None:
        """Keep the secret; memory only when secure storage fails."""
        self._memory = secret
        if self.persistent:
            try:
                await asyncio.wait_for(self._storage.set(KEY, secret), self._timeout)
            except Exception:
                self.persistent = False

    def __repr__(self) -> str:
        return f"SecureSecretStore(persistent={self.persistent})"
