"""A capital printed large in an empty initials cell is print, not initials (stop 34's code
read of dc61cfd, review-c finding 2: a wrong value accepted).

dc61cfd let a word read surely as one capital be the initials when its ink is taller than
the page's print (the HACCP journey's blue "JD" read "D", its box over both letters). A
sign-here "X", or a printed letter set in the cell at 12 or 14 points on a page printed
at 9, passed that test too and read initialled (0.88 to 0.98). The word's box holds one
printed capital's ink there (one piece, no wider than a capital); the initials read as
one of their letters hold more (tests/handwriting/test_initials_one_capital_read.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from formsift.core.document import Word
from formsift.core.geometry import Box
from tests.handwriting.log_rows import label_words, scanned
from tests.handwriting.test_initials_one_capital_read import CELL, DPI, _read


def _printed(caption: str, size: float) -> tuple[np.ndarray, list[Word]]:
    """A scanned log row printed at 9 points, with ``caption`` printed at ``size`` points
    on the initials' baseline in its empty initials cell; the words a recognizer read on
    it, the caption read surely, its box over its ink."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=60)
    labels = [(12.0, "Wed"), (60.0, "AM"), (110.0, "Fridge"), (200.0, "Walk-in")]
    for x, text in labels:
        page.insert_text((x, 40), text, fontsize=9, fontname="helv")
    x0, y0, x1, y1 = CELL
    page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)
    page.insert_text((x0 + 8, y1 - 7), caption, fontsize=size, fontname="helv")
    img = scanned(page, DPI, 5)
    s = DPI / 72
    h, w = img.shape[:2]
    words = label_words(labels, img, DPI)
    m = 3
    inside = img[int(y0 * s) + m:int(y1 * s) - m, int(x0 * s) + m:int(x1 * s) - m]
    ys, xs = np.nonzero(inside.min(axis=2) < 150)
    box = Box((xs.min() + int(x0 * s) + m) / w, (ys.min() + int(y0 * s) + m) / h,
              (xs.max() + int(x0 * s) + m) / w, (ys.max() + int(y0 * s) + m) / h)
    words.append(Word(caption, box, 0, 0.97, "ppocr_rec"))
    return img, words


@pytest.mark.parametrize("size", [12, 14, 18])
@pytest.mark.parametrize("caption", ["X", "A", "X.", "W", "H"])
def test_a_capital_printed_large_in_the_cell_is_not_initials(caption, size):
    present, confidence = _read(*_printed(caption, size))
    assert present is False and confidence >= 0.8


@pytest.mark.parametrize("size", [12, 14])
def test_two_printed_capitals_are_read_as_before(size):
    # (two or three capitals taller than the print are initials, as before dc61cfd: "MK")
    present, _ = _read(*_printed("MK", size))
    assert present is True
