"""Region-first OCR tells which way up a page is from the lines it reads, and prepares no
page it reads nothing on. When the printed lines read in the template's areas are
classified upright (at least three, none upside down), the whole page's lines are not cut
out and classified again; anything else (too few lines, a line upside down, nothing read)
and the whole page decides as before, and a page found upside down is turned and read
again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from formsift.core.geometry import Box
from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from formsift.samples import encode_png, generate, render_scan

ROOT = Path(__file__).resolve().parents[1]
PAYSLIP = ROOT / "benchmarks" / "templates" / "payslip_form.sift"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


def _whole_page_looks(monkeypatch) -> list[int]:
    """Counts the whole-page looks of the orientation classifier (its line pieces)."""
    from formsift.plugins.preprocess import text_direction as td

    looks: list[int] = []
    pieces = td.line_pieces
    monkeypatch.setattr(td, "line_pieces", lambda *a, **k: looks.append(1) or pieces(*a, **k))
    return looks


@needs_models
def test_region_first_tells_which_way_up_a_page_is_by_the_lines_it_read(monkeypatch,
                                                                         tmp_path):
    from formsift import Engine

    sample = generate("payslip", 1)
    scan = render_scan(sample.pdf, 200, "clean", 1)[0]
    looks = _whole_page_looks(monkeypatch)
    engine = Engine(region_first=True)
    result = engine.extract(encode_png(scan), PAYSLIP)
    note = result.page_info[0].notes["orientation"]
    assert looks == []  # the ten boxes' lines said it: no look at the whole page
    assert note["rotated"] == 0 and note["looked_at"] == "lines read"
    assert note["lines_upright"] >= 3 and note["lines_upside_down"] == 0
    record = result.record()
    assert all(str(record[f]) == str(sample.truth[f]) for f in ("gross", "net_pay", "iban"))

    # two short values (fewer than three lines to classify): the whole page decides
    two = tmp_path / "two.sift"
    two.write_text("template two {\n  currency \"EUR\"\n"
                   "  field gross: money = box(50%, 24.5%, 80%, 27.2%)\n"
                   "  field tax: money = box(50%, 26.6%, 80%, 29.2%)\n}\n")
    result = engine.extract(encode_png(scan), two)
    note = result.page_info[0].notes["orientation"]
    assert looks == [1] and "looked_at" not in note and note["rotated"] == 0
    assert str(result.record()["gross"]) == str(sample.truth["gross"])

    # upside down (and skewed): the lines read in the boxes are not upright, the whole
    # page is looked at, turned, and read again
    sample = generate("payslip", 2)
    scan = render_scan(sample.pdf, 200, "skew", 2)[0]
    looks.clear()
    result = engine.extract(encode_png(np.ascontiguousarray(np.rot90(scan, 2))), PAYSLIP)
    info = result.page_info[0].notes
    assert info["orientation"]["rotated"] == 180 and "looked_at" not in info["orientation"]
    assert looks  # the whole page was looked at
    assert info["ocr"]["mode"] == "regions"
    assert abs(info["deskew"]["angle"]) >= 1
    record = result.record()
    assert all(str(record[f]) == str(sample.truth[f]) for f in ("gross", "net_pay", "iban"))


def _lines_page() -> tuple[np.ndarray, list[Box]]:
    """A grey page of printed lines (DejaVu Sans) and their boxes; the last line is a
    short number (less than two line heights wide)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 28)
    img = Image.new("L", (1000, 700), 255)
    draw = ImageDraw.Draw(img)
    boxes = []
    texts = ["Statement of account", "Payment received with thanks", "Reference number",
             "Bank transfer details", "42"]
    for i, text in enumerate(texts):
        x0, y0, x1, y1 = draw.textbbox((60, 60 + 110 * i), text, font=font)
        draw.text((60, 60 + 110 * i), text, fill=0, font=font)
        boxes.append(Box((x0 - 4) / 1000, (y0 - 6) / 700, (x1 + 4) / 1000, (y1 + 6) / 700))
    return np.asarray(img), boxes


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans not installed")
def test_line_crops_are_the_longest_lines_starts():
    from formsift.plugins.preprocess import text_direction as td

    image, boxes = _lines_page()
    crops = td.line_crops(image, boxes, most=3)
    assert len(crops) == 3  # the three longest, the short number never
    heights = [c.shape[0] for c in crops]
    assert all(c.shape[1] <= 4 * h for c, h in zip(crops, heights, strict=True))
    widest = max(boxes[:4], key=lambda b: b.width / b.height)
    assert crops[0].shape[0] == round(widest.y1 * 700) - int(widest.y0 * 700)
    assert td.line_crops(image, boxes[4:]) == []


@needs_models
@pytest.mark.skipif(not FONT.exists(), reason="DejaVu Sans not installed")
def test_lines_read_upright_only_when_three_say_so_and_none_says_otherwise():
    from formsift.plugins.preprocess import text_direction as td

    if not td.classifier_available():
        pytest.skip("the text-direction classifier is not installed")
    session = td.load_classifier()
    image, boxes = _lines_page()
    up, down = td.upside_down_votes(session, td.line_crops(image, boxes))
    assert td.reads_upright(up, down)
    turned = np.ascontiguousarray(np.rot90(image, 2))
    flipped = [Box(1 - b.x1, 1 - b.y1, 1 - b.x0, 1 - b.y0) for b in boxes]
    up, down = td.upside_down_votes(session, td.line_crops(turned, flipped))
    assert down >= 3 and not td.reads_upright(up, down)
    assert not td.reads_upright(2, 0) and not td.reads_upright(5, 1)


def _tiff(pages: list[np.ndarray]) -> bytes:
    import cv2

    ok, buf = cv2.imencodemulti(".tiff", pages)
    assert ok
    return buf.tobytes()


@needs_models
def test_a_page_region_first_reads_nothing_on_is_not_prepared(tmp_path):
    from formsift import Engine

    sample = generate("invoice_2p", 0)
    pages = render_scan(sample.pdf, 150, "clean", 0)
    first = tmp_path / "first.sift"
    first.write_text('template first {\n'
                     '  field invoice_no: id = right of "Invoice No." on first page\n}\n')
    result = Engine(region_first=True).extract(_tiff(pages), first)
    one, two = (info.notes for info in result.page_info)
    assert result.record()["invoice_no"] == sample.truth["invoice_no"]
    assert one["ocr"]["mode"] == "regions" and "orientation" in one and "deskew" in one
    assert two["ocr"] == {"mode": "regions", "fixed_areas": 0,
                          "why": "the template reads nothing on this page"}
    assert "orientation" not in two and "deskew" not in two  # not prepared: nothing read
