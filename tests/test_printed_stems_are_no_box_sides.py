"""A printed text value right of its label is read whole at large print: the stem of the
``d`` ending "read" and the ``b`` starting "by" (16 pt at 200 dpi) were taken for short
vertical ruling lines, and the value stopped there as at a box's side ("read", accepted
at 0.89, for "read by tenant": meter-card journey, stop 43). A line longer than the
words beside it is still a ruling line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift import Engine
from formsift.templates.rulings import detect

SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

TEMPLATE = """template meter_card {
  match { contains "Meter reading card" }
  field remarks: text = right of "Remarks:"
}
"""


def _card(phrase: str) -> bytes:
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1654, 1169), 255)
    draw = ImageDraw.Draw(page)
    draw.text((100, 80), "Northgate Utilities - Meter reading card",
              font=ImageFont.truetype(str(SANS), 40), fill=0)
    font = ImageFont.truetype(str(SANS), 44)
    draw.text((100, 430), "Remarks:", font=font, fill=0)
    draw.text((400, 430), phrase, font=font, fill=0)
    ok, png = cv2.imencode(".png", np.asarray(page))
    assert ok
    return png.tobytes()


@pytest.mark.skipif(not SANS.is_file(), reason="needs fonts-dejavu-core")
@pytest.mark.parametrize("phrase", ["read by tenant", "held back"])
def test_a_printed_value_is_not_cut_at_its_letters_stems(phrase):
    engine = Engine(seen_store="memory")
    result = engine.extract(_card(phrase), TEMPLATE, name="card.png")
    assert result.fields["remarks"].value == phrase


def test_a_stroke_inside_a_words_box_is_no_ruling_but_a_longer_line_is():
    from formsift.core.geometry import Box

    image = np.full((1000, 1000), 255, np.uint8)
    image[400:440, 300:304] = 0  # a letter's stem at the end of a word, as tall as it
    image[380:470, 500:503] = 0  # a box's side, past the word's height
    word = Box(0.25, 0.398, 0.305, 0.442)
    other = Box(0.46, 0.398, 0.499, 0.442)
    found = [round(r.at, 3) for r in detect(image, [word, other]).vertical]
    assert len(found) == 1 and found[0] == pytest.approx(0.5015, abs=0.002)
