"""A ``handwritten`` hint acts where its field looks in region-first extraction too.

Region-first reading routed every line the style model labelled handwritten to the
handwriting recognizer, as whole-page reading did before the hint's scope: on the French
invoice scan (tests/test_handwriting_routing.py) with the style model at its worst,
"TVA 20 %" was read by crnn as "20 91o", the VAT rate was missing and the record went to
review, while whole-page reading of the same scan was accepted. Now the anchors' labels
are looked for in the lines read as print, a line labelled handwritten outside the
hinted areas is read by the printed recognizers, and a fixed area no hint looks at is
read by them alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, Segmenter, TextRegion
from formsift.templates import check_source
from formsift.templates import region_first as rf
from tests.test_handwriting_routing import _scan, everything_looks_handwritten, needs_ocr

__all__ = ["everything_looks_handwritten"]  # the fixture, used by name

TEMPLATE = """template facture {
  locale "fr_FR"
  field invoice_no: id(/FA-\\d{4}-\\d{4}/) = right of "Facture N°"
  field net: money = right of "Total HT"
  field vat_rate: percent = after "TVA"
  field total: money = right of "Total TTC"
  field approved_on: date? = box(8%, 81%, 42%, 90%) handwritten
}"""


def _template(registry: Any, source: str) -> Any:
    (t,), diags = check_source(source, "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return t


@needs_ocr
def test_region_first_reads_printed_lines_outside_the_hinted_box_as_print(
        registry, tmp_path, everything_looks_handwritten):
    from formsift import Engine
    from formsift.samples import encode_png

    path = tmp_path / "facture.png"
    path.write_bytes(encode_png(_scan()))
    engine = Engine(registry=registry, seen_store="memory", region_first=True)
    result = engine.extract(path, _template(registry, TEMPLATE))
    (page,) = result.page_info
    assert page.notes["ocr"]["mode"] == "regions"
    assert result.record() == {"invoice_no": "FA-2026-0042", "net": "61.00",
                               "vat_rate": "20", "total": "73.20",
                               "approved_on": "2026-03-05"}
    for text in ("TVA", "Total", "TTC", "HT", "FA-2026-0042", "61,00", "73,20"):
        assert all(w.source == "ppocr_rec" for w in page.words if w.text == text), text
    assert result.fields["approved_on"].source == "crnn"
    assert result.status.value == "accepted", result.reasons


# ------------------------------------------------- the same, with stand-in components
LINES = {  # a page's lines (page fractions) and their text
    (0.10, 0.10, 0.30, 0.12): "Total HT 61,00",
    (0.10, 0.20, 0.22, 0.22): "Received by:",
    (0.25, 0.20, 0.45, 0.22): "K. Yilmaz",
    (0.10, 0.50, 0.30, 0.52): "Order: 4711",
}


class AllHandwritten(Segmenter):
    """Finds the ink blocks of the image it is given (the page, a shrunk page or a
    cut-out of it) and labels every one handwritten: the style model at its worst."""

    name = "all_handwritten"
    handwriting = True

    def segment(self, image: Any, page: Page) -> list[TextRegion]:
        import cv2

        h, w = image.shape[:2]
        n, _, stats, _ = cv2.connectedComponentsWithStats((image < 128).astype(np.uint8))
        return [TextRegion(Box(x / w, y / h, (x + bw) / w, (y + bh) / h), "handwritten", 0.9)
                for x, y, bw, bh, _ in stats[1:n]]


class Reader(Recognizer):
    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Any = None) -> list[Word]:
        out = []
        for r in regions:
            line = max(LINES, key=lambda b: Box(*b).intersection_area(r.box))
            text = LINES[line]
            # a line's start (the anchor pass) holds its first characters
            keep = max(1, round(len(text) * min(1.0, r.box.width / Box(*line).width)))
            for i, part in enumerate(text[:keep].split()):
                x0 = r.box.x0 + i * 0.05
                out.append(Word(self.mark(part), Box(x0, r.box.y0, x0 + 0.04, r.box.y1),
                                page.index, 0.9, self.name,
                                handwritten=getattr(self, "handwriting", False)))
        return out

    def mark(self, text: str) -> str:
        return text


class Printed(Reader):
    name = "printed"


class Written(Reader):
    """A handwriting recognizer reading print: every word garbled."""

    name = "written"
    handwriting = True

    def mark(self, text: str) -> str:
        return "~" + text


def _read(registry: Any, body: str) -> list[Word]:
    t = _template(registry, "template t {\n" + body + "\n}")
    image = np.full((1000, 800), 255, np.uint8)
    for x0, y0, x1, y1 in LINES:
        image[round(y0 * 1000):round(y1 * 1000), round(x0 * 800):round(x1 * 800)] = 0
    page = Page(index=0, width=800, height=1000, unit="px")
    read = rf.read_page(rf.plan(t), image, page, 1, [AllHandwritten()], [Printed(), Written()])
    assert read is not None
    return read.words


def test_a_label_and_printed_lines_outside_the_hint_are_read_as_print(registry):
    words = _read(registry, 'field who: text = right of "Received by:" handwritten\n'
                            '  field net: money = right of "Total HT"')
    by_text = {w.text: w.source for w in words}
    assert by_text["~K."] == "written" and by_text["~Yilmaz"] == "written"
    assert by_text["61,00"] == "printed" and by_text["Total"] == "printed"
    assert "Received" in by_text and "~61,00" not in by_text, by_text


def test_a_box_no_hint_looks_at_is_read_by_the_printed_recognizers(registry):
    words = _read(registry, "field order: text = box(5%, 48%, 40%, 54%)\n"
                            "  field who: text = box(20%, 18%, 50%, 24%) handwritten")
    assert {w.text for w in words if w.source == "printed"} >= {"Order:", "4711"}
    assert {w.text for w in words if w.source == "written"} >= {"~K.", "~Yilmaz"}


def test_without_hints_a_pipelines_handwriting_recognizer_reads_what_is_labelled(registry):
    """No hint: the segmenter's labels alone route the lines, as before."""
    words = _read(registry, 'field net: money = right of "Total HT"\n'
                            '  field order: text = box(5%, 48%, 40%, 54%)')
    assert words and all(w.source == "written" for w in words)


@pytest.fixture(autouse=True)
def _no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-ins need no model: segment_scaled and read_areas call ensure_ready."""
    for cls in (AllHandwritten, Printed, Written):
        monkeypatch.setattr(cls, "ensure_ready", lambda self: None, raising=False)
