"""The slant of a handwritten line (formsift.handwriting.slant): estimated from its
strokes and reduced by a shear, at inference only when asked for
(preprocess.model_crop(deslant=True)); the shipped model reads its lines as they are."""

from __future__ import annotations

import numpy as np
import pytest

from formsift.handwriting import slant
from formsift.handwriting.preprocess import line_tensor, model_crop
from formsift.handwriting.slant import shear as _shear


def _upright(text: str = "Invoice 1250 total due", width: int = 460) -> np.ndarray:
    """An upright line of text, dark on light."""
    import cv2

    img = np.full((48, width), 255, np.uint8)
    cv2.putText(img, text, (6, 34), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    return img


@pytest.mark.parametrize("k", [-0.3, 0.2, 0.4, 0.6])
def test_the_slant_of_a_sheared_line_is_recovered(k):
    for text in ("Invoice 1250 total due", "Hilda kept 48 bottles"):
        assert slant.estimate_slant(_shear(_upright(text), k)) == pytest.approx(k, abs=0.08)


def test_an_upright_line_is_left_untouched():
    line = _upright()
    assert abs(slant.estimate_slant(line)) <= slant.DEAD_ZONE
    assert slant.deslant(line) is line
    assert np.array_equal(model_crop(line, deslant=True), model_crop(line))


def test_a_slanted_line_is_sheared_half_way_to_upright():
    line = _shear(_upright(), 0.5)
    straightened = slant.deslant(line)
    assert slant.estimate_slant(straightened) == pytest.approx(0.25, abs=0.08)
    # paper fills the corners the shear opens: the crop holds no more ink than before
    assert np.count_nonzero(straightened < 128) == pytest.approx(
        np.count_nonzero(line < 128), rel=0.05)


def test_light_ink_on_dark_ground_is_deslanted_as_its_inverse():
    line = _shear(_upright(), 0.5)
    assert np.array_equal(model_crop(255 - line, deslant=True),
                          model_crop(line, deslant=True))


def test_lines_are_read_as_they_are_unless_asked():
    line = _shear(_upright(), 0.5)
    assert np.array_equal(line_tensor(line), line_tensor(line, deslant=False))
    assert not np.array_equal(model_crop(line, deslant=True), model_crop(line))
    assert line_tensor(line, deslant=True).shape[1:] != line_tensor(line).shape[1:]


def test_a_crop_without_ink_has_no_slant():
    blank = np.full((40, 200), 250, np.uint8)
    assert slant.estimate_slant(blank) == 0.0
    assert slant.deslant(blank) is blank
    assert slant.estimate_slant(np.zeros((2, 2), np.uint8)) == 0.0
