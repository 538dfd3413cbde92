"""Marks written one per row of a ruled table (a marking sheet's grid, a timesheet's
hours, delivered quantities in ruled rows): the text detector can take the marks of
consecutive rows for one tall line across the ruling lines between them (the exams
journey: a 5, an 8 and a 2 three rows high, read 'llnloolrs'). A ruling line never joins
writing, across it or along it: the line is cut at each ruling with writing on both
sides, and a stroke that crosses a ruling keeps its line whole. The sheet is drawn here,
written on in a handwriting font."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts

needs_fonts = pytest.mark.skipif(not handwriting_fonts(),
                                 reason="no handwriting font installed (see .ci/run)")

#: the grid, in pixels at 200 dpi: rows ROW high from TOP, the mark column's x range
TOP, ROW, ROWS = 300, 80, 6
COL = (640, 900)


def grid_sheet(marks: list[str], low: int | None = None) -> tuple[Any, list[Any]]:
    """A greyscale marking sheet (a ruled table, three columns) with ``marks`` written
    one per row in its middle column; the mark of row ``low`` is written across its
    row's bottom ruling. Also returns each mark's ink box (x0, y0, x1, y1)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    fonts = handwriting_fonts()
    font = next((f for f in fonts if f.name == "dkg.ttf"), fonts[0])
    img = Image.new("L", (1400, 1000), 250)
    d = ImageDraw.Draw(img)
    for i in range(ROWS + 1):
        d.line((200, TOP + i * ROW, 1200, TOP + i * ROW), fill=20, width=2)
    for x in (200, COL[0], COL[1], 1200):
        d.line((x, TOP, x, TOP + ROWS * ROW), fill=20, width=2)
    pen = ImageFont.truetype(str(font), 56)
    boxes = []
    for i, mark in enumerate(marks):
        y = TOP + i * ROW + ROW // 2 + (ROW // 2 if i == low else 0)
        d.text((COL[0] + 30, y), mark, font=pen, fill=40, anchor="lm")
        alone = Image.new("L", img.size, 0)
        ImageDraw.Draw(alone).text((COL[0] + 30, y), mark, font=pen, fill=255, anchor="lm")
        ys, xs = np.nonzero(np.array(alone) > 128)  # the mark's ink
        boxes.append((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    return np.array(img), boxes


def _segmenter(detected: list[tuple[float, float, float, float]], image: Any) -> Any:
    """The ``handwriting`` segmenter with a detector that finds only ``detected``."""
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    h, w = image.shape[:2]
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    seg._model_det.segment = lambda *_: [  # type: ignore[method-assign]
        TextRegion(Box(x0 / w, y0 / h, x1 / w, y1 / h), "text", 0.9)
        for x0, y0, x1, y1 in detected]
    return seg


def _printed(image: Any) -> list[tuple[float, float, float, float]]:
    """Printed lines for the detector to find too (the segmenter measures the page's line
    height on them): a label in each row's first column."""
    return [(230, TOP + i * ROW + 25, 420, TOP + i * ROW + 55) for i in range(ROWS)]


@needs_fonts
@pytest.mark.parametrize("marks", [["5", "8", "2"], ["7", "10", "3", "9"]])
def test_marks_in_consecutive_ruled_rows_are_separate_lines(marks):
    from formsift.core.document import Page

    image, boxes = grid_sheet(marks)
    h, w = image.shape[:2]
    # the detector's one line over the marks of consecutive rows, across the rulings
    tall = (COL[0] + 8, boxes[0][1] - 6, COL[0] + 160, boxes[-1][3] + 6)
    regions = _segmenter([*_printed(image), tall], image).segment(image, Page(0, 504, 360))
    mine = sorted((r for r in regions if r.box.x0 * w >= COL[0] and r.box.x1 * w <= COL[1]),
                  key=lambda r: r.box.y0)
    assert len(mine) == len(marks), [(r.kind, r.box) for r in mine]
    for r, (_, y0, _, y1) in zip(mine, boxes, strict=True):
        # each line holds its mark, and no ruling line
        assert r.box.y0 * h <= y0 + 3 and r.box.y1 * h >= y1 - 3, (r.box, y0, y1)
        top = TOP + ((y0 + y1) / 2 - TOP) // ROW * ROW
        assert top < r.box.y0 * h and r.box.y1 * h < top + ROW, (r.box, top)


@needs_fonts
def test_a_mark_written_across_its_rows_ruling_stays_one_line():
    """A "10" written low, across its row's bottom ruling: the stroke crosses the ruling
    (ink right above and below it), and the line is not cut there."""
    from formsift.core.document import Page

    image, boxes = grid_sheet(["4", "10"], low=1)
    h, w = image.shape[:2]
    x0, y0, x1, y1 = boxes[1]
    regions = _segmenter([*_printed(image), (x0 - 8, y0 - 6, x1 + 8, y1 + 6)], image).segment(
        image, Page(0, 504, 360))
    mine = [r for r in regions if r.box.x0 * w >= COL[0] and r.box.x1 * w <= COL[1]
            and r.box.y1 * h > y0]
    assert len(mine) == 1, [(r.kind, r.box) for r in mine]
    assert mine[0].box.y0 * h <= y0 and mine[0].box.y1 * h >= y1


@needs_fonts
def test_a_line_reaching_over_the_columns_rule_is_cut_to_its_writing():
    """The detector's line over three rows' marks began left of the column's rule (a
    red-pen sheet of the exams journey): its pieces, boxed as wide as the line, each held
    the rule, read as a "1" before every mark (8 -> 18). Each piece is its writing's
    width; and writing the line's box cuts at its end (the top of the next row's mark)
    makes no piece of its own."""
    from formsift.core.document import Page

    image, boxes = grid_sheet(["8", "6", "7", "5"])
    h, w = image.shape[:2]
    tall = (COL[0] - 12, boxes[0][1] - 6, COL[0] + 160, (boxes[2][3] + boxes[3][1]) // 2 + 18)
    regions = _segmenter([*_printed(image), tall], image).segment(image, Page(0, 504, 360))
    # (the next row's mark, whole, is a line of its own: a digit alone in its cell)
    x0, y0, x1, y1 = boxes[3]
    mine = sorted((r for r in regions if r.box.x0 * w >= COL[0] - 14
                   and r.box.x1 * w <= COL[1] and r.box.y0 * h < tall[3]
                   and not (r.box.x0 * w <= x0 and r.box.y0 * h <= y0
                            and r.box.x1 * w >= x1 and r.box.y1 * h >= y1)),
                  key=lambda r: r.box.y0)
    assert len(mine) == 3, [(r.kind, r.box) for r in mine]
    assert all(r.box.x0 * w > COL[0] + 1 for r in mine), [r.box for r in mine]
