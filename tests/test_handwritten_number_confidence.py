"""A number read from handwriting is no surer than the recognizer was of its word (fleet
journey, finding 3): a misread handwritten mileage whose word the recognizer gave 0.76
scored 0.87, as print (0.887) does, so no confidence threshold told the two apart."""

from __future__ import annotations

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.templates.confidence import combine
from formsift.templates.locators import Candidate
from formsift.templates.runtime import signals_of


def _candidate(text, value, *, handwritten, confidence):
    word = Word(text, Box(0.5, 0.3, 0.6, 0.32), 0, confidence=confidence, source="crnn",
                handwritten=handwritten, char_confidences=(confidence,) * len(text))
    return Candidate(value, text, 0, word.box, confidence, 1.0, 'right of "Mileage out"',
                     "crnn", [word])


class _IntType:
    name = "int"
    value_kind = "number"

    def parse(self, raw, ctx):
        return int(raw)


def test_a_handwritten_number_is_capped_at_its_word_confidence():
    unsure = _candidate("67419", 67419, handwritten=True, confidence=0.76)
    assert combine(signals_of(unsure, _IntType(), None)) <= 0.76


def test_printed_and_sure_handwritten_numbers_are_not_capped_lower():
    printed = combine(signals_of(_candidate("61407", 61407, handwritten=False,
                                            confidence=0.99), _IntType(), None))
    sure = combine(signals_of(_candidate("61407", 61407, handwritten=True, confidence=0.99),
                              _IntType(), None))
    assert sure == printed > 0.8
