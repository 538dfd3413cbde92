"""Region-first OCR straightens only what it reads: the deskew rotation of a skewed scan
is deferred (the angle measured and recorded as before), the fixed areas are rotated
alone, and whoever reads the page image afterwards gets the whole straightened page,
pixel for pixel the one full-page OCR reads."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift.core.document import Page
from formsift.core.geometry import Box
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png, generate, render_scan

ROOT = Path(__file__).resolve().parents[1]
PAYSLIP = ROOT / "benchmarks" / "templates" / "payslip_form.sift"

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _skewed_page() -> np.ndarray:
    rng = np.random.default_rng(5)
    img = np.full((600, 400, 3), 255, np.uint8)
    for y in range(40, 560, 24):  # lines of "letters"
        for x in range(40, 360, 9):
            img[y:y + 10, x:x + 6] = rng.integers(0, 90)
    import cv2

    m = cv2.getRotationMatrix2D((200, 300), 2.0, 1.0)
    return cv2.warpAffine(img, m, (400, 600), borderValue=(255, 255, 255))


def test_a_deferred_deskew_makes_only_the_parts_asked_for_until_the_page_is_read(registry):
    deskew = registry.create("preprocessor", "deskew")
    image = _skewed_page()
    whole = deskew.process(image, Page(0, 400, 600, unit="px"))
    page = Page(0, 400, 600, unit="px")
    step = deskew.deferred(image, page)
    assert page.notes["deskew"]["angle"] != 0  # measured and recorded now
    page.defer_image(300, image, step)
    assert page.has_image
    box, over = Box(0.1, 0.2, 0.6, 0.4), Box(0.3, 0.3, 0.8, 0.5)  # overlapping: made once
    part = page.image_within(300, [box, over])
    for ys, xs in ((slice(120, 240), slice(40, 240)), (slice(180, 300), slice(120, 320))):
        assert np.abs(part[ys, xs].astype(int) - whole[ys, xs].astype(int)).max() <= 2
    assert (part[400:] == 255).all()  # outside the box: not made
    page.pack()  # a long scan's page: the measured image is packed, the step kept
    assert np.array_equal(page.image(300), whole)  # read whole: as process() makes it
    assert np.array_equal(page.image_within(300, [box]), whole)


def test_forgetting_the_images_drops_a_deferred_step(registry):
    deskew = registry.create("preprocessor", "deskew")
    page = Page(0, 400, 600, unit="px")
    page.defer_image(300, _skewed_page(), deskew.deferred(_skewed_page(), page))
    page.forget_images()
    assert not page.has_image


@needs_models
@pytest.mark.parametrize("turn", [0, 1])  # 1: scanned sideways, turned upright first
def test_region_first_on_a_skewed_scan_rotates_only_its_boxes(monkeypatch, turn):
    from formsift import Engine
    from formsift.plugins.preprocess import geometry

    sample = generate("payslip", 2)
    png = encode_png(np.ascontiguousarray(np.rot90(render_scan(sample.pdf, 200, "skew", 2)[0],
                                                   turn)))
    full = Engine()
    whole = full.load(png)
    full.extract_document(whole, PAYSLIP)
    rotated: list[tuple[int, ...]] = []
    rotate = geometry._rotate
    monkeypatch.setattr(geometry, "_rotate",
                        lambda img, angle: rotated.append(img.shape) or rotate(img, angle))
    engine = Engine(region_first=True)
    doc = engine.load(png)
    result = engine.extract_document(doc, PAYSLIP)
    info, page, other = result.page_info[0].notes, doc.pages[0], whole.pages[0]
    assert info["ocr"]["mode"] == "regions"
    # measured and recorded as on the whole page (region-first's orientation note also
    # says what it looked at: the lines it read)
    assert info["deskew"] == other.notes["deskew"]
    assert info["orientation"]["rotated"] == other.notes["orientation"]["rotated"]
    assert abs(info["deskew"]["angle"]) >= 1
    assert (page.width, page.height) == (other.width, other.height)
    assert rotated == []  # the whole page was not rotated to read its ten boxes
    record = result.record()
    assert all(str(record[f]) == str(sample.truth[f]) for f in ("gross", "net_pay", "iban"))
    # read afterwards (a review overlay, a field type reading pixels): the whole page,
    # straightened as full-page OCR straightened it
    dpi = page.notes["image"]["dpi"]
    shown = page.image(dpi)
    assert len(rotated) == 1
    assert np.array_equal(shown, other.image(dpi))
