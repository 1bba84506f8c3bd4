"""JSON as the status API and its token endpoint must send it: one value per key, numbers finite.

JSON parsers disagree on which of two equal keys wins ({"status": "SPERRET", ..., "status": "GYLDIG"}),
so an answer that names a key twice is no answer. Python's json also reads `NaN` and `Infinity`,
which are not JSON at all: a token that lives "Infinity" seconds must not be cached for ever.
"""

from __future__ import annotations

import json
from typing import Any


class DuplicateKey(ValueError):
    """The object names a key twice; the message is the key (shortened)."""


class NotJsonNumber(ValueError):
    """NaN or Infinity, which JSON does not have."""


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(repr(key)[:40])
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise NotJsonNumber(f"{name} is not a JSON number")


def loads(body: bytes | str) -> Any:
    """Parse `body`; DuplicateKey, NotJsonNumber, or ValueError/UnicodeDecodeError when not JSON."""
    return json.loads(body, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constant)
