"""Text from outside (status answers, registers, chips, scanned codes, file names) made safe to show.

A terminal obeys control characters: ESC starts CSI/OSC sequences that move the cursor, rewrite a
line ("GYLDIG" over "UGYLDIG"), set the window title or write the clipboard; CR and backspace
overwrite; bidi overrides reorder what is drawn. A screen is fooled by the same bidi controls and by
invisible characters in a name. So every such character is shown as an escape anyone can see.

The escape is JSON's `\\uXXXX` (a surrogate pair beyond the BMP), so the same rule can be applied to
a JSON text without changing what it means, and human output and `--json` agree.
"""

from __future__ import annotations

import unicodedata
from typing import Any, TextIO

#: Unicode categories that draw nothing or change how the rest is drawn: controls (C0, DEL, C1),
#: format characters (bidi embeddings/overrides/isolates, LRM/RLM, zero-width characters, BOM,
#: tag characters), line/paragraph separators, surrogates, and code points not assigned.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})


def is_unsafe_char(char: str) -> bool:
    """True for a character a terminal or a screen would obey or hide rather than draw."""
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def visible(text: str, *, keep: str = "") -> str:
    """`text` with every unsafe character as a visible `\\uXXXX` escape (those in `keep` kept)."""
    if text.isascii() and text.isprintable():  # the common case, at C speed
        return text
    return "".join(_escape(c) if c not in keep and is_unsafe_char(c) else c for c in text)


def visible_on_screen(value: Any) -> str:
    """An outside text for the app's screen (names, employer, findings): one line, nothing hidden."""
    return visible(str(value))


class SafeTerminal:
    """A text stream wrapper that escapes every unsafe character written, except newline and tab.

    The CLI wraps stdout and stderr in it once, so no output path (a result, an error message that
    quotes a file name, argparse echoing an argument) can put a raw control sequence on the terminal.
    JSON passes through unchanged in meaning: the escapes are JSON's own.
    """

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner

    def write(self, text: str) -> int:
        self._inner.write(visible(text, keep="\n\t"))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)
