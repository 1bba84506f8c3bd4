"""The exit status of every `hmskort` sub-command, defined once (README's table is tested against it).

status  check / scan / nfc     decode            sandbox / nfc-sim   bulk                journal
0       valid                  every image read  stopped cleanly     every row checked   done
10      valid with warnings
20      invalid
30      unverified                                                   any row unverified
1       scan: image unreadable an image could    sandbox: could not  the file cannot     journal unusable
        or no code in it       not be read       start, or stopped   be read             (recheck: API down)
2       usage or settings      usage error       usage error         usage error         usage error
3       nfc: reader unusable
4       nfc: no card within the timeout
130     interrupted (Ctrl-C or SIGTERM), every command
"""

from __future__ import annotations

from app.model import Verdict

OK = 0
VALID_WITH_WARNINGS = 10
INVALID = 20
UNVERIFIED = 30
#: decode, scan, bulk: an image / the file could not be read (scan: or held no code); sandbox: it
#: failed; journal: the journal cannot be used (recheck: the API is still unreachable)
FAILED = 1
USAGE = 2
#: nfc
READER_UNUSABLE = 3
NO_CARD = 4
#: 128 + SIGINT, as shells report a command ended by Ctrl-C.
INTERRUPTED = 130

#: A verdict's exit status (anything unknown counts as unverified).
BY_VERDICT: dict[Verdict, int] = {
    Verdict.VALID: OK,
    Verdict.VALID_WITH_WARNINGS: VALID_WITH_WARNINGS,
    Verdict.INVALID: INVALID,
    Verdict.UNVERIFIED: UNVERIFIED,
}
