"""A number written in a short comb (two or three boxes) is read box by box, its walls
left out, as one word.

Surveys journey, stop 32, finding 1: a questionnaire's household size written `0|3` in a
2-cell comb was read 1013 (the walls read as "1"s) and accepted, "how many times" `1|2`
read 1 (the two digits as two words, the number taking the first), an age `0|3|4` in 3
cells 101314: combs were recognised from four cells up (fieldtypes.comb.MIN_CELLS, the
fewest a comb's text is joined from), so a short comb's line was read across its walls.
A row of two or three boxes side by side, no wall missing, its rulings along every box,
is a short comb now: each box is read alone and the boxes make one word, which a number
reads whole. Rows of boxes that are no comb stay so: two checkboxes apart, one box round
a value, score boxes holding a two-digit mark each."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from tests.handwriting.test_comb_cells import DIGITS, _read, comb_page, needs_font, rec
from tests.handwriting.test_comb_or_value_boxes import _region, boxes_page

__all__ = ["rec"]  # the fixture, used by name


@needs_font
@pytest.mark.parametrize(("digits", "cell"), [
    ("03", (75, 92)),    # the survey's 18 x 22 pt boxes at 300 dpi
    ("12", (75, 92)),
    ("034", (75, 92)),
    ("07", (50, 61)),    # at 200 dpi
    ("45", (40, 52)),
])
def test_a_number_in_a_short_comb_is_read_without_its_walls(rec: Any, registry: Any,
                                                             digits: str, cell: Any) -> None:
    from tests.parsing import best

    image, box = comb_page(digits, cell)
    for constraint in (None, DIGITS):
        words = _read(rec, image, [box], constraint)
        assert [w.text for w in words] == [digits], (constraint, [w.text for w in words])
        assert len(words[0].char_confidences) == len(digits)
    found = best(registry, "int", digits)
    assert found is not None and found.value == int(digits)


@needs_font
@pytest.mark.parametrize("kind", ["handwritten", "text"])
def test_a_digit_boxed_alone_in_a_short_comb_is_read_with_its_comb(rec: Any, kind: str) -> None:
    """The survey's household `0|2`: the detector boxed the 2 alone, small in its box and
    slanted (its polygon turned 10 degrees), and the 0 not at all; the 2 alone was read
    1. The comb is found around it along its box (the polygon's slant aside), and the
    comb's boxes are read. An age `0|5|2` whose 5 alone was boxed, labelled print, read
    5: a line in a short comb is its writing, though it covers one box."""
    from formsift.plugins.handwriting.segment import _written_in_combs

    image, _ = comb_page("02", (75, 92))
    h, w = image.shape[:2]
    # the 2's ink, in the second box (x 315-390), as the detector boxed it: low, slanted
    bx0, bx1, by0, by1 = 330 / w, 372 / w, 95 / h, 135 / h
    tilt = 6 / h
    region = TextRegion(Box(bx0, by0 - tilt, bx1, by1), kind, 0.9,
                        [(bx0, by0), (bx1, by0 - tilt), (bx1, by1 - tilt), (bx0, by1)])
    out = _written_in_combs(image, [region])
    assert out[0].kind == "handwritten"
    words = _read_regions(rec, image, out)
    assert [w.text for w in words] == ["02"]


def _read_regions(rec: Any, image: Any, regions: list[TextRegion]) -> list[Any]:
    from types import SimpleNamespace

    return sorted(rec.recognize(image, SimpleNamespace(index=0), regions), key=lambda w: w.box.x0)


def _boxes(image: Any, boxes: list[tuple[int, int, int, int]]) -> Any:
    import cv2

    for x0, y0, x1, y1 in boxes:
        cv2.rectangle(image, (x0, y0), (x1, y1), (0, 0, 0), 2)
    return image


@needs_font
def test_rows_of_boxes_that_are_no_short_comb(rec: Any) -> None:
    from formsift.plugins.handwriting import comb as C

    image, box = comb_page("7", (40, 52))  # one box round a digit
    near = C.around(image, TextRegion(Box(*box), "handwritten"))
    assert C.find_comb(near.gray, near.height, C.SHORT_CELLS) is None
    # two checkboxes four boxes apart (a Likert row): no comb of six boxes, four of them
    # between walls that are not there
    import numpy as np

    page = np.full((200, 900, 3), 250, np.uint8)
    _boxes(page, [(300, 60, 340, 100), (500, 60, 540, 100)])
    region = TextRegion(Box(300 / 900, 62 / 200, 340 / 900, 98 / 200), "handwritten")
    near = C.around(page, region)
    assert C.find_comb(near.gray, near.height, C.SHORT_CELLS) is None
    # two checkboxes apart by their own width: no wall between them
    page = np.full((200, 900, 3), 250, np.uint8)
    _boxes(page, [(300, 60, 340, 100), (380, 60, 420, 100)])
    near = C.around(page, TextRegion(Box(300 / 900, 62 / 200, 420 / 900, 98 / 200),
                                     "handwritten"))
    assert C.find_comb(near.gray, near.height, C.SHORT_CELLS) is None


@needs_font
@pytest.mark.parametrize("marks", [["13", "17"], ["9", "13", "11"]])
def test_two_or_three_score_boxes_holding_marks_are_no_comb(rec: Any, marks: list[str]) -> None:
    from formsift.plugins.handwriting import comb as C

    image, inks = boxes_page(marks, (135, 110))
    for k, mark in enumerate(marks):
        if len(mark) < 2:
            continue
        region = _region(image, inks[k])
        near = C.around(image, region)
        assert C.find_comb(near.gray, near.height, C.SHORT_CELLS) is None, mark
        words = _read_regions(rec, image, [region])
        assert "".join(w.text for w in words) == mark


@needs_font
def test_a_row_of_three_score_boxes_of_one_digit_each_is_no_short_comb(rec: Any) -> None:
    """Boxes wider than tall hold a value each (a mark sheet's q1, q2, q3: 4, 9, 5 are not
    the number 495): a short comb's boxes are as wide as a digit."""
    from formsift.plugins.handwriting import comb as C

    image, inks = boxes_page(["4", "9", "5"], (135, 110))
    near = C.around(image, _region(image, inks[1]))
    assert C.find_comb(near.gray, near.height, C.SHORT_CELLS) is None
    words = _read_regions(rec, image, [_region(image, inks[1])])
    assert [w.text for w in words] == ["9"]
