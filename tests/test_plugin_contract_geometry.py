"""A preprocessor keeps the page's shape (plugin author's journey, finding 1.1).

A plugin preprocessor that cut the blank lower 40% of a scan off was accepted: every box
read after it was a fraction of the cut image (a value's y 0.364 instead of 0.217), the
page's width and height were swapped (the cut page was wider than tall, taken for a
quarter turn), and nothing said so. The engine now checks the shape of what each
preprocessor returns: the same, scaled alike in both directions, or turned a quarter,
unless the component declares ``reframes = True`` (the built-in ``perspective``).
"""

from __future__ import annotations

import types

import cv2
import numpy as np
import pytest

from formsift import Engine
from formsift.core.document import Word
from formsift.core.errors import PluginError
from formsift.core.geometry import Box
from formsift.core.hookspecs import hookimpl
from formsift.core.kinds import Preprocessor, Recognizer, Segmenter, TextRegion
from formsift.core.plugins import PluginRegistry
from formsift.templates import check_source

#: The scan: 600 x 800 pixels, the label's ink at (60..180, 300..330), the value's at
#: (420..540, 300..330): its box is (0.7, 0.375, 0.9, 0.4125) of the page.
W, H = 600, 800
VALUE_BOX = (0.7, 0.375, 0.9, 0.4125)


def _scan(sideways: bool = False) -> bytes:
    """The scan, or (``sideways``) the same page scanned turned a quarter to the left."""
    image = np.full((H, W, 3), 255, np.uint8)
    image[300:330, 60:180] = 0
    image[300:330, 420:540] = 0
    if sideways:
        image = np.ascontiguousarray(np.rot90(image, 1))
    return cv2.imencode(".png", image)[1].tobytes()


def _ink_box(image: np.ndarray, left: bool) -> Box:
    """The box (0..1 of ``image``) of the ink in its left or right half."""
    gray = image if image.ndim == 2 else image.min(axis=2)
    h, w = gray.shape
    ys, xs = np.nonzero(gray < 128)
    keep = xs < w / 2 if left else xs >= w / 2
    ys, xs = ys[keep], xs[keep]
    return Box(xs.min() / w, ys.min() / h, (xs.max() + 1) / w, (ys.max() + 1) / h)


class WholePage(Segmenter):
    name = "whole_page"
    version = "1.0"

    def segment(self, image, page):
        return [TextRegion(Box(0.0, 0.0, 1.0, 1.0))]


class InkReader(Recognizer):
    """Reads the left ink as "Total" and the right ink as "12.50", where the image shows
    them (as an OCR engine reports boxes: fractions of the image it was given)."""

    name = "ink_reader"
    version = "1.0"

    def recognize(self, image, page, regions, constraint=None):
        return [Word("Total", _ink_box(image, True), page.index, 0.99, self.name),
                Word("12.50", _ink_box(image, False), page.index, 0.99, self.name)]


class CropBottom(Preprocessor):
    """Cuts the blank lower 40% of the page off (to save OCR time)."""

    name = "crop_bottom"
    version = "1.0"

    def process(self, image, page):
        return image[: int(image.shape[0] * 0.6)].copy()


class CropTop(Preprocessor):
    """Cuts a letterhead band (the top fifth) off."""

    name = "crop_top"
    version = "1.0"

    def process(self, image, page):
        return image[image.shape[0] // 5:].copy()


class PadRight(Preprocessor):
    """Adds a white margin of 100 pixels on the right."""

    name = "pad_right"
    version = "1.0"

    def process(self, image, page):
        return cv2.copyMakeBorder(image, 0, 0, 0, 100, cv2.BORDER_CONSTANT,
                                  value=(255, 255, 255))


class Squeeze(Preprocessor):
    """Resizes every page to 1000 x 1000 pixels (a model's input size)."""

    name = "squeeze"
    version = "1.0"

    def process(self, image, page):
        return cv2.resize(image, (1000, 1000), interpolation=cv2.INTER_AREA)


class Half(Preprocessor):
    """Halves the resolution, alike in both directions (as the built-in rescale does)."""

    name = "half"
    version = "1.0"

    def process(self, image, page):
        return cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)


class QuarterTurn(Preprocessor):
    """Turns the page a quarter clockwise (as the built-in orientation does)."""

    name = "quarter_turn"
    version = "1.0"

    def process(self, image, page):
        page.notes[self.name] = {"rotated": 90}
        return np.ascontiguousarray(np.rot90(image, -1))


class FindPage(Preprocessor):
    """Keeps the page found in a photo (here: its upper 60%), as perspective does."""

    name = "find_page"
    version = "1.0"
    reframes = True

    def process(self, image, page):
        return image[: int(image.shape[0] * 0.6)].copy()


