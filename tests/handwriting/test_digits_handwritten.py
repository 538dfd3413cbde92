"""A handwritten meter reading with leading zeros, read by the handwriting recognizer
under the ``digits`` type's constraint (meter-reading journey, finding 2).

In these hands the free reading of "0045127" takes the 1 for a slash ("0045/27", which an
``id`` field accepted); read with digits alone, seven of them (``digits(7)``), the crnn
recognizer reads the reading, zeros kept."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts
from tests.handwriting.missed_ink import printed_face

TEMPLATE = '''template self_read {
  match { contains "Customer self-read card" }
  field prev: digits = right of "Previous reading:"
  field current: digits(7) = right of "Your reading:" handwritten
}
'''


def _card(font: str, value: str, gap: float = 0) -> Any:
    """A card (RGB, ~200 dpi): printed title and previous reading, ``value`` handwritten
    in ``font`` in blue pen right of "Your reading:"; its last digit ``gap`` pixels
    further right, when given (a gap in the pen)."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    fonts = [f for f in handwriting_fonts() if f.name == font]
    if not fonts:
        pytest.skip(f"handwriting font {font} not installed")
    img = Image.new("RGB", (1654, 900), (250, 250, 250))
    d = ImageDraw.Draw(img)
    face = printed_face(34)
    d.text((110, 100), "Customer self-read card", fill=(0, 0, 0), font=face)
    d.text((110, 260), "Previous reading: 0045091", fill=(0, 0, 0), font=face)
    d.text((110, 420), "Your reading:", fill=(0, 0, 0), font=face)
    pen = ImageFont.truetype(str(fonts[0]), 64)
    head, tail = (value[:-1], value[-1]) if gap else (value, "")
    d.text((480, 450), head, fill=(20, 30, 150), font=pen, anchor="ls")
    if tail:
        d.text((480 + d.textlength(head, font=pen) + gap, 450), tail, fill=(20, 30, 150),
               font=pen, anchor="ls")
    return np.array(img)


def _extract(tmp_path: Any, image: Any, template: str) -> Any:
    from PIL import Image

    from tests.parsing import engine_for

    path = tmp_path / "card.png"
    Image.fromarray(image).save(path)
    return engine_for(tmp_path, template).extract(path)


@pytest.mark.parametrize("font", ["Breip.ttf", "dkgIt.ttf", "BecauseWeMentor-Regular.otf"])
def test_a_handwritten_reading_keeps_its_zeros(tmp_path, font):
    r = _extract(tmp_path, _card(font, "0045127"), TEMPLATE)
    current = r.fields["current"]
    assert current is not None and current.source == "crnn", r.reasons
    assert r.record()["current"] == "0045127" and r.record()["prev"] == "0045091"
    assert r.value("current") - r.value("prev") == 36


GAP = '''template self_read {
  match { contains "Customer self-read card" }
  field current: %s = right of "Your reading:" handwritten
}
'''


def test_a_gap_in_the_pen_is_no_shorter_reading(tmp_path):
    """"1159 6", the 6 a gap apart: read 1159 and accepted under ``int``; under ``digits``
    the record goes to review (1159 or 6); under ``digits(5)`` no group is a reading, and
    the handwriting read again with five digits' pattern is 11596."""
    image = _card("Humor-Sans.ttf", "11596", gap=25)
    r = _extract(tmp_path, image, GAP % "digits")
    assert r.status == "review"
    assert [x.code for x in r.reasons if x.field == "current"] == ["ambiguous"]
    r = _extract(tmp_path, image, GAP % "digits(5)")
    assert r.record()["current"] == "11596", r.reasons
