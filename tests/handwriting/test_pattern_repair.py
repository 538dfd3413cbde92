"""A handwritten code whose hyphen the recognizer dropped (field service journey, F7):
part numbers written FLT-2040 were read FLT2040 (and FLT2O4O, its zeros as O's), and
even under ``id(/[A-Z]{3}-\\d{4}/)`` the reading again with the pattern found no match
among its beam's candidates: the model hardly ever emits a "-". A reading under a pattern
now is put right to it when few changes do (at most three): a separator put in where the
pattern asks for one, a look-alike read for the character the pattern wants (O for 0,
I for 1); each character changed is doubted (its confidence at most 0.5), so the value
goes to review, shown as the pattern has it. The crop is drawn here in a handwriting
font."""

from __future__ import annotations

import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting.fonts import handwriting_fonts

needs_fonts = pytest.mark.skipif(not handwriting_fonts(), reason="no handwriting font")
CODE = r"[A-Z]{3}-\d{4}"


@needs_fonts
def test_a_code_read_without_its_hyphen_is_read_as_the_pattern_has_it():
    from formsift.plugins.handwriting.recognize import CRNNRecognizer
    from tests.handwriting.test_handwritten_minus import _written

    rec = CRNNRecognizer()
    crop = _written("FLT-2040", "dkg.ttf")
    assert rec.read_lines([crop])[0].text.replace(" ", "") != "FLT-2040"  # (the free read)
    line = rec.read_lines([crop], Constraint(pattern=CODE))[0]
    assert line.text == "FLT-2040"
    assert line.chars[3][0] == "-" and line.chars[3][1] <= 0.5
    assert rec.calibration.word_confidence(line.text, line.confidence) < 0.7


@pytest.mark.parametrize("read, fixed", [
    ("FLT2040", "FLT-2040"), ("FLT2O4O", "FLT-2040"), ("BLT-II3O", "BLT-1130"),
    ("FLT-2040", None),       # matches already: nothing to put right
    ("FFLT2O4O", None),       # a character too many: no separator or look-alike helps
    ("FLTZ", None),           # too short
    ("ABCDEFGH", None),       # more than three changes
])
def test_pattern_repair(read, fixed):
    from formsift.plugins.handwriting.recognize import _pattern_repair

    got = _pattern_repair(read, CODE)
    assert (got[0] if got else None) == fixed
