"""1D and 2D barcodes (surveys journey, stop 32: a respondent ID in Code 128/39, delivery
notes' SSCC and EAN were not read; only QR codes were): the ``barcodes`` segmenter
(ZXing-C++, extra ``barcodes``) and the ``barcode`` and ``gs1`` field types, on codes
drawn by ZXing-C++'s encoder in a born-digital PDF and in a 150-dpi scan."""

from __future__ import annotations

import sys
from datetime import date

import pytest

pytest.importorskip("zxingcpp")

from formsift import Engine
from formsift.core.errors import ComponentNotFound
from formsift.plugins.fieldtypes.barcode import parse_gs1
from formsift.plugins.ocr.models import models_available

from .barcode_pages import LABEL_CODES, codes_pdf, scanned

TEMPLATE = """template delivery {
  field sscc: gs1("code128") = anywhere
  field ean: barcode("ean13") = anywhere
  field respondent: barcode(format="code39", pattern=/RS-\\d{6}/) = anywhere
  field tracking: barcode("code128", pattern=/JJD\\d+/) = anywhere
  field carton: barcode("itf") = anywhere
  field lot: gs1("datamatrix") = anywhere
}
"""
PAYLOADS = {label: payload for label, payload, _, _ in LABEL_CODES}


# ------------------------------------------------------------------ GS1 payloads
def test_gs1_element_strings_and_check_digits() -> None:
    sscc = parse_gs1("(00)340123450000000017")
    assert sscc["sscc"] == "340123450000000017" and sscc["ais"] == {"00": "340123450000000017"}
    lot = parse_gs1("(01)04006381333931(10)L2026-07(17)271200(37)24")
    assert (lot["gtin"], lot["batch"], lot["count"]) == ("04006381333931", "L2026-07", 24)
    assert lot["expiry"] == date(2027, 12, 31)  # day 00: the month's last day
    assert parse_gs1("4006381333931")["gtin"] == "04006381333931"  # an EAN-13's GTIN
    for bad, why in [("(00)340123450000000018", "SSCC 340123450000000018 has a wrong "
                      "check digit"),
                     ("(01)04006381333932", "gtin 04006381333932 has a wrong check digit"),
                     ("(00)3401234500000017", "is not 18 characters"),
                     ("(17)271332", "no month 13"),
                     ("4006381333932", "wrong check digit"),
                     ("JJD0099912345678", "no GS1 application identifier")]:
        with pytest.raises(ValueError, match=why):
            parse_gs1(bad)


# ------------------------------------------------------------------ end to end
def _check_values(r, scan: bool = False) -> None:
    assert r.status.value == "accepted", r.reasons
    assert r.fields["sscc"].value["sscc"] == "340123450000000017"
    assert r.fields["ean"].value == PAYLOADS["EAN"]
    assert r.fields["respondent"].value == PAYLOADS["Respondent"]
    assert r.fields["tracking"].value == PAYLOADS["Tracking"]
    assert r.fields["carton"].value == PAYLOADS["Carton"]
    lot = r.fields["lot"].value
    assert (lot["gtin"], lot["batch"], lot["expiry"]) == ("04006381333931", "L2026-07",
                                                          date(2027, 12, 31))
    for name in ("sscc", "ean", "respondent", "tracking", "carton", "lot"):
        fv = r.fields[name]
        assert fv.source == "barcodes" and fv.page == 1
    # the boxes: each code where the page placed it, one row each (codes_pdf)
    boxes = {name: r.fields[name].box for name in ("sscc", "ean", "respondent", "lot")}
    assert all(0.29 < b[0] < 0.46 and b[2] < 0.82 for b in boxes.values()), boxes
    tol = 0.03 if scan else 0.01
    assert abs(boxes["sscc"][1] - 110 / 842) < tol and abs(boxes["ean"][1] - 205 / 842) < tol
    assert boxes["sscc"][3] < boxes["ean"][1] < boxes["respondent"][1] < boxes["lot"][1]
    # each code's symbology is in the page's note
    found = r.page_info[0].notes["barcodes"]["found"]
    assert {f["text"]: f["symbology"] for f in found} == {
        "(00)340123450000000017": "code128", PAYLOADS["EAN"]: "ean13",
        PAYLOADS["Respondent"]: "code39", PAYLOADS["Tracking"]: "code128",
        PAYLOADS["Carton"]: "itf", PAYLOADS["Lot"]: "datamatrix"}


def test_barcodes_in_a_born_digital_pdf(engine: Engine) -> None:
    r = engine.extract(codes_pdf(), template=TEMPLATE, name="delivery.pdf")
    _check_values(r)
    assert any(c.name == "barcodes" and c.kind == "segmenter" for c in r.audit.components)
    words = [w for w in r.page_info[0].words if w.source == "barcodes"]
    assert len(words) == 6


