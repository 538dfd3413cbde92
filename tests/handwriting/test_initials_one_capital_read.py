"""Initials the printed recognizer reads as one capital are initials (HACCP temperature-log
journey, stop 34, finding 4: blue "JD" initials read "not initialled", 0.88).

On two of the journey's log sheets a row's "JD", written in the same hand as the rows
around it, read "not initialled": the printed recognizer read the initials surely as the
single capital "D" (0.97; its word's box took in the "J" too), and a word read surely as
print inside a mark's box is masked as the form's print unless it reads as initials, which
took two or three capitals, so the box was left empty. One capital written taller than the
page's print is initials as well (a letter of them read, or a one-letter hand); an empty
cell, and one holding a capital printed small as a caption, stay not initialled.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift.core.document import Page, Word
from formsift.core.geometry import Box
from formsift.plugins.handwriting.marks import InitialsType
from formsift.templates.locators import _from_image
from tests.handwriting.log_rows import label_words, scanned

DKG = Path("/usr/share/fonts/truetype/fifthhorseman/dkg.ttf")
STEVE = Path("/usr/share/fonts/truetype/sjfonts/SteveHand.ttf")
BLUE, BLACK = (0.05, 0.1, 0.55), (0.1, 0.1, 0.1)
DPI = 250
#: a table row of the log: its printed labels, and the initials cell (points)
CELL = (300.0, 20.0, 355.0, 48.0)


def _row(initials: str | None, font: Path | str, ink: tuple[float, float, float],
         caption: str | None = None) -> tuple[np.ndarray, list[Word]]:
    """A scanned row of a temperature log (printed labels at 9 points, a ruled initials
    cell) with ``initials`` written 14 points tall in ``font`` and ``ink``, or a
    ``caption`` printed small in the cell; and the printed words a recognizer read on it,
    the initials (or caption) read surely as one capital, its box over all their ink."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=60)
    labels = [(12.0, "Wed"), (60.0, "AM"), (110.0, "Fridge"), (200.0, "Walk-in")]
    for x, text in labels:
        page.insert_text((x, 40), text, fontsize=9, fontname="helv")
    x0, y0, x1, y1 = CELL
    page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=(0, 0, 0), width=0.6)
    if initials:
        name = "helv"
        if isinstance(font, Path):
            if not font.exists():
                pytest.skip(f"the handwriting font {font.name} is not installed")
            page.insert_font(fontname="hand", fontfile=str(font))
            name = "hand"
        else:
            name = font
        page.insert_text((x0 + 8, y1 - 7), initials, fontsize=14, fontname=name, color=ink)
    if caption:
        page.insert_text((x0 + 3, y0 + 8), caption, fontsize=6, fontname="helv")
    img = scanned(page, DPI, 3)
    s = DPI / 72
    h, w = img.shape[:2]
    words = label_words(labels, img, DPI)
    if initials or caption:
        # the cell's ink inside its frame, as the recognizer's word box takes it in
        m = 3
        inside = img[int(y0 * s) + m:int(y1 * s) - m, int(x0 * s) + m:int(x1 * s) - m]
        ys, xs = np.nonzero(inside.min(axis=2) < 150)
        bx0, by0 = (xs.min() + int(x0 * s) + m) / w, (ys.min() + int(y0 * s) + m) / h
        bx1, by1 = (xs.max() + int(x0 * s) + m) / w, (ys.max() + int(y0 * s) + m) / h
        read = (initials or caption)[-1]
        words.append(Word(read, Box(bx0, by0, bx1, by1), 0, 0.97, "ppocr_rec"))
    return img, words


def _read(img: np.ndarray, words: list[Word]) -> tuple[bool, float]:
    h, w = img.shape[:2]
    page = Page(index=0, width=w, height=h, unit="px", renderer=lambda dpi: img, words=words)
    s = DPI / 72
    x0, y0, x1, y1 = CELL
    cell = Box(x0 * s / w, y0 * s / h, x1 * s / w, y1 * s / h)
    (cand,) = _from_image(page, cell, InitialsType(), "table", 1.0)
    return cand.value, cand.confidence


@pytest.mark.parametrize("font", [DKG, STEVE, "helv", "tiro"], ids=lambda f: getattr(f, "stem", f))
@pytest.mark.parametrize("ink", [BLUE, BLACK], ids=["blue", "black"])
@pytest.mark.parametrize("initials", ["JD", "CR"])
def test_initials_read_as_one_capital_are_initials(font, ink, initials):
    img, words = _row(initials, font, ink)
    present, confidence = _read(img, words)
    assert present is True and confidence >= 0.8


@pytest.mark.parametrize("caption", [None, "X", "A"])
def test_an_empty_cell_or_a_printed_capital_is_not_initialled(caption):
    img, words = _row(None, "helv", BLACK, caption)
    present, confidence = _read(img, words)
    assert present is False and confidence >= 0.8
