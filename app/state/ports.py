"""What the UI state needs from the rest of the app, as protocols (bootstrap's `Services` fits)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.model import CardRef, CheckResult, ScannedCode


class Checker(Protocol):
    """The part of `app.bootstrap.Services` the UI uses."""

    async def check(self, ref: CardRef) -> CheckResult: ...

    async def check_text(self, text: str, *, symbology: str | None = None) -> CheckResult: ...

    async def check_codes(self, codes: Sequence[ScannedCode]) -> CheckResult: ...

    async def photo(self, card_number: str) -> bytes | None: ...


class ImageDecoder(Protocol):
    """Blocking decode of an encoded image (JPEG/PNG bytes) or a raw frame; run it off the UI loop."""

    def __call__(
        self, data: bytes | RawFrame, *, mirrored: bool = False, still: bool = False
    ) -> Sequence[ScannedCode]: ...


class SecretStore(Protocol):
    """Where the client secret is kept between sessions (secure storage, or memory only)."""

    persistent: bool

    async def load(self) -> str | None: ...

    async def save(self, secret: str) -> None: ...


@dataclass(frozen=True, slots=True)
class RawFrame:
    """An uncompressed frame from a camera image stream (mobile): planes as the platform gives them."""

    width: int
    height: int
    format: str  # "yuv420", "nv21", "bgra8888", ...
    data: bytes
