"""benchmarks/bench_handwriting.py reads as it says: ``--lm`` / ``--lexicon`` read every
``--model`` with the word list (not only the first), and ``--deslant`` does not deslant a
second time the lines of a model trained on deslanted lines (which deslants them itself)."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from formsift.handwriting.preprocess import model_crop
from tests.conftest import ROOT
from tests.handwriting.test_deslant_model import _slanted


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location(
        "bench_handwriting", ROOT / "benchmarks" / "bench_handwriting.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_model_is_read_with_the_word_list(bench):
    columns = bench.word_list_columns(["a.onnx", "b.onnx"], ["crnn a", "crnn b"], "lm",
                                      deslant=True, ensemble="b.onnx")
    listed = {name: kw for name, kw, on in columns if on}
    assert listed["crnn a + lm"] == {"model": "a.onnx"}
    assert listed["crnn b + lm"] == {"model": "b.onnx"}
    assert listed["crnn deslanted + lm"] == {"model": "a.onnx", "deslant": True}
    assert listed["crnn ensemble + lm"] == {"model": "a.onnx", "ensemble": "b.onnx"}
    assert [name for name, _, on in columns if not on] == ["crnn a", "crnn b"]


@pytest.mark.parametrize("keyed", [True, False])
def test_deslant_is_done_once(bench, monkeypatch, keyed):
    reader = bench.Ours(None, deslant=True)
    reader.rec.deslant = keyed  # as a model whose metadata says deslant=true
    given: list[np.ndarray] = []
    real = reader.rec.read_lines

    def spy(crops, constraint=None, heard=None):
        given.extend(crops)
        return real(crops, constraint, heard)

    monkeypatch.setattr(reader.rec, "read_lines", spy)
    line = _slanted()
    reader.read(line)
    expected = line if keyed else model_crop(line, deslant=True)
    assert given[0].shape == expected.shape and np.array_equal(given[0], expected)
