"""The suspicious-card report (issue 12): one PDF the inspector can send on.

It holds what the check knew (card number, what was scanned, verdict and reason, time, employer) plus
what the inspector adds (site, a note, photos of both sides of the card). Nothing about the holder
from the register goes in: no name, birth date or portrait, and no QR token (the card's key to the
holder's data). Whatever personal data is in it, the inspector put there. Nothing is written to disk
here: the PDF is returned as bytes for the inspector to save or share.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from app.i18n import t
from app.model import BarcodeRef, CardNumberRef, CheckResult, ChipRef, QrRef
from app.rules import asked_card_number
from app.services.messages import problem_text, reason_text
from app.services.pdf import new_pdf

#: a photo is scaled down to this many pixels on its long side: enough to read a card, bounded size
PHOTO_MAX_SIDE = 1600
#: larger images are refused before decoding (a decompression bomb must not exhaust memory)
PHOTO_MAX_PIXELS = 40_000_000


class ReportPhotoError(ValueError):
    """A photo the inspector added is not an image that can go into the report."""


@dataclass(frozen=True, slots=True)
class ReportInput:
    result: CheckResult
    made_at: datetime
    site: str = ""
    note: str = ""
    photo_front: bytes | None = None
    photo_back: bytes | None = None


def card_number_of(result: CheckResult) -> str:
    """The card number the check was about, or "–" (a code that named none)."""
    if result.card is not None:
        return result.card.card_number
    return asked_card_number(result.ref) or "–"


def scanned_text(result: CheckResult, lang: str) -> str:
    """What was scanned, in words; for a code that is not a card, exactly what is wrong with it."""
    ref = result.ref
    if isinstance(ref, QrRef):
        kind = t("report.scanned.qr", lang)
    elif isinstance(ref, BarcodeRef):
        kind = t("report.scanned.barcode", lang)
    elif isinstance(ref, ChipRef):
        kind = t("report.scanned.chip", lang)
    elif isinstance(ref, CardNumberRef):
        kind = t("report.scanned.card_number", lang)
    else:
        kind = t("report.scanned.code", lang)
    problem = problem_text(result, lang)
    return f"{kind}. {problem}" if problem else kind


def file_name(result: CheckResult, made_at: datetime) -> str:
    """A file name that sorts by time and names the card (digits only: safe on every file system)."""
    number = "".join(c for c in card_number_of(result) if c.isdigit()) or "ukjent"
    return f"hmskort-melding-{number}-{made_at.astimezone().strftime('%Y%m%d-%H%M%S')}.pdf"


def _jpeg(data: bytes) -> io.BytesIO:
    """The photo re-encoded as a bounded JPEG (also strips its EXIF, e.g. the GPS position)."""
    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > PHOTO_MAX_PIXELS:
                raise ReportPhotoError("too many pixels")
            img = ImageOps.exif_transpose(img).convert("RGB")
            img.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            out = io.BytesIO()
            img.save(out, "JPEG", quality=85)
    except ReportPhotoError:
        raise
    except Exception as exc:  # not an image Pillow can read: a message, not a crash
        raise ReportPhotoError(type(exc).__name__) from None
    out.seek(0)
    return out


def build_report(data: ReportInput, lang: str = "nb") -> bytes:
    """The report as PDF bytes. Raises `ReportPhotoError` when an added photo is not an image."""
    result = data.result
    photos = [
        (key, _jpeg(raw)) for key, raw in (("front", data.photo_front), ("back", data.photo_back)) if raw
    ]

    pdf = new_pdf(t("report.title", lang), heading_size=18, heading_height=9)
    pdf.ln(3)

    verdict = t(f"verdict.{result.verdict}", lang)
    reason = reason_text(result, lang)
    rows = [
        ("report.card_number", card_number_of(result)),
        ("report.scanned", scanned_text(result, lang)),
        ("report.verdict", f"{verdict}: {reason}" if reason else verdict),
        ("report.time", data.made_at.astimezone().strftime("%d.%m.%Y %H:%M:%S")),
    ]
    if result.card is not None:
        checked = result.card.checked_at.astimezone().strftime("%d.%m.%Y %H:%M:%S")
        rows.append(("report.checked_at", checked))
        employer = result.card.employer
        rows.append(("report.employer", f"{employer.name} ({employer.org_number})"))
    rows.append(("report.site", data.site.strip() or t("report.not_given", lang)))
    if data.note.strip():
        rows.append(("report.note", data.note.strip()))
    for key, value in rows:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, t(key, lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 7, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    for key, image in photos:
        pdf.set_font("DejaVu", "B", 11)
        pdf.multi_cell(0, 6, t(f"report.photo_{key}", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.image(image, w=min(170, pdf.epw))
        pdf.ln(3)
    if not photos:
        pdf.set_font("DejaVu", "", 11)
        pdf.multi_cell(0, 6, t("report.no_photos", lang), new_x="LMARGIN", new_y="NEXT")

    pdf.ln(4)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(0, 5, t("report.privacy", lang), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
