"""The two pieces of a handwritten line cut at a ruling are not joined again.

Tender bids journey (stop 33, open finding 3): on the French bill's scan, rates still read
'8 800,0018' and '21,6014' (8 800,00 | 8 800,00; 21,60 | 24 840,00): the segmenter cut
the detected line at the upright ruling between "Prix unitaire" and "Montant"
(:func:`_split_at_walls`), but each piece, cut to its ink with a margin, reached to the
ruling, so the boxes met, and :func:`_join_handwriting`, which looks for a wall only in a
gap between two boxes, joined them again: the ruling was read as a "1" and the amount's
first digit went to the rate. Pieces that meet at a wall now stay apart.
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


def _line(x0: int, x1: int) -> TextRegion:
    return TextRegion(Box(x0 / W, 90 / H, x1 / W, 112 / H), "handwritten", 0.9, None, {})


def test_pieces_cut_at_a_ruling_they_reach_stay_apart():
    # "8 800,00" written up to the ruling at x=200, "8 800,00" starting right after it:
    # each piece, cut to its ink with its margin, reaches to the ruling
    page = _page([(120, 94, 130, 110), (140, 94, 197, 110), (203, 94, 213, 110),
                  (222, 94, 280, 110)], 200)
    parts = _split_at_walls(_line(115, 285), page)
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