@pytest.mark.skipif(not models_available(), reason="OCR models are not installed")
def test_barcodes_in_a_150_dpi_scan(engine: Engine) -> None:
    """Rendered at 150 dpi, turned 2 degrees, blurred, noisy, JPEG."""
    r = engine.extract(scanned(codes_pdf()), template=TEMPLATE, name="delivery.jpg")
    _check_values(r, scan=True)


def test_a_field_takes_only_the_codes_of_its_format_never_the_print(engine: Engine) -> None:
    """An EAN-13 field on a page whose EAN is printed as text (the human-readable digits)
    but has no EAN-13 code: no value, though the digits parse and a Code 128 is there."""
    import pymupdf

    doc = pymupdf.open(stream=codes_pdf([c for c in LABEL_CODES if c[0] == "Tracking"]))
    doc[0].insert_text((60, 400), f"EAN {PAYLOADS['EAN']}", fontsize=11)
    pdf = doc.tobytes()
    template = """template t {
  field ean: barcode("ean13")? = anywhere
  field any_code: barcode = anywhere
  field printed: id(/\\d{13}/) = right of "EAN"
}
"""
    r = engine.extract(pdf, template=template, name="t.pdf")
    assert r.fields.get("ean") is None
    assert r.fields["any_code"].value == PAYLOADS["Tracking"]  # a whole payload
    assert r.fields["printed"].value == PAYLOADS["EAN"]  # the print, read as text


@pytest.mark.parametrize("optional", ["", "?"])
def test_a_damaged_barcode_is_no_value(engine: Engine, optional: str) -> None:
    """A torn Code 128: no value (never a part of it), the others read; required, the
    record goes to review with a reason."""
    template = TEMPLATE.replace("pattern=/JJD\\d+/)", "pattern=/JJD\\d+/)" + optional)
    assert optional in template
    r = engine.extract(codes_pdf(damage={"Tracking"}), template=template, name="d.pdf")
    assert r.fields.get("tracking") is None
    assert r.fields["respondent"].value == PAYLOADS["Respondent"]
    found = [f["text"] for f in r.page_info[0].notes["barcodes"]["found"]]
    assert PAYLOADS["Tracking"] not in found and len(found) == 5
    about = [x for x in r.reasons if x.field == "tracking"]
    if optional:
        assert r.status.value == "accepted" and not about
    else:
        assert r.status.value == "review" and about[0].code == "field_missing"


def test_a_misprinted_barcode_is_said_not_read(engine: Engine) -> None:
    """A Code 128 whose check character fails (bars misprinted): located, not decoded,
    and said so for the field it may be; never its misread text."""
    from .barcode_pages import misprinted

    images = {"Tracking": misprinted(PAYLOADS["Tracking"])}
    r = engine.extract(codes_pdf(images=images), template=TEMPLATE, name="m.pdf")
    assert r.fields.get("tracking") is None and r.status.value == "review"
    undecoded = r.page_info[0].notes["barcodes"]["undecoded"]
    assert [(u["symbology"], u["error"]) for u in undecoded] == [("code128", "checksum")]
    about = [x for x in r.reasons if x.field == "tracking"]
    assert about[0].code == "invalid_value" and "a code128 code was found but did not " \
        "decode (checksum)" in about[0].message, r.reasons
    assert r.fields["respondent"].value == PAYLOADS["Respondent"]  # a code39: not it
    assert not [x for x in r.reasons if x.field in ("respondent", "ean", "carton")]


def test_a_gs1_code_with_a_wrong_check_digit_is_an_invalid_value(engine: Engine) -> None:
    codes = [("SSCC", "(00)340123450000000018", "code128", True)]
    r = engine.extract(codes_pdf(codes), template='template t { field s: gs1 = anywhere }',
                       name="s.pdf")
    assert r.fields.get("s") is None and r.status.value == "review"
    assert any(x.code == "invalid_value" and "SSCC 340123450000000018 has a wrong check "
               "digit" in x.message for x in r.reasons), r.reasons


def test_a_payload_is_a_word_other_types_read(engine: Engine) -> None:
    """A pipeline naming the segmenter decodes a born-digital page's codes too: an ``id``
    field reads a respondent ID from its code's word (the journey's QR recipe)."""
    template = """template s {
  pipeline {
    segment ppocr_det, barcodes(formats=["code39", "qr"])
  }
  field rid: id(/RS-\\d{6}/) = anywhere
}
"""
    r = engine.extract(codes_pdf(), template=template, name="s.pdf")
    assert r.fields["rid"].value == PAYLOADS["Respondent"]
    assert r.fields["rid"].source == "barcodes"
    assert [f["symbology"] for f in r.page_info[0].notes["barcodes"]["found"]] == ["code39"]


