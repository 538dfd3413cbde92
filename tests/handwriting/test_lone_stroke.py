"""A lone handwritten "1" right of its label or in its box (returns journey F2, accident
journey F2): PP-OCR's detector gives a single isolated stroke no line at all, so no region
held it and quantity 1, the most common one on a returns form, was missing on every
form; a count box's "1" likewise. The handwriting segmenter's look for ink the detector
missed now keeps one narrow stroke as tall as writing, alone (no other ink right above or
below it), labelled handwritten; the sides of boxes, comb ticks, underlines and dashed
lines stay no writing. The pages are drawn here, the "1" in a handwriting font."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.missed_ink import holding, pen_ink, printed_face, segment

needs_fonts = pytest.mark.skipif(not handwriting_fonts(),
                                 reason="no handwriting font installed (see .ci/run)")


def _font(size: int) -> Any:
    """Humor-Sans (its "1" is one straight stroke, as the journeys' was), else dkg."""
    from PIL import ImageFont

    fonts = handwriting_fonts()
    font = next((f for name in ("Humor-Sans.ttf", "dkg.ttf") for f in fonts if f.name == name),
                fonts[0])
    return ImageFont.truetype(str(font), size)


def form(written: dict[str, str], boxes: bool = False) -> tuple[Any, dict[str, Any]]:
    """A returns form (greyscale, 200 dpi): a title and labels in print, each label with
    an underline (``boxes``: a small box) right of it holding its handwritten value of
    ``written``. Also the printed lines' pixel boxes ("printed") and each value's ink box
    (by label)."""
    import numpy as np
    from PIL import Image, ImageDraw

    img = Image.new("L", (1654, 900), 250)
    d = ImageDraw.Draw(img)
    face = printed_face(30)
    printed = []
    d.text((110, 100), "RETURNS FORM", fill=0, font=face)
    printed.append(d.textbbox((110, 100), "RETURNS FORM", font=face))
    inks: dict[str, Any] = {}
    pen = _font(36)  # 13 pt at 200 dpi
    for i, (label, value) in enumerate(written.items()):
        y = 250 + 120 * i
        d.text((110, y), label, fill=0, font=face)
        printed.append(d.textbbox((110, y), label, font=face))
        if boxes:
            d.rectangle((440, y - 20, 520, y + 45), outline=0, width=2)
        else:
            d.line((440, y + 36, 900, y + 36), fill=120, width=2)
        if value:
            at = (470, y + 30)
            d.text(at, value, fill=40, font=pen, anchor="ls")
            inks[label] = pen_ink(img.size, at, value, pen)
    return np.array(img), {"printed": [tuple(b) for b in printed], "inks": inks}


@needs_fonts
@pytest.mark.parametrize("boxes", [False, True])
def test_a_lone_one_right_of_its_label_is_a_line_of_handwriting(boxes):
    image, where = form({"Quantity:": "1", "Count:": "1", "Items:": ""}, boxes=boxes)
    regions = segment(image, where["printed"])
    for label, ink in where["inks"].items():
        assert len(holding(regions, ink, image)) == 1, (label, [
            (r.kind, r.box, r.attrs) for r in regions])
    # the empty box or underline of "Items:" holds nothing
    assert len([r for r in regions if r.kind == "handwritten"]) == 2


def test_frames_ticks_underlines_and_dashes_are_no_lone_strokes():
    """What stands alone on a form and is no "1": empty boxes too small for their sides to
    be ruling lines, a comb's ticks on its base line, an underline, a dashed vertical
    line, a box's side with a gap at a corner (a scan's break)."""
    import cv2
    import numpy as np

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import missed_lines

    image = np.full((900, 1400), 245, np.uint8)
    for x in (100, 260, 420):
        cv2.rectangle(image, (x, 100), (x + 60, 160), 30, 2)  # empty boxes
    cv2.line(image, (600, 160), (1000, 160), 30, 2)  # a comb: base line and ticks
    for x in range(600, 1001, 40):
        cv2.line(image, (x, 130), (x, 160), 30, 2)
    cv2.line(image, (100, 300), (600, 300), 100, 2)  # an underline
    for y in range(400, 700, 40):  # a dashed vertical line
        cv2.line(image, (800, y), (800, y + 24), 30, 2)
    cv2.line(image, (100, 450), (160, 450), 30, 2)  # a box broken at a corner
    cv2.line(image, (100, 520), (160, 520), 30, 2)
    cv2.line(image, (100, 450), (100, 520), 30, 2)
    cv2.line(image, (160, 456), (160, 520), 30, 2)
    h = image.shape[0]
    printed = [TextRegion(Box(0.05, y / h, 0.3, (y + 30) / h), "text") for y in (20, 60, 220)]
    found = missed_lines(image, printed)
    assert found == [], [(r.box, r.attrs) for r in found]


@needs_fonts
@pytest.mark.parametrize("value", ["1", "12"])
def test_a_quantity_of_one_is_read(registry, tmp_path, value):
    """End to end, the returns journey's repro: 'Quantity:  1' written on the underline."""
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png

    if not models_available():
        pytest.skip("OCR models not installed")
    (tmp_path / "qty.sift").write_text('template qty_only {\n  match { contains "RETURNS FORM" }\n'
                                       '  field qty: int = right of "Quantity:" handwritten\n}')
    image, _ = form({"Quantity:": value, "Reason:": ""})
    (tmp_path / "q.png").write_bytes(encode_png(image))
    result = Engine(templates=[tmp_path / "qty.sift"], seen_store="memory").extract(
        tmp_path / "q.png", template="qty_only")
    qty = result.fields.get("qty")
    assert qty is not None and qty.value == int(value), result.reasons
