"""A letter that looks like a digit beside digits in a code is unsure where the model saw
the digit too (letters of credit journey, finding 5): a scanned MT700 in Courier had its
goods "DN50 PN16" read "DN5O PN16" at 0.87 and accepted (and the header "MT700" read
"MT7O0"). The print recognizer already doubts a digit inside a word of letters ("W6jcik");
this is the mirror: an O (or I, l) beside a digit in a word of capitals and digits, where
the model's own probability of the look-alike digit at that step is a real chance (at
least ``recognize.DIGIT_ODDS`` of the letter's: the journey's O had 0.75 against 0 at
0.23), is doubted (``TWO_WAYS``), and its value goes to review."""

from __future__ import annotations

import pytest

from formsift.core.geometry import Box
from formsift.core.kinds import TextRegion
from tests.test_two_way_characters import CHARS, _doc, _probs


def _read(rec, steps, free=True):
    from formsift.plugins.ocr.recognize import Line

    rec._model_chars = CHARS
    probs = _probs(steps)
    chars, spaces = rec._decode(probs, len(probs), len(probs))
    odds = rec._digit_odds(probs, len(probs), len(probs))
    return rec._words(Line(chars, spaces, 1.0, odds), TextRegion(Box(0, 0, 1, 1)), 0,
                      free=free)


def _steps(text: str, unsure: dict[int, dict[str, float]] | None = None):
    return [(unsure or {}).get(i, {ch: 0.99}) for i, ch in enumerate(text)]


@pytest.mark.parametrize("text, at, rival", [
    ("DN5O", 3, {"O": 0.75, "0": 0.23}),     # the journey's goods
    ("MT7O0", 3, {"O": 0.58, "0": 0.38}),    # its header
    ("PN1I6", 3, {"I": 0.6, "1": 0.35}),
    ("A1l0", 2, {"l": 0.6, "1": 0.3}),
])
def test_a_lookalike_letter_the_model_also_saw_as_a_digit_is_doubted(registry, text, at,
                                                                     rival):
    from formsift.plugins.ocr.recognize import TWO_WAYS

    rec = registry.create("recognizer", "ppocr_rec")
    (word,) = _read(rec, _steps(text, {at: rival}))
    assert word.text == text
    assert word.char_confidences[at] <= TWO_WAYS
    assert sum(c <= TWO_WAYS for c in word.char_confidences) == 1


@pytest.mark.parametrize("text, at, rival", [
    ("DN5O", 3, {"O": 0.95, "0": 0.04}),     # a trace of the digit: no real chance
    ("ISO9001", 2, {"O": 0.95, "0": 0.02}),  # a code read right
    ("SN0O1I5S8B", 3, {"O": 0.97, "0": 0.01}),
    ("BOX 12", 1, {"O": 0.6, "0": 0.35}),     # no digit beside it
    ("Ol5", 0, {"O": 0.6, "0": 0.35}),       # a small letter: no code of capitals
    ("5Oab", 1, {"O": 0.6, "0": 0.35}),
])
def test_no_doubt_without_a_real_chance_or_a_code(registry, text, at, rival):
    rec = registry.create("recognizer", "ppocr_rec")
    words = _read(rec, _steps(text, {at: rival}))
    assert all(min(w.char_confidences) > 0.25 for w in words), text


def test_a_field_types_alphabet_reads_as_it_is(registry):
    rec = registry.create("recognizer", "ppocr_rec")
    (word,) = _read(rec, _steps("DN5O", {3: {"O": 0.75, "0": 0.23}}), free=False)
    assert min(word.char_confidences) > 0.25


def test_the_digit_odds_are_the_models(registry):
    rec = registry.create("recognizer", "ppocr_rec")
    rec._model_chars = CHARS
    probs = _probs(_steps("DN5O", {3: {"O": 0.75, "0": 0.23}}))
    odds = rec._digit_odds(probs, len(probs), len(probs))
    assert list(odds.values()) == [pytest.approx(0.23 / 0.75)]


def test_a_value_with_a_doubted_lookalike_goes_to_review(registry):
    """End to end: "DN5O" with its O doubted, in a text field."""
    from formsift.core.result import Status
    from formsift.plugins.ocr.recognize import TWO_WAYS
    from formsift.templates import check_source, runtime

    (t,), diags = check_source('template t {\n  field holder: text = right of "Holder:"\n}',
                               "t.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
    ex = runtime.run(t, _doc("DN5O", (0.99, 0.99, 0.99, TWO_WAYS)))
    assert ex.status is Status.REVIEW
