"""A long minus on a tight crop of a short number is the minus, not a ruling (stop 34's code
read of 16d3abf, review-c finding 6: a sign lost).

16d3abf took any flat stroke along 0.6 of the crop's width for a ruling the cell's crop
took in, so a minus written long before one digit, on a crop tight around them, was left
out and the number lost its sign. A ruling lies along the crop's top or bottom edge, or
runs from one end of it to the other; a minus lies at the digits' middle, before them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.plugins.handwriting.recognize import leading_dash


def _crop(width: int, dash: tuple[int, int] | None,
          ruling: tuple[int, int, int, int] | None = None) -> Any:
    """A 60-pixel-high crop ``width`` wide: one digit's upright stroke at its right, a dash
    4 pixels thick from x0 to x1 at its middle height, and a ruling drawn 2 pixels thick
    from (x0, y0) to (x1, y1)."""
    import cv2

    a = np.full((60, width), 250, np.uint8)
    cv2.line(a, (width - 8, 10), (width - 8, 50), 20, 4)
    if dash:
        cv2.line(a, (dash[0], 30), (dash[1], 30), 20, 4)
    if ruling:
        cv2.line(a, ruling[:2], ruling[2:], 20, 2)
    return a


@pytest.mark.parametrize(("width", "dash"), [(66, (8, 48)), (70, (6, 44)), (80, (8, 56))])
def test_a_long_minus_before_one_digit_is_the_minus(width, dash):
    found = leading_dash(_crop(width, dash))
    assert found is not None and found[0] <= dash[0] and found[1] >= dash[1]


@pytest.mark.parametrize("ruling", [
    (0, 58, 69, 58),    # along the bottom edge, end to end
    (0, 1, 69, 1),      # along the top edge
    (0, 54, 69, 59),    # skewed: leaving the crop through its bottom edge
    (0, 4, 69, 0),      # skewed: leaving it through its top edge
])
def test_a_ruling_the_crop_took_in_is_still_no_stroke(ruling):
    # the minus is found past the ruling, as 16d3abf made it (-21 read 21 at 0.89)
    found = leading_dash(_crop(70, (20, 44), ruling))
    assert found is not None and found[0] <= 20 and found[1] >= 44


def test_no_dash_with_a_ruling_reads_no_minus():
    assert leading_dash(_crop(70, None, (0, 58, 69, 58))) is None
