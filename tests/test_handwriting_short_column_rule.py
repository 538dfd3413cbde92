"""A handwritten line is cut at a small table's column rule too short to be a ruling line.

Expense-claims journey, stop 36 (c05): on a photo of a claim form, the mileage table is
three rows high, so its column rules (about three line heights) are shorter than the
ruling lines the page's ink takes out (RULE_LENGTH line heights), and stayed in the ink.
The detector gave "36 | 0,30" (km | rate) as one line, read '3610,30' (the rule a "1"),
and "04/11/26 | Home" as '04/11/26THome'. A column rule running from one row's rule to
the next is a wall (:func:`_frame_ink`): the line is cut there, the rule left out. A
written "1" standing between two words, or one sitting on an underline, is no wall.
"""

from __future__ import annotations

import numpy as np

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.plugins.handwriting.segment import PageInk, _split_at_walls

W, H, LH = 400, 200, 20  # the page's ink at about 20 pixels per line height
ROWS = (60, 86, 112)  # a short table's row rules: two rows, 52 px < 4 line heights


def _page(writing: list[tuple[int, int, int, int]], column_at: int | None,
          rows: tuple[int, ...] = ROWS) -> PageInk:
    """The ink of a small table: its row rules taken out as ruling lines (``rules``),
    its column rule at ``column_at`` (from the first row rule to the last) left in the
    ink, with the gaps the rules' taking out cut in it, and the writing's strokes."""
    ink = np.zeros((H, W), np.uint8)
    rules = np.zeros((H, W), np.uint8)
    for y in rows:
        rules[y - 1:y + 2, 20:380] = 255
    if column_at is not None:
        ink[rows[0]:rows[-1], column_at - 1:column_at + 1] = 255
        ink[rules > 0] = 0
    for x0, y0, x1, y1 in writing:
        ink[y0:y1, x0:x1] = 255
    return PageInk(ink, rules, float(LH))


def _line(x0: int, x1: int, y0: int = 89, y1: int = 110) -> TextRegion:
    return TextRegion(Box(x0 / W, y0 / H, x1 / W, y1 / H), "text", 0.9, None, {})


def test_a_line_across_a_short_column_rule_is_cut_there():
    # "36" ending 5 px left of the rule at x=200, "0,30" starting 5 px right of it
    page = _page([(170, 92, 180, 108), (184, 92, 195, 108), (205, 92, 214, 108),
                  (220, 94, 240, 108)], 200)
    parts = _split_at_walls(_line(165, 245), page)
    assert len(parts) == 2
    left, right = (p.box for p in parts)
    assert left.x1 <= 200 / W <= right.x0  # the rule's ink in neither piece
    assert left.x0 <= 170 / W and right.x1 >= 240 / W


def test_a_written_one_between_words_is_no_wall():
    # a "1" a line's height tall standing in the row, touching neither rule
    page = _page([(150, 94, 180, 108), (198, 91, 200, 109), (215, 94, 240, 108)], None)
    region = _line(145, 245)
    assert _split_at_walls(region, page) == [region]


def test_a_one_on_an_underline_is_no_wall():
    # an unruled form's underline (a ruling line, taken out) and a "1" sitting on it
    page = _page([(150, 94, 180, 108), (198, 91, 200, 111), (215, 94, 240, 108)], None,
                 rows=(112,))
    region = _line(145, 245, 88, 114)
    assert _split_at_walls(region, page) == [region]


def test_the_piece_keeps_the_detected_slant():
    """On a photo the cut pieces keep the detector's slanted corners (read square on,
    the EUR cell's '10,80' was read '70,80')."""
    page = _page([(170, 92, 180, 108), (184, 92, 195, 108), (205, 92, 214, 108),
                  (220, 94, 240, 108)], 200)
    region = _line(165, 245)
    b = region.box
    region.polygon = [(b.x0, b.y0 + 0.004), (b.x1, b.y0), (b.x1, b.y1), (b.x0, b.y1 + 0.004)]
    parts = _split_at_walls(region, page)
    assert len(parts) == 2
    for p in parts:
        assert p.polygon is not None and p.polygon[0][1] > p.polygon[1][1]
