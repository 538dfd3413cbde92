"""Two wrong readings of the checkboxes segmenter left by stop 34:

1. A box holding only a printed letter or digit (a sex box's "M", a rating's "3") read
   ticked: its ink is a printed glyph, which the text recognizer reads alone and surely,
   clear of the frame. It now reads not ticked (``attrs["glyph"]``); a hand tick or cross,
   also over a printed letter, stays ticked.
2. A rating scale of equal boxes set close together (a third of a side apart) was taken
   for a comb field's cells and its boxes were lost. A run of squares that do not share
   their walls, one of which a hand ticked and the others empty, is a checkbox row; boxes
   with labels between them are no comb's neighbours; a printed comb stays a comb.

Pages are drawn here with PyMuPDF and scanned (turned, blurred, noisy)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_labels import _render, _scan, _segment

A4 = (595, 842)
INK = (0.05, 0.1, 0.5)


def _page():
    import pymupdf

    doc = pymupdf.open()
    return doc, doc.new_page(width=A4[0], height=A4[1])


def _cross(page, x, y, s, a=0.15):
    page.draw_line((x + a * s, y + a * s), (x + (1 - a) * s, y + (1 - a) * s), color=INK,
                   width=1.3)
    page.draw_line((x + (1 - a) * s, y + a * s), (x + a * s, y + (1 - a) * s), color=INK,
                   width=1.3)


def _tick(page, x, y, s):
    page.draw_polyline([(x + 0.15 * s, y + 0.5 * s), (x + 0.4 * s, y + 0.85 * s),
                        (x + 1.2 * s, y - 0.2 * s)], color=INK, width=1.4)


def _at(boxes, x, y, s, dpi=200):
    """The box found at the drawn box (x, y, side s in points), or None."""
    cx, cy = (x + s / 2) / A4[0], (y + s / 2) / A4[1]
    return next((b for b in boxes if abs((b.box.x0 + b.box.x1) / 2 - cx) < s / 3 / A4[0]
                 and abs((b.box.y0 + b.box.y1) / 2 - cy) < s / 3 / A4[1]), None)


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
@pytest.mark.parametrize(("side", "dpi"), [(11, 200), (14, 200), (12, 300), (16, 150)])
def test_a_printed_glyph_alone_in_a_box_is_no_tick(registry, side, dpi):
    import pymupdf

    doc, page = _page()
    glyphs = ["M", "F", "3", "5", "A"]
    y = 100
    for k, ch in enumerate(glyphs):
        x = 60 + 90 * k
        page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
        size = 0.75 * side
        width = pymupdf.get_text_length(ch, fontname="helv", fontsize=size)
        page.insert_text((x + (side - width) / 2, y + side / 2 + 0.36 * size), ch,
                         fontname="helv", fontsize=size)
        page.insert_text((x + side + 4, y + 0.75 * side), "Label", fontname="helv",
                         fontsize=9)
        if k >= 3:  # a hand's mark over the printed glyph: ticked
            (_tick if k == 3 else _cross)(page, x, y + 60, side)
            page.draw_rect(pymupdf.Rect(x, y + 60, x + side, y + 60 + side), width=0.8)
            page.insert_text((x + (side - width) / 2, y + 60 + side / 2 + 0.36 * size), ch,
                             fontname="helv", fontsize=size)
    for k, mark in enumerate((_tick, _cross)):  # hand marks alone: ticked
        x = 60 + 90 * k
        page.draw_rect(pymupdf.Rect(x, y + 120, x + side, y + 120 + side), width=0.8)
        mark(page, x, y + 120, side)
    img = _scan(_render(page, dpi), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    read = [(b.attrs["checked"], b.attrs.get("glyph")) if b else None
            for b in (_at(boxes, 60 + 90 * k, y, side) for k in range(5))]
    # most are read so (a small glyph blurred by the scan may be read unsurely: ticked)
    assert sum(r == (False, ch) for r, ch in zip(read, glyphs, strict=True)) >= 4
    assert all(r is not None and r[1] in (None, ch) and (r[1] is None or r[0] is False)
               for r, ch in zip(read, glyphs, strict=True))
    for k in (3, 4):
        assert _at(boxes, 60 + 90 * k, y + 60, side).attrs["checked"] is True
    for k in (0, 1):
        assert _at(boxes, 60 + 90 * k, y + 120, side).attrs["checked"] is True


@pytest.mark.parametrize("gap", [0.25, 0.35, 0.45])
@pytest.mark.parametrize("ticked", [0, 2, 4])
def test_a_tight_rating_row_ticked_once_is_read_as_checkboxes(registry, gap, ticked):
    import pymupdf

    doc, page = _page()
    side = 12
    xs = [150 + i * side * (1 + gap) for i in range(5)]
    page.insert_text((60, 208), "Rating", fontname="helv", fontsize=9)
    for i, x in enumerate(xs):
        page.insert_text((x + 4, 197), str(i + 1), fontname="helv", fontsize=7)
        page.draw_rect(pymupdf.Rect(x, 200, x + side, 200 + side), width=0.8)
        if i == ticked:
            _cross(page, x, 200, side)
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    read = [b.attrs["checked"] if b else None for b in (_at(boxes, x, 200, side) for x in xs)]
    assert read == [i == ticked for i in range(5)]


def test_boxes_with_labels_between_are_no_comb(registry):
    """ "Yes [] No [] N/A []" with short gaps, the labels a third of a side from the
    next box: no comb, though the boxes stand closer than half a side... apart from
    their labels."""
    import pymupdf

    from formsift.plugins.segment.checkboxes import _comb_cells

    doc, page = _page()
    side, x, drawn = 14, 150, []
    for label in ("Y", "N", "?"):
        page.draw_rect(pymupdf.Rect(x, 200, x + side, 200 + side), width=0.8)
        page.insert_text((x + side + 1.5, 210), label, fontname="helv", fontsize=5)
        drawn.append(x)
        x += side + 6
    img = _scan(_render(page, 200), angle=0.0)
    doc.close()
    _, boxes = _segment(registry, img)
    assert [bool(_at(boxes, x, 200, side)) for x in drawn] == [True, True, True]
    # without looking at the ink between them, the same squares are a comb's cells
    h, w = img.shape[:2]
    squares = [(round(b.box.x0 * w), round(b.box.y0 * h), round(b.box.width * w),
                round(b.box.height * h)) for b in boxes]
    assert len(_comb_cells(squares)) == 3


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
@pytest.mark.parametrize("gap", [0.0, 0.2, 0.4])
def test_a_printed_or_handwritten_comb_stays_a_comb(registry, gap):
    """A comb's cells a fifth or more of their side apart, each with a character (printed
    or in a handwriting font; one left blank): no box found."""
    import pymupdf

    from formsift.samples.handwritten import _fonts

    doc, page = _page()
    side = 14
    hand = str(_fonts()[0])
    for row, (y, chars) in enumerate(((150, "4812AB"), (220, "07 3"))):
        for i, ch in enumerate(chars):
            x = 150 + i * side * (1 + gap)
            page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
            if ch == " ":
                continue
            if row == 0:
                page.insert_text((x + 4, y + 10.5), ch, fontname="helv", fontsize=10)
            else:
                page.insert_text((x + 3, y + 11), ch, fontname="hand", fontfile=hand,
                                 fontsize=12, color=INK)
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    assert boxes == []
