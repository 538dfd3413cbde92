"""Printed glyphs in boxes that were read as sure ticks, and a legend taken for an answer
(stop 36, measured on generated questionnaires: /tmp/f2s36/qforms.py):

1. A rating's printed "1" read unsurely (0.45 to 0.89, or "[1" with the frame's sliver)
   was a sure tick: a one-stroke character counted only when read surely. It is now a
   glyph read unsurely, as any other: ticked with confidence 0.1 (review).
2. A bold "Y" of a Yes/No question read "V" (a hand tick's reading) or nothing was a sure
   tick. A box whose ink, read as no glyph, is the same print as a box of its size read
   as a letter or digit is doubted so too.
3. A legend box printing "X" on a question's line ("Sex (mark [X]): [M] Male [F] Female")
   counted as the question's tick, so a small tick inside the "M" read surely not ticked.
   Only a mark reaching its frame vouches for a glyph box's partners now.

And what these do not change: a pen tick over a printed box glyph ("☐" of a font) reads
ticked, the glyph alone empty, surely (guards).

Pages are drawn with PyMuPDF and scanned (turned, blurred, noisy)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_comb_values_and_ticked_glyphs import _small_tick
from tests.test_checkbox_labels import _render, _scan, _segment
from tests.test_checkbox_printed_glyphs_and_tight_rows import _at, _page, _tick

pytestmark = pytest.mark.skipif(not models_available(),
                                reason=f"OCR models not installed ({INSTALL_HINT})")


def _glyph_box(page, x, y, side, ch, font="helv", scale=0.7):
    import pymupdf

    page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
    size = scale * side
    width = pymupdf.get_text_length(ch, fontname=font, fontsize=size)
    page.insert_text((x + (side - width) / 2, y + side / 2 + 0.36 * size), ch, fontname=font,
                     fontsize=size)


def _sure_ticks(registry, page, doc, drawn, side, dpi):
    img = _scan(_render(page, dpi), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    return [ch for x, y, ch in drawn if (b := _at(boxes, x, y, side)) is not None
            and b.attrs["checked"] and b.score >= 0.5]


@pytest.mark.parametrize(("font", "side", "dpi"),
                         [("tiro", 11, 300), ("tiro", 14, 150), ("cour", 14, 150)])
def test_a_ratings_printed_digits_are_no_sure_ticks(registry, font, side, dpi):
    """Four rating rows printing "1" to "5" in their boxes, none ticked: no box is read
    ticked surely (a "1" read unsurely was)."""
    doc, page = _page()
    drawn = []
    for row in range(4):
        y = 100 + 50 * row
        page.insert_text((40, y + 10), f"Question {row + 1}", fontname="helv", fontsize=9)
        for k, ch in enumerate("12345"):
            x = 150 + k * 2 * side
            _glyph_box(page, x, y, side, ch, font)
            drawn.append((x, y, ch))
    assert _sure_ticks(registry, page, doc, drawn, side, dpi) == []


@pytest.mark.parametrize(("side", "dpi"), [(12, 200), (16, 200)])
def test_bold_yes_no_letters_are_no_sure_ticks(registry, side, dpi):
    """Four Yes/No questions printing a bold "Y" and "N" in their boxes, none ticked: no
    box is read ticked surely (a "Y" read "V" or nothing was)."""
    doc, page = _page()
    drawn = []
    for row in range(4):
        y = 100 + 50 * row
        page.insert_text((40, y + 10), f"Question {row + 1}", fontname="helv", fontsize=9)
        for k, (ch, label) in enumerate((("Y", "Yes"), ("N", "No"))):
            x = 150 + 80 * k
            _glyph_box(page, x, y, side, ch, "hebo")
            page.insert_text((x + side + 5, y + 0.75 * side), label, fontname="helv",
                             fontsize=9)
            drawn.append((x, y, ch))
    assert _sure_ticks(registry, page, doc, drawn, side, dpi) == []


@pytest.mark.parametrize(("side", "dpi"), [(12, 200), (13, 200), (13, 300)])
def test_a_legend_on_the_questions_line_is_no_answer(registry, side, dpi):
    """"Sex (mark [X]): [M] Male [F] Female", the "M" ticked by a small tick inside its
    frame: the "M" is read ticked or doubted, never surely not ticked (the legend's
    printed "X" vouched for it)."""
    doc, page = _page()
    y = 129
    page.insert_text((40, y + 10), "Sex (mark", fontname="helv", fontsize=10)
    _glyph_box(page, 88, y, side, "X", scale=0.75)
    page.insert_text((88 + side + 3, y + 10), "):", fontname="helv", fontsize=10)
    for k, (ch, label) in enumerate((("M", "Male"), ("F", "Female"))):
        x = 130 + 70 * k
        _glyph_box(page, x, y, side, ch, scale=0.75)
        page.insert_text((x + side + 6, y + 10), label, fontname="helv", fontsize=10)
    _small_tick(page, 130, y, side, 0.8)
    img = _scan(_render(page, dpi), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    male = _at(boxes, 130, y, side)
    assert male is not None and (male.attrs["checked"] or male.score < 0.5), male


FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
         "/usr/share/fonts/truetype/freefont/FreeSerif.ttf"]


@pytest.mark.parametrize("dpi", [150, 200, 300])
def test_a_pen_tick_over_a_printed_box_glyph_is_ticked(registry, dpi):
    """"☐ Yes ☐ No" printed with a font's box glyph at 12 and 16 points, one box of each
    pair ticked by hand with a tick over the glyph (a small one inside it, or one
    reaching past it): that box is never read surely not ticked; the other is read not
    ticked (guard: the box glyph holds no ink inside, no glyph reading is involved)."""
    from pathlib import Path

    fonts = [f for f in FONTS if Path(f).is_file()]
    if not fonts:
        pytest.skip("no font with a box glyph (fonts-dejavu, fonts-freefont)")
    doc, page = _page()
    rows = []
    y = 100
    for font in fonts:
        for size in (12, 16):
            for k, mark in enumerate(("small", "big")):
                x = 150 + 150 * k
                page.insert_text((40, y), "Married?", fontname="helv", fontsize=10)
                page.insert_text((x, y), "☐", fontfile=font, fontname="box", fontsize=size)
                page.insert_text((x + 0.9 * size, y), "Yes", fontname="helv", fontsize=10)
                page.insert_text((x + 60, y), "☐", fontfile=font, fontname="box",
                                 fontsize=size)
                page.insert_text((x + 60 + 0.9 * size, y), "No", fontname="helv", fontsize=10)
                side = 0.6 * size  # the glyph's square, about
                top = y - 0.72 * size
                (_small_tick(page, x + 0.08 * size, top, side, 0.8) if mark == "small"
                 else _tick(page, x + 0.08 * size, top, side))
                rows.append((x + 0.08 * size, top, side, True))
                rows.append((x + 60 + 0.08 * size, top, side, False))
            y += 40
    img = _scan(_render(page, dpi), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    found = [(b, ticked) for x, top, side, ticked in rows
             if (b := _at(boxes, x, top, side)) is not None]
    assert len(found) >= 0.75 * len(rows)  # (a box not found: its field is empty)
    for b, ticked in found:
        if ticked:
            assert b.attrs["checked"] or b.score < 0.5, b
        else:
            assert not b.attrs["checked"] and b.score >= 0.5, b
