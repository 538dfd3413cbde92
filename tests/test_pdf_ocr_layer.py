"""A searchable scan (the page's image under an invisible OCR text layer) is read from its
layer; the values of amount and date fields read from it are checked against the image
(audit journey, finding 1: a layer edited to 2,748.90 over a scan showing 2,153.90 was
accepted with confidence 0.99)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")

TEMPLATE = """template inv {
  field invoice_no: text = right of "Invoice No."
  field net: money = right of "Subtotal"
  field vat: money = right of "VAT"
  field total: money = right of "Total"
  rule totals: net + vat == total tolerance 0.01
}
"""


def _searchable(edits: dict[str, str] | None = None) -> bytes:
    """A printed invoice, scanned at 200 dpi, under an invisible layer of its words
    (``edits``: a word of the print -> what the layer says instead)."""
    import pymupdf

    edits = edits or {}
    src = pymupdf.open()
    page = src.new_page()
    for y, label, value in [(120, "Invoice No.", "INV-7"), (300, "Subtotal", "1,810.00"),
                            (320, "VAT", "343.90"), (340, "Total", "2,153.90")]:
        page.insert_text((60, y), label, fontsize=11)
        page.insert_text((400, y), value, fontsize=11)
    out = pymupdf.open()
    scan = out.new_page(width=page.rect.width, height=page.rect.height)
    scan.insert_image(scan.rect, stream=page.get_pixmap(dpi=200).tobytes("png"))
    for x0, _y0, _x1, y1, text, *_ in page.get_text("words"):
        scan.insert_text((x0, y1 - 3), edits.get(text, text), fontsize=11, render_mode=3)
    data = out.tobytes()
    src.close()
    out.close()
    return data


def test_a_searchable_scan_says_its_text_is_an_invisible_layer(registry, tmp_path):
    from formsift.core.engine import Engine

    page = Engine(registry=registry).load(_searchable(), name="s.pdf").pages[0]
    assert page.notes["ocr_layer"]["words"] == len(page.words) == 9


@needs_models
def test_a_layer_that_agrees_with_the_image_is_accepted(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "inv.sift"
    t.write_text(TEMPLATE)
    result = Engine(registry=registry).extract(_searchable(), t, name="s.pdf")
    assert result.status.value == "accepted", result.reasons
    assert str(result.fields["total"].value) == "2153.90"
    assert result.page_info[0].notes["ocr_layer"]["checked"] == 3


@needs_models
def test_an_edited_layer_goes_to_review_naming_field_layer_and_image(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "inv.sift"
    t.write_text(TEMPLATE)
    edits = {"1,810.00": "2,310.00", "343.90": "438.90", "2,153.90": "2,748.90"}
    result = Engine(registry=registry).extract(_searchable(edits), t, name="s.pdf")
    assert result.status.value == "review"
    found = {r.field: r.message for r in result.reasons if r.code == "ocr_layer_mismatch"}
    assert set(found) == {"net", "vat", "total"}
    assert "'2,748.90'" in found["total"] and "'2,153.90'" in found["total"]
    (mismatch,) = [m for m in result.page_info[0].notes["ocr_layer"]["mismatches"]
                   if m["field"] == "total"]
    assert mismatch["layer"] == "2,748.90" and mismatch["image"] == "2,153.90"


REPEATED = """template inv {
  field invoice_no: text = right of "Invoice No."
  field amounts: money[] = pattern /\\d[\\d,]*\\.\\d\\d/
  field total: money = right of "Total"
}
"""


@needs_models
def test_a_repeated_field_read_from_the_layer_is_checked_item_by_item(registry, tmp_path):
    """A repeated field (``money[]``) holds a list of values: each is checked (the check
    read ``.page`` of the list: status error, AttributeError)."""
    from formsift.core.engine import Engine

    t = tmp_path / "inv.sift"
    t.write_text(REPEATED)
    engine = Engine(registry=registry)
    result = engine.extract(_searchable(), t, name="s.pdf")
    assert result.status.value == "accepted", result.reasons
    assert [str(v.value) for v in result.fields["amounts"]] == ["1810.00", "343.90",
                                                                "2153.90"]
    assert result.page_info[0].notes["ocr_layer"]["checked"] == 4
    edited = engine.extract(_searchable({"343.90": "438.90"}), t, name="s.pdf")
    assert edited.status.value == "review"
    assert [r.field for r in edited.reasons if r.code == "ocr_layer_mismatch"] == ["amounts"]


@needs_models
def test_a_plugin_number_type_read_from_the_layer_is_checked(tmp_path):
    """The types checked were named (money, decimal, int, percent, date): a plugin's
    number type (``weight``) was never checked. Its value kind (number) says it."""
    from formsift.core.engine import Engine
    from formsift.core.plugins import default_registry

    registry = default_registry(plugins=["tests.plugins.weight_type"])
    t = tmp_path / "inv.sift"
    t.write_text(TEMPLATE.replace("field vat: money", "field vat: weight")
                 .replace("  rule totals: net + vat == total tolerance 0.01\n", ""))
    result = Engine(registry=registry).extract(_searchable({"343.90": "438.90"}), t,
                                               name="s.pdf")
    assert result.status.value == "review"
    assert [r.field for r in result.reasons if r.code == "ocr_layer_mismatch"] == ["vat"]


@needs_models
def test_the_check_reads_a_render_the_page_already_holds(registry, tmp_path, monkeypatch):
    """A page rendered at 300 dpi before the check (to find its checkboxes) was rendered
    once more at 200 dpi for the check: the render it holds is read."""
    import pymupdf

    from formsift.core.engine import Engine

    data = _searchable()
    dpis: list[int] = []
    pixmap = pymupdf.Page.get_pixmap
    monkeypatch.setattr(pymupdf.Page, "get_pixmap",
                        lambda self, *a, **kw: dpis.append(kw.get("dpi")) or
                        pixmap(self, *a, **kw))
    t = tmp_path / "inv.sift"
    t.write_text(TEMPLATE.replace("  rule", '  field paid: checkbox = left of "Paid"\n'
                                           "  rule"))
    result = Engine(registry=registry).extract(data, t, name="s.pdf")
    assert result.page_info[0].notes["ocr_layer"]["checked"] == 3
    assert "checkboxes" in result.page_info[0].notes
    assert dpis.count(300) == 1 and 200 not in dpis
