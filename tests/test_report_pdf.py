"""The suspicious-card report (issue 12): a real PDF made by fpdf2, read back with pypdf."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from PIL import Image
from pypdf import PdfReader

from app.model import Card, CardStatus, Category, CheckResult, Employer, Holder, QrRef, StatusReason, Verdict
from app.rules import judge
from app.services.report import ReportInput, ReportPhotoError, build_report, file_name

TODAY = date(2026, 5, 4)
MADE = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)


def lost_card_result() -> CheckResult:
    holder = Holder("Piotr", "Testowy", date(1988, 2, 3), True)
    card = Card(
        "10000004",
        Category.BYGG,
        CardStatus.SPERRET,
        StatusReason.TAPT,
        TODAY - timedelta(days=300),
        TODAY + timedelta(days=400),
        Employer("987654325", "Fjellstøtt Entreprenør AS"),
        datetime(2026, 5, 4, 9, 29, tzinfo=UTC),
        holder,
    )
    return judge(card, today=TODAY, ref=QrRef("c2LufYNuydk9sgEWl2agE4aE"))


def photo(colour: str, size=(900, 600), fmt="JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_names_card_reason_scan_and_time_but_not_the_holder():
    result = lost_card_result()
    assert result.verdict is Verdict.INVALID
    data = build_report(ReportInput(result, MADE, site="Storgata 1, Oslo"), "nb")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in ("10000004", "Sperret – meldt tapt", "QR-kode", "Storgata 1, Oslo", "Fjellstøtt"):
        assert expected in text, expected
    for personal in ("Piotr", "Testowy", "03.02.1988", "c2LufYNuydk9sgEWl2agE4aE"):
        assert personal not in text, personal


def test_what_the_inspector_adds_goes_in_with_both_photos():
    result = lost_card_result()
    plain = build_report(ReportInput(result, MADE), "en")
    with_photos = build_report(
        ReportInput(
            result,
            MADE,
            note="Name on ID: A. Person",
            photo_front=photo("red"),
            photo_back=photo("blue", fmt="PNG"),
        ),
        "en",
    )
    text = pdf_text(with_photos)
    assert "Name on ID: A. Person" in text
    assert "Front of the card" in text and "Back of the card" in text
    assert sum(len(page.images) for page in PdfReader(io.BytesIO(with_photos)).pages) == 2
    assert not any(page.images for page in PdfReader(io.BytesIO(plain)).pages)
    assert "No photos" in pdf_text(plain)


def test_a_photo_that_is_not_an_image_is_a_clear_error():
    with pytest.raises(ReportPhotoError):
        build_report(ReportInput(lost_card_result(), MADE, photo_front=b"not an image"), "nb")


def test_the_file_name_names_the_card_and_time_only():
    name = file_name(lost_card_result(), MADE)
    assert name.startswith("hmskort-melding-10000004-") and name.endswith(".pdf")
    assert "/" not in name and " " not in name


def test_a_suspicious_qr_report_names_where_it_points_and_survives_odd_characters():
    result = CheckResult(
        Verdict.INVALID,
        "SUSPICIOUS_QR",
        None,
        problem="other_host",
        problem_params=(("host", "hmskort.no.evil.example\u202e\U0001d54f\x00"),),
    )
    data = build_report(ReportInput(result, MADE), "nb")
    text = pdf_text(data)
    assert "hmskort.no.evil.example" in text and "Mistenkelig QR-kode" in text
    assert file_name(result, MADE).startswith("hmskort-melding-ukjent-")
