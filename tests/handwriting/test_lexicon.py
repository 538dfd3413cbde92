"""Word-list correction of handwritten lines (formsift.handwriting.lexicon)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from formsift.core.errors import FormsiftError
from formsift.handwriting.decode import greedy
from formsift.handwriting.lexicon import (
    DEFAULT_COUNT,
    Lexicon,
    correct,
    ctc_log_likelihood,
    load,
)
from tests.handwriting.ctc_frames import frames

CHARSET = "abchstu "


def _collapse(path):
    out, prev = [], 0
    for k in path:
        if k != 0 and k != prev:
            out.append(k)
        prev = k
    return out


def test_ctc_likelihood_is_the_sum_over_every_path():
    rng = np.random.default_rng(0)
    p = rng.random((4, 3))
    p /= p.sum(axis=1, keepdims=True)
    for labels in ([1], [1, 2], [1, 1], [2, 1, 2]):
        brute = sum(math.prod(p[t, k] for t, k in enumerate(path))
                    for path in itertools.product(range(3), repeat=4)
                    if _collapse(path) == labels)
        assert math.isclose(math.exp(ctc_log_likelihood(np.log(p), labels)), brute,
                            rel_tol=1e-9)


def _frames(spec):
    return frames(spec, CHARSET)


@pytest.mark.parametrize(("a_prob", "expected"), [(0.4, "at chat"), (1e-6, "at chst")])
def test_an_unlisted_word_gives_way_to_a_listed_neighbour_the_model_saw(a_prob, expected):
    # "chst" is not a word; "chat" and "chut" are one edit away; the model gave "a" a fair
    # chance where it read "s" (and "u" none): "chat" -- unless it hardly saw the "a".
    # "at" is listed and is never touched.
    lexicon = Lexicon({"at": 500, "chat": 100, "chut": 1})
    logp = _frames([{"a": 0.99}, {"t": 0.99}, {" ": 0.99}, {"c": 0.99}, {"h": 0.99},
                    {"s": 0.99 - a_prob, "a": a_prob}, {"t": 0.99}])
    line = greedy(np.exp(logp), CHARSET)
    assert line.text == "at chst"
    out = correct(line, logp, CHARSET, lexicon)
    assert out.text == expected
    assert out.chars[:3] == line.chars[:3]
    if out.text != line.text:  # the replaced word carries its weakest confidence
        assert {c[1] for c in out.chars[3:]} == {min(c[1] for c in line.chars[3:])}


def test_word_list_files_and_clear_errors(tmp_path):
    path = tmp_path / "words.txt"
    path.write_text("# my customers\nKeller 12\nBrandt\n")
    lexicon = load(str(path))
    assert lexicon.known("keller") and lexicon.counts["brandt"] == DEFAULT_COUNT
    assert "keller" in lexicon.neighbours("Kelker")
    with pytest.raises(FormsiftError, match="no such file"):
        load(str(tmp_path / "missing.txt"))


def test_language_lists_ship_with_pyspellchecker():
    pytest.importorskip("spellchecker")
    fr = load("fr")
    assert fr.known("janvier") and "janvier" in fr.neighbours("jaunvier")
    with pytest.raises(FormsiftError, match="no word list"):
        load("xx")


def test_an_unknown_word_list_is_reported_when_the_template_is_checked(registry):
    pytest.importorskip("spellchecker")
    from formsift.templates import check_source

    source = ('template notes {\n  pipeline {\n    recognize ppocr_rec, crnn(lexicon="xx")\n'
              '  }\n  field note: text = anywhere handwritten\n}\n')
    _, diags = check_source(source, "notes.sift", registry)
    assert any("no word list for language 'xx'" in d.format() and d.line == 3 for d in diags)
    _, diags = check_source(source.replace('"xx"', '"fr"'), "notes.sift", registry)
    assert not [d for d in diags if d.severity == "error"]
