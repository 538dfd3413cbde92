"""Region-first reading keeps a printed sign beside a handwritten blank as print, as
whole-page reading does (weighbridge journey, finding 4; stop 30's open item).

The form prints "Moisture: ______ %". The style model labels the printed "%" handwritten
and, where the hint looks, the handwriting recognizer read it as "910" or "916": with
``--region-first`` the journey's t12 scan gave protein 916 against 10.4, ambiguous.
Whole-page reading keeps the printed recognizer's sure reading of a word with no digit
(:func:`formsift.core.routing._printed_in_handwriting`); region-first now does the same
for the handwritten lines it reads where a hint looks.

The components are stand-ins that read each line as a table says (what PP-OCR and the
handwriting model read on the journey's scans), so the routing is tested alone.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import Recognizer, TextRegion
from formsift.templates import check_source
from formsift.templates import region_first as rf
from tests.test_handwriting_hint_region_first import AllHandwritten

#: a page's ink blocks (page fractions): what the printed and the handwriting recognizer
#: read there, (text, confidence) per word
LINES: dict[tuple[float, float, float, float], tuple[list, list]] = {
    (0.10, 0.30, 0.30, 0.32): ([("Gross", 0.99), ("weight:", 0.99), ("38,420", 0.99)],
                               [("~Gross", 0.3)]),
    (0.10, 0.50, 0.20, 0.52): ([("Moisture:", 0.99)], [("Moistme:", 0.4)]),
    (0.34, 0.49, 0.41, 0.515): ([("17.8", 0.97)], [("14.2", 0.9)]),  # the handwriting
    (0.53, 0.50, 0.55, 0.52): ([("%", 0.99)], [("910", 0.53)]),  # the printed sign
    (0.10, 0.70, 0.22, 0.72): ([("Initials:", 0.99)], [("Initiak:", 0.4)]),
    (0.30, 0.69, 0.36, 0.725): ([("PB", 0.79)], [("PD", 0.16)]),  # handwritten initials
}


class _Reader(Recognizer):
    """Reads each region as ``LINES`` says for the block it overlaps most (a region
    narrower than its block, as the anchor pass reads a line's start, still reads it all:
    the blocks here are short)."""

    def recognize(self, image: Any, page: Page, regions: list[TextRegion],
                  constraint: Any = None) -> list[Word]:
        hand = getattr(self, "handwriting", False)
        out = []
        for r in regions:
            block = max(LINES, key=lambda b: Box(*b).intersection_area(r.box))
            if Box(*block).intersection_area(r.box) <= 0:
                continue
            got = LINES[block][1 if hand else 0]
            step = (block[2] - block[0]) / len(got)
            for k, (text, conf) in enumerate(got):
                box = Box(block[0] + k * step, block[1], block[0] + (k + 1) * step, block[3])
                out.append(Word(text, box, page.index, conf, self.name, hand, None,
                                (conf,) * len(text)))
        return out


class Printed(_Reader):
    name = "ppocr_rec"


class Written(_Reader):
    name = "crnn"
    handwriting = True


TEMPLATE = """template ticket {
  field gross: decimal = right of "Gross weight:"
  field moisture: percent(sign="optional") = right of "Moisture:" handwritten
  field grader: text? = right of "Initials:" handwritten
}"""


def _words(registry: Any) -> list[Word]:
    (t,), diags = check_source(TEMPLATE, "ticket.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    image = np.full((1400, 1000), 255, np.uint8)
    for x0, y0, x1, y1 in LINES:
        image[round(y0 * 1400):round(y1 * 1400), round(x0 * 1000):round(x1 * 1000)] = 0
    page = Page(index=0, width=1000, height=1400, unit="px")
    read = rf.read_page(rf.plan(t), image, page, 1, [AllHandwritten()], [Printed(), Written()])
    assert read is not None
    return read.words


def _row(words: list[Word], y0: float, y1: float) -> list[tuple[str, str]]:
    return sorted({(w.text, w.source) for w in words
                   if y0 <= w.box.cy <= y1 and w.box.x0 > 0.25})


def test_region_first_keeps_a_printed_sign_beside_the_handwriting_as_print(registry):
    words = _words(registry)
    assert _row(words, 0.49, 0.52) == [("%", "ppocr_rec"), ("14.2", "crnn")]


def test_region_first_leaves_digits_and_unsure_letters_to_the_handwriting(registry):
    """Guards, as on the whole page: a handwritten value's digits stay the handwriting
    recognizer's (PP-OCR reads 14.2 as 17.8 surely), and so do initials the printed
    recognizer is not sure of; print outside the hints stays print."""
    words = _words(registry)
    assert ("17.8", "ppocr_rec") not in _row(words, 0.49, 0.52)
    assert _row(words, 0.69, 0.725) == [("PD", "crnn")]
    assert ("38,420", "ppocr_rec") in {(w.text, w.source) for w in words}


@pytest.fixture(autouse=True)
def _no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    for cls in (AllHandwritten, Printed, Written):
        monkeypatch.setattr(cls, "ensure_ready", lambda self: None, raising=False)


def test_a_handwritten_box_keeps_its_printed_sign_as_print(registry):
    """A box hint around the blank and its printed "%": the fixed area is read as
    handwriting, the sign the printed recognizer reads surely stays print."""
    (t,), diags = check_source(
        'template ticket {\n  field moisture: percent(sign="optional") = '
        'box(33%, 48%, 56%, 53%) handwritten\n}', "ticket.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    image = np.full((1400, 1000), 255, np.uint8)
    for x0, y0, x1, y1 in LINES:
        image[round(y0 * 1400):round(y1 * 1400), round(x0 * 1000):round(x1 * 1000)] = 0
    page = Page(index=0, width=1000, height=1400, unit="px")
    read = rf.read_page(rf.plan(t), image, page, 1, [AllHandwritten()], [Printed(), Written()])
    assert read is not None
    assert _row(read.words, 0.49, 0.52) == [("%", "ppocr_rec"), ("14.2", "crnn")]
