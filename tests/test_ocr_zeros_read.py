"""A number the model read with a letter O for a zero is written with zeros: a scanned
auction invoice's "FORD FOCUS ST-LINE X 1.O ECOBOOST" was accepted with "1.O" (vehicles
journey, finding 2); SROIE receipts print postcodes read "433OO"."""

from __future__ import annotations

import pytest

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.plugins.ocr.recognize import latin_readings


def _line(*texts: str) -> list[Word]:
    out, x = [], 0.05
    for t in texts:
        out.append(Word(t, Box(x, 0.1, x + 0.02 * len(t), 0.12), 0, 0.9, "ppocr_rec"))
        x += 0.02 * len(t) + 0.02
    return out


@pytest.mark.parametrize("read, meant", [("1.O", "1.0"), ("433OO", "43300"),
                                         ("2O24", "2024"), ("12,5O", "12,50")])
def test_zeros_read_as_letters_are_zeros(read, meant):
    words = latin_readings(_line("FOCUS", read, "ECOBOOST"))
    assert [w.text for w in words] == ["FOCUS", meant, "ECOBOOST"]


@pytest.mark.parametrize("word", ["1.OG", "1o", "O1", "OK", "BOX", "100S", "1O-O1"])
def test_words_that_are_no_number_stay(word):
    assert latin_readings(_line("Floor", word))[1].text == word


def test_a_word_read_with_a_types_shape_is_left_as_read():
    words = _line("Ref", "2O24")
    assert latin_readings(words, free={0})[1].text == "2O24"
