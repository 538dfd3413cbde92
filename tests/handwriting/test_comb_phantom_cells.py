"""A comb's blank cells give no word, and its cells are read once (VAT-return journey).

Amounts written right-aligned in long combs (eleven cells, the last two the cents) read
with phantom characters: the look around a short line of writing did not reach the comb's
first wall, so the comb was found from a cell on, and the rulings of the cell before it
went with the first cell found, read as a "7" ("7 ? ? ? 7 0 3 8 2 7" for 7038.27, 26 of
137 filled amounts); a stroke the detector found on the wall of a blank comb was read as a
line, a "T". And a digit the segmenter labelled print, alone in its cell, was read by the
printed recognizer as well as by the comb's reading of its cells: "7 0 3 8 8 2 7"."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from formsift.core import comb_cells
from formsift.core.document import Word
from formsift.core.geometry import Box
from tests.handwriting.test_comb_cells import DIGITS, _read, comb_page, needs_font, rec

__all__ = ["rec"]  # (the module's recognizer fixture)


def _written_box(box: tuple[float, float, float, float], cells: int, first: int
                 ) -> tuple[float, float, float, float]:
    """The detector's box of the writing in cells ``first`` on of a comb of ``cells``
    whose whole box is ``box``."""
    x0, y0, x1, y1 = box
    step = (x1 - x0) / cells
    return (x0 + first * step, y0, x1, y1)


@needs_font
@pytest.mark.parametrize(("written", "cell"), [
    ("          7038", (40, 52)),     # ten blank cells, then the amount: 200 dpi
    ("       21204", (40, 52)),
    ("         4471", (56, 74)),      # 300 dpi
])
def test_blank_cells_before_the_writing_give_no_word(rec: Any, written: str,
                                                      cell: tuple[int, int]) -> None:
    image, box = comb_page(written, cell)
    first = len(written) - len(written.lstrip())
    words = _read(rec, image, [_written_box(box, len(written), first)], DIGITS)
    assert [w.text for w in words] == list(written.strip())
    # a written 1 and 7 in such a comb are still read
    image, box = comb_page(written[:-2] + "17", cell)
    words = _read(rec, image, [_written_box(box, len(written), first)], DIGITS)
    assert "".join(w.text for w in words) == written.strip()[:-2] + "17"


@needs_font
def test_a_stroke_found_on_a_blank_combs_wall_gives_no_word(rec: Any) -> None:
    image, (x0, y0, x1, y1) = comb_page("        ", (40, 52))
    step = (x1 - x0) / 8
    for k in (3, 6):  # a thin box on the wall after cell k
        wall = x0 + (k + 1) * step
        words = _read(rec, image, [(wall - 0.3 * step, y0, wall + 0.3 * step, y1)], DIGITS)
        assert words == [], [w.text for w in words]


@needs_font
def test_the_cells_read_are_noted_on_the_page(rec: Any) -> None:
    from formsift.core.kinds import TextRegion

    image, box = comb_page("  52601", (40, 52))
    page = SimpleNamespace(index=0, notes={})
    words = rec.recognize(image, page, [TextRegion(Box(*_written_box(box, 7, 2)),
                                                   "handwritten")], DIGITS)
    cells = page.notes[comb_cells.NOTE]
    assert [w.text for w in words] == list("52601")
    assert len(cells) == 5 and all(src == "crnn" for src, _ in cells)
    assert all(any(b.contains_center_of(w.box) for _, b in cells) for w in words)


def test_another_recognizers_word_in_a_cell_read_is_dropped() -> None:
    cells = [Box(0.50 + 0.02 * k, 0.40, 0.52 + 0.02 * k, 0.43) for k in range(4)]
    page = SimpleNamespace(index=0, notes={})
    comb_cells.note(page, "crnn", cells)
    hand = [Word(d, b, 0, 0.99, "crnn", True) for d, b in zip("7038", cells, strict=True)]
    again = Word("8", Box(0.561, 0.405, 0.575, 0.425), 0, 0.75, "ppocr_rec")
    across = Word("[717", Box(0.545, 0.405, 0.58, 0.425), 0, 0.24, "ppocr_rec")
    label = Word("69", Box(0.45, 0.405, 0.47, 0.425), 0, 1.0, "ppocr_rec")
    below = Word("8", Box(0.561, 0.45, 0.575, 0.47), 0, 0.9, "ppocr_rec")
    kept = comb_cells.without_rereadings(page, [*hand, again, across, label, below])
    assert kept == [*hand, label, below]
    # a page no comb was read on keeps its words
    assert comb_cells.without_rereadings(SimpleNamespace(notes={}), [again]) == [again]


@needs_font
@pytest.mark.parametrize("share", [0.2, 0.45])
def test_a_piece_of_a_cells_writing_boxed_alone_is_not_read_again(rec: Any,
                                                                  share: float) -> None:
    """The detector boxed a piece of a digit alone in its cell (the comb is not found
    around so small a box): read as a line, it doubled the digit the comb's cells read."""
    image, (x0, y0, x1, y1) = comb_page("52601", (40, 52))
    step, middle, height = (x1 - x0) / 5, (y0 + y1) / 2, y1 - y0
    piece = (x0 + 2.25 * step, middle - share * height / 2, x0 + 2.75 * step,
             middle + share * height / 2)
    words = _read(rec, image, [(x0, y0, x1, y1), piece], DIGITS)
    assert [w.text for w in words] == list("52601")


@needs_font
@pytest.mark.parametrize("cell", [(40, 52), (28, 36), (56, 74)])
def test_specks_in_a_blank_cell_give_no_word(rec: Any, cell: tuple[int, int]) -> None:
    """A fax's specks spread over a blank cell before the writing were read "1" or "2"
    ("1 1 4 6 9 8 9" for 1469.89)."""
    image, (x0, y0, x1, y1) = comb_page("  1469", cell)
    width, height = cell
    for fx, fy in ((0.5, 0.2), (0.4, 0.5), (0.6, 0.8)):  # in the second cell, blank
        x, y = 240 + width + int(fx * width), 60 + int(fy * height)
        image[y:y + 2, x:x + 2] = 0
    step = (x1 - x0) / 6
    words = _read(rec, image, [(x0 + step, y0, x1, y1)], DIGITS)
    assert [w.text for w in words] == list("1469")
