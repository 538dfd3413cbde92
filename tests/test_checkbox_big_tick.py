"""A big tick that overshoots its box (pledges journey, finding 6): on a scanned donation
form a tick starting left of the "Monthly" box and ending high above it was drawn with its
foot running along the box's bottom side and below it; the box was not found at all (7 of
8 boxes), so ``left of "Monthly"`` took the "One-off" box beyond it, unticked (0.19). The
bottom side and the tick's foot made one stroke thicker than the top side: the square was
measured a few pixels too tall, and its sides no longer reached its corners."""

from __future__ import annotations

import cv2
import fitz
import numpy as np
import pytest

from formsift.core.document import Page


def _sheet(angle: float, seed: int, dpi: int = 200, mark: str = "tick") -> np.ndarray:
    """Twelve 12-point boxes in three rows, each ticked with a big tick that starts left
    of the box, dips 3 points below its bottom side and ends high above its right corner
    (as a hurried hand ticks), scanned turned by ``angle`` degrees (blurred, noisy, JPEG)
    and turned back as the deskew step does."""
    doc = fitz.open()
    page = doc.new_page(width=500, height=300)
    ink = (0.1, 0.1, 0.55)
    for k in range(12):
        x, y, s = 40 + 110 * (k % 4) + 0.37 * k, 50 + 80 * (k // 4) + 0.29 * k, 12
        page.draw_rect(fitz.Rect(x, y, x + s, y + s), color=(0, 0, 0), width=0.8)
        page.insert_text((x + s + 6, y + s - 2), "Monthly", fontsize=11)
        if mark == "tick":
            page.draw_line((x - 2, y + 4), (x + 4, y + s + 3), color=ink, width=2)
            page.draw_line((x + 4, y + s + 3), (x + s + 8, y - 8), color=ink, width=2)
        else:  # a big cross, its arms 3 to 4 points past each corner
            page.draw_line((x - 3, y - 3), (x + s + 4, y + s + 3), color=ink, width=1.3)
            page.draw_line((x + s + 4, y - 3), (x - 3, y + s + 3), color=ink, width=1.3)
    pix = page.get_pixmap(dpi=dpi)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)[:, :, :3].copy()
    h, w = img.shape[:2]

    def turn(img: np.ndarray, by: float) -> np.ndarray:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), by, 1.0)
        return cv2.warpAffine(img, matrix, (w, h), borderValue=(255,) * 3)

    img = cv2.GaussianBlur(turn(img, angle), (3, 3), 0.7)
    noise = np.random.default_rng(seed).normal(0, 6, img.shape)
    img = np.clip(img.astype(int) + noise, 0, 255).astype(np.uint8)
    _, jpeg = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 75])
    return cv2.cvtColor(turn(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), -angle), cv2.COLOR_RGB2BGR)


@pytest.mark.parametrize("angle", [-0.6, -0.3, 0.0, 0.3, 0.6])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_big_overshooting_tick_leaves_its_box_found_and_ticked(registry, angle, seed):
    img = _sheet(angle, seed)
    h, w = img.shape[:2]
    page = Page(index=0, width=w, height=h, unit="px")
    boxes = registry.create("segmenter", "checkboxes", None).segment(img, page)
    assert len(boxes) == 12, [(round(b.box.x0, 3), round(b.box.y0, 3)) for b in boxes]
    assert all(b.attrs["checked"] for b in boxes)


@pytest.mark.parametrize("angle", [-0.6, -0.3, 0.0, 0.3, 0.6])
def test_a_big_cross_overshooting_every_corner_leaves_its_box_found(registry, angle):
    """The accident statements journey (finding 5): a big X whose arms overshoot its box
    on all sides made the box not found (a_c4 missing): the arms join the top and bottom
    sides and widen them past the corners, and the square they gave was too wide for its
    right side to stand on its edge."""
    img = _sheet(angle, 3, mark="cross")
    h, w = img.shape[:2]
    page = Page(index=0, width=w, height=h, unit="px")
    boxes = registry.create("segmenter", "checkboxes", None).segment(img, page)
    assert len(boxes) == 12, [(round(b.box.x0, 3), round(b.box.y0, 3)) for b in boxes]
    assert all(b.attrs["checked"] for b in boxes)


def test_an_empty_box_beside_a_stroke_under_it_is_no_taller(registry):
    """Guard: an empty box with an underline below it (a stroke as long as its side, apart
    from it) is found at its own size, unticked."""
    img = np.full((800, 1000, 3), 255, np.uint8)
    cv2.rectangle(img, (100, 80), (133, 113), (0, 0, 0), 2)
    cv2.line(img, (100, 122), (134, 122), (0, 0, 0), 3)
    page = Page(index=0, width=1000, height=800, unit="px")
    (box,) = registry.create("segmenter", "checkboxes", None).segment(img, page)
    assert not box.attrs["checked"]
    assert abs(box.box.y1 * 800 - 114) <= 2


def test_narrowing_makes_no_box_of_a_letters_bowl(registry, monkeypatch):
    """Guard: narrowing a pair of strokes to its upright lines finds no square in bold
    letters with bowls ("B", "P", "R", "D", "8": on a photographed accident statement a
    bold "B" was narrowed into a ticked box), whatever their size and resolution."""
    from formsift.plugins.segment import checkboxes

    def found() -> int:
        n = 0
        for font in ("hebo", "cobo", "tibo"):
            for size, dpi in ((9, 250), (11, 150), (11, 200), (14, 150)):
                doc = fitz.open()
                page = doc.new_page(width=500, height=120)
                page.insert_text((20, 60), "BPRDB BAPB 8B DOB PBR 13B", fontsize=size,
                                 fontname=font)
                pix = page.get_pixmap(dpi=dpi)
                img = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.w, pix.n)
                img = cv2.GaussianBlur(img[:, :, :3].copy(), (3, 3), 0.7)
                h, w = img.shape[:2]
                n += len(registry.create("segmenter", "checkboxes", None).segment(
                    img, Page(index=0, width=w, height=h, unit="px")))
        return n

    with_narrowing = found()
    monkeypatch.setattr(checkboxes, "_snapped", lambda *square: None)
    assert with_narrowing == found()
