"""Checkboxes found whatever the pipeline says (pdfforms journey, finding 6): on a PDF with
a text layer a template's ``checkbox`` fields had their drawn boxes found automatically,
while on a printed and scanned copy of the same form they were missed unless the template
named the segmenter in a pipeline (``segment ppocr_det, checkboxes``), and the message
(``no value found``) did not say so. The boxes of a scan are now found after OCR as they
are on a text layer. And a drawn box around a glyph of no checkbox meaning (a symbol
font's code the loader does not know) is read from the page, not dropped as "a box the
text layer writes" (which made ``left of`` read the empty box beyond it)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available

METHOD = """template method {
  field confirm: checkbox = left of "I confirm the new bank account"
  field sepa: checkbox = left of "SEPA transfer"
  field wire: checkbox = left of "Wire transfer"
}
"""


def _scanned_form(ticked: tuple[str, ...]) -> bytes:
    """A printed form's boxes, ``ticked`` ones crossed by hand, scanned at 300 dpi."""
    import pymupdf

    from formsift.samples import encode_png
    from tests.test_checkbox_labels import _render, _scan

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 60), "Change of Bank Details", fontname="hebo", fontsize=14)
    page.insert_text((40, 120), "Payment method:", fontsize=10)
    for label, x, y in (("SEPA transfer", 160, 120), ("Wire transfer", 300, 120),
                        ("I confirm the new bank account", 40, 160)):
        page.draw_rect(pymupdf.Rect(x, y - 10, x + 11, y + 1), width=0.8)
        page.insert_text((x + 16, y), label, fontsize=10)
        if label.split()[0] in ticked:
            ink = (0.1, 0.1, 0.45)
            page.draw_line((x + 1.5, y - 8.5), (x + 9.5, y - 0.5), color=ink, width=1.4)
            page.draw_line((x + 9.5, y - 8.5), (x + 1.5, y - 0.5), color=ink, width=1.4)
    img = _scan(_render(page, 300))
    doc.close()
    return encode_png(img)


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
@pytest.mark.parametrize("ticked", [("I", "Wire"), ("SEPA",)])
def test_boxes_of_a_scan_are_found_without_a_pipeline(registry, tmp_path, ticked):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text(METHOD)
    result = Engine(registry=registry).extract(_scanned_form(ticked), t)
    assert result.record() == {"confirm": "I" in ticked, "sepa": "SEPA" in ticked,
                               "wire": "Wire" in ticked}
    note = result.page_info[0].notes["checkboxes"]
    assert note["found"] == 3 and "scan" in note["on"]


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_pipeline_that_names_the_segmenter_is_not_run_twice(registry, tmp_path):
    from formsift.core.engine import Engine

    t = tmp_path / "t.sift"
    t.write_text(METHOD.replace(
        "template method {\n",
        "template method {\n  pipeline {\n    segment ppocr_det, checkboxes\n  }\n"))
    result = Engine(registry=registry).extract(_scanned_form(("Wire",)), t)
    assert result.record() == {"confirm": False, "sepa": False, "wire": True}
    assert "on" not in (result.page_info[0].notes.get("checkboxes") or {})
    assert sum(w.text in "☒☐" for w in result.page_info[0].words) == 3


def test_a_drawn_box_around_an_unknown_glyph_is_read_from_the_page(registry, tmp_path):
    import pymupdf

    from formsift.core.engine import Engine

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((50, 100), "Payment method:", fontsize=10)
    for name, x in (("SEPA", 200), ("Wire", 280)):
        page.draw_rect(pymupdf.Rect(x, 90, x + 12, 102), color=(0, 0, 0), width=0.8)
        if name == "Wire":  # a tick of a font the loader does not know: a "v" here
            page.insert_text((x + 2, 101), "v", fontsize=13, fontname="hebo")
        page.insert_text((x + 18, 100), name, fontsize=10)
    t = tmp_path / "t.sift"
    t.write_text("""template method {
  match { contains "Payment method" }
  field sepa: checkbox = left of "SEPA"
  field wire: checkbox = left of "Wire"
}
""")
    result = Engine(registry=registry).extract(doc.tobytes(), t, name="f.pdf")
    assert result.record() == {"sepa": False, "wire": True}
