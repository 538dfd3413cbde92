"""A decimal point the reading of a handwritten number left out, seen in its ink.

The shipped handwriting model drops a small point written between two digits (a
temperature log's "1.5" read "15", sure of both digits: a right-looking value accepted);
the point reaches it, and it gives the point some probability at the step between the
digits, but less than the blank. The ink tells: a small round blot on the digits'
baseline, in the gap between two of them, that the reading has no character for.
:func:`baseline_dot` finds one in a crop; :func:`with_point` is the reading with a point
put in there (the rival reading a table cell then shows: "15 (15 or 1.5)").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: A point is at most this share of the digits' height tall and wide (a pen's dot to a
#: blot; a comma's tail included)...
POINT_SIZE = 0.4
#: ... at least this share of it across (smaller is a speck of the scan's noise)...
POINT_LEAST = 0.05
#: ... its bottom within this share of the digits' height of their baseline, its top
#: below their middle...
POINT_ON_BASELINE = 0.25
#: ... and it lies in a gap between two digits: at most this share of its width under
#: a digit's columns.
POINT_UNDER_DIGIT = 0.5
#: A digit's ink is at least this share of the tallest piece's height.
DIGIT_HEIGHT = 0.5


@dataclass(frozen=True)
class Dot:
    """A point's place in a crop: its columns (x0, x1), and how many digits' pieces of
    ink lie left of it and right of it."""

    x0: int
    x1: int
    left: int
    right: int


def _ink(gray: Any) -> Any:
    """The ink of a dark-on-light crop (boolean), by Otsu's threshold; None when the crop
    has no contrast."""
    import cv2
    import numpy as np

    if gray.size == 0 or int(gray.max()) - int(gray.min()) < 40:
        return None
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink) > 0


def baseline_dot(image: Any) -> Dot | None:
    """The one small round blot of ink on the baseline of the digits of a line crop
    (``image``: any size, grey or colour, dark ink on light paper), in a gap between two
    of them; None when there is none, or more than one (a row of dots is no decimal
    point). Ruling lines through the crop are left out (the longest pieces wider than
    the digits are tall)."""
    import cv2
    import numpy as np

    from formsift.handwriting.preprocess import to_gray

    ink = _ink(to_gray(image))
    if ink is None:
        return None
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    pieces = [tuple(int(v) for v in stats[k, :4]) for k in range(1, n)]
    crop_h = ink.shape[0]
    # (a ruling, or a cell's wall: as wide as the crop, or as tall)
    pieces = [p for p in pieces if p[2] < 0.9 * ink.shape[1] and p[3] < 0.95 * crop_h]
    if not pieces:
        return None
    tallest = max(p[3] for p in pieces)
    digits = [p for p in pieces if p[3] >= DIGIT_HEIGHT * tallest]
    if len(digits) < 2:
        return None
    baseline = float(np.median([p[1] + p[3] for p in digits]))
    top = float(np.median([p[1] for p in digits]))
    height = baseline - top
    if height < 8:
        return None
    found = []
    for x, y, w, h in pieces:
        if h >= DIGIT_HEIGHT * tallest or max(w, h) > POINT_SIZE * height \
                or max(w, h) < max(2.0, POINT_LEAST * height) or not 0.33 <= w / h <= 3:
            continue
        if abs(y + h - baseline) > POINT_ON_BASELINE * height or y < top + height / 2:
            continue
        under = sum(max(0, min(x + w, dx + dw) - max(x, dx)) for dx, _, dw, _ in digits)
        left = sum(dx + dw / 2 < x + w / 2 for dx, _, dw, _ in digits)
        if under > POINT_UNDER_DIGIT * w or left == 0 or left == len(digits):
            continue
        found.append(Dot(x, x + w, left, len(digits) - left))
    return found[0] if len(found) == 1 else None


def with_point(text: str, image: Any) -> str | None:
    """``text`` (a reading of digits, no point or comma in it) with a point put in where
    the ink of ``image`` (the crop read) shows one (:func:`baseline_dot`): after as many
    of its digits as there are digits' pieces of ink left of the dot, when the reading
    has as many digits as the ink has pieces (else, with a piece for each digit unsure,
    in proportion); None when the ink shows no point, or the reading has one."""
    digits = "".join(text.split())
    if not digits.isdigit() or len(digits) < 2:
        return None
    dot = baseline_dot(image)
    if dot is None:
        return None
    pieces = dot.left + dot.right
    k = dot.left if pieces == len(digits) else round(len(digits) * dot.left / pieces)
    k = min(len(digits) - 1, max(1, k))
    return f"{digits[:k]}.{digits[k:]}"
