"""Printed text set upright at a page's margin ("CUSTOMER COPY 2026", read bottom to top)
on a page the handwriting segmenter reads (stop 34's code read of b960a2e, review-b
finding 4: printed text lost).

b960a2e took every detected line taller than wide for one character the detector boxed in
part (a lone handwritten "1"), grew it over its ink and dropped its corners so that it is
read square on. A printed line set on its side is taller than wide too: without its
corners the recognizer no longer turned it, and read nothing (at the session start it read
CUSTOMER COPY 2026 at 0.90-0.95). A region holding several characters stacked along its
height is a line on its side: it keeps its corners. The page is drawn here; the detector is
given the boxes and corners PP-OCR gives.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.handwriting.missed_ink import printed_face

W, H = 1400, 1000
LINES = ["Delivery note 4471", "Ship to: Harbour Stores Ltd", "Items received in good order"]


def _page(text: str, turn: int) -> tuple[Any, list[tuple[int, int, int, int]], Any]:
    """A page (greyscale) with ``LINES`` printed across it and ``text`` printed at its left
    margin turned by ``turn`` degrees (90: read bottom to top, -90: top to bottom); the
    printed lines' pixel boxes and the margin text's region with PP-OCR's corners."""
    import numpy as np
    from PIL import Image, ImageDraw

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    face = printed_face(30)
    img = Image.new("L", (W, H), 250)
    d = ImageDraw.Draw(img)
    boxes = []
    for i, line in enumerate(LINES):
        at = (200, 100 + 80 * i)
        d.text(at, line, fill=0, font=face)
        boxes.append(tuple(d.textbbox(at, line, font=face)))
    width = int(d.textlength(text, font=face)) + 8
    strip = Image.new("L", (width, 44), 250)
    ImageDraw.Draw(strip).text((4, 4), text, fill=0, font=face)
    img.paste(strip.rotate(turn, expand=True), (30, 200))
    x0, y0, x1, y1 = 30 / W, 200 / H, 74 / W, (200 + width) / H
    # PP-OCR's corners start at the line's own top left: for text read bottom to top, the
    # box's bottom left; top to bottom, its top right
    corners = [(x0, y1), (x0, y0), (x1, y0), (x1, y1)] if turn == 90 else \
        [(x1, y0), (x1, y1), (x0, y1), (x0, y0)]
    return np.array(img), boxes, TextRegion(Box(x0, y0, x1, y1), "text", 0.9, corners)


def _segmented(image: Any, boxes: list[Any], margin: Any) -> list[Any]:
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    seg = HandwritingSegmenter()
    seg.ensure_ready()
    seg._model_det.segment = lambda *_: [  # type: ignore[method-assign]
        TextRegion(Box((a - 4) / W, (b - 4) / H, (c + 4) / W, (e + 4) / H), "text", 0.9,
                   [((a - 4) / W, (b - 4) / H), ((c + 4) / W, (b - 4) / H),
                    ((c + 4) / W, (e + 4) / H), ((a - 4) / W, (e + 4) / H)])
        for a, b, c, e in boxes] + [margin]
    return seg.segment(image, Page(0, W, H))


@pytest.mark.parametrize("text", ["CUSTOMER COPY 2026", "COPY 2"])
@pytest.mark.parametrize("turn", [90, -90])
def test_printed_text_on_its_side_keeps_its_corners(text, turn):
    from formsift.plugins.handwriting.segment import _upright_characters, page_ink

    image, _, margin = _page(text, turn)
    (out,) = _upright_characters([margin], page_ink(image, [margin]))
    assert out is margin


@pytest.mark.parametrize("turn", [90, -90])
def test_printed_text_on_its_side_is_read(turn):
    import cv2

    from formsift.core.document import Page
    from formsift.plugins.ocr.recognize import PPOCRRecognizer

    image, boxes, margin = _page("CUSTOMER COPY 2026", turn)
    regions = _segmented(image, boxes, margin)
    mine = [r for r in regions if r.box.x1 < 0.06]
    assert mine and all(r.polygon for r in mine), mine
    words = PPOCRRecognizer().recognize(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR),
                                        Page(0, W, H), mine)
    assert [w.text for w in words] == ["CUSTOMER", "COPY", "2026"], words
