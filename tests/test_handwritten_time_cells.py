"""A handwritten time in a table cell that the recognizer split reads whole.

Chain-of-custody journey, finding 4: sample and transfer times written by hand in table
cells were read "09:2 0", "10:3 0", "11: 5 5" and left unread ("does not read as a time
value"), so the custody rules comparing them were not evaluated. A date split so was
already read with the stray space taken out; a time now is too, when exactly one such
reading is a time.
"""

from __future__ import annotations

from datetime import time

import pytest

from formsift.core.document import Word
from formsift.core.geometry import Box
from formsift.templates import check_source
from tests.parsing import ctx

TEMPLATE = """template coc {
  table samples {
    sample_id: text header "Sample ID" handwritten
    sampled_at: time header "Time" handwritten
    printed_at: time header "Printed"
  }
}"""


def _column(registry, name: str):
    (t,), diags = check_source(TEMPLATE, "coc.sift", registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return next(c for c in t.tables["samples"].columns if c.name == name)


def _words(*texts: str, gap: float = 0.002, hand: bool = True) -> list[Word]:
    out, x = [], 0.30
    for text in texts:
        w = 0.008 * len(text)
        out.append(Word(text, Box(x, 0.20, x + w, 0.22), 0, 0.8, "crnn", hand))
        x += w + gap
    return out


@pytest.mark.parametrize("texts, expected", [
    (("09:2", "0"), time(9, 20)), (("10:3", "0"), time(10, 30)),
    (("11:", "5", "5"), time(11, 55)),
])
def test_a_split_handwritten_time_reads_with_the_space_taken_out(registry, texts, expected):
    from formsift.templates.tables import SPACE_OUT_SCORE, _cell

    cell = _cell(_words(*texts), _column(registry, "sampled_at"), ctx())
    assert cell is not None and cell.value == expected
    assert cell.raw == " ".join(texts) and cell.score == SPACE_OUT_SCORE


def test_a_time_split_a_space_apart_or_printed_stays_unread(registry):
    from formsift.templates.tables import _cell

    assert _cell(_words("09:2", "0", gap=0.03), _column(registry, "sampled_at"), ctx()) \
        is None  # a digit come from the next column
    assert _cell(_words("09:2", "0", hand=False), _column(registry, "printed_at"),
                 ctx()) is None
