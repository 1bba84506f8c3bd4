"""Decoders and the registry, on real images: the sample cards and symbols drawn here."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
import zxingcpp

from sandbox.reference_cards import BY_NUMBER
from sandbox.samples import SAMPLES_DIR
from sandbox.samples.cards import back
from scanner.decoders.opencv import OpenCvDecoder
from scanner.decoders.registry import PHONE, NoDecoder, load_decoders
from scanner.decoders.zbar import ZbarDecoder
from scanner.decoders.zxing import ZxingDecoder
from scanner.frames import load_path, pil_to_gray
from scanner.symbols import CODE128, QR, Symbol

CARD = BY_NUMBER["10000004"]


@pytest.fixture(scope="module")
def back_gray() -> np.ndarray:
    return load_path(SAMPLES_DIR / "10000004_back.png")


def test_registry_prefers_zxing_then_pyzbar_then_opencv():
    decoders = load_decoders()
    assert decoders.names == ("zxing-cpp", "pyzbar", "opencv")
    assert decoders.frame_decoder.name == "zxing-cpp"
    assert "zxing-cpp → pyzbar → opencv" in decoders.explain()


def test_registry_simulates_the_phone_without_zxing():
    phone = load_decoders(exclude=["zxing-cpp"])
    assert phone.names == PHONE
    assert phone.frame_decoder.name == "pyzbar"
    assert (
        load_decoders(only=["opencv", "pyzbar"]).names == PHONE
    )  # order is the registry's, not the caller's


def test_registry_rejects_unknown_decoder_names():
    with pytest.raises(ValueError, match="zxing"):
        load_decoders(only=["zxing"])


def test_registry_with_nothing_left_raises_no_decoder():
    with pytest.raises(NoDecoder):
        load_decoders(only=[])


@pytest.mark.parametrize("decoder_cls", [ZxingDecoder, ZbarDecoder])
def test_qr_and_barcode_decoders_read_both_codes_of_a_card_back(decoder_cls, back_gray):
    symbols = set(decoder_cls().decode(back_gray))
    assert symbols == {Symbol(QR, CARD.qr_text), Symbol(CODE128, CARD.barcode_text)}


def test_opencv_reads_the_qr_code_of_a_card_back(back_gray):
    assert OpenCvDecoder().decode(back_gray) == (Symbol(QR, CARD.qr_text),)


@pytest.mark.parametrize("decoder_cls", [ZxingDecoder, ZbarDecoder, OpenCvDecoder])
def test_decoders_find_nothing_on_a_card_front(decoder_cls):
    assert decoder_cls().decode(load_path(SAMPLES_DIR / "10000004_front.png")) == ()


@pytest.mark.parametrize("decoder_cls", [ZxingDecoder, ZbarDecoder])
def test_restricted_decoders_ignore_formats_a_card_does_not_carry(decoder_cls):
    ean = np.asarray(
        zxingcpp.create_barcode("5901234123457", zxingcpp.BarcodeFormat.EAN13).to_image(scale=4),
        dtype=np.uint8,
    )
    ean = np.pad(ean, 40, constant_values=255)
    assert decoder_cls().decode(ean) == ()
    assert (
        decoder_cls.defaults().decode(ean) != ()
    )  # the same image is readable: only the restriction hides it


def test_zxing_reads_itf_and_code39_as_the_contract_allows():
    for fmt, name in ((zxingcpp.BarcodeFormat.ITF, "ITF"), (zxingcpp.BarcodeFormat.Code39, "Code39")):
        text = "1234567851000000" if name == "ITF" else CARD.barcode_text  # ITF needs an even length
        img = np.pad(
            np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=3), dtype=np.uint8),
            40,
            constant_values=255,
        )
        assert ZxingDecoder().decode(img) == (Symbol(name, text),)
        assert ZbarDecoder().decode(img) == (Symbol(name, text),)


async def test_decoders_give_the_same_answers_from_many_threads_at_once(back_gray):
    decoders = load_decoders().decoders
    expected = [set(d.decode(back_gray)) for d in decoders]
    for _ in range(3):
        results = await asyncio.gather(
            *(asyncio.to_thread(d.decode, back_gray) for d in decoders for _ in range(4))
        )
        assert [set(r) for r in results] == [e for e in expected for _ in range(4)]


def test_card_back_drawn_in_memory_reads_like_the_shipped_file():
    assert set(ZxingDecoder().decode(pil_to_gray(back(CARD)))) == {
        Symbol(QR, CARD.qr_text),
        Symbol(CODE128, CARD.barcode_text),
    }
