"""A tick grid with no printed boxes: a ruled grid whose cells get a hand X or a check.

Chain-of-custody journey, finding 2: most chain-of-custody forms have an analysis grid
ruled in cells with no box printed in them; the sampler writes an X or a check mark in
a cell. Every cell read empty (the PDF), or only an OCR'd "X" read ticked and a check
read "V" was refused as a checkbox value (the scans), and with ``default false`` the
record was accepted with the ticked cells false. A checkbox column's cell with no printed
box is itself the box: ink marks in it are a tick, an empty cell is unticked.
The grid here is generated: a PDF drawn with PyMuPDF (the marks as pen strokes, no
text), and the same page as a noisy 200-dpi scan.
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.plugins.ocr.models import models_available

TEMPLATE = """template grid {
  match { contains "ANALYSIS REQUEST GRID" }
  table samples {
    sample_id: text header "Sample ID"
    matrix: text header "Matrix"
    voc: checkbox%s header "VOC"%s
    metals: checkbox%s header "Metals"%s
    ph: checkbox%s header "pH"%s
    until "End of grid"
  }
}"""
REQUIRED = TEMPLATE % (("", "") * 3)
DEFAULT_FALSE = TEMPLATE % (("?", " default false") * 3)

#: Per row: sample id, matrix, and the mark in the VOC, Metals and pH cells.
ROWS = [("MW-01", "W", "x", "", "v"), ("MW-02", "S", "", "v", ""),
        ("MW-03", "W", "v", "x", "x"), ("MW-04", "A", "", "", "")]
TRUTH = [{"voc": bool(a), "metals": bool(b), "ph": bool(c)} for _, _, a, b, c in ROWS]
X = (60, 220, 300, 390, 480, 570)  # the column rulings, in points


def _pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((60, 80), "ANALYSIS REQUEST GRID", fontsize=16)
    top, h = 110, 36
    heads = ["Sample ID", "Matrix", "VOC", "Metals", "pH"]
    n = len(ROWS) + 1
    for i in range(n + 1):
        page.draw_line((X[0], top + i * h), (X[-1], top + i * h), width=0.8)
    for x in X:
        page.draw_line((x, top), (x, top + n * h), width=0.8)
    for j, head in enumerate(heads):
        page.insert_text((X[j] + 5, top + 23), head, fontsize=11)
    blue = (0.1, 0.1, 0.6)
    for i, (sid, matrix, *marks) in enumerate(ROWS, start=1):
        y = top + i * h
        page.insert_text((X[0] + 5, y + 23), sid, fontsize=11)
        page.insert_text((X[1] + 30, y + 23), matrix, fontsize=11)
        for j, mark in enumerate(marks):
            cx, cy = (X[2 + j] + X[3 + j]) / 2, y + h / 2
            if mark == "x":  # a cross of two strokes
                page.draw_line((cx - 9, cy - 10), (cx + 10, cy + 9), color=blue, width=1.8)
                page.draw_line((cx - 10, cy + 10), (cx + 9, cy - 9), color=blue, width=1.8)
            elif mark == "v":  # a check mark: a short stroke down, a long one up
                page.draw_line((cx - 10, cy), (cx - 3, cy + 9), color=blue, width=1.8)
                page.draw_line((cx - 3, cy + 9), (cx + 12, cy - 12), color=blue, width=1.8)
    page.insert_text((60, top + n * h + 40), "End of grid", fontsize=11)
    return doc.tobytes()


def _scan(pdf: bytes) -> bytes:
    """The page printed and scanned at 200 dpi: grey, slightly rotated, with noise."""
    import cv2
    import numpy as np
    import pymupdf

    pix = pymupdf.open(stream=pdf, filetype="pdf")[0].get_pixmap(dpi=200)
    img = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[:, :, :3]
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY).astype(np.float32)
    h, w = grey.shape
    turn = cv2.getRotationMatrix2D((w / 2, h / 2), 0.4, 1.0)
    grey = cv2.warpAffine(grey, turn, (w, h), borderValue=255)
    rng = np.random.default_rng(7)
    grey = 0.85 * grey + 20 + rng.normal(0, 9, grey.shape)
    specks = rng.random(grey.shape) < 0.0008
    grey[specks] = 90
    ok, png = cv2.imencode(".png", np.clip(grey, 0, 255).astype(np.uint8))
    assert ok
    return png.tobytes()


def _ticks(result: Any) -> list[dict[str, Any]]:
    return [{k: (None if row[k] is None else row[k].value) for k in ("voc", "metals", "ph")}
            for row in result.tables["samples"]]


def _confidences(result: Any) -> list[float]:
    return [row[k].confidence for row in result.tables["samples"]
            for k in ("voc", "metals", "ph") if row[k] is not None]


@pytest.fixture(scope="module")
def engine() -> Any:
    from formsift import Engine

    return Engine(seen_store="memory")


@pytest.mark.parametrize("template", [REQUIRED, DEFAULT_FALSE])
def test_the_drawn_grids_ticks_are_read_from_the_cells_ink(engine, tmp_path, template):
    path = tmp_path / "grid.pdf"
    path.write_bytes(_pdf())
    (tpl := tmp_path / "grid.sift").write_text(template)
    result = engine.extract(path, template=str(tpl))
    assert _ticks(result) == TRUTH
    assert min(_confidences(result)) >= 0.7
    assert result.status == "accepted", result.reasons


@pytest.mark.skipif(not models_available(), reason="OCR models not installed")
def test_the_scanned_grids_ticks_are_read_and_a_check_read_v_is_a_tick(engine, tmp_path):
    path = tmp_path / "grid.png"
    path.write_bytes(_scan(_pdf()))
    (tpl := tmp_path / "grid.sift").write_text(DEFAULT_FALSE)
    result = engine.extract(path, template=str(tpl))
    assert _ticks(result) == TRUTH
    assert min(_confidences(result)) >= 0.5
    assert not [r for r in result.reasons if r.code == "invalid_value"]


def test_a_cell_with_no_ink_reads_empty_and_one_with_a_pen_touch_is_no_tick():
    """The cell reading alone: an empty ruled cell, a speck, a dot set as a mark."""
    import numpy as np

    from formsift.plugins.handwriting.marks import read_tick

    cell = np.full((90, 200, 3), 250, np.uint8)
    cell[:3, :] = cell[-3:, :] = 0  # its rulings
    cell[:, :3] = cell[:, -3:] = 0
    empty = read_tick(cell)
    assert not empty.present and empty.confidence >= 0.9
    touched = cell.copy()
    touched[44:47, 99:102] = 20  # a pen's touch, 3 pixels
    assert not read_tick(touched).present
    dotted = cell.copy()
    yy, xx = np.ogrid[:90, :200]
    dotted[(yy - 45) ** 2 + (xx - 100) ** 2 <= 8 ** 2] = 20  # a filled dot set as a mark
    assert read_tick(dotted).present
