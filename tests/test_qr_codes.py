"""Payment QR codes: Swiss QR-bills (``swiss_qr``) and EPC GiroCodes (``epc_qr``), decoded
from the page images by the ``qr_codes`` segmenter, in a born-digital PDF and in a scan.
The codes are drawn here with OpenCV's encoder."""

from __future__ import annotations

from decimal import Decimal

import pytest

from formsift import Engine
from formsift.core.document import Word, group_lines
from formsift.core.geometry import Box
from formsift.plugins.fieldtypes.payment_qr import parse_epc_qr, parse_swiss_qr
from formsift.plugins.ocr.models import models_available

IBAN = "CH4431999123000889012"  # a QR-IBAN (IID 31999)
QRR = "210000000003139471430009017"


def swiss(amount: str = "1949.75", iban: str = IBAN, kind: str = "QRR", ref: str = QRR,
          currency: str = "CHF", sep: str = "\r\n", extra: tuple[str, ...] = ()) -> str:
    lines = ["SPC", "0200", "1", iban, "S", "Robert Schneider AG", "Rue du Lac", "1268",
             "2501", "Biel", "CH", "", "", "", "", "", "", "", amount, currency, "S",
             "Pia-Maria Rutschmann-Schnyder", "Grosse Marktgasse", "28", "9400",
             "Rorschach", "CH", kind, ref, "Auftrag vom 15.06.2020", "EPD", *extra]
    return sep.join(lines)


EPC = "\n".join(["BCD", "002", "1", "SCT", "COBADEFFXXX", "Schwarzwald Druck GmbH",
                 "DE89370400440532013000", "EUR1942.08", "", "", "Rechnung SD-2026-1187"])

TEMPLATE = """template qr_invoice {
  locale "de_CH"
  field total: money = right of "Total CHF"
  field iban: iban = right of "Konto"
  field qr: swiss_qr = anywhere
  rule qr_amount: qr.amount == total tolerance 0.001
  rule qr_iban: qr.iban == iban
  rule qr_ref: qr.reference_type != "QRR" or valid_id("ch.esr", qr.reference)
}
"""

EPC_TEMPLATE = """template giro {
  locale "de"
  field qr: epc_qr = anywhere
  rule eur: qr.currency == "EUR"
}
"""


