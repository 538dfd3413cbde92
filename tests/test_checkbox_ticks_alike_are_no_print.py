"""One respondent's small ticks, drawn alike, do not vouch for each other as print.

6b04208 doubted a box whose ink, read as no glyph, is the same print as a box of its size
read as a letter or digit (a bold "Y" read "V" or nothing beside a "Y" read as a letter).
The boxes it matched against included glyphs read unsurely, among them boxes ticked by
hand: a rating's "2" under a small tick is read "2" unsurely, and the next "2" ticked
alike, read as nothing, matched it as "print": on a 40-question rating matrix answered
with small ticks inside the boxes, the answers read ticked surely fell from 29 to 13 of 40
(review for nothing). A box read unsurely holding more ink than 1.15 times the median of
the boxes of its size read as the same character now matches nothing.

The page is drawn with PyMuPDF and scanned (turned, blurred, noisy)."""

from __future__ import annotations

import random

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_labels import _render, _scan, _segment
from tests.test_checkbox_printed_glyphs_and_tight_rows import INK, _at, _page
from tests.test_checkbox_printed_glyphs_sure_ticks import _glyph_box

pytestmark = pytest.mark.skipif(not models_available(),
                                reason=f"OCR models not installed ({INSTALL_HINT})")

SIDE = 12


def _small_tick(page, x, y, q, jitter):
    """A small hand tick inside the box, each drawn a little differently: its points
    moved by up to ``jitter`` of the side, its width 0.7-1.1 pt."""
    r = random.Random(q)
    pts = [(0.25, 0.55), (0.42, 0.75), (0.78, 0.25)]
    page.draw_polyline([(x + (a + r.uniform(-jitter, jitter)) * SIDE,
                         y + (b + r.uniform(-jitter, jitter)) * SIDE) for a, b in pts],
                       color=INK, width=r.uniform(0.7, 1.1))


@pytest.mark.parametrize(("jitter", "least"), [(0.06, 20), (0.12, 27)])
def test_alike_small_ticks_on_a_rating_matrix_stay_sure(registry, jitter, least):
    """40 questions rated 1-5, the digit printed in each box, each answered by a small
    tick inside one box: no unticked box is a sure tick, and more answers are read
    ticked surely than when alike ticks vouched for each other (13 and 24 of 40 at
    jitters 0.06 and 0.12; now 20 and 29: 11 of the 40 glyphs are read unsurely under
    their tick, and a "3" or "5" read "B" under a tick still matches others alike)."""
    doc, page = _page()
    answers, others = [], []
    for q in range(40):
        y = 40 + 19 * q
        page.insert_text((40, y + 9), f"Q{q + 1}. How satisfied were you?", fontname="helv",
                         fontsize=8)
        for k, ch in enumerate("12345"):
            x = 260 + k * 3 * SIDE
            _glyph_box(page, x, y, SIDE, ch, "helv")
            if k == q % 5:
                _small_tick(page, x, y, q, jitter)
                answers.append((x, y))
            else:
                others.append((x, y))
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)

    def sure_tick(x, y):
        b = _at(boxes, x, y, SIDE)
        return b is not None and b.attrs["checked"] and b.score >= 0.5

    assert not [xy for xy in others if sure_tick(*xy)]
    assert sum(sure_tick(*xy) for xy in answers) >= least
