"""A comb (one character per printed cell) and a row of value boxes (a whole value per
box) told apart, and a comb found around a digit the detector boxed alone.

Exams journey, finding 4: a cover sheet's row of score boxes (one mark per box, "13",
"17") was taken for a comb and read one character per box: two-digit marks lost a digit.
A box with room for more than one character that holds several, side by side, is no
comb's cell. Pledges journey, finding 2: a card number written small in 16 comb cells in
groups of four was not read: the detector boxed digits alone or in twos, low in their
tall cells, and the page looked at around such a box did not reach the comb's rulings,
so no comb was found, and a digit alone in its cell was no comb's writing either; read as
print, the cells' walls became characters. The rows of boxes are drawn here and written
in with a handwriting font."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.test_comb_cells import _font, needs_font


def boxes_page(texts: list[str], cell: tuple[int, int], gaps: tuple[int, ...] = (),
               size: float = 0.6, low: float = 0.0, font: Any = None
               ) -> tuple[Any, list[Any]]:
    """A strip of page (BGR) with a row of boxes of ``cell`` (width, height) pixels, walls
    2 pixels wide, each holding its text of ``texts`` written in a handwriting font
    ``size`` times the box's height, ``low`` times the height below its middle;
    ``gaps``: boxes before which the row leaves a gap (a card number's groups); ``font``:
    a font file (default: the first of test_comb_cells' fonts installed). Also
    each text's ink box (x0, y0, x1, y1) in pixels."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    cw, ch = cell
    width = 200 + len(texts) * cw + len(gaps) * cw // 3 + 100
    height = 100 + ch
    img = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(font or _font()), round(size * ch))
    draw.text((40, 50 + ch // 3), "Card number", fill=0)
    x, y, inks = 200, 50, []
    for k, text in enumerate(texts):
        if k in gaps:
            x += cw // 3
        draw.rectangle([x, y, x + cw, y + ch], outline=0, width=2)
        at = (x + cw / 2, y + ch / 2 + low * ch)
        draw.text(at, text, fill=30, font=font, anchor="mm")
        alone = Image.new("L", img.size, 0)
        ImageDraw.Draw(alone).text(at, text, fill=255, font=font, anchor="mm")
        ys, xs = np.nonzero(np.array(alone) > 128)
        inks.append((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
        x += cw
    a = np.clip(np.array(img) + np.random.default_rng(2).normal(0, 4, (height, width)),
                0, 255).astype(np.uint8)
    return cv2.cvtColor(a, cv2.COLOR_GRAY2BGR), inks


def _region(image: Any, ink: tuple[int, int, int, int], kind: str = "handwritten",
            m: int = 4) -> TextRegion:
    """The detector's box around ``ink`` (pixels), ``m`` pixels of margin."""
    h, w = image.shape[:2]
    x0, y0, x1, y1 = ink
    return TextRegion(Box((x0 - m) / w, (y0 - m) / h, (x1 + m) / w, (y1 + m) / h), kind, 0.9)


@pytest.fixture(scope="module")
def rec() -> Any:
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    r = CRNNRecognizer()
    r.ensure_ready()
    return r


MARKS = ["4", "13", "9", "17", "5", "11", "8"]

#: Handwriting fonts the score boxes are written in (those installed): the first font of
#: test_comb_cells, and fonts whose "1" has a flat foot or a long flag reaching almost to
#: the next digit (BecauseWeLearn, ComicNeue-Bold, Humor-Sans: the stop's code read of
#: 40ee7f9, where the foot closed the gap between "1" and "3" and the row was read as a
#: comb, 13 -> "4397").
SCORE_FONTS = ("BecauseWeLearn-Regular.otf", "ComicNeue-Bold.otf", "Humor-Sans.ttf",
               "KleeOne-Regular.ttf", "DancingScript-Regular.otf", "Kristi.ttf",
               "Rufscript010.ttf", "BecauseWeBuild-Regular.otf")
_INSTALLED = {f.name: f for f in handwriting_fonts()}


@needs_font
@pytest.mark.parametrize("font", [None, *SCORE_FONTS])
@pytest.mark.parametrize("cell", [(135, 110), (200, 165), (100, 80)])
def test_a_row_of_score_boxes_holding_two_digit_marks_is_no_comb(rec, cell, font):
    from formsift.plugins.handwriting import comb as C

    if font is not None and font not in _INSTALLED:
        pytest.skip(f"{font} not installed")
    image, inks = boxes_page(MARKS, cell, font=_INSTALLED.get(font))
    for k in (1, 3, 5):  # the boxes of two-digit marks
        region = _region(image, inks[k])
        near = C.around(image, region)
        assert C.find_comb(near.gray, near.height) is None, (font, cell, MARKS[k])
        words = rec.recognize(image, SimpleNamespace(index=0), [region])
        assert "".join(w.text for w in words) == MARKS[k], (font, [w.text for w in words])


@needs_font
@pytest.mark.parametrize("cell", [(135, 110), (42, 56)])
def test_a_comb_with_one_digit_per_cell_is_still_a_comb(cell):
    """A single digit per box (the comb's one character per cell, or score boxes that
    all hold one digit: read either way alike) keeps the row a comb."""
    from formsift.plugins.handwriting import comb as C

    image, inks = boxes_page(list("4729"), cell)
    near = C.around(image, _region(image, inks[1]))
    found = C.find_comb(near.gray, near.height)
    assert found is not None and len(found.cells) == 4


CARD = "4200591457047890"


@needs_font
@pytest.mark.parametrize("gaps", [(4, 8, 12), ()])
def test_a_card_number_written_small_in_comb_cells_is_read(rec, gaps):
    """The pledges journey's card: 15 x 20 pt cells at 200 dpi, digits a third of the
    cell's height, low in it; the detector boxed them one, two or several at a time, and
    labelled them print."""
    from formsift.plugins.handwriting.segment import _written_in_combs

    # (capitals-height digits, as the journey's Humor-Sans: dkg's 0 is a third as tall)
    font = next((f for f in handwriting_fonts() if f.name == "Humor-Sans.ttf"), None)
    image, inks = boxes_page(list(CARD), (42, 56), gaps=gaps, size=0.5, low=0.1, font=font)
    groups = [(0, 1), (1, 4), (4, 5), (5, 11), (11, 12), (12, 16)]
    regions = [_region(image, (inks[a][0], min(i[1] for i in inks[a:b]), inks[b - 1][2],
                               max(i[3] for i in inks[a:b])), "text") for a, b in groups]
    out = _written_in_combs(image, regions)
    assert all(r.kind == "handwritten" and r.attrs.get("comb") for r in out), \
        [(r.kind, r.box) for r in out]
    words = rec.recognize(image, SimpleNamespace(index=0), out)
    assert "".join(w.text for w in sorted(words, key=lambda w: w.box.x0)) == CARD
