"""A lone handwritten "1" the detector boxed in part (temperature logs journey, F5): on a
log sheet's table PP-OCR gave a fridge's "1" a box round the middle third of its stroke
(11 by 22 pixels of 50); the handwriting recognizer straightens a region along its box as
a line of writing, which is wider than tall, so the crop was turned on its side, and the
stroke, lying down, was read "5" (0.34) or nothing: 17 lone "1"s missed on 8 sheets. A
handwritten region taller than wide is now one character: grown over the pieces of ink it
holds part of and read upright, it reads "1". The page is drawn here, the "1" in a
handwriting font; the detector is given the boxes PP-OCR gave."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.missed_ink import holding, pen_ink, printed_face

needs_fonts = pytest.mark.skipif(not handwriting_fonts(), reason="no handwriting font")


def _sheet(font_name: str) -> tuple[Any, list[Any], tuple[int, int, int, int]]:
    """A log sheet's rows (greyscale, 300 dpi): printed labels, and a "1" written in the
    handwriting font ``font_name`` in a cell; also the printed lines' pixel boxes and the
    "1"'s ink box."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = next((f for f in handwriting_fonts() if f.name == font_name), None)
    if font is None:
        pytest.skip(f"{font_name} not installed")
    img = Image.new("L", (1400, 500), 250)
    d = ImageDraw.Draw(img)
    face = printed_face(34)
    printed = []
    for i, label in enumerate(["Weekly Temperature Log", "Fridge 1 (AM)", "Fridge 1 (PM)"]):
        at = (80, 60 + 130 * i)
        d.text(at, label, fill=0, font=face)
        printed.append(tuple(d.textbbox(at, label, font=face)))
    pen = ImageFont.truetype(str(font), 62)
    at = (700, 360)
    d.text(at, "1", fill=25, font=pen, anchor="ls")
    return np.array(img), printed, pen_ink(img.size, at, "1", pen)


def _regions(image: Any, printed: list[Any], cut: tuple[int, int, int, int]) -> list[Any]:
    """The handwriting segmenter's regions, its detector giving the ``printed`` lines and
    the box ``cut`` (pixels) with its corners, as PP-OCR gives a line."""
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import HandwritingSegmenter

    h, w = image.shape[:2]
    seg = HandwritingSegmenter()
    seg.ensure_ready()
    x0, y0, x1, y1 = cut
    part = TextRegion(Box(x0 / w, y0 / h, x1 / w, y1 / h), "text", 0.9,
                      [(x0 / w, y0 / h), (x1 / w, y0 / h), (x1 / w, y1 / h), (x0 / w, y1 / h)])
    seg._model_det.segment = lambda *_: [  # type: ignore[method-assign]
        TextRegion(Box((a - 4) / w, (b - 4) / h, (c + 4) / w, (e + 4) / h), "text", 0.9)
        for a, b, c, e in printed] + [part]
    return seg.segment(image, Page(0, 1400, 500))


@needs_fonts
@pytest.mark.parametrize("font_name", ["SteveHand.ttf", "dkg.ttf"])  # the journey's hands
def test_a_lone_one_boxed_in_part_is_read_whole_and_upright(font_name):
    from formsift.core.document import Page
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    image, printed, ink = _sheet(font_name)
    x0, y0, x1, y1 = ink
    third = (y1 - y0) // 3
    regions = _regions(image, printed, (x0 - 1, y0 + third, x1 + 1, y1 - third))
    mine = [r for r in regions if r.kind == "handwritten"
            and r.box.x0 * image.shape[1] <= x1 and r.box.x1 * image.shape[1] >= x0
            and r.box.y0 * image.shape[0] <= y1 and r.box.y1 * image.shape[0] >= y0]
    assert mine, regions
    assert holding(mine, ink, image), [r.box for r in mine]
    rec = CRNNRecognizer()
    words = rec.recognize(image, Page(0, 1400, 500), mine)
    assert [w.text for w in words] == ["1"], words


def test_a_line_wider_than_tall_keeps_its_corners():
    import numpy as np

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import _upright_characters, page_ink

    image = np.full((200, 600), 250, np.uint8)
    image[90:110, 100:300] = 20
    corners = [(0.15, 0.4), (0.52, 0.4), (0.52, 0.6), (0.15, 0.6)]
    line = TextRegion(Box(0.15, 0.4, 0.52, 0.6), "text", 0.9, corners)
    (out,) = _upright_characters([line], page_ink(image, [line]))
    assert out is line
