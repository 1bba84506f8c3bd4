"""Checking one card: a reference → the status API (+ employer cross-checks) → a `CheckResult`.

`verify` never raises. Every way a port can fail ends as a verdict that is not `valid`:

    CardNotFound                  invalid / CARD_NOT_FOUND
    RequestRejected               invalid / its reason (INVALID_CARD_NUMBER, or UNRECOGNISED_CODE for
                                  a rejected QR token or chip code)
    StatusUnavailable             unverified / its reason
    anything else                 unverified / BAD_RESPONSE

The API's wire format (problem codes, field names) is read in `api_client/` only: a `Card` that
arrives here hangs together (the client's parser makes sure), and errors carry domain reasons.

The status lookup and the employer cross-checks run concurrently: for a barcode the employer is
known before the answer, so its cross-check starts at once; otherwise it starts when the answer
arrives, together with the main-unit / sub-unit question for a barcode seen beside a QR code.

`check_text` checks one typed or scanned payload; `check_codes` decides which of the codes found in
one image of a card is checked, and with what (the QR code first, the barcode as its cross-check).
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Awaitable, Iterable, Sequence
from datetime import date
from typing import TypeVar

from app.errors import CardNotFound, PayloadError, RequestRejected, StatusUnavailable
from app.identifiers import is_org_number
from app.model import (
    BarcodeRef,
    Card,
    CardNumberRef,
    CardRef,
    Category,
    CheckResult,
    ChipRef,
    Finding,
    QrRef,
    ReasonCode,
    ScannedCode,
    Verdict,
    WarningCode,
)
from app.payloads import DEFAULT_QR_HOSTS, parse_scan, problem_of
from app.ports import EmployerCheckPort, StatusPort
from app.rules import barcode_findings, chip_findings, judge, list_employer_findings

log = logging.getLogger(__name__)
T = TypeVar("T")

#: The reasons a `RequestRejected` may carry: the code we sent is not a card.
_REJECTED_REASONS = frozenset({ReasonCode.INVALID_CARD_NUMBER, ReasonCode.UNRECOGNISED_CODE})
_ALL_REGISTERS = "Enhetsregisteret / Renholdsregisteret / Bemanningsforetaksregisteret"
#: The reasons a `StatusUnavailable` may carry; anything else is treated as a bad response.
_UNVERIFIED_REASONS = frozenset(
    {
        ReasonCode.NETWORK,
        ReasonCode.TIMEOUT,
        ReasonCode.SERVER_ERROR,
        ReasonCode.RATE_LIMITED,
        ReasonCode.AUTH_FAILED,
        ReasonCode.BAD_RESPONSE,
    }
)


def _unverified(ref: CardRef | None, reason: ReasonCode, detail: str) -> CheckResult:
    return CheckResult(Verdict.UNVERIFIED, reason.value, ref, None, (), detail)


def _failure(ref: CardRef, exc: BaseException) -> CheckResult:
    """The verdict for a status lookup that raised."""
    if isinstance(exc, CardNotFound):
        return CheckResult(Verdict.INVALID, ReasonCode.CARD_NOT_FOUND.value, ref, detail=str(exc) or None)
    if isinstance(exc, RequestRejected):
        if exc.reason not in _REJECTED_REASONS:  # says nothing about the card: no red
            return _unverified(ref, ReasonCode.BAD_RESPONSE, str(exc))
        return CheckResult(Verdict.INVALID, ReasonCode(exc.reason).value, ref, detail=str(exc))
    if isinstance(exc, StatusUnavailable):
        try:
            reason = ReasonCode(exc.reason)
        except ValueError:
            reason = ReasonCode.BAD_RESPONSE
        if reason not in _UNVERIFIED_REASONS:
            reason = ReasonCode.BAD_RESPONSE
        return _unverified(ref, reason, str(exc))
    # A port that breaks its promise: we still cannot tell, and must not guess.
    log.warning("status lookup failed unexpectedly: %s", type(exc).__name__)
    return _unverified(
        ref, ReasonCode.BAD_RESPONSE, f"unexpected {type(exc).__name__} from the status lookup"
    )


async def _lookup(ref: CardRef, status: StatusPort) -> Card:
    if isinstance(ref, CardNumberRef | BarcodeRef):
        return await status.get_card(ref.card_number)
    if isinstance(ref, QrRef):
        return await status.lookup_qr(ref.token)
    if isinstance(ref, ChipRef):
        return await status.lookup_chip(ref.chip_code)
    raise TypeError(f"not a card reference: {type(ref).__name__}")


async def _employer_findings(employers: EmployerCheckPort, org: str, category: str) -> tuple[Finding, ...]:
    """The port promises not to raise; if it does anyway, that is a cross-check that could not run."""
    try:
        found = await employers.findings(org, category)
        if not all(isinstance(f, Finding) for f in found):
            raise TypeError("not findings")
        return tuple(found)
    except Exception as exc:
        log.warning("employer cross-check failed: %s", type(exc).__name__)
        return (Finding(WarningCode.CROSSCHECK_UNAVAILABLE, (("org", org), ("register", _ALL_REGISTERS))),)


async def _related(employers: EmployerCheckPort | None, org_a: str, org_b: str) -> bool | None:
    if employers is None:
        return None
    try:
        answer = await employers.related(org_a, org_b)
    except Exception as exc:
        log.warning("employer relation check failed: %s", type(exc).__name__)
        return None
    return answer if isinstance(answer, bool) else None


async def _cancel(task: asyncio.Task | None) -> None:
    if task is not None and not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def verify(
    ref: CardRef,
    *,
    status: StatusPort,
    today: date,
    employers: EmployerCheckPort | None = None,
    barcode: BarcodeRef | None = None,
    listed_org: str | None = None,
    crosscheck_timeout: float | None = None,
) -> CheckResult:
    """The verdict for one card reference. Never raises (cancellation aside).

    `listed_org`: the org number a crew list gives for the card (issue 15); an answer naming another
    employer (not its main unit or sub-unit) adds EMPLOYER_MISMATCH.
    `crosscheck_timeout`: seconds the register cross-checks may take once the status answer is in;
    past it the verdict stands with a CROSSCHECK_UNAVAILABLE note (None: no limit of its own).
    """
    # A barcode names the employer up front: start its cross-check now. The card category is not
    # known yet, so this early answer is used only if it turns out the same question would be asked
    # (same employer, and not a cleaning card, whose category adds the Renholdsregisteret check).
    early: asyncio.Task | None = None
    if employers is not None and isinstance(ref, BarcodeRef):
        early = asyncio.ensure_future(_employer_findings(employers, ref.org_number, ""))
    try:
        try:
            card = await _lookup(ref, status)
        except Exception as exc:
            return _failure(ref, exc)
        if not isinstance(card, Card):
            return _unverified(ref, ReasonCode.BAD_RESPONSE, f"status lookup returned {type(card).__name__}")
        deadline = (
            None if crosscheck_timeout is None else asyncio.get_running_loop().time() + crosscheck_timeout
        )
        findings = await _cross_checks(ref, card, employers, barcode, early, listed_org, deadline)
        early = None
        return judge(card, today=today, findings=findings, ref=ref)
    except Exception as exc:  # a bug in our own rules must still not end as valid, nor crash the UI
        # Where it failed, but not the exception's message: it may quote a name from the answer.
        where = "".join(traceback.format_tb(exc.__traceback__))
        log.error("verify failed: %s\n%s", type(exc).__name__, where)
        return _unverified(ref, ReasonCode.BAD_RESPONSE, f"internal error: {type(exc).__name__}")
    finally:
        await _cancel(early)


async def _cross_checks(
    ref: CardRef,
    card: Card,
    employers: EmployerCheckPort | None,
    barcode: BarcodeRef | None,
    early: asyncio.Task | None,
    listed_org: str | None = None,
    deadline: float | None = None,
) -> tuple[Finding, ...]:
    org, category = card.employer.org_number, str(card.category)
    late = Finding(
        WarningCode.CROSSCHECK_UNAVAILABLE,
        (("org", org), ("register", _ALL_REGISTERS), ("reason", "unavailable")),
    )
    printed = [b for b in (ref if isinstance(ref, BarcodeRef) else None, barcode) if b is not None]

    async def employer() -> tuple[Finding, ...]:
        if employers is None:
            return ()
        if (
            isinstance(ref, BarcodeRef)
            and early is not None
            and org == ref.org_number
            and category != Category.RENHOLD
        ):
            return await early
        await _cancel(early)
        return await _employer_findings(employers, org, category)

    async def printed_findings() -> tuple[Finding, ...]:
        out: list[Finding] = []
        for b in printed:
            related = (
                await _by(deadline, _related(employers, b.org_number, org), None)
                if b.org_number != org
                else True
            )
            out.extend(barcode_findings(b, card, related=related))
        if listed_org is not None and listed_org != org:
            # Only a real org number is worth asking the register about; a typo is a mismatch as it is.
            related = (
                await _by(deadline, _related(employers, listed_org, org), None)
                if is_org_number(listed_org)
                else None
            )
            out.extend(list_employer_findings(listed_org, card, related=related))
        return tuple(out)

    # A slow register never holds back a verdict the status API already gave.
    if printed or (listed_org is not None and listed_org != org):
        own, registers = await asyncio.gather(printed_findings(), _by(deadline, employer(), (late,)))
    else:  # nothing printed or listed to compare: no second task to run beside the registers
        own, registers = (), await _by(deadline, employer(), (late,))
    chip = chip_findings(ref.chip_data, card) if isinstance(ref, ChipRef) and ref.chip_data else ()
    return _unique(own + chip + registers)


async def _by(deadline: float | None, call: Awaitable[T], late: T) -> T:
    """`call`'s result, or `late` when the loop's clock passes `deadline` first."""
    if deadline is None:
        return await call
    try:
        async with asyncio.timeout_at(deadline):
            return await call
    except TimeoutError:
        return late


def _unique(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(dict.fromkeys(findings))


async def check_text(
    text: str,
    *,
    symbology: str | None = None,
    qr_hosts: Iterable[str] = DEFAULT_QR_HOSTS,
    **verify_kwargs,
) -> CheckResult:
    """Parse a scanned or typed payload and verify it. A payload that is not a card reference is
    `invalid` with the parser's reason and `ref=None`, and costs no network call."""
    try:
        ref = parse_scan(text, symbology=symbology, qr_hosts=qr_hosts)
    except PayloadError as exc:
        problem, params = problem_of(exc)
        return CheckResult(
            Verdict.INVALID,
            ReasonCode(exc.code).value,
            None,
            detail=exc.message,
            problem=problem,
            problem_params=tuple(sorted(params.items())),
        )
    return await verify(ref, **verify_kwargs)