_PREPROCESSORS = [CropBottom, CropTop, PadRight, Squeeze, Half, QuarterTurn, FindPage]


def _extract(pre: str, sideways: bool = False):
    plugin = types.ModuleType("tests.inline_geometry_plugin")
    plugin.formsift_register_preprocessors = hookimpl(lambda: list(_PREPROCESSORS))
    plugin.formsift_register_segmenters = hookimpl(lambda: [WholePage])
    plugin.formsift_register_recognizers = hookimpl(lambda: [InkReader])
    reg = PluginRegistry.discover(extra_plugins=[("geometry", plugin)], strict=True)
    src = (f"template t {{\n  pipeline {{\n    preprocess {pre}\n    segment whole_page\n"
           f"    recognize ink_reader\n  }}\n  field total: money = right of \"Total\"\n}}\n")
    (tpl,), _ = check_source(src, "t.sift", reg)
    return Engine(registry=reg).extract(_scan(sideways), tpl, name="scan.png")


@pytest.mark.parametrize("pre, shapes", [
    ("crop_bottom", "600 x 480 pixels from one of 600 x 800"),
    ("crop_top", "600 x 640 pixels from one of 600 x 800"),
    ("pad_right", "700 x 800 pixels from one of 600 x 800"),
    ("squeeze", "1000 x 1000 pixels from one of 600 x 800"),
])
def test_a_preprocessor_that_changes_the_page_shape_is_named(pre, shapes):
    """Before: accepted, the value's box a fraction of the changed image (crop_bottom:
    y 0.625 for 0.375; the page's width and height swapped), no error and no note."""
    with pytest.raises(PluginError) as err:
        _extract(pre)
    message = str(err.value)
    assert "plugin 'geometry' (<local>) failed on scan.png" in message
    assert f"preprocessor '{pre}' (tests.test_plugin_contract_geometry." in message
    assert f"process() returned an image of {shapes} (width x height)" in message
    assert "keeps the page's shape" in message and "reframes = True" in message
    assert "\n" not in message


def test_a_uniform_rescale_keeps_every_box():
    result = _extract("half")
    value = result.fields["total"]
    assert result.value("total") is not None and str(result.value("total")) == "12.50"
    assert value.box == pytest.approx(VALUE_BOX, abs=0.01)
    assert (result.page_info[0].width, result.page_info[0].height) == (W, H)


def test_a_quarter_turn_is_a_page_turned_as_orientation_turns_it():
    result = _extract("quarter_turn", sideways=True)
    assert str(result.value("total")) == "12.50"
    assert result.fields["total"].box == pytest.approx(VALUE_BOX, abs=0.01)
    # boxes are fractions of the upright page, whose width is the input's height
    assert (result.page_info[0].width, result.page_info[0].height) == (W, H)


def test_a_preprocessor_that_reframes_the_page_says_so_and_is_taken_at_its_word():
    """``reframes = True`` (perspective's page found in a photo): its output is the page."""
    result = _extract("find_page")
    assert str(result.value("total")) == "12.50"
    assert result.fields["total"].box == pytest.approx((0.7, 0.625, 0.9, 0.6875), abs=0.01)


def test_the_built_in_preprocessors_that_change_the_size_keep_within_the_contract():
    from formsift.plugins.preprocess.filters import Rescale
    from formsift.plugins.preprocess.geometry import Deskew, Orientation, Perspective

    assert Perspective.reframes  # the page found in a photo is the page
    assert not (Rescale.reframes or Deskew.reframes or Orientation.reframes)


@pytest.mark.parametrize("size", [(2339, 1653), (5000, 600), (37, 1200), (101, 99)])
@pytest.mark.parametrize("factor", [0.1, 0.33, 0.5, 1.7, 2.3])
def test_a_resize_alike_in_both_directions_is_no_change_of_shape(size, factor):
    """Pixel rounding (cv2.resize rounds each side) is not taken for a crop."""
    from formsift.core.contracts import shape_problem

    image = np.zeros(size, np.uint8)
    resized = cv2.resize(image, None, fx=factor, fy=factor)
    assert shape_problem(image.shape, resized.shape) is None
    assert shape_problem(image.shape, np.rot90(resized).shape) is None  # and turned


def test_a_crop_of_a_few_rows_is_a_change_of_shape():
    from formsift.core.contracts import shape_problem

    assert shape_problem((2339, 1653, 3), (2300, 1653, 3)) is not None  # 1.7%
    assert shape_problem((2339, 1653, 3), (2338, 1653, 3)) is None  # a pixel's rounding
