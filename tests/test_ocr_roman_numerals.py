"""A Roman numeral of I's in a sans-serif face, where I and l are one glyph, read with l's
("General Chemistry Il", "Semester ll"): put back as I's where no word could stand
(journey transcripts, finding 1); words, numbers and units stay as read."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.plugins.ocr.recognize import latin_readings
from tests.test_ocr_latin_lookalikes import line_words

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _fixed(text: str) -> str:
    return " ".join(w.text for w in latin_readings(line_words(text)))


@pytest.mark.parametrize(("read", "meant"), [
    ("General Chemistry Il", "General Chemistry II"),
    ("CHEM 102 General Chemistry Il 4.0 C 8.00", "CHEM 102 General Chemistry II 4.0 C 8.00"),
    ("World History ll 3.0 A- 11.10", "World History II 3.0 A- 11.10"),
    ("Semester lI", "Semester II"),
    ("Calculus lll 4.0 A", "Calculus III 4.0 A"),
    ("Appendix lIl", "Appendix III"),
    ("Lineare Algebra Il 8 2,0", "Lineare Algebra II 8 2,0"),
    ("Technische Mechanik Il 6 1,7", "Technische Mechanik II 6 1,7"),
])
def test_ones_read_as_l_after_a_title_word_are_a_numeral(read, meant):
    assert _fixed(read) == meant


@pytest.mark.parametrize("text", [
    "Il pleut ce matin",  # French, Italian: the article starts its phrase
    "Leggere Il Gattopardo",  # ... and comes before its noun
    "Milano Il 5 maggio 2024",
    "Nursing Care of the Critically Ill",  # a word
    "Caring for the Terminally Ill 3.0 A",
    "Organic Chemistry 1 4.0 D",  # a number stays a number
    "Chemistry 11 4.0",
    "Wasser 1 l 0,29",  # a litre
    "Orangensaft l 1,5 2,99",  # a lone l: a unit as often as a numeral
    "Phase ll trial",  # a word after it: the line goes on as text, nothing is assumed
    "the ll of it",
    "Calculus II",
    "ll 4.0",  # nothing before it
])
def test_words_numbers_and_units_stay(text):
    assert _fixed(text) == text


def test_a_numeral_in_a_region_of_its_own():
    """The detector may give the numeral a region of its own: the page's line decides."""
    words = line_words("General Chemistry") + line_words("Il", x=0.3) \
        + line_words("4.0 C", x=0.4)
    assert [w.text for w in latin_readings(words)] == ["General", "Chemistry", "II", "4.0",
                                                      "C"]


@needs_models
def test_the_recognizer_writes_the_numeral(registry, monkeypatch):
    """The model's reading of the journey's clean render, through the recognizer."""
    import numpy as np

    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion
    from formsift.plugins.ocr.recognize import Line

    rec = registry.create("recognizer", "ppocr_rec")
    read = "General Chemistry Il 4.0"
    n = len(read)
    line = Line([(c, 0.9, (k + 0.5) / n) for k, c in enumerate(read)],
                [0.9 if c == " " else 0.0 for c in read], 1.0)
    monkeypatch.setattr(rec, "read", lambda crops, *a, **k: [line] * len(crops))
    img = np.full((40, 400, 3), 255, np.uint8)
    words = rec.recognize(img, Page(0, 400, 40, "px"), [TextRegion(Box(0, 0, 1, 1))])
    assert [w.text for w in words] == ["General", "Chemistry", "II", "4.0"]
    assert [len(w.char_confidences) for w in words] == [7, 9, 2, 3]
