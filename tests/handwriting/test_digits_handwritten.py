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


def _card(font: str, value: str) -> Any:
    """A card (RGB, ~200 dpi): printed title and previous reading, ``value`` handwritten
    in ``font`` in blue pen right of "Your reading:"."""
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
    d.text((480, 450), value, fill=(20, 30, 150), font=pen, anchor="ls")
    return np.array(img)


@pytest.mark.parametrize("font", ["Breip.ttf", "dkgIt.ttf", "BecauseWeMentor-Regular.otf"])
def test_a_handwritten_reading_keeps_its_zeros(tmp_path, font):
    from PIL import Image

    from tests.parsing import engine_for

    path = tmp_path / "card.png"
    Image.fromarray(_card(font, "0045127")).save(path)
    r = engine_for(tmp_path, TEMPLATE).extract(path)
    current = r.fields["current"]
    assert current is not None and current.source == "crnn", r.reasons
    assert r.record()["current"] == "0045127" and r.record()["prev"] == "0045091"
    assert r.value("current") - r.value("prev") == 36
