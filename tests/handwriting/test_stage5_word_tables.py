"""The word-confidence tables are refitted for the shipped (stage-5) handwriting model
(issues 5 and 7): until now they were stage 3's. On the held-out real lines
(benchmarks/calibrate_handwriting.py, fitting / checking half) stage 5 reads a word whose
weakest character scored 0.9 to 0.95 right 0.36 / 0.31 of the time, where the table said
0.57, so such a word was accepted under the default review floor of 0.5; on MNIST digit
strings (--digits) a word of digits from 0.5 to 0.7 is right 0.49 / 0.50 of the time,
where the table said 0.51, so a meter reading misread there was accepted (meters journey
F1). The tables are lowered where stage 5 reads worse than they claimed and, conservative,
raised nowhere (where stage 5 reads better, e.g. digits from 0.9 to 0.95 at 0.87 / 0.84,
raising the bin would let more wrong words past ``review when confidence(x) < 0.8``)."""

from __future__ import annotations

import pytest

from formsift.core.document import Document, Page, Word
from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from formsift.core.result import Status
from formsift.handwriting.calibration import (
    DIGIT_RIGHT,
    WORD_RIGHT,
    Calibration,
    digit_right,
    word_right,
)
from formsift.handwriting.decode import Decoded
from formsift.plugins.handwriting.recognize import _words
from tests.words import run

#: The stage-3 tables the refit replaced.
STAGE3_WORD = (0.04, 0.08, 0.16, 0.27, 0.57, 0.58)
STAGE3_DIGIT = (0.34, 0.51, 0.69, 0.71, 0.76, 0.89, 0.93, 0.98)


def test_a_word_with_letters_at_090_to_095_is_under_the_review_floor():
    assert word_right(0.92) < 0.5
    # the surest words are right about three times in five: still under the 0.7 of a
    # value the template marks handwritten
    assert word_right(0.97) < 0.7


def test_a_word_of_digits_at_05_to_07_is_under_the_review_floor():
    assert digit_right(0.6) < 0.5 <= digit_right(0.75)


def test_no_bin_claims_more_than_the_table_it_replaced():
    assert all(new <= old for new, old in zip(WORD_RIGHT, STAGE3_WORD, strict=True))
    assert all(new <= old for new, old in zip(DIGIT_RIGHT, STAGE3_DIGIT, strict=True))
    assert list(WORD_RIGHT) == sorted(WORD_RIGHT) and list(DIGIT_RIGHT) == sorted(DIGIT_RIGHT)


def _crnn_words(text: str, weakest: float, x0: float) -> list[Word]:
    """The recognizer's words (its own table) for a line whose first character it read at
    ``weakest`` and the others at 0.999."""
    chars = [(ch, weakest if not i else 0.999, (i + 0.5) / len(text))
             for i, ch in enumerate(text)]
    region = TextRegion(Box(x0, 0.14, x0 + 0.012 * len(text), 0.16), "handwritten")
    return _words(Decoded(text, tuple(chars)), region, 0, "crnn", Calibration())


def _doc(label: str, text: str, weakest: float) -> Document:
    printed = Word(label, Box(0.05, 0.14, 0.05 + 0.012 * len(label), 0.16), 0, 0.99,
                   "ppocr_rec", char_confidences=(0.99,) * len(label))
    return Document("sha256:test", "t", "image/png",
                    [Page(0, 100, 100, words=[printed, *_crnn_words(text, weakest, 0.3)])],
                    "t")


@pytest.mark.parametrize("field, label, text, weakest", [
    # a meter reading misread, its weakest digit at 0.6 (meters journey F1: 7494784 for
    # 7994784 at 0.51, accepted)
    ("id(/\\d{7}/)", "Reading:", "7494784", 0.6),
    # a handwritten name whose weakest letter scored 0.92
    ("text", "Name:", "Jofia", 0.92),
])
def test_such_a_value_goes_to_review_under_the_default_floor(registry, field, label, text,
                                                              weakest):
    src = f'template t {{\n  field v: {field} = right of "{label}"\n}}\n'
    ex = run(src, _doc(label, text, weakest), registry)
    assert ex.fields["v"] is not None and str(ex.fields["v"].value) == text
    assert ex.fields["v"].confidence < 0.5
    assert ex.status is Status.REVIEW, ex.reasons


def test_a_sure_word_of_digits_stays_accepted(registry):
    src = 'template t {\n  field v: id(/\\d{7}/) = right of "Reading:"\n}\n'
    ex = run(src, _doc("Reading:", "7994784", 0.995), registry)
    assert str(ex.fields["v"].value) == "7994784" and ex.status is Status.ACCEPTED, ex.reasons
