"""A lone handwritten digit in a box right of its label (petitions journey F5: the "rows
on this sheet" box's 9 and 7 were missed, while 3 and 12 in the same box, or the same 9
without the box, were read). PP-OCR's detector gave the digit in its box no line; the
handwriting segmenter's look for the ink it missed found the digit inside the box's
frame, but a closed digit is no lone stroke, so it was kept only when the style model
called it handwriting, and one character alone is too little to judge a style by (the 9
was called print, p 0.06). A box's inner content that is one digit-sized piece of ink is
now writing, labelled handwritten as a lone stroke is; an empty box, a box round a
printed word and a box round a speck stay no writing. The pages are drawn here, the
digits in several handwriting fonts, in black and blue pen."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.missed_ink import holding, pen_ink, printed_face, segment

FONTS = ("Humor-Sans.ttf", "dkg.ttf", "Kristi.ttf", "ComicNeue-Regular.otf",
         "BecauseWeLearn-Regular.otf", "Ecolier-court.ttf")
needs_fonts = pytest.mark.skipif(not any(f.name in FONTS for f in handwriting_fonts()),
                                 reason="no handwriting font installed (see .ci/run)")


def _font(name: str, size: int) -> Any:
    from PIL import ImageFont

    fonts = [f for f in handwriting_fonts() if f.name == name]
    if not fonts:
        pytest.skip(f"handwriting font {name} not installed")
    return ImageFont.truetype(str(fonts[0]), size)


def sheet(values: list[str], font: str, ink: tuple[int, int, int] = (20, 30, 150),
          scale: float = 1.0, width: int = 170, touch: bool = False
          ) -> tuple[Any, list[Any], list[Any]]:
    """A form (RGB, ~200 dpi, ``scale`` times): a printed title, then one printed label per
    value of ``values`` with a box ``width`` pixels wide right of it holding the value (a
    digit, or nothing) in ``font`` and pen colour ``ink`` (``touch``: the digit's foot on
    the box's bottom side). Also the printed lines' pixel boxes and each value's ink box
    (None for an empty box)."""
    import numpy as np
    from PIL import Image, ImageDraw

    s = scale
    img = Image.new("RGB", (int(1654 * s), int((300 + 140 * len(values)) * s)), (250, 250, 250))
    d = ImageDraw.Draw(img)
    face = printed_face(int(30 * s))
    printed = [d.textbbox((110 * s, 100 * s), "CITIZENS' PETITION", font=face)]
    d.text((110 * s, 100 * s), "CITIZENS' PETITION", fill=(0, 0, 0), font=face)
    pen = _font(font, int(60 * s))  # the digit a little taller than the printed line
    inks = []
    for i, value in enumerate(values):
        y = (250 + 140 * i) * s
        label = f"Rows on sheet {i + 1}:"
        d.text((110 * s, y), label, fill=(0, 0, 0), font=face)
        printed.append(d.textbbox((110 * s, y), label, font=face))
        x0, bottom = 560 * s, y + 70 * s
        box = None
        if value:
            at = (x0 + 40 * s, y + 50 * s)
            d.text(at, value, fill=ink, font=pen, anchor="ls")
            box = pen_ink(img.size, at, value, pen)
            if touch:
                bottom = box[3] - 2
        inks.append(box)
        d.rectangle((x0, y - 30 * s, x0 + width * s, bottom), outline=(0, 0, 0),
                    width=max(2, round(2 * s)))
    return np.array(img), [tuple(b) for b in printed], inks


@needs_fonts
@pytest.mark.parametrize("font", FONTS)
@pytest.mark.parametrize("ink", [(20, 30, 150), (25, 25, 25)], ids=["blue", "black"])
def test_a_digit_alone_in_its_box_is_handwriting(font, ink):
    values = ["9", "0", "", "6", "8", "4", "7"]
    image, printed, inks = sheet(values, font, ink)
    regions = segment(image, printed)
    for value, box in zip(values, inks, strict=True):
        if box is None:
            continue
        assert len(holding(regions, box, image)) == 1, (font, value, [
            (r.kind, r.box, r.attrs) for r in regions])
    # the empty box holds nothing, and no printed label became handwriting
    assert len([r for r in regions if r.kind == "handwritten"]) == len(values) - 1


@needs_fonts
@pytest.mark.parametrize("font", FONTS[:3])
def test_a_digit_touching_its_small_boxs_side_is_handwriting(font):
    """The journey's sheet: a box too short for its sides to be ruling lines, the 9's
    tail on its bottom side (digit and box one piece of ink)."""
    values = ["9", "8", "0"]
    image, printed, inks = sheet(values, font, width=110, touch=True)
    regions = segment(image, printed)
    for value, box in zip(values, inks, strict=True):
        assert len(holding(regions, box, image)) == 1, (font, value, [
            (r.kind, r.box, r.attrs) for r in regions])


def test_boxes_round_print_specks_and_nothing_are_no_writing():
    """An empty box, a box round a speck, a box round a dash and an empty checkbox in a
    table's cell stay no writing."""
    import cv2
    import numpy as np

    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.handwriting.segment import missed_lines

    image = np.full((900, 1400), 245, np.uint8)
    for x in (100, 400, 700):
        cv2.rectangle(image, (x, 100), (x + 170, 175), 30, 2)  # an empty box
    cv2.circle(image, (485, 137), 2, 30, -1)  # a speck
    cv2.line(image, (720, 140), (850, 140), 30, 2)  # a dash across the box
    cv2.rectangle(image, (100, 450), (400, 540), 30, 2)  # a table's cell, and in it an
    cv2.rectangle(image, (240, 482), (262, 504), 30, 2)  # empty checkbox (a Likert grid)
    h = image.shape[0]
    printed = [TextRegion(Box(0.05, y / h, 0.3, (y + 30) / h), "text") for y in (20, 300)]
    found = missed_lines(image, printed)
    assert found == [], [(r.box, r.attrs) for r in found]


@needs_fonts
@pytest.mark.parametrize("value", ["9", "7"])
def test_the_rows_box_is_read(registry, tmp_path, value):
    """End to end, the petitions journey's repro: 'Rows on sheet 1:' with a 9 (a 7) in
    its box, read as a handwritten int."""
    from formsift import Engine
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png

    if not models_available():
        pytest.skip("OCR models not installed")
    (tmp_path / "rows.sift").write_text(
        'template rows {\n  match { contains "PETITION" }\n'
        '  field declared: int = right of "Rows on sheet 1:" handwritten\n}')
    image, _, _ = sheet([value], "Humor-Sans.ttf", scale=1.5)
    (tmp_path / "r.png").write_bytes(encode_png(image))
    result = Engine(templates=[tmp_path / "rows.sift"], seen_store="memory").extract(
        tmp_path / "r.png", template="rows")
    got = result.fields.get("declared")
    assert got is not None and got.value == int(value), result.reasons
