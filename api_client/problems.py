"""`application/problem+json` answers (RFC 9457) of the status API, mapped to the project's errors.

    status        error                                   verdict (app.services.verify)
    3xx           StatusUnavailable(BAD_RESPONSE)         unverified (a redirect is never followed)
    400           RequestRejected(reason)                 invalid: INVALID_CARD_NUMBER → INVALID_CARD_NUMBER,
                                                          INVALID_QR / INVALID_CHIP → UNRECOGNISED_CODE
    400           StatusUnavailable(AUTH_FAILED)          unverified: INSUFFICIENT_SCOPE
    400           StatusUnavailable(BAD_RESPONSE)         unverified: a code the contract does not name
                                                          (says nothing about the card: no red)
    401, 403      StatusUnavailable(AUTH_FAILED)          unverified
    404           CardNotFound                            invalid / CARD_NOT_FOUND
    429           StatusUnavailable(RATE_LIMITED)         unverified
    5xx           StatusUnavailable(SERVER_ERROR)         unverified
    other         StatusUnavailable(BAD_RESPONSE)         unverified

A 404 counts only with the problem code CARD_NOT_FOUND, a 400 only with a problem code: a bare 404
from a proxy or a wrong base address says nothing about the card, so it must not become "not found".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from app.errors import CardNotFound, HmsKortError, RequestRejected, StatusUnavailable
from app.model import ReasonCode

_JSON_TYPES = ("application/problem+json", "application/json")
#: The 400 problem codes (contract §3) that say the code we sent is not a card, as verdict reasons.
REJECTED_AS = {
    "INVALID_CARD_NUMBER": ReasonCode.INVALID_CARD_NUMBER,
    "INVALID_QR": ReasonCode.UNRECOGNISED_CODE,
    "INVALID_CHIP": ReasonCode.UNRECOGNISED_CODE,
}
#: A 400 that says our client may not ask this (a token without the personal-data scope).
INSUFFICIENT_SCOPE = "INSUFFICIENT_SCOPE"
_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,63}")
_MAX_TEXT = 200


@dataclass(frozen=True, slots=True)
class Problem:
    status: int | None
    code: str | None
    title: str | None
    detail: str | None
    type: str | None = None

    def describe(self) -> str:
        """A short, single-line description for error messages."""
        parts = [p for p in (self.code, self.title, self.detail) if p]
        return _clean(": ".join(dict.fromkeys(parts))) if parts else "no detail"


def media_type(content_type: str | None) -> str:
    """The bare media type of a Content-Type header, lower-case (`application/json; charset=x` → ...)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_problem(body: bytes, content_type: str | None) -> Problem | None:
    """The problem in `body`, or None when the body is not a JSON problem object."""
    if media_type(content_type) not in _JSON_TYPES:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict):
        return None
    code = data.get("code")
    status = data.get("status")
    return Problem(
        status=status if type(status) is int else None,
        # Only a well-formed code is kept: it becomes a reason code shown to the user.
        code=code if isinstance(code, str) and _CODE.fullmatch(code) else None,
        title=_text(data.get("title")),
        detail=_text(data.get("detail")),
        type=_text(data.get("type")),
    )


def error_for(
    status_code: int,
    problem: Problem | None,
    *,
    what: str,
    not_found_codes: frozenset[str] = frozenset({"CARD_NOT_FOUND"}),
) -> HmsKortError:
    """The error for a non-200 answer; `what` names the call ("card lookup", ...) for the message.

    A 404 is `CardNotFound` only when its problem code is one of `not_found_codes`: a 404 for a
    route that does not exist (wrong base address) says nothing about the card.
    """
    info = problem.describe() if problem else "no problem details"
    if 300 <= status_code < 400:
        return StatusUnavailable(
            ReasonCode.BAD_RESPONSE, f"{what}: status API answered a redirect ({status_code}), not followed"
        )
    if status_code == 400:
        if problem is None or problem.code is None:
            return StatusUnavailable(
                ReasonCode.BAD_RESPONSE, f"{what}: status API answered 400 without a problem code"
            )
        return _rejected(problem.code, f"{what}: request rejected ({info})")
    if status_code in (401, 403):
        return StatusUnavailable(ReasonCode.AUTH_FAILED, f"{what}: not authorised ({status_code}: {info})")
    if status_code == 404:
        if problem is None or problem.code not in not_found_codes:
            return StatusUnavailable(
                ReasonCode.BAD_RESPONSE,
                f"{what}: 404 that is not about the card ({info}; wrong API address?)",
            )
        return CardNotFound(f"{what}: no such card ({info})")
    if status_code == 429:
        return StatusUnavailable(ReasonCode.RATE_LIMITED, f"{what}: too many requests (429)")
    if 500 <= status_code < 600:
        return StatusUnavailable(ReasonCode.SERVER_ERROR, f"{what}: server error ({status_code}: {info})")
    return StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{what}: unexpected HTTP status {status_code}")


def _rejected(code: str, message: str) -> HmsKortError:
    if code == INSUFFICIENT_SCOPE:
        return StatusUnavailable(ReasonCode.AUTH_FAILED, message)
    reason = REJECTED_AS.get(code)
    if reason is None:
        return StatusUnavailable(ReasonCode.BAD_RESPONSE, f"{message}: unknown problem code")
    return RequestRejected(reason, message)


def _text(value: object) -> str | None:
    return _clean(value) if isinstance(value, str) and value.strip() else None


def _clean(text: str) -> str:
    # Server text lands in messages and logs: one line, bounded, no control characters.
    flat = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return flat if len(flat) <= _MAX_TEXT else flat[: _MAX_TEXT - 1] + "…"
