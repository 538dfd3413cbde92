"""Saudi e-invoice QR codes (``zatca_qr``): Base64 of TLV, tags 1 to 5 (phase 1) and 6 to
9 (phase 2), decoded from the page by the ``qr_codes`` segmenter (gulf journey, finding 5:
a QR code whose total disagreed with the printed total was accepted, as no type read it)."""

from __future__ import annotations

import base64
import re
from datetime import date
from decimal import Decimal

import pytest

from formsift.plugins.fieldtypes.zatca_qr import parse_zatca_qr

# ZATCA's example in its e-invoicing guidelines (seller "Bobs Records"), as the Base64
# payload published there and reproduced by many encoders' tests.
BOBS = ("AQxCb2JzIFJlY29yZHMCDzMxMDEyMjM5MzUwMDAwMwMUMjAyMi0wNC0yNVQxNTozMDowMFoEBzEwMDAu"
        "MDAFBjE1MC4wMA==")


def tlv(*elements: tuple[int, bytes | str]) -> str:
    data = b""
    for tag, value in elements:
        raw = value.encode("utf-8") if isinstance(value, str) else value
        data += bytes([tag, len(raw)]) + raw
    return base64.b64encode(data).decode("ascii")


def phase1(seller: str = "شركة النور للتجارة", vat: str = "300123456700003",
           ts: str = "2026-03-15T08:00:00Z", total: str = "2300.00",
           vat_total: str = "300.00") -> str:
    return tlv((1, seller), (2, vat), (3, ts), (4, total), (5, vat_total))


def test_zatcas_published_example():
    assert tlv((1, "Bobs Records"), (2, "310122393500003"), (3, "2022-04-25T15:30:00Z"),
               (4, "1000.00"), (5, "150.00")) == BOBS
    qr = parse_zatca_qr(BOBS)
    assert qr["seller_name"] == "Bobs Records"
    assert qr["vat_number"] == "310122393500003"
    assert qr["timestamp"] == "2022-04-25T15:30:00Z"
    assert qr["date"] == date(2022, 4, 25)
    assert qr["total"] == Decimal("1000.00") and qr["vat_total"] == Decimal("150.00")
    assert qr["phase"] == "1" and qr["invoice_hash"] is None


def test_an_arabic_seller_name_and_phase_2_tags():
    key, stamp = bytes(range(88)), bytes(range(70))
    payload = tlv((1, "شركة النور للتجارة"), (2, "300123456700003"),
                  (3, "2026-03-14T10:22:00"), (4, "4830.00"), (5, "630.00"),
                  (6, "bWQ1aGFzaA=="), (7, "MEUCIQD..."), (8, key), (9, stamp))
    qr = parse_zatca_qr(payload)
    assert qr["seller_name"] == "شركة النور للتجارة"
    assert qr["phase"] == "2"
    assert qr["invoice_hash"] == "bWQ1aGFzaA==" and qr["signature"] == "MEUCIQD..."
    assert base64.b64decode(qr["public_key"]) == key
    assert base64.b64decode(qr["stamp"]) == stamp


@pytest.mark.parametrize(("payload", "why"), [
    ("not base64!", "not Base64"),
    (tlv((1, "A"), (2, "300123456700003"), (3, "2026-03-15T08:00:00Z"), (4, "1.00")),
     "tag(s) 5 missing"),
    (phase1(vat="300123456700004"), "not a Saudi VAT number"),
    (phase1(ts="15/03/2026"), "not an ISO 8601"),
    (phase1(total="2,300.00"), "not an amount"),
    (phase1(total="100.00", vat_total="300.00"), "more than the invoice total"),
    (base64.b64encode(base64.b64decode(phase1())[:-3]).decode(), "follow"),
    (tlv((1, "A"), (1, "B"), (2, "300123456700003"), (3, "2026-03-15T08:00:00Z"),
         (4, "1.00"), (5, "0.15")), "given twice"),
])
def test_a_payload_that_breaks_the_format_is_no_value(payload, why):
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_zatca_qr(payload)


TEMPLATE = """template sa_invoice {
  currency "SAR"
  field qr: zatca_qr = anywhere
  field total: money = right of "Total incl. VAT"
  field vat: money = right of "VAT 15%"
  field seller_vat: id(/3\\d{13}3/) = right of "VAT No."
  rule qr_total: qr.total == total
  rule qr_vat: qr.vat_total == vat
  rule qr_seller: qr.vat_number == seller_vat
  rule vat_no: valid_id("sa.vat", seller_vat)
}
"""


def invoice_pdf(payload: str, total: str = "2,300.00", vat: str = "300.00") -> bytes:
    import cv2
    import pymupdf

    from tests.test_qr_codes import qr_image

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 100), "TAX INVOICE  JT-0091", fontsize=14)
    page.insert_text((60, 130), "VAT No. 300123456700003", fontsize=11)
    page.insert_text((60, 160), f"VAT 15% {vat}", fontsize=11)
    page.insert_text((60, 190), f"Total incl. VAT {total}", fontsize=11)
    ok, png = cv2.imencode(".png", qr_image(payload, module_px=6))
    assert ok
    page.insert_image(pymupdf.Rect(60, 600, 200, 740), stream=png.tobytes())
    data = doc.tobytes()
    doc.close()
    return data


def test_a_qr_code_that_agrees_with_the_print_is_accepted(engine):
    r = engine.extract(invoice_pdf(phase1()), template=TEMPLATE, name="sa.pdf")
    assert r.status.value == "accepted", r.reasons
    assert r.fields["qr"].source == "qr_codes"
    assert r.fields["qr"].value["total"] == Decimal("2300.00")
    record = r.record()
    assert record["qr"]["total"] == "2300.00" and record["qr"]["date"] == "2026-03-15"


def test_a_qr_code_whose_total_disagrees_goes_to_review(engine):
    r = engine.extract(invoice_pdf(phase1(total="2530.00", vat_total="330.00")),
                       template=TEMPLATE, name="sa.pdf")
    assert r.status.value == "review"
    failed = {x.rule for x in r.reasons if x.code == "rule_failed"}
    assert failed == {"qr_total", "qr_vat"}


def test_a_broken_payload_says_why(engine):
    r = engine.extract(invoice_pdf(phase1(vat="300123456700004")), template=TEMPLATE,
                       name="sa.pdf")
    about = [x for x in r.reasons if x.field == "qr"]
    assert r.status.value == "review"
    assert len(about) == 1 and about[0].code == "invalid_value"
    assert "not a valid ZATCA QR code: the VAT number" in about[0].message
