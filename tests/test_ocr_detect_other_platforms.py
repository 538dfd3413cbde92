"""The detector's memory measures (61c55fb) hold on every platform and every det model:
code read R3 found a TypeError on Windows (``ctypes.CDLL(None)``) in every page's
detection, and a float16 detection model refused by the float32 output bound to it."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from formsift.plugins.ocr import models
from formsift.plugins.ocr.detect import _OwnOutput


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_trimming_the_heap_is_a_no_op_off_linux(monkeypatch, platform):
    monkeypatch.setattr(models.sys, "platform", platform)
    # on Windows CDLL(None) raises a TypeError: it must never be called there
    monkeypatch.setattr(models.ctypes, "CDLL", lambda name: (_ for _ in ()).throw(
        TypeError("argument of type 'NoneType' is not iterable")))
    models._malloc_trim.cache_clear()
    try:
        assert models._malloc_trim() is None
        models.trim_heap()  # no error
    finally:
        models._malloc_trim.cache_clear()


class _Session:
    """A det session whose output is ``dtype`` shaped ``shape``; run() answers plainly."""

    def __init__(self, dtype: str, shape: list) -> None:
        self.output = SimpleNamespace(name="y", type=dtype, shape=shape)
        self.ran = False

    def get_outputs(self):
        return [self.output]

    def run(self, names, feeds, options=None):
        self.ran = True
        (x,) = feeds.values()
        return [np.zeros((x.shape[0], 1, *x.shape[2:]), np.float16)]

    def io_binding(self):
        raise AssertionError("bound an output the model does not have")


@pytest.mark.parametrize("dtype, shape", [
    ("tensor(float16)", ["N", 1, "H", "W"]),   # a half-precision export
    ("tensor(float)", ["N", 2, "H", "W"]),     # two maps
    ("tensor(float)", ["N", 1, 80, 100]),      # a fixed size other than the input's
])
def test_a_model_whose_output_is_no_float32_map_of_the_input_runs_as_it_is(dtype, shape):
    session = _Session(dtype, shape)
    x = np.zeros((1, 3, 64, 96), np.float32)
    (out,) = _OwnOutput(session).run(None, {"x": x})
    assert session.ran and out.shape == (1, 1, 64, 96)
