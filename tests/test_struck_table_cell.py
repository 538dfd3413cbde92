"""A table cell struck through by hand, its row standing, goes to review (purchase-order
journey JS: a printed quantity 12 struck through by a short pen line, 25 written beside it;
read '2' at 0.75, no word of the strike, and with no line-total rule the PO was accepted
with quantity 2). A stroke over a value of two digits is shorter than the page's strokes
(``struck.MIN_LENGTH``), and the row's other cells are not struck (a row is left out only
when most of its cells are): the cell now gets an ``invalid_value`` reason naming its row,
column and struck word, its confidence capped at 0.5. Guards: the same table without the
strike is accepted, and so is a ruled table (rules between the rows, one through no cell);
a row struck through whole is still left out of the rows. Pages drawn here (born-digital,
and the same page as a 200 dpi scan)."""

from __future__ import annotations

from typing import Any

import pytest

from formsift.core.result import Status

TEMPLATE = """template po {
  match { contains "PURCHASE ORDER" }
  field net: money = right of "Subtotal"
  table lines {
    item: id header "Part No."
    description: text header "Description"
    qty: decimal header "Qty"
    unit_price: money header "Unit Cost"
    line_total: money header "Amount"
    until "Subtotal"
  }
  rule sum_lines: sum(lines.line_total) == net
}"""

ROWS = [("GR-53390", "Hex bolt M8x40", "2", "695.24", "1,390.48"),
        ("GR-12946", "Filter cartridge", "12", "485.78", "5,829.36"),
        ("GR-26100", "Shaft coupling", "12", "2,241.80", "26,901.60")]
NET = "34,121.44"
HAND = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
#: Left edge of each column, and whether it is flush right (to the next column's edge).
XS = (40.0, 130.0, 330.0, 400.0, 470.0, 555.0)
NUMERIC = (False, False, True, True, True)


def order(strike: str | None = None, ruled: bool = False) -> bytes:
    """A born-digital purchase order (PDF bytes), its table of ROWS; ``strike``: "cell"
    strikes row 2's quantity by a short pen line and writes 25 beside it, "row" strikes
    row 2 through whole; ``ruled``: rules under the header and between the rows."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 80), "PURCHASE ORDER", fontsize=16, fontname="hebo")
    heads = ("Part No.", "Description", "Qty", "Unit Cost", "Amount")
    size, y = 8.5, 240.0

    def put(text: str, i: int, at: float, font: str = "helv") -> float:
        x = XS[i + 1] - 4 - pymupdf.get_text_length(text, fontname=font, fontsize=size) \
            if NUMERIC[i] else XS[i] + 2
        page.insert_text((x, at), text, fontsize=size, fontname=font)
        return x

    for i, head in enumerate(heads):
        put(head, i, y, "hebo")
    page.draw_line((40, y + 4), (555, y + 4), width=0.8)
    y += 18
    pen = (0.05, 0.05, 0.45)
    for n, row in enumerate(ROWS):
        for i, text in enumerate(row):
            x = put(text, i, y)
            if strike == "cell" and n == 1 and i == 2:
                page.draw_line((x - 2, y - 3), (XS[3] - 2, y - 3.4), color=pen, width=1.1)
                page.insert_font(fontname="hand", fontfile=HAND)
                page.insert_text((x - 22, y + 2), "25", fontsize=12, fontname="hand",
                                 color=pen)
        if strike == "row" and n == 1:
            page.draw_line((38, y - 3), (550, y - 3.6), color=pen, width=1.2)
        if ruled:
            page.draw_line((40, y + 7), (555, y + 7), width=0.4)
        y += 20
    page.insert_text((380, y + 10), "Subtotal", fontsize=9, fontname="hebo")
    net = NET if strike != "row" else "28,292.08"
    page.insert_text((551 - pymupdf.get_text_length(net, fontname="helv", fontsize=9),
                      y + 10), net, fontsize=9, fontname="helv")
    return doc.tobytes()


def _scan(data: bytes) -> bytes:
    from formsift.plugins.ocr.models import models_available
    from formsift.samples import encode_png, render_scan

    if not models_available():
        pytest.skip("OCR models not installed")
    return encode_png(render_scan(data, dpi=200, degrade="all", seed=1)[0])


def _extract(tmp_path: Any, data: bytes, name: str) -> Any:
    from formsift import Engine

    (tmp_path / "t.sift").write_text(TEMPLATE)
    (tmp_path / name).write_bytes(data)
    return Engine(templates=[tmp_path / "t.sift"], seen_store="memory").extract(
        tmp_path / name)


@pytest.mark.parametrize("scan", [False, True], ids=["pdf", "scan"])
def test_a_struck_quantity_with_its_correction_beside_it_goes_to_review(tmp_path, scan):
    data = order(strike="cell")
    result = _extract(tmp_path, _scan(data) if scan else data, "o.png" if scan else "o.pdf")
    assert result.status is Status.REVIEW, result.reasons
    said = [r for r in result.reasons if r.code == "invalid_value"]
    assert [(r.field, r.rows) for r in said] == [("lines.qty", [1])], result.reasons
    assert "row 2 'qty'" in said[0].message and "struck through" in said[0].message
    assert len(result.tables["lines"]) == 3  # the row stands
    assert result.tables["lines"][1]["qty"].confidence <= 0.5


@pytest.mark.parametrize("ruled", [False, True], ids=["plain", "ruled"])
def test_a_table_without_a_strike_keeps_its_status(tmp_path, ruled):
    result = _extract(tmp_path, order(ruled=ruled), "o.pdf")
    assert result.status is Status.ACCEPTED, result.reasons
    assert [str(r["qty"].value) for r in result.tables["lines"]] == ["2", "12", "12"]


def test_a_row_struck_through_whole_is_still_left_out(tmp_path):
    result = _extract(tmp_path, order(strike="row"), "o.pdf")
    assert [r["item"].value for r in result.tables["lines"]] == ["GR-53390", "GR-26100"]
    assert not [r for r in result.reasons if r.code == "invalid_value"], result.reasons
    assert result.status is Status.ACCEPTED, result.reasons


def test_letters_bars_that_run_together_strike_nothing():
    """Code read r8 of 8f7b08f: a clean printed "ea" on a blurred 200 dpi scan (the e's
    bar run into the a) and a handwritten "74" (the 7's cross-bar into the 4's) were taken
    for struck cells: a level run of ink within the letters' own columns strikes nothing;
    a pen's line runs on past them, even where OCR's box holds its end ("+2")."""
    import numpy as np

    from formsift.templates.struck import Stroke
    from formsift.templates.struck_values import _overshoots

    w = h = 1000
    box = np.zeros((30, 60), bool)  # a word's box at column 100, row 500 of the page
    box[2:28, 10:14] = box[2:28, 46:50] = True  # two letters' stems
    bar = Stroke(x0=0.110, x1=0.150, y0=0.515, slope=0.0)  # from stem to stem
    assert not _overshoots(box, bar, 100, 500, w, h)
    struck = box.copy()
    struck[14:17, 2:58] = True  # a pen's line from the box's edge to its edge
    strike = Stroke(x0=0.102, x1=0.158, y0=0.515, slope=0.0)
    assert _overshoots(struck, strike, 100, 500, w, h)
