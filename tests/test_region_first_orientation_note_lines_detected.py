"""Region-first's orientation note says which lines told which way up a page is: where
labels are to be found, the text lines detected to find them, before any is read
(``"looked_at": "lines detected"``); a page read in its boxes alone, the lines read there
(``"lines read"``). The note said ``"lines read"`` for both (42d9ab0, 913ace2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png, generate, render_scan

ROOT = Path(__file__).resolve().parents[1]
INVOICE = ROOT / "benchmarks" / "templates" / "invoice_header.sift"
PAYSLIP = ROOT / "benchmarks" / "templates" / "payslip_form.sift"

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


@pytest.fixture(scope="module")
def engine():
    from formsift import Engine

    return Engine(region_first=True)


@needs_models
@pytest.mark.parametrize("kind, seed, template, said", [
    ("invoice", 2, INVOICE, "lines detected"),  # labels to find: before any line is read
    ("payslip", 1, PAYSLIP, "lines read"),  # boxes alone: the lines read in them
])
def test_the_note_says_which_lines_told(engine, kind, seed, template, said):
    sample = generate(kind, seed)
    png = encode_png(render_scan(sample.pdf, 200, "clean", seed)[0])
    note = engine.extract(png, template).page_info[0].notes["orientation"]
    assert note["rotated"] == 0 and note["lines_upright"] >= 3
    assert note["looked_at"] == said


def test_the_note_names_the_lines_it_was_given(monkeypatch):
    import numpy as np

    from formsift.core.document import Page
    from formsift.plugins.preprocess import geometry
    from formsift.plugins.preprocess import text_direction as td

    step = geometry.Orientation.__new__(geometry.Orientation)  # no model loaded
    step._model_cls = object()
    monkeypatch.setattr(td, "line_crops", lambda *a: [])
    monkeypatch.setattr(td, "upside_down_votes", lambda *a: (6, 0))  # six lines upright
    page = Page(index=0, width=100, height=100, unit="px")
    for said in ("lines detected", "lines read"):
        assert not step.settle(page, np.zeros((10, 10), np.uint8), [], lambda: None, said)
        assert page.notes["orientation"]["looked_at"] == said
