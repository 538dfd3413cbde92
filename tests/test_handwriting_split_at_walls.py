"""A detected line is cut at an upright ruling that runs across it.

Tender bids journey, finding 2 (the rule read into numbers): on a French bill's scan the
text detector took a rate written against the line before "Montant" and the first group
of the amount after it for one line ("3,20 | 3 776,00"); the handwriting recognizer read
it '3,2013' and '776,00': the ruling as a "1", the amount's thousands lost (bid5: 17 of
63 values wrong). A ruling line never joins writing, across it or along it: the line is
cut at the ruling, each piece to its own ink; a line that only reaches over a ruling at
its end is cut to its writing ('148,00/').
"""

from __future__ import annotations

import numpy as np

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.plugins.handwriting.segment import PageInk, _join_handwriting, _split_at_walls

W, H, LH = 400, 200, 20  # the page's ink at about 20 pixels per line height


def _page(strokes: list[tuple[int, int, int, int]], wall_at: int | None) -> PageInk:
    ink = np.zeros((H, W), np.uint8)
    rules = np.zeros((H, W), np.uint8)
    for x0, y0, x1, y1 in strokes:  # the writing's strokes
        ink[y0:y1, x0:x1] = 255
    if wall_at is not None:  # a table's upright ruling, down the whole page
        rules[:, wall_at - 1:wall_at + 2] = 255
    return PageInk(ink, rules, float(LH))


def _line(x0: int, x1: int, label: str = "text") -> TextRegion:
    return TextRegion(Box(x0 / W, 90 / H, x1 / W, 112 / H), label, 0.9, None, {})


def test_a_line_across_a_ruling_is_cut_there():
    # "3,20" left of the ruling at x=200, "3 776,00" right of it
    page = _page([(140, 94, 150, 110), (160, 94, 190, 110), (206, 94, 216, 110),
                  (230, 94, 290, 110)], 200)
    parts = _split_at_walls(_line(135, 295), page)
    assert len(parts) == 2
    left, right = (p.box for p in parts)
    assert left.x1 < 200 / W < right.x0
    assert left.x0 <= 140 / W and right.x1 >= 290 / W


def test_a_line_reaching_over_a_ruling_at_its_end_is_cut_to_its_writing():
    page = _page([(150, 94, 190, 110)], 200)
    (part,) = _split_at_walls(_line(145, 205), page)
    assert part.box.x1 < 199 / W and part.box.x0 <= 150 / W


def test_a_line_with_no_ruling_across_it_stays_whole():
    page = _page([(150, 94, 190, 110), (200, 92, 203, 111)], None)  # a written "1"
    region = _line(145, 210)
    assert _split_at_walls(region, page) == [region]


def test_writing_across_the_ruling_keeps_the_line_whole():
    """An amount written over the table's frame ("24,49|5.00") is one line."""
    page = _page([(150, 94, 240, 110)], 200)
    region = _line(145, 245)
    (part,) = _split_at_walls(region, page)
    assert part.box.x0 <= 150 / W and part.box.x1 >= 240 / W

# The two pieces of a handwritten line cut at a ruling are not joined again (tender bids,
# stop 33 open finding 3): each piece, cut to its ink with a margin, reached to the ruling,
# so the boxes met, and _join_handwriting, which looked for a wall only in a gap between
# two boxes, joined them again ('8 800,0018'). Pieces that meet at a wall stay apart.


def test_pieces_cut_at_a_ruling_they_reach_stay_apart():
    # "8 800,00" written up to the ruling at x=200, "8 800,00" starting right after it:
    # each piece, cut to its ink with its margin, reaches to the ruling
    page = _page([(120, 94, 130, 110), (140, 94, 197, 110), (203, 94, 213, 110),
                  (222, 94, 280, 110)], 200)
    parts = _split_at_walls(_line(115, 285, "handwritten"), page)
    assert len(parts) == 2
    left, right = (p.box for p in parts)
    assert right.x0 <= left.x1  # they meet at the ruling
    joined = _join_handwriting(parts, W / H, page)
    assert sorted((round(r.box.x0 * W), round(r.box.x1 * W)) for r in joined) == sorted(
        (round(p.box.x0 * W), round(p.box.x1 * W)) for p in parts)


def test_pieces_of_writing_that_meet_with_no_ruling_are_joined():
    # the detector's two pieces of one word ("K. Y" / "ilmaz"), no ruling: one line
    page = _page([(x, 96, x + 3, 106) for x in range(120, 280, 6)], None)
    a = TextRegion(Box(115 / W, 90 / H, 199 / W, 112 / H), "handwritten", 0.9, None, {})
    b = TextRegion(Box(198 / W, 90 / H, 285 / W, 112 / H), "handwritten", 0.9, None, {})
    (one,) = _join_handwriting([a, b], W / H, page)
    assert one.box.x0 <= 115 / W and one.box.x1 >= 285 / W
