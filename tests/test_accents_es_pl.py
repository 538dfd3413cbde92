"""Spanish and Polish accents on scans (AP journey J3, finding F2): item descriptions came
out "proteccion", "electrico", "Przewod", "Sruba", "Tornilleria" in ACCEPTED records at
0.87-0.89. The scan's blur had run each accent into its letter by a pixel or two (one
piece of ink: nothing stood above the letter), and an ``í`` was never put back."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from formsift.plugins.ocr.diacritics import UNREAD_MARK, restore
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_diacritics_central import _drawn

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")

FONTS = Path("/usr/share/fonts/truetype")
DEJAVU = FONTS / "dejavu/DejaVuSans.ttf"
LIBERATION = FONTS / "liberation/LiberationSans-Regular.ttf"


def _scanned(img, dpi: int, text: str):
    """``img`` as the journey's scans were made: blurred, noisy, JPEG at quality 55 and
    turned by up to 1.2 degrees (a seed of its own per text and resolution)."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(zlib.crc32(f"{text}/{dpi}".encode()) % 1000)
    img = cv2.GaussianBlur(img, (0, 0), max(0.5, 1.2 * dpi / 300))
    noise = rng.normal(0, 12, img.shape).astype(np.int16)
    img = np.clip(img.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    _, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, 55])
    img = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    pad = int(0.03 * w) + 4
    img = cv2.copyMakeBorder(img, pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=(255, 255, 255))
    turn = cv2.getRotationMatrix2D((w / 2, h / 2 + pad), float(rng.uniform(-1.2, 1.2)), 1.0)
    return cv2.warpAffine(img, turn, (w, h + 2 * pad), borderValue=(255, 255, 255))


def _text(chars) -> str:
    return "".join(c[0] for c in chars)


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("font", [DEJAVU, LIBERATION], ids=["dejavu", "liberation"])
@pytest.mark.parametrize("text", ["Guantes de protección (par)", "Cable eléctrico 3x2,5 mm",
                                  "Przewód hydrauliczny 1 m"])
def test_an_accent_the_scan_ran_into_its_letter_comes_back(text, font, dpi):
    """9 pt at 200 and 300 dpi, degraded: the acute touches its o or e through a neck a
    pixel or two wide; above the neck it is a stroke rising to the right."""
    img, chars = _drawn(text, font, dpi, fontsize=9)
    assert _text(restore(chars, _scanned(img, dpi, text))) == text


_PLAIN = {"Ś": "S", "ó": "o"}


def _bridged(text: str, k: int, width: int, dpi: int = 200):
    """``text`` drawn clean, its ``k``-th letter's accent joined to the letter by a bridge
    ``width`` pixels wide (1: a blurred scan's neck; as wide as the mark: one blob)."""
    import cv2
    import numpy as np

    # (the model writes the letter without its mark: "S" for "Ś" too)
    img, chars = _drawn(text, DEJAVU, dpi, fontsize=9, readings={k: _PLAIN[text[k]]})
    ink = (img.min(axis=2) < 128).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    x = chars[k][2] * img.shape[1]
    parts = sorted((stats[j] for j in range(1, n)
                    if stats[j][0] - 2 <= x <= stats[j][0] + stats[j][2] + 2),
                   key=lambda s: s[1])
    mark, letter = parts[0], parts[1]  # the accent above, its letter below
    below, top = mark[1] + mark[3], letter[1]
    centre = mark[0] + mark[2] // 2
    half = width // 2
    img = img.copy()
    img[below - 1:top + 1, centre - half:centre - half + width] = 0
    return img, chars


def test_a_capitals_acute_joined_by_a_pixel_comes_back():
    """PL1_scan's "Śruba": the acute stood on the S by one pixel."""
    img, chars = _bridged("Śruba M12 ocynkowana", 0, 1)
    assert _text(restore(chars, img)) == "Śruba M12 ocynkowana"


def test_a_mark_run_solidly_into_its_letter_leaves_it_unsure():
    """Where no neck parts the ink above the letter from it, the mark's shape cannot be
    read: the letter stays as the model wrote it, but no longer sure (the record goes to
    review rather than carrying "Przewod" at 0.88)."""
    img, chars = _bridged("Przewód hydrauliczny 1 m", 5, 5)
    out = restore(chars, img)
    assert _text(out) in ("Przewod hydrauliczny 1 m", "Przewód hydrauliczny 1 m")
    assert _text(out) == "Przewód hydrauliczny 1 m" or out[5][1] <= UNREAD_MARK


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("font", [DEJAVU, LIBERATION], ids=["dejavu", "liberation"])
def test_an_acute_over_an_i_bigger_than_the_lines_dots_comes_back(font, dpi):
    """The repro's clean 200 dpi render: "Tornillería" read "Tornilleria" at 0.8865. The
    í's acute is half again as wide and taller than the other i's dots on its line."""
    img, chars = _drawn("Tornillería inoxidable", font, dpi, fontsize=9)
    assert _text(restore(chars, img)) == "Tornillería inoxidable"


@pytest.mark.parametrize("dpi", [200, 300])
@pytest.mark.parametrize("font", [DEJAVU, LIBERATION], ids=["dejavu", "liberation"])
@pytest.mark.parametrize("text", ["Invoice total due", "Hydraulikschlauch DN10",
                                  "Office chairs and desks", "Installation service 3 items",
                                  "Customer reference", "Screws stainless M8 box"])
def test_plain_lines_on_a_scan_stay_plain_and_sure(text, font, dpi):
    """Guard (passes before too): no accent and no doubt on lines without marks."""
    img, chars = _drawn(text, font, dpi, fontsize=9)
    out = restore(chars, _scanned(img, dpi, text))
    assert _text(out) == text and min(c[1] for c in out) > UNREAD_MARK


@needs_models
@pytest.mark.parametrize(("text", "dpi"), [("Guantes de protección (par)", 200),
                                           ("Guantes de protección (par)", 300),
                                           ("Cable eléctrico 3x2,5 mm", 300),
                                           ("Przewód hydrauliczny 1 m", 300)])
def test_the_recognizer_reads_the_degraded_line_with_its_accent(registry, text, dpi):
    """End to end through ppocr_rec, DejaVu Sans 9 pt as the journey's invoices."""
    from formsift.core.document import Page
    from formsift.core.geometry import Box
    from formsift.core.kinds import TextRegion

    img, _ = _drawn(text, DEJAVU, dpi, fontsize=9)
    img = _scanned(img, dpi, text)
    rec = registry.create("recognizer", "ppocr_rec")
    page = Page(0, img.shape[1], img.shape[0], "px")
    got = " ".join(w.text for w in rec.recognize(img, page, [TextRegion(Box(0, 0, 1, 1))]))
    word = next(w for w in text.split() if not w.isascii())
    assert word in got.split()
