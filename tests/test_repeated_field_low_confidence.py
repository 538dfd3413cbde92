"""A repeated field's values are held to the same confidence floor as a single value's.
A handwritten fault description read as `text[]` ("Car stepping Short at 32d floor", its
lines at 0.04 and 0.08) was accepted with no reason, where the same text as a `text`
field went to review (field service journey F2)."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.words import run, words_doc

TEMPLATE = 'template t {\n  field notes: text[] = box(0%%, 13%%, 100%%, 100%%)%s\n}\n'


def _doc(confs):
    lines = [(("Notes", 0.05, 0.15),)]
    lines += [((f"line{i}", 0.05, 0.3, True),) for i in range(len(confs))]
    doc = words_doc(*lines)
    for word, conf in zip(doc.pages[0].words[1:], confs, strict=True):
        word.confidence = conf
    return doc


def test_a_weak_value_of_a_repeated_field_sends_the_record_to_review(registry):
    ex = run(TEMPLATE % "", _doc([0.95, 0.04]), registry)
    assert ex.status is Status.REVIEW
    (reason,) = [r for r in ex.reasons if r.code == "low_confidence"]
    assert reason.field == "notes" and "item 2" in reason.message and "0.04" in reason.message


@pytest.mark.parametrize("hint, status", [(" handwritten", Status.REVIEW),
                                          ("", Status.ACCEPTED)])
def test_the_handwritten_floor_holds_for_repeated_values(registry, hint, status):
    ex = run(TEMPLATE % hint, _doc([0.95, 0.6]), registry)
    assert ex.status is status, ex.reasons


def test_values_read_surely_stay_accepted(registry):
    ex = run(TEMPLATE % "", _doc([0.95, 0.93]), registry)
    assert ex.status is Status.ACCEPTED, ex.reasons
