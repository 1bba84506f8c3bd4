"""A small Code 128 encoder (sets B and C), enough for the card's barcode and for test symbols.

Digits go in set C (two per symbol); an odd trailing digit, or any other printable ASCII, in set B.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

# Bar/space widths of symbol values 0–106 (ISO/IEC 15417, table 1); 106 is the stop pattern.
_TABLE = (
    "212222 222122 222221 121223 121322 131222 122213 122312 132212 221213 "
    "221312 231212 112232 122132 122231 113222 123122 123221 223211 221132 "
    "221231 213212 223112 312131 311222 321122 321221 312212 322112 322211 "
    "212123 212321 232121 111323 131123 131321 112313 132113 132311 211313 "
    "231113 231311 112133 112331 132131 113123 113321 133121 313121 211331 "
    "231131 213113 213311 213131 311123 311321 331121 312113 312311 332111 "
    "314111 221411 431111 111224 111422 121124 121421 141122 141221 112214 "
    "112412 122114 122411 142112 142211 241211 221114 413111 241112 134111 "
    "111242 121142 121241 114212 124112 124211 411212 421112 421211 212141 "
    "214121 412121 111143 111341 131141 114113 114311 411113 411311 113141 "
    "114131 311141 411131 211412 211214 211232 2331112"
)
_PATTERNS = tuple(_TABLE.split())
assert len(_PATTERNS) == 107
assert all(sum(map(int, p)) == (13 if i == 106 else 11) for i, p in enumerate(_PATTERNS))

_START_B, _START_C, _CODE_B, _CODE_C, _STOP = 104, 105, 100, 99, 106


def symbol_values(text: str) -> list[int]:
    """The symbol values for `text`, start code and checksum included, stop excluded."""
    if not text or any(not (32 <= ord(c) < 127) for c in text):
        raise ValueError("Code 128 text must be non-empty printable ASCII")
    values: list[int] = []
    set_c = len(text) >= 2 and text[:2].isdigit()
    values.append(_START_C if set_c else _START_B)
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair.isdigit():
            if not set_c:
                values.append(_CODE_C)
                set_c = True
            values.append(int(pair))
            i += 2
        else:
            if set_c:
                values.append(_CODE_B)
                set_c = False
            values.append(ord(text[i]) - 32)
            i += 1
    checksum = (values[0] + sum(pos * v for pos, v in enumerate(values[1:], start=1))) % 103
    return [*values, checksum]


def modules(text: str) -> list[bool]:
    """The barcode as a list of modules, True = bar, without quiet zones."""
    out: list[bool] = []
    for v in [*symbol_values(text), _STOP]:
        bar = True
        for w in _PATTERNS[v]:
            out.extend([bar] * int(w))
            bar = not bar
    return out


def render(text: str, *, module_px: int = 3, height: int = 120, quiet: int = 10) -> Image.Image:
    """A black-on-white Code 128 image of `text`, `quiet` modules of quiet zone either side."""
    mods = modules(text)
    img = Image.new("L", ((len(mods) + 2 * quiet) * module_px, height), 255)
    draw = ImageDraw.Draw(img)
    for i, bar in enumerate(mods):
        if bar:
            x = (quiet + i) * module_px
            draw.rectangle((x, 0, x + module_px - 1, height - 1), fill=0)
    return img
