"""Region-first OCR of a page scanned upside down reads it once turned, not twice.

Where labels are to be found, the text lines detected for them tell which way up the page
is before any is read (the orientation step's ``settle``, as the lines read do on a page
read in boxes alone); a page they show upside down is turned and its lines are detected
again (the lines of the page upside down, turned, stand a few pixels off:
tests/test_region_first_upside_down_detected_again.py), with no reading of the page as it
was scanned. Either way, the orientation step that found the page upside down is not run
again when the page is prepared again: the page is turned by 180 degrees."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png, generate, render_scan
from formsift.templates import region_first as rf

ROOT = Path(__file__).resolve().parents[1]
INVOICE = ROOT / "benchmarks" / "templates" / "invoice_header.sift"
PAYSLIP = ROOT / "benchmarks" / "templates" / "payslip_form.sift"

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _counted(monkeypatch, owner, name: str) -> list[int]:
    """Counts the calls of ``owner.name`` (still made)."""
    calls: list[int] = []
    original = getattr(owner, name)

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counting)
    return calls


def _upside_down(kind: str, seed: int, degrade: str) -> tuple[bytes, dict]:
    sample = generate(kind, seed)
    scan = render_scan(sample.pdf, 200, degrade, seed)[0]
    return encode_png(np.ascontiguousarray(np.rot90(scan, 2))), sample.truth


@needs_models
def test_an_upside_down_page_with_labels_is_read_once(monkeypatch):
    from formsift import Engine
    from formsift.core import areas

    png, truth = _upside_down("invoice", 1, "skew")
    engine = Engine(region_first=True)
    engine.extract(png, INVOICE)  # models loaded
    detections = _counted(monkeypatch, areas, "segment_scaled")
    passes = _counted(monkeypatch, rf, "_anchor_pass")
    result = engine.extract(png, INVOICE)
    notes = result.page_info[0].notes
    assert notes["orientation"]["rotated"] == 180
    assert notes["ocr"]["mode"] == "regions"
    assert (len(detections), len(passes)) == (2, 1)  # was (2, 2): read as scanned first
    record = result.record()
    assert all(str(record[f]) == str(truth[f])
               for f in ("invoice_no", "invoice_date", "iban", "net", "vat", "total"))


@needs_models
def test_an_upright_page_with_labels_is_settled_by_its_lines_detected(monkeypatch):
    from formsift import Engine
    from formsift.plugins.preprocess import text_direction as td

    sample = generate("invoice", 2)
    png = encode_png(render_scan(sample.pdf, 200, "clean", 2)[0])
    engine = Engine(region_first=True)
    engine.extract(png, INVOICE)
    looks = _counted(monkeypatch, td, "line_pieces")  # the whole page's lines
    order: list[str] = []
    settle = rf.read_page

    def read_page(*args, **kwargs):
        decide = kwargs.get("settle")
        if decide is not None:
            kwargs["settle"] = lambda *a: order.append("settle") or decide(*a)
        return settle(*args, **kwargs)

    monkeypatch.setattr(rf, "read_page", read_page)
    monkeypatch.setattr(rf, "_anchor_pass",
                        lambda *a, _p=rf._anchor_pass, **k: order.append("read") or _p(*a, **k))
    result = engine.extract(png, INVOICE)
    note = result.page_info[0].notes["orientation"]
    assert order == ["settle", "read"] and looks == []
    assert note["rotated"] == 0 and note["lines_upright"] >= 3
    assert result.record()["total"] is not None


@needs_models
def test_the_step_that_found_a_page_upside_down_is_not_run_again(monkeypatch):
    from formsift import Engine
    from formsift.plugins.preprocess.geometry import Orientation

    png, truth = _upside_down("payslip", 2, "skew")
    engine = Engine(region_first=True)
    engine.extract(png, PAYSLIP)
    measured = _counted(monkeypatch, Orientation, "process")
    result = engine.extract(png, PAYSLIP)
    notes = result.page_info[0].notes
    assert notes["orientation"]["rotated"] == 180 and notes["ocr"]["mode"] == "regions"
    assert measured == []  # was [1]: measured again after its settle found it upside down
    record = result.record()
    assert all(str(record[f]) == str(truth[f]) for f in ("gross", "net_pay", "iban"))


HANDWRITTEN = """template delivery_note_received {
  field note_no: id = right of "Delivery note No." | "Note No."
  field received_by: text = right of "Received by:" | "Received by" handwritten
}"""


@needs_models
def test_lines_labelled_on_the_page_upside_down_are_not_kept_for_it_turned(monkeypatch, tmp_path):
    """The handwriting segmenter labels each line printed or handwritten and cuts a
    printed label from the writing after it: done on the page upside down, its lines
    turned were read with those labels (seed 3: the name read with low confidence, review,
    where the page the right way up is accepted). The page turned is segmented again."""
    from formsift import Engine
    from formsift.core import areas
    from formsift.samples.handwritten import handwritten_scan

    template = tmp_path / "received.sift"
    template.write_text(HANDWRITTEN)
    scan = handwritten_scan(seed=3)
    engine = Engine(region_first=True)
    upright = engine.extract(encode_png(scan.images[0]), template)
    detections = _counted(monkeypatch, areas, "segment_scaled")
    passes = _counted(monkeypatch, rf, "_anchor_pass")
    down = engine.extract(encode_png(np.ascontiguousarray(np.rot90(scan.images[0], 2))),
                          template)
    assert down.page_info[0].notes["orientation"]["rotated"] == 180
    assert down.record() == upright.record() == {"note_no": scan.truth["note_no"],
                                                 "received_by": scan.truth["received_by"]}
    assert (down.status.value, down.reasons) == (upright.status.value, upright.reasons) \
        == ("accepted", [])  # was review, low_confidence, with the lines turned
    assert (len(detections), len(passes)) == (2, 1)  # the page as scanned is not read
