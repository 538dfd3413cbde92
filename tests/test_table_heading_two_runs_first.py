"""A pallet line printed (or read from a scan) as two runs of words above a packing list's
first row is that row's heading (GS1 receiving journey, stop 30's open item): "Pallet 1"
under the GTIN column, "SSCC 376123450000000019" under Description. Between rows such a
line was already a heading; above the first row it was left out as the header's second
line could be, so pallet 1's cartons had no pallet at all (an optional heading column:
accepted blank). The header's second line is set close under the header; a heading is
set apart from it, nearer its rows."""

from __future__ import annotations

from tests.test_table_heading_with_number import ROWS_1, ROWS_2, _extract, _packing_list

SSCCS = ["376123450000000019", "376123450000000026"]


def test_a_pallet_line_in_two_runs_above_the_first_row_is_its_heading(tmp_path):
    pallets = [([(40, "Pallet 1"), (150, f"SSCC {SSCCS[0]}")], ROWS_1),
               ([(40, "Pallet 2"), (150, f"SSCC {SSCCS[1]}")], ROWS_2)]
    _, rows = _extract(tmp_path, _packing_list(tmp_path, pallets), "(pattern=/\\d{18}/)?")
    assert [r[0] for r in rows] == [SSCCS[0]] * 2 + [SSCCS[1]] * 2
    assert [r[1] for r in rows] == [g for g, _, _ in ROWS_1 + ROWS_2]


def test_the_headers_second_line_in_two_runs_is_no_heading(tmp_path):
    """The guard: a second header line set close under the header ("(EAN-13)" under
    GTIN, "(as packed)" under Description) heads no row."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, head, sub in ((40, "GTIN", "(EAN-13)"), (150, "Description", "(as packed)"),
                         (300, "Qty", "")):
        page.insert_text((x, 80), head, fontsize=9, fontname="hebo")
        if sub:
            page.insert_text((x, 90), sub, fontsize=9, fontname="hebo")
    y = 108
    for row in ROWS_1:
        for x, value in zip((40, 150, 300), row, strict=True):
            page.insert_text((x, y), value, fontsize=9)
        y += 14
    page.insert_text((40, y + 10), "Total quantity: 36", fontsize=9)
    pdf = str(tmp_path / "sub.pdf")
    doc.save(pdf)
    _, rows = _extract(tmp_path, pdf, "?")
    assert [r[0] for r in rows] == [None, None]
    assert [r[1] for r in rows] == [g for g, _, _ in ROWS_1]
