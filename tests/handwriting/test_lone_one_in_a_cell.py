"""A lone handwritten "1" in a table cell is labelled handwritten (temperature-log
journeys, finding 3): in some hands a "1" is one straight stroke, and the style model,
which has no writing to judge it by, took it for print (Ecolier's "1" 8 times in 24 cells
of a log sheet, MNIST's 8 in 24); the printed recognizer then read it "l", "I", "|" or
nothing. A detected line whose ink is one straight stroke is now handwritten; a printed
"1" (its flag, its foot) stays print. Sheets drawn by tests/handwriting/log_cells.py."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.log_cells import sheet

needs_fonts = pytest.mark.skipif(not handwriting_fonts(), reason="no handwriting font")


def _labels(hand: str) -> list[str]:
    """The segmenter's labels of the lines over a sheet's lone "1"s (12 cells)."""
    from formsift.core.document import Page
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    if not hand.startswith("print:") and hand not in {f.name for f in handwriting_fonts()}:
        pytest.skip(f"{hand} not installed")
    rows = [{"unit": f"Fridge {i}", "count": "1", "ref": "1"} for i in range(6)]
    s = sheet(rows, hand, seed=0, dpi=300)
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    regions = seg.segment(s.image, Page(0, 595, 842))
    out = []
    for cells in s.boxes:
        for x0, y0, x1, y1 in cells.values():
            out += [r.kind for r in regions if r.kind in ("text", "handwritten")
                    and r.box.x1 > x0 and r.box.x0 < x1 and r.box.y1 > y0 and r.box.y0 < y1]
    return out


@needs_fonts
def test_a_lone_straight_one_is_handwritten():
    got = _labels("Ecolier-court.ttf")
    assert got and set(got) == {"handwritten"}, got


@pytest.mark.parametrize("face", ["print:times", "print:courier"])
def test_a_printed_one_stays_print(face):
    got = _labels(face)
    assert got and set(got) == {"text"}, got


def test_one_straight_stroke():
    import cv2

    from formsift.plugins.handwriting.segment import _one_straight_stroke

    def crop(*strokes: tuple[int, int, int, int]) -> np.ndarray:
        a = np.full((60, 40), 250, np.uint8)
        for x0, y0, x1, y1 in strokes:
            cv2.line(a, (x0, y0), (x1, y1), 20, 4)
        return a

    assert _one_straight_stroke(crop((20, 10, 17, 50)))              # a "1", slanted
    assert not _one_straight_stroke(crop((20, 10, 20, 50), (10, 50, 30, 50)))  # its foot
    assert not _one_straight_stroke(crop((20, 0, 20, 59)))           # a ruling across
    assert not _one_straight_stroke(crop((10, 10, 10, 50), (28, 10, 28, 50)))  # two
    assert not _one_straight_stroke(crop((5, 30, 35, 32)))           # lying: a dash
