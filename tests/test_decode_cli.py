"""`hmskort decode` and `hmskort samples` through the real argument parser."""

from __future__ import annotations

import json

from app.cli import main
from sandbox.reference_cards import BY_NUMBER
from sandbox.samples import SAMPLES_DIR

CARD = BY_NUMBER["10000004"]


def _lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_decode_json_prints_one_object_per_image_and_goes_on_after_errors(capsys, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("not an image")
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    back = str(SAMPLES_DIR / "10000004_back.png")
    rc = main(["decode", str(junk), back, str(empty), str(tmp_path / "missing.jpg"), "--json"])
    out = _lines(capsys)
    assert rc == 1
    assert [o["image"] for o in out] == [str(junk), back, str(empty), str(tmp_path / "missing.jpg")]
    assert "not an image" in out[0]["error"]
    assert (
        out[1]["symbols"]
        == [
            {"format": "QRCode", "text": CARD.qr_text},
            {"format": "Code128", "text": CARD.barcode_text},
        ]
        and isinstance(out[1]["ms"], float)
        and "error" not in out[1]
    )
    assert "empty" in out[2]["error"] and "no such file" in out[3]["error"]


def test_decode_of_a_front_is_an_empty_symbol_list_not_an_error(capsys):
    assert main(["decode", str(SAMPLES_DIR / "10000004_front.png"), "--json"]) == 0
    (obj,) = _lines(capsys)
    assert obj["symbols"] == [] and "error" not in obj


def test_decode_without_json_prints_a_readable_line(capsys):
    assert main(["decode", str(SAMPLES_DIR / "hostile_qr.png")]) == 0
    assert "QRCode 'https://hmskort.no.evil.example/k/" in capsys.readouterr().out


def test_decode_with_the_phone_decoders_only(capsys):
    assert main(["decode", str(SAMPLES_DIR / "10000004_back.png"), "--exclude", "zxing-cpp", "--json"]) == 0
    (obj,) = _lines(capsys)
    assert {s["text"] for s in obj["symbols"]} == {CARD.qr_text, CARD.barcode_text}


def test_decode_with_no_decoder_left_is_a_usage_error(capsys):
    rc = main(["decode", "x.png", "--exclude", "zxing-cpp,pyzbar,opencv"])
    assert rc == 2 and "no barcode decoder" in capsys.readouterr().err


def test_samples_regenerates_every_file(tmp_path, capsys):
    assert main(["samples", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in SAMPLES_DIR.glob("*.png"))


def test_scan_decodes_and_verifies_against_the_embedded_sandbox(capsys):
    rc = main(["scan", str(SAMPLES_DIR / "10000004_back.png"), "--json"])
    (obj,) = _lines(capsys)
    assert rc == 20 and obj["verdict"] == "invalid" and obj["reason"] == "TAPT"
    assert obj["card"]["cardNumber"] == CARD.card_number
    assert {s["format"] for s in obj["symbols"]} == {"QRCode", "Code128"}


def test_scan_of_a_hostile_qr_is_invalid_and_suspicious(capsys):
    assert main(["scan", str(SAMPLES_DIR / "hostile_qr.png"), "--json"]) == 20
    (obj,) = _lines(capsys)
    assert obj["reason"] == "SUSPICIOUS_QR"


def test_scan_of_a_valid_qr_pasted_above_a_blocked_cards_barcode_is_invalid(capsys, tmp_path):
    from sandbox.samples.cards import back

    ola = BY_NUMBER["10000001"]
    forged = back(ola)  # Ola's QR code, with the barcode of card 10000004 pasted below it
    forged.paste(back(CARD).crop((480, 430, 1012, 600)), (480, 430))
    path = tmp_path / "mixed.png"
    forged.save(path)
    main(["scan", str(path), "--json"])
    (obj,) = _lines(capsys)
    assert {s["text"] for s in obj["symbols"]} == {ola.qr_text, CARD.barcode_text}
    assert (obj["verdict"], obj["reason"]) == ("invalid", "CODES_DISAGREE")
    assert "CARD_NUMBER_MISMATCH" in {w["code"] for w in obj["warnings"]}


def test_scan_of_an_image_without_a_code_says_so(capsys):
    assert main(["scan", str(SAMPLES_DIR / "10000004_front.png"), "--json"]) == 1
    (obj,) = _lines(capsys)
    assert "no QR code or barcode" in obj["error"]
