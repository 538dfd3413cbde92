"""Free handwritten text read with a character language model of words (crnn lm=...,
formsift.handwriting.charlm): the model's output and the word list together pick a word
where the model hesitates; a name the model is sure of is kept; typed fields are not
touched."""

from __future__ import annotations

import math

import numpy as np
import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting.charlm import KEEP, CharLM, lm_beam, load_lm
from formsift.handwriting.lexicon import load
from formsift.plugins.handwriting.recognize import CRNNRecognizer

WORDS = "le 900\nla 800\nchat 120\nchut 2\nkiller 60\nkill 40\nkilled 30\nmiller 20\n"


class _Frames:
    """A stand-in for the ONNX session: its output is the given (T, C) log-probabilities."""

    def __init__(self, logp: np.ndarray) -> None:
        self.logp = logp

    def run(self, _names, _feeds):
        return [self.logp[None]]


def _logp(charset: str, spec: list[dict[str, float]]) -> np.ndarray:
    """(T, C) log-probabilities: each step a {char: p} dict, the rest on the blank, with a
    blank step after each."""
    steps = [s for step in spec for s in (step, {})]
    p = np.full((len(steps), len(charset) + 1), 1e-7)
    for t, step in enumerate(steps):
        for ch, v in step.items():
            p[t, charset.index(ch) + 1] = v
        p[t, 0] = max(1e-7, 1.0 - sum(step.values()))
    return np.log(p / p.sum(axis=1, keepdims=True))


def _sure(text: str, p: float = 0.97) -> list[dict[str, float]]:
    return [{c: p} for c in text]


@pytest.fixture(scope="module")
def words(tmp_path_factory):
    path = tmp_path_factory.mktemp("lm") / "words.txt"
    path.write_text(WORDS, encoding="utf-8")
    return str(path)


def _reader(words: str, spec: list[dict[str, float]], **options) -> CRNNRecognizer:
    rec = CRNNRecognizer({"threads": 1, **options})
    rec.ensure_ready()
    rec._session = _Frames(_logp(rec.charset, spec))
    return rec


def _read(rec: CRNNRecognizer, constraint: Constraint | None = None):
    # a blank crop wide enough for every step (its width sets how many steps are read)
    crop = np.full((40, 1200), 255, np.uint8)
    return rec.read_lines([crop], constraint)[0]


def test_the_language_model_picks_the_listed_word_where_the_model_hesitates(words):
    # "chst" is no word; the model gave "a" a fair chance where it read "s"
    spec = [*_sure("le "), *_sure("ch"), {"s": 0.55, "a": 0.4}, *_sure("t")]
    plain = _read(_reader(words, spec))
    read = _read(_reader(words, spec, lm=words))
    assert plain.text == "le chst"
    assert read.text == "le chat"
    # the character read otherwise than the model's best guess is doubted
    assert read.chars[:5] == plain.chars[:5]
    assert read.chars[5][1] == min(c[1] for c in plain.chars)


def test_a_name_the_model_is_sure_of_is_not_made_a_word(words):
    # "Keller" is not listed, "killer" is: read with confidence, the name stays; where the
    # model hesitates between "e" and "i", the list decides
    sure = [*_sure("le "), {"K": 0.97}, {"e": 0.95, "i": 0.03}, *_sure("ller")]
    unsure = [*_sure("le "), {"K": 0.97}, {"e": 0.5, "i": 0.45}, *_sure("ller")]
    assert _read(_reader(words, sure, lm=words)).text == "le Keller"
    assert _read(_reader(words, unsure, lm=words)).text == "le Killer"


def test_a_sure_character_is_kept_however_much_the_language_weighs(words):
    # what keeps it is the per-step floor (KEEP), not a small weight: without the floor,
    # a heavy language model makes the name a word
    lm = load_lm(words)
    charset = "Keilr "
    probs = np.exp(_logp(charset, [{"K": 0.97}, {"e": 0.95, "i": 0.03}, *_sure("ller")]))
    assert lm_beam(probs, charset, lm, 3.0, 1.0, keep=KEEP) == "Keller"
    assert lm_beam(probs, charset, lm, 3.0, 1.0, keep=0.0) == "Killer"


def test_typed_fields_keep_their_constrained_reading(words):
    spec = [*_sure("le "), *_sure("ch"), {"s": 0.55, "a": 0.4}, *_sure("t")]
    letters = Constraint(alphabet="abcdefghijklmnopqrstuvwxyz ")
    assert _read(_reader(words, spec, lm=words), letters).text == "le chst"


def test_the_model_scores_listed_words_above_unlisted_ones():
    lm = CharLM({"chat": 100, "chut": 5, "le": 900})
    assert lm.word_logp("chat") > lm.word_logp("chut") > lm.word_logp("chst")
    assert math.isfinite(lm.word_logp("xyz"))  # unlisted, never impossible
    probs = np.exp(_logp("chastu ", [*_sure("ch"), {"s": 0.55, "a": 0.4}, *_sure("t")]))
    assert lm_beam(probs, "chastu ", lm, 0.5, 1.0) == "chat"
    assert lm_beam(probs, "chastu ", lm, 0.0, 0.0) == "chst"  # no weight: the model's


def test_an_unknown_language_is_reported_when_the_template_is_checked(registry):
    pytest.importorskip("spellchecker")
    from formsift.templates import check_source

    source = ('template notes {\n  pipeline {\n    recognize ppocr_rec, crnn(lm="xx")\n'
              '  }\n  field note: text = anywhere handwritten\n}\n')
    _, diags = check_source(source, "notes.sift", registry)
    assert any("no word list for language 'xx'" in d.format() and d.line == 3 for d in diags)
    _, diags = check_source(source.replace('"xx"', '"fr"'), "notes.sift", registry)
    assert not [d for d in diags if d.severity == "error"]


def test_a_built_model_is_kept_and_found_again(tmp_path, monkeypatch):
    # built once (seconds for a language's list), then loaded from the cache directory;
    # a changed list is built again, and a damaged file is no error
    import formsift.handwriting.charlm as charlm

    monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(tmp_path / "cache"))
    words = tmp_path / "words.txt"
    words.write_text(WORDS, encoding="utf-8")
    charlm.load_lm.cache_clear()
    first = charlm.load_lm(str(words))
    kept = list((tmp_path / "cache" / "charlm").glob("*.npz"))
    assert len(kept) == 1
    charlm.load_lm.cache_clear()
    monkeypatch.setattr(CharLM, "_build", lambda *a: pytest.fail("built again"))
    again = charlm.load_lm(str(words))
    assert again.word_logp("chat") == first.word_logp("chat")
    assert again.mean_logp == first.mean_logp
    monkeypatch.undo()
    monkeypatch.setenv("FORMSIFT_CACHE_DIR", str(tmp_path / "cache"))
    kept[0].write_bytes(b"not numpy")
    words.write_text(WORDS + "chaton 50\n", encoding="utf-8")
    charlm.load_lm.cache_clear()
    load.cache_clear()  # (the word list itself is read once per process)
    assert charlm.load_lm(str(words)).word_logp("chaton") > first.word_logp("chaton")
    kept[0].write_bytes(b"not numpy")
    words.write_text(WORDS, encoding="utf-8")
    charlm.load_lm.cache_clear()
    load.cache_clear()
    assert charlm.load_lm(str(words)).word_logp("chat") == first.word_logp("chat")
    charlm.load_lm.cache_clear()
