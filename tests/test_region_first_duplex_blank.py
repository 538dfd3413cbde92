"""Region-first on a scan with a blank back page (duplex): ``on last page`` is the last
page with content, for the plan as for the page scopes (model.scope_count), so the
last page's fields are read, not planned onto the blank page."""

from __future__ import annotations

import cv2
import numpy as np

from formsift import Engine
from formsift.samples import generate, render_scan

TEMPLATE = """
template invoice_2p_duplex {
  currency "EUR"
  field invoice_no: id = right of "Invoice No." on first page
  field iban: iban? = right of "IBAN" on last page
  field total: money? = right of "Total" | "Amount due" on last page
}
"""


def test_last_page_fields_are_read_before_a_blank_back_page(tmp_path):
    sample = generate("invoice_2p", 0)
    first, last = render_scan(sample.pdf, 200, "clean", 0)
    ok, tiff = cv2.imencodemulti(".tiff", [first, last, np.full_like(last, 255)])
    assert ok
    template = tmp_path / "t.sift"
    template.write_text(TEMPLATE)
    result = Engine(region_first=True).extract(bytes(tiff.tobytes()), str(template))
    record = result.record()
    assert str(record["total"]) == str(sample.truth["total"])
    assert str(record["iban"]) == str(sample.truth["iban"])
    # the last page with content was read, not left unprepared as a page read nothing on
    assert "why" not in result.page_info[1].notes["ocr"]
