"""The squares of a printed comb field (one character per ruled square: a postcode, a
date) are no checkboxes (stop 34's code read c, finding 1 of 16d60c8). A template with a
checkbox field runs the checkboxes segmenter on a scan; each of a comb's squares, inked by
its character, was found as a ticked box, the text line was cut at the boxes at its ends,
and "Postcode 4812AB" read "☒ ☒ 812A ☒ ☒" and was accepted (before the default pipeline
ran the segmenter with the text lines, it read "☒ 4812AB ☒"). Squares of one size side by
side on one line, closer than checkboxes set in a row are (their labels lie between
them), are a comb's cells: the segmenter leaves them out, and the text detector reads the
comb's characters. The pages are drawn here (PyMuPDF, rendered at 200 dpi)."""

from __future__ import annotations

import pytest

from formsift.plugins.ocr.models import INSTALL_HINT, models_available
from tests.test_checkbox_labels import _render, _scan, _segment

A4 = (595, 842)
YES_NO_X, YES_NO_Y, BOX = (150, 210), 171, 11


def comb_page(text: str = "4812AB", side: float = 14, pitch: float = 16,
              date: str = "07", scan: bool = True, dpi: int = 200):
    """A form with a comb field ``text`` (one character per square of ``side`` points,
    ``pitch`` apart) right of "Postcode", a 2-square comb ``date`` right of "Day", and a
    Yes/No pair of boxes ("Yes" ticked with a cross)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    page.insert_text((40, 60), "Site Inspection Record", fontname="hebo", fontsize=14)
    page.insert_text((40, 100), "Inspector: Maria Oliveira", fontname="helv", fontsize=10)
    for label, chars, y in (("Postcode", text, 128), ("Day", date, 218)):
        page.insert_text((40, y + 12), label, fontname="helv", fontsize=10)
        for i, ch in enumerate(chars):
            x = 110 + i * pitch
            page.draw_rect(pymupdf.Rect(x, y, x + side, y + side), width=0.8)
            page.insert_text((x + side / 2 - 3, y + side / 2 + 3.5), ch, fontname="helv",
                             fontsize=10)
    page.insert_text((40, YES_NO_Y + 9), "Area clean?", fontname="helv", fontsize=9)
    for k, label in enumerate(("Yes", "No")):
        x, y = YES_NO_X[k], YES_NO_Y
        page.draw_rect(pymupdf.Rect(x, y, x + BOX, y + BOX), width=0.8)
        page.insert_text((x + 16, y + 9), label, fontname="helv", fontsize=9)
        if k == 0:
            page.draw_line((x + 1.5, y + 1.5), (x + 9.5, y + 9.5), width=1.4)
            page.draw_line((x + 9.5, y + 1.5), (x + 1.5, y + 9.5), width=1.4)
    img = _render(page, dpi)
    doc.close()
    return _scan(img, angle=0.3) if scan else img


@pytest.mark.parametrize("scan", [False, True])
@pytest.mark.parametrize(("side", "pitch"), [(14, 16), (14, 17), (12, 15), (16, 18), (14, 20)])
def test_a_combs_squares_are_no_checkboxes(registry, scan, side, pitch):
    page, boxes = _segment(registry, comb_page(side=side, pitch=pitch, scan=scan))
    # only the Yes/No boxes: none of the comb's squares, though each holds ink
    found = sorted((round(b.box.x0 * A4[0]), round(b.box.y0 * A4[1]), b.attrs["checked"])
                   for b in boxes)
    in_combs = [(x, y) for x, y, _ in found
                if x >= 105 and (125 <= y <= 150 or 215 <= y <= 240)]
    assert in_combs == []
    yes_no = [ticked for x, y, ticked in found if abs(y - YES_NO_Y) < 3
              and any(abs(x - bx) < 3 for bx in YES_NO_X)]
    assert yes_no == [True, False]
    assert page.notes["checkboxes"]["comb_cells"] == 8  # left out: 6 + 2 cells


def test_checkboxes_in_a_row_with_labels_between_stay_checkboxes(registry):
    """Boxes of one size on one line set apart by their labels (the Yes/No pair, 60 pt
    apart; a row of boxes half a side apart is a comb, one side apart stays boxes)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=A4[0], height=A4[1])
    for k in range(5):  # boxes one side apart, each labelled by a digit above it
        x = 100 + k * 22
        page.insert_text((x + 3, 95), str(k + 1), fontname="helv", fontsize=9)
        page.draw_rect(pymupdf.Rect(x, 100, x + 11, 111), width=0.8)
    img = _scan(_render(page, 200), angle=0.3)
    doc.close()
    _, boxes = _segment(registry, img)
    assert len(boxes) == 5


@pytest.mark.skipif(not models_available(), reason=f"OCR models not installed ({INSTALL_HINT})")
def test_a_comb_field_is_read_whole_beside_checkbox_fields(registry, tmp_path):
    from formsift.core.engine import Engine
    from formsift.samples import encode_png

    t = tmp_path / "t.sift"
    t.write_text('template insp {\n'
                 '  field inspector: text = right of "Inspector:"\n'
                 '  field postcode: text = right of "Postcode"\n'
                 '  field clean_yes: checkbox = left of "Yes"\n'
                 '  field clean_no: checkbox = left of "No"\n'
                 '}\n')
    engine = Engine(registry=registry)
    record = engine.extract(encode_png(comb_page(scan=False)), t).record()
    assert record["postcode"] == "4812AB"
    assert (record["clean_yes"], record["clean_no"]) == (True, False)
    # scanned, the recognizer reads the cells' characters as words of their own ("4 8 1 2
    # A B", as with no checkbox field): none is lost nor a box
    record = engine.extract(encode_png(comb_page(scan=True)), t).record()
    assert record["postcode"].replace(" ", "") == "4812AB"
    assert (record["clean_yes"], record["clean_no"]) == (True, False)
