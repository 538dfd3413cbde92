"""A comb cell's digit read two ways says so in its confidence.

Meters journey (region-first, meter_01): a meter reading 031372 written one digit per box
was read 131372 at 0.88 and accepted. The first box's digit was read "1" at 0.94, and "0"
at 0.49 at another step of the model: the cell is read two ways, and its confidence is now
at most one less its rival's probability (0.51: the value goes to review). A rival "1" is
none (a digit's stem or a wall's remnant read "1" at one step, in most cells: measured
on the journey's 183 comb cells), nor is a rival under COMB_RIVAL; letters are left as
they are."""

from __future__ import annotations

from typing import Any

import pytest

CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _cell(**probs: float) -> Any:
    import numpy as np

    p = np.zeros(len(CHARSET), np.float32)
    for c, v in probs.items():
        p[CHARSET.index(c.strip("_"))] = v
    return p


def test_a_digit_read_two_ways_is_unsure() -> None:
    from formsift.plugins.handwriting.recognize import COMB_RIVAL, _doubted

    cells = [_cell(_1=0.944, _0=0.493), _cell(_3=1.0), _cell(_5=0.996, _1=0.983),
             _cell(_8=0.634, _3=COMB_RIVAL - 0.1), _cell(S=0.9, _5=0.6)]
    chosen = [("1", 0.944), ("3", 1.0), ("5", 0.996), ("8", 0.634), ("S", 0.9)]
    got = _doubted(chosen, cells, CHARSET)
    assert got[0] == ("1", pytest.approx(1 - 0.493))
    assert got[1:] == [("3", 1.0), ("5", 0.996), ("8", 0.634), ("S", 0.9)]


def test_the_meter_reading_goes_to_review() -> None:
    """The value's confidence is its weakest digit's: 131372 is no longer sure."""
    from formsift.plugins.handwriting.recognize import _doubted

    probs = [(0.944, 0.493), (1.0, 0.0), (0.963, 0.0), (0.954, 0.029), (0.999, 0.0),
             (0.993, 0.0)]
    cells = [_cell(**{"_" + c: p, "_0" if c != "0" else "_9": r})
             for c, (p, r) in zip("131372", probs, strict=True)]
    got = _doubted([(c, p) for c, (p, _) in zip("131372", probs, strict=True)], cells, CHARSET)
    assert min(conf for _, conf in got) < 0.7
