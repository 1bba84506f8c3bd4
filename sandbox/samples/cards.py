"""Card fronts and backs for the reference cards (contract §5), drawn, never photographed.

Back: the QR code (`https://hmskort.no/k/<token>`) and the Code 128 barcode (`<org9><card8>`).
Front: placeholder portrait, printed name, employer, card number, valid-to, category.
Every sample is marked SANDBOX so that nobody takes it for a real card. Drawing is deterministic:
the printed valid-to dates count from SAMPLE_DATE, not from today, so regenerating gives the same files.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from sandbox.portraits import render_portrait
from sandbox.reference_cards import REFERENCE_CARDS, ReferenceCard
from sandbox.samples import code128

#: ID-1 card (85.6 × 54 mm) at 300 dpi.
CARD_SIZE = (1012, 638)
SAMPLE_DATE = date(2026, 1, 1)
HOSTILE_QR_TEXT = "https://hmskort.no.evil.example/k/c2LufYNuydk9sgEWl2agE4aE"

_BAND = {"BYGG": (0, 84, 147), "RENHOLD": (0, 122, 94), "BILPLEIE": (120, 60, 140), "TRANSPORT": (170, 90, 0)}
_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
)


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # A system font with Norwegian and Polish letters when there is one; Pillow's own font otherwise
    # (ASCII only, but the card stays readable by the decoders, which is what the samples are for).
    for path in _FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def qr_image(text: str, *, module_px: int = 8) -> Image.Image:
    """`text` as a black-on-white QR code (error correction M, 4-module quiet zone)."""
    qr = segno.make(text, error="m", micro=False, boost_error=False)
    rows = [list(r) for r in qr.matrix_iter(scale=1, border=4)]
    n = len(rows)
    img = Image.new("L", (n, n), 255)
    img.putdata([0 if bit else 255 for row in rows for bit in row])
    return img.resize((n * module_px, n * module_px), Image.Resampling.NEAREST)


def _band(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int], title: str) -> None:
    draw.rectangle((0, 0, CARD_SIZE[0], 86), fill=colour)
    draw.text((36, 20), title, font=_font(40), fill="white")
    draw.text((CARD_SIZE[0] - 36, 28), "SANDBOX · PRØVEKORT", font=_font(26), fill="white", anchor="ra")


def back(card: ReferenceCard, *, qr_text: str | None = None, barcode: bool = True) -> Image.Image:
    """The back of `card`: QR code left, card number and barcode right."""
    img = Image.new("RGB", CARD_SIZE, (250, 250, 247))
    draw = ImageDraw.Draw(img)
    _band(draw, _BAND.get(card.category, (60, 60, 60)), "HMS-kort")
    qr = qr_image(qr_text or card.qr_text, module_px=8)
    img.paste(qr.convert("RGB"), (28, 110))
    x0 = 28 + qr.width + 20
    draw.text((x0, 130), "Kortnummer", font=_font(24), fill=(80, 80, 80))
    draw.text((x0, 160), card.card_number, font=_font(48), fill=(20, 20, 20))
    draw.text((x0, 240), "Kontroller kortet:", font=_font(24), fill=(80, 80, 80))
    draw.text((x0, 270), "skann QR-koden eller", font=_font(24), fill=(80, 80, 80))
    draw.text((x0, 300), "gå til hmskort.no", font=_font(24), fill=(80, 80, 80))
    if barcode:
        bar = code128.render(card.barcode_text, module_px=3, height=110, quiet=10)
        bx = CARD_SIZE[0] - bar.width - 20
        img.paste(bar.convert("RGB"), (bx, 440))
        caption = (bx + bar.width // 2, 558)
        draw.text(caption, card.barcode_text, font=_font(24), fill=(20, 20, 20), anchor="ma")
    return img


def front(card: ReferenceCard, *, today: date = SAMPLE_DATE) -> Image.Image:
    """The front of `card`: portrait, name, employer, card number, valid-to, category."""
    img = Image.new("RGB", CARD_SIZE, (250, 250, 247))
    draw = ImageDraw.Draw(img)
    _band(draw, _BAND.get(card.category, (60, 60, 60)), f"HMS-kort · {card.category}")
    img.paste(render_portrait(card.card_number, (270, 360)), (36, 120))
    x0, label, value = 340, _font(22), _font(34)
    org = card.org_number
    rows = (
        ("Navn", f"{card.first_name} {card.last_name}"),
        ("Arbeidsgiver", card.employer_name),
        ("Org.nr.", f"{org[:3]} {org[3:6]} {org[6:]}"),
        ("Kortnummer", card.card_number),
        ("Gyldig til", card.valid_to(today).strftime("%d.%m.%Y")),
    )
    y = 112
    for name, text in rows:
        draw.text((x0, y), name, font=label, fill=(90, 90, 90))
        draw.text((x0, y + 24), text, font=value, fill=(20, 20, 20))
        y += 96
    return img


def both_sides(card: ReferenceCard, *, today: date = SAMPLE_DATE) -> Image.Image:
    """Front above back on one sheet, as a photocopy of the card in a contractor's paperwork looks."""
    gap = 40
    sheet = Image.new("RGB", (CARD_SIZE[0] + 2 * gap, 2 * CARD_SIZE[1] + 3 * gap), "white")
    sheet.paste(front(card, today=today), (gap, gap))
    sheet.paste(back(card), (gap, CARD_SIZE[1] + 2 * gap))
    return sheet


def hostile() -> Image.Image:
    """A card-like back whose QR code points at a look-alike host (contract §2: suspicious)."""
    return back(REFERENCE_CARDS[0], qr_text=HOSTILE_QR_TEXT, barcode=False)


def generate(out_dir: Path, *, today: date = SAMPLE_DATE) -> list[Path]:
    """Write `<card>_front.png`, `<card>_back.png`, `<card>_both.png` for every reference card, and
    `hostile_qr.png`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for card in REFERENCE_CARDS:
        sides = (
            ("front", front(card, today=today)),
            ("back", back(card)),
            ("both", both_sides(card, today=today)),
        )
        for side, img in sides:
            path = out_dir / f"{card.card_number}_{side}.png"
            img.save(path, optimize=True)
            written.append(path)
    path = out_dir / "hostile_qr.png"
    hostile().save(path, optimize=True)
    written.append(path)
    return written
