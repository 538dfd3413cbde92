"""A section line between a table's rows that carries a number is the next section's
heading, not the rest of the row above (GS1 packing-list journey, finding 1). A packing
list prints "Pallet 2  SSCC 376123450000000026" above the second pallet's cartons: its
words under the GTIN column do not read as a GTIN (and a GTIN is printed whole on its
line), its digits under Description start with a digit. The line was joined to the row
above as a wrapped line: the description became "Rice 376123450000000026", the words
under the GTIN column were dropped silently, every row kept pallet 1, accepted. A bare
SSCC under the GTIN column vanished the same way."""

from __future__ import annotations

import pytest

from formsift.core.engine import Engine
from formsift.core.result import Status

TEMPLATE = '''template pallets {
  table items {
    pallet: text%s heading
    gtin: id(/\\d{13}/) header "GTIN"
    description: text header "Description"
    qty: int header "Qty"
    until "Total quantity"
  }
}'''


def _packing_list(path, pallets, xs=(40, 150, 300), row_x=None) -> str:
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_text((40, 50), "Packing list", fontsize=9)
    for x, head in zip(xs, ("GTIN", "Description", "Qty"), strict=True):
        page.insert_text((x, 80), head, fontsize=9, fontname="hebo")
    y = 100
    for pallet, rows in pallets:
        for x, part in ([(40, pallet)] if isinstance(pallet, str) else pallet):
            page.insert_text((x, y), part, fontsize=9, fontname="hebo")
        y += 14
        for row in rows:
            if len(row) == 1:  # a description's wrapped line, set tight under its row
                page.insert_text((xs[1], y - 3), row[0], fontsize=9)
                y += 11
                continue
            for x, value in zip(row_x or xs, row, strict=True):
                page.insert_text((x, y), value, fontsize=9)
            y += 14
    total = sum(int(r[2]) for _, rows in pallets for r in rows if len(r) == 3)
    page.insert_text((40, y + 10), f"Total quantity: {total}", fontsize=9)
    out = str(path / "pl.pdf")
    doc.save(out)
    return out


ROWS_1 = [("4012345678901", "Olive oil", "12"), ("4012345678918", "Rice", "24")]
ROWS_2 = [("4012345678925", "Honey", "6"), ("4012345678932", "Salt", "48")]


def _extract(tmp_path, pdf, pattern=""):
    tpl = tmp_path / "pl.sift"
    tpl.write_text(TEMPLATE % pattern, encoding="utf-8")
    result = Engine(seen_store="memory").extract(pdf, template=str(tpl))
    rows = [(r["pallet"].value if r["pallet"] is not None else None,
             r["gtin"].value if r["gtin"] is not None else None,
             r["description"].value if r["description"] is not None else None)
            for r in result.tables["items"]]
    return result, rows


@pytest.mark.parametrize("label", ["Pallet {n}  SSCC {sscc}", "SSCC {sscc}", "Lot {n} {sscc}"])
def test_a_pallet_line_with_its_sscc_is_the_next_heading(tmp_path, label):
    ssccs = ["376123450000000019", "376123450000000026"]
    pallets = [(label.format(n=i + 1, sscc=s), rows)
               for i, (s, rows) in enumerate(zip(ssccs, (ROWS_1, ROWS_2), strict=True))]
    result, rows = _extract(tmp_path, _packing_list(tmp_path, pallets), "(pattern=/\\d{18}/)")
    assert [r[0] for r in rows] == [ssccs[0]] * 2 + [ssccs[1]] * 2
    assert [r[2] for r in rows] == ["Olive oil", "Rice", "Honey", "Salt"]
    assert result.status is Status.ACCEPTED


def test_a_pallet_line_in_two_runs_of_words_is_no_row(tmp_path):
    """Between rows, "Pallet 2" under the GTIN column, "SSCC ..." under Description, set
    apart (as a scan splits the line): no row with blank numbers, the next heading.
    (Before the first row such a line is left out as the header's second line could be.)"""
    ssccs = ["376123450000000019", "376123450000000026"]
    pallets = [(f"Pallet 1 SSCC {ssccs[0]}", ROWS_1),
               ([(40, "Pallet 2"), (150, f"SSCC {ssccs[1]}")], ROWS_2)]
    result, rows = _extract(tmp_path, _packing_list(tmp_path, pallets), "(pattern=/\\d{18}/)")
    assert [r[0] for r in rows] == [ssccs[0]] * 2 + [ssccs[1]] * 2
    assert [r[1] for r in rows] == [g for g, _, _ in ROWS_1 + ROWS_2]
    assert result.status is Status.ACCEPTED


def test_a_bare_sscc_under_the_gtin_column_is_the_next_heading(tmp_path):
    """The SSCC alone, printed under the GTIN column (heading4 of the journey)."""
    pallets = [("376123450000000019", ROWS_1), ("376123450000000026", ROWS_2)]
    pdf = _packing_list(tmp_path, pallets, xs=(40, 180, 330), row_x=(50, 180, 330))
    _, rows = _extract(tmp_path, pdf, "(pattern=/\\d{18}/)")
    assert [r[0] for r in rows] == ["376123450000000019"] * 2 + ["376123450000000026"] * 2
    assert [r[1] for r in rows] == [g for g, _, _ in ROWS_1 + ROWS_2]


def test_without_a_heading_column_the_line_joins_no_row(tmp_path):
    """No heading column: the pallet line is left out, no part of the row above."""
    pallets = [("Pallet 1  SSCC 376123450000000019", ROWS_1),
               ("Pallet 2  SSCC 376123450000000026", ROWS_2)]
    tpl = tmp_path / "t.sift"
    tpl.write_text((TEMPLATE % "").replace("    pallet: text heading\n", ""),
                   encoding="utf-8")
    result = Engine(seen_store="memory").extract(_packing_list(tmp_path, pallets),
                                                 template=str(tpl))
    assert [r["description"].value for r in result.tables["items"]] == \
        ["Olive oil", "Rice", "Honey", "Salt"]


def test_a_wrapped_description_still_joins(tmp_path):
    """The guard: a description's second line starting with a digit, under the
    Description column alone, is still the rest of the row above."""
    pallets = [("Pallet 1", [("4012345678901", "Olive oil", "12"),
                             ("4012345678918", "Rice basmati", "24"), ("5 kg bag",),
                             ("4012345678925", "Honey", "6")])]
    _, rows = _extract(tmp_path, _packing_list(tmp_path, pallets))
    assert [r[2] for r in rows] == ["Olive oil", "Rice basmati 5 kg bag", "Honey"]
