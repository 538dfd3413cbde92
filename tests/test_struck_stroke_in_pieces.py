"""A stroke through a row on a scan is found in pieces (broken where it crosses the
columns' ruling lines, where its ink thins, a pixel up or down on a skewed page): each
piece ran over one or two of the row's four cells, none over most of them, and the struck
row was kept (Helvetica 8 pt, struck 0.4 of the size over its baseline, 150 and 300 dpi
scans). struck.detect numbers the pieces of one line alike and they strike a row
together, each through its own cells; a ruling line just under it stays a line of its
own."""

from __future__ import annotations

import pytest

from tests.test_struck_rows_rules import _extract, _items, _ocr, _struck, sheet


def _pieces_and_rule():
    """A 150 dpi page image: a stroke drawn in three overlapping pieces, each 2 px off the
    one before, and a ruling line 15 px under it."""
    import cv2
    import numpy as np

    image = np.full((1650, 1275), 255, np.uint8)
    for x0, x1, y in ((80, 400, 600), (380, 760, 602), (740, 1100, 600)):
        cv2.line(image, (x0, y), (x1, y), 0, 2)
    cv2.line(image, (80, 615), (1100, 615), 0, 1)
    return image


def test_the_pieces_of_a_stroke_are_one_line():
    from formsift.templates.struck import detect

    found = detect(_pieces_and_rule())
    near = [s for s in found if abs(s.y0 * 1650 - 600) <= 4]
    assert len({s.line for s in near}) == 1, [(s.x0, s.x1, s.y0, s.line) for s in near]
    assert min(s.x0 for s in near) * 1275 <= 85 and max(s.x1 for s in near) * 1275 >= 1095
    rule = [s for s in found if abs(s.y0 * 1650 - 615) <= 1]
    assert rule and {s.line for s in rule}.isdisjoint({s.line for s in near})


def test_a_row_is_struck_by_the_pieces_of_one_line_together():
    """Four cells, a stroke in two pieces through their middle, two cells each: struck.
    Two strokes of two lines, each through two cells: not (a cell corrected here and
    there)."""
    from formsift.core.geometry import Box
    from formsift.templates.struck import Stroke, struck

    cells = [(Box(x, 0.10, x + 0.1, 0.12), [Box(x, 0.10, x + 0.1, 0.12)])
             for x in (0.1, 0.3, 0.5, 0.7)]
    pieces = [Stroke(0.05, 0.42, 0.11, 0.0, line=0), Stroke(0.45, 0.85, 0.11, 0.0, line=0)]
    assert struck(cells, pieces)
    assert not struck(cells, [Stroke(0.05, 0.42, 0.11, 0.0), Stroke(0.45, 0.85, 0.11, 0.0)])


@pytest.mark.parametrize("row, dpi", [(1, 150), (0, 300)])
def test_a_row_struck_on_a_scan_is_left_out(tmp_path, row, dpi):
    """The second row at 150 dpi; the first, under the header's rule, at 300 dpi."""
    from formsift.samples import encode_png
    from formsift.samples.scans import render_scan

    _ocr()
    pdf = sheet("helv", 8, rule=2.3 - 0.85, first=2.3, struck=(row, 0.4), ruled=True)
    image = render_scan(pdf, dpi=dpi, degrade="all", seed=8 + dpi)[0]
    result = _extract(tmp_path, "s.png", encode_png(image))
    assert _items(result) == [i for n, i in enumerate(["001", "002", "003"]) if n != row], \
        _struck(result)
