"""A value the template marks handwritten goes to review under 0.7, not only under 0.5.
Its confidence is the share of such readings that are right (the handwriting calibration
tables: digit strings read at 0.5 to 0.7 were right 55% of the time), so a meter reading
misread '7494784' at 0.51 and an SSN misread at 0.69 were accepted under the default
floor of 0.5 (meters journey F1, HR journey)."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.words import run, words_doc

FIELD = 'template t {\n  field reading: id(/\\d{7}/) = right of "Reading"%s\n}\n'
TABLE = ('template t {\n  table items {\n    article: text header "Article"\n'
         '    qty: int header "Qty"%s\n  }\n}\n')


def _field_doc(conf):
    return words_doc((("Reading", 0.05, 0.15), ("7494784", 0.2, 0.3, True)), conf=conf)


@pytest.mark.parametrize("conf, hint, status", [
    (0.6, " handwritten", Status.REVIEW), (0.75, " handwritten", Status.ACCEPTED),
    (0.6, "", Status.ACCEPTED),
])
def test_a_handwritten_field_under_the_floor_goes_to_review(registry, conf, hint, status):
    ex = run(FIELD % hint, _field_doc(conf), registry)
    assert ex.status is status, ex.reasons
    if status is Status.REVIEW:
        (reason,) = ex.reasons
        assert reason.code == "low_confidence" and "handwritten" in reason.message


@pytest.mark.parametrize("hint, status", [(" handwritten", Status.REVIEW), ("", Status.ACCEPTED)])
def test_a_handwritten_column_too(registry, hint, status):
    doc = words_doc((("Article", 0.05, 0.15), ("Qty", 0.5, 0.55)),
                    (("Bolts", 0.05, 0.12), ("12", 0.5, 0.53, True)), conf=0.6)
    ex = run(TABLE % hint, doc, registry)
    assert ex.status is status, ex.reasons
