"""The exit status of every `hmskort` sub-command, defined once (README's table is tested against it).

status  check / scan / nfc         decode             sandbox / nfc-sim    samples
0       valid                      every image read   stopped cleanly      written
10      valid with warnings
20      invalid
30      unverified
1       scan: image unreadable     an image could     sandbox: could not
        or no code in it           not be read        start, or stopped
2       usage or settings error    usage error        usage error          –
3       nfc: reader unusable
4       nfc: no card within the timeout
"""

from __future__ import annotations

from app.model import Verdict

OK = 0
VALID_WITH_WARNINGS = 10
INVALID = 20
UNVERIFIED = 30
#: decode, scan: an image could not be read (scan: or held no code); sandbox: it failed
FAILED = 1
USAGE = 2
#: nfc
READER_UNUSABLE = 3
NO_CARD = 4

#: A verdict's exit status (anything unknown counts as unverified).
BY_VERDICT: dict[Verdict, int] = {
    Verdict.VALID: OK,
    Verdict.VALID_WITH_WARNINGS: VALID_WITH_WARNINGS,
    Verdict.INVALID: INVALID,
    Verdict.UNVERIFIED: UNVERIFIED,
}