async def check_codes(
    codes: Sequence[ScannedCode],
    *,
    qr_hosts: Iterable[str] = DEFAULT_QR_HOSTS,
    **verify_kwargs,
) -> CheckResult:
    """The verdict for the codes found in one image of a card: the QR code is checked, with the
    barcode beside it as a cross-check; a lone barcode (or other code) is checked on its own."""
    if not codes:
        return CheckResult(
            Verdict.INVALID, ReasonCode.UNRECOGNISED_CODE.value, None, detail="no code to check"
        )
    qr_hosts = tuple(qr_hosts)  # read by up to two parses: an iterator would run dry after one
    qr = next((c for c in codes if c.symbology == "qr"), None)
    bar = next((c for c in codes if c.symbology == "barcode"), None)
    primary = qr or bar or codes[0]
    if qr is None or bar is None:
        return await check_text(primary.text, symbology=primary.symbology, qr_hosts=qr_hosts, **verify_kwargs)
    # The QR code identifies the card and its holder (contract §3); the printed barcode only names
    # the employer and card number, which the answer can be compared with (contract §4).
    try:
        ref = parse_scan(qr.text, symbology="qr", qr_hosts=qr_hosts)
    except PayloadError:
        # Not a card QR: the invalid verdict with the parser's reason, and no lookup at all (not
        # even by the barcode: a card whose QR code is forged must not be confirmed by its barcode).
        return await check_text(qr.text, symbology="qr", qr_hosts=qr_hosts, **verify_kwargs)
    return await verify(ref, barcode=_barcode_beside(bar.text, qr_hosts), **verify_kwargs)


def _barcode_beside(text: str, qr_hosts: Iterable[str]) -> BarcodeRef | None:
    """The barcode's reference, or None when it does not parse: then it can neither confirm nor
    contradict the QR code's answer, and the QR code alone decides."""
    try:
        ref = parse_scan(text, symbology="barcode", qr_hosts=qr_hosts)
    except PayloadError:
        return None
    return ref if isinstance(ref, BarcodeRef) else None
