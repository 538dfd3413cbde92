"""CJK characters that PP-OCR writes for Latin ones on Latin lines (its character list is
Chinese and English): "Organic Chemistry 丨" on a clean 200 dpi render (journey
transcripts, finding 1), "Mechanik 工" in Courier, "Part 工 一 Overview"."""

from __future__ import annotations

import pytest

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.plugins.ocr.recognize import latin_readings

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def line_words(text: str, y: float = 0.1, x: float = 0.05) -> list[Word]:
    """``text``'s words side by side on one line of a page, as the recognizer gives them."""
    out = []
    for t in text.split():
        out.append(Word(t, Box(x, y, x + 0.012 * len(t), y + 0.02), 0, 0.9, "ppocr_rec"))
        x += 0.012 * len(t) + 0.01
    return out


def _fixed(text: str) -> str:
    return " ".join(w.text for w in latin_readings(line_words(text)))


@pytest.mark.parametrize(("read", "meant"), [
    ("Organic Chemistry 丨", "Organic Chemistry I"),  # U+4E28, a sans-serif I
    ("CHEM 210 Organic Chemistry 丨 4.0 D 4.00", "CHEM 210 Organic Chemistry I 4.0 D 4.00"),
    ("Mechanik 工 5 1,3", "Mechanik I 5 1,3"),  # U+5DE5, Courier's serifed I
    ("Part 工 一 Overview", "Part I - Overview"),  # U+4E00, a dash
    ("Total 一 12.00", "Total - 12.00"),
    ("World War 丨丨", "World War II"),
    ("Chemistry丨", "ChemistryI"),  # at a word's edge
    ("Room 1〇1", "Room 101"),  # U+3007 beside digits is a zero ...
    ("〇'Brien Oil", "O'Brien Oil"),  # ... beside letters an O
])
def test_cjk_lookalikes_on_a_latin_line_are_latin(read, meant):
    assert _fixed(read) == meant


@pytest.mark.parametrize("text", [
    "工作 一 2024",  # a Chinese line: its characters stay
    "Invoice 发票 一 12.00",  # other CJK on the line: nothing is changed
    "一二三",
    "丨",  # no Latin on the line to go by
    "一 12",
    "Shop 工业园",  # inside a CJK word
    "ｵ Total 12",
])
def test_cjk_text_is_left_alone(text):
    assert _fixed(text) == text


def test_the_line_is_the_pages_line():
    """A lone 工 is often a detected region of its own: the words beside it on the page's
    line decide, and a Chinese line below changes nothing."""
    words = line_words("Analyse 工 6 14,5") + line_words("一 工业园", y=0.2) \
        + line_words("工", y=0.3)
    got = [w.text for w in latin_readings(words)]
    assert got == ["Analyse", "I", "6", "14,5", "一", "工业园", "工"]
    # a field read with its type's alphabet is left as read
    assert [w.text for w in latin_readings(words, free={0, 2, 3})][1] == "工"


@needs_models
def test_the_recognizer_writes_the_latin_character(registry, monkeypatch):
    """What ``formsift ocr`` printed for the journey's clean render: the model's reading of
    the line as it was, with U+4E28 for the I."""
    import numpy as np

    from formsift.core.document import Page
    from formsift.core.kinds import TextRegion
    from formsift.plugins.ocr.recognize import Line

    rec = registry.create("recognizer", "ppocr_rec")
    read = "Organic Chemistry 丨 4.0"
    n = len(read)
    line = Line([(c, 0.9, (k + 0.5) / n) for k, c in enumerate(read)],
                [0.9 if c == " " else 0.0 for c in read], 1.0)
    monkeypatch.setattr(rec, "read", lambda crops, *a, **k: [line] * len(crops))
    img = np.full((40, 400, 3), 255, np.uint8)
    words = rec.recognize(img, Page(0, 400, 40, "px"), [TextRegion(Box(0, 0, 1, 1))])
    assert [w.text for w in words] == ["Organic", "Chemistry", "I", "4.0"]
