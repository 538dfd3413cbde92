"""A review of a record whose file says more than its values: text hidden under a white
box (``hidden_text``), an OCR layer that does not say what the scan shows
(``ocr_layer_mismatch``). Correcting another field does not settle them: only a reviewer
who confirms the record (``confirm``) accepts it, or, for a field's mismatch, one who
corrects that field."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_pdf_ocr_layer import TEMPLATE as LAYER_TEMPLATE
from tests.test_pdf_ocr_layer import _searchable

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")

TEMPLATE = """template inv {
  field invoice_no: text = right of "Invoice No."
  field total: money = right of "Total"
}
"""


def _whited_out() -> bytes:
    """An invoice whose total 370.57 is under a white box, 1,999.00 written over it."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 120), "Invoice No.", fontsize=10)
    page.insert_text((200, 120), "INV-7", fontsize=10)
    page.insert_text((50, 316), "Total", fontsize=10)
    page.insert_text((400, 316), "370.57", fontsize=10)
    page.draw_rect(pymupdf.Rect(395, 304, 470, 320), color=(1, 1, 1), fill=(1, 1, 1))
    page.insert_text((400, 316), "1,999.00", fontsize=10)
    data = doc.tobytes()
    doc.close()
    return data


def _compile(tmp_path, text: str):
    from formsift.templates import load_template

    path = tmp_path / "inv.sift"
    path.write_text(text)
    return load_template(str(path))


def test_correcting_another_field_of_a_whited_out_invoice_does_not_accept_it(tmp_path):
    from formsift import Engine
    from formsift.service.review import apply_review

    tpl = _compile(tmp_path, TEMPLATE)
    before = Engine([tpl]).extract(_whited_out(), tpl, name="inv.pdf")
    assert before.status.value == "review"
    assert [r.code for r in before.reasons] == ["hidden_text"]
    shown = before.model_dump(mode="json")
    out = apply_review(shown, tpl, {"invoice_no": "INV-8"}, "rita", seen_store=None,
                       confirm=False)
    assert out.result["status"] == "review"
    assert [r["code"] for r in out.result["reasons"]] == ["hidden_text"]
    # a reviewer who vouches for the record as shown settles it
    out = apply_review(shown, tpl, {"invoice_no": "INV-8"}, "rita", seen_store=None,
                       confirm=True)
    assert out.result["status"] == "accepted"


@needs_models
def test_an_ocr_layer_mismatch_stands_until_its_field_is_corrected_or_confirmed(tmp_path):
    from formsift import Engine
    from formsift.service.review import apply_review

    tpl = _compile(tmp_path, LAYER_TEMPLATE.replace(
        "  rule totals: net + vat == total tolerance 0.01\n", ""))
    before = Engine([tpl]).extract(_searchable({"2,153.90": "2,748.90"}), tpl, name="s.pdf")
    assert [(r.code, r.field) for r in before.reasons] == [("ocr_layer_mismatch", "total")]
    shown = before.model_dump(mode="json")
    other = apply_review(shown, tpl, {"invoice_no": "INV-8"}, "rita", seen_store=None,
                         confirm=False)
    assert other.result["status"] == "review"
    assert [r["code"] for r in other.result["reasons"]] == ["ocr_layer_mismatch"]
    fixed = apply_review(shown, tpl, {"total": "2,153.90"}, "rita", seen_store=None,
                         confirm=False)
    assert fixed.result["status"] == "accepted"
    confirmed = apply_review(shown, tpl, {}, "rita", seen_store=None, confirm=True)
    assert confirmed.result["status"] == "accepted"
