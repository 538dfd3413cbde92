"""A field the template marks handwritten is no surer than its weakest recognized word,
whichever recognizer read it. HR onboarding forms (HR journey, finding 1): the style
model took a neat handwritten SSN for print, the printed recognizer read '282-18-6298'
for 282-78-6298 with its word at 0.50, and the field scored 0.85 as print: accepted."""

from __future__ import annotations

from formsift.core.result import Status
from tests.words import run, words_doc

SRC = ('template t {\n  field ssn: id(/\\d{3}-\\d{2}-\\d{4}/) = right of "SSN"%s\n}\n')


def _doc(conf):
    doc = words_doc((("SSN", 0.05, 0.1), ("282-18-6298", 0.12, 0.3)))
    ssn = doc.pages[0].words[1]
    ssn.confidence, ssn.char_confidences = conf, (0.99, 0.99, 0.99, 0.99, conf) + (0.99,) * 6
    return doc


def test_a_hinted_field_read_as_print_keeps_its_weakest_word(registry):
    ex = run(SRC % " handwritten", _doc(0.45), registry)
    assert ex.fields["ssn"].confidence <= 0.45
    assert ex.status is Status.REVIEW


def test_without_the_hint_print_scores_as_before(registry):
    ex = run(SRC % "", _doc(0.45), registry)
    assert ex.fields["ssn"].confidence > 0.5


def test_a_sure_reading_stays_sure(registry):
    ex = run(SRC % " handwritten", _doc(0.97), registry)
    assert ex.fields["ssn"].confidence > 0.8 and ex.status is Status.ACCEPTED
