"""Two wrong values the checkboxes segmenter accepted (code read of 145763d and 7c683c7):

1. A comb field whose cells stand a little apart (as KYC forms print them) holding a
   short handwritten value ("7" in four cells, "12" in six) was read as a rating row
   ticked once or twice: the written characters read below a printed glyph's confidence
   and counted as marks. A row counts as ticked only where each mark reaches its frame or
   is a cross; a character sits clear of the frame, and the comb stays a comb.
2. A sex box printing "M" ticked by a slash or a small tick inside the frame read "M"
   surely and not ticked. A box read as a printed glyph is sure only where a partner box
   is ticked by a mark reaching its frame; otherwise it is doubted (review).

Pages are drawn with PyMuPDF and scanned (turned, blurred, noisy)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_labels import _render, _scan, _segment
from tests.test_checkbox_printed_glyphs_and_tight_rows import INK, _at, _cross, _page, _tick

needs_models = pytest.mark.skipif(not models_available(),
                                  reason=f"OCR models not installed ({INSTALL_HINT})")


@needs_models
@pytest.mark.parametrize("gap", [0.2, 0.3, 0.4])
def test_a_short_value_written_in_a_comb_a_little_apart_is_no_ticked_row(registry, gap):
    """House numbers "7" in four cells and "12" in six, in three handwriting fonts: no
    box found (comb cells), none read ticked."""
    import pymupdf

    from formsift.samples.handwritten import _fonts

    side = 14
    for font in _fonts()[:3]:
        doc, page = _page()
        for y, chars in ((150, "7   "), (220, "12    ")):
            page.insert_text((60, y + 10), "House no.", fontname="helv", fontsize=9)
            for i, ch in enumerate(chars):
                x = 150 + i * side * (1 + gap)
                page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
                if ch != " ":
                    page.insert_text((x + 3, y + 11), ch, fontname="hand",
                                     fontfile=str(font), fontsize=12, color=INK)
        img = _scan(_render(page, 200), angle=0.3)
        doc.close()
        _, boxes = _segment(registry, img)
        assert boxes == [], font.parent.name


@pytest.mark.parametrize("gap", [0.2, 0.4])
def test_a_rating_row_crossed_clear_of_the_frame_stays_a_ticked_row(registry, gap):
    """A neat cross drawn inside a box, clear of its frame, in a rating row set close:
    a ticked row, not a comb (guard)."""
    import pymupdf

    doc, page = _page()
    side = 12
    xs = [150 + i * side * (1 + gap) for i in range(5)]
    for i, x in enumerate(xs):
        page.draw_rect(pymupdf.Rect(x, 200, x + side, 200 + side), width=0.8)
        if i == 1:
            _cross(page, x, 200, side, a=0.27)
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    read = [b.attrs["checked"] if b else None for b in (_at(boxes, x, 200, side) for x in xs)]
    assert read == [i == 1 for i in range(5)]


def _slash(page, x, y, s, w):
    page.draw_line((x + 0.65 * s, y + 0.22 * s), (x + 0.38 * s, y + 0.78 * s), color=INK,
                   width=w)


def _small_tick(page, x, y, s, w):
    page.draw_polyline([(x + 0.25 * s, y + 0.55 * s), (x + 0.42 * s, y + 0.75 * s),
                        (x + 0.78 * s, y + 0.25 * s)], color=INK, width=w)


def _sex_pair(page, y, side, marks):
    """Boxes printing "M" and "F" on one line; ``marks``: letter -> how it is marked."""
    import pymupdf

    for k, ch in enumerate("MF"):
        x = 150 + 60 * k
        page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
        size = 0.75 * side
        width = pymupdf.get_text_length(ch, fontname="helv", fontsize=size)
        page.insert_text((x + (side - width) / 2, y + side / 2 + 0.36 * size), ch,
                         fontname="helv", fontsize=size)
        if ch in marks:
            marks[ch](page, x, y, side)


@needs_models
@pytest.mark.parametrize(("side", "dpi"), [(12, 200), (14, 300), (16, 150)])
@pytest.mark.parametrize("mark", [_slash, _small_tick])
def test_a_small_mark_over_a_printed_letter_is_no_sure_empty_box(registry, side, dpi, mark):
    """The "M" ticked by a thin slash or a small tick inside the frame (pen 0.5 and 1.0
    points, two pairs a page): read ticked, or doubted (confidence under 0.5), never
    surely not ticked; the untouched "F" is not read ticked."""
    doc, page = _page()
    for row, width in enumerate((0.5, 1.0)):
        _sex_pair(page, 100 + 40 * row, side,
                  {"M": lambda p, x, y, s, w=width: mark(p, x, y, s, w)})
    img = _scan(_render(page, dpi), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    for row in range(2):
        male, female = (_at(boxes, 150 + 60 * k, 100 + 40 * row, side) for k in range(2))
        assert male.attrs["checked"] or male.score < 0.5, (row, male)
        assert not female.attrs["checked"] or female.score < 0.5, (row, female)


@needs_models
def test_the_printed_letter_beside_a_ticked_box_is_surely_not_ticked(registry):
    """A big tick over the "M" box's frame: "M" ticked, and the "F" beside it (nothing but
    its letter) read not ticked at the glyph's confidence, not sent to review."""
    doc, page = _page()
    _sex_pair(page, 100, 13, {"M": _tick})
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    male, female = (_at(boxes, 150 + 60 * k, 100, 13) for k in range(2))
    assert male.attrs["checked"] and male.score >= 0.5
    assert female.attrs.get("glyph") == "F" and not female.attrs["checked"]
    assert female.score >= 0.9


@needs_models
@pytest.mark.parametrize(("side", "dpi"), [(11, 200), (14, 200), (12, 300), (16, 150)])
def test_a_printed_letter_or_digit_alone_in_a_box_is_no_sure_tick(registry, side, dpi):
    """Boxes printing only a letter or a digit (Helvetica, Times, Courier): none read
    ticked surely; a glyph the recognizer reads unsurely (a small "3" at 0.5-0.9) is
    doubted, not a tick (it read ticked at 1.0)."""
    import pymupdf

    doc, page = _page()
    drawn = []
    for row, font in enumerate(("helv", "tiro", "cour")):
        for k, ch in enumerate("MF3152A4"):
            x, y = 60 + 60 * k, 100 + 50 * row
            page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
            size = 0.75 * side
            width = pymupdf.get_text_length(ch, fontname=font, fontsize=size)
            page.insert_text((x + (side - width) / 2, y + side / 2 + 0.36 * size), ch,
                             fontname=font, fontsize=size)
            drawn.append((x, y, ch))
    img = _scan(_render(page, dpi), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    sure_ticks = [(ch, b.score) for x, y, ch in drawn
                  if (b := _at(boxes, x, y, side)) is not None
                  and b.attrs["checked"] and b.score >= 0.5]
    assert sure_ticks == []
