"""A box filled in by hand on a phone photo is ticked (claims journey, c03): its ink
stops about 0.08 of its side short of a corner (2.24 pixels at 28), which the corner test
of 7c683c7 (0.06 of the side) read as a letter's round corner, so four of five filled
boxes read unticked; a broad pen's "B" (c12: 2.24 pixels at 17, 0.13) is still no box."""

from __future__ import annotations

import numpy as np

from formsift.plugins.segment.checkboxes import _corners


def _square(side: int, cut: int, corners: int = 4) -> np.ndarray:
    """A filled square of ``side`` pixels inside a margin, ``cut`` pixels of ink taken off
    (a diagonal bevel) at ``corners`` of its corners."""
    bw = np.zeros((side + 10, side + 10), np.uint8)
    bw[5:5 + side, 5:5 + side] = 255
    box = bw[5:5 + side, 5:5 + side]
    views = [box, box[:, ::-1], box[::-1], box[::-1, ::-1]]
    for view in views[:corners]:
        for i in range(cut):
            view[i, :cut - i] = 0
    return bw


def test_a_hand_filled_box_with_slightly_open_corners_is_a_filled_box():
    assert _corners(_square(28, 3), 5, 5, 28, 28)  # ink 2.1 pixels from each corner


def test_a_small_square_open_at_one_corner_like_a_letters_bowl_is_none():
    assert not _corners(_square(17, 4, corners=1), 5, 5, 17, 17)  # 2.8 pixels at 17
