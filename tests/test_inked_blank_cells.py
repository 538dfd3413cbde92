"""A written "0" that the recognizer does not find is no blank cell.

Stock-take journey, finding 1: on a count sheet, a handwritten "0" in the optional
``counted`` column (``decimal? ... handwritten``) was read as blank, "not counted", and
the sheet was accepted with no reason: the item's stock stayed in the system instead of
being written off. A ``handwritten`` column's cell left without a value that holds pen
ink (more than specks and ruling remnants) now names its row in an ``invalid_value``
reason (unreadable ink), which sends the record to review.

The sheet here is generated: a born-digital PDF whose zeros are pen strokes drawn on it
(no text: nothing the text layer reads), one an ellipse, one the outline of a
handwriting font's "0"; and a "1", one upright stroke (no ruling: it does not run along
the cell's height).
"""

from __future__ import annotations

from typing import Any

import pytest

from formsift.handwriting.fonts import handwriting_fonts

TEMPLATE = """template count_sheet {
  match { contains "Stock Count" }
  table items {
    sku: id(/FW\\d{6}/) header "SKU"
    system_qty: decimal header "System Qty"
    counted: decimal? header "Counted" handwritten
    until "Page total"
  }
}"""
X = (60, 200, 330, 460)  # column rulings, in points
ROWS = [("FW100001", "52", "53"), ("FW100002", "84", "ellipse"),
        ("FW100003", "36", ""), ("FW100004", "107", "font"), ("FW100005", "12", "one")]


def _font_zero(size: int) -> list[Any]:
    """The outlines of a handwriting font's "0", ``size`` points tall, as polygons of
    points (0, 0 at the glyph's top left)."""
    import cv2
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(handwriting_fonts()[0]), size * 4)
    img = Image.new("L", (size * 4, size * 5), 0)
    ImageDraw.Draw(img).text((size // 2, 0), "0", fill=255, font=font)
    contours, _ = cv2.findContours(np.array(img), cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    return [[(p[0][0] / 4, p[0][1] / 4) for p in c] for c in contours if len(c) >= 3]


def _pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.insert_text((60, 70), "Stock Count", fontsize=16)
    top, h = 100, 34
    n = len(ROWS) + 1
    for i in range(n + 1):
        page.draw_line((X[0], top + i * h), (X[-1], top + i * h), width=0.8)
    for x in X:
        page.draw_line((x, top), (x, top + n * h), width=0.8)
    for j, head in enumerate(("SKU", "System Qty", "Counted")):
        page.insert_text((X[j] + 5, top + 22), head, fontsize=11)
    blue = (0.1, 0.1, 0.55)
    for i, (sku, qty, counted) in enumerate(ROWS, start=1):
        y = top + i * h
        page.insert_text((X[0] + 5, y + 22), sku, fontsize=11)
        page.insert_text((X[2] - 8 - 6 * len(qty), y + 22), qty, fontsize=11)
        cx, cy = (X[2] + X[3]) / 2, y + h / 2
        if counted == "ellipse":  # a pen's zero: one stroke round
            page.draw_oval(pymupdf.Rect(cx - 6, cy - 10, cx + 6, cy + 10), color=blue,
                           width=1.6)
        elif counted == "one":  # a lone upright stroke, slightly bent, with its flag
            page.draw_line((cx - 5, cy - 6), (cx + 1, cy - 11), color=blue, width=1.6)
            page.draw_bezier((cx + 1, cy - 11), (cx + 2, cy - 3), (cx - 1, cy + 4),
                             (cx - 1, cy + 11), color=blue, width=1.6)
        elif counted == "font":
            shape = page.new_shape()
            for poly in _font_zero(22):
                shape.draw_polyline([(cx - 8 + px, cy - 14 + py) for px, py in poly])
            shape.finish(color=blue, fill=blue, even_odd=True, closePath=True)
            shape.commit()
        elif counted:
            page.insert_text((cx - 8, y + 22), counted, fontsize=12)
    page.insert_text((60, top + n * h + 30), "Page total", fontsize=11)
    return doc.tobytes()


@pytest.mark.skipif(not handwriting_fonts(), reason="no handwriting font installed")
def test_a_zero_written_where_no_value_was_read_sends_the_sheet_to_review(tmp_path):
    from formsift import Engine

    path = tmp_path / "sheet.pdf"
    path.write_bytes(_pdf())
    (tpl := tmp_path / "sheet.sift").write_text(TEMPLATE)
    result = Engine(seen_store="memory").extract(path, template=str(tpl))
    rows = result.tables["items"]
    assert [r["sku"].value for r in rows] == [sku for sku, _, _ in ROWS]
    assert str(rows[0]["counted"].value) == "53"
    assert result.status == "review"
    (reason,) = [r for r in result.reasons if r.field == "items.counted"]
    assert reason.code == "invalid_value" and reason.rows == [1, 3, 4]
    assert "row(s) 2, 4, 5 " in reason.message
    assert "unreadable ink" in reason.message


def test_a_blank_cell_with_its_rulings_only_is_blank(tmp_path):
    """The empty row (FW100003) is named in no reason, nor is the sheet without zeros."""
    from formsift import Engine

    global ROWS
    kept = ROWS
    try:
        ROWS = [r for r in kept if r[2] not in ("ellipse", "font", "one")]
        path = tmp_path / "sheet.pdf"
        path.write_bytes(_pdf())
    finally:
        ROWS = kept
    (tpl := tmp_path / "sheet.sift").write_text(TEMPLATE)
    result = Engine(seen_store="memory").extract(path, template=str(tpl))
    assert result.status == "accepted", result.reasons
    assert [r["counted"] is None for r in result.tables["items"]] == [False, True]
