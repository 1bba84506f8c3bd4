"""The project's exception tree. A blocked, expired or unknown card is a *verdict*, not an exception;
exceptions mean "could not decide" (or "this input is not a card"), and never end as `valid`.

    HmsKortError
    ├── PayloadError              the scanned or typed input is not a card reference
    │   ├── SuspiciousQr          a URL that is not on the QR host allow-list (contract §2)
    │   ├── UnrecognisedCode      anything else that is not a card code
    │   └── InvalidIdentifier     looks like a card/org number, but breaks its rule
    ├── CardNotFound              the status API answered 404 (unknown or forged card)
    ├── RequestRejected           the status API answered 400: the code is not a card (`reason`)
    ├── StatusUnavailable         the status could not be confirmed; `reason` is a ReasonCode
    │                             (NETWORK, TIMEOUT, SERVER_ERROR, RATE_LIMITED, AUTH_FAILED, BAD_RESPONSE)
    └── RegisterUnavailable       a public register could not be asked (a note, never a verdict)

    SettingsError (a ValueError)  a setting has a value that cannot be used
    JournalError                  the inspection journal cannot be opened or written (never a verdict)
"""

from __future__ import annotations

from app.model import ReasonCode


class HmsKortError(Exception):
    """Base of every error the project raises on purpose."""


class PayloadError(HmsKortError):
    """The input is not a card reference. `code` is the verdict's reason code."""

    code: ReasonCode = ReasonCode.UNRECOGNISED_CODE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SuspiciousQr(PayloadError):
    code = ReasonCode.SUSPICIOUS_QR


class UnrecognisedCode(PayloadError):
    code = ReasonCode.UNRECOGNISED_CODE


class InvalidIdentifier(PayloadError):
    code = ReasonCode.INVALID_CARD_NUMBER


class CardNotFound(HmsKortError):
    """404 from the status API: no such card (also the answer for a forged card)."""


class RequestRejected(HmsKortError):
    """400 from the status API: the code we sent is not a card. `reason` is the verdict's reason
    (INVALID_CARD_NUMBER, or UNRECOGNISED_CODE for a QR token or chip code); the client maps the
    API's problem codes to it."""

    def __init__(self, reason: ReasonCode, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class StatusUnavailable(HmsKortError):
    """The status could not be confirmed. Always ends as verdict `unverified`."""

    def __init__(self, reason: ReasonCode, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RegisterUnavailable(HmsKortError):
    """A public register could not be asked or gave an answer we cannot read. Never cached."""

    def __init__(self, register: str, reason: str, message: str) -> None:
        super().__init__(message)
        self.register = register
        #: "unavailable" (network, 5xx, timeout), "bad_response", "rejected" (400), "not_configured"
        self.reason = reason


class SettingsError(ValueError):
    """A setting has a value that cannot be used; the message names the setting and the fix."""


class JournalError(Exception):
    """The inspection journal cannot be opened or written (disk, permissions, database down). Not an
    `HmsKortError`: it never decides a verdict; the check is shown, with a note that it was not recorded."""
