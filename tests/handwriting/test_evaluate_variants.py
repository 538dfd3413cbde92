"""``formsift train evaluate --variants`` measures ``crnn(variants=true)`` on one's own
lines, as ``--deslant`` and ``--lm`` measure theirs."""

from __future__ import annotations

from formsift.cli import main
from formsift.plugins.handwriting.recognize import CRNNRecognizer
from tests.handwriting.test_own_model import _dataset


def test_evaluate_reads_in_variants(tmp_path, monkeypatch, capsys):
    _dataset(tmp_path / "lines", 3)
    calls: list[int] = []
    real = CRNNRecognizer._best_variant

    def spy(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(CRNNRecognizer, "_best_variant", spy)
    assert main(["train", "evaluate", "--data", str(tmp_path / "lines"), "--variants"]) == 0
    assert "3 lines, CER " in capsys.readouterr().out
    assert len(calls) == 3
