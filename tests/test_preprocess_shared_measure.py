"""Orientation and deskew look at the same small grey copy of a page and at its letters:
made once per page image, and never reused for other pixels (region-first speed, issue 4:
page-wide preprocessing is a fixed cost of every mode)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from formsift.core.document import Page
from formsift.plugins.preprocess import text_direction
from formsift.samples import generate, render_scan


@pytest.fixture(scope="module")
def scan():
    return render_scan(generate("payslip", 1).pdf, 150, "clean")[0]


def _rotate(img, angle):
    import cv2

    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1)
    return cv2.warpAffine(img, m, (w, h), borderValue=(255, 255, 255))


def _chain(registry, image):
    """The default chain, as the engine runs it: orientation, then deskew."""
    page = Page(0, 1, 1)
    image = registry.create("preprocessor", "orientation", None).process(image, page)
    image = registry.create("preprocessor", "deskew", None).process(image, page)
    return image, page.notes


def _fresh(registry, image):
    """The same measurements with nothing kept between them: each preprocessor is given
    its own copy of the page."""
    page = Page(0, 1, 1)
    image = registry.create("preprocessor", "orientation", None).process(image.copy(), page)
    image = registry.create("preprocessor", "deskew", None).process(image.copy(), page)
    return image, page.notes


def test_the_page_letters_are_found_once_for_orientation_and_deskew(registry, scan,
                                                                    monkeypatch):
    made = []
    real = text_direction.text_ink
    monkeypatch.setattr(text_direction, "text_ink", lambda g: made.append(g.shape) or real(g))
    image = _rotate(scan, 1.5)
    _chain(registry, image)
    # the letters of the 1000-pixel copy: once (deskew reads orientation's); line pieces
    # for the direction classifier are cut from a larger copy of their own
    assert [w for _, w in made].count(1000) == 1
    assert len(made) == len(set(made))


@pytest.mark.parametrize("angle", [0.0, 1.5, -2.5])
def test_shared_measurements_are_those_of_each_preprocessor_alone(registry, scan, angle):
    image = _rotate(scan, angle)
    out, notes = _chain(registry, image)
    fresh_out, fresh_notes = _fresh(registry, image)
    assert notes == fresh_notes
    assert notes["deskew"]["angle"] == pytest.approx(-angle, abs=0.15)
    assert np.array_equal(out, fresh_out)


def test_a_page_changed_in_place_is_measured_again(registry, scan):
    # a preprocessor between two measurements may change the page's pixels in place: the
    # same image object no longer shows what was measured
    image = _rotate(scan, 0.0)
    deskew = registry.create("preprocessor", "deskew", None)
    assert deskew.measure(image) == pytest.approx(0.0, abs=0.1)
    image[:] = _rotate(scan, 2.0)
    assert deskew.measure(image) == pytest.approx(-2.0, abs=0.15)


def test_each_thread_measures_its_own_page(registry, scan):
    deskew = registry.create("preprocessor", "deskew", None)
    pages = {angle: _rotate(scan, angle) for angle in (-2.0, 0.0, 2.0)}
    got: dict[float, list[float]] = {a: [] for a in pages}

    def work(angle):
        for _ in range(3):
            got[angle].append(deskew.measure(pages[angle]))

    threads = [threading.Thread(target=work, args=(a,)) for a in pages]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for angle, angles in got.items():
        assert angles == [pytest.approx(-angle, abs=0.15)] * 3
