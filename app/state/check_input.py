"""What the user gave to be checked: a typed card number, codes from the camera or a photo, or a
reference from the chip. "Try again" repeats exactly that input, and the quiet period (the one rule
against a second verdict for the same card) remembers the codes it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.model import CardRef, CheckResult, ScannedCode
from app.ports import Checker


@dataclass(frozen=True)
class TypedNumber:
    """An 8-digit card number typed into the field (already normalised)."""

    number: str

    async def ask(self, checker: Checker) -> CheckResult:
        return await checker.check_text(self.number, symbology="typed")

    def codes(self) -> tuple[ScannedCode, ...]:
        return (ScannedCode(self.number, "typed"),)


@dataclass(frozen=True)
class ScannedCodes:
    """The codes decoded from one camera frame or photo (a QR code and the barcode beside it)."""

    #: QR tokens are personal data: never in a repr
    scanned: tuple[ScannedCode, ...] = field(repr=False)

    async def ask(self, checker: Checker) -> CheckResult:
        return await checker.check_codes(self.scanned)

    def codes(self) -> tuple[ScannedCode, ...]:
        return self.scanned


@dataclass(frozen=True)
class GivenRef:
    """A reference that needs no parsing (the chip reader's, or one handed over directly)."""

    ref: CardRef = field(repr=False)

    async def ask(self, checker: Checker) -> CheckResult:
        return await checker.check(self.ref)

    def codes(self) -> tuple[ScannedCode, ...]:
        return ()


CheckInput = TypedNumber | ScannedCodes | GivenRef
