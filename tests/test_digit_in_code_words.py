"""A digit read right inside a code, a unit or a formula written in capitals is not
doubted (stop 32's open finding: "CO2e", read right by the print recognizer, was capped at
0.25 and sent its record to review by the rule made for a name read with a digit for a
letter, "W6jcik", which stays). What tells them apart is the word's shape: a name's
letters are small after its capital (a capital inside it follows a small letter,
"McDonald"); a code's digit stands beside a run of capitals."""

from __future__ import annotations

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.drawing import draw_line
from tests.test_two_way_characters import _doc, _read, _sure

CODES = ("CO2e", "kgCO2e", "tCO2eq", "H2O", "A4", "MP3", "ISO9001", "B2B", "PM2.5",
         "H2SO4", "Fe2O3", "NO2x")
NAMES = ("W6jcik", "J0hn", "Przew6d", "McD0nald", "Kowa1ski")


@pytest.mark.parametrize("text", CODES)
def test_a_digit_of_a_code_in_capitals_is_not_doubted(registry, text):
    rec = registry.create("recognizer", "ppocr_rec")
    (word,) = _read(rec, _sure(text))
    assert min(word.char_confidences) == 0.99, text


@pytest.mark.parametrize("text", NAMES)
def test_a_digit_inside_a_name_is_still_doubted(registry, text):
    from formsift.plugins.ocr.recognize import TWO_WAYS

    rec = registry.create("recognizer", "ppocr_rec")
    (word,) = _read(rec, _sure(text))
    assert min(word.char_confidences) <= TWO_WAYS, text


def test_a_code_value_read_right_is_accepted(registry):
    """End to end: the value's confidence follows its characters' (the recognizer's
    doubt, or none)."""
    from formsift.core.result import Status
    from formsift.templates import check_source, runtime

    rec = registry.create("recognizer", "ppocr_rec")
    (t,), _ = check_source('template t {\n  field holder: text = right of "Holder:"\n}',
                           "t.sift", registry)
    for text, status in (("CO2e", Status.ACCEPTED), ("W6jcik", Status.REVIEW)):
        (word,) = _read(rec, _sure(text))
        result = runtime.run(t, _doc(text, word.char_confidences))
        assert result.status is status, text


@pytest.mark.skipif(not models_available(),
                    reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_printed_unit_is_sure_on_the_page(registry):
    from formsift.core.document import Page

    rec = registry.create("recognizer", "ppocr_rec")
    img = draw_line("Emissions 412 kgCO2e", fontsize=18)
    words = rec.recognize(img, Page(0, img.shape[1], img.shape[0], "px"),
                          [TextRegion(Box(0, 0, 1, 1))])
    unit = [w for w in words if "CO2" in w.text]
    assert unit, [w.text for w in words]
    assert min(unit[0].char_confidences) > 0.5, unit
