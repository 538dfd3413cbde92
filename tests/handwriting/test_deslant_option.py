"""``crnn(deslant=true)``: free handwritten lines straightened half-way before reading
(off by default; typed fields' constrained readings never), and ``formsift train
evaluate --deslant / --lm`` to measure such options on one's own lines first."""

from __future__ import annotations

import random

import pytest

from formsift.cli import main
from formsift.core.kinds import Constraint
from formsift.handwriting.slant import shear
from formsift.plugins.handwriting import recognize
from formsift.plugins.handwriting.recognize import CRNNRecognizer
from tests.handwriting.test_own_model import _dataset, _line


@pytest.fixture
def deslant_calls(monkeypatch):
    """The ``deslant`` argument of every line the recognizer prepares."""
    calls: list[bool] = []
    real = recognize.line_tensor

    def spy(image, *args, **kwargs):
        calls.append(bool(kwargs.get("deslant", False)))
        return real(image, *args, **kwargs)

    monkeypatch.setattr(recognize, "line_tensor", spy)
    return calls


def _slanted() -> object:
    return shear(_line("Water damage kitchen", random.Random(2)), 0.35)


def test_deslant_straightens_free_lines_only(deslant_calls):
    rec = CRNNRecognizer({"deslant": True})
    rec.read_lines([_slanted()])
    assert deslant_calls == [True]
    deslant_calls.clear()
    rec.read_lines([_slanted()], Constraint(alphabet="0123456789"))
    assert deslant_calls == [False]  # a typed field's reading is not straightened
    deslant_calls.clear()
    CRNNRecognizer({}).read_lines([_slanted()])
    assert deslant_calls == [False]  # off by default


def test_evaluate_measures_deslant_and_lm_on_ones_own_lines(tmp_path, deslant_calls, capsys):
    _dataset(tmp_path / "lines", 4)
    assert main(["train", "evaluate", "--data", str(tmp_path / "lines"), "--deslant"]) == 0
    assert "4 lines, CER " in capsys.readouterr().out
    assert deslant_calls and all(deslant_calls)


def test_evaluate_says_which_option_is_wrong(capsys):
    assert main(["train", "evaluate", "--lm", "xx"]) == 2
    err = capsys.readouterr().err
    assert "crnn option 'lm': no word list for language 'xx'" in err
    assert "internal error" not in err and "Traceback" not in err
