"""Region-first OCR segments a form's typed boxes by ink at 150 dpi (speed, stop 30):
on a 300 dpi scan the ink_lines segmenter's rule removal (a morphological opening over
most of a box cluster's width) took about 34 ms of CPU per payslip page; a cluster cut
out at half the scale gives the same lines in about 11 ms. The fields read are the same."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.core import areas
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.plugins.segment.ink_lines import InkLines
from formsift.samples import encode_png, generate, render_scan

ROOT = Path(__file__).resolve().parents[1]
PAYSLIP = ROOT / "benchmarks" / "templates" / "payslip_form.sift"

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


@needs_models
@pytest.mark.parametrize("dpi", [300, 150])
def test_typed_boxes_are_segmented_at_150_dpi(monkeypatch, dpi):
    from formsift import Engine

    seen: list[float] = []
    real = InkLines.segment

    def segment(self, image, page):
        seen.append(areas.page_side(image))  # the page's longer side at the cut-out's scale
        return real(self, image, page)

    monkeypatch.setattr(InkLines, "segment", segment)
    sample = generate("payslip", 1)
    png = encode_png(render_scan(sample.pdf, dpi, "clean", 1)[0])
    result = Engine(region_first=True).extract(png, str(PAYSLIP))
    assert result.page_info[0].notes["ocr"]["mode"] == "regions"
    assert seen
    side = 3508 * dpi / 300  # A4's longer side in pixels
    # the page at 150 dpi (1754 pixels); a page scanned at 150 dpi or less is not shrunk
    assert max(seen) <= min(side, 1754) + 1
    assert min(seen) >= min(side, 1754) - 2
    record = result.record()
    for field in ("employee_id", "gross", "net_pay", "iban"):
        assert str(record[field]) == str(sample.truth[field]), field
