"""A gap in handwriting read as a space does not keep a value from its pattern.

Read with a date's constraint, a handwritten 07/14/1991 came back '07/14/1 991' (the
writer left a gap in the year): no beam candidate matched the date's shape, so the
reading stayed unread (HR onboarding journey, finding 3, with the constrained reading of
a whole page's handwritten fields). A candidate that matches the pattern without its
spaces, where the pattern allows none, is now taken.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting.decode import alphabet_mask, greedy
from formsift.plugins.fieldtypes.dates import DATE_SHAPE


@pytest.fixture(scope="module")
def rec() -> Any:
    from formsift.plugins.handwriting.recognize import CRNNRecognizer

    r = CRNNRecognizer()
    r.ensure_ready()
    return r


def _probs(charset: str, text: str) -> Any:
    """CTC outputs that read ``text`` with certainty: each character one step, a blank
    between."""
    steps = []
    for ch in text:
        for k in (charset.index(ch) + 1, 0):
            row = np.zeros(len(charset) + 1, np.float32)
            row[k] = 1.0
            steps.append(row)
    return np.stack(steps)


DATE = Constraint(alphabet="0123456789./- ", pattern=DATE_SHAPE)


@pytest.mark.parametrize("read, want", [("07/14/1 991", "07/14/1991"),
                                        ("0 7/14/19 91", "07/14/1991")])
def test_a_gap_read_as_a_space_is_left_out_for_a_pattern(rec, read, want):
    probs = _probs(rec.charset, read)
    mask = alphabet_mask(rec.charset, DATE.alphabet)
    best = greedy(probs, rec.charset, mask)
    assert best.text == read
    got = rec._with_pattern(probs, mask, DATE.pattern, best)
    assert got.text == want
    # the characters kept keep their confidences
    assert [c[0] for c in got.chars] == list(want) and got.confidence == best.confidence


def test_spaces_the_pattern_allows_stay(rec):
    pattern = r"\d{3} \d{3}"
    probs = _probs(rec.charset, "123 456")
    best = greedy(probs, rec.charset, None)
    assert rec._with_pattern(probs, None, pattern, best).text == "123 456"


def test_no_match_even_without_spaces_keeps_the_reading(rec):
    probs = _probs(rec.charset, "07/1411 99 1")
    mask = alphabet_mask(rec.charset, DATE.alphabet)
    best = greedy(probs, rec.charset, mask)
    assert rec._with_pattern(probs, mask, DATE.pattern, best).text == "07/1411 99 1"
