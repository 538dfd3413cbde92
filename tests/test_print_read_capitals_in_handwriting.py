"""Neat handwritten capitals the print recognizer reads surely are read so, and take the
place of the handwriting they stand for (stop 31's ink-height rule, open item of note 31).

Where a ``handwritten`` hint looks, a word the printed recognizer reads surely (no digit)
replaces the handwriting recognizer's reading of it (a printed "%" or "kg" beside the
blank). On a meter card the customer 'Karen Holt', so read ('Karen' 0.89, 'Holt' 0.88),
became 'Karen', accepted: the print recognizer's box of 'Holt' left out the H's first
stroke, which the ruling detector, finding it outside every word's box, took for a box's
side between the two words, and a text value does not run across one. Stop 31 then kept
such words as handwriting when taller than the page's print, and neat capitals read right
as print ('Sarah Wilson' on another card, a BIC 'COBADEFFXXX', an insurer 'Aviva') went to
the handwriting model, which misread them or read them at 0.08. Now a printed word that
covers the writing's ink takes its place, box and all (the H's stroke is inside it, and no
side between words); one that leaves out more of the ink than part of a letter does not.
The recognizers are stand-ins that read each region as a table says."""

from __future__ import annotations

from typing import Any

import numpy as np

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.templates.rulings import Rule, Rulings

W, H = 1000, 1400
ROW = (0.84, 0.88)  # the name's line (page fractions)


def _page(strokes: list[tuple[float, float]]) -> Any:
    """A page with its printed label, 14 px high, left of the name's line, and upright pen
    strokes (x0, x1, page fractions) 0.03 of the page (42 px) high on the line: the
    writing's ink, three times as tall as the print."""
    image = np.full((H, W, 3), 255, np.uint8)
    image[round(0.855 * H):round(0.865 * H), 100:250] = 0
    for x0, x1 in strokes:
        image[round(0.845 * H):round(0.875 * H), round(x0 * W):round(x1 * W)] = 30
    return image


LABEL = Word("Customer:", Box(0.1, ROW[0], 0.25, ROW[1]), 0, 0.99, "ppocr_rec")


def _word(text: str, x0: float, x1: float, conf: float, source: str) -> Word:
    return Word(text, Box(x0, ROW[0], x1, ROW[1]), 0, conf, source, source == "crnn", None,
                (conf,) * len(text))


def _strokes(x0: float, x1: float) -> list[tuple[float, float]]:
    """A written word's ink from ``x0`` to ``x1``: strokes 3 px wide, 12 px apart."""
    return [(x, x + 0.003) for x in np.arange(x0, x1 - 0.002, 0.012)]


def _read(image: Any, written: list[Word], printed: list[Word]) -> list[Word]:
    from formsift.core.routing import _printed_in_handwriting

    line = TextRegion(Box(0.32, ROW[0], 0.50, ROW[1]), "handwritten", 0.9)
    out = _printed_in_handwriting(image, [LABEL, *written], [line], printed, {"crnn"})
    return [w for w in out if w is not LABEL]


def test_a_name_in_capitals_read_surely_as_print_is_read_whole():
    """Karen Holt: 'Karen' and 'Holt' read as print at 0.89 and 0.88, the box of 'Holt'
    starting past the H's first stroke (at 0.396, inked from 0.392); the handwriting
    model read 'Karen' 0.16 and 'Holt' 0.58. The printed words stand, and the value right
    of the label runs across the H's stroke, which the ruling detector finds."""
    from formsift.templates.locators import _up_to_rule

    image = _page(_strokes(0.33, 0.382) + _strokes(0.392, 0.44))
    written = [_word("Karen", 0.327, 0.384, 0.16, "crnn"),
               _word("Holt", 0.389, 0.443, 0.58, "crnn")]
    printed = [_word("Karen", 0.329, 0.384, 0.89, "ppocr_rec"),
               _word("Holt", 0.397, 0.443, 0.88, "ppocr_rec")]
    out = sorted(_read(image, written, printed), key=lambda w: w.box.x0)
    assert [(w.text, w.source) for w in out] == [("Karen", "ppocr_rec"), ("Holt", "ppocr_rec")]
    stroke = Rulings(horizontal=(), vertical=(Rule(at=0.3935, start=0.845, end=0.875),))
    assert [w.text for w in _up_to_rule(out, stroke)] == ["Karen", "Holt"]


def test_neat_capitals_taller_than_the_print_stay_print():
    """A BIC written in neat capitals, read right by the print recognizer (0.885) and
    misread by the handwriting model ('COBADEFEXXX', 0.08): the print stands, however tall
    the writing is beside the page's labels."""
    image = _page(_strokes(0.33, 0.47))
    written = [_word("COBADEFEXXX", 0.327, 0.472, 0.08, "crnn")]
    printed = [_word("COBADEFFXXX", 0.329, 0.472, 0.885, "ppocr_rec")]
    (word,) = _read(image, written, printed)
    assert (word.text, word.source) == ("COBADEFFXXX", "ppocr_rec")
    assert word.box.x0 <= 0.327


def test_print_that_leaves_out_part_of_the_writing_does_not_stand():
    """The print recognizer read 'Holt' over the first two thirds of a written 'Holtby'
    only (its box ends where the ink goes on for 0.03 of the page, about as wide as the
    ink is tall): the handwriting's reading stays."""
    image = _page(_strokes(0.33, 0.42))
    written = [_word("Holtby", 0.327, 0.423, 0.58, "crnn")]
    printed = [_word("Holt", 0.329, 0.39, 0.88, "ppocr_rec")]
    (word,) = _read(image, written, printed)
    assert (word.text, word.source) == ("Holtby", "crnn")


def test_a_letter_read_for_a_tall_written_digit_stays_handwriting():
    """A mark '5' written tall, read 'S' by the print recognizer (no digit in it): a single
    letter is no whole word, and, taller than the page's print, it stays the handwriting's
    (the rule stop 31 made for any word taller than the print)."""
    image = _page(_strokes(0.33, 0.36))
    written = [_word("5", 0.327, 0.362, 0.58, "crnn")]
    printed = [_word("S", 0.329, 0.362, 0.9, "ppocr_rec")]
    (word,) = _read(image, written, printed)
    assert (word.text, word.source) == ("5", "crnn")
