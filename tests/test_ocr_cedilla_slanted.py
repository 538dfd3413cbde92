"""A cedilla is a tail under its c measured from the baseline where the letter stands: a
scan's sloping line put the round of a capital C under the line's median baseline, and it
was taken for a tail ("BIO 301 Çell Biology"; journey transcripts, finding 1)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.diacritics import restore
from tests.drawing import drawn_unaccented


def _slanted(text: str, degrees: float, dpi: int = 144):
    """``text`` drawn, turned by ``degrees`` (counter-clockwise: its left end lower), and
    what a model that writes no accent would read."""
    import cv2

    img, chars = drawn_unaccented(text, str.maketrans("çÇ", "cC"), dpi)
    h, w = img.shape[:2]
    pad = int(0.04 * w) + 4
    img = cv2.copyMakeBorder(img, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    m = cv2.getRotationMatrix2D((w / 2, h / 2 + pad), degrees, 1.0)
    img = cv2.warpAffine(img, m, (w, h + 2 * pad), borderValue=(255, 255, 255))
    return img, chars


@pytest.mark.parametrize("dpi", [72, 100, 144])
@pytest.mark.parametrize("degrees", [1.5, 2.5, 3.0, 4.0])
@pytest.mark.parametrize("text", ["Cell Biology", "Course Catalog", "Cancel all", "Calculus",
                                  "Chemistry"])
def test_a_c_low_on_a_slanted_line_has_no_cedilla(text, degrees, dpi):
    """The scan's line sloped: its C's bottom lay a few pixels under the line's median
    baseline (measured mostly on letters further right, higher up), and the round of the
    C was taken for a tail ("Çell Biology")."""
    img, chars = _slanted(text, degrees, dpi)
    assert "".join(c[0] for c in restore(chars, img)) == text


@pytest.mark.parametrize("degrees", [-2.0, -1.0, 0.0, 2.0])
@pytest.mark.parametrize("text", ["Ça coûte cher", "Leçon reçue"])
def test_a_real_cedilla_on_a_slanted_line_stays(text, degrees):
    """The tail is measured from the baseline where its letter stands: on a sloping line
    it is still found (the line's median baseline had lost it at its high end)."""
    img, chars = _slanted(text, degrees)
    got = "".join(c[0] for c in restore(chars, img))
    assert [c for c in got if c in "çÇ"] == [c for c in text if c in "çÇ"]
