"""Follow-up of the printed-glyph checkboxes (145763d):

1. A letter written with a broad pen on a text line ("B-KL 4471") was taken for a ticked
   box: dark all over inside, it was read as a filled box, whose frame's thinness is not
   asked; its "☒" replaced the letter in the text value. A filled box is now inked to its
   four corners and stands clear of other ink.
2. A careful pen cross drawn over a printed "M" still reads "M": a box read as a printed
   glyph with more ink than the same glyph in the page's other boxes, or with no box to
   compare it with, is doubted (a confidence that sends its field to review).
3. A comb whose cells are a little apart, some characters read as printed glyphs, some
   not, a cell or two blank, or three marks in eight cells, was taken for a ticked row.
"""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_labels import _render, _scan, _segment
from tests.test_checkbox_printed_glyphs_and_tight_rows import _at, _cross, _page

PEN = (0.05, 0.05, 0.3)


@pytest.mark.parametrize("dpi", [150, 200])
def test_letters_written_with_a_broad_pen_are_no_boxes(registry, dpi):
    """B, D, O, 0, 8, P, R, Q in each handwriting font, 18 points, a broad pen, on a line
    after its label, and real boxes beside them (empty, crossed, filled in)."""
    import pymupdf

    from formsift.samples.handwritten import _fonts

    doc, page = _page()
    real, y, side = [], 40.0, 11
    for k, font in enumerate(_fonts()):
        page.insert_text((40, y + 14), "Reg:", fontname="helv", fontsize=9)
        x = 80.0
        for ch in "BDO08PRQ":
            page.insert_text((x, y + 14), ch, fontfile=str(font), fontname=f"f{k}",
                             fontsize=18, color=PEN, fill=PEN, render_mode=2,
                             border_width=0.14)
            x += 16
        for kind in ("empty", "cross", "filled"):
            x += 20
            page.draw_rect(pymupdf.Rect(x, y + 3, x + side, y + 3 + side), width=0.8)
            if kind == "cross":
                _cross(page, x, y + 3, side)
            for t in range(2, 10) if kind == "filled" else ():  # filled in by hand
                page.draw_line((x + 1, y + 3 + t), (x + side - 1, y + 3.5 + t), width=1.6,
                               color=PEN)
            real.append((kind, x, y + 3))
            x += side
        y += 40
    img = _render(page, dpi)
    doc.close()
    _, boxes = _segment(registry, img)
    hits = [_at(boxes, x, yy, side) for _, x, yy in real]
    assert [h is not None and h.attrs["checked"] for h in hits] == \
        [kind != "empty" for kind, _, _ in real]
    assert len(boxes) == len(real)  # no letter taken for a box


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_pen_cross_over_a_printed_letter_is_no_sure_empty_box(registry):
    """Sex boxes "M" and "F" in three rows (the "F" ticked over the frame; the "M"
    crossed by a careful pen, clear of the frame; neither), and one "M" box alone on a
    page: the crossed box, the untouched pair and the lone box are not read surely empty;
    the "M" beside the ticked "F" is."""
    import pymupdf

    from tests.test_checkbox_printed_glyphs_and_tight_rows import _tick

    def sex_boxes(page, y, marked):
        for x, ch in ((150, "M"), (250, "F")):
            page.draw_rect(pymupdf.Rect(x, y, x + 14, y + 14), width=0.8)
            page.insert_text((x + 2.5, y + 11), ch, fontname="helv", fontsize=10.5)
            page.insert_text((x + 20, y + 10), "Male" if ch == "M" else "Female",
                             fontname="helv", fontsize=9)
            if marked == ch:
                (_tick(page, x, y, 14) if ch == "F" else _cross(page, x, y, 14, a=0.27))

    doc, page = _page()
    for row, marked in enumerate("FM "):
        sex_boxes(page, 150 + 60 * row, marked)
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    crossed = _at(boxes, 150, 210, 14)
    assert crossed.attrs["checked"] or crossed.score < 0.5
    male, female = _at(boxes, 150, 150, 14), _at(boxes, 250, 150, 14)
    assert female.attrs["checked"] and female.score >= 0.5
    assert male.attrs.get("glyph") == "M" and not male.attrs["checked"] and male.score >= 0.9
    for x, ch in ((150, "M"), (250, "F")):
        box = _at(boxes, x, 270, 14)
        assert box.attrs.get("glyph") == ch and not box.attrs["checked"] and box.score < 0.5
    doc, page = _page()
    page.draw_rect(pymupdf.Rect(150, 150, 164, 164), width=0.8)
    page.insert_text((152.5, 161), "M", fontname="helv", fontsize=10.5)
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    lone = _at(boxes, 150, 150, 14)
    assert lone.attrs.get("glyph") == "M" and lone.score < 0.5


def _row(n, side=20, gap=4):
    return [(100 + i * (side + gap), 200, side, side) for i in range(n)]


@pytest.mark.parametrize(("n", "marked", "glyphs", "clear", "comb"), [
    (6, [1], [0, 2, 3], [], True),  # some cells read as glyphs, one not, two blank
    (9, [0, 3, 5], [], [], True),  # three marks in nine: a comb a third filled
    (5, [2], [], [], False),  # a rating ticked once
    (5, [3], [0, 1, 2, 4], [], False),  # a rating printed in its boxes, ticked once
    (6, [0, 4], [], [], False),  # two ticks in six, reaching their frames
    (6, [0, 1], [], [0, 1], True),  # "12" written clear of the frames in six cells
    (4, [0], [], [0], True),  # "7" in four cells
])
def test_a_comb_a_little_apart_is_no_ticked_row(n, marked, glyphs, clear, comb):
    from formsift.plugins.segment.checkboxes import _comb_cells

    row = _row(n)
    cells = _comb_cells(row, None, [row[i] for i in marked], [row[i] for i in glyphs],
                        [row[i] for i in clear])
    assert cells == (set(row) if comb else set())
