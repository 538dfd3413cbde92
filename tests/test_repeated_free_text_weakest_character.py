"""A ``text[]`` value is held at its weakest printed character as a single ``text`` value
is (issue 5; 4a17f3c's free-text cap): the repeated field's values were combined before
the cap, so a name with one letter read at 0.4 was accepted at 0.856."""

from __future__ import annotations

import pytest

from formsift.core.result import Status
from tests.words import run, words_doc

TEMPLATE = "template t {\n  field names: %s = box(0%%, 13%%, 100%%, 100%%)\n}\n"


def _doc(weak: float, which: int = 1):
    """Two printed names under a heading, every character at 0.97; name ``which``'s
    third letter at ``weak``."""
    doc = words_doc((("Names", 0.05, 0.15),), (("Sofia", 0.05, 0.2),), (("Rossi", 0.05, 0.2),))
    if which is not None:
        word = doc.pages[0].words[1 + which]
        confs = list(word.char_confidences)
        confs[2] = weak
        word.char_confidences = tuple(confs)
    return doc


@pytest.mark.parametrize("kind, which", [("text[]", 1), ("text[]", 0), ("text", 0)])
def test_a_letter_read_unsure_caps_each_value(registry, kind, which):
    """(a single ``text`` field reads the first name: capped before as after)"""
    ex = run(TEMPLATE % kind, _doc(0.4, which), registry)
    values = ex.fields["names"] if kind == "text[]" else [ex.fields["names"]]
    assert values[which].confidence == pytest.approx(0.4)
    assert ex.status is Status.REVIEW, ex.reasons


def test_values_read_surely_keep_their_confidence(registry):
    """Guards: no letter under the free-text bar (0.45), no cap; the value beside the
    weak one keeps its own confidence."""
    ex = run(TEMPLATE % "text[]", _doc(0.5), registry)
    assert all(v.confidence > 0.8 for v in ex.fields["names"])
    assert ex.status is Status.ACCEPTED, ex.reasons
    ex = run(TEMPLATE % "text[]", _doc(0.4), registry)
    assert ex.fields["names"][0].confidence > 0.8
