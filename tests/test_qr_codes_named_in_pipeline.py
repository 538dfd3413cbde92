"""A code reader named in a template's pipeline decodes the codes of text-layer pages too
(gulf journey, finding 5: `segment ppocr_det, qr_codes` with a `search` for a ZATCA
payload found nothing on a born-digital invoice, since only a field of a code type made
born-digital pages' codes decoded)."""

from __future__ import annotations

from formsift import Engine

from .test_qr_codes import invoice_pdf

PAYLOAD = "AQVTZWxsZXICDzMwMDAwMDAwMDAwMDAwMwMUMjAyNi0wMy0xNVQwODowMDowMFo="

TEMPLATE = """template z {
  pipeline {
    segment ppocr_det, qr_codes
  }
  field qr_text: text? = search /(AQ[A-Za-z0-9+\\/=]{20,})/
  field total: money = right of "Total"
}
"""


def test_a_pipeline_naming_qr_codes_decodes_a_born_digital_page(tmp_path):
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes(invoice_pdf(PAYLOAD))
    tpl = tmp_path / "z.sift"
    tpl.write_text(TEMPLATE)
    result = Engine(seen_store="memory").extract(pdf, str(tpl))
    assert result.value("qr_text") == PAYLOAD
    assert result.page_info[0].notes["qr_codes"]["codes"] == 1


def test_without_a_code_reader_named_no_code_is_decoded(tmp_path):
    pdf = tmp_path / "inv.pdf"
    pdf.write_bytes(invoice_pdf(PAYLOAD))
    tpl = tmp_path / "z.sift"
    tpl.write_text(TEMPLATE.replace(", qr_codes", ""))
    result = Engine(seen_store="memory").extract(pdf, str(tpl))
    assert result.value("qr_text") is None and "qr_codes" not in result.page_info[0].notes
