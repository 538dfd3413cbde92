"""A word list given without counts corrects words (cheque journey, finding 2): with every
word at count 1, a listed neighbour had the prior of an unlisted reading (one occurrence)
and lost on the model's own likelihood, so ``crnn(lexicon="amountwords.txt")`` changed
nothing; the same list with counts of 1000 read the cheque's legal amount right."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.handwriting.decode import greedy
from formsift.handwriting.lexicon import DEFAULT_COUNT, correct, load
from tests.handwriting.ctc_frames import frames

CHARSET = "abdehnortuw "


def _frames(spec):
    return frames(spec, CHARSET)


@pytest.fixture
def amount_words(tmp_path):
    path = tmp_path / "amountwords.txt"
    path.write_text("one\ntwo\nhundred\nthousand\nand\n")
    return load(str(path))


def test_a_word_without_a_count_weighs_more_than_an_unlisted_reading(amount_words):
    assert amount_words.counts["hundred"] == DEFAULT_COUNT > 1
    assert amount_words.log_prior("hundred") > amount_words.log_prior("hondred")


@pytest.mark.parametrize(("u_prob", "expected"), [(0.3, "hundred"), (1e-6, "hondred")])
def test_a_list_without_counts_corrects_a_word_the_model_half_saw(amount_words, u_prob,
                                                                 expected):
    # "hondred" read where the model gave "u" 0.3 against "o" 0.69: a listed word one edit
    # away is read -- unless the model did not see the "u" at all (a word outside the list
    # is not turned into a listed one)
    logp = _frames([{"h": 0.99}, {"o": 0.99 - u_prob, "u": u_prob}, {"n": 0.99},
                    {"d": 0.99}, {"r": 0.99}, {"e": 0.99}, {"d": 0.99}])
    line = greedy(np.exp(logp), CHARSET)
    assert line.text == "hondred"
    assert correct(line, logp, CHARSET, amount_words).text == expected


def test_counts_given_still_weigh(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("Keller 12\nBrandt\nKeller 3\n")
    names = load(str(path))
    assert names.counts == {"keller": 15, "brandt": DEFAULT_COUNT}
