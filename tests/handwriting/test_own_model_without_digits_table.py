"""A model of one's own calibrated before models stored a digits table (a words table in
its metadata, no digits table): `formsift check` and `formsift train evaluate` warn in one
line, naming `formsift train calibrate` (docs/handwriting.md #confidence-own-model)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from formsift.cli import main
from formsift.handwriting.calibration import DIGIT_BOUNDS, METADATA_KEY, Calibration
from formsift.handwriting.charset import CHARSET

WORDS_ONLY = Calibration(source="fitted", words=60, right=50, lines="validation lines")


def _tiny_model(path: Path, meta: dict[str, str]) -> Path:
    """An untrained small model exported as ONNX with ``meta``."""
    pytest.importorskip("torch")
    pytest.importorskip("onnx")
    from formsift.handwriting.train import build_model, export_onnx

    model = build_model(CHARSET, {"channels": (4, 4, 4, 4), "collapse": 8, "hidden": 8,
                                  "layers": 1})
    return export_onnx(model, CHARSET, path, meta)


def _warnings(template: Path, registry) -> list[str]:
    from formsift.templates import check_definitions

    source = template.read_text(encoding="utf-8")
    _, _, diags = check_definitions(source, str(template), registry)
    assert not [d for d in diags if d.severity == "error"], diags
    return [d.message for d in diags if d.severity == "warning"]


def _evaluate(model: Path, capsys) -> list[str]:
    assert main(["train", "evaluate", "--model", str(model)]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if "warning" in line]


def test_a_model_with_a_words_table_but_no_digits_table_is_warned_of(tmp_path, registry,
                                                                     capsys):
    model = _tiny_model(tmp_path / "models" / "claims.onnx",
                        {METADATA_KEY: WORDS_ONLY.to_json()})
    template = tmp_path / "claims.sift"
    template.write_text('template claims {\n  pipeline {\n    recognize ppocr_rec, '
                        'crnn(model="models/claims.onnx")\n  }\n  field reading: int = '
                        'right of "Reading:" handwritten\n}\n', encoding="utf-8")
    for said in (_warnings(template, registry), _evaluate(model, capsys)):
        assert len(said) == 1, said
        assert "claims.onnx carries a word-confidence table but no digits table" in said[0]
        assert "formsift train calibrate --data DIR --model" in said[0]
        assert "\n" not in said[0]
    # with a digits table of its own: nothing to say
    from formsift.handwriting.evaluate import write_calibration

    write_calibration(model, replace(WORDS_ONLY, digit_right=(0.5,) * len(DIGIT_BOUNDS),
                                     digit_source="fitted", digit_words=60))
    assert _warnings(template, registry) == []
    assert _evaluate(model, capsys) == []
    # a safe digits table (too few words without letters) is the model's own too
    write_calibration(model, replace(WORDS_ONLY, digit_right=(0.1,) * len(DIGIT_BOUNDS),
                                     digit_source="safe", digit_words=3))
    assert _warnings(template, registry) == []
    # no table at all: the words table's warning alone, as before
    model.unlink()
    _tiny_model(model, {})
    (said,) = _warnings(template, registry)
    assert "carries no word-confidence calibration" in said
