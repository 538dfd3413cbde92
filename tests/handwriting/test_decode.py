"""CTC decoding: greedy with confidences, alphabet masks, beam search, CER."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.handwriting.charset import CHARSET, normalize_text
from formsift.handwriting.decode import alphabet_mask, beam, greedy
from formsift.handwriting.metrics import cer, edit_distance

CS = "abc1"


def _probs(path: list[int], strength: float = 0.9) -> np.ndarray:
    """One row per step: ``strength`` on the given class, the rest spread evenly."""
    out = np.full((len(path), len(CS) + 1), (1 - strength) / len(CS), np.float32)
    for t, k in enumerate(path):
        out[t, k] = strength
    return out


def test_greedy_collapses_repeats_and_blanks():
    # a a _ a b b _ c  -> "aabc"
    d = greedy(_probs([1, 1, 0, 1, 2, 2, 0, 3]), CS)
    assert d.text == "aabc"
    assert [c[0] for c in d.chars] == list("aabc")
    assert all(0.89 < c[1] <= 0.91 for c in d.chars)
    xs = [c[2] for c in d.chars]
    assert xs == sorted(xs) and 0 < xs[0] < xs[-1] < 1


def test_mask_removes_letters_and_renormalises():
    p = _probs([1, 0, 4], 0.6)
    p[0, 4] = 0.3  # '1' is the runner-up where 'a' wins
    plain = greedy(p, CS)
    masked = greedy(p, CS, alphabet_mask(CS, "1"))
    assert plain.text == "a1"
    assert masked.text == "11"
    assert masked.chars[0][1] > 0.5  # renormalised among allowed classes


def test_beam_finds_the_same_best_as_greedy_on_peaked_input():
    p = _probs([1, 0, 2, 3, 3, 0], 0.95)
    cands = beam(p, CS, width=4)
    assert cands[0][0] == greedy(p, CS).text == "abc"
    assert len({t for t, _ in cands}) == len(cands)


def test_beam_sums_paths_where_greedy_does_not():
    # greedy picks blank at every step, but "a" has more total mass over its paths
    p = np.array([[0.4, 0.35, 0.25 / 3, 0.25 / 3, 0.25 / 3]] * 2, np.float32)
    p = p / p.sum(axis=1, keepdims=True)
    assert greedy(p, CS).text == ""
    assert beam(p, CS, width=5)[0][0] == "a"


def test_spaces_are_tidied():
    cs = "a "
    p = np.zeros((6, 3), np.float32)
    for t, k in enumerate([2, 1, 2, 0, 2, 1]):  # " a _ " -> "a a"
        p[t, k] = 1
    assert greedy(p, cs).text == "a a"


def test_cer_and_edit_distance():
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("", "abc") == 3
    assert cer([("abcd", "abcd")]) == 0
    assert cer([("abcd", "abed"), ("xy", "")]) == pytest.approx(3 / 6)


def test_normalize_text_folds_and_drops():
    assert normalize_text("«Prix» – 12,50 €\u00a0 ☺") == '"Prix" - 12,50 €'
    assert set(normalize_text("Ça coûte ½")) <= set(CHARSET)
