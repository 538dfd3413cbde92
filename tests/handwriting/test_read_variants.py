"""``crnn(variants=true)``: a free handwritten line leaning more than a little is also read
sheared by shares of its slant, and the reading the model is surest of is kept
(formsift.handwriting.variants); an upright line and a typed field's constrained reading
are read once."""

from __future__ import annotations

import random

import numpy as np
import pytest

from formsift.core.kinds import Constraint
from formsift.handwriting import variants
from formsift.handwriting.fonts import handwriting_fonts
from formsift.handwriting.slant import shear
from formsift.plugins.handwriting.recognize import CRNNRecognizer


def _font(name: str) -> str:
    found = [str(p) for p in handwriting_fonts() if p.name == name]
    if not found:
        pytest.skip(f"font {name} is not installed")
    return found[0]


def _written(text: str, font: str) -> np.ndarray:
    """``text`` drawn upright in a handwriting font, dark on light."""
    from formsift.handwriting.synth import LineRenderer

    img, drawn = LineRenderer([font]).render(text, random.Random(1), font, handwriting=False)
    assert drawn == text
    return img


@pytest.mark.parametrize(("font", "text"), [
    ("DancingScript-Regular.otf", "Water damage kitchen"),
    ("DancingScript-Regular.otf", "Meeting with Paul"),
    ("KaushanScript-Regular.otf", "Delivery to warehouse"),
    ("KaushanScript-Regular.otf", "Hotel and taxi"),
])
def test_a_steeply_slanted_line_is_read_right_in_its_variants(font, text):
    line = shear(_written(text, _font(font)), 0.45)
    # read once, as it is, the shipped model misreads it ("Meeting wih Pul",
    # "Hote/and tawi"): it leans further than the model learnt
    assert CRNNRecognizer({}).read_lines([line])[0].text != text
    assert CRNNRecognizer({"variants": True}).read_lines([line])[0].text == text


def test_an_upright_line_is_read_once(monkeypatch):
    import cv2

    line = np.full((48, 400), 255, np.uint8)
    cv2.putText(line, "Water damage kitchen", (6, 34), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert variants.sheared_crops(line) == []
    rec = CRNNRecognizer({"variants": True})
    runs = []
    real = rec._best_variant
    monkeypatch.setattr(rec, "_best_variant", lambda *a: runs.append(1) or real(*a))
    assert rec.read_lines([line])[0].text == CRNNRecognizer({}).read_lines([line])[0].text
    assert runs == [1]  # looked at, no copy read


def test_a_constrained_reading_is_read_once(monkeypatch):
    line = shear(_written("1250.40", _font("DancingScript-Regular.otf")), 0.45)
    rec = CRNNRecognizer({"variants": True})
    monkeypatch.setattr(variants, "sheared_crops", lambda *a: pytest.fail("read in copies"))
    rec.read_lines([line], Constraint(alphabet="0123456789.,"))


def test_variants_are_off_by_default(monkeypatch):
    line = shear(_written("Hotel and taxi", _font("KaushanScript-Regular.otf")), 0.45)
    monkeypatch.setattr(variants, "sheared_crops", lambda *a: pytest.fail("read in copies"))
    CRNNRecognizer({}).read_lines([line])


def test_a_slanted_line_gets_a_copy_per_share_each_straighter():
    from formsift.handwriting.slant import estimate_slant

    line = shear(_written("Delivery to warehouse", _font("KaushanScript-Regular.otf")), 0.45)
    k = estimate_slant(line)
    copies = variants.sheared_crops(line)
    assert len(copies) == len(variants.SHARES)
    for share, copy in zip(variants.SHARES, copies, strict=True):
        assert estimate_slant(copy) == pytest.approx((1 - share) * k, abs=0.08)


def test_the_reading_with_the_most_probable_best_path_is_kept():
    sure = np.array([[0.9, 0.1], [0.1, 0.9], [0.9, 0.1]])
    unsure = np.array([[0.6, 0.4], [0.4, 0.6]])
    assert variants.path_score(sure) == pytest.approx(3 * np.log(0.9))
    assert variants.best_reading([unsure, sure]) is sure
    assert variants.best_reading([sure, sure.copy()]) is sure  # a tie keeps the first
