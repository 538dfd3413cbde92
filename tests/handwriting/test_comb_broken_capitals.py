"""A name written in capitals in a comb stays a comb when a capital's strokes do not meet.

Stop 31's code read (finding 3): the test that tells a row of value boxes from a comb
(a box holding several characters side by side, set apart: a mark sheet's "13") took a
block capital whose strokes do not meet for two characters: an H whose bar misses an
upright, and an H whose bar, as long as a comb's ruling is flat, was taken out as one
(so its uprights stood apart). One such cell made the whole row no comb (25 of 1,287
generated rows of names, all capitals), and the name was read across the cells' walls
('/MII/T/H' for SMITH). The pieces of one capital span one character's width; two
characters are wider than the row's widest character written in one piece; and a flat
stroke inside a box is a ruling only when it runs across the box. The score boxes of
tests/handwriting/test_comb_or_value_boxes.py stay value boxes."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.test_comb_or_value_boxes import _region, boxes_page


def _strokes_page(letters: str, cell: tuple[int, int] = (60, 60), miss: int = 4
                  ) -> tuple[Any, TextRegion]:
    """A strip of page (BGR) with a comb of ``cell`` (width, height) pixels holding the
    block capitals ``letters`` (of H, O, L, T, I, E) drawn as pen strokes half the cell's
    height tall, an H's bar stopping ``miss`` pixels short of its right upright; also the
    text detector's box of the written line."""
    import cv2
    import numpy as np

    cw, ch = cell
    width, height = 120 + len(letters) * cw + 80, 60 + ch + 60
    img = np.full((height, width), 250, np.uint8)
    x, y = 120, 60
    h = ch // 2
    for k, c in enumerate(letters):
        cv2.rectangle(img, (x + k * cw, y), (x + (k + 1) * cw, y + ch), 0, 2)
        a, b = x + k * cw + cw // 2 - h // 3, x + k * cw + cw // 2 + h // 3  # letter's sides
        t, m, u = y + ch // 4, y + ch // 2, y + ch // 4 + h  # top, middle, bottom
        pen = dict(color=30, thickness=3, lineType=cv2.LINE_AA)
        if c == "H":
            cv2.line(img, (a, t), (a, u), **pen)
            cv2.line(img, (b, t), (b, u), **pen)
            cv2.line(img, (a, m), (b - 1 - miss, m), **pen)
        elif c == "O":
            cv2.ellipse(img, ((a + b) // 2, m), ((b - a) // 2, h // 2), 0, 0, 360, **pen)
        elif c == "L":
            cv2.line(img, (a, t), (a, u), **pen)
            cv2.line(img, (a, u), (b, u), **pen)
        elif c == "T":
            cv2.line(img, (a, t), (b, t), **pen)
            cv2.line(img, ((a + b) // 2, t), ((a + b) // 2, u), **pen)
        elif c == "E":
            cv2.line(img, (a, t), (a, u), **pen)
            for row in (t, m, u):
                cv2.line(img, (a, row), (b, row), **pen)
        else:  # "I"
            cv2.line(img, ((a + b) // 2, t), ((a + b) // 2, u), **pen)
    noisy = np.clip(img + np.random.default_rng(4).normal(0, 4, img.shape), 0, 255)
    image = cv2.cvtColor(noisy.astype(np.uint8), cv2.COLOR_GRAY2BGR)
    top, bottom = y + ch // 4 - 4, y + ch // 4 + h + 4
    box = Box((x + 4) / width, top / height, (x + len(letters) * cw - 4) / width, bottom / height)
    return image, TextRegion(box, "text", 0.9)


@pytest.mark.parametrize("letters", ["HOLT", "THEO", "ELIHO"])
@pytest.mark.parametrize("miss", [3, 6])
def test_an_h_whose_bar_misses_an_upright_leaves_the_name_a_comb(letters, miss):
    from formsift.plugins.handwriting import comb as C

    image, line = _strokes_page(letters, miss=miss)
    got = C.comb_around(image, line)
    assert got is not None, (letters, miss)
    assert len(got[1].cells) == len(letters)


@pytest.mark.parametrize("letters", ["HOLT", "THEO"])
def test_an_h_with_its_bar_is_no_ruling_inside_its_cell(letters):
    """The bar of an H drawn whole (miss 0: it meets both uprights) is a flat stroke as
    long as a comb's ruling must be; taken out as one, the H was two uprights apart."""
    from formsift.plugins.handwriting import comb as C

    image, line = _strokes_page(letters, miss=-2)
    got = C.comb_around(image, line)
    assert got is not None and len(got[1].cells) == len(letters)


_FONTS = {f.name: f for f in handwriting_fonts()}


@pytest.mark.skipif(not {"KleeOne-Regular.ttf", "YuseiMagic-Regular.ttf"} & set(_FONTS),
                    reason="no KleeOne or YuseiMagic font installed")
@pytest.mark.parametrize("name", ["JOHN", "SMITH", "HANS", "WILHELM"])
@pytest.mark.parametrize("cell", [(60, 60), (40, 40)])
def test_names_in_capitals_in_a_comb_are_a_comb(name, cell):
    """The code read's rows: KleeOne's and YuseiMagic's H, whose bar was taken out as a
    ruling, made these names no comb."""
    from formsift.plugins.handwriting import comb as C

    for font in ("KleeOne-Regular.ttf", "YuseiMagic-Regular.ttf"):
        if font not in _FONTS:
            continue
        image, inks = boxes_page(list(name), cell, size=0.5 if cell[0] == 60 else 0.7,
                                 font=_FONTS[font])
        line = _region(image, (inks[0][0], min(i[1] for i in inks), inks[-1][2],
                               max(i[3] for i in inks)), "text")
        near = C.around(image, line)
        found = C.find_comb(near.gray, near.height)
        assert found is not None and len(found.cells) == len(name), (font, name, cell)