def test_a_qr_field_of_the_barcode_type_reads_qr_codes(engine: Engine) -> None:
    """``barcode("qr")``: the segmenter, run for the field, reads QR codes too."""
    codes = [("Survey", "https://example.com/s/RS-204517", "qr", False)]
    r = engine.extract(codes_pdf(codes), template='template t { field u: barcode("qr") '
                       '= anywhere }', name="q.pdf")
    assert r.fields["u"].value == "https://example.com/s/RS-204517"


def test_an_unknown_format_is_a_template_error(engine: Engine) -> None:
    from formsift.core.errors import TemplateError

    with pytest.raises(TemplateError, match=r"unknown barcode format.*'ean14'"):
        engine.extract(codes_pdf(), template='template t { field e: barcode("ean14") = '
                       'anywhere }', name="e.pdf")


def test_without_zxing_the_error_names_the_extra(monkeypatch) -> None:
    pdf = codes_pdf()
    monkeypatch.setitem(sys.modules, "zxingcpp", None)  # import fails
    with pytest.raises(ComponentNotFound, match=r"zxing-cpp.*formsift\[barcodes\]"):
        Engine(seen_store="memory").extract(pdf, template=TEMPLATE, name="d.pdf")


def test_two_readings_of_one_code_are_no_value(monkeypatch) -> None:
    """Two binarizers reading one code as two payloads: neither is trusted."""
    import numpy as np
    import zxingcpp

    from formsift.plugins.segment import barcodes as bc

    class P:
        def __init__(self, x: int, y: int) -> None:
            self.x, self.y = x, y

    class Pos:
        top_left, top_right, bottom_right, bottom_left = P(10, 10), P(90, 10), P(90, 40), \
            P(10, 40)

    class Code:
        def __init__(self, text: str) -> None:
            self.text, self.valid, self.error, self.position = text, True, None, Pos()
            self.format = zxingcpp.BarcodeFormat.Code39
            self.content_type = zxingcpp.ContentType.Text

    readings = iter([[Code("RS-204517")], [Code("RS-204511")], []])
    monkeypatch.setattr(zxingcpp, "read_barcodes", lambda *a, **k: next(readings))
    decoded, undecoded = bc.decode_barcodes(np.full((100, 100), 255, np.uint8))
    assert decoded == [] and undecoded[0]["error"] == "read two ways"


def _blurred_qr(payload: str):
    """A 20 mm QR code at 150 dpi, blurred (sigma 1.2 px), on a white margin."""
    import cv2

    from .barcode_pages import barcode_image

    img = barcode_image(payload, "qr", scale=8)
    f = 20 / 25.4 * 150 / img.shape[1]
    img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    img = cv2.copyMakeBorder(img, 60, 60, 60, 60, cv2.BORDER_CONSTANT, value=255)
    return cv2.GaussianBlur(img, (0, 0), 1.2)


def test_qr_codes_are_decoded_by_zxing_where_installed(monkeypatch) -> None:
    """A blurred 20 mm QR code at 150 dpi, which OpenCV's detectors do not decode
    (bench_barcodes.py: 1 of 10), is decoded by ``qr_codes`` through ZXing-C++; without
    ZXing-C++ the OpenCV path still reads a sharp one."""
    from formsift.plugins.segment.qr_codes import decode_qr

    url = "https://example.com/s/503919"
    assert [t for t, _ in decode_qr(_blurred_qr(url))] == [url]
    from .test_qr_codes import qr_image

    monkeypatch.setitem(sys.modules, "zxingcpp", None)
    assert [t for t, _ in decode_qr(qr_image(url))] == [url]


def test_a_code_of_another_format_is_no_reason_for_a_field(engine: Engine) -> None:
    """A GS1-128 whose SSCC has a wrong check digit says nothing of an optional GS1 Data
    Matrix field: only codes of the field's formats are its misfits."""
    codes = [("SSCC", "(00)340123450000000018", "code128", True)]
    r = engine.extract(codes_pdf(codes), template='template t { field lot: '
                       'gs1("datamatrix")? = anywhere\n field label: barcode("code128") '
                       '= anywhere }', name="s.pdf")
    assert r.fields.get("lot") is None
    assert r.fields["label"].value == "(00)340123450000000018"
    assert r.status.value == "accepted" and not r.reasons, r.reasons
