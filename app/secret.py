"""`Secret`: a value that must not be shown (the client secret). A pure helper, so that adapters
(the OAuth2 client) can hold one without importing the settings."""

from __future__ import annotations

import hmac

from app.errors import SettingsError


class Secret:
    """A value that must not be shown: repr and str are `***`; `reveal()` returns it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise SettingsError("a secret must be text")
        self._value = value

    def reveal(self) -> str:
        """The secret itself; call only where it is sent (the token request)."""
        return self._value

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    def __hash__(self) -> int:
        return hash(("Secret", len(self._value)))

    def __reduce__(self):  # pickling would put the secret in plain bytes somewhere
        raise TypeError("a Secret cannot be pickled")