def qr_image(payload: str, module_px: int = 8):
    """A QR code of ``payload`` (gray, white quiet zone), ``module_px`` pixels a module."""
    import cv2

    code = cv2.QRCodeEncoder.create().encode(payload)
    code = cv2.resize(code, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    return cv2.copyMakeBorder(code, 4 * module_px, 4 * module_px, 4 * module_px,
                              4 * module_px, cv2.BORDER_CONSTANT, value=255)


def invoice_pdf(payload: str | None, damage: bool = False, vector: bool = False) -> bytes:
    """A one-page invoice with a total, an IBAN and (unless None) the QR code of
    ``payload`` as an image (``vector``: drawn as black squares, as some invoicing
    software does), where a QR-bill's payment part places it."""
    import cv2
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((60, 100), "Rechnung RE-2026-0412", fontsize=14)
    page.insert_text((60, 160), "Total CHF 1'949.75", fontsize=11)
    page.insert_text((60, 190), "Konto CH44 3199 9123 0008 8901 2", fontsize=11)
    if payload is not None and vector:
        modules = qr_image(payload, module_px=1)[4:-4, 4:-4]
        side = 130 / modules.shape[0]
        shape = page.new_shape()
        for y, x in zip(*(modules < 128).nonzero(), strict=True):
            shape.draw_rect(pymupdf.Rect(190 + x * side, 600 + y * side,
                                         190 + (x + 1) * side, 600 + (y + 1) * side))
        shape.finish(color=None, fill=(0, 0, 0), width=0)
        shape.commit()
    elif payload is not None:
        image = qr_image(payload)
        if damage:  # a stain over a third of the code: beyond its error correction
            h, w = image.shape
            image[h // 4:h * 3 // 4, w // 5:w // 2] = 0
        ok, png = cv2.imencode(".png", image)
        assert ok
        page.insert_image(pymupdf.Rect(190, 600, 320, 730), stream=png.tobytes())
    data = doc.tobytes()
    doc.close()
    return data


# ------------------------------------------------------------------ payloads
def test_swiss_payload_parts() -> None:
    qr = parse_swiss_qr(swiss())
    assert qr["iban"] == IBAN and qr["qr_iban"] is True
    assert qr["amount"] == Decimal("1949.75") and qr["currency"] == "CHF"
    assert (qr["reference_type"], qr["reference"]) == ("QRR", QRR)
    assert qr["creditor_name"] == "Robert Schneider AG"
    assert qr["creditor_address"] == "Rue du Lac 1268, 2501 Biel"
    assert qr["debtor_name"] == "Pia-Maria Rutschmann-Schnyder"
    assert qr["message"] == "Auftrag vom 15.06.2020"
    # LF line ends, billing information, an amount left for the debtor to fill in
    qr = parse_swiss_qr(swiss(amount="", iban="CH5800791123000889012", kind="SCOR",
                              ref="RF18539007547034", sep="\n", extra=("//S1/10/1234",)))
    assert qr["amount"] is None and qr["qr_iban"] is False
    assert qr["reference"] == "RF18539007547034"
    assert qr["billing_information"] == "//S1/10/1234"


@pytest.mark.parametrize(("payload", "why"), [
    (swiss().replace("SPC", "SPX", 1), "does not start with 'SPC'"),
    (swiss().rsplit("\r\n", 3)[0], "31 to 34 lines, this one 28"),
    (swiss(amount="1'949.75"), "amount \"1'949.75\" is not"),
    (swiss(amount="0.00"), "outside 0.01"),
    (swiss(currency="USD"), "currency 'USD'"),
    (swiss(iban="CH4531999123000889012"), "not a valid IBAN"),  # wrong check digits
    (swiss(iban="DE89370400440532013000"), "not a CH or LI IBAN"),
    (swiss(ref=QRR[:-1] + "8"), "right check digit"),
    (swiss(kind="NON", ref=""), "needs a QR reference"),  # a QR-IBAN without QRR
    (swiss(kind="ESR"), "reference type 'ESR'"),
])
def test_swiss_payload_against_the_standard_is_no_value(payload: str, why: str) -> None:
    with pytest.raises(ValueError, match=why.replace("(", r"\(").replace("'", "'")):
        parse_swiss_qr(payload)


def test_epc_payload_parts_and_mistakes() -> None:
    qr = parse_epc_qr(EPC)
    assert (qr["bic"], qr["name"], qr["iban"]) == ("COBADEFFXXX", "Schwarzwald Druck GmbH",
                                                   "DE89370400440532013000")
    assert qr["amount"] == Decimal("1942.08") and qr["currency"] == "EUR"
    assert qr["remittance"] == "Rechnung SD-2026-1187" and qr["reference"] is None
    for bad, why in [(EPC.replace("BCD", "BCX"), "does not start with 'BCD'"),
                     (EPC.replace("EUR1942.08", "EUR19,42"), "not EUR and an amount"),
                     (EPC.replace("EUR1942.08", "CHF1942.08"), "not EUR and an amount"),
                     (EPC.replace("0532013000", "0532013001"), "not a valid IBAN"),
                     ("\n".join(EPC.split("\n")[:5]), "7 to 12 lines")]:
        with pytest.raises(ValueError, match=why):
            parse_epc_qr(bad)


def test_a_payload_word_is_a_line_of_its_own() -> None:
    """A decoded code's word (its payload's lines) shares no line with the print beside it,
    which keeps its label/value neighbours as they were."""
    words = [Word("Konto", Box(0.6, 0.70, 0.7, 0.72), 0),
             Word("CH44", Box(0.72, 0.70, 0.8, 0.72), 0),
             Word("SPC\r\n0200", Box(0.3, 0.65, 0.5, 0.85), 0, source="qr_codes")]
    lines = group_lines(words)
    assert [ln.text for ln in lines] == ["Konto CH44", "SPC\r\n0200"]  # by their centres


def test_a_code_region_carries_its_payload() -> None:
    from formsift.core.contracts import ContractError, checked_regions
    from formsift.core.kinds import TextRegion
    from formsift.plugins.segment.qr_codes import QrCodes

    seg = QrCodes()
    box = Box(0.1, 0.1, 0.3, 0.3)
    assert checked_regions(seg, [TextRegion(box, "code", 0.99, None, {"text": "SPC"})])
    with pytest.raises(ContractError, match="without its payload"):
        checked_regions(seg, [TextRegion(box, "code")])


# ------------------------------------------------------------------ end to end
@pytest.mark.parametrize("vector", [False, True])
def test_qr_bill_in_a_born_digital_pdf(engine: Engine, vector: bool) -> None:
    r = engine.extract(invoice_pdf(swiss(), vector=vector), template=TEMPLATE, name="qr.pdf")
    assert r.status.value == "accepted", r.reasons
    qr = r.fields["qr"]
    assert qr.value["amount"] == Decimal("1949.75") and qr.value["iban"] == IBAN
    assert qr.source == "qr_codes" and qr.page == 1
    assert qr.box is not None and 0.3 < qr.box[0] < 0.35 and 0.7 < qr.box[1] < 0.73
    assert all(rule.passed for rule in r.rules)
    # the payload is a word of the page's result, from the segmenter that decoded it
    words = [w for w in r.page_info[0].words if w.source == "qr_codes"]
    assert len(words) == 1 and words[0].text.startswith("SPC\r\n0200\r\n1\r\nCH44")
    assert r.page_info[0].notes["qr_codes"]["codes"] == 1
    assert any(c.name == "qr_codes" and c.kind == "segmenter" for c in r.audit.components)


def test_a_qr_code_that_disagrees_goes_to_review(engine: Engine) -> None:
    r = engine.extract(invoice_pdf(swiss(amount="1949.70")), template=TEMPLATE,
                       name="qr.pdf")
    assert r.status.value == "review"
    assert any(x.code == "rule_failed" and "qr.amount" in x.message for x in r.reasons)


@pytest.mark.parametrize(("payload", "damage", "why"), [
    (None, False, "no value found for 'qr'"),      # no QR code on the page
    (swiss(), True, "no value found for 'qr'"),    # a damaged code: not decoded
    ("https://example.com/pay?id=4711", False, "no value found for 'qr'"),  # another code
    (EPC, False, "no value found for 'qr'"),       # a GiroCode is no Swiss QR-bill
    # a QR-bill's code that breaks the standard: why, rather than "no value found"
    (swiss(amount="1'949.75"), False, "'qr' the QR code on page 1: not a valid Swiss "
                                      "QR-bill: the amount \"1'949.75\" is not"),
    (swiss(ref=QRR[:-1] + "8"), False, "not a valid Swiss QR-bill: the QR reference"),
])
def test_no_usable_qr_code_is_no_value(engine: Engine, payload: str | None,
                                       damage: bool, why: str) -> None:
    for optional in ("", "?"):
        template = TEMPLATE.replace("swiss_qr", "swiss_qr" + optional)
        r = engine.extract(invoice_pdf(payload, damage), template=template, name="qr.pdf")
        assert r.fields.get("qr") is None
        assert r.fields["total"].value == Decimal("1949.75")  # the rest is read as before
        about = [x for x in r.reasons if x.field == "qr"]
        invalid = "not a valid Swiss QR-bill" in why
        if optional and not invalid:
            assert not about  # an optional field without a code: nothing to say
            continue
        assert r.status.value == "review"
        assert len(about) == 1 and why in about[0].message, r.reasons
        assert about[0].code == ("invalid_value" if invalid else "field_missing")


def test_explain_says_why_a_decoded_code_is_no_value(engine: Engine) -> None:
    """formsift explain gives the status and the reason extract gives: a QR-bill whose
    reference has a wrong check digit is invalid, not "no value found"."""
    from formsift.templates.explain import explain

    pdf = invoice_pdf(swiss(ref=QRR[:-1] + "8"))
    r = engine.extract(pdf, template=TEMPLATE, name="qr.pdf")
    text = explain(engine, pdf, TEMPLATE)
    assert f"status: {r.status.value}" in text
    wrong = "not a valid Swiss QR-bill: the QR reference"
    assert "[invalid_value]" in text and "[field_missing]" not in text
    assert f"a code decoded on page 1 is no value: {wrong}" in text


def test_girocode_in_a_pdf(engine: Engine) -> None:
    """(The template names the segmenter in its pipeline, to set an option.)"""
    template = EPC_TEMPLATE.replace("{", "{\n  pipeline {\n    segment ppocr_det, "
                                    "qr_codes(max_side=3000)\n  }\n", 1)
    r = engine.extract(invoice_pdf(EPC), template=template, name="giro.pdf")
    assert r.status.value == "accepted", r.reasons
    assert r.fields["qr"].value["amount"] == Decimal("1942.08")
    assert r.fields["qr"].value["bic"] == "COBADEFFXXX"


@pytest.mark.skipif(not models_available(), reason="OCR models are not installed")
def test_qr_bill_in_a_scan(engine: Engine, tmp_path) -> None:
    """A PNG scan (rendered at 200 dpi, a little noise and blur): OCR reads the print, the
    QR code is decoded from the same image."""
    import cv2
    import numpy as np
    import pymupdf

    with pymupdf.open(stream=invoice_pdf(swiss()), filetype="pdf") as doc:
        pix = doc[0].get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
        image = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w).copy()
    rng = np.random.default_rng(7)
    image = cv2.GaussianBlur(image, (3, 3), 0)
    image = np.clip(image.astype(np.int16) + rng.normal(0, 12, image.shape), 0, 255)
    path = tmp_path / "scan.png"
    cv2.imwrite(str(path), image.astype(np.uint8))
    r = engine.extract(path, template=TEMPLATE)
    qr = r.fields["qr"]
    assert qr.value["amount"] == Decimal("1949.75") and qr.source == "qr_codes"
    assert r.status.value == "accepted", r.reasons
